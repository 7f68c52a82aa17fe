"""The whole default pipeline on the aggregator sample, through ingest, the store and the
export record: each issue's done-when, checked where a user meets it (one ingest run,
shared by the tests of this module)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from marsad.export import record
from marsad.ingest import ingest
from marsad.store import open_store


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory, sample_page: Path) -> list[dict[str, Any]]:
    db = tmp_path_factory.mktemp("pipe") / "x.db"
    store = open_store(str(db))
    store.migrate()
    summary = ingest([str(sample_page)], store)  # the configured default stages
    assert summary.as_dict() == {"stored": 2}
    recs = sorted((record(d) for d in store.iter_docs()), key=lambda r: not r["page_tags"])
    store.close()
    return recs


def _entity(rec: dict[str, Any], name_en: str) -> dict[str, Any]:
    found = [e for e in rec["entities"] if e.get("name_en") == name_en]
    assert len(found) == 1, (name_en, [e["name"] for e in rec["entities"]])
    return found[0]


def test_issue2_record_fields(records: list[dict[str, Any]]) -> None:
    main, other = records
    assert main["published"] == "2025-04-28T00:00:00+00:00" and main["outlet"] == "عين ليبيا"
    assert other["id"] in main["related"] and other["published"] is None and other["outlet"] is None
    assert main["language"] == other["language"] == "ar"
    for rec in records:
        for m in (m for e in rec["entities"] for m in e["mentions"] if m.get("field", "body") == "body"):
            assert rec["body"][m["start"] : m["end"]] == m["text"]  # every fact points at its characters


def test_issue3_entities_resolved_across_variants(records: list[dict[str, Any]]) -> None:
    main, other = records
    both = {
        "North Korea", "Russia", "Ukraine", "Kim Jong Un", "Vladimir Putin", "Kremlin",
        "Korean Central News Agency", "Kursk", "Moscow", "Pyongyang",
    }
    for name in both:
        _entity(main, name), _entity(other, name)
    _entity(other, "Valery Gerasimov"), _entity(other, "Dmitry Peskov")
    _entity(main, "US Department of State")
    # الأميركية is a mention of the United States
    usa = _entity(main, "United States")
    assert any(m["text"] == "الأميركية" for m in usa["mentions"])
    # بيونغ يانغ (main) and بيونج يانج (related) are one entity
    assert _entity(main, "Pyongyang")["id"] == _entity(other, "Pyongyang")["id"]
    assert any(m["text"] == "بيونج يانج" for m in _entity(other, "Pyongyang")["mentions"])
    putin = _entity(main, "Vladimir Putin")
    assert putin["country"] == "RUS" and putin["role"] and "الرئيس" in putin["role"]


def test_issue3_pair_tags(records: list[dict[str, Any]]) -> None:
    main = records[0]
    ids = {e["name_en"]: e["id"] for e in main["entities"]}
    pairs = [frozenset(t["entities"]) for t in main["tag_details"] if t["kind"] == "pair"] if "tag_details" in main else None
    labels = main["tags"]
    assert "روسيا وكوريا الشمالية" in labels or "كوريا الشمالية وروسيا" in labels
    if pairs is not None:
        assert frozenset({ids["Russia"], ids["North Korea"]}) in pairs
        assert frozenset({ids["United States"], ids["North Korea"]}) in pairs
    else:
        assert any("الولايات المتحدة" in t and "كوريا الشمالية" in t for t in labels)


def _events(rec: dict[str, Any], plover: str) -> list[dict[str, Any]]:
    return [e for e in rec["events"] if e["type"] == plover]


def test_issue4_events(records: list[dict[str, Any]]) -> None:
    main, other = records
    aid = [e for e in _events(main, "AID") if e["source"]["country"] == "PRK" and e["target"]["country"] == "RUS"]
    assert aid and aid[0]["cameo"].startswith("07")
    praise = [e for e in _events(main, "SUPPORT") if e["cameo"] == "051" and e["source"]["country"] == "RUS"]
    assert praise and praise[0]["target"]["country"] == "PRK"
    accuse = [e for e in _events(main, "ACCUSE") if e["source"]["country"] == "USA"]
    assert accuse and accuse[0]["cameo"].startswith("11") and accuse[0]["target"]["country"] == "PRK"
    kursk = [e for e in other["events"] if e["type"] in ("ASSAULT", "COERCE") and "كورسك" in (e.get("location") or "")]
    assert kursk
    for rec in records:
        for e in rec["events"]:
            assert 0 <= e["start"] < e["end"] <= len(rec["body"])  # evidence sentence span


def test_issue4_quotes_and_speakers(records: list[dict[str, Any]]) -> None:
    main = records[0]
    putin = _entity(main, "Vladimir Putin")["id"]
    by_putin = [q for q in main["quotes"] if (q.get("speaker") or {}).get("entity") == putin]
    assert len(by_putin) == 2 and [q["continuation"] for q in by_putin] == [False, True]
    kcna = _entity(main, "Korean Central News Agency")["id"]
    state = _entity(main, "US Department of State")["id"]
    speaker_of = {q["text"]: (q.get("speaker") or {}).get("entity") for q in main["quotes"]}
    assert speaker_of["تكللت بالنجاح"] == kcna and speaker_of["مساهمة مهمة"] == kcna
    assert speaker_of["التورط المباشر"] == state
    for q in main["quotes"]:
        assert main["body"][q["start"] : q["end"]] == q["text"]


def test_issue5_one_story(records: list[dict[str, Any]]) -> None:
    main, other = records
    assert main["story"] and main["story"] == other["story"]
