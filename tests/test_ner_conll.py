"""CoNLL reading, tag mapping, span scoring (hand-computed), and the tag_conll round trip."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from marsad.nlp.conll import evaluate_conll, format_report, map_tag, read_conll, spans_of, tag_conll


class FixedTagger:
    """Tags from a lookup table, so scores can be computed by hand."""

    def __init__(self, table: dict[str, str]):
        self.table = table

    def tag_sents(self, sents: list[list[str]]) -> list[list[str]]:
        return [[self.table.get(t, "O") for t in s] for s in sents]


@pytest.mark.parametrize(("tag", "want"), [
    ("B-PER", "B-PERS"), ("I-PERSON", "I-PERS"), ("B-LOCATION", "B-LOC"), ("B-GPE", "B-LOC"),
    ("I-ORGANIZATION", "I-ORG"), ("B-MIS1", "B-MISC"), ("B-Politician", "B-PERS"),
    ("I-Nation", "I-LOC"), ("B-Government", "B-ORG"), ("S-PER", "B-PERS"), ("E-ORG", "I-ORG"),
    ("B-DATE", "O"), ("O", "O"), ("Real_Madrid", "O"),
])
def test_map_tag(tag: str, want: str) -> None:
    assert map_tag(tag) == want


def test_spans_conlleval_semantics() -> None:
    # I- after O or after another type opens a new entity, as conlleval reads it
    tags = ["B-PERS", "I-PERS", "O", "I-LOC", "I-LOC", "B-ORG", "I-LOC", "B-LOC", "B-LOC"]
    assert spans_of(tags) == [(0, 2, "PERS"), (3, 5, "LOC"), (5, 6, "ORG"), (6, 7, "LOC"),
                              (7, 8, "LOC"), (8, 9, "LOC")]
    assert spans_of([]) == []


GOLD = """\
-DOCSTART- O

زار B-X
الرئيس O
فلاديمير B-PER
بوتين I-PER
موسكو B-LOC
. O

قالت O
الأمم B-ORG
المتحدة I-ORG
إن O
روسيا B-LOC
"""


def test_read_conll_mixed_columns(tmp_path: Path) -> None:
    gold = tmp_path / "g.conll"
    gold.write_text(GOLD.replace("قالت O", "قالت\tO"), encoding="utf-8")
    sents = read_conll(gold)
    assert [len(t) for t, _ in sents] == [6, 5]
    assert sents[0][1][2:5] == ["B-PERS", "I-PERS", "B-LOC"]
    assert sents[1][0][1] == "الأمم"


def test_evaluate_hand_computed(tmp_path: Path) -> None:
    gold = tmp_path / "g.conll"
    gold.write_text(GOLD, encoding="utf-8")
    # gold: X(زار), PERS(فلاديمير بوتين), LOC(موسكو), ORG(الأمم المتحدة), LOC(روسيا) = 5
    # predicted: PERS بوتين only (wrong span), LOC موسكو (tp), LOC الأمم (fp), LOC روسيا (tp), MISC . (fp)
    tagger = FixedTagger({"بوتين": "B-PERS", "موسكو": "B-LOC", "الأمم": "B-LOC", "روسيا": "B-LOC",
                          ".": "B-MISC"})
    rep = evaluate_conll(tagger, gold)
    assert (rep.micro.tp, rep.micro.fp, rep.micro.fn) == (2, 3, 3)
    assert rep.micro.precision == pytest.approx(2 / 5)
    assert rep.micro.recall == pytest.approx(2 / 5)
    assert rep.micro.f1 == pytest.approx(0.4)
    loc = rep.per_type["LOC"]
    assert (loc.tp, loc.fp, loc.fn) == (2, 1, 0)
    assert loc.f1 == pytest.approx(2 * (2 / 3) * 1 / (2 / 3 + 1))
    assert rep.per_type["X"].fn == 1
    text = format_report(rep)
    assert "micro" in text and "40.00" in text and "11 tokens, 2 sentences" in text


def test_tag_conll_round_trip(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text("\n\nأ\tB-LOC\nب\n\n\nج O\n-DOCSTART-\nد\n", encoding="utf-8")
    out = io.StringIO()
    n = tag_conll(FixedTagger({"ب": "B-PERS"}), src, out, batch=1)
    assert n == 4
    lines = out.getvalue().split("\n")
    assert lines == ["", "", "أ\tO", "ب\tB-PERS", "", "", "ج\tO", "-DOCSTART-\tO", "د\tO", ""]
    # same tokens and breaks when read back
    again = tmp_path / "again.txt"
    again.write_text(out.getvalue(), encoding="utf-8")
    assert [t for t, _ in read_conll(again)] == [t for t, _ in read_conll(src)]
