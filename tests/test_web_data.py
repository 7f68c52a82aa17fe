"""Data for the web tests, and unit tests of the view helpers that draw it.

The web tests store three kinds of docs in a real SQLite store:

* the hand-written sample docs of :mod:`marsad.web.samples` (annotations with
  exact offsets: entities, a quote, events, a story);
* the real aggregator page from ../shared, split at "إقرأ أيضاً:" into two
  articles (a minimal reader here, so these tests do not depend on the source
  adapter), with entity mentions found by searching the text for a few names;
* a hostile doc whose title, body, outlet and tags carry markup.

Other web test modules import the builders from here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import cast

import pytest
from markupsafe import Markup

from marsad.model import (
    Annotations,
    Article,
    Doc,
    Entity,
    EntityType,
    Event,
    Mention,
    Quote,
    Related,
    Speaker,
    Tag,
    short_hash,
)
from marsad.sources.taglines import split_tag_line
from marsad.store import Store, open_store
from marsad.web import data, samples, views

RELATED_MARK = "إقرأ أيضاً:"
AGG_STORY = "story-aggregator"
HOSTILE_ID = "hostile-1"
SCRIPT = "<script>alert('x')</script>"

# Names searched for in the aggregator text to give the page entity links.
# (id, canonical name, English name, type, country, surface forms)
AGG_ENTITIES: tuple[tuple[str, str, str, str, str, tuple[str, ...]], ...] = (
    ("Q423", "كوريا الشمالية", "North Korea", "LOC", "PRK", ("كوريا الشمالية", "بيونغ يانغ", "بيونج يانج")),
    ("Q159", "روسيا", "Russia", "LOC", "RUS", ("روسيا",)),
    ("Q212", "أوكرانيا", "Ukraine", "LOC", "UKR", ("أوكرانيا",)),
    ("Q7747", "فلاديمير بوتين", "Vladimir Putin", "PERS", "RUS", ("فلاديمير بوتين", "بوتين")),
)


# --------------------------------------------------------------------------- builders


def _field(lines: list[str], prefix: str) -> str | None:
    for line in lines:
        if line.startswith(prefix):
            return line[len(prefix) :].strip()
    return None


def _page_date(value: str | None) -> datetime | None:
    """'28th, April 2025 GMT' -> 2025-04-28 UTC (the one format this page uses)."""
    m = re.search(r"(\d{1,2})(?:st|nd|rd|th)?,?\s+([A-Za-z]+)\s+(\d{4})", value or "")
    if not m:
        return None
    return datetime.strptime(" ".join(m.groups()), "%d %B %Y").replace(tzinfo=UTC)


def _mentions(text: str, forms: tuple[str, ...], field: str = "body") -> list[Mention]:
    """Every occurrence of each form, longest forms first, never overlapping an earlier one."""
    taken: list[tuple[int, int]] = []
    out: list[Mention] = []
    for form in sorted(forms, key=len, reverse=True):
        for m in re.finditer(re.escape(form), text):
            if all(m.end() <= s or m.start() >= e for s, e in taken):
                taken.append(m.span())
                out.append(Mention(start=m.start(), end=m.end(), text=form, field=field))  # type: ignore[arg-type]
    return sorted(out, key=lambda x: x.start)


def _entities(title: str, body: str) -> list[Entity]:
    out = []
    for eid, name, name_en, etype, country, forms in AGG_ENTITIES:
        mentions = _mentions(title, forms, "title") + _mentions(body, forms)
        if mentions:
            kind = cast(EntityType, etype)
            out.append(
                Entity(id=eid, name=name, name_en=name_en, type=kind, country=country, mentions=mentions)
            )
    return out


def aggregator_docs(path: Path) -> list[Doc]:
    """The aggregator page as two docs: the main article, and the "read also" article it links."""
    text = path.read_text(encoding="utf-8")
    main_text, sep, related_text = text.partition(RELATED_MARK)
    assert sep, f"{path} has no {RELATED_MARK!r} section"
    lines = [ln.strip() for ln in main_text.strip().splitlines() if ln.strip()]
    rel_lines = [ln.strip() for ln in related_text.strip().splitlines() if ln.strip()]
    meta = ("تاريخ النشر:", "المصدر:", "كلمات دلالية:")
    body = "\n".join(ln for ln in lines[1:] if not ln.startswith(meta))
    rel_title, rel_body = rel_lines[0], "\n".join(rel_lines[1:])
    rel_id = short_hash(rel_title, rel_body)
    tags = split_tag_line(_field(lines, "كلمات دلالية:") or "", context=[lines[0], body, rel_title, rel_body])
    main = Article(
        id=short_hash(lines[0], body),
        title=lines[0],
        body=body,
        published=_page_date(_field(lines, "تاريخ النشر:")),
        outlet=_field(lines, "المصدر:"),
        language="ar",
        page_tags=tuple(tags),
        related_keys=(rel_id,),
        source=f"aggregator:{path.name}",
    )
    related = Article(
        id=rel_id, title=rel_title, body=rel_body, language="ar", source=f"aggregator:{path.name}#2"
    )
    return [
        Doc(article=a, ann=Annotations(entities=_entities(a.title, a.body), story=AGG_STORY))
        for a in (main, related)
    ]


def hostile_doc() -> Doc:
    """Markup in every free-text field: it must render as text everywhere."""
    body = f"نص عادي ثم {SCRIPT} ثم <img src=x onerror=alert(1)> وكلمة الزيتون في النهاية."
    q_start = body.index("<img")
    q_end = q_start + len("<img src=x onerror=alert(1)>")
    return Doc(
        article=Article(
            id=HOSTILE_ID,
            title=f"عنوان {SCRIPT} خطر",
            body=body,
            published=datetime(2025, 4, 27, 8, 0, tzinfo=UTC),
            outlet="<b>منفذ</b>",
            language="ar",
            page_tags=("<i>وسم</i>",),
            source="test:hostile",
        ),
        ann=Annotations(
            quotes=[
                Quote(
                    text=body[q_start:q_end],
                    start=q_start,
                    end=q_end,
                    speaker=Speaker(name="<u>متحدث</u>"),
                    cue="قال",
                )
            ],
            tags=[Tag(label="<em>زيتون</em>", kind="entity", entities=["<x>"], score=0.5)],
        ),
    )


def newest_dated(docs: list[Doc]) -> list[Doc]:
    """The docs that have a publication date, newest first."""
    return sorted(
        (d for d in docs if d.article.published),
        key=lambda d: d.article.published or datetime.min,
        reverse=True,
    )


def all_docs(sample_page: Path) -> list[Doc]:
    return [*samples.sample_docs(), *aggregator_docs(sample_page), hostile_doc()]


def fill_store(path: Path, docs: list[Doc]) -> Store:
    store = open_store(str(path))
    store.migrate()
    store.write(docs)
    return store


@pytest.fixture
def agg_docs(sample_page: Path) -> list[Doc]:
    return aggregator_docs(sample_page)


@pytest.fixture
def tmp_store(tmp_path: Path, sample_page: Path) -> Iterator[Store]:
    store = fill_store(tmp_path / "web.db", all_docs(sample_page))
    yield store
    store.close()


# --------------------------------------------------------------------------- the builders themselves


def test_aggregator_page_splits_into_two_linked_articles(agg_docs: list[Doc]) -> None:
    main, related = agg_docs
    assert main.article.related_keys == (related.id,)
    assert main.article.published == datetime(2025, 4, 28, tzinfo=UTC)
    assert main.article.outlet and not related.article.outlet and related.article.published is None
    assert RELATED_MARK not in main.article.body and related.article.title not in main.article.body
    assert len(main.article.page_tags) >= 3  # a tag line of several multi-word tags, not one string
    for doc in agg_docs:
        for ent in doc.ann.entities:
            text = doc.article.body
            for m in ent.mentions:
                assert (text if m.field == "body" else doc.article.title)[m.start : m.end] == m.text


# --------------------------------------------------------------------------- views


def _doc(body: str, entities: list[Entity] | None = None, quotes: list[Quote] | None = None) -> Doc:
    return Doc(
        article=Article(id="t", title="عنوان", body=body),
        ann=Annotations(entities=entities or [], quotes=quotes or []),
    )


def test_marks_keep_exact_offsets_and_nest_links_outside_marks() -> None:
    body = "قال الرئيس بوتين إن «روسيا لن تنسى» أمس.\nسطر ثان."
    ps, pe = body.index("بوتين"), body.index("بوتين") + len("بوتين")
    rs = body.index("روسيا")
    q0, q1 = body.index("روسيا لن تنسى"), body.index("روسيا لن تنسى") + len("روسيا لن تنسى")
    doc = _doc(
        body,
        entities=[
            Entity(
                id="P", name="فلاديمير بوتين", type="PERS", mentions=[Mention(start=ps, end=pe, text="بوتين")]
            ),
            Entity(
                id="R/1", name="روسيا", type="LOC", mentions=[Mention(start=rs, end=rs + 5, text="روسيا")]
            ),
        ],
        quotes=[Quote(text=body[q0:q1], start=q0, end=q1)],
    )
    paras = views.paragraphs(body, [*views.entity_spans(doc), *views.evidence_spans(doc)])
    assert len(paras) == 2
    first = str(paras[0])
    # Stripping the tags gives back the text exactly: nothing lost, nothing doubled.
    assert re.sub(r"<[^>]+>", "", first).replace("&#34;", '"') == body.split("\n")[0]
    assert '<a class="ent pers" href="/entity/P" title="فلاديمير بوتين">بوتين</a>' in first
    # The entity inside the quote: link outside, mark inside; the id is URL-quoted.
    assert re.search(
        r'<a class="ent loc" href="/entity/R%2F1"[^>]*><mark class="q"[^>]*>روسيا</mark></a>', first
    )
    assert 'id="q-1"' in first
    for m in re.finditer(r'data-start="(\d+)" data-end="(\d+)"[^>]*>([^<]*)<', first):
        assert body[int(m.group(1)) : int(m.group(2))] == m.group(3)


def test_spans_outside_the_text_are_ignored_not_crashing() -> None:
    doc = _doc(
        "قصير",
        entities=[Entity(id="x", name="س", type="MISC", mentions=[Mention(start=2, end=99, text="?")])],
    )
    assert views.entity_spans(doc) == []
    assert str(views.paragraphs("قصير", views.entity_spans(doc))[0]) == "قصير"


def test_paragraphs_escape_markup() -> None:
    (p,) = views.paragraphs(f"قبل {SCRIPT} بعد")
    assert "<script>" not in str(p) and "&lt;script&gt;" in str(p)


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        ("نص <mark>روسيا</mark> آخر", "نص <mark>روسيا</mark> آخر"),
        ("&lt;b&gt; <mark>س</mark>", "&lt;b&gt; <mark>س</mark>"),
        # An unescaped tag means the store broke its promise: escape all but the marks.
        (f"{SCRIPT} <mark>س</mark>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; <mark>س</mark>"),
    ],
)
def test_safe_snippet_trusts_only_marks(snippet: str, expected: str) -> None:
    out = views.safe_snippet(snippet)
    assert isinstance(out, Markup) and str(out) == expected


def test_day_counts_fill_gaps_and_bar_chart_draws_one_bar_per_day() -> None:
    docs = samples.sample_docs()  # 28, 29 and 30 April
    series = views.day_counts(docs)
    assert [(d.isoformat(), n) for d, n in series] == [
        ("2025-04-28", 1),
        ("2025-04-29", 1),
        ("2025-04-30", 1),
    ]
    svg = str(views.bar_chart(series))
    assert svg.count("<rect") == 3 and 'direction="ltr"' in svg
    xs = [float(x) for x in re.findall(r'<rect x="([\d.]+)"', svg)]
    assert xs == sorted(xs, reverse=True)  # oldest day at the right: RTL reading order
    assert views.bar_chart([]) == ""


def test_network_draws_one_arrow_per_direction_and_links_entities() -> None:
    docs = samples.sample_docs()
    events = [ev for d in docs for ev in d.ann.events]
    net = views.actor_network(events, {samples.RUSSIA: "روسيا", samples.NKOREA: "كوريا الشمالية"})
    assert set(net.edges) == {(samples.RUSSIA, samples.NKOREA), (samples.NKOREA, samples.RUSSIA)}
    svg = str(views.network_svg(net, highlight={samples.RUSSIA}))
    assert svg.count('class="edge"') == 2 and svg.count('marker-end="url(#arrow)"') == 2
    assert f'href="/entity/{samples.RUSSIA}"' in svg and 'class="node main"' in svg


def test_iso_day_formats_dates_and_keeps_other_text() -> None:
    assert views.iso_day("2025-04-30") == views.arabic_date(date(2025, 4, 30))
    assert "2025" in views.iso_day("2025-04-30") and "أبريل" in views.iso_day("2025-04-30")
    assert views.iso_day("السبت الماضي") == "السبت الماضي"
    assert views.iso_day(None) == ""


# --------------------------------------------------------------------------- backend_read


class _Partial:
    """A store that implements one optional read, refuses another, and has a bug in a third."""

    def pair_articles(self, a: str, b: str, limit: int) -> list[str]:
        return [a, b]

    def pair_events(self, a: str, b: str, limit: int) -> list[str]:
        raise NotImplementedError

    def entity_quotes(self, entity_id: str, limit: int) -> list[str]:
        return self.missing_attribute  # type: ignore[attr-defined]


def test_backend_read_falls_back_only_for_unimplemented_reads() -> None:
    store = _Partial()
    assert data.backend_read(store, "pair_articles", "a", "b", 5, default=list) == ["a", "b"]  # type: ignore[arg-type]
    assert data.backend_read(store, "pair_events", "a", "b", 5, default=lambda: ["fallback"]) == ["fallback"]  # type: ignore[arg-type]
    assert data.backend_read(store, "no_such_read", default=lambda: 7) == 7  # type: ignore[arg-type]
    with pytest.raises(AttributeError):  # a bug inside an implemented read is not hidden
        data.backend_read(store, "entity_quotes", "x", 5, default=list)  # type: ignore[arg-type]


def test_related_items_put_page_links_first(tmp_store: Store, agg_docs: list[Doc]) -> None:
    main, related = agg_docs
    extra = main.model_copy(
        update={
            "ann": main.ann.model_copy(
                update={"related": [Related(id="demo-gold", reason="shared entities")]}
            )
        }
    )
    items = data.related_items(tmp_store, extra)
    assert items[0].id == related.id and items[0].reason == "page" and items[0].stored
    assert items[0].title == related.article.title
    assert all(it.id != main.id for it in items)


def test_pair_view_keeps_only_events_between_the_two(tmp_store: Store) -> None:
    view = data.pair_view(tmp_store, samples.RUSSIA, samples.NKOREA)
    assert view is not None
    assert len(view.events) == 2 and all(isinstance(ev, Event) for _, ev in view.events)
    assert [d for d, _ in view.events] == newest_dated([d for d, _ in view.events])[::-1]
    assert {d.id for d in view.docs} >= {"demo-agreement", "demo-delegation"}
    assert data.pair_view(tmp_store, samples.RUSSIA, "no-such-entity") is None
