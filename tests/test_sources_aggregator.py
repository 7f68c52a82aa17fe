"""Aggregator text pages and the tag-line segmenter."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.model import Article
from marsad.outcomes import Rejected
from marsad.sources import iter_source
from marsad.sources.aggregator import match_marker, parse_blocks
from marsad.sources.taglines import NameLexicon, default_lexicon, split_tag_line

DEMO = Path(__file__).resolve().parents[1] / "marsad" / "demo"


def _articles(target: Path) -> list[Article]:
    items = list(iter_source(str(target)))
    assert all(isinstance(i, Article) for i in items), items
    return [i for i in items if isinstance(i, Article)]


def test_sample_page_main_article(sample_page: Path) -> None:
    main, related = _articles(sample_page)
    text = sample_page.read_text(encoding="utf-8")
    first_line = text.splitlines()[0].strip()
    assert main.title == first_line
    assert main.published == datetime(2025, 4, 28, tzinfo=UTC)
    assert main.outlet == "عين ليبيا"
    assert main.page_tags == (
        "أمريكا وكوريا الشمالية",
        "أوكرانيا",
        "روسيا وأمريكا",
        "روسيا وكوريا الشمالية",
        "كوريا الشمالية وروسيا",
    )
    assert main.related_keys == (related.id,)
    assert main.source.startswith("aggregator:") and main.source.endswith("#1")
    # labelled lines are fields, not body
    for label in ("تاريخ النشر", "المصدر:", "كلمات دلالية", "إقرأ أيضاً"):
        assert label not in main.body
    assert main.body.startswith("أكدت كوريا الشمالية، للمرة الأولى")
    assert main.body.count("\n") == 7  # eight body paragraphs, one per line
    assert main.language is None  # the page does not state it


def test_sample_page_related_article_inherits_nothing(sample_page: Path) -> None:
    main, related = _articles(sample_page)
    assert related.title.startswith("شاركت في معارك كورسك")
    assert related.body.startswith("أكدت كوريا الشمالية للمرة الأولى رسمياً")
    assert related.body.endswith("من شركائها.")
    assert related.published is None
    assert related.outlet is None
    assert related.page_tags == ()
    assert related.related_keys == ()
    assert related.id != main.id
    assert related.title not in main.body


def test_ids_are_stable(sample_page: Path) -> None:
    assert [a.id for a in _articles(sample_page)] == [a.id for a in _articles(sample_page)]


@pytest.mark.parametrize("page", sorted(DEMO.glob("*.txt")), ids=lambda p: p.name)
def test_demo_pages_parse(page: Path) -> None:
    articles = _articles(page)
    main = articles[0]
    assert main.published is not None and main.outlet
    assert main.page_tags and all(len(t.split()) <= 5 for t in main.page_tags)
    # every tag word comes from the tag line, in order, nothing dropped or invented
    tag_line = next(
        line for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("كلمات")
    )
    assert " ".join(main.page_tags).split() == tag_line.split(":", 1)[1].split()
    assert set(main.related_keys) == {a.id for a in articles[1:]}


def test_markers_match_spelling_variants() -> None:
    assert match_marker("اقرأ ايضا :") == ("related", "")
    assert match_marker("تاريخ النشر : 3rd, March 2025 GMT") == ("date", "3rd, March 2025 GMT")
    assert match_marker("المصدر قال إن الاجتماع انتهى") is None  # no colon: body text
    assert match_marker("إقرأ أيضاً") == ("related", "")  # a bare heading line


def test_several_related_articles_and_inline_headline() -> None:
    text = "عنوان\nنص أول.\nإقرأ أيضاً: عنوان ثان\nنص ثان.\nالمصدر: وكالة\nاقرأ أيضا:\nعنوان ثالث\nنص ثالث."
    blocks = parse_blocks(text)
    assert [b.headline for b in blocks] == ["عنوان", "عنوان ثان", "عنوان ثالث"]
    assert blocks[1].fields == {"outlet": "وكالة"}  # its own outlet line, not the main one's
    assert blocks[0].fields == {}


def test_plain_text_file_is_one_article(tmp_path: Path) -> None:
    page = tmp_path / "note.txt"
    page.write_text("عنوان الخبر\nالسطر الأول.\nالسطر الثاني.\n", encoding="utf-8")
    (article,) = _articles(page)
    assert article.title == "عنوان الخبر" and article.body == "السطر الأول.\nالسطر الثاني."
    assert article.published is None and article.page_tags == ()


def test_cp1256_text_file(tmp_path: Path) -> None:
    page = tmp_path / "legacy.txt"
    page.write_bytes("خبر قديم\nالمصدر: جريدة\nنص مكتوب بترميز ويندوز العربي.\n".encode("cp1256"))
    (article,) = _articles(page)
    assert article.title == "خبر قديم" and article.outlet == "جريدة"


def test_unparsed_date_is_kept_not_invented(tmp_path: Path) -> None:
    page = tmp_path / "odd.txt"
    page.write_text("عنوان\nتاريخ النشر: قبل ساعتين\nنص.\n", encoding="utf-8")
    (article,) = _articles(page)
    assert article.published is None
    assert article.extra["unparsed_date"] == "قبل ساعتين"


# -- tag lines -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("مصر والأردن الأردن مصر", ["مصر والأردن", "الأردن", "مصر"]),
        (
            "الولايات المتحدة والصين تايوان السعودية وإيران اليمن",
            ["الولايات المتحدة والصين", "تايوان", "السعودية وإيران", "اليمن"],
        ),
        ("جنوب أفريقيا المملكة المتحدة فرنسا", ["جنوب أفريقيا", "المملكة المتحدة", "فرنسا"]),
        ("واشنطن موسكو وبكين", ["واشنطن", "موسكو وبكين"]),  # a name that starts with و
        ("كوريا الجنوبية واليابان الصين", ["كوريا الجنوبية واليابان", "الصين"]),
        ("سوريا، لبنان، الأمم المتحدة", ["سوريا", "لبنان", "الأمم المتحدة"]),  # explicit separators win
    ],
)
def test_made_up_tag_lines(line: str, tags: list[str]) -> None:
    assert split_tag_line(line) == tags


def test_page_text_attests_names_missing_from_the_lexicon() -> None:
    body = "قال الرئيس فلاديمير بوتين إن الزعيم كيم جونغ أون زار روسيا، بحسب حلف شمال الأطلسي."
    line = "فلاديمير بوتين كيم جونغ أون روسيا حلف شمال الأطلسي"
    assert split_tag_line(line, context=[body]) == [
        "فلاديمير بوتين",
        "كيم جونغ أون",
        "روسيا",
        "حلف شمال الأطلسي",
    ]
    # without the evidence the unknown words stay single rather than being glued at random
    assert split_tag_line("بوتين كيم", context=[]) == ["بوتين", "كيم"]


def test_prose_does_not_glue_two_known_names() -> None:
    # the body happens to run two country names together; the lexicon keeps them apart
    assert split_tag_line("أوكرانيا روسيا", context=["في أوكرانيا روسيا تتقدم"]) == ["أوكرانيا", "روسيا"]


def test_default_lexicon_loads_compiled_names() -> None:
    lexicon = default_lexicon()
    assert len(lexicon.names) > 5000
    assert ("كوريا", "الشماليه") in lexicon  # normalised: ة -> ه


# Property: tags drawn from a lexicon whose names share no word, joined by spaces,
# come back exactly — single names and و-pairs alike.
_WORDS = [f"ك{chr(0x628 + i)}{chr(0x628 + j)}" for i in range(8) for j in range(8)]


@st.composite
def _tag_lines(draw: st.DrawFn) -> tuple[NameLexicon, list[str]]:
    words = draw(st.permutations(_WORDS))
    sizes = draw(st.lists(st.integers(1, 3), min_size=2, max_size=8))
    names: list[str] = []
    pos = 0
    for size in sizes:
        names.append(" ".join(words[pos : pos + size]))
        pos += size
    tags: list[str] = []
    i = 0
    while i < len(names):
        if i + 1 < len(names) and draw(st.booleans()):
            tags.append(f"{names[i]} و{names[i + 1]}")
            i += 2
        else:
            tags.append(names[i])
            i += 1
    return NameLexicon.from_names(names), tags


@settings(max_examples=60, deadline=None)
@given(_tag_lines())
def test_segmenter_recovers_generated_tags(case: tuple[NameLexicon, list[str]]) -> None:
    lexicon, tags = case
    assert split_tag_line(" ".join(tags), lexicon=lexicon) == tags


def test_rejected_for_empty_aggregator_file(tmp_path: Path) -> None:
    page = tmp_path / "blank.txt"
    page.write_text("\n\n   \n", encoding="utf-8")
    (item,) = iter_source(str(page))
    assert isinstance(item, Rejected) and item.outcome == "failed:empty-file"
