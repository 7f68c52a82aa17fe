"""The compiled event lexicons and the clitic-aware matcher over them.

Arabic attaches conjunctions, prepositions and the article to words (وبالهجوم = و+ب+ال+هجوم)
and pronouns to their ends (مساعدتها = مساعدة+ها), so the lexicons (built by
``scripts/build_event_lexicon.py``) store bare surface forms and :func:`variants` peels clitics
off a token at match time. Keys are folded with :func:`marsad.text.normalize.normalize`
(أ/إ/آ → ا, ة → ه, ى → ي), so matching is spelling-tolerant while offsets still point at
display text.

Matching works on a :class:`Sentence` view computed once per sentence: the variants of every
token, shared by the trigger, role, country and actor lexicons.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from ..errors import ResourceError
from ..text.normalize import normalize

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "events"
MAX_PHRASE = 4  # longest lexicon phrase, in tokens
V = TypeVar("V")

_PRESENT = "يتنا"
# Object/possessive pronoun suffixes, longest first (هما before ها). A bare ه is peeled only
# after ت (مساعدته → مساعدة): elsewhere it is usually a folded ة (سيطرة → سيطره), not a pronoun.
_ENCLITICS = ("هما", "كما", "هم", "هن", "ها", "كم", "نا", "ته")


def variants(word: str) -> list[str]:
    """See :func:`_variants`; a fresh list, the cache keeps tuples."""
    return list(_variants(word))


@lru_cache(maxsize=200_000)  # news vocabulary repeats: most tokens are seen before
def _variants(word: str) -> tuple[str, ...]:
    """``word`` (already folded) and the forms left after removing clitics, longest first.

    Proclitics: و/ف (conjunction), then ب/ل/ك (preposition) or س (future, only before a
    present-tense prefix), then ال; لل is ل+ال. Enclitics: a pronoun suffix, restoring the
    ة that a suffix turns into ت (مساعدتها → مساعده). Remainders under 3 letters are not
    produced: they match too much.
    """
    stems = [word]
    if len(word) > 3 and word[0] in "وف":
        stems.append(word[1:])
    for s in list(stems):
        if len(s) > 3 and (s[0] in "بلك" or (s[0] == "س" and s[1] in _PRESENT)):
            stems.append(s[1:])
        if s.startswith("لل") and len(s) > 4:
            stems.append(s[2:])
    for s in list(stems):
        if s.startswith("ال") and len(s) > 4:
            stems.append(s[2:])
    for s in list(stems):
        for suffix in _ENCLITICS:
            if s.endswith(suffix) and len(s) - len(suffix) >= 3:
                bare = s[: -len(suffix)] if suffix != "ته" else s[:-1]
                stems.append(bare)
                if bare.endswith("ت"):
                    stems.append(bare[:-1] + "ه")
                if bare.endswith("و") and suffix != "ته":
                    stems.append(bare + "ا")  # قتلوهم → قتلوا: the plural's alif drops before a pronoun
                break
    out: list[str] = []
    for s in stems:
        if s not in out and (len(s) >= 3 or s == word):
            out.append(s)
    return tuple(out)


@lru_cache(maxsize=200_000)
def _actor_forms(word: str) -> tuple[str, ...]:
    """Variants plus the masculine singular of nisba forms, so "القوات الروسية" meets روسي."""
    v = _variants(word)
    return v + tuple(n for n in (nisba_base(x) for x in v) if n and n not in v)


def nisba_base(word: str) -> str | None:
    """Masculine singular of a nisba adjective: روسيه → روسي, اميركيين → اميركي."""
    if word.endswith("يه"):
        return word[:-1]
    if word.endswith(("يون", "يين")):
        return word[:-2]
    return None


@dataclass(frozen=True)
class TriggerEntry:
    cameo: str
    plover: str
    pos: str  # "V" verb, "N" noun or participle
    origin: str


@dataclass(frozen=True)
class ActorInfo:
    """What a phrase says about an actor; either part may be empty. ``periods`` are the dated
    codes of the actor dictionary, ``(start, end, country, role)`` with YYYYMMDD bounds, which
    decide on an article of known date (:meth:`on`)."""

    country: str = ""
    role: str = ""
    periods: tuple[tuple[str, str, str, str], ...] = ()

    def on(self, day: str | None) -> ActorInfo:
        """The code in force on ``day`` (YYYYMMDD), as PETRARCH codes by the story's date: Bush
        is USA GOV in a 2007 story and USA ELI in a 2012 one. Undated, or a day no period covers,
        keeps the default (the dictionary's current code). Where periods overlap (a name the
        dictionary lists for two people, جورج بوش father and son) the shortest one covering the
        day, the most specific, wins."""
        if day is None:
            return self
        covering = [p for p in self.periods if p[0] <= day <= p[1]]
        if not covering:
            return self
        _, _, country, role = min(covering, key=lambda p: int(p[1]) - int(p[0]))
        return ActorInfo(country, role)


def _periods(cell: str) -> tuple[tuple[str, str, str, str], ...]:
    out = []
    for item in cell.split("|") if cell else ():
        span, country, role = item.split(":")
        start, end = span.split("-")
        out.append((start, end, country, role))
    return tuple(out)


@dataclass(frozen=True)
class Match:
    """A lexicon hit over tokens ``i`` (inclusive) to ``j`` (exclusive)."""

    i: int
    j: int
    key: tuple[str, ...]


class Sentence:
    """Folded tokens of one sentence with their clitic variants, computed once."""

    def __init__(self, words: list[str]):
        self.words = words
        self.variants = [list(_variants(w)) for w in words]
        self._actor_variants: list[list[str]] | None = None

    @property
    def actor_variants(self) -> list[list[str]]:
        """Computed on first use: most sentences have no trigger and never need them."""
        if self._actor_variants is None:
            self._actor_variants = [list(_actor_forms(w)) for w in self.words]
        return self._actor_variants

    def __len__(self) -> int:
        return len(self.words)


class Table(Generic[V]):
    """A phrase table keyed by tuples of folded words, with longest-match lookup."""

    def __init__(self, entries: dict[tuple[str, ...], V]):
        self.entries = entries
        self.firsts = {k[0] for k in entries}
        self.max_len = max((len(k) for k in entries), default=1)

    def longest(self, vs: list[list[str]]) -> list[Match]:
        out: list[Match] = []
        i = 0
        while i < len(vs):
            hit = self._at(vs, i)
            if hit:
                out.append(hit)
                i = hit.j
            else:
                i += 1
        return out

    def _at(self, vs: list[list[str]], i: int) -> Match | None:
        firsts = [v for v in vs[i] if v in self.firsts]
        if not firsts:
            return None
        for n in range(min(self.max_len, len(vs) - i), 0, -1):
            for key in _combos(firsts, vs[i + 1 : i + n]):
                if key in self.entries:
                    return Match(i, i + n, key)
        return None


def _combos(firsts: list[str], rest: list[list[str]]) -> list[tuple[str, ...]]:
    combos: list[tuple[str, ...]] = [(f,) for f in firsts]
    for vs in rest:
        combos = [(*c, v) for c in combos for v in vs][:48]
    return combos


class EventLexicon:
    """Triggers, CAMEO→PLOVER, and the actor tables, loaded once per process."""

    def __init__(
        self,
        triggers: dict[tuple[str, ...], TriggerEntry],
        cameo2plover: dict[str, str],
        actors: dict[tuple[str, ...], ActorInfo],
        words: dict[str, set[str]],
        blocked: dict[tuple[str, ...], str] | None = None,
        mentions: MentionCues | None = None,
    ):
        self.triggers = Table(triggers)
        self.mentions = mentions  # cues that a trigger mentions an act rather than reports it
        self.blocked = Table(blocked or {})  # standing names that hide a trigger word
        self.cameo2plover = cameo2plover
        self.actors = Table(actors)
        self.words = words
        self._forms_cache: dict[str, list[str]] = {}  # folded word -> its trigger readings

    @classmethod
    def from_disk(cls, path: Path = DATA_DIR) -> EventLexicon:
        try:
            c2p = {r[0]: r[1] for r in _rows(path / "cameo2plover.tsv")}
            triggers: dict[tuple[str, ...], TriggerEntry] = {}
            for form, cameo, pos, origin in _rows(path / "triggers.tsv"):
                plover = plover_type(cameo, c2p)
                if plover is not None:  # CAMEO 01/02 statements have no PLOVER type
                    triggers[tuple(form.split())] = TriggerEntry(cameo, plover, pos, origin)
            actors = _actor_table(path)
            words: dict[str, set[str]] = {}
            for row in _rows(path / "context_words.tsv"):
                words.setdefault(row[1], set()).add(normalize(row[0]))
            blocked = {
                tuple(normalize(phrase).split()): reason
                for phrase, reason in _rows(path / "not_triggers.tsv")
            }
        except (OSError, ValueError, IndexError) as exc:
            raise ResourceError(f"event lexicon under {path} failed to load: {exc}") from exc
        if not triggers or not actors:
            raise ResourceError(f"event lexicon under {path} is empty; run scripts/build_event_lexicon.py")
        mentions = MentionCues.from_disk(
            path / "mention_cues.tsv", words.get("not_future", set()), words.get("actor_trigger", set())
        )
        return cls(triggers, c2p, actors, words, blocked, mentions)

    def plover(self, cameo: str) -> str | None:
        return plover_type(cameo, self.cameo2plover)

    def match_triggers(self, sent: Sentence) -> list[tuple[Match, TriggerEntry]]:
        """Trigger hits, longest first. A token that is an actor noun as written (وزارة) is not
        read as clitics + verb (و+زارة → زار "visited"): the whole-word reading wins. Tokens inside
        a standing name (الاتفاق النووي, مجلس التعاون) have no readings: ال is peeled before
        matching, so the trigger table alone cannot tell the name from a new event."""
        vs = [self._trigger_forms(w, v) for w, v in zip(sent.words, sent.variants, strict=True)]
        for k in self._blocked_tokens(sent):
            vs[k] = []
        return [(m, self.triggers.entries[m.key]) for m in self.triggers.longest(vs)]

    def _blocked_tokens(self, sent: Sentence) -> set[int]:
        """Indices of tokens covered by a not_triggers.tsv phrase, longest match first. Phrases
        keep their ال, so a token also offers its definite reading after لل (للاتفاق → الاتفاق):
        an indefinite اتفاق نووي is a new deal and must still fire."""
        if not self.blocked.entries:
            return set()
        vs = [v + _definite(w) for w, v in zip(sent.words, sent.variants, strict=True)]
        return {k for m in self.blocked.longest(vs) for k in range(m.i, m.j)}

    def _trigger_forms(self, word: str, token_variants: list[str]) -> list[str]:
        forms = self._forms_cache.get(word)
        if forms is None:
            forms = self._readings(token_variants) + self._possessed(token_variants)
            if len(self._forms_cache) < 200_000:
                self._forms_cache[word] = forms
        return forms

    def _readings(self, token_variants: list[str]) -> list[str]:
        """Drop the readings shorter than a known actor noun the token contains."""
        nouns = [
            v for v in token_variants if (v,) in self.actors.entries and (v,) not in self.triggers.entries
        ]
        if not nouns:
            return token_variants
        shortest = min(len(n) for n in nouns)
        return [v for v in token_variants if len(v) >= shortest]

    def _possessed(self, token_variants: list[str]) -> list[str]:
        """A verbal noun with the possessive ه (شكره، دعمه): peeled only when the rest is a noun
        trigger, since ه is more often a folded ة (سيطره = سيطرة, not سيطر + ه)."""
        out = []
        for v in token_variants:
            key = (v[:-1],)
            if (
                v.endswith("ه")
                and len(v) >= 4
                and key in self.triggers.entries
                and self.triggers.entries[key].pos == "N"
            ):
                out.append(v[:-1])
        return out

    def match_actors(self, sent: Sentence) -> list[tuple[Match, ActorInfo]]:
        return [(m, self.actors.entries[m.key]) for m in self.actors.longest(sent.actor_variants)]

    def joint_code(self, sent: Sentence, match: Match, entry: TriggerEntry) -> str | None:
        """The CAMEO code of kind ``joint:<code>`` in mention_cues.tsv a trigger row takes when two
        countries are named right after it: المناورات العسكرية الأميركية الكورية الجنوبية are joint
        drills, military cooperation, as مناورات مشتركة are (one country's drills stay MOBILIZE)."""
        if self.mentions is None:
            return None
        row = entry.origin.partition(":")[2]
        code = next(
            (
                k.partition(":")[2]
                for k, ws in self.mentions.words.items()
                if k.startswith("joint:") and row in ws
            ),
            None,
        )
        if code is None:
            return None
        end = match.j + JOINT_WINDOW
        countries = {a.country for m, a in self.match_actors(sent) if match.j <= m.i < end and a.country}
        return code if len(countries) >= 2 else None

    def is_word(self, kind: str, token_variants: list[str]) -> bool:
        """Is any variant of a token one of the context words of ``kind`` (negation, place, …)?"""
        bag = self.words.get(kind, set())
        return any(v in bag for v in token_variants)


def _definite(word: str) -> list[str]:
    """ال + stem for a token written with لل (و/ف allowed first): للاتفاق → الاتفاق, which
    :func:`_variants` does not produce because لل folds the article into the preposition."""
    s = word[1:] if word[:1] in "وف" and len(word) > 4 else word
    return ["ال" + s[2:]] if s.startswith("لل") and len(s) > 4 else []


def _actor_table(path: Path) -> dict[tuple[str, ...], ActorInfo]:
    """Roles, countries and named actors in one table. Later sources override earlier ones:
    agents (roles) < actor dictionary < hand supplements (origin column)."""
    merged: dict[tuple[str, ...], ActorInfo] = {}
    for phrase, country, role, *dated in _rows(path / "actors.tsv"):
        merged[tuple(phrase.split())] = ActorInfo(country, role, _periods(dated[0] if dated else ""))
    for phrase, role, origin in _rows(path / "roles.tsv"):
        key = tuple(phrase.split())
        if origin == "supplement" or key not in merged:
            merged[key] = ActorInfo(merged[key].country if key in merged else "", role)
    for phrase, country, origin in _rows(path / "countries.tsv"):
        key = tuple(phrase.split())
        if origin == "supplement" or key not in merged:  # a country name is the state itself, no role
            merged[key] = ActorInfo(country, "")
    return merged


def plover_type(cameo: str, table: dict[str, str]) -> str | None:
    for n in range(len(cameo), 1, -1):
        if cameo[:n] in table:
            return table[cameo[:n]]
    return None


def _rows(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


class EventFilter:
    """Does a sentence *report* an event of a type as having taken place, or only mention one
    (جريمة اغتيال الحريري، ضحايا تفجيرات 11 سبتمبر)? A logistic model per PLOVER type over the
    features of :func:`marsad.nlp.events.filter_features`, trained by
    ``scripts/build_event_lexicon.py`` on the OEDA dev half; types without a model pass. A
    rejected event is not dropped: :func:`marsad.nlp.events.extract_events` keeps it with
    modality "mentioned"."""

    def __init__(
        self,
        weights: dict[str, dict[str, float]],
        bias: dict[str, float],
        threshold: dict[str, float],
        cross_validation: dict[str, dict[str, float]] | None = None,
        l2: dict[str, float] | None = None,
    ):
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.l2 = l2 or {}  # the regularisation chosen at build time (provenance)
        # nested out-of-fold precision/recall/F1 measured when the model was built: the estimate
        # for unseen text, since figures on the training folder itself are optimistic
        self.cross_validation = cross_validation or {}

    @classmethod
    def from_disk(cls, path: Path = DATA_DIR / "event_filter.tsv") -> EventFilter:
        weights: dict[str, dict[str, float]] = {}
        bias: dict[str, float] = {}
        threshold: dict[str, float] = {}
        cv: dict[str, dict[str, float]] = {}
        l2: dict[str, float] = {}
        try:
            for event_type, feature, value in _rows(path):
                if feature.startswith("__cv_"):
                    cv.setdefault(event_type, {})[feature.strip("_")[3:]] = float(value)
                elif feature == "__bias__":
                    bias[event_type] = float(value)
                elif feature == "__threshold__":
                    threshold[event_type] = float(value)
                elif feature == "__l2__":
                    l2[event_type] = float(value)
                else:
                    weights.setdefault(event_type, {})[feature] = float(value)
        except (OSError, ValueError) as exc:
            raise ResourceError(f"event filter {path} failed to load: {exc}") from exc
        if set(bias) != set(threshold):
            raise ResourceError(f"event filter {path}: every type needs __bias__ and __threshold__")
        return cls(weights, bias, threshold, cv, l2)

    def probability(self, event_type: str, features: list[str]) -> float | None:
        if event_type not in self.bias:
            return None
        w = self.weights.get(event_type, {})
        z = self.bias[event_type] + sum(w.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def accepts(self, event_type: str, features: list[str]) -> bool:
        p = self.probability(event_type, features)
        return p is None or p >= self.threshold[event_type]


# Words from an aim or a governing trigger to the act it governs, within one clause: طلب من
# الرئيس ترامب بإلحاح المساعدة في إطلاق سراح (the act five words on).
AIM_WINDOW = 6
ENACT_WINDOW = 3  # an enact verb, its subject, the agreement: وقعت الدولتان الاتفاقية
OBJECT_WINDOW = 5  # a verb, a three-word subject, the object: استدعت وزارة الخارجية الروسية السفير
OBJECT_FAR_WINDOW = 12  # دافعت الهيئة العامة للاستعلامات المصرية الحكومية، الأحد، عن (commas are tokens)
NEXT_WINDOW = 1  # the word right after: مساعدتها في التصدي (but مساعدة اللاجئين في المخيمات is aid)
PLANNED_WINDOW = 2  # a noun, an adjective, the future one: الاجتماع الوزاري المقبل
FUTURE_AFTER_WINDOW = 3  # a noun, an adjective, a future verb: مناورات عسكرية ستجرى
ANY_WINDOW = 4  # words from "any" to the trigger: أي دولة أو شركة تتعاون; أي "شرعية أو دعم"
ALL_WINDOW = 3  # a verb, مع, "all": نتعاون مع كل الدول
LIGHT_WINDOW = 3  # a purpose ل on a chain of light nouns: للسماح بدخول المساعدات
BI_WINDOW = 10  # هدد وزير الداخلية الإيطالي الجديد، ماتيو سالفيني، الأحد بمنع: the act may come late
HELP_GIVEN_WINDOW = 3  # قدمنا الدعم والمساعدة
HELP_TO_WINDOW = 3  # مساعدة الخادمة الفلبينية على الهروب
CHARGE_WINDOW = 3  # بتهمة دعم؛ للاشتباه في دعمه — not الادعاءات بأن لديهم تسجيلا عن مقتل (a charge
# about evidence of a killing that took place)
# a dependence verb, a subject of number and place, على: يعتمد نحو 22 مليون نسمة في اليمن على
DEPEND_WINDOW = 8
HALT_WINDOW = 2  # a halt word, an adjective or "all": وقف جميع المناورات، تعليق مناورات
UNDERGO_WINDOW = 5  # a verb of undergoing, a three-word subject, ل + the act: تعرض مهندسان أجنبيان للخطف
FOILED_WINDOW = 3  # a foil verb, its subject, the attempt: أحبطت الشرطة محاولة تفجير
BEFORE_SENSE_WINDOW = 3  # the subject before a verb, through a relative: المبادرة التي استهدفت
RETYPE_WINDOW = 2  # الدعم الفني واللوجستي; مناورات عسكرية مشتركة
JOINT_WINDOW = 4  # المناورات العسكرية الأميركية الكورية الجنوبية: a noun, an adjective, two countries
_CLAUSE_BREAKS = frozenset('،,.:;؛!؟?"«»()')
# Within a clause an aim reaches into a quotation: its object is often quoted (وطلبت "تعاونا كاملا"،
# ودعت إلى "سرعة الإفراج").
_GOVERN_BREAKS = _CLAUSE_BREAKS - frozenset('"«»')
_SENTENCE_BREAKS = frozenset(".:;؛!؟?")  # between a threat and its act, commas set off names and dates
# kinds of mention_cues.tsv whose rows are PLOVER type names, not Arabic words (kept unfolded)
_TYPE_KINDS = frozenset({"governing", "presupposed", "halt_presupposed", "attempt_types", "licence_types"})


class MentionCues:
    """When does a trigger only *mention* an act — one already in place, asked for, threatened,
    aimed at — rather than report it taking place? Grammar cues from ``mention_cues.tsv`` (its
    header explains each kind). :func:`marsad.nlp.events.sentence_events` marks such an event
    "mentioned"; it is kept, as the filter's rejects are."""

    def __init__(
        self,
        words: dict[str, set[str]],
        not_future: set[str] | None = None,
        person_rows: set[str] | None = None,
    ):
        self.words = words
        self.not_future = not_future or set()  # nouns that look like سـ + a present verb (سيارة)
        # trigger rows that name the people taking part (متظاهرين): ل on them is "to, for", no purpose
        self.person_rows = person_rows or set()
        # phrases of a kind (ما لم), kept apart: the other cues are single tokens
        self.phrases = {
            kind: {tuple(w.split()) for w in ws if " " in w}
            for kind, ws in words.items()
            if kind != "governing"
        }
        self.governing = words.get("governing", set())
        # supplement row (lemma) -> the objects without which its triggers are another word sense
        self.objects = {k.partition(":")[2]: ws for k, ws in words.items() if k.startswith("object:")}
        # the same, for an object that may come after a long subject with its asides (دافع الرئيس
        # الأمريكي، دونالد ترامب، عن): OBJECT_FAR_WINDOW tokens
        self.objects_far = {k.partition(":")[2]: ws for k, ws in words.items() if k.startswith("object_far:")}
        # supplement row -> words after its triggers that show another word sense
        self.senses = {k.partition(":")[2]: ws for k, ws in words.items() if k.startswith("sense:")}
        # supplement row -> words right after its triggers that show another sense (مساعدة في التصدي)
        self.next = {k.partition(":")[2]: ws for k, ws in words.items() if k.startswith("next:")}
        # supplement row -> words before its triggers that name a standing state (مناطق سيطرتها)
        self.before = {k.partition(":")[2]: ws for k, ws in words.items() if k.startswith("before:")}
        # supplement row -> words before its triggers (their subject) that show another sense
        self.before_sense = {
            k.partition(":")[2]: ws for k, ws in words.items() if k.startswith("before_sense:")
        }
        self.sport = words.get("sport", set())  # words that set a sentence on the pitch
        self.sport_rows = words.get("sport_sense", set())  # rows that mean a match/VAR/red card there
        self.stative = words.get("stative", set())  # rows whose present tense is a state (تسيطر عليها)
        self.backing = words.get("backing", set())  # rows that with ب name backing (بدعم من)
        # supplement row -> [(CAMEO code, words right after its triggers that make it that code)]
        self.retypes: dict[str, list[tuple[str, set[str]]]] = {}
        for kind, ws in words.items():
            if kind.startswith("retype:"):
                _, code, row = kind.split(":")
                self.retypes.setdefault(row, []).append((code, ws))

    @classmethod
    def from_disk(
        cls,
        path: Path = DATA_DIR / "mention_cues.tsv",
        not_future: set[str] | None = None,
        person_rows: set[str] | None = None,
    ) -> MentionCues:
        words: dict[str, set[str]] = {}
        try:
            for word, kind in _rows(path):
                if kind.startswith(("object:", "object_far:", "sense:", "before:", "before_sense:", "next:")):
                    kind = kind.partition(":")[0] + ":" + normalize(kind.partition(":")[2])
                elif kind.startswith("retype:"):
                    _, code, row = kind.split(":")
                    kind = f"retype:{code}:{normalize(row)}"
                words.setdefault(kind, set()).add(word if kind in _TYPE_KINDS else normalize(word))
        except (OSError, ValueError) as exc:
            raise ResourceError(f"mention cues {path} failed to load: {exc}") from exc
        if not words.get("standing") or not words.get("aim"):
            raise ResourceError(f"mention cues {path} have no standing or aim words")
        return cls(words, not_future, person_rows)

    def retype(self, sent: Sentence, match: Match, entry: TriggerEntry) -> str | None:
        """The CAMEO code a trigger takes instead of its own when a word right after it says so:
        material support is aid (الدعم الجوي، دعمهم بالآليات العسكرية → 07), joint manoeuvres are
        military cooperation (مناورات مشتركة → 062), as PLOVER codes them."""
        row = entry.origin.partition(":")[2]
        after = {v for k in range(match.j, min(len(sent), match.j + RETYPE_WINDOW)) for v in sent.variants[k]}
        return next((code for code, ws in self.retypes.get(row, []) if after & ws), None)

    def _has(self, kind: str, token_variants: list[str]) -> bool:
        bag = self.words.get(kind, set())
        return any(v in bag for v in token_variants)

    def reasons(
        self,
        sent: Sentence,
        raw: list[str],
        triggers: list[tuple[Match, TriggerEntry]],
        exempt: frozenset[str] = frozenset(),
    ) -> list[str | None]:
        """For each trigger of a sentence (in order), why it is a mention ("standing", "generic",
        "planned", "aim", "governed", "alleged", "subjunctive", "purpose", "halted", "absent"), or None when it reads as
        an act taking place; "sense" when it is not this event at all (a verb without the object it
        needs, a warning with no consequence, a danger, everyday help).
        A trigger that is itself an act aimed at governs the acts after it: in طلب … المساعدة
        في إطلاق سراح the release is asked for through the help. Types in ``exempt`` are left to a
        learned filter (stage "events-oeda"): its n-gram features already read these cues, and the
        cues on top of it cost OEDA detection F1 (ASSAULT 0.976 → 0.950, PROTEST 0.930 → 0.905
        in-sample, 2026-11-30)."""
        out: list[str | None] = []
        governors: set[int] = set()  # last token of each governing trigger so far
        for n, (match, entry) in enumerate(triggers):
            why = None if entry.plover in exempt else self._reason(sent, raw, match, entry, governors)
            if why is None and entry.plover not in exempt and self._manner_of(sent, match, entry, triggers[:n], out):
                why = "sense"
            out.append(why)
            if (
                (entry.plover in self.governing and why != "sense")  # على طالب: a student asks nothing
                or why in ("aim", "governed", "purpose", "subjunctive", "alleged")
                or (why == "sense" and self._governed(sent, raw, match.i, governors))
            ):  # طلب … المساعدة في إطلاق سراح: "help to do", aimed at, passes the aim on
                governors.add(match.j - 1)
        return out

    def _manner_of(
        self,
        sent: Sentence,
        match: Match,
        entry: TriggerEntry,
        before: list[tuple[Match, TriggerEntry]],
        whys: list[str | None],
    ) -> bool:
        """An adverbial accusative of manner (احتجاجا "in protest") after an act of another type: the
        protest is how that act was meant (استدعت السفير للتشاور احتجاجا، علقت مشاركتها احتجاجا), not a
        protest held. After an act of its own type (أضرب العمال احتجاجا، الذين يتظاهرون … احتجاجا) or
        none it still reports one: the nearest act before it is the one it qualifies."""
        if sent.words[match.i] not in self.words.get("manner", set()):
            return False
        acts = [e for (_, e), why in zip(before, whys, strict=False) if why != "sense"]
        return bool(acts) and acts[-1].plover != entry.plover  # the nearest act before is the one qualified

    def _reason(
        self, sent: Sentence, raw: list[str], match: Match, entry: TriggerEntry, governors: set[int]
    ) -> str | None:
        row = entry.origin.partition(":")[2]
        if self._not_this_event(sent, match, entry, row):
            return "sense"
        if (
            self._standing(sent, match, entry, row)
            or self._depended_on(sent, match)
            or self._licensed(sent, match, entry)
        ):
            return "standing"
        if entry.plover not in self.words.get("halt_presupposed", set()) and self._halted(sent, match.i):
            return "halted"  # تعليق المناورات، إلغاء الزيارة: the act is called off, not held
        if self._halted(sent, match.i, "postpone"):
            return "halted"  # تأجيل الإضراب: put off before it began, whatever the type
        if match.i > 0 and self._has("absence", sent.variants[match.i - 1]):
            return "absent"  # غياب الدعم، انعدام التعاون: the act is missing
        if match.i > 0 and self._has("risk", sent.variants[match.i - 1]):
            return "generic"  # خطر الاختطاف: a kind of act feared
        if self._generic(sent, match, entry, row):
            return "generic"
        if self._planned(sent, match, entry):
            return "planned"
        i, word = match.i, sent.words[match.i]
        # the protesters are people, not an act aimed at: طالب المتظاهرون، دعت إلى حماية المتظاهرين
        governed = None if row in self.person_rows else self._governed(sent, raw, i, governors, entry.plover)
        if governed:
            return governed
        if self._subjunctive_verb(sent, raw, match, entry):
            return "subjunctive"
        # ل + verbal noun, or ل + present verb (ليقوم), unless a result verb governs it (أدى لمقتل)
        if (
            _purpose_lam(word, match.key[0])
            and not self._suffered(sent, i)
            and row not in self.person_rows  # لمتظاهرين: "to the protesters"
            and not self._toll(sent, i)  # العدد الإجمالي للقتلى: "of the dead"
            and not (i > 0 and self._attempted(sent, i - 1, entry.plover))  # محاولة لاغتيال
        ):
            return "purpose"
        return None

    def _toll(self, sent: Sentence, i: int) -> bool:
        """ل on the dead or wounded after a count among the two words before (ارتفاع العدد الإجمالي
        للقتلى، أكبر حصيلة للقتلى): the toll of deaths reported, not a purpose. Without the count ل is a
        dative (متمنيا للجرحى الشفاء) and reports no attack."""
        return self._has("casualty_persons", sent.variants[i]) and any(
            self._has("toll", sent.variants[k]) for k in range(max(0, i - 2), i)
        )

    def _suffered(self, sent: Sentence, i: int) -> bool:
        """A result word right before ل + trigger (أدى لمقتل), or a verb of undergoing earlier in its
        clause, its subject between (تعرض مهندسان أجنبيان للخطف): what happened, not a purpose."""
        if self._near("result", sent, i, 2):
            return True
        return self._back_in_clause(sent, i - 1, UNDERGO_WINDOW, "undergo")

    def _back_in_clause(self, sent: Sentence, k: int, window: int, kind: str) -> bool:
        """A word of ``kind`` among the ``window`` tokens from ``k`` back, within its clause."""
        for m in range(k, max(-1, k - window), -1):
            if sent.words[m] in _GOVERN_BREAKS:
                return False
            if self._has(kind, sent.variants[m]):
                return True
        return False

    def _accident(self, sent: Sentence, row: str) -> bool:
        """A count of the dead or wounded in a sentence that names an accident as the cause (قتل 24
        شخصا في حريق، حوادث المرور): no attack, unless the sentence calls it deliberate (حريق متعمد)."""
        if row not in self.words.get("casualty_rows", set()):
            return False
        span = range(len(sent))
        if not any(
            self._has("accident", sent.variants[k]) or self._phrase_at("accident", sent, k) for k in span
        ):
            return False
        return not any(self._has("deliberate", sent.variants[k]) for k in span)

    def _not_this_event(self, sent: Sentence, match: Match, entry: TriggerEntry, row: str) -> bool:
        """Another word sense: a verb without its object (أرسل رسالة), a telling word after it
        (يدين بالفضل), a sports sentence (اللقاء، طرد اللاعب), or backing named with ب (بدعم من
        التحالف، ارتفع الجنيه بدعم من) unless it was received (حظيت الخطة بدعم الحلف)."""
        if (
            self._other_sense(sent, match, entry)
            or self._on_the_pitch(sent, row)
            or self._accident(sent, row)
        ):
            return True
        if (
            self._advisory(sent, match, row)
            or self._danger(sent, match, entry, row)
            or self._help_only(sent, match)
        ):
            return True
        return (
            row in self.backing
            and _with_bi(sent.words[match.i], match.key[0])
            and not self._near("receive", sent, match.i, ENACT_WINDOW)
        )

    def _generic(self, sent: Sentence, match: Match, entry: TriggerEntry, row: str) -> bool:
        """A present verb right after a relative pronoun: what someone habitually does, not an act
        reported (السياسيين الذين يتحالفون مع المتمردين، من يتعاونون مع الجماعات); a trigger on
        "any" (الرد على أي تهديد، ضد أي دولة تتعاون); a present verb on "all" (نتعاون مع كل الدول)."""
        i = match.i
        present = entry.pos == "V" and _present(match.key[0], row)
        if present and i > 0 and self._has("relative", sent.variants[i - 1]):
            return True
        if present and any(
            self._has("all", sent.variants[k]) for k in self._clause_span(sent, match.j, match.j + ALL_WINDOW)
        ):
            return True
        if (present or self._after_present(sent, match.i)) and self._habitual(sent, match):
            return True
        return self._any_before(sent, match, present) or self._received(sent, match, entry)

    def _after_present(self, sent: Sentence, i: int) -> bool:
        """A present-tense verb right before a trigger noun (وتجري مناورات، نوقع اتفاقيات)."""
        if i == 0:
            return False
        w = sent.words[i - 1]
        w = w[1:] if w[:1] in "وف" and len(w) > 4 else w
        return len(w) >= 4 and w[0] in "يتن" and not w.startswith("ال")

    def _habitual(self, sent: Sentence, match: Match) -> bool:
        """A word of frequency in the trigger's clause (عادة، دائما، كل عام، في بعض الأحيان)."""
        before = range(match.i - 1, -1, -1)
        start = next((k + 1 for k in before if sent.words[k] in _GOVERN_BREAKS), 0)
        span = range(start, self._clause_span(sent, match.j, len(sent)).stop)
        return any(
            self._has("habitual", sent.variants[k]) or self._phrase_at("habitual", sent, k) for k in span
        )

    def _received(self, sent: Sentence, match: Match, entry: TriggerEntry) -> bool:
        """A trigger noun that a relative clause says someone receives (الدعم الذي تتلقاه الدبلوماسية،
        التقدير الذي يتلقونه): an amount or a state, not an act."""
        k = match.j
        return (
            entry.pos == "N"
            and k + 1 < len(sent)
            and self._has("relative", sent.variants[k])
            and self._has("receives", sent.variants[k + 1])
        )

    def _any_before(self, sent: Sentence, match: Match, verb: bool) -> bool:
        """أي quantifying the trigger: a noun right after it (أي تهديد) or coordinated with that one
        (أي شرعية أو دعم), a present verb said of "any" noun (أي دولة تتعاون) — in one clause, and not
        after a comma, where أي is "i.e." (ولم تعلن أي جهة مسؤوليتها عن الهجوم: the attack happened)."""
        words = [
            k for k in range(match.i - 1, max(-1, match.i - 2 * ANY_WINDOW), -1) if sent.words[k].isalnum()
        ]
        k = next((k for k in words[:ANY_WINDOW] if self._has("any", sent.variants[k])), None)
        if k is None or (k > 0 and sent.words[k - 1] in _CLAUSE_BREAKS):
            return False
        if any(sent.words[m] in _GOVERN_BREAKS for m in range(k + 1, match.i)):
            return False
        between = [m for m in words if m > k]
        if verb:  # أي دولة أو شركة تتعاون: the verb is said of "any" noun
            return True
        # a noun must be what أي quantifies: right after it, or coordinated (أي "شرعية أو دعم")
        return not between or any(sent.words[m] in ("او", "و") for m in between)

    def _clause_span(self, sent: Sentence, start: int, end: int) -> range:
        """Tokens ``start``..``end`` (exclusive) up to the first clause break."""
        end = min(end, len(sent))
        stop = next((k for k in range(start, end) if sent.words[k] in _GOVERN_BREAKS), end)
        return range(start, stop)

    def _phrase_at(self, kind: str, sent: Sentence, k: int) -> bool:
        """A phrase of ``kind`` (ما لم) starts at token ``k``, its first word maybe with a clitic
        (بسقوط طائرة، وحادث سير)."""
        return any(
            p[0] in sent.variants[k] and tuple(sent.words[k + 1 : k + len(p)]) == p[1:]
            for p in self.phrases.get(kind, ())
        )

    def _advisory(self, sent: Sentence, match: Match, row: str) -> bool:
        """A warning row (حذر، تحذير) that names no consequence after it in the sentence — no future
        or conditional verb, no مغبة/عواقب: an advisory about a risk, not a threat by an actor."""
        if row not in self.words.get("consequence_rows", set()):
            return False
        for k in range(match.j, len(sent)):
            word = sent.words[k]
            if self._has("consequence", sent.variants[k]) or self._phrase_at("consequence", sent, k):
                return False
            if self.future_verb(word, sent.variants[k], shortest=4) and not self._effect(word):
                return False  # سترد، ستدفع (not سيؤدي إلى: a predicted effect, no act threatened)
            if word == "قد" and _present_follows(sent.words, k + 1):
                return False  # قد لا تدوم، قد يدفع: "may"
        return True

    def _effect(self, word: str) -> bool:
        """سيؤدي، ستشعل، سيكون: the future of a verb of effect or being — a warning that predicts what
        will come of something (حذر من أن رفض الاتفاق سيؤدي إلى حرب), not an act the warner threatens."""
        w = word[1:] if word[:1] in "وف" and len(word) > 4 else word
        return w[:1] == "س" and w[1:] in self.words.get("effect", set())

    def _danger(self, sent: Sentence, match: Match, entry: TriggerEntry, row: str) -> bool:
        """The noun تهديد or a present تهدد without the act threatened introduced by ب (تهديد بالقتل،
        يهدد بفرض): a danger or an endangering (تهديد داعش، تهدد الملاحة). The past هدد is left alone:
        news reports threats made in the past tense, object or not (هددت إيران جيرانها)."""
        if row not in self.words.get("bi_rows", set()):
            return False
        if entry.pos == "V" and not _present(match.key[0], row):
            return False  # هددت إيران جيرانها: a past threat is reported as made
        if self._near("given", sent, match.i, HELP_GIVEN_WINDOW):
            return False  # تلقى تهديدا: a threat received was made
        end = min(len(sent), match.j + BI_WINDOW)
        stop = next((k for k in range(match.j, end) if sent.words[k] in _SENTENCE_BREAKS), end)
        for k in range(match.j, stop):
            w = sent.words[k]
            w = w[1:] if w[:1] in "وف" and len(w) > 3 else w
            if w[:1] == "ب" and (len(w) >= 4 or w in ("ب", "بـ")):
                return False
        return True

    def _help_only(self, sent: Sentence, match: Match) -> bool:
        """The singular مساعدة as everyday help: helping someone to do something (مساعدة القلب على
        خفض المخاطر), or help that is neither given nor received, qualified as aid nor from someone
        (بمساعدة السجائر الإلكترونية، ومساعدة الشرعية). The plural مساعدات is aid as it stands."""
        if match.key[0] not in self.words.get("help_forms", set()):
            return False
        after = self._clause_span(sent, match.j, match.j + HELP_TO_WINDOW)
        if any(sent.words[k] in ("على", "علي", "في") for k in after):
            return True
        given = self._near("given", sent, match.i, HELP_GIVEN_WINDOW)
        qualified = any(self._has("aid_adjective", sent.variants[k]) for k in list(after)[:2])
        return not (given or qualified)

    def future_verb(self, word: str, token_variants: list[str], shortest: int = 5) -> bool:
        """ستجرى، سيرسلون: سـ + a present prefix, on a word that is not one of the nouns that start
        that way (سيارة، سياسة، ستة)."""
        return future_verb(word, token_variants, self.not_future, shortest)

    def _planned(self, sent: Sentence, match: Match, entry: TriggerEntry) -> bool:
        """A noun with a future adjective (اللقاء المرتقب، الزيارة المقررة) or a future verb right
        after it (مناورات عسكرية ستجرى يومي 24 و25): announced, not held."""
        end = min(len(sent), match.j + PLANNED_WINDOW)
        if any(self._has("future_adverb", sent.variants[k]) for k in range(match.j, end)):
            return True  # كيفية تعاوننا مستقبلا
        if entry.pos != "N":
            return False
        if any(self._has("planned", sent.variants[k]) for k in range(match.j, end)):
            return True
        span = self._clause_span(sent, match.j, match.j + FUTURE_AFTER_WINDOW)
        return any(self._future_holding(sent, k) for k in span)

    def _future_holding(self, sent: Sentence, k: int) -> bool:
        """ستجرى، ستعقد، سيبدأ: the future of a verb of taking place, so the noun before it is ahead
        (not سيستمر، سيعيد: a noun that will continue or bring something is already there)."""
        word = sent.words[k]
        if not self.future_verb(word, sent.variants[k]):
            return False
        w = word[1:] if word[:1] in "وف" else word
        return self._has("held", [w[1:]])

    def _standing(self, sent: Sentence, match: Match, entry: TriggerEntry, row: str) -> bool:
        """Does the trigger name a state or instrument already in place rather than a new act?
        An instrument acted upon (نقضت اتفاق السلم، انسحابها من اتفاقية، رفع الحظر) — even
        indefinite, even after an enact word (أعلنت انسحابها من الاتفاق); a definite one with
        no enact word before it; a row's own cue words before it (مناطق سيطرتها، تقود تحالفا);
        or a stative verb in the present tense (التي تسيطر عليها المعارضة، تحتل المركز)."""
        i, key = match.i, match.key[0]
        if entry.pos == "N" and key in self.words["standing"]:
            if key in self.words.get("instrument", set()) and self._near("undo", sent, i, ENACT_WINDOW):
                return True
            definite = _has_article(sent.words[i]) or (
                key in self.words.get("instrument", set()) and _definite_instrument(sent, match)
            )
            if definite and not self._near("enact", sent, i, ENACT_WINDOW):
                return True
        cues = self.before.get(row, set())
        if cues and any(v in cues for k in range(max(0, i - ENACT_WINDOW), i) for v in sent.variants[k]):
            return True
        return row in self.stative and entry.pos == "V" and _present(key, row)

    def _halted(self, sent: Sentence, i: int, kind: str = "halt") -> bool:
        """A halt word (or a word of ``kind``) among the HALT_WINDOW tokens before the trigger, with
        no preposition between: تعليق المناورات is a suspension, تعليق على الهجوم / علق على الهجوم a
        comment on one."""
        for k in range(i - 1, max(-1, i - HALT_WINDOW - 1), -1):
            if sent.words[k] in ("على", "علي", "عن", "،", ",", ":"):
                return False
            if self._has(kind, sent.variants[k]):
                return True
        return False

    def _depended_on(self, sent: Sentence, match: Match) -> bool:
        """A trigger after على that a word of dependence governs in its clause (يعتمد نحو 22 مليون
        نسمة على المساعدات): the aid is a standing condition, not an act of giving."""
        i = match.i
        if i == 0 or sent.words[i - 1] not in ("على", "علي"):
            return False
        return self._back_in_clause(sent, i - 2, DEPEND_WINDOW, "depend")

    def _on_the_pitch(self, sent: Sentence, row: str) -> bool:
        """A sports sentence, for the rows that there mean a match (اللقاء، يلتقي), the video
        assistant (تقنية المساعدة بالفيديو), a red card (طرد اللاعب), a referee's caution or a
        player's withdrawal, not a meeting, aid, an expulsion, a threat or a retreat."""
        return row in self.sport_rows and any(v in self.sport for vs in sent.variants for v in vs)

    def _near(self, kind: str, sent: Sentence, i: int, window: int) -> bool:
        """A word of ``kind`` among the ``window`` tokens before token ``i``."""
        return any(self._has(kind, sent.variants[k]) for k in range(max(0, i - window), i))

    def _other_sense(self, sent: Sentence, match: Match, entry: TriggerEntry) -> bool:
        """A verb missing the object it needs, or a word after it that shows another sense."""
        row = entry.origin.partition(":")[2]
        after = {v for k in range(match.j, min(len(sent), match.j + OBJECT_WINDOW)) for v in sent.variants[k]}
        nxt = {v for k in range(match.j, min(len(sent), match.j + NEXT_WINDOW)) for v in sent.variants[k]}
        far = {
            v for k in range(match.j, min(len(sent), match.j + OBJECT_FAR_WINDOW)) for v in sent.variants[k]
        }
        before = {v for k in range(max(0, match.i - BEFORE_SENSE_WINDOW), match.i) for v in sent.variants[k]}
        return bool(
            before & self.before_sense.get(row, set())
            or (row in self.objects and not after & self.objects[row])
            or (row in self.objects_far and not far & self.objects_far[row])
            or after & self.senses.get(row, set())
            or nxt & self.next.get(row, set())
        )

    def _governed(
        self, sent: Sentence, raw: list[str], i: int, governors: set[int], plover: str = ""
    ) -> str | None:
        """An aim word or a governing trigger earlier in the clause. Talks (مفاوضات وقف إطلاق
        النار، المفاوضات بشأن انسحاب المعارضة) govern what they negotiate, but not an agreement:
        that is what talks end in (توصلت المحادثات إلى اتفاق)."""
        if self._responsible(sent, i, plover):
            return None  # نفت مسؤوليتها عن العملية: the trigger is the responsibility for a harm done
        for k in range(i - 1, max(-1, i - AIM_WINDOW - 1), -1):
            if _breaks(raw, k) or self._has("clause", sent.variants[k]):
                return None
            if self._attempted(sent, k, plover):
                # محاولة اغتيال، حاول المسلحون اقتحام: the attempt was made — unless it is itself aimed
                # at or governed (عصابة تحاول إخافة الشهود بمحاولة اغتيال القاضي)
                return self._governed(sent, raw, k, governors, plover)
            if (
                self._has("aim", sent.variants[k])
                or self._supposed(sent, k)
                or (plover != "AGREE" and self._has("talks", sent.variants[k]))
            ):
                return "aim"
            if self._has("inquiry", sent.variants[k]) or self._responsible(sent, k, plover):
                return None  # تحقيق في مقتل، المسؤولية عن تفجير: what is investigated took place
            if (
                i - k <= CHARGE_WINDOW
                and self._has("charge", sent.variants[k])
                and plover not in self.words.get("presupposed", set())
            ):
                return "alleged"  # بتهمة دعم تنظيم داعش: the act is only in the charge
            if self._light_purpose(sent, k, i):
                return "purpose"  # لتقديم مساعدات: the purpose of another act
            if k in governors:
                return "governed"
        return None

    def _licensed(self, sent: Sentence, match: Match, entry: TriggerEntry) -> bool:
        """A right, freedom, permission or law whose object is the trigger: right before it in construct
        or with ب (حق التظاهر، السماح بالتظاهر), or with في between (الحق في التظاهر، المسموح فيه
        بالاحتجاج) — an entitlement, no act."""
        if entry.plover not in self.words.get("licence_types", set()):
            return False
        i = match.i
        if i > 0 and self._has("licence", sent.variants[i - 1]):
            # construct (حق التظاهر), or ب on the trigger (السماح بالتظاهر); not القانون احتجاجا
            return not _has_article(sent.words[i - 1]) or _with_bi(sent.words[i], "")
        between = sent.words[i - 1] if i > 0 else ""
        return i > 1 and between in ("في", "فيه", "فيها") and self._has("licence", sent.variants[i - 2])

    def attempt_of(self, sent: Sentence, match: Match, plover: str) -> bool:
        """Is the trigger the object of an attempt word right before it (محاولة اغتيال، حاول اقتحام)?
        Such an act happened only as an attempt; :func:`marsad.nlp.events.sentence_events` prefers
        another trigger of its type, the act itself (فجر مجهولون عبوة), as the event's evidence."""
        return match.i > 0 and self._attempted(sent, match.i - 1, plover)

    def _responsible(self, sent: Sentence, k: int, plover: str) -> bool:
        """A word of responsibility at ``k`` before a harm done whoever did it (the presupposed types):
        المسؤولية عن تفجير presupposes the bombing, as a charge does."""
        return plover in self.words.get("presupposed", set()) and self._has(
            "responsibility", sent.variants[k]
        )

    def _attempted(self, sent: Sentence, k: int, plover: str) -> bool:
        """Token ``k`` is a past or noun attempt word (حاول، محاولة) before an act of a type whose
        attempt counts as having happened (an attack launched and failed: محاولة اغتيال) — not when
        a foil word comes right before it (أحبطت محاولة لتفجير: a plot stopped before the act)."""
        if plover not in self.words.get("attempt_types", set()) or not self._has("attempt", sent.variants[k]):
            return False
        return not self._near("foiled", sent, k, FOILED_WINDOW)

    def _supposed(self, sent: Sentence, k: int) -> bool:
        """من المفترض "it was supposed to": what follows did not (yet) happen. Only after من — the
        adjective alone is "alleged" (الضلوع المفترض في تسميم: the poisoning took place)."""
        return k > 0 and sent.words[k - 1] == "من" and self._has("supposed", sent.variants[k])

    def _light_purpose(self, sent: Sentence, k: int, i: int) -> bool:
        """Token ``k`` is a light verbal noun with the purpose ل (لتقديم، للسماح) whose object is the
        trigger at ``i``: only light nouns stand between them (للسماح بدخول المساعدات)."""
        if i - k > LIGHT_WINDOW or not all(self._has("light", sent.variants[m]) for m in range(k, i)):
            return False
        word = sent.words[k]
        w = word[1:] if word[:1] in "وف" and len(word) > 4 else word
        return w[:1] == "ل"

    def _subjunctive_verb(self, sent: Sentence, raw: list[str], match: Match, entry: TriggerEntry) -> bool:
        """أن + present verb; not after قبل/بعد (قبل أن تفرج عنه: a past act)."""
        i = match.i
        return (
            entry.pos == "V"
            and i > 0
            and (_present(match.key[0], entry.origin.partition(":")[2]) or match.key[0][:1] == "ن")
            and self._subjunctive(raw[i - 1])
            and (i < 2 or not self._has("clause", sent.variants[i - 2]))
        )

    def _subjunctive(self, raw_word: str) -> bool:
        """أن، بأن، وأن، كي، لكي — not إن (its hamza written) nor لأن "because"."""
        w = raw_word[1:] if raw_word[:1] in "وف" and len(raw_word) > 2 else raw_word
        w = w[1:] if w[:1] == "ب" and len(w) > 2 else w
        return not w.startswith("إ") and normalize(w) in self.words.get("subjunctive", set())


def future_verb(word: str, token_variants: list[str], not_future: set[str], shortest: int = 5) -> bool:
    """ستفرض، سيرسلون: سـ + a present prefix, on a word that is not one of the nouns that start
    that way (سيارة، سياسة، ستة) nor a nisba (سياسيون، سيناريوهات). ``shortest`` 4 admits verbs of
    two-letter stems (سترد) where a verb is expected."""
    w = word[1:] if word[:1] in "وف" and len(word) > shortest else word
    return (
        len(w) >= shortest
        and w[0] == "س"
        and w[1] in "يتن"
        and not w.endswith(("يون", "يين", "ية", "يه", "يات"))
        and not any(v in not_future for v in token_variants)
    )


def _breaks(raw: list[str], k: int) -> bool:
    """Token ``k`` ends a clause: a punctuation mark, not the point or comma of a number (4.4)."""
    if raw[k] not in _GOVERN_BREAKS:
        return False
    number = (
        0 < k < len(raw) - 1 and raw[k] in ".," and raw[k - 1][-1:].isdigit() and raw[k + 1][:1].isdigit()
    )
    return not number


def _present_follows(words: list[str], k: int) -> bool:
    """A present verb at ``k``, or after a negator لا there (قد لا تدوم)."""
    if k < len(words) and words[k] == "لا":
        k += 1
    return k < len(words) and len(words[k]) > 3 and words[k][0] in "يتن"


def _definite_instrument(sent: Sentence, match: Match) -> bool:
    """An instrument noun made definite without the article: by a possessive pronoun (عقوباتها،
    اتفاقه — not اتفاقهما على العمل, their agreeing on something) or in construct with a definite
    noun (اتفاق الجمعة العظيمة، عقوبات الأمم المتحدة) — not with على after it (اتفاق الجانبين على
    الدفاع: their agreeing). Only instruments (تعهد الرئيس is a verb), and no three-letter stem with
    a pronoun, which may be a verb with its object (ترمب حظرهم)."""
    word, key = sent.words[match.i], match.key[0]
    after = sent.words[match.j : match.j + 2]
    if any(w in ("على", "علي") for w in after):
        return False
    nxt = after[0] if after else ""
    possessed = len(key) > 3 and any(
        word.endswith(suffix) and word[: -len(suffix)].endswith((key, key[:-1] + "ت"))
        for suffix in _POSSESSIVES
    )
    construct = match.j == match.i + 1 and nxt.startswith("ال") and len(nxt) > 3
    return possessed or construct


_POSSESSIVES = ("هما", "ها", "هم", "نا", "كم", "ه")


def _has_article(word: str) -> bool:
    """الاتفاق، والاتفاق، بالاتفاق، للاتفاق: the token carries the definite article."""
    s = word[1:] if word[:1] in "وف" and len(word) > 4 else word
    if s[:1] in "بك" and s[1:3] == "ال":
        s = s[1:]
    return s.startswith(("ال", "لل"))


def _present(form: str, row: str) -> bool:
    """Is the matched verb form present tense? It carries a prefix ي/ت/ن; a ت or ن that starts the
    verb itself (تعاونت، تحالفوا: past of تعاون، تحالف; نفى، نظم) is not one, unless doubled (تتعاون)."""
    if form[:1] == "ي" or (form[:1] == "ن" and not row.startswith("ن")):
        return True
    return form[:1] == "ت" and (not row.startswith("ت") or form.startswith("تت"))


def _with_bi(word: str, form: str) -> bool:
    """بدعم، وبدعم: the preposition ب on the trigger noun itself."""
    s = word[1:] if word[:1] in "وف" and len(word) > 4 else word
    return s[:1] == "ب" and s[1:].startswith(form)


def _purpose_lam(word: str, form: str) -> bool:
    """لمساعدة، ولإرسال، للإشادة: the preposition ل on a verbal noun (not the ل of لقاء itself)."""
    s = word[1:] if word[:1] in "وف" and len(word) > 4 else word
    return s[:1] == "ل" and (not form.startswith("ل") or s[1:].startswith(form) or s.startswith("لل"))


@lru_cache(maxsize=1)
def default_lexicon() -> EventLexicon:
    return EventLexicon.from_disk()


@lru_cache(maxsize=1)
def default_filter() -> EventFilter:
    return EventFilter.from_disk()
