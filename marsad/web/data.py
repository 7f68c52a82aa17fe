"""What each page shows, assembled from the store once, for both the HTML pages and the JSON API.

The store protocol grows as later stages land (entities, stories, events). A page
whose data a backend cannot give yet must show an empty state, not fail, so every
optional read goes through :func:`optional`, which turns ``NotImplementedError``
(and a missing method) into the empty default. Real errors still propagate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, TypeVar

from ..model import Doc, Event, Quote
from ..store.base import EntityRow, Store
from .views import Network, actor_network, day_counts, main_entities

T = TypeVar("T")

ENTITY_ARTICLES_LIMIT = 500  # enough for a year of daily counts of a busy entity on a laptop


def optional(call: Callable[[], T], default: T) -> T:
    """``call()``, or ``default`` when the backend does not implement that read yet."""
    try:
        return call()
    except (NotImplementedError, AttributeError):
        return default


def _when(doc: Doc) -> datetime:
    p = doc.article.published
    return p if p is not None else datetime.min.replace(tzinfo=timezone.utc)


@dataclass
class RelatedItem:
    id: str
    reason: str
    score: float = 0.0
    title: str = ""
    outlet: str | None = None
    published: datetime | None = None
    stored: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "reason": self.reason,
            "score": self.score,
            "title": self.title or None,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
            "stored": self.stored,
        }


def related_items(store: Store, doc: Doc) -> list[RelatedItem]:
    """Page-linked related articles first (reason 'page'), then inferred ones with their reason."""
    items: dict[str, RelatedItem] = {}
    for rid in doc.article.related_keys:
        items.setdefault(rid, RelatedItem(rid, "page"))
    for r in doc.ann.related:
        items.setdefault(r.id, RelatedItem(r.id, r.reason, r.score))
    items.pop(doc.id, None)
    for other in optional(lambda: store.docs_by_ids(list(items)), []):
        it = items.get(other.id)
        if it is not None:
            it.title, it.outlet, it.published, it.stored = (
                other.article.title,
                other.article.outlet,
                other.article.published,
                True,
            )
    return list(items.values())


@dataclass
class EntityView:
    row: EntityRow
    docs: list[Doc]
    per_day: list[tuple[date, int]]
    quotes: list[tuple[Doc, Quote]]


def entity_view(store: Store, entity_id: str) -> EntityView | None:
    docs = optional(lambda: store.entity_articles(entity_id, limit=ENTITY_ARTICLES_LIMIT), [])
    row = optional(lambda: store.entity(entity_id), None)
    if row is None:
        row = _row_from_docs(entity_id, docs)
    if row is None:
        return None
    docs.sort(key=_when, reverse=True)
    quotes = [
        (d, q) for d in docs for q in d.ann.quotes if q.speaker is not None and q.speaker.entity == entity_id
    ]
    return EntityView(row, docs, day_counts(docs), quotes)


def _row_from_docs(entity_id: str, docs: list[Doc]) -> EntityRow | None:
    for d in docs:
        for e in d.ann.entities:
            if e.id == entity_id:
                return EntityRow(e.id, e.name, e.name_en, e.type, e.country, articles=len(docs))
    return None


@dataclass
class PairView:
    a: EntityView
    b: EntityView
    docs: list[Doc]
    events: list[tuple[Doc, Event]]  # oldest first
    network: Network = field(default_factory=Network)


def _involves(ev: Event, ids: set[str]) -> bool:
    return any(actor is not None and actor.entity in ids for actor in (ev.source, ev.target))


def pair_view(store: Store, a: str, b: str) -> PairView | None:
    va, vb = entity_view(store, a), entity_view(store, b)
    if va is None or vb is None:
        return None
    in_b = {d.id for d in vb.docs}
    docs = [d for d in va.docs if d.id in in_b]
    events = [(d, ev) for d in docs for ev in d.ann.events if _involves(ev, {a, b})]
    events.sort(key=lambda de: de[1].date or (_when(de[0]).date().isoformat()))
    names = {e.id: e.name for d in docs for e in d.ann.entities}
    return PairView(va, vb, docs, events, actor_network((ev for _, ev in events), names))


@dataclass
class StoryView:
    id: str
    headline: str
    docs: list[Doc]  # oldest first
    outlets: list[str]
    entities: list[tuple[str, str, int]]


def story_view(store: Store, story_id: str) -> StoryView | None:
    docs = sorted(optional(lambda: store.story_articles(story_id), []), key=_when)
    if not docs:
        return None
    outlets = sorted({d.article.outlet for d in docs if d.article.outlet})
    return StoryView(story_id, docs[0].article.title, docs, outlets, main_entities(docs))


@dataclass
class StorySummary:
    id: str
    size: int
    headline: str
    outlets: list[str]
    first: datetime | None


def top_stories(store: Store, day: str | None, limit: int = 20) -> list[StorySummary]:
    out = []
    for sid, size in optional(lambda: store.top_stories(day, limit), []):
        view = story_view(store, sid)
        if view is not None:
            out.append(StorySummary(sid, size, view.headline, view.outlets, view.docs[0].article.published))
    return out
