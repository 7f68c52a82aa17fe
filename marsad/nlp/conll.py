"""CoNLL files for NER: read gold, tag token files, score exact spans.

Format: one token per line, first column the token, last column the tag, a blank
line between sentences, ``-DOCSTART-`` lines as document breaks. Columns may be
separated by a tab or by spaces (ANERcorp uses ``token TAG``, NewsFANE a tab).

Other corpora's tag names are mapped onto marsad's four types (PERS LOC ORG MISC)
by the table ``marsad/data/ner/tagmap.tsv`` — language data is data. BIOES/BILOU
prefixes are folded to BIO.

Scoring is CoNLL-2003 ``conlleval`` semantics: an entity is a maximal run of one
type that starts at ``B-`` or at an ``I-`` that does not continue a run of the
same type; a prediction counts only when start, end and type all match.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Protocol

from ..errors import ResourceError
from ..metrics import Counts

TYPES = ("PERS", "LOC", "ORG", "MISC")
DOCSTART = "-DOCSTART-"

Sentence = tuple[list[str], list[str]]


class Tagger(Protocol):
    def tag_sents(self, sents: list[list[str]]) -> list[list[str]]: ...


@cache
def tag_map() -> dict[str, str]:
    """Source type name -> marsad type (or ``O``), from ``data/ner/tagmap.tsv``."""
    try:
        text = resources.files("marsad").joinpath("data/ner/tagmap.tsv").read_text(encoding="utf-8")
    except OSError as e:
        raise ResourceError(f"NER tag map missing: {e}") from e
    table: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            src, dst = line.split("\t")
            table[src.strip()] = dst.strip()
    return table


def map_tag(tag: str) -> str:
    """Fold one tag of any supported scheme to BIO over marsad's types.

    A tag that is not ``O`` and has no ``B-``/``I-``-like prefix (stray tokens in
    AQMAR's columns, empty columns) is ``O``. Unknown types are kept as they are so
    an evaluation shows them rather than silently dropping gold entities.
    """
    if len(tag) < 3 or tag[1] != "-" or tag[0] not in "BIESLU":
        return "O"
    prefix = "B" if tag[0] in "BSU" else "I"
    etype = tag_map().get(tag[2:], tag[2:])
    return "O" if etype == "O" else f"{prefix}-{etype}"


def _columns(line: str) -> list[str]:
    return line.split("\t") if "\t" in line else line.split()


def read_conll(path: str | Path, *, map_tags: bool = True) -> list[Sentence]:
    """Sentences of ``(tokens, tags)``: first column token, last column tag.

    A line with a single column gets tag ``O`` (a token file without tags reads too).
    """
    sents: list[Sentence] = []
    toks: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if toks:
            sents.append((list(toks), list(tags)))
            toks.clear()
            tags.clear()

    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\r\n")
            cols = [c for c in _columns(line) if c.strip()]
            if not cols or cols[0] == DOCSTART:
                flush()
                continue
            tag = cols[-1].strip() if len(cols) > 1 else "O"
            toks.append(cols[0].strip())
            tags.append(map_tag(tag) if map_tags else tag)
    flush()
    return sents


def _token_blocks(f: IO[str]) -> Iterator[tuple[list[str], list[str]]]:
    """Runs of token lines, each followed by the separator lines after it, verbatim.

    Keeping the separators (blank lines, ``-DOCSTART-``) lets :func:`tag_conll`
    write back exactly the sentence breaks it read.
    """
    toks: list[str] = []
    seps: list[str] = []
    for raw in f:
        cols = [c for c in _columns(raw.rstrip("\r\n")) if c.strip()]
        is_sep = not cols or cols[0] == DOCSTART
        if is_sep:
            seps.append(f"{DOCSTART}\tO" if cols else "")
            continue
        if seps:
            yield toks, seps
            toks, seps = [], []
        toks.append(cols[0])
    if toks or seps:
        yield toks, seps


def tag_conll(model: Tagger, path: str | Path, out: IO[str], *, batch: int = 256) -> int:
    """Write ``token<TAB>TAG`` for every token line of ``path``, same tokens and breaks.

    Returns the number of tokens tagged. Sentences are tagged in batches so a large
    file streams in constant memory.
    """
    n = 0
    pending: list[tuple[list[str], list[str]]] = []

    def drain() -> None:
        tagged = model.tag_sents([t for t, _ in pending if t])
        it = iter(tagged)
        for toks, seps in pending:
            if toks:
                for tok, tag in zip(toks, next(it), strict=True):
                    out.write(f"{tok}\t{tag}\n")
            for sep in seps:
                out.write(sep + "\n")
        pending.clear()

    with open(path, encoding="utf-8") as f:
        for block in _token_blocks(f):
            pending.append(block)
            n += len(block[0])
            if len(pending) >= batch:
                drain()
    drain()
    return n


def spans_of(tags: Iterable[str]) -> list[tuple[int, int, str]]:
    """Entity spans ``(start, end, type)`` (token indices, end exclusive), conlleval style."""
    spans: list[tuple[int, int, str]] = []
    start, etype = -1, ""
    i = -1
    for i, tag in enumerate(tags):
        prefix, _, t = tag.partition("-")
        continues = prefix == "I" and t == etype and start >= 0
        if etype and not continues:
            spans.append((start, i, etype))
            start, etype = -1, ""
        if prefix in ("B", "I") and not continues:
            start, etype = i, t
    if etype:
        spans.append((start, i + 1, etype))
    return spans


@dataclass
class Report:
    """Exact-span scores: micro over all types and one :class:`Counts` per type."""

    micro: Counts = field(default_factory=Counts)
    per_type: dict[str, Counts] = field(default_factory=dict)
    tokens: int = 0
    sentences: int = 0

    def add(self, gold: list[str], pred: list[str]) -> None:
        if len(gold) != len(pred):
            raise ValueError(f"gold has {len(gold)} tags, prediction {len(pred)}")
        g, p = set(spans_of(gold)), set(spans_of(pred))
        self.tokens += len(gold)
        self.sentences += 1
        for span in g | p:
            c = self.per_type.setdefault(span[2], Counts())
            if span in g and span in p:
                c.tp += 1
                self.micro.tp += 1
            elif span in p:
                c.fp += 1
                self.micro.fp += 1
            else:
                c.fn += 1
                self.micro.fn += 1

    def as_dict(self) -> dict[str, dict[str, float]]:
        rows = {"micro": self.micro, **dict(sorted(self.per_type.items()))}
        return {k: {"precision": c.precision, "recall": c.recall, "f1": c.f1, "support": c.tp + c.fn}
                for k, c in rows.items()}


def score(gold: list[list[str]], pred: list[list[str]]) -> Report:
    report = Report()
    for g, p in zip(gold, pred, strict=True):
        report.add(g, p)
    return report


def evaluate_conll(model: Tagger, gold_path: str | Path) -> Report:
    """Tag the gold file's tokens with ``model`` and score exact spans against its tags."""
    sents = read_conll(gold_path)
    pred = model.tag_sents([toks for toks, _ in sents])
    return score([tags for _, tags in sents], pred)


def format_report(report: Report) -> str:
    """A conlleval-like table: precision, recall, F1 (percent) and gold support."""
    lines = [f"{report.tokens} tokens, {report.sentences} sentences",
             f"{'':8} {'prec':>6} {'rec':>6} {'F1':>6} {'gold':>6}"]
    for name, row in report.as_dict().items():
        lines.append(f"{name:8} {100 * row['precision']:6.2f} {100 * row['recall']:6.2f} "
                     f"{100 * row['f1']:6.2f} {int(row['support']):6d}")
    return "\n".join(lines)
