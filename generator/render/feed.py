"""What's new as an Atom feed (RFC 4287)."""

from __future__ import annotations

import re
from datetime import date
from xml.sax.saxutils import escape, quoteattr

from ..escape import one_line
from .urls import page_url


def atom_feed(organisation: str, items: list[dict], t: dict, lang: str) -> str:
    """An Atom feed (RFC 4287) of What's new in lang, its words from t (theme/labels.yml). Links
    are relative to the feed, which sits at the site's top; ids are tag URIs, so the feed needs
    no site address and is the same for the same content."""
    organisation = one_line(organisation)
    items = [{**i, **{k: one_line(i[k] or "") for k in ("title", "team", "summary")}} for i in items]
    tag = re.sub(r"[^a-z0-9]+", "-", organisation.lower()).strip("-") or "portal"
    updated = max((i["date"] for i in items), default=date(2000, 1, 1)).isoformat()
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(lang)}>',
             f"  <title>{escape(t['feed_title'].replace('{organisation}', organisation))}</title>",
             f"  <id>tag:{tag},2000:whats-new</id>",
             f"  <updated>{updated}T00:00:00Z</updated>", '  <link rel="alternate" href="news/"/>',
             f"  <author><name>{escape(organisation)}</name></author>"]
    for item in items:
        url = page_url(item["path"])
        title = t["feed_news" if item["what"] == "news" else "feed_updated"].replace("{title}", item["title"])
        lines += ["  <entry>", f"    <title>{escape(title)}</title>",
                  f"    <id>tag:{tag},{item['date'].isoformat()}:{escape(url)}</id>",
                  f"    <updated>{item['date'].isoformat()}T00:00:00Z</updated>",
                  f"    <link rel=\"alternate\" href={quoteattr(url)}/>",
                  f"    <author><name>{escape(item['team'])}</name></author>",
                  f"    <summary>{escape(item['summary'] or item['title'])}</summary>", "  </entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"
