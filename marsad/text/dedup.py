"""Duplicate detection at ingest (stage ``dedup``).

Three tests, cheapest first; the first that fires sets ``duplicate_of`` to the
article seen *first*, and the copy is still stored (analysts want to see who
syndicated what):

1. exact — the normalised-content hash (:func:`marsad.text.stages.content_hash`);
2. canonical URL — the same page reached through tracking parameters, ``www.``,
   ``http``/``https``, ``amp`` paths or a trailing slash;
3. near-duplicate — MinHash over word 5-shingles of the normalised body, found with
   an LSH index (datasketch) at Jaccard ≥ :data:`NEAR_DUP_THRESHOLD`. Wire copies
   that differ in a dateline, a byline or a closing line land here.

The stage keeps its own in-memory view of what this run has seen, so copies
inside one batch (not yet written) are found too; at ``bind(store)`` it loads the
hashes, URLs and signatures already stored, so a resumed or repeated ingest agrees
with the first.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

import numpy as np

from ..model import Doc
from ..pipeline import stage
from .normalize import normalize
from .stages import content_hash
from .urls import canonical_url

# 64 permutations, with each LSH candidate checked on its signature estimate, flag the
# same ANT copies as 128 did, and ingest runs ~15% faster (bench/ingest.py, 6k articles).
NUM_PERM = 64
# crc32 is the 32-bit shingle hash: C speed, and uniform enough for MinHash on
# word 5-grams (datasketch's default sha1 wrapper was 1/4 of the dedup stage).
# Stored signatures must be read back with the scheme that made them (datasketch 2).
SCHEME = "affine32"
SHINGLE = 5
# 0.8 Jaccard on 5-shingles: wire copies of one story (dateline/byline edits) score
# above 0.85, while two outlets' own reports of one event rarely pass 0.3.
NEAR_DUP_THRESHOLD = 0.8
MIN_SHINGLES = 20  # shorter bodies are too small to call near-duplicates
_WORD_RE = re.compile(r"\w+")


def shingles(text: str) -> set[bytes]:
    words = _WORD_RE.findall(normalize(text))
    return {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(max(0, len(words) - SHINGLE + 1))}


class Dedup:
    version = f"dedup-minhash{NUM_PERM}-j{NEAR_DUP_THRESHOLD}"

    def __init__(self) -> None:
        from datasketch import MinHash, MinHashLSH

        self._lsh = MinHashLSH(threshold=NEAR_DUP_THRESHOLD, num_perm=NUM_PERM)
        # Permutations are drawn once (datasketch draws them per MinHash otherwise).
        self._perms = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations
        self._hashes: dict[str, str] = {}
        self._urls: dict[str, str] = {}
        self._dup_of: dict[str, str] = {}  # this run's copies -> their original
        self._sigs: dict[str, Any] = {}  # id -> LeanMinHash, to check what LSH proposes
        self._store: Any = None

    def bind(self, store: Any) -> None:
        from datasketch import LeanMinHash

        self._store = store
        for article_id, sig in store.iter_minhashes():
            values = np.frombuffer(sig, dtype=np.uint32)
            if article_id not in self._lsh and len(values) == NUM_PERM:  # other sizes: an older index
                lean = LeanMinHash(seed=1, hashvalues=values, scheme=SCHEME)
                self._lsh.insert(article_id, lean)
                self._sigs[article_id] = lean

    def _first(self, key: str, seen: dict[str, str], lookup: str, doc_id: str) -> str | None:
        found = seen.get(key)
        if found is None and self._store is not None:
            found = getattr(self._store, lookup)(key)
        return found if found != doc_id else None

    def __call__(self, doc: Doc) -> Doc:
        from datasketch import LeanMinHash, MinHash

        art = doc.article
        chash = doc.ann.content_hash or content_hash(art.title, art.body)
        doc.ann.content_hash = chash
        curl = canonical_url(art.url)
        dup = self._first(chash, self._hashes, "find_by_hash", art.id)
        if dup is None and curl:
            dup = self._first(curl, self._urls, "find_by_url", art.id)
        self._hashes.setdefault(chash, art.id)
        if curl:
            self._urls.setdefault(curl, art.id)

        sh = shingles(art.body)
        if len(sh) >= MIN_SHINGLES:
            mh = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME, hashfunc=zlib.crc32, permutations=self._perms)
            mh.update_batch(list(sh))
            lean = LeanMinHash(mh)
            if dup is None:
                # the earliest-stored candidate wins, so every copy points at one original
                # LSH banding proposes candidates; the signature estimate decides
                candidates = sorted(
                    c
                    for c in self._lsh.query(lean)
                    if c != art.id and lean.jaccard(self._sigs[c]) >= NEAR_DUP_THRESHOLD
                )
                if candidates:
                    dup = self._original(candidates[0])
            if art.id not in self._lsh:
                self._lsh.insert(art.id, lean)
                self._sigs[art.id] = lean
                if self._store is not None:
                    self._store.put_minhash(art.id, lean.hashvalues.astype(np.uint32).tobytes())
        doc.ann.duplicate_of = dup
        if dup:
            self._dup_of[art.id] = dup
        return doc

    def _original(self, article_id: str) -> str:
        """Follow ``duplicate_of`` one step so a copy of a copy points at the original."""
        if article_id in self._dup_of:
            return self._dup_of[article_id]
        if self._store is None:
            return article_id
        found = self._store.get(article_id)
        if found is not None and found.ann.duplicate_of:
            return str(found.ann.duplicate_of)
        return article_id


stage("dedup")(Dedup)
