"""Input adapters: every source becomes :class:`marsad.model.Article` items, or
:class:`marsad.outcomes.Rejected` items that say why not.

=============  ==============================================  ===================
adapter        input                                           module
=============  ==============================================  ===================
aggregator     ``.txt`` aggregator pages (plain text)           :mod:`.aggregator`
html           ``.html``/``.htm`` (``.gz``), fetched pages      :mod:`.html`
feed           ``.xml``/``.rss``/``.atom``, feed URLs           :mod:`.feeds`
warc           ``.warc``/``.warc.gz``                           :mod:`.warc`
jsonl          ``.jsonl``/``.jsonl.gz``/``.json``/``.json.gz``  :mod:`.jsonl`
=============  ==============================================  ===================

:func:`iter_source` picks the adapter from ``adapter`` if given, else from the
file name, else by sniffing the first bytes; folders are walked recursively (in
name order, hidden files skipped); http(s) URLs are fetched with the polite
:class:`.fetch.Fetcher` and read as a feed or a page by content type and sniffing.
Nothing here raises for a bad input except a bad ``adapter`` name or ``--field``
(configuration errors): a missing file is ``failed:not-found``, an empty one
``failed:empty-file``, an unknown kind ``failed:unsupported``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import ConfigError, UnsupportedInput
from ..model import Article
from ..outcomes import Rejected
from .common import GZIP_MAGIC, Origin

Item = Article | Rejected
ADAPTERS = ("aggregator", "html", "feed", "warc", "jsonl")

_SUFFIXES: dict[str, str] = {
    ".txt": "aggregator",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
}
_FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
_FEED_SNIFF = (b"<rss", b"<feed", b"<rdf:rdf")
_HTML_SNIFF = (b"<!doctype html", b"<html", b"<head", b"<body")


def _by_name(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return _SUFFIXES.get(suffixes[-1]) if suffixes else None


def sniff(head: bytes) -> str | None:
    """The adapter for content starting with ``head`` (already decompressed)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    start = text[:2048]
    if text.startswith(b"warc/"):
        return "warc"
    if text.startswith(b"{"):
        return "jsonl"
    if b"<html" in start or any(text.startswith(m) for m in _HTML_SNIFF):
        return "html"
    if text.startswith(b"<?xml") or any(m in start for m in _FEED_SNIFF):
        return "feed"
    return None


def _sniff_file(path: Path) -> str | None:
    import gzip
    import zlib

    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith(GZIP_MAGIC):
        try:
            with gzip.open(path, "rb") as gz:
                inner = gz.read(4096)
        except (EOFError, OSError, zlib.error):
            return None
        # gzip members per record are how WARC.gz is written; warcio reads those itself
        return sniff(inner)
    return sniff(head)


def _file_items(path: Path, adapter: str, fields: dict[str, str] | None, fetcher: Any) -> Iterator[Item]:
    if adapter == "aggregator":
        from .aggregator import iter_aggregator

        yield from iter_aggregator(path)
    elif adapter == "html":
        from .html import read_html_file

        yield read_html_file(path)
    elif adapter == "feed":
        yield from _feed_file(path, fetcher)
    elif adapter == "warc":
        from .warc import iter_warc

        yield from iter_warc(path)
    elif adapter == "jsonl":
        from .jsonl import iter_jsonl

        yield from iter_jsonl(path, fields=fields)
    else:  # pragma: no cover - guarded by check_adapter
        raise UnsupportedInput(adapter)


def _feed_file(path: Path, fetcher: Any) -> Iterator[Item]:
    from .common import read_file
    from .feeds import iter_feed

    origin = Origin("feed", str(path))
    data = read_file(path, origin)
    if isinstance(data, Rejected):
        yield data
        return
    # A feed file read offline uses the entries' own text unless the caller gave a
    # fetcher on purpose: an ingest of local files must not start crawling.
    yield from iter_feed(data, origin, fetcher=fetcher)


def check_adapter(adapter: str | None) -> None:
    """Raise :class:`~marsad.errors.ConfigError` for an adapter name not in :data:`ADAPTERS`
    (``None``: pick by name and content). Callers that read files themselves check first."""
    if adapter is not None and adapter not in ADAPTERS:
        raise ConfigError(f"unknown adapter {adapter!r} (known: {', '.join(ADAPTERS)})")


def path_items(
    path: Path, *, adapter: str | None, fields: dict[str, str] | None, fetcher: Any, in_folder: bool
) -> Iterator[Item]:
    """Every item of one file, as :func:`iter_source` reads it; ``in_folder``: the file was
    found by :func:`walk_folder`, so a file of no known kind is ``discarded:unsupported``
    (passed over) rather than ``failed:unsupported`` (the file the user named)."""
    key = str(path)
    try:
        if path.stat().st_size == 0:
            yield Rejected(key, "failed:empty-file", "0 bytes")
            return
        kind = adapter or _by_name(path) or _sniff_file(path)
    except OSError as exc:
        yield Rejected(key, "failed:read-error", str(exc))
        return
    if kind is None:
        # inside a folder an unknown file (a README, an image) is passed over but counted
        yield Rejected(
            key, "discarded:unsupported" if in_folder else "failed:unsupported", "no adapter for this file"
        )
        return
    yield from _file_items(path, kind, fields, fetcher)


def walk_folder(folder: Path) -> Iterator[Path]:
    """The files :func:`iter_source` reads from ``folder``: recursively, in path order,
    skipping hidden files and anything under a hidden folder."""
    for child in sorted(folder.rglob("*")):
        if child.is_file() and not any(part.startswith(".") for part in child.relative_to(folder).parts):
            yield child


def iter_source(
    target: str,
    *,
    fields: dict[str, str] | None = None,
    fetcher: Any = None,
    adapter: str | None = None,
) -> Iterator[Item]:
    """Every article (or rejection) in ``target``: a file, a folder, or a URL."""
    check_adapter(adapter)
    if target.startswith(("http://", "https://")):
        yield from _url_items(target, adapter=adapter, fetcher=fetcher)
        return
    path = Path(target).expanduser()
    if not path.exists():
        yield Rejected(target, "failed:not-found", "no such file or folder")
        return
    if path.is_dir():
        for child in walk_folder(path):
            yield from path_items(child, adapter=adapter, fields=fields, fetcher=fetcher, in_folder=True)
        return
    yield from path_items(path, adapter=adapter, fields=fields, fetcher=fetcher, in_folder=False)


def _url_items(url: str, *, adapter: str | None, fetcher: Any) -> Iterator[Item]:
    from .fetch import Fetcher, FetchFailed

    with contextlib.ExitStack() as stack:
        if fetcher is None:
            fetcher = stack.enter_context(Fetcher.from_config())
        try:
            got = fetcher.fetch(url, conditional=True)
        except FetchFailed as exc:
            yield Rejected(url, exc.outcome, exc.detail)
            return
        if got.not_modified:
            yield Rejected(url, "unchanged", "304 Not Modified since the last fetch")
            return
        kind = adapter or _url_kind(got.content_type, got.content[:4096])
        yield from _fetched_items(kind, got, url, fetcher)


def _url_kind(content_type: str, head: bytes) -> str | None:
    sniffed = sniff(head)
    if content_type in _FEED_TYPES or "rss" in content_type or "atom" in content_type:
        return "feed" if sniffed in (None, "feed") else sniffed
    if content_type in ("text/html", "application/xhtml+xml"):
        return "feed" if sniffed == "feed" else "html"
    return sniffed


def _fetched_items(kind: str | None, got: Any, url: str, fetcher: Any) -> Iterator[Item]:
    if kind == "feed":
        from .feeds import iter_feed

        yield from iter_feed(got.content, Origin("feed", url), fetcher=fetcher, base_url=got.url)
    elif kind == "html":
        from .html import extract

        yield extract(
            got.content, Origin("html", url), url=got.url, charset=got.charset, max_bytes=fetcher.max_bytes
        )
    else:
        yield Rejected(url, "failed:unsupported", f"content type {got.content_type or 'unknown'}")
