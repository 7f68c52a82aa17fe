"""What each page shows, assembled from the store once, for both the HTML pages and the JSON API.

The store protocol grows as later stages land (entity quotes, pair reads, story
reads, read-also). A page whose data a backend cannot give yet shows an empty
state or computes it from the docs it has, so every such read goes through
:func:`backend_read`: a method the store does not have, or one that raises
``NotImplementedError``, gives the fallback. Any other error is real and
propagates (to the one error handler in :mod:`marsad.web.errors`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, TypeVar

from ..model import Doc, Event, Quote
from ..store.base import EntityRow, Store
from .views import Network, actor_network, day_counts, fill_days, main_entities

T = TypeVar("T")

ENTITY_ARTICLES_LIMIT = 500  # enough for a year of daily counts of a busy entity on a laptop
PAIR_LIMIT = 500
QUOTES_LIMIT = 100
STORY_ENTITIES = 12
CO_ENTITIES = 15


def backend_read(store: Store, method: str, *args: Any, default: Callable[[], T], **kwargs: Any) -> T:
    """``store.<method>(*args)``, or ``default()`` when this backend does not implement the read.

    Only a missing method or ``NotImplementedError`` selects the fallback: an
    ``AttributeError`` raised *inside* an implemented method is a bug and is not hidden.
    """
    fn = getattr(store, method, None)
    if fn is None:
        return default()
    try:
        return fn(*args, **kwargs)
    except NotImplementedError:
        return default()


def _day_series(rows: Sequence[tuple[str, int]]) -> list[tuple[date, int]]:
    """The store's ``[("2025-04-28", 3), …]`` as dates, gaps filled."""
    return fill_days([(date.fromisoformat(d), n) for d, n in rows])


def _when(doc: Doc) -> datetime:
    p = doc.article.published
    return p if p is not None else datetime.min.replace(tzinfo=UTC)


def latest_day(store: Store) -> date | None:
    """The publication day of the newest article: "today" for an archive is its last day."""
    for doc in store.recent(limit=1):
        if doc.article.published is not None:
            return doc.article.published.astimezone(UTC).date()
    return None


# --------------------------------------------------------------------------- read also


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


@cache  # looked up once per process: a module that appears later needs a restart anyway
def _read_also_function() -> Callable[[Store, Doc], Sequence[Any]] | None:
    """``marsad.stories.related.read_also`` when the stories package provides it, else ``None``."""
    try:
        module = importlib.import_module("marsad.stories.related")
    except ModuleNotFoundError as exc:
        if exc.name in ("marsad.stories.related", "marsad.stories"):
            return None  # not written yet: fall back to the links the page and the stage stored
        raise  # the module exists but one of *its* imports is missing: a real error
    return getattr(module, "read_also", None)


def related_items(store: Store, doc: Doc) -> list[RelatedItem]:
    """Read-also: the page's own links first (reason 'page'), then the ranked recommendations.

    Recommendations come from ``marsad.stories.related.read_also`` when it exists
    (same story first, then shared entities, each with its reason), else from the
    ``related`` list the stories stage stored on the doc.
    """
    items: dict[str, RelatedItem] = {}
    for rid in doc.article.related_keys:
        items.setdefault(rid, RelatedItem(rid, "page"))
    read_also = _read_also_function()
    recommended = read_also(store, doc) if read_also is not None else doc.ann.related
    for r in recommended:
        items.setdefault(r.id, RelatedItem(r.id, r.reason, float(getattr(r, "score", 0.0) or 0.0)))
    items.pop(doc.id, None)
    for other in store.docs_by_ids(list(items)):
        it = items.get(other.id)
        if it is not None:
            it.title, it.outlet, it.published, it.stored = (
                other.article.title,
                other.article.outlet,
                other.article.published,
                True,
            )
    return list(items.values())


# --------------------------------------------------------------------------- entities


@dataclass
class EntityView:
    row: EntityRow
    docs: list[Doc]  # newest first
    per_day: list[tuple[date, int]]
    quotes: list[tuple[Doc, Quote]]
    co_entities: list[tuple[str, str, int]] = field(default_factory=list)  # (id, name, shared articles)


def _quotes_from_docs(docs: list[Doc], entity_id: str) -> list[tuple[Doc, Quote]]:
    return [
        (d, q) for d in docs for q in d.ann.quotes if q.speaker is not None and q.speaker.entity == entity_id
    ]


def entity_view(store: Store, entity_id: str) -> EntityView | None:
    docs = list(store.entity_articles(entity_id, limit=ENTITY_ARTICLES_LIMIT))
    row = store.entity(entity_id) or _row_from_docs(entity_id, docs)
    if row is None:
        return None
    docs.sort(key=_when, reverse=True)
    quotes = backend_read(
        store, "entity_quotes", entity_id, QUOTES_LIMIT, default=lambda: _quotes_from_docs(docs, entity_id)
    )
    co = [t for t in main_entities(docs, limit=CO_ENTITIES + 1) if t[0] != entity_id][:CO_ENTITIES]
    # Counted by the store over all the entity's articles, not just the ones listed.
    per_day = backend_read(
        store,
        "entity_counts_by_day",
        entity_id,
        default=lambda: [(d.isoformat(), n) for d, n in day_counts(docs)],
    )
    return EntityView(row, docs, _day_series(per_day), quotes, co)


def _row_from_docs(entity_id: str, docs: list[Doc]) -> EntityRow | None:
    for d in docs:
        for e in d.ann.entities:
            if e.id == entity_id:
                return EntityRow(e.id, e.name, e.name_en, e.type, e.country, articles=len(docs))
    return None


# --------------------------------------------------------------------------- actor pairs


@dataclass
class PairView:
    a: EntityRow
    b: EntityRow
    docs: list[Doc]  # newest first
    per_day: list[tuple[date, int]]
    events: list[tuple[Doc, Event]]  # between the two actors, oldest first
    network: Network = field(default_factory=Network)


def _actor_ids(ev: Event) -> set[str | None]:
    return {actor.entity if actor is not None else None for actor in (ev.source, ev.target)}


def _between(ev: Event, a: str, b: str) -> bool:
    """One actor is ``a`` and the other ``b`` (either direction)."""
    return _actor_ids(ev) == {a, b}


def _on_record(ev: Event) -> bool:
    """Events the pair page shows: a "mentioned" one is a reference the event filter judged not
    a report (ضحايا تفجيرات 11 سبتمبر), no point on a timeline; negated and future events
    stay, flagged."""
    return ev.modality != "mentioned"


def _event_day(de: tuple[Doc, Event]) -> str:
    doc, ev = de
    return ev.date or _when(doc).date().isoformat()


def pair_view(store: Store, a: str, b: str) -> PairView | None:
    row_a = store.entity(a)
    row_b = store.entity(b)
    if row_a is None or row_b is None:
        return None

    def shared_docs() -> list[Doc]:
        in_b = {d.id for d in store.entity_articles(b, limit=PAIR_LIMIT)}
        return [d for d in store.entity_articles(a, limit=PAIR_LIMIT) if d.id in in_b]

    docs = sorted(
        backend_read(store, "pair_articles", a, b, PAIR_LIMIT, default=shared_docs), key=_when, reverse=True
    )

    def events_from_docs() -> list[tuple[Doc, Event]]:
        return [(d, ev) for d in docs for ev in d.ann.events if _on_record(ev)]

    candidates = backend_read(store, "pair_events", a, b, PAIR_LIMIT, default=events_from_docs)
    events = sorted(((d, ev) for d, ev in candidates if _between(ev, a, b) and _on_record(ev)), key=_event_day)
    # The network shows the neighbourhood: every event in the shared articles that
    # involves either actor, so third parties acting on them appear too.
    around = [ev for d in docs for ev in d.ann.events if _actor_ids(ev) & {a, b} and _on_record(ev)]
    names = {e.id: e.name for d in docs for e in d.ann.entities}
    names.update({a: row_a.name, b: row_b.name})
    per_day = backend_read(
        store, "pair_counts_by_day", a, b, default=lambda: [(d.isoformat(), n) for d, n in day_counts(docs)]
    )
    return PairView(row_a, row_b, docs, _day_series(per_day), events, actor_network(around, names))


# --------------------------------------------------------------------------- stories


@dataclass
class StoryView:
    id: str
    headline: str
    docs: list[Doc]  # oldest first
    outlets: list[str]
    entities: list[tuple[str, str, int]]


def story_view(store: Store, story_id: str) -> StoryView | None:
    docs = sorted(store.story_articles(story_id), key=_when)
    if not docs:
        return None
    outlets = sorted({d.article.outlet for d in docs if d.article.outlet})
    # The headline is the first report's: it names the event before follow-ups reframe it.
    headline = next((d.article.title for d in docs if d.article.title), "")
    return StoryView(story_id, headline, docs, outlets, main_entities(docs, limit=STORY_ENTITIES))


@dataclass
class StorySummary:
    id: str
    size: int  # articles on the day asked for
    total: int  # articles in the whole story
    headline: str
    outlets: list[str]
    first: datetime | None
    entities: list[tuple[str, str, int]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "size": self.size,
            "total": self.total,
            "headline": self.headline,
            "outlets": self.outlets,
            "first": self.first.isoformat() if self.first else None,
            "entities": [{"id": i, "name": n, "articles": c} for i, n, c in self.entities],
        }


def top_stories(store: Store, day: date | None, limit: int = 20) -> list[StorySummary]:
    """The biggest stories of ``day`` (the store ranks them), each with its headline and outlets."""
    out = []
    for sid, size in store.top_stories(day.isoformat() if day else None, limit):
        view = story_view(store, sid)
        if view is not None:
            first = view.docs[0].article.published
            out.append(
                StorySummary(sid, size, len(view.docs), view.headline, view.outlets, first, view.entities[:4])
            )
    return out


# --------------------------------------------------------------------------- tags


@dataclass
class TagView:
    label: str
    docs: list[Doc]  # newest first
    per_day: list[tuple[date, int]]
    entities: list[str] = field(default_factory=list)  # entity ids behind a semantic tag, if any


def tag_view(store: Store, label: str, limit: int = 200) -> TagView:
    docs = sorted(store.tag_articles(label, limit=limit), key=_when, reverse=True)
    entities: list[str] = []
    for d in docs:
        tag = next((t for t in d.ann.tags if t.label == label), None)
        if tag is not None:
            entities = list(tag.entities)
            break
    return TagView(label, docs, day_counts(docs), entities)
