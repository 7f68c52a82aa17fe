"""WARC and WARC.gz files, as Common Crawl's CC-NEWS ships them (warcio).

Each ``response`` record with HTTP status 200 and an HTML payload goes to the HTML
adapter, with the record's target URI as the page URL; other responses end as
``discarded:http-<status>`` or ``discarded:not-html``, revisits as
``discarded:revisit``. Request, metadata and warcinfo records describe the crawl,
not an article, and are passed over. The crawl time (WARC-Date) is kept in
``extra`` and is *not* the publication date, which comes from the page.

warcio stops quietly at a cut-off file — it swallows the gzip ``EOFError`` and a
header cut in half — so truncation is detected here: the gzip layer is
decompressed by :class:`gzip.GzipFile` behind a reader that remembers the error,
a record whose declared length was not all there is caught by its remaining
length, a header cut short by its missing Content-Length, and an uncompressed
file that stops inside a header by the iterator's end offset falling short of the
bytes read. Every record read before the damage is
kept, then one ``failed:truncated-warc``.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

from ..model import Article
from ..outcomes import Rejected
from . import html as html_adapter
from .common import GZIP_MAGIC, Origin, max_bytes_setting

HTML_TYPES = ("text/html", "application/xhtml+xml")
# Bytes allowed between the end of the last record and the end of the file: the
# two CRLF pairs that close a record.
TRAILER_SLACK = 4
BLOCK = 1 << 16


class _GuardedReader(io.RawIOBase):
    """Reads ``inner``; a decompression error ends the stream and is remembered."""

    def __init__(self, inner: IO[bytes]) -> None:
        self.inner = inner
        self.error: BaseException | None = None
        self.delivered = 0
        self._pending = b""

    def readable(self) -> bool:
        return True

    def head(self, size: int) -> bytes:
        """The first ``size`` bytes, which later reads still return."""
        self._pending = self._read(size)
        return self._pending

    def read(self, size: int = -1) -> bytes:
        if self._pending:
            data, self._pending = self._pending, b""
        else:
            data = self._read(size)
        self.delivered += len(data)
        return data

    def _read(self, size: int) -> bytes:
        if self.error is not None:
            return b""
        try:
            # read1: one underlying read at most. A plain read() of a GzipFile loops
            # over several, and an EOFError in a later one discards what the earlier
            # ones had decompressed — every whole record before the cut with it.
            return self.inner.read1(size) if isinstance(self.inner, gzip.GzipFile) else self.inner.read(size)
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            self.error = exc
            return b""

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def tell(self) -> int:
        return self.delivered


class _Damaged(Exception):
    """The archive cannot be read past this point."""


def _records(records: Any) -> Iterator[Any]:
    """warcio's records, with its ways of failing on damaged input made one."""
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    it = iter(records)
    while True:
        try:
            record = next(it)
        except StopIteration:
            return
        except (
            ArchiveLoadFailed,
            StatusAndHeadersParserException,
            EOFError,
            ValueError,
            AttributeError,
        ) as exc:
            # AttributeError: warcio 1.7 trips over a record header cut before its
            # WARC-Target-URI (``None.startswith``) instead of reporting it
            raise _Damaged(f"{type(exc).__name__}: {exc}") from exc
        yield record


def _media_type(value: str | None) -> str:
    return (value or "").split(";")[0].strip().lower()


def _charset(value: str | None) -> str | None:
    for part in (value or "").split(";")[1:]:
        key, _, val = part.partition("=")
        if key.strip().lower() == "charset":
            return val.strip("\"' ") or None
    return None


def iter_warc(path: Path, *, max_bytes: int | None = None) -> Iterator[Article | Rejected]:
    from warcio.archiveiterator import ArchiveIterator

    limit = max_bytes if max_bytes is not None else max_bytes_setting()
    origin = Origin("warc", str(path))
    number = 0
    truncated = ""
    with contextlib.ExitStack() as stack:
        raw = stack.enter_context(path.open("rb"))
        compressed = raw.read(2) == GZIP_MAGIC
        raw.seek(0)
        inner: IO[bytes] = (
            stack.enter_context(cast(IO[bytes], gzip.GzipFile(fileobj=raw))) if compressed else raw
        )
        reader = _GuardedReader(inner)
        if not reader.head(5).startswith(b"WARC/"):
            # warcio would also read ARC and guess at garbage; only WARC is ours
            yield origin.reject("failed:bad-warc", "does not start with a WARC/ version line")
            return
        records = ArchiveIterator(reader)
        try:
            for record in _records(records):
                number += 1
                if record.rec_type is None or record.length is None:
                    # Content-Length is mandatory in WARC: warcio hands out a header
                    # cut short as a record without one
                    truncated = f"record {number}: header cut short"
                    break
                try:
                    item = _record_item(record, origin.at(number), limit)
                    while record.raw_stream.read(BLOCK):  # drain, so a short record shows
                        pass
                except (EOFError, zlib.error) as exc:
                    raise _Damaged(f"record {number}: {type(exc).__name__}: {exc}") from exc
                if getattr(record.raw_stream, "limit", 0) > 0:
                    truncated = f"record {number} ends early"
                    break
                if item is not None:
                    yield item
        except _Damaged as exc:
            if number == 0 and reader.error is None:
                yield origin.reject("failed:bad-warc", str(exc))
                return
            truncated = str(exc)
        if reader.error is not None:
            truncated = truncated or f"{type(reader.error).__name__}: {reader.error}"
        elif not truncated and reader.delivered - records.offset > TRAILER_SLACK:
            truncated = f"stops inside a record header after byte {records.offset}"
    if truncated:
        yield origin.at(number + 1 if number else 1).reject("failed:truncated-warc", truncated)


def _record_item(record: Any, origin: Origin, limit: int) -> Article | Rejected | None:
    """The article of one record, the reason it has none, or ``None`` for records
    that never hold one (request, metadata, warcinfo)."""
    kind = record.rec_type
    if kind == "revisit":
        return origin.reject("discarded:revisit", "payload stored elsewhere")
    if kind not in ("response", "resource"):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    if kind == "response":
        if record.http_headers is None:
            return origin.reject("discarded:not-http", "response without HTTP headers")
        status = record.http_headers.get_statuscode()
        if status != "200":
            return origin.reject(f"discarded:http-{status}", url or "")
        content_type = record.http_headers.get_header("Content-Type")
    else:
        content_type = record.rec_headers.get_header("Content-Type")
    if _media_type(content_type) not in HTML_TYPES:
        return origin.reject("discarded:not-html", _media_type(content_type) or "no content type")
    payload = record.content_stream().read(limit + 1)
    if len(payload) > limit:
        return origin.reject("discarded:too-large", f"over {limit} bytes")
    item = html_adapter.extract(payload, origin, url=url, charset=_charset(content_type), max_bytes=limit)
    if isinstance(item, Article):
        extra = dict(item.extra)
        for key, header in (("warc_date", "WARC-Date"), ("warc_record_id", "WARC-Record-ID")):
            value = record.rec_headers.get_header(header)
            if value:
                extra[key] = value
        item = item.model_copy(update={"extra": extra})
    return item
