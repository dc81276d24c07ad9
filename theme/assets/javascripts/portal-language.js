// The language an employee picks in the switcher is remembered in this browser. Arriving at
// the portal from elsewhere (a bookmark, a link in an email) in another language sends them
// to the same page in theirs; moving within the portal, e.g. to read an original, does not.
(() => {
  const KEY = "portal.language";
  const links = [...document.querySelectorAll("a.portal-language[hreflang]")];
  links.forEach((link) => link.addEventListener("click", () => {
    try { localStorage.setItem(KEY, link.hreflang); } catch { /* private mode: nothing to remember */ }
  }));
  let wanted = null;
  try { wanted = localStorage.getItem(KEY); } catch { return; }
  const here = document.documentElement.lang;
  let fromHere = false;
  try { fromHere = document.referrer !== "" && new URL(document.referrer).origin === location.origin; } catch { /* no referrer */ }
  const target = links.find((link) => link.hreflang === wanted);
  if (wanted && wanted !== here && !fromHere && target) location.replace(target.href);
})();
