"""Stage 3: the checked model becomes a plain docs tree (Markdown) and its navigation.

Structured facts (contact cards, SOP headers, eligibility) are rendered to HTML by the
widget partials in theme/partials and placed into the Markdown where they belong; prose
stays Markdown so MkDocs renders it, builds its table of contents and validates its links.
The tree mirrors content/ (teams/<id>/sops/<slug>.md), so relative links that owners write
between their Markdown files keep working.
"""

from __future__ import annotations

import html
import posixpath
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

import yaml

from ..content.languages import labels
from ..content.markdown import Reader, escape_markdown, is_relative, resolve
from ..content.model import Content, TeamArticle, TeamContent, sop_due
from ..content.schema import SopMeta
from ..diagnostics import Diagnostic, Severity
from ..escape import html_text
from ..i18n.dates import long_date, moment
from ..i18n.numbers import duration, listing
from .feed import atom_feed
from .nav import navigation
from .urls import href, md_link, page_url, team_path
from .vcard import vcard
from .widgets import Widgets, open_now_data, plain


@dataclass
class Site:
    """The generated docs tree: what MkDocs builds."""

    site_name: str
    pages: dict[str, str] = field(default_factory=dict)  # docs path -> Markdown
    texts: dict[str, str] = field(default_factory=dict)  # docs path -> another generated file (vCards)
    files: dict[str, Path] = field(default_factory=dict)  # docs path -> file copied as it is
    sources: dict[str, list[str]] = field(default_factory=dict)  # docs path -> the content files it came from
    date: date = date(2000, 1, 1)  # the content's date: its last commit, else the day it is built for
    nav: list = field(default_factory=list)
    analytics: dict = field(default_factory=dict)  # the organisation's own web analytics, for the pages' scripts
    urgent: list[dict] = field(default_factory=list)  # urgent notices for the banner on every page


class _Written(dict[str, str]):
    """Pages whose text may be a function that writes it, written when the page is first read."""

    def later(self, path: str, write: Callable[[], str]) -> None:
        super().__setitem__(path, cast(str, write))  # the function itself, until the page is read

    def __getitem__(self, path: str) -> str:
        text: str | Callable[[], str] = super().__getitem__(path)
        if callable(text):
            text = text().rstrip() + "\n"
            self[path] = text
        return text


def human_date(day: date, lang: str = "en") -> dict:
    return {"iso": day.isoformat(), "text": long_date(day, lang)}


def rebase_links(reader: Reader, markdown: str, written_in: str, shown_in: str) -> str:
    """Relative links resolve from the file the owner wrote them in, wherever the text is shown.

    Benefits are written in teams/<id>/benefits.yml but shown on the catalogue page at the top.
    """
    changes = []
    for url in reader.read(markdown).urls:
        if url.span is not None and is_relative(url.value):
            rebased = posixpath.relpath(resolve(written_in, url.value), shown_in or ".")
            changes.append((*url.span, html.escape(rebased, quote=True)))
    for start, end, new in sorted(changes, reverse=True):
        markdown = markdown[:start] + new + markdown[end:]
    return markdown


def _front_matter(title: str, description: str | None, feedback: dict | None = None, facts: dict | None = None) -> str:
    # The portal's own search replaces Material's: keep its index (a single file) empty.
    # Material prints title and description into <title>, <meta> and the header as they are.
    meta = {"title": html_text(title), "search": {"exclude": True}}
    if description:
        meta["description"] = html_text(description)
    if feedback:
        meta["portal_feedback"] = feedback  # theme/partials/page-feedback.html
    if facts:
        meta["portal_page"] = facts  # theme/partials/page-facts.html
    # Written as before when nothing in it changed: the preview renders every page after each edit.
    key = repr(meta) if plain(meta) else None
    text = _FRONT_MATTERS.get(key) if key is not None else None
    if text is None:
        text = "---\n" + yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=True) + "---\n\n"
        if key is not None:
            if len(_FRONT_MATTERS) >= 50_000:
                _FRONT_MATTERS.clear()
            _FRONT_MATTERS[key] = text
    return text


_FRONT_MATTERS: dict[str, str] = {}  # repr of a page's front matter -> its YAML


# libyaml's emitter where it is installed: a page's front matter is written for every page in
# every language, and `portal check` renders them all; the pure-Python emitter was a tenth of it.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


# Generated sections keep their English anchors in every language, so links to them hold.
HEADING_IDS = {"services": "services", "service_figures": "service-figures", "procedures": "procedures",
               "frequently_asked": "frequently-asked-questions", "benefits": "benefits",
               "more_from_team": "more-from-the-team", "most_asked": "most-asked-questions", "teams": "teams",
               "news": "news"}
RECENTLY_CHANGED = 20  # changed pages listed under "What's new" besides the announcements


def _initial(word: str) -> str:
    """The letter a topic is listed under: 'Épargne' under E, '401k' under #."""
    first = unicodedata.normalize("NFD", word.strip())[:1].upper()
    return first if first.isalpha() else "#"


class _Renderer:
    def __init__(self, content: Content, theme_dir: Path, today: date, changed: dict[str, date], lang: str | None,
                 whole: bool = True):
        self.content = content
        self.whole = whole
        self.today = today
        self.changed = changed  # content file -> date of its last commit
        self.settings = content.settings.value
        matomo = self.settings.analytics.matomo
        self.site = Site(self.settings.organisation, analytics={"engine": "matomo", "url": matomo.url,
                                                                "site_id": matomo.site_id} if matomo else {})
        self.diagnostics: list[Diagnostic] = []
        self.claimed: dict[str, str] = {}
        self.locations = {loc.id: loc.name for loc in self.settings.locations}
        self.employment_types = {t.id: t.name for t in self.settings.employment_types}
        self.audiences = {a.id: a.name for a in self.settings.audiences}
        self.original_lang = self.settings.languages[0]
        self.lang = lang or self.original_lang
        self.t = labels(self.lang)
        self.widgets = Widgets(theme_dir, self.t, self.lang, self.settings)

    # --- output ------------------------------------------------------------------------------

    def claim(self, docs_path: str, source: str) -> bool:
        """Two sources must never write one URL; case-insensitive file systems count too."""
        key = docs_path.casefold()
        if key in self.claimed:
            self.diagnostics.append(Diagnostic(
                source, 1, 1, Severity.ERROR, "duplicate-url",
                f"this file would be published at {docs_path}, which {self.claimed[key]} already uses",
                hint="rename one of the two files (names that differ only in capitals count as the same)"))
            return False
        self.claimed[key] = source
        return True

    def page(self, docs_path: str, sources: str | list[str], title: str, description: str | None,
             body: str | Callable[[], str], owner: str | None = None, editable: bool = False) -> None:
        """A generated page; `editable` when one content file makes it, so 'Edit this page' can lead
        there. body may be a function that writes it: a partial rendering writes it when it is read."""
        sources = [sources] if isinstance(sources, str) else sources
        if self.claim(docs_path, sources[0]):
            pages = self.site.pages
            if not self.whole and callable(body) and isinstance(pages, _Written):
                pages.later(docs_path, body)
            elif not self.whole:
                pages[docs_path] = (body() if callable(body) else body).rstrip() + "\n"
            else:
                meta = _front_matter(title, description, self.feedback(docs_path, title, owner),
                                     self.page_facts(sources, editable))
                self.site.pages[docs_path] = meta + (body() if callable(body) else body).rstrip() + "\n"
            self.site.sources[docs_path] = sources

    def page_facts(self, sources: list[str], editable: bool) -> dict | None:
        """When the page's content last changed (from history) and where to edit it."""
        facts: dict[str, dict[str, str] | str] = {}
        dates = [self.changed[s] for s in sources if s in self.changed]
        if dates:
            facts["changed"] = human_date(max(dates), self.lang)
        repository = self.settings.repository
        if editable and repository:
            facts["edit"] = repository.edit.format(url=repository.url.rstrip("/"), branch=repository.branch,
                                                   path=sources[0])
        return facts or None

    def feedback(self, docs_path: str, title: str, owner: str | None) -> dict | None:
        """Where feedback on this page goes: its team (the one named, or the folder it is in),
        else (a generated page no team owns, or an owner that is not a team) the help desk."""
        parts = docs_path.split("/")
        team_id = owner if owner in self.content.teams else (
            parts[1] if parts[0] == "teams" and len(parts) > 2 else self.settings.help_desk)
        return self.feedback_to(team_id, title)

    def feedback_to(self, team_id: str | None, title: str, anchor: str | None = None) -> dict | None:
        """Feedback to a team, through the channel portal.yml chooses; `anchor` when it is on
        one part of a page (a benefit in the catalogue)."""
        team = self.content.teams.get(team_id) if team_id else None
        settings = self.settings.feedback
        found: dict | None = None
        if settings.via == "form":
            found = {"via": "form", "to": settings.form, "title": title, "team": None, "team_id": team_id}
        elif team is not None:
            email = next((c.value for c in team.team.value.channels if c.type == "email"), None)
            found = {"via": "email", "to": email, "title": title, "team": team.name, "team_id": team_id} if email else None
        if found and anchor:
            found["anchor"] = anchor
        return found

    def heading(self, key: str) -> str:
        """A generated section's heading in the page's language; its anchor stays the same in all."""
        return f"## {escape_markdown(self.t[key])} {{#{HEADING_IDS[key]}}}"

    def translation_notice(self, path: str, translated: bool, outdated: bool = False,
                           key: str = "untranslated") -> list[str]:
        """Tell a reader in another language that the page is not (or not fully, or no longer)
        translated, with a link to the page in the original language."""
        if self.lang == self.original_lang:
            return []
        if translated:
            if not outdated:
                return []
            key = "outdated"
        target = "../" * (page_url(path).count("/") + 1) + page_url(path)
        return [f'<p class="portal-translation portal-translation--{key}">{html.escape(self.t[key])} '
                f'<a href="{target}" hreflang="{self.original_lang}">{html.escape(self.t["read_original"])}</a></p>', ""]

    def outdated_part(self, outdated: bool) -> list[str]:
        """Where a translated part (a question, a benefit) is shown: its original changed since."""
        if not outdated:
            return []
        return [f'<p class="portal-outdated">{html.escape(self.t["outdated_part"])}</p>', ""]

    def restricted(self, audience: str | None) -> list[str]:
        """The line that tells a reader of an audience's site not to pass the text on."""
        if audience is None:
            return []
        words = html.escape(self.t["audience_only"]).replace("{audience}", f"<bdi>{html_text(self.audiences[audience])}</bdi>")
        return [f'<p class="portal-audience">{words}</p>', ""]

    # --- pages -------------------------------------------------------------------------------

    def team_page(self, team: TeamContent) -> None:
        path = team_path(team, "index.md")
        value = team.team.value
        self.page(path, team.team.doc.path, value.name, value.summary, lambda: self.team_text(team, path), editable=True)

    def team_text(self, team: TeamContent, path: str) -> str:
        value = team.team.value
        lines = [f"# {escape_markdown(value.name)}", "",
                 *self.translation_notice(path, self.lang in team.translations, bool(team.team.outdated)),
                 escape_markdown(value.summary), "", self.widgets.render("contact-card.html", card=self.widgets.card(team)), ""]
        lines += self.before_you_write(team, path)
        if value.services:
            services = self.widgets.render("services.html", services=self.widgets.services(team))
            lines += [self.heading("services"), "", services, ""]
        if team.tickets:
            lines += [self.heading("service_figures"), "", self.widgets.figures(team), ""]
        if team.sops:
            lines += [self.heading("procedures"), "", self.widgets.article_list(path, team, "sops", summaries=True), ""]
        if team.faq:
            lines += [self.heading("frequently_asked"), ""]
            faq_path = team_path(team, "faq.md")
            lines += [f"- [{escape_markdown(q.value.question)}]({md_link(path, faq_path, q.value.id)})" for q in team.faq]
            lines.append("")
        benefits = self.benefits_of(team.id)
        if benefits:
            lines += [self.heading("benefits"), ""]
            lines += [f"- [{escape_markdown(b.name)}]({md_link(path, 'benefits.md', b.id)}): {escape_markdown(b.summary)}"
                      for b in benefits]
            lines.append("")
        if team.pages:
            lines += [self.heading("more_from_team"), "", self.widgets.article_list(path, team, "pages", summaries=False), ""]
        return "\n".join(lines)

    def before_you_write(self, team: TeamContent, path: str) -> list[str]:
        """Beside the contact card: the most asked questions (FAQ files list them first) and
        procedures, so the answer is one click away before an employee writes."""
        faq_path = team_path(team, "faq.md")
        asked = [f"[{escape_markdown(q.value.question)}]({md_link(path, faq_path, q.value.id)})" for q in team.faq[:3]]
        sops = sorted(team.sops, key=lambda a: a.meta.value.title.casefold())[:3]
        asked += [f"[{escape_markdown(a.meta.value.title)}]({md_link(path, team_path(team, 'sops', a.slug + '.md'))})"
                  for a in sops]
        if not asked:
            return []
        return ['<div class="portal-before" markdown>', "", f"**{escape_markdown(self.t['before_you_write'])}**", "",
                *[f"- {link}" for link in asked], "", "</div>", ""]

    def benefits_of(self, team_id: str) -> list:
        """Benefits the team administers or is the contact for."""
        found = []
        for team in self.content.teams.values():
            for entry in team.benefits:
                contact = entry.value.contact or team.id
                if team.id == team_id or contact == team_id:
                    found.append(entry.value)
        return sorted({b.id: b for b in found}.values(), key=lambda b: b.name.casefold())

    def faq_page(self, team: TeamContent) -> None:
        path = team_path(team, "faq.md")
        name = team.team.value.name
        contact = md_link(path, team_path(team, "index.md"), "contact")
        lines = [f"# {escape_markdown(self.t['faq_heading'].replace('{team}', name))}", "",
                 self.t["not_answered"].format(team=escape_markdown(name), contact=contact), ""]
        translated = {q.value.id for q in team.faq_translations.get(self.lang, [])}
        lines += self.translation_notice(path, all(q.value.id in translated for q in team.faq),
                                         any(q.outdated for q in team.faq), key="some_untranslated")
        for entry in team.faq:
            lines += [f"## {escape_markdown(entry.value.question)} {{#{entry.value.id}}}", "",
                      *self.restricted(entry.value.audience), *self.outdated_part(entry.is_outdated()),
                      entry.value.answer.strip("\n").rstrip(), ""]
        self.page(path, team.faq[0].doc.path, self.t["faq_title"].replace("{team}", name),
                  self.t["faq_description"].replace("{team}", name), "\n".join(lines), editable=True)

    def article_page(self, team: TeamContent, article: TeamArticle, folder: str) -> None:
        path = team_path(team, folder, article.slug + ".md")
        meta = article.meta.value
        self.page(path, article.source, meta.title, meta.summary, lambda: self.article_text(team, article, path),
                  editable=True)

    def article_text(self, team: TeamContent, article: TeamArticle, path: str) -> str:
        meta = article.meta.value
        lines = [f"# {escape_markdown(meta.title)}", "", *self.restricted(meta.audience),
                 *self.translation_notice(path, article.original is not None, article.outdated)]
        if isinstance(meta, SopMeta):
            due = sop_due(meta)
            sop = {"team_name": team.name, "team_href": href(path, team_path(team, "index.md")),
                   "owner": meta.owner, "reviewed": human_date(meta.reviewed, self.lang), "due": human_date(due, self.lang),
                   "overdue": due < self.today}
            lines += [self.widgets.render("sop-header.html", sop=sop), ""]
        if meta.summary:
            lines += [f"*{escape_markdown(meta.summary)}*", ""]
        # Only blank lines go: leading spaces make indented code, as the check read it.
        lines.append(article.body.strip("\n").rstrip())
        return "\n".join(lines)

    def benefits_page(self) -> None:
        path = "benefits.md"
        entries = [(team, entry) for team in self.content.teams.values() for entry in team.benefits]
        if not entries:
            return
        lines = [f"# {escape_markdown(self.t['benefits'])}", "", escape_markdown(self.t["benefits_catalogue_intro"]), "",
                 self.widgets.profile(), ""]
        by_category = sorted(entries, key=lambda pair: (pair[1].value.category.casefold(), pair[1].value.name.casefold()))
        for category, group in groupby(by_category, key=lambda pair: pair[1].value.category):
            # Each benefit in an element of its own, so portal-profile.js can put the reader's first.
            lines += [f"## {escape_markdown(category)}", "", '<div class="portal-benefits" data-portal-tailor markdown>', ""]
            for team, entry in group:
                benefit = entry.value
                contact_id = benefit.contact or team.id
                eligibility = benefit.eligibility
                data = {
                    "id": benefit.id,
                    "locations": listing([self.locations[i] for i in eligibility.locations], self.lang)
                    or self.t["all_offices"],
                    "employment_types": listing([self.employment_types[i] for i in eligibility.employment_types], self.lang)
                    or self.t["all_employment_types"],
                    "waiting_period": duration(eligibility.waiting_period, self.lang, self.t)
                    if eligibility.waiting_period else None, "notes": eligibility.notes,
                    "contact_name": self.content.teams[contact_id].name,
                    "contact_href": href(path, f"teams/{contact_id}/index.md", "contact"),
                }
                folder = team_path(team)
                lines += [f'<section class="portal-benefit" data-locations="{" ".join(eligibility.locations)}" '
                          f'data-contracts="{" ".join(eligibility.employment_types)}" markdown>', "",
                          f"### {escape_markdown(benefit.name)} {{#{benefit.id}}}", "", *self.restricted(benefit.audience),
                          *self.outdated_part(bool(entry.outdated)),
                          escape_markdown(benefit.summary), "",
                          self.widgets.render("benefit-eligibility.html", benefit=data), "",
                          f"**{escape_markdown(self.t['how_to_claim'])}**", "",
                          rebase_links(self.content.markdown, benefit.how_to_claim.strip("\n").rstrip(), folder, ""), ""]
                if benefit.details:
                    lines += [rebase_links(self.content.markdown, benefit.details.strip("\n").rstrip(), folder, ""), ""]
                # The catalogue spans teams: feedback on a benefit goes to the team whose benefits it is.
                feedback = self.feedback_to(team.id, self.t["benefit_feedback"].replace("{name}", benefit.name), benefit.id)
                if feedback:
                    lines += [self.widgets.render("feedback-box.html", feedback=feedback,
                                                  address=f"{page_url(path)}#{benefit.id}"), ""]
                lines += ["</section>", ""]
            lines += ["</div>", ""]
        sources = sorted({entry.doc.path for _, entry in entries})
        # Feedback on the page as a whole: to the team whose benefits they all are, else (the
        # page is made from several teams' benefits) to the help desk.
        owners = {team.id for team, _ in entries}
        self.page(path, sources, self.t["benefits"], self.t["benefits_catalogue"], "\n".join(lines),
                  owner=owners.pop() if len(owners) == 1 else None)

    def team_cards(self, from_path: str) -> str:
        teams = [{"name": t.name, "summary": t.team.value.summary, "href": href(from_path, team_path(t, "index.md"))}
                 for t in sorted(self.content.teams.values(), key=lambda t: t.name.casefold())]
        return self.widgets.render("team-grid.html", teams=teams)

    def home_page(self) -> None:
        path = "index.md"
        s = self.settings
        lines = [f"# {escape_markdown(s.organisation)}", ""]
        if s.tagline or s.welcome:
            lines += self.translation_notice(path, self.lang in self.content.translations)
        if s.tagline:
            lines += [f"*{escape_markdown(s.tagline)}*", ""]
        if s.welcome:
            lines += [s.welcome.strip("\n").rstrip(), ""]
        if s.help_desk in self.content.teams:
            desk = self.content.teams[s.help_desk]
            lines += [self.t["not_sure"].format(directory=md_link(path, "teams/index.md"), desk=escape_markdown(desk.name),
                                                contact=md_link(path, team_path(desk, "index.md"), "contact")), ""]
        featured = [(team, q) for team in self.content.teams.values() for q in team.faq if q.value.featured]
        if featured:
            lines += [self.heading("most_asked"), ""]
            for team, q in featured:
                link = md_link(path, team_path(team, "faq.md"), q.value.id)
                lines.append(f"- [{escape_markdown(q.value.question)}]({link}) ({escape_markdown(team.name)})")
            lines.append("")
        lines += [self.heading("teams"), "", self.team_cards(path), ""]
        if self.settings.locations and self.settings.employment_types:
            lines += [f"## {escape_markdown(self.t['your_office_and_contract'])} {{#your-office-and-contract}}", "",
                      self.widgets.profile(), ""]
        if "benefits.md" in self.site.pages:
            lines += [self.heading("benefits"), "", self.t["benefits_intro"].format(link=md_link(path, "benefits.md")), ""]
        if self.content.news:
            lines += [self.heading("news"), ""]
            for item in self.content.news[:5]:
                link = md_link(path, f"news/{item.article.slug}.md")
                title = escape_markdown(item.article.meta.value.title)
                lines.append(f"- {human_date(item.date, self.lang)['text']}: [{title}]({link})")
            lines.append("")
        self.page(path, self.content.settings.doc.path, self.t["home"], s.tagline, "\n".join(lines))

    def teams_index(self) -> None:
        """'Who do I contact?': an A–Z of the topics teams declare, and every team's channels."""
        path = "teams/index.md"
        teams = sorted(self.content.teams.values(), key=lambda t: t.name.casefold())
        # Topics: the teams' keywords (to the contact card) and services (to the service).
        topics = [(keyword, team, "contact") for team in teams for keyword in team.team.value.keywords]
        topics += [(name, team, service.id) for team in teams for service in team.team.value.services
                   for name in [service.name, *service.keywords]]
        # A keyword that is also a service's name is listed once, leading to the service.
        topics.sort(key=lambda t: (t[0].casefold(), t[1].name.casefold(), t[2] == "contact"))
        topics = [t for n, t in enumerate(topics)
                  if n == 0 or (t[0].casefold(), t[1].id) != (topics[n - 1][0].casefold(), topics[n - 1][1].id)]
        by_letter = [(letter, [{"topic": topic, "team": team.name, "filter": f"{topic} {team.name}",
                                "href": href(path, team_path(team, "index.md"), anchor)}
                               for topic, team, anchor in group])
                     for letter, group in groupby(topics, key=lambda t: _initial(t[0]))]
        cards = [{"id": t.id, "name": t.name, "summary": t.team.value.summary,
                  "href": href(path, team_path(t, "index.md"), "contact"),
                  "filter": " ".join([t.name, t.team.value.summary, *t.team.value.keywords]),
                  "channels": [self.widgets.channel(c) for c in t.team.value.channels],
                  "open": open_now_data(t.team.value.office_hours) if t.team.value.office_hours else None}
                 for t in teams]
        desk = self.content.teams.get(self.settings.help_desk or "")
        help_card = {"name": desk.name, "href": href(path, team_path(desk, "index.md"), "contact")} if desk else None
        lines = [f"# {escape_markdown(self.t['who_to_contact'])}", "", escape_markdown(self.t["who_to_contact_intro"]), "",
                 self.widgets.render("directory.html", topics=by_letter, teams=cards, help=help_card)]
        self.page(path, self.content.settings.doc.path, self.t["who_to_contact"], self.t["who_to_contact_summary"],
                  "\n".join(lines))

    def whats_new(self) -> list[dict]:
        """Announcements first (newest first), then the recently changed content (from history,
        newest first), with their teams: many small edits never push an announcement down."""
        items = [{"date": item.date, "urgent": item.article.meta.value.urgent, "title": item.article.meta.value.title,
                  "path": f"news/{item.article.slug}.md",
                  "team": self.content.teams[item.article.meta.value.team].name
                  if item.article.meta.value.team in self.content.teams else self.settings.organisation,
                  "what": "news", "summary": item.article.meta.value.summary or ""} for item in self.content.news]
        changed = []
        for team in self.content.teams.values():
            pages = [(team_path(team, "index.md"), team.team.doc.path, team.name, team.team.value.summary)]
            if team.faq:
                pages.append((team_path(team, "faq.md"), team.faq[0].doc.path, f"{team.name}: FAQ", ""))
            for folder, articles in team.articles():
                pages += [(team_path(team, folder, a.slug + ".md"), a.source, a.meta.value.title,
                           a.meta.value.summary or "") for a in articles]
            changed += [{"date": self.changed[source], "title": title, "path": path, "team": team.name,
                         "what": "updated", "summary": summary}
                        for path, source, title, summary in pages if source in self.changed]
        changed.sort(key=lambda c: (c["date"], c["path"]), reverse=True)
        items.sort(key=lambda c: (c["urgent"], c["date"], c["path"]), reverse=True)  # urgent notices first
        return items + changed[:RECENTLY_CHANGED]

    def urgent_notices(self) -> None:
        """The banner on every page: urgent announcements that have not ended by the day the site
        is built for. Each carries its end, so the reader's browser hides it when that passes."""
        # An organisation without offices has no time zone of its own: its notices end in UTC.
        zone = ZoneInfo(self.settings.locations[0].timezone if self.settings.locations else "UTC")
        for item in self.content.news:
            meta = item.article.meta.value
            if not meta.urgent or meta.ends is None:
                continue
            ends = meta.ends if meta.ends.tzinfo else meta.ends.replace(tzinfo=zone)
            if ends.astimezone(zone).date() < self.today:
                continue
            self.site.urgent.append({"title": meta.title, "url": page_url(f"news/{item.article.slug}.md"),
                                     "ends": ends.isoformat(), "until": self.t["urgent_until"].format(
                                         when=moment(ends, self.lang))})

    def news_pages(self) -> None:
        index = "news/index.md"
        lines = [f"# {escape_markdown(self.t['whats_new'])}", "", self.t["whats_new_intro"].format(feed="../feed.xml"), ""]
        items = self.whats_new()
        for entry in items:
            summary = f": {escape_markdown(entry['summary'])}" if entry["summary"] else ""
            what = self.t["news_from" if entry["what"] == "news" else "updated_by"]
            when = human_date(entry["date"], self.lang)["text"]
            lines.append(f"- {what.format(date=when, team=escape_markdown(entry['team']))}: "
                         f"[{escape_markdown(entry['title'])}]({md_link(index, entry['path'])}){summary}")
        self.site.texts["feed.xml"] = atom_feed(self.settings.organisation, items, self.t, self.lang)
        for item in self.content.news:
            meta = item.article.meta.value
            path = f"news/{item.article.slug}.md"
            body = [f"# {escape_markdown(meta.title)}", "", *self.restricted(meta.audience),
                    *self.translation_notice(path, item.article.original is not None, item.article.outdated),
                    f"<time datetime=\"{item.date.isoformat()}\">"
                    f"{human_date(item.date, self.lang)['text']}</time>", ""]
            if meta.team in self.content.teams:
                team = self.content.teams[meta.team]
                team_link = f"[{escape_markdown(team.name)}]({md_link(path, team_path(team, 'index.md'))})"
                body += [f'<p class="portal-news-from" markdown>{self.t["from_team"].format(team=team_link)}</p>', ""]
            body.append(item.article.body.strip("\n").rstrip())
            self.page(path, item.article.source, meta.title, meta.summary, "\n".join(body), owner=meta.team,
                      editable=True)
        self.page(index, self.content.settings.doc.path, self.t["whats_new"], self.t["whats_new_summary"],
                  "\n".join(lines))

    def run(self) -> Site:
        for team in self.content.teams.values():
            self.team_page(team)
            vcard_path = team_path(team, "contact.vcf")
            if self.claim(vcard_path, team.team.doc.path):
                self.site.texts[vcard_path] = vcard(self.settings.organisation, team)
            if team.faq:
                self.faq_page(team)
            for sop in team.sops:
                self.article_page(team, sop, "sops")
            for page in team.pages:
                self.article_page(team, page, "pages")
            for path, rel in team.files:
                docs_path = team_path(team, rel)
                if self.claim(docs_path, f"{Path(team.team.doc.path).parent.as_posix()}/{rel}"):
                    self.site.files[docs_path] = path
        self.benefits_page()
        self.teams_index()
        self.news_pages()
        self.urgent_notices()
        self.home_page()
        self.site.nav = navigation(self.content, self.site.pages, self.t)
        return self.site


def render(content: Content, theme_dir: Path, today: date, changed: dict[str, date] | None = None,
           lang: str | None = None, whole: bool = True) -> tuple[Site, list[Diagnostic]]:
    """The docs tree for content (localised for lang, by default the original language), as of
    today; diagnostics when two sources would claim one URL. Not whole, it is what the link check
    reads: every page's path, and the text of a team's or article's page (no front matter) written
    only when it is read, for the anchors of the few pages links name with one."""
    renderer = _Renderer(content, theme_dir, today, changed or {}, lang, whole)
    if not whole:
        renderer.site.pages = _Written()
    site = renderer.run()
    site.date = max(changed.values()) if changed else today
    return site, renderer.diagnostics
