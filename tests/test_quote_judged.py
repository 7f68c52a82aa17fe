"""Offsets-only quote gold (eval/quotes/*.tsv): written from labels, read back from the corpus,
scored by ``marsad eval quotes``. The article below is written for this test."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from marsad.errors import ConfigError
from marsad.nlp.quote_eval import evaluate_quotes
from marsad.nlp.quote_judged import body_sha1, read_judged_quotes, write_judged_quotes

BODY = (
    'قال وزير الخارجية أحمد سالم إن "الحوار هو الطريق الوحيد". وأضاف: "لن نقبل بأي تدخل". '
    "وفي سياق آخر، افتتحت البلدية حديقة جديدة."
)
EMPTY = "افتتحت البلدية حديقة جديدة في وسط المدينة."


def _label(body: str, quote: str, speaker: str | None, cue: str | None, cont: bool) -> dict:
    return {
        "quote": quote,
        "start": body.index(quote),
        "speaker": speaker,
        "speaker_start": body.index(speaker) if speaker else None,
        "cue": cue,
        "is_continuation": cont,
    }


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    with gzip.open(tmp_path / "news.jsonl.gz", "wt", encoding="utf-8") as fh:
        for n, body in enumerate([EMPTY, BODY]):
            fh.write(json.dumps({"docno": f"T-{n}", "text": body}, ensure_ascii=False) + "\n")
    return tmp_path


def _articles() -> list[dict]:
    return [
        {
            "corpus": "news.jsonl.gz",
            "line": 1,
            "id": "T-1",
            "sha1": body_sha1(BODY),
            "quotes": [
                _label(BODY, "الحوار هو الطريق الوحيد", "وزير الخارجية أحمد سالم", "قال", False),
                _label(BODY, "لن نقبل بأي تدخل", "وزير الخارجية أحمد سالم", "وأضاف", True),
            ],
        },
        {"corpus": "news.jsonl.gz", "line": 0, "id": "T-0", "sha1": body_sha1(EMPTY), "quotes": []},
    ]


def test_round_trip_holds_no_text(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "gold.tsv"
    assert write_judged_quotes(_articles(), {"T-1": BODY, "T-0": EMPTY}, out, "test labels") == 2
    written = out.read_text(encoding="utf-8")
    assert "الحوار" not in written and "سالم" not in written  # offsets only
    records = {r["id"]: r for r in read_judged_quotes(out, corpus)}
    assert records["T-0"]["quotes"] == []
    q1, q2 = records["T-1"]["quotes"]
    assert (q1["quote"], q1["speaker"], q1["cue"], q1["is_continuation"]) == (
        "الحوار هو الطريق الوحيد",
        "وزير الخارجية أحمد سالم",
        "قال",
        False,
    )
    assert (q2["quote"], q2["cue"], q2["is_continuation"]) == ("لن نقبل بأي تدخل", "وأضاف", True)


def test_evaluate_reads_the_tsv(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "gold.tsv"
    write_judged_quotes(_articles(), {"T-1": BODY, "T-0": EMPTY}, out)
    result = evaluate_quotes(out, corpus=corpus)
    assert result["docs"] == 2 and result["counts"]["gold"] == 2
    assert result["span_exact"]["f1"] == 1.0  # both quotes found with their exact offsets
    assert result["speaker_accuracy"] == 1.0  # the continuation inherits the named speaker


def test_changed_corpus_is_an_error(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "gold.tsv"
    write_judged_quotes(_articles(), {"T-1": BODY, "T-0": EMPTY}, out)
    with gzip.open(corpus / "news.jsonl.gz", "wt", encoding="utf-8") as fh:
        for n, body in enumerate([EMPTY, BODY + " تحديث"]):
            fh.write(json.dumps({"docno": f"T-{n}", "text": body}, ensure_ascii=False) + "\n")
    with pytest.raises(ConfigError, match="changed"):
        read_judged_quotes(out, corpus)


def test_label_off_the_body_is_refused(tmp_path: Path) -> None:
    articles = _articles()
    articles[0]["quotes"][0]["start"] += 1
    with pytest.raises(ConfigError, match="does not match"):
        write_judged_quotes(articles, {"T-1": BODY, "T-0": EMPTY}, tmp_path / "gold.tsv")


def test_malformed_rows(corpus: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("corpus\tline\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="header"):
        read_judged_quotes(bad, corpus)
    out = tmp_path / "gold.tsv"
    write_judged_quotes(_articles(), {"T-1": BODY, "T-0": EMPTY}, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    cells = lines[1].split("\t")
    cells[4], cells[5] = "9", "3"  # an end before its start
    out.write_text("\n".join([lines[0], "\t".join(cells)]) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="span"):
        read_judged_quotes(out, corpus)


# Pooled over the seven labelled sets of ../shared/corpus articles (eval/quotes/README.md), with the
# entities stage, quotes-rules-13 (2026-12-02): span F1 0.903, speaker accuracy 0.881 (376 of 427).
# First runs, blind: 0.703, 0.763, 0.750, 0.864, 0.767, news_test6.tsv 0.780 (quotes-rules-13), and
# news_test7.tsv 0.938 (quotes-rules-13, span F1 0.914), news_test8.tsv 0.846 (quotes-rules-14, span
# F1 0.818).
HELD_OUT_SPAN_F1_FLOOR = 0.85
HELD_OUT_SPEAKER_FLOOR = 0.80


def test_labelled_corpus_sets_quality_floor(shared: Path) -> None:
    root = Path(__file__).resolve().parents[1] / "eval" / "quotes"
    totals: dict[str, int] = {}
    for path in sorted(root.glob("news_test*.tsv")):
        counts = evaluate_quotes(path, entities=True, corpus=shared / "corpus")["counts"]
        for key in ("gold", "pred", "exact", "sp_correct"):
            totals[key] = totals.get(key, 0) + counts.get(key, 0)
    assert totals["gold"] == 105 + 65 + 74 + 55 + 65 + 52 + 51 + 74  # the eight sets, all their quotes read back
    precision, recall = totals["exact"] / totals["pred"], totals["exact"] / totals["gold"]
    assert 2 * precision * recall / (precision + recall) >= HELD_OUT_SPAN_F1_FLOOR
    assert totals["sp_correct"] / totals["exact"] >= HELD_OUT_SPEAKER_FLOOR


CLAIM_BODY = "وأكد وزير الخارجية أحمد سالم أن الحكومة ستواصل الحوار مع المعارضة. وافتتحت البلدية حديقة."


def test_claims_use_the_same_layout(tmp_path: Path) -> None:
    from marsad.nlp.claim_eval import evaluate_claims
    from marsad.nlp.quote_judged import as_quote_labels, read_judged_claims

    with gzip.open(tmp_path / "news.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"docno": "C-0", "text": CLAIM_BODY}, ensure_ascii=False) + "\n")
    claim = "الحكومة ستواصل الحوار مع المعارضة"
    labels = {
        "corpus": "news.jsonl.gz",
        "line": 0,
        "id": "C-0",
        "sha1": body_sha1(CLAIM_BODY),
        "claims": [
            {
                "claim": claim,
                "start": CLAIM_BODY.index(claim),
                "source": "وزير الخارجية أحمد سالم",
                "source_start": CLAIM_BODY.index("وزير"),
                "cue": "وأكد",
            }
        ],
    }
    out = tmp_path / "claims.tsv"
    assert write_judged_quotes([as_quote_labels(labels)], {"C-0": CLAIM_BODY}, out) == 1
    (rec,) = read_judged_claims(out, tmp_path)
    assert rec["claims"] == [{"claim": claim, "start": CLAIM_BODY.index(claim), "source": "وزير الخارجية أحمد سالم", "cue": "وأكد"}]
    result = evaluate_claims(out, corpus=tmp_path)
    assert result["counts"]["gold"] == 1 and result["span_lenient"]["f1"] == 1.0 and result["source_accuracy"] == 1.0


# eval/claims/news_test{,2}.tsv (40 corpus articles, 157 claims), with the entities stage,
# claims-rules-12 (2026-12-02): pooled span F1 (overlap) 0.884, source accuracy 0.754 (first runs,
# blind: 0.865 / 0.656 and 0.872 / 0.735).
CLAIMS_SPAN_F1_FLOOR = 0.84
CLAIMS_SOURCE_FLOOR = 0.70


def test_labelled_corpus_claims_quality_floor(shared: Path) -> None:
    from marsad.nlp.claim_eval import evaluate_claims

    root = Path(__file__).resolve().parents[1] / "eval" / "claims"
    totals: dict[str, int] = {}
    for path in sorted(root.glob("news_test*.tsv")):
        counts = evaluate_claims(path, entities=True, corpus=shared / "corpus")["counts"]
        for key in ("gold", "pred", "lenient", "src_correct"):
            totals[key] = totals.get(key, 0) + counts.get(key, 0)
    assert totals["gold"] == 76 + 81
    precision, recall = totals["lenient"] / totals["pred"], totals["lenient"] / totals["gold"]
    assert 2 * precision * recall / (precision + recall) >= CLAIMS_SPAN_F1_FLOOR
    assert totals["src_correct"] / totals["lenient"] >= CLAIMS_SOURCE_FLOOR
