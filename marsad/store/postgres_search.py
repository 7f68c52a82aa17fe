"""The search index of the PostgreSQL adapter (:mod:`marsad.store.postgres`): building an
article's ``tsvector``, keeping the term statistics bm25 needs, and ranking matches.

Separate from the adapter because it is one self-contained job with its own reasons and
limits, the part that must stay in step with SQLite's FTS5 rather than with the schema or the
write path: the adapter calls :func:`index_article` when it writes, :class:`SearchDelta` to
keep the counts, and :func:`search_ranked` when it ranks; nothing here holds a connection.

Search keeps SQLite's query language and ranking. The index is a ``tsvector`` built here
from the very tokens FTS5 indexes (:func:`marsad.text.stem.index_terms`, re-split as
unicode61 does: :func:`marsad.store.rows.fts_tokens`), passed as a quoted literal so no
PostgreSQL parser or dictionary re-tokenises them; headline positions carry weight A and
come first, body positions follow after a gap (a phrase never spans the two). It lives in
the narrow ``article_terms`` table with copies of the filter columns, under a GIN index.
Matches are ranked by FTS5's own bm25 (k1 1.2, b 0.75, headline weight 8, idf per phrase,
the unquoted-phrase bonus): each phrase's weighted frequency comes from ``ts_rank_cd``,
document frequencies from ``search_terms`` (FTS5's ``fts5vocab``), row and token counts
from ``search_totals``; very common words are handled as in SQLite (:mod:`marsad.store.rows`).
Limits of ``tsvector`` that SQLite lacks: a lexeme keeps at most 256 positions, positions
stop at 16,383 (a phrase is found only in a body's first ~16k words) and a document's
index at ~1 MB (a longer one is indexed from its start).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..text.stem import index_terms
from .base import SearchQuery
from .query import ParsedQuery, Term
from .rows import RESPLIT, TITLE_WEIGHT, fts_tokens

if TYPE_CHECKING:
    from .postgres import Con

# FTS5's bm25 constants (fts5_aux.c), so both backends rank alike.
K1, B = 1.2, 0.75
# tsvector limits (PostgreSQL's tsearch docs): positions 1..16383, 256 kept per lexeme,
# lexemes under 2 KiB, a whole value under 1 MiB. TSV_BUDGET leaves room for the header.
MAX_POS, MAX_POSITIONS, MAX_LEXEME_BYTES, TSV_BUDGET = 16383, 256, 2046, 1_000_000


# --- the search index of one article ---------------------------------------------------------


@dataclass
class Indexed:
    literal: str  # tsvector input text
    lexemes: frozenset[str]
    tokens: int  # headline and body tokens (bm25's |D|)


def index_article(title: str, body: str) -> Indexed:
    """The ``tsvector`` of a headline and body: every stem with its positions (headline
    first, weight A; body after a one-position gap), within tsvector's limits."""
    t, b = _tokens(title), _tokens(body)
    positions: dict[str, list[int]] = {}
    for i, term in enumerate(t):
        positions.setdefault(term, []).append(i + 1)
    title_end = len(t)
    for i, term in enumerate(b, start=title_end + 2):
        positions.setdefault(term, []).append(i)
    parts: list[str] = []
    kept: list[str] = []
    size = 0
    for lex, ps in positions.items():  # in order of first occurrence: a cut keeps the start
        if len(ps) > MAX_POSITIONS or ps[-1] > MAX_POS:
            ps = sorted({min(p, MAX_POS) for p in ps})[:MAX_POSITIONS]
        nbytes = len(lex.encode())
        cost = nbytes + 8 + 2 * len(ps)  # entry, lexeme, position count and positions
        if nbytes > MAX_LEXEME_BYTES or size + cost > TSV_BUDGET:
            continue
        size += cost
        kept.append(lex)
        if ps[0] > title_end:  # body only, most lexemes: no weight marks to add
            where = ",".join(map(str, ps))
        else:
            where = ",".join(f"{p}A" if p <= title_end else str(p) for p in ps)
        parts.append(f"{lexeme_literal(lex)}:{where}")
    return Indexed(" ".join(parts), frozenset(kept), len(t) + len(b))


def _tokens(text: str) -> list[str]:
    stems = index_terms(text)
    if not RESPLIT.search(" ".join(stems)):  # nearly always: no "_" and no Latin diacritics
        return stems
    return [tok for stem in stems for tok in fts_tokens(stem)]


def lexeme_literal(lexeme: str) -> str:
    """A quoted lexeme for tsvector/tsquery input (quotes and backslashes doubled)."""
    if "'" in lexeme or "\\" in lexeme:
        lexeme = lexeme.replace("\\", "\\\\").replace("'", "''")
    return f"'{lexeme}'"


def token_phrase(group: tuple[Term, ...]) -> tuple[Term, ...]:
    """A query phrase as the index's tokens (see :func:`marsad.store.rows.fts_tokens`); a
    prefix term's last token keeps the prefix."""
    out: list[Term] = []
    for t in group:
        toks = fts_tokens(t.stem)
        out += [Term(tok) for tok in toks[:-1]]
        if toks:
            out.append(Term(toks[-1], t.prefix))
    return tuple(out)


def tsquery_phrase(phrase: tuple[Term, ...]) -> str:
    """One phrase as tsquery text: ``('كوريا' <-> 'شمال')``, a prefix as ``'كور':*``."""
    return "(" + " <-> ".join(lexeme_literal(t.stem) + (":*" if t.prefix else "") for t in phrase) + ")"


def tsquery(phrases: Iterable[tuple[Term, ...]]) -> str:
    """Every phrase required. The literal is cast with ``::tsquery``: no text-search parser
    or dictionary touches the lexemes, so they stay exactly the indexed tokens."""
    return " & ".join(tsquery_phrase(p) for p in phrases)


# --- term statistics (FTS5 keeps these itself) ------------------------------------------------


@dataclass
class SearchDelta:
    """Changes a batch makes to ``search_terms`` and ``search_totals``."""

    terms: Counter[str] = field(default_factory=Counter)
    docs: int = 0
    tokens: int = 0

    def add(self, lexemes: Iterable[str], tokens: int, sign: int = 1) -> None:
        for lex in lexemes:
            self.terms[lex] += sign
        self.docs += sign
        self.tokens += sign * tokens

    def apply(self, con: Con) -> None:
        changed = sorted((t, n) for t, n in self.terms.items() if n)
        if changed:
            con.execute(
                "INSERT INTO search_terms (term, docs) SELECT * FROM unnest(%s::text[], %s::int[])"
                " ON CONFLICT (term) DO UPDATE SET docs = search_terms.docs + excluded.docs",
                ([t for t, _ in changed], [n for _, n in changed]),
            )
            gone = [t for t, n in changed if n < 0]
            if gone:
                con.execute("DELETE FROM search_terms WHERE term = ANY(%s) AND docs <= 0", (gone,))
        if self.docs or self.tokens:
            con.execute(
                "UPDATE search_totals SET docs = docs + %s, terms = terms + %s", (self.docs, self.tokens)
            )


def merge_pending(con: Con) -> None:
    """Move the GIN index's pending list (fastupdate) into the index now. Until autovacuum
    merges it, every search scans the list linearly: right after a 5k-article ingest,
    headline queries took p50 61 ms / p95 129 ms, and 13 / 31 ms once merged."""
    con.execute("SELECT gin_clean_pending_list('article_terms_terms'::regclass)")


# --- ranking ------------------------------------------------------------------------------------

_RANK_WEIGHTS = f"'{{{1 / TITLE_WEIGHT},0,0,1}}'"  # ts_rank_cd weights {D, C, B, A}


def doc_freqs(con: Con, parsed: ParsedQuery) -> dict[str, int]:
    """Document frequency (search_terms) of each unprefixed query stem; 0 when unindexed."""
    stems = list(dict.fromkeys(t.stem for t in parsed.terms if not t.prefix))
    if not stems:
        return {}
    found: dict[str, int] = dict(con.execute("SELECT term, docs FROM search_terms WHERE term = ANY(%s)", (stems,)).fetchall())
    return {s: int(found.get(s, 0)) for s in stems}


def search_ranked(
    con: Con, required: list[tuple[Term, ...]], phrases: list[tuple[Term, ...]], df: dict[str, int],
    cond: str, params: list[Any], query: SearchQuery, total: int, tokens: int,
) -> list[tuple[int, float, datetime | None]]:  # fmt: skip
    """Every match, scored here by FTS5's bm25. A phrase's weighted frequency f in a row
    (title instances x TITLE_WEIGHT + body instances) is ``ts_rank_cd`` with weights
    {D: 1/TITLE_WEIGHT, A: 1} and no normalisation, times TITLE_WEIGHT: for one phrase,
    cover density sums the weights of its instances (checked against counting the
    positions one by one; tests compare the scores with SQLite's)."""
    ranks = ", ".join(f"ts_rank_cd({_RANK_WEIGHTS}, t.terms, %s::tsquery, 0)" for _ in phrases)
    matches = con.execute(
        f"SELECT t.num, t.published, t.tokens, {ranks} FROM article_terms t WHERE t.terms @@ %s::tsquery{cond}",
        (*(tsquery_phrase(p) for p in phrases), tsquery(required), *params),
    ).fetchall()
    idfs = [_idf(total, _phrase_hits(con, p, df)) for p in phrases]
    avgdl = (tokens / total if total else 1.0) or 1.0
    scored = []
    for num, published, length, *fs in matches:
        r = -_bm25([f * TITLE_WEIGHT for f in fs], length, idfs, avgdl)
        scored.append((num, r, published))
    scored.sort(key=lambda s: (_round2(s[1]), s[2] is None, -(s[2].timestamp() if s[2] else 0), -s[0]))
    return scored[query.offset : query.offset + query.limit]


def _phrase_hits(con: Con, phrase: tuple[Term, ...], df: dict[str, int]) -> int:
    """Rows matching the phrase anywhere (bm25's n(q)): a word's from search_terms, else counted."""
    if len(phrase) == 1 and not phrase[0].prefix:
        return df.get(phrase[0].stem, 0)
    row = con.execute("SELECT count(*) FROM article_terms WHERE terms @@ %s::tsquery", (tsquery_phrase(phrase),))
    return int((row.fetchone() or (0,))[0])


def _idf(total: int, hits: int) -> float:
    """FTS5's idf: log((N - n + 0.5) / (n + 0.5)), floored at 1e-6."""
    idf = math.log((total - hits + 0.5) / (hits + 0.5)) if total else 0.0
    return idf if idf > 0 else 1e-6


def _bm25(fs: Sequence[float], length: int, idfs: Sequence[float], avgdl: float) -> float:
    """FTS5's bm25 of one row from each phrase's weighted frequency f:
    the sum of idf * f (k1 + 1) / (f + k1 (1 - b + b |D| / avgdl))."""
    norm = K1 * (1 - B + B * length / avgdl)
    return sum(idf * (f * (K1 + 1)) / (f + norm) for f, idf in zip(fs, idfs, strict=True))


def _round2(x: float) -> float:
    """SQLite's round(x, 2): half away from zero, so near-ties group as they do there."""
    return math.copysign(math.floor(abs(x) * 100 + 0.5) / 100, x)
