"""The HTML pages, through FastAPI's TestClient, over a real SQLite store.

Every page: status, ``<html lang="ar" dir="rtl">``, no markup from the data
reaching the page unescaped, and the facts the page exists to show.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from test_web_data import (
    AGG_STORY,
    HOSTILE_ID,
    SCRIPT,
    aggregator_docs,
    fill_store,
    hostile_doc,
    newest_dated,
)

from marsad.model import Doc
from marsad.store import Store
from marsad.web import samples
from marsad.web.app import create_app

with warnings.catch_warnings():
    # Starlette warns about its httpx-based TestClient on import; the pytest config turns
    # warnings into errors, and this one is about the test tool, not about marsad.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def docs(sample_page: Path) -> list[Doc]:
    return [*samples.sample_docs(), *aggregator_docs(sample_page), hostile_doc()]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, docs: list[Doc]) -> Iterator[Store]:
    s = fill_store(tmp_path_factory.mktemp("web") / "web.db", docs)
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store: Store) -> TestClient:
    return TestClient(create_app(store))


def page(client: TestClient, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("text/html")
    html = r.text
    assert re.search(r'<html lang="ar" dir="rtl">', html), url
    assert "<script" not in html.lower(), f"{url}: a <script> reached the page"
    return html


def text_of(html: str) -> str:
    """Visible text, roughly: block tags become spaces, inline tags vanish, quote entities decoded."""
    blocks = re.sub(
        r"</?(?:p|li|h\d|div|section|ul|ol|figure|header|main|aside|article|nav)\b[^>]*>", " ", html
    )
    inline = re.sub(r"<[^>]+>", "", blocks)
    return re.sub(r"\s+", " ", inline).replace("&#34;", '"').replace("&#39;", "'")


def article_url(doc_id: str) -> str:
    return "/article/" + quote(doc_id, safe="")


# --------------------------------------------------------------------------- home, search


def test_home_lists_recent_articles_and_the_days_stories(client: TestClient, docs: list[Doc]) -> None:
    html = page(client, "/")
    titles = [m for m in re.findall(r'<a class="headline" href="/article/[^"]+">([^<]+)</a>', html)]
    dated = newest_dated(docs)
    assert titles[0] == dated[0].article.title  # newest first
    assert samples.doc_gold().article.title in titles
    # The day's biggest stories: the newest article's day is 30 April, the demo story's second day.
    assert 'class="side-col day-stories"' in html
    assert f'href="/story/{samples.STORY}"' in html


def test_home_filters_by_outlet_and_pages(client: TestClient) -> None:
    html = page(client, "/?outlet=" + quote("صحيفة الشاهد"))
    assert samples.doc_gold().article.title in html and samples.doc_agreement().article.title not in html
    assert "day-stories" not in html
    assert "/article/" not in page(client, "/?page=99").split("</h1>", 1)[1].split("</section>", 1)[0]


def test_search_highlights_matches_and_filters(client: TestClient, docs: list[Doc]) -> None:
    html = page(client, "/search?q=" + quote("موسكو"))
    hits = re.findall(r'<li>\s*<a class="headline" href="/article/([^"]+)"', html)
    with_word = {d.id for d in docs if "موسكو" in d.article.title + d.article.body}
    assert hits and set(hits) <= with_word
    assert re.search(r"<mark>[^<]*موسكو[^<]*</mark>", html)
    # Outlet and date filters narrow the same query.
    only = page(client, "/search?q=" + quote("موسكو") + "&outlet=" + quote("صحيفة الشاهد"))
    assert set(re.findall(r'<li>\s*<a class="headline" href="/article/([^"]+)"', only)) == {"demo-delegation"}
    later = page(client, "/search?q=" + quote("موسكو") + "&since=2025-04-29&until=2025-05-31")
    found = set(re.findall(r'<li>\s*<a class="headline" href="/article/([^"]+)"', later))
    assert "demo-delegation" in found and "demo-agreement" not in found
    # An empty date from the form is "no date", not an error.
    page(client, "/search?q=" + quote("موسكو") + "&since=&until=&outlet=")
    assert "لا نتائج" in page(client, "/search?q=" + quote("كلمةغيرموجودةأبدا"))
    page(client, "/search")


def test_search_for_markup_is_escaped(client: TestClient) -> None:
    html = page(client, "/search?q=" + quote(SCRIPT))
    assert "&lt;script&gt;" in html


# --------------------------------------------------------------------------- article


def test_article_page_shows_what_the_aggregator_page_shows(client: TestClient, sample_page: Path) -> None:
    main, related = aggregator_docs(sample_page)
    a = main.article
    html = page(client, article_url(main.id))
    text = text_of(html)
    assert text_of(re.search(r'id="headline">(.*?)</h1>', html, re.S).group(1)).strip() == a.title  # type: ignore[union-attr]
    assert f'datetime="{a.published.isoformat()}"' in html and "أبريل 2025" in text  # type: ignore[union-attr]
    assert a.outlet and f"المصدر: {a.outlet}" in text
    for tag in a.page_tags:
        assert f'href="/tag/{quote(tag, safe="")}"' in html
    # Read also: the related article by its headline, linked.
    assert "إقرأ أيضاً" in html
    assert f'<a class="related-link" href="{article_url(related.id)}">{related.article.title}</a>' in html
    # The body, paragraph by paragraph, with entity links on the mentions.
    for para in a.body.split("\n"):
        assert para in text
    assert html.count('href="/entity/Q423"') >= 3
    assert f'href="/story/{AGG_STORY}"' in html


def test_related_article_without_date_or_outlet_says_so(client: TestClient, sample_page: Path) -> None:
    related = aggregator_docs(sample_page)[1]
    html = page(client, article_url(related.id))
    assert "تاريخ النشر غير معروف" in html and "المصدر:" not in text_of(html)


def test_article_shows_quotes_events_and_evidence(client: TestClient) -> None:
    doc = samples.doc_agreement()
    html = page(client, article_url(doc.id))
    (q,) = doc.ann.quotes
    (ev,) = doc.ann.events
    # The quote with its speaker linked to the entity; the quote marked in the body.
    quotes = html.split('<section class="quotes">', 1)[1].split("</section>", 1)[0]
    assert q.text in quotes and f'href="/entity/{samples.LAVROV}"' in quotes
    assert 'id="q-1"' in html
    # The event: type, CAMEO, both actors linked, evidence sentence marked.
    events = html.split('<section class="events">', 1)[1].split("</section>", 1)[0]
    assert ev.type in events and f"CAMEO {ev.cameo}" in events
    assert f'href="/entity/{samples.RUSSIA}"' in events and f'href="/entity/{samples.NKOREA}"' in events
    assert (
        f'<mark class="ev" data-start="{ev.start}" data-end="{ev.end}">{doc.article.body[ev.start : ev.end]}</mark>'
        in events
    )
    assert 'id="ev-1"' in html
    # Semantic pair tag links to the tag page and to the pair page.
    assert f'href="/pair/{samples.RUSSIA}/{samples.NKOREA}"' in html


def test_hostile_article_renders_as_text(client: TestClient) -> None:
    html = page(client, article_url(HOSTILE_ID))
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>منفذ</b>" not in html and "&lt;b&gt;منفذ&lt;/b&gt;" in html
    assert "<i>وسم</i>" not in html and "<u>" not in html and "<em>" not in html


def test_missing_article_is_an_html_404(client: TestClient) -> None:
    html = page(client, "/article/no-such-id", status=404)
    assert "no-such-id" in html and "٤٠٤" in html
    html = page(client, "/no/such/page", status=404)
    assert "لم نجد ما تبحث عنه" in html and "Not Found" not in html


# --------------------------------------------------------------------------- tag, entity, pair


def test_tag_page_lists_the_articles_with_that_tag(client: TestClient, sample_page: Path) -> None:
    main, _ = aggregator_docs(sample_page)
    tag = main.article.page_tags[0]
    html = page(client, "/tag/" + quote(tag, safe=""))
    assert f"<h1>{tag}</h1>" in html and article_url(main.id) in html
    html = page(client, "/tag/" + quote("روسيا وكوريا الشمالية", safe=""))
    assert "/article/demo-agreement" in html and f'href="/pair/{samples.RUSSIA}/{samples.NKOREA}"' in html
    assert "لا توجد مقالات" in page(client, "/tag/" + quote("وسم لا وجود له", safe=""))


def test_entity_page_has_counts_over_time_quotes_and_co_entities(client: TestClient) -> None:
    html = page(client, f"/entity/{samples.RUSSIA}")
    assert "<h1>روسيا</h1>" in html and "Russia" in html
    assert '<svg class="chart"' in html and html.count("<rect") >= 2
    assert "/article/demo-agreement" in html and "/article/demo-delegation" in html
    co = html.split('<section class="co-entities">', 1)[1].split("</section>", 1)[0]
    assert (
        f'href="/entity/{samples.NKOREA}"' in co and f'href="/pair/{samples.RUSSIA}/{samples.NKOREA}"' in co
    )
    lavrov = page(client, f"/entity/{samples.LAVROV}")
    assert samples.doc_agreement().ann.quotes[0].text in lavrov
    page(client, "/entity/no-such-entity", status=404)


def test_pair_page_has_timeline_network_and_articles(client: TestClient) -> None:
    html = page(client, f"/pair/{samples.RUSSIA}/{samples.NKOREA}")
    timeline = html.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    assert timeline.index("AGREE") < timeline.index("CONSULT")  # oldest first
    assert '<svg class="network"' in html and html.count('class="edge"') == 2
    assert '<svg class="chart"' in html
    assert "/article/demo-agreement" in html and "/article/demo-delegation" in html
    page(client, f"/pair/{samples.RUSSIA}/no-such-entity", status=404)


# --------------------------------------------------------------------------- stories


def test_story_page_has_headline_timeline_and_main_entities(client: TestClient) -> None:
    html = page(client, f"/story/{samples.STORY}")
    first, second = samples.doc_agreement(), samples.doc_delegation()
    assert f"<h1>{first.article.title}</h1>" in html  # the first report names the story
    assert html.index(article_url(first.id)) < html.index(article_url(second.id))
    assert first.article.outlet in html and second.article.outlet in html  # type: ignore[operator]
    ents = html.split('<section class="story-entities">', 1)[1].split("</section>", 1)[0]
    assert f'href="/entity/{samples.RUSSIA}"' in ents and f'href="/entity/{samples.NKOREA}"' in ents
    page(client, "/story/no-such-story", status=404)


def test_stories_page_ranks_the_days_stories(client: TestClient) -> None:
    html = page(client, "/stories?day=2025-04-28")
    assert f'href="/story/{samples.STORY}"' in html
    assert 'href="/stories?day=2025-04-27"' in html and 'href="/stories?day=2025-04-29"' in html
    assert "لا قصص لهذا اليوم" in page(client, "/stories?day=2001-01-01")
    page(client, "/stories?day=not-a-day")  # typed by a person: treated as "no day given"


def test_static_css_is_served_and_self_contained(client: TestClient) -> None:
    r = client.get("/static/style.css")
    assert r.status_code == 200 and "text/css" in r.headers["content-type"]
    assert "http://" not in r.text and "https://" not in r.text and "@import" not in r.text
