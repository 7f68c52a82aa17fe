"""Exports of the store: JSON Lines, CSV, Parquet and GDELT-style event rows.

One pinned record per article (:func:`record`) is the contract shared by every
format and by the HTTP API, so a field means the same thing wherever a user meets
it. Exports stream over ``store.iter_docs()``; only Parquet buffers, one row
group (:data:`PARQUET_ROW_GROUP` records) at a time.

The ``gdelt`` format writes one tab-separated row per event, with the GDELT 1.0/2.0
event-file columns analysts already have tools for, followed by marsad's own
columns (PLOVER type, evidence offsets, article id). Unlike GDELT's files it starts
with a header row, because the extra columns make it marsad's own dialect anyway.
Events of a syndicated copy (``duplicate_of`` set) are left out: they are the
original's events again, and counting them twice would inflate every tally.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Literal

from .errors import ConfigError, ResourceError
from .model import Doc, Event, short_hash
from .nlp.events import happened
from .store.base import Store

Format = Literal["jsonl", "csv", "parquet", "gdelt"]
FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "gdelt")
Out = IO[str] | IO[bytes] | str | Path

PARQUET_ROW_GROUP = 1000

RECORD_FIELDS: tuple[str, ...] = (
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
# Column kinds of the record beyond plain strings, shared with the Spark job's Parquet
# tables (marsad.scale.tables) so both write one schema: lists of strings, and nested
# annotations kept as JSON text.
LIST_COLUMNS = ("page_tags", "related", "tags")
NESTED_COLUMNS = ("entities", "quotes", "events", "claims")


def iso_utc(value: datetime | None) -> str | None:
    """'2025-04-28T00:00:00+00:00' — naive datetimes are taken as UTC (the model's convention)."""
    if value is None:
        return None
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.isoformat()


def related_ids(doc: Doc) -> list[str]:
    """Page-linked ``related_keys`` first, then inferred ``ann.related``, no repeats, never itself."""
    seen: dict[str, None] = {}
    for rid in (*doc.article.related_keys, *(r.id for r in doc.ann.related)):
        if rid != doc.id:
            seen.setdefault(rid, None)
    return list(seen)


def record(doc: Doc) -> dict[str, Any]:
    """The pinned export record of one article (keys in :data:`RECORD_FIELDS` order)."""
    a, ann = doc.article, doc.ann
    return {
        "id": a.id,
        "url": a.url,
        "title": a.title,
        "published": iso_utc(a.published),
        "outlet": a.outlet,
        "language": a.language,
        "body": a.body,
        "page_tags": list(a.page_tags),
        "related": related_ids(doc),
        "duplicate_of": ann.duplicate_of,
        "source": a.source,
        "entities": [e.model_dump() for e in ann.entities],
        "tags": [t.label for t in ann.tags],
        "story": ann.story,
        "quotes": [q.model_dump() for q in ann.quotes],
        "claims": [c.model_dump() for c in ann.claims],
        "events": [e.model_dump() for e in ann.events],
    }


def export(store: Store, fmt: Format, out: Out) -> int:
    """Write every stored article (or, for ``gdelt``, every event) to ``out``; return the row count.

    ``out`` is a path or an open file; text formats accept a text or a binary file
    (written as UTF-8, no BOM), Parquet needs a path or a binary file.
    """
    writers: dict[str, Callable[[Store, IO[Any]], int]] = {
        "jsonl": _write_jsonl,
        "csv": _write_csv,
        "gdelt": _write_gdelt,
        "parquet": _write_parquet,
    }
    if fmt not in writers:
        raise ConfigError(f"unknown export format {fmt!r}; known: {', '.join(FORMATS)}")
    with _open(out, binary=fmt == "parquet") as fh:
        return writers[fmt](store, fh)


@contextmanager
def _open(out: Out, binary: bool) -> Iterator[IO[Any]]:
    if isinstance(out, str | Path):
        if binary:
            with open(out, "wb") as bfh:
                yield bfh
        else:
            with open(out, "w", encoding="utf-8", newline="") as tfh:
                yield tfh
        return
    if binary or isinstance(out, io.TextIOBase) or hasattr(out, "encoding"):
        yield out
        return
    wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")  # type: ignore[type-var]
    try:
        yield wrapper
    finally:
        wrapper.flush()
        wrapper.detach()  # leave the caller's binary file open


def _write_jsonl(store: Store, fh: IO[str]) -> int:
    n = 0
    for doc in store.iter_docs():
        fh.write(json.dumps(record(doc), ensure_ascii=False) + "\n")
        n += 1
    return n


def _flat(rec: dict[str, Any]) -> dict[str, Any]:
    """Lists and objects as JSON strings, None as empty: one CSV cell per field."""
    return {
        k: ("" if v is None else json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v)
        for k, v in rec.items()
    }


def _write_csv(store: Store, fh: IO[str]) -> int:
    w = csv.DictWriter(fh, fieldnames=RECORD_FIELDS, lineterminator="\n")
    w.writeheader()
    n = 0
    for doc in store.iter_docs():
        w.writerow(_flat(record(doc)))
        n += 1
    return n


def _write_parquet(store: Store, fh: IO[bytes]) -> int:
    import pyarrow as pa  # lazy: only this format needs it
    import pyarrow.parquet as pq

    schema = pa.schema(
        [(f, pa.list_(pa.string()) if f in LIST_COLUMNS else pa.string()) for f in RECORD_FIELDS]
    )
    n = 0
    with pq.ParquetWriter(fh, schema) as writer:
        batch: list[dict[str, Any]] = []
        for doc in store.iter_docs():
            rec = record(doc)
            for k in NESTED_COLUMNS:
                rec[k] = json.dumps(rec[k], ensure_ascii=False)
            batch.append(rec)
            if len(batch) >= PARQUET_ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


# --- GDELT-style event rows ---------------------------------------------------------------

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1Type1Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2Type1Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "ActionGeo_FullName",
    "DATEADDED",
    "SOURCEURL",
    "PloverType",
    "EvidenceStart",
    "EvidenceEnd",
    "ArticleID",
)

GOLDSTEIN_FILE = Path(__file__).resolve().parent / "data" / "export" / "goldstein.tsv"


@lru_cache(maxsize=1)
def goldstein_by_root() -> dict[str, float]:
    """CAMEO root code ("01".."20") -> Goldstein score (marsad/data/export/goldstein.tsv)."""
    try:
        lines = GOLDSTEIN_FILE.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ResourceError(f"{GOLDSTEIN_FILE} is missing") from exc
    table: dict[str, float] = {}
    for line in lines:
        if line.strip() and not line.startswith("#"):
            root, score = line.split("\t")[:2]
            table[root.strip()] = float(score)
    if len(table) != 20:
        raise ResourceError(f"{GOLDSTEIN_FILE}: expected the 20 CAMEO roots, found {len(table)}")
    return table


def quad_class(root: str) -> str:
    """GDELT QuadClass: 1 verbal coop (01–05), 2 material coop (06–08), 3 verbal conflict
    (09–13), 4 material conflict (14–20); '' when the root is unknown."""
    if not root.isdigit() or not 1 <= int(root) <= 20:
        return ""
    r = int(root)
    return "1" if r <= 5 else "2" if r <= 8 else "3" if r <= 13 else "4"


def _yyyymmdd(iso: str | None) -> str:
    return iso[:10].replace("-", "") if iso and len(iso) >= 10 else ""


def _actor_cols(actor: Any) -> list[str]:
    if actor is None:
        return ["", "", "", ""]
    country, role = actor.country or "", actor.role or ""
    return [country + role, actor.text, country, role]


def gdelt_rows(doc: Doc) -> Iterator[list[str]]:
    """One GDELT-style row per event of ``doc`` that happened (cells as strings, '' for unknown);
    none for a copy. A GDELT row asserts that an event took place and has no column to say
    otherwise, so negated, future, hypothetical and only-mentioned events (:func:`happened`)
    stay in the JSON record and out of this file."""
    if doc.ann.duplicate_of:
        return
    published = iso_utc(doc.article.published)
    first = True
    for i, ev in enumerate(doc.ann.events):  # i, the event's index in the record, keys its id
        if happened(ev):
            yield _gdelt_row(doc, i, ev, published, first)
            first = False


def _gdelt_row(doc: Doc, i: int, ev: Event, published: str | None, is_root: bool) -> list[str]:
    code = (ev.cameo or "").strip()
    root = code[:2] if len(code) >= 2 else ""
    goldstein = goldstein_by_root().get(root)
    event_id = int(short_hash(doc.id, str(i)), 16) >> 1  # stable across re-exports, fits int64
    return [
        str(event_id),
        _yyyymmdd(ev.date) or _yyyymmdd(published),
        *_actor_cols(ev.source),
        *_actor_cols(ev.target),
        "1" if is_root else "0",  # GDELT: the first event in the document is the root event
        code,
        code[:3] if len(code) >= 3 else code,
        root,
        quad_class(root),
        "" if goldstein is None else f"{goldstein:.1f}",
        "1",
        ev.location or "",
        _yyyymmdd(published),
        doc.article.url or "",
        ev.type,
        str(ev.start),
        str(ev.end),
        doc.id,
    ]


def _write_gdelt(store: Store, fh: IO[str]) -> int:
    w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(GDELT_COLUMNS)
    n = 0
    for doc in store.iter_docs():
        for row in gdelt_rows(doc):
            w.writerow([cell.replace("\t", " ").replace("\n", " ") for cell in row])
            n += 1
    return n
