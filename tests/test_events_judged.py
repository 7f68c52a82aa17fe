"""Event detection on hand-judged news sentences (``marsad eval events FILE.tsv``).

eval/events/news_dev.tsv, news_test.tsv and news_test3.tsv hold our judgements of every sentence
of 70 + 70 + 80 articles of ../shared/corpus (no text: corpus file, line, id, a hash of the body, offsets). The
dev set is the one the rules were read against; the test set was judged before marsad ran on it
and measures the result (figures in the closing note of issue 4).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from marsad.errors import ConfigError
from marsad.nlp.event_judged import (
    COLUMNS,
    evaluate_judged,
    format_agreement,
    format_judged_report,
    judge_agreement,
    load_bodies,
    read_judged,
)
from marsad.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "eval" / "events" / "news_dev.tsv"
TEST = ROOT / "eval" / "events" / "news_test.tsv"
JUDGE2 = ROOT / "eval" / "events" / "news_test_judge2.tsv"
TEST3 = ROOT / "eval" / "events" / "news_test3.tsv"
TEST3_JUDGE2 = ROOT / "eval" / "events" / "news_test3_judge2.tsv"
TEST4 = ROOT / "eval" / "events" / "news_test4.tsv"
TRAIN = ROOT / "eval" / "events" / "news_train.tsv"
# Pooled F1 of the default stage (rules, no learned filter) on the dev set, 2026-12-01 (events-8):
# ASSAULT 0.82, PROTEST 0.87 (with the OEDA filter: 0.19 / 0.44). Floors a few points below;
# PROTEST has 44 positive sentences, so one sentence moves it by about 0.01.
DEV_FLOORS = {"ASSAULT": 0.78, "PROTEST": 0.82}


@pytest.fixture(scope="module")
def dev_report(shared: Path):  # type: ignore[no-untyped-def]
    return evaluate_judged(DEV, shared / "corpus", pipeline=build(["events"]))


@pytest.mark.parametrize("event_type", sorted(DEV_FLOORS))
def test_news_detection_floor(dev_report, event_type: str) -> None:  # type: ignore[no-untyped-def]
    score = dev_report.scores[("pooled", event_type)]
    assert score.f1 >= DEV_FLOORS[event_type], format_judged_report(dev_report)


def test_report_counts_every_judged_sentence(dev_report) -> None:  # type: ignore[no-untyped-def]
    items = read_judged(DEV)
    assert dev_report.articles == len(items) == 70
    assert dev_report.sentences == sum(len(i.sentences) for i in items)
    pooled = dev_report.scores[("pooled", "ASSAULT")]
    assert pooled.tp + pooled.fp + pooled.fn + pooled.tn == dev_report.sentences
    assert "random" in format_judged_report(dev_report)


def test_judged_files_hold_no_text() -> None:
    """Our judgements name articles; the text stays in ../shared."""
    for path in (DEV, TEST, JUDGE2, TEST3, TEST3_JUDGE2, TRAIN):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                assert line.count("\t") == 9 and len(line) < 200, line


def _corpus(tmp_path: Path, body: str) -> Path:
    with gzip.open(tmp_path / "mini.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"docno": "x0", "text": "نص آخر."}, ensure_ascii=False) + "\n")
        fh.write(json.dumps({"docno": "x1", "text": body}, ensure_ascii=False) + "\n")
    return tmp_path


def _judged(
    tmp_path: Path,
    body: str,
    sentences: list[tuple[int, int, str, str]],
    sha1: str | None = None,
    name: str = "judged.tsv",
) -> Path:
    digest = sha1 or hashlib.sha1(body.encode("utf-8")).hexdigest()[:12]
    rows = [
        "\t".join(
            ["mini.jsonl.gz", "1", "x1", digest, "random", str(a), str(b), "ASSAULT,PROTEST", yes, doubt]
        )
        for a, b, yes, doubt in sentences
    ]
    path = tmp_path / name
    path.write_text("# test\n" + "\t".join(COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_scores_a_small_judged_file(tmp_path: Path) -> None:
    first = "هاجم مسلحون مركزا للشرطة في بغداد أمس وقتلوا ثلاثة من عناصره."
    body = first + " افتتح الوزير معرضا للكتاب في العاصمة."
    sentences = [(0, len(first), "ASSAULT", "0"), (len(first) + 1, len(body), "-", "1")]
    report = evaluate_judged(
        _judged(tmp_path, body, sentences), _corpus(tmp_path, body), pipeline=build(["events"])
    )
    assault = report.scores[("pooled", "ASSAULT")]
    assert (assault.tp, assault.fp, assault.fn) == (1, 0, 0)
    assert report.certain[("pooled", "ASSAULT")].tn == 0  # the doubtful sentence is left out there
    assert report.scores[("random", "PROTEST")].tn == 2


def test_a_changed_corpus_is_refused(tmp_path: Path) -> None:
    body = "افتتح الوزير معرضا للكتاب."
    path = _judged(tmp_path, body, [(0, len(body), "-", "0")], sha1="0" * 12)
    with pytest.raises(ConfigError, match="changed"):
        evaluate_judged(path, _corpus(tmp_path, body), pipeline=build(["events"]))


def test_a_malformed_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("corpus\tline\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not a judged"):
        read_judged(bad)
    bad.write_text("\t".join(COLUMNS) + "\nmini.jsonl.gz\tx\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="2 columns"):
        read_judged(bad)
    bad.write_text(
        "\t".join(COLUMNS)
        + "\n"
        + "\t".join(["c", "one", "i", "h", "s", "0", "1", "ASSAULT", "-", "0"])
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="row 2"):
        read_judged(bad)


def test_two_judges_agreement(tmp_path: Path) -> None:
    body = "أ. ب. ج. د. هـ."
    spans = [(0, 2), (3, 5), (6, 8), (9, 11), (12, 15)]
    first = ["ASSAULT", "ASSAULT", "-", "-", "PROTEST"]
    second = ["ASSAULT", "-", "ASSAULT", "-", "PROTEST"]
    doubts = ["0", "1", "0", "0", "0"]
    one = _judged(
        tmp_path,
        body,
        [(a, b, y, d) for (a, b), y, d in zip(spans, first, doubts, strict=True)],
        name="a.tsv",
    )
    two = _judged(
        tmp_path, body, [(a, b, y, "0") for (a, b), y in zip(spans, second, strict=True)], name="b.tsv"
    )
    report = judge_agreement(one, two)
    assault = report.scores["ASSAULT"]
    assert (assault.both, assault.first_only, assault.second_only, assault.neither) == (1, 1, 1, 2)
    assert assault.f1 == pytest.approx(0.5)
    # observed 3/5, chance 0.4*0.4 + 0.6*0.6 = 0.52: kappa = 0.08 / 0.48
    assert assault.kappa == pytest.approx(0.08 / 0.48)
    assert report.scores["PROTEST"].kappa == pytest.approx(1.0)
    assert report.certain["ASSAULT"].n == 4  # the sentence the first judge doubted is left out
    assert "kappa" in format_agreement(report)
    short = _judged(tmp_path, body, [(0, 2, "-", "0")], name="c.tsv")
    with pytest.raises(ConfigError, match="same sentences"):
        judge_agreement(one, short)


@pytest.mark.parametrize(("first", "second"), [(TEST, JUDGE2), (TEST3, TEST3_JUDGE2)])
def test_the_second_judge_covers_the_test_set_and_mostly_agrees(first: Path, second: Path) -> None:
    """The committed second judgement must stay aligned with the test set it re-judges."""
    report = judge_agreement(first, second)
    assert report.sentences == sum(len(item.sentences) for item in read_judged(first))
    assert report.scores["ASSAULT"].kappa > 0.8
    assert report.scores["PROTEST"].kappa > 0.8


@pytest.mark.parametrize(("path", "articles"), [(TEST3, 80), (TRAIN, 480), (TEST4, 40)])
def test_the_protest_sets_name_corpus_articles_unchanged(shared: Path, path: Path, articles: int) -> None:
    """Every article of news_test3, news_train and news_test4 is read back from ../shared by line and hash."""
    items = read_judged(path)
    assert len(items) == articles and {i.sample for i in items} == {"random", "enriched", "protest"}
    bodies = load_bodies(items, shared / "corpus")
    assert all(max(s.end for s in i.sentences) <= len(bodies[(i.corpus, i.line)]) for i in items)


def test_no_article_is_in_two_sets() -> None:
    """The training, development and held-out sets are disjoint by article: a test figure is
    only held out if no rule or filter was read or fitted on its articles."""
    seen: dict[tuple[str, int], str] = {}
    for path in (DEV, TEST, TEST3, TRAIN, TEST4):
        for item in read_judged(path):
            key = (item.corpus, item.line)
            assert key not in seen, f"{item.id} is in {seen.get(key)} and {path.name}"
            seen[key] = path.name


# ---------------------------------------------------------------- actor labels

ACTORS = Path(__file__).resolve().parents[1] / "eval" / "events" / "actors_test.tsv"


def test_actor_labels_of_a_small_file(tmp_path: Path) -> None:
    from marsad.nlp.event_judged import (
        evaluate_judged_actors,
        format_actor_report,
        is_actor_labels,
        write_actor_labels,
    )

    body = "قصفت الطائرات الإسرائيلية مواقع لحركة حماس في غزة."
    corpus = _corpus(tmp_path, body)
    digest = hashlib.sha1(body.encode("utf-8")).hexdigest()[:12]
    label = {
        "corpus": "mini.jsonl.gz", "line": 1, "id": "x1", "sha1": digest, "start": 0, "end": len(body),
        "type": "ASSAULT", "source_country": "ISR", "source_role": "MIL", "target_country": "PSE",
        "target_role": "REB", "source_words": "الطائرات الإسرائيلية", "target_words": "حركة حماس",
    }
    path = tmp_path / "actors.tsv"
    assert write_actor_labels([label], path, "test") == 1
    assert "الطائرات" not in path.read_text(encoding="utf-8")  # no text kept
    assert is_actor_labels(path) and not is_actor_labels(ACTORS.with_name("news_test.tsv"))
    report = evaluate_judged_actors(path, corpus, pipeline=build(["events"]))
    assert report.coverage.correct == 1
    assert report.actors["source country"].accuracy == 1.0 and report.actors["target country"].accuracy == 1.0
    assert "source country" in format_actor_report(report)


# First run on events-15 (2026-12-02), blind: source country 0.500, role 0.321; target country 0.512,
# role 0.360; 99 of 120 sentences coded with their type. events-17 (learned source ranker): source
# 0.545 / 0.506, target 0.535 / 0.407. Held out: a floor a few points under it.
ACTOR_FLOORS = {"source country": 0.50, "target country": 0.48, "source role": 0.45, "target role": 0.36}


def test_held_out_actor_floor(shared: Path) -> None:
    from marsad.nlp.event_judged import evaluate_judged_actors

    report = evaluate_judged_actors(ACTORS, shared / "corpus")
    assert report.sentences == 120 and report.coverage.correct >= 90
    for name, floor in ACTOR_FLOORS.items():
        assert report.actors[name].accuracy >= floor, (name, report.actors[name].accuracy)


def test_two_annotators_actor_agreement(tmp_path: Path) -> None:
    from marsad.nlp.event_judged import actor_agreement, format_actor_agreement, write_actor_labels

    base = {"corpus": "c.gz", "line": 1, "id": "x", "sha1": "0" * 12, "start": 0, "end": 9, "type": "ASSAULT"}
    one = {**base, "source_country": "ISR", "source_role": "MIL", "target_country": "-", "target_role": "-"}
    two = {**base, "source_country": "ISR", "source_role": "None", "target_country": "-", "target_role": "-"}
    write_actor_labels([one], tmp_path / "a.tsv")
    write_actor_labels([two], tmp_path / "b.tsv")
    tallies = actor_agreement(tmp_path / "a.tsv", tmp_path / "b.tsv")
    assert tallies["source country"].accuracy == 1.0 and tallies["source role"].accuracy == 0.0
    assert "target country" not in tallies  # both left it empty: not counted
    assert "source role" in format_actor_agreement(tallies)


def test_the_second_actor_annotator_mostly_agrees() -> None:
    from marsad.nlp.event_judged import actor_agreement

    tallies = actor_agreement(ACTORS, ACTORS.with_name("actors_test_judge2.tsv"))
    assert sum(t.total for t in tallies.values()) > 150
    assert all(t.accuracy >= 0.85 for t in tallies.values()), tallies  # 0.95 / 0.91 / 0.90 / 0.88
