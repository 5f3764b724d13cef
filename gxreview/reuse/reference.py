"""Exact all-pairs reference for the LSH candidate search (tests and benchmarks).

Reads the masked narrative units stored in an index, computes every report's 5-gram set and all
report pairs whose exact Jaccard is ≥ a threshold (sparse matrix product), and measures which share
of them the LSH buckets return as candidates.
"""

from __future__ import annotations

import json

from .mask import shingles


def shingle_sets(idx) -> dict[int, set[str]]:
    """Row id → the exact 5-gram set the report was signed with."""
    from .index import SHINGLE

    out: dict[int, set[str]] = {}
    for rowid, units in idx.db.execute("SELECT id, units FROM reports ORDER BY id"):
        s: set[str] = set()
        for _st, _en, _sec, m, _c in json.loads(units):
            s |= shingles(m, SHINGLE)
        out[rowid] = s
    return out


def exact_pairs(sets: dict[int, set[str]], threshold: float = 0.5) -> set[tuple[int, int]]:
    """Every pair (a < b) of non-empty sets with Jaccard ≥ threshold."""
    import numpy as np
    from scipy import sparse

    ids = [i for i, s in sets.items() if s]
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for r, i in enumerate(ids):
        for g in sets[i]:
            rows.append(r)
            cols.append(vocab.setdefault(g, len(vocab)))
    x = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)), shape=(len(ids), len(vocab)))
    sizes = np.asarray(x.sum(axis=1)).ravel()
    inter = (x @ x.T).tocoo()
    out = set()
    for r, c, v in zip(inter.row, inter.col, inter.data, strict=True):
        if r < c and v / (sizes[r] + sizes[c] - v) >= threshold:
            out.add((ids[r], ids[c]))
    return out


def lsh_recall(idx, threshold: float = 0.5) -> tuple[float, int, int]:
    """(recall, found, total) of the exact pairs ≥ threshold among the LSH candidate pairs."""
    import numpy as np

    pairs = exact_pairs(shingle_sets(idx), threshold)
    if not pairs:
        return 1.0, 0, 0
    found = 0
    cand: dict[int, set[int]] = {}
    for a, b in sorted(pairs):
        if a not in cand:
            sig = np.frombuffer(idx.db.execute("SELECT sig FROM reports WHERE id=?", (a,)).fetchone()[0], dtype=np.uint32)
            cand[a] = set(idx.candidates(sig))
        found += b in cand[a]
    return found / len(pairs), found, len(pairs)
