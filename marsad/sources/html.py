"""HTML pages (a file, a folder's files, a fetched URL, a WARC payload) to articles.

trafilatura's ``bare_extraction`` finds the main text, title, author, site name
and canonical URL; its date comes from htmldate (trafilatura calls
``htmldate.find_date`` with the parameters below — ``original_date`` for the
publication rather than the modification date, and no ``extensive_search``, which
guesses from copyright lines and free text and so invents dates on pages that
state none). ``parse_date`` turns htmldate's string into aware UTC.

Bytes are decoded here, not by lxml, so an undeclared windows-1256 page reads as
Arabic (:mod:`marsad.sources.encoding`). Pages over ``fetch.max_bytes`` are never
parsed (``discarded:too-large``): lxml trees cost ~10x the page size in memory.
``<script>``, ``<style>`` and comments never reach the body: trafilatura drops
them before extraction.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..model import Article
from ..outcomes import Rejected
from .common import Origin, make_article, max_bytes_setting, read_file
from .encoding import decode

# Measured on the first 150 dated pages of ../shared/html/trafilatura_eval:
# extensive_search=False 136 right / 12 wrong / 2 none; True 137 / 13 / 0 — the one
# extra hit costs an extra wrong date, and a wrong date is worse than none.
DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}
_LANG_RE = re.compile(r"""<html[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3})\b""", re.I)
_TITLE_RE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)
_TAG_SPLIT_RE = re.compile(r"\s*[,،;]\s*")


def stated_language(html: str) -> str | None:
    """The language the page states on ``<html lang>``, as a bare ISO 639 code."""
    m = _LANG_RE.search(html[:5000])
    return m.group(1).lower() if m else None


def _split_tags(tags: list[str] | None) -> list[str]:
    out: list[str] = []
    for tag in tags or ():
        out.extend(t for t in _TAG_SPLIT_RE.split(tag) if t.strip())
    return out


def extract(
    data: bytes | str,
    origin: Origin,
    *,
    url: str | None = None,
    charset: str | None = None,
    max_bytes: int | None = None,
) -> Article | Rejected:
    """One page to one article. ``charset``: what the HTTP header declared."""
    import trafilatura
    from lxml.etree import LxmlError
    from trafilatura.settings import Document

    from ..text.dates import parse_date

    limit = max_bytes if max_bytes is not None else max_bytes_setting()
    if len(data) > limit:
        return origin.reject("discarded:too-large", f"{len(data)} bytes > {limit}")
    html = decode(data, declared=charset, html=True)[0] if isinstance(data, bytes) else data
    if not html.strip():
        return origin.reject("failed:empty-file", "no content")
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=DATE_PARAMS,
        )
    except (LxmlError, ValueError, TypeError, AttributeError, RecursionError) as exc:
        # lxml and trafilatura on hostile or broken markup: one page, one outcome
        return origin.reject("failed:bad-html", f"{type(exc).__name__}: {exc}")
    if not isinstance(doc, Document) or not (doc.text or "").strip():
        return origin.reject("discarded:no-text", "no main text found")
    published = parse_date(doc.date) if doc.date else None
    title = doc.title or _html_title(html)
    body = _without_headline(doc.text or "", title)
    host = urlsplit(doc.url or url or "").netloc or doc.hostname
    outlet = doc.sitename or host
    extra: dict[str, str] = {}
    if host:
        extra["hostname"] = host
    if outlet and outlet == host:
        # trafilatura falls back to the host name when the page names no site; say
        # so, so that a better source of the outlet (a feed's title) can win
        extra["outlet_from"] = "hostname"
    if doc.description:
        extra["description"] = doc.description
    return make_article(
        origin,
        title=title,
        body=body,
        url=doc.url or url,
        published=published,
        outlet=outlet,
        author=doc.author,
        language=stated_language(html),
        page_tags=_split_tags(doc.tags),
        extra=extra,
    )


def _without_headline(text: str, title: str) -> str:
    """The body without its first line when that line is the headline: trafilatura
    keeps an ``<h1>`` inside ``<article>`` as text, and the headline is the title."""
    first, _, rest = text.strip().partition("\n")
    if title and " ".join(first.split()) == " ".join(title.split()) and rest.strip():
        return rest
    return text


def _html_title(html: str) -> str:
    import html as htmllib

    m = _TITLE_RE.search(html[:200_000])
    return htmllib.unescape(m.group(1)).strip() if m else ""


def read_html_file(path: Path, *, max_bytes: int | None = None) -> Article | Rejected:
    """A saved page (``.html``, ``.htm``, optionally gzipped). Reads at most the limit."""
    origin = Origin("html", str(path))
    limit = max_bytes if max_bytes is not None else max_bytes_setting()
    data = read_file(path, origin, limit)
    if isinstance(data, Rejected):
        return data
    return extract(data, origin, max_bytes=limit)
