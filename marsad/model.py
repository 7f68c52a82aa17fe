"""The one document model that flows through every stage.

An :class:`Article` is the immutable record a source adapter produced: what the
page said, nothing inferred. :class:`Annotations` holds what marsad's stages
inferred about it. :class:`Doc` pairs the two and is what stages read and write
(the shape of spaCy's ``Doc`` passing through ``Language.__call__``).

Every extracted fact carries ``start``/``end`` character offsets into
``Article.body`` (the display text, never altered), so a fact can always show
its evidence. Offsets into the headline say ``field="title"``.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EntityType = Literal["PERS", "ORG", "LOC", "MISC"]
Field_ = Literal["body", "title"]


def short_hash(*parts: str) -> str:
    """A stable 16-hex-digit id from text parts (content-hash ids, as sqlite-utils)."""
    h = hashlib.sha1()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:16]


class Article(BaseModel):
    """What a source said about one article. Missing fields stay ``None``: never invented."""

    model_config = ConfigDict(frozen=True)

    id: str
    url: str | None = None
    title: str = ""
    body: str = ""
    published: datetime | None = None  # always timezone-aware UTC when set
    outlet: str | None = None
    author: str | None = None
    language: str | None = None  # filled by the language stage when the source does not say
    page_tags: tuple[str, ...] = ()  # tags as printed on the source page
    related_keys: tuple[str, ...] = ()  # ids of articles the page itself links as related
    source: str = ""  # "<adapter>:<file or URL>[#<record>]"
    extra: dict[str, str] = Field(default_factory=dict)


class Mention(BaseModel):
    start: int
    end: int
    text: str
    field: Field_ = "body"


class Entity(BaseModel):
    """An entity as it appears in one article: a KB entry (or a new one) and its mentions."""

    id: str
    name: str
    name_en: str | None = None
    type: EntityType
    country: str | None = None  # ISO 3166-1 alpha-3, as CAMEO uses
    role: str | None = None  # e.g. "president of Russia"
    mentions: list[Mention] = Field(default_factory=list)


class Tag(BaseModel):
    label: str  # as shown, e.g. "روسيا وكوريا الشمالية"
    kind: Literal["entity", "pair"]
    entities: list[str]  # entity ids, one or two
    score: float


class Actor(BaseModel):
    entity: str | None = None
    text: str = ""
    country: str | None = None
    role: str | None = None  # CAMEO role: GOV, MIL, OPP, REB, CVL, MED, ...


class Event(BaseModel):
    """One coded event and its evidence sentence. ``modality``: "asserted" or "reported" (said
    by a source) events took place; "future", "hypothetical" and "mentioned" ones did not —
    "mentioned" is a reference the event filter judged not a report of the event happening
    (ضحايا تفجيرات 11 سبتمبر), kept so the information is marked rather than dropped. Anything
    that counts events should use :func:`marsad.nlp.events.happened`."""

    type: str  # PLOVER
    cameo: str | None = None
    source: Actor | None = None
    target: Actor | None = None
    location: str | None = None
    date: str | None = None  # ISO date when stated or resolved
    start: int  # evidence sentence span in body
    end: int
    trigger: str | None = None
    negated: bool = False
    modality: Literal["asserted", "hypothetical", "future", "reported", "mentioned"] = "asserted"


class Speaker(BaseModel):
    entity: str | None = None
    name: str | None = None
    start: int | None = None
    end: int | None = None


class Quote(BaseModel):
    text: str
    start: int
    end: int
    speaker: Speaker | None = None
    cue: str | None = None
    continuation: bool = False


class Claim(BaseModel):
    text: str
    start: int
    end: int
    source: Speaker | None = None
    cue: str | None = None


class Related(BaseModel):
    id: str
    reason: str  # "page" | "same story" | "shared entities"
    score: float = 0.0


class Annotations(BaseModel):
    """What marsad inferred. Each stage writes its own fields and its version."""

    content_hash: str | None = None
    duplicate_of: str | None = None
    entities: list[Entity] = Field(default_factory=list)
    tags: list[Tag] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    story: str | None = None
    related: list[Related] = Field(default_factory=list)
    versions: dict[str, str] = Field(default_factory=dict)


class Doc(BaseModel):
    article: Article
    ann: Annotations = Field(default_factory=Annotations)

    @property
    def id(self) -> str:
        return self.article.id
