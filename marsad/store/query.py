"""Search queries and highlighted snippets, shared by every store backend.

A query is folded and light-stemmed exactly like the indexed text
(:func:`marsad.text.stem.index_terms`), so أميركا finds امريكا, ة finds ه, a
vowelled word finds the bare one, and روسيا finds لروسيا and بروسيا.

Query syntax, kept small on purpose:

* words — every word must match (its stem, in title or body);
* ``"two words"`` — a phrase: the stems in that order;
* ``word*`` — a prefix of the stem: كوري* (stem كور) finds كوريا, الكورية and كوري.

Without quotes, a multi-word query also adds the words as a phrase alternative, which
changes no result but ranks articles with the exact phrase higher (bm25 sums over the
phrases matched). Nisba adjectives are not conflated with their country (الكورية is
not كوريا): that is the entity linker's job, and lexical search stays predictable.

Snippets are cut from the *display* text, never from folded text (see
:class:`Highlighter`). Every character of a snippet is HTML-escaped; the only
markup is ``<mark>`` around matched words.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..text.normalize import normalize
from ..text.stem import spelling_variants, stem

SNIPPET_CHARS = 240  # about two lines of the result list
CONTEXT_BEFORE = 60  # characters shown before the first match in a snippet
SNIPPET_SCAN = 200_000  # a snippet comes from the first 200k characters: a 50 MB page stays fast
_WORD = re.compile(r"\w+")
_QUERY_PART = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Term:
    stem: str
    prefix: bool = False

    def matches(self, word_stem: str) -> bool:
        return word_stem.startswith(self.stem) if self.prefix else word_stem == self.stem


@dataclass(frozen=True)
class ParsedQuery:
    """Groups that must all match; a group of several terms is a phrase."""

    groups: tuple[tuple[Term, ...], ...] = ()
    quoted: bool = False
    terms: tuple[Term, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", tuple(dict.fromkeys(t for g in self.groups for t in g)))

    def __bool__(self) -> bool:
        return bool(self.groups)

    def required(self, common: frozenset[str] = frozenset()) -> tuple[tuple[Term, ...], ...]:
        """The groups left once single words in ``common`` (stems in half the articles or more) go."""
        return tuple(g for g in self.groups if not (len(g) == 1 and not g[0].prefix and g[0].stem in common))

    def plan(self, common: frozenset[str] = frozenset()) -> tuple[tuple[tuple[Term, ...], ...], tuple[Term, ...] | None]:
        """(phrases that must all match, the phrase-bonus phrase or None): the one matching
        plan every backend renders (:meth:`fts5`; the PostgreSQL adapter its tsquery) and ranks (bm25 sums over
        these phrases, the bonus included).

        Words in ``common`` are not required: FTS5's bm25 gives a term found in half the
        rows or more an idf of ~0, so they cannot change the ranking, only shrink the
        results and slow the query (على, في). If every word is common, all are required."""
        groups = self.required(common) or self.groups
        flat = tuple(t for g in self.groups for t in g)
        # the phrase bonus is skipped with a common word: ranking the phrase would scan its long postings
        bonus = not self.quoted and len(flat) > 1 and not any(t.prefix or t.stem in common for t in flat)
        return groups, flat if bonus else None

    def phrases(self, common: frozenset[str] = frozenset()) -> tuple[tuple[Term, ...], ...]:
        """Every phrase of the match expression, in order, as bm25 scores them."""
        groups, bonus = self.plan(common)
        return (*groups, bonus) if bonus else groups

    def fts5(self, common: frozenset[str] = frozenset()) -> str:
        """The FTS5 MATCH expression (terms are ``\\w+`` stems, quoted, so no syntax can leak in)."""
        groups, bonus = self.plan(common)
        expr = " AND ".join(_fts5_phrase(g) for g in groups)
        return f"({expr}) OR {_fts5_phrase(bonus)}" if bonus else expr


def _fts5_phrase(group: tuple[Term, ...]) -> str:
    star = "*" if group[-1].prefix else ""
    return '"' + " ".join(t.stem for t in group) + '"' + star


def parse_query(text: str) -> ParsedQuery:
    """Words, ``"phrases"`` (any quote marks: «…», “…”) and ``prefix*`` terms; other
    punctuation is ignored. A prefix is a prefix of the stem: كوري* is كور*."""
    groups: list[tuple[Term, ...]] = []
    quoted = False
    for m in _QUERY_PART.finditer(normalize(text)):  # folding turns every quote mark into "
        phrase, word = m.group(1), m.group(2)
        if phrase is not None:
            quoted = True
            terms = tuple(Term(stem(w)) for w in _WORD.findall(phrase))
        else:
            prefix = word.endswith("*")
            words = _WORD.findall(word)
            terms = tuple(Term(stem(w), prefix and i == len(words) - 1) for i, w in enumerate(words))
        if terms:
            groups.append(terms)
    return ParsedQuery(tuple(groups), quoted)


# --- highlighting -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _folding_classes() -> tuple[dict[str, str], str]:
    """For each folded character, a regex class of the display characters that fold to it
    (ا: [اأإآٱ], ه: [هة], 1: [1١۱]), and the class of characters folding drops (diacritics,
    tatweel, zero-width marks). Derived from :func:`normalize` itself, so it cannot drift."""
    inverse: dict[str, list[str]] = {}
    dropped: list[str] = []
    for cp in range(0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        folded = normalize(ch)
        if folded == "":
            dropped.append(ch)
        elif len(folded) == 1:
            inverse.setdefault(folded, []).append(ch)
    classes = {f: "[" + "".join(re.escape(c) for c in cs) + "]" for f, cs in inverse.items() if len(cs) > 1}
    return classes, "".join(dropped)


def _display_pattern(stem_: str) -> str:
    """A regex for ``stem_`` as it may be written in display text: any spelling that folds
    to it, with diacritics or tatweel between its letters."""
    classes, dropped = _folding_classes()
    return f"[{re.escape(dropped)}]*".join(classes.get(ch, re.escape(ch)) for ch in stem_)


def _spellings(stem_: str) -> set[str]:
    """``stem_`` and the folded spellings the stemmer rewrote into it (اميرك for امريك)."""
    out = {stem_}
    for variant, canonical in spelling_variants():
        if canonical in stem_:
            out.add(stem_.replace(canonical, variant))
    return out


class Highlighter:
    """Finds the words of a display text that match a query, and renders them HTML-safe.

    It matches on the display text itself, with patterns that accept every spelling
    folding would join (see :func:`_display_pattern`), and confirms each candidate word
    by folding and stemming just that word, as the index did. That is the same answer as
    matching on ``normalize(text)`` and mapping offsets back with
    :func:`marsad.text.normalize.normalize_keep_offsets` (the tests check both agree), at regex speed: folding
    whole bodies cost ~0.5 ms each, most of a search's time on 20 ANT hits."""

    def __init__(self, query: ParsedQuery):
        self.terms = query.terms
        alts = sorted(
            {_display_pattern(f) for t in self.terms for f in _spellings(t.stem)}, key=len, reverse=True
        )
        self._dropped = frozenset(_folding_classes()[1])
        word = rf"[\w{re.escape(_folding_classes()[1])}]"
        # a whole display word that contains a stem; the stem check then confirms it
        self._pattern = re.compile(rf"(?<!{word}){word}*?(?:{'|'.join(alts)}){word}*") if alts else None

    def spans(self, text: str) -> list[tuple[int, int, int]]:
        """(start, end, term index) of matched words, as offsets into ``text`` (display)."""
        if self._pattern is None or not text:
            return []
        out = []
        for m in self._pattern.finditer(text):
            word_stem = stem(normalize(m.group()))
            for i, term in enumerate(self.terms):
                if term.matches(word_stem):
                    start = m.start()
                    while text[start] in self._dropped:  # a mark opens on a letter, as the folded word does
                        start += 1
                    out.append((start, m.end(), i))
                    break
        return out

    def highlight(self, text: str) -> str:
        """All of ``text``, escaped, with every match marked (for headlines)."""
        return _render(text, 0, len(text), self.spans(text))

    def snippet(self, text: str, width: int = SNIPPET_CHARS) -> str:
        """The ``width``-character passage of ``text`` with the most distinct matched terms
        (looked for in the first :data:`SNIPPET_SCAN` characters)."""
        spans = self.spans(text[:SNIPPET_SCAN])
        start = _best_window(spans, width) if spans else 0
        start = _word_start(text, start)
        end = _word_end(text, min(len(text), start + width))
        shown = [sp for sp in spans if sp[0] >= start and sp[1] <= end]
        out = _render(text, start, end, shown)
        return ("… " if start > 0 else "") + out + (" …" if end < len(text) else "")


def _best_window(spans: list[tuple[int, int, int]], width: int) -> int:
    """Start of the window with the most distinct terms (then the most matches); one pass."""
    best, best_key = 0, (-1, -1)
    counts: Counter[int] = Counter()
    lo = hi = 0  # the window holds spans[lo:hi]
    for i, (s, _, _) in enumerate(spans):
        ws = max(0, s - CONTEXT_BEFORE)
        for k in range(lo, min(i, hi)):
            counts[spans[k][2]] -= 1
            if not counts[spans[k][2]]:
                del counts[spans[k][2]]
        lo, hi = i, max(hi, i)
        while hi < len(spans) and spans[hi][1] <= ws + width:
            counts[spans[hi][2]] += 1
            hi += 1
        key = (len(counts), hi - lo)
        if key > best_key:
            best, best_key = ws, key
    return best


def _word_start(text: str, i: int) -> int:
    """Move ``i`` back to the start of the word it falls in (at most 20 characters)."""
    j = i
    while j > 0 and i - j < 20 and not text[j - 1].isspace():
        j -= 1
    return j if j == 0 or text[j - 1].isspace() else i


def _word_end(text: str, i: int) -> int:
    """Move ``i`` back to the end of the last whole word before it."""
    if i >= len(text):
        return len(text)
    j = i
    while j > 0 and not text[j].isspace() and i - j < 20:
        j -= 1
    return j if text[j].isspace() else i


def _render(text: str, start: int, end: int, spans: list[tuple[int, int, int]]) -> str:
    parts: list[str] = []
    pos = start
    for s, e, _ in sorted(spans):
        if s < pos:
            continue
        parts.append(_esc(text[pos:s]))
        parts.append("<mark>" + _esc(text[s:e]) + "</mark>")
        pos = e
    parts.append(_esc(text[pos:end]))
    return "".join(parts)


def _esc(s: str) -> str:
    return html.escape(s.replace("\n", " "), quote=True)
