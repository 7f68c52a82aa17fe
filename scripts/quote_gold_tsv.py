"""Turn quote (or claim) labels of ../shared/corpus articles into the offsets-only gold the repo keeps.

Annotators label in the ``../shared/quotes/dev.jsonl`` shape, with the speaker's offset
(``speaker_start``) and without the article text, one line per article naming it by ``corpus``,
``line``, ``id`` and ``sha1``. This checks every label against the corpus body and writes
``eval/quotes/*.tsv`` (format: :mod:`marsad.nlp.quote_judged`), which holds no article text.

    python scripts/quote_gold_tsv.py LABELS.jsonl [MORE.jsonl ...] --out eval/quotes/news_test.tsv \
        --comment "seed 20261286, labelled blind 2026-12-02"
    python scripts/quote_gold_tsv.py CLAIMS.jsonl --claims --out eval/claims/news_test.tsv
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from marsad.nlp.event_judged import JudgedArticle, load_bodies
from marsad.nlp.quote_judged import as_quote_labels, write_judged_quotes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("labels", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    ap.add_argument("--comment", default="")
    ap.add_argument("--claims", action="store_true", help="the labels are claims (claim, source, source_start)")
    args = ap.parse_args()
    articles = [json.loads(ln) for path in args.labels for ln in path.read_text("utf-8").splitlines() if ln.strip()]
    if args.claims:
        articles = [as_quote_labels(a) for a in articles]
    items = [JudgedArticle(a["corpus"], a["line"], a["id"], a["sha1"], "quotes", ()) for a in articles]
    bodies = load_bodies(items, args.corpus)
    by_id = {a["id"]: bodies[(a["corpus"], a["line"])] for a in articles}
    n = write_judged_quotes(articles, by_id, args.out, args.comment)
    print(f"{args.out}: {len(articles)} articles, {n} labelled spans")


if __name__ == "__main__":
    main()
