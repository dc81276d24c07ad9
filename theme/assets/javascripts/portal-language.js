// The language an employee picks in the switcher is remembered in this browser. Arriving at
// the portal from elsewhere (a bookmark, a link in an email) in another language sends them
// to the same page in theirs; moving within the portal, e.g. to read an original, does not.
//
// A pick in the switcher keeps the page (and the place on it). Material's own switcher script
// would look the page up in the language's sitemap.xml, which lists no page unless the site's
// address is configured, and so send the reader to the language's home once that sitemap had
// loaded: it does not see these clicks. The language's home is the fallback only when the page
// is not in that language's site.
(() => {
  const KEY = "portal.language";
  const links = [...document.querySelectorAll("a.portal-language[hreflang]")];
  const home = (lang) => document.querySelector(`link[rel=alternate][hreflang="${lang}"]`)?.href;
  const remember = (lang) => {
    try { localStorage.setItem(KEY, lang); } catch { /* private mode: nothing to remember */ }
  };
  links.forEach((link) => link.addEventListener("click", (event) => {
    remember(link.hreflang);
    event.stopPropagation();
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const target = link.href.split("#")[0] + location.hash;
    const fallback = home(link.hreflang);
    fetch(link.href, { method: "HEAD" })
      .then((response) => location.assign(response.status === 404 && fallback ? fallback : target))
      .catch(() => location.assign(target));  // e.g. opened from files: the link is the best guess
  }));
  let wanted = null;
  try { wanted = localStorage.getItem(KEY); } catch { return; }
  const here = document.documentElement.lang;
  let fromHere = false;
  try { fromHere = document.referrer !== "" && new URL(document.referrer).origin === location.origin; } catch { /* no referrer */ }
  const target = links.find((link) => link.hreflang === wanted);
  if (wanted && wanted !== here && !fromHere && target) location.replace(target.href.split("#")[0] + location.hash);
})();
