"""Aggregator text pages: an Arabic news page saved as plain text.

Layout (``../shared/samples/aggregator_page.txt``)::

    headline
    تاريخ النشر: 28th, April 2025 GMT
    body paragraphs, one per line …
    المصدر: outlet
    كلمات دلالية: tag tag tag …          (multi-word tags, spaces only)
    إقرأ أيضاً:
    related headline
    related body …

Labelled lines are recognised from ``marsad/data/sources/aggregator_markers.tsv``
on their normalised form followed by a colon. Each ``إقرأ أيضاً`` starts a related
article of its own (headline = its first line, body = the lines after), parsed the
same way, so it has a date or an outlet only if the page prints one for it — it
never inherits the main article's. The main article's ``related_keys`` hold the
related articles' ids. The tag line is split by :mod:`.taglines`, with the page's
own text as evidence for names the lexicon lacks.

A text file without any label is still an article: first line headline, the rest
body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from ..errors import ResourceError
from ..model import Article
from ..outcomes import Rejected
from ..text.normalize import normalize
from .common import Origin, make_article, read_file
from .encoding import decode
from .taglines import split_tag_line

MARKERS = Path(__file__).resolve().parents[1] / "data" / "sources" / "aggregator_markers.tsv"
KINDS = ("date", "updated", "outlet", "tags", "related", "author")


@cache
def _marker_patterns() -> list[tuple[str, re.Pattern[str]]]:
    try:
        lines = MARKERS.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ResourceError(f"aggregator markers {MARKERS} failed to load: {exc}") from exc
    rows: list[tuple[str, str]] = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        kind, _, label = line.partition("\t")
        if kind not in KINDS or not label.strip():
            raise ResourceError(f"{MARKERS}: bad row {line!r}")
        rows.append((kind, normalize(label.strip())))
    rows.sort(key=lambda r: -len(r[1]))  # "الكلمات الدلالية" before "كلمات دلالية"
    # the label and a colon, or the label alone on its line ("إقرأ أيضاً" as a heading)
    return [
        (kind, re.compile(r"^\s*" + re.escape(label) + r"\s*(?:[:：]\s*|[.…]*\s*$)")) for kind, label in rows
    ]


def match_marker(line: str) -> tuple[str, str] | None:
    """``(kind, value after the colon)`` if ``line`` is a labelled line.

    Matching runs on the normalised line; normalisation drops some characters
    (diacritics, tatweel), so the value is cut from the original line after the
    colon rather than by offset."""
    folded = normalize(line)
    for kind, pattern in _marker_patterns():
        if pattern.match(folded):
            colon = min((i for i in (line.find(":"), line.find("：")) if i >= 0), default=-1)
            return kind, line[colon + 1 :].strip() if colon >= 0 else ""
    return None


@dataclass
class Block:
    """One article's lines as printed on the page."""

    headline: str = ""
    body: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # kind -> value as printed

    def add(self, line: str) -> None:
        if not self.headline:
            self.headline = line
        else:
            self.body.append(line)


def parse_blocks(text: str) -> list[Block]:
    """The main article and the related ones, in page order."""
    blocks = [Block()]
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        marker = match_marker(line)
        if marker is None:
            blocks[-1].add(line)
            continue
        kind, value = marker
        if kind == "related":
            blocks.append(Block())
            if value:
                blocks[-1].add(value)
        elif value:
            blocks[-1].fields.setdefault(kind, value)
    return [b for b in blocks if b.headline or b.body]


def page_articles(text: str, origin: Origin) -> list[Article | Rejected]:
    from ..text.dates import parse_date

    blocks = parse_blocks(text)
    if not blocks:
        return [origin.reject("discarded:empty", "no text")]
    context = [line for b in blocks for line in (b.headline, *b.body)]
    items: list[Article | Rejected] = []
    for number, block in enumerate(blocks, 1):
        extra: dict[str, str] = {}
        published = None
        if "date" in block.fields:
            published = parse_date(block.fields["date"])
            if published is None:
                extra["unparsed_date"] = block.fields["date"]
        if "updated" in block.fields:
            extra["updated"] = block.fields["updated"]
        tags = split_tag_line(block.fields["tags"], context=context) if "tags" in block.fields else []
        items.append(
            make_article(
                origin.at(number),
                title=block.headline,
                body="\n".join(block.body),
                published=published,
                outlet=block.fields.get("outlet"),
                author=block.fields.get("author"),
                page_tags=tags,
                extra=extra,
            )
        )
    main, related = items[0], items[1:]
    if isinstance(main, Article) and related:
        keys = tuple(a.id for a in related if isinstance(a, Article))
        items[0] = main.model_copy(update={"related_keys": keys})
    return items


def iter_aggregator(path: Path, *, max_bytes: int | None = None) -> Iterator[Article | Rejected]:
    origin = Origin("aggregator", str(path))
    data = read_file(path, origin, max_bytes)
    if isinstance(data, Rejected):
        yield data
        return
    yield from page_articles(decode(data)[0], origin)
