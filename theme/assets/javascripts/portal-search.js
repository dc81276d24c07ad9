/* The portal's search in the browser.
 *
 * It answers from the static files under search/portal/ (see generator/export.py): the
 * manifest, then per query word one lexicon shard and per index term one postings shard,
 * then the few documents it shows. It plans a query exactly as generator/search.py `plan`
 * does and sums the exported BM25F impacts, so its ranking is `portal search`'s ranking.
 * Any static file server will do: there is no server-side code.
 */
(() => {
  "use strict";

  const root = document.querySelector("[data-portal-search]");
  // The interface words of the page's language (theme/labels.yml, via main.html).
  const labels = JSON.parse(document.getElementById("portal-labels").textContent);
  const label = (key) => labels[key];
  const lang = document.documentElement.lang || "en";
  const count = (key, n) => {
    const forms = labels[key];
    return (forms[new Intl.PluralRules(lang).select(n)] || forms.other).replace("{n}", new Intl.NumberFormat(lang).format(n));
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

  // Python's \w (letters, numbers, underscore), the tokenizer generator/analysis.py uses.
  const WORD = /[\p{L}\p{N}_]+(?:\.?[\p{L}\p{N}_]+)*/gu;
  const ENDS_IN_WORD = /[\p{L}\p{N}_]$/u;

  // Every file is gzipped JSON. A server that sends it with Content-Encoding has unpacked it
  // already; otherwise the browser's own DecompressionStream does.
  const unpack = async (response) => {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return JSON.parse(new TextDecoder().decode(bytes));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).json();
  };

  // One language's index: this site's, and on a translated site the original language's
  // (its manifest says where), searched second for what is not translated yet.
  function openIndex(base) {
    const files = new Map();
    const get = (path) => {
      if (!files.has(path)) {
        files.set(path, fetch(new URL(`${path}.json.gz`, base)).then((response) => {
          if (!response.ok) throw new Error(`${path}: ${response.status}`);
          return unpack(response);
        }));
      }
      return files.get(path);
    };
    let manifestPromise = null;
    const manifest = () => {
      manifestPromise ??= get("manifest").then((m) => {
        m.stopSet = new Set(m.stop);
        m.lexIndex = new Map(m.lex.map((key, n) => [key, n]));
        m.postIndex = new Map(m.post.map((key, n) => [key, n]));
        m.teamNames = new Map(m.teams);
        m.kindLabels = new Map(m.kinds);
        m.longestPhrase = Math.max(0, ...m.phrases.map(([words]) => words.length));
        m.phraseMap = new Map(m.phrases.map(([words, term]) => [words.join("\u0000"), term]));
        m.normalise = normaliser(m);
        // Material ships Snowball stemmers as lunr plugins (portal-stemmer.js loads them).
        const stemmer = m.stems && window.lunr && window.lunr[m.language] && window.lunr[m.language].stemmer;
        // Only words with a letter of the language's alphabet, as generator/analysis.py stems.
        const own = new RegExp(m.stemsWordsWith, "u");
        m.stem = stemmer ? (word) => (own.test(word) ? stemmer(word) : word) : null;
        m.covers = new Set(m.original ? m.original.covers : []);
        return m;
      });
      return manifestPromise;
    };
    return { base, get, manifest };
  }

  // generator/analysis.py Analysis.normalise: lower-case, drop diacritics where the language
  // says so, map its characters, compose.
  function normaliser(m) {
    const chars = new Map(Object.entries(m.chars));
    return (text) => {
      let out = text.toLowerCase();
      if (m.fold) out = out.normalize("NFD").replace(/\p{Mn}/gu, "");
      if (chars.size) out = Array.from(out, (c) => (chars.has(c) ? chars.get(c) : c)).join("");
      return out.normalize("NFC");
    };
  }

  const own = openIndex(indexBase);
  let originalIndex = null;
  const indexes = async () => {
    const m = await own.manifest();
    if (m.original) originalIndex ??= openIndex(new URL(m.original.index, indexBase));
    return originalIndex ? [own, originalIndex] : [own];
  };

  // The longest shard key that starts the word (generator/search.py shard_of).
  const shardOf = (word, index) => {
    const chars = Array.from(word);
    for (let size = chars.length; size > 0; size--) {
      const key = chars.slice(0, size).join("");
      if (index.has(key)) return key;
    }
    return null;
  };

  const oneEdit = (a, b) => {
    a = Array.from(a); b = Array.from(b);
    if (a.join("") === b.join("") || Math.abs(a.length - b.length) > 1) return false;
    if (a.length === b.length) {
      const diff = [];
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
      return diff.length === 1 || (diff.length === 2 && diff[1] === diff[0] + 1
        && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]]);
    }
    const [short, long] = a.length < b.length ? [a, b] : [b, a];
    let i = 0;
    while (i < short.length && short[i] === long[i]) i++;
    return short.slice(i).join("") === long.slice(i + 1).join("");
  };

  const byFrequency = (forms) => (x, y) => (forms[y][1] - forms[x][1]) || (x < y ? -1 : x > y ? 1 : 0);

  const words = (text, m) => (m.normalise(text).match(WORD) || []);

  // A term's postings, or null when the index does not hold it.
  const postingsOf = async (ix, m, term) => {
    const key = shardOf(term, m.postIndex);
    if (key === null) return null;
    const shard = await ix.get(`post/${m.postIndex.get(key)}`);
    return Object.hasOwn(shard, term) ? shard[term] : null;
  };

  async function plan(ix, query) {
    const m = await ix.manifest();
    const lexShard = async (key) => (key === null ? {} : ix.get(`lex/${m.lexIndex.get(key)}`));
    const found = words(query, m).filter((w) => !m.stopSet.has(w) && Array.from(w).length >= 2);
    const typing = found.length > 0 && ENDS_IN_WORD.test(query);
    const exact = [], extra = [], cards = [];
    // Fetch every shard the plan can need at once: one round trip, however many words.
    const last = found[found.length - 1];
    const completionKeys = typing ? m.lex.filter((k) => k.startsWith(last) || last.startsWith(k)) : [];
    const shards = new Map(await Promise.all(
      [...new Set([...found.map((w) => shardOf(w, m.lexIndex)), ...completionKeys])]
        .map(async (key) => [key, await lexShard(key)])));
    for (let i = 0; i < found.length; i++) {
      const word = found[i];
      const forms = shards.get(shardOf(word, m.lexIndex));
      // An inflection the content never uses: its stem, where the index holds it.
      const stem = m.stem && !Object.hasOwn(forms, word) ? m.stem(word) : null;
      if (Object.hasOwn(forms, word)) {
        exact.push(forms[word][0]);
        cards.push(...(forms[word][2] || []));
      } else if (stem && await postingsOf(ix, m, stem)) {
        exact.push(stem);
      } else if (Array.from(word).length >= m.typo) {
        const near = Object.keys(forms).filter((f) => oneEdit(word, f)).sort(byFrequency(forms));
        extra.push(...near.map((f) => forms[f][0]));
      }
      if (typing && i === found.length - 1) {
        const all = Object.assign({}, ...completionKeys.map((k) => shards.get(k)));
        const starts = Object.keys(all).filter((f) => f.startsWith(word) && f !== word).sort(byFrequency(all));
        extra.push(...starts.slice(0, m.completions).map((f) => all[f][0]));
      }
    }
    const merged = [];
    for (let i = 0; i < exact.length;) {
      let size = Math.min(m.longestPhrase, exact.length - i);
      for (; size > 1; size--) {
        const term = m.phraseMap.get(exact.slice(i, i + size).join("\u0000"));
        if (term) { merged.push(term); i += size; break; }
      }
      if (size <= 1) { merged.push(exact[i]); i += 1; }
    }
    return { terms: [...new Set([...merged, ...extra])], cards: [...new Set(cards)] };
  }

  // One index's matches, best first; skip holds documents a translation already answers.
  async function rankOne(ix, query, filters, skip) {
    const m = await ix.manifest();
    const p = await plan(ix, query);
    // Arrays indexed by document number: summing tens of thousands of postings stays fast.
    const scores = new Float64Array(m.docs), facet = new Int32Array(m.docs), touched = [];
    const postings = await Promise.all(p.terms.map((term) => postingsOf(ix, m, term)));
    for (const column of postings) {
      if (!column) continue;
      const { d, i, v, f } = column;
      let doc = 0;
      for (let n = 0; n < d.length; n++) {
        doc += d[n];
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] += v[i[n]];
        facet[doc] = f[n];
      }
    }
    const kinds = m.kinds.length;
    const teamOf = (doc) => { const t = Math.floor(facet[doc] / kinds); return t ? m.teams[t - 1][0] : ""; };
    const kindOf = (doc) => m.kinds[facet[doc] % kinds][0];
    const counts = { team: {}, kind: {} };
    const matched = touched.filter((doc) => !skip.has(doc));
    for (const doc of matched) {
      const team = teamOf(doc), kind = kindOf(doc);
      if (team) counts.team[team] = (counts.team[team] || 0) + 1;
      counts.kind[kind] = (counts.kind[kind] || 0) + 1;
    }
    const round6 = (x) => Math.round(x * 1e6) / 1e6;
    const hits = matched
      .filter((doc) => (!filters.team || teamOf(doc) === filters.team) && (!filters.kind || kindOf(doc) === filters.kind))
      .map((doc) => ({ doc, score: scores[doc], index: ix, original: ix !== own }))
      .sort((a, b) => (round6(b.score) - round6(a.score)) || (a.doc - b.doc));
    return { index: ix, plan: p, hits, counts, manifest: m };
  }

  // This language's matches, then the original language's that no translation covers.
  async function rank(query, filters) {
    const all = await indexes();
    const m = await own.manifest();
    const parts = await Promise.all(all.map((ix) => rankOne(ix, query, filters, ix === own ? new Set() : m.covers)));
    const counts = { team: {}, kind: {} };
    for (const part of parts) {
      for (const name of ["team", "kind"]) {
        for (const [value, n] of Object.entries(part.counts[name])) counts[name][value] = (counts[name][value] || 0) + n;
      }
    }
    const cards = [...new Set(parts.flatMap((part) => part.plan.cards))];
    return { plan: { terms: parts[0].plan.terms, cards }, parts, hits: parts.flatMap((part) => part.hits), counts, manifest: m };
  }

  /* What the page shows ------------------------------------------------------------------- */

  const element = (tag, attributes = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (name === "class") node.className = value; else node.setAttribute(name, value);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  };

  const highlightStems = (terms, m) => {
    const groups = new Set(terms.filter((t) => t.startsWith("~")));
    const stems = terms.filter((t) => !t.startsWith("~"));
    for (const [words, term] of m.phrases) if (groups.has(term)) stems.push(...words);
    return [...new Set(stems)];
  };
  const matches = (word, stems) => stems.some((s) => word.startsWith(s)
    || (s.length >= 5 && word.startsWith(s.slice(0, -1)) && word.length <= s.length + 1));

  // The window of text around the first matched word, with matched words marked.
  function snippet(text, stems, m, width = 160) {
    const found = [...text.matchAll(WORD)].find((w) => matches(m.normalise(w[0]), stems));
    const first = found ? found.index : 0;
    let start = first < width / 3 ? 0 : text.indexOf(" ", first - Math.floor(width / 3)) + 1;
    let end = text.length - start <= width ? text.length : Math.max(text.lastIndexOf(" ", start + width), start + 1);
    const window = (start ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
    const p = element("p");
    let last = 0;
    for (const w of window.matchAll(WORD)) {
      if (!matches(m.normalise(w[0]), stems)) continue;
      p.append(window.slice(last, w.index), element("mark", {}, w[0]));
      last = w.index + w[0].length;
    }
    p.append(window.slice(last));
    return p;
  }

  const card = (team) => element("div", { class: "portal-search__card", "data-team": team.id },
    element("a", { class: "portal-search__card-name", href: new URL(team.url, siteBase).href }, team.name),
    element("ul", {}, ...team.channels.slice(0, 4).map((c) => element("li", {},
      element("span", { class: "portal-search__channel-type" }, c.type + ": "),
      c.href ? element("a", { href: c.href }, c.text) : c.text,
      c.for ? element("small", {}, " " + c.for) : null))));

  function facetButtons(counts, m, filters, rerun) {
    facetsBox.replaceChildren();
    for (const [name, labels] of [["kind", m.kindLabels], ["team", m.teamNames]]) {
      const entries = Object.entries(counts[name]).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      if (entries.length < 2 && !filters[name]) continue;
      const group = element("div", { class: "portal-search__facet", "data-facet": name });
      for (const [value, count] of entries) {
        const pressed = filters[name] === value;
        const button = element("button", { type: "button", "aria-pressed": String(pressed), "data-value": value },
          `${labels.get(value) || value} (${count})`);
        button.addEventListener("click", () => { filters[name] = pressed ? null : value; rerun(); });
        group.append(button);
      }
      facetsBox.append(group);
    }
  }

  async function showFallback(query, m, mine) {
    const found = words(query, m).filter((w) => !m.stopSet.has(w) && Array.from(w).length >= 3);
    const keywords = await own.get("keywords");
    const scored = [];
    for (const [team, phrases] of Object.entries(keywords)) {
      const kw = new Set(phrases.flatMap((phrase) => words(phrase, m)));
      const score = found.filter((w) => [...kw].some((k) => k === w || oneEdit(w, k)
        || (w.length >= 4 && k.length >= 4 && k.slice(0, 4) === w.slice(0, 4)))).length;
      if (score) scored.push([-score, team]);
    }
    scored.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
    const teams = await Promise.all(scored.slice(0, 3).map(([, t]) => own.get(`team/${t}`)));
    if (mine !== sequence) return; // the user has typed on: this answer is stale
    fallbackBox.hidden = false;
    fallbackBox.replaceChildren(
      element("p", {}, label("search_nothing").replace("{query}", query)),
      ...[m.help, ...teams].filter(Boolean).map(card));
  }

  const filters = { team: null, kind: null };
  let sequence = 0;

  async function run() {
    const query = input.value;
    const mine = ++sequence;
    if (!query.trim()) {
      list.replaceChildren(); cardsBox.replaceChildren(); facetsBox.replaceChildren(); fallbackBox.hidden = true;
      meta.textContent = meta.dataset.placeholder || meta.textContent;
      return;
    }
    const { plan: p, parts, hits, counts, manifest: m } = await rank(query, filters);
    const found = await Promise.all(hits.slice(0, 10).map((hit) =>
      hit.index.get(`doc/${hit.doc}`).then((d) => ({ ...hit, ...d }))));
    // Results for the reader's office and contract first (portal-profile.js); the order within
    // each group is the ranking's.
    const profile = window.portalProfile;
    for (const d of found) d.misses = profile ? profile.misses(d.o, d.c) : "";
    // Within the language's own results and within the untranslated originals after them.
    const shown = [...found].sort((x, y) => (x.original - y.original) || (Boolean(x.misses) - Boolean(y.misses)));
    const cards = await Promise.all(p.cards.map((t) => own.get(`team/${t}`)));
    if (mine !== sequence) return; // a newer query has started
    cardsBox.replaceChildren(...cards.map(card));
    facetButtons(counts, m, filters, run);
    // Each index highlights its own terms, normalised its own way.
    const stems = new Map(parts.map((part) => [part.index, highlightStems(part.plan.terms, part.manifest)]));
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
            snippet(d.x, stems.get(d.index), dm))));
      if (d.original) item.dataset.original = dm.language;
      return item;
    }));
    meta.textContent = hits.length ? count("search_results", hits.length) : label("search_none");
    fallbackBox.hidden = true;
    if (!hits.length) await showFallback(query, m, mine);
  }

  meta.dataset.placeholder = meta.textContent;
  own.manifest();  // small, and every query needs it: fetch it while the page settles
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
    } else if (event.key === "Escape" && target === input) {
      if (toggle) toggle.checked = false;
      input.blur();
    }
  });

  // For tests and tools: the same answer the page shows, as data; `data(n)` is what result n shows.
  window.portalSearch = async (query, options = {}) => {
    const { hits, counts, plan: p } = await rank(query, { team: options.team || null, kind: options.kind || null });
    return { terms: p.terms, cards: p.cards, total: hits.length, counts,
      hits: hits.slice(0, options.limit || 10).map((hit) => ({ doc: hit.doc, score: hit.score, original: hit.original,
        data: () => hit.index.get(`doc/${hit.doc}`) })) };
  };
  // The term the browser searches for a word it has no lexicon entry for: normalised, and
  // stemmed where the language's stemmer is loaded. Tests compare it with Whoosh's analyzers.
  window.portalSearch.term = async (word) => {
    const m = await own.manifest();
    const [w] = words(word, m);
    if (w === undefined || m.stopSet.has(w) || Array.from(w).length < 2) return null;
    return m.stem ? m.stem(w) : w;
  };
})();
