"""Store benchmark: write the ANT corpus (30k articles) straight into a fresh SQLite file,
with no pipeline stages, then measure search latency over queries taken from headlines.

    python bench/search.py [--limit N] [--queries 300] [--db PATH]

Prints write rate, database size, and search p50/p95/max in ms (issue 2 target: p95 ≤ 20 ms).
It isolates the store from the sources and NLP stages that bench/ingest.py also times.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.model import Article, Doc, short_hash  # noqa: E402
from marsad.store import SearchQuery, Store, open_store  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "ant_multisource_v2.1.jsonl.gz"


def ant_docs(limit: int) -> Iterator[Doc]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(itertools.islice(fh, limit or None)):
            r = json.loads(line)
            published = None
            if r.get("time"):
                try:
                    published = datetime.fromisoformat(r["time"]).astimezone(UTC)
                except ValueError:
                    published = None
            art = Article(
                id=short_hash("ant", r["docno"]),
                url=r.get("url"),
                title=r.get("title") or "",
                body=r.get("text") or "",
                published=published,
                outlet=r.get("src"),
                language="ar",
                source=f"bench:ant#{i}",
            )
            yield Doc(article=art)


def headline_queries(n: int, seed: int = 7) -> list[str]:
    """The query mix of bench/ingest.py: 1-3 consecutive words (> 2 letters) of a headline."""
    rnd = random.Random(seed)
    titles = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, 5000):
            words = [w for w in (json.loads(line).get("title") or "").split() if len(w) > 2]
            if len(words) >= 3:
                titles.append(words)
    out = []
    for _ in range(n):
        words = rnd.choice(titles)
        k = rnd.choice((1, 2, 3))
        i = rnd.randrange(0, len(words) - k + 1)
        out.append(" ".join(words[i : i + k]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--db", default="", help="an existing file is searched as is (no writes)")
    args = ap.parse_args()
    db = args.db or str(Path(tempfile.mkdtemp(prefix="marsad-bench-")) / "search.db")
    store = open_store(db)
    store.migrate()
    if store.count() == 0:
        write_corpus(store, args.limit, db)
    search_latency(store, args.queries)
    store.close()


def write_corpus(store: Store, limit: int, db: str) -> None:
    t0 = time.perf_counter()
    n = 0
    batch: list[Doc] = []
    for doc in ant_docs(limit):
        batch.append(doc)
        if len(batch) == 500:
            n += len(batch)
            store.write(batch)
            batch = []
    if batch:
        n += len(batch)
        store.write(batch)
    dt = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))
    print(f"write            {n} docs in {dt:.1f} s  {n / dt:.0f} docs/s (incl. reading the corpus)")
    print(f"database         {size / 1e6:.1f} MB  ({db})")


def search_latency(store: Store, n_queries: int) -> None:
    queries = headline_queries(n_queries)
    for q in queries[:10]:
        store.search(SearchQuery(q))
    lat, cpu, hits = [], [], 0
    slow: list[tuple[float, str]] = []
    for q in queries:
        t, c = time.perf_counter(), time.thread_time()
        res = store.search(SearchQuery(q, limit=20))
        ms = (time.perf_counter() - t) * 1000
        cpu.append((time.thread_time() - c) * 1000)
        lat.append(ms)
        slow.append((ms, q))
        hits += bool(res)

    def pct(values: list[float], x: float) -> float:
        values = sorted(values)
        return values[min(len(values) - 1, int(x * len(values)))]

    print(f"search           {len(queries)} queries, {hits} with hits")
    print(
        f"search latency   p50 {pct(lat, 0.50):.1f} ms  p95 {pct(lat, 0.95):.1f} ms  max {max(lat):.1f} ms"
        f"  mean {statistics.mean(lat):.1f} ms"
    )
    # CPU time of the searching thread: what the latency would be on an idle machine
    # (the store is in the page cache), useful when other jobs share the cores
    print(f"search CPU time  p50 {pct(cpu, 0.50):.1f} ms  p95 {pct(cpu, 0.95):.1f} ms  max {max(cpu):.1f} ms")
    print("slowest          " + " | ".join(f"{q} {ms:.0f}ms" for ms, q in sorted(slow, reverse=True)[:5]))


if __name__ == "__main__":
    main()
