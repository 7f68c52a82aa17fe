"""The JSON API under ``/api``: the export record plus annotations, search, entities, pairs, stories.

Articles are served as :func:`marsad.export.record` — the same pinned record as
the JSONL/CSV/Parquet exports — so a client and an export agree field by field.
Every success carries ``"ok": true``; every error has the shape of
:func:`marsad.web.errors.error_body`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from ..export import iso_utc, record
from ..model import Doc, Event
from ..store.base import EntityRow, SearchQuery, Store
from . import data
from .errors import ERROR_RESPONSES

router = APIRouter(prefix="/api", tags=["api"], responses=ERROR_RESPONSES)

MAX_LIMIT = 200


def _store(request: Request) -> Store:
    return request.app.state.store


def _day_start(d: date | None) -> datetime | None:
    return None if d is None else datetime.combine(d, time.min, tzinfo=UTC)


def _day_end(d: date | None) -> datetime | None:
    return None if d is None else datetime.combine(d, time.max, tzinfo=UTC)


def _brief(doc: Doc) -> dict[str, Any]:
    a = doc.article
    return {"id": a.id, "title": a.title, "outlet": a.outlet, "published": iso_utc(a.published)}


def _entity(r: EntityRow) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "name_en": r.name_en,
        "type": r.type,
        "country": r.country,
        "articles": r.articles,
        "mentions": r.mentions,
    }


def _per_day(series: list[tuple[date, int]]) -> list[dict[str, Any]]:
    return [{"day": d.isoformat(), "count": n} for d, n in series]


def _event(doc: Doc, ev: Event) -> dict[str, Any]:
    return {"article": doc.id, "evidence": doc.article.body[ev.start : ev.end], **ev.model_dump()}


@router.get("/articles")
def list_articles(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
    outlet: str | None = None,
) -> dict[str, Any]:
    """Most recent articles first, as export records; page with ``offset``."""
    docs = _store(request).recent(limit=limit, offset=offset, outlet=outlet or None)
    return {"ok": True, "limit": limit, "offset": offset, "items": [record(d) for d in docs]}


@router.get("/articles/{article_id}")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    """One article: the export record, plus ``related_items`` (title and reason of each read-also)."""
    store = _store(request)
    doc = store.get(article_id)
    if doc is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    rec = record(doc)
    rec["related_items"] = [it.as_dict() for it in data.related_items(store, doc)]
    rec["versions"] = doc.ann.versions
    return {"ok": True, "article": rec}


@router.get("/search")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, description="Arabic or English words; matching is normalised")],
    outlet: str | None = None,
    since: Annotated[date | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    until: Annotated[date | None, Query(description="YYYY-MM-DD, inclusive")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Full-text search, best first; ``snippet`` is HTML-safe with matches in ``<mark>``."""
    query = SearchQuery(
        text=q,
        outlet=outlet or None,
        since=_day_start(since),
        until=_day_end(until),
        limit=limit,
        offset=offset,
    )
    hits = _store(request).search(query)
    items = [
        {
            "id": h.id,
            "title": h.title,
            "outlet": h.outlet,
            "published": iso_utc(h.published),
            "score": h.score,
            "snippet": h.snippet,
        }
        for h in hits
    ]
    return {"ok": True, "q": q, "limit": limit, "offset": offset, "items": items}


@router.get("/entities")
def list_entities(
    request: Request,
    type: Annotated[
        str | None, Query(pattern="^(PERS|ORG|LOC|MISC)$", description="PERS, ORG, LOC or MISC")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> dict[str, Any]:
    """The most reported entities, by number of articles."""
    rows = _store(request).top_entities(limit=limit, type=type)
    return {"ok": True, "items": [_entity(r) for r in rows]}


@router.get("/entities/{entity_id}")
def get_entity(request: Request, entity_id: str) -> dict[str, Any]:
    """An entity, its articles (newest first), articles per day, its quotes, co-occurring entities."""
    view = data.entity_view(_store(request), entity_id)
    if view is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    return {
        "ok": True,
        "entity": _entity(view.row),
        "articles": [_brief(d) for d in view.docs],
        "per_day": _per_day(view.per_day),
        "quotes": [{"article": d.id, **q.model_dump()} for d, q in view.quotes],
        "co_entities": [{"id": i, "name": n, "articles": c} for i, n, c in view.co_entities],
    }


@router.get("/pairs/{a}/{b}")
def get_pair(request: Request, a: str, b: str) -> dict[str, Any]:
    """Two entities: the articles naming both, counts per day, and the events between them (oldest first)."""
    view = data.pair_view(_store(request), a, b)
    if view is None:
        raise HTTPException(404, f"no entity with id {a!r} or {b!r}")
    return {
        "ok": True,
        "a": _entity(view.a),
        "b": _entity(view.b),
        "articles": [_brief(d) for d in view.docs],
        "per_day": _per_day(view.per_day),
        "events": [_event(d, ev) for d, ev in view.events],
    }


@router.get("/tags/{label:path}")
def get_tag(
    request: Request, label: str, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50
) -> dict[str, Any]:
    """Articles carrying a tag (as printed on the page, or a semantic tag), newest first, and counts per day."""
    view = data.tag_view(_store(request), label, limit=limit)
    return {
        "ok": True,
        "tag": view.label,
        "entities": view.entities,
        "articles": [_brief(d) for d in view.docs],
        "per_day": _per_day(view.per_day),
    }


@router.get("/stories")
def list_stories(
    request: Request,
    day: Annotated[
        date | None, Query(description="YYYY-MM-DD; default: the day of the newest article")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
) -> dict[str, Any]:
    """The day's biggest stories, largest first."""
    store = _store(request)
    chosen = day or data.latest_day(store)
    stories = data.top_stories(store, chosen, limit=limit)
    return {
        "ok": True,
        "day": chosen.isoformat() if chosen else None,
        "items": [s.as_dict() for s in stories],
    }


@router.get("/stories/{story_id}")
def get_story(request: Request, story_id: str) -> dict[str, Any]:
    """A story: headline (its first report's title), articles oldest first, main entities."""
    view = data.story_view(_store(request), story_id)
    if view is None:
        raise HTTPException(404, f"no story with id {story_id!r}")
    return {
        "ok": True,
        "story": {
            "id": view.id,
            "headline": view.headline,
            "outlets": view.outlets,
            "articles": [_brief(d) for d in view.docs],
            "entities": [{"id": i, "name": n, "articles": c} for i, n, c in view.entities],
        },
    }
