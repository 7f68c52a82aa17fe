"""The JSON API and its one error shape, through FastAPI's TestClient over a real SQLite store."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from test_web_data import HOSTILE_ID, SCRIPT, aggregator_docs, fill_store, hostile_doc, newest_dated

from marsad.export import record
from marsad.model import Doc
from marsad.store import Store
from marsad.web import samples
from marsad.web.app import create_app
from marsad.web.errors import error_body

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # Starlette's import-time note about its TestClient (see test_web_pages)
    from fastapi.testclient import TestClient

PINNED = (
    "id",
    "url",
    "title",
    "published",
    "outlet",
    "language",
    "body",
    "page_tags",
    "related",
    "duplicate_of",
    "source",
    "entities",
    "tags",
    "story",
    "quotes",
    "claims",
    "events",
)


@pytest.fixture(scope="module")
def docs(sample_page: Path) -> list[Doc]:
    return [*samples.sample_docs(), *aggregator_docs(sample_page), hostile_doc()]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, docs: list[Doc]) -> Iterator[Store]:
    s = fill_store(tmp_path_factory.mktemp("api") / "api.db", docs)
    yield s
    s.close()


@pytest.fixture(scope="module")
def client(store: Store) -> TestClient:
    return TestClient(create_app(store))


def ok(client: TestClient, url: str) -> dict[str, Any]:
    r = client.get(url)
    assert r.status_code == 200, (url, r.text[:300])
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert body["ok"] is True
    return body


def assert_error(r: Any, status: int) -> dict[str, Any]:
    """The one error shape: exactly what :func:`error_body` builds, nothing else."""
    assert r.status_code == status
    assert r.headers["content-type"] == "application/json"
    body = r.json()
    assert set(body) == {"ok", "error"} and body["ok"] is False
    assert set(body["error"]) == {"status", "title", "detail"}
    assert body["error"]["status"] == status and body["error"]["title"]
    assert body == error_body(status, body["error"]["detail"])
    return body


# --------------------------------------------------------------------------- articles


def test_articles_are_recent_first_with_paging_and_outlet_filter(client: TestClient, docs: list[Doc]) -> None:
    body = ok(client, "/api/articles?limit=3")
    items = body["items"]
    assert len(items) == 3 and all(
        tuple(it)[: len(PINNED)] == PINNED or set(PINNED) <= set(it) for it in items
    )
    stamps = [it["published"] for it in items]
    assert stamps == sorted(stamps, reverse=True)
    dated = newest_dated(docs)
    assert items[0]["id"] == dated[0].id
    nxt = ok(client, "/api/articles?limit=3&offset=3")["items"]
    assert not {it["id"] for it in items} & {it["id"] for it in nxt}
    mine = ok(client, "/api/articles?outlet=" + quote("صحيفة الشاهد"))["items"]
    assert {it["id"] for it in mine} == {"demo-delegation", "demo-gold"}


def test_article_is_the_export_record(client: TestClient, store: Store, sample_page: Path) -> None:
    main, related = aggregator_docs(sample_page)
    art = ok(client, "/api/articles/" + main.id)["article"]
    stored = store.get(main.id)
    assert stored is not None
    rec = record(stored)
    assert {k: art[k] for k in rec} == rec
    assert set(PINNED) <= set(art)
    assert art["published"] == "2025-04-28T00:00:00+00:00" and art["page_tags"] == list(
        main.article.page_tags
    )
    assert related.id in art["related"]
    first = art["related_items"][0]
    assert first == {
        **first,
        "id": related.id,
        "reason": "page",
        "title": related.article.title,
        "stored": True,
    }


def test_article_annotations_carry_offsets(client: TestClient) -> None:
    art = ok(client, "/api/articles/demo-agreement")["article"]
    body = art["body"]
    (q,) = art["quotes"]
    assert body[q["start"] : q["end"]] == q["text"] and q["speaker"]["entity"] == samples.LAVROV
    (ev,) = art["events"]
    assert ev["type"] == "AGREE" and ev["cameo"] == "057" and ev["source"]["country"] == "RUS"
    for ent in art["entities"]:
        for m in ent["mentions"]:
            assert body[m["start"] : m["end"]] == m["text"]
    assert art["story"] == samples.STORY and "روسيا وكوريا الشمالية" in art["tags"]


def test_hostile_text_is_data_in_json(client: TestClient) -> None:
    art = ok(client, "/api/articles/" + HOSTILE_ID)["article"]
    assert (
        SCRIPT in art["title"] and SCRIPT in art["body"]
    )  # JSON carries text as is; escaping is the page's job


# --------------------------------------------------------------------------- search


def test_search_returns_html_safe_snippets_with_marks(client: TestClient) -> None:
    body = ok(client, "/api/search?q=" + quote("موسكو"))
    items = body["items"]
    assert items and body["q"] == "موسكو"
    for it in items:
        assert re.search(r"<mark>[^<]*موسكو[^<]*</mark>", it["snippet"])
        assert re.sub(r"</?mark>", "", it["snippet"]).count("<") == 0
    ids = [it["id"] for it in ok(client, "/api/search?q=" + quote("موسكو") + "&since=2025-04-29")["items"]]
    assert "demo-delegation" in ids and "demo-agreement" not in ids
    ids = [it["id"] for it in ok(client, "/api/search?q=" + quote("موسكو") + "&until=2025-04-28")["items"]]
    assert "demo-agreement" in ids and "demo-delegation" not in ids
    ids = [
        it["id"]
        for it in ok(client, "/api/search?q=" + quote("موسكو") + "&outlet=" + quote("وكالة المرصد"))["items"]
    ]
    assert ids == ["demo-agreement"]
    assert len(ok(client, "/api/search?q=" + quote("موسكو") + "&limit=1")["items"]) == 1


def test_search_escapes_markup_in_snippets(client: TestClient) -> None:
    items = ok(client, "/api/search?q=" + quote("الزيتون"))["items"]
    assert [it["id"] for it in items] == [HOSTILE_ID]
    assert "<script" not in items[0]["snippet"] and "&lt;script&gt;" in items[0]["snippet"]


# --------------------------------------------------------------------------- entities, pairs, stories


def test_entity_has_articles_per_day_quotes_and_co_entities(client: TestClient) -> None:
    body = ok(client, f"/api/entities/{samples.LAVROV}")
    assert body["entity"]["name"] == "سيرغي لافروف" and body["entity"]["type"] == "PERS"
    assert [a["id"] for a in body["articles"]] == ["demo-agreement"]
    assert body["per_day"] == [{"day": "2025-04-28", "count": 1}]
    (q,) = body["quotes"]
    assert q["article"] == "demo-agreement" and q["speaker"]["entity"] == samples.LAVROV
    assert {c["id"] for c in body["co_entities"]} == {samples.RUSSIA, samples.NKOREA}
    russia = ok(client, f"/api/entities/{samples.RUSSIA}")
    assert sum(d["count"] for d in russia["per_day"]) == sum(1 for a in russia["articles"] if a["published"])


def test_top_entities_and_tags(client: TestClient, sample_page: Path) -> None:
    items = ok(client, "/api/entities?limit=3")["items"]
    assert 1 <= len(items) <= 3
    assert [it["articles"] for it in items] == sorted((it["articles"] for it in items), reverse=True)
    people = ok(client, "/api/entities?type=PERS")["items"]
    assert people and all(it["type"] == "PERS" for it in people)
    main = aggregator_docs(sample_page)[0]
    tag = main.article.page_tags[0]
    body = ok(client, "/api/tags/" + quote(tag, safe=""))
    assert body["tag"] == tag and main.id in [a["id"] for a in body["articles"]]
    pair = ok(client, "/api/tags/" + quote("روسيا وكوريا الشمالية", safe=""))
    assert pair["entities"] == [samples.RUSSIA, samples.NKOREA]
    assert ok(client, "/api/tags/" + quote("وسم لا وجود له", safe=""))["articles"] == []


def test_pair_has_events_between_the_two_oldest_first(client: TestClient) -> None:
    body = ok(client, f"/api/pairs/{samples.RUSSIA}/{samples.NKOREA}")
    assert [e["type"] for e in body["events"]] == ["AGREE", "CONSULT"]
    for e in body["events"]:
        assert {e["source"]["entity"], e["target"]["entity"]} == {samples.RUSSIA, samples.NKOREA}
        assert e["evidence"]
    assert {"demo-agreement", "demo-delegation"} <= {a["id"] for a in body["articles"]}


def test_story_and_days_stories(client: TestClient) -> None:
    story = ok(client, f"/api/stories/{samples.STORY}")["story"]
    assert [a["id"] for a in story["articles"]] == ["demo-agreement", "demo-delegation"]
    assert story["headline"] == samples.doc_agreement().article.title
    assert {e["id"] for e in story["entities"]} >= {samples.RUSSIA, samples.NKOREA}
    day = ok(client, "/api/stories?day=2025-04-28")
    assert day["day"] == "2025-04-28" and samples.STORY in [s["id"] for s in day["items"]]
    latest = ok(client, "/api/stories")
    assert latest["day"] == "2025-04-30"  # the newest article's day, not the wall clock's


# --------------------------------------------------------------------------- errors, OpenAPI


@pytest.mark.parametrize(
    "url",
    [
        "/api/articles/no-such-id",
        "/api/entities/no-such-id",
        "/api/stories/no-such-id",
        "/api/pairs/a/b",
        "/api/nothing",
    ],
)
def test_not_found_has_the_error_shape(client: TestClient, url: str) -> None:
    body = assert_error(client.get(url), 404)
    assert body["error"]["detail"]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/search", "q"),
        ("/api/search?q=x&since=yesterday", "since"),
        ("/api/articles?limit=0", "limit"),
        ("/api/articles?limit=100000", "limit"),
        ("/api/stories?day=2025-13-45", "day"),
        ("/api/entities?type=PERSON", "type"),
    ],
)
def test_invalid_input_is_a_422_with_the_error_shape(client: TestClient, url: str, field: str) -> None:
    body = assert_error(client.get(url), 422)
    assert field in body["error"]["detail"]


class _BrokenStore:
    """A store whose reads fail the way a corrupt database would."""

    def get(self, article_id: str) -> None:
        raise RuntimeError("disk I/O error: /secret/path/web.db")


def test_server_error_has_the_error_shape_and_hides_internals() -> None:
    broken = TestClient(create_app(_BrokenStore()), raise_server_exceptions=False)  # type: ignore[arg-type]
    body = assert_error(broken.get("/api/articles/x"), 500)
    assert "secret" not in body["error"]["detail"]
    r = broken.get("/article/x")  # a page gets the same facts as a page
    assert (
        r.status_code == 500 and r.headers["content-type"].startswith("text/html") and "secret" not in r.text
    )


def test_openapi_lists_the_api_and_docs_work_offline(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/search",
        "/api/entities/{entity_id}",
        "/api/stories/{story_id}",
    ):
        assert path in spec["paths"], path
    pages = [p for p in spec["paths"] if p.startswith(("/article/", "/tag/"))]
    assert not pages  # the HTML pages stay out of the API doc
    # The documented error schema is the one we send, not FastAPI's default.
    search_422 = spec["paths"]["/api/search"]["get"]["responses"]["422"]
    assert search_422["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    assert "HTTPValidationError" not in spec.get("components", {}).get("schemas", {})
    docs = client.get("/docs")
    assert docs.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs.text) + re.findall(r"url: '([^']+)'", docs.text)
    assert assets and all(a.startswith("/") for a in assets), assets  # nothing from another host
    for a in assets:
        assert client.get(a).status_code == 200, a
