"""Measure the quote stage against hand-labelled gold (``../shared/quotes/dev.jsonl`` format).

Quote spans are scored exactly (same start and end) and leniently (overlap of at least
half of the longer span). Speakers are scored on matched quotes only, two ways:

- *strict*: the predicted speaker span overlaps an occurrence of the gold ``speaker``
  string, or its normalised text equals the gold ``speaker`` or ``speaker_canonical``;
- *lenient*: strict, or the normalised texts contain one another.

Speaker P/R/F1 counts a quote as right when it is matched (exact) *and* its speaker is
leniently right. Continuation and cue accuracy are over matched quotes. The CLI command
``marsad eval quotes GOLD.jsonl`` wraps :func:`evaluate_quotes` and prints
:func:`format_quote_report`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..model import Quote
from ..text.normalize import normalize
from .quotes import QuoteExtractor

LENIENT_OVERLAP = 0.5


def _norm(text: str | None) -> str:
    t = normalize(text or "").replace("#", " ").replace("_", " ")
    return " ".join(re.sub(r"[,،:.\"']", " ", t).split())


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def speaker_correct(text: str, pred: Quote, gold: dict[str, Any]) -> tuple[bool, bool]:
    """(strict, lenient) correctness of ``pred.speaker`` against a gold quote record."""
    sp = pred.speaker
    if sp is None or not sp.name:
        return (gold.get("speaker") is None,) * 2
    g_sp, g_can = gold.get("speaker") or "", gold.get("speaker_canonical") or ""
    strict = False
    if sp.start is not None and sp.end is not None and g_sp:
        for m in re.finditer(re.escape(g_sp), text):
            if _overlap((sp.start, sp.end), (m.start(), m.end())):
                strict = True
                break
    p = _norm(sp.name)
    golds = [g for g in (_norm(g_sp), _norm(g_can)) if g]
    strict = strict or p in golds
    lenient = strict or any(p in g or g in p for g in golds if p)
    return strict, lenient


def _match(preds: list[Quote], golds: list[dict[str, Any]], exact: bool) -> list[tuple[int, int]]:
    pairs, used = [], set()
    for gi, g in enumerate(golds):
        gs = (g["start"], g["start"] + len(g["quote"]))
        for pi, p in enumerate(preds):
            if pi in used:
                continue
            if exact:
                ok = (p.start, p.end) == gs
            else:
                ov = _overlap((p.start, p.end), gs)
                ok = ov >= LENIENT_OVERLAP * max(p.end - p.start, gs[1] - gs[0])
            if ok:
                pairs.append((pi, gi))
                used.add(pi)
                break
    return pairs


def read_gold(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate_quotes(
    gold_path: Path, extractor: QuoteExtractor | None = None, ids: Iterable[str] | None = None
) -> dict[str, Any]:
    """Score ``extractor`` (default: a fresh :class:`QuoteExtractor`) on a gold JSONL file.

    ``ids`` restricts scoring to those article ids (used to report a held-out split).
    Returns counts, span P/R/F1 (exact and lenient), speaker accuracy and P/R/F1,
    continuation and cue accuracy, and up to 40 error examples.
    """
    extractor = extractor or QuoteExtractor()
    keep = set(ids) if ids is not None else None
    c = {"gold": 0, "pred": 0, "exact": 0, "lenient": 0, "sp_strict": 0, "sp_lenient": 0, "cont": 0, "cue": 0}
    errors: list[str] = []
    docs = 0
    for rec in read_gold(Path(gold_path)):
        if keep is not None and rec["id"] not in keep:
            continue
        docs += 1
        text, golds = rec["text"], rec["quotes"]
        preds = extractor.extract(text)
        c["gold"] += len(golds)
        c["pred"] += len(preds)
        c["lenient"] += len(_match(preds, golds, exact=False))
        pairs = _match(preds, golds, exact=True)
        c["exact"] += len(pairs)
        matched_p = {pi for pi, _ in pairs}
        matched_g = {gi for _, gi in pairs}
        for pi, gi in pairs:
            p, g = preds[pi], golds[gi]
            strict, lenient = speaker_correct(text, p, g)
            c["sp_strict"] += strict
            c["sp_lenient"] += lenient
            c["cont"] += p.continuation == bool(g.get("is_continuation"))
            c["cue"] += _norm(p.cue) == _norm(g.get("cue"))
            if not lenient:
                errors.append(f"speaker {rec['id'][:30]}: {p.text[:30]!r} pred={p.speaker and p.speaker.name!r} gold={g['speaker']!r}")
        errors += [f"FP {rec['id'][:30]}: {p.text[:50]!r}" for i, p in enumerate(preds) if i not in matched_p]
        errors += [f"FN {rec['id'][:30]}: {g['quote'][:50]!r}" for i, g in enumerate(golds) if i not in matched_g]
    m = max(c["exact"], 1)
    speaker_prf = _prf(c["sp_lenient"], c["pred"], c["gold"])
    return {
        "docs": docs,
        "counts": c,
        "span_exact": _prf(c["exact"], c["pred"], c["gold"]),
        "span_lenient": _prf(c["lenient"], c["pred"], c["gold"]),
        "speaker_accuracy_strict": round(c["sp_strict"] / m, 4),
        "speaker_accuracy_lenient": round(c["sp_lenient"] / m, 4),
        "speaker": speaker_prf,
        "continuation_accuracy": round(c["cont"] / m, 4),
        "cue_accuracy": round(c["cue"] / m, 4),
        "errors": errors[:40],
    }


def format_quote_report(result: dict[str, Any]) -> str:
    """A short human-readable report of :func:`evaluate_quotes`'s result."""
    c = result["counts"]
    lines = [f"quotes: {result['docs']} articles, {c['gold']} gold, {c['pred']} predicted"]
    for key in ("span_exact", "span_lenient", "speaker"):
        r = result[key]
        lines.append(f"{key:<16} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}")
    for key in ("speaker_accuracy_strict", "speaker_accuracy_lenient", "continuation_accuracy", "cue_accuracy"):
        lines.append(f"{key:<26} {result[key]:.3f}")
    return "\n".join(lines)
