"""Stage "entities": recognise, resolve and link the people, organisations and places named.

Per article (title and body, each with its own offsets), four sources of mentions:

1. **KB names** — longest match of normalised word n-grams against the knowledge base
   (:mod:`marsad.nlp.kb`), with attached clitics peeled off the first word (و ف ب ل ك, and
   ال which the key ignores): "لروسيا" gives the mention "روسيا", "بالكرملين" gives "الكرملين".
2. **Nisba adjectives** — "القوات الروسية" is a mention of Russia on "الروسية"; the nisba
   pass also runs inside longer names ("وزارة الخارجية الأميركية" names the ministry *and*
   the United States, as the aggregator's own tags count it).
3. **NER spans** from the trained model (:mod:`marsad.nlp.ner`): a span the KB knows is linked
   (weak KB aliases — names that are also everyday words — link only here); any other span
   becomes a new entity whose id hashes its normalised name, so the same name merges across
   articles. A و glued to a person's first name is the conjunction (وحسن الخطيب; وليد is a
   name: ``kb/first_names.txt``).
4. **Titles** — "الرئيس الروسي فلاديمير بوتين": the title phrase before a person becomes the
   person's role (and gives a country when it carries a nisba).

Then resolution over the whole article: a name several entities share ("جمهورية كوريا",
"كوريا", two cities called طرابلس) goes to the candidate the rest of the article is about —
the one whose own mentions, and its country's, dominate — so "جمهورية كوريا" inside Putin's
thanks to North Korean troops is North Korea. A bare surname (بوتين) joins the person whose
full name ends with it (برودبنت, "بن برودبنت"; not سلمان, "محمد بن سلمان").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import lru_cache
from typing import Any, Protocol

from ..errors import ResourceError
from ..model import Doc, Entity, Mention, short_hash
from ..pipeline import stage
from ..text.tokens import NAME_HYPHENS, Token, tokenize
from .kb import (
    KB,
    KB_DIR,
    MAX_WORDS,
    Index,
    KBEntry,
    fold_word,
    has_article,
    load_kb,
    name_key,
    read_lines,
    skeleton,
    surname_key,
    vowelless,
)

VERSION = "kb-link-3"  # 2: bare surnames of people named in full, found where the tagger missed them;
# 3: no entity runs over a complementiser (ner.outside_clause_words)

# Words that may sit between a title and the name it introduces, besides nisbas and KB names:
# "المتحدث باسم الكرملين", "الرئيس الروسي السابق". Folded keys.
_ROLE_GLUE = {fold_word(w) for w in ("باسم", "السابق", "الأسبق", "العام", "الأعلى", "الخاص")}
# How many words a role phrase may add after its title ("رئيس أركان الجيش الروسي").
MAX_ROLE_WORDS = 5
_TYPES = {"PERS", "ORG", "LOC", "MISC"}


class NerLike(Protocol):
    version: str

    def spans(self, text: str) -> list[tuple[int, int, str]]: ...


@dataclass
class _Cand:
    """One mention before resolution: where, which entities it may be, and how it was found."""

    start: int
    end: int
    field: str
    ids: tuple[str, ...]  # KB ids (or one "new:" id), default first
    kind: str  # "name" | "nisba" | "ner"
    etype: str = ""
    surface: str = ""


@dataclass
class _Text:
    """A field's text with its word tokens, their keys and their clitic-stripped variants."""

    text: str
    field: str
    toks: list[Token] = dc_field(default_factory=list)
    keys: list[str] = dc_field(default_factory=list)
    is_word: list[bool] = dc_field(default_factory=list)
    variants: list[tuple[tuple[int, str, bool], ...]] = dc_field(default_factory=list)
    vkeys: list[str] = dc_field(default_factory=list)
    firsts: list[tuple[str, ...]] = dc_field(default_factory=list)
    vfirsts: list[tuple[str, ...]] = dc_field(default_factory=list)

    def __post_init__(self) -> None:
        self.toks = tokenize(self.text)
        infos = [_word_info(tok.text) for tok in self.toks]
        self.keys = [x[0] for x in infos]
        self.is_word = [x[1] for x in infos]
        self.variants = [x[2] for x in infos]
        self.firsts = [x[3] for x in infos]
        self.vkeys = [x[4] for x in infos]
        self.vfirsts = [x[5] for x in infos]

    def joined(self, i: int) -> bool:
        """Whether token ``i`` follows token ``i-1`` with only spaces between (same phrase)."""
        gap = self.text[self.toks[i - 1].end : self.toks[i].start]
        return self.is_word[i] and gap.isspace() and "\n" not in gap


_WordInfo = tuple[str, bool, tuple[tuple[int, str, bool], ...], tuple[str, ...], str, tuple[str, ...]]


@lru_cache(maxsize=200_000)
def _word_info(word: str) -> _WordInfo:
    """Everything the matcher needs about one token, computed once per distinct word: key,
    is-a-word, clitic variants, their keys, and the vowelless forms for the skeleton index."""
    key = fold_word(word)
    if not word[:1].isalnum():
        return key, False, (), (), key, ()
    variants = clitic_variants(word)
    firsts = tuple(k for _, k, _ in variants)
    return key, True, variants, firsts, vowelless(key), tuple(vowelless(k) for k in firsts)


@lru_cache(maxsize=200_000)
def clitic_variants(word: str) -> tuple[tuple[int, str, bool], ...]:
    """(characters peeled off the front, key of the rest, whether the rest has the article)
    for a word, unpeeled first.

    Proclitics: an optional و/ف, then an optional ب/ل/ك. The article ال stays in the mention
    (it is part of "الكرملين") but the key ignores it. "لل" is ل + ال with the alef elided, so
    "للكرملين" is looked up as "الكرملين" and its mention is "كرملين".
    """
    out = [(0, fold_word(word), has_article(word))]
    starts: list[int] = []
    if word[:1] in "وف":
        starts.append(1)
    for base in [0, 1] if word[:1] in "وف" else [0]:
        if word[base : base + 1] in ("ب", "ل", "ك"):
            starts.append(base + 1)
    for p in starts:
        while word[p : p + 1] == "ـ":  # "بـ" written with tatweel
            p += 1
        rest = word[p:]
        if rest[:1] == "ل" and word[p - 1] == "ل" and len(rest) > 3:
            out.append((p + 1, fold_word("ا" + rest), True))
        if len(key := fold_word(rest)) >= 3:
            out.append((p, key, has_article(rest)))
    return tuple(out)


def _longest(index: Index, t: _Text, i: int, skel: bool = False) -> tuple[int, int, str] | None:
    """Longest alias of ``index`` starting at token ``i``: (words, chars peeled, key)."""
    variants = t.variants[i]
    if not variants:
        return None
    keys, prefixes = index.keys, index.prefixes
    nexts = t.vkeys if skel else t.keys
    best: tuple[int, int, str] | None = None
    for peel, first, article in variants:
        key = vowelless(first) if skel else first
        if key not in prefixes and key not in keys:
            continue
        j = i
        shortest = len(first)
        while True:
            n = j - i + 1
            if key in keys and (best is None or n > best[0]) and index.accepts(key, article, n, shortest):
                best = (n, peel, key)
            if key not in prefixes:
                break
            j += 1
            if j >= len(nexts) or j - i >= MAX_WORDS or not t.joined(j):
                break
            key += nexts[j]
            shortest = min(shortest, len(t.keys[j]))
    return best


def _scan(index: Index, t: _Text, *, skel: bool = False) -> Iterable[tuple[int, int, int, str]]:
    """Greedy left-to-right longest matches: (first token, token count, chars peeled, key)."""
    starts = index.starts
    firsts = t.vfirsts if skel else t.firsts
    i = 0
    n = len(t.toks)
    while i < n:
        # Most words start no alias at all: one set test per variant before the full search.
        if starts.isdisjoint(firsts[i]):
            i += 1
            continue
        m = _longest(index, t, i, skel)
        if m is None:
            i += 1
            continue
        yield i, m[0], m[1], m[2]
        i += m[0]


class EntityLinker:
    """The "entities" stage. Build it with :meth:`from_disk` (KB + the shipped NER model)."""

    def __init__(self, kb: KB, ner: NerLike | None):
        self.kb = kb
        self.ner = ner
        self.version = f"{VERSION}+kb{len(kb)}" + (f"+ner:{ner.version}" if ner is not None else "+no-ner")

    @classmethod
    def from_disk(cls) -> EntityLinker:
        """KB and NER model; raises ResourceError if either fails to load (no silent fallback)."""
        try:
            from .ner import load_default
        except ImportError as exc:  # the NER module itself is part of the package
            raise ResourceError(f"NER module failed to import: {exc}") from exc
        return cls(load_kb(), load_default())

    # ------------------------------------------------------------------ mentions

    def _kb_mentions(self, t: _Text) -> list[_Cand]:
        out: list[_Cand] = []
        covered: set[int] = set()
        # Words inside a title are not names: "وزير الخارجية الأمريكي" is a person's title, not
        # the State Department ("الخارجية الأمريكية").
        titles = {k for i, n, _, _ in _scan(self.kb.titles, t) if n > 1 for k in range(i, i + n)}
        for i, n, peel, key in _scan(self.kb.names, t):
            ids = self.kb.ambiguous.get(key) or self.kb.names.keys[key]
            if not self._plausible(t, i, n, peel, ids) or titles.intersection(range(i, i + n)):
                continue
            out.append(self._cand(t, i, n, peel, ids, "name"))
            covered.update(range(i, i + n))
        # Looser skeleton matches for the words no exact alias took (غيراسيموف, ديمتري).
        for i, n, peel, key in _scan(self.kb.skeletons, t, skel=True):
            ids = self.kb.skeletons.keys[key]
            if not (covered | titles).intersection(range(i, i + n)) and self._plausible(t, i, n, peel, ids):
                out.append(self._cand(t, i, n, peel, ids, "name"))
        return out

    def _nisba_mentions(self, t: _Text) -> list[_Cand]:
        # A nisba ends in ي/ية, never in ى: "اليمنى" (right-hand) folds like "اليمني" (Yemeni).
        return [
            self._cand(t, i, n, peel, tuple(f"kb:{iso}" for iso in self.kb.nisba.keys[key]), "nisba")
            for i, n, peel, key in _scan(self.kb.nisba, t)
            if not t.toks[i + n - 1].text.endswith("ى")
        ]

    def _plausible(self, t: _Text, i: int, n: int, peel: int, ids: Sequence[str]) -> bool:
        """One-word matches that are likelier words than names. Found by peeling a clitic: refused
        when the whole word is an everyday word ("فرانس" (برس) is not ف + رانس, Reims) or the rest
        is short and names only a minor gazetteer place ("بدأوا" is not ب + دأوا, Dawa)."""
        if n > 1 or any(_priority(e) <= 1 for e in ids):
            return True  # countries and curated actors: "لروسيا" is common *because* it is Russia
        if not peel:
            # "وأدان" (and condemned) spells Ouadane too: a minor place that is also clitic +
            # everyday word is read as the words.
            return not any(k in self.kb.frequent for p, k, _ in t.variants[i] if p)
        if t.keys[i] in self.kb.frequent:
            return False
        return len(t.variants[i][-1][1]) >= 5 or any(_priority(e) <= 2 for e in ids)

    def _cand(self, t: _Text, i: int, n: int, peel: int, ids: Sequence[str], kind: str) -> _Cand:
        start = t.toks[i].start + peel
        end = t.toks[i + n - 1].end
        first = self.kb.entries.get(ids[0]) if ids else None
        etype = "LOC" if kind == "nisba" else (first.type if first else "MISC")
        return _Cand(start, end, t.field, tuple(ids), kind, etype, t.text[start:end])

    def _ner_mentions(self, t: _Text, kb_cands: Sequence[_Cand], vocab: set[str]) -> list[_Cand]:
        if self.ner is None or not t.text.strip():
            return []
        out: list[_Cand] = []
        last_end = -1
        # Longest first at each start; a span overlapping an accepted one is dropped.
        for s, e, label in join_hyphenated(t.text, self.ner.spans(t.text)):
            if label not in _TYPES or s < last_end or e <= s:
                continue
            last_end = e
            inside = [c for c in kb_cands if c.kind == "name" and c.start < e and s < c.end]
            # The KB already names these characters: its match is the more specific one. Only a
            # longer name of another type around KB names is added, nested, and the KB mentions
            # stay ("جامعة موسكو" around Moscow): a wrong NER boundary never unlinks a KB name.
            if inside and not all(s <= c.start and c.end <= e and c.etype != label for c in inside):
                continue
            cand = self._link_span(t, s, e, label, vocab)
            if cand is not None:
                out.append(cand)
        return out

    def _link_span(self, t: _Text, s: int, e: int, label: str, vocab: set[str]) -> _Cand | None:
        """An NER span as a mention: a KB entity (weak aliases allowed) or a new entity."""
        sub = _Text(t.text[s:e], t.field)
        if not sub.toks:
            return None
        peel = 0
        best: tuple[int, Index, str] | None = None
        for index in (self.kb.names, self.kb.weak, self.kb.nisba, self.kb.titles):
            m = _longest(index, sub, 0)
            if m is not None and m[0] == len(sub.toks):
                best = (m[1], index, m[2])
                break
        firsts = self.kb.first_names if label == "PERS" else frozenset()
        if best is not None:
            peel, index, key = best
            if index is self.kb.nisba or index is self.kb.titles:
                return None  # an adjective or a title, not a name: the other passes handle it
            ids = self.kb.ambiguous.get(key) or index.keys[key]
            # "بوزو" tagged as a name is not ب + وزو (a village in the gazetteer) unless the
            # article confirms the split or the entity is a major one.
            if not peel or any(_priority(i) <= 1 for i in ids) or _peel_new(sub.toks[0].text, vocab, firsts):
                return _Cand(s + peel, e, t.field, tuple(ids), "ner", label, t.text[s + peel : e])
        peel = _peel_new(sub.toks[0].text, vocab, firsts)
        surface = t.text[s + peel : e]
        key = name_key(surface)
        if len(key) < 2 or (len(sub.toks) == 1 and key in self.kb.frequent):
            return None  # one everyday word ("حزب") is a tagging slip, not a new entity
        return _Cand(s + peel, e, t.field, (f"new:{short_hash(key)}",), "ner", label, surface)

    # ------------------------------------------------------------------ roles

    def _roles(self, t: _Text, cands: list[_Cand]) -> dict[int, tuple[str, str | None]]:
        """Person mention start → (role phrase, country ISO3 the phrase names)."""
        token_cands: dict[int, list[_Cand]] = defaultdict(list)
        k = 0
        for c in sorted(cands, key=lambda c: c.start):
            while k < len(t.toks) and t.toks[k].end <= c.start:
                k += 1
            j = k
            while j < len(t.toks) and t.toks[j].start < c.end:
                token_cands[j].append(c)
                j += 1
        roles: dict[int, tuple[str, str | None]] = {}
        for i, n, peel, _key in _scan(self.kb.titles, t):
            j, country = self._extend_role(t, i + n, token_cands)
            end_role = t.toks[j - 1].end
            if j < len(t.toks) and t.toks[j].text in ("،", ","):
                j += 1
            person = _person_at(token_cands, j)
            if person is None or "\n" in t.text[end_role : person.start]:
                continue
            roles.setdefault(person.start, (t.text[t.toks[i].start + peel : end_role], country))
        return roles

    def _extend_role(self, t: _Text, j: int, token_cands: dict[int, list[_Cand]]) -> tuple[int, str | None]:
        """Words after a title that still belong to the role ("رئيس أركان | الجيش الروسي")."""
        first, country = j, None
        while j < len(t.toks) and j - first < MAX_ROLE_WORDS and t.is_word[j] and t.joined(j):
            glue = token_cands.get(j, [])
            if _person_at(token_cands, j) is not None:
                break
            if not (glue or t.keys[j] in _ROLE_GLUE or t.toks[j].text.startswith(("ال", "وال"))):
                break
            for c in glue:
                if country is None and c.etype in ("LOC", "ORG"):
                    country = self._country_of(c.ids[0])
            j += 1
        return j, country

    def _country_of(self, entity_id: str) -> str | None:
        e = self.kb.entries.get(entity_id)
        return e.country if e else None

    # ------------------------------------------------------------------ resolution

    def __call__(self, doc: Doc) -> Doc:
        doc.ann.entities = self.link(doc.article.title, doc.article.body)
        return doc

    def link(self, title: str, body: str) -> list[Entity]:
        cands: list[_Cand] = []
        roles: dict[tuple[str, int], tuple[str, str | None]] = {}
        texts = [_Text(text, fld) for fld, text in (("title", title), ("body", body)) if text]
        vocab = {k for t in texts for k, w in zip(t.keys, t.is_word, strict=True) if w}
        for t in texts:
            fld = t.field
            names = self._kb_mentions(t)
            ner = self._ner_mentions(t, names, vocab)
            nisba = [c for c in self._nisba_mentions(t) if not _overlaps_any(c, names, same_ids=True)]
            here = names + ner + nisba
            cands.extend(here)
            for start, role in self._roles(t, here).items():
                roles[(fld, start)] = role
        chosen = self._resolve(cands)
        chosen = self._corefer_surnames(cands, chosen)
        family = self._family_name_mentions(texts, cands, chosen)
        cands += family
        chosen += [c.ids[0] for c in family]
        return self._entities(cands, chosen, roles)

    def _resolve(self, cands: list[_Cand]) -> list[str]:
        """One id per candidate: ambiguous names go to what the article is about."""
        support: Counter[str] = Counter()
        for c in cands:
            if len(c.ids) == 1:
                support[c.ids[0]] += 1
                country = self._country_of(c.ids[0])
                if country and f"kb:{country}" != c.ids[0]:
                    support[f"kb:{country}"] += 1
        out = []
        for c in cands:
            if len(c.ids) == 1:
                out.append(c.ids[0])
                continue
            scored = []
            for rank, eid in enumerate(c.ids):
                country = self._country_of(eid)
                own = support[eid] + (support[f"kb:{country}"] if country and f"kb:{country}" != eid else 0)
                scored.append((-own, _priority(eid), rank, eid))
            out.append(min(scored)[3])
        return out

    def _corefer_surnames(self, cands: list[_Cand], chosen: list[str]) -> list[str]:
        """A one-word person mention joins the person named in full in the same article whose
        name ends with it: "بوتين" → "فلاديمير بوتين"; "الحريري" → whichever Hariri the article
        named in full, even where the KB's own guess for the surname was another one."""
        full: dict[str, str] = {}
        for c, eid in zip(cands, chosen, strict=True):
            if c.etype == "PERS" and (last := surname_key(c.surface)):
                full.setdefault(last, eid)
                if sk := skeleton(last):
                    full.setdefault("~" + sk, eid)
        out = []
        for c, eid in zip(cands, chosen, strict=True):
            words = c.surface.split()
            if c.etype == "PERS" and len(words) == 1:
                key = fold_word(words[0])
                sk = skeleton(key)
                eid = full.get(key) or (full.get("~" + sk) if sk else None) or eid
            out.append(eid)
        return out

    def _family_name_mentions(self, texts: list[_Text], cands: list[_Cand], chosen: list[str]) -> list[_Cand]:
        """Bare family names of people the article has named in full, where neither the KB nor
        the tagger found them: "كيم" after "كيم جونغ أون" (family name first: the last-word
        rule cannot find it, and a bare "كيم" is nobody to the KB), "مارادونا" after "دييجو
        مارادونا" (a tagger misses a bare surname far more often than a full name). A last word
        that is also a given name (حسن، صالح) is left alone: it may be someone else; a family
        name with its article (العثيمين) is no given name, whatever the name lists say."""
        keys: dict[str, str] = {}
        firsts = family_name_first()
        for c, eid in zip(cands, chosen, strict=True):
            words = c.surface.split()
            if c.etype != "PERS" or len(words) < 2:
                continue
            entry = self.kb.entries.get(eid)
            if entry is not None and entry.country in firsts and len(key := fold_word(words[0])) >= 2:
                keys.setdefault(key, eid)
            last = surname_key(c.surface)
            family = has_article(words[-1]) or last not in self.kb.first_names
            if last is not None and len(last) >= 4 and family:
                keys.setdefault(last, eid)
        if not keys:
            return []
        taken = {(c.field, k) for c in cands for k in range(c.start, c.end)}
        out: list[_Cand] = []
        for t in texts:
            for i, tok in enumerate(t.toks):
                if (t.field, tok.end - 1) in taken:
                    continue
                for peel, key, _ in t.variants[i]:
                    if key in keys:
                        start = tok.start + peel
                        out.append(
                            _Cand(
                                start, tok.end, t.field, (keys[key],), "name", "PERS", t.text[start : tok.end]
                            )
                        )
                        break
        return out

    def _entities(
        self, cands: list[_Cand], chosen: list[str], roles: dict[tuple[str, int], tuple[str, str | None]]
    ) -> list[Entity]:
        groups: dict[str, list[_Cand]] = defaultdict(list)
        for c, eid in zip(cands, chosen, strict=True):
            groups[eid].append(c)
        entities = []
        for eid, cs in groups.items():
            cs.sort(key=lambda c: (c.field != "title", c.start))
            mentions = _dedupe(Mention(start=c.start, end=c.end, text=c.surface, field=c.field) for c in cs)  # type: ignore[arg-type]
            kb_entry = self.kb.entries.get(eid)
            role_here = next((roles[(c.field, c.start)] for c in cs if (c.field, c.start) in roles), None)
            entities.append(_entity(eid, kb_entry, cs, mentions, role_here))
        entities.sort(key=lambda e: (e.mentions[0].field != "title", e.mentions[0].start))
        return entities


@lru_cache(maxsize=1)
def family_name_first() -> frozenset[str]:
    """ISO3 codes of the countries whose names put the family name first (language data)."""
    return frozenset(read_lines(KB_DIR / "family_name_first.txt"))


def _person_at(token_cands: dict[int, list[_Cand]], j: int) -> _Cand | None:
    return next((c for c in token_cands.get(j, []) if c.etype == "PERS" and c.kind != "nisba"), None)


def _entity(
    eid: str,
    kb_entry: KBEntry | None,
    cs: list[_Cand],
    mentions: list[Mention],
    role: tuple[str, str | None] | None,
) -> Entity:
    if kb_entry is not None:
        return Entity(
            id=eid,
            name=kb_entry.name,
            name_en=kb_entry.name_en,
            type=kb_entry.type,  # type: ignore[arg-type]
            country=kb_entry.country or (role[1] if role else None),
            role=role[0]
            if role
            else (kb_entry.role if kb_entry.role not in ("country", "city", "capital") else None),
            mentions=mentions,
        )
    longest = max((c for c in cs if c.kind == "ner"), key=lambda c: len(c.surface), default=cs[0])
    types = Counter(c.etype for c in cs if c.etype in _TYPES)
    return Entity(
        id=eid,
        name=longest.surface,
        type=types.most_common(1)[0][0] if types else "MISC",  # type: ignore[arg-type]
        country=role[1] if role else None,
        role=role[0] if role else None,
        mentions=mentions,
    )


def join_hyphenated(text: str, spans: Iterable[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """NER spans sorted longest first at each start, with two spans of one type joined by a
    bare hyphen made one: the tokenizer splits زيرنيكا-جوتس and جان-لوك at the hyphen, which
    the tagger reads as O, so a double-barrelled name came out as two entities and a later
    mention of the whole name matched neither."""
    out: list[tuple[int, int, str]] = []
    for s, e, label in sorted(spans, key=lambda x: (x[0], -x[1])):
        if out:
            ps, pe, pl = out[-1]
            if pl == label and s == pe + 1 and text[pe] in NAME_HYPHENS:
                out[-1] = (ps, e, label)
                continue
        out.append((s, e, label))
    return out


def _priority(eid: str) -> int:
    """Tie-break among candidates the article does not decide: countries and curated actors
    before capitals and cities, those before gazetteer-only entries."""
    if eid.startswith("kb:") and len(eid) == 6 and eid[3:].isupper():
        return 0
    if eid.startswith("kb:geo-"):
        return 2
    if eid.startswith("kb:ar-"):
        return 3
    return 1


def _peel_new(word: str, vocab: set[str], first_names: frozenset[str] = frozenset()) -> int:
    """Clitics to peel off a name the KB does not know. Sure before ال ("والمجلس" → "المجلس");
    otherwise only when the article also writes the rest as a word of its own ("لماكرون" where
    "ماكرون" occurs too), because a bare و/ب/ل may begin the name itself (وليد، بشار، لبيد).

    ``first_names`` is given for a person's span: a و before a first name is the conjunction
    (وحسن الخطيب, named once), and a first name that begins with و keeps it (وليد، وائل)."""
    for peel, key, article in clitic_variants(word)[1:]:
        conjunction = (
            peel == 1 and word[0] == "و" and key in first_names and fold_word(word) not in first_names
        )
        if article or key in vocab or conjunction:
            while peel < len(word) and word[peel] in _HARAKAT:
                peel += 1  # وَأَيُّوب: the clitic's vowel goes with it
            return peel
    return 0


_HARAKAT = frozenset("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652")


def _overlaps_any(c: _Cand, others: list[_Cand], *, same_ids: bool) -> bool:
    """A nisba mention is dropped where a name of the same entity already covers it ("الروس")."""
    return any(
        o.start < c.end and c.start < o.end and (not same_ids or set(o.ids) & set(c.ids)) for o in others
    )


def _dedupe(mentions: Iterable[Mention]) -> list[Mention]:
    seen: set[tuple[str, int, int]] = set()
    out = []
    for m in mentions:
        k = (m.field, m.start, m.end)
        if k not in seen:
            seen.add(k)
            out.append(m)
    return out


_DEFAULT: EntityLinker | None = None


def annotate_entities(doc: Doc, linker: EntityLinker | None = None) -> Doc:
    """Fill ``doc.ann.entities`` outside a pipeline (loads the KB and NER model once)."""
    global _DEFAULT
    if linker is None:
        if _DEFAULT is None:
            _DEFAULT = EntityLinker.from_disk()
        linker = _DEFAULT
    doc = linker(doc)
    doc.ann.versions["entities"] = linker.version
    return doc


@stage("entities")
def _factory() -> Any:
    return EntityLinker.from_disk()
