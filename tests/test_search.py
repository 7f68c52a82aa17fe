"""Search: Arabic-aware matching, the light stemmer, ranking, filters and safe snippets."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_store import ant_docs, make_doc

from marsad.store import SearchQuery, open_store
from marsad.store.query import Highlighter, parse_query
from marsad.store.sqlite import SQLiteStore
from marsad.text.normalize import normalize, normalize_keep_offsets
from marsad.text.stem import protected_words, stem


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = open_store(str(tmp_path / "q.db"))
    s.migrate()
    yield s
    s.close()


def background(n: int = 30) -> list:  # type: ignore[type-arg]
    """Unrelated articles: bm25's idf is ~0 for a term in more than half the documents
    (FTS5 clamps it), so ranking tests need a corpus where the query words are rare."""
    topics = ["الطقس", "الاقتصاد", "الرياضة", "الفن", "التعليم", "الصحة"]
    return [
        make_doc(
            100 + i, title=f"أخبار {topics[i % 6]} اليوم", body=f"تقرير عن {topics[i % 6]} والأسواق رقم {i}."
        )
        for i in range(n)
    ]


def ids(store: SQLiteStore, text: str, **kw: object) -> list[str]:
    return [h.id for h in store.search(SearchQuery(text, **kw))]  # type: ignore[arg-type]


def s(word: str) -> str:
    return stem(normalize(word))


# --- stemmer ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("لروسيا", "روسيا"), ("بروسيا", "روسيا"), ("وروسيا", "روسيا"), ("روسيا", "روسيا"),
        ("لأوكرانيا", "اوكرانيا"), ("بأوكرانيا", "اوكرانيا"), ("أوكرانيا", "اوكرانيا"),
        ("للرئيس", "رييس"), ("والرئيس", "رييس"), ("بالحرب", "حرب"), ("وقال", "قال"),
        ("لمصر", "مصر"), ("والكويت", "كويت"),
    ],
)  # fmt: skip
def test_stemmer_strips_clitics(word: str, expected: str) -> None:
    assert s(word) == expected


@pytest.mark.parametrize(
    "name", ["أوكرانيا", "بغداد", "لبنان", "فرنسا", "البحرين", "بريطانيا", "واشنطن", "بوتين"]
)
def test_stemmer_never_mangles_names(name: str) -> None:
    got = s(name)
    # a name keeps its first letters (at most the article goes) and is never cut to a fragment
    assert normalize(name).endswith(got) and len(got) >= len(normalize(name)) - 2
    assert got != "رانيا"


def test_stemmer_conflates_inflections() -> None:
    assert s("الروسية") == s("الروسي") == s("الروسيين")
    assert s("سياساتها") == s("السياسة")
    assert s("أميركا") == s("أمريكا") == s("امريكا")
    # nothing inside a word is removed, and short words are left alone
    for w in ("قال", "من", "عن", "الى"):
        assert s(w) in normalize(w)


def test_protected_list_is_real_data() -> None:
    words = protected_words()
    assert len(words) > 1000
    assert {"روسيا", "اوكرانيا", "لبنان", "بغداد"} <= words
    assert "الشماليه" not in words  # a common adjective must not be frozen


# --- query parsing ------------------------------------------------------------------------------


def test_query_parsing() -> None:
    q = parse_query('"كوريا الشمالية" روسيا كوري*')
    assert q.fts5() == '"كوريا شمال" AND "روسيا" AND "كور"*'
    assert parse_query("أميركا   ").fts5() == '"امريكا"'
    assert parse_query("«كوريا الشمالية»").fts5() == parse_query('"كوريا الشمالية"').fts5() == '"كوريا شمال"'
    # an unquoted multi-word query also ranks the phrase
    assert parse_query("كوريا الشمالية").fts5() == '("كوريا" AND "شمال") OR "كوريا شمال"'
    # FTS5 syntax in the input is just punctuation
    assert parse_query('a OR b NOT (c) "d').fts5().count('"') % 2 == 0
    assert not parse_query('" ؟ , ()')


# --- search on the store ----------------------------------------------------------------------


def test_title_match_outranks_body_only_match(store: SQLiteStore) -> None:
    filler = " ".join(["وتناول التقرير ملفات اقتصادية متعددة في المنطقة"] * 6)
    in_title = make_doc(1, title="روسيا تعلن خطة جديدة", body=f"{filler} وأشار المسؤول إلى الخطة.")
    in_body = make_doc(2, title="خطة اقتصادية جديدة", body=f"{filler} وقالت روسيا إنها ستشارك.")
    neither = make_doc(3, title="خبر آخر", body=filler)
    store.write([in_body, neither, in_title, *background()])
    assert ids(store, "روسيا") == [in_title.id, in_body.id]


def test_normalised_forms_match(store: SQLiteStore) -> None:
    d1 = make_doc(1, body="زار الوزير أمريكا والتقى مسؤولين في الإدارة.")
    d2 = make_doc(2, body="وصلت القافلة إلى المدينة مساءً.")
    d3 = make_doc(3, body="قالت الحُكُومَة إن الأَمْنَ مستتب.")
    store.write([d1, d2, d3])
    assert ids(store, "أميركا") == [d1.id] == ids(store, "امريكا")
    assert ids(store, "المدينه") == [d2.id] == ids(store, "المدينة")
    assert ids(store, "الحكومة") == [d3.id] == ids(store, "الحُكومة")
    assert ids(store, "لا شيء يطابق") == []
    assert ids(store, "  ") == []


def test_stemming_finds_clitic_forms_and_keeps_names_apart(store: SQLiteStore) -> None:
    d1 = make_doc(1, body="وجهت واشنطن رسالة لروسيا بشأن الحرب.")
    d2 = make_doc(2, body="عقوبات أوروبية جديدة مرتبطة بروسيا.")
    d3 = make_doc(3, body="زارت رانيا العاصمة الأردنية.")
    d4 = make_doc(4, body="تواصل القتال في أوكرانيا وبدأت مفاوضات لأوكرانيا.")
    store.write([d1, d2, d3, d4])
    assert set(ids(store, "روسيا")) == {d1.id, d2.id}
    assert ids(store, "أوكرانيا") == [d4.id]
    assert ids(store, "رانيا") == [d3.id]


def test_phrase_and_prefix_queries(store: SQLiteStore) -> None:
    d1 = make_doc(1, body="أطلقت كوريا الشمالية صاروخا جديدا.")
    d2 = make_doc(2, body="وصف المسؤول الشمالية بأنها منطقة هادئة في كوريا.")
    d3 = make_doc(3, body="قال الجيش الكوري إن التجربة فشلت.")
    d4 = make_doc(4, body="رسالة لكوريا الشمالية من الأمم المتحدة.")
    store.write([d1, d2, d3, d4, *background()])
    assert set(ids(store, '"كوريا الشمالية"')) == {d1.id, d4.id}
    unquoted = ids(store, "كوريا الشمالية")
    assert set(unquoted) == {d1.id, d2.id, d4.id}
    assert unquoted[-1] == d2.id  # the words apart rank below the phrase
    assert set(ids(store, "كوري*")) == {d1.id, d2.id, d3.id, d4.id}


def test_filters_outlet_dates_limit_offset_duplicates(store: SQLiteStore) -> None:
    docs = [
        make_doc(i, body=f"تقرير رقم {i} عن الانتخابات.", outlet="أ" if i % 2 else "ب",
                 published=datetime(2018, 5, 1 + i, tzinfo=UTC))
        for i in range(6)
    ]  # fmt: skip
    copy = make_doc(10, body="تقرير منسوخ عن الانتخابات.", outlet="ج")
    copy.ann.duplicate_of = docs[0].id
    store.write([*docs, copy])
    everything = ids(store, "الانتخابات", limit=50)
    assert set(everything) == {d.id for d in docs}  # the syndicated copy is hidden
    assert everything == [d.id for d in reversed(docs)]  # equal scores: newest first
    assert copy.id in ids(store, "الانتخابات", include_duplicates=True, limit=50)
    assert set(ids(store, "الانتخابات", outlet="أ")) == {d.id for d in docs if d.article.outlet == "أ"}
    since, until = datetime(2018, 5, 3, tzinfo=UTC), datetime(2018, 5, 4, 23, tzinfo=UTC)
    assert set(ids(store, "الانتخابات", since=since, until=until)) == {docs[2].id, docs[3].id}
    page1 = ids(store, "الانتخابات", limit=2)
    page2 = ids(store, "الانتخابات", limit=2, offset=2)
    assert len(page1) == len(page2) == 2 and not set(page1) & set(page2)


def test_snippets_are_escaped_and_cut_from_display_text(store: SQLiteStore) -> None:
    start = "مقدمة طويلة عن أحوال الطقس في المنطقة. " * 12
    body = start + 'وقال <script>alert("x")</script> إنّ رُوسْيَا ستـرد على الأمريكيين & غيرهم. ' + "خاتمة. " * 40
    doc = make_doc(1, title="ردّ <b>روسيا</b>", body=body)
    store.write([doc, *background()])
    (hit,) = store.search(SearchQuery("روسيا"))
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet
    assert "&amp;" in hit.snippet
    assert "<mark>رُوسْيَا</mark>" in hit.snippet  # the vowelled display form, whole
    assert re.sub(r"</?mark>", "", hit.snippet).startswith("… ")  # the window moved to the match
    assert len(hit.snippet) < 400
    assert hit.title_html == "ردّ &lt;b&gt;<mark>روسيا</mark>&lt;/b&gt;"
    # every marked text is display text, and folds to a match of the query
    for marked in re.findall(r"<mark>(.*?)</mark>", hit.snippet + hit.title_html):
        assert marked in body or marked in doc.article.title
        assert s(marked) == "روسيا"
    assert hit.published == doc.article.published and hit.outlet == doc.article.outlet
    assert hit.score > 0


def test_highlighter_offsets_with_tatweel_and_diacritics() -> None:
    h = Highlighter(parse_query("الأمريكية روسيا"))
    text = "قالت الأمـريكيّة إنّ موسكو... وقال لروسيـا"
    marked = re.findall(r"<mark>(.*?)</mark>", h.highlight(text))
    assert marked == ["الأمـريكيّة", "لروسيـا"]
    assert h.snippet("") == ""


def test_search_on_real_ant_articles(store: SQLiteStore, shared: Path) -> None:
    docs = ant_docs(shared, 500)
    store.write(docs)
    # a headline's distinctive words find that article first
    target = next(d for d in docs if len(d.article.title.split()) >= 6)
    words = [w for w in target.article.title.split() if len(w) > 3][:3]
    hits = store.search(SearchQuery(" ".join(words)))
    assert hits and hits[0].id == target.id
    assert "<mark>" in hits[0].title_html
    # the body-side snippet always shows display text only
    for h in store.search(SearchQuery("السعودية", limit=20)):
        plain = re.sub(r"</?mark>", "", h.snippet).removeprefix("… ").removesuffix(" …")
        assert "<" not in plain
        body = next(d.article.body for d in docs if d.id == h.id)
        assert plain.replace("&amp;", "&").replace("&quot;", '"').replace("&#x27;", "'")[:40] in body.replace(
            "\n", " "
        )


def test_reindex_after_stemmer_change(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    st_ = SQLiteStore(db)
    st_.migrate()
    d = make_doc(1, body="عقوبات مرتبطة بروسيا.")
    st_.write([d])
    st_._con().execute("UPDATE meta SET value = 'old' WHERE key = 'search_version'")
    st_._con().execute("INSERT INTO articles_fts (articles_fts) VALUES ('delete-all')")
    st_.close()
    st_ = SQLiteStore(db)
    assert ids(st_, "روسيا") == []  # stale index, before migrate()
    st_.migrate()
    assert ids(st_, "روسيا") == [d.id]
    st_.close()


_alphabet = [*"ابةىأإآيروسكمه", "\u064e", "\u0651", "\u0640", "\u200f", "\u200c", " ", " ", "،", "."]


def reference_spans(h: Highlighter, text: str) -> list[tuple[int, int, int]]:
    """Match on the folded text, map back with normalize_keep_offsets: the slow, obvious way."""
    kept, offsets = normalize_keep_offsets(text)
    out = []
    for m in re.finditer(r"\w+", kept):
        word_stem = stem(m.group())
        for i, t in enumerate(h.terms):
            if t.matches(word_stem):
                out.append((offsets[m.start()], offsets[m.end()], i))
                break
    return out


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from(_alphabet), max_size=60),
    words=st.lists(
        st.text(alphabet=st.sampled_from(_alphabet[:14]), min_size=2, max_size=6), min_size=1, max_size=3
    ),
    prefix=st.booleans(),
)
def test_highlighter_agrees_with_folded_matching(text: str, words: list[str], prefix: bool) -> None:
    h = Highlighter(parse_query(" ".join(words) + ("*" if prefix else "")))
    assert h.spans(text) == reference_spans(h, text)


def test_highlighter_agrees_on_real_bodies(shared: Path) -> None:
    h = Highlighter(parse_query("السعودية الرئيس أميركا الحكومة"))
    found = 0
    for d in ant_docs(shared, 200):
        spans = h.spans(d.article.body)
        assert spans == reference_spans(h, d.article.body)
        found += len(spans)
    assert found > 50


def test_snippet_window_prefers_more_distinct_terms() -> None:
    h = Highlighter(parse_query("روسيا أوكرانيا"))
    text = " ".join(["روسيا"] * 5) + " نص" * 200 + " روسيا وأوكرانيا معا" + " نص" * 200
    snip = h.snippet(text)
    assert "<mark>وأوكرانيا</mark>" in snip and snip.startswith("… ")
    huge = "كلام عادي " * 200_000 + "روسيا"
    assert "<mark>" not in h.snippet(huge)  # beyond the scanned prefix: the start, unmarked
    assert len(h.snippet(huge)) < 400


def test_very_common_words_are_not_required(store: SQLiteStore) -> None:
    common = [make_doc(200 + i, body=f"تعليق على الأحداث رقم {i}.") for i in range(12)]
    russia = make_doc(1, body="عقوبات جديدة مرتبطة بروسيا.")  # no على
    store.write([*common, russia, *background(10)])
    # على is in over half the articles: bm25 gives it no weight, so it is not required
    assert ids(store, "على روسيا") == [russia.id]
    # a query of only such words lists the newest matches
    newest = ids(store, "على", limit=3)
    assert newest == [d.id for d in sorted(common, key=lambda d: d.article.published, reverse=True)[:3]]
