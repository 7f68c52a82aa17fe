"""The subject after a reporting verb (VSO, the news default: وقال الوزير …، وأعلنت الشركة …).

:meth:`SubjectRules._verb_subject` first asks for a subject before the verb
(:mod:`.speaker_clauses`), then reads the phrase after it, which is the subject unless it is
something else that stands there: the medium or audience spoken to (لـ«عكاظ»، للصحفيين), a time
phrase or an adverb (أول من أمس، مجدداً), the verb's object (واتهم ترامب صحيفة …، أفاد لوفين
وكالة "تي تي") or an indefinite document whose publisher speaks (أصدرت الوزارة بيانا يؤكد).
Subjects that no phrase rule reads are found here too: a body's name in marks (وأعلنت «لجنة
…»), a state speaking for its government (ووصفت الكويت), a quantified or pointed-at subject
(بعض الخبراء، هذه الرابطة), the host of an occasion of speech (في مؤتمر صحفي لوايت، حيث قالت)
and the one whose words an outlet relays (نقلت الشبكة عن X أن).

Kept apart from :mod:`.speakers` because it is the largest rule set of the speaker search and
reads only one sentence's tokens (and the entities stage's places and mentions). It is a mixin
of :class:`marsad.nlp.speakers.Attributor`, like :class:`marsad.nlp.speaker_clauses.ClauseRules`
and :class:`marsad.nlp.issuers.IssuerRules`, whose rules it calls and which call it back.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from ..text.tokens import Token, tokenize
from .issuers import RESUMPTIVE_DOC, relay_word
from .naming import MARKED_NAME, Namer, Naming, name_words, without_object
from .reporting import (
    MAX_PHRASE_TOKENS,
    PRONOUNS,
    Lexicon,
    Phrases,
    cue_kind,
    definite,
    derived_masdar,
    described_as,
    feminine_verb,
    has_object_pronoun,
    is_word,
    kin_with_pronoun,
    looks_feminine,
    masculine_plural,
    nisba,
    normalize,
    taken_from,
)
from .speaker_clauses import (
    _DEMONSTRATIVE,
    _FEMININE_RELATIVE,
    _PRONOUN_PP,
    _RELATIVE,
    MAX_SVO_TOKENS,
)

# الذين وصفهم: a plural relative before a singular verb is its object, not its subject
_PLURAL_RELATIVE = frozenset(normalize(w) for w in ["الذين", "اللواتي", "اللاتي"])
# news outlets: after a name they are the medium spoken to (أفاد لوفين وكالة "تي تي")
_OUTLETS = frozenset(
    normalize(w) for w in ["وكالة", "صحيفة", "جريدة", "مجلة", "قناة", "موقع", "شبكة", "إذاعة", "تلفزيون"]
)
_SOME = frozenset(normalize(w) for w in ["بعض", "أحد", "إحدى"])


def _adverb(word: str) -> bool:
    """مجدداً، أيضاً: an adverb in the accusative (written with tanween) is no subject; the
    commonest are as often written without it (كما أعلن أيضا المركز)."""
    return (word.endswith(("اً", "\u064b")) and len(word) > 3) or normalize(word) in _BARE_ADVERBS


def _time_phrase(toks: list[Token], i: int, lex: Lexicon) -> int:
    """Length of a time phrase at ``i`` (أمس، اليوم، السبت، أول من أمس), 0 when none: a time
    phrase after a verb of saying is never its subject."""
    if i + 2 < len(toks) and [normalize(t.text) for t in toks[i : i + 3]] == _DAY_BEFORE:
        return 3
    if i >= len(toks) or not lex.has("time", toks[i].text) or lex.has("stop", toks[i].text):
        return 0
    if lex.has("time_head", toks[i].text):
        # أجاب طوال ثلاث دقائق: a head of time is skipped only before a time word (يوم الأحد)
        return 1 if i + 1 < len(toks) and lex.has("time", toks[i + 1].text) else 0
    n = 1
    if normalize(toks[i].text) in _LEVANTINE_PAIRED and i + 1 < len(toks):
        n += normalize(toks[i + 1].text) in _ORDINALS  # كانون الثاني، تشرين الأول
    if i + n + 1 < len(toks) and toks[i + n].text == "/" and lex.has("time", toks[i + n + 1].text):
        n += 2  # كانون الثاني/يناير: the month in both calendars
    return n


_DAY_BEFORE = [normalize(w) for w in ["أول", "من", "أمس"]]
_BARE_ADVERBS = frozenset(normalize(w) for w in ["أيضا", "مجددا", "مجدداً", "كذلك", "بدوره", "بدورها", "بدورهم"])
_LEVANTINE_PAIRED = frozenset(normalize(w) for w in ["كانون", "تشرين"])
_ORDINALS = frozenset(normalize(w) for w in ["الأول", "الثاني"])
# ورد عليه نظيره التركي: "his counterpart" heads a subject right after the verb
_COUNTERPART = frozenset(normalize(w) for w in ["نظيره", "نظيرته", "نظيرها"])
# وأكد للصحفيين الوزير: the audience spoken to stands between the verb and its subject
_AUDIENCE = frozenset(normalize(w) for w in ["للصحفيين", "للصحافيين", "للصحافة", "للمراسلين"])
# a medium's name in marks (وقال لـ«عكاظ»), blanked in the masked text, is read from the text
_QUOTE_MARKS = re.compile('["“”«»„‟″]')


class SubjectRules:
    """The subject after a reporting verb, mixed into the Attributor."""

    text: str
    lex: Lexicon
    ph: Phrases
    names: Namer
    coref: list[list[tuple[int, int]]]
    places: dict[int, int]
    _states: set[tuple[int, int]]
    previous: Naming | None

    if TYPE_CHECKING:  # provided by Attributor, ClauseRules and IssuerRules

        def _naming(self, toks: list[Token], span: tuple[int, int]) -> Naming | None: ...

        def _naming_head(self, tok: Token) -> bool: ...

        def _antecedent(self, toks: list[Token], rel: int) -> Naming | None: ...

        def _before(self, toks: list[Token], k: int) -> tuple[int, int] | None: ...

        def _before_apposed(self, toks: list[Token], k: int) -> tuple[int, int] | None: ...

        def _before_comma(self, toks: list[Token], k: int) -> tuple[int, int] | None: ...

        def _clause_subject(self, toks: list[Token], k: int, initial_verb: bool = False) -> Naming | None: ...

        def _concessive_subject(self, toks: list[Token], k: int) -> Naming | None: ...

        def _verb_like(self, tok: Token, shortest: int = 4) -> bool: ...

        def _issuer(self, toks: list[Token], k: int) -> Naming | None: ...

        def _resumptive_document(self, toks: list[Token], k: int) -> Naming | None: ...

        def _document_clause(self, toks: list[Token], k: int) -> Naming | None: ...

        def _doc_word(self, word: str) -> bool: ...

    def _relayed_from(self, toks: list[Token], k: int) -> Naming | None:
        """ونقلت شبكة X عن رمزي قاسم أن …، أوردت الصحيفة عن مصادر أن: a verb of carrying
        words (relay.tsv) with عن Y after its subject: Y said the words, the subject (an
        outlet, an agency) only relayed them (guideline: the speaker, not the medium)."""
        if not relay_word("relay", toks[k].text):
            return None
        j = k + 1
        while j < len(toks) and j - k <= MAX_PHRASE_TOKENS and is_word(toks[j]) and not taken_from(toks, j):
            if j > k + 1 and relay_word("saying", toks[j].text):
                # ونقلت وكالة رويترز قول وزير الدفاع إن: the words' owner follows the noun
                return self._relayed_speaker(toks, j + 1)
            if self.ph.stop(toks[j]) or cue_kind(toks[j].text, self.lex) is not None:
                return None
            j += 1
        if j + 1 >= len(toks) or not taken_from(toks, j) or relay_word("manner", toks[j + 1].text):
            return None  # نقل الجيش الجرحى عن طريق البحر: a way, not a source
        return self._relayed_speaker(toks, j + 1)

    def _relayed_speaker(self, toks: list[Token], i: int) -> Naming | None:
        """The naming at ``i`` after عن / a noun of saying, when it heads a naming (a role,
        a body, a name the entities stage knows)."""
        span = self.ph.after(toks, i)
        if span is None:
            return None
        head = toks[span[0]]
        known = self._known(head)
        return self._naming(toks, span) if self._naming_head(head) or known else None

    def _known(self, tok: Token) -> bool:
        """Whether ``tok`` opens a mention the entities stage resolved."""
        return any(a <= tok.start < b for group in self.coref for a, b in group)

    def _verb_subject(self, toks: list[Token], k: int) -> Naming | None:
        kind = cue_kind(toks[k].text, self.lex)
        relayed = self._relayed_from(toks, k)
        if relayed is not None:
            return relayed
        publisher = self._document_publisher(toks, k)
        if publisher is not None:
            return publisher
        if (
            k > 0
            and normalize(toks[k - 1].text) in _RELATIVE
            and kind in ("say", "verb")
            and not has_object_pronoun(toks[k].text, self.lex)
            and k + 1 < len(toks)
        ):
            # الدور الذي تعتبر باريس أنه "توسعي": a state (after a feminine verb), body or person
            # the entities stage knows right after the relative's verb is its subject; the
            # antecedent is what is spoken of
            feminine = feminine_verb(toks[k].text, self.lex)
            named = self._state_at(toks, k + 1) if feminine else None
            if named is None and feminine and toks[k + 1].start in self.places and self._state_spoke(toks[k + 1].text):
                named = self.previous  # the state's body that just spoke goes on (see _state_at)
            span = self.ph.after(toks, k + 1) if named is None and self._known(toks[k + 1]) else None
            named = named or (self._naming(toks, span) if span is not None else None)
            if named is not None:
                return named
        if k > 0 and self.lex.has("anaphor", toks[k - 1].text) and (k == 1 or not is_word(toks[k - 2])):
            # وهذا يؤكد ضعف تيلرسون: a demonstrative opening the clause is the subject (the
            # article's own inference, or the one who just spoke); what follows is the object
            return None
        before = self._before(toks, k) or self._before_comma(toks, k) or self._before_apposed(toks, k)
        # ردا على سؤال ما إذا كان سيترشح …، قال مارادونا: a verb of saying takes no noun object,
        # so a name the entities stage knows right after it is its subject, whatever stands before
        named_after = kind == "say" and k + 1 < len(toks) and self._known(toks[k + 1])
        if before is not None and before[0] > 0 and not named_after:
            # إن التقرير ينتقد جهاز الاستخبارات: with a subject before the verb, the
            # phrase after it is its object
            return self._naming(toks, before)
        issuer = (
            self._resumptive_document(toks, k)
            or self._document_clause(toks, k)
            or self._concessive_subject(toks, k)
        )
        if issuer is not None:
            return issuer
        # الذي رد عليه الرئيس، الذي قال عنه الوزير: a pronoun after the verb resumes the
        # relative, which is then what is spoken of; the subject follows
        resumed = k + 1 < len(toks) and normalize(toks[k + 1].text) in _PRONOUN_PP
        if k > 0 and normalize(toks[k - 1].text) in _RELATIVE and not resumed:
            # الذي تحدث: the antecedent is the subject only when the verb agrees with the
            # pronoun (in "الحركة التي قال إنها" the subject of قال is someone else)
            feminine = normalize(toks[k - 1].text) in _FEMININE_RELATIVE
            plural_ok = not (normalize(toks[k - 1].text) in _PLURAL_RELATIVE and self._singular_verb(toks[k]))
            if feminine == feminine_verb(toks[k].text, self.lex) and plural_ok:
                return self._antecedent(toks, k - 1)
            subj = self._clause_subject(toks, k - 1, initial_verb=True)
            if subj is not None and k > 2 and subj.end == toks[k - 2].end and subj.start < toks[k - 3].start:
                # وهاجم الزعيم حسن علي | الجماعة التي قال: the antecedent is the object
                return self.names.make_naming(subj.start, toks[k - 3].end)
            if subj is not None and subj.start >= toks[k - 2].start:
                # كما يطالب المعارضون الذين وصفهم: the antecedent is the verb's object, so the
                # subject is the sentence's (ورفض أورتيغا …)
                return self._opening_subject(toks, k)
            return subj
        marked = self._marked_subject(toks, k)
        if marked is not None:
            return marked
        first = self._past_recipient(toks, k + 1)
        # (but رد عليه يورغن كلوب: a name the entities stage knows after a pronoun object is
        # the subject; in قال لها الجملة الشهيرة an unknown noun is the verb's object)
        pronoun = first > k + 1 and normalize(toks[k + 1].text) in _PRONOUN_PP
        skipped = first > k + 1 and first < len(toks) and not self.ph.known_head(toks[first])
        if skipped and not (pronoun and self._known(toks[first])):
            return None  # وقالت لـ"رويترز" هيلث: the rest of the medium's name, not a subject
        while first < len(toks) and (_adverb(toks[first].text) or _time_phrase(toks, first, self.lex)):
            # حذرت مجدداً إسرائيل، وقال أول من أمس الوزير
            first += _time_phrase(toks, first, self.lex) or 1
        feminine = feminine_verb(toks[k].text, self.lex)
        if feminine and first < len(toks) and normalize(toks[first].text) == normalize("أحد"):
            return None  # واتهمت أحد رجال الأعمال: a masculine أحد is the object
        if kind == "tverb" and (this := self._this(toks, first)) and described_as(toks, this.end):
            return None  # ووصفت هذه الحالات بأنها "…": the demonstrative phrase is the object
        quantified = self._quantified(toks, first) or self._this(toks, first)
        if quantified is not None:
            return quantified
        if first < len(toks) and self.lex.has("doc", toks[first].text) and self.ph.stop(toks[first]):
            return self._issuer(toks, first)  # وقال تصريح للخارجية: a document that is also a stop word
        # a state is feminine (ووصفت الكويت); after a masculine verb it is the object (واتهم
        # بريطانيا بالتقصير), and a masculine name the tagger took for a place (وقال سالم) a person
        state = self._state_at(toks, first) if feminine_verb(toks[k].text, self.lex) else None
        if state is not None:
            return state
        # وتحدثت لوسائل الإعلام: ل + a known noun after the verb is whom it spoke to
        lam = first < len(toks) and self.ph.lam_known(toks[first])
        span = None if lam else self.ph.after(toks, first)
        if span is None and not lam:
            span = self._counterpart(toks, first)
        if span is not None and kind != "say":
            span = without_object(self.ph, toks, span)
            span = self._before_object_head(toks, span) if kind == "tverb" else span
        if span is not None:
            span = self._before_outlet(toks, span)
        if span is not None and self._valid_subject(toks, span, k, kind):
            return self._naming(toks, span)
        return self._naming(toks, before) if before is not None else None

    def _counterpart(self, toks: list[Token], i: int) -> tuple[int, int] | None:
        """ورد عليه نظيره التركي رجب طيب أردوغان: right after the verb, "his counterpart"
        heads the subject (elsewhere it is an object and ends a phrase: التقى نظيره)."""
        if i + 1 >= len(toks) or normalize(toks[i].text) not in _COUNTERPART:
            return None
        rest = self.ph.after(toks, i + 1)
        return (i, rest[1]) if rest is not None and rest[0] == i + 1 else None

    def _document_publisher(self, toks: list[Token], k: int) -> Naming | None:
        """وأصدرت وزارة الصحة بيانا يؤكد أن، نشرت الهيئة العامة (الهيئة) تقريرا يشيد بـ"…": a
        verb right after an indefinite document is the document's (a clause describing it),
        and the document speaks for the one who put it out, the subject before it (rule 7)."""
        if k < 3 or definite(toks[k - 1].text) or not self._doc_word(toks[k - 1].text):
            return None
        n = k + 1
        if n < len(toks) and normalize(toks[n].text) in RESUMPTIVE_DOC:
            n += 1  # بيانا أعرب فيه عن شكره: فيه points back at the document
        nxt = toks[n] if n < len(toks) else None
        if (
            nxt is not None
            and not self.ph.stop(nxt)
            and normalize(nxt.text).rstrip("ـ") not in ("ب", "ل")  # يشيد بـ"…"
            and (self.ph.known_head(nxt) or self.ph.name_like(nxt))
        ):
            return None  # بيانا أعرب فيه الرئيس …: the verb has a subject of its own after it
        end = k - 1
        if toks[end - 1].text == ")":  # الهيئة العامة (الهيئة) تقريرا: an aside before it
            end = next((o for o in range(end - 2, 0, -1) if toks[o].text == "("), end)
        for j in range(max(1, end - MAX_PHRASE_TOKENS), end):
            if not self.ph.known_head(toks[j]) or self.ph.stop(toks[j - 1]):
                continue
            span = self.ph.after(toks, j)
            if span is not None and span[1] == end:
                return self._naming(toks, span)
        return None

    def _state_at(self, toks: list[Token], i: int) -> Naming | None:
        """ووصفت الكويت القرار، وقالت الولايات المتحدة: a place the entities stage found right
        after the verb is a state or capital speaking for its government (rule 7), a body:
        its naming is the mention alone (the words after it are the verb's object)."""
        if i >= len(toks) or toks[i].start not in self.places:
            return None
        end = self.places[toks[i].start]
        words = self.text[toks[i].start : end].split()
        if words[0] != toks[i].text or (len(words) == 1 and nisba(words[0])):
            # a clitic before the mention, or a nisba alone (وقال الأمريكي فلان: a person;
            # كوريا الشمالية ends in one and is a state)
            return None
        if self._state_spoke(words[0]):
            # وزارة الخارجية الكويتية … واعتبرت الكويت: the state stands for the body of it
            # that just spoke, which goes on speaking
            return None
        state = replace(self.names.make_naming(toks[i].start, end), is_org=True, has_name=False)
        self._states.add((state.start, state.end))
        return state

    def _state_spoke(self, word: str) -> bool:
        """Is the previous speaker a body named by this state's word (or the state itself)?"""
        stem = name_words(word)
        prev = self.previous
        return prev is not None and prev.is_org and any(w.startswith(x) for w in prev.words for x in stem)

    def _marked_subject(self, toks: list[Token], k: int) -> Naming | None:
        """وأعلنت «لجنة المتابعة والإشراف العليا» أن: a body's name in marks right after the
        verb (no ل before it: لـ«عكاظ» is spoken to) is the verb's subject; the marks are
        blanked in the sentence's tokens, so it is read from the text."""
        end = toks[k].end
        m = MARKED_NAME.match(self.text, end)
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        # the clause goes on after the marks (not a quote ending the sentence: وأضافت "…")
        if m is None or nxt is None or nxt.start < m.end() or not is_word(nxt):
            return None
        if cue_kind(nxt.text, self.lex) is not None:
            return None
        if normalize(nxt.text) == "عن":
            return None  # ونقلت "رويترز" عن التماير أن: the outlet carries someone's words
        inner = self.text[end : m.end()].strip().strip('"“”«»').strip()
        words = [t for t in tokenize(inner) if is_word(t)]
        # a body's name: headed by a known body, role or group noun, a few words long, or an
        # outlet's name said before in marks after its noun (صحيفة "واشنطن بوست" … وذكرت
        # "واشنطن بوست" أن)
        if not words or len(words) > MAX_SVO_TOKENS:
            return None
        start = self.text.index(inner, end)
        if not (
            self.ph.known_head(words[0])
            or self._outlet_named_before(inner, end)
            or self._speaker_named_before(inner, end)
            or self._known(Token(inner, start, start + len(inner)))  # يتهم «داعش»: a body the entities stage knows
        ):
            return None
        return self.names.make_naming(start, start + len(inner))

    def _speaker_named_before(self, inner: str, end: int) -> bool:
        """أكد "العتيبي" سعي …: a name in marks after the verb that is a name in a speaker
        named before (وقال الشيخ سالم العتيبي نائب الرئيس) is that speaker again."""
        words = normalize(inner).split()
        if not words or len(words) > 2:
            return False
        for p in self.names.spoken:
            said = normalize(p.text).split()
            if (
                p.has_name
                and p.end < end
                and any(said[i : i + len(words)] == words for i in range(len(said) - len(words) + 1))
            ):
                return True
        return False

    def _outlet_named_before(self, inner: str, end: int) -> bool:
        """Whether ``inner`` was put in marks before ``end`` right after a medium's or body's
        noun (قالت صحيفة "واشنطن بوست" الأميركية): then the bare marked name is that body."""
        for m in re.finditer(r"(\S+)\s*[\"“”«»]\s*" + re.escape(inner) + r"\s*[\"“”«»]", self.text[:end]):
            noun = m.group(1).rstrip("ـ")
            clitic = len(noun) > 3 and noun[0] in "لبو"
            if any(self.lex.has(c, noun) or (clitic and self.lex.has(c, noun[1:])) for c in ("media", "org")):
                return True
            # زوجة جده «ماما سارة» … وأكدت «ماما سارة»: a person's name given in marks after a
            # relation or a role
            if self.lex.has("role", noun) or self.lex.has("kin", noun) or kin_with_pronoun(noun, self.lex):
                return True
        return False

    def _this(self, toks: list[Token], i: int) -> Naming | None:
        """وأكدت هذه الرابطة: "this league" is the body named before."""
        pointed = i + 1 < len(toks) and normalize(toks[i].text) in _DEMONSTRATIVE
        span = self.ph.after(toks, i + 1) if pointed and definite(toks[i + 1].text) else None
        return self._naming(toks, span) if span else None

    def _event_host(self, toks: list[Token], k: int) -> Naming | None:
        """جاء ذلك في مؤتمر صحفي لوايت، حيث قالت / في مقابلة لولي العهد السعودي …، حيث
        نقلت: the ل-genitive of an occasion of speech names who speaks in it."""
        for j in range(k - 1):
            if not self.lex.has("event", toks[j].text):
                continue
            for m in (j + 1, j + 2):  # one adjective may come between (مؤتمر صحفي)
                n = normalize(toks[m].text) if m < k else ""
                if len(n) > 3 and n[0] == "ل" and n[1] != "ل" and not self.ph.stop(toks[m]):
                    # لوايت → وايت: the naming starts after the ل (للرئيس has no exact
                    # substring for الرئيس and is left to the other rules)
                    head = Token(toks[m].text[1:], toks[m].start + 1, toks[m].end)
                    if not self._naming_head(head):
                        break
                    span = self.ph.after([head, *toks[m + 1 : k]], 0)
                    end = toks[m + span[1] - 1].end if span is not None else head.end
                    return self.names.make_naming(head.start, end)
        return None

    def _quantified(self, toks: list[Token], i: int) -> Naming | None:
        """ويرى بعض الخبراء، وأعلنت كل من إل جي وسامسونغ: a quantified subject."""
        if i + 1 >= len(toks):
            return None
        n = normalize(toks[i].text)
        if n in _SOME and definite(toks[i + 1].text):
            span = self.ph.after(toks, i + 1)
            return self.names.make_naming(toks[i].start, toks[span[1] - 1].end) if span else None
        if toks[i].text.isdigit() and self.ph.known_head(toks[i + 1]):
            span = self.ph.after(toks, i + 1)  # ونددت 19 منظمة غير حكومية
            return self.names.make_naming(toks[i].start, toks[span[1] - 1].end) if span else None
        if n == "كل" and normalize(toks[i + 1].text) == "من" and i + 2 < len(toks):
            span = self.ph.after(toks, i + 2)
            return self._naming(toks, span) if span else None
        return None

    def _past_recipient(self, toks: list[Token], i: int) -> int:
        """وقال لـ«عكاظ» الناطق …، وأكد للصحفيين الوزير …: the index after the medium or
        audience spoken to, which sits between a verb and its subject."""
        lam = i + 1 < len(toks) and normalize(toks[i].text).rstrip("ـ") == "ل"
        if lam and _QUOTE_MARKS.search(self.text, toks[i].end, toks[i + 1].start):
            return i + 1  # the medium's name was in marks (blanked in the masked text)
        if i + 1 < len(toks) and normalize(toks[i].text) in _AUDIENCE | _PRONOUN_PP:
            return i + 1  # أدلى بها السفير، قال له الوزير: the pronoun is no subject
        return i

    def _before_object_head(self, toks: list[Token], span: tuple[int, int]) -> tuple[int, int]:
        """واتهم ترامب صحيفة نيويورك تايمز: after a verb that takes an object, a body or role
        noun right after a name (no comma between) starts the object."""
        i, j = span
        for m in range(i + 1, j):
            prev = toks[m - 1]
            if self.ph.known_head(toks[m]) and self.ph.name_like(prev) and not self.ph.known_head(prev):
                return i, m
        return span

    def _before_outlet(self, toks: list[Token], span: tuple[int, int]) -> tuple[int, int]:
        """وأفاد لوفين وكالة "تي تي": a news outlet right after a name (no comma, no ل) is
        whom the words were given to, whatever the verb."""
        i, j = span
        for m in range(i + 1, j):
            prev = toks[m - 1]
            outlet = normalize(toks[m].text) in _OUTLETS
            if outlet and self.ph.name_like(prev) and not self.ph.known_head(prev):
                return i, m
        return span

    def _opening_subject(self, toks: list[Token], k: int) -> Naming | None:
        """ورفض أورتيغا تقديم …: the subject of a sentence-opening verb, when the entities
        stage found a mention right after the verb (else no guess: an indefinite noun after a
        name may be the verb's object)."""
        if len(toks) < 3 or not self._verb_like(toks[0]):
            return None
        head = toks[1]
        for group in self.coref:
            for a, b in group:
                if a == head.start and b < toks[k].start:
                    return self.names.make_naming(a, b)
        return None

    def _singular_verb(self, verb: Token) -> bool:
        """وصف، وصفهم، يقول: no plural ending (وصفوا، وصفوهم، يقولون، قلن) on the verb."""
        w = normalize(verb.text)
        if has_object_pronoun(verb.text, self.lex):
            w = next((w[: -len(p)] for p in PRONOUNS if w.endswith(p)), w)
        return not w.endswith(("وا", "ون", "و", "ن"))

    def _valid_subject(self, toks: list[Token], span: tuple[int, int], k: int, kind: str | None) -> bool:
        head = toks[span[0]]
        if head.text == "#" and span[1] - span[0] > 1:  # أعلن #جان_ماري_لوبان: a hashtag is a name
            return True
        if self.lex.has("anaphor", head.text) and span[1] - span[0] > 1:
            return False  # "أكد هذا التأكيد"
        masculine_verb = kind == "tverb" and not feminine_verb(toks[k].text, self.lex)
        if masculine_verb and looks_feminine(head.text) and not self.lex.has("role", head.text):
            return False  # واتهم القوات …: the object of a masculine verb
        known = any(a < head.end and head.start < b for group in self.coref for a, b in group)
        if feminine_verb(toks[k].text, self.lex) and masculine_plural(head.text) and not known:
            # ودعت الكينيين إلى: a sound masculine plural subject takes a masculine verb (دعا
            # الكينيون), so after a feminine one it is the object (الصين، البحرين are names)
            return False
        if derived_masdar(head.text) and not (known or self.ph.known_head(head) or self.lex.has("name", head.text)):
            return False  # وتوقعت انتهاء التصويت: an act is the object, never the speaker
        if kind == "say":
            return True
        if self.ph.known_head(head) or (nisba(head.text) and span[1] - span[0] <= 2):
            return True  # وذكر المالكي: a definite surname is a nisba
        if known:
            return True  # وأعلنت اليونسكو: a person or body the entities stage knows
        # an indefinite accusative (دورا، تقريرا) or a ta-marbuta noun (استقالة) after a verb
        # that takes objects is its object, not a name
        return (
            self.ph.name_like(head) and not normalize(head.text).endswith("ا") and not head.text.endswith("ة")
        )
