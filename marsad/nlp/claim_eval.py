"""Measure the ``claims`` stage against hand-labelled gold (JSON Lines, one article a line).

Layout, in the style of ``../shared/quotes/dev.jsonl``::

    {"id", "title"?, "text", "claims": [{"claim", "start", "source", "source_canonical", "cue"}]}

with ``text[start:start+len(claim)] == claim``. Guideline for labelling:

- **A claim** is reported speech *without* quote marks: the content clause after a
  complementiser (أن، إن، بأن and their pronoun forms أنه، إنها …) that a reporting cue
  governs — a verb (ذكرت، أكد، أعلنت، أوضح، أضاف، نفى …), a participle (مشيرا إلى أن،
  مؤكدة أن) or a noun (وأشار البيان إلى أن) — and that is attributed to a named or described
  source (a person, body, document or "مصادر").
- **Not a claim:** words inside quote marks (the ``quotes`` stage reports them; a clause
  that is *mostly* a marked quote, قال إن "…", is a quote), the article's own statements
  (يذكر أن، ومن المعروف أن، علما بأن) and inferences (الأمر الذي يؤكد أن), impersonal
  verbs with no source (ويعتقد أن، ويتوقع أن), an أن that another word governs (دون أن،
  يمكن أن، من المقرر أن), and a cue with no content clause (أكد الرئيس الدور المحوري …).
  Speech without a complementiser, and first-person words without marks (وقال: أعتقد بأن …),
  are the speaker's own direct speech: out of scope for this format.
- **Span:** starts after the complementiser (its pronoun suffix is not part of the claim)
  and ends at the end of the sentence or before the next reporting clause (، مشيرا إلى أن …;
  و + a reporting verb), without edge punctuation. Marked words inside a claim stay in it.
- **source / source_canonical / cue:** as ``speaker`` / ``speaker_canonical`` / ``cue`` in
  the quotes guideline (the source is where it is most fully named; a document speaks for
  its issuer; ``وأضاف أن`` resolves to the earlier speaker).

Scoring (:func:`evaluate_claims`), mirroring :mod:`marsad.nlp.quote_eval`:

- **Spans**, *overlap* (the main figure, as claim ends are fuzzy): a prediction matches a
  gold claim when they overlap by at least half of the longer span. *Exact*: both offsets
  equal. Precision, recall, F1.
- **Source accuracy** over overlap-matched claims, with quote_eval's notion of a correct
  speaker (:func:`marsad.nlp.quote_eval.speaker_correct`), and its lenient variant.
- **Source P/R/F1** end to end: a true positive is an overlap-matched claim whose source is
  correct; precision divides by predicted claims with a source, recall by gold claims.
- **Cue accuracy** (normalised text equality) over overlap-matched claims.

``marsad eval claims GOLD.jsonl`` prints :func:`format_claim_report` of :func:`evaluate_claims`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..model import Claim, Quote
from .claims import ClaimExtractor
from .quote_eval import LENIENT_OVERLAP, _norm, _overlap, _prf, gold_docs, speaker_correct
from .quote_eval import read_gold as read_quotes_gold

MAX_ERRORS = 60


def _span(g: dict[str, Any]) -> tuple[int, int]:
    return g["start"], g["start"] + len(g["claim"])


def _match(preds: list[Claim], golds: list[dict[str, Any]], exact: bool) -> list[tuple[int, int]]:
    """Greedy one-to-one matching of predictions to gold claims, in gold order."""
    pairs, used = [], set()
    for gi, g in enumerate(golds):
        gs = _span(g)
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


def source_correct(text: str, pred: Claim, gold: dict[str, Any]) -> tuple[bool, bool]:
    """(correct, leniently correct) for ``pred.source``: the quotes evaluator's speaker test,
    so "correct source" and "correct speaker" mean the same thing."""
    as_quote = Quote(text=pred.text, start=pred.start, end=pred.end, speaker=pred.source)
    g = {"speaker": gold.get("source"), "speaker_canonical": gold.get("source_canonical")}
    return speaker_correct(text, as_quote, g)


def read_gold(path: Path, corpus: Path | str = Path("../shared/corpus")) -> list[dict[str, Any]]:
    """Gold records (the quotes reader, on ``claims``); a claim whose offset does not hold is
    a ConfigError too (a clean CLI message rather than a silently wrong score)."""
    records = read_quotes_gold(path, items="claims", corpus=corpus)
    for n, rec in enumerate(records, 1):
        for g in rec["claims"]:
            s, c = g.get("start"), g.get("claim")
            if not isinstance(s, int) or not isinstance(c, str) or rec["text"][s : s + len(c)] != c:
                raise ConfigError(f"{path}: record {n}: claim offset does not hold: {str(c)[:40]!r} at {s}")
    return records


def evaluate_claims(
    gold_path: Path | str,
    extractor: ClaimExtractor | None = None,
    ids: Iterable[str] | None = None,
    entities: bool = False,
    corpus: Path | str = Path("../shared/corpus"),
) -> dict[str, Any]:
    """Score ``extractor`` (default: a fresh :class:`ClaimExtractor`) on a gold JSONL file, or on
    our offsets-only labels of ``corpus`` articles (a ``.tsv``, :mod:`.quote_judged`).

    ``ids`` restricts scoring to those article ids; ``entities`` runs the ``entities`` stage
    first, as ingest does (a ResourceError if its resources do not load). Returns counts,
    span P/R/F1 (overlap and exact), source accuracy (and lenient) over overlap-matched
    claims, source P/R/F1, cue accuracy, and up to ``MAX_ERRORS`` error lines.
    """
    extractor = extractor or ClaimExtractor()
    c: Counter[str] = Counter()
    errors: list[str] = []
    docs = 0
    for rec, doc in gold_docs(read_gold(Path(gold_path), corpus), ids, entities):
        docs += 1
        _score_article(rec, extractor.extract(rec["text"], doc), c, errors)
    m = max(c["lenient"], 1)
    return {
        "docs": docs,
        "counts": dict(c),
        "span_lenient": _prf(c["lenient"], c["pred"], c["gold"]),
        "span_exact": _prf(c["exact"], c["pred"], c["gold"]),
        "source_accuracy": round(c["src_correct"] / m, 4),
        "source_accuracy_lenient": round(c["src_lenient"] / m, 4),
        "source": _prf(c["src_correct"], c["pred_with_source"], c["gold"]),
        "cue_accuracy": round(c["cue"] / m, 4),
        "errors": errors[:MAX_ERRORS],
    }


def _score_article(rec: dict[str, Any], preds: list[Claim], c: Counter[str], errors: list[str]) -> None:
    text, golds, name = rec["text"], rec["claims"], str(rec.get("id", ""))[:40]
    c["gold"] += len(golds)
    c["pred"] += len(preds)
    c["pred_with_source"] += sum(1 for p in preds if p.source is not None and p.source.name)
    c["exact"] += len(_match(preds, golds, exact=True))
    pairs = _match(preds, golds, exact=False)
    c["lenient"] += len(pairs)
    for pi, gi in pairs:
        p, g = preds[pi], golds[gi]
        correct, lenient = source_correct(text, p, g)
        c["src_correct"] += correct
        c["src_lenient"] += lenient
        c["cue"] += _norm(p.cue) == _norm(g.get("cue"))
        if not correct:
            pred_name = p.source.name if p.source else None
            errors.append(f"source {name}: {p.text[:30]!r} pred={pred_name!r} gold={g.get('source')!r}")
        if (p.start, p.end) != _span(g):
            errors.append(
                f"bounds {name}: pred={p.text[:25]!r}…{p.text[-20:]!r} gold={g['claim'][:25]!r}…{g['claim'][-20:]!r}"
            )
    matched_p = {pi for pi, _ in pairs}
    matched_g = {gi for _, gi in pairs}
    errors += [f"FP {name}: {p.text[:60]!r}" for i, p in enumerate(preds) if i not in matched_p]
    errors += [f"FN {name}: {g['claim'][:60]!r}" for i, g in enumerate(golds) if i not in matched_g]


def format_claim_report(result: dict[str, Any], max_errors: int = 20) -> str:
    """A short human-readable report of :func:`evaluate_claims`'s result."""
    c = result["counts"]
    lines = [f"claims: {result['docs']} articles, {c.get('gold', 0)} gold, {c.get('pred', 0)} predicted"]
    for key, label in (
        ("span_lenient", "span (overlap)"),
        ("span_exact", "span (exact)"),
        ("source", "source"),
    ):
        r = result[key]
        lines.append(f"{label:<16} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f}")
    for key in ("source_accuracy", "source_accuracy_lenient", "cue_accuracy"):
        lines.append(f"{key:<26} {result[key]:.3f}")
    if result["errors"] and max_errors:
        lines.append(f"errors (first {min(max_errors, len(result['errors']))}):")
        lines += [f"  {e}" for e in result["errors"][:max_errors]]
    return "\n".join(lines)
