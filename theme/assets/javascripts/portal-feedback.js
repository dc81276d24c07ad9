/* Feedback links carry the page's full address (the built links only know its path), and
   "Was this helpful?" is answered in the page: Yes thanks the reader; No thanks them too and
   says what to do next, with a link to tell the owning team. No mail client is needed for either. */
(() => {
  "use strict";
  // The page's language's words (theme/labels.yml, via main.html): the subjects and the
  // question a message starts with are the reader's, like the rest of the page.
  const labels = JSON.parse(document.getElementById("portal-labels").textContent);
  for (const box of document.querySelectorAll("[data-portal-feedback]")) {
    // The title comes percent-encoded: a page's text holds it, and no character of it may mean anything there.
    const { via, to, anchor } = box.dataset;
    const title = decodeURIComponent(box.dataset.title);
    const url = location.href.split("#")[0] + (anchor ? `#${anchor}` : "");
    for (const link of box.querySelectorAll("a[data-answer]")) {
      const answer = link.dataset.answer;
      if (via === "email") {
        const subject = `${labels.feedback_subject[answer]}: ${title} (${url})`;
        const body = answer === "yes" ? "" : `${labels.feedback_body}\n\n`;
        link.href = `mailto:${to}?subject=${encodeURIComponent(subject)}${body ? `&body=${encodeURIComponent(body)}` : ""}`;
      } else {
        const form = to.replaceAll("{url}", encodeURIComponent(url)).replaceAll("{title}", encodeURIComponent(title));
        link.href = `${form}${form.includes("?") ? "&" : "?"}answer=${answer}`;
      }
    }
    const question = box.querySelector(".portal-feedback__question");
    const choices = box.querySelectorAll(".portal-feedback__yes, .portal-feedback__no");
    const thanks = box.querySelector(".portal-feedback__thanks");
    const next = box.querySelector(".portal-feedback__next");
    for (const choice of choices) {
      choice.setAttribute("role", "button");
      choice.addEventListener("click", (event) => {
        event.preventDefault();
        // For the site's analytics, when it has any (portal-analytics.js): the page, its part and its team.
        document.dispatchEvent(new CustomEvent("portal:feedback", { detail: {
          answer: choice.dataset.answer === "yes" ? "helpful" : "not helpful",
          page: location.pathname + (anchor ? `#${anchor}` : ""), team: box.dataset.team || "" } }));
        for (const other of [question, ...choices]) other.hidden = true;
        thanks.hidden = false;
        next.hidden = choice.dataset.answer !== "no";
        (choice.dataset.answer === "no" ? next.querySelector("a") : thanks).focus?.();
      });
    }
  }
})();
