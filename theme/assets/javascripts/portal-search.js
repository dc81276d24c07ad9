/* The portal's search in the browser: the page's part.
 *
 * It answers from the static files under search/portal/ (see generator/export.py): the
 * manifest, then per query word one lexicon shard and per index term one postings shard,
 * then the few documents it shows. Planning and ranking are portal-search-core.js's (loaded
 * before this file), which plans a query exactly as generator/search.py `plan` does and sums
 * the exported BM25F impacts, so its ranking is `portal search`'s ranking. This file fetches
 * the files and shows the answer. Any static file server will do: there is no server-side code.
 */
(() => {
  "use strict";

  const root = document.querySelector("[data-portal-search]");
  // The interface words of the page's language (theme/labels.yml, via main.html).
  const labels = JSON.parse(document.getElementById("portal-labels").textContent);
  const label = (key) => labels[key];
  // Numbers as the generator writes them on this page: its locale and numbering system (main.html).
  const locale = JSON.parse(document.getElementById("portal-locale").textContent);
  const number = (n) => new Intl.NumberFormat(locale).format(n);
  const count = (key, n) => {
    const forms = labels[key];
    return (forms[new Intl.PluralRules(locale).select(n)] || forms.other).replace("{n}", number(n));
  };
  if (!root) return;
  const indexBase = new URL(root.dataset.index, location.href);
  const siteBase = new URL(root.dataset.site.replace(/\/?$/, "/"), location.href);
  const input = root.querySelector(".md-search__input");
  const toggle = document.getElementById("__search");
  const meta = root.querySelector(".md-search-result__meta");
  const list = root.querySelector(".md-search-result__list");
  const facetsBox = root.querySelector(".portal-search__facets");
  const cardsBox = root.querySelector(".portal-search__cards");
  const fallbackBox = root.querySelector(".portal-search__fallback");
  const unmatchedBox = root.querySelector(".portal-search__unmatched");

  // portal-search-core.js: planning and ranking.
  const core = window.portalSearchCore;

  // Every file is gzipped JSON. A server that sends it with Content-Encoding has unpacked it
  // already; otherwise the browser's own DecompressionStream does, over the bytes as a Response's
  // body (a Blob's stream would go through the browser's blob store: several times slower).
  const unpack = async (response) => {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(bytes));
    return new Response(new Response(bytes).body.pipeThrough(new DecompressionStream("gzip"))).json();
  };

  // The Snowball stemmer the index was made with (generator/search/analysis.py): the page's own
  // language's comes in the same script (search/portal/search.js, generator/search/script.py);
  // another's (a translated site's original) is imported from the site's
  // assets/javascripts/snowball/<name>-stemmer.js when that index's manifest names it.
  const stemmerFor = async (name) => {
    const Stemmer = (window.portalStemmers || {})[name]
      || (await import(new URL(`assets/javascripts/snowball/${name}-stemmer.js`, siteBase).href)).default;
    const stemmer = new Stemmer();
    return (word) => stemmer.stemWord(word);
  };

  // One language's index: this site's, and on a translated site the original language's
  // (its manifest says where), searched second for what is not translated yet. This site's
  // manifest came in the same script (search/portal/search.js): it is not fetched again.
  const openIndex = (base, manifest = null) => core.openIndex((path) => (path === "manifest" && manifest
    ? Promise.resolve(manifest)
    : fetch(new URL(`${path}.json.gz`, base)).then((response) => {
      if (!response.ok) throw new Error(`${path}: ${response.status}`);
      return unpack(response);
    })), stemmerFor);

  const own = openIndex(indexBase, window.portalSearchManifest);
  let originalIndex = null;
  const indexes = async () => {
    const m = await own.manifest();
    if (m.original) originalIndex ??= openIndex(new URL(m.original.index, indexBase));
    return originalIndex ? [own, originalIndex] : [own];
  };

  const rank = async (query, filters, want) => core.rank(await indexes(), query, filters, want);

  /* What the page shows ------------------------------------------------------------------- */

  const element = (tag, attributes = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === "class") node.className = value; else node.setAttribute(name, value);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  };

  // The window of text around the first matched word, with matched words marked.
  function snippet(text, stems, m) {
    const { text: window, spans } = core.snippet(text, stems, m);
    const p = element("p");
    let last = 0;
    for (const [start, end] of spans) {
      p.append(window.slice(last, start), element("mark", {}, window.slice(start, end)));
      last = end;
    }
    p.append(window.slice(last));
    return p;
  }

  // A team's card: its name, and each channel as one button-like link holding the channel's kind
  // and address, what it is for beside it (CSS leaves that to the team's page on a phone).
  const card = (team, m) => element("div", { class: "portal-search__card", "data-team": team.id },
    element("a", { class: "portal-search__card-name", href: new URL(team.url, siteBase).href }, team.name),
    element("ul", {}, ...team.channels.slice(0, m.rules.cardChannels).map((c) => {
      const kind = element("span", { class: "portal-search__channel-type" }, c.type + ":");
      // Numbers and addresses read left to right in every language, a chat channel's name in its
      // own direction ('#it-help' keeps its '#' in front): each isolated from the text around it.
      const text = element("span", { dir: /^(tel|mailto):/.test(c.href || "") ? "ltr" : "auto" }, c.text);
      return element("li", {},
        c.href ? element("a", { class: "portal-search__channel", href: c.href }, kind, " ", text) : element("span", {}, kind, " ", text),
        c.for ? element("span", { class: "portal-search__channel-for" }, c.for) : null);
    })));

  // The facet the reader last pressed: focused again once the buttons are drawn anew, so focus
  // stays where the reader acted instead of falling to the page's body.
  let pressedFacet = null;

  // The keyword cards' links and the facet buttons are one Tab stop each (so few Tabs lead from
  // the box to the results); the arrows, Home and End move within them.
  const focusables = (box) => [...box.querySelectorAll("a[href], button")];
  const settle = (box, stop) => {
    const items = focusables(box);
    for (const item of items) item.tabIndex = item === (stop || items[0]) ? 0 : -1;
  };
  const roving = (box) => box.addEventListener("keydown", (event) => {
    const items = focusables(box);
    const at = items.indexOf(document.activeElement);
    if (at < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: items.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const target = items[Math.max(0, Math.min(items.length - 1, to))];
    settle(box, target);
    target.focus();
  });
  const facetList = () => focusables(facetsBox);

  function facetButtons(counts, m, filters, rerun) {
    const refocus = pressedFacet !== null && (facetsBox.contains(document.activeElement) || document.activeElement === document.body);
    facetsBox.replaceChildren();
    for (const [name, labels] of [["kind", m.kindLabels], ["team", m.teamNames]]) {
      const entries = Object.entries(counts[name]).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      if (entries.length < 2 && !filters[name]) continue;
      // A group of toggle buttons, named for what it narrows by (kind of page, team).
      const group = element("div", { class: "portal-search__facet", "data-facet": name, role: "group",
        "aria-label": label(`search_facet_${name}`) });
      for (const [value, count] of entries) {
        const pressed = filters[name] === value;
        const button = element("button", { type: "button", "aria-pressed": String(pressed), "data-value": value },
          `${labels.get(value) || value} (${number(count)})`);
        button.tabIndex = -1;
        button.addEventListener("click", () => {
          filters[name] = pressed ? null : value;
          pressedFacet = { name, value };
          rerun();
        });
        group.append(button);
      }
      facetsBox.append(group);
    }
    const buttons = facetList();
    const again = pressedFacet && (buttons.find((b) => b.parentNode.dataset.facet === pressedFacet.name && b.dataset.value === pressedFacet.value)
      || buttons.find((b) => b.parentNode.dataset.facet === pressedFacet.name) || buttons[0]);
    settle(facetsBox, refocus && again ? again : buttons.find((b) => b.getAttribute("aria-pressed") === "true"));
    if (refocus && again) again.focus();
    pressedFacet = null;
  }

  facetsBox.setAttribute("role", "toolbar");
  roving(facetsBox);
  roving(cardsBox);

  async function showFallback(query, m, mine) {
    const keywords = await own.get("keywords");
    const teams = await Promise.all(core.closestTeams(query, keywords, m).map((t) => core.teamCard(own, t)));
    // The user has typed on: this answer is stale.
    if (mine !== sequence) return;
    fallbackBox.hidden = false;
    fallbackBox.replaceChildren(
      element("p", {}, label("search_nothing").replace("{query}", query)),
      ...[m.help, ...teams].filter(Boolean).map((team) => card(team, m)));
  }

  // The words that matched nothing, and the query without them, which the reader can take.
  function showUnmatched(p) {
    unmatchedBox.hidden = !p.unmatched.length;
    if (!p.unmatched.length) { unmatchedBox.replaceChildren(); return; }
    const list = new Intl.ListFormat(locale, { type: "conjunction" }).format(p.unmatched);
    const note = element("p", {}, label("search_unmatched").replace("{words}", list));
    if (p.offer) {
      const button = element("button", { type: "button", class: "portal-search__offer" },
        label("search_offer").replace("{query}", p.offer));
      button.addEventListener("click", () => { input.value = p.offer; filters.team = filters.kind = null; run(); input.focus(); });
      note.append(" ", button);
    }
    unmatchedBox.replaceChildren(note);
  }

  const filters = { team: null, kind: null };
  let sequence = 0;

  // What the reader searched and opened, told to the page as events (portal-analytics.js sends
  // them on when the site has analytics; nothing listens otherwise). A search is told once the
  // reader stops typing or opens a result, not once per keystroke.
  const tell = (name, detail) => document.dispatchEvent(new CustomEvent(`portal:${name}`, { detail }));
  let searched = { query: "", results: 0 }, told = "", pending = 0;
  const tellSearch = () => {
    clearTimeout(pending);
    if (searched.query && searched.query !== told) { told = searched.query; tell("search", { ...searched }); }
  };
  list.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest(".md-search-result__link") : null;
    if (!link) return;
    tellSearch();
    const target = new URL(link.href);
    tell("result", { query: searched.query, url: target.pathname + target.hash,
                     rank: [...list.querySelectorAll(".md-search-result__link")].indexOf(link) + 1 });
  });

  async function run() {
    const query = input.value;
    const mine = ++sequence;
    if (!query.trim()) {
      list.replaceChildren(); cardsBox.replaceChildren(); facetsBox.replaceChildren(); showUnmatched({ unmatched: [] });
      fallbackBox.hidden = true; fallbackBox.replaceChildren();
      meta.textContent = meta.dataset.placeholder || meta.textContent;
      return;
    }
    const { plan: p, parts, hits, total, counts, manifest: m } = await rank(query, filters);
    const found = await Promise.all(hits.map((hit) => core.documentOf(hit.index, hit.doc).then((d) => ({ ...hit, ...d }))));
    // Results for the reader's office and contract first (portal-profile.js); the order within
    // each group is the ranking's.
    const profile = window.portalProfile;
    for (const d of found) d.misses = profile ? profile.misses(d.o, d.c) : "";
    // Within the language's own results and within the untranslated originals after them.
    const shown = [...found].sort((x, y) => (x.original - y.original) || (Boolean(x.misses) - Boolean(y.misses)));
    const cards = await Promise.all(p.cards.map((t) => core.teamCard(own, t)));
    // A newer query has started.
    if (mine !== sequence) return;
    cardsBox.replaceChildren(...cards.map((team) => card(team, m)));
    settle(cardsBox);
    showUnmatched(p);
    facetButtons(counts, m, filters, run);
    // Each index highlights its own terms, normalised its own way.
    const stems = new Map(parts.map((part) => [part.index, core.highlightStems(part.plan.terms, part.manifest)]));
    const manifests = new Map(parts.map((part) => [part.index, part.manifest]));
    list.replaceChildren(...shown.map((d) => {
      const dm = manifests.get(d.index);
      // An original not translated yet: marked, and in its own language and direction.
      const item = element("li", { class: "md-search-result__item", "data-doc": d.doc, "data-score": d.score.toFixed(9) },
        element("a", { class: "md-search-result__link", href: new URL(d.u, siteBase).href },
          element("article", { class: "md-search-result__article md-typeset" },
            element("div", { class: "portal-search__meta" },
              element("span", { class: "portal-search__kind" }, m.kindLabels.get(d.k) || d.k),
              d.m ? element("span", { class: "portal-search__team" }, m.teamNames.get(d.m) || dm.teamNames.get(d.m)) : null,
              d.original ? element("span", { class: "portal-search__original" }, label("search_original")) : null,
              d.misses ? profile.badge(d.misses) : null),
            element("h1", d.original ? { lang: dm.language, dir: "auto" } : {}, d.p ? `${d.p} › ${d.t}` : d.t),
            Object.assign(snippet(d.x, stems.get(d.index), dm), d.original ? { lang: dm.language, dir: "auto" } : {}))));
      if (d.original) item.dataset.original = dm.language;
      return item;
    }));
    meta.textContent = total ? count("search_results", total) : label("search_none");
    searched = { query: query.trim().replace(/\s+/g, " "), results: total };
    clearTimeout(pending);
    pending = setTimeout(tellSearch, 1500);
    // An earlier query's fallback goes, cards and all, not only out of sight.
    fallbackBox.hidden = true; fallbackBox.replaceChildren();
    if (!total) await showFallback(query, m, mine);
  }

  meta.dataset.placeholder = meta.textContent;
  // Every query needs the manifest: ready it (and load a translated site's stemmer) at once.
  own.manifest();
  input.addEventListener("input", () => { filters.team = filters.kind = null; run(); });
  input.addEventListener("focus", () => { if (toggle) toggle.checked = true; indexes(); });
  // On small screens the header's search icon opens the box: put the cursor in it.
  if (toggle) toggle.addEventListener("change", () => { if (toggle.checked) input.focus(); });
  // Results show as one types: Enter never sends the form anywhere (no inline handler does it,
  // so the site keeps a policy of no inline script).
  root.querySelector("form").addEventListener("submit", (event) => event.preventDefault());
  root.querySelector("button[type=reset]").addEventListener("click", () => { input.value = ""; run(); input.focus(); });
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const editing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (!editing && (event.key === "/" || event.key === "s" || event.key === "S") && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      if (toggle) toggle.checked = true;
      input.focus();
    } else if (event.key === "Escape" && root.contains(target)) {
      if (toggle) toggle.checked = false;
      if (target instanceof HTMLElement) target.blur();
    }
  });
  // As in Material: the arrows move from the box down the results and back up into the box,
  // the result in focus is marked and scrolled into sight, Enter opens it (a link), and Enter in
  // the box opens the first result.
  const resultLinks = () => [...list.querySelectorAll(".md-search-result__link")];
  root.addEventListener("keydown", (event) => {
    // Keys that compose a character (an input method's Enter) are the input method's.
    if (event.isComposing || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const links = resultLinks();
    const at = links.indexOf(document.activeElement);
    const inBox = event.target === input;
    if (!links.length || (!inBox && at < 0)) return;
    if (event.key === "ArrowDown" || (event.key === "ArrowUp" && at >= 0)) {
      event.preventDefault();
      const next = event.key === "ArrowDown" ? Math.min(at + 1, links.length - 1) : at - 1;
      if (next < 0) { input.focus(); return; }
      links[next].focus();
      links[next].scrollIntoView({ block: "nearest" });
    } else if (event.key === "Enter" && inBox) {
      event.preventDefault();
      links[0].click();
    }
  });

  // For tests and tools: the same answer the page shows, as data; `data(n)` is what result n shows.
  window.portalSearch = async (query, options = {}) => {
    const { hits, total, counts, plan: p } = await rank(query, { team: options.team || null, kind: options.kind || null }, options.limit);
    return { terms: p.terms, cards: p.cards, unmatched: p.unmatched, offer: p.offer, total, counts,
      hits: hits.map((hit) => ({ doc: hit.doc, score: hit.score, original: hit.original,
        data: () => core.documentOf(hit.index, hit.doc) })) };
  };
  // The term the browser makes of a word on its own: normalised, and stemmed with the language's
  // Snowball stemmer. Tests compare it with the index's analysis word by word.
  window.portalSearch.term = async (word) => core.term(word, await own.manifest());
})();
