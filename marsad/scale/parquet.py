"""Parquet part files written by the tasks themselves: ``<out>/<table>/part-NNNNN.parquet``.

Each task streams its partition's rows into one file per table, a row group every
:data:`ROW_GROUP` rows, so a task holds at most that many rows per table whatever the
partition's size. The layout is the one Spark's own writer makes (a folder of part
files per table), read whole by ``pyarrow.parquet.read_table(folder)``, DuckDB, pandas
or ``spark.read.parquet``.

Why not ``DataFrame.write.parquet``: that converts every row from Python to the JVM
and back to columns, once per table, through Spark SQL; on a 2-core laptop its first
write alone took ~16 s, more than annotating the test's documents (bench/spark.py).
Here a row goes from the pipeline to Arrow in the worker that made it. What Spark's
commit protocol gives is kept where it matters: a file appears under its final name
only when complete (written under a hidden name, then renamed), and a retried task
rewrites the same names, so a retry never leaves a half file or a second copy.
Two attempts of one task at once (speculative execution) write under their own
temporary names, and either's complete file is the partition's. What it does not give:
``out`` must be a folder every executor can write (local, or a shared mount on a
cluster; no HDFS/S3 URLs).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..outcomes import Summary
from .records import Result, merge, tally
from .tables import TABLES, Kind, Row

if TYPE_CHECKING:
    import pyarrow as pa

# Rows per row group: the export's (marsad.export.PARQUET_ROW_GROUP), so both read alike.
ROW_GROUP = 1000
Tally = tuple[Summary, dict[str, int]]


def arrow_schema(columns: Iterable[tuple[str, Kind]]) -> pa.Schema:
    import pyarrow as pa

    types = {"string": pa.string(), "int": pa.int64(), "bool": pa.bool_(), "list": pa.list_(pa.string())}
    return pa.schema([(name, types[kind]) for name, kind in columns])


def part_name(index: int) -> str:
    return f"part-{index:05d}.parquet"


class PartWriter:
    """One partition's part file per table, opened at its first row."""

    def __init__(self, out: Path, index: int, attempt: int = 0) -> None:
        self.out = out
        self.index = index
        self.attempt = attempt
        self._writers: dict[str, Any] = {}
        self._pending: dict[str, list[Row]] = {name: [] for name in TABLES}

    def add(self, rows: dict[str, list[Row]]) -> None:
        for name, table_rows in rows.items():
            pending = self._pending[name]
            pending.extend(table_rows)
            if len(pending) >= ROW_GROUP:
                self._flush(name)

    def _flush(self, name: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        rows = self._pending[name]
        if not rows:
            return
        schema = arrow_schema(TABLES[name])
        columns = list(zip(*rows, strict=True))
        table = pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(columns, schema, strict=True)], schema=schema)
        if name not in self._writers:
            self._writers[name] = pq.ParquetWriter(self._temp(name), schema)
        self._writers[name].write_table(table)
        rows.clear()

    def _temp(self, name: str) -> Path:
        return self.out / name / f".{part_name(self.index)}.{self.attempt}.tmp"

    def close(self) -> None:
        """Flush, close, and give every file its final name."""
        for name in TABLES:
            self._flush(name)
        for name, writer in self._writers.items():
            writer.close()
            os.replace(self._temp(name), self.out / name / part_name(self.index))
        self._writers.clear()

    def abort(self) -> None:
        for name, writer in self._writers.items():
            with contextlib.suppress(OSError):
                writer.close()
            self._temp(name).unlink(missing_ok=True)
        self._writers.clear()


def write_partition(index: int, results: Iterable[Result], out: str, attempt: int = 0) -> Iterator[Tally]:
    """Write one partition's rows; yield its one tally (outcome counts and rows per table)."""
    writer = PartWriter(Path(out), index, attempt)
    total: Tally = (Summary(), {})
    try:
        for result in results:
            if result.rows:
                writer.add(result.rows)
            total = merge(total, tally(result))
        writer.close()
    except BaseException:
        writer.abort()
        raise
    yield total


def prepare(out: Path) -> None:
    """Empty table folders under ``out``: part files of an earlier run must not mix in."""
    for name in TABLES:
        folder = out / name
        if folder.exists():
            for child in folder.iterdir():
                child.unlink()
        folder.mkdir(parents=True, exist_ok=True)


def complete(out: Path) -> None:
    """Give a table that received no row one empty part file, so that every table can be
    read, with its columns, like the others."""
    import pyarrow.parquet as pq

    for name, columns in TABLES.items():
        folder = out / name
        if not any(folder.glob("part-*.parquet")):
            schema = arrow_schema(columns)
            pq.write_table(schema.empty_table(), folder / part_name(0))
