"""Stage 2: checks across files, on content that each passed its own schema.

References between files (teams, locations, employment types), ids that must be unique,
and review dates. Everything is reported; nothing is fixed silently.
"""

from __future__ import annotations

from datetime import date

from ..content.model import Article, Content, Entry, TeamContent, TeamFiles, next_review, texts
from ..content.schema import Channel, NavEntry, Team, duration_minutes
from ..diagnostics import Diagnostic, Severity
from ..i18n import translations
from .ahead import read_ahead
from .attachments import unsafe_attachments
from .audiences import restricted
from .sanitise import policy, unsafe

E, W = Severity.ERROR, Severity.WARNING


class _Checker:
    def __init__(self, content: Content, today: date, jobs: int = 1):
        self.content = content
        self.today = today
        self.jobs = jobs
        settings = content.settings.value
        self.locations = {loc.id for loc in settings.locations}
        self.employment_types = {t.id for t in settings.employment_types}
        self.policy = policy(tuple(settings.embeds), tuple(settings.media))
        self.audiences = {a.id: a.name for a in settings.audiences}
        self.diagnostics: list[Diagnostic] = []

    def report(self, entry: Entry, sub: tuple, severity: Severity, code: str, message: str, hint: str = "") -> None:
        self.diagnostics.append(entry.diagnostic(sub, severity, code, message, hint))

    def team_ref(self, entry: Entry, sub: tuple, team_id: str | None) -> None:
        folders = self.content.team_folders()
        if team_id is not None and team_id not in folders:
            known = ", ".join(folders) or "none yet"
            self.report(entry, sub, E, "unknown-team", f"there is no team '{team_id}'",
                        f"use the name of a folder under content/teams/: {known}")

    def location_refs(self, entry: Entry, sub: tuple, ids: list[str]) -> None:
        for i, loc_id in enumerate(ids):
            if loc_id not in self.locations:
                self.report(entry, (*sub, i), E, "unknown-location", f"there is no location '{loc_id}'",
                            "use a location id from portal.yml: " + ", ".join(sorted(self.locations)))

    def audience_ref(self, entry: Entry, audience: str | None) -> None:
        if audience is not None and audience not in self.audiences:
            self.report(entry, ("audience",), E, "unknown-audience", f"there is no audience '{audience}'",
                        "use an audience id from audiences: in portal.yml: "
                        + (", ".join(sorted(self.audiences)) or "none declared yet; add audiences: there"))

    def restricted_links(self) -> None:
        """A link from text some readers see to content they cannot: a broken link in their site,
        and a title or address that tells them what they should not know."""
        found = restricted(self.content)
        for text in texts(self.content):
            for link in text.links():
                audience = found.audience_of(link.resolved)
                if audience is None or audience == text.audience:
                    continue
                readers = "everyone" if text.audience is None else self.audiences.get(text.audience, text.audience)
                self.diagnostics.append(Diagnostic(
                    text.path, link.line, link.column, E, "restricted-link",
                    f"this links to {link.resolved}, which is for {self.audiences.get(audience, audience)} only, "
                    f"but {readers} can read this text",
                    hint=f"remove the link, or mark this text audience: {audience} too"))

    def unique(self, entries: list[tuple[Entry, tuple, str]], what: str) -> None:
        """Report every id after its first use; entries are (entry, key path of the id, id)."""
        first: dict[str, Entry] = {}
        for entry, sub, ident in entries:
            if ident in first:
                earlier = first[ident]
                mark = earlier.doc.mark(earlier.loc + sub)
                self.report(entry, sub, E, "duplicate-id", f"the {what} id '{ident}' is already used",
                            f"first used at {earlier.doc.path}:{mark.line}; give each {what} its own id")
            else:
                first[ident] = entry

    def settings(self) -> None:
        entry = self.content.settings
        settings = entry.value
        self.unique([(entry, ("locations", i, "id"), loc.id) for i, loc in enumerate(settings.locations)], "location")
        self.unique([(entry, ("employment_types", i, "id"), t.id) for i, t in enumerate(settings.employment_types)],
                    "employment type")
        self.unique([(entry, ("audiences", i, "id"), a.id) for i, a in enumerate(settings.audiences)], "audience")
        self.team_ref(entry, ("help_desk",), settings.help_desk)
        if settings.feedback.via == "form" and settings.feedback.form is None:
            self.report(entry, ("feedback",), E, "missing-field", "feedback via form needs the form's address",
                        "add form: with the form's web address, or use via: email")

    def team(self, folder: TeamFiles) -> None:
        if isinstance(folder, TeamContent):
            self.team_file(folder.team)
        self.team_entries(folder)

    def team_file(self, entry: Entry[Team]) -> None:
        team = entry.value
        if not team.owners:
            self.report(entry, (), W, "no-owners", "the team has no owners, so nobody reviews its changes",
                        "add owners: with the repository handles of the people who keep this folder right")
        if not team.channels:
            self.report(entry, (), W, "no-channels", "the team has no channels, so employees cannot reach it",
                        "add channels: with at least an email address or a request form")
        self.location_refs(entry, ("locations",), team.locations)
        channel_lists: list[tuple[tuple[str, ...], list[Channel]]] = [(("channels",), team.channels)]
        if team.after_hours:
            channel_lists.append((("after_hours", "channels"), team.after_hours.channels))
        for sub, channels in channel_lists:
            for i, channel in enumerate(channels):
                if channel.location:
                    self.location_refs(entry, (*sub, i), [channel.location])
        self.unique([(entry, ("response_targets", i, "priority"), t.priority)
                     for i, t in enumerate(team.response_targets)], "priority")
        self.services(entry, team)
        for i, target in enumerate(team.response_targets):
            if target.resolution and duration_minutes(target.resolution) < duration_minutes(target.first_response):
                self.report(entry, ("response_targets", i, "resolution"), E, "invalid-duration",
                            f"the resolution target ({target.resolution}) is sooner than the first response "
                            f"({target.first_response})", "a request is answered before it is resolved; check both")

    def services(self, entry: Entry[Team], team: Team) -> None:
        """A service names priorities and a form category the team file declares."""
        self.unique([(entry, ("services", i, "id"), service.id) for i, service in enumerate(team.services)], "service")
        priorities = [t.priority for t in team.response_targets]
        categories = [c for channel in team.channels if channel.type == "form" for c in channel.categories]
        for i, service in enumerate(team.services):
            for j, priority in enumerate(service.priorities):
                if priority not in priorities:
                    self.report(entry, ("services", i, "priorities", j), E, "unknown-priority",
                                f"there is no priority '{priority}' in response_targets",
                                "use one of: " + (", ".join(priorities) or "none declared yet; add response_targets"))
            if service.category and service.form is None and service.category not in categories:
                self.report(entry, ("services", i, "category"), E, "unknown-category",
                            f"the team's request form has no category '{service.category}'",
                            "use one of the form's categories: " + (", ".join(categories) or "the team has no form yet"))

    def team_entries(self, content: TeamFiles) -> None:
        self.unique([(faq, ("id",), faq.value.id) for faq in content.faq], "question")
        for faq in content.faq:
            self.location_refs(faq, ("locations",), faq.value.locations)
            self.audience_ref(faq, faq.value.audience)
        for benefit in content.benefits:
            value = benefit.value
            self.audience_ref(benefit, value.audience)
            self.team_ref(benefit, ("contact",), value.contact)
            self.location_refs(benefit, ("eligibility", "locations"), value.eligibility.locations)
            for i, kind in enumerate(value.eligibility.employment_types):
                if kind not in self.employment_types:
                    self.report(benefit, ("eligibility", "employment_types", i), E, "unknown-employment-type",
                                f"there is no employment type '{kind}'",
                                "use an employment type id from portal.yml: "
                                + (", ".join(sorted(self.employment_types)) or "none declared yet"))
        self.nav(content)
        for article in content.sops + content.pages:
            self.location_refs(article.meta, ("locations",), article.meta.value.locations)
            self.audience_ref(article.meta, article.meta.value.audience)
            self.review(article)

    def nav(self, content: TeamFiles) -> None:
        """nav.yml lists pages the team has, each once."""
        nav = content.nav
        if nav is None:
            return
        have = [f"{folder}/{a.slug}.md" for folder, articles in content.articles() for a in articles]
        listed: dict[str, tuple] = {}

        def walk(entries: list[NavEntry], at: tuple) -> None:
            for i, entry in enumerate(entries):
                sub = (*at, i) if entry.title is None else (*at, i, "page")
                if entry.page is not None and entry.page not in have:
                    self.report(nav, sub, E, "nav-entry", f"the team has no {entry.page}",
                                "list the path of one of the team's pages, e.g. "
                                + (", ".join(sorted(have)[:3]) or "pages/holidays.md (the team has none yet)"))
                elif entry.page is not None and entry.page in listed:
                    where = nav.doc.mark(listed[entry.page])
                    self.report(nav, sub, E, "nav-entry", f"{entry.page} is listed already",
                                f"first listed at line {where.line}; list each page once")
                elif entry.page is not None:
                    listed[entry.page] = sub
                walk(entry.nav, (*at, i, "nav"))

        walk(nav.value.nav, ("nav",))

    def review(self, article: Article) -> None:
        meta = article.meta.value
        if meta.reviewed is None:
            return
        if meta.reviewed > self.today:
            self.report(article.meta, ("reviewed",), E, "reviewed-in-future",
                        f"the review date {meta.reviewed.isoformat()} is in the future",
                        f"write the date the content was last checked, today ({self.today.isoformat()}) at the latest")
            return
        due = next_review(meta)
        if due is not None and due < self.today:
            self.report(article.meta, ("reviewed",), W, "review-overdue",
                        f"the review was due on {due.isoformat()} ({meta.review_every} after {meta.reviewed.isoformat()})",
                        "check the content is still right, then set reviewed: to today's date")

    def safe_html(self) -> None:
        """What the sanitiser would take out of a text's rendering: an error where it was written."""
        read_ahead(self.content, self.policy, self.jobs)  # the texts not stored yet, on every core
        for text in texts(self.content):
            for r in unsafe(text.reader, text.reading(), self.policy):
                self.diagnostics.append(Diagnostic(text.path, r.line, r.column, E, "unsafe-html", r.problem,
                                                   hint=r.hint))

    def run(self) -> list[Diagnostic]:
        self.settings()
        self.safe_html()
        folders = self.content.team_folders()
        for folder in folders.values():
            self.team(folder)
        self.unique([(benefit, ("id",), benefit.value.id)
                     for folder in folders.values() for benefit in folder.benefits], "benefit")
        for item in self.content.news:
            self.team_ref(item.article.meta, ("team",), item.article.meta.value.team)
            self.audience_ref(item.article.meta, item.article.meta.value.audience)
        self.restricted_links()
        self.diagnostics += translations.check(self.content)
        self.diagnostics += unsafe_attachments(self.content)
        if self.content.synonyms:
            self.synonyms(self.content.synonyms)
        return self.diagnostics

    def synonyms(self, entry: Entry) -> None:
        """A word in two groups would make the two groups one, silently."""
        first: dict[str, tuple[int, int]] = {}
        for g, group in enumerate(entry.value.synonyms):
            for m, word in enumerate(group):
                key = word.casefold().strip()
                if key in first:
                    where = entry.doc.mark(("synonyms",) + first[key])
                    self.report(entry, ("synonyms", g, m), E, "duplicate-id",
                                f"'{word}' is already in another synonym group",
                                f"first listed at line {where.line}; merge the two groups or remove one of them")
                else:
                    first[key] = (g, m)


def check(content: Content, today: date, jobs: int = 1) -> list[Diagnostic]:
    """Every cross-file problem in content, judged as of today; texts are read in up to jobs processes."""
    return _Checker(content, today, jobs).run()
