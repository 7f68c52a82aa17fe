"""Train the actor ranker (marsad/data/events/actor_ranker.tsv) and print what it is worth.

    python scripts/train_actor_ranker.py [--shared ../shared] [--spans eval/events/actors_train.tsv]

Rows: the OEDA span files of ../shared/events/oeda_dev and our news actor spans
(eval/events/actors_train.tsv); never actors_dev.tsv or actors_test.tsv, which measure the result
(``marsad eval events eval/events/actors_dev.tsv``). Prints, per side, the clause rules' accuracy
on these rows and the ranker's nested cross-validated accuracy (folds grouped by article), then
fits on every row with the L2 and threshold that cross-validation picks. About a minute.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.nlp.event_ranker import RANKER_PATH, SIDES  # noqa: E402
from marsad.nlp.event_training import fit_logistic  # noqa: E402
from marsad.nlp.ranker_training import (  # noqa: E402
    choose,
    load_examples,
    nested_accuracy,
    right,
    rule_accuracy,
    side_rows,
)
from marsad.pipeline import build  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--spans", type=Path, default=ROOT / "eval/events/actors_train.tsv")
    ap.add_argument("--out", type=Path, default=RANKER_PATH)
    ap.add_argument("--dry-run", action="store_true", help="measure only; leave the weights as they are")
    args = ap.parse_args()
    # Rows are built from the entities the run-time pipeline sees; the events themselves are
    # recomputed with the rules' actors (actor_contexts), so no events stage is needed here.
    pipe = build(["entities"])
    spans = args.spans if args.spans.is_file() else None
    examples = load_examples(args.shared / "events/oeda_dev", spans, args.shared / "corpus", pipe)
    news = [ex for ex in examples if ":" in ex.group]  # news groups are corpus:line, OEDA's document ids
    print(f"{len(examples)} events ({len(news)} from news spans), {sum(len(ex.feats) for ex in examples)} chunks")
    rows = [f"# built by scripts/train_actor_ranker.py from {len(examples)} labelled events; do not edit", "# type\tfeature\tweight"]
    for side in SIDES:
        nested, choices = nested_accuracy(examples, side)
        oracle = sum(side not in ex.unreachable for ex in examples) / max(len(examples), 1)
        parts = []
        for origin, is_news in (("OEDA", False), ("news", True)):
            part = [(ex, c) for ex, c in zip(examples, choices, strict=True) if (":" in ex.group) == is_news]
            rule = sum(right(ex, side, ex.rule[side]) for ex, _ in part) / max(len(part), 1)
            ranked = sum(right(ex, side, c) for ex, c in part) / max(len(part), 1)
            parts.append(f"{origin} rows: rules {rule:.3f}, ranker {ranked:.3f}")
        print(
            f"{side}: rules {rule_accuracy(examples, side):.3f}, ranker nested CV {nested:.3f} "
            f"({'; '.join(parts)}); oracle {oracle:.3f}"
        )
        l2, threshold, _ = choose(examples, side)
        feats, labels, _ = side_rows(examples, side)
        model = fit_logistic(feats, labels, l2)
        rows += [f"{side}\t__bias__\t{model.bias}", f"{side}\t__threshold__\t{threshold}", f"{side}\t__l2__\t{l2}"]
        rows += [f"{side}\t__cv_accuracy__\t{nested:.3f}", f"{side}\t__cv_rules__\t{rule_accuracy(examples, side):.3f}"]
        rows += [f"{side}\t{f}\t{w}" for f, w in sorted(model.weights.items())]
    if not args.dry_run:
        args.out.write_text("\n".join(rows) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
