"""Build ``marsad/data/kb/first_names.txt``: matching keys of words that begin people's names.

    python scripts/build_first_names.py [--shared ../shared]

The entities stage reads it to tell a conjunction glued to a name (وحسن الخطيب: و + حسن) from a
name that begins with و (وليد، وائل، وفاء). Sources:

- ``ner/anergazet/ANERGazet_Pers.txt`` (Benajiba 2007, research use): person-name words, one a
  line, written without clitics; its و-names (وليد، وفاء، وداد) are names.
- ``ner/anercorp/train.txt`` (CC BY-SA 4.0): tokens tagged B-PERS, the first word of a person
  as news writes it. ANERcorp does not split clitics, so "وحسن" is tagged B-PERS too: a word it
  alone gives that is و + another name of the list is dropped (وحسن, واحمد), and one whose rest
  is no name is kept (وائل).
- ``marsad/data/kb/first_names_curated.txt`` (marsad team): و-names whose rest is also a name
  (وسام / سام), which neither source lists.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.nlp.kb import KB_DIR, fold_word, read_lines  # noqa: E402

HEADER = (
    "# built by scripts/build_first_names.py from ANERGazet_Pers (Benajiba 2007, research use),\n"
    "# ANERcorp train B-PERS tokens (CC BY-SA 4.0) and first_names_curated.txt (marsad team):\n"
    "# matching keys (kb.fold_word); do not edit\n"
)


def first_name_keys(shared: Path) -> list[str]:
    gazetteer = {fold_word(w) for w in read_lines(shared / "ner" / "anergazet" / "ANERGazet_Pers.txt")}
    tagged: dict[str, str] = {}  # key -> a word as tagged
    for line in (shared / "ner" / "anercorp" / "train.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1] == "B-PERS":
            tagged.setdefault(fold_word(parts[0]), parts[0])
    curated = {fold_word(w) for w in read_lines(KB_DIR / "first_names_curated.txt")}
    names = gazetteer | tagged.keys() | curated
    glued = {
        k
        for k, word in tagged.items()
        if k not in gazetteer | curated and word.startswith("و") and fold_word(word[1:]) in names
    }
    return sorted(k for k in names - glued if len(k) >= 2)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    keys = first_name_keys(args.shared)
    (KB_DIR / "first_names.txt").write_text(HEADER + "\n".join(keys) + "\n", encoding="utf-8")
    print(f"first_names.txt: {len(keys)} keys")


if __name__ == "__main__":
    main()
