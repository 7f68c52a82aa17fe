"""Token features for the CRF named-entity tagger.

One function, :func:`sent_features`, is used by training (``scripts/train_ner.py``)
and by tagging (:mod:`marsad.nlp.ner`), so the two cannot drift apart.

What a token contributes (all on the matching form from
:func:`marsad.text.normalize.normalize`, diacritics dropped):

* its form, prefixes and suffixes, shape and length;
* its *stem* with attached clitics stripped (و ف, then ب ل ك, and ``لل`` = ل + ال),
  and its *bare* form without ``ال``. A clitic is stripped only when the rest is a
  more frequent word in the unlabelled corpus than the whole token, so وبوتين →
  بوتين and بالكرملين → الكرملين, but بوتين and لبنان stay whole. This is what keeps
  clitic-attached names recognisable;
* distributional word clusters at three granularities (``clusters.tsv``, k-means over
  PPMI-SVD vectors of ~25M tokens of news) for the form, or else for the stem;
* gazetteer membership (``gazetteer.tsv``: ANERGazet, CLDR territory names,
  geonames Arabic city names) of the form, stem or bare form, and of multi-word
  names matched across tokens;
* the same, in smaller amounts, for neighbours in a ±2 window.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..errors import ResourceError
from ..text.normalize import normalize

_DIACRITIC = re.compile(r"[\u064B-\u065F\u0670\u0640]")
_EDGE_PUNCT = re.compile(r"^[^\w]+|[^\w]+$")
_ARABIC = re.compile(r"[\u0621-\u064A]")
_LATIN = re.compile(r"[A-Za-z]")
_DIGIT = re.compile(r"\d")
MAX_GAZ_WORDS = 5
_UNKNOWN_RANK = 10**9


@dataclass(frozen=True)
class Resources:
    """The feature tables: word -> (rank, cluster ids), and name -> entity types."""

    clusters: dict[str, tuple[int, tuple[str, ...]]]
    gazetteer: dict[str, frozenset[str]]

    def rank(self, word: str) -> int:
        hit = self.clusters.get(word)
        return hit[0] if hit else _UNKNOWN_RANK


def _read_table(name: str) -> list[list[str]]:
    try:
        text = resources.files("marsad").joinpath(f"data/ner/{name}").read_text(encoding="utf-8")
    except OSError as e:
        raise ResourceError(
            f"NER feature table data/ner/{name} is missing ({e}); "
            "rebuild it with: python scripts/build_ner_resources.py"
        ) from e
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def load_resources() -> Resources:
    clusters = {row[0]: (rank, tuple(row[1:])) for rank, row in enumerate(_read_table("clusters.tsv"))}
    gaz: dict[str, set[str]] = {}
    for row in _read_table("gazetteer.tsv"):
        gaz.setdefault(row[0], set()).add(row[1])
    return Resources(clusters, {k: frozenset(v) for k, v in gaz.items()})


def match_form(token: str) -> str:
    """The matching form of a token: normalised, no diacritics, edge punctuation off
    (ANERcorp has tokens like ``(د``) unless the token is all punctuation."""
    form = _DIACRITIC.sub("", normalize(token))
    core = _EDGE_PUNCT.sub("", form)
    return core or form


def strip_clitics(form: str, res: Resources) -> tuple[str, str, str]:
    """``(stem, bare, clitics)``: form without و/ف and ب/ل/ك proclitics, the stem
    without ``ال``, and the stripped proclitics (``""`` when none)."""
    stem, clitics = form, ""
    if len(stem) > 3 and stem[0] in "وف" and res.rank(stem[1:]) < res.rank(stem):
        clitics, stem = stem[0], stem[1:]
    if len(stem) > 3 and stem[0] in "بلك":
        rest = "ال" + stem[2:] if stem.startswith("لل") else stem[1:]
        if res.rank(rest) < res.rank(stem):
            clitics, stem = clitics + stem[0], rest
    bare = stem[2:] if stem.startswith("ال") and len(stem) > 4 else stem
    return stem, bare, clitics


def _shape(token: str) -> str:
    if _ARABIC.search(token):
        return "ar"
    if _LATIN.search(token):
        return "Lu" if token[:1].isupper() else "la"
    if _DIGIT.search(token):
        return "d"
    return "p"


@dataclass
class Tok:
    """What the taggers know of one token before context (see :func:`analyse`)."""

    form: str
    stem: str
    bare: str
    clitics: str
    cluster: tuple[str, ...]
    gaz: frozenset[str]
    shape: str


def analyse(token: str, res: Resources) -> Tok:
    form = match_form(token)
    stem, bare, clitics = strip_clitics(form, res)
    # the stem's cluster first: وبوتين has a cluster of its own (conjunction-initial
    # words), but what matters for NER is that بوتين sits with the other leaders.
    hit = res.clusters.get(stem) or res.clusters.get(form) or res.clusters.get(bare)
    cluster = hit[1] if hit else ("-", "-", "-")
    gaz = res.gazetteer.get(form) or res.gazetteer.get(stem) or res.gazetteer.get(bare) or frozenset()
    return Tok(form, stem, bare, clitics, cluster, gaz, _shape(token))


def phrase_matches(toks: list[Tok], res: Resources) -> list[list[str]]:
    """BIO marks of multi-word gazetteer names, longest match first; the first word
    of a name may carry clitics (وكوريا الشمالية)."""
    marks: list[list[str]] = [[] for _ in toks]
    i = 0
    while i < len(toks):
        matched = 0
        for n in range(min(MAX_GAZ_WORDS, len(toks) - i), 1, -1):
            rest = " ".join(t.form for t in toks[i + 1 : i + n])
            types = res.gazetteer.get(f"{toks[i].form} {rest}") or res.gazetteer.get(f"{toks[i].stem} {rest}")
            if types:
                for t in types:
                    marks[i].append(f"B-{t}")
                    for j in range(i + 1, i + n):
                        marks[j].append(f"I-{t}")
                matched = n
                break
        i += max(matched, 1)
    return marks


def _own(t: Tok, token: str) -> list[str]:
    f = t.form
    feats = [
        "b",
        f"w={f}",
        f"s={t.stem}",
        f"bare={t.bare}",
        f"sh={t.shape}",
        f"len={min(len(f), 8)}",
        f"p2={f[:2]}",
        f"p3={f[:3]}",
        f"x2={f[-2:]}",
        f"x3={f[-3:]}",
        f"x1={f[-1:]}",
        f"sx2={t.stem[-2:]}",
        f"sp2={t.stem[:2]}",
        f"cl={t.clitics}",
        f"c64={t.cluster[0]}",
        f"c256={t.cluster[1]}",
        f"c1k={t.cluster[2]}",
    ]
    feats.extend(f"g={g}" for g in t.gaz)
    return feats


def _near(t: Tok, off: int) -> list[str]:
    feats = [f"{off}w={t.form}", f"{off}c256={t.cluster[1]}", f"{off}c1k={t.cluster[2]}"]
    if abs(off) == 1:
        feats += [f"{off}s={t.stem}", f"{off}c64={t.cluster[0]}", f"{off}x2={t.form[-2:]}"]
    feats.extend(f"{off}g={g}" for g in t.gaz)
    return feats


def analyse_sent(tokens: Sequence[str], res: Resources) -> tuple[list[Tok], list[list[str]]]:
    """Each token's :func:`analyse` and the sentence's :func:`phrase_matches`: what both
    taggers read, computed once when they run together."""
    toks = [analyse(tok, res) for tok in tokens]
    return toks, phrase_matches(toks, res)


def sent_features(
    tokens: list[str], res: Resources | None = None, analysed: tuple[list[Tok], list[list[str]]] | None = None
) -> list[list[str]]:
    """CRF features (string lists) for each token of one sentence."""
    res = res or load_resources()
    toks, phrases = analysed or analyse_sent(tokens, res)
    near = {off: [_near(t, off) for t in toks] for off in (-2, -1, 1, 2)}
    n = len(toks)
    out: list[list[str]] = []
    for i, t in enumerate(toks):
        feats = _own(t, tokens[i])
        feats.extend(f"gp={m}" for m in phrases[i])
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                # neighbour j seen from i: its features are named by the offset i -> j
                feats.extend(near[off][j])
            elif abs(off) == 1:
                feats.append("BOS" if off < 0 else "EOS")
        if i > 0:
            feats.append(f"w-1|w={toks[i - 1].form}|{t.form}")
        if i + 1 < n:
            feats.append(f"w|w+1={t.form}|{toks[i + 1].form}")
        out.append(feats)
    return out


# ---------------------------------------------------------------- document context
# Stage two of the tagger (Krishnan & Manning 2006, two-stage CRF): a name is usually
# tagged right *somewhere* in an article — "صدام حسين" in one sentence, a bare "صدام"
# later. On ANERcorp (fold 1 held out) 202 of 533 missed entities had a word of the same
# stem tagged with the right type by stage one within 15 sentences. These features
# tell stage two how stage one tagged the other occurrences of a token's stem.

DOC_WINDOW = 15  # sentences either side, when there are no article boundaries (ANERcorp)
_MIN_STEM = 2


def stems(tokens: list[str], res: Resources | None = None) -> list[str]:
    res = res or load_resources()
    return [strip_clitics(match_form(t), res)[0] for t in tokens]


def doc_features(
    sent_stems: list[list[str]], stage1: list[list[str]], window: int = DOC_WINDOW
) -> list[list[list[str]]]:
    """Per sentence, per token: stage one's tags for the same stem elsewhere nearby.

    ``window`` sentences either side count as the document (``0`` = the whole list,
    for one article). A token's own position is excluded, so the feature says what
    the *context* thinks, and the token's own stage-one tag comes as ``s1=``.
    """
    n = len(sent_stems)
    # stem -> list of (sentence, token, tag)
    where: dict[str, list[tuple[int, int, str]]] = {}
    for i, (ss, tags) in enumerate(zip(sent_stems, stage1, strict=True)):
        for k, (stem, tag) in enumerate(zip(ss, tags, strict=True)):
            if len(stem) >= _MIN_STEM and stem[0].isalpha():
                where.setdefault(stem, []).append((i, k, tag))
    # the sentence numbers of each stem's occurrences (ascending), to bisect the window
    # instead of scanning every occurrence of a frequent word in a long input
    at = {stem: [j for j, _, _ in occ] for stem, occ in where.items()}
    out: list[list[list[str]]] = []
    for i, (ss, tags) in enumerate(zip(sent_stems, stage1, strict=True)):
        lo, hi = (0, n) if window <= 0 else (i - window, i + window)
        sent_out: list[list[str]] = []
        for k, stem in enumerate(ss):
            feats = [f"s1={tags[k]}"]
            if k > 0:
                feats.append(f"s1-1={tags[k - 1]}")
            if k + 1 < len(tags):
                feats.append(f"s1+1={tags[k + 1]}")
            occ = where.get(stem, [])
            window_occ = occ[bisect_left(at[stem], lo):bisect_right(at[stem], hi)] if occ else occ
            others = [t for j, m, t in window_occ if (j, m) != (i, k)]
            if others:
                feats.extend(_context_votes(others))
            sent_out.append(feats)
        out.append(sent_out)
    return out


def _context_votes(others: list[str]) -> list[str]:
    total = len(others)
    counts: dict[str, int] = {}
    for t in others:
        counts[t] = counts.get(t, 0) + 1
    feats = ["d:seen"]
    for tag, c in counts.items():
        share = c / total
        level = "hi" if share > 0.66 else "mid" if share > 0.33 else "lo"
        feats.append(f"d:{tag}:{level}")
        if tag != "O":
            feats.append(f"d:{tag[2:]}")
    return feats
