"""RSS and Atom feeds (feedparser): each entry becomes an article.

With a fetcher, each entry's page is fetched (politely: :mod:`.fetch`) and
extracted by the HTML adapter; the feed still supplies what it states better
than the page — the exact publication timestamp, the author, the categories, the
feed's language. When the page cannot be had (robots.txt, 404, timeout, no main
text), the entry's own content or summary is used instead and
``extra["fallback"]`` says why; with neither, the entry ends as the page's
outcome. Without a fetcher (a feed file read offline) entries use their own text.

A feed feedparser could only partly parse (``bozo``) still yields every entry it
read; one that yielded nothing ends as ``failed:malformed-feed``.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from ..model import Article
from ..outcomes import Rejected
from . import html as html_adapter
from .common import Origin, make_article
from .fetch import Fetcher, FetchFailed

_BLOCK_END_RE = re.compile(r"(?i)<br\s*/?>|</(p|div|li|h[1-6]|blockquote|tr)>")


def fragment_text(fragment: str) -> str:
    """Text of an HTML fragment (an entry's summary): block ends become line breaks,
    script/style content is dropped, entities are decoded."""
    import lxml.html
    from lxml.etree import ParserError

    if "<" not in fragment and "&" not in fragment:
        return fragment
    try:
        root = lxml.html.fragment_fromstring(
            _BLOCK_END_RE.sub(lambda m: m.group(0) + "\n", fragment), create_parent="div"
        )
    except (ParserError, ValueError):
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    return root.text_content()


def _entry_time(entry: Any) -> datetime | None:
    # feedparser has already converted the entry's date to a UTC struct_time
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    return None


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    return fragment_text(best or entry.get("summary", "") or "")


def _entry_tags(entry: Any) -> list[str]:
    return [t.get("term", "") for t in entry.get("tags", []) if t.get("term")]


def iter_feed(
    data: bytes,
    origin: Origin,
    *,
    fetcher: Fetcher | None,
    base_url: str | None = None,
) -> Iterator[Article | Rejected]:
    """Entries of the feed in ``data``; ``origin`` names the feed file or URL."""
    import feedparser

    parsed = feedparser.parse(data, response_headers={"content-location": base_url} if base_url else None)
    if not parsed.entries:
        if parsed.bozo:
            yield origin.reject("failed:malformed-feed", str(parsed.get("bozo_exception", "")))
        else:
            yield origin.reject("discarded:empty-feed", "no entries")
        return
    feed_title = parsed.feed.get("title")
    feed_language = (parsed.feed.get("language") or "").split("-")[0].lower() or None
    for number, entry in enumerate(parsed.entries, 1):
        yield _entry_article(entry, origin.at(number), fetcher, feed_title, feed_language)


def _entry_article(
    entry: Any,
    origin: Origin,
    fetcher: Fetcher | None,
    feed_title: str | None,
    feed_language: str | None,
) -> Article | Rejected:
    link = entry.get("link")
    stated = {
        "published": _entry_time(entry),
        "author": entry.get("author"),
        "page_tags": _entry_tags(entry),
        "language": feed_language,
    }
    failed: Rejected | None = None
    if fetcher is not None and link and link.startswith(("http://", "https://")):
        page = _page(link, origin, fetcher)
        if isinstance(page, Article):
            return make_article(
                origin,
                title=page.title or entry.get("title"),
                body=page.body,
                url=page.url or link,
                published=stated["published"] or page.published,
                # a page without a site name gets its bare host name as outlet; the
                # feed's own title names the outlet better than that
                outlet=feed_title
                if feed_title and page.extra.get("outlet_from") == "hostname"
                else page.outlet,
                author=stated["author"] or page.author,
                language=page.language or stated["language"],
                page_tags=page.page_tags or stated["page_tags"],
                extra=page.extra,
            )
        failed = page
    text = _entry_text(entry)
    if failed is not None and not text.strip():
        return failed  # neither the page nor the feed has the text: the page's outcome
    return make_article(
        origin,
        title=entry.get("title"),
        body=text,
        url=link,
        published=stated["published"],
        outlet=feed_title,
        author=stated["author"],
        language=stated["language"],
        page_tags=stated["page_tags"],
        extra={"fallback": f"{failed.outcome} {failed.detail}".strip()} if failed else {"content": "feed"},
    )


def _page(link: str, origin: Origin, fetcher: Fetcher) -> Article | Rejected:
    try:
        got = fetcher.fetch(link)
    except FetchFailed as exc:
        return origin.reject(exc.outcome, exc.detail)
    return html_adapter.extract(
        got.content, origin, url=got.url, charset=got.charset, max_bytes=fetcher.max_bytes
    )
