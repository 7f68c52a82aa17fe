"""``marsad eval events FILE.tsv``: event detection on hand-judged sentences of ordinary news.

The OEDA gold (:mod:`.event_eval`) is one newspaper of 2006–08, with hard, topical negatives and
a "yes" only when every annotator agreed. This measure is the other view: every sentence of
whole articles drawn from ``../shared/corpus`` (a random sample and a keyword-enriched one), each
judged for the types it reports *as having happened*, by written rules, before marsad ran on it.
The judgements are ours and hold no article text — an article is named by its corpus file, line
and id, and a hash of its body guards against a corpus that changed under the labels.

Format: tab-separated, ``#`` lines are comments, a header row, then one row per sentence::

    corpus  line  id  sha1  sample  start  end  judged  yes  doubt
    ant_multisource_v2.1.jsonl.gz  16546  FR-middleEast-830-20180724  042f666f11fe  random  0  127  ASSAULT,PROTEST  -  0

``sha1`` is the first 12 hex of sha1(body); ``judged`` the types judged; ``yes`` the ones the
sentence reports as having happened (``-`` for none); ``doubt`` 1 for a call the judge found hard
(scored, and also reported left out). The body is the record's ``text`` (ANT) or ``content``
(SaudiNewsNet) field, unchanged; offsets index into it. A sentence counts as detected for type
T when the pipeline emits an event of type T that happened (:func:`.events.happened`) with its
evidence inside the sentence.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..model import Actor, Article, Doc
from ..pipeline import Pipeline
from ..text.dates import parse_date
from .event_eval import ABSENT, Tally, TypeScore, _slot_value, default_pipeline
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


COLUMNS = ("corpus", "line", "id", "sha1", "sample", "start", "end", "judged", "yes", "doubt")


@dataclass(frozen=True)
class JudgedSentence:
    start: int
    end: int
    yes: frozenset[str]  # the types the sentence reports as having happened
    doubt: bool  # a call the judge found hard


@dataclass
class JudgedArticle:
    corpus: str  # file name under the corpus folder
    line: int  # 0-based line of the record in that file
    id: str
    sha1: str  # first 12 hex of sha1(body)
    sample: str  # "random" or "enriched"
    types: tuple[str, ...]  # the types judged
    sentences: list[JudgedSentence] = field(default_factory=list)


def tsv_rows(path: Path, columns: tuple[str, ...], what: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, cells by column) of a labels TSV: ``#`` comments, then the header
    ``columns``; a missing file, another header or a short row is a ConfigError."""
    try:
        lines = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read {what}: {exc}") from exc
    if not lines or tuple(lines[0].split("\t")) != columns:
        raise ConfigError(f"{path}: not a {what} file (header: {' '.join(columns)})")
    for n, line in enumerate(lines[1:], 2):
        fields = line.split("\t")
        if len(fields) != len(columns):
            raise ConfigError(f"{path}: row {n} has {len(fields)} columns, not {len(columns)}")
        yield n, dict(zip(columns, fields, strict=True))


def read_judged(path: Path | str) -> list[JudgedArticle]:
    """The judged articles of a file, each with its sentences in file order."""
    path = Path(path)
    items: dict[tuple[str, int], JudgedArticle] = {}
    for n, row in tsv_rows(path, COLUMNS, "judged-sentences"):
        try:
            key = (row["corpus"], int(row["line"]))
            sentence = JudgedSentence(
                start=int(row["start"]),
                end=int(row["end"]),
                yes=frozenset() if row["yes"] == "-" else frozenset(row["yes"].split(",")),
                doubt=row["doubt"] == "1",
            )
        except ValueError as exc:
            raise ConfigError(f"{path}: row {n}: {exc}") from exc
        if key not in items:
            items[key] = JudgedArticle(
                key[0], key[1], row["id"], row["sha1"], row["sample"], tuple(row["judged"].split(","))
            )
        items[key].sentences.append(sentence)
    return list(items.values())


def load_bodies(items: Iterable[JudgedArticle], corpus_dir: Path) -> dict[tuple[str, int], str]:
    """The body of every judged article, read by line from its corpus file (one pass per file),
    checked against the judged hash."""
    return {key: body for key, (body, _) in load_articles(items, corpus_dir).items()}


PUBLISHED_FIELDS = ("time", "date", "date_extracted")  # ANT, SaudiNewsNet (as the jsonl reader maps them)


def load_articles(
    items: Iterable[JudgedArticle], corpus_dir: Path
) -> dict[tuple[str, int], tuple[str, datetime | None]]:
    """Body and publication time of every judged article (see :func:`load_bodies`): actor codes
    depend on the date (:meth:`.event_lexicon.ActorInfo.on`)."""
    wanted: dict[str, dict[int, JudgedArticle]] = defaultdict(dict)
    for item in items:
        wanted[item.corpus][item.line] = item
    bodies: dict[tuple[str, int], tuple[str, datetime | None]] = {}
    for name, by_line in wanted.items():
        path = corpus_dir / name
        if not path.is_file():
            raise ConfigError(f"{path}: corpus file of the judged articles not found (--corpus)")
        for n, record in _lines(path, set(by_line)):
            body = next((record[k] for k in BODY_FIELDS if isinstance(record.get(k), str)), "")
            if hashlib.sha1(body.encode("utf-8")).hexdigest()[:12] != by_line[n].sha1:
                raise ConfigError(f"{path}:{n}: the article changed since it was judged ({by_line[n].id})")
            stamp = next((record[k] for k in PUBLISHED_FIELDS if isinstance(record.get(k), str)), None)
            bodies[(name, n)] = (body, parse_date(stamp))
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
        body = bodies[(item.corpus, item.line)]
        doc = pipe(Doc(article=Article(id=item.id, body=body, language="ar")))
        report.articles += 1
        for sent in item.sentences:
            report.sentences += 1
            inside = [
                e for e in doc.ann.events if sent.start <= e.start and e.end <= sent.end and happened(e)
            ]
            for event_type in item.types:
                hit = any(e.type == event_type for e in inside)
                gold = event_type in sent.yes
                for sample in (item.sample, POOLED):
                    report.scores.setdefault((sample, event_type), TypeScore()).add(hit, gold)
                    if not sent.doubt:
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
        lines += [
            "",
            title,
            f"{'type':<10} {'sample':<9} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}",
        ]
        for (sample, event_type), s in sorted(
            scores.items(), key=lambda kv: (kv[0][1], kv[0][0] == POOLED, kv[0][0])
        ):
            lines.append(
                f"{event_type:<10} {sample:<9} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.tp:5d} {s.fp:5d} {s.fn:5d}"
            )
    return "\n".join(lines)


class Agreement(TypeScore):
    """Two judges' calls on the same sentences for one type: the ceiling a system is read
    against. The counts are a confusion table with the first judge as the gold and the second
    as the system (fn = first only, fp = second only), so F1 is the usual one — and symmetric:
    either judge taken as the gold of the other gives the same value."""

    @property
    def both(self) -> int:
        return self.tp

    @property
    def first_only(self) -> int:
        return self.fn

    @property
    def second_only(self) -> int:
        return self.fp

    @property
    def neither(self) -> int:
        return self.tn

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def kappa(self) -> float:
        """Cohen's kappa: agreement beyond what the two judges' rates of "yes" give by chance."""
        if not self.n:
            return 0.0
        observed = (self.tp + self.tn) / self.n
        first_yes = (self.tp + self.fn) / self.n
        second_yes = (self.tp + self.fp) / self.n
        chance = first_yes * second_yes + (1 - first_yes) * (1 - second_yes)
        return (observed - chance) / (1 - chance) if chance < 1 else 1.0


@dataclass
class AgreementReport:
    sentences: int = 0
    scores: dict[str, Agreement] = field(default_factory=dict)
    certain: dict[str, Agreement] = field(default_factory=dict)  # neither judge doubted the call


def judge_agreement(first: Path | str, second: Path | str) -> AgreementReport:
    """How far two judges of the same sentences agree, per type (the files must cover the same
    sentences of the same article versions, e.g. news_test.tsv and a second judge's copy)."""
    calls: list[dict[tuple[str, int, int, int], JudgedSentence]] = []
    types: set[str] = set()
    for path in (first, second):
        by_key: dict[tuple[str, int, int, int], JudgedSentence] = {}
        for item in read_judged(path):
            types.update(item.types)
            for sent in item.sentences:
                by_key[(item.corpus, item.line, sent.start, sent.end)] = sent
        calls.append(by_key)
    mine, theirs = calls
    if mine.keys() != theirs.keys():
        missing = sorted(mine.keys() ^ theirs.keys())[:3]
        raise ConfigError(f"{first} and {second} do not judge the same sentences (e.g. {missing})")
    report = AgreementReport(sentences=len(mine))
    for key, a in mine.items():
        b = theirs[key]
        for event_type in sorted(types):
            # add(hit, gold): the second judge's call against the first's
            hit, gold = event_type in b.yes, event_type in a.yes
            report.scores.setdefault(event_type, Agreement()).add(hit, gold)
            if not (a.doubt or b.doubt):
                report.certain.setdefault(event_type, Agreement()).add(hit, gold)
    return report


def format_agreement(report: AgreementReport) -> str:
    lines = [
        f"agreement of two judges on {report.sentences} sentences",
        f"{'type':<10} {'calls':<9} {'kappa':>6} {'F1':>6} {'both':>5} {'1st':>5} {'2nd':>5} {'none':>5}",
    ]
    for label, scores in (("all", report.scores), ("certain", report.certain)):
        for event_type, s in sorted(scores.items()):
            lines.append(
                f"{event_type:<10} {label:<9} {s.kappa:6.3f} {s.f1:6.3f} {s.both:5d} {s.first_only:5d} {s.second_only:5d} {s.neither:5d}"
            )
    return "\n".join(lines)


# ---------------------------------------------------------------- actors of judged sentences

ACTOR_COLUMNS = (
    "corpus",
    "line",
    "id",
    "sha1",
    "start",
    "end",
    "type",
    "source_country",
    "source_role",
    "target_country",
    "target_role",
)


@dataclass
class ActorReport:
    stages: list[str]
    sentences: int = 0
    coverage: Tally = field(default_factory=Tally)  # labelled sentences where we coded the type
    actors: dict[str, Tally] = field(default_factory=dict)  # "source country", "target role", …
    by_type: dict[tuple[str, str], Tally] = field(default_factory=dict)


def is_actor_labels(path: Path | str) -> bool:
    """Is the file our actor labels (header :data:`ACTOR_COLUMNS`) rather than judged sentences?"""
    try:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                return tuple(line.split("\t")) == ACTOR_COLUMNS
    except OSError:
        return False
    return False


def judged_docs(rows: Iterable[dict[str, str]], corpus_dir: Path, pipe: Pipeline) -> dict[tuple[str, int], Doc]:
    """The articles that label rows name (``corpus``, ``line``, ``id``, ``sha1``), read back from the
    corpus, dated by their record and run through ``pipe``: one Doc per article."""
    items = {
        (r["corpus"], int(r["line"])): JudgedArticle(r["corpus"], int(r["line"]), r["id"], r["sha1"], "actors", ())
        for r in rows
    }
    return {
        key: pipe(Doc(article=Article(id=items[key].id, body=body, language="ar", published=published)))
        for key, (body, published) in load_articles(items.values(), corpus_dir).items()
    }


def evaluate_judged_actors(
    path: Path | str, corpus_dir: Path | str, *, pipeline: Pipeline | None = None
) -> ActorReport:
    """Actor country and role accuracy on our labels of judged news sentences: for each labelled
    sentence, the first event of its type that happened with its evidence in the sentence (the
    one detection counts), its source and target against the labels — scored as on the OEDA spans
    (:func:`.event_eval._score_spans`: a slot both leave empty is not scored, a missing actor is
    wrong). Articles are dated by their corpus record, as ingest dates them."""
    rows = [row for _, row in tsv_rows(Path(path), ACTOR_COLUMNS, "actor-labels")]
    pipe = pipeline or default_pipeline()
    report = ActorReport(stages=pipe.names)
    events = {key: doc.ann.events for key, doc in judged_docs(rows, Path(corpus_dir), pipe).items()}
    for r in rows:
        report.sentences += 1
        start, end = int(r["start"]), int(r["end"])
        ours = next(
            (
                e
                for e in events[(r["corpus"], int(r["line"]))]
                if e.type == r["type"] and start <= e.start and e.end <= end and happened(e)
            ),
            None,
        )
        report.coverage.add(ours is not None)
        if ours is None:
            continue
        for side in ("source", "target"):
            actor: Actor | None = getattr(ours, side)
            for slot, column in (("main", "country"), ("role", "role")):
                gold = r[f"{side}_{column}"]
                value = _slot_value(actor, slot, gold)
                if gold == value == ABSENT:
                    continue
                name = f"{side} {column}"
                report.actors.setdefault(name, Tally()).add(value == gold)
                report.by_type.setdefault((r["type"], name), Tally()).add(value == gold)
    return report


def format_actor_report(report: ActorReport) -> str:
    lines = [
        f"stages: {', '.join(report.stages)}",
        f"{report.sentences} labelled sentences; coded with their type: "
        f"{report.coverage.correct}/{report.coverage.total}",
        "",
        f"{'actors':<16} {'accuracy':>8} {'n':>5}",
    ]
    lines += [f"{name:<16} {t.accuracy:8.3f} {t.total:5d}" for name, t in sorted(report.actors.items())]
    lines += ["", f"{'type':<8} {'slot':<16} {'accuracy':>8} {'n':>5}"]
    lines += [
        f"{etype:<8} {name:<16} {t.accuracy:8.3f} {t.total:5d}" for (etype, name), t in sorted(report.by_type.items())
    ]
    return "\n".join(lines)


def write_actor_labels(
    labels: Iterable[dict[str, Any]], path: Path, comment: str = "", columns: tuple[str, ...] = ACTOR_COLUMNS
) -> int:
    """Write actor labels (dicts with the ``columns`` keys; anything else, such as the annotator's
    copy of the actor's words, is left out: the file holds no article text)."""
    rows = [[str(label[c]) for c in columns] for label in labels]
    head = "".join(f"# {line}\n" for line in comment.splitlines())
    path.write_text(head + "\t".join(columns) + "\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return len(rows)


def actor_agreement(first: Path | str, second: Path | str) -> dict[str, Tally]:
    """Slot by slot, how often a second annotator's actor labels equal the first's on the
    sentences both labelled (slots both leave empty are not counted, as in the scoring): the
    level a coder can be expected to reach on these labels."""
    a, b = _actor_rows(first), _actor_rows(second)
    out: dict[str, Tally] = {}
    for key in sorted(a.keys() & b.keys()):
        for side in ("source", "target"):
            for column in ("country", "role"):
                x, y = a[key][f"{side}_{column}"], b[key][f"{side}_{column}"]
                if x == y == ABSENT:
                    continue
                out.setdefault(f"{side} {column}", Tally()).add(x == y)
    return out


def _actor_rows(path: Path | str) -> dict[tuple[str, str, str, str], dict[str, str]]:
    return {
        (r["corpus"], r["line"], r["start"], r["type"]): r
        for _, r in tsv_rows(Path(path), ACTOR_COLUMNS, "actor-labels")
    }


def format_actor_agreement(tallies: dict[str, Tally]) -> str:
    lines = [f"{'two annotators':<16} {'agreement':>9} {'n':>5}"]
    lines += [f"{name:<16} {t.accuracy:9.3f} {t.total:5d}" for name, t in sorted(tallies.items())]
    return "\n".join(lines)
