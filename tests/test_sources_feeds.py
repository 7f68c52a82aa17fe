"""Feeds and the polite fetcher, against a real HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from marsad.errors import RetryableFetch
from marsad.model import Article
from marsad.outcomes import Rejected
from marsad.sources import iter_source
from marsad.sources.fetch import Fetcher, FetchFailed, JsonValidators

PAGE = """<html lang="ar"><head><meta charset="{charset}"><title>{title}</title></head><body>
<nav><a href="/">الرئيسية</a></nav><article><h1>{title}</h1>
<p>{lead} أعلنت الحكومة اليوم عن خطة جديدة لدعم المزارعين في المناطق الريفية تشمل قروضاً ميسرة وبذوراً محسنة.</p>
<p>وقال وزير الفلاحة في مؤتمر صحفي إن الخطة ستنفذ على ثلاث مراحل تبدأ في الربيع المقبل وتشمل كل الولايات.</p>
<p>ورحبت نقابات المزارعين بالخطة، مطالبة بتسريع صرف القروض قبل موسم الحصاد وبمتابعة دقيقة للتنفيذ.</p>
</article></body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>أخبار المرصد التجريبية</title><link>{base}/</link><language>ar</language>
<item><title>خطة لدعم المزارعين</title><link>{base}/articles/1.html</link>
<pubDate>Mon, 28 Apr 2025 10:00:00 +0300</pubDate><dc:creator>مراسلنا</dc:creator><category>اقتصاد</category>
<description>ملخص قصير للخبر الأول.</description></item>
<item><title>خبر في مسار ممنوع</title><link>{base}/private/2.html</link>
<pubDate>Mon, 28 Apr 2025 11:00:00 +0300</pubDate>
<description>&lt;p&gt;ملخص الخبر الثاني من الخلاصة نفسها.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description></item>
<item><title>خبر حذف من الموقع</title><link>{base}/articles/gone.html</link>
<pubDate>Mon, 28 Apr 2025 12:00:00 +0300</pubDate></item>
</channel></rss>"""


@dataclass
class Site:
    routes: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    hits: list[tuple[str, float, dict[str, str]]] = field(default_factory=list)
    base: str = ""

    def paths(self) -> list[str]:
        return [h[0] for h in self.hits]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        site = self.server.site
        site.hits.append((self.path, time.monotonic(), dict(self.headers)))
        try:
            if self.path == "/slow":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(40):  # drips a byte every 0.1 s: only a whole-download deadline stops it
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.1)
                return
            status, headers, body = site.routes.get(
                self.path, (404, {"Content-Type": "text/plain"}, b"not found")
            )
            etag = headers.get("ETag")
            if etag and self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: Site


@pytest.fixture
def site() -> Iterator[Site]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.site = Site()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    server.site.base = base
    html = {"Content-Type": "text/html; charset=utf-8"}
    server.site.routes.update(
        {
            "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
            "/feed.xml": (
                200,
                {"Content-Type": "application/rss+xml", "ETag": '"v1"'},
                FEED.format(base=base).encode("utf-8"),
            ),
            "/articles/1.html": (
                200,
                html,
                PAGE.format(charset="utf-8", title="خطة حكومية لدعم المزارعين", lead="").encode("utf-8"),
            ),
            "/private/2.html": (
                200,
                html,
                PAGE.format(charset="utf-8", title="ممنوع", lead="").encode("utf-8"),
            ),
            "/legacy.html": (
                200,
                {"Content-Type": "text/html; charset=windows-1256"},
                PAGE.format(charset="windows-1256", title="صفحة بترميز قديم", lead="").encode("cp1256"),
            ),
            "/broken.xml": (
                200,
                {"Content-Type": "application/rss+xml"},
                b"<rss><channel><title>x</title><<<",
            ),
            "/half.xml": (
                200,
                {"Content-Type": "application/rss+xml"},
                FEED.format(base=base)
                .encode("utf-8")
                .split(b"<item><title>\xd8\xae\xd8\xa8\xd8\xb1 \xd9\x81\xd9\x8a")[0]
                + b"<item><title>broken",
            ),
            "/unavailable": (503, {"Content-Type": "text/plain"}, b"busy"),
            "/big.html": (200, html, b"<html>" + b"x" * 50_000 + b"</html>"),
        }
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server.site
    server.shutdown()
    server.server_close()


def _fetcher(**kw: Any) -> Fetcher:
    overrides: dict[str, Any] = {"min_interval": 0.0, "timeout": 5.0, "max_bytes": 1_000_000}
    overrides.update(kw)
    return Fetcher.from_config(None, **overrides)


def test_feed_entries_become_page_articles(site: Site) -> None:
    with _fetcher() as fetcher:
        items = list(iter_source(f"{site.base}/feed.xml", fetcher=fetcher))
    first, second, third = items
    assert isinstance(first, Article)
    assert first.title == "خطة حكومية لدعم المزارعين"  # from the page
    assert "خطة جديدة لدعم المزارعين" in first.body
    assert "الرئيسية" not in first.body
    assert first.url == f"{site.base}/articles/1.html"
    assert first.published == datetime(2025, 4, 28, 7, 0, tzinfo=UTC)  # the feed's exact time, in UTC
    assert first.author == "مراسلنا"
    assert first.page_tags == ("اقتصاد",)
    assert first.outlet == "أخبار المرصد التجريبية"
    assert first.language == "ar"
    assert first.source == f"feed:{site.base}/feed.xml#1"
    # robots.txt forbids /private/: never fetched; the feed's own summary is used, with a note
    assert "/private/2.html" not in site.paths()
    assert isinstance(second, Article)
    assert second.body == "ملخص الخبر الثاني من الخلاصة نفسها."
    assert second.extra["fallback"].startswith("discarded:robots")
    # a page that is gone and an entry with no text of its own: the page's outcome
    assert isinstance(third, Rejected) and third.outcome == "failed:http-404"


def test_robots_fetched_once_and_requests_spaced(site: Site) -> None:
    with _fetcher(min_interval=0.3) as fetcher:
        list(iter_source(f"{site.base}/feed.xml", fetcher=fetcher))
    assert site.paths().count("/robots.txt") == 1
    times = [t for _, t, _ in site.hits]
    assert len(times) >= 4  # robots, feed, two pages
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.25  # loosely: 0.3 s per host, measured on the server side


def test_crawl_delay_is_honoured(site: Site) -> None:
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nCrawl-delay: 1\n")
    with _fetcher(min_interval=0.0) as fetcher:
        fetcher.fetch(f"{site.base}/articles/1.html")
        fetcher.fetch(f"{site.base}/legacy.html")
    times = [t for _, t, _ in site.hits]
    assert [p for p, _, _ in site.hits] == ["/robots.txt", "/articles/1.html", "/legacy.html"]
    assert times[2] - times[1] >= 0.9


def test_robots_unavailable_disallows_and_is_asked_once(site: Site) -> None:
    site.routes["/robots.txt"] = (503, {"Content-Type": "text/plain"}, b"busy")
    with _fetcher() as fetcher:
        items = list(iter_source(f"{site.base}/articles/1.html", fetcher=fetcher))
        items += list(iter_source(f"{site.base}/legacy.html", fetcher=fetcher))
    assert [i.outcome for i in items if isinstance(i, Rejected)] == ["failed:robots-unavailable"] * 2
    assert site.paths() == ["/robots.txt"]


def test_conditional_get_second_fetch_is_not_modified(site: Site, tmp_path: Path) -> None:
    cache = tmp_path / "validators.json"
    with _fetcher(validators=JsonValidators(cache)) as fetcher:
        first = list(iter_source(f"{site.base}/feed.xml", fetcher=fetcher))
    assert any(isinstance(i, Article) for i in first)
    # a new fetcher, a new run: the validators survived in the JSON file
    with _fetcher(validators=JsonValidators(cache)) as fetcher:
        again = list(iter_source(f"{site.base}/feed.xml", fetcher=fetcher))
    assert again == [Rejected(f"{site.base}/feed.xml", "unchanged", "304 Not Modified since the last fetch")]
    feed_hits = [h for h in site.hits if h[0] == "/feed.xml"]
    assert feed_hits[-1][2].get("If-None-Match") == '"v1"'
    assert "If-None-Match" not in feed_hits[0][2]


def test_changed_feed_is_read_again(site: Site) -> None:
    with _fetcher() as fetcher:
        list(iter_source(f"{site.base}/feed.xml", fetcher=fetcher))
        status, headers, body = site.routes["/feed.xml"]
        site.routes["/feed.xml"] = (status, {**headers, "ETag": '"v2"'}, body)
        again = list(iter_source(f"{site.base}/feed.xml", fetcher=fetcher))
    assert any(isinstance(i, Article) for i in again)


def test_malformed_feed(site: Site) -> None:
    with _fetcher() as fetcher:
        (item,) = iter_source(f"{site.base}/broken.xml", fetcher=fetcher)
    assert isinstance(item, Rejected) and item.outcome == "failed:malformed-feed"


def test_half_a_feed_yields_what_it_could_read(site: Site) -> None:
    with _fetcher() as fetcher:
        items = list(iter_source(f"{site.base}/half.xml", fetcher=fetcher))
    assert items and isinstance(items[0], Article)
    assert items[0].title == "خطة حكومية لدعم المزارعين"


@pytest.mark.parametrize(
    ("path", "outcome", "settings"),
    [
        ("/nothing-here", "failed:http-404", {}),
        ("/private/2.html", "discarded:robots", {}),
        ("/slow", "failed:timeout", {"timeout": 1.0}),
        ("/big.html", "discarded:too-large", {"max_bytes": 10_000}),
        ("/unavailable", "failed:http-503", {}),
    ],
)
def test_fetch_failures_are_named_outcomes(
    site: Site, path: str, outcome: str, settings: dict[str, float]
) -> None:
    started = time.monotonic()
    with _fetcher(**settings) as fetcher:
        (item,) = iter_source(f"{site.base}{path}", fetcher=fetcher)
    assert isinstance(item, Rejected) and item.outcome == outcome
    assert time.monotonic() - started < 3.5


def test_retryable_failures_are_typed(site: Site) -> None:
    with _fetcher(timeout=1.0) as fetcher:
        with pytest.raises(RetryableFetch):
            fetcher.fetch(f"{site.base}/unavailable")
        with pytest.raises(FetchFailed) as missing:
            fetcher.fetch(f"{site.base}/nothing-here")
    assert not isinstance(missing.value, RetryableFetch)


def test_html_url_with_legacy_charset(site: Site) -> None:
    with _fetcher() as fetcher:
        (article,) = iter_source(f"{site.base}/legacy.html", fetcher=fetcher)
    assert isinstance(article, Article)
    assert article.title == "صفحة بترميز قديم"
    assert article.source == f"html:{site.base}/legacy.html"


def test_unreachable_host_is_retryable_outcome() -> None:
    # port 9 on localhost: nothing listens, the connection is refused at once
    with _fetcher(timeout=1.0) as fetcher:
        (item,) = iter_source("http://127.0.0.1:9/feed.xml", fetcher=fetcher)
    assert isinstance(item, Rejected) and item.outcome == "failed:network"


def test_local_feed_file_reads_offline(tmp_path: Path) -> None:
    feed = tmp_path / "saved.rss"
    feed.write_text(FEED.format(base="http://127.0.0.1:9"), encoding="utf-8")
    articles = list(iter_source(str(feed)))
    assert all(isinstance(a, Article) for a in articles)
    assert [a.title for a in articles] == ["خطة لدعم المزارعين", "خبر في مسار ممنوع", "خبر حذف من الموقع"]  # type: ignore[union-attr]
    assert all(a.extra == {"content": "feed"} for a in articles)  # type: ignore[union-attr]
    assert articles[1].body == "ملخص الخبر الثاني من الخلاصة نفسها."  # type: ignore[union-attr]
    assert articles[2].body == ""  # type: ignore[union-attr]  # a headline-only entry stays one
