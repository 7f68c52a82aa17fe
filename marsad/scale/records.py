"""The per-record work of a batch job, as plain functions a cluster maps over its data.

Nothing here imports Spark (cc-pyspark's ``process_record`` pattern): the job in
:mod:`marsad.scale.spark` only decides what runs where, and these functions are the
same reading (:mod:`marsad.sources`) and the same pipeline (:mod:`marsad.pipeline`)
that ``marsad ingest`` and ``marsad annotate`` run.

Every input record ends in one :class:`Result` with a named outcome
(:mod:`marsad.outcomes`): the adapters' own ``failed:*``/``discarded:*``, ``repeated``
for an article id read again (the ingest's word for it), ``discarded:duplicate`` for
the same text under another id (exact copies are dropped over the whole dataset: the
batch has no store to keep both), ``failed:stage-<name>`` for a document a stage raised
on, and ``annotated`` for a document whose rows were written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import Article, Doc
from ..outcomes import Rejected, Summary
from ..pipeline import Pipeline, StageFailed, build
from .tables import Row, doc_rows

# Where a record sits in the input: (unit index, position in the unit). The smallest
# order is the copy kept, so which duplicate survives does not depend on partitioning.
Order = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of input read by one task: a file (or a missing path) given on the
    command line, or a file found in a folder given there."""

    index: int
    path: str
    in_folder: bool = False


@dataclass(frozen=True, slots=True)
class Copies:
    """The first copy of an article (by :data:`Order`) and how many were read."""

    order: Order
    article: Article
    count: int = 1
    dropped: str = ""  # the source of one copy not kept, as the summary's example


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of ``count`` input records and, for an annotated one, its table rows."""

    outcome: str
    count: int = 1
    example: str = ""
    rows: dict[str, list[Row]] | None = None


def units(targets: Iterable[str]) -> list[Unit]:
    """The inputs split into units, folders walked as :func:`marsad.sources.iter_source`
    walks them, so a folder of WARC files is read by as many tasks as it has files."""
    from ..sources import walk_folder  # the folder order and hidden-file rule of iter_source

    out: list[Unit] = []
    for target in targets:
        path = Path(target).expanduser()
        if path.is_dir():
            base = len(out)
            out.extend(Unit(base + i, str(child), True) for i, child in enumerate(walk_folder(path)))
        else:
            out.append(Unit(len(out), target))
    return out


def read_unit(
    unit: Unit, fields: dict[str, str] | None = None, adapter: str | None = None
) -> Iterator[tuple[Order, Article | Rejected]]:
    """Every article or rejection of ``unit``, each with its :data:`Order`.

    The adapters turn bad records into :class:`Rejected` items themselves; an exception
    escaping one anyway (a bug, not bad input) ends that unit as ``failed:adapter-error``
    after the records already read, so one file cannot take a long batch down."""
    from ..sources import iter_source, path_items

    if unit.in_folder:
        items = path_items(Path(unit.path), adapter=adapter, fields=fields, fetcher=None, in_folder=True)
    else:
        items = iter_source(unit.path, fields=fields, adapter=adapter)
    seq = 0
    try:
        for item in items:
            seq += 1
            yield (unit.index, seq), item
    except Exception as exc:
        yield (unit.index, seq + 1), Rejected(unit.path, "failed:adapter-error", f"{type(exc).__name__}: {exc}")


def first_copy(a: Copies, b: Copies) -> Copies:
    """Reduce two copies of one article to the earlier one; associative and commutative,
    as a distributed reduce needs."""
    keep, drop = (a, b) if a.order <= b.order else (b, a)
    return Copies(keep.order, keep.article, a.count + b.count, keep.dropped or drop.dropped or drop.article.source)


def extra_copies(copies: Copies, outcome: str) -> Iterator[Result]:
    """The outcome of every copy but the one kept."""
    if copies.count > 1:
        yield Result(outcome, copies.count - 1, copies.dropped)


@lru_cache(maxsize=4)
def pipeline_for(stages: tuple[str, ...]) -> Pipeline:
    """One pipeline per worker process and stage list: the models load once, not per
    document or per partition (Spark reuses its Python workers between tasks)."""
    return build(stages)


def annotate(article: Article, pipeline: Pipeline) -> Result:
    try:
        doc = pipeline(Doc(article=article))
    except StageFailed as exc:
        return Result(f"failed:stage-{exc.stage}", 1, f"{article.source}: {exc.cause}")
    return Result("annotated", 1, article.source, doc_rows(doc))


def annotate_partition(groups: Iterable[Copies], stages: tuple[str, ...]) -> Iterator[Result]:
    """Annotate the first copy of each group; the others end as ``discarded:duplicate``."""
    pipeline = pipeline_for(stages)
    for copies in groups:
        yield from extra_copies(copies, "discarded:duplicate")
        yield annotate(copies.article, pipeline)


def tally(result: Result) -> tuple[Summary, dict[str, int]]:
    """The outcome counts and table row counts of one result, to be merged by :func:`merge`."""
    summary = Summary()
    summary.counts[result.outcome] += result.count
    if result.example:
        summary.examples[result.outcome] = result.example
    rows = {name: len(r) for name, r in (result.rows or {}).items()}
    return summary, rows


def merge(a: tuple[Summary, dict[str, int]], b: tuple[Summary, dict[str, int]]) -> tuple[Summary, dict[str, int]]:
    summary = Summary()
    summary.merge(a[0])
    summary.merge(b[0])
    rows = dict(a[1])
    for name, n in b[1].items():
        rows[name] = rows.get(name, 0) + n
    return summary, rows
