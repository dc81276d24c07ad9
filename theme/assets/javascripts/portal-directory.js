/* "Who do I contact?": topics and teams filtered as the reader types. */
(() => {
  "use strict";
  // Case and accents do not matter: "cafe" finds "Café".
  const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().trim();
  for (const box of document.querySelectorAll("[data-portal-directory]")) {
    const input = box.querySelector(".portal-directory__filter");
    const items = [...box.querySelectorAll("[data-filter]")].map((el) => [el, fold(el.dataset.filter)]);
    const empty = box.querySelector(".portal-directory__empty");
    input.hidden = false;
    input.addEventListener("input", () => {
      const query = fold(input.value);
      let shown = 0;
      for (const [el, text] of items) {
        el.hidden = query !== "" && !text.includes(query);
        if (!el.hidden) shown += 1;
      }
      for (const letter of box.querySelectorAll(".portal-topics__letter")) {
        letter.hidden = !letter.querySelector("li:not([hidden])");
      }
      empty.hidden = shown > 0;
    });
  }
})();
