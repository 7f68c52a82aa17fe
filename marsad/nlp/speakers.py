"""Who is speaking: reporting cues and speaker phrases (their fullest naming: :mod:`.naming`).

Shared by the ``quotes`` and ``claims`` stages so that a direct quote and a reported claim
of the same sentence get the same speaker. No open tool attributes Arabic speech to its
speakers and no parser is available offline, so this is a rule system over tokens, built on
the guideline of ``../shared/quotes/README.md``:

- A *cue* (``marsad/data/quotes/cues.tsv``) governs a quote or claim: the nearest one before
  it in its sentence (rule 6), else the first one after it ("…"، قال فلان).
- A reporting verb's subject is the noun phrase after it (VSO, the news default), or before
  it after كان / إن / أن (SVO: إن التقرير يظهر أنه "…"). A participle (قائلا، مضيفا) and an
  object-pronoun cue (ما وصفته بـ"…") take the subject of their clause.
- A phrase is delimited by word classes (``marsad/data/quotes/words.tsv``): stop words,
  prepositions (except inside names: المتحدث باسم، أستاذة الاقتصاد في جامعة …), a second
  definite noun after a definite head (الوكالة الرسمية | العمليات: subject | object).
- A document (التقرير، البيان) speaks for the body that issued it (rule 7: the issuer
  search is :class:`marsad.nlp.issuers.IssuerRules`, a mixin of the Attributor); an anaphor
  (الأخير) or a cue with no subject continues the previous speaker (rule 11).
- A speaker is reported where it is *most fully named* (rule 5): a short naming (بيسكوف،
  الوكالة، الوزير الأمريكي) is replaced by a document phrase whose words include its words
  (المتحدث باسم الكرملين، دميتري بيسكوف). That document-wide search is
  :class:`marsad.nlp.naming.Namer` (``Attributor.names``).

:class:`Attributor` walks one document in order and keeps the previous speaker, so
continuations (وأضاف: "…") and claims (وأضاف أن …) chain across sentences. The word-level
layer (lexicon, cue kinds, phrase delimiting) is :mod:`marsad.nlp.reporting`; where to ask
beyond quote marks (reporting verbs, reported clauses) is :mod:`marsad.nlp.anchors`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..text.sentences import end_marks
from ..text.tokens import Token, tokenize
from .issuers import RESUMPTIVE_DOC, IssuerRules, relay_word
from .naming import MARKED_NAME, Namer, Naming, name_words, without_object
from .reporting import (
    MAX_PHRASE_TOKENS,
    PRONOUNS,
    Lexicon,
    Phrases,
    cue_kind,
    cue_kind_at,
    definite,
    described_as,
    feminine_verb,
    has_object_pronoun,
    is_word,
    kin_with_pronoun,
    lam_document,
    load_lexicon,
    looks_feminine,
    nisba,
    normalize,
    role_gender,
    taken_from,
    without_age,
)

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
# a cue after a relative pronoun belongs to a relative clause (غوارديولا، الذي انتقده …)
_RELATIVE = frozenset(normalize(w) for w in ["الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي"])
_FEMININE_RELATIVE = frozenset(normalize(w) for w in ["التي", "اللتين", "اللواتي", "اللاتي"])
# الذين وصفهم: a plural relative before a singular verb is its object, not its subject
_PLURAL_RELATIVE = frozenset(normalize(w) for w in ["الذين", "اللواتي", "اللاتي"])
# كما تقول صحيفة "الحياة": an aside naming the source of the report, not the speaker
_ASIDE = frozenset(normalize(w) for w in ["كما", "وكما"])
# news outlets: after a name they are the medium spoken to (أفاد لوفين وكالة "تي تي")
_OUTLETS = frozenset(
    normalize(w) for w in ["وكالة", "صحيفة", "جريدة", "مجلة", "قناة", "موقع", "شبكة", "إذاعة", "تلفزيون"]
)
# حيث قال، إذ قال: a cue whose subject is the clause's (علق الفنان … حيث قال)
_CLAUSE_LINK = frozenset(normalize(w) for w in ["حيث", "إذ", "اذ"])
_SVO_SKIP = frozenset(normalize(w) for w in ["قد", "لقد", "وقد", "فقد", "أيضا", "أيضاً"])
_DEMONSTRATIVE = frozenset(normalize(w) for w in ["هذا", "هذه", "هؤلاء"])
_NOUN_CUE_SKIP = frozenset(normalize(w) for w in ["لما", "ل", "لـ", "عن", "ما", "به", "بها"])
# بحسب/وفق after a verb name the channel the words came through (وقال X، بحسب وكالة Y، إن);
# نقلا عن and مزاعم name the speaker, so they are not asides
_CHANNEL = frozenset(normalize(w) for w in ["بحسب", "حسب", "حسبما", "وفق", "وفقا", "وفقاً", "ووفق", "ووفقا"])
_CONTRAST = frozenset(
    normalize(w) for w in ["في حين", "بينما", "فيما", "وفيما", "لكن", "ولكن", "غير أن", "إلا أن"]
)
_NOTED = frozenset(normalize(w) for w in ["علما", "علماً"])
# أنه، إنها: a complementiser whose pronoun is the subject of the verb after it
_PRONOUN_COMPLEMENTISERS = frozenset(
    normalize(w) for w in ["إنه", "أنه", "بأنه", "إنها", "أنها", "بأنها", "إنهم", "أنهم", "بأنهم"]
)
_BARE_COMPLEMENTISERS = frozenset(normalize(w) for w in ["إن", "أن", "بأن"])
# بعد أن قال: أن after a word of time opens a clause with its verb first
_TEMPORAL = frozenset(
    normalize(w) for w in ["بعد", "وبعد", "قبل", "وقبل", "منذ", "حتى", "بمجرد", "لمجرد", "إلى", "من", "ما"]
)
_SOME = frozenset(normalize(w) for w in ["بعض", "أحد", "إحدى"])
_PRONOUN_PP = frozenset(normalize(w) for w in ["له", "لها", "لهم", "لنا", "عليه", "عليها", "به", "بها"])
# بيد أن، رغم أن، إلا أن: أن opens an adverbial clause (whose subject may speak later), not speech
_CONCESSIVE = frozenset(
    normalize(w)
    for w in ["بيد", "إلا", "غير", "رغم", "ورغم", "برغم", "وبرغم", "بالرغم", "وبالرغم", "مع", "بما", "وبما"]
)
# ورغم أن الجيش لم يعلق، فإنه قال: the pronoun resumes the concessive clause's subject
_RESUMING = frozenset(normalize(w) for w in ["فإنه", "فإنها", "فإنهم", "فانه", "فانها", "فانهم"])


def _adverb(word: str) -> bool:
    """مجدداً، أيضاً: an adverb in the accusative (written with tanween) is no subject."""
    return word.endswith(("اً", "\u064b")) and len(word) > 3


# على حد تعبير X، على حد وصف X، على حد قوله: "in the words of X" names the quote's speaker,
# even after the quote and against the verb of the clause it sits in
_AS_FAR = (normalize("على"), normalize("حد"))


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
    return 1


_DAY_BEFORE = [normalize(w) for w in ["أول", "من", "أمس"]]
# time words that govern the noun after them (يوم الأحد، صباح اليوم، طوال ثلاث دقائق)
_AUDIENCE = frozenset(normalize(w) for w in ["للصحفيين", "للصحافيين", "للصحافة", "للمراسلين"])
# من جانبها، بدوره: a fronted adverbial before the verb that opens the sentence's clause
_FRONTED = frozenset(
    normalize(w)
    for w in [
        *("جانبه", "جانبها", "جانبهم", "جهته", "جهتها", "جهتهم", "ناحيته", "ناحيتها"),
        *("بدوره", "بدورها", "بدورهم", "وبدوره", "وبدورها", "وبدورهم"),
    ]
)
# وعندما سئلت المتحدثة …، قالت: the passive of asking; the one asked is who answers
_ASKED = frozenset(normalize(w) for w in ["سئل", "سئلت", "وسئل", "وسئلت", "فسئل", "فسئلت"])
_QUOTE_MARKS = re.compile('["“”«»„‟″]')
# a full stop ends a sentence, but not inside a number (11.64 مليار)


@dataclass
class Attribution:
    """Who speaks at one anchor (a quote's opening mark or a claim's complementiser)."""

    speaker: Naming | None
    cue: tuple[int, int] | None  # character span of the cue in the text
    continuation: bool


@dataclass
class _Sentence:
    start: int
    end: int
    tokens: list[Token] = field(default_factory=list)


class Attributor(IssuerRules):
    """Attributes anchors of one document, in text order, remembering earlier speakers.

    ``masked`` is the text with quoted material blanked (same length), so cue search and
    sentence splitting never look inside quotes.
    """

    def __init__(
        self,
        text: str,
        masked: str,
        lex: Lexicon | None = None,
        coref: Sequence[Sequence[tuple[int, int]]] = (),
        places: Sequence[tuple[int, int]] = (),
    ):
        self.text = text
        # mentions of one entity each, from the entities stage (when it ran)
        self.coref = [list(group) for group in coref]
        # mentions of places (states, capitals), which may speak for their government
        self.places = {start: end for start, end in places}
        self._states: set[tuple[int, int]] = set()  # namings of states: named by the mention alone
        self.masked = masked
        self.lex = lex or load_lexicon()
        self.ph = Phrases(self.lex, text)
        self.previous: Naming | None = None
        self._sentences: dict[int, _Sentence] = {}
        self._previous_sentence = -1
        # attributions given to the previous speaker, and the sentence of the last one: a
        # bare name in the next sentence may name an unnamed role (Namer.introduces)
        self._given: list[Attribution] = []
        self._last_given = -1
        self._ends = end_marks(masked)
        self._starts = [s for s in [0] + [e + 1 for e in self._ends] if s < len(masked)]
        # document-wide naming: speakers so far and where each is most fully named
        self.names = Namer(
            text, self.lex, self.ph, lambda pos: self.sentence(pos).tokens, self._starts, self.coref
        )

    # -- sentences

    def sentence(self, pos: int) -> _Sentence:
        """The sentence of ``pos`` in the masked text (split at . ! ؟ ? and newlines)."""
        i = bisect_right(self._starts, pos) - 1
        start = self._starts[i] if i >= 0 else 0
        cached = self._sentences.get(start)
        if cached is not None:
            return cached
        k = bisect_left(self._ends, start)
        end = self._ends[k] if k < len(self._ends) else len(self.masked)
        toks = [Token(t.text, t.start + start, t.end + start) for t in tokenize(self.masked[start:end])]
        sent = _Sentence(start, end, toks)
        self._sentences[start] = sent
        return sent

    # -- attribution

    def attribute(self, anchor: int) -> Attribution:
        """Speaker, cue and continuation flag for the quote or claim anchored at ``anchor``."""
        sent = self.sentence(anchor)
        toks = sent.tokens
        before = [k for k, t in enumerate(toks) if t.end <= anchor and self._cue_kind_at(toks, k)]
        after = [k for k, t in enumerate(toks) if t.start >= anchor and self._cue_kind_at(toks, k)]
        # كما تقول صحيفة "الحياة": an outlet or document reporting, not a speaker (but in
        # "أكدت الشرطة …، كما أكد المحتجون على" a second speaker)
        asides = [k for k in before[1:] if normalize(toks[k - 1].text) in _ASIDE and self._reports(toks, k)]
        verbs = [k for k in before if cue_kind(toks[k].text, self.lex) in ("say", "verb", "tverb")]
        if verbs:  # وقال X، بحسب وكالة Y، إن …: the agency carried the words, X said them
            asides += [k for k in before if k > verbs[0] and normalize(toks[k].text) in _CHANNEL]
            # وقال X، في تصريحات نقلها تلفزيون Y، إن: a verb with an object pronoun right after
            # an occasion of speech says who carried the words, not who said them
            # (or a document: في بيان رسمي نقلته وكالة الأنباء)
            occasion = [k for k in before if k > verbs[0] and self._carried_in(toks, k)]
            asides += [k for k in occasion if has_object_pronoun(toks[k].text, self.lex)]
            # وأوضحت الناطقة أن نقل الدربي "لم يحصل": a cue word right after the complementiser
            # of a verb of saying is the reported clause's subject (a masdar), not a verb
            asides += [k for k in before if k > verbs[0] + 1 and self._masdar_subject(toks, k)]
        before = [k for k in before if k not in asides]
        worded = self._in_words_of(toks, anchor)
        if worded is not None:
            return self._settle(worded, anchor)
        for k in reversed(before):
            found = self._from_cue(toks, k)
            if found is not None:
                return self._settle(found, anchor)
        if after:
            found = self._from_cue(toks, after[0])
            if found is not None:
                return self._settle(found, anchor)
        if not before and not after and not any(t.end <= anchor for t in toks):
            found = self._next_sentence_cue(sent)
            if found is not None:
                return self._settle(found, anchor)
        cue = self._cue_span(toks, before[-1]) if before else None
        return self._settle(Attribution(None, cue, True), anchor)

    def _in_words_of(self, toks: list[Token], anchor: int) -> Attribution | None:
        """ "…"، على حد تعبير X: the first phrase of wording after the quote names X."""
        for k in range(2, len(toks) - 1):
            if (
                toks[k].start < anchor
                or (normalize(toks[k - 2].text), normalize(toks[k - 1].text)) != _AS_FAR
            ):
                continue
            if not self.lex.has("wording", toks[k].text):
                return None
            if any(toks[m].start >= anchor and self._cue_kind_at(toks, m) for m in range(k - 2)):
                return None  # "…" قال X، … على حد تعبير Y: the nearer cue names the speaker
            np = self._noun_source(toks, k + 1)
            return None if np is None else Attribution(np, (toks[k - 2].start, toks[k].end), False)
        return None

    def _masdar_subject(self, toks: list[Token], k: int) -> bool:
        """نقل after أن/إن/بأن (no pronoun on it: أنه قال is a verb) and not after a word of
        time (بعد أن قال): أن is followed by its subject, so a verb form there is a noun."""
        if normalize(toks[k - 1].text) not in _BARE_COMPLEMENTISERS:
            return False
        return k < 2 or normalize(toks[k - 2].text) not in _TEMPORAL

    def _carried_in(self, toks: list[Token], k: int) -> bool:
        """في تصريحات نقلها، في بيان رسمي نقلته: the verb at ``k`` is a clause on an occasion
        of speech or a document right before it (one adjective may come between)."""

        def said_in(tok: Token) -> bool:
            return self.lex.has("event", tok.text) or self._doc_word(tok.text)

        j = k - 1
        # an adjective (الرسمي) or an indefinite nisba (رسمي، صحفي) after the noun
        adjective = nisba(toks[j].text) or self.lex.has("adj", toks[j].text) or toks[j].text.endswith("ي")
        if j > 1 and not said_in(toks[j]) and adjective:
            j -= 1  # بيان رسمي
        return j > 0 and said_in(toks[j])

    def _reports(self, toks: list[Token], k: int) -> bool:
        """Whether an outlet or a document is the subject right after the cue at ``k``."""
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        return nxt is None or any(self.lex.has(c, nxt.text) for c in ("media", "media_name", "doc"))

    def _cue_kind_at(self, toks: list[Token], k: int) -> str | None:
        """The cue kind of token ``k`` in context (جاء في، ويظهر فيه: see cue_kind_at)."""
        return cue_kind_at(toks, k, self.lex)

    def _next_sentence_cue(self, sent: _Sentence) -> Attribution | None:
        """«…». يقول الشيف مارون شديد: a quote that opens its sentence, attributed by the
        next sentence when that one opens with a reporting verb."""
        nxt = sent
        while not nxt.tokens or nxt.start == sent.start:  # «…».. كلمات: skip the empty one
            if nxt.end >= len(self.masked):
                return None
            following = self.sentence(nxt.end + 1)
            if following.start == nxt.start:
                return None
            nxt = following
            if not nxt.tokens and self.masked[nxt.start : nxt.end].strip():
                return None
        if cue_kind(nxt.tokens[0].text, self.lex) == "say":
            return self._from_cue(nxt.tokens, 0)
        # "…".. كلمات صاغها الإعلامي …: one noun naming the words, then the verb
        second = cue_kind(nxt.tokens[1].text, self.lex) if len(nxt.tokens) > 2 else None
        if second in ("say", "verb") and not self.ph.stop(nxt.tokens[0]):
            return self._from_cue(nxt.tokens, 1)
        return None

    def _settle(self, found: Attribution, anchor: int) -> Attribution:
        sentence = self.sentence(anchor).start
        if found.speaker is None:
            # rule 11: a continuation only when this sentence names the speaker nowhere
            # (وأوضح بيسكوف …، كما نوه إلى "…" is not one)
            named_here = sentence == self._previous_sentence
            self.previous = self._agreeing(self.previous, found.cue)
            out = Attribution(self.previous, found.cue, self.previous is not None and not named_here)
            return self._give(out, sentence)
        if (found.speaker.start, found.speaker.end) in self._states:
            sp = found.speaker  # a state is not named more fully by a phrase holding its name
        else:
            sp = self.names.linked_person(self.names.fullest(found.speaker, anchor))
        prev = self.previous
        linking = prev is not None and prev is not sp and self._next_sentence(sentence)
        if linking and prev is not None and self.names.introduces(prev, sp, sentence):
            self.names.linked.append((prev, sp))
            for given in self._given:
                given.speaker = sp  # the role's earlier quotes are this person's
        if sp is not prev:
            self._given = []
        self.previous = sp
        self._previous_sentence = sentence
        self.names.spoken.append(sp)
        return self._give(Attribution(sp, found.cue, found.continuation), sentence)

    def _agreeing(self, prev: Naming | None, cue: tuple[int, int] | None) -> Naming | None:
        """وأضافت after a man's words: a bare verb's gender points at the latest speaker whose
        role agrees with it (الوزيرة سارة علي … المتحدث باسم الحزب … وأضافت → the minister)."""
        words = self.text[cue[0] : cue[1]].split() if cue is not None else []
        if prev is None or not words or cue_kind(words[0], self.lex) not in ("say", "verb", "tverb"):
            return prev
        feminine = feminine_verb(words[0], self.lex)
        if role_gender(prev.text, prev.is_org, self.lex) in (None, feminine):
            return prev
        for sp in reversed(self.names.spoken):
            if role_gender(sp.text, sp.is_org, self.lex) == feminine:
                return sp
        return prev

    def _give(self, out: Attribution, sentence: int) -> Attribution:
        if out.speaker is not None and out.speaker is self.previous:
            self._given.append(out)
            self._last_given = sentence
        return out

    def _next_sentence(self, sentence: int) -> bool:
        """Whether ``sentence`` comes right after the last one given to the previous speaker."""
        i = bisect_right(self._starts, sentence) - 1
        while i > 0 and not self.masked[self._starts[i - 1] : self._starts[i]].strip(" \n.!؟?"):
            i -= 1  # "….\n": the empty piece between a full stop and the newline
        return i > 0 and self._starts[i - 1] == self._last_given

    def _cue_span(self, toks: list[Token], k: int) -> tuple[int, int]:
        """The cue's characters; a verb joined to its participle is one cue (وأردف قائلا),
        and وجاء في بيان keeps its document noun."""
        t = toks[k]
        start, end = t.start, t.end
        kind = cue_kind(t.text, self.lex)
        joined = k > 0 and self.text[toks[k - 1].end : t.start].isspace()
        if (
            kind == "participle"
            and joined
            and cue_kind(toks[k - 1].text, self.lex) in ("say", "verb", "tverb")
        ):
            start = toks[k - 1].start
        if kind == "doc" and k + 2 < len(toks) and normalize(toks[k + 1].text) == "في":
            end = toks[k + 2].end
        return start, end

    def _from_cue(self, toks: list[Token], k: int) -> Attribution | None:
        """The attribution a cue gives, or None when this cue names nobody and an earlier
        cue of the sentence should be tried (a masdar-like noun cue with no source)."""
        kind = cue_kind(toks[k].text, self.lex)
        cue = self._cue_span(toks, k)
        if kind == "noun":
            np = self._noun_source(toks, k + 1)
            if np is not None:
                return Attribution(np, cue, False)
            if k + 1 < len(toks) and normalize(toks[k + 1].text).endswith(PRONOUNS):
                # حسب تصريحاته، بحسب قوله: the cue points back at the clause's subject
                subj = self._clause_subject(toks, k, initial_verb=True)
                return Attribution(subj, (cue[0], toks[k + 1].end), subj is None)
            return None
        if kind == "doc":
            return Attribution(self._document(toks, k + 1), cue, False)
        if kind == "participle":
            if self._own_words(toks, k):
                # نقلت الصحيفة قوله: "…" (no عن X): "his" words, the speaker spoken of before
                return Attribution(None, cue, True)
            subj = self._quoted_from(toks, k) or self._clause_subject(toks, k, initial_verb=True)
            return Attribution(subj, cue, subj is None)
        # بسبب ما وصفه بتقدير …: after ما the pronoun is the object and بـ the description
        # follows at once, so the subject is the clause's (not so in ما وصفته الوزارة بـ)
        relative_ma = (
            0 < k < len(toks) - 1
            and normalize(toks[k - 1].text) == "ما"
            and has_object_pronoun(toks[k].text, self.lex)
            and normalize(toks[k + 1].text).startswith("ب")
        )
        subj = None if relative_ma or self._nested_self(toks, k) else self._verb_subject(toks, k)
        if subj is None and kind in ("say", "verb", "tverb"):
            subj = self._opening_document(toks, k)
        if subj is None and kind in ("say", "verb"):
            subj = self._asked_subject(toks, k)
        if subj is None and self._nested_self(toks, k):
            # أكد بومبيو أنه أبلغ الكونغرس بأن …: "he" is the main clause's subject
            main = self._main_verb_cue(toks, k - 1)
            if main is not None:
                subj = self._verb_subject(toks, main)
        opens_clause = k > 1 and normalize(toks[k].text)[0] in "وف"
        linked = k > 0 and normalize(toks[k - 1].text) in _CLAUSE_LINK
        if subj is None and linked:
            subj = self._event_host(toks, k)
        if subj is None and opens_clause:
            subj = self._coordinated_subject(toks, k)
        if subj is None and k > 1 and toks[k - 1].text in "،,":
            # وجّه النائب يحيى السعود انتقادات لزميلته، قال لها: a clause joined by a comma
            # alone shares its subject as a و-clause does
            subj = self._coordinated_subject(toks, k, asyndetic=True)
        if subj is None and (opens_clause or linked or has_object_pronoun(toks[k].text, self.lex)):
            # ما وصفته بـ"…"، وفتحت يوروتانيل تحقيقا … وقالت إنها: the clause's subject
            subj = self._clause_subject(toks, k, initial_verb=True)
        return Attribution(subj, cue, subj is None)

    def _asked_subject(self, toks: list[Token], k: int) -> Naming | None:
        """وعندما سئل المتحدث باسم الشركة، سامي ناصر، عن …، قال: a verb of saying with no
        subject of its own after a clause on someone being asked: the one asked answers."""
        for j in range(k - 1, -1, -1):
            if cue_kind(toks[j].text, self.lex) in ("say", "verb", "tverb"):
                return None  # another verb of saying stands nearer: its subject is not the one asked
            if normalize(toks[j].text) not in _ASKED:
                continue
            span = self.ph.after(toks, j + 1)
            if span is None or span[1] > k or not self._naming_head(toks[span[0]]):
                return None
            return self._naming(toks, span)
        return None

    def _coordinated_subject(self, toks: list[Token], k: int, asyndetic: bool = False) -> Naming | None:
        """وأيد العميد خالد الرشيدان … كلام وكيله، وقال: a cue with no subject after a و-clause
        that names a role as its subject (after the last cue) shares that subject."""
        main = self._main_verb_cue(toks, k)
        for j in range(k - 2, main if main is not None else -1, -1):
            if cue_kind(toks[j].text, self.lex) is not None:
                return None
            if (asyndetic and not (j == 0 or toks[j - 1].text in "،,")) or self.ph.known_head(toks[j]):
                continue  # …، وجّه النائب …، قال: the clause before the comma opens with its verb
            # وجّه النائب: a two-letter root after و is a verb too when a role follows it
            verb = self._verb_like(toks[j], shortest=3 if asyndetic else 4)
            if verb and self.ph.known_head(toks[j + 1]) and not self.ph.stop(toks[j + 1]):
                span = self.ph.after(toks, j + 1)
                return self._naming(toks, span) if span is not None and span[1] < k else None
        return None

    def _quoted_from(self, toks: list[Token], k: int) -> Naming | None:
        """نقلت المجلة عن الممثلة قولها / نقلا عن مصدر قوله / على لسان البشير قوله: with قوله,
        the speaker is the one the words are taken from (عن X), not the one who reports them."""
        if not normalize(toks[k].text).startswith(("قول", "وقول")):
            return None
        for j in range(k - 1, max(-1, k - MAX_PHRASE_TOKENS - 1), -1):
            if taken_from(toks, j):
                span = self.ph.after(toks, j + 1)
                if span is None or span[1] > k:
                    return None
                head = toks[span[0]]
                # على لسان البشير: a definite surname is a head when the entities stage knows it
                known = any(a <= head.start < b for g in self.coref for a, b in g)
                if self._naming_head(head) or known:
                    return self._naming(toks, span)
                return None
        return None

    def _relayed_from(self, toks: list[Token], k: int) -> Naming | None:
        """ونقلت شبكة X عن رمزي قاسم أن …، أوردت الصحيفة عن مصادر أن: a verb of carrying
        words (relay.tsv) with عن Y after its subject: Y said the words, the subject (an
        outlet, an agency) only relayed them (guideline: the speaker, not the medium)."""
        if not relay_word("relay", toks[k].text):
            return None
        j = k + 1
        while j < len(toks) and j - k <= MAX_PHRASE_TOKENS and is_word(toks[j]) and not taken_from(toks, j):
            if self.ph.stop(toks[j]) or cue_kind(toks[j].text, self.lex) is not None:
                return None
            j += 1
        if j + 1 >= len(toks) or not taken_from(toks, j) or relay_word("manner", toks[j + 1].text):
            return None  # نقل الجيش الجرحى عن طريق البحر: a way, not a source
        span = self.ph.after(toks, j + 1)
        if span is None:
            return None
        head = toks[span[0]]
        known = any(a <= head.start < b for g in self.coref for a, b in g)
        return self._naming(toks, span) if self._naming_head(head) or known else None

    def _own_words(self, toks: list[Token], k: int) -> bool:
        """قوله/قولها after a verb of carrying (نقلت الصحيفة قوله) with no عن X: the pronoun
        points at a speaker named earlier, not at the verb's subject."""
        n = normalize(toks[k].text)
        if not n.startswith(("قول", "وقول")) or not n.endswith(PRONOUNS) or self._quoted_from(toks, k):
            return False
        window = toks[max(0, k - MAX_PHRASE_TOKENS) : k]
        return not any(taken_from(toks, j) for j in range(max(0, k - MAX_PHRASE_TOKENS), k)) and any(
            cue_kind(t.text, self.lex) in ("say", "verb", "tverb") for t in window
        )

    def _verb_subject(self, toks: list[Token], k: int) -> Naming | None:
        kind = cue_kind(toks[k].text, self.lex)
        relayed = self._relayed_from(toks, k)
        if relayed is not None:
            return relayed
        publisher = self._document_publisher(toks, k)
        if publisher is not None:
            return publisher
        before = self._before(toks, k) or self._before_comma(toks, k) or self._before_apposed(toks, k)
        if before is not None and before[0] > 0:
            # إن التقرير ينتقد جهاز الاستخبارات: with a subject before the verb, the
            # phrase after it is its object
            return self._naming(toks, before)
        issuer = self._resumptive_document(toks, k) or self._concessive_subject(toks, k)
        if issuer is not None:
            return issuer
        if k > 0 and normalize(toks[k - 1].text) in _RELATIVE:
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
        if first > k + 1 and first < len(toks) and not self.ph.known_head(toks[first]):
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
        if span is not None and kind != "say":
            span = without_object(self.ph, toks, span)
            span = self._before_object_head(toks, span) if kind == "tverb" else span
        if span is not None:
            span = self._before_outlet(toks, span)
        if span is not None and self._valid_subject(toks, span, k, kind):
            return self._naming(toks, span)
        return self._naming(toks, before) if before is not None else None

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
        if words[0] != toks[i].text or nisba(words[-1]):
            return None  # a clitic before the mention, or a nisba (وقال الأمريكي فلان: a person)
        stem = name_words(words[0])
        prev = self.previous
        if prev is not None and prev.is_org and any(w.startswith(x) for w in prev.words for x in stem):
            # وزارة الخارجية الكويتية … واعتبرت الكويت: the state stands for the body of it
            # that just spoke, which goes on speaking
            return None
        state = replace(self.names.make_naming(toks[i].start, end), is_org=True, has_name=False)
        self._states.add((state.start, state.end))
        return state

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
        if not (
            self.ph.known_head(words[0])
            or self._outlet_named_before(inner, end)
            or self._speaker_named_before(inner, end)
        ):
            return None
        start = self.text.index(inner, end)
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
        return False

    def _this(self, toks: list[Token], i: int) -> Naming | None:
        """وأكدت هذه الرابطة: "this league" is the body named before."""
        pointed = i + 1 < len(toks) and normalize(toks[i].text) in _DEMONSTRATIVE
        span = self.ph.after(toks, i + 1) if pointed and definite(toks[i + 1].text) else None
        return self._naming(toks, span) if span else None

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

    def _naming_head(self, tok: Token) -> bool:
        return self.ph.known_head(tok) or self.ph.name_like(tok)

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
        if kind == "say":
            return True
        if self.ph.known_head(head) or (nisba(head.text) and span[1] - span[0] <= 2):
            return True  # وذكر المالكي: a definite surname is a nisba
        if any(a < head.end and head.start < b for group in self.coref for a, b in group):
            return True  # وأعلنت اليونسكو: a person or body the entities stage knows
        # an indefinite accusative (دورا، تقريرا) or a ta-marbuta noun (استقالة) after a verb
        # that takes objects is its object, not a name
        return (
            self.ph.name_like(head) and not normalize(head.text).endswith("ا") and not head.text.endswith("ة")
        )

    def _before(self, toks: list[Token], k: int) -> tuple[int, int] | None:
        """SVO subject: the words between كان/إن/أن (or the sentence start) and the verb."""
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
                return None
            i -= 1
        if i == j or i == 0 or normalize(toks[i - 1].text) not in _COMPLEMENTISERS:
            return None
        if not self.ph.known_head(toks[i]):
            return None  # a body or role heads it (أن شركة …، اتهمت), not any clause
        span = self.ph.after(toks, i)
        return (i, j) if span is not None and span[1] >= j else None

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
        return len(n) >= shortest and n[0] in "وف" and not definite(tok.text) and not self.ph.stop(tok)

    def _noun_source(self, toks: list[Token], k: int) -> Naming | None:
        """بحسب X، وفقا لما ذكرته X، نقلا عن X، مزاعم X."""
        while k < len(toks) and (
            normalize(toks[k].text) in _NOUN_CUE_SKIP or cue_kind(toks[k].text, self.lex) in ("say", "verb")
        ):
            k += 1
        if (
            k + 2 < len(toks)
            and cue_kind(toks[k].text, self.lex) == "doc"
            and normalize(toks[k + 1].text) == "في"
        ):
            k += 2  # وفق ما جاء في بيان لقصر الإليزيه: the document after جاء في
        if k < len(toks) and self.ph.stop(toks[k]):
            return None
        if k < len(toks) and (doc := lam_document(toks[k], self.lex)) is not None:
            # ووفقا لبيان الجمعية: the statement (after its ل) speaks for its issuer, as
            # بحسب بيان الجمعية does (rule 7)
            return self._issuer([*toks[:k], doc, *toks[k + 1 :]], k)
        if k < len(toks) and (bare := self._lam_head(toks[k])) is not None:
            toks = [*toks[:k], bare, *toks[k + 1 :]]  # ووفقا لمركز الفلك: the body after its ل
        span = self.ph.after(toks, k)
        if span is None or not (self.ph.known_head(toks[span[0]]) or self.ph.name_like(toks[span[0]])):
            return None
        return self._naming(toks, span)

    def _lam_head(self, tok: Token) -> Token | None:
        """لمركز، لوزارة: a known head behind a written-on ل preposition, as a token of its
        own; a speaker's name never starts with that ل (لل is ل + the article, kept). An
        outlet (وفقا لوكالة رويترز) is left as before: it carries words, it is not their
        speaker, and naming it would make it a speaker for later quotes it relays."""
        n = normalize(tok.text)
        if len(n) > 3 and n[0] == "ل" and not n.startswith(("ال", "لل")):
            bare = Token(tok.text[1:], tok.start + 1, tok.end)
            outlet = self.lex.has("media", bare.text)
            if self.ph.known_head(bare) and not self.ph.known_head(tok) and not outlet:
                return bare
        return None

    def _document(self, toks: list[Token], k: int) -> Naming | None:
        """وجاء في بيان لـX / تقرير صادر عن X → X; a bare التقرير → its issuer."""
        while k < len(toks) and normalize(toks[k].text) == "في":
            k += 1
        if k < len(toks) and self.lex.has("doc", toks[k].text):
            return self._issuer(toks, k)
        if (
            k >= 3
            and k < len(toks)
            and normalize(toks[k].text) in RESUMPTIVE_DOC
            and normalize(toks[k - 2].text) in _RELATIVE
            and self.lex.has("doc", toks[k - 3].text)
        ):
            return self._issuer(toks, k - 3)  # نقلت الوكالة البيان الذي جاء فيه: the statement's
        if 0 < k < len(toks) and normalize(toks[k].text) in RESUMPTIVE_DOC:
            # ونشرت وزارة الصحة بيانا على موقعها جاء فيه: فيه points back at the
            # statement, which speaks for its issuer (the subject of the verb that put it out)
            return self._resumptive_document(toks, k - 1)
        return None

    def _naming(self, toks: list[Token], span: tuple[int, int]) -> Naming | None:
        i, j = span
        head = toks[i]
        if self.lex.has("doc", head.text):
            return self._issuer(toks, i)
        if self.lex.has("anaphor", head.text):
            return None  # لكن الأخير اتهم: the previous speaker (a continuation)
        pronoun_noun = j - i == 1 and normalize(head.text).endswith(PRONOUNS) and not definite(head.text)
        known = self.lex.has("role", head.text) or self.lex.has("org", head.text)
        if pronoun_noun and not known and not kin_with_pronoun(head.text, self.lex):
            return None  # تصريحاته، محاميه: refers back (but أمه، أسرتها speak: rule 8)
        start, end = toks[i].start, toks[j - 1].end
        last = toks[j - 1]
        body = self.lex.has("media", last.text) or (
            self.lex.has("org", last.text) and not definite(last.text)
        )
        if (j - i <= 2 and body) or normalize(last.text) == "باسم":
            m = MARKED_NAME.match(self.text, end)
            if m:
                end = m.end()  # صحيفة "نيويورك تايمز"، قناة «العربية»: the name is in marks
        return self.names.make_naming(start, end)
