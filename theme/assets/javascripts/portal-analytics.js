/* The organisation's own Matomo, when portal.yml names one: its documented tracking code (the
   _paq queue, then matomo.js from that server), plus what the portal's scripts tell the page:
   - portal:search   {query, results}  -> Site Search, so searches with no result are a report;
   - portal:result   {query, url, rank} -> event "Search result": which answer was opened, at what rank;
   - portal:feedback {answer, page, team} -> event "Feedback: <team id>", so each team finds its own.
   Without analytics in portal.yml this file is not on the page. */
(() => {
  "use strict";
  const config = JSON.parse(document.getElementById("portal-analytics").textContent);
  const base = config.url.replace(/\/?$/, "/");
  const language = document.documentElement.lang || "";
  const paq = (window._paq = window._paq || []);
  paq.push(["trackPageView"], ["enableLinkTracking"], ["setTrackerUrl", `${base}matomo.php`], ["setSiteId", String(config.site_id)]);
  const script = document.createElement("script");
  script.async = true;
  script.src = `${base}matomo.js`;
  document.head.append(script);
  // The site's language is the search category: the report reads each query with its language's analysis.
  document.addEventListener("portal:search", ({ detail }) => paq.push(["trackSiteSearch", detail.query, language, detail.results]));
  document.addEventListener("portal:result", ({ detail }) =>
    paq.push(["trackEvent", "Search result", detail.query, detail.url, detail.rank]));
  document.addEventListener("portal:feedback", ({ detail }) =>
    paq.push(["trackEvent", `Feedback: ${detail.team || "none"}`, detail.answer, detail.page]));
})();
