"""NER throughput and memory: tokens/s on one core and peak RSS.

    python bench/ner.py                      # ANERcorp train tokens (100k), pre-tokenised
    python bench/ner.py --text 300           # also raw text: NerModel.spans over 300 corpus articles

Single process, single thread (the BiLSTM's numpy products are held to one BLAS
thread). The first figure is the tagger (features, CRF stage one, BiLSTM-CRF stage
two); the second adds sentence splitting and tokenisation of raw articles.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.nlp.conll import read_conll  # noqa: E402
from marsad.nlp.ner import load_default  # noqa: E402

SHARED = ROOT.parent / "shared"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def bench_tokens(limit: int) -> None:
    sents, n = [], 0
    for toks, _ in read_conll(SHARED / "ner" / "anercorp" / "train.txt"):
        sents.append(toks)
        n += len(toks)
        if n >= limit:
            break
    t0 = time.perf_counter()
    model = load_default()
    load_s = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    model.tag_sents(sents)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"model {model.version}: loaded in {load_s:.2f}s")
    # CPU seconds too: on a shared machine wall time measures the neighbours as well
    print(f"tag_sents(): {n} tokens in {dt:.1f}s wall = {n / dt:,.0f} tokens/s; "
          f"{cpu:.1f}s CPU = {n / cpu:,.0f} tokens per CPU-second (one core)")


def bench_text(articles: int) -> None:
    texts = []
    with gzip.open(SHARED / "corpus" / "ant_multisource_v2.1.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            texts.append(json.loads(line)["text"] or "")
            if len(texts) >= articles:
                break
    model = load_default()
    t0, c0 = time.perf_counter(), time.process_time()
    n_spans = sum(len(model.spans(t)) for t in texts)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    n_chars = sum(map(len, texts))
    print(f"spans(): {len(texts)} articles, {n_chars / 1e6:.2f}M chars, {n_spans} entities in {dt:.1f}s wall "
          f"= {len(texts) / dt:.1f} articles/s; {len(texts) / cpu:.1f} articles per CPU-second")


def main() -> None:
    ap = argparse.ArgumentParser(description="NER tokens/s and peak RSS")
    ap.add_argument("--tokens", type=int, default=100_000)
    ap.add_argument("--text", type=int, default=0, help="also time spans() on N corpus articles")
    args = ap.parse_args()
    bench_tokens(args.tokens)
    if args.text:
        bench_text(args.text)
    print(f"peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
