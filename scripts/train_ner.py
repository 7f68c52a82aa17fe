"""Train the shipped NER model's CRF stage one (marsad/data/ner/stage1.crf) from ../shared/ner.

    python scripts/train_ner.py                 # train on all of ANERcorp train, save, score NewsFANE/AQMAR
    python scripts/train_ner.py --cv 5          # first 5-fold cross-validation on ANERcorp train
    python scripts/train_ner.py --cv 5 --no-save --iters 15   # tune without touching the shipped model

The shipped tagger (marsad.nlp.ner) is this CRF as stage one and a BiLSTM-CRF as stage
two (scripts/train_ner_neural.py, run after this script). The cross-validation here is
of the all-CRF design the BiLSTM-CRF replaced, kept as the baseline it is measured
against: a CRF stage two that sees how stage one tagged the other occurrences of each
word in the document. Stage two must learn
from stage-one tags as noisy as they will be on new text, so its training tags come
from a jack-knife: each block of sentences is tagged by a stage one trained on the
other blocks. Cross-validation nests that jack-knife inside each training portion,
so no held-out sentence influences anything it is scored with.

Both stages are averaged-perceptron CRFs (crfsuite ``ap``): on fold 1 they scored
like L-BFGS with L1/L2 (78.2 vs 78.5 F1 for one stage) at a twentieth of the
training time, which is what makes the nested jack-knife affordable.

Folds are contiguous blocks of sentences (ANERcorp is ordered by article), so a
fold's test articles are not seen in training — random sentence folds would leak
names between neighbouring sentences and flatter the score.

NewsFANE and AQMAR are scored with their types mapped onto PERS/LOC/ORG/MISC
(marsad/data/ner/tagmap.tsv). AQMAR is Wikipedia, independent of ANERcorp, with a
much broader MISC. NewsFANE is ANERcorp's own text re-annotated (clitics split,
letters normalised; ~3/4 of its sentences are ANERcorp train sentences), so its
figure mostly shows how the tokenisation and annotation differences cost, not
generalisation. Adding AQMAR or the Wojood sample to training lowered fold-1 F1
(76.2 and 76.5 vs 78.2), so neither is used.

Needs the feature tables first: python scripts/build_ner_resources.py
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pycrfsuite  # noqa: E402

from marsad.nlp.conll import Report, format_report, read_conll, score  # noqa: E402
from marsad.nlp.ner import META_FILE, STAGE1_FILE, NerModel, data_dir, repair_bio  # noqa: E402
from marsad.nlp.ner_features import DOC_WINDOW, doc_features, load_resources, sent_features, stems  # noqa: E402

SHARED = ROOT.parent / "shared" / "ner"
ANERCORP = SHARED / "anercorp" / "train.txt"
OUT_OF_DOMAIN = {
    "newsfane": SHARED / "newsfane_gold" / "NewsFANE_Gold_2014_170K.clean.conll",
    "aqmar": SHARED / "aqmar" / "aqmar_all_raw.conll",
}
TMP = Path("/tmp") / f"marsad_ner_{int(time.time())}"

Feats = list[list[str]]


# Clitics to attach to a name's first word, by type. ANERcorp has few clitic-attached
# person names (وبوتين), so without these copies the tagger learns that a و- prefix
# means "not a name": the first model missed وبوتين and بالكرملين in plain sentences.
CLITICS = {"PERS": ("و", "و", "ل", "ب", "ف"), "LOC": ("و", "ب", "ل", "وب", "ول", "ف"),
           "ORG": ("و", "ب", "ل", "وب", "ول"), "MISC": ("و", "ب", "ل")}
AUGMENT_SHARE = 0.5


def attach_clitics(tokens: list[str], tags: list[str], rng: random.Random) -> list[str] | None:
    """A copy of ``tokens`` with proclitics attached to some entities' first words
    (ل + الكرملين → للكرملين), or None when nothing was attached."""
    out = list(tokens)
    changed = False
    for i, tag in enumerate(tags):
        word = tokens[i]
        if not tag.startswith("B-") or word[:1] in ("و", "ف") or rng.random() > AUGMENT_SHARE:
            continue
        clitic = rng.choice(CLITICS.get(tag[2:], ("و",)))
        if clitic.endswith("ل") and word.startswith("ال"):
            word = word[1:]  # the article's alef drops after ل
        out[i] = clitic + word
        changed = True
    return out if changed else None


class Data:
    """ANERcorp train with base features and stems computed once, plus for each
    sentence with entities a clitic-augmented copy (``aug``), used only in training."""

    def __init__(self, path: Path):
        sents = read_conll(path)
        res = load_resources()
        rng = random.Random(0)
        self.ys = [y for _, y in sents]
        self.xs = [sent_features(t, res) for t, _ in sents]
        self.stems = [stems(t, res) for t, _ in sents]
        self.tokens = sum(len(y) for y in self.ys)
        self.aug: dict[int, Feats] = {}
        for i, (toks, tags) in enumerate(sents):
            copy = attach_clitics(toks, tags, rng)
            if copy is not None:
                self.aug[i] = sent_features(copy, res)

    def __len__(self) -> int:
        return len(self.ys)


def with_copies(data: Data, idx: list[int], xs: Sequence[Feats], extra: dict[int, Feats]) -> tuple[
        list[Feats], list[list[str]]]:
    """Training features and tags for ``idx``: each sentence, then its augmented copy."""
    out_x: list[Feats] = []
    out_y: list[list[str]] = []
    for i, x in zip(idx, xs, strict=True):
        out_x.append(x)
        out_y.append(data.ys[i])
        if i in extra:
            out_x.append(extra[i])
            out_y.append(data.ys[i])
    return out_x, out_y


def train(xs: Sequence[Feats], ys: Sequence[list[str]], path: Path, args: argparse.Namespace) -> None:
    trainer = pycrfsuite.Trainer(algorithm="ap", verbose=False)
    for x, y in zip(xs, ys, strict=True):
        trainer.append(x, y)
    trainer.set_params({"max_iterations": args.iters, "feature.minfreq": args.minfreq})
    trainer.train(str(path))


def tag(path: Path, xs: Sequence[Feats]) -> list[list[str]]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return [repair_bio(tagger.tag(x)) if x else [] for x in xs]


def blocks(idx: list[int], k: int) -> list[list[int]]:
    return [idx[f * len(idx) // k:(f + 1) * len(idx) // k] for f in range(k)]


def jackknife(data: Data, idx: list[int], k: int, args: argparse.Namespace) -> dict[int, list[str]]:
    """Stage-one tags for ``idx``, each block tagged by a model trained on the others."""
    out: dict[int, list[str]] = {}
    path = TMP.with_suffix(".jk.crf")
    for held in blocks(idx, k):
        hs = set(held)
        rest = [i for i in idx if i not in hs]
        train(*with_copies(data, rest, [data.xs[i] for i in rest], data.aug), path, args)
        out.update(zip(held, tag(path, [data.xs[i] for i in held]), strict=True))
    path.unlink(missing_ok=True)
    return out


def context(data: Data, idx: list[int], s1: dict[int, list[str]]) -> dict[int, Feats]:
    """Stage-two document-context features of the consecutive sentences ``idx``."""
    docf = doc_features([data.stems[i] for i in idx], [s1[i] for i in idx], DOC_WINDOW)
    return dict(zip(idx, docf, strict=True))


def join(x: Feats, ctx: Feats) -> Feats:
    return [a + b for a, b in zip(x, ctx, strict=True)]


def fit(data: Data, idx: list[int], stage1: Path, stage2: Path, args: argparse.Namespace) -> None:
    """Train both stages on the sentences ``idx`` (and their augmented copies).

    A copy shares its original's document context: its stems are the same words.
    """
    s1 = jackknife(data, idx, args.inner, args)
    ctx = context(data, idx, s1)
    aug2 = {i: join(x, ctx[i]) for i, x in data.aug.items() if i in ctx}
    train(*with_copies(data, idx, [join(data.xs[i], ctx[i]) for i in idx], aug2), stage2, args)
    train(*with_copies(data, idx, [data.xs[i] for i in idx], data.aug), stage1, args)


def cross_validate(data: Data, k: int, args: argparse.Namespace) -> tuple[Report, Report]:
    """Micro/per-type reports of stage one alone and of the two-stage tagger."""
    one, two = Report(), Report()
    p1, p2 = TMP.with_suffix(".s1.crf"), TMP.with_suffix(".s2.crf")
    everything = list(range(len(data)))
    for fold, test in enumerate(blocks(everything, k)):
        ts = set(test)
        fit(data, [i for i in everything if i not in ts], p1, p2, args)
        s1 = dict(zip(test, tag(p1, [data.xs[i] for i in test]), strict=True))
        ctx = context(data, test, s1)
        pred = tag(p2, [join(data.xs[i], ctx[i]) for i in test])
        gold = [data.ys[i] for i in test]
        for g, a, b in zip(gold, (s1[i] for i in test), pred, strict=True):
            one.add(g, a)
            two.add(g, b)
        print(f"fold {fold + 1}/{k}: stage one F1 {100 * score(gold, [s1[i] for i in test]).micro.f1:.2f}, "
              f"two stages {100 * score(gold, pred).micro.f1:.2f}", flush=True)
    p1.unlink(missing_ok=True)
    p2.unlink(missing_ok=True)
    return one, two


def main() -> None:
    ap = argparse.ArgumentParser(description="Train marsad's two-stage CRF NER model.")
    ap.add_argument("--cv", type=int, default=0, help="k-fold cross-validation on ANERcorp train first")
    ap.add_argument("--no-save", action="store_true", help="do not write the shipped model")
    ap.add_argument("--iters", type=int, default=10, help="perceptron epochs")
    ap.add_argument("--minfreq", type=float, default=0, help="drop features seen fewer times")
    ap.add_argument("--inner", type=int, default=4, help="jack-knife blocks for stage-two training")
    args = ap.parse_args()

    t0 = time.time()
    data = Data(ANERCORP)
    print(f"ANERcorp train: {len(data)} sentences, {data.tokens} tokens, features in {time.time() - t0:.0f}s",
          flush=True)
    meta: dict[str, object] = {"params": vars(args) | {"doc_window": DOC_WINDOW}}
    if args.cv:
        one, two = cross_validate(data, args.cv, args)
        print(f"\n{args.cv}-fold cross-validation, ANERcorp train (contiguous folds), stage one alone")
        print(format_report(one))
        print(f"\n{args.cv}-fold cross-validation, ANERcorp train (contiguous folds), two stages (shipped)")
        print(format_report(two), flush=True)
        meta["cv"] = {"folds": args.cv, **two.as_dict()}
        meta["cv_stage1"] = one.as_dict()
    if args.no_save:
        return
    out = data_dir()
    everything = list(range(len(data)))
    train(*with_copies(data, everything, [data.xs[i] for i in everything], data.aug), out / STAGE1_FILE, args)
    print(f"\nsaved {out}/{STAGE1_FILE} ({(out / STAGE1_FILE).stat().st_size / 1e6:.1f} MB), "
          f"{time.time() - t0:.0f}s", flush=True)
    model = NerModel(out)  # with the BiLSTM-CRF stage two from scripts/train_ner_neural.py
    for name, gold_path in OUT_OF_DOMAIN.items():
        gold = read_conll(gold_path)
        rep = score([y for _, y in gold], model.tag_sents([t for t, _ in gold]))
        print(f"\n{name} ({gold_path.name}, types mapped to PERS/LOC/ORG/MISC)")
        print(format_report(rep), flush=True)
        meta[name] = rep.as_dict()
    meta.update({"trained": datetime.now(UTC).isoformat(timespec="seconds"),
                 "train_data": "ANERcorp train (CAMeL split), ../shared/ner/anercorp/train.txt",
                 "sentences": len(data), "tokens": data.tokens})
    (out / META_FILE).write_text(json.dumps(meta, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"version {NerModel(out).version}")


if __name__ == "__main__":
    main()
