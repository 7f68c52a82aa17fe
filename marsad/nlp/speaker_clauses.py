"""Clause structure around a reporting verb: a subject said *before* the verb, and the clause
a cue without a subject of its own hangs on.

News Arabic names a speaker after the verb (VSO: :mod:`.speaker_subjects`), but the subject
stands before it after كان / إن / أن / أما / لأن (SVO: إن التقرير يظهر، وكان مسؤول كبير في
الإدارة أعلن), and a participle or an object-pronoun cue (مضيفا، ما وصفته بـ) takes the subject
of the clause it hangs on: the main verb's, not a verb's inside a reported complement (after
أن/إن), a relative clause (الذي قال) or a concessive one (رغم أن), with a contrast word (في حين،
لكن) opening a clause with a new subject. The closed word classes those rules read
(complementisers, كان, relatives, contrast and concessive words) live here; the VSO rules,
:mod:`.speakers` and :mod:`marsad.nlp.anchors` share them.

Kept apart from :mod:`.speakers` (the document walk: cues, continuations) because these rules
answer one sentence-level question over tokens alone: *where is this clause's subject*. Like
:class:`marsad.nlp.issuers.IssuerRules`, :class:`ClauseRules` is a mixin of
:class:`marsad.nlp.speakers.Attributor`: it uses the attributor's phrase delimiter, lexicon and
document-wide naming, and hands every phrase it finds back to ``Attributor._naming``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..text.tokens import Token
from .naming import Namer, Naming
from .reporting import (
    MAX_PHRASE_TOKENS,
    Lexicon,
    Phrases,
    cue_kind,
    definite,
    feminine_verb,
    has_object_pronoun,
    is_word,
    nisba,
    normalize,
    without_age,
)

# The closed word classes that open, mark or link clauses (normalised forms).

# An SVO subject (إن التقرير يظهر) is short; longer stretches before a verb are clauses.
MAX_SVO_TOKENS = 6
_COMPLEMENTISERS = frozenset(
    normalize(p + w)
    for p in ("إن", "أن", "بأن")
    for w in ("", "ه", "ها", "هم", "نا", "ني")  # إن، إنه، إنها، إنهم، إننا، إنني
)
# لأن المحكمة اعتبرته …: a subject fronted after "because", as after إن/أن
_CAUSAL = frozenset(normalize(w) for w in ["لأن", "لان"])
_KANA = frozenset(normalize(w) for w in ["كان", "وكان", "فكان", "كانت", "وكانت", "فكانت"])
# أما X فقال: a fronted subject, as after كان / إن
_TOPIC = frozenset(normalize(w) for w in ["أما", "وأما", "لكن", "ولكن"])
_AMMA = frozenset(normalize(w) for w in ["أما", "وأما"])
# a cue after a relative pronoun belongs to a relative clause (غوارديولا، الذي انتقده …)
_RELATIVE = frozenset(normalize(w) for w in ["الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي"])
_FEMININE_RELATIVE = frozenset(normalize(w) for w in ["التي", "اللتين", "اللواتي", "اللاتي"])
# حيث قال، إذ قال: a cue whose subject is the clause's (علق الفنان … حيث قال)
_CLAUSE_LINK = frozenset(normalize(w) for w in ["حيث", "إذ", "اذ"])
_SVO_SKIP = frozenset(normalize(w) for w in ["قد", "لقد", "وقد", "فقد", "أيضا", "أيضاً"])
_DEMONSTRATIVE = frozenset(normalize(w) for w in ["هذا", "هذه", "هؤلاء"])
_CONTRAST = frozenset(
    normalize(w) for w in ["في حين", "بينما", "فيما", "وفيما", "لكن", "ولكن", "غير أن", "إلا أن"]
)
# علما بأنه …: the writer's aside, not a cue's complement (read by marsad.nlp.anchors)
_NOTED = frozenset(normalize(w) for w in ["علما", "علماً"])
# أنه، إنها: a complementiser whose pronoun is the subject of the verb after it
_PRONOUN_COMPLEMENTISERS = frozenset(
    normalize(w) for w in ["إنه", "أنه", "بأنه", "إنها", "أنها", "بأنها", "إنهم", "أنهم", "بأنهم"]
)
_PRONOUN_PP = frozenset(
    normalize(w)
    for w in ["له", "لها", "لهم", "لنا", "عليه", "عليها", "عليهم", "به", "بها", "بهم", "عنه", "عنها", "عنهم"]
)
# بيد أن، رغم أن، إلا أن: أن opens an adverbial clause (whose subject may speak later), not speech
_CONCESSIVE = frozenset(
    normalize(w)
    for w in ["بيد", "إلا", "غير", "رغم", "ورغم", "برغم", "وبرغم", "بالرغم", "وبالرغم", "مع", "بما", "وبما"]
)
# ورغم أن الجيش لم يعلق، فإنه قال: the pronoun resumes the concessive clause's subject
_RESUMING = frozenset(normalize(w) for w in ["فإنه", "فإنها", "فإنهم", "فانه", "فانها", "فانهم"])
# من جانبها، بدوره: a fronted adverbial before the verb that opens the sentence's clause
_FRONTED = frozenset(
    normalize(w)
    for w in [
        *("جانبه", "جانبها", "جانبهم", "جهته", "جهتها", "جهتهم", "ناحيته", "ناحيتها"),
        *("بدوره", "بدورها", "بدورهم", "وبدوره", "وبدورها", "وبدورهم"),
    ]
)


class ClauseRules:
    """Subjects before a verb and the clause a cue hangs on, mixed into the Attributor."""

    text: str
    lex: Lexicon
    ph: Phrases
    names: Namer

    if TYPE_CHECKING:  # provided by Attributor and SubjectRules

        def _naming(self, toks: list[Token], span: tuple[int, int]) -> Naming | None: ...

        def _naming_head(self, tok: Token) -> bool: ...

        def _verb_subject(self, toks: list[Token], k: int) -> Naming | None: ...

        def _state_at(self, toks: list[Token], i: int) -> Naming | None: ...

        def _known(self, tok: Token) -> bool: ...

    def _concessive_subject(self, toks: list[Token], k: int) -> Naming | None:
        """ورغم أن الجيش الإسرائيلي لم يعلق، فإنه كان قد قال: the subject of the verb is the
        pronoun of فإنه, which resumes the subject of the concessive clause before it."""
        i = k - 1
        while i > 0 and (normalize(toks[i].text) in _SVO_SKIP or normalize(toks[i].text) in _KANA):
            i -= 1
        if i <= 1 or normalize(toks[i].text) not in _RESUMING:
            return None
        for c in range(i - 1, 0, -1):
            if normalize(toks[c].text) in _COMPLEMENTISERS and normalize(toks[c - 1].text) in _CONCESSIVE:
                span = self.ph.after(toks, c + 1)
                if span is not None and span[1] <= i and self._naming_head(toks[span[0]]):
                    return self._naming(toks, span)
                return None
        return None

    def _antecedent(self, toks: list[Token], rel: int) -> Naming | None:
        """النجم العراقي الذي تحدث …: the noun phrase a relative clause hangs on, walked
        leftwards over adjectives to its head (a clitic ل/ب on the head is left out)."""
        if rel > 1 and toks[rel - 1].text in "،,":
            # الرئيس الأميركي، دونالد ترمب، الذي اتهم: the whole naming before the comma
            for j in range(max(0, rel - 1 - MAX_PHRASE_TOKENS), rel - 1):
                span = self.ph.after(toks, j) if self.ph.known_head(toks[j]) else None
                if span is not None and span[1] == rel - 1:
                    return self._naming(toks, span)
            return None
        i = rel - 1
        while i > 0 and (nisba(toks[i].text) or self.lex.has("adj", toks[i].text)) and rel - i < 4:
            i -= 1
        if i < 0 or i >= rel or not is_word(toks[i]):
            return None
        head = toks[i]
        start = head.start
        n = normalize(head.text)
        if n.startswith("لل") and self.lex.has("role", "ال" + n[2:]):
            start += 2  # للنجم → نجم (the article merged into the clitic)
        elif n[0] in "لب" and len(n) > 3 and self.lex.has("role", n[1:]):
            start += 1
        elif not (self.ph.known_head(head) or nisba(head.text)):
            # only a role, group or body is a speaker antecedent, or a name with its role
            # before it (المدرب صبري البرعي الذي قال: البرعي reads as a nisba)
            return self._titled_name_before(toks, rel)
        return self.names.make_naming(start, toks[rel - 1].end)

    def _titled_name_before(self, toks: list[Token], rel: int) -> Naming | None:
        for j in range(max(0, rel - MAX_PHRASE_TOKENS), rel - 1):
            if not self.lex.has("role", toks[j].text):
                continue
            span = self.ph.after(toks, j)
            if span is not None and span[1] == rel and any(self.ph.name_like(t) for t in toks[j:rel]):
                return self._naming(toks, span)
        return None

    def _before(self, toks: list[Token], k: int) -> tuple[int, int] | None:
        """SVO subject: the words between كان/إن/أن (or the sentence start) and the verb."""
        fronted = self._topic_subject(toks, k)
        if fronted is not None:
            return fronted
        j = k
        while j > 0 and normalize(toks[j - 1].text) in _SVO_SKIP:
            j -= 1
        # يذكر أن وزارة الدفاع كانت قد أعلنت: the subject stands before كان, which then
        # belongs to the verb (كانت … أعلنت), not opens the phrase
        if (
            j > 1
            and normalize(toks[j - 1].text) in _KANA
            and is_word(toks[j - 2])
            and normalize(toks[j - 2].text) not in _COMPLEMENTISERS | _TOPIC | _CAUSAL
        ):
            j -= 1
        topic = any(normalize(t.text) in _TOPIC for t in toks[max(0, j - MAX_SVO_TOKENS - 2) : j])
        if topic and j > 1 and toks[j - 1].text in "،," and normalize(toks[k].text).startswith("ف"):
            j -= 1  # أما الشاعر محمد الخضري، فقال
        long = self._long_subject(toks, j)
        if long is not None:
            return long
        i = j
        while i > 0 and is_word(toks[i - 1]) and j - i < MAX_SVO_TOKENS:
            n = normalize(toks[i - 1].text)
            if n in _COMPLEMENTISERS or n in _KANA or n in _TOPIC or n in _CAUSAL:
                break
            if self.ph.stop(toks[i - 1]):
                return None
            i -= 1
        if i == j:
            return None
        opener = normalize(toks[i - 1].text) if i > 0 else ""
        if i > 0 and not any(opener in c for c in (_COMPLEMENTISERS, _KANA, _TOPIC, _CAUSAL)):
            return None
        if i == 0 and not self.ph.known_head(toks[0]):
            return None  # a sentence opening with a verb we do not know
        if not (self.ph.known_head(toks[i]) or self.ph.name_like(toks[i])):
            # ويذكر أن الجبير قال: one word between أن and a verb that takes no object is
            # its subject (a bare surname the phrase rules do not know)
            lone = j - i == 1 and i > 0 and opener in _COMPLEMENTISERS and j == k
            return (i, j) if lone and cue_kind(toks[k].text, self.lex) == "say" else None
        return i, j

    def _topic_subject(self, toks: list[Token], k: int) -> tuple[int, int] | None:
        """أما حساب "مستر شيب" المتخصص في إحصائيات الكرة، فكتب: أما … فـ fronts the subject of
        the فـ-verb, however long its phrase (quoted names, في inside it); the phrase is the
        noun right after أما (not a place: أما في سوريا، فقال المرصد names its subject after)."""
        if not normalize(toks[k].text).startswith("ف"):
            return None
        for o in range(k - 1, max(-1, k - MAX_PHRASE_TOKENS - 4), -1):
            if normalize(toks[o].text) in _AMMA:
                span = self.ph.after(toks, o + 1)
                ok = span is not None and span[0] == o + 1 and span[1] <= k and not self.ph.stop(toks[o + 1])
                return span if ok else None
            if cue_kind(toks[o].text, self.lex) is not None or toks[o].text in ".:؟?!":
                return None
        return None

    def _before_apposed(self, toks: list[Token], k: int) -> tuple[int, int] | None:
        """إلا أن فيتالي تشوركين، سفير روسيا في الأمم المتحدة قال: a name after أن/إن, then a
        comma and a role in apposition right before the verb; the whole is its subject."""
        c = k - 1
        while (
            c > 0
            and is_word(toks[c])
            and k - c <= MAX_SVO_TOKENS
            and cue_kind(toks[c].text, self.lex) is None
        ):
            c -= 1
        if c < 2 or c == k - 1 or toks[c].text not in "،," or not self.ph.known_head(toks[c + 1]):
            return None
        i = c
        while i > 0 and is_word(toks[i - 1]) and c - i < MAX_SVO_TOKENS:
            if normalize(toks[i - 1].text) in _COMPLEMENTISERS:
                break
            if self.ph.stop(toks[i - 1]) or cue_kind(toks[i - 1].text, self.lex) is not None:
                return None
            i -= 1
        if i == c or i == 0 or normalize(toks[i - 1].text) not in _COMPLEMENTISERS:
            return None
        return (i, k) if self.ph.name_like(toks[i]) else None

    def _before_comma(self, toks: list[Token], k: int) -> tuple[int, int] | None:
        """ويذكر أن شركة النور للطيران، اتهمت هيئة الموانئ بـ"…": a subject fronted after
        أن/إن and set off by a comma before its verb; the phrase after the verb is its object."""
        j = k - 1
        if j < 2 or toks[j].text not in "،,":
            return None
        i = j
        while i > 0 and is_word(toks[i - 1]) and j - i < MAX_SVO_TOKENS:
            if normalize(toks[i - 1].text) in _COMPLEMENTISERS:
                break
            if self.ph.stop(toks[i - 1]) or cue_kind(toks[i - 1].text, self.lex) is not None:
                return self._titled_before_comma(toks, j)
            i -= 1
        if i == j or i == 0 or normalize(toks[i - 1].text) not in _COMPLEMENTISERS:
            return self._titled_before_comma(toks, j)
        if not (self.ph.known_head(toks[i]) or self._known(toks[i])):
            return None  # a body or role heads it (أن شركة …، اتهمت), or a known name; not any clause
        span = self.ph.after(toks, i)
        return (i, j) if span is not None and span[1] >= j else None

    def _titled_before_comma(self, toks: list[Token], j: int) -> tuple[int, int] | None:
        """غير أن وزير التجارة الدولية في حكومة بريطانيا ليام فوكس، قال: a role's phrase too long
        for the word walk, or holding في, found from the complementiser: its phrase must end at the
        comma."""
        for c in range(j - 1, max(0, j - MAX_SVO_TOKENS - 6), -1):
            if cue_kind(toks[c].text, self.lex) is not None:
                return None
            if normalize(toks[c].text) in _COMPLEMENTISERS:
                i = c + 1
                if i >= j or not self.lex.has("role", toks[i].text):
                    return None
                span = self.ph.after(toks, i)
                return (i, j) if span is not None and span[1] == j else None
        return None

    def _long_subject(self, toks: list[Token], j: int) -> tuple[int, int] | None:
        """وكان مسؤول كبير في الإدارة الأميركية أعلن، الإدارة العامة للعلاقات … بوزارة
        الداخلية أعلنت: a subject phrase (after كان or opening the sentence) that runs right
        up to the verb, however many words it has."""
        j = self._before_apposition(toks, j)
        for o in range(j - 1, max(-1, j - MAX_PHRASE_TOKENS - 2), -1):
            n = normalize(toks[o].text)
            if n in _KANA or n in _TOPIC:
                start = o + 1
                break
            if n in _RELATIVE and o > 1 and normalize(toks[o - 2].text) in _TOPIC:
                # أما أمه التي تصاحبه في التدريب فقد قالت: the topic is the relative's antecedent
                return (o - 1, o) if self._naming_head(toks[o - 1]) else None
            if n in _COMPLEMENTISERS:
                return None
        else:
            start = 0
            if j - start > MAX_PHRASE_TOKENS or not toks or not self.ph.known_head(toks[0]):
                return None
        while j > start and toks[j - 1].text in "،,":
            j -= 1  # وكان مدير الوقاية …، جمال فورار، قد صرح: the apposition's closing comma
        j = without_age(toks, start, j)
        if j > start and toks[j - 1].text == ")":
            opening = [o for o in range(start, j - 1) if toks[o].text == "("]
            if opening:
                j = opening[-1]  # وكانت وزارة الدفاع الأميركية (البنتاغون) أعلنت: an aside
        if start >= j or not self._naming_head(toks[start]):
            return None
        span = self.ph.after(toks, start)
        known = self.ph.known_head(toks[start])
        if known and span is not None and span[1] < j and normalize(toks[span[1]].text) == "في":
            # لكن مصدرًا بارزًا في الجيش السوري الحر في شمال سوريا، أكد: a place phrase
            # after a role, group or body subject, no verb in it
            tail = toks[span[1] : j]
            if all(
                is_word(t) and cue_kind(t.text, self.lex) is None and not self._verb_like(t) for t in tail
            ):
                return start, span[1]
        return (start, j) if span is not None and span[1] == j else None

    def _before_apposition(self, toks: list[Token], j: int) -> int:
        """لكن رئيس وزراء السويد ستيفان لوفن، المنتمي لحزب …، قال: a description between
        commas (opening with a definite word) right before the verb ends the subject at its
        first comma."""
        if j < 3 or toks[j - 1].text not in "،,":
            return j
        for c in range(j - 2, max(0, j - MAX_PHRASE_TOKENS - 2), -1):
            if toks[c].text in "،,":
                return c if definite(toks[c + 1].text) and not self.ph.known_head(toks[c + 1]) else j
        return j

    def _clause_subject(self, toks: list[Token], k: int, initial_verb: bool = False) -> Naming | None:
        """The subject of the clause a participle or object-pronoun cue hangs on: the
        nearest earlier verb cue's subject, else a role/organisation phrase earlier in the
        sentence that follows a word that is not a preposition."""
        # the nearest verb cue of a main clause: in "وشدد على أنه لا يرى …، مضيفا" the
        # participle hangs on شدد, not on the verb inside its complement; in "واتهمت دمشق …
        # في حين نفت إسرائيل ضلوعها، مؤكدة" on نفت; a relative clause's verb (الشائعات التي
        # تحدثت) is never the main one
        main = self._main_verb_cue(toks, k)
        if main is not None:
            # وأضاف …، مضيفا: no subject here means the previous speaker
            return self._complement_subject(toks, main, k) or self._verb_subject(toks, main)
        fronted = self._contrast_subject(toks, k) or self._linked_clause_subject(toks, k)
        if fronted is None and initial_verb:
            fronted = self._after_fronted_subject(toks, k)
        if fronted is not None:
            return fronted
        if initial_verb and k > 2 and self._verb_like(toks[0]) and self._known(toks[1]):
            # وشارك تيلرسون في المحادثات …، حيث علّق قائلاً: a person or body the entities stage
            # knows right after the sentence's opening verb is its subject, before any role or
            # body named later in the sentence (داخل الإدارة الأميركية)
            span = self.ph.after(toks, 1)
            if span is not None and span[1] <= k:
                return self._naming(toks, span)
        for j in range(k):
            t = toks[j]
            if not (
                self.lex.has("role", t.text) or self.lex.has("org", t.text) or self.lex.has("group", t.text)
            ):
                continue
            prev = normalize(toks[j - 1].text) if j else ""
            # a role after a preposition is not the subject ("عن الرئيس"), except after the
            # sentence's first word, which is then its verb (عبر نجم كرة القدم …)
            # (but in قدم له الدكتور … a verb, its pronoun object, then its subject)
            after_pp = prev in _PRONOUN_PP and j > 1 and self.ph.name_like(toks[j - 2])
            stop_before = self.lex.has("stop", toks[j - 1].text) or prev.startswith(("ب", "ل"))
            if j > 1 and not after_pp and stop_before:
                continue
            span = self.ph.after(toks, j)
            if span is not None:
                return self._naming(toks, span)
        if len(toks) > 2 and normalize(toks[0].text) in _KANA and toks[1].start < toks[k].start:
            span = self.ph.after(toks, 1)  # وكان بن برودبنت قد استخدم …
            if span is not None and (self.ph.known_head(toks[1]) or self.ph.name_like(toks[1])):
                return self._naming(toks, span)
        accusative = (
            not definite(toks[1].text) and toks[1].text.endswith(("ة", "ا")) if len(toks) > 1 else True
        )
        if (
            initial_verb
            and k > 2
            and self._verb_like(toks[0])
            and self.ph.name_like(toks[1])
            and not accusative
        ):
            span = self.ph.after(toks, 1)  # وفتحت يوروتانيل تحقيقا …: an opening VSO clause
            if span is not None and span[1] <= k:
                return self._naming(toks, span)
        return None

    def _linked_clause_subject(self, toks: list[Token], k: int) -> Naming | None:
        """واشتهر النادي بهذه العادة، إذ فسر المتحدث باسم النادي … قائلا: a participle hangs
        on the nearest clause, here the one opened by إذ/حيث and its verb, whose subject (a
        role or body) follows that verb."""
        for c in range(k - 3, -1, -1):
            if normalize(toks[c].text) not in _CLAUSE_LINK:
                continue
            verb, head = toks[c + 1], toks[c + 2]
            if self.ph.stop(verb) or definite(verb.text) or not self.ph.known_head(head):
                return None
            span = self.ph.after(toks, c + 2)
            if span is None or span[1] > k:
                return None
            # …، سامي ناصر، هذا الأمر: a demonstrative after the naming starts the object
            end = next(
                (m for m in range(span[0] + 1, span[1]) if normalize(toks[m].text) in _DEMONSTRATIVE), None
            )
            end = end if end is not None else span[1]
            while end - 1 > span[0] and toks[end - 1].text in "،,":
                end -= 1
            return self._naming(toks, (span[0], end))
        return None

    def _after_fronted_subject(self, toks: list[Token], k: int) -> Naming | None:
        """من جانبها، دانت الولايات المتحدة الهجوم، معتبرة: after a fronted adverbial and its
        comma comes the sentence's verb, then its subject; here only a state (the entities
        stage's place), which the role and name rules of the sentence do not take."""
        for c in (1, 2):  # بدوره، | من جانبها،
            opens = c == 1 or normalize(toks[0].text) in ("من", "ومن")
            if opens and c + 2 < k and toks[c].text in "،," and normalize(toks[c - 1].text) in _FRONTED:
                feminine = normalize(toks[c + 1].text).endswith("ت")  # دانت: a state is feminine
                return self._state_at(toks, c + 2) if feminine else None
        return None

    def _complement_subject(self, toks: list[Token], main: int, k: int) -> Naming | None:
        """ويقول الموقع إن خبير التنظيم إبراهيم العسيري طالب …، مشدداً على "…": a participle
        after a reported clause with a subject of its own hangs on that clause's verb, the
        nearest one governing the words (guideline rule 6)."""
        for j in range(k - 1, main, -1):
            if cue_kind(toks[j].text, self.lex) not in ("say", "verb", "tverb"):
                continue
            span = self._before(toks, j)
            if span is not None and span[0] > 0 and normalize(toks[span[0] - 1].text) in _COMPLEMENTISERS:
                return self._naming(toks, span)
            # إن خبير صناعة المتفجرات في التنظيم إبراهيم العسيري، طالب: a long subject up to
            # the verb, its apposition's comma left out
            comps = [c for c in range(main + 1, j) if normalize(toks[c].text) in _COMPLEMENTISERS]
            end = j
            while end > 0 and toks[end - 1].text in "،,":
                end -= 1
            if (
                comps
                and 0 < end - comps[-1] - 1 <= MAX_PHRASE_TOKENS
                and self.ph.known_head(toks[comps[-1] + 1])
            ):
                words = toks[comps[-1] + 1 : end]
                if all(is_word(t) and cue_kind(t.text, self.lex) is None for t in words):
                    return self.names.make_naming(words[0].start, words[-1].end)
            return None
        return None

    def _contrast_at(self, toks: list[Token], j: int) -> bool:
        n = normalize(toks[j].text)
        return n in _CONTRAST or (j + 1 < len(toks) and f"{n} {normalize(toks[j + 1].text)}" in _CONTRAST)

    def _relative_speaks(self, toks: list[Token], j: int) -> bool:
        """الذي تحدث after النجم العراقي: the antecedent is a speaker and the subject of the
        relative clause's verb (the two agree in gender)."""
        feminine = normalize(toks[j - 1].text) in _FEMININE_RELATIVE
        agrees = feminine == feminine_verb(toks[j].text, self.lex)
        return agrees and self._antecedent(toks, j - 1) is not None

    def _contrast_subject(self, toks: list[Token], k: int) -> Naming | None:
        """لكن مندلبليت أشاد بعمل الشرطة، وقال: the subject fronted after a contrast word."""
        for c in range(k - 2, -1, -1):
            if not self._contrast_at(toks, c):
                continue
            two_words = any(w.startswith(normalize(toks[c].text) + " ") for w in _CONTRAST)
            first = c + 2 if two_words else c + 1  # في حين، غير أن
            if first >= k:
                return None
            if self.ph.known_head(toks[first]):
                span = self.ph.after(toks, first)
                return self._naming(toks, span) if span is not None and span[1] < k else None
            if self.ph.name_like(toks[first]):
                # a bare name, then most likely its verb (مندلبليت أشاد): the name alone, when
                # it names someone who spoke before (not معظم الخسائر …)
                return self.names.earlier_naming(self.names.make_naming(toks[first].start, toks[first].end))
            return None
        return None

    def _nested_self(self, toks: list[Token], k: int) -> bool:
        """A verb right after أنه/إنها, inside what its sentence's speaker says."""
        if k == 0 or normalize(toks[k - 1].text) not in _PRONOUN_COMPLEMENTISERS:
            return False
        # right after it in the text: "بأنه “…” وحذر الرئيس" has a quote in between
        return not self.text[toks[k - 1].end : toks[k].start].strip()

    def _main_verb_cue(self, toks: list[Token], k: int) -> int | None:
        """The last verb cue before ``k`` that is not inside a complement (after أن/إن), nor
        in a relative clause on a noun that cannot speak (النجم العراقي الذي تحدث … can)."""
        best = None
        new_clause = True
        for j in range(k):
            n = normalize(toks[j].text)
            if n in _COMPLEMENTISERS and best is not None:
                new_clause = False  # what follows is reported content
            if self._contrast_at(toks, j):
                new_clause, best = True, None  # … في حين نفت إسرائيل ضلوعها، مؤكدة: a new subject
            if not new_clause or cue_kind(toks[j].text, self.lex) not in ("say", "verb", "tverb"):
                continue
            if j > 0 and normalize(toks[j - 1].text) in _RELATIVE and not self._relative_speaks(toks, j):
                continue  # الشائعات التي تحدثت، الشرطة التي اتهمها: not a speaker's clause
            if has_object_pronoun(toks[j].text, self.lex) and best is not None:
                continue  # في خطاب نقلته وكالة سبأ: a clause on a noun
            best = j
            new_clause = False  # وطالب كييف …، معتبرا: later verbs share the first one's subject
        return best

    def _verb_like(self, tok: Token, shortest: int = 4) -> bool:
        """A sentence-opening و/ف + word that is no function word: news opens with a verb."""
        n = normalize(tok.text)
        # وألغت folds to والغت, which reads as و + ال: a written hamza is no article
        article = definite(tok.text) and tok.text[1:2] not in ("أ", "إ", "آ")
        return len(n) >= shortest and n[0] in "وف" and not article and not self.ph.stop(tok)
