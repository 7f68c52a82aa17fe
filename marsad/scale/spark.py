"""Annotate news at scale with Apache Spark: inputs → pipeline → Parquet tables.

    from marsad.scale.spark import annotate_with_spark
    summary = annotate_with_spark(["crawl/", "dump.jsonl.gz"], "out/", master="local[2]")

The job reads the inputs ``marsad ingest`` reads (JSON Lines, WARC/WARC.gz, HTML, feeds,
aggregator pages; folders walked) with the same adapters, one task per file; drops
exact copies over the whole dataset — the same article id (``repeated``), then the same
normalised text under another id (``discarded:duplicate``), keeping the copy read first
so the result does not depend on how Spark partitioned it; runs the same pipeline per
partition, its models loaded once per worker process; and writes Parquet tables under
``output_dir`` (:mod:`marsad.scale.tables`): ``articles`` (the export's schema),
``entities``, ``events``, ``quotes`` — each task its own part files, in the same pass
(:mod:`marsad.scale.parquet`) — plus ``summary.json`` with one count per outcome.

The per-record work is plain Python in :mod:`marsad.scale.records`; this module only
wires it into Spark. Stages that need a view of every document at once — ``dedup``
(near-duplicates against everything seen) and ``stories`` (clusters over the store) —
cannot run per partition and are refused; run them with ``marsad ingest``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial, reduce
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..model import Article
from ..outcomes import Rejected, Summary
from ..text.stages import content_hash
from .parquet import Tally, complete, prepare, write_partition
from .records import (
    Copies,
    Order,
    Result,
    Unit,
    annotate_partition,
    extra_copies,
    first_copy,
    merge,
    pipeline_for,
    read_unit,
    units,
)
from .tables import TABLES

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# Stages whose state spans documents: per partition they would judge each document
# against a different, arbitrary subset of the others.
GLOBAL_STAGES = {
    "dedup": "near-duplicates need every document seen (the job drops exact copies itself)",
    "stories": "story clusters need the store",
}
SUMMARY_FILE = "summary.json"


@dataclass
class SparkSummary(Summary):
    """The outcome counts of a run, and what it wrote."""

    tables: dict[str, int] = field(default_factory=dict)  # rows per table
    output_dir: str = ""
    master: str = ""
    partitions: int = 0
    seconds: float = 0.0  # the whole run
    startup_seconds: float = 0.0  # of which starting Spark (the JVM), when the job started it

    def as_json(self) -> dict[str, Any]:
        return {
            "outcomes": self.as_dict(),
            "examples": dict(sorted(self.examples.items())),
            "tables": dict(sorted(self.tables.items())),
            "total": self.total,
            "master": self.master,
            "partitions": self.partitions,
            "seconds": round(self.seconds, 3),
            "startup_seconds": round(self.startup_seconds, 3),
        }


def annotate_with_spark(
    inputs: Sequence[str],
    output_dir: str | Path,
    *,
    stages: Sequence[str] | None = None,
    master: str = "local[*]",
    partitions: int | None = None,
    fields: dict[str, str] | None = None,
    adapter: str | None = None,
    overwrite: bool = False,
    spark: SparkSession | None = None,
) -> SparkSummary:
    """Annotate every article of ``inputs`` and write the Parquet tables to ``output_dir``.

    ``stages`` defaults to the configured ``annotate`` stages; ``partitions`` (default:
    Spark's parallelism) is how many tasks share the annotation. Pass ``spark`` to run
    in an existing session (left running); otherwise one is started on ``master`` and
    stopped at the end. Configuration problems raise :class:`ConfigError` before any
    work starts; bad records never raise, they are counted."""
    names = _stage_names(stages)
    _check_inputs(inputs, fields, adapter)
    out = Path(output_dir)
    _check_output(out, overwrite)
    pipeline_for(names)  # a model that fails to load fails here, with its own message
    started = time.perf_counter()
    own = spark is None
    session = spark if spark is not None else start_session(master, partitions)
    startup = time.perf_counter() - started
    try:
        n_parts = partitions or session.sparkContext.defaultParallelism
        summary = _run(session, units(inputs), out, names, n_parts, fields, adapter)
    finally:
        if own:
            session.stop()
    summary.master = master if own else session.sparkContext.master or master
    summary.seconds = time.perf_counter() - started
    summary.startup_seconds = startup if own else 0.0
    (out / SUMMARY_FILE).write_text(json.dumps(summary.as_json(), ensure_ascii=False, indent=2) + "\n")
    return summary


# The JVM only schedules tasks and shuffles pickled documents; reading, annotating and
# writing Parquet are Python. C1-only JIT and the serial collector halve its start-up
# CPU: a local[2] session plus one small job took 24.4 CPU s by default, 13.3 with
# these (JVM /proc/<pid>/stat, 2026-11-30, this project's 2-core machine).
DRIVER_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def start_session(
    master: str = "local[*]", partitions: int | None = None, conf: dict[str, str] | None = None
) -> SparkSession:
    """A Spark session for the job: no web UI and, on a local master, no listening on
    outside interfaces (a laptop job should open no port to the network); Python workers on
    this interpreter (the one marsad is installed in); logs at ERROR. ``conf`` overrides."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ConfigError("the Spark job needs pyspark: pip install 'marsad[spark]'") from exc
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise ConfigError("Spark needs a Java runtime (17 or later): install one or set JAVA_HOME")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    settings = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.python.worker.reuse": "true",
        "spark.driver.extraJavaOptions": DRIVER_JAVA_OPTIONS,
        "spark.log.level": "ERROR",  # from the context's start, before setLogLevel could act
    }
    if master.startswith("local"):
        settings |= {"spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1"}
    if partitions:
        settings["spark.sql.shuffle.partitions"] = str(partitions)
    builder = SparkSession.builder.master(master).appName("marsad-annotate")
    for key, value in (settings | (conf or {})).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _stage_names(stages: Sequence[str] | None) -> tuple[str, ...]:
    from .. import config

    names = tuple(s.strip() for s in (stages or config.load()["annotate"]["stages"]) if s.strip())
    refused = [f"{n} ({GLOBAL_STAGES[n]})" for n in names if n in GLOBAL_STAGES]
    if refused:
        raise ConfigError(f"stages that cannot run per partition: {'; '.join(refused)}; use `marsad ingest`")
    return names


def _check_inputs(inputs: Sequence[str], fields: dict[str, str] | None, adapter: str | None) -> None:
    from ..sources import check_adapter
    from ..sources.jsonl import FieldMap

    if not inputs:
        raise ConfigError("no inputs given")
    urls = [t for t in inputs if t.startswith(("http://", "https://"))]
    if urls:
        # politeness per host needs one fetcher; many executors fetching at once would not have it
        raise ConfigError(f"the Spark job reads files, not URLs ({urls[0]}): fetch with `marsad ingest`")
    check_adapter(adapter)
    FieldMap(fields)  # raises ConfigError for an unknown --field name


def _check_output(out: Path, overwrite: bool) -> None:
    existing = [name for name in (*TABLES, SUMMARY_FILE) if (out / name).exists()]
    if existing and not overwrite:
        raise ConfigError(f"{out} already holds {', '.join(existing)}: choose another folder or overwrite")
    out.mkdir(parents=True, exist_ok=True)


# --- the job -------------------------------------------------------------------------------


def _run(
    spark: SparkSession,
    work: list[Unit],
    out: Path,
    stages: tuple[str, ...],
    n_parts: int,
    fields: dict[str, str] | None,
    adapter: str | None,
) -> SparkSummary:
    from pyspark import StorageLevel

    sc = spark.sparkContext
    # One task per unit: gzip and WARC files cannot be split, and a folder of them
    # spreads over the cluster file by file (cc-pyspark reads WARCs the same way).
    items = sc.parallelize(work, max(1, len(work))).flatMap(partial(read_unit, fields=fields, adapter=adapter))
    # Read once: both the rejections and the articles come from it.
    items.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        rejected = items.flatMap(_rejection)
        by_id = items.flatMap(_by_id).reduceByKey(first_copy, n_parts)
        repeated = by_id.flatMap(_repeated)
        by_text = by_id.map(_by_text).reduceByKey(first_copy, n_parts)
        annotated = by_text.values().mapPartitions(partial(annotate_partition, stages=stages))
        results = sc.union([rejected, repeated, annotated])
        prepare(out)
        # one action: every task writes its part files and sends back only its counts
        tallies = results.mapPartitionsWithIndex(partial(_write, out=str(out))).collect()
    finally:
        items.unpersist()
    complete(out)
    zero: Tally = (Summary(), {})
    counts, rows = reduce(merge, tallies, zero)
    summary = SparkSummary(output_dir=str(out), partitions=n_parts)
    summary.merge(counts)
    summary.tables = {name: rows.get(name, 0) for name in TABLES}
    return summary


def _write(index: int, results: Iterator[Result], out: str) -> Iterator[Tally]:
    from pyspark import TaskContext

    context = TaskContext.get()
    return write_partition(index, results, out, context.attemptNumber() if context else 0)


def _rejection(item: tuple[Order, Article | Rejected]) -> Iterator[Result]:
    rejected = item[1]
    if isinstance(rejected, Rejected):
        yield Result(rejected.outcome, 1, f"{rejected.key} {rejected.detail}".strip())


def _by_id(item: tuple[Order, Article | Rejected]) -> Iterator[tuple[str, Copies]]:
    order, article = item
    if isinstance(article, Article):
        yield article.id, Copies(order, article)


def _repeated(pair: tuple[str, Copies]) -> Iterator[Result]:
    return extra_copies(pair[1], "repeated")


def _by_text(pair: tuple[str, Copies]) -> tuple[str, Copies]:
    # the clean stage's hash: copies differing only in hamza forms, diacritics or spacing meet
    kept = pair[1]
    return content_hash(kept.article.title, kept.article.body), Copies(kept.order, kept.article)
