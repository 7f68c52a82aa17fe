"""Same-story similarity of two articles, in [0, 1] (1 = the same story).

Two signals carry the score, weighted by hand-set numbers in
``marsad/data/stories/params.json`` (chosen on the development stories and
recorded by ``scripts/tune_stories.py``):

* **words**: TF-IDF cosine of the light stems of headline + lead
  (:mod:`marsad.stories.lexical`). Alone it scores BCubed F1 0.923 on the dev
  stories: the event's names, places and figures sit in the lead.
* **meaning**: cosine of USE-multilingual embeddings of headline + lead
  (:mod:`marsad.stories.embed`), rescaled so that the cosine of unrelated news
  (≈ ``vector_floor``) maps to 0. Alone: 0.912. It catches rewrites that share
  few words ("ترمب على وشك الانسحاب" / "ترامب قرر تقريبا الانسحاب").

Half of each gives 0.933 — better than either, and better than a logistic
regression over ten signals (entity/name overlap, numbers, headline-only scores,
time gap, same outlet) fitted with story-grouped cross-validation (0.90–0.93): with
285 positive pairs, 171 of them from one story, the extra weights overfit.

A small third weight goes to **headline entities**: the Jaccard overlap of the
knowledge-base entities named in the two headlines (:func:`title_keys`). A headline
names the event's actors and place; two reports of one event name the same ones, two
events of one topic often do not ("ليفربول" / "مرسيليا وأتلتيكو" reaching two
finals). With 0.05 of the score it lifts dev BCubed F1 from 0.933 to 0.939, and the
cross-day check (join threshold chosen on one day, scored on the other) from
0.938 to 0.957 on day 1 and 0.947 to 0.955 on day 2; more weight is no better
(scripts/tune_stories.py).
Entity overlap of the whole lead, time decay inside the window, a same-outlet penalty,
headline embeddings and a second body segment were measured the same way and gained
nothing that held on both days. Time enters through the window, which bounds which
articles can be compared at all (:mod:`marsad.stories.cluster`); pairs further apart
than the window are discounted here too. Shared entities of the whole article rank
the "read also" list (:mod:`marsad.stories.related`).

A text without a headline (a sentence pair, as in STS) goes through the same path:
the text is its own lead.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from ..errors import ResourceError
from ..model import Doc
from .embed import DIM, Encoder, load_embedder
from .lexical import Idf, Vector, cosine, default_idf, names, terms, tfidf, weighted_overlap

if TYPE_CHECKING:
    from ..nlp.entities import EntityLinker

PARAMS_FILE = Path(__file__).resolve().parents[1] / "data" / "stories" / "params.json"
DAY = 86400.0


@dataclass(frozen=True)
class Params:
    lead_chars: int  # characters of body after the headline that make the "lead"
    w_terms: float
    w_vector: float
    w_title_entities: float  # weight of the headline-entity overlap
    vector_floor: float  # cosine of unrelated news; maps to 0
    join: float  # min story score for an article to join a story
    merge: float  # min score to a second story that merges it into the first
    split: float  # groups of a story whose mean cross score is below this split apart (0: never)
    split_min: int  # a part must have this many articles to split off
    window_days: float  # articles further apart are never compared
    top_members: int  # a story's score is the mean of its best `top_members` member scores
    recent_members: int  # members of a story compared against (the most recent)
    neighbours: int  # nearest neighbours fetched per day of the window
    related_min: float  # min score for a "shared entities" read-also suggestion

    @property
    def version(self) -> str:
        return "sim-" + ",".join(f"{v}" for v in self.__dict__.values())


@lru_cache(maxsize=1)
def default_params() -> Params:
    try:
        raw = json.loads(PARAMS_FILE.read_text(encoding="utf-8"))
        return Params(**{k: v for k, v in raw.items() if not k.startswith("_")})
    except (OSError, ValueError, TypeError) as exc:
        raise ResourceError(f"{PARAMS_FILE}: {exc}") from exc


@dataclass(frozen=True)
class Features:
    """What the similarity needs of one article; compact enough to keep a window in memory."""

    id: str
    vector: np.ndarray  # float32, L2-normalised, DIM
    terms: Vector  # TF-IDF of headline + lead
    names: frozenset[str]  # entity ids (entities stage) or name stems (fallback)
    ts: float | None = None  # published, POSIX seconds
    outlet: str | None = None
    title_keys: frozenset[str] = frozenset()  # KB entities named in the headline


def lead(title: str, body: str, chars: int) -> str:
    """Headline + the first ``chars`` characters of the body, cut at a word boundary."""
    cut = body[:chars]
    if len(body) > chars and " " in cut:
        cut = cut[: cut.rfind(" ")]
    return f"{title.strip()}\n{cut.strip()}".strip()


def entity_keys(doc: Doc) -> frozenset[str]:
    """Entity ids from the entities stage; empty when it has not run."""
    return frozenset(e.id for e in doc.ann.entities)


@lru_cache(maxsize=1)
def _title_linker() -> EntityLinker:
    from ..nlp.entities import EntityLinker
    from ..nlp.kb import load_kb

    # KB names only (no NER model): headlines are short and the KB's names are what two
    # outlets share; the same matcher runs in ingest, `marsad cluster` and the eval, so
    # all three score alike. load_kb raises ResourceError when the KB is missing.
    return EntityLinker(load_kb(), None)


def title_keys(title: str) -> frozenset[str]:
    """Ids of the knowledge-base entities named in a headline."""
    if not title.strip():
        return frozenset()
    return frozenset(e.id for e in _title_linker().link(title, ""))


def featurize(
    items: Sequence[tuple[str, str, str, datetime | None, str | None, frozenset[str] | None]],
    embedder: Encoder | None = None,
    params: Params | None = None,
    idf: Idf | None = None,
) -> list[Features]:
    """Features for ``(id, title, body, published, outlet, entity_ids)`` items, embedded in one batch.

    ``entity_ids`` None (or empty) falls back to the name stems of headline + lead.
    """
    p = params or default_params()
    emb = embedder or load_embedder()
    w = idf or default_idf()
    leads = [lead(title, body, p.lead_chars) for _, title, body, _, _, _ in items]
    vectors = emb.encode(leads)
    out = []
    for (aid, title, _, published, outlet, ents), text, vec in zip(items, leads, vectors, strict=True):
        toks = terms(text)
        out.append(
            Features(
                id=aid,
                vector=vec,
                terms=tfidf(toks, w),
                names=ents if ents else names(toks),
                ts=published.timestamp() if published else None,
                outlet=outlet,
                title_keys=title_keys(title),
            )
        )
    return out


def doc_item(doc: Doc) -> tuple[str, str, str, datetime | None, str | None, frozenset[str] | None]:
    a = doc.article
    return (a.id, a.title, a.body, a.published, a.outlet, entity_keys(doc) or None)


def semantic(a: Features, b: Features, p: Params) -> float:
    cos = float(np.dot(a.vector, b.vector))
    return min(1.0, max(0.0, (cos - p.vector_floor) / (1.0 - p.vector_floor)))


def score(a: Features, b: Features, params: Params | None = None) -> float:
    """Same-story score of two articles in [0, 1]."""
    p = params or default_params()
    s = p.w_terms * cosine(a.terms, b.terms) + p.w_vector * semantic(a, b, p)
    if a.title_keys and b.title_keys:
        s += p.w_title_entities * len(a.title_keys & b.title_keys) / len(a.title_keys | b.title_keys)
    if a.ts is not None and b.ts is not None:
        gap_days = abs(a.ts - b.ts) / DAY
        if gap_days > p.window_days:  # follow-ups happen within days; discount beyond the window
            s *= math.exp(-(gap_days - p.window_days) / p.window_days)
    return min(1.0, max(0.0, s))


def shared_entities(a: Features, b: Features, idf: Idf | None = None) -> float:
    """IDF-weighted overlap of the two articles' entities (or name stems)."""
    return weighted_overlap(a.names, b.names, idf or default_idf())


# ---------------------------------------------------------------- vector rows for the store

_MAGIC = b"MS1"


def pack(f: Features) -> bytes:
    """One article's features as bytes for ``store.put_vectors("story", ...)``:
    magic, header length, JSON header (time, outlet, terms, names), float32 vector."""
    head = json.dumps(
        {
            "ts": f.ts,
            "outlet": f.outlet,
            "terms": {t: round(w, 5) for t, w in f.terms.items()},
            "names": sorted(f.names),
            "title_keys": sorted(f.title_keys),
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    return _MAGIC + struct.pack("<I", len(head)) + head + f.vector.astype("<f4").tobytes()


def unpack(article_id: str, blob: bytes) -> Features:
    if blob[:3] != _MAGIC:
        raise ValueError(f"{article_id}: not a story feature row")
    (n,) = struct.unpack("<I", blob[3:7])
    head: dict[str, Any] = json.loads(blob[7 : 7 + n].decode("utf-8"))
    vec = np.frombuffer(blob[7 + n :], dtype="<f4").astype(np.float32)
    if vec.shape != (DIM,):
        raise ValueError(f"{article_id}: vector of {vec.shape} (expected {DIM})")
    return Features(
        article_id,
        vec,
        head["terms"],
        frozenset(head["names"]),
        head["ts"],
        head["outlet"],
        frozenset(head.get("title_keys", ())),  # rows packed before headline entities: none
    )


def peek_ts(blob: bytes) -> float | None:
    """The publication time of a packed row, without decoding the rest."""
    (n,) = struct.unpack("<I", blob[3:7])
    ts = json.loads(blob[7 : 7 + n].decode("utf-8"))["ts"]
    return float(ts) if ts is not None else None


# ---------------------------------------------------------------- pairs from JSON Lines


def _side(obj: Any) -> tuple[str, str, datetime | None]:
    if isinstance(obj, str):
        return "", obj, None
    if not isinstance(obj, dict):
        raise ValueError("each side must be an object {title, text}")
    published = None
    if obj.get("published"):
        from ..text.dates import parse_date

        published = parse_date(str(obj["published"]))
    return str(obj.get("title") or ""), str(obj.get("text") or obj.get("body") or ""), published


def score_pairs(rows: Iterable[dict[str, Any]], batch: int = 64) -> Iterable[dict[str, Any]]:
    """``{"id", "a", "b"}`` rows → ``{"id", "score"}`` in input order; a malformed row
    gets ``"score": null`` and an ``"error"`` instead of stopping the batch."""
    Side = tuple[str, str, datetime | None]
    pending: list[tuple[Any, Side, Side] | tuple[Any, str]] = []

    def flush() -> Iterable[dict[str, Any]]:
        items: list[tuple[str, str, str, datetime | None, None, None]] = []
        for k, entry in enumerate(pending):
            if len(entry) == 3:
                _, a, b = entry
                items.append((f"{k}a", a[0], a[1], a[2], None, None))
                items.append((f"{k}b", b[0], b[1], b[2], None, None))
        feats = {f.id: f for f in featurize(items)} if items else {}
        for k, entry in enumerate(pending):
            if len(entry) == 3:
                yield {"id": entry[0], "score": round(score(feats[f"{k}a"], feats[f"{k}b"]), 6)}
            else:
                yield {"id": entry[0], "score": None, "error": entry[1]}
        pending.clear()

    for row in rows:
        rid = row.get("id")
        if "_error" in row:
            pending.append((rid, str(row["_error"])))
            continue
        try:
            pending.append((rid, _side(row["a"]), _side(row["b"])))
        except (KeyError, ValueError) as exc:
            pending.append((rid, f"bad pair: {exc}"))
        if len(pending) >= batch:
            yield from flush()
    if pending:
        yield from flush()


def _read_rows(fh: IO[str]) -> Iterable[dict[str, Any]]:
    for n, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            row = {"id": None, "_error": f"line {n}: {exc.msg}"}
        if not isinstance(row, dict):
            row = {"id": None, "_error": f"line {n}: not an object"}
        yield row


def score_pairs_jsonl(path: Path | str, out: IO[str]) -> int:
    """``marsad similarity PAIRS.jsonl``: one ``{"id", "score"}`` line per input line."""
    n = 0
    with open(path, encoding="utf-8") as fh:
        for res in score_pairs(_read_rows(fh)):
            out.write(json.dumps(res, ensure_ascii=False) + "\n")
            n += 1
    return n
