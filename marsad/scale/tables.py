"""The tables a batch job writes: one row per article, and flat rows per entity, event and quote.

``articles`` is the export's Parquet record (:func:`marsad.export.record`: the same
columns, nested annotations as JSON strings), so a Parquet file from ``marsad export``
and one from the Spark job read alike. The flat tables follow the store's own tables
(``marsad/store/migrations.py``: ``article_entities``, ``events``, ``quotes`` keyed by
``article_id`` and ``idx``), widened with the model's fields, so an analyst can join
and count without parsing JSON. Each keeps ``published`` for the same reason the store
copies it there: per-day counts are the first thing asked of these tables.

Rows are plain tuples in :data:`TABLES` column order; nothing here needs Spark.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from ..export import LIST_COLUMNS, NESTED_COLUMNS, RECORD_FIELDS, iso_utc, record
from ..model import Actor, Doc, Entity, Event, Quote
from ..nlp.events import happened

Kind = Literal["string", "int", "bool", "list"]
Row = tuple[Any, ...]

ARTICLE_COLUMNS: tuple[tuple[str, Kind], ...] = tuple(
    (name, "list" if name in LIST_COLUMNS else "string") for name in RECORD_FIELDS
)

ENTITY_COLUMNS: tuple[tuple[str, Kind], ...] = (
    ("article_id", "string"),
    ("idx", "int"),
    ("entity_id", "string"),
    ("name", "string"),
    ("name_en", "string"),
    ("type", "string"),
    ("country", "string"),
    ("role", "string"),
    ("count", "int"),  # mentions in this article, as the store's article_entities.count
    ("mentions", "string"),  # JSON list of {start, end, text, field}: the evidence
    ("published", "string"),
)

EVENT_COLUMNS: tuple[tuple[str, Kind], ...] = (
    ("article_id", "string"),
    ("idx", "int"),
    ("type", "string"),
    ("cameo", "string"),
    ("source_entity", "string"),
    ("source_text", "string"),
    ("source_country", "string"),
    ("source_role", "string"),
    ("target_entity", "string"),
    ("target_text", "string"),
    ("target_country", "string"),
    ("target_role", "string"),
    ("location", "string"),
    ("date", "string"),
    ("start", "int"),
    ("end", "int"),
    ("trigger", "string"),
    ("negated", "bool"),
    ("modality", "string"),
    # marsad.nlp.events.happened, the one test every event count uses: a table without
    # it would invite counting negated and future events
    ("happened", "bool"),
    ("published", "string"),
)

QUOTE_COLUMNS: tuple[tuple[str, Kind], ...] = (
    ("article_id", "string"),
    ("idx", "int"),
    ("text", "string"),
    ("start", "int"),
    ("end", "int"),
    ("speaker_entity", "string"),
    ("speaker_name", "string"),
    ("speaker_start", "int"),
    ("speaker_end", "int"),
    ("cue", "string"),
    ("continuation", "bool"),
    ("published", "string"),
)

TABLES: dict[str, tuple[tuple[str, Kind], ...]] = {
    "articles": ARTICLE_COLUMNS,
    "entities": ENTITY_COLUMNS,
    "events": EVENT_COLUMNS,
    "quotes": QUOTE_COLUMNS,
}


def article_row(doc: Doc) -> Row:
    """The export's Parquet record of ``doc``: lists kept, nested annotations as JSON text."""
    rec = record(doc)
    for name in NESTED_COLUMNS:
        rec[name] = json.dumps(rec[name], ensure_ascii=False)
    return tuple(rec[name] for name, _ in ARTICLE_COLUMNS)


def entity_row(doc: Doc, idx: int, entity: Entity, published: str | None) -> Row:
    mentions = [m.model_dump() for m in entity.mentions]
    return (
        doc.id,
        idx,
        entity.id,
        entity.name,
        entity.name_en,
        entity.type,
        entity.country,
        entity.role,
        len(mentions),
        json.dumps(mentions, ensure_ascii=False),
        published,
    )


def _actor(actor: Actor | None) -> tuple[str | None, str | None, str | None, str | None]:
    if actor is None:
        return None, None, None, None
    return actor.entity, actor.text or None, actor.country, actor.role


def event_row(doc: Doc, idx: int, event: Event, published: str | None) -> Row:
    return (
        doc.id,
        idx,
        event.type,
        event.cameo,
        *_actor(event.source),
        *_actor(event.target),
        event.location,
        event.date,
        event.start,
        event.end,
        event.trigger,
        event.negated,
        event.modality,
        happened(event),
        published,
    )


def quote_row(doc: Doc, idx: int, quote: Quote, published: str | None) -> Row:
    sp = quote.speaker
    return (
        doc.id,
        idx,
        quote.text,
        quote.start,
        quote.end,
        sp.entity if sp else None,
        sp.name if sp else None,
        sp.start if sp else None,
        sp.end if sp else None,
        quote.cue,
        quote.continuation,
        published,
    )


def doc_rows(doc: Doc) -> dict[str, list[Row]]:
    """Every table's rows for one annotated document."""
    published = iso_utc(doc.article.published)
    ann = doc.ann
    return {
        "articles": [article_row(doc)],
        "entities": [entity_row(doc, i, e, published) for i, e in enumerate(ann.entities)],
        "events": [event_row(doc, i, e, published) for i, e in enumerate(ann.events)],
        "quotes": [quote_row(doc, i, q, published) for i, q in enumerate(ann.quotes)],
    }
