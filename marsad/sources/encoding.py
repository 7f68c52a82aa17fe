"""Bytes to text for pages and text files whose encoding may be unstated.

Order of evidence, strongest first: a byte-order mark; bytes that decode as
strict UTF-8 (legacy Arabic encodings practically never do, so this beats even a
declared charset that contradicts it); the charset the server or the page
declares; then, for undeclared legacy pages, the Arabic test — decoded as
windows-1256, are the non-ASCII characters Arabic letters? — because
charset_normalizer alone often reads short cp1256 Arabic as a Cyrillic or Latin
code page; charset_normalizer for everything else.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_META_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Share of the non-ASCII characters that must be Arabic for cp1256 to be believed.
# Windows-1256 maps 0xC0-0xFF mostly to Arabic letters but keeps French accented
# letters (é, è, à, ç …) where latin-1 has them, so French latin-1 text decodes to
# well under half Arabic and falls through to charset_normalizer.
ARABIC_SHARE = 0.7
SNIFF_BYTES = 200_000
# Replacement characters tolerated, as a share of non-ASCII characters, before a
# page stops counting as UTF-8 with a few damaged bytes.
MAX_BAD_UTF8 = 0.05
# Code pages by how common they are on the web (W3Techs), for breaking ties.
WEB_COMMON = ("cp1252", "cp1256", "cp1251", "iso8859-15", "cp1250", "iso8859-2")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def meta_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (``<meta charset>`` or http-equiv)."""
    m = _META_CHARSET_RE.search(data[:4096])
    return _codec(m.group(1).decode("ascii", "ignore")) if m else None


def arabic_share(text: str) -> float:
    non_ascii = [c for c in text if ord(c) > 127 and not c.isspace()]
    if not non_ascii:
        return 0.0
    return sum(1 for c in non_ascii if "\u0600" <= c <= "\u06ff") / len(non_ascii)


def _mostly_utf8(sample: bytes) -> bool:
    """UTF-8 with a few damaged bytes (a cut multi-byte character, one stray latin-1
    byte). Checked before the Arabic test, which such a page would otherwise pass:
    UTF-8 Arabic read as cp1256 is a run of ط and ظ."""
    text = sample.decode("utf-8", errors="replace")
    non_ascii = sum(1 for c in text if ord(c) > 127)
    return non_ascii > 0 and text.count("\ufffd") <= 2 + MAX_BAD_UTF8 * non_ascii


def decode(data: bytes, *, declared: str | None = None, html: bool = False) -> tuple[str, str]:
    """``(text, encoding used)``. ``declared``: the HTTP charset, if any; ``html``:
    also look for a ``<meta charset>``."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), name
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    for candidate in (_codec(declared), meta_charset(data) if html else None):
        if candidate and candidate != "utf-8":
            try:
                return data.decode(candidate), candidate
            except UnicodeDecodeError:
                continue
    sample = data[:SNIFF_BYTES]
    if _mostly_utf8(sample):
        return data.decode("utf-8", errors="replace"), "utf-8"
    if arabic_share(sample.decode("cp1256", errors="replace")) >= ARABIC_SHARE:
        return data.decode("cp1256", errors="replace"), "cp1256"
    name = _guess(sample) or "cp1252"
    return data.decode(name, errors="replace"), name


def _guess(sample: bytes) -> str | None:
    """charset_normalizer's best guess; among equally good guesses, the code page the
    web uses most (short latin-1 text fits cp1250, cp1252 and cp1257 equally well)."""
    matches = from_bytes(sample)
    best = matches.best()
    if best is None:
        return None
    tied = [_codec(m.encoding) for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    for preferred in WEB_COMMON:
        if preferred in tied:
            return preferred
    return _codec(best.encoding)
