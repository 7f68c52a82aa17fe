"""The JSON API under ``/api``: the export record plus annotations, search, entities, stories.

Articles are served as :func:`marsad.export.record` — the same pinned record as
the JSONL/CSV exports — so a client and an export agree field by field. Every
success carries ``"ok": true``; every error has the shape of
:func:`marsad.web.errors.error_body`.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request

from ..export import iso_utc, record
from ..store.base import SearchQuery, Store
from . import data

router = APIRouter(prefix="/api", tags=["api"])

MAX_LIMIT = 200


def _store(request: Request) -> Store:
    return request.app.state.store  # type: ignore[no-any-return]


def _day_start(d: date | None) -> datetime | None:
    return None if d is None else datetime.combine(d, time.min, tzinfo=timezone.utc)


def _day_end(d: date | None) -> datetime | None:
    return None if d is None else datetime.combine(d, time.max, tzinfo=timezone.utc)


def _brief(doc: Any) -> dict[str, Any]:
    a = doc.article
    return {"id": a.id, "title": a.title, "outlet": a.outlet, "published": iso_utc(a.published)}


@router.get("/articles")
def list_articles(
    request: Request,
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
    outlet: str | None = None,
) -> dict[str, Any]:
    """Most recent articles first, as export records."""
    docs = _store(request).recent(limit=limit, offset=offset, outlet=outlet)
    return {"ok": True, "limit": limit, "offset": offset, "items": [record(d) for d in docs]}


@router.get("/articles/{article_id}")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    """One article: the export record, plus ``related_items`` (title and reason of each related id)."""
    store = _store(request)
    doc = store.get(article_id)
    if doc is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    rec = record(doc)
    rec["related_items"] = [it.as_dict() for it in data.related_items(store, doc)]
    rec["ann_versions"] = doc.ann.versions
    return {"ok": True, "article": rec}


@router.get("/search")
def search(
    request: Request,
    q: str = Query(..., min_length=1),
    outlet: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    """Full-text search; ``snippet`` is HTML-safe with matches in ``<mark>``."""
    query = SearchQuery(q, outlet, _day_start(since), _day_end(until), limit, offset)
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


@router.get("/entities/{entity_id}")
def get_entity(request: Request, entity_id: str) -> dict[str, Any]:
    """An entity, its articles (newest first), article counts per day and its quotes."""
    view = data.entity_view(_store(request), entity_id)
    if view is None:
        raise HTTPException(404, f"no entity with id {entity_id!r}")
    r = view.row
    return {
        "ok": True,
        "entity": {
            "id": r.id,
            "name": r.name,
            "name_en": r.name_en,
            "type": r.type,
            "country": r.country,
            "articles": r.articles,
            "mentions": r.mentions,
        },
        "articles": [_brief(d) for d in view.docs],
        "per_day": [{"day": d.isoformat(), "count": n} for d, n in view.per_day],
        "quotes": [{"article": d.id, **q.model_dump()} for d, q in view.quotes],
    }


@router.get("/stories/{story_id}")
def get_story(request: Request, story_id: str) -> dict[str, Any]:
    """A story: headline (its earliest article's title), articles oldest first, main entities."""
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
