"""Measure the ``quotes`` stage against hand-labelled gold (``../shared/quotes/dev.jsonl`` format).

Each gold line is an article (``title``, ``text``) with its quotes (``quote``, ``start``,
``speaker``, ``speaker_canonical``, ``is_continuation``, ``cue``). The stage runs on
``text`` alone (offsets are into ``text``), without the entities stage by default so that the
figure does not move with the NER model; ``entities=True`` runs that stage first, as the
pipeline does (names of organisations in marks dropped, entity mentions used for the fullest
naming). It is scored so:

- **Quote spans**, *exact*: a predicted quote matches a gold one when both offsets are equal.
  *Lenient*: they overlap by at least half of the longer span. Precision, recall, F1.
- **Speaker accuracy**, over exactly matched quotes. A predicted speaker is *correct* when
  (a) its normalised text (:func:`marsad.text.normalize.normalize`, punctuation, ``#`` and
  ``_`` as spaces) equals the normalised gold ``speaker`` or ``speaker_canonical``, or
  (b) its character span overlaps an occurrence of the gold ``speaker`` string in the text
  (the guideline gives no speaker offset; the speaker is "where it is most fully named", so
  any occurrence counts), or (c) both are null. *Lenient* also accepts a prediction whose
  normalised word set contains, or is contained in, a gold one (``بيسكوف`` for
  ``المتحدث باسم الكرملين، دميتري بيسكوف``).
- **Speaker P/R/F1** (end to end): a true positive is an exactly matched quote whose speaker
  is correct; precision divides by predicted quotes with a speaker, recall by gold quotes.
- **Continuation accuracy** and **cue accuracy** (normalised text equality) over exactly
  matched quotes.

``marsad eval quotes GOLD.jsonl`` prints :func:`format_quote_report` of :func:`evaluate_quotes`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..metrics import prf
from ..model import Article, Doc, Quote
from ..pipeline import build
from ..text.normalize import normalize
from .quotes import QuoteExtractor

LENIENT_OVERLAP = 0.5
MAX_ERRORS = 40


def _norm(text: str | None) -> str:
    t = normalize(text or "").replace("#", " ").replace("_", " ")
    return " ".join(re.sub(r"[,،:.\"'()«»]", " ", t).split())


def _words(text: str) -> set[str]:
    return {w[2:] if w.startswith("ال") and len(w) > 3 else w for w in _norm(text).split()}


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p, r, f = prf(tp, n_pred - tp, n_gold - tp)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def speaker_correct(text: str, pred: Quote, gold: dict[str, Any]) -> tuple[bool, bool]:
    """(correct, leniently correct) for ``pred.speaker`` against one gold quote record."""
    sp = pred.speaker
    g_sp, g_can = gold.get("speaker") or "", gold.get("speaker_canonical") or ""
    if sp is None or not sp.name:
        return (not g_sp,) * 2
    if not g_sp:
        return False, False
    golds = [g for g in (_norm(g_sp), _norm(g_can)) if g]
    correct = _norm(sp.name) in golds
    if not correct and sp.start is not None and sp.end is not None:
        correct = any(_overlap((sp.start, sp.end), m.span()) for m in re.finditer(re.escape(g_sp), text))
    p = _words(sp.name)
    lenient = correct or any(p and (p <= _words(g) or _words(g) <= p) for g in (g_sp, g_can) if g)
    return correct, lenient


def _match(preds: list[Quote], golds: list[dict[str, Any]], exact: bool) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of predictions to gold quotes, in gold order."""
    pairs, used = [], set()
    for gi, g in enumerate(golds):
        gs = (g["start"], g["start"] + len(g["quote"]))
        for pi, p in enumerate(preds):
            if pi in used:
                continue
            if exact:
                ok = (p.start, p.end) == gs
            else:
                ok = _overlap((p.start, p.end), gs) >= LENIENT_OVERLAP * max(p.end - p.start, gs[1] - gs[0])
            if ok:
                pairs.append((pi, gi))
                used.add(pi)
                break
    return pairs


def read_gold(
    path: Path, items: str = "quotes", corpus: Path | str = Path("../shared/corpus")
) -> list[dict[str, Any]]:
    """Gold records, each with ``text`` and a list under ``items`` (``quotes``; the claims
    evaluator reads ``claims``): JSON Lines, or our offsets-only labels of ``corpus`` articles (a
    ``.tsv``, :mod:`.quote_judged`); a missing file or a malformed line is a ConfigError (a clean
    CLI message)."""
    if path.suffix == ".tsv":
        from .quote_judged import read_judged_claims, read_judged_quotes

        return read_judged_claims(path, corpus) if items == "claims" else read_judged_quotes(path, corpus)
    try:
        with open(path, encoding="utf-8") as f:
            lines = [ln for ln in f if ln.strip()]
    except OSError as exc:
        raise ConfigError(f"cannot read {items} gold {path}: {exc}") from exc
    records = []
    for n, line in enumerate(lines, 1):
        try:
            rec = json.loads(line)
        except ValueError as exc:
            raise ConfigError(f"{path}:{n}: not JSON ({exc})") from exc
        if (
            not isinstance(rec, dict)
            or not isinstance(rec.get("text"), str)
            or not isinstance(rec.get(items), list)
        ):
            raise ConfigError(f"{path}:{n}: not a {items} gold record (needs text and {items})")
        records.append(rec)
    return records


def gold_docs(
    records: Iterable[dict[str, Any]], ids: Iterable[str] | None = None, entities: bool = False
) -> Iterator[tuple[dict[str, Any], Doc | None]]:
    """Each gold record (only those of ``ids`` if given) with its Doc after the ``entities``
    stage when ``entities`` is set (as ingest runs it before quotes and claims), else None."""
    entity_stage = build(["entities"]) if entities else None
    keep = set(ids) if ids is not None else None
    for n, rec in enumerate(records, 1):
        if keep is not None and rec.get("id") not in keep:
            continue
        doc = None
        if entity_stage is not None:
            article = Article(id=str(rec.get("id", n)), body=rec["text"], source="gold")
            doc = entity_stage(Doc(article=article))
        yield rec, doc


def evaluate_quotes(
    gold_path: Path | str,
    extractor: QuoteExtractor | None = None,
    ids: Iterable[str] | None = None,
    entities: bool = False,
    corpus: Path | str = Path("../shared/corpus"),
) -> dict[str, Any]:
    """Score ``extractor`` (default: a fresh :class:`QuoteExtractor`) on a gold JSONL file, or on
    our offsets-only labels of ``corpus`` articles (a ``.tsv``, :mod:`.quote_judged`).

    ``ids`` restricts scoring to those article ids; ``entities`` runs the ``entities`` stage
    first (its resources must load: a ResourceError otherwise). Returns counts, span P/R/F1
    (exact and lenient), speaker accuracy (and lenient), speaker P/R/F1, continuation and cue
    accuracy, and up to ``MAX_ERRORS`` error lines.
    """
    extractor = extractor or QuoteExtractor()
    c: Counter[str] = Counter()
    errors: list[str] = []
    docs = 0
    for rec, doc in gold_docs(read_gold(Path(gold_path), corpus=corpus), ids, entities):
        docs += 1
        _score_article(rec, extractor.extract(rec["text"], doc), c, errors)
    m = max(c["exact"], 1)
    return {
        "docs": docs,
        "counts": dict(c),
        "span_exact": _prf(c["exact"], c["pred"], c["gold"]),
        "span_lenient": _prf(c["lenient"], c["pred"], c["gold"]),
        "speaker_accuracy": round(c["sp_correct"] / m, 4),
        "speaker_accuracy_lenient": round(c["sp_lenient"] / m, 4),
        "speaker": _prf(c["sp_correct"], c["pred_with_speaker"], c["gold"]),
        "continuation_accuracy": round(c["cont"] / m, 4),
        "cue_accuracy": round(c["cue"] / m, 4),
        "errors": errors[:MAX_ERRORS],
    }


def _score_article(rec: dict[str, Any], preds: list[Quote], c: Counter[str], errors: list[str]) -> None:
    text, golds, name = rec["text"], rec["quotes"], str(rec.get("id", ""))[:40]
    c["gold"] += len(golds)
    c["pred"] += len(preds)
    c["pred_with_speaker"] += sum(1 for p in preds if p.speaker is not None and p.speaker.name)
    c["lenient"] += len(_match(preds, golds, exact=False))
    pairs = _match(preds, golds, exact=True)
    c["exact"] += len(pairs)
    for pi, gi in pairs:
        p, g = preds[pi], golds[gi]
        correct, lenient = speaker_correct(text, p, g)
        c["sp_correct"] += correct
        c["sp_lenient"] += lenient
        c["cont"] += p.continuation == bool(g.get("is_continuation"))
        c["cue"] += _norm(p.cue) == _norm(g.get("cue"))
        if not correct:
            pred_name = p.speaker.name if p.speaker else None
            errors.append(f"speaker {name}: {p.text[:30]!r} pred={pred_name!r} gold={g.get('speaker')!r}")
    matched_p = {pi for pi, _ in pairs}
    matched_g = {gi for _, gi in pairs}
    errors += [f"FP {name}: {p.text[:50]!r}" for i, p in enumerate(preds) if i not in matched_p]
    errors += [f"FN {name}: {g['quote'][:50]!r}" for i, g in enumerate(golds) if i not in matched_g]


def format_quote_report(result: dict[str, Any], max_errors: int = 15) -> str:
    """A short human-readable report of :func:`evaluate_quotes`'s result."""
    c = result["counts"]
    lines = [f"quotes: {result['docs']} articles, {c.get('gold', 0)} gold, {c.get('pred', 0)} predicted"]
    for key, label in (
        ("span_exact", "span (exact)"),
        ("span_lenient", "span (overlap)"),
        ("speaker", "speaker"),
    ):
        r = result[key]
        lines.append(f"{label:<16} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}")
    for key in ("speaker_accuracy", "speaker_accuracy_lenient", "continuation_accuracy", "cue_accuracy"):
        lines.append(f"{key:<26} {result[key]:.3f}")
    if result["errors"] and max_errors:
        lines.append(f"errors (first {min(max_errors, len(result['errors']))}):")
        lines += [f"  {e}" for e in result["errors"][:max_errors]]
    return "\n".join(lines)
