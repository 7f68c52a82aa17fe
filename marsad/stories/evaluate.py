"""``marsad eval stories GOLD.jsonl``: BCubed precision, recall and F1 of the story clusters.

The gold file is the format of ../shared/stories/dev.jsonl: one line per article with
``docno`` and ``story`` (and ``time``, ``src``, ``title``). The texts come from the ANT
corpus, joined on ``docno`` — by default ``../corpus/ant_multisource_v2.1.jsonl.gz``
relative to the gold file. The articles are clustered in time order by exactly the
code ingest and ``marsad cluster`` use, from nothing but their text, time and outlet.

BCubed (Bagga & Baldwin 1998; Amigó et al. 2009) averages over articles: precision is
the share of an article's predicted story that is in its gold story, recall the share
of its gold story that is in its predicted story.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError
from .cluster import Record, cluster_records, parse_time

DEFAULT_CORPUS = Path("..") / "corpus" / "ant_multisource_v2.1.jsonl.gz"


@dataclass
class StoryReport:
    articles: int
    gold_stories: int
    predicted_stories: int
    precision: float
    recall: float
    f1: float
    missing: int  # gold articles absent from the corpus (not clustered, not scored)


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """BCubed P, R, F1 over the articles in both mappings."""
    ids = [a for a in gold if a in pred]
    if not ids:
        return 0.0, 0.0, 0.0
    pair = Counter((pred[a], gold[a]) for a in ids)
    psize = Counter(pred[a] for a in ids)
    gsize = Counter(gold[a] for a in ids)
    p = sum(pair[(pred[a], gold[a])] / psize[pred[a]] for a in ids) / len(ids)
    r = sum(pair[(pred[a], gold[a])] / gsize[gold[a]] for a in ids) / len(ids)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def read_gold(path: Path) -> list[dict[str, str]]:
    rows = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                row = json.loads(line)
                if "docno" not in row or "story" not in row:
                    raise ConfigError(f"{path}:{n}: gold lines need 'docno' and 'story'")
                rows.append(row)
    return rows


def corpus_records(corpus: Path, docnos: set[str]) -> dict[str, Record]:
    if not corpus.is_file():
        raise ConfigError(f"corpus not found: {corpus} (give --corpus)")
    out: dict[str, Record] = {}
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r.get("docno") in docnos:
                out[r["docno"]] = Record(
                    r["docno"],
                    r.get("title") or "",
                    r.get("text") or "",
                    parse_time(r.get("time")),
                    r.get("src"),
                )
    return out


def evaluate_stories(gold_path: Path | str, corpus: Path | str | None = None) -> StoryReport:
    gold_path = Path(gold_path)
    rows = read_gold(gold_path)
    corpus_path = Path(corpus) if corpus else (gold_path.parent / DEFAULT_CORPUS)
    gold = {r["docno"]: str(r["story"]) for r in rows}
    records = corpus_records(corpus_path, set(gold))
    pred = cluster_records(records[d] for d in gold if d in records)
    p, r, f = bcubed(pred, gold)
    scored = {d: s for d, s in gold.items() if d in pred}
    return StoryReport(
        articles=len(scored),
        gold_stories=len(set(scored.values())),
        predicted_stories=len(set(pred.values())),
        precision=p,
        recall=r,
        f1=f,
        missing=len(gold) - len(scored),
    )


def format_story_report(report: StoryReport) -> str:
    lines = [
        f"articles           {report.articles}"
        + (f"  ({report.missing} not in corpus)" if report.missing else ""),
        f"stories  gold      {report.gold_stories}",
        f"stories  predicted {report.predicted_stories}",
        f"BCubed precision   {report.precision:.4f}",
        f"BCubed recall      {report.recall:.4f}",
        f"BCubed F1          {report.f1:.4f}",
    ]
    return "\n".join(lines)
