/* Urgent notices end at their time whether or not the site is rebuilt by then: each is hidden
   once its end has passed (on load, and at the moment it passes while the page is open), and
   the banner with the last of them. */
(() => {
  "use strict";
  const notices = [...document.querySelectorAll(".portal-urgent[data-ends]")];
  const banner = document.querySelector(".md-banner");
  const update = () => {
    for (const notice of notices) notice.hidden = Date.now() >= Date.parse(notice.dataset.ends);
    if (banner) banner.hidden = notices.every((n) => n.hidden);
  };
  update();
  for (const notice of notices) {
    const left = Date.parse(notice.dataset.ends) - Date.now();
    if (left > 0 && left < 2 ** 31 - 1) setTimeout(update, left + 50);
  }
})();
