"""Direct quotes and who said them (stage ``quotes``).

No open tool attributes Arabic quotes to speakers, so this is a rule system built on
the guideline of ``../shared/quotes/README.md``, in three steps:

1. :func:`find_spans` pairs quote marks inside each paragraph. Arabic news mixes
   “…”, «…», "…" and reversed pairs (بـ”…”, :»…»), so a mark's *direction* is read
   from its context (space or a one-letter clitic before and a letter after: opener),
   not from its glyph. An opener that never closes ends at the paragraph end or at the
   sentence end before the next reporting clause (guideline rule 4). A second opener that
   never closes was the closer, written with the space inside (فرض "رسوم إضافية "في حال).
2. :func:`is_quote` drops marked spans that are names (media, programmes, groups, titles and
   events: لـ«رويترز», صحيفة "ديلي تلغراف", مسرحية "…", بعنوان "…"; the subject or the
   recipient right after a cue: وذكرت "الماركا" أن، وقال لـ«عكاظ»; Latin names and numbers)
   or unattributed scare quotes (rule 2): a span is kept when a reporting cue governs it (any
   cue before it in its sentence, or one right after the closing mark), when it opens a
   paragraph, or when it is long. A short span equal to a name dropped elsewhere in the
   article (outside a subheading) is that name again.
3. :class:`marsad.nlp.speakers.Attributor` finds the governing cue and the speaker, in
   text order together with the unquoted reported speech around (so وأضاف: "…" continues
   the speaker of وقال X إن …), and reports the speaker where it is most fully named.

The speaker's ``entity`` is the entity (from the ``entities`` stage, when it ran) whose
mention overlaps the speaker's reported naming (:func:`marsad.nlp.spans.entity_at`), and the
other mentions of that entity are candidates for its fullest naming. A quoted span that
equals the mention of an organisation or place is a name, not a quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Doc, Quote, Speaker
from ..pipeline import stage
from ..text.normalize import normalize
from .anchors import cue_anchors, reporting_anchors
from .issuers import relay_word
from .naming import office_words
from .naming_parts import FORMER, name_words
from .reporting import Lexicon, cue_kind, definite, has_object_pronoun, load_lexicon, nisba
from .spans import entity_at
from .speakers import Attribution, Attributor, Naming

MARKS = '"“”«»„‟″'
_CLITIC_BEFORE = "بلوـف"  # بـ"…", لـ«…», و"…": a mark glued to a clitic still opens
# Quoted spans of at least this many words are kept even with no cue in sight: on the
# dev set no excluded (name / scare-quote) span was longer than 5 words.
LONG_SPAN_WORDS = 6


# ----------------------------------------------------------------------------- marks


@dataclass
class Span:
    """A quoted span: ``start``/``end`` of the text inside the marks (trimmed)."""

    start: int
    end: int
    open_at: int  # offset of the opening mark
    close_at: int | None  # offset of the closing mark, None when unclosed


_MAX_TAIL_WORDS = 4  # مشيرا إلى أن، وأضاف قائلا إن: a reporting clause before an opener is short


def _direction(text: str, i: int) -> str:
    """'open', 'close' or '?' for the mark at ``i``, from the characters around it."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    prev_open = prev.isspace() or prev in ":(،,؛" or prev in MARKS or prev in _CLITIC_BEFORE
    # a glued clitic only counts when it is a one-letter word (بـ"…", و"…"), not a word end
    if prev in _CLITIC_BEFORE and prev != "ـ":
        before = text[i - 2] if i > 1 else " "
        prev_open = before.isspace() or before in MARKS
    next_close = nxt.isspace() or nxt in ".،,:؛!؟?)" or nxt in MARKS
    if prev_open and not next_close:
        return "open"
    if next_close and not prev_open:
        return "close"
    return "?"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in MARKS):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _unclosed_end(text: str, start: int, para_end: int, next_open: int | None, lex: Lexicon) -> int:
    """Where an unclosed quote ends: before the sentence that starts a new reporting
    clause or holds the next opener, else at the paragraph end."""
    limit = next_open if next_open is not None else para_end
    last_end = None
    for m in re.finditer(r"[.!؟?]+", text[start:limit]):
        rest = text[start + m.end() : para_end].split()
        if rest and cue_kind(rest[0].strip(":،,"), lex) in ("say", "verb", "tverb", "doc"):
            return start + m.start()
        last_end = start + m.start()
    if next_open is not None and last_end is not None:
        return last_end  # the sentence holding the next opener is not part of this quote
    return limit


def find_spans(text: str, lex: Lexicon | None = None) -> list[Span]:
    """Outermost quoted spans of ``text``, marks paired within each paragraph."""
    lex = lex or load_lexicon()
    spans: list[Span] = []
    for p_start, p_end in _paragraphs(text):
        marks = [i for i in range(p_start, p_end) if text[i] in MARKS]
        # a doubled mark ("" at a quote start) acts as one
        marks = [i for k, i in enumerate(marks) if not (k and marks[k - 1] == i - 1)]
        spans.extend(_pair_marks(text, marks, p_end, lex))
    spans = [_past_complementiser(text, s, lex) for s in spans]
    return [s for s in spans if s.end > s.start]


# The reporting clause's complementiser written inside the marks (مشيرا "إلى أن المقاومة …"،
# وأضاف "أن هناك ترتيبات"، وصفها "بأنها محاولات يائسة"): guideline rule 3 cuts it off the quote.
_LEADING_COMPLEMENTISER = re.compile(r"(?:إلى\s+)?(?:أن|بأن|أنه|أنها|بأنه|بأنها|أنهم|بأنهم)\s+")


def _past_complementiser(text: str, span: Span, lex: Lexicon) -> Span:
    before = re.split(r"[.!؟?:\n]", text[max(0, span.open_at - 40) : span.open_at])[-1].split()[-3:]
    if not any(cue_kind(w.strip("،,"), lex) is not None for w in before):
        # only after a cue and its subject (وأشار الرحبي "إلى أن …"، واصفا إياها "بأنها …"), not
        # in وعلى الولايات المتحدة "أن تعلم" (a duty, no report); after a colon the quote is the
        # speaker's own sentence
        return span
    m = _LEADING_COMPLEMENTISER.match(text, span.start, span.end)
    if m is None or m.end() >= span.end:
        return span
    return Span(m.end(), span.end, span.open_at, span.close_at)


def _pair_marks(text: str, marks: list[int], p_end: int, lex: Lexicon) -> list[Span]:
    out: list[Span] = []
    stack: list[int] = []
    for i in marks:
        d = _direction(text, i)
        if not stack:
            if d != "close" or _glued_to_cue(text, i, lex):
                stack.append(i)
            continue  # a dangling closer is excluded (rule 4: start not recoverable)
        if d == "open":
            between = text[stack[0] + 1 : i]
            if re.search(r"[.!؟?]", between):  # the open quote never closed: end it
                out.append(_resolve_unclosed(text, stack, p_end, i, lex))
                stack = [i]
            elif len(stack) == 1 and (cut := _reporting_tail(text, stack[0] + 1, i, lex)) is not None:
                s, e = _trimmed(text, stack[0] + 1, cut)
                out.append(Span(s, e, stack[0], None))
                stack = [i]
            else:  # a nested quote ("…حرفي "تي" و…")
                stack.append(i)
            continue
        opened = stack.pop()
        if not stack:
            s, e = _trimmed(text, opened + 1, i)
            out.append(Span(s, e, opened, i))
    if stack:
        out.append(_resolve_unclosed(text, stack, p_end, None, lex))
    return out


_GLUED_COMPLEMENTISERS = frozenset(normalize(w) for w in ["إن", "أن", "بأن"])


def _glued_to_cue(text: str, i: int, lex: Lexicon) -> bool:
    """وأضاف" يتعين …، إن" تجربة …: a mark written right after a reporting verb or
    complementiser, with the space after it, opens the quote (it looks like a closer)."""
    words = text[max(0, i - 20) : i].split()
    if not words or text[i - 1 : i].isspace():
        return False
    word = words[-1]
    return normalize(word) in _GLUED_COMPLEMENTISERS or cue_kind(word, lex) in ("say", "verb", "participle")


def _reporting_tail(text: str, start: int, opener: int, lex: Lexicon) -> int | None:
    """Where an unclosed quote ends when the next opener follows a new reporting clause in
    the same sentence: أن "الدول … لم يكن سهلا، مشيرا إلى أن "دولا …" (rule 4: the quote
    ends before the reporting clause). The comma before the clause, or None."""
    comma = max(text.rfind("،", start, opener), text.rfind(",", start, opener))
    if comma < 0:
        return None
    words = text[comma + 1 : opener].split()
    if not 1 <= len(words) <= _MAX_TAIL_WORDS:
        return None
    return comma if cue_kind(words[0].strip(":"), lex) in ("participle", "say") else None


def _resolve_unclosed(text: str, stack: list[int], p_end: int, next_open: int | None, lex: Lexicon) -> Span:
    """The span of an opener left unclosed. When a 'nested' opener inside it never closed
    either, that mark was the closer written with the space on the wrong side
    (فرض "رسوم إضافية "في حال …)."""
    if len(stack) >= 2:
        s, e = _trimmed(text, stack[0] + 1, stack[1])
        return Span(s, e, stack[0], stack[1])
    s, e = _trimmed(text, stack[0] + 1, _unclosed_end(text, stack[0] + 1, p_end, next_open, lex))
    return Span(s, e, stack[0], None)


# ----------------------------------------------------------------------------- masking


def masked_text(text: str, spans: list[Span]) -> str:
    """``text`` with quoted material (marks included) blanked, so sentence splits and
    cue search ignore what is inside quotes. Same length as ``text``."""
    chars = list(text)
    for s in spans:
        end = (s.close_at + 1) if s.close_at is not None else s.end
        for k in range(s.open_at, min(end, len(chars))):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)


# ----------------------------------------------------------------------------- filter


def is_quote(text: str, span: Span, found: Attribution, entity_names: set[str], lex: Lexicon) -> bool:
    """Rule 2: keep quoted words, drop names of media/groups and unattributed scare quotes."""
    inner = text[span.start : span.end]
    if normalize(inner) in entity_names or len(inner) <= 2 or _is_name(text, span, found, lex):
        return False  # a known name, a letter ("تي"), or a name by its context
    line = text[: span.open_at].rsplit("\n", 1)[-1]
    if not line.strip():
        return True  # a paragraph that opens with a quote: a pull quote or a continuation
    if found.cue is not None and _governed(text, span, found):
        # a short span whose cue has no speaker (تظهر "الحمض"، صاغ "منجم الألحان"): a term or a
        # name the sentence speaks of; a fragment counts only as someone's words (rule 2). Words
        # after a colon are spoken, whoever said them (وتابعت: "…")
        spoken = text[: span.open_at].rstrip().endswith(":")
        return found.speaker is not None or spoken or len(inner.split()) > MAX_NAME_WORDS
    return len(inner.split()) >= LONG_SPAN_WORDS


# A cue after a quote governs it only right behind the closing mark ("…"، قال فلان /
# "…"، حسب تصريحاته): on dev and the check set every governing later cue is within 2 words.
MAX_CUE_GAP_AFTER = 2


def _governed(text: str, span: Span, found: Attribution) -> bool:
    """Whether the attribution's cue governs the span: any cue before it in the sentence,
    or a cue right after it that does not itself open the next quote (وأضاف: "…")."""
    assert found.cue is not None
    if found.cue[1] <= span.open_at:
        return True
    end = (span.close_at + 1) if span.close_at is not None else span.end
    gap = text[end : found.cue[0]]
    if len(re.findall(r"\w+", gap)) > MAX_CUE_GAP_AFTER:
        return False  # حفلات «ليالي دبي» … (a cue clauses away): a name or a scare quote
    after_cue = text[found.cue[1] : found.cue[1] + 3].lstrip()
    return not after_cue.startswith((":", *MARKS))  # «الاقتصادية» وأضاف: "…" quotes the next one


# Names in marks are short: on the dev set the longest excluded name has 4 words.
MAX_NAME_WORDS = 4
_COMPLEMENTISER_RE = re.compile(r"(^|\s)(ب?[أإا]ن(ه|ها|هم)?)(\s|$)")


_MARK_RE = re.compile(f"[{re.escape(MARKS)}]")


def _coordinated_name(text: str, span: Span, lex: Lexicon) -> bool:
    """و"B" right after a marked name of a place, a made thing or a kind (طراز «فانتوم 3 أدفانسد»
    بسعر 999 دولارا و«فانتوم 3 بروفيشونال»): the second is a name of the same kind, with no head
    noun of its own."""
    if text[max(0, span.open_at - 2) : span.open_at] != " و":  # و written on the mark, not a word's last letter
        return False
    window = text[max(0, span.open_at - 80) : span.open_at - 1]
    marks = [m.start() for m in _MARK_RE.finditer(window)]
    if len(marks) < 2 or "." in window[marks[-1] :]:
        return False
    head = window[: marks[-2]].split()[-1:]  # the word before the earlier span's opening mark
    return bool(head) and any(_has(lex, c, head[0].rstrip("ـ")) for c in ("place", "kind", "media"))


def _is_name(text: str, span: Span, found: Attribution, lex: Lexicon) -> bool:
    """A quoted name of a medium, group, programme or title, judged by its words and the
    words before and after it (guideline rule 2)."""
    inner = text[span.start : span.end]
    words = inner.split()
    before = text[max(0, span.open_at - 12) : span.open_at].split()
    if before and normalize(before[-1].rstrip(":")) in _TITLE_WORDS:
        return True  # بمقال بعنوان "ماكرون يعرض دورا …": a title, however long
    if len(words) > MAX_NAME_WORDS:
        return False
    if len(words) == 1 and before and (before[-1].isdigit() or _scare_adjective(before[-1], words[0])):
        return True  # لوتا 17 "عاما": a unit; جماعات "إرهابية": a scare-quoted adjective
    if _aliased(text, span.open_at, lex):
        return True  # ويعرف أيضا بـ "رجال الكرامة" و"شيخ الكرامة": other names, not speech
    if before and _DEFINITE_TATWEEL_RE.match(before[-1]):
        return True  # طائرات الـ«إف 16»، للـ"درون": the article makes the span a noun, a name
    if not _ARABIC_LETTER.search(inner):
        return True  # لـ"MLSE"، «17 - 25»: Latin names, codes and numbers are not Arabic speech
    first = words[0]
    if not lex.has("stop", first) and (lex.has("media_name", first) or lex.has("media", first)):
        return True  # نقلت "رويترز"، إلى "إذاعة أوروبا الحرة" (but not "أن لا يتدخل")
    if len(words) > 1 and lex.has("place", first):
        return True  # في "جبال الكسري"، تأمين "معسكر طيبة الاسم": a place named with its head noun
    if _cue_adjacent_name(text, span, found, lex) or _source_after_ma(text, span, lex):
        return True
    if lex.has("org", first) and not normalize(first).startswith("ال"):
        return True  # مثل "جيش الإسلام"، مع "مجلس شورى مجاهدي درنة"
    prev = [w.rstrip("ـ") for w in text[max(0, span.open_at - 40) : span.open_at].split()[-2:]]
    if prev and _has(lex, "media", prev[-1]):
        return True  # صحيفة "ديلي تلغراف"، لوكالة "فارس"، بعنوان "…"
    if _named_work(text, span, lex):
        return True
    if prev and (_has(lex, "place", prev[-1]) or _has(lex, "kind", prev[-1])):
        return True  # بمناطق "المهدية"، عربة "فيرنا": a place or a made thing by its name
    if _coordinated_name(text, span, lex):
        return True
    if prev and _has(lex, "org", prev[-1]) and not normalize(_unclitic(prev[-1])).startswith("ال"):
        return True  # جماعة "أنصار الله"، مؤسسة "فريدم هاوس" (but not الحكومة "رفضت")
    # وكالة أنباء "كيودو"، شركة الطيران «جت بلو» (but not الوكالة أن "…")
    # (not مؤتمر صحفي "…": a press conference, its second word a role word, names nothing)
    named_by_two = (
        len(prev) == 2
        and not lex.has("stop", prev[1])
        and not lex.has("prep", prev[1])
        and not lex.has("role", prev[1])
    )
    if named_by_two and (
        _has(lex, "media", prev[0]) or (_has(lex, "org", prev[0]) and not normalize(prev[0]).startswith("ال"))
    ):
        return True
    glued = text[max(0, span.open_at - 2) : span.open_at].lstrip()
    if glued in ("لـ", "ل") and (lex.has("org", first) or lex.has("media", first)):
        return True  # المدير العام لـ«المنظمة الدولية للهجرة»
    if glued in ("لـ", "ل") and len(words) <= MAX_ADJACENT_NAME_WORDS:
        # المدير العام المساعد لـ"أوبينيون واي": the body a role belongs to
        role_words = text[max(0, span.open_at - 40) : span.open_at].split()[-4:-1]
        if any(lex.has("role", w) for w in role_words):
            return True
    if glued in ("لـ", "ل") and len(words) <= MAX_ADJACENT_NAME_WORDS and _spoken_to(text, span, found, lex):
        return True  # وصرح مصدر مقرب من المتوفاة لـ"عين اليوم" عن …: the medium spoken to
    after = text[(span.close_at if span.close_at is not None else span.end) + 1 :][:3].lstrip()
    if len(words) <= 2 and after.startswith(":") and found.cue is not None:
        return True  # وتابعت "المؤسسة": "…": a name as the subject of the next quote
    if len(words) <= 3 and found.cue is not None and _followed_by_speech(text, span):
        # قال المحلل في "ويستبيك كابيتال" إن: a name inside the speaker phrase, unless a
        # complementiser already opened the reported words (وأكد "للأمة" أن keeps it)
        between = normalize(text[found.cue[1] : span.open_at])
        return bool(between.strip()) and not _COMPLEMENTISER_RE.search(between)
    return False


def _named_work(text: str, span: Span, lex: Lexicon) -> bool:
    """العملية العسكرية الفرنسية "برخان"، رواية الكاتب البريطاني جورج أورويل "مزرعة الحيوان":
    a medium's or a work's noun whose describers (nisbas, adjectives, definite genitives, or
    a role and its holder's name) run up to the marks names what is in them."""
    # a describer never runs across punctuation or a line break
    before = re.split(r"[،,.:؛!؟?\n]", text[max(0, span.open_at - 80) : span.open_at])[-1]
    words = [w.rstrip("ـ") for w in before.split()][-6:]
    for m in range(len(words) - 2, -1, -1):
        if not _has(lex, "media", words[m]) or normalize(words[m]).endswith("اسم"):
            continue  # (المتحدثة باسم الخارجية: a speaker's role, not a named work)
        if relay_word("site", _unclitic(words[m])):
            return False  # تحذير على موقع السفارة الهولندية "ابتعدوا": what the site posted
        if _has(lex, "event", words[m]) and m + 1 < len(words) and lex.has("role", words[m + 1]):
            return False  # وقال في مؤتمر صحفي "…": an occasion of speech, what is said there follows
        if m > 0 and re.fullmatch(r"[وف]?ب?ان(ه|ها|هم)?", normalize(words[m - 1])):
            return False  # فإن وكالة الأنباء الفرنسية "تقوم بدور": the reported clause's subject
        described, role_seen = True, False
        for w in words[m + 1 :]:
            if cue_kind(w, lex) is not None or any(lex.has(c, w) for c in ("stop", "prep", "time")):
                described = False
                break
            role_seen = role_seen or lex.has("role", w)
            if not (nisba(w) or lex.has("adj", w) or lex.has("role", w) or definite(w) or role_seen):
                described = False
                break
        return described
    return False


def _spoken_to(text: str, span: Span, found: Attribution, lex: Lexicon) -> bool:
    """Whether a لـ-span follows its speech verb in the same clause (صرح X لـ"…"): the
    addressee of a verb of saying is a medium or person, not quoted words."""
    if found.cue is None or found.cue[1] > span.open_at:
        return False
    verb = text[found.cue[0] : found.cue[1]].split()
    between = text[found.cue[1] : span.open_at]
    return bool(verb) and cue_kind(verb[0], lex) == "say" and not re.search(r"[.!؟?:،,]", between)


def _scare_adjective(noun: str, word: str) -> bool:
    """جماعات "إرهابية"، تغريدات "تويترية": a lone relational adjective (…ية) in marks right
    after the indefinite plural it describes is a scare quote (rule 2), not attributed words
    (a predicate after a verb or a name, كانت "إيجابية"، موسكو "بريئة", is quoted)."""
    n = normalize(noun)
    plural = not definite(noun) and n.endswith("ات") and len(n) > 4 and n.isalpha()
    return plural and not definite(word) and len(word) > 4 and word.endswith(("ية", "يّة"))


def _aliased(text: str, open_at: int, lex: Lexicon) -> bool:
    """Whether the mark at ``open_at`` follows a naming verb (يعرف، المسمى، الملقب), perhaps
    with أيضا and بـ between, or follows و after a name so introduced."""
    window = text[max(0, open_at - 60) : open_at]
    chained = _ALIAS_CHAIN_RE.search(window)
    if chained:
        window = window[: chained.start()]  # و"شيخ الكرامة": look before the first name
    words = [w.strip("ـ") for w in window.split()][-3:]
    words = [w for w in words if w and normalize(w) not in _ALIAS_FILLERS]
    return bool(words) and lex.has("alias", words[-1])


# the definite article written apart before a mark (الـ«…»، للـ"…"، بالـ"…"), not the
# preposition لـ alone (اعتذر لـ"سوء اختيار الكلمات" quotes)
_DEFINITE_TATWEEL_RE = re.compile("^[وف]?(?:[بكل]?ال|لل)ـ+$")
# و between two quoted names: "رجال الكرامة" و"…"
_ALIAS_CHAIN_RE = re.compile(r"[\"“”«»][^\"“”«»]{1,40}[\"“”«»]\s*و\s*$")
_ALIAS_FILLERS = frozenset(normalize(w) for w in ["أيضا", "ايضا", "كذلك", "بـ", "ب", "باسم", "اسم"])
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
# titles and slogans (rule 2), however long: بعنوان "…"، تحت شعار "…"
_TITLE_WORDS = frozenset(
    normalize(w)
    for w in ["بعنوان", "عنوان", "عنوانه", "عنوانها", "وعنوانه", "شعار", "بشعار", "وشعار", "شعارات"]
)
# After a cue, a name in marks is the speaker (وذكرت "الماركا" أن) or the medium spoken to
# (وقال لـ«عكاظ» الناطق …); quoted words either end the clause or start with a particle.
MAX_ADJACENT_NAME_WORDS = 3


def _cue_adjacent_name(text: str, span: Span, found: Attribution, lex: Lexicon) -> bool:
    """A short span right after its cue that names who speaks or who is spoken to."""
    if found.cue is None or found.cue[1] > span.open_at:
        return False
    words = text[span.start : span.end].split()
    if len(words) > MAX_ADJACENT_NAME_WORDS:
        return False
    between = normalize(text[found.cue[1] : span.open_at]).strip().rstrip("ـ")
    if between == "ل":
        return True  # وأكد لـ «عكاظ» وكيل الوزارة: the medium spoken to
    if between:
        return False
    first = normalize(words[0])
    if lex.has("stop", words[0]) or lex.has("prep", words[0]) or first.startswith(("لل", "بال")):
        return False  # وأكد "للأمة الإيرانية" أن: quoted words may open with a particle
    end = (span.close_at + 1) if span.close_at is not None else span.end
    nxt = re.match(r"\s*(\w+|:)", text[end:])
    if nxt is None:
        return False
    word = nxt.group(1)
    # the clause goes on after the name: its complement (أن …) or the rest of the subject
    return word == ":" or lex.has("stop", word) or cue_kind(word, lex) is None


# بحسب ما أفاد "…"، وفق ما نقلت "…": ما then a verb of saying (its object is ما itself)
_WHAT = frozenset(normalize(w) for w in ["ما", "حسبما", "بحسبما", "وفقما"])


def _source_after_ma(text: str, span: Span, lex: Lexicon) -> bool:
    """بحسب ما أفاد "المرصد الوطني للبيئة"، وفق ما نقلت "صوت المدينة": after ما and a
    verb of saying, ما is the verb's object, so a short span right after it is its subject,
    the source's name. A verb with its own object pronoun (ما وصفته "…"، ما اعتبرته "…")
    takes the quoted words as a second object and is left alone."""
    before = text[max(0, span.open_at - 40) : span.open_at].split()
    if len(before) < 2 or normalize(before[-2]) not in _WHAT:
        return False
    verb = before[-1]
    return cue_kind(verb, lex) in ("say", "verb") and not has_object_pronoun(verb, lex)


_NAME_GLUE = re.compile(r"[\s،,.و]+|\b\w{1,2}\.")  # commas, و, and د. / م. before a name


def _only_names(
    text: str, span: Span, found: Attribution, mentions: dict[str, list[tuple[int, int]]]
) -> bool:
    """وزير التعليم "د. عزام الدخيل"، المناطق "نجران، جازان، عسير": a short span made only of
    names the entities stage found (people, places, bodies) is a name in marks (rule 2).
    After a cue a person tag is not trusted: the tagger also takes short quoted predicates
    for names (وأشار المحاميان إلى أن موكليهما "شابان طائشان")."""
    if len(text[span.start : span.end].split()) > MAX_NAME_WORDS:
        return False
    if _covered(text, span, mentions["ORG"] + mentions["LOC"]):
        return True
    cue_before = found.cue is not None and found.cue[1] <= span.open_at
    return not cue_before and _covered(text, span, mentions["PERS"] + mentions["ORG"] + mentions["LOC"])


def _people_outside(text: str, spans: list[Span], persons: list[tuple[int, int]]) -> set[str]:
    """The people the entities stage found outside quote marks, each by its full mention
    and its last word (سالم العتيبي, العتيبي): a span that is only such a name is that
    person named in marks (وذكر "العتيبي"؛), even right after a cue, where the tagger's own
    person tag is not trusted (see :func:`_only_names`)."""
    out: set[str] = set()
    for a, b in persons:
        if any(s.open_at <= a < (s.close_at if s.close_at is not None else s.end) for s in spans):
            continue
        words = text[a:b].split()
        if len(words) >= 2:
            out |= {normalize(text[a:b]), normalize(words[-1])}
    return out


def _covered(text: str, span: Span, mentions: list[tuple[int, int]]) -> bool:
    """Whether the mentions cover the span's text but for commas, و and abbreviations."""
    inside = sorted(
        (max(s, span.start), min(e, span.end)) for s, e in mentions if s < span.end and e > span.start
    )
    if not inside:
        return False
    rest, pos = [], span.start
    for s, e in inside:
        rest.append(text[pos:s])
        pos = max(pos, e)
    rest.append(text[pos : span.end])
    return not _NAME_GLUE.sub("", "".join(rest))


def _unclitic(word: str) -> str:
    return word[1:] if len(word) > 3 and word[0] in "لبو" else word


def _has(lex: Lexicon, cls: str, word: str) -> bool:
    """Word class membership, also through a one-letter clitic (لصحيفة، وقناة)."""
    return lex.has(cls, word) or (len(word) > 3 and word[0] in "لبو" and lex.has(cls, word[1:]))


def _joined(text: str, dropped_end: int, span: Span) -> bool:
    """ "جيش الإسلام" و"أحرار الشام": a span joined by و to a dropped name is a name too."""
    return dropped_end >= 0 and text[dropped_end : span.open_at].strip() in ("و", "،", ",", "أو")


def _joined_before(text: str, span: Span, dropped_opens: set[int]) -> bool:
    """هما "الحركة من أجل السلام فى أزواد" و"مجموعة أمجاد …": a short span joined by و to a
    name dropped after it is a name too."""
    if span.close_at is None or len(text[span.start : span.end].split()) > LONG_SPAN_WORDS:
        return False
    gap = re.match(r"\s*(و|،|,|أو)\s*", text[span.close_at + 1 :])
    return gap is not None and span.close_at + 1 + gap.end() in dropped_opens


# A line this short with no full stop is a subheading, not a paragraph.
MAX_HEADING_WORDS = 8


def _in_heading(text: str, span: Span) -> bool:
    start = text.rfind("\n", 0, span.open_at) + 1
    end = text.find("\n", span.open_at)
    line = text[start : end if end >= 0 else len(text)]
    return len(line.split()) <= MAX_HEADING_WORDS and not re.search(r"[.!؟?]\s*$", line)


def _names_again(inner: str, dropped: set[str]) -> bool:
    """«المطبخ الإنتاجي» … في «المطبخ الانتاجي»، «ليالي دبي»: a short span that repeats a name
    dropped elsewhere in the article (or starts it) is that name again."""
    if len(inner.split()) > MAX_NAME_WORDS:
        return False
    return any(d == inner or d.startswith(inner + " ") for d in dropped)


def _followed_by_speech(text: str, span: Span) -> bool:
    """Whether a reporting clause's complement follows the span (… "رويترز" إن / : / أن)."""
    after = text[(span.close_at if span.close_at is not None else span.end) + 1 :][:12].strip()
    return after.startswith((":", "إن", "أن", "بأن")) or not after


# ----------------------------------------------------------------------------- stage


def _speaker(doc: Doc | None, nm: Naming | None, lex: Lexicon) -> Speaker | None:
    if nm is None:
        return None
    ref = referent(doc, nm, lex) if doc is not None else None
    if ref is not None:
        return ref
    end = _object_cut(doc, nm, lex) if doc is not None else nm.end
    ent = entity_at(doc, nm.start, end) if doc is not None else None
    name = nm.text[: end - nm.start]
    return Speaker(entity=ent.id if ent else None, name=name, start=nm.start, end=end)


def referent(doc: Doc, nm: Naming, lex: Lexicon) -> Speaker | None:
    """Whom a naming with no entity of its own refers to: a body by its head noun, or a person
    by the office the knowledge base gives them."""
    return body_referent(doc, nm, lex) or role_holder(doc, nm, lex)


def role_holder(doc: Doc, nm: Naming, lex: Lexicon) -> Speaker | None:
    """وقال الرئيس الأمريكي after لكن ترامب … قال: an office alone (no name in the naming, no
    entity there), when the article names exactly one person whose office in the knowledge
    base is the same, is that person; the reporter's elegant variation leans on what readers
    know. A former holder (الرئيس الأمريكي السابق، باراك أوباما; or one the KB, as of its own
    day, calls former) holds it no more, and an office said "former" is left alone: whom it
    means depends on the article's date."""
    words = nm.text.split()
    if not words or not lex.has("role", words[0]) or nm.words & FORMER:
        return None
    ent = entity_at(doc, nm.start, nm.end)
    if ent is not None and ent.type != "LOC":
        return None  # (the country of the office's nisba is no one's name)
    office = office_words(nm.text)
    holders = [
        e
        for e in doc.ann.entities
        if e.type == "PERS"
        and e.role
        and not name_words(e.role) & FORMER
        and office_words(e.role) == office
        and any(m.field == "body" for m in e.mentions)
    ]
    if len(holders) != 1:
        return None
    body = [m for m in holders[0].mentions if m.field == "body"]
    m = max((m for m in body if m.end <= nm.start), key=lambda m: m.start, default=body[0])
    return Speaker(entity=holders[0].id, name=doc.article.body[m.start : m.end], start=m.start, end=m.end)


def body_referent(doc: Doc, nm: Naming, lex: Lexicon) -> Speaker | None:
    """وقالت الوزارة … after ونشرت الخارجية الروسية: a body named by its head noun alone (no
    entity there) is the organisation mentioned last before it whose full entity name holds
    that noun (وزارة الخارجية الروسية), though its mention left the noun out."""
    words = nm.text.split()
    if len(words) != 1 or not definite(words[0]) or not lex.has("org", words[0]):
        return None
    if entity_at(doc, nm.start, nm.end) is not None:
        return None
    head = normalize(words[0]).removeprefix("و").removeprefix("ال")
    best: tuple[int, int, str] | None = None
    for e in doc.ann.entities:
        if e.type != "ORG" or head not in {normalize(w) for w in e.name.split()}:
            continue
        for m in e.mentions:
            if m.field == "body" and m.end <= nm.start and (best is None or m.start > best[0]):
                best = (m.start, m.end, e.id)
    if best is None:
        return None
    start, end, eid = best
    return Speaker(entity=eid, name=doc.article.body[start:end], start=start, end=end)


def _object_cut(doc: Doc, nm: Naming, lex: Lexicon) -> int:
    """وخاطب الوزير سيرغي لافروف لندن قائلا، حاول الرئيس بونغو توضيح ظهور ميسي قائلا: a phrase
    that runs on from a person's name into another entity (with at most plain words between:
    no comma, role, body or preposition, which would make it an apposition) has taken in the
    verb's object; the naming ends with the person's name."""
    mentions = [
        (m.start, m.end, e.id, e.type) for e in doc.ann.entities for m in e.mentions if m.field == "body"
    ]
    inside = sorted(m for m in mentions if nm.start <= m[0] and m[1] <= nm.end)
    person = next((m for m in inside if m[3] == "PERS"), None)
    if person is None or inside[-1][1] != nm.end or inside[-1][2] == person[2]:
        return nm.end
    last = inside[-1]
    cut = max(m[1] for m in inside if m[2] == person[2] and m[1] <= last[0]) if person[1] <= last[0] else 0
    between = doc.article.body[cut : last[0]] if cut else ","
    words = between.split()
    if re.search("[،,]", between) or (last[3] != "LOC" and not words):
        return nm.end
    classes = ("role", "org", "group", "media", "stop", "prep", "adj")
    if any(nisba(w) or any(lex.has(c, w) for c in classes) for w in words):
        return nm.end
    return cut


Coref = tuple[tuple[tuple[int, int], ...], ...]
Places = tuple[tuple[int, int], ...]
_LAST: list[tuple[str, Lexicon, Coref, Places, tuple[list[Span], dict[int, Attribution], Attributor]]] = []


def coref_groups(doc: Doc | None) -> Coref:
    """Body mentions of each person or organisation the ``entities`` stage found: the speaker
    finder takes a known name as a verb's subject (وأعلنت اليونسكو أن) and looks at all the
    mentions of one entity for its fullest naming (rule 5)."""
    if doc is None:
        return ()
    groups = []
    for e in doc.ann.entities:
        spans = tuple(sorted((m.start, m.end) for m in e.mentions if m.field == "body"))
        if e.type in ("PERS", "ORG") and spans:
            groups.append(spans)
    return tuple(groups)


def place_spans(doc: Doc | None) -> Places:
    """Body mentions of the places the ``entities`` stage found: a state or capital right
    after a verb of saying speaks for its government (guideline rule 7: ووصفت الكويت،
    وقالت الولايات المتحدة)."""
    if doc is None:
        return ()
    return tuple(
        sorted(
            (m.start, m.end)
            for e in doc.ann.entities
            if e.type == "LOC"
            for m in e.mentions
            if m.field == "body"
        )
    )


def attribute_document(
    text: str, lex: Lexicon, coref: Coref = (), places: Places = ()
) -> tuple[list[Span], dict[int, Attribution], Attributor]:
    """Quote spans of ``text`` and the attribution of every quote and reported clause,
    computed in text order. The ``claims`` stage asks again for the same body right after
    the ``quotes`` stage, so the last result is kept (one entry; it is read-only)."""
    last = _LAST[0] if _LAST else None  # one read: another thread may replace the entry
    if last is not None and last[0] == text and last[1] is lex and last[2] == coref and last[3] == places:
        return last[4]
    result = _attribute(text, lex, coref, places)
    _LAST[:] = [(text, lex, coref, places, result)]
    return result


def _attribute(
    text: str, lex: Lexicon, coref: Coref, places: Places
) -> tuple[list[Span], dict[int, Attribution], Attributor]:
    spans = find_spans(text, lex)
    attr = Attributor(text, masked_text(text, spans), lex, coref, places)
    anchors = sorted(
        {s.open_at for s in spans} | {a for a, _ in reporting_anchors(attr)} | set(cue_anchors(attr))
    )
    return spans, {a: attr.attribute(a) for a in anchors}, attr


@stage("quotes")
class QuoteExtractor:
    """Finds direct quotes in ``doc.article.body`` with cue and speaker."""

    version = "quotes-rules-14"

    def __init__(self, lexicon: Lexicon | None = None):
        self.lex = lexicon or load_lexicon()

    @classmethod
    def from_disk(cls) -> QuoteExtractor:
        return cls(load_lexicon())

    def extract(self, text: str, doc: Doc | None = None) -> list[Quote]:
        """Quotes of ``text``; ``doc`` (whose body is ``text``) supplies entities for linking."""
        entities = doc.ann.entities if doc is not None else []
        # organisations and places in marks are names; MISC is left out because the tagger
        # also gives it to quoted phrases ("نزلة معوية حادة")
        names = {normalize(m.text) for e in entities if e.type in ("ORG", "LOC") for m in e.mentions}
        mentions = {
            t: [(m.start, m.end) for e in entities if e.type == t for m in e.mentions if m.field == "body"]
            for t in ("PERS", "ORG", "LOC")
        }
        spans, found, _ = attribute_document(text, self.lex, coref_groups(doc), place_spans(doc))
        people = _people_outside(text, spans, mentions["PERS"])
        kept: list[Span] = []
        dropped: set[str] = set()
        dropped_opens: set[int] = set()
        dropped_end = -1
        for span in spans:
            joined = (
                _joined(text, dropped_end, span)
                or _only_names(text, span, found[span.open_at], mentions)
                or normalize(text[span.start : span.end]) in people
            )
            if joined or not is_quote(text, span, found[span.open_at], names, self.lex):
                dropped_end = (span.close_at + 1) if span.close_at is not None else span.end
                dropped_opens.add(span.open_at)
                if not _in_heading(text, span):  # a subheading (إدلب قد "تنسف" التعاون) may
                    dropped.add(normalize(text[span.start : span.end]))  # repeat a quote
                continue
            kept.append(span)
        quotes: list[Quote] = []
        dropped_end = -1
        for span in kept:
            if (
                _names_again(normalize(text[span.start : span.end]), dropped)
                or _joined(text, dropped_end, span)
                or _joined_before(text, span, dropped_opens)
            ):
                # «ذي دايلي مايل» و«دايلي تلغراف»: a name, and what is joined to it
                dropped_end = (span.close_at + 1) if span.close_at is not None else span.end
                continue
            att = found[span.open_at]
            quotes.append(
                Quote(
                    text=text[span.start : span.end],
                    start=span.start,
                    end=span.end,
                    speaker=_speaker(doc, att.speaker, self.lex),
                    cue=text[att.cue[0] : att.cue[1]] if att.cue else None,
                    continuation=att.continuation,
                )
            )
        return quotes

    def __call__(self, doc: Doc) -> Doc:
        doc.ann.quotes = self.extract(doc.article.body, doc)
        return doc
