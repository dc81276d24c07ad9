/* The portal's search without the page: planning, ranking, term analysis, cards, snippets and
 * the fallback, over the static files under search/portal/ (see generator/search/export.py).
 *
 * It plans a query exactly as generator/search/rank.py `plan` does, stems with the same Snowball
 * algorithm as the index (the stemmer it is given), and sums the exported BM25F impacts, so its
 * ranking is `portal search`'s ranking. Every rule's constant comes from the manifest ("rules",
 * "pattern", "stop", ...; declared in generator/search/rules.py and analysis.py): this file
 * holds no copy of them. It touches no DOM and fetches
 * nothing itself: an index reads its files through the `load(path)` it is given (the browser
 * fetches them, node's tests read them from disk). portal-search.js is the page's part.
 *
 * In the browser it is the global `portalSearchCore`; in node, `require` returns it. The
 * shared test vectors (tests/js/search-core.test.js) check it against the Python side.
 */
(() => {
  "use strict";

  // The manifest's format that this file reads (generator/search/export.py FORMAT): an index exported
  // for another one is refused rather than misread.
  const FORMAT = 8;

  // Lengths and slices in code points, as Python counts them.
  const length = (text) => Array.from(text).length;

  // generator/search/export.py DIGITS: a character's value as a digit, by its code (a table, not a
  // Map: the loops reading columns of tens of thousands of digits run cold in a fresh page).
  const DIGIT = new Uint8Array(128);
  Array.from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", (c, n) => { DIGIT[c.charCodeAt(0)] = n; });

  // generator/search/analysis.py Analysis.normalise: lower-case, drop diacritics where the language
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

  // generator/search/export.py _front_coded: keys, each as the letters it shares with the one before
  // (how many: a digit of DIGIT) and its own.
  const frontCoded = (text) => {
    let before = [];
    return text ? text.split("\n").map((line) => {
      const [count, ...rest] = Array.from(line);
      before = [...before.slice(0, DIGIT[count.charCodeAt(0)]), ...rest];
      return before.join("");
    }) : [];
  };

  // The manifest, ready to plan with: look-ups built once. stemmer is the Snowball stemmer the
  // manifest names (word -> stem), null for a language the index does not stem.
  function prepare(m, stemmer) {
    if (m.version !== FORMAT) throw new Error(`search index version ${m.version}, expected ${FORMAT}`);
    if (m.stemmer && !stemmer) throw new Error(`the ${m.stemmer} stemmer is not loaded`);
    m.word = new RegExp(m.pattern, "gu");
    // A query that ends in a word is still being typed (search.py: the pattern at the end).
    m.endsInWord = new RegExp(`(?:${m.pattern})$`, "u");
    m.stopSet = new Set(m.stop);
    m.lex = frontCoded(m.lex);
    m.post = frontCoded(m.post);
    m.lexIndex = new Map(m.lex.map((key, n) => [key, n]));
    m.postIndex = new Map(m.post.map((key, n) => [key, n]));
    m.teamNames = new Map(m.teams);
    m.teamNumber = new Map(m.teams.map(([id], n) => [id, n]));
    m.kindLabels = new Map(m.kinds);
    m.longestPhrase = Math.max(0, ...m.phrases.map(([words]) => words.length));
    m.phraseMap = new Map(m.phrases.map(([words, term]) => [words.join("\u0000"), term]));
    m.normalise = normaliser(m);
    // A word's own term: stemmed if it has a letter of the language's alphabet, as
    // generator/search/analysis.py stems; itself in a language the index does not stem.
    const own = new RegExp(m.stemsWordsWith, "u");
    m.stem = stemmer ? (word) => (own.test(word) ? stemmer(word) : word) : (word) => word;
    m.covers = new Set(m.original ? m.original.covers : []);
    return m;
  }

  // One language's index. load(path) resolves to the parsed file at path ("manifest",
  // "lex/0", ...); stemmerFor(name) to the Snowball stemmer of that name (word -> stem). Each
  // file is loaded once.
  function openIndex(load, stemmerFor = () => null) {
    const files = new Map();
    const get = (path) => {
      if (!files.has(path)) files.set(path, load(path));
      return files.get(path);
    };
    let manifestPromise = null;
    const manifest = () => {
      manifestPromise ??= get("manifest").then(async (m) => prepare(m, m.stemmer ? await stemmerFor(m.stemmer) : null));
      return manifestPromise;
    };
    return { get, manifest };
  }

  // The longest shard key that starts the word (generator/search/rank.py shard_of).
  const shardOf = (word, index) => {
    const chars = Array.from(word);
    for (let size = chars.length; size > 0; size--) {
      const key = chars.slice(0, size).join("");
      if (index.has(key)) return key;
    }
    return null;
  };

  // generator/search/rank.py one_edit: one letter inserted, deleted, replaced, or two neighbours swapped.
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

  // generator/search/analysis.py surface_words: the words of text after normalisation.
  const words = (text, m) => (m.normalise(text).match(m.word) || []);

  // The query's words that can be index terms: no stop words, none too short.
  const queryWords = (text, m, min = m.rules.minWordLength) =>
    words(text, m).filter((w) => !m.stopSet.has(w) && length(w) >= min);

  // The term a word is on its own (generator/search/rank.py word_term): normalised, and stemmed
  // where the language is; null for a stop word or a word too short.
  const term = (word, m) => {
    const [w] = words(word, m);
    if (w === undefined || m.stopSet.has(w) || length(w) < m.rules.minWordLength) return null;
    return m.stem(w);
  };

  // The postings shard a term would be in ({p: postings by term, k: keywords by term}), or null.
  const shardFor = (ix, m, term) => {
    const key = shardOf(term, m.postIndex);
    return key === null ? null : ix.get(`post/${m.postIndex.get(key)}`);
  };

  // generator/search/export.py _digits: numbers in base 32, a digit of 32 or more followed by more,
  // into a typed array (a number takes a digit at least: text.length is room enough).
  function numbers(text, Type = Float64Array) {
    const out = new Type(text.length);
    let n = 0, at = 0;
    for (let k = 0; k < text.length; k++) {
      const digit = DIGIT[text.charCodeAt(k)];
      n = n * 32 + (digit & 31);
      if (digit < 32) { out[at++] = n; n = 0; }
    }
    return out.subarray(0, at);
  }

  // generator/search/export.py _facets: each facet a difference from the one before, zigzag (0, -1,
  // 1, -2, ... as 0, 1, 2, 3, ...).
  const facets = (text, Type) => {
    const out = numbers(text, Type);
    for (let n = 0, f = 0; n < out.length; n++) out[n] = f += out[n] & 1 ? -(out[n] + 1) / 2 : out[n] / 2;
    return out;
  };

  // A term's postings, or null when the index does not hold it: its columns read once into
  // document numbers (docs), impacts' indexes into v (at, -1 for the tail) and facets.
  const postingsOf = async (ix, m, term) => {
    const shard = await shardFor(ix, m, term);
    if (!shard || !Object.hasOwn(shard.p, term)) return null;
    const column = shard.p[term];
    if (!column.docs) {
      const docs = numbers(column.d, Int32Array), at = numbers(column.i, Int32Array);
      for (let n = 0, doc = 0; n < docs.length; n++) { docs[n] = doc += docs[n]; at[n] -= 1; }
      Object.assign(column, { docs, at, facets: facets(column.f, Int32Array) });
    }
    return column;
  };

  // The teams' keywords (team -> keywords as terms) that a query of these terms could hold whole:
  // each keyword is in the shard of one of its terms (generator/search/export.py), the few in no
  // shard in the manifest.
  async function keywordsFor(ix, m, terms) {
    const found = {};
    for (const [team, keywords] of Object.entries(m.keywords)) found[team] = [...keywords];
    const shards = await Promise.all(terms.map((t) => shardFor(ix, m, t)));
    for (const [n, shard] of shards.entries()) {
      if (!shard || !Object.hasOwn(shard.k, terms[n])) continue;
      for (const [team, keyword] of shard.k[terms[n]]) (found[team] ??= []).push(keyword);
    }
    return found;
  }

  // generator/search/rank.py group_terms: [start, size, term] over the words' own terms, a run
  // that spells a synonym as its group's term, the longest run first.
  const groupTerms = (terms, m) => {
    const out = [];
    for (let i = 0; i < terms.length;) {
      let size = Math.min(m.longestPhrase, terms.length - i);
      for (; size > 0; size--) {
        const canonical = m.phraseMap.get(terms.slice(i, i + size).join("\u0000"));
        if (canonical) { out.push([i, size, canonical]); i += size; break; }
      }
      if (size === 0) { out.push([i, 1, terms[i]]); i += 1; }
    }
    return out;
  };

  // generator/search/rank.py cards: teams one of whose keywords the query holds whole, none that
  // covers only part of what another covers, those covering more words first, at most rules.cards.
  // keywords: team -> its keywords as terms (at least those the query could hold).
  function cards(own, groups, keywords, m) {
    const standsFor = own.map((t) => new Set([t]));
    for (const [start, size, term] of groups) for (let i = start; i < start + size; i++) standsFor[i].add(term);
    const found = [];
    for (const team of Object.keys(keywords).sort()) {
      const covered = new Set();
      for (const keyword of keywords[team]) {
        const held = keyword.map((t) => standsFor.flatMap((terms, i) => (terms.has(t) ? [i] : [])));
        if (keyword.length && held.every((h) => h.length)) for (const h of held) for (const i of h) covered.add(i);
      }
      if (covered.size) found.push([team, covered]);
    }
    const within = (a, b) => a.size < b.size && [...a].every((i) => b.has(i));
    const kept = found.filter(([, covered]) => !found.some(([, other]) => within(covered, other)));
    kept.sort((a, b) => (b[1].size - a[1].size) || (Math.min(...a[1]) - Math.min(...b[1])));
    return kept.slice(0, m.rules.cards).map(([team]) => team);
  }

  // generator/search/rank.py plan: the query's concepts (each a list of index terms), the words
  // that matched nothing, and the keyword cards.
  async function plan(ix, query) {
    const m = await ix.manifest();
    const rules = m.rules;
    const lexShard = async (key) => (key === null ? {} : ix.get(`lex/${m.lexIndex.get(key)}`));
    const found = queryWords(query, m);
    const typing = found.length > 0 && m.endsInWord.test(query);
    const own = found.map(m.stem);
    const groups = groupTerms(own, m);
    const last = found[found.length - 1];
    // The words' postings shards and the shards completing the last word, in one round trip; a
    // word's own lexicon shard only when the index does not hold its term (a typo, perhaps).
    const completionKeys = typing ? m.lex.filter((k) => k.startsWith(last) || last.startsWith(k)) : [];
    // The keywords come with the same shards (and those of a synonym group's own words).
    const [held, completing, keywords] = await Promise.all([
      Promise.all(groups.map(([, , t]) => postingsOf(ix, m, t).then((postings) => postings !== null))),
      Promise.all(completionKeys.map(lexShard)),
      keywordsFor(ix, m, [...new Set([...own, ...groups.map(([, , t]) => t)])])]);
    const typos = groups.map(([start, size], n) => !held[n] && size === 1 && length(found[start]) >= rules.typoMinLength);
    const typoShards = await Promise.all(groups.map(([start], n) => (typos[n] ? lexShard(shardOf(found[start], m.lexIndex)) : null)));
    const concepts = [], unmatched = [];
    for (const [n, [start, size, t]] of groups.entries()) {
      let terms = held[n] ? [t] : [];
      if (typos[n]) {
        const forms = typoShards[n];
        const near = Object.keys(forms).filter((f) => oneEdit(found[start], f)).sort(byFrequency(forms));
        terms.push(...near.map((f) => forms[f][0]));
      }
      if (typing && start + size === found.length) {
        const all = Object.assign({}, ...completing);
        const starts = Object.keys(all).filter((f) => f.startsWith(last) && f !== last).sort(byFrequency(all));
        terms.push(...starts.slice(0, rules.completions).map((f) => all[f][0]));
      }
      terms = [...new Set(terms)];
      concepts.push(terms);
      if (!terms.length) unmatched.push(...found.slice(start, start + size));
    }
    return { words: found, concepts, terms: [...new Set(concepts.flat())], unmatched: [...new Set(unmatched)],
      cards: cards(own, groups, keywords, m) };
  }

  // A document's record (url, title, text...), from its chunk (generator/search/export.py).
  const documentOf = async (ix, n) => {
    const m = await ix.manifest();
    return (await ix.get(`doc/${Math.floor(n / m.docChunk)}`))[n % m.docChunk];
  };

  // A team's contact card, from its chunk.
  const teamCard = async (ix, id) => {
    const m = await ix.manifest();
    const n = m.teamNumber.get(id);
    return n === undefined ? null : (await ix.get(`team/${Math.floor(n / m.teamChunk)}`))[n % m.teamChunk];
  };

  // One index's matches; skip holds documents a translation already answers; lead: whether its
  // first hit is the answer's first (this language's index). filters: {team, kind}, each null for
  // all. hits: the first `want` matches, best first, each {doc, score, concepts, index}; total:
  // every match; counts: the facets' counts.
  //
  // A common term's shard holds every document it matches but only its strongest impacts; the
  // weaker ones (its tail, each below the head's weakest) come in blocks by document number, each
  // block's strongest impact known beforehand. So the number of concepts a document matches, the
  // total and the counts are exact from the shards, and a document whose score still waits on a
  // block has an upper bound. Blocks are fetched only while a document waiting on one could rank
  // among the first `want`: the first `want` are then those the whole postings give, in order.
  async function rankOne(ix, query, filters, skip, want, lead = false) {
    const m = await ix.manifest();
    const p = await plan(ix, query);
    const postings = new Map(await Promise.all(p.terms.map(async (t) => [t, await postingsOf(ix, m, t)])));
    const terms = p.terms.filter((t) => postings.get(t));
    // A posting's facet is (team number) * (number of kinds) + kind number; team 0 is the
    // organisation's own pages (generator/search/export.py). lets[facet]: whether the filters let
    // it through; each facet's counts are the matches the other chosen facet lets through, so a
    // button's count is what pressing it shows. A filter is the number it wants (-1: none here).
    const kinds = m.kinds.length;
    const team = filters.team ? m.teams.findIndex(([id]) => id === filters.team) + 1 || -1 : null;
    const kind = filters.kind ? m.kinds.findIndex(([id]) => id === filters.kind) : null;
    const teamLets = (t) => team === null || t === team, kindLets = (k) => kind === null || k === kind;
    const lets = new Uint8Array((m.teams.length + 1) * kinds);
    for (let f = 0; f < lets.length; f++) lets[f] = teamLets(Math.floor(f / kinds)) && kindLets(f % kinds);
    // One pass over each concept's postings into arrays by document number: each term's impact
    // (NaN while it waits on a tail block), each document's facet and how many of the query's
    // concepts it matches (one of a concept's terms will do); the matches per facet; per number
    // of concepts, the matches the filters let through (levels) and those reaching it (reached).
    const facet = new Int32Array(m.docs), concepts = new Int32Array(m.docs), seen = new Int32Array(m.docs);
    const perFacet = new Int32Array(lets.length), levels = new Int32Array(p.concepts.length + 1);
    const reached = p.concepts.map(() => []), impactOf = new Map();
    for (const [c, conceptTerms] of p.concepts.entries()) {
      for (const t of conceptTerms.filter((t) => postings.get(t))) {
        const { docs, at, v, facets: facetOf } = postings.get(t);
        const impact = impactOf.has(t) ? null : new Float64Array(m.docs);
        if (impact) impactOf.set(t, impact);
        for (let n = 0; n < docs.length; n++) {
          const doc = docs[n];
          if (impact) impact[doc] = at[n] >= 0 ? v[at[n]] : NaN;
          if (seen[doc] === c + 1) continue;
          seen[doc] = c + 1;
          const had = concepts[doc]++, f = facet[doc] = facetOf[n];
          if (skip.has(doc)) continue;
          if (had === 0) perFacet[f]++;
          if (lets[f]) levels[had]--, levels[had + 1]++, reached[had].push(doc);
        }
      }
    }
    const impacts = terms.map((t) => impactOf.get(t)), tails = terms.map((t) => postings.get(t).t || []);
    // The tail block ([first document, file, strongest impact]) of term n that a document waits on.
    const blockOf = (n, doc) => tails[n].findLast(([first]) => first <= doc);
    // Documents are ordered by the concepts they match before their score: at the fewest concepts
    // that `want` of them reach, a document matching fewer has `want` above it whatever its score,
    // so it is neither among the first `want` nor can it wait on a block that would change them.
    let least = levels.length - 1;
    for (let reach = levels[least]; least > 1 && reach < want;) reach += levels[--least];
    const candidates = (want && reached[least - 1]) || [];
    const counts = { team: {}, kind: {} }, add = (o, key, n) => { o[key] = (o[key] || 0) + n; };
    for (let f = 0; f < perFacet.length; f++) {
      const t = Math.floor(f / kinds), k = f % kinds, n = perFacet[f];
      if (n && t && kindLets(k)) add(counts.team, m.teams[t - 1][0], n);
      if (n && teamLets(t)) add(counts.kind, m.kinds[k][0], n);
    }
    // Every match the filters let through left level 0 once.
    const total = -levels[0];

    const tie = 10 ** m.rules.tieDigits;
    const rounded = (x) => Math.round(x * tie) / tie;
    // The score summed term by term in the plan's order, as portal search sums: the same floating
    // point. NaN while a term's impact waits on a block.
    const score = (doc) => {
      let sum = 0;
      for (const impact of impacts) sum += impact[doc];
      return sum;
    };
    // The most a waiting document can score: its known impacts and each waiting block's strongest.
    const bound = (doc) => {
      let sum = 0;
      for (let n = 0; n < impacts.length; n++) sum += Number.isNaN(impacts[n][doc]) ? blockOf(n, doc)[2] : impacts[n][doc];
      return sum;
    };
    // More concepts first, then the score, then the earlier document: over document numbers and
    // their scores (or bounds) in an array, so that tens of thousands of matches make no objects.
    const by = (sums) => (a, b) => (concepts[b] - concepts[a]) || (rounded(sums[b]) - rounded(sums[a])) || (a - b);
    const scores = new Float64Array(m.docs), bounds = new Float64Array(m.docs);
    const byScore = by(scores), byBound = by(bounds);
    // A waiting document by its bound against a known one by its score.
    const byBoundAgainst = (doc, known) => (concepts[known] - concepts[doc]) || (rounded(scores[known]) - rounded(bounds[doc])) || (doc - known);
    const hit = (doc) => ({ doc, score: scores[doc], concepts: concepts[doc], index: ix });
    let guessed = null;
    for (;;) {
      const known = [], open = [];
      for (const doc of candidates) {
        scores[doc] = score(doc);
        (Number.isNaN(scores[doc]) ? open : known).push(doc);
      }
      const best = top(known, want, byScore).map(hit);
      // A waiting document ranks below the last wanted one if even its bound does.
      const last = best.length === want && want > 0 ? best[want - 1].doc : null;
      const threats = open.filter((doc) => {
        bounds[doc] = bound(doc);
        return last === null || byBoundAgainst(doc, last) < 0;
      });
      if (!threats.length) return { index: ix, plan: p, hits: best, total, counts, manifest: m };
      // The chunk of the likeliest first result (the strongest by its bound, or the best known),
      // fetched beside the blocks rather than after them: the page shows it, the answer's first
      // nearly always (lead: this index's first hit is the answer's), among its first anyway.
      if (lead && guessed === null) {
        const [likeliest] = top(threats, 1, byBound);
        guessed = best.length && byBoundAgainst(likeliest, best[0].doc) > 0 ? best[0].doc : likeliest;
        // Not waited for: documentOf reads it again, from the same promise.
        ix.get(`doc/${Math.floor(guessed / m.docChunk)}`).catch(() => {});
      }
      // The blocks the strongest threats wait on, fetched together.
      const needed = new Map();
      for (const doc of top(threats, want, byBound)) {
        for (const [n, impact] of impacts.entries()) if (Number.isNaN(impact[doc])) needed.set(blockOf(n, doc), n);
      }
      await Promise.all([...needed].map(async ([[first, file], n]) => {
        // The block's impacts are those of the term's tail postings from its first document on.
        const { v, i: digits } = await ix.get(`tail/${file}`);
        const i = numbers(digits, Int32Array), impact = impacts[n], { docs, at } = postings.get(terms[n]);
        let k = 0;
        for (let high = docs.length; k < high;) { const mid = (k + high) >> 1; if (docs[mid] < first) k = mid + 1; else high = mid; }
        for (let j = 0; j < i.length; k++) if (at[k] < 0) impact[docs[k]] = v[i[j++]];
      }));
    }
  }

  // The first `want` of items in the order `before` gives, without sorting them all.
  function top(items, want, before) {
    if (items.length <= want * 4) return items.sort(before).slice(0, want);
    const best = [];
    for (const item of items) {
      if (best.length === want && before(item, best[want - 1]) >= 0) continue;
      let at = best.length === want ? want - 1 : best.length;
      while (at > 0 && before(item, best[at - 1]) < 0) { best[at] = best[at - 1]; at--; }
      best[at] = item;
      if (best.length > want) best.length = want;
    }
    return best;
  }

  // indexes: this language's index, then (on a translated site) the original language's.
  // This language's matches come first, then the original's that no translation covers.
  async function rank(indexes, query, filters, want) {
    const [own] = indexes;
    const m = await own.manifest();
    want ??= m.rules.results;
    const parts = await Promise.all(indexes.map((ix) => rankOne(ix, query, filters, ix === own ? new Set() : m.covers, want, ix === own)));
    const counts = { team: {}, kind: {} };
    for (const part of parts) {
      for (const name of ["team", "kind"]) {
        for (const [value, n] of Object.entries(part.counts[name])) counts[name][value] = (counts[name][value] || 0) + n;
      }
    }
    const cards = [...new Set(parts.flatMap((part) => part.plan.cards))];
    const hits = parts.flatMap((part) => part.hits.map((hit) => ({ ...hit, original: part.index !== own })));
    // The words that matched nothing in this language's index, nor (normalised this language's
    // way) in the original's; and the query without them, when a word that matched is left.
    const mine = parts[0].plan;
    let unmatched = mine.unmatched;
    if (parts[1]) {
      const theirs = parts[1].plan;
      const matchedThere = new Set(theirs.words.filter((w) => !theirs.unmatched.includes(w)).map(m.normalise));
      unmatched = unmatched.filter((w) => !matchedThere.has(w));
    }
    const offer = !unmatched.length || mine.words.every((w) => unmatched.includes(w)) ? ""
      : words(query, m).filter((w) => !unmatched.includes(w)).join(" ");
    return { plan: { terms: mine.terms, cards, unmatched, offer }, parts, hits: hits.slice(0, want),
      total: parts.reduce((sum, part) => sum + part.total, 0), counts, manifest: m };
  }

  // generator/search/rank.py highlight_stems: each term's own, and every member's of a synonym group.
  const highlightStems = (terms, m) => {
    const synonym = (t) => t.startsWith(m.synonymPrefix);
    const groups = new Set(terms.filter(synonym));
    const stems = terms.filter((t) => !synonym(t));
    for (const [words, term] of m.phrases) if (groups.has(term)) stems.push(...words);
    return [...new Set(stems)];
  };

  // generator/search/rank.py _matches: a normalised word starts with a stem, or with all but the last
  // letter of a long enough stem and is at most one letter longer.
  const matches = (word, stems, m) => {
    word = m.normalise(word);
    const n = length(word);
    return stems.some((s) => {
      if (word.startsWith(s)) return true;
      const letters = Array.from(s);
      return letters.length >= m.rules.highlightSlack && word.startsWith(letters.slice(0, -1).join(""))
        && n <= letters.length + 1;
    });
  };

  // generator/search/rank.py snippet: the window of text around the first matched word, and the
  // [start, end) spans of the matched words in it.
  function snippet(text, stems, m) {
    const width = m.rules.snippetWidth, lead = Math.floor(width / m.rules.snippetLead);
    const found = [...text.matchAll(m.word)].find((w) => matches(w[0], stems, m));
    const first = found ? found.index : 0;
    const start = first < lead ? 0 : text.indexOf(" ", first - lead) + 1;
    // The last space before start + width (Python's rfind stops short of its end).
    const end = text.length - start <= width ? text.length
      : Math.max(text.lastIndexOf(" ", start + width - 1), start + 1);
    const window = (start ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
    const spans = [...window.matchAll(m.word)].filter((w) => matches(w[0], stems, m))
      .map((w) => [w.index, w.index + w[0].length]);
    return { text: window, spans };
  }

  // generator/tools/query.py closest_teams: nothing found, so the teams whose keywords come closest
  // to the query's words (one edit away, or the same first letters), closest first.
  function closestTeams(query, keywords, m) {
    const rules = m.rules, n = rules.fallbackPrefix;
    const start = (w) => Array.from(w).slice(0, n).join("");
    const found = queryWords(query, m, rules.fallbackMinLength);
    const scored = [];
    for (const [team, phrases] of Object.entries(keywords)) {
      const kw = new Set(phrases.flatMap((phrase) => words(phrase, m)));
      const score = found.filter((w) => [...kw].some((k) => k === w || oneEdit(w, k)
        || (length(w) >= n && length(k) >= n && start(k) === start(w)))).length;
      if (score) scored.push([-score, team]);
    }
    scored.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
    return scored.slice(0, rules.fallbackTeams).map(([, team]) => team);
  }

  const core = { FORMAT, numbers, facets, frontCoded, prepare, openIndex, shardOf, oneEdit, words, term, groupTerms, cards, plan, rankOne, rank, documentOf, teamCard,
    highlightStems, matches, snippet, closestTeams };
  if (typeof module !== "undefined" && module.exports) module.exports = core;
  else globalThis.portalSearchCore = core;
})();
