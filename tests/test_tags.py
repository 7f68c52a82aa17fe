"""Semantic tags: main entities and main entity pairs, ranked."""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.model import Article, Doc, Entity, Mention
from marsad.nlp.entities import EntityLinker
from marsad.nlp.kb import load_kb
from marsad.nlp.tags import Tagger, make_tags
from marsad.pipeline import get_factory
from marsad.sources import iter_source


def sample_articles(page: Path) -> list[Article]:
    """The sample page's two articles as the real adapter reads them (main article first)."""
    arts = [a for a in iter_source(str(page)) if isinstance(a, Article)]
    return sorted(arts, key=lambda a: not a.page_tags)


def _pairs(doc: Doc) -> list[frozenset[str]]:
    return [frozenset(t.entities) for t in doc.ann.tags if t.kind == "pair"]


@pytest.fixture(scope="module")
def sample_tagged(sample_page: Path) -> list[Doc]:
    ents, tags = get_factory("entities")(), get_factory("tags")()
    return [tags(ents(Doc(article=a))) for a in sample_articles(sample_page)]


def test_done_when_pairs_from_the_pipeline(sample_tagged):
    first = sample_tagged[0]
    assert frozenset({"kb:RUS", "kb:PRK"}) in _pairs(first)
    assert frozenset({"kb:USA", "kb:PRK"}) in _pairs(first)
    labels = [t.label for t in first.ann.tags]
    assert "روسيا وكوريا الشمالية" in labels


def test_done_when_pairs_from_kb_rules(sample_page):
    linker = EntityLinker(load_kb(), None)
    first = Tagger()(linker(Doc(article=sample_articles(sample_page)[0])))
    assert frozenset({"kb:RUS", "kb:PRK"}) in _pairs(first)
    assert frozenset({"kb:USA", "kb:PRK"}) in _pairs(first)
    entity_tags = [t.entities[0] for t in first.ann.tags if t.kind == "entity"]
    assert entity_tags[:2] == ["kb:PRK", "kb:RUS"]  # the headline's two countries lead
    scores = [t.score for t in first.ann.tags if t.kind == "pair"]
    assert scores == sorted(scores, reverse=True)


def _ent(eid: str, name: str, etype: str, country: str | None, spans: list[tuple[str, int, int]]) -> Entity:
    return Entity(
        id=eid,
        name=name,
        type=etype,  # type: ignore[arg-type]
        country=country,
        mentions=[Mention(start=s, end=e, text="x", field=f) for f, s, e in spans],  # type: ignore[arg-type]
    )


def test_title_and_early_mentions_outrank_late_body_ones():
    body = "أ" * 100 + ". " + "ب" * 100 + "."
    doc = Doc(article=Article(id="t", title="عنوان", body=body))
    doc.ann.entities = [
        _ent("kb:AAA", "ألف", "LOC", "AAA", [("body", 150, 152), ("body", 160, 162)]),
        _ent("kb:BBB", "باء", "LOC", "BBB", [("title", 0, 3)]),
    ]
    ranked = [t.entities[0] for t in make_tags(doc) if t.kind == "entity"]
    assert ranked[0] == "kb:BBB"


def test_a_person_is_not_paired_with_their_own_country():
    body = "جملة أولى فيها الاسمان."
    doc = Doc(article=Article(id="t", title="", body=body))
    doc.ann.entities = [
        _ent("kb:RUS", "روسيا", "LOC", "RUS", [("body", 0, 4), ("body", 5, 9)]),
        _ent("kb:p", "بوتين", "PERS", "RUS", [("body", 10, 14), ("body", 15, 18)]),
    ]
    assert not _pairs(Tagger()(doc))


def test_pair_label_order_is_stable():
    body = "كوريا وروسيا في جملة واحدة."
    doc = Doc(article=Article(id="t", title="كوريا وروسيا", body=body))
    doc.ann.entities = [
        _ent("kb:PRK", "كوريا الشمالية", "LOC", "PRK", [("title", 0, 5), ("body", 0, 5)]),
        _ent("kb:RUS", "روسيا", "LOC", "RUS", [("title", 6, 12), ("body", 6, 12)]),
    ]
    pair = next(t for t in make_tags(doc) if t.kind == "pair")
    assert pair.label == "روسيا وكوريا الشمالية"
    doc.ann.entities.reverse()
    assert next(t for t in make_tags(doc) if t.kind == "pair").label == pair.label


def test_no_entities_no_tags():
    assert make_tags(Doc(article=Article(id="t", body="نص بلا أسماء."))) == []
