"""Entity recognition and linking: the aggregator sample's done-when, and the rules one by one.

The sample's two articles are built here by splitting the page at "إقرأ أيضاً:" (the sources
stage has its own adapter; this test must not depend on it).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.errors import ResourceError
from marsad.model import Article, Doc, Entity
from marsad.nlp import entities as entities_mod
from marsad.nlp.entities import EntityLinker, annotate_entities, clitic_variants
from marsad.nlp.kb import load_kb
from marsad.sources import iter_source


def sample_articles(page: Path) -> list[Article]:
    """The sample page's two articles as the real adapter reads them (main article first)."""
    arts = [a for a in iter_source(str(page)) if isinstance(a, Article)]
    return sorted(arts, key=lambda a: not a.page_tags)


@pytest.fixture(scope="module")
def kb_linker() -> EntityLinker:
    """The linker without the NER model: isolates the KB rules from what the model learned."""
    return EntityLinker(load_kb(), None)


@pytest.fixture(scope="module")
def stage_docs(sample_page: Path) -> list[Doc]:
    """The sample through the real "entities" stage (KB + the shipped NER model)."""
    from marsad.pipeline import get_factory

    stage = get_factory("entities")()
    return [stage(Doc(article=a)) for a in sample_articles(sample_page)]


@pytest.fixture(scope="module")
def kb_docs(sample_page: Path, kb_linker: EntityLinker) -> list[Doc]:
    return [kb_linker(Doc(article=a)) for a in sample_articles(sample_page)]


# Each of these must be ONE entity holding every occurrence of its surface forms, in both articles.
DONE_WHEN: dict[str, tuple[str, ...]] = {
    "North Korea": (
        "كوريا الشمالية",
        "الكورية الشمالية",
        "الكوريين الشماليين",
        "الكوري الشمالي",
        "جمهورية كوريا",
    ),
    "Russia": ("روسيا",),
    "Ukraine": ("أوكرانيا", "الأوكرانية"),
    "United States": ("الأميركية",),
    "Kim Jong Un": ("كيم جونغ أون",),
    "Vladimir Putin": ("فلاديمير بوتين", "بوتين"),
    "Valery Gerasimov": ("فاليري جيراسيموف", "جيراسيموف"),
    "Dmitry Peskov": ("دميتري بيسكوف",),
    "Kremlin": ("الكرملين",),
    "Korean Central News Agency": ("وكالة الأنباء المركزية الكورية",),
    "US Department of State": ("وزارة الخارجية الأميركية",),
    "Kursk": ("كورسك",),
    "Moscow": ("موسكو",),
    "Pyongyang": ("بيونغ يانغ", "بيونج يانج"),
}


def _covering(doc: Doc, start: int, end: int, field: str, name_en: str) -> set[str]:
    ids = set()
    for e in doc.ann.entities:
        if e.name_en != name_en:
            continue
        if any(m.field == field and m.start < end and start < m.end for m in e.mentions):
            ids.add(e.id)
    return ids


def _check_done_when(docs: list[Doc]) -> None:
    seen: dict[str, set[str]] = {}
    for name_en, forms in DONE_WHEN.items():
        found = 0
        for doc in docs:
            for field, text in (("title", doc.article.title), ("body", doc.article.body)):
                for form in forms:
                    for m in re.finditer(re.escape(form), text):
                        ids = _covering(doc, m.start(), m.end(), field, name_en)
                        assert len(ids) == 1, f"{name_en}: {form!r} at {field}:{m.start()} -> {ids}"
                        seen.setdefault(name_en, set()).update(ids)
                        found += 1
        assert found, f"{name_en}: no occurrence of {forms} in the sample"
        assert len(seen[name_en]) == 1, f"{name_en} split into {seen[name_en]}"
        for doc in docs:  # one entity per article, not two entities with the same name
            assert sum(e.name_en == name_en for e in doc.ann.entities) <= 1, name_en


def test_done_when_with_the_stage(stage_docs):
    _check_done_when(stage_docs)


def test_done_when_from_the_kb_rules_alone(kb_docs):
    _check_done_when(kb_docs)


def _by_en(doc: Doc, name_en: str) -> Entity:
    return next(e for e in doc.ann.entities if e.name_en == name_en)


def test_sample_types_countries_and_roles(stage_docs):
    first, second = stage_docs
    assert (_by_en(first, "Kremlin").type, _by_en(first, "Kremlin").country) == ("ORG", "RUS")
    kcna = _by_en(first, "Korean Central News Agency")
    assert (kcna.type, kcna.country) == ("ORG", "PRK")
    state = _by_en(first, "US Department of State")
    assert (state.type, state.country) == ("ORG", "USA")
    assert _by_en(first, "Vladimir Putin").role == "الرئيس الروسي"
    assert "رئيس أركان" in (_by_en(second, "Valery Gerasimov").role or "")
    assert "المتحدث باسم" in (_by_en(second, "Dmitry Peskov").role or "")
    # offsets point at the display text
    for doc in stage_docs:
        for e in doc.ann.entities:
            for m in e.mentions:
                text = doc.article.title if m.field == "title" else doc.article.body
                assert text[m.start : m.end] == m.text


def test_the_korea_trap(stage_docs):
    # "جمهورية كوريا" inside Putin's thanks is North Korea, the country the article is about.
    body = stage_docs[0].article.body
    start = body.index("جمهورية كوريا")
    ids = {e.id for e in stage_docs[0].ann.entities if any(m.start <= start < m.end for m in e.mentions)}
    assert ids == {"kb:PRK"}


# ---------------------------------------------------------------- rules on made-up sentences


def _link(linker: EntityLinker, body: str, title: str = "") -> list[Entity]:
    return linker.link(title, body)


def _mentions(ents: list[Entity], entity_id: str) -> list[str]:
    return [m.text for e in ents if e.id == entity_id for m in e.mentions]


def test_clitics_are_outside_the_mention(kb_linker):
    ents = _link(kb_linker, "قال إن لروسيا مصالح، والتقى بالكرملين وفداً، وللكرملين رأي، وبوتين يعرف ذلك.")
    assert _mentions(ents, "kb:RUS") == ["روسيا"]
    assert _mentions(ents, "kb:kremlin") == ["الكرملين", "كرملين"]
    assert _mentions(ents, "kb:vladimir-putin") == ["بوتين"]


def test_clitic_variants_peel_only_proclitics():
    assert (1, "روسيا", False) in clitic_variants("لروسيا")
    assert (1, "كرملين", True) in clitic_variants("بالكرملين")  # only ب peeled: ال stays in the mention
    assert (2, "كرملين", True) in clitic_variants("للكرملين")  # ل + (ا)ل
    assert clitic_variants("بيروت")[0] == (0, "بيروت", False)


def test_everyday_words_are_not_peeled_into_names(kb_linker):
    ents = _link(kb_linker, "حسب ما نقلت وكالة فرانس برس عن المسؤولين الذين بدأوا العمل.")
    assert not [e for e in ents if e.type == "LOC"], [(e.name, [m.text for m in e.mentions]) for e in ents]


def test_nisba_is_a_country_mention(kb_linker):
    ents = _link(kb_linker, "انسحبت القوات الروسية من المنطقة بعد هجوم الجنود الكوريين الشماليين.")
    assert _mentions(ents, "kb:RUS") == ["الروسية"]
    assert _mentions(ents, "kb:PRK") == ["الكوريين الشماليين"]


def test_nisba_inside_an_organisation_names_its_country_too(kb_linker):
    ents = _link(kb_linker, "أعربت وزارة الخارجية الأميركية عن قلقها.")
    assert _mentions(ents, "kb:us-state-department") == ["وزارة الخارجية الأميركية"]
    assert _mentions(ents, "kb:USA") == ["الأميركية"]


def test_a_minister_title_is_not_the_ministry(kb_linker):
    ents = _link(kb_linker, "قال وزير الخارجية الأمريكي إن المحادثات مستمرة.")
    assert not _mentions(ents, "kb:us-state-department")
    assert _mentions(ents, "kb:USA") == ["الأمريكي"]


def test_alif_maqsura_is_not_a_nisba(kb_linker):
    ents = _link(kb_linker, "أصيب اللاعب في قدمه اليمنى خلال المباراة.")
    assert not _mentions(ents, "kb:YEM")


def test_title_gives_the_person_a_role(kb_linker):
    ents = _link(kb_linker, "قال الرئيس الروسي فلاديمير بوتين إن بلاده مستعدة. وأضاف بوتين أن الحوار ممكن.")
    putin = next(e for e in ents if e.id == "kb:vladimir-putin")
    assert putin.role == "الرئيس الروسي"
    assert [m.text for m in putin.mentions] == ["فلاديمير بوتين", "بوتين"]


def test_role_phrase_runs_up_to_the_name(kb_linker):
    ents = _link(kb_linker, "وأكد رئيس أركان الجيش الروسي، فاليري غيراسيموف، أن العملية انتهت.")
    g = next(e for e in ents if e.id == "kb:valery-gerasimov")
    assert g.role == "رئيس أركان الجيش الروسي"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "أجرت جمهورية كوريا مناورات مع الولايات المتحدة قرب سيول، وقالت كوريا الجنوبية إنها دفاعية.",
            "kb:KOR",
        ),
        ("قال زعيم كوريا الشمالية إن جمهورية كوريا لن تتراجع، وأكدت بيونغ يانغ موقفها.", "kb:PRK"),
        ("وقعت جمهورية كوريا اتفاقاً تجارياً جديداً.", "kb:KOR"),  # nothing else decides: the default
    ],
)
def test_korea_is_decided_by_the_article(kb_linker, body, expected):
    ents = _link(kb_linker, body)
    start = body.index("جمهورية كوريا")
    ids = {e.id for e in ents if any(m.start <= start < m.end for m in e.mentions)}
    assert ids == {expected}


class FakeNer:
    """Spans for given surface strings, as the NER model would report them (clitics included)."""

    version = "fake-1"

    def __init__(self, spans: dict[str, str]):
        self.spans_by_text = spans

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        out = []
        for surface, label in self.spans_by_text.items():
            out += [(m.start(), m.end(), label) for m in re.finditer(re.escape(surface), text)]
        return sorted(out)


def test_new_names_merge_across_articles_and_surnames_corefer():
    ner = FakeNer({"سامي الخطيب": "PERS", "الخطيب": "PERS", "والمجلس الوطني للإعمار": "ORG"})
    linker = EntityLinker(load_kb(), ner)
    a = linker.link(
        "", "قال الوزير سامي الخطيب إن الخطة جاهزة. وأضاف الخطيب أن التمويل متوفر والمجلس الوطني للإعمار."
    )
    b = linker.link("الخطيب يزور القاهرة", "وصل سامي الخطيب إلى القاهرة.")
    person_a = next(e for e in a if e.name == "سامي الخطيب")
    person_b = next(e for e in b if e.name == "سامي الخطيب")
    assert person_a.id.startswith("new:") and person_a.id == person_b.id
    assert [m.text for m in person_a.mentions] == ["سامي الخطيب", "الخطيب"]
    assert person_a.role == "الوزير"
    council = next(e for e in a if e.type == "ORG")
    assert council.mentions[0].text == "المجلس الوطني للإعمار"  # the و clitic stays outside


def test_family_name_first_people_are_referred_to_by_their_first_word(kb_linker):
    body = (
        "التقى الزعيم الكوري الشمالي كيم جونغ أون بالرئيس الصيني شي جين بينغ. "
        "وقال كيم إن العلاقات قوية، وأكد بوتين لكيم دعمه. وقال شي إن بكين مستعدة."
    )
    people = {e.id: [m.text for m in e.mentions] for e in kb_linker.link("", body) if e.type == "PERS"}
    assert people["kb:kim-jong-un"] == ["كيم جونغ أون", "كيم", "كيم"]  # "لكيم": the clitic stays out
    assert people["kb:xi-jinping"] == ["شي جين بينغ", "شي"]
    # Not named in full, no back-reference: a bare "كيم" is nobody.
    assert not any(e.id == "kb:kim-jong-un" for e in kb_linker.link("", "وقال كيم إن العلاقات قوية."))
    # Last-word people keep the last-word rule: "بوتين" is Putin only by the KB's own alias.
    assert "kb:vladimir-putin" in people


def test_a_bare_surname_the_tagger_missed_joins_the_person_named_in_full():
    body = (
        "قال المدرب الأرجنتيني رامون فالديراما إن فريقه جاهز. وقال فالديراما إن المباراة صعبة. "
        "وقال الوزير أحمد منصور حسن إن الملعب جاهز، وأكد حسن أن الجمهور سيحضر."
    )
    # the tagger finds the full names only (it misses a bare surname far more often)
    linker = EntityLinker(load_kb(), FakeNer({"رامون فالديراما": "PERS", "أحمد منصور حسن": "PERS"}))
    people = {e.name: [m.text for m in e.mentions] for e in linker.link("", body) if e.type == "PERS"}
    assert people["رامون فالديراما"] == ["رامون فالديراما", "فالديراما"]
    # a last word that is also a given name (حسن) may be someone else: left alone
    assert people["أحمد منصور حسن"] == ["أحمد منصور حسن"]
    # but a family name with its article is none, even where a name list has its bare form
    body = "وقال الأمين العام يوسف بن أحمد العثيمين إن الاجتماع مهم. وحذر العثيمين من التصعيد."
    linker = EntityLinker(load_kb(), FakeNer({"يوسف بن أحمد العثيمين": "PERS"}))
    (person,) = [e for e in linker.link("", body) if e.type == "PERS"]
    assert [m.text for m in person.mentions] == ["يوسف بن أحمد العثيمين", "العثيمين"]


def test_ner_span_links_weak_kb_names():
    # "الخبر" (Khobar / "the news") links only where the model says it is a name.
    linker = EntityLinker(load_kb(), FakeNer({"الخبر": "LOC"}))
    ents = linker.link("", "وصل الوفد إلى الخبر مساء أمس.")
    assert [e.country for e in ents if e.type == "LOC"] == ["SAU"]
    plain = EntityLinker(load_kb(), None).link("", "وصل الوفد إلى الخبر مساء أمس.")
    assert not plain


def test_stage_refuses_to_run_without_its_ner_model(monkeypatch):
    import marsad.nlp.ner as ner

    def missing() -> None:
        raise ResourceError("NER weights not found")

    monkeypatch.setattr(ner, "load_default", missing)
    with pytest.raises(ResourceError):
        EntityLinker.from_disk()


def test_annotate_entities_writes_version(kb_linker):
    doc = annotate_entities(Doc(article=Article(id="x", body="زار بوتين موسكو.")), kb_linker)
    assert doc.ann.versions["entities"] == kb_linker.version
    assert {e.id for e in doc.ann.entities} >= {"kb:vladimir-putin"}


def test_empty_and_odd_input_does_not_crash(kb_linker):
    for body in ("", " ", "...", "ـــ", "123 456", "abc def", "و ب ل ك ال"):
        assert isinstance(kb_linker.link("", body), list)
    assert entities_mod.VERSION


def test_clitic_on_a_new_name_is_peeled_when_the_article_confirms_it():
    ner = FakeNer({"لماكرين": "PERS", "ماكرين": "PERS", "وليد": "PERS"})
    linker = EntityLinker(load_kb(), ner)
    ents = linker.link("", "قال ماكرين إن الأمر محسوم. وحين سئل لماكرين عن ذلك ضحك. وحضر وليد.")
    assert [m.text for e in ents if e.name == "ماكرين" for m in e.mentions] == ["ماكرين", "ماكرين"]
    assert any(e.name == "وليد" for e in ents)  # no "ليد" elsewhere: the و is part of the name


def test_a_wrong_ner_boundary_never_unlinks_a_kb_name():
    body = "نقلت الوكالة عن اللجنة العسكرية المركزية في بيونج يانج أن الجنود شاركوا."
    ner = FakeNer({"اللجنة العسكرية المركزية في بيونج يانج": "ORG", "الجنود شاركوا": "PERS"})
    ents = EntityLinker(load_kb(), ner).link("", body)
    assert _mentions(ents, "kb:pyongyang") == ["بيونج يانج"]
    assert any(e.type == "ORG" and e.id.startswith("new:") for e in ents)


def test_a_patronymic_is_not_a_surname(kb_linker):
    ents = _link(kb_linker, "استقبل الأمير محمد بن سلمان الوفد. وقال سلمان إن الزيارة ناجحة.")
    mbs = next(e for e in ents if e.id == "kb:mohammed-bin-salman")
    assert [m.text for m in mbs.mentions] == ["محمد بن سلمان"]
    assert mbs.role == "الأمير"


def test_hamza_alef_lam_is_not_the_article(kb_linker):
    assert not _mentions(_link(kb_linker, "أشاد الحضور بالباني الذي شيد المسجد."), "kb:ALB")
    assert _mentions(_link(kb_linker, "زار الوفد ألمانيا ثم المانيا الشرقية سابقاً."), "kb:DEU")


_ARABIC_NEWS_CHARS = 'ابتثجحخدذرزسشصضطظعغفقكلمنهويىةءأإآؤئـ ،.؟\n"“”' + "abc123"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=_ARABIC_NEWS_CHARS, max_size=120))
def test_any_text_links_without_crashing_and_offsets_hold(kb_linker, body):
    for e in kb_linker.link("", body):
        for m in e.mentions:
            assert body[m.start : m.end] == m.text and m.text.strip()


def test_a_bare_surname_joins_a_two_word_name_that_opens_with_bin():
    # "بن X" of two words has no given name for بن to follow: X is the family name, written alone
    # later; with a given name before it ("سالم بن حمدان") بن is a patronymic and X is the father.
    ner = FakeNer({"بن كارترايت": "PERS", "كارترايت": "PERS", "سالم بن حمدان": "PERS", "حمدان": "PERS"})
    linker = EntityLinker(load_kb(), ner)
    body = "قال نائب المحافظ بن كارترايت إن التضخم سيتراجع. وأضاف كارترايت أن الأجور سترتفع."
    ben = next(e for e in linker.link("", body) if e.name == "بن كارترايت")
    assert [m.text for m in ben.mentions] == ["بن كارترايت", "كارترايت"]
    ents = linker.link("", "وصل سالم بن حمدان إلى المدينة. وكان حمدان قد غادرها قبل عام.")
    salem = next(e for e in ents if e.name == "سالم بن حمدان")
    assert [m.text for m in salem.mentions] == ["سالم بن حمدان"]


def test_a_conjunction_glued_to_a_first_name_is_outside_the_mention():
    ner = FakeNer(
        {"وعدنان القرملي": "PERS", "القرملي": "PERS", "ووليد الدهماني": "PERS", "وائل السمراني": "PERS"}
    )
    linker = EntityLinker(load_kb(), ner)
    body = "حضر الاجتماع وعدنان القرملي ووليد الدهماني. وقال القرملي إن وائل السمراني اعتذر."
    people = {e.name: [m.text for m in e.mentions] for e in linker.link("", body) if e.type == "PERS"}
    # عدنان is a first name and وعدنان is not: the و is the conjunction, and the surname joins
    assert people["عدنان القرملي"] == ["عدنان القرملي", "القرملي"]
    # وليد and وائل are names that begin with و: they keep it (the second و of ووليد goes)
    assert "وليد الدهماني" in people and "وائل السمراني" in people
    assert not any(name.startswith(("ليد", "ائل", "وعدنان")) for name in people)


def test_a_name_beginning_with_waw_keeps_it_even_when_the_rest_is_a_name():
    # وسام (Wissam) is a given name and so is سام: the first-name table says which it is
    linker = EntityLinker(load_kb(), FakeNer({"وسام الحمداني": "PERS"}))
    assert [e.name for e in linker.link("", "قال وسام الحمداني إن الفريق جاهز.")] == ["وسام الحمداني"]


def test_a_peeled_conjunction_takes_its_vowel_with_it():
    linker = EntityLinker(load_kb(), FakeNer({"وَعدنان القرملي": "PERS"}))
    [person] = linker.link("", "حضر الاجتماع وَعدنان القرملي.")
    assert person.name == "عدنان القرملي"


def test_a_hyphenated_name_is_one_ner_mention():
    """The tokenizer splits جان-لوك at the hyphen and the tagger reads the hyphen as O: two spans
    of one type joined by a bare hyphen are one mention; a spaced dash still separates."""
    text = "قال جان-لوك ميلانشون إن باريس - لندن"
    spans = [(4, 7, "PERS"), (8, 20, "PERS"), (24, 29, "LOC"), (32, 36, "LOC")]
    assert entities_mod.join_hyphenated(text, spans) == [(4, 20, "PERS"), (24, 29, "LOC"), (32, 36, "LOC")]
    assert entities_mod.join_hyphenated("أ-ب", [(0, 1, "PERS"), (2, 3, "ORG")]) == [
        (0, 1, "PERS"),
        (2, 3, "ORG"),
    ]
