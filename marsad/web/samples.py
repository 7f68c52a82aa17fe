"""A tiny hand-written corpus (three short Arabic articles) for web tests and demos.

The sentences are written for marsad, not taken from any outlet. Offsets are
computed from the text with :func:`span`, so evidence marks stay exact if the
sentences are edited.
"""

from __future__ import annotations

from datetime import UTC, datetime

from ..model import Actor, Annotations, Article, Doc, Entity, Event, Mention, Quote, Related, Speaker, Tag

RUSSIA, NKOREA, LAVROV = "Q159", "Q423", "Q110961"
STORY = "story-demo-1"

BODY_1 = (
    "وقّعت روسيا وكوريا الشمالية اليوم في موسكو اتفاقاً جديداً للتعاون الاقتصادي والعسكري.\n"
    "وقال وزير الخارجية الروسي سيرغي لافروف إن «العلاقات مع بيونغ يانغ تتطور بثبات وتخدم الأمن في المنطقة».\n"
    "ويأتي الاتفاق بعد أشهر من المحادثات بين البلدين، وسط قلق غربي من تنامي التقارب بينهما."
)
BODY_2 = (
    "أعلنت كوريا الشمالية أنها سترسل وفداً رسمياً إلى موسكو الأسبوع المقبل لمتابعة تنفيذ الاتفاق.\n"
    "وأكدت وكالة الأنباء الرسمية أن الزيارة تهدف إلى توسيع التبادل التجاري مع روسيا."
)
BODY_3 = (
    "ارتفعت أسعار الذهب في الأسواق العربية مع تراجع الدولار.\n"
    "ويتوقع متعاملون أن تستمر موجة الصعود خلال الأسبوع الجاري."
)


def span(body: str, text: str) -> tuple[int, int]:
    """Offsets of the first occurrence of ``text`` in ``body`` (raises if absent)."""
    start = body.index(text)
    return start, start + len(text)


def _mention(body: str, text: str) -> Mention:
    s, e = span(body, text)
    return Mention(start=s, end=e, text=text)


def _russia(body: str, *texts: str) -> Entity:
    return Entity(
        id=RUSSIA,
        name="روسيا",
        name_en="Russia",
        type="LOC",
        country="RUS",
        mentions=[_mention(body, t) for t in texts],
    )


def _nkorea(body: str, *texts: str) -> Entity:
    return Entity(
        id=NKOREA,
        name="كوريا الشمالية",
        name_en="North Korea",
        type="LOC",
        country="PRK",
        mentions=[_mention(body, t) for t in texts],
    )


def doc_agreement() -> Doc:
    b = BODY_1
    qs, qe = span(b, "العلاقات مع بيونغ يانغ تتطور بثبات وتخدم الأمن في المنطقة")
    es, ee = span(b, "وقّعت روسيا وكوريا الشمالية اليوم في موسكو اتفاقاً جديداً للتعاون الاقتصادي والعسكري.")
    ls, le = span(b, "سيرغي لافروف")
    article = Article(
        id="demo-agreement",
        url="https://example.org/news/agreement",
        title="روسيا وكوريا الشمالية توقعان اتفاقاً للتعاون العسكري",
        body=b,
        published=datetime(2025, 4, 28, 9, 30, tzinfo=UTC),
        outlet="وكالة المرصد",
        language="ar",
        page_tags=("روسيا", "كوريا الشمالية"),
        related_keys=("demo-delegation",),
        source="demo:samples#1",
    )
    ann = Annotations(
        entities=[
            _russia(b, "روسيا"),
            _nkorea(b, "كوريا الشمالية", "بيونغ يانغ"),
            Entity(
                id=LAVROV,
                name="سيرغي لافروف",
                name_en="Sergei Lavrov",
                type="PERS",
                country="RUS",
                role="foreign minister of Russia",
                mentions=[_mention(b, "سيرغي لافروف")],
            ),
        ],
        tags=[Tag(label="روسيا وكوريا الشمالية", kind="pair", entities=[RUSSIA, NKOREA], score=0.9)],
        quotes=[
            Quote(
                text=b[qs:qe],
                start=qs,
                end=qe,
                speaker=Speaker(entity=LAVROV, name="سيرغي لافروف", start=ls, end=le),
                cue="قال",
            )
        ],
        events=[
            Event(
                type="AGREE",
                cameo="057",
                source=Actor(entity=RUSSIA, text="روسيا", country="RUS", role="GOV"),
                target=Actor(entity=NKOREA, text="كوريا الشمالية", country="PRK", role="GOV"),
                location="موسكو",
                start=es,
                end=ee,
                trigger="وقّعت",
            )
        ],
        story=STORY,
        related=[Related(id="demo-delegation", reason="same story", score=0.8)],
    )
    return Doc(article=article, ann=ann)


def doc_delegation() -> Doc:
    b = BODY_2
    es, ee = span(
        b, "أعلنت كوريا الشمالية أنها سترسل وفداً رسمياً إلى موسكو الأسبوع المقبل لمتابعة تنفيذ الاتفاق."
    )
    article = Article(
        id="demo-delegation",
        url="https://example.net/world/delegation",
        title="بيونغ يانغ ترسل وفداً إلى موسكو لمتابعة الاتفاق",
        body=b,
        published=datetime(2025, 4, 30, 14, 0, tzinfo=UTC),
        outlet="صحيفة الشاهد",
        language="ar",
        page_tags=("كوريا الشمالية",),
        source="demo:samples#2",
    )
    ann = Annotations(
        entities=[_nkorea(b, "كوريا الشمالية"), _russia(b, "روسيا")],
        tags=[Tag(label="كوريا الشمالية", kind="entity", entities=[NKOREA], score=0.7)],
        events=[
            Event(
                type="CONSULT",
                cameo="043",
                source=Actor(entity=NKOREA, text="كوريا الشمالية", country="PRK", role="GOV"),
                target=Actor(entity=RUSSIA, text="روسيا", country="RUS"),
                date="2025-04-30",
                start=es,
                end=ee,
                trigger="سترسل",
                modality="future",
            )
        ],
        story=STORY,
        related=[Related(id="demo-agreement", reason="same story", score=0.8)],
    )
    return Doc(article=article, ann=ann)


def doc_gold() -> Doc:
    article = Article(
        id="demo-gold",
        title="الذهب يرتفع مع تراجع الدولار",
        body=BODY_3,
        published=datetime(2025, 4, 29, 7, 0, tzinfo=UTC),
        outlet="صحيفة الشاهد",
        language="ar",
        source="demo:samples#3",
    )
    return Doc(article=article)


def sample_docs() -> list[Doc]:
    """The three demo docs: two on one story (with tags, entities, a quote, events), one unrelated."""
    return [doc_agreement(), doc_delegation(), doc_gold()]
