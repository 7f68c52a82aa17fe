"""Train the BiLSTM-CRF stage two of the shipped NER model (marsad.nlp.ner_neural) from ../shared.

    python scripts/train_ner.py                    # first: the CRF stage one
    python scripts/train_ner_neural.py             # train on all of ANERcorp train, save
    python scripts/train_ner_neural.py --fold 1    # train on folds 2-5, score fold 1

Word vectors: skip-gram (gensim word2vec, 1 epoch) over the unlabelled news in
../shared/corpus (the same text and tokenisation as the cluster table,
scripts/build_ner_resources.py), trained once (~8 min) and cached in --vectors; the
50,000 most frequent words are shipped, frozen. gensim and torch are needed here
only; the shipped tagger runs on numpy.

The network gets the CRF's document context as the CRF's own stage two had it
(``--no-doc-context`` leaves it out): stage-one CRF tags from a jack-knife over the
training sentences (each block tagged by a CRF trained on the others), and at test
time the tags of a stage one trained on all of them. Folds are the contiguous blocks of scripts/train_ner.py, so fold
scores compare with the CRF's. Early stopping watches the last tenth of the training
sentences, never the test fold. Training sentences get clitic-augmented copies as for
the CRF. One run is ~15 min on one busy core.

Measured (micro F1, exact spans; contiguous folds of ANERcorp train):

    model                                         fold 1   fold 2
    two-stage CRF (the model this replaced)       79.81    75.78
    BiLSTM-CRF, sentence only                     77.91      -
    average of the two models' posteriors         80.08      -      (a tie-break: the
        perceptron CRF's posteriors are ~0/1, so an even average is no real blend)
    CRF stage one + BiLSTM-CRF stage two          80.90    77.23    (shipped)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import torch  # noqa: E402
from torch import nn  # noqa: E402
from train_ner import ANERCORP, attach_clitics, blocks  # noqa: E402

from marsad.nlp.conll import format_report, read_conll, score  # noqa: E402
from marsad.nlp.ner import LABELS, data_dir, repair_bio  # noqa: E402
from marsad.nlp.ner_features import load_resources  # noqa: E402
from marsad.nlp.ner_neural import (  # noqa: E402
    GAZ_TYPES,
    MAX_CHARS,
    N_DENSE,
    SHAPES,
    VOCAB_FILE,
    WEIGHTS_FILE,
    BiLstmCrf,
    Encoded,
    Vocab,
    context_names,
)

VECTORS = Path("/tmp/marsad_ner_w2v.kv")
FEAT_SIZES = (66, 258, 1026)  # cluster ids at k = 64/256/1024, plus pad and unknown
FEAT_DIMS = (8, 16, 16, 4, 4)  # c64, c256, c1k, clitics, shape
K = len(LABELS)
ALLOWED = np.array([[not (b.startswith("I-") and a[2:] != b[2:]) for b in LABELS] for a in LABELS])


# ---------------------------------------------------------------- word vectors
def word_vectors(path: Path, words: int) -> tuple[list[str], np.ndarray]:
    """The ``words`` most frequent words and their unit-length vectors (trained if not cached)."""
    from gensim.models import KeyedVectors

    if not path.is_file():
        train_vectors(path)
    kv = KeyedVectors.load(str(path))
    vocab = kv.index_to_key[:words]
    vec = np.stack([kv[w] for w in vocab]).astype(np.float32)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9
    return list(vocab), vec


def train_vectors(path: Path) -> None:
    from build_ner_resources import _texts, _tokens
    from gensim.models import Word2Vec

    class Corpus:
        def __iter__(self):  # type: ignore[no-untyped-def]
            for text in _texts():
                toks = _tokens(text)
                if toks:
                    yield toks

    t0 = time.time()
    model = Word2Vec(Corpus(), vector_size=100, window=5, min_count=5, sg=1, negative=5, sample=1e-4,
                     epochs=1, workers=1, seed=1, max_final_vocab=200_000)
    model.wv.save(str(path))
    print(f"word2vec: {len(model.wv)} words in {time.time() - t0:.0f}s", flush=True)


# ---------------------------------------------------------------- torch network
class Net(nn.Module):
    """The training twin of ner_neural.BiLstmCrf; :meth:`export` gives its numpy weights."""

    def __init__(self, vectors: np.ndarray, n_chars: int, n_clitics: int, n_context: int,
                 args: argparse.Namespace):
        super().__init__()
        wv = np.concatenate([np.zeros((2, vectors.shape[1]), np.float32), vectors])
        self.word = nn.Embedding.from_pretrained(torch.from_numpy(wv), freeze=True, padding_idx=0)
        sizes = (*FEAT_SIZES, n_clitics + 2, len(SHAPES) + 2)
        self.feats = nn.ModuleList(nn.Embedding(n, d) for n, d in zip(sizes, FEAT_DIMS, strict=True))
        self.char_emb = nn.Embedding(n_chars + 2, args.char_dim, padding_idx=0)
        self.conv = nn.Conv1d(args.char_dim, args.char_filters, 3, padding=1)
        dim = 2 * wv.shape[1] + sum(FEAT_DIMS) + N_DENSE + n_context + args.char_filters
        self.drop = nn.Dropout(args.dropout)
        self.lstm = nn.LSTM(dim, args.hidden, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * args.hidden, K)
        self.trans = nn.Parameter(torch.zeros(K, K))
        self.start = nn.Parameter(torch.zeros(K))
        self.end = nn.Parameter(torch.zeros(K))

    def emissions(self, ids: torch.Tensor, dense: torch.Tensor, chars: torch.Tensor,
                  lengths: torch.Tensor) -> torch.Tensor:
        b, t = ids.shape[:2]
        parts = [self.word(ids[..., 0]), self.word(ids[..., 1])]
        parts += [emb(ids[..., 2 + k]) for k, emb in enumerate(self.feats)]
        ch = chars.view(b * t, -1)
        conv = self.conv(self.char_emb(ch).transpose(1, 2))  # (BT, F, L)
        conv = conv.masked_fill((ch == 0)[:, None, :], float("-inf")).amax(2)
        conv = torch.tanh(conv.masked_fill(torch.isinf(conv), 0.0)).view(b, t, -1)
        x = self.drop(torch.cat([*parts, dense, conv], dim=2))
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=t)
        return self.out(self.drop(h))

    def nll(self, emit: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """CRF negative log-likelihood of the gold tags, summed over the batch."""
        gold = (emit.gather(2, tags[..., None]).squeeze(2) * mask).sum(1)
        gold = gold + (self.trans[tags[:, :-1], tags[:, 1:]] * mask[:, 1:]).sum(1)
        gold = gold + self.start[tags[:, 0]] + self.end[tags.gather(1, (lengths - 1)[:, None]).squeeze(1)]
        alpha = self.start + emit[:, 0]
        for t in range(1, emit.shape[1]):
            nxt = torch.logsumexp(alpha[:, :, None] + self.trans[None] + emit[:, t, None, :], dim=1)
            alpha = torch.where(mask[:, t, None] > 0, nxt, alpha)
        return (torch.logsumexp(alpha + self.end, dim=1) - gold).sum()

    def export(self) -> dict[str, np.ndarray]:
        def a(t: torch.Tensor) -> np.ndarray:
            return t.detach().cpu().numpy().astype(np.float32)

        w = self.conv.weight  # (F, dc, width) -> (width*dc, F), as the numpy windows are laid out
        out = {"word_emb": a(self.word.weight), "char_emb": a(self.char_emb.weight),
               "char_conv": a(w.permute(2, 1, 0).reshape(-1, w.shape[0])), "char_conv_b": a(self.conv.bias),
               "out_w": a(self.out.weight), "out_b": a(self.out.bias),
               "trans": a(self.trans), "start": a(self.start), "end": a(self.end)}
        for k, emb in enumerate(self.feats):
            out[f"feat{k}"] = a(emb.weight)
        for sfx, name in (("", ""), ("_reverse", "_r")):
            out[f"lstm_ih{name}"] = a(getattr(self.lstm, f"weight_ih_l0{sfx}"))
            out[f"lstm_hh{name}"] = a(getattr(self.lstm, f"weight_hh_l0{sfx}"))
            out[f"lstm_b{name}"] = a(getattr(self.lstm, f"bias_ih_l0{sfx}") + getattr(self.lstm, f"bias_hh_l0{sfx}"))
        # impossible BIO moves (O -> I-X, B-X -> I-Y) are forbidden at decoding
        out["trans"] = np.where(ALLOWED, out["trans"], -1e4).astype(np.float32)
        out["start"] = np.where([lab.startswith("I-") for lab in LABELS], -1e4, out["start"]).astype(np.float32)
        return out


def collate(encs: list[Encoded], tags: list[list[int]] | None) -> dict[str, torch.Tensor]:
    n = max(len(e.ids) for e in encs)
    ids = np.zeros((len(encs), n, 7), np.int64)
    dense = np.zeros((len(encs), n, encs[0].dense.shape[1]), np.float32)
    chars = np.zeros((len(encs), n, MAX_CHARS + 2), np.int64)
    y = np.zeros((len(encs), n), np.int64)
    mask = np.zeros((len(encs), n), np.float32)
    for b, e in enumerate(encs):
        m = len(e.ids)
        ids[b, :m], dense[b, :m], chars[b, :m], mask[b, :m] = e.ids, e.dense, e.chars, 1
        if tags is not None:
            y[b, :m] = tags[b]
    return {"ids": torch.from_numpy(ids), "dense": torch.from_numpy(dense), "chars": torch.from_numpy(chars),
            "tags": torch.from_numpy(y), "mask": torch.from_numpy(mask),
            "lengths": torch.tensor([len(e.ids) for e in encs])}


# ---------------------------------------------------------------- training
def build_vocab(sents: list[tuple[list[str], list[str]]], words: list[str], context: bool) -> Vocab:
    from marsad.nlp.ner_features import analyse

    res = load_resources()
    chars: dict[str, int] = {}
    clitics: set[str] = set()
    for toks, _ in sents:
        for tok in toks:
            t = analyse(tok, res)
            for c in "<" + t.form + ">":
                chars[c] = chars.get(c, 0) + 1
            clitics.add(t.clitics)
    return Vocab(words, sorted(c for c, n in chars.items() if n >= 2), sorted(clitics),
                 context_names(LABELS) if context else ())


def tag_with(net: BiLstmCrf, encs: list[Encoded]) -> list[list[str]]:
    out: list[list[str]] = [[] for _ in encs]
    order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
    for a in range(0, len(order), 64):
        idx = order[a:a + 64]
        for i, e in zip(idx, net.emissions([encs[i] for i in idx]), strict=True):
            out[i] = repair_bio(net.decode(e))
    return out


Item = tuple[list[str], list[str], list[list[str]] | None]  # tokens, gold tags, document context


def fit(train: list[Item], dev: list[Item], vocab: Vocab,
        vectors: np.ndarray, args: argparse.Namespace) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    res = load_resources()
    rng = random.Random(args.seed)
    torch.manual_seed(args.seed)
    lab = {t: i for i, t in enumerate(LABELS)}
    data: list[tuple[Encoded, list[int]]] = []
    for toks, tags, ctx in train:
        ys = [lab[t] for t in tags]
        data.append((vocab.encode(toks, res, ctx), ys))
        copy = attach_clitics(toks, tags, rng) if args.augment else None
        if copy is not None:  # a copy shares its original's context: its stems are the same words
            data.append((vocab.encode(copy, res, ctx), ys))
    dev_enc = [vocab.encode(t, res, c) for t, _, c in dev]
    net = Net(vectors, len(vocab.lists["chars"]), len(vocab.lists["clitics"]), len(vocab.context), args)
    opt = torch.optim.Adam([p for p in net.parameters() if p.requires_grad], lr=args.lr)
    best: tuple[float, dict[str, np.ndarray] | None, int] = (-1.0, None, 0)
    t0 = time.time()
    history = []
    for epoch in range(1, args.epochs + 1):
        net.train()
        order = sorted(range(len(data)), key=lambda i: (len(data[i][0].ids), rng.random()))
        batches = [order[a:a + args.batch] for a in range(0, len(order), args.batch)]
        rng.shuffle(batches)
        total = 0.0
        for bidx in batches:
            bt = collate([data[i][0] for i in bidx], [data[i][1] for i in bidx])
            emit = net.emissions(bt["ids"], bt["dense"], bt["chars"], bt["lengths"])
            loss = net.nll(emit, bt["tags"], bt["mask"], bt["lengths"])
            opt.zero_grad()
            (loss / len(bidx)).backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += loss.item()
        net.eval()
        weights = net.export()
        f1 = score([y for _, y, _ in dev], tag_with(BiLstmCrf(weights, LABELS), dev_enc)).micro.f1
        history.append((epoch, round(total, 1), round(100 * f1, 2), round(time.time() - t0)))
        print(f"epoch {epoch}: loss {total:.0f}, dev F1 {100 * f1:.2f}, {time.time() - t0:.0f}s", flush=True)
        if f1 > best[0]:
            best = (f1, weights, epoch)
        elif epoch - best[2] >= args.patience or time.time() - t0 > args.time_limit:
            break
        if time.time() - t0 > args.time_limit:
            break
    assert best[1] is not None
    return best[1], {"best_epoch": best[2], "dev_f1": best[0], "history": history,
                     "train_seconds": round(time.time() - t0)}


def crf_context(train_idx: list[int], test: list[int], args: argparse.Namespace) -> dict[int, list[list[str]]]:
    """Document-context features (``ner_features.doc_features``) for every sentence.

    As for the CRF's stage two (scripts/train_ner.py): training sentences see stage-one
    tags from a jack-knife (each block tagged by a stage one trained on the others), so
    the network learns from tags as noisy as on new text; test sentences see a stage
    one trained on all the training sentences.
    """
    import train_ner

    crf_args = argparse.Namespace(iters=10, minfreq=0, inner=4)
    cache = Path(f"/tmp/marsad_ner_s1_{len(train_idx)}_{train_idx[0]}_{train_idx[-1]}.json")
    data = train_ner.Data(ANERCORP)
    if cache.is_file():
        s1 = {int(k): v for k, v in json.loads(cache.read_text(encoding="utf-8")).items()}
    else:
        s1 = train_ner.jackknife(data, train_idx, crf_args.inner, crf_args)
        if test:
            path = train_ner.TMP.with_suffix(".s1.crf")
            train_ner.train(*train_ner.with_copies(data, train_idx, [data.xs[i] for i in train_idx], data.aug),
                            path, crf_args)
            s1.update(zip(test, train_ner.tag(path, [data.xs[i] for i in test]), strict=True))
            path.unlink(missing_ok=True)
        cache.write_text(json.dumps(s1), encoding="utf-8")
    ctx = train_ner.context(data, train_idx, s1)
    if test:
        ctx.update(train_ner.context(data, test, s1))
    return ctx


def save(weights: dict[str, np.ndarray], vocab: Vocab, out: Path, meta: dict[str, Any]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / WEIGHTS_FILE, **{k: v.astype(np.float16) for k, v in weights.items()})
    (out / VOCAB_FILE).write_text(json.dumps({**vocab.lists, "labels": list(LABELS), "gaz_types": GAZ_TYPES,
                                              **meta}, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description="Train marsad's BiLSTM-CRF NER tagger.")
    ap.add_argument("--fold", type=int, default=0, help="score this fold (1-based) of --folds; 0 = train on all")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--vectors", type=Path, default=VECTORS)
    ap.add_argument("--words", type=int, default=50_000)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--char-dim", type=int, default=24)
    ap.add_argument("--char-filters", type=int, default=50)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--patience", type=int, default=4)
    ap.add_argument("--time-limit", type=float, default=900, help="seconds of training")
    ap.add_argument("--no-augment", dest="augment", action="store_false")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-doc-context", dest="doc_context", action="store_false",
                    help="without the CRF's document-context inputs (the shipped model needs them)")
    ap.add_argument("--out", type=Path, default=None, help="where to write weights (default marsad/data/ner)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    threadpool_limits(limits=1, user_api="blas")  # numpy scoring of the dev slice: see ner_neural

    sents = read_conll(ANERCORP)
    everything = list(range(len(sents)))
    test: list[int] = blocks(everything, args.folds)[args.fold - 1] if args.fold else []
    ts = set(test)
    train_idx = [i for i in everything if i not in ts]
    ctx = crf_context(train_idx, test, args) if args.doc_context else {}
    items: list[Item] = [(*sents[i], ctx.get(i)) for i in everything]
    cut = len(train_idx) * 9 // 10  # early stopping on the last tenth (contiguous: unseen articles)
    train, dev = [items[i] for i in train_idx[:cut]], [items[i] for i in train_idx[cut:]]
    words, vectors = word_vectors(args.vectors, args.words)
    vocab = build_vocab([(t, y) for t, y, _ in train], words, args.doc_context)
    weights, info = fit(train, dev, vocab, vectors, args)
    print(json.dumps({k: v for k, v in info.items() if k != "history"}), flush=True)
    if test and args.out:
        save(weights, vocab, args.out, {"fold": args.fold, **info, "args": {k: str(v) for k, v in vars(args).items()}})
    if test:
        net = BiLstmCrf(weights, LABELS)
        res = load_resources()
        gold = [items[i] for i in test]
        t0 = time.process_time()
        pred = tag_with(net, [vocab.encode(t, res, c) for t, _, c in gold])
        cpu = time.process_time() - t0
        ntok = sum(len(t) for t, _, _ in gold)
        rep = score([y for _, y, _ in gold], pred)
        print(f"\nfold {args.fold}/{args.folds}: {ntok} tokens tagged at {ntok / cpu:,.0f} tokens per CPU-second")
        print(format_report(rep), flush=True)
        if args.out:
            (args.out / "pred.json").write_text(json.dumps(pred), encoding="utf-8")
        return
    save(weights, vocab, args.out or data_dir(), {**info, "trained": datetime.now(UTC).isoformat(timespec="seconds"),
                                                   "args": {k: str(v) for k, v in vars(args).items()}})


if __name__ == "__main__":
    main()
