// "My office" and "my contract": remembered in this browser only, and used to put what applies
// to the reader first in tailored lists ([data-portal-tailor]: the benefits catalogue, a team's
// procedures and pages) and in search results. The rest stays one click away, marked as not
// for the reader's office or contract. Tailoring only: every page stays readable by everyone.
(() => {
  const KEY = "portal.profile";
  // The page's language's words (theme/labels.yml, via main.html).
  const labels = JSON.parse(document.getElementById("portal-labels").textContent);
  const locale = JSON.parse(document.getElementById("portal-locale").textContent);
  const NOT_FOR = { office: labels.not_for_office, contract: labels.not_for_contract, both: labels.not_for_office_or_contract };

  function read() {
    try { return JSON.parse(localStorage.getItem(KEY)) || {}; } catch { return {}; }
  }

  function save(profile) {
    try { localStorage.setItem(KEY, JSON.stringify(profile)); } catch { /* private mode: tailor this page only */ }
  }

  // What of the profile an item does not match: "office", "contract", "both", or "" when it
  // applies. An item without offices (or contracts) applies to every office (or contract).
  function misses(profile, locations, contracts) {
    const office = Boolean(profile.office && locations.length && !locations.includes(profile.office));
    const contract = Boolean(profile.contract && contracts.length && !contracts.includes(profile.contract));
    return office && contract ? "both" : office ? "office" : contract ? "contract" : "";
  }

  const ids = (text) => (text || "").split(/\s+/).filter(Boolean);

  function badge(what) {
    const mark = document.createElement("span");
    mark.className = "portal-not-mine__badge";
    mark.textContent = NOT_FOR[what];
    return mark;
  }

  function tailor(list, profile) {
    list.querySelectorAll(":scope > .portal-not-mine__toggle").forEach((button) => button.remove());
    const items = [...list.children].filter((el) => el.hasAttribute("data-locations"));
    items.forEach((el, n) => { if (!el.dataset.order) el.dataset.order = String(n); });
    items.sort((a, b) => a.dataset.order - b.dataset.order);
    const mine = [], others = [];
    for (const el of items) {
      el.querySelectorAll(":scope > .portal-not-mine__badge").forEach((mark) => mark.remove());
      el.classList.remove("portal-not-mine");
      el.hidden = false;
      const what = misses(profile, ids(el.dataset.locations), ids(el.dataset.contracts));
      if (what) {
        el.classList.add("portal-not-mine");
        el.prepend(badge(what));
        el.hidden = true;
        others.push(el);
      } else {
        mine.push(el);
      }
    }
    list.append(...mine);
    if (others.length) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "portal-not-mine__toggle md-button";
      button.textContent = labels.show_more.replace("{n}", new Intl.NumberFormat(locale).format(others.length));
      button.addEventListener("click", () => { others.forEach((el) => { el.hidden = false; }); button.remove(); });
      list.append(button);
    }
    list.append(...others);
  }

  function apply() {
    const profile = read();
    document.querySelectorAll("[data-portal-tailor]").forEach((list) => tailor(list, profile));
    document.querySelectorAll("form[data-portal-profile]").forEach((form) => {
      form.elements.office.value = profile.office || "";
      form.elements.contract.value = profile.contract || "";
    });
  }

  document.querySelectorAll("form[data-portal-profile]").forEach((form) => {
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("change", () => {
      save({ office: form.elements.office.value, contract: form.elements.contract.value });
      apply();
    });
  });
  apply();

  // For search results: what a result does not match, and the mark that says so.
  window.portalProfile = { read, misses: (locations, contracts) => misses(read(), locations || [], contracts || []), badge };
})();
