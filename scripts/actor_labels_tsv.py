"""Turn actor labels of judged news sentences into the offsets-only file the repo keeps.

Annotators code the source and target of each sentence's event (country, CAMEO role) in JSON Lines
naming the sentence by corpus file, line, id, body hash and offsets (see eval/events/README.md);
this keeps those fields and drops the words they copied, so the file holds no article text.

    python scripts/actor_labels_tsv.py LABELS.jsonl [MORE.jsonl ...] --out eval/events/actors_test.tsv
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from marsad.nlp.event_judged import write_actor_labels


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("labels", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--comment", default="")
    args = ap.parse_args()
    labels = [json.loads(ln) for path in args.labels for ln in path.read_text("utf-8").splitlines() if ln.strip()]
    print(f"{args.out}: {write_actor_labels(labels, args.out, args.comment)} labelled sentences")


if __name__ == "__main__":
    main()
