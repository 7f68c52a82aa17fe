"""Ingest: sources → pipeline → store, in batches, with one outcome per input record.

The batch job owns I/O (reading inputs, batching, progress, the summary); the
per-document work is the pipeline, the same one ``marsad annotate`` and the
Spark job call. Re-running an ingest is idempotent: an article whose id is
already stored ends as ``unchanged`` without running the pipeline again, which
is also how a killed ingest resumes — every whole batch written before the kill
is skipped, the batch in flight is redone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .model import Article, Doc
from .outcomes import Rejected, Summary
from .pipeline import Pipeline, StageFailed, build
from .store.base import Store

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
    """Run ``items`` through ``pipeline`` into ``store``. Never raises for one bad record."""
    summary = Summary()
    batch: list[Doc] = []
    pending: list[str] = []  # outcome per doc in the batch, before the store's verdict
    seen: set[str] = set()  # ids in this run: a page that repeats an article is one record

    def note(outcome: str, example: str = "") -> None:
        summary.add(outcome, example)
        if on_outcome:
            on_outcome(outcome)

    def flush() -> None:
        if not batch:
            return
        verdicts = store.write(batch)
        for doc, pre, verdict in zip(batch, pending, verdicts, strict=True):
            note(pre if verdict == "stored" else verdict, doc.article.source)
        batch.clear()
        pending.clear()

    pipeline.bind(store)
    for item in items:
        if isinstance(item, Rejected):
            note(item.outcome, f"{item.key} {item.detail}".strip())
            continue
        if item.id in seen:
            # the same article (same canonical URL, or same text) read twice in one run:
            # e.g. ANT files one article under two categories
            note("repeated", item.source)
            continue
        if not reprocess and store.exists(item.id):
            note("unchanged", item.source)
            continue
        seen.add(item.id)
        try:
            doc = pipeline(Doc(article=item))
        except StageFailed as exc:
            note(f"failed:stage-{exc.stage}", f"{item.source}: {exc.cause}")
            continue
        batch.append(doc)
        pending.append("duplicate" if doc.ann.duplicate_of else "stored")
        if len(batch) >= batch_size:
            flush()
    flush()
    return summary


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
