"""Lexical signals for same-story similarity: TF-IDF over light stems, names, numbers.

Embeddings say two articles are about the same *kind* of thing; the words they share
say whether it is the same *thing*. Two attacks in Syria on one day embed close
together, but they name different towns and give different death tolls. So besides
the embedding, the similarity looks at:

* TF-IDF cosine of light stems (:func:`marsad.text.stem.index_terms`: folded, article
  and common affixes stripped), weighted by document frequencies compiled from public
  Arabic news (``scripts/build_story_idf.py`` → ``marsad/data/stories/idf.tsv``);
* names: stems the stemmer protects as names (countries, places, people —
  ``marsad/data/text/stem_protected.txt``) — the fallback for entity overlap when the
  entities stage has not run;
* numbers: the figures an article reports (tolls, counts, ages).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from ..errors import ResourceError
from ..text.stem import index_terms, protected_words

IDF_FILE = Path(__file__).resolve().parents[1] / "data" / "stories" / "idf.tsv"

Vector = dict[str, float]

_ARABIC_OR_LATIN = re.compile(r"[^\W\d_]", re.UNICODE)
_NUMBER = re.compile(r"^\d+$")
# Years and small ordinals are everywhere in news ("2018", "1"); they say nothing
# about which event an article reports.
_MIN_NUMBER, _YEAR_RANGE = 2, range(1900, 2100)


def terms(text: str) -> list[str]:
    """Stems that can carry meaning: words of two letters or more, and numbers."""
    return [t for t in index_terms(text) if len(t) >= 2 or t.isdigit()]


class Idf:
    """Inverse document frequency of stems, from the compiled table."""

    def __init__(self, n_docs: int, df: Mapping[str, int]):
        self.n_docs = n_docs
        self.df = df
        # A stem too rare to be in the table counts as seen once.
        self.max_idf = math.log((n_docs + 1) / 2) + 1.0

    def __call__(self, term: str) -> float:
        d = self.df.get(term)
        if d is None:
            return self.max_idf
        return math.log((self.n_docs + 1) / (d + 1)) + 1.0

    @classmethod
    def from_file(cls, path: Path = IDF_FILE) -> Idf:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ResourceError(f"{path} is missing: run scripts/build_story_idf.py") from exc
        if not lines or not lines[0].startswith("#N\t"):
            raise ResourceError(f"{path}: first line must be '#N<TAB>documents'")
        df: dict[str, int] = {}
        for line in lines[1:]:
            term, _, count = line.partition("\t")
            if term and count.isdigit():
                df[term] = int(count)
        return cls(int(lines[0].split("\t")[1]), df)


@lru_cache(maxsize=1)
def default_idf() -> Idf:
    return Idf.from_file()


def tfidf(tokens: Iterable[str], idf: Idf) -> Vector:
    """L2-normalised sublinear TF-IDF vector (a dict: the vocabulary is open)."""
    counts = Counter(tokens)
    vec = {t: (1.0 + math.log(c)) * idf(t) for t, c in counts.items()}
    norm = math.sqrt(sum(w * w for w in vec.values()))
    if norm == 0.0:
        return {}
    return {t: w / norm for t, w in vec.items()}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def names(tokens: Iterable[str]) -> frozenset[str]:
    """Stems that are known names (the stemmer's protected list)."""
    protected = protected_words()
    return frozenset(t for t in tokens if t in protected and _ARABIC_OR_LATIN.search(t))


def numbers(tokens: Iterable[str]) -> frozenset[str]:
    """Figures reported in the text, without years and single digits."""
    out = set()
    for t in tokens:
        if _NUMBER.match(t):
            v = int(t)
            if v >= _MIN_NUMBER and v not in _YEAR_RANGE:
                out.add(t)
    return frozenset(out)


def weighted_overlap(a: frozenset[str], b: frozenset[str], idf: Idf) -> float:
    """IDF-weighted Jaccard: sharing "كورسك" counts more than sharing "روسيا"."""
    if not a or not b:
        return 0.0
    inter = sum(idf(t) for t in a & b)
    union = sum(idf(t) for t in a | b)
    return inter / union if union else 0.0
