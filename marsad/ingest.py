"""Ingest: sources → pipeline → store, in batches, with one outcome per input record.

The batch job owns I/O (reading inputs, batching, progress, the summary); the
per-document work is the pipeline, the same one ``marsad annotate`` and the
Spark job call. Re-running an ingest is idempotent: an article whose id is
already stored ends as ``unchanged`` without running the pipeline again, which
is also how a killed ingest resumes — every whole batch written before the kill
is skipped, the batch in flight is redone.

The store is asked about a chunk of articles at once, not article by article
(which ids it holds; which content hashes and canonical URLs it holds, for the
dedup stage): on PostgreSQL each question is a network round trip, and three per
article made ingest half as fast as on SQLite (see :func:`process`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .model import Article, Doc
from .outcomes import Rejected, Summary
from .pipeline import Pipeline, StageFailed, build
from .store.base import STORED, Store
from .text.stages import content_hash
from .text.urls import canonical_url

ProgressFn = Callable[[str], None]


@dataclass
class IngestOptions:
    stages: tuple[str, ...] | None = None  # None: the configured default
    fields: dict[str, str] | None = None  # --field NAME=FIELD for JSON Lines
    adapter: str | None = None
    batch_size: int = 200
    reprocess: bool = False  # run the pipeline again on articles already stored


def _items(targets: Iterable[str], opts: IngestOptions, fetcher: Any) -> Iterator[Article | Rejected]:
    from .sources import iter_source  # lazy: adapters pull in trafilatura, warcio, …

    for target in targets:
        yield from iter_source(target, fields=opts.fields, fetcher=fetcher, adapter=opts.adapter)


def process(
    items: Iterable[Article | Rejected],
    store: Store,
    pipeline: Pipeline,
    *,
    batch_size: int = 200,
    reprocess: bool = False,
    on_outcome: ProgressFn | None = None,
) -> Summary:
    """Run ``items`` through ``pipeline`` into ``store``. Never raises for one bad record.

    Items go in chunks of ``batch_size``; per chunk the store is asked once which ids it
    holds and once per duplicate key (content hash, canonical URL) instead of once per
    article, and the chunk's docs are written in one transaction. A chunk is read, looked
    up, annotated and written before the next is read, so nothing is written between a
    chunk's lookups and its write: the batched answers are the ones per-article queries
    would get, and copies inside the chunk are found by the dedup stage's own memory.
    """
    summary = Summary()
    seen: set[str] = set()  # ids in this run: a page that repeats an article is one record
    lookups = _ChunkLookups(store)
    head, tail = _split_at_store(pipeline)

    def note(outcome: str, example: str = "") -> None:
        summary.add(outcome, example)
        if on_outcome:
            on_outcome(outcome)

    def annotate(stages: Pipeline, doc: Doc) -> Doc | None:
        try:
            return stages(doc)
        except StageFailed as exc:
            note(f"failed:stage-{exc.stage}", f"{doc.article.source}: {exc.cause}")
            return None

    pipeline.bind(lookups)
    for chunk in _chunks(items, batch_size):
        articles = [item for item in chunk if isinstance(item, Article)]
        stored = set() if reprocess else store.existing(a.id for a in articles if a.id not in seen)
        fresh: list[Doc] = []
        for item in chunk:
            if isinstance(item, Rejected):
                note(item.outcome, f"{item.key} {item.detail}".strip())
            elif item.id in seen:
                # the same article (same canonical URL, or same text) read twice in one run:
                # e.g. ANT files one article under two categories
                note("repeated", item.source)
            elif item.id in stored:
                note("unchanged", item.source)
            else:
                seen.add(item.id)
                if (doc := annotate(head, Doc(article=item))) is not None:
                    fresh.append(doc)
        if tail.stages and fresh:
            lookups.prefetch(fresh, absent=not reprocess)
        batch = [d for doc in fresh if (d := annotate(tail, doc)) is not None]
        if batch:
            verdicts = store.write(batch)
            for doc, verdict in zip(batch, verdicts, strict=True):
                pre = "duplicate" if doc.ann.duplicate_of else "stored"
                note(pre if verdict == STORED else verdict, doc.article.source)
    return summary


def _chunks(items: Iterable[Article | Rejected], size: int) -> Iterator[list[Article | Rejected]]:
    it = iter(items)
    while chunk := list(itertools.islice(it, max(1, size))):
        yield chunk


def _split_at_store(pipeline: Pipeline) -> tuple[Pipeline, Pipeline]:
    """The stages before the first one bound to the store (dedup) and the rest. The head
    runs over a whole chunk first, so the keys the tail looks up (the content hash that
    ``clean`` computes) are known before the tail asks, and can be asked for at once."""
    stages = pipeline.stages
    cut = next((i for i, (_, s) in enumerate(stages) if hasattr(s, "bind")), len(stages))
    return Pipeline(stages[:cut]), Pipeline(stages[cut:])


class _ChunkLookups:
    """The store as the pipeline's stages see it during :func:`process`.

    The per-article questions of the dedup stage (is this content hash, this canonical URL,
    already stored? what is this id's stored doc?) are answered for a whole chunk by one
    batched query each, made right before the chunk's tail stages run; anything else, and
    any key not prefetched, goes to the store. Exact rather than a cache that can go stale:
    nothing is written between the prefetch and the chunk's write (set_stories changes no
    duplicate key), and what earlier chunks wrote is in the dedup stage's memory or asked for
    again by the next prefetch.
    """

    def __init__(self, store: Store):
        self._store = store
        self._hashes: dict[str, str | None] = {}
        self._urls: dict[str, str | None] = {}
        self._absent: set[str] = set()

    def prefetch(self, docs: Sequence[Doc], *, absent: bool) -> None:
        """Look up the chunk's keys, as the dedup stage computes them. ``absent``: the docs'
        ids are known not to be stored (the chunk's existence check), so ``get`` of one is
        None without a query."""
        hashes = [d.ann.content_hash or content_hash(d.article.title, d.article.body) for d in docs]
        urls = [u for d in docs if (u := canonical_url(d.article.url))]
        self._hashes = dict.fromkeys(hashes) | self._store.find_by_hashes(hashes)
        self._urls = dict.fromkeys(urls) | self._store.find_by_urls(urls)
        self._absent = {d.id for d in docs} if absent else set()

    def find_by_hash(self, key: str) -> str | None:
        return self._hashes[key] if key in self._hashes else self._store.find_by_hash(key)

    def find_by_url(self, key: str) -> str | None:
        return self._urls[key] if key in self._urls else self._store.find_by_url(key)

    def get(self, article_id: str) -> Doc | None:
        return None if article_id in self._absent else self._store.get(article_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def ingest(
    targets: Iterable[str],
    store: Store,
    opts: IngestOptions | None = None,
    *,
    fetcher: Any = None,
    on_outcome: ProgressFn | None = None,
) -> Summary:
    from . import config

    opts = opts or IngestOptions()
    stages = opts.stages or tuple(config.load()["ingest"]["stages"])
    pipeline = build(stages)
    return process(
        _items(targets, opts, fetcher),
        store,
        pipeline,
        batch_size=opts.batch_size,
        reprocess=opts.reprocess,
        on_outcome=on_outcome,
    )
