"""The knowledge base: what it knows, and the spelling rules that make variants one key."""

from __future__ import annotations

import csv
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.errors import ResourceError
from marsad.nlp.kb import KB_DIR, fold_word, has_article, load_kb, name_key, nisba_forms, surname_key


@pytest.fixture(scope="module")
def kb():
    return load_kb()


@pytest.mark.parametrize(
    ("name", "etype", "country"),
    [
        ("فلاديمير بوتين", "PERS", "RUS"),
        ("كيم جونغ أون", "PERS", "PRK"),
        ("فاليري جيراسيموف", "PERS", "RUS"),
        ("دميتري بيسكوف", "PERS", "RUS"),
        ("الكرملين", "ORG", "RUS"),
        ("وكالة الأنباء المركزية الكورية", "ORG", "PRK"),
        ("وزارة الخارجية الأميركية", "ORG", "USA"),
        ("كورسك", "LOC", "RUS"),
        ("موسكو", "LOC", "RUS"),
        ("بيونغ يانغ", "LOC", "PRK"),
        ("روسيا", "LOC", "RUS"),
        ("الولايات المتحدة", "LOC", "USA"),
        ("حزب الله", "ORG", "LBN"),
    ],
)
def test_kb_knows_the_actors_of_the_sample(kb, name, etype, country):
    found = kb.lookup(name)
    assert found, name
    assert found[0].type == etype
    assert found[0].country == country


@pytest.mark.parametrize(
    "variants",
    [
        ("بيونغ يانغ", "بيونج يانج", "بيونغيانغ", "بيونك يانك"),
        ("جيراسيموف", "غيراسيموف"),
        ("أمريكا", "أميركا", "الولايات المتحدة"),
        ("دميتري بيسكوف", "ديمتري بيسكوف"),
        ("فلاديمير بوتين", "فلاديمير بوتن"),
    ],
)
def test_spelling_variants_resolve_to_one_entity(kb, variants):
    ids = {kb.lookup(v)[0].id for v in variants if kb.lookup(v)}
    assert len(ids) == 1, {v: [e.id for e in kb.lookup(v)] for v in variants}
    assert all(kb.lookup(v) for v in variants)


@pytest.mark.parametrize(
    ("adjective", "iso3"),
    [
        ("الروسي", "RUS"),
        ("الروسية", "RUS"),
        ("الروس", "RUS"),
        ("الكوري الشمالي", "PRK"),
        ("الكورية الشمالية", "PRK"),
        ("الكوريين الشماليين", "PRK"),
        ("الكوريون الشماليون", "PRK"),
        ("الأميركية", "USA"),
        ("الأمريكي", "USA"),
        ("الأوكرانية", "UKR"),
        ("الإيرانيين", "IRN"),
        ("الصينية", "CHN"),
        ("البريطاني", "GBR"),
        ("السعودية", "SAU"),
    ],
)
def test_nisba_adjectives_give_their_country(kb, adjective, iso3):
    assert kb.nisba_country(adjective) == iso3


def test_nisba_exceptions_drop_everyday_words(kb):
    # مالي (Mali) is also "financial": its nisba must not turn وزارة المالية into Mali.
    assert kb.nisba_country("المالية") is None


def test_nisba_forms_inflect_every_word():
    forms = nisba_forms("كوري شمالي")
    assert "كوريين شماليين" in forms and "كوريون شماليون" in forms


def test_table_is_consistent():
    ids: set[str] = set()
    iso3 = re.compile(r"^[A-Z]{3}$")
    with (KB_DIR / "entities.tsv").open(encoding="utf-8") as fh:
        rows = [
            r
            for r in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            if r and not r[0].startswith("#")
        ]
    header, body = rows[0], rows[1:]
    assert header[:4] == ["id", "type", "country", "name"]
    for row in body:
        assert row[0] not in ids, row[0]
        ids.add(row[0])
        assert row[1] in {"PERS", "ORG", "LOC", "MISC"}, row
        assert not row[2] or iso3.match(row[2]), row
        assert row[3].strip(), row
    assert len(body) > 3000  # countries, cities, actors: a KB, not a toy list


def test_weak_aliases_need_ner(kb):
    # "الخبر" is both Khobar and "the news": plain text must not link it.
    assert not kb.lookup("الخبر")
    assert kb.lookup("الخبر", weak=True)


def test_missing_kb_is_a_resource_error(tmp_path):
    with pytest.raises(ResourceError):
        load_kb(str(tmp_path))


arabic_word = st.text(alphabet="بتثجحخدذرزسشصضطظعغفقكلمنهوي", min_size=3, max_size=8)


@given(arabic_word)
def test_article_folds_away_inside_the_key(word):
    assert fold_word("ال" + word) == fold_word(word)
    assert has_article("ال" + word) and not has_article(word.removeprefix("ال") or "بيت")


def test_first_word_article_must_agree(kb):
    # "السيول" (the floods) is not Seoul; "العراق" is Iraq whichever way the text spells hamza.
    assert not kb.lookup("السيول")
    assert kb.lookup("سيول")[0].country == "KOR"
    assert kb.lookup("الكرملين") and not kb.lookup("كرملين")


@given(st.lists(arabic_word, min_size=1, max_size=3))
def test_joined_and_split_names_share_a_key(words):
    assert name_key(" ".join(words)) == name_key("".join(words))


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("فلاديمير بوتين", "بوتين"),
        ("بن برودبنت", "برودبنت"),  # two words: بن belongs to the family name
        ("ابن خلدون", "خلدون"),
        ("محمد بن سلمان", None),  # a given name before بن: سلمان is the father
        ("أبو مازن", None),  # a kunya names the son, not the man
        ("بوتين", None),
        ("جورج بوش الابن", "بوش"),  # a generation word after a full name is no surname
        ("جورج بوش الأب", "بوش"),
    ],
)
def test_surname_key(name, key):
    assert surname_key(name) == (fold_word(key) if key else None)


def test_first_names_keep_names_that_begin_with_waw(kb):
    # وحسن is و + حسن (ANERcorp tags such glued words B-PERS); وليد and وسام are names
    assert {"حسن", "عدنان", "وليد", "وايل", "وسام"} <= kb.first_names
    assert fold_word("وحسن") not in kb.first_names
