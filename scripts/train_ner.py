"""Train the shipped NER model (marsad/data/ner/crf.model) from ../shared/ner.

    python scripts/train_ner.py                 # train on all of ANERcorp train, save, score NewsFANE/AQMAR
    python scripts/train_ner.py --cv 5          # first 5-fold cross-validation on ANERcorp train
    python scripts/train_ner.py --cv 5 --no-save --c1 0.1 --c2 0.05   # tune without touching the shipped model

Folds are contiguous blocks of sentences (ANERcorp is ordered by article), so a
fold's test articles are not seen in training — random sentence folds would leak
names between neighbouring sentences and flatter the score.

NewsFANE and AQMAR are scored with their types mapped onto PERS/LOC/ORG/MISC
(marsad/data/ner/tagmap.tsv). Neither is tokenised like ANERcorp (NewsFANE splits
clitics and normalises letters; AQMAR is Wikipedia with its own MISC notion), so
these are out-of-domain figures, not comparable with the ANERcorp ones.

Needs the feature tables first: python scripts/build_ner_resources.py
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pycrfsuite  # noqa: E402

from marsad.nlp.conll import Report, format_report, read_conll, score  # noqa: E402
from marsad.nlp.ner import META_FILE, MODEL_FILE, NerModel, data_dir, repair_bio  # noqa: E402
from marsad.nlp.ner_features import load_resources, sent_features  # noqa: E402

SHARED = ROOT.parent / "shared" / "ner"
ANERCORP = SHARED / "anercorp" / "train.txt"
OUT_OF_DOMAIN = {
    "newsfane": SHARED / "newsfane_gold" / "NewsFANE_Gold_2014_170K.clean.conll",
    "aqmar": SHARED / "aqmar" / "aqmar_all_raw.conll",
}

Sents = list[tuple[list[str], list[str]]]


def featurise(sents: Sents) -> list[list[list[str]]]:
    res = load_resources()
    return [sent_features(toks, res) for toks, _ in sents]


def train(xs: list[list[list[str]]], ys: list[list[str]], path: Path, args: argparse.Namespace) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params({
        "c1": args.c1,  # L1 prunes most features: keeps the shipped file small
        "c2": args.c2,
        "max_iterations": args.iters,
        "feature.possible_transitions": True,
    })
    trainer.train(str(path))


def predict(path: Path, xs: list[list[list[str]]]) -> list[list[str]]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return [repair_bio(tagger.tag(x)) if x else [] for x in xs]


def cross_validate(sents: Sents, xs: list[list[list[str]]], k: int, args: argparse.Namespace) -> Report:
    total = Report()
    n = len(sents)
    tmp = Path("/tmp") / f"marsad_ner_cv_{int(time.time())}.crf"
    for fold in range(k):
        lo, hi = fold * n // k, (fold + 1) * n // k
        tr = [i for i in range(n) if not lo <= i < hi]
        train([xs[i] for i in tr], [sents[i][1] for i in tr], tmp, args)
        gold = [sents[i][1] for i in range(lo, hi)]
        pred = predict(tmp, xs[lo:hi])
        rep = score(gold, pred)
        print(f"fold {fold + 1}/{k}: F1 {100 * rep.micro.f1:.2f}", flush=True)
        for g, p in zip(gold, pred, strict=True):
            total.add(g, p)
    tmp.unlink(missing_ok=True)
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description="Train marsad's CRF NER model.")
    ap.add_argument("--cv", type=int, default=0, help="k-fold cross-validation on ANERcorp train first")
    ap.add_argument("--no-save", action="store_true", help="do not write the shipped model")
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.05)
    ap.add_argument("--iters", type=int, default=150)
    args = ap.parse_args()

    t0 = time.time()
    sents = read_conll(ANERCORP)
    xs = featurise(sents)
    print(f"ANERcorp train: {len(sents)} sentences, {sum(len(s[0]) for s in sents)} tokens, "
          f"features in {time.time() - t0:.0f}s", flush=True)
    meta: dict[str, object] = {"params": {"c1": args.c1, "c2": args.c2, "iters": args.iters}}
    if args.cv:
        rep = cross_validate(sents, xs, args.cv, args)
        print(f"\n{args.cv}-fold cross-validation, ANERcorp train (contiguous folds)")
        print(format_report(rep), flush=True)
        meta["cv"] = {"folds": args.cv, **rep.as_dict()}
    if args.no_save:
        return
    path = data_dir() / MODEL_FILE
    train(xs, [y for _, y in sents], path, args)
    model = NerModel(path)
    print(f"\nsaved {path} ({path.stat().st_size / 1e6:.1f} MB), {time.time() - t0:.0f}s", flush=True)
    for name, gold_path in OUT_OF_DOMAIN.items():
        gold = read_conll(gold_path)
        rep = score([y for _, y in gold], model.tag_sents([t for t, _ in gold]))
        print(f"\n{name} ({gold_path.name}, types mapped to PERS/LOC/ORG/MISC)")
        print(format_report(rep))
        meta[name] = rep.as_dict()
    meta.update({"trained": datetime.now(UTC).isoformat(timespec="seconds"),
                 "train_data": "ANERcorp train (CAMeL split), ../shared/ner/anercorp/train.txt",
                 "sentences": len(sents)})
    (path.with_name(META_FILE)).write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n",
                                           encoding="utf-8")
    print(f"version {NerModel(path).version}")


if __name__ == "__main__":
    main()
