"""What a :class:`~marsad.model.Doc` becomes in any store: its columns and derived rows.

Backend-neutral on purpose: the SQLite and PostgreSQL adapters execute these rows with
their own SQL, so both keep the same facts from the same doc (an entity counted once
per mention, a page tag as a tag of kind "page", a label matched on its folded key),
and both refuse the same docs.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from pydantic import ValidationError

from ..errors import StoreError
from ..model import Doc
from ..text.normalize import normalize

# Search policy, the same on every backend (the measurements behind them are on SQLite).
TITLE_WEIGHT = 8.0  # bm25 column weight of the headline against 1.0 for the body
# A word in this share of the articles or more is "common": FTS5's bm25 idf is ~0 from 1/2
# and below 1.1 from 1/4 (log((N-n+.5)/(n+.5))), against 5-8 for a content word on the 30k
# ANT corpus, so such words barely move a ranking while costing the most to rank (على: 27k
# matches; اليوم: 9.5k). They are not required, and a query of only such words lists the
# newest matches. Measured on 30k ANT, 300 headline queries, CPU time best of 2: 1/2 gives
# p95 14.0 ms, max 25.5 ms; 1/4 gives p95 12.4 ms, max 15.7 ms. Below LARGE_STORE articles
# ranking everything is cheap, so only the idf ~0 share (1/2) applies there.
COMMON_SHARE = 0.25
LARGE_STORE = 5000


def common_share(total: int) -> float:
    return COMMON_SHARE if total >= LARGE_STORE else 0.5


def iso_utc(value: datetime | None) -> str | None:
    """The ``published`` column: ISO 8601 UTC to the second, so text order is time order.
    Naive datetimes are taken as UTC (the model's convention)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    else:
        try:
            value = value.astimezone(UTC)
        except OverflowError:
            # 0001-01-01 east of UTC or 9999-12-31 west of it has no UTC datetime; at those
            # edges (a broken date, not news) hours do not matter: keep the wall-clock time.
            value = value.replace(tzinfo=UTC)
    return value.isoformat(timespec="seconds")


def day_range(day: str) -> tuple[datetime, datetime]:
    """[start, end) of a ``YYYY-MM-DD`` day in UTC."""
    try:
        d = datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError as exc:
        raise StoreError(f"day must be YYYY-MM-DD, got {day!r}") from exc
    return d, d + timedelta(days=1)


def canonical(url: str | None) -> str | None:
    # the dedup stage looks URLs up under its own canonical form, so the column must use it
    from ..text.urls import canonical_url

    return canonical_url(url)


def lookup_keys(keys: Iterable[str]) -> list[str]:
    """Distinct keys (ids, hashes, URLs) a backend can bind, in order: text that is not
    UTF-8 (a lone surrogate) is left out. No stored article holds such text (its doc would
    not serialise), so it would find nothing, and it must not fail a batched lookup."""
    out = []
    for key in dict.fromkeys(keys):
        try:
            key.encode("utf-8")
        except UnicodeEncodeError:
            continue
        out.append(key)
    return out


def serialise(doc: Doc) -> tuple[Doc, str] | str:
    """The doc and its JSON, or a failed verdict if the JSON would not read back as a Doc
    (e.g. a NaN score serialises as null): better refused now than unreadable later."""
    try:
        js = doc.model_dump_json()
        Doc.model_validate_json(js)
    except (ValidationError, ValueError):
        return "failed:store-invalid-doc"
    return doc, js


@dataclass
class Derived:
    """The rows a doc adds besides its article row (all keyed by the article id)."""

    entities: list[tuple[str, str, str | None, str, str | None]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # entity id -> mentions (at least 1)
    # (idx, label, label_key, kind, entity ids as JSON, score)
    tags: list[tuple[int, str, str, str, str, float | None]] = field(default_factory=list)
    # (idx, speaker entity, speaker name, start, end)
    quotes: list[tuple[int, str | None, str | None, int, int]] = field(default_factory=list)
    # (idx, type, cameo, source entity, target entity, date, start, end, event JSON)
    events: list[tuple[int, str, str | None, str | None, str | None, str | None, int, int, str]] = field(
        default_factory=list
    )


def derived(doc: Doc) -> Derived:
    a, ann = doc.article, doc.ann
    out = Derived()
    for e in ann.entities:
        out.entities.append((e.id, e.name, e.name_en, e.type, e.country))
        out.counts[e.id] = out.counts.get(e.id, 0) + max(1, len(e.mentions))
    tags: list[tuple[str, str, str, float | None]] = [(t, "page", "[]", None) for t in a.page_tags]
    tags += [(t.label, t.kind, json.dumps(t.entities), t.score) for t in ann.tags]
    out.tags = [(i, lbl, tag_key(lbl), k, ents, sc) for i, (lbl, k, ents, sc) in enumerate(tags)]
    out.quotes = [
        (i, q.speaker.entity if q.speaker else None, q.speaker.name if q.speaker else None, q.start, q.end)
        for i, q in enumerate(ann.quotes)
    ]
    out.events = [
        (i, ev.type, ev.cameo, ev.source.entity if ev.source else None,
         ev.target.entity if ev.target else None, ev.date, ev.start, ev.end, ev.model_dump_json())
        for i, ev in enumerate(ann.events)
    ]  # fmt: skip
    return out


def tag_key(label: str) -> str:
    """The folded key tags are matched on: أمريكا and امريكا are one tag."""
    return normalize(label).strip()


# FTS5's unicode61 tokenizer re-splits the stems the SQLite index is given: "_" is a \w
# character to Python but a separator to unicode61 (hashtags: عاصي_الحلان), and
# remove_diacritics 2 folds Latin letters (é -> e). Another backend indexing the stems
# itself applies the same, so both hold the same tokens (found comparing fts5vocab with
# index_terms on 300 ANT articles: 81 of 12.7k terms differed, all hashtags).
RESPLIT = re.compile(r"[_\u00c0-\u024f\u1e00-\u1eff]")


def fts_tokens(stem: str) -> list[str]:
    """The tokens unicode61 (``remove_diacritics 2``) makes of one stem."""
    if not RESPLIT.search(stem):
        return [stem]
    folded = "".join(
        c for c in unicodedata.normalize("NFD", stem) if not unicodedata.combining(c)
    )
    return [t for t in folded.split("_") if t]
