"""Compile ``marsad/data/stories/idf.tsv``: document frequencies of light stems.

Run from the repo root: ``python scripts/build_story_idf.py``.

The same-story similarity weighs shared words by how rare they are in news (TF-IDF):
two reports sharing "كورسك" and "بيونغ" are far likelier one story than two sharing
"قال" and "الرئيس". The weights must exist before the first article is seen — for the
``marsad similarity`` command there is no archive at all — so they are compiled once
from a public Arabic news corpus read at ../shared/corpus (never copied):

* ANT multisource v2.1 (Apache-2.0; Chouigui et al.): 30k articles, five outlets, 2018.

SaudiNewsNet (a second region and period) would broaden the counts, but its licence
(CC BY-NC-SA 4.0) does not sit with an Apache-2.0 package, so it is left out. The
table holds counts of stems only, no text.

Only stems seen in at least ``MIN_DF`` documents are kept (rarer ones get the
maximum weight at run time). Output: a ``#N\t<docs>`` header, then ``stem\tdf`` lines
sorted by stem, so a rebuild gives the same bytes.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.stories.lexical import IDF_FILE, terms  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
SOURCES = ((SHARED / "ant_multisource_v2.1.jsonl.gz", ("title", "text")),)
MIN_DF = 3


def documents() -> Iterator[str]:
    for path, fields in SOURCES:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                yield "\n".join(str(rec.get(f) or "") for f in fields)


def main() -> None:
    df: Counter[str] = Counter()
    n = 0
    for text in documents():
        df.update(set(terms(text)))
        n += 1
    IDF_FILE.parent.mkdir(parents=True, exist_ok=True)
    with IDF_FILE.open("w", encoding="utf-8") as out:
        out.write(f"#N\t{n}\n")
        for term in sorted(t for t, c in df.items() if c >= MIN_DF):
            out.write(f"{term}\t{df[term]}\n")
    kept = sum(1 for c in df.values() if c >= MIN_DF)
    print(f"{n} documents, {len(df)} stems, {kept} kept (df >= {MIN_DF}) -> {IDF_FILE}")


if __name__ == "__main__":
    main()
