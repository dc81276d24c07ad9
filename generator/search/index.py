"""The search index: documents from the content model, indexed by Whoosh.

One document per page, per section of a page (its own anchor), per FAQ question, per
benefit and per team, so a result lands on the answer itself.

Each language has an index of its own, holding only what is written in that language (a
shared one would skew BM25's average field lengths): the original language's holds
everything, another's only its translations. Each document names the unit it translates
(`unit`), so search can leave out an original that a translation already answers.
"""

from __future__ import annotations

import multiprocessing
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from whoosh import fields, index

from ..content.markdown import Reader
from ..content.model import Content, TeamArticle, TeamContent
from ..render.urls import page_url
from .analysis import IndexTerms, analyzer, synonym_phrases

KINDS = {"team": "Team", "faq": "FAQ", "sop": "SOP", "page": "Page", "benefit": "Benefit", "news": "News"}
SNIPPET_SOURCE = 1200  # characters of a document's text kept for snippets


@dataclass
class SearchDoc:
    url: str  # site-relative, with the anchor: teams/it/faq/#reset-password
    title: str
    kind: str
    team: str  # team id, or "" for the organisation's own pages
    body: str
    tags: str = ""
    page_title: str = ""  # for a section: the page it is on
    # Whom it applies to (location and employment type ids; empty is everyone), so the browser
    # can put what applies to the reader first.
    locations: tuple[str, ...] = ()
    contracts: tuple[str, ...] = ()
    unit: str = ""  # what a translation of it stands in for: a file, team:<id>, faq:<team>#<id>
    translated: bool = False  # written in a language other than the originals'


def plain_text(reader: Reader, md: str) -> str:
    """Markdown as the words a reader sees."""
    return " ".join(text for _, text in reader.read(md).blocks)


def sections(reader: Reader, body: str, title: str) -> tuple[str, list[tuple[str, str, str]]]:
    """(text before the first heading, [(heading, anchor, text)]) split at the body's h2 and h3,
    with the anchors the organisation's toc gives them on the page."""
    blocks = reader.read(body, title=title).blocks
    intro = blocks[0][1] if blocks and blocks[0][0] is None else ""
    return intro, [(h.text, h.anchor, text) for h, text in blocks if h is not None]


def _article_docs(reader: Reader, team: TeamContent, article: TeamArticle, folder: str, kind: str) -> list[SearchDoc]:
    meta = article.meta.value
    url = page_url(f"teams/{team.id}/{folder}/{article.slug}.md")
    intro, parts = sections(reader, article.body, meta.title)
    tags = " ".join(meta.tags)
    where = tuple(meta.locations)
    unit, translated = article.original or article.source, article.original is not None
    docs = [SearchDoc(url, meta.title, kind, team.id, " ".join(filter(None, [meta.summary, intro])), tags,
                      locations=where, unit=unit, translated=translated)]
    docs += [SearchDoc(f"{url}#{anchor}", heading, kind, team.id, text, "", meta.title, locations=where,
                       unit=unit, translated=translated)
             for heading, anchor, text in parts]
    return docs


def documents(content: Content, lang: str | None = None) -> list[SearchDoc]:
    """The search documents written in lang (every one without it), in a stable order: the
    order is the documents' numbers. content is localised into lang (translations.localise)."""
    docs = _all_documents(content, lang)
    if lang is None or lang == content.settings.value.languages[0]:
        return docs
    return [d for d in docs if d.translated]


def _all_documents(content: Content, lang: str | None) -> list[SearchDoc]:
    docs: list[SearchDoc] = []
    reader = content.markdown
    for team in content.teams.values():
        value = team.team.value
        channel_text = " ".join(filter(None, [c.label or "" for c in value.channels]
                                        + [c.description or "" for c in value.channels]
                                        + [f"{s.name} {s.description} {' '.join(s.keywords)}" for s in value.services]))
        docs.append(SearchDoc(page_url(f"teams/{team.id}/index.md"), value.name, "team", team.id,
                              f"{value.summary} {channel_text}", " ".join(value.keywords),
                              unit=f"team:{team.id}", translated=lang in team.translations))
        faq_url = page_url(f"teams/{team.id}/faq.md")
        translated_faq = {q.value.id for q in team.faq_translations.get(lang, [])} if lang else set()
        for entry in team.faq:
            q = entry.value
            docs.append(SearchDoc(f"{faq_url}#{q.id}", q.question, "faq", team.id, plain_text(reader, q.answer), " ".join(q.tags),
                                  locations=tuple(q.locations), unit=f"faq:{team.id}#{q.id}",
                                  translated=q.id in translated_faq))
        for sop in sorted(team.sops, key=lambda a: a.slug):
            docs += _article_docs(reader, team, sop, "sops", "sop")
        for page in sorted(team.pages, key=lambda a: a.slug):
            docs += _article_docs(reader, team, page, "pages", "page")
        translated_benefits = {b.value.id for b in team.benefit_translations.get(lang, [])} if lang else set()
        for benefit in team.benefits:
            b = benefit.value
            text = " ".join(filter(None, [b.summary, b.category, b.eligibility.notes, plain_text(reader, b.how_to_claim),
                                          plain_text(reader, b.details or "")]))
            docs.append(SearchDoc(f"{page_url('benefits.md')}#{b.id}", b.name, "benefit", team.id, text, b.category,
                                  locations=tuple(b.eligibility.locations),
                                  contracts=tuple(b.eligibility.employment_types), unit=f"benefit:{b.id}",
                                  translated=b.id in translated_benefits))
    for item in content.news:
        news = item.article
        meta = news.meta.value
        url = page_url(f"news/{news.slug}.md")
        intro, parts = sections(reader, news.body, meta.title)
        unit, translated = news.original or news.source, news.original is not None
        docs.append(SearchDoc(url, meta.title, "news", meta.team or "", " ".join(filter(None, [meta.summary, intro])),
                              unit=unit, translated=translated))
        docs += [SearchDoc(f"{url}#{a}", h, "news", meta.team or "", t, "", meta.title, unit=unit, translated=translated)
                 for h, a, t in parts]
    return docs


def synonym_groups(content: Content) -> list[list[str]]:
    return content.synonyms.value.synonyms if content.synonyms else []


def schema(content: Content, lang: str, phrases: dict[tuple[str, ...], str] | None = None) -> fields.Schema:
    if phrases is None:
        phrases = synonym_phrases(synonym_groups(content), lang)
    text = analyzer(phrases, lang)
    return fields.Schema(
        title=fields.TEXT(analyzer=text, phrase=False),
        tags=fields.TEXT(analyzer=text, phrase=False),
        body=fields.TEXT(analyzer=text, phrase=False),
        team=fields.ID(stored=True),
        kind=fields.ID(stored=True),
        url=fields.STORED,
        shown=fields.STORED,  # what a result shows: title, page title, snippet source
    )


@dataclass
class Indexed:
    """What indexing counted on its way, so the export needs nothing read back from the index:
    the documents (a document's number is its place here), each text field's terms counted per
    document (field -> [term -> frequency]), and every word as written, normalised (the lexicon's
    surface forms). wait() returns once the Whoosh index is written."""

    docs: list[SearchDoc]
    counts: dict[str, list[Counter[str]]]
    words: set[str]
    writing: _Writing | None = None  # the Whoosh index, still being written in a child process

    def wait(self) -> None:
        if self.writing is not None:
            self.writing.wait()
            self.writing = None


TEXT_FIELDS = ("title", "tags", "body")


def build_index(content: Content, directory: Path, lang: str, background: bool = False) -> Indexed:
    """A fresh Whoosh index of lang's documents in directory, in one segment (stable numbers).

    Each text is analysed once, here, as the schema's analyzer does: Whoosh is handed the terms
    (a field's value may be its tokens, already analysed), and the same terms are counted for
    the impacts. In the background (a forked process, which inherits the terms rather than
    receiving them) Whoosh writes while this process goes on to the impacts and the export:
    call wait() on the result before relying on the index."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    docs = documents(content, lang)
    phrases = synonym_phrases(synonym_groups(content), lang)
    ix = index.create_in(str(directory), schema(content, lang, phrases))
    analyse = IndexTerms(phrases, lang)  # the schema's analyzer, faster (see analysis.py)
    counts: dict[str, list[Counter[str]]] = {field: [] for field in TEXT_FIELDS}
    words: set[str] = set()
    terms: list[dict[str, list[str]]] = []
    for doc in docs:
        analysed = {}
        for field, value in zip(TEXT_FIELDS, (doc.title, doc.tags, doc.body), strict=True):
            found, analysed[field] = analyse(value)
            counts[field].append(Counter(analysed[field]))
            words.update(found)
        terms.append(analysed)
    if not background:
        _write(ix, docs, terms)
        return Indexed(docs, counts, words)
    return Indexed(docs, counts, words, _Writing(ix, docs, terms))


def _write(ix, docs: list[SearchDoc], terms: list[dict[str, list[str]]]) -> None:
    writer = ix.writer(limitmb=256)  # one process, so document numbers follow the order of docs
    for doc, analysed in zip(docs, terms, strict=True):
        writer.add_document(**analysed, team=doc.team, kind=doc.kind, url=doc.url,
                            shown={"title": doc.title, "page": doc.page_title, "text": doc.body[:SNIPPET_SOURCE]})
    writer.commit()


class _Writing:
    """_write in a forked child process; wait() raises what it raised."""

    def __init__(self, ix, docs: list[SearchDoc], terms: list[dict[str, list[str]]]):
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=self._run, args=(send, ix, docs, terms))
        self.process.start()
        send.close()

    @staticmethod
    def _run(send, ix, docs, terms) -> None:
        try:
            _write(ix, docs, terms)
            send.send(None)
        except Exception as exc:  # handed to the parent, which raises it
            send.send(f"{type(exc).__name__}: {exc}")

    def wait(self) -> None:
        try:
            failure = self.receive.recv()
        except EOFError:
            failure = "it ended without a word"
        self.process.join()
        self.receive.close()
        if failure is not None or self.process.exitcode:
            raise OSError(f"writing the search index failed: {failure or f'exit code {self.process.exitcode}'}")
