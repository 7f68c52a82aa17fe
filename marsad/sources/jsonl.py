"""JSON Lines (.jsonl, .jsonl.gz, .json.gz): one article per line, streamed.

Field names differ from dump to dump, so each article field has a list of the
names dumps commonly use (ANT: ``time``/``src``; SaudiNewsNet:
``date_extracted``/``source``/``content``), tried in order; ``--field NAME=FIELD``
puts the user's name first. A dotted FIELD (``meta.title``) reaches into nested
objects. Fields not used for the article are kept, as strings, in
``Article.extra`` (``docno``, ``cat``, …).

Per-line problems are outcomes, not exceptions: ``failed:bad-json`` (and the next
line is read), ``discarded:empty``, and ``failed:truncated-gzip`` once, after the
last line a truncated gzip let us read.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..model import Article
from ..outcomes import Rejected
from .common import Origin, TooLarge, is_gzip, make_article, max_bytes_setting, open_binary, read_limited

# Article field -> names tried in order. The README documents the same lists.
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "body": ("text", "content", "body", "article", "maintext", "description"),
    "published": ("time", "date", "published", "date_publish", "published_at", "pubdate", "date_extracted"),
    "url": ("url", "link", "canonical_url"),
    "outlet": ("src", "source", "outlet", "source_domain", "site", "sitename"),
    "author": ("author", "authors", "byline"),
    "language": ("language", "lang"),
}

# What a user may write on the left of --field NAME=FIELD.
_NAME_OF = {
    **{field: field for field in ALIASES},
    "headline": "title",
    "text": "body",
    "content": "body",
    "time": "published",
    "date": "published",
    "link": "url",
    "src": "outlet",
    "source": "outlet",
    "lang": "language",
}

# Sanity bounds for numeric timestamps: seconds (or milliseconds) since 1970.
_MS_THRESHOLD = 10**11


class FieldMap:
    """Which record keys feed which article field."""

    def __init__(self, overrides: Mapping[str, str] | None = None) -> None:
        self.candidates: dict[str, tuple[str, ...]] = dict(ALIASES)
        for name, key in (overrides or {}).items():
            field = _NAME_OF.get(name.strip().lower())
            if field is None:
                known = ", ".join(sorted(_NAME_OF))
                raise ConfigError(f"--field {name}={key}: unknown name {name!r} (known: {known})")
            # The user's key first; the usual names stay as a fallback for records without it.
            self.candidates[field] = (key, *(k for k in self.candidates[field] if k != key))

    def resolve(self, record: Mapping[str, Any]) -> tuple[dict[str, Any], set[str]]:
        """The article fields found in ``record`` and the top-level keys they used."""
        found: dict[str, Any] = {}
        used: set[str] = set()
        for field, keys in self.candidates.items():
            for key in keys:
                value = _lookup(record, key)
                if _present(value):
                    found[field] = value
                    used.add(key.split(".", 1)[0])
                    break
        return found, used


def _lookup(record: Mapping[str, Any], key: str) -> Any:
    value: Any = record
    for part in key.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str | list | dict):
        return bool(value) and (not isinstance(value, str) or bool(value.strip()))
    return True


def as_text(value: Any) -> str:
    """A record value as display text: lists of strings joined (authors, paragraphs)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(v for v in value if v.strip())
    return json.dumps(value, ensure_ascii=False)


def as_datetime(value: Any) -> datetime | None:
    from ..text.dates import parse_date

    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > _MS_THRESHOLD else value
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        return parse_date(value)
    return None


def _body_text(value: Any) -> str:
    # Paragraph lists (some dumps store the body that way) become lines.
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    return as_text(value)


def record_to_article(record: Mapping[str, Any], fields: FieldMap, origin: Origin) -> Article | Rejected:
    found, used = fields.resolve(record)
    published = as_datetime(found["published"]) if "published" in found else None
    extra = {k: as_text(v) for k, v in record.items() if k not in used and _present(v) and isinstance(k, str)}
    if "published" in found and published is None:
        extra.setdefault("unparsed_date", as_text(found["published"]))
    language = as_text(found["language"]).strip().lower() if "language" in found else None
    return make_article(
        origin,
        title=as_text(found.get("title", "")),
        body=_body_text(found.get("body", "")),
        url=as_text(found["url"]) if "url" in found else None,
        published=published,
        outlet=as_text(found["outlet"]) if "outlet" in found else None,
        author=as_text(found["author"]) if "author" in found else None,
        language=language or None,
        extra=extra,
    )


def iter_jsonl(path: Path, *, fields: Mapping[str, str] | None = None) -> Iterator[Article | Rejected]:
    """Stream ``path`` line by line; never holds more than one line.

    A ``.json`` file may instead be one JSON document — an array of records or a
    single record — read whole up to ``fetch.max_bytes``."""
    field_map = FieldMap(fields)
    origin = Origin("jsonl", str(path))
    if _suffix(path) == ".json":
        document = _json_document(path, origin)
        if document is not None:
            for number, record in enumerate(document, 1):
                if isinstance(record, Rejected):
                    yield record
                elif isinstance(record, dict):
                    yield record_to_article(record, field_map, origin.at(number))
                else:
                    yield origin.at(number).reject(
                        "failed:bad-json", f"a JSON {type(record).__name__}, not an object"
                    )
            return
    yield from _iter_lines(path, field_map, origin)


def _suffix(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    return suffixes[-1] if suffixes else ""


def _json_document(path: Path, origin: Origin) -> list[Any] | None:
    """The records of a whole-document ``.json`` file, or ``None`` when it is JSON
    Lines after all (several documents, one per line)."""
    try:
        with open_binary(path) as fh:
            data = read_limited(fh, max_bytes_setting())
    except TooLarge as exc:
        if _starts_with_array(path):
            return [origin.reject("discarded:too-large", f"a JSON array {exc}; use JSON Lines")]
        return None
    except (EOFError, OSError, zlib.error):
        return None  # the line reader reports the damage with what it could read
    try:
        document = json.loads(data)
    except ValueError:
        return None
    return document if isinstance(document, list) else [document]


def _starts_with_array(path: Path) -> bool:
    with open_binary(path) as fh:
        return fh.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"[")


def _iter_lines(path: Path, field_map: FieldMap, origin: Origin) -> Iterator[Article | Rejected]:
    lineno = 0
    gz = is_gzip(path)
    with open_binary(path) as fh:
        try:
            for raw in fh:
                lineno += 1
                if not raw.strip():
                    continue
                yield _parse_line(raw, field_map, origin.at(lineno))
        except (EOFError, zlib.error, OSError) as exc:
            # gzip raises EOFError for a cut-off stream and BadGzipFile (an OSError) or
            # zlib.error for damaged data; every whole line before it was yielded.
            outcome = "failed:truncated-gzip" if gz else "failed:read-error"
            yield origin.at(lineno + 1).reject(outcome, f"{type(exc).__name__}: {exc}")


def _parse_line(raw: bytes, fields: FieldMap, origin: Origin) -> Article | Rejected:
    try:
        record = json.loads(raw)
    except UnicodeDecodeError as exc:
        return origin.reject("failed:bad-encoding", str(exc))
    except ValueError as exc:
        return origin.reject("failed:bad-json", str(exc))
    if not isinstance(record, dict):
        return origin.reject("failed:bad-json", f"a JSON {type(record).__name__}, not an object")
    return record_to_article(record, fields, origin)
