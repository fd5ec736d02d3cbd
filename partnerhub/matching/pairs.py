"""The scored pairs the planner chooses from: their columns, and building them from blocks or given candidates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .rules import Prepared, hard_rule_mask, haversine_km

COMPONENTS = ("text", "trade_area", "main_area", "curious_company", "curious_area", "distance")


@dataclass
class ScoredPairs:
    """Parallel arrays of kept pairs (youth, company index): score, distance, weighted components."""

    yi: np.ndarray
    ci: np.ndarray
    score: np.ndarray
    dist_km: np.ndarray
    components: dict[str, np.ndarray]

    def __len__(self) -> int:
        return len(self.yi)


def pair_rows(yi: np.ndarray, ci: np.ndarray, n_companies: int, keys: Sequence[tuple[int, int]]) -> np.ndarray:
    """Row of each (youth, company) key among the pairs (yi, ci), or -1 where it is not one of them."""
    pair_keys = yi.astype(np.int64) * n_companies + ci
    wanted = np.array([y * n_companies + c for y, c in keys], dtype=np.int64)
    if not len(pair_keys):
        return np.full(len(wanted), -1, dtype=np.int64)
    sorter = np.argsort(pair_keys, kind="stable")
    rows = sorter[np.minimum(np.searchsorted(pair_keys, wanted, sorter=sorter), len(sorter) - 1)]
    return np.where(pair_keys[rows] == wanted, rows, -1)


def sorted_pairs(parts: list[tuple[np.ndarray, ...]]) -> ScoredPairs:
    """The blocks' pairs as one set of columns in the canonical (youth, company) order, the same as for given
    candidates.

    Column by column, each block's copy dropped as soon as it is concatenated, so at most one column is
    held twice (L: the blocks' copies are 135 MiB).
    """
    pieces = [list(x) for x in zip(*parts, strict=True)]
    parts.clear()
    columns = []
    for j in range(len(pieces)):
        columns.append(np.concatenate(pieces[j]))
        pieces[j] = []
    order = np.lexsort((columns[1], columns[0]))
    for j in range(len(columns)):  # one at a time, so at most one extra copy is alive
        columns[j] = columns[j][order]
    yi, ci, score, dist, weighted = columns
    return ScoredPairs(yi, ci, score, dist, {name: weighted[:, j] for j, name in enumerate(COMPONENTS)})


def given_pairs(candidates: Mapping[str, tuple[tuple[str, float], ...]], prep: Prepared) -> ScoredPairs:
    """Use the instance's own candidate scores, still filtered by every hard rule."""
    from .io import InstanceError

    n_c = max(len(prep.company_ids), 1)
    ys, cs, ss = [], [], []
    for yid, pairs in candidates.items():
        y = prep.youth_index.get(yid, -1)
        if y < 0:
            raise InstanceError(f"candidates: unknown youth id {yid!r}")
        ys.append(np.full(len(pairs), y, dtype=np.int64))
        cs.append([prep.company_index.get(cid, -1) for cid, _ in pairs])
        ss.append([s for _, s in pairs])
        if -1 in cs[-1]:
            cid = pairs[cs[-1].index(-1)][0]
            raise InstanceError(f"candidates[{yid}]: unknown company id {cid!r}")
    yi = np.concatenate(ys) if ys else np.zeros(0, np.int64)
    ci = np.fromiter((c for row in cs for c in row), dtype=np.int64, count=len(yi))
    score = np.fromiter((v for row in ss for v in row), dtype=np.float64, count=len(yi))
    # one entry per pair (the best score if a pair is given twice), in the canonical (youth, company) order
    order = np.lexsort((-score, ci, yi))
    key = yi[order] * n_c + ci[order]
    first = order[np.r_[True, key[1:] != key[:-1]]] if len(key) else order
    yi, ci, score = yi[first].astype(np.int32), ci[first].astype(np.int32), score[first]
    dist = haversine_km(prep.youth_lat[yi], prep.youth_lon[yi], prep.company_lat[ci], prep.company_lon[ci])
    keep = hard_rule_mask(prep, yi, ci, dist) if len(yi) else np.zeros(0, bool)
    return ScoredPairs(yi[keep], ci[keep], score[keep], dist[keep], {"given": score[keep]})
