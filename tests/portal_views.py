"""The kinds of view the sample portal has, for the tests and scripts that look at each one in a
browser (tests/test_accessibility.py, tests/screenshots.py): where each is, and what a reader
does there first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

LANGUAGES = ["en", "fi", "pl", "ru", "vi", "fa"]
SCHEMES = {"light": "default", "dark": "slate"}  # the reader's system setting -> Material's scheme


@dataclass(frozen=True)
class View:
    name: str
    path: str  # below a language's site root
    act: Callable | None = None  # what the reader does once the page is there
    whole_page: bool = True  # False: what the window shows is the view (an open search box)

    def url(self, site_url: str, lang: str) -> str:
        return f"{site_url}/{'' if lang == LANGUAGES[0] else lang + '/'}{self.path}"


def search(query: str, shown: str) -> Callable:
    def open_search(page) -> None:
        page.keyboard.press("/")  # Material's shortcut opens the search box at every width
        page.keyboard.type(query)
        page.wait_for_selector(shown, state="visible")
    return open_search


def answer_no(page) -> None:
    page.locator(".portal-feedback__no").first.click()
    page.wait_for_selector(".portal-feedback__next", state="visible")


def choose_office(page) -> None:
    """The reader picks an office: what is not for it is marked, and shown once asked for."""
    page.select_option(".portal-profile select[name=office]", "warsaw")
    page.locator(".portal-not-mine__toggle").first.click()
    page.wait_for_selector(".portal-not-mine__badge", state="visible")


VIEWS = [
    View("home", ""),
    View("teams", "teams/"),
    View("team", "teams/it/"),
    View("faq", "teams/it/faq/"),
    View("sop", "teams/hr/sops/onboard-a-new-hire/"),
    View("page", "teams/it/pages/vpn/"),
    View("benefits", "benefits/"),
    View("news", "news/"),
    # A word every language's site finds (its own pages or the originals not translated yet).
    View("search", "", search("vpn", ".md-search-result__item"), whole_page=False),
    View("search-nothing", "", search("qzxvbnmq", ".portal-search__fallback .portal-search__card"), whole_page=False),
    View("feedback-no", "teams/hr/sops/onboard-a-new-hire/", answer_no),
    View("benefits-my-office", "benefits/", choose_office),
]


def visit(page, view: View, site_url: str, lang: str) -> None:
    """Open a view as a first-time reader sees it: nothing remembered from the views before it
    (an office chosen, a palette picked: the site keeps them in the browser)."""
    if page.url.startswith(site_url):
        page.evaluate("localStorage.clear()")
    page.goto(view.url(site_url, lang))


def settled(page, scheme: str) -> None:
    """Material has applied the palette the system setting asks for, and every transition is
    over (colours caught halfway through a fade are neither palette's)."""
    page.wait_for_function(
        """scheme => document.body.dataset.mdColorMedia !== undefined
                 && document.body.dataset.mdColorScheme === scheme
                 && !document.body.hasAttribute('data-md-color-switching')
                 && document.getAnimations().every(a => a.playState !== 'running')""", arg=scheme)
