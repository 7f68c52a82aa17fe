"""A BiLSTM-CRF named-entity tagger whose forward pass is plain numpy.

The network (trained by ``scripts/train_ner_neural.py`` with torch) reads, for each
token:

* two pretrained word vectors — of the token's matching form and of its clitic-stripped
  stem (``ner_features.strip_clitics``) — from skip-gram vectors trained on the
  unlabelled news in ``../shared/corpus``; frozen in training, so a name never seen in
  ANERcorp still lands next to the names it resembles in the corpus;
* a character CNN over the matching form (prefixes, clitics, foreign-name endings);
* the CRF's symbolic features as small inputs: distributional clusters at three
  granularities, the stripped clitics, the token's shape, and gazetteer membership of
  the token and of multi-word names (``ner_features.analyse``/``phrase_matches``);
* optionally the CRF's document context (``ner_features.doc_features``): how stage one
  of the CRF tagged this token and the other occurrences of its stem nearby, as
  indicator inputs — the sentence-level network's only view beyond its sentence.

A bidirectional LSTM over those, a linear layer to BIO scores, and Viterbi decoding
with learned transitions. Inference needs only numpy: the weights are exported to
``neural.npz`` (float16) with the vocabularies in ``neural.json``, so torch is a
training-time dependency only. Sentences are run in length-sorted batches so the
LSTM's per-step cost is shared by many sentences.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from ..errors import ResourceError
from .ner_features import Resources, Tok, analyse_sent, load_resources

WEIGHTS_FILE = "neural.npz"
VOCAB_FILE = "neural.json"
MAX_CHARS = 20  # longer tokens are cut (URLs, numbers); names are far shorter
GAZ_TYPES = ("PERS", "LOC", "ORG")
SHAPES = ("ar", "Lu", "la", "d", "p")
PAD, UNK = 0, 1  # ids 0/1 of every vocabulary
N_DENSE = len(GAZ_TYPES) * 3  # own membership + phrase B- + phrase I-
BATCH = 64  # sentences per LSTM batch at inference
Context = Sequence[Sequence[Sequence[str]]] | None  # per sentence, per token: doc_features strings
Analysed = Sequence[tuple[list[Tok], list[list[str]]]] | None  # per sentence: ner_features.analyse_sent


@dataclass
class Encoded:
    """One sentence as index arrays: ``ids`` (T, 7) = form word, stem word, c64, c256,
    c1k, clitics, shape; ``dense`` (T, 9) gazetteer flags; ``chars`` (T, MAX_CHARS+2)."""

    ids: np.ndarray
    dense: np.ndarray
    chars: np.ndarray


def context_names(labels: Sequence[str]) -> list[str]:
    """Every indicator ``ner_features.doc_features`` can emit, in a fixed order."""
    names = [f"{k}={lab}" for k in ("s1", "s1-1", "s1+1") for lab in labels] + ["d:seen"]
    names += [f"d:{lab}:{lvl}" for lab in labels for lvl in ("hi", "mid", "lo")]
    return names + sorted({f"d:{lab[2:]}" for lab in labels if lab != "O"})


class Vocab:
    """Strings to ids for words, characters and clitic strings (0 = pad, 1 = unknown),
    and the positions of the document-context indicators (empty: no context input)."""

    def __init__(
        self, words: Sequence[str], chars: Sequence[str], clitics: Sequence[str], context: Sequence[str] = ()
    ):
        self.words = {w: i + 2 for i, w in enumerate(words)}
        self.chars = {c: i + 2 for i, c in enumerate(chars)}
        self.clitics = {c: i + 2 for i, c in enumerate(clitics)}
        self.context = {c: i for i, c in enumerate(context)}
        self.lists = {
            "words": list(words),
            "chars": list(chars),
            "clitics": list(clitics),
            "context": list(context),
        }

    def word(self, *forms: str) -> int:
        for f in forms:
            hit = self.words.get(f)
            if hit is not None:
                return hit
        return UNK

    def encode(
        self,
        tokens: Sequence[str],
        res: Resources,
        context: Sequence[Sequence[str]] | None = None,
        analysed: tuple[list[Tok], list[list[str]]] | None = None,
    ) -> Encoded:
        """Index arrays for one sentence; ``context``: per token, its doc_features strings
        (required when the model was trained with them); ``analysed``: the sentence's
        ``ner_features.analyse_sent``, if the caller has it."""
        toks, marks = analysed or analyse_sent(tokens, res)
        n = len(toks)
        ids = np.zeros((n, 7), dtype=np.int64)
        dense = np.zeros((n, N_DENSE + len(self.context)), dtype=np.float32)
        if self.context:
            if context is None or len(context) != n:
                raise ValueError("this NER model needs the CRF's document-context features")
            for i, feats in enumerate(context):
                for f in feats:
                    k = self.context.get(f)
                    if k is not None:
                        dense[i, N_DENSE + k] = 1
        chars = np.zeros((n, MAX_CHARS + 2), dtype=np.int64)
        for i, t in enumerate(toks):
            ids[i] = (
                self.word(t.form, t.stem, t.bare),
                self.word(t.stem, t.bare, t.form),
                *(_cluster_id(c) for c in t.cluster),
                self.clitics.get(t.clitics, UNK),
                SHAPES.index(t.shape) + 2,
            )
            for g in t.gaz:
                if g in GAZ_TYPES:
                    dense[i, GAZ_TYPES.index(g)] = 1
            for m in marks[i]:
                if m[2:] in GAZ_TYPES:
                    dense[i, (3 if m[0] == "B" else 6) + GAZ_TYPES.index(m[2:])] = 1
            word = "<" + t.form[:MAX_CHARS] + ">"
            chars[i, : len(word)] = [self.chars.get(c, UNK) for c in word]
        return Encoded(ids, dense, chars)


def _cluster_id(c: str) -> int:
    return int(c) + 2 if c.isdigit() else UNK


# ---------------------------------------------------------------- numpy forward pass
def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)  # no overflow warnings for large |x|


def _lstm(x: np.ndarray, w_ih_t: np.ndarray, w_hh_t: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One LSTM direction over a padded batch ``x`` (B, T, D) -> (B, T, H).

    Gates in the order (input, forget, output, cell) — torch's rows reordered at load so
    one sigmoid covers three gates — and weights transposed and contiguous, so the
    products go to BLAS (a transposed view made numpy fall back to a loop 30x slower).
    Padding sits at the end of each row, so it never feeds a real position."""
    bsz, steps, dim = x.shape
    hid = w_hh_t.shape[0]
    # the input half of every step in one product, laid out time-major for the loop
    gates_x = (x.transpose(1, 0, 2).reshape(steps * bsz, dim) @ w_ih_t + b).reshape(steps, bsz, 4 * hid)
    h = np.zeros((bsz, hid), dtype=np.float32)
    c = np.zeros((bsz, hid), dtype=np.float32)
    out = np.empty((bsz, steps, hid), dtype=np.float32)
    for t in range(steps):
        g = gates_x[t] + h @ w_hh_t
        s = _sigmoid(g[:, : 3 * hid])
        c = s[:, hid : 2 * hid] * c + s[:, :hid] * np.tanh(g[:, 3 * hid :])
        h = s[:, 2 * hid : 3 * hid] * np.tanh(c)
        out[:, t] = h
    return out


def _torch_gates_to_ifog(w: np.ndarray) -> np.ndarray:
    """Rows (or entries) in torch's gate order (i, f, g, o) -> (i, f, o, g)."""
    i, f, g, o = np.split(w, 4, axis=0)
    return np.concatenate([i, f, o, g], axis=0)


def _flip(x: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Reverse each row's first ``lengths[b]`` steps (padding stays at the end)."""
    out = np.zeros_like(x)
    for b, n in enumerate(lengths):
        out[b, :n] = x[b, n - 1 :: -1] if n else x[b, :0]
    return out


def viterbi(emit: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> list[int]:
    """Best label sequence for emissions (T, K) under transition scores (K, K)."""
    n = emit.shape[0]
    score = start + emit[0]
    back = np.zeros((n, emit.shape[1]), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + trans  # from -> to
        back[t] = cand.argmax(0)
        score = cand.max(0) + emit[t]
    best = [int((score + end).argmax())]
    for t in range(n - 1, 0, -1):
        best.append(int(back[t, best[-1]]))
    return best[::-1]


def batch_marginals(
    emit: np.ndarray, lengths: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray
) -> np.ndarray:
    """Label posteriors (B, T, K) of a linear-chain CRF for a padded batch of emissions.

    Forward-backward in probability space with each step renormalised (scaling), over
    the whole batch at once: per-sentence loops in log space cost more than the LSTM.
    Forbidden transitions (score -1e4) become exact zeros.
    """
    bsz, steps, k = emit.shape
    e = np.exp(emit - emit.max(axis=2, keepdims=True)).astype(np.float64)
    a = np.exp(trans - trans.max()).astype(np.float64)
    first = np.exp(start - start.max()) * e[:, 0]
    last = np.exp(end - end.max()).astype(np.float64)
    alpha = np.empty((bsz, steps, k))
    beta = np.empty((bsz, steps, k))
    alpha[:, 0] = first / first.sum(1, keepdims=True)
    for t in range(1, steps):
        nxt = (alpha[:, t - 1] @ a) * e[:, t]
        alpha[:, t] = nxt / (nxt.sum(1, keepdims=True) + 1e-300)
    beta[:, steps - 1] = last
    for t in range(steps - 2, -1, -1):
        nxt = (e[:, t + 1] * beta[:, t + 1]) @ a.T
        nxt /= nxt.sum(1, keepdims=True) + 1e-300
        beta[:, t] = np.where((lengths - 1 == t)[:, None], last, nxt)
    post = alpha * beta
    return post / (post.sum(2, keepdims=True) + 1e-300)


def crf_marginals(emit: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Label posteriors (T, K) of one sentence."""
    return batch_marginals(emit[None], np.array([len(emit)]), trans, start, end)[0]


class BiLstmCrf:
    """The exported network: ``emissions`` for a batch of encoded sentences, ``decode``."""

    def __init__(self, w: dict[str, np.ndarray], labels: Sequence[str]):
        w = {k: _torch_gates_to_ifog(v) if k.startswith("lstm_") else v for k, v in w.items()}
        self.w = {
            k: np.ascontiguousarray(
                v.T if k.startswith(("lstm_ih", "lstm_hh", "out_w")) else v, dtype=np.float32
            )
            for k, v in w.items()
        }
        self.labels = list(labels)
        self.width = int(self.w["char_conv"].shape[0] // self.w["char_emb"].shape[1])

    def _token_vectors(self, ids: np.ndarray, dense: np.ndarray, chars: np.ndarray) -> np.ndarray:
        """Input vectors (N, D) for N tokens given as stacked :class:`Encoded` arrays."""
        w = self.w
        parts = [w["word_emb"][ids[:, 0]], w["word_emb"][ids[:, 1]]]
        parts += [w[f"feat{k}"][ids[:, 2 + k]] for k in range(5)]
        parts.append(dense)
        # the char CNN once per distinct word form: in news text most tokens repeat
        uniq, inverse = np.unique(chars, axis=0, return_inverse=True)
        parts.append(self._chars(uniq)[inverse.reshape(-1)])
        return np.concatenate(parts, axis=1)

    def _chars(self, chars: np.ndarray) -> np.ndarray:
        """Char CNN: embed, convolve (``width`` wide, zero-padded), max over positions."""
        emb = self.w["char_emb"][chars]  # (T, L, dc)
        pad = self.width // 2
        emb = np.pad(emb, ((0, 0), (pad, pad), (0, 0)))
        length = chars.shape[1]
        windows = np.concatenate([emb[:, k : k + length] for k in range(self.width)], axis=2)
        conv = windows @ self.w["char_conv"] + self.w["char_conv_b"]  # (T, L, F)
        conv = np.where((chars > PAD)[:, :, None], conv, -np.inf)
        return np.tanh(conv.max(axis=1))

    def emissions(self, batch: Sequence[Encoded]) -> list[np.ndarray]:
        out, lengths = self.forward(batch)
        return [out[b, :n] for b, n in enumerate(lengths)]

    def marginals(self, batch: Sequence[Encoded]) -> list[np.ndarray]:
        out, lengths = self.forward(batch)
        w = self.w
        post = batch_marginals(out, lengths, w["trans"], w["start"], w["end"])
        return [post[b, :n] for b, n in enumerate(lengths)]

    def forward(self, batch: Sequence[Encoded]) -> tuple[np.ndarray, np.ndarray]:
        """Padded label scores (B, T, K) and the sentence lengths."""
        lengths = np.array([len(e.ids) for e in batch])
        vecs = self._token_vectors(
            np.concatenate([e.ids for e in batch]),
            np.concatenate([e.dense for e in batch]),
            np.concatenate([e.chars for e in batch]),
        )
        x = np.zeros((len(batch), int(lengths.max()), vecs.shape[1]), dtype=np.float32)
        mask = np.arange(x.shape[1])[None, :] < lengths[:, None]
        x[mask] = vecs  # row-major mask order = sentence by sentence, token by token
        w = self.w
        fwd = _lstm(x, w["lstm_ih"], w["lstm_hh"], w["lstm_b"])
        bwd = _flip(_lstm(_flip(x, lengths), w["lstm_ih_r"], w["lstm_hh_r"], w["lstm_b_r"]), lengths)
        h = np.concatenate([fwd, bwd], axis=2)
        out = (h.reshape(-1, h.shape[2]) @ w["out_w"] + w["out_b"]).reshape(*h.shape[:2], -1)
        return out, lengths

    def decode(self, emit: np.ndarray) -> list[str]:
        w = self.w
        return [self.labels[k] for k in viterbi(emit, w["trans"], w["start"], w["end"])]


class NeuralTagger:
    """Loaded vocabularies + network; tags lists of sentences in length-sorted batches."""

    def __init__(self, model_dir: Path, res: Resources | None = None):
        wpath, vpath = model_dir / WEIGHTS_FILE, model_dir / VOCAB_FILE
        if not (wpath.is_file() and vpath.is_file()):
            raise ResourceError(
                f"neural NER weights not found in {model_dir}; "
                "rebuild them with: python scripts/train_ner_neural.py"
            )
        try:
            meta = json.loads(vpath.read_text(encoding="utf-8"))
            with np.load(wpath) as z:
                weights = {k: z[k] for k in z.files}
        except (OSError, ValueError, KeyError) as e:
            raise ResourceError(f"neural NER weights in {model_dir} could not be loaded: {e}") from e
        self.vocab = Vocab(meta["words"], meta["chars"], meta["clitics"], meta.get("context", ()))
        self.net = BiLstmCrf(weights, meta["labels"])
        self.res = res or load_resources()

    @property
    def uses_context(self) -> bool:
        return bool(self.vocab.context)

    def emissions(
        self, sents: Sequence[Sequence[str]], context: Context = None, analysed: Analysed = None
    ) -> list[np.ndarray]:
        """Label scores (T, K) per sentence. ``context``: per sentence, the
        :meth:`Vocab.encode` context; ``analysed``: per sentence, ``ner_features.analyse_sent``
        (given by a caller that has it already, to save recomputing it)."""
        return self._run(self.net.emissions, sents, context, analysed)

    def marginals(
        self, sents: Sequence[Sequence[str]], context: Context = None, analysed: Analysed = None
    ) -> list[np.ndarray]:
        """Per sentence, the label posteriors (T, K), columns in ``labels`` order."""
        return self._run(self.net.marginals, sents, context, analysed)

    def tag_sents(self, sents: Sequence[Sequence[str]], context: Context = None) -> list[list[str]]:
        return [self.net.decode(e) if len(e) else [] for e in self.emissions(sents, context)]

    def _run(
        self,
        fn: Callable[[list[Encoded]], list[np.ndarray]],
        sents: Sequence[Sequence[str]],
        context: Context,
        analysed: Analysed,
    ) -> list[np.ndarray]:
        out: list[np.ndarray] = [np.zeros((0, len(self.net.labels)), dtype=np.float32)] * len(sents)
        order = sorted((i for i, s in enumerate(sents) if s), key=lambda i: len(sents[i]))
        # One BLAS thread: the LSTM's many small products ran ~6x slower (CPU time) when
        # OpenBLAS split them over threads on a busy machine.
        with threadpool_limits(limits=1, user_api="blas"):
            for a in range(0, len(order), BATCH):
                idx = order[a : a + BATCH]
                enc = [
                    self.vocab.encode(
                        sents[i],
                        self.res,
                        None if context is None else context[i],
                        None if analysed is None else analysed[i],
                    )
                    for i in idx
                ]
                for i, e in zip(idx, fn(enc), strict=True):
                    out[i] = e
        return out
