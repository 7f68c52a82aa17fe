"""``marsad eval events FILE.jsonl``: event detection on hand-judged sentences of ordinary news.

The OEDA gold (:mod:`.event_eval`) is one newspaper of 2006–08, with hard, topical negatives and
a "yes" only when every annotator agreed. This measure is the other view: every sentence of
whole articles drawn from ``../shared/corpus`` (a random sample and a keyword-enriched one), each
judged for the types it reports *as having happened*, by written rules, before marsad ran on it.
The judgements are ours and hold no article text — an article is named by its corpus file, line
and id, and a hash of its body guards against a corpus that changed under the labels.

Format, one JSON object per article::

    {"corpus": "ant_multisource_v2.1.jsonl.gz", "line": 16546, "id": "FR-middleEast-830-20180724",
     "sample": "random", "sha1": "<first 12 hex of sha1(body)>", "types": ["ASSAULT", "PROTEST"],
     "sentences": [{"start": 0, "end": 127, "yes": ["ASSAULT"], "doubt": false}, ...]}

``types`` are the types judged; ``yes`` the ones the sentence reports as having happened;
``doubt`` marks a call the judge found hard (scored, and also reported left out). The body is the
record's ``text`` (ANT) or ``content`` (SaudiNewsNet) field, unchanged; offsets index into it.
A sentence counts as detected for type T when the pipeline emits an event of type T that
happened (:func:`.events.happened`) with its evidence inside the sentence.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..model import Article, Doc
from ..pipeline import Pipeline
from .event_eval import TypeScore, default_pipeline
from .events import happened

BODY_FIELDS = ("text", "content")  # ANT corpora, SaudiNewsNet
POOLED = "pooled"


@dataclass
class JudgedReport:
    stages: list[str]
    articles: int = 0
    sentences: int = 0
    # (sample, type) -> score; the sample "pooled" is every article
    scores: dict[tuple[str, str], TypeScore] = field(default_factory=dict)
    certain: dict[tuple[str, str], TypeScore] = field(default_factory=dict)  # doubtful calls left out


def read_judged(path: Path | str) -> list[dict[str, Any]]:
    path = Path(path)
    try:
        items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: not a judged-sentences JSON Lines file: {exc}") from exc
    for n, item in enumerate(items, 1):
        missing = {"corpus", "line", "id", "sha1", "types", "sentences"} - set(item)
        if missing:
            raise ConfigError(f"{path}:{n}: missing {', '.join(sorted(missing))}")
    return items


def load_bodies(items: Iterable[dict[str, Any]], corpus_dir: Path) -> dict[tuple[str, int], str]:
    """The body of every judged article, read by line from its corpus file (one pass per file),
    checked against the judged hash."""
    wanted: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for item in items:
        wanted[item["corpus"]][int(item["line"])] = item
    bodies: dict[tuple[str, int], str] = {}
    for name, by_line in wanted.items():
        path = corpus_dir / name
        if not path.is_file():
            raise ConfigError(f"{path}: corpus file of the judged articles not found (--corpus)")
        for n, record in _lines(path, set(by_line)):
            body = next((record[k] for k in BODY_FIELDS if isinstance(record.get(k), str)), "")
            if hashlib.sha1(body.encode("utf-8")).hexdigest()[:12] != by_line[n]["sha1"]:
                raise ConfigError(f"{path}:{n}: the article changed since it was judged ({by_line[n]['id']})")
            bodies[(name, n)] = body
        lost = set(by_line) - {n for (c, n) in bodies if c == name}
        if lost:
            raise ConfigError(f"{path}: judged lines not in the file: {sorted(lost)[:5]}")
    return bodies


def _lines(path: Path, wanted: set[int]) -> Iterator[tuple[int, dict[str, Any]]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n in wanted:
                yield n, json.loads(line)
                wanted = wanted - {n}
                if not wanted:
                    return


def evaluate_judged(
    path: Path | str, corpus_dir: Path | str, *, pipeline: Pipeline | None = None
) -> JudgedReport:
    """Score the pipeline (default: entities when available, then events) on judged sentences."""
    items = read_judged(path)
    bodies = load_bodies(items, Path(corpus_dir))
    pipe = pipeline or default_pipeline()
    report = JudgedReport(stages=pipe.names)
    for item in items:
        body = bodies[(item["corpus"], int(item["line"]))]
        doc = pipe(Doc(article=Article(id=str(item["id"]), body=body, language="ar")))
        report.articles += 1
        for sent in item["sentences"]:
            report.sentences += 1
            inside = [e for e in doc.ann.events if sent["start"] <= e.start and e.end <= sent["end"] and happened(e)]
            for event_type in item["types"]:
                hit = any(e.type == event_type for e in inside)
                gold = event_type in sent["yes"]
                for sample in (str(item.get("sample", "all")), POOLED):
                    report.scores.setdefault((sample, event_type), TypeScore()).add(hit, gold)
                    if not sent.get("doubt"):
                        report.certain.setdefault((sample, event_type), TypeScore()).add(hit, gold)
    return report


def format_judged_report(report: JudgedReport) -> str:
    lines = [
        f"stages: {', '.join(report.stages)}",
        f"{report.articles} articles, {report.sentences} judged sentences",
    ]
    for title, scores in (
        ("detection on judged news sentences", report.scores),
        ("the same, doubtful calls left out", report.certain),
    ):
        lines += ["", title, f"{'type':<10} {'sample':<9} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
        for (sample, event_type), s in sorted(scores.items(), key=lambda kv: (kv[0][1], kv[0][0] == POOLED, kv[0][0])):
            lines.append(
                f"{event_type:<10} {sample:<9} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}"
            )
    return "\n".join(lines)
