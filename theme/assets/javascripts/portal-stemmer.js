// Material ships the Snowball stemmers of lunr-languages for its own search. They register
// themselves on a global `lunr`, which the portal does not load: these are the only parts of
// it they touch. portal-search.js then calls lunr[language].stemmer(word).
(() => {
  const ignore = () => (token) => token;
  window.lunr = window.lunr || {
    Pipeline: { registerFunction() {} },
    trimmerSupport: { generateTrimmer: ignore },
    generateStopWordFilter: ignore,
  };
})();
