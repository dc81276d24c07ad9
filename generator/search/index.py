"""The search index: documents from the content model, indexed by Whoosh.

One document per page, per section of a page (its own anchor), per FAQ question, per
benefit and per team, so a result lands on the answer itself.

Each language has an index of its own, holding only what is written in that language (a
shared one would skew BM25's average field lengths): the original language's holds
everything, another's only its translations. Each document names the unit it translates
(`unit`), so search can leave out an original that a translation already answers.
"""

from __future__ import annotations

import functools
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from whoosh import fields, index

from ..content.markdown import Reader
from ..content.model import Content, TeamArticle, TeamContent
from ..render.urls import page_url
from ..workers import Forked
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
    return " ".join(text for _, text in reader.blocks(md))


def sections(reader: Reader, body: str, title: str) -> tuple[str, list[tuple[str, str, str]]]:
    """(text before the first heading, [(heading, anchor, text)]) split at the body's h2 and h3,
    with the anchors the organisation's toc gives them on the page."""
    blocks = reader.blocks(body, title)
    intro = blocks[0][1] if blocks and blocks[0][0] is None else ""
    return intro, [(heading[2], heading[1], words) for heading, words in blocks if heading is not None]


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


def documents(content: Content, lang: str | None = None, in_two: bool = False) -> list[SearchDoc]:
    """The search documents written in lang (every one without it), in a stable order: the
    order is the documents' numbers. content is localised into lang (translations.localise).
    in_two: read the later half of the Markdown in a second (forked) process meanwhile."""
    docs = _all_documents(content, lang, in_two)
    if lang is None or lang == content.settings.value.languages[0]:
        return docs
    return [d for d in docs if d.translated]


def _all_documents(content: Content, lang: str | None, in_two: bool = False) -> list[SearchDoc]:
    reader = content.markdown
    parts = [functools.partial(_team_documents, reader, team, lang) for team in content.teams.values()]
    parts += [functools.partial(_news_documents, reader, item) for item in content.news]
    parts = [functools.partial(_forgetting, reader, part) for part in parts]
    if not in_two or len(parts) < 2:
        return [doc for part in parts for doc in part()]
    # Reading the Markdown is most of the time: halves of about as many texts each.
    weights = [1 + len(t.faq) + len(t.sops) + len(t.pages) + 2 * len(t.benefits) for t in content.teams.values()]
    weights += [1] * len(content.news)
    half, total, split = sum(weights) / 2, 0, len(parts) - 1
    for n, weight in enumerate(weights):
        total += weight
        if total >= half:
            split = max(1, min(n + 1, len(parts) - 1))
            break
    later = Forked(lambda: [doc for part in parts[split:] for doc in part()], "reading the search documents")
    return [doc for part in parts[:split] for doc in part()] + later.result()


def _forgetting(reader: Reader, part: Callable[[], list[SearchDoc]]) -> list[SearchDoc]:
    """part's documents; the readings they were made of let go of at once (a team's texts are its
    own, and the store keeps them): all of a large site's at once were the index's largest moment."""
    docs = part()
    reader.forget()
    return docs


def _team_documents(reader: Reader, team: TeamContent, lang: str | None) -> list[SearchDoc]:
    docs: list[SearchDoc] = []
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
    return docs


def _news_documents(reader: Reader, item) -> list[SearchDoc]:
    news = item.article
    meta = news.meta.value
    url = page_url(f"news/{news.slug}.md")
    intro, parts = sections(reader, news.body, meta.title)
    unit, translated = news.original or news.source, news.original is not None
    return [SearchDoc(url, meta.title, "news", meta.team or "", " ".join(filter(None, [meta.summary, intro])),
                      unit=unit, translated=translated),
            *(SearchDoc(f"{url}#{a}", h, "news", meta.team or "", t, "", meta.title, unit=unit, translated=translated)
              for h, a, t in parts)]


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
    writing: Forked | None = None  # the Whoosh index, still being written in a child process

    def wait(self) -> None:
        if self.writing is not None:
            self.writing.result()
            self.writing = None


TEXT_FIELDS = ("title", "tags", "body")


def build_index(content: Content, directory: Path | None, lang: str, background: bool = False) -> Indexed:
    """A fresh Whoosh index of lang's documents in directory, in one segment (stable numbers);
    without a directory, the counting alone (the site's search files need nothing more).

    Each text is analysed once, here, as the schema's analyzer does: Whoosh is handed the terms
    (a field's value may be its tokens, already analysed), and the same terms are counted for
    the impacts. Without background, each document goes to Whoosh as soon as it is analysed, so
    no document's terms are kept beyond it (a large site's would be a hundred megabytes). With
    background, a second (forked) process reads half of the Markdown, then Whoosh writes there,
    inheriting the terms, while this process goes on to the impacts and the export: call wait()
    on the result before relying on the index."""
    docs = documents(content, lang, in_two=background and directory is not None)
    content.markdown.let_go()  # the documents hold what indexing needs of the texts
    phrases = synonym_phrases(synonym_groups(content), lang)
    ix = None
    if directory is not None:
        if directory.exists():
            shutil.rmtree(directory)
        directory.mkdir(parents=True)
        ix = index.create_in(str(directory), schema(content, lang, phrases))
    analyse = IndexTerms(phrases, lang)  # the schema's analyzer, faster (see analysis.py)
    counts: dict[str, list[Counter[str]]] = {field: [] for field in TEXT_FIELDS}
    words: set[str] = set()
    terms: list[dict[str, list[str]]] = []
    writer = _writer(ix) if ix is not None and not background else None
    for doc in docs:
        analysed = {}
        for field, value in zip(TEXT_FIELDS, (doc.title, doc.tags, doc.body), strict=True):
            found, analysed[field] = analyse(value)
            counts[field].append(Counter(analysed[field]))
            words.update(found)
        if writer is not None:
            _add(writer, doc, analysed)
        elif ix is not None:
            terms.append(analysed)
    if writer is not None:
        writer.commit()
    if ix is None or writer is not None:
        return Indexed(docs, counts, words)
    return Indexed(docs, counts, words, Forked(functools.partial(_write, ix, docs, terms), "writing the search index"))


def _writer(ix):
    # One process, so document numbers follow the order of docs. Whoosh sorts the postings in
    # memory up to limitmb (by its estimate, some 170 bytes a posting: 6 million, 35,000 pages);
    # past it, it pickles every posting to disk and merges the runs, three times slower.
    return ix.writer(limitmb=1024)


def _add(writer, doc: SearchDoc, analysed: dict[str, list[str]]) -> None:
    writer.add_document(**analysed, team=doc.team, kind=doc.kind, url=doc.url,
                        shown={"title": doc.title, "page": doc.page_title, "text": doc.body[:SNIPPET_SOURCE]})


def _write(ix, docs: list[SearchDoc], terms: list[dict[str, list[str]]]) -> None:
    writer = _writer(ix)
    for doc, analysed in zip(docs, terms, strict=True):
        _add(writer, doc, analysed)
    writer.commit()
