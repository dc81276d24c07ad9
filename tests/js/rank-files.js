// Ranks queries with the browser's core over an exported search directory on disk (its gzipped
// files, as the browser reads them), for tests/test_search_files.py:
//     node tests/js/rank-files.js <search/portal directory> <results wanted> '<JSON list of queries>'
// prints, per query, what the core answers and which files it read.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");
const { pathToFileURL } = require("node:url");

const JAVASCRIPTS = path.join(__dirname, "..", "..", "theme/assets/javascripts");
const core = require(path.join(JAVASCRIPTS, "portal-search-core.js"));
const stemmerFor = (name) => import(pathToFileURL(path.join(JAVASCRIPTS, "snowball", `${name}-stemmer.js`)).href)
  .then((module) => { const stemmer = new module.default(); return (word) => stemmer.stemWord(word); });

const [dir, want, queries] = process.argv.slice(2);
(async () => {
  const out = [];
  for (const query of JSON.parse(queries)) {
    const read = [];
    let bytes = 0;
    const ix = core.openIndex(async (file) => {
      const data = fs.readFileSync(path.join(dir, `${file}.json.gz`));
      read.push(file);
      bytes += data.length;
      return JSON.parse(zlib.gunzipSync(data));
    }, stemmerFor);
    const got = await core.rank([ix], query, { team: null, kind: null }, Number(want));
    if (got.hits.length) await core.documentOf(ix, got.hits[0].doc);
    out.push({ query, hits: got.hits.map((h) => [h.doc, h.score, h.concepts]), total: got.total, counts: got.counts, read, bytes });
  }
  process.stdout.write(JSON.stringify(out));
})().catch((error) => { console.error(error); process.exit(1); });
