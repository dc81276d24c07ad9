/* Feedback links carry the page's full address (the built links only know its path). */
(() => {
  "use strict";
  const SUBJECT = { yes: "Helpful", no: "Not helpful", problem: "Problem with a page" };
  for (const box of document.querySelectorAll("[data-portal-feedback]")) {
    const { via, to, title, anchor } = box.dataset;
    const url = location.href.split("#")[0] + (anchor ? `#${anchor}` : "");
    for (const link of box.querySelectorAll("a[data-answer]")) {
      const answer = link.dataset.answer;
      if (via === "email") {
        const subject = `${SUBJECT[answer]}: ${title} (${url})`;
        const body = answer === "problem" ? "What is wrong or missing on this page?\n\n" : "";
        link.href = `mailto:${to}?subject=${encodeURIComponent(subject)}${body ? `&body=${encodeURIComponent(body)}` : ""}`;
      } else {
        const form = to.replaceAll("{url}", encodeURIComponent(url)).replaceAll("{title}", encodeURIComponent(title));
        link.href = `${form}${form.includes("?") ? "&" : "?"}answer=${answer}`;
      }
    }
  }
})();
