// The browser's search core (theme/assets/javascripts/portal-search-core.js) against the shared
// test vectors: the exported search files of a small organisation and what `portal search`
// answers on them (tests/test_search_vectors.py writes both). Run: node --test tests/js/
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..", "..");
const JAVASCRIPTS = path.join(ROOT, "theme/assets/javascripts");
// tests/test_search_vectors.py may point to the core as search/portal/search.js carries it
// (generator/search/script.py, its comments stripped), which must answer alike.
const core = require(process.env.PORTAL_SEARCH_CORE || path.join(JAVASCRIPTS, "portal-search-core.js"));
const VECTORS = path.join(ROOT, "tests/fixtures/search-vectors");
// tests/test_search_vectors.py may point to another export of the same organisation (one whose
// common terms have tails), which must answer alike.
const site = JSON.parse(fs.readFileSync(process.env.PORTAL_SEARCH_VECTORS_SITE || path.join(VECTORS, "site.json"), "utf8"));
const fetched = new Set();
const vectors = JSON.parse(fs.readFileSync(path.join(VECTORS, "vectors.json"), "utf8"));
// How many results to rank: fewer than a page's make more documents wait below the last one shown.
const WANT = Number(process.env.PORTAL_SEARCH_VECTORS_WANT || vectors.results);

// The Snowball stemmers the page imports (theme/assets/javascripts/snowball/, ES modules), by the
// name the manifest gives.
const { pathToFileURL } = require("node:url");
const stemmerFor = (name) => import(pathToFileURL(path.join(JAVASCRIPTS, "snowball", `${name}-stemmer.js`)).href)
  .then((module) => { const stemmer = new module.default(); return (word) => stemmer.stemWord(word); });

// The site's search files: site.json holds each one, unpacked, by its path under search/portal/
// (the Finnish site's under fi/). An index reads them through URLs, as the browser does.
const BASE = "file:///site/";
function openIndex(url) {
  return core.openIndex((file) => {
    const where = new URL(file, url).pathname.slice(new URL(BASE).pathname.length);
    const key = where.replace("search/portal/", "");
    if (!Object.hasOwn(site, key)) return Promise.reject(new Error(`${key}: not exported`));
    fetched.add(key);
    return Promise.resolve(structuredClone(site[key]));
  }, stemmerFor);
}
const siteOf = (lang) => (lang === "en" ? `${BASE}search/portal/` : `${BASE}${lang}/search/portal/`);
async function indexesOf(lang) {
  const own = openIndex(siteOf(lang));
  const m = await own.manifest();
  return m.original ? [own, openIndex(new URL(m.original.index, siteOf(lang)).href)] : [own];
}

for (const [lang, expected] of Object.entries(vectors.languages)) {
  test(`${lang}: queries plan, rank, highlight and fall back as portal search does`, async () => {
    const indexes = await indexesOf(lang);
    const [own] = indexes;
    const keywords = await own.get("keywords");
    for (const want of expected.searches) {
      const at = `${lang} ${JSON.stringify(want.query)} ${JSON.stringify(want.filters)}`;
      const got = await core.rank(indexes, want.query, { team: null, kind: null, ...want.filters }, WANT);
      const m = got.manifest;
      assert.deepEqual(got.parts[0].plan.terms, want.terms, `${at}: terms`);
      assert.deepEqual(got.parts[1] ? got.parts[1].plan.terms : [], want.original_terms, `${at}: original terms`);
      assert.deepEqual(got.plan.cards, want.cards, `${at}: cards`);
      assert.deepEqual(got.plan.unmatched, want.unmatched, `${at}: unmatched`);
      assert.equal(got.plan.offer, want.offer, `${at}: offer`);
      assert.deepEqual(got.parts[0].plan.concepts, want.concepts, `${at}: concepts`);
      assert.equal(got.total, want.total, `${at}: total`);
      assert.deepEqual(got.counts, want.facets, `${at}: facets`);
      const shown = got.hits.slice(0, m.rules.results);
      assert.deepEqual(shown.map((h) => [h.doc, h.original]), want.hits.slice(0, WANT).map((h) => [h.doc, h.original]), `${at}: ranking`);
      for (const [n, hit] of shown.entries()) {
        assert.ok(Math.abs(hit.score - want.hits[n].score) <= 1e-6, `${at}: score of ${hit.doc}: ${hit.score} != ${want.hits[n].score}`);
        const part = got.parts.find((p) => p.index === hit.index);
        const doc = await core.documentOf(hit.index, hit.doc);
        const snippet = core.snippet(doc.x, core.highlightStems(part.plan.terms, part.manifest), part.manifest);
        assert.deepEqual(snippet, { text: want.hits[n].snippet, spans: want.hits[n].highlights }, `${at}: snippet of ${hit.doc}`);
      }
      assert.deepEqual(got.total ? [] : core.closestTeams(want.query, keywords, m), want.fallback, `${at}: fallback`);
    }
  });

  test(`${lang}: words, terms and snippets as generator/search/analysis.py and rank.py make them`, async () => {
    const m = await (await indexesOf(lang))[0].manifest();
    for (const [text, words] of Object.entries(expected.words)) assert.deepEqual(core.words(text, m), words, text);
    for (const [word, term] of Object.entries(expected.terms)) assert.equal(core.term(word, m), term, word);
    for (const want of expected.snippets) {
      assert.deepEqual(core.snippet(want.text, want.stems, m), { text: want.snippet, spans: want.highlights },
        JSON.stringify([want.text.slice(0, 40), want.stems]));
    }
  });
}

test("an export with tails fetched some of them", { skip: !process.env.PORTAL_SEARCH_VECTORS_TAILS }, async () => {
  // After the queries above (node runs a file's tests in order): blocks were needed, not all.
  const tails = Object.keys(site).filter((key) => key.startsWith("tail/"));
  const used = tails.filter((key) => fetched.has(key));
  assert.ok(used.length > 0 && used.length < tails.length, `${used.length} of ${tails.length} tail blocks fetched`);
});

test("the browser reads every rule and field the manifest carries", () => {
  const source = ["portal-search-core.js", "portal-search.js"]
    .map((name) => fs.readFileSync(path.join(JAVASCRIPTS, name), "utf8")).join("\n");
  const manifest = site.manifest;
  for (const key of Object.keys(manifest)) assert.ok(source.includes(`.${key}`), `manifest field ${key} is never read`);
  for (const key of Object.keys(manifest.rules)) assert.ok(source.includes(`rules.${key}`), `rule ${key} is never read`);
  assert.equal(vectors.results, manifest.rules.results);
});

test("a manifest of another format is refused", async () => {
  const old = { ...structuredClone(site.manifest), version: site.manifest.version - 1 };
  const ix = core.openIndex(async () => structuredClone(old));
  await assert.rejects(ix.manifest(), /version/);
});
