"""Story clustering benchmark: the ANT corpus (30k articles, five outlets, 2018) in
publication order through the online clusterer.

    python bench/stories.py [--limit N] [--cache /tmp/marsad-story-vectors.npy] [--cached-only]

Embedding headline + lead with USE-multilingual is the bulk of the cost (a constant
per article: it does not depend on the archive) and takes ~20–30 min for 30k
articles on 2 shared cores, so the vectors are cached in a .npy file under /tmp and
reused; the run prints the embedding rate measured when the cache was built.
Then it clusters in time order and prints, at 1k, 10k and 30k articles, the
clustering cost per article (ms, mean over the preceding 1,000 articles), the
articles/s so far (wall clock), the articles held in the window, and peak RSS. The
cost per article is CPU time (time.process_time): the machine is shared, wall time is
noise. A flat cost per
article as the archive grows is the point: the window bounds the work.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.stories.cluster import Record, StoryClusterer, parse_time, time_order  # noqa: E402
from marsad.stories.embed import load_embedder  # noqa: E402
from marsad.stories.similarity import default_params, featurize, lead  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "ant_multisource_v2.1.jsonl.gz"
CHECKPOINTS = (1_000, 10_000, 30_000)


def records(limit: int | None) -> list[Record]:
    out = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            out.append(
                Record(
                    r["docno"],
                    r.get("title") or "",
                    r.get("text") or "",
                    parse_time(r.get("time")),
                    r.get("src"),
                )
            )
    ordered = time_order(out)
    return ordered[:limit] if limit else ordered


class Replay:
    """An embedder that hands back cached vectors in order (featurize calls it once per batch)."""

    def __init__(self, vectors: np.ndarray):
        self.vectors = vectors
        self.pos = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = self.vectors[self.pos : self.pos + len(texts)]
        self.pos += len(texts)
        return out


def vectors(recs: list[Record], cache: Path) -> np.ndarray:
    p = default_params()
    done = np.load(cache) if cache.exists() else np.zeros((0, 512), dtype=np.float32)
    if len(done) >= len(recs):
        print(f"vectors: {len(recs)} from cache {cache}")
        return done[: len(recs)]
    emb = load_embedder()
    parts = [done]
    t0, n0 = time.perf_counter(), len(done)
    for start in range(len(done), len(recs), 256):
        chunk = recs[start : start + 256]
        parts.append(emb.encode([lead(r.title, r.text, p.lead_chars) for r in chunk]))
        if (start // 256) % 8 == 7 or start + 256 >= len(recs):
            allv = np.concatenate(parts)
            np.save(cache, allv)  # resumable: a killed run keeps what it embedded
            parts = [allv]
            rate = (len(allv) - n0) / (time.perf_counter() - t0)
            print(f"  embedded {len(allv)}/{len(recs)}  {rate:.1f} articles/s", flush=True)
    return np.concatenate(parts)[: len(recs)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/marsad-story-vectors.npy"))
    ap.add_argument("--cached-only", action="store_true", help="cluster only the articles already embedded")
    ap.add_argument(
        "--proxy-vectors",
        action="store_true",
        help="past the cache, use hashed random projections of the TF-IDF terms instead of USE "
        "(for the cost curve only: the clustering cost does not depend on which model made the vectors)",
    )
    args = ap.parse_args()
    limit = args.limit
    if args.proxy_vectors:
        recs = records(limit)
        cached = np.load(args.cache) if args.cache.exists() else np.zeros((0, 512), dtype=np.float32)
        vecs = np.concatenate([cached[: len(recs)], proxy_vectors(recs[len(cached) :])])
        print(
            f"vectors: {min(len(cached), len(recs))} USE from cache, {max(0, len(recs) - len(cached))} proxies"
        )
        cluster(recs, vecs)
        return
    if args.cached_only:
        if not args.cache.exists():
            sys.exit(f"no vector cache at {args.cache}")
        cached = len(np.load(args.cache, mmap_mode="r"))
        limit = min(limit or cached, cached)
    recs = records(limit)
    cluster(recs, vectors(recs, args.cache))


def proxy_vectors(recs: list[Record]) -> np.ndarray:
    """Stand-in vectors with the neighbourhood structure of the text: feature-hashed
    TF-IDF of headline + lead times a fixed Gaussian matrix (Johnson-Lindenstrauss)."""
    from zlib import crc32

    from marsad.stories.lexical import default_idf, terms, tfidf

    p, idf, buckets = default_params(), default_idf(), 4096
    proj = np.random.default_rng(0).standard_normal((buckets, 512)).astype(np.float32)
    out = np.zeros((len(recs), 512), dtype=np.float32)
    for i, r in enumerate(recs):
        row = np.zeros(buckets, dtype=np.float32)
        for t, w in tfidf(terms(lead(r.title, r.text, p.lead_chars)), idf).items():
            row[crc32(t.encode()) % buckets] += w
        v = row @ proj
        out[i] = v / (np.linalg.norm(v) or 1.0)
    return out


def cluster(recs: list[Record], vecs: np.ndarray) -> None:
    replay = Replay(vecs)
    clusterer = StoryClusterer()
    marks = [c for c in CHECKPOINTS if c <= len(recs)] or [len(recs)]
    if marks[-1] != len(recs):
        marks.append(len(recs))
    recent: list[float] = []
    t_start = time.perf_counter()
    stories: set[str] = set()
    splits = 0
    print(
        f"{'articles':>9} {'CPU ms/art':>11} {'articles/s':>11} {'window':>7} {'stories':>8} {'splits':>7}"
        f" {'peak RSS MB':>12}"
    )
    for start in range(0, len(recs), 64):
        chunk = recs[start : start + 64]
        t0 = time.process_time()
        feats = featurize(
            [(r.id, r.title, r.text, r.published, r.outlet, None) for r in chunk], embedder=replay
        )
        t_feat = (time.process_time() - t0) / len(chunk)
        for i, f in enumerate(feats):
            t1 = time.process_time()
            res = clusterer.add(f)
            stories.add(res.story)
            stories.update(res.moved.values())  # a split opens stories too
            splits += bool(res.moved)
            recent.append(time.process_time() - t1 + t_feat)
            n = start + i + 1
            if n in marks:
                window = recent[-1000:]
                elapsed = time.perf_counter() - t_start
                print(
                    f"{n:>9} {1000 * sum(window) / len(window):>11.2f} {n / elapsed:>11.1f} "
                    f"{len(clusterer.features):>7} {len({clusterer.resolve(s) for s in stories}):>8} {splits:>7}"
                    f" {peak_rss_mb():>12.0f}",
                    flush=True,
                )
    print(
        "(CPU ms/article: features + clustering, mean of the last 1,000, CPU time because the machine is shared;"
        " articles/s is wall clock; both exclude the embedding, a constant per article: see the embedding rate)"
    )


if __name__ == "__main__":
    main()
