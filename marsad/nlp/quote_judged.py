"""Quote gold that holds no article text: our labels for articles of ``../shared/corpus``.

``../shared/quotes/dev.jsonl`` carries its articles' text; a held-out set we label ourselves may
not (the repo keeps no article text). So it names each article by corpus file, line, id and a
hash of its body, as the judged event sentences do (:mod:`.event_judged`), and gives every quote,
speaker and cue as offsets into that body. :func:`read_judged_quotes` rebuilds records in the
``dev.jsonl`` shape from the corpus, so :func:`.quote_eval.evaluate_quotes` scores both alike.

Format: tab-separated, ``#`` lines are comments, a header row, then one row per quote (an article
with no quote has one row with ``-`` offsets, so that its false positives count)::

    corpus  line  id  sha1  start  end  speaker_start  speaker_end  cue_start  cue_end  continuation

``start``/``end`` are the quoted words (marks excluded, as the guideline says); the speaker is
where the text names it most fully (``-`` when the quote has no speaker); the cue is the
nearest occurrence of the annotator's cue to the quote (``-`` when none). Claims (reported speech
without marks, :mod:`.claim_eval`) use the same layout, their source in the speaker columns
(:func:`read_judged_claims`). ``speaker_canonical``
of the dev set has no place here — a canonical form need not occur in the text — so a speaker is
right when its words are the gold speaker's or its span overlaps an occurrence of them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .event_judged import JudgedArticle, load_bodies, tsv_rows

COLUMNS = (
    "corpus",
    "line",
    "id",
    "sha1",
    "start",
    "end",
    "speaker_start",
    "speaker_end",
    "cue_start",
    "cue_end",
    "continuation",
)
NONE = "-"
CUE_WINDOW = 300  # characters around a quote in which its cue is looked for


def body_sha1(body: str) -> str:
    return hashlib.sha1(body.encode("utf-8")).hexdigest()[:12]


def _span(row: dict[str, str], a: str, b: str, n: int, path: Path) -> tuple[int, int] | None:
    if row[a] == NONE and row[b] == NONE:
        return None
    try:
        i, j = int(row[a]), int(row[b])
    except ValueError as exc:
        raise ConfigError(f"{path}: row {n}: {a}/{b} are not offsets ({exc})") from exc
    if not 0 <= i < j:
        raise ConfigError(f"{path}: row {n}: empty or negative span {a}={i} {b}={j}")
    return i, j


def read_judged_quotes(path: Path | str, corpus_dir: Path | str) -> list[dict[str, Any]]:
    """Gold records in the ``dev.jsonl`` shape (``id``, ``text``, ``quotes``), bodies read from
    ``corpus_dir`` and checked against their hash; a malformed row or a changed corpus is a
    ConfigError."""
    path = Path(path)
    articles: dict[tuple[str, int], JudgedArticle] = {}
    quotes: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for n, row in tsv_rows(path, COLUMNS, "quote-labels"):
        try:
            key = (row["corpus"], int(row["line"]))
        except ValueError as exc:
            raise ConfigError(f"{path}: row {n}: line is not a number") from exc
        articles.setdefault(key, JudgedArticle(key[0], key[1], row["id"], row["sha1"], "quotes", ()))
        found = quotes.setdefault(key, [])
        quote = _span(row, "start", "end", n, path)
        if quote is None:
            continue  # an article with no quote
        found.append(
            {
                "span": quote,
                "speaker": _span(row, "speaker_start", "speaker_end", n, path),
                "cue": _span(row, "cue_start", "cue_end", n, path),
                "is_continuation": row["continuation"] == "1",
            }
        )
    bodies = load_bodies(articles.values(), Path(corpus_dir))
    records = []
    for key, item in articles.items():
        text = bodies[key]
        out = []
        for q in sorted(quotes[key], key=lambda q: q["span"]):
            spans = [s for s in (q["span"], q["speaker"], q["cue"]) if s is not None]
            if any(j > len(text) for _, j in spans):
                raise ConfigError(f"{path}: {item.id}: an offset is past the end of the body")
            (i, j), sp, cue = q["span"], q["speaker"], q["cue"]
            out.append(
                {
                    "quote": text[i:j],
                    "start": i,
                    "speaker": text[sp[0] : sp[1]] if sp else None,
                    "cue": text[cue[0] : cue[1]] if cue else None,
                    "is_continuation": q["is_continuation"],
                }
            )
        records.append({"id": item.id, "corpus": item.corpus, "text": text, "quotes": out})
    return records


def read_judged_claims(path: Path | str, corpus_dir: Path | str) -> list[dict[str, Any]]:
    """Claim gold in the shape :mod:`.claim_eval` reads (``claims``: ``claim``, ``start``,
    ``source``, ``cue``), from the same offsets-only layout: a claim's span in ``start``/``end``
    and its source in the speaker columns."""
    records = read_judged_quotes(path, corpus_dir)
    for rec in records:
        rec["claims"] = [
            {"claim": q["quote"], "start": q["start"], "source": q["speaker"], "cue": q["cue"]}
            for q in rec.pop("quotes")
        ]
    return records


def as_quote_labels(article: dict[str, Any]) -> dict[str, Any]:
    """A claims-labelled article (``claims``: claim, start, source, source_start, cue) in the
    quote-label shape :func:`judged_rows` writes."""
    quotes = [
        {
            "quote": c["claim"],
            "start": c["start"],
            "speaker": c.get("source"),
            "speaker_start": c.get("source_start"),
            "cue": c.get("cue"),
            "is_continuation": False,
        }
        for c in article["claims"]
    ]
    return {**{k: v for k, v in article.items() if k != "claims"}, "quotes": quotes}


def nearest(text: str, needle: str, start: int, end: int) -> int | None:
    """Offset of the occurrence of ``needle`` nearest to ``text[start:end]``, within CUE_WINDOW."""
    best: tuple[int, int] | None = None
    k = text.find(needle)
    while k >= 0:
        outside = k + len(needle) <= start or k >= end  # a cue word inside the quote is no cue
        distance = start - (k + len(needle)) if k < start else k - end
        if outside and distance <= CUE_WINDOW and (best is None or distance < best[0]):
            best = (distance, k)
        k = text.find(needle, k + 1)
    return None if best is None else best[1]


def judged_rows(article: dict[str, Any], text: str) -> list[list[str]]:
    """TSV rows for one labelled article (``quotes`` as in ``dev.jsonl``, with ``speaker_start``),
    its ``text`` the corpus body: offsets only. A label that does not match the body is a
    ConfigError, so that no row points at the wrong words."""
    head = [article["corpus"], str(article["line"]), article["id"], body_sha1(text)]
    rows = []
    for q in article["quotes"]:
        i, j = q["start"], q["start"] + len(q["quote"])
        if text[i:j] != q["quote"]:
            raise ConfigError(f"{article['id']}: quote at {i} does not match the body")
        sp: tuple[str, str] = (NONE, NONE)
        if q.get("speaker"):
            s = q["speaker_start"]
            if s is None or text[s : s + len(q["speaker"])] != q["speaker"]:
                raise ConfigError(f"{article['id']}: speaker {q['speaker']!r} not at {s}")
            sp = (str(s), str(s + len(q["speaker"])))
        cue: tuple[str, str] = (NONE, NONE)
        if q.get("cue"):
            c = nearest(text, q["cue"], i, j)
            if c is not None:
                cue = (str(c), str(c + len(q["cue"])))
        cont = "1" if q.get("is_continuation") else "0"
        rows.append([*head, str(i), str(j), *sp, *cue, cont])
    return rows or [[*head, NONE, NONE, NONE, NONE, NONE, NONE, "0"]]


def write_judged_quotes(
    articles: Iterable[dict[str, Any]], bodies: dict[str, str], path: Path, comment: str = ""
) -> int:
    """Write labelled articles (their bodies by id) as the offsets-only TSV, after ``comment``
    lines; returns the number of quotes written."""
    rows = [row for a in articles for row in judged_rows(a, bodies[a["id"]])]
    head = "".join(f"# {line}\n" for line in comment.splitlines())
    text = head + "\t".join(COLUMNS) + "\n" + "".join("\t".join(r) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")
    return sum(1 for r in rows if r[4] != NONE)
