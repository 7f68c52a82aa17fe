"""Server-rendered Arabic pages: recent, search, article, tag, entity, pair, story, stories.

Each handler gathers its data (through :mod:`marsad.web.data`, shared with the
API) and renders one template. Query parameters of the HTML pages are parsed
leniently (an empty date field from the search form is "no date", not a 422):
people type into these forms.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as day_time
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from ..store.base import SearchQuery, Store
from . import data, views

TEMPLATES_DIR = Path(__file__).parent / "templates"
PAGE_SIZE = 20
HOME_STORIES = 8
OUTLETS_TTL = 60.0  # seconds

router = APIRouter(include_in_schema=False)


def _environment() -> Environment:
    # autoescape=True for every template, whatever its name: hostile text must render inert.
    env = Environment(loader=FileSystemLoader(TEMPLATES_DIR), autoescape=True)
    env.filters["ardate"] = views.arabic_date
    env.filters["snippet"] = views.safe_snippet
    env.filters["isoday"] = views.iso_day
    env.filters["urlpart"] = lambda s: quote(str(s), safe="")
    env.globals["LANG_NAMES"] = {"ar": "العربية", "en": "الإنجليزية", "fr": "الفرنسية"}
    return env


templates = Jinja2Templates(env=_environment())


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context, status_code=status)


def render_error(request: Request, status: int, detail: Any) -> Response:
    """The error as a page. Starlette's bare reason phrase ("Not Found") says nothing a
    reader of an Arabic page needs, so only a specific detail is shown."""
    name = "404.html" if status == 404 else "error.html"
    try:
        generic = detail == HTTPStatus(status).phrase
    except ValueError:
        generic = False
    return render(request, name, status=status, status_code=status, detail=None if generic else detail)


def _store(request: Request) -> Store:
    return request.app.state.store


def _parse_day(value: str | None, end: bool = False) -> datetime | None:
    if not value:
        return None
    try:
        d = date.fromisoformat(value.strip())
    except ValueError:
        return None
    return datetime.combine(d, day_time.max if end else day_time.min, tzinfo=UTC)


def _outlets(request: Request) -> list[str]:
    """Outlets for the search filter, most articles first (the store's ``stats()["by_outlet"]``).

    ``stats()`` counts the whole database, so the list is kept on the app for
    :data:`OUTLETS_TTL` seconds instead of being recounted for every search.
    """
    cached = getattr(request.app.state, "outlets", None)
    now = time.monotonic()
    if cached is not None and now - cached[0] < OUTLETS_TTL:
        return cached[1]
    by_outlet = _store(request).stats().get("by_outlet") or {}
    names = [name for name in by_outlet if name != "(none)"]
    request.app.state.outlets = (now, names)
    return names


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and int(value) > 0 else 1


@router.get("/", response_class=HTMLResponse)
def index(request: Request, page: str | None = None, outlet: str | None = None) -> HTMLResponse:
    store = _store(request)
    n = _page_number(page)
    docs = store.recent(limit=PAGE_SIZE + 1, offset=(n - 1) * PAGE_SIZE, outlet=outlet or None)
    day = data.latest_day(store)
    stories = data.top_stories(store, day, limit=HOME_STORIES) if n == 1 and not outlet else []
    return render(
        request,
        "index.html",
        docs=docs[:PAGE_SIZE],
        page=n,
        more=len(docs) > PAGE_SIZE,
        outlet=outlet or "",
        stories=stories,
        day=day,
    )


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    q: str = "",
    outlet: str = "",
    since: str = "",
    until: str = "",
    page: str | None = None,
) -> HTMLResponse:
    n = _page_number(page)
    hits = []
    if q.strip():
        query = SearchQuery(
            text=q.strip(),
            outlet=outlet.strip() or None,
            since=_parse_day(since),
            until=_parse_day(until, end=True),
            limit=PAGE_SIZE + 1,
            offset=(n - 1) * PAGE_SIZE,
        )
        hits = _store(request).search(query)
    params = {"q": q, "outlet": outlet, "since": since, "until": until}
    return render(
        request,
        "search.html",
        q=q,
        outlet=outlet,
        since=since,
        until=until,
        hits=hits[:PAGE_SIZE],
        outlets=_outlets(request),
        first=(n - 1) * PAGE_SIZE + 1,
        page=n,
        more=len(hits) > PAGE_SIZE,
        base_query=urlencode(params),
    )


@router.get("/article/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str) -> HTMLResponse:
    store = _store(request)
    doc = store.get(article_id)
    if doc is None:
        raise HTTPException(404, f"لا توجد مقالة بالمعرّف {article_id}")
    body_spans = [*views.entity_spans(doc, "body"), *views.evidence_spans(doc)]
    title = doc.article.title
    return render(
        request,
        "article.html",
        doc=doc,
        a=doc.article,
        title_html=views.mark_range(title, 0, len(title), views.entity_spans(doc, "title")),
        paragraphs=views.paragraphs(doc.article.body, body_spans),
        related=data.related_items(store, doc),
        entity_names={e.id: e.name for e in doc.ann.entities},
        has_facts=bool(doc.ann.entities or doc.ann.quotes or doc.ann.events or doc.ann.claims),
    )


@router.get("/tag/{label:path}", response_class=HTMLResponse)
def tag(request: Request, label: str) -> HTMLResponse:
    view = data.tag_view(_store(request), label)
    return render(request, "tag.html", v=view, chart=views.bar_chart(view.per_day))


@router.get("/entity/{entity_id}", response_class=HTMLResponse)
def entity(request: Request, entity_id: str) -> HTMLResponse:
    view = data.entity_view(_store(request), entity_id)
    if view is None:
        raise HTTPException(404, f"لا يوجد كيان بالمعرّف {entity_id}")
    return render(request, "entity.html", v=view, chart=views.bar_chart(view.per_day))


@router.get("/pair/{a}/{b}", response_class=HTMLResponse)
def pair(request: Request, a: str, b: str) -> HTMLResponse:
    view = data.pair_view(_store(request), a, b)
    if view is None:
        raise HTTPException(404, f"لا يوجد كيان بالمعرّف {a} أو {b}")
    return render(
        request,
        "pair.html",
        v=view,
        chart=views.bar_chart(view.per_day),
        network=views.network_svg(view.network, highlight={a, b}),
    )


@router.get("/story/{story_id}", response_class=HTMLResponse)
def story(request: Request, story_id: str) -> HTMLResponse:
    view = data.story_view(_store(request), story_id)
    if view is None:
        raise HTTPException(404, f"لا توجد قصة بالمعرّف {story_id}")
    return render(request, "story.html", v=view, days=views.group_by_day(view.docs))


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, day: str = "") -> HTMLResponse:
    store = _store(request)
    chosen = _parse_day(day)
    d = chosen.date() if chosen else data.latest_day(store)
    return render(
        request,
        "stories.html",
        stories=data.top_stories(store, d),
        day=d,
        prev_day=d - timedelta(days=1) if d else None,
        next_day=d + timedelta(days=1) if d else None,
    )
