"""Annotate JSON Lines articles without a store: the pipeline as a filter.

Input records carry ``id``, ``title``, ``text`` and optionally ``published``,
``outlet``, ``url``; output records are the input plus the annotation fields
(``entities``, ``tags``, ``quotes``, ``claims``, ``events``, ``language``).
Offsets in the output refer to ``text`` exactly as given.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from .model import Article, Doc
from .outcomes import Summary
from .pipeline import Pipeline, StageFailed


def _article(rec: dict[str, Any], n: int) -> Article:
    from .text.dates import parse_date

    published = rec.get("published")
    return Article(
        id=str(rec.get("id") or f"line-{n}"),
        url=rec.get("url"),
        title=str(rec.get("title") or ""),
        # The body is used exactly as given so that offsets match the caller's text.
        body=str(rec.get("text") or rec.get("body") or ""),
        published=parse_date(str(published)) if published else None,
        outlet=rec.get("outlet"),
        source=f"annotate:line {n}",
    )


def annotation_fields(doc: Doc) -> dict[str, Any]:
    ann = doc.ann
    return {
        "language": doc.article.language,
        "entities": [e.model_dump(exclude_none=False) for e in ann.entities],
        "tags": [t.label for t in ann.tags],
        "tag_details": [t.model_dump() for t in ann.tags],
        "quotes": [q.model_dump() for q in ann.quotes],
        "claims": [c.model_dump() for c in ann.claims],
        "events": [e.model_dump() for e in ann.events],
        "versions": ann.versions,
    }


def annotate_records(records: Iterable[dict[str, Any]], pipeline: Pipeline) -> Iterator[dict[str, Any]]:
    for n, rec in enumerate(records, 1):
        try:
            doc = pipeline(Doc(article=_article(rec, n)))
        except StageFailed as exc:
            yield {**rec, "error": f"failed:stage-{exc.stage}: {exc.cause}"}
            continue
        yield {**rec, **annotation_fields(doc)}


def annotate_jsonl(lines: Iterable[str], out: TextIO, pipeline: Pipeline) -> Summary:
    summary = Summary()

    def records() -> Iterator[dict[str, Any]]:
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                summary.add("failed:bad-json", f"line {n}: {exc}")
                continue
            if not isinstance(rec, dict):
                summary.add("failed:not-an-object", f"line {n}")
                continue
            yield rec

    for rec in annotate_records(records(), pipeline):
        summary.add("failed:stage" if "error" in rec else "annotated")
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return summary
