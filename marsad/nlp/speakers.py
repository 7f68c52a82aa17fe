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
continuations (وأضاف: "…") and claims (وأضاف أن …) chain across sentences. This module holds
that walk: which cue governs an anchor and what it gives (a verb, a participle, a noun such as
بحسب, a document), whose words a cue carries (قوله، نقلا عن X، على حد تعبير X), continuations
and the link of an unnamed role to the person named next. The sentence-level subject search
is in mixins of the Attributor, one per question: the subject after a verb
(:mod:`.speaker_subjects`), the subject before it and the clause a cue hangs on
(:mod:`.speaker_clauses`), the issuer of a document (:mod:`.issuers`). The word-level layer
(lexicon, cue kinds, phrase delimiting) is :mod:`marsad.nlp.reporting`; where to ask beyond
quote marks (reporting verbs, reported clauses) is :mod:`marsad.nlp.anchors`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from ..text.sentences import end_marks
from ..text.tokens import Token, tokenize
from .issuers import RESUMPTIVE_DOC, IssuerRules, relay_word
from .kb import KB_DIR, fold_word, read_lines
from .naming import MARKED_NAME, Namer, Naming
from .reporting import (
    HARAKAT,
    MAX_PHRASE_TOKENS,
    PRONOUNS,
    Lexicon,
    Phrases,
    cue_kind,
    cue_kind_at,
    definite,
    feminine_verb,
    has_object_pronoun,
    is_word,
    kin_with_pronoun,
    lam_document,
    load_lexicon,
    nisba,
    normalize,
    role_gender,
    taken_from,
)
from .speaker_clauses import _CLAUSE_LINK, _COMPLEMENTISERS, _CONCESSIVE, _NOTED, _RELATIVE, ClauseRules
from .speaker_subjects import _COUNTERPART, SubjectRules

# the quotes and claims stages import Attribution, Attributor and Naming from here; the clause
# words are re-exported for :mod:`marsad.nlp.anchors`, which imported them from here before
# they moved to :mod:`.speaker_clauses`
__all__ = ["_COMPLEMENTISERS", "_CONCESSIVE", "_NOTED", "_RELATIVE", "Attribution", "Attributor", "Naming"]

# كما تقول صحيفة "الحياة": an aside naming the source of the report, not the speaker
_ASIDE = frozenset(normalize(w) for w in ["كما", "وكما"])
# between a quote and the attribution that follows it: "…"، حسبما أضاف X; "…" كما قال X; وفق ما
_POSTPOSED_LINK = frozenset(normalize(w) for w in ["حسبما", "كما", "وفق", "وفقا", "وفقاً", "ما", "لما"])
_NOUN_CUE_SKIP = frozenset(normalize(w) for w in ["لما", "ل", "لـ", "عن", "ما", "به", "بها"])
# بحسب/وفق after a verb name the channel the words came through (وقال X، بحسب وكالة Y، إن);
# نقلا عن and مزاعم name the speaker, so they are not asides
_QUESTION = tuple(normalize(w) for w in ["سؤال", "أسئلة", "تساؤل", "استفسار"])
_TO = frozenset(normalize(w) for w in ["إلى", "الى"])
# نسبها إلى X: words ascribed to X (نسب، ونسبت، نسبتها)
_ASCRIBE = (normalize("نسب"), normalize("ونسب"))
_CHANNEL_MA = frozenset(normalize(w) for w in ["حسبما", "وحسبما", "بحسبما"])
_WHAT = frozenset(normalize(w) for w in ["ما", "لما"])
_CHANNEL = frozenset(normalize(w) for w in ["بحسب", "حسب", "حسبما", "وفق", "وفقا", "وفقاً", "ووفق", "ووفقا"])
_BARE_COMPLEMENTISERS = frozenset(normalize(w) for w in ["إن", "أن", "بأن"])
# بعد أن قال: أن after a word of time opens a clause with its verb first
_TEMPORAL = frozenset(
    normalize(w) for w in ["بعد", "وبعد", "قبل", "وقبل", "منذ", "حتى", "بمجرد", "لمجرد", "إلى", "من", "ما"]
)

# على حد تعبير X، على حد وصف X، على حد قوله: "in the words of X" names the quote's speaker,
# even after the quote and against the verb of the clause it sits in
_AS_FAR = (normalize("على"), normalize("حد"))
# وعندما سئلت المتحدثة …، قالت: the passive of asking; the one asked is who answers
_ASKED = frozenset(normalize(w) for w in ["سئل", "سئلت", "وسئل", "وسئلت", "فسئل", "فسئلت"])


@cache
def _frequent_words() -> frozenset[str]:
    """Matching keys of the most frequent words of Arabic news (built with the KB)."""
    return frozenset(read_lines(KB_DIR / "frequent.txt"))


def _possessive(word: str) -> bool:
    """تهديدها، تصريحاته: a noun with a possessive pronoun (a written ة is no pronoun)."""
    w = word.rstrip(HARAKAT)
    return len(w) > 4 and w.endswith(("ه", "ها", "هم", "هما")) and not w.endswith("ة")


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


class Attributor(SubjectRules, ClauseRules, IssuerRules):
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
            # وأوضح نصرالله وفقا لما نقلته وكالة الأنباء: the verb of a channel's relative
            # clause (وفقا لما، حسبما، بحسب ما) names the carrier too
            asides += [k for k in before if k > verbs[0] and self._channel_clause(toks, k)]
            # وقال X، في تصريحات نقلها تلفزيون Y، إن: a verb with an object pronoun right after
            # an occasion of speech says who carried the words, not who said them
            # (or a document: في بيان رسمي نقلته وكالة الأنباء)
            occasion = [k for k in before if k > verbs[0] and self._carried_in(toks, k)]
            asides += [k for k in occasion if has_object_pronoun(toks[k].text, self.lex)]
            # وأوضحت الناطقة أن نقل الدربي "لم يحصل": a cue word right after the complementiser
            # of a verb of saying is the reported clause's subject (a masdar), not a verb
            asides += [k for k in before if k > verbs[0] + 1 and self._masdar_subject(toks, k)]
        # وقال في رده على سؤال العلماء: the ones who asked are not the ones who answer
        asides += [k for k in before if k > 0 and self._question_answered(toks, k)]
        before = [k for k in before if k not in asides]
        worded = self._in_words_of(toks, anchor)
        if worded is not None:
            return self._settle(worded, anchor)
        post = self._postposed(toks, anchor, after)
        if post is not None and before:
            # شدد السيسي على …، «وقد اتفق الجانبان»، حسبما أضاف ياسين: an attribution right after
            # the quote is this quote's, whatever cue opened the sentence
            found = self._from_cue(toks, post)
            if found is not None and found.speaker is not None:
                return self._settle(found, anchor)
        for k in reversed(before):
            found = self._from_cue(toks, k)
            if (
                found is not None
                and found.speaker is not None
                and self._right_after_its_quote(toks[k].end, found.speaker.start)
            ):
                # وأضاف "معارك" أخرى، ما اعتبرته "مخرجا للأزمة" تهم قانونا: a cue right before its
                # quote has no subject after that quote (the blanked quote made the words after
                # it look adjacent to the verb); the speaker is the one spoken of before
                found = Attribution(None, found.cue, True)
            if found is not None:
                return self._settle(self._or_previous_actor(found, toks, k), anchor)
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

    def _postposed(self, toks: list[Token], anchor: int, after: list[int]) -> int | None:
        """The cue of an attribution that directly follows the quote at ``anchor`` («…»، حسبما
        أضاف X؛ "…"، قال X؛ "…" كما قال X), if any: at most a linking word between."""
        rest = [m for m, t in enumerate(toks) if t.start >= anchor and is_word(t)]
        if not rest or not after or not self._quote_between(anchor, toks[rest[0]].start):
            return None  # a claim's anchor, or no quote right here
        linked = False
        for m in rest[:3]:
            if cue_kind(toks[m].text, self.lex) in ("say", "verb", "tverb"):
                # a verb of saying, set off by a comma or a link word (not a channel: «…»، بحسب
                # البيان names the carrier; nor a main clause: بـ«…» قال المتحدث إن)
                marked = linked or any(ch in "،," for ch in self.masked[anchor : toks[m].start])
                # (وقالت ميركل after the comma is the next clause's verb, not this quote's)
                opens_clause = normalize(toks[m].text)[:1] in "وف" and not linked
                return m if marked and m in after and not opens_clause else None
            if normalize(toks[m].text) not in _POSTPOSED_LINK:
                return None
            linked = True
        return None

    def _right_after_its_quote(self, cue_end: int, start: int) -> bool:
        """Does a quote open right after the cue (past spaces and a colon) and the phrase at
        ``start`` follow right after it closes (not after عن: ونقلت "الشرق" عن مدير المطار)?"""
        i = cue_end
        while i < len(self.text) and self.text[i] in " :\u00a0":
            i += 1
        if i >= len(self.text) or self.masked[i] == self.text[i]:
            return False  # no blanked quote right after the cue
        while i < len(self.masked) and self.masked[i] == " ":
            i += 1  # over the blanked quote (marks included) to the next word
        return i == start

    def _quote_between(self, start: int, end: int) -> bool:
        """Is there quoted material (blanked in the masked text) between two offsets?"""
        return any(a != b for a, b in zip(self.text[start:end], self.masked[start:end], strict=True))

    def _or_previous_actor(self, found: Attribution, toks: list[Token], k: int) -> Attribution:
        """انتقل الحاكم بوبي جيندال إلى المدينة. وقال في مؤتمر صحافي "…": a verb of saying with
        no subject, opening its sentence right after one that reports what someone did,
        continues that someone, not the last speaker."""
        if found.speaker is not None or k > 1 or cue_kind(toks[k].text, self.lex) not in ("say", "verb"):
            return found
        actor = self._previous_actor(self.sentence(toks[k].start))
        return found if actor is None else Attribution(actor, found.cue, False)

    def _previous_actor(self, sent: _Sentence) -> Naming | None:
        """The subject of the sentence right before ``sent`` when it opens with a verb, names a
        person or a body after it, and reports no speech (a cue there keeps the speaker chain)."""
        i = bisect_right(self._starts, sent.start) - 1
        while i > 0 and not self.masked[self._starts[i - 1] : self._starts[i]].strip(" \n.!؟?"):
            i -= 1
        if i <= 0:
            return None
        toks = self.sentence(self._starts[i - 1]).tokens
        if len(toks) < 3 or any(self._cue_kind_at(toks, k) for k in range(len(toks))):
            return None
        first = toks[0]
        if not self.ph.name_like(first) or self.ph.known_head(first) or self._known(first):
            return None  # the sentence opens with a verb (a name or a role opens none)
        span = self.ph.after(toks, 1)
        if span is None or not (self.lex.has("role", toks[1].text) or self._known(toks[1])):
            return None
        actor = self._naming(toks, span)
        # a named person (قتل خمسة أشخاص، أصيب الجندي: victims, not actors who go on to speak)
        return actor if actor is not None and actor.has_name and not actor.is_org else None

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

    def _question_answered(self, toks: list[Token], k: int) -> bool:
        """على سؤال X، ردا على أسئلة X: a noun cue of asking after على names the asker."""
        return normalize(toks[k - 1].text) == "علي" and normalize(toks[k].text).startswith(_QUESTION)

    def _channel_clause(self, toks: list[Token], k: int) -> bool:
        """حسبما نقلت، وفقا لما نقلته، بحسب ما ذكرت: the cue at ``k`` opens a channel's clause."""
        words = [normalize(t.text) for t in toks[max(0, k - 2) : k]]
        if words and words[-1] in _CHANNEL_MA:
            return True
        return len(words) == 2 and words[0] in _CHANNEL and words[1] in _WHAT

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
        if found.speaker is not None and not self._plausible(found.speaker):
            found = Attribution(None, found.cue, True)
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

    def _plausible(self, sp: Naming) -> bool:
        """Whether a phrase found in a speaker's place can name one: it never opens with a
        preposition on a word that names nobody (بوقوع حادث، لقانون الفيفا) nor with a noun
        that has its owner's pronoun (تحضيراته بمعسكر), whatever rule put it there."""
        toks = [t for t in tokenize(self.text[sp.start : sp.end]) if is_word(t)]
        if not toks:
            return True
        head = Token(toks[0].text, sp.start + toks[0].start, sp.start + toks[0].end)
        if self._known(head) or self.ph.known_head(head) or self.lex.has("name", head.text):
            return True
        n = normalize(head.text)
        if n == "باسم":
            return True  # بيان صادر باسم المفتش العام: the issuer's naming after باسم
        clitic = len(n) > 3 and n[0] in "بل" and not n.startswith(("ال", "لل"))
        rest = Token(head.text[1:], head.start + 1, head.end)
        if clitic and fold_word(rest.text) in _frequent_words() and not self.ph.known_head(rest):
            return False  # ب/ل on an everyday word (بوقوع، لقانون), not a name (لوتا، بايدن)
        if not _possessive(head.text) or kin_with_pronoun(head.text, self.lex) or n in _COUNTERPART:
            return True
        # محاميها، متحدثه: a role with its holder's pronoun names someone (their lawyer)
        bare = re.sub("(هما|هم|ها|ه)$", "", head.text.rstrip(HARAKAT))
        return self.lex.has("role", bare) or self.lex.has("role", bare.removesuffix("ت") + "ة")

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
            if _possessive(toks[k].text):
                # إذا نفذت واشنطن تهديدها بفرض عقوبات فإن أنقرة "…": a noun with its owner's
                # pronoun takes no genitive after it, and that owner spoke earlier, not here
                return None
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
            subj = (
                self._quoted_from(toks, k)
                or self._subject_between(toks, k)
                or self._clause_subject(toks, k, initial_verb=True)
            )
            if subj is None:
                # وتابعت أصالة حديثها قائلة: the participle goes with the verb of saying before it
                verbs = [m for m in range(k - 1, -1, -1) if cue_kind(toks[m].text, self.lex) in ("say", "verb")]
                subj = self._verb_subject(toks, verbs[0]) if verbs else None
            return Attribution(subj, cue, subj is None)
        if (
            kind in ("say", "verb", "tverb")
            and k + 1 < len(toks)
            and normalize(toks[k + 1].text) in RESUMPTIVE_DOC
        ):
            owner = self._words_owner(toks, k)
            if owner is not None:
                return Attribution(owner, cue, False)
        if kind in ("say", "verb", "tverb") and has_object_pronoun(toks[k].text, self.lex):
            source = self._source_before(toks, k)
            if source is not None:
                return Attribution(source, cue, False)
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

    def _subject_between(self, toks: list[Token], k: int) -> Naming | None:
        """…، وهو الأمر الذي رد عليه الرئيس الإيراني، حسن روحاني قائلا: the subject said
        right after the nearest verb before the participle is the participle's too, whatever
        the sentence began with. Only when the participle follows that subject at once (in
        "نفى قاسمي ما تم تداوله بشأن نقل صواريخ باليستية من بلاده، واصفا" the verb's
        phrase is an object, and the participle goes with the sentence's subject)."""
        verbs = [m for m in range(k - 1, 0, -1) if self._cue_kind_at(toks, m) in ("say", "verb", "tverb")]
        if not verbs:
            return None
        subj = self._verb_subject(toks, verbs[0])
        if subj is None or subj.start < toks[verbs[0]].end or subj.end > toks[k].start:
            return None
        between = [t for t in toks if subj.end <= t.start and t.end <= toks[k].start and is_word(t)]
        return None if between else subj

    def _words_owner(self, toks: list[Token], k: int) -> Naming | None:
        """تصريحات على لسان القيادي أحمد حماد، قال فيها؛ تصريحات نسبها إلى الزهار، قال فيها:
        "said in them" points back at words taken from someone, who said them."""
        for j in range(k - 1, max(-1, k - 2 * MAX_PHRASE_TOKENS), -1):
            if cue_kind(toks[j].text, self.lex) in ("say", "verb", "tverb"):
                return None
            n = normalize(toks[j].text)
            ascribed = n in _TO and j > 0 and normalize(toks[j - 1].text).startswith(_ASCRIBE)
            if taken_from(toks, j) or ascribed:
                return self._relayed_speaker(toks, j + 1)
            if self._produces(toks[j].text):
                # نشرت الإعلامية شيماء قاسم، الحاصلة على …، مقطعا مصورا، قالت فيه: the subject
                # after the verb (not "ووجه رسالة لجماهير الزمالك قال فيها": the object first)
                span = self.ph.after(toks, j + 1)
                if span is None or span[0] != j + 1 or span[1] >= k or self._doc_word(toks[j + 1].text):
                    return None
                # كتبت الممثلة تغريدة، قالت فيها: the phrase stops before the document put out
                end = next((m for m in range(span[0] + 1, span[1]) if self._doc_word(toks[m].text)), span[1])
                head = toks[span[0]]
                if not (self._naming_head(head) or self._known(head)):
                    return None
                return self._naming(toks, (span[0], end))
        return None

    def _produces(self, word: str) -> bool:
        """أصدرت، نشرت، نشرها: a verb that puts out a speech or a document (relay.tsv), also
        with its object pronoun (مقاطع نشرها تنظيم داعش، ودعا فيها)."""
        if relay_word("produce", word):
            return True
        n = normalize(word)
        return any(n.endswith(p) and relay_word("produce", n[: -len(p)]) for p in ("ها", "ه", "هم"))

    def _source_before(self, toks: list[Token], k: int) -> Naming | None:
        """ونقلت الوكالات عن نائب الوزير غروشكو وصفه لـ…: a cue with a pronoun right after عن X
        is X's masdar ("his describing"), so X said the words."""
        for j in range(k - 1, max(-1, k - MAX_PHRASE_TOKENS - 2), -1):
            if taken_from(toks, j):
                # عن names a source only after a verb of carrying words (كشفت روسيا عن محطة
                # وصفها الناقدون: عن is "about", and the verb has its own subject)
                if not any(relay_word("relay", t.text) for t in toks[:j]):
                    return None
                span = self.ph.after(toks, j + 1)
                # a name the phrase rules leave out may stand between (نائب الوزير ألكسندر غروشكو)
                joined = span is not None and all(
                    is_word(t) and not self.ph.stop(t) for t in toks[span[1] : k]
                )
                return self._relayed_speaker(toks, j + 1) if joined else None
        return None

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
            # ألغت كوريا الشمالية المحادثات، ووصفت …: a state or body the entities stage knows
            # heads the subject too, when the two verbs agree in gender (a feminine past verb
            # may open the sentence without و)
            agreeing = toks[j].text.endswith("ت") == feminine_verb(toks[k].text, self.lex)
            # (the article test reads the written letters: ألغت folds to الغت)
            opening = j == 0 and agreeing and toks[0].text.endswith("ت") and not toks[0].text.startswith("ال")
            if not (verb or opening) or self.ph.stop(toks[j + 1]) or self.ph.stop(toks[j]):
                continue
            state = self._state_at(toks, j + 1) if agreeing else None
            if state is not None:
                return state
            if (verb and self.ph.known_head(toks[j + 1])) or (agreeing and self._known(toks[j + 1])):
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
                known = self._known(head)
                if self._naming_head(head) or known:
                    return self._naming(toks, span)
                return None
        return None

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

    # -- namings

    def _naming_head(self, tok: Token) -> bool:
        return self.ph.known_head(tok) or self.ph.name_like(tok)

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
        # (a written ة is no pronoun ه, though both fold to ه: وأضاف عكاشة names someone the
        # entities stage knows; ووجه كلمة is a noun all the same)
        pronoun_noun = (
            j - i == 1
            and normalize(head.text).endswith(PRONOUNS)
            and not (head.text.endswith("ة") and self._known(head))
            and not definite(head.text)
        )
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
