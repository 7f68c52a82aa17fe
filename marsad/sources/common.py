"""What every adapter shares: building an :class:`Article`, naming a record, reading
files without loading them whole.

Ids are content hashes (sqlite-utils' pattern): the canonical URL when the source
gives one — so the same article reached through a feed, a WARC and a JSONL dump is
one article — otherwise the display title and body.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, cast

from ..model import Article, short_hash
from ..outcomes import Rejected
from ..text.normalize import clean_display
from ..text.urls import canonical_url  # one definition project-wide

GZIP_MAGIC = b"\x1f\x8b"



def article_id(url: str | None, title: str, body: str) -> str:
    canon = canonical_url(url)
    return short_hash("url", canon) if canon else short_hash("text", title, body)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record came from: the adapter, the file or URL, and the record in it."""

    adapter: str
    location: str
    record: str | None = None

    @property
    def source(self) -> str:
        return f"{self.adapter}:{self.location}" + (f"#{self.record}" if self.record is not None else "")

    @property
    def key(self) -> str:
        return self.location + (f"#{self.record}" if self.record is not None else "")

    def at(self, record: str | int) -> Origin:
        return Origin(self.adapter, self.location, str(record))

    def reject(self, outcome: str, detail: str = "") -> Rejected:
        return Rejected(self.key, outcome, detail)


def _clean_opt(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = clean_display(value)
    return cleaned or None


def make_article(
    origin: Origin,
    *,
    title: str | None,
    body: str | None,
    url: str | None = None,
    published: datetime | None = None,
    outlet: str | None = None,
    author: str | None = None,
    language: str | None = None,
    page_tags: Iterable[str] = (),
    related_keys: Iterable[str] = (),
    extra: Mapping[str, str] | None = None,
) -> Article | Rejected:
    """The one way adapters build an article: display text cleaned once, id hashed,
    and ``discarded:empty`` when there is neither a title nor a body."""
    title_c = clean_display(title or "")
    body_c = clean_display(body or "")
    if not title_c and not body_c:
        return origin.reject("discarded:empty", "no title and no body")
    url = url.strip() if url and url.strip() else None
    return Article(
        id=article_id(url, title_c, body_c),
        url=url,
        title=title_c,
        body=body_c,
        published=published,
        outlet=_clean_opt(outlet),
        author=_clean_opt(author),
        language=language or None,
        page_tags=tuple(t for t in (clean_display(t) for t in page_tags) if t),
        related_keys=tuple(related_keys),
        source=origin.source,
        extra=dict(extra or {}),
    )


def is_gzip(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == GZIP_MAGIC


def open_binary(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed on the fly if it is gzip (by magic, not name)."""
    if is_gzip(path):
        return cast(IO[bytes], gzip.open(path, "rb"))
    return path.open("rb")


class TooLarge(Exception):
    """Raised by :func:`read_limited` when the input is over the limit."""


def read_limited(fh: IO[bytes], max_bytes: int) -> bytes:
    """Read at most ``max_bytes``; one byte more means the input is too large.

    Reading ``max_bytes + 1`` and no more is what keeps a 50 MB page from ever being
    held in memory whole."""
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TooLarge(f"over {max_bytes} bytes")
    return data


def read_file(path: Path, origin: Origin, max_bytes: int | None = None) -> bytes | Rejected:
    """A whole small input file (decompressed if gzip), or the outcome that says why
    not: ``discarded:too-large``, ``failed:read-error`` (unreadable or truncated gzip),
    ``failed:empty-file``. One place, so every file adapter names these alike."""
    limit = max_bytes if max_bytes is not None else max_bytes_setting()
    try:
        with open_binary(path) as fh:
            data = read_limited(fh, limit)
    except TooLarge as exc:
        return origin.reject("discarded:too-large", str(exc))
    except (EOFError, OSError, zlib.error) as exc:
        return origin.reject("failed:read-error", f"{type(exc).__name__}: {exc}")
    if not data.strip():
        return origin.reject("failed:empty-file", "no content")
    return data


def max_bytes_setting() -> int:
    from .. import config

    return int(config.load()["fetch"]["max_bytes"])
