"""Ingest benchmark: the ANT corpus (30k articles) from ../shared/corpus through the
ingest path into a fresh SQLite file, then search latency over queries taken from
headlines.

    python bench/ingest.py [--limit N] [--stages clean,language,dedup] [--queries 300]
                           [--db FILE | --db postgresql://…]

--db postgresql://… benchmarks the PostgreSQL adapter instead (into an empty schema:
e.g. add ``options=-csearch_path%3Dbench`` to the DSN after ``CREATE SCHEMA bench``).

Prints articles/s, peak RSS, database size, and search p50/p95/max in ms.
Issue 2 targets on the 2-core machine (before the NLP stages): ≥ 300 articles/s, p95 ≤ 20 ms.
"""

from __future__ import annotations

import argparse
import itertools
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.ingest import process  # noqa: E402
from marsad.pipeline import build  # noqa: E402
from marsad.sources import iter_source  # noqa: E402
from marsad.store import SearchQuery, open_store  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from search import headline_queries  # noqa: E402  (one query mix for both benchmarks)

CORPUS = ROOT.parent / "shared" / "corpus" / "ant_multisource_v2.1.jsonl.gz"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="only the first N records")
    ap.add_argument("--stages", default="clean,language,dedup")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--db", default="", help="SQLite file or postgresql:// DSN (default: a temporary file)")
    args = ap.parse_args()

    db = args.db or str(Path(tempfile.mkdtemp(prefix="marsad-bench-")) / "bench.db")
    store = open_store(db)
    store.migrate()
    pipeline = build(args.stages.split(","))
    items = iter_source(str(CORPUS))
    if args.limit:
        items = itertools.islice(items, args.limit)
    t0, c0 = time.perf_counter(), time.process_time()
    summary = process(items, store, pipeline, batch_size=500)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    n = summary.total
    size = int(store.stats()["db_bytes"])  # the file and its WAL, or PostgreSQL's tables and indexes
    print(f"stages           {args.stages}")
    print(f"records          {n}  {summary.as_dict()}")
    print(f"ingest           {dt:.1f} s  {n / dt:.0f} articles/s")
    # this process only (a loaded machine stretches wall time; PostgreSQL's own work is not in it)
    print(f"ingest CPU       {cpu:.1f} s  {n / cpu:.0f} articles per CPU second")
    print(f"peak RSS         {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"database         {size / 1e6:.1f} MB  ({store.stats()['path']})")

    queries = headline_queries(args.queries)
    for q in queries[:10]:  # warm the page cache
        store.search(SearchQuery(q))
    lat = []
    hits = 0
    for q in queries:
        t = time.perf_counter()
        res = store.search(SearchQuery(q, limit=20))
        lat.append((time.perf_counter() - t) * 1000)
        hits += bool(res)
    lat.sort()
    p = lambda x: lat[min(len(lat) - 1, int(x * len(lat)))]  # noqa: E731
    print(f"search           {len(queries)} queries, {hits} with hits")
    print(f"search latency   p50 {p(0.50):.1f} ms  p95 {p(0.95):.1f} ms  max {lat[-1]:.1f} ms  mean {statistics.mean(lat):.1f} ms")
    store.close()


if __name__ == "__main__":
    main()
