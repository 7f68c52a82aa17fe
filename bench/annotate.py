"""Annotation benchmark: the ``annotate`` stages of marsad/defaults.toml over ANT articles.

    python bench/annotate.py [--limit 1000] [--stages clean,language,entities,...]

Prints sentences/s and articles/s for the whole pipeline and for each stage (each stage is
timed on every document). A stage that cannot be built yet — its module missing, its
resources absent — is reported as missing and the rest still run, so the benchmark is usable
while the pipeline is being assembled.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.config import load  # noqa: E402
from marsad.errors import MarsadError  # noqa: E402
from marsad.model import Article, Doc  # noqa: E402
from marsad.pipeline import Stage, get_factory  # noqa: E402
from marsad.text.sentences import sentence_spans  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "ant_multisource_v2.1.jsonl.gz"


def articles(limit: int) -> Iterator[Article]:
    """ANT records as Articles (fields docno, title, text, src)."""
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(itertools.islice(fh, limit)):
            rec = json.loads(line)
            yield Article(
                id=str(rec.get("docno") or n),
                title=str(rec.get("title") or ""),
                body=str(rec.get("text") or ""),
                outlet=rec.get("src"),
                source=f"bench:{CORPUS.name}#{n}",
            )


def build_stages(names: list[str]) -> tuple[list[tuple[str, Stage]], dict[str, str]]:
    """The stages that build, and why each of the others did not."""
    ready: list[tuple[str, Stage]] = []
    missing: dict[str, str] = {}
    for name in names:
        try:
            ready.append((name, get_factory(name)()))
        except (MarsadError, ImportError) as exc:
            missing[name] = f"{type(exc).__name__}: {exc}"
    return ready, missing


def run(stages: list[tuple[str, Stage]], docs: list[Article]) -> tuple[dict[str, float], dict[str, int], int]:
    """Seconds per stage, failures per stage, and the sentence count."""
    seconds = {name: 0.0 for name, _ in stages}
    failures = {name: 0 for name, _ in stages}
    sentences = 0
    for article in docs:
        doc = Doc(article=article)
        sentences += len(sentence_spans(article.body))
        for name, stage in stages:
            t = time.perf_counter()
            try:
                doc = stage(doc)
            except Exception:  # a benchmark counts failures, it does not stop
                failures[name] += 1
            seconds[name] += time.perf_counter() - t
    return seconds, failures, sentences


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=1000, help="number of ANT articles")
    ap.add_argument(
        "--stages", default="", help="comma-separated; default: [annotate] stages of defaults.toml"
    )
    args = ap.parse_args()
    names = args.stages.split(",") if args.stages else list(load()["annotate"]["stages"])

    t = time.perf_counter()
    stages, missing = build_stages(names)
    load_s = time.perf_counter() - t
    docs = list(articles(args.limit))
    seconds, failures, sentences = run(stages, docs)
    total = sum(seconds.values())

    print(f"articles         {len(docs)}  sentences {sentences}  (load {load_s:.1f} s)")
    print(f"{'stage':<12} {'seconds':>8} {'articles/s':>11} {'sentences/s':>12} {'failed':>7}")
    for name, _ in stages:
        s = max(seconds[name], 1e-9)
        print(f"{name:<12} {s:8.2f} {len(docs) / s:11.0f} {sentences / s:12.0f} {failures[name]:7d}")
    for name, why in missing.items():
        print(f"{name:<12} missing  {why}")
    total = max(total, 1e-9)
    print(f"{'pipeline':<12} {total:8.2f} {len(docs) / total:11.0f} {sentences / total:12.0f}")


if __name__ == "__main__":
    main()
