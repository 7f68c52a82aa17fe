"""Story clustering benchmark: the ANT corpus (30k articles, five outlets, 2018) in
publication order through the online clusterer.

    python bench/stories.py [--limit N] [--cache /tmp/marsad-story-vectors.npy]

Embedding headline + lead with USE-multilingual is the bulk of the cost (a constant
per article: it does not depend on the archive) and takes ~20–30 min for 30k
articles on 2 shared cores, so the vectors are cached in a .npy file under /tmp and
reused; the run prints the embedding rate measured when the cache was built.
Then it clusters in time order and prints, at 1k, 10k and 30k articles, the
clustering cost per article (ms, mean over the preceding 1,000 articles), the
articles/s so far, the articles held in the window, and peak RSS. A flat cost per
article as the archive grows is the point: the window bounds the work.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
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
            out.append(Record(r["docno"], r.get("title") or "", r.get("text") or "", parse_time(r.get("time")), r.get("src")))
    ordered = time_order(out)
    return ordered[:limit] if limit else ordered


class Replay:
    """An embedder that hands back cached vectors in order (featurize calls it once per batch)."""

    def __init__(self, vectors: np.ndarray):
        self.vectors = vectors
        self.pos = 0

    def encode(self, texts: list[str]) -> np.ndarray:
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
    args = ap.parse_args()
    recs = records(args.limit)
    vecs = vectors(recs, args.cache)
    replay = Replay(vecs)
    clusterer = StoryClusterer()
    marks = [c for c in CHECKPOINTS if c <= len(recs)] or [len(recs)]
    if marks[-1] != len(recs):
        marks.append(len(recs))
    recent: list[float] = []
    t_start = time.perf_counter()
    stories: set[str] = set()
    print(f"{'articles':>9} {'ms/article':>11} {'articles/s':>11} {'window':>7} {'stories':>8} {'peak RSS MB':>12}")
    for start in range(0, len(recs), 64):
        chunk = recs[start : start + 64]
        t0 = time.perf_counter()
        feats = featurize([(r.id, r.title, r.text, r.published, r.outlet, None) for r in chunk], embedder=replay)  # type: ignore[arg-type]
        t_feat = (time.perf_counter() - t0) / len(chunk)
        for i, f in enumerate(feats):
            t1 = time.perf_counter()
            stories.add(clusterer.add(f).story)
            recent.append(time.perf_counter() - t1 + t_feat)
            n = start + i + 1
            if n in marks:
                window = recent[-1000:]
                elapsed = time.perf_counter() - t_start
                print(
                    f"{n:>9} {1000 * sum(window) / len(window):>11.2f} {n / elapsed:>11.1f} "
                    f"{len(clusterer.features):>7} {len({clusterer.resolve(s) for s in stories}):>8} {peak_rss_mb():>12.0f}",
                    flush=True,
                )
    print("(ms/article and articles/s exclude the embedding; add 1000/rate ms from the embedding line)")


if __name__ == "__main__":
    main()
