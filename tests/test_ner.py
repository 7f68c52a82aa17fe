"""The shipped NER model: loads, tags validly, finds the sample's names (clitics
attached or not), and keeps a quality floor on data it was not trained on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.errors import ResourceError
from marsad.nlp.conll import read_conll, score
from marsad.nlp.ner import LABELS, NerModel, data_dir, load_default, repair_bio

# Measured with scripts/train_ner.py on the shipped model (see marsad/data/ner/model.json):
# AQMAR (Wikipedia, never trained on) PERS/LOC/ORG F1 on the first 600 sentences.
# The floor sits a few points under the measurement so only a real regression trips it.
AQMAR_FLOOR = 0.47  # measured 0.529 (PERS/LOC/ORG micro F1, model crf+nn-20261130-38368446)
AQMAR_SENTENCES = 600


@pytest.fixture(scope="module")
def model() -> NerModel:
    return load_default()


def test_loads_with_version(model: NerModel) -> None:
    assert model is load_default()  # cached
    assert model.version.startswith("crf+nn-") and len(model.version.split("-")[-1]) == 8
    meta = json.loads((data_dir() / "model.json").read_text(encoding="utf-8"))
    assert meta["cv"]["micro"]["f1"] > 0.5


def test_missing_weights_raise(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match="train_ner"):
        NerModel(tmp_path)


def test_tag_lengths_and_labels(model: NerModel) -> None:
    toks = ["قال", "الرئيس", "الروسي", "فلاديمير", "بوتين", "،", "«", "إن", "موسكو", "»", "."]
    tags = model.tag(toks)
    assert len(tags) == len(toks)
    assert set(tags) <= set(LABELS)
    assert model.tag([]) == []
    assert model.tag_sents([toks, ["x"]])[1] in (["O"], ["B-MISC"], ["B-PERS"], ["B-ORG"], ["B-LOC"])


def test_repair_bio() -> None:
    assert repair_bio(["I-LOC", "I-LOC", "O", "I-PERS", "B-ORG", "I-PERS"]) == [
        "B-LOC", "I-LOC", "O", "B-PERS", "B-ORG", "B-PERS"]


def _found(text: str, spans: list[tuple[int, int, str]], name: str, etypes: str) -> bool:
    """Some span of one of ``etypes`` (``|``-separated) covers an occurrence of ``name``
    (clitics may widen the span)."""
    starts = [i for i in range(len(text)) if text.startswith(name, i)]
    return any(s <= i and i + len(name) <= e and t in etypes.split("|")
               for i in starts for s, e, t in spans)


def test_aggregator_sample(model: NerModel, sample_page: Path) -> None:
    text = sample_page.read_text(encoding="utf-8")
    spans = model.spans(text)
    for s, e, _ in spans:
        assert 0 <= s < e <= len(text) and text[s:e] == text[s:e].strip()
    for name, etype in [("فلاديمير بوتين", "PERS"), ("كيم جونغ أون", "PERS"), ("روسيا", "LOC"),
                        ("موسكو", "LOC"), ("أوكرانيا", "LOC"), ("كورسك", "LOC")]:
        assert _found(text, spans, name, etype), (name, etype)


@pytest.mark.parametrize(("text", "name", "etype"), [
    ("التقى الرئيس الفرنسي وبوتين في باريس أمس.", "وبوتين", "PERS"),
    ("وقال المتحدث إن الدعم العسكري لروسيا سيستمر.", "لروسيا", "LOC"),
    # ANERcorp tags الكرملين ORG (the institution); as a place LOC is fair too. The
    # all-CRF model missed it in a purely locative frame; the BiLSTM stage two finds it
    # there but types it PERS after "مصدر" (its corpus vector sits with بيسكوف and
    # ديمتري, the Kremlin's spokesman): a known type error, kept visible here.
    ("وعقد الاجتماع بالكرملين أمس.", "بالكرملين", "ORG|LOC"),
    pytest.param("وقال مصدر بالكرملين إن بوتين سيزور الصين.", "بالكرملين", "ORG|LOC",
                 marks=pytest.mark.xfail(strict=True, reason="typed PERS by the BiLSTM stage two")),
    ("وزار الوفد واشنطن وكوريا الجنوبية الأسبوع الماضي.", "وكوريا الجنوبية", "LOC"),
])
def test_clitic_attached_names(model: NerModel, text: str, name: str, etype: str) -> None:
    spans = model.spans(text)
    assert _found(text, spans, name, etype), spans


def test_quality_floor_out_of_domain(model: NerModel, shared: Path) -> None:
    gold = read_conll(shared / "ner" / "aqmar" / "aqmar_all_raw.conll")[:AQMAR_SENTENCES]
    keep = ("PERS", "LOC", "ORG")  # AQMAR's MISC is much broader than ANERcorp's

    def only(tags: list[str]) -> list[str]:
        return [t if t[2:] in keep else "O" for t in tags]

    pred = model.tag_sents([t for t, _ in gold])
    rep = score([only(y) for _, y in gold], [only(p) for p in pred])
    assert rep.micro.f1 >= AQMAR_FLOOR, rep.as_dict()


def test_tag_sents_chunks_like_one_piece(model: NerModel, shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sents = [t for t, _ in read_conll(shared / "ner" / "anercorp" / "train.txt")[:60]]
    whole = model.tag_sents(sents)
    monkeypatch.setattr("marsad.nlp.ner.CHUNK", 7)
    assert model.tag_sents(sents) == whole
    assert [len(t) for t in whole] == [len(s) for s in sents]


def test_no_entity_runs_over_a_complementiser() -> None:
    from marsad.nlp.ner import outside_clause_words, repair_bio

    tokens = ["وذكرت", "المنظمة", "بأن", "النيابة", "العسكرية", "اتهمت", "بان", "كي", "مون"]
    tags = ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-PERS", "I-PERS", "I-PERS"]
    assert repair_bio(outside_clause_words(tokens, tags)) == [
        "O", "B-ORG", "O", "B-ORG", "I-ORG", "O", "B-PERS", "I-PERS", "I-PERS",
    ]  # (unvowelled بان is the name Ban: kept)
