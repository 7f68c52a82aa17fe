"""The web UI in a real browser: Debian's Chromium driven by Playwright, over uvicorn on 127.0.0.1.

The server runs ``create_app`` on a real SQLite store in a thread; the browser
is the system's ``/usr/bin/chromium`` (Playwright never downloads one here).
Every request the pages make is recorded, and any to another host fails the
test: the UI and the API docs must work offline.
"""

from __future__ import annotations

import base64
import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

import pytest
import uvicorn
from test_web_data import aggregator_docs, fill_store, hostile_doc

from marsad.model import Doc
from marsad.web import samples
from marsad.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
VIEWPORT = {"width": 1280, "height": 900}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def docs(sample_page: Path) -> list[Doc]:
    return [*samples.sample_docs(), *aggregator_docs(sample_page), hostile_doc()]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, docs: list[Doc]) -> Iterator[str]:
    store = fill_store(tmp_path_factory.mktemp("browser") / "web.db", docs)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def foreign_requests() -> list[str]:
    return []


@pytest.fixture(scope="module")
def shared_page(browser: Any, base_url: str, foreign_requests: list[str]) -> Iterator[Any]:
    """One tab for the whole module: a new tab costs about a second on this machine."""
    pg = browser.new_page(viewport=VIEWPORT)
    pg.set_default_timeout(10_000)
    pg.on("request", lambda req: foreign_requests.append(req.url) if _is_foreign(req.url) else None)
    yield pg
    pg.close()


@pytest.fixture
def page(shared_page: Any, foreign_requests: list[str]) -> Iterator[Any]:
    yield shared_page
    assert not foreign_requests, f"the page fetched from other hosts: {foreign_requests}"


def _is_foreign(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname != "127.0.0.1"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk; fails unless ``data`` is a PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def ink_columns(page: Any, png: bytes, top: float, bottom: float) -> tuple[int, int]:
    """Leftmost and rightmost column with dark pixels between rows ``top`` and ``bottom`` of the PNG.

    The screenshot is decoded by the browser itself (a canvas), so the test reads
    the pixels it saved without an image library.
    """
    url = "data:image/png;base64," + base64.b64encode(png).decode()
    cols = page.evaluate(
        """async ([url, top, bottom]) => {
            const img = new Image(); img.src = url; await img.decode();
            const c = document.createElement('canvas'); c.width = img.width; c.height = img.height;
            const ctx = c.getContext('2d'); ctx.drawImage(img, 0, 0);
            const h = Math.max(1, Math.round(bottom - top));
            const px = ctx.getImageData(0, Math.round(top), img.width, h).data;
            let min = img.width, max = -1;
            for (let y = 0; y < h; y++) for (let x = 0; x < img.width; x++) {
                const i = (y * img.width + x) * 4;
                if (px[i] * 0.3 + px[i + 1] * 0.59 + px[i + 2] * 0.11 < 110) { if (x < min) min = x; if (x > max) max = x; }
            }
            return [min, max];
        }""",
        [url, top, bottom],
    )
    return int(cols[0]), int(cols[1])


HEADLINE_GEOMETRY = """() => {
    const h = document.querySelector('h1.headline');
    const box = h.getBoundingClientRect();
    const style = getComputedStyle(h);
    const range = document.createRange(); range.selectNodeContents(h);
    const lines = [...range.getClientRects()].sort((a, b) => a.top - b.top);
    return {left: box.left + parseFloat(style.paddingLeft), right: box.right - parseFloat(style.paddingRight),
            top: box.top, bottom: box.bottom,
            firstLine: {left: lines[0].left, right: lines[0].right, top: lines[0].top, bottom: lines[0].bottom}};
}"""


def test_article_page_is_rtl_and_shows_the_aggregator_facts(
    page: Any, base_url: str, sample_page: Path, tmp_path: Path
) -> None:
    main, related = aggregator_docs(sample_page)
    page.goto(f"{base_url}/article/{main.id}")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('article .body p')).direction") == "rtl"
    headline = page.locator("h1.headline")
    assert headline.is_visible() and headline.inner_text().strip() == main.article.title
    assert page.locator("article time").first.is_visible()
    assert "أبريل 2025" in page.locator("article time").first.inner_text()
    assert main.article.outlet and page.locator("article .byline .outlet").inner_text() == main.article.outlet
    tags = page.locator("section.tags a.tag")
    assert tags.count() >= len(main.article.page_tags)
    assert all(tags.nth(i).is_visible() for i in range(tags.count()))
    read_also = page.locator("#read-also a.related-link")
    assert read_also.first.is_visible() and read_also.first.inner_text() == related.article.title
    assert page.locator(".body a.ent").first.is_visible()  # entity mentions are links in the text

    png = page.screenshot(path=str(tmp_path / "article-rtl.png"))
    width, height = png_size(png)
    assert (width, height) == (VIEWPORT["width"], VIEWPORT["height"])
    assert len(png) > 30_000, "a blank or broken page makes a tiny PNG"
    # The headline is right-aligned: its first line ends at the column's right edge,
    # in the right part of the viewport, and the pixels say the same as the DOM.
    geo = page.evaluate(HEADLINE_GEOMETRY)
    line = geo["firstLine"]
    assert abs(line["right"] - geo["right"]) <= 3, geo
    assert line["right"] > 0.75 * VIEWPORT["width"], geo
    _, ink_right = ink_columns(page, png, line["top"], line["bottom"])
    assert abs(ink_right - line["right"]) <= 8, (ink_right, geo)


def test_short_headline_hugs_the_right_edge(page: Any, base_url: str, tmp_path: Path) -> None:
    gold = samples.doc_gold()
    page.goto(f"{base_url}/article/{gold.id}")
    geo = page.evaluate(HEADLINE_GEOMETRY)
    png = page.screenshot(path=str(tmp_path / "short-headline.png"))
    ink_left, ink_right = ink_columns(page, png, geo["top"], geo["bottom"])
    assert abs(ink_right - geo["right"]) <= 8, (ink_right, geo)
    # A one-line headline leaves its left side empty: the ink starts where the text
    # starts, well right of the column's left edge.
    line = geo["firstLine"]
    assert abs(ink_left - line["left"]) <= 8 and ink_left - geo["left"] > 40, (ink_left, geo)


def test_tag_and_read_also_links_navigate(page: Any, base_url: str, sample_page: Path) -> None:
    main, related = aggregator_docs(sample_page)
    page.goto(f"{base_url}/article/{main.id}")
    tag = page.locator("section.tags a.page-tag").first
    label = tag.inner_text().strip()
    tag.click()
    page.wait_for_url(f"{base_url}/tag/**")
    assert page.locator("h1").inner_text().strip() == label
    assert page.locator(f'ol.articles a[href="/article/{main.id}"]').is_visible()

    page.goto(f"{base_url}/article/{main.id}")
    page.locator("#read-also a.related-link").first.click()
    page.wait_for_url(f"{base_url}/article/{related.id}")
    assert page.locator("h1.headline").inner_text().strip() == related.article.title


def test_search_from_the_header_highlights_matches(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    box = page.locator("header.site input[name=q]")
    box.fill("موسكو")
    box.press("Enter")
    page.wait_for_url(f"{base_url}/search?q={quote('موسكو')}")
    marks = page.locator(".snippet mark")
    assert marks.count() >= 1 and marks.first.is_visible()
    assert "موسكو" in marks.first.inner_text()
    # Narrow by outlet with the filter form.
    outlet = samples.doc_delegation().article.outlet
    page.locator("form.filters select[name=outlet]").select_option(outlet)
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**/search?*outlet=*")
    hits = page.locator("ol.hits li .meta .outlet")
    assert hits.count() >= 1 and {hits.nth(i).inner_text() for i in range(hits.count())} == {outlet}
    page.locator("ol.hits a.headline").first.click()
    page.wait_for_url(f"{base_url}/article/**")
    assert page.locator("h1.headline").is_visible()


def test_hostile_article_runs_no_script(page: Any, base_url: str) -> None:
    dialogs: list[str] = []

    def on_dialog(d: Any) -> None:
        dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    try:
        page.goto(f"{base_url}/article/hostile-1")
        assert "<script>" in page.locator("article .body").inner_text()
        assert page.locator("article img").count() == 0
    finally:
        page.remove_listener("dialog", on_dialog)
    assert not dialogs


def test_pair_page_draws_timeline_and_network(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/pair/{samples.RUSSIA}/{samples.NKOREA}")
    assert page.locator("svg.network").is_visible() and page.locator("svg.network path.edge").count() == 2
    assert page.locator("ol.timeline li").count() == 2
    box = page.locator("svg.chart").bounding_box()
    assert box is not None and box["width"] > 100


def test_api_docs_render_offline(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/docs")
    page.locator(".swagger-ui .opblock").first.wait_for(state="visible")
    assert page.locator(".swagger-ui .opblock").count() >= 5
