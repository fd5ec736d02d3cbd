"""Pair scores from scikit-learn TF-IDF and the taxonomy, only for sparse, hard-rule-feasible pairs."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse
from sklearn.neighbors import BallTree

from .memory import release_freed_memory
from .model import Candidate, Instance, ScoreWeights
from .pairs import COMPONENTS, ScoredPairs, given_pairs, sorted_pairs
from .rules import EARTH_RADIUS_KM, Prepared, haversine_km
from .text import char_tfidf, company_document, word_tfidf, youth_document


def _area_names(instance: Instance) -> dict[str, str]:
    return {t.id: t.name or t.id for t in instance.trade_areas}


def _rowwise_dot(a: sparse.csr_matrix, b: sparse.csr_matrix, ai: np.ndarray, bi: np.ndarray) -> np.ndarray:
    """Dot products of row a[ai[n]] with row b[bi[n]], chunked: never a youth x company matrix."""
    out = np.empty(len(ai), dtype=np.float64)
    step = 200_000
    for start in range(0, len(ai), step):
        sl = slice(start, start + step)
        out[sl] = np.asarray(a[ai[sl]].multiply(b[bi[sl]]).sum(axis=1)).ravel()
    return out


_BLOCK_CELLS = 4_000_000  # dense (companies x features) cells per slice of a block's text product
_BLOCK_YOUTH = 1_000  # youth per block of neighbours
_SCORE_CELLS = 500_000  # (youth x companies) cells scored at once within a block


def _compact(idx: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values of idx (ascending) and each entry's position among them, in O(n + len(idx))."""
    mask = np.zeros(n, dtype=bool)
    mask[idx] = True
    pos = np.cumsum(mask) - 1
    return np.flatnonzero(mask), pos[idx]


class _Block:
    """The distinct youth (rows) and companies (cols) of a set of pairs, and where each pair sits.

    When the pairs come from youth who live close together, rows x cols is only a small multiple of the
    number of pairs, and per-pair features can be read off small dense products (`dense_ok`).
    """

    def __init__(self, yi: np.ndarray, ci: np.ndarray, n_y: int, n_c: int):
        self.rows, self.r_inv = _compact(yi, n_y)
        self.cols, self.c_inv = _compact(ci, n_c)
        self.dense_ok = len(yi) > 0 and len(self.rows) * len(self.cols) <= 16 * len(yi) + 10_000

    def take(self, matrix: np.ndarray) -> np.ndarray:
        """matrix is (rows, cols): its entry for every pair."""
        return matrix[self.r_inv, self.c_inv]


def _block_text(a: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray, b_offset: int) -> np.ndarray:
    """Dense (rows x cols) float32 products of youth rows a[rows] with company rows a[b_offset + cols].

    The youth rows (sparse) are multiplied with the dense rows of the companies, restricted to the features
    those youth use: a small sparse x dense product per block of neighbours, never the whole youth x company
    matrix. Each entry is summed over the youth row's features in the row's own order, so its value does not
    depend on which block or slice of companies it was computed in.
    """
    prod = np.zeros((len(rows), len(cols)), dtype=np.float32)
    ya = a[rows]
    feats, local = _compact(ya.indices, a.shape[1])
    if len(feats) == 0 or len(cols) == 0:
        return prod
    ya = sparse.csr_matrix((ya.data, local, ya.indptr), shape=(len(rows), len(feats)))
    local_of = np.full(a.shape[1], -1, dtype=np.int64)
    local_of[feats] = np.arange(len(feats))
    step = max(1, _BLOCK_CELLS // len(feats))
    for start in range(0, len(cols), step):
        part = a[b_offset + cols[start : start + step]]
        at = local_of[part.indices]
        used = at >= 0
        dense = np.zeros((part.shape[0], len(feats)), dtype=np.float32)  # (companies, the youth's features)
        dense[np.repeat(np.arange(part.shape[0]), np.diff(part.indptr))[used], at[used]] = part.data[used]
        prod[:, start : start + step] = ya @ dense.T  # (youth, companies)
    return prod


def _block_dot(
    a: sparse.csr_matrix, blk: _Block, b_offset: int, ai: np.ndarray, bi: np.ndarray
) -> np.ndarray:
    """Row-wise dot products a[ai[n]] . a[b_offset + bi[n]] for named pairs (`_block_text` when compact)."""
    if len(ai) == 0:
        return np.zeros(0)
    if not blk.dense_ok:  # not compact: gathering rows is cheaper
        return _rowwise_dot(a, a, ai, b_offset + bi)
    return blk.take(_block_text(a, blk.rows, blk.cols, b_offset)).astype(np.float64)


class _Features:
    """Fitted text and taxonomy features of one instance, indexed like Prepared."""

    def __init__(self, instance: Instance, prep: Prepared, weights: ScoreWeights):
        youth = sorted(instance.youth, key=lambda y: y.id)
        companies = sorted(instance.companies, key=lambda c: c.id)
        names = _area_names(instance)
        docs = [youth_document(y, names) for y in youth] + [company_document(c, names) for c in companies]
        n_y = len(youth)
        self.word = self.char = None
        if weights.text > 0 and docs:
            try:
                if weights.text_word_share > 0:
                    self.word = word_tfidf(docs)
                if weights.text_word_share < 1:
                    self.char = char_tfidf(docs)
            except ValueError:  # every document empty: no vocabulary, so no text signal at all
                self.word = self.char = None
        self.n_y = n_y

        area_ids = sorted(
            {t.id for t in instance.trade_areas}
            | {a for y in youth for a in y.trade_areas}
            | {a for c in companies for a in c.trade_areas}
        )
        area_col = {a: i for i, a in enumerate(area_ids)}
        area_main = {t.id: t.main_area for t in instance.trade_areas}
        main_ids = sorted(
            {m.id for m in instance.main_areas}
            | set(area_main.values())
            | {m for c in companies for m in c.main_areas} - {""}
        )
        main_col = {m: i for i, m in enumerate(main_ids)}
        n_a, n_m = max(len(area_ids), 1), max(len(main_ids), 1)
        self.y_trade = np.zeros((n_y, n_a), dtype=np.float32)
        self.y_main = np.zeros((n_y, n_m), dtype=np.float32)
        self.y_cur_area = np.zeros((n_y, n_a), dtype=np.float32)
        for i, y in enumerate(youth):
            wanted = list(dict.fromkeys(y.trade_areas))
            if wanted:
                w = np.array([1.0 / (1 + r) for r in range(len(wanted))])
                self.y_trade[i, [area_col[a] for a in wanted]] = w / w.sum()
            for a in wanted:
                if area_main.get(a):
                    self.y_main[i, main_col[area_main[a]]] = 1.0
            for a in y.curious:
                if a in area_col:
                    self.y_cur_area[i, area_col[a]] = 1.0
        self.c_trade = np.zeros((len(companies), n_a), dtype=np.float32)
        self.c_main = np.zeros((len(companies), n_m), dtype=np.float32)
        for i, c in enumerate(companies):
            for a in c.trade_areas:
                self.c_trade[i, area_col[a]] = 1.0
                if area_main.get(a):
                    self.c_main[i, main_col[area_main[a]]] = 1.0
            for m in c.main_areas:
                if m in main_col:
                    self.c_main[i, main_col[m]] = 1.0
        n_c = max(len(companies), 1)
        cur = [
            yi * n_c + prep.company_index[cid]
            for yi, y in enumerate(youth)
            for cid in y.curious
            if cid in prep.company_index
        ]
        self.curious_keys = np.array(sorted(cur), dtype=np.int64)
        self.n_c = n_c

    def components(
        self, yi: np.ndarray, ci: np.ndarray, dist_km: np.ndarray, weights: ScoreWeights
    ) -> dict[str, np.ndarray]:
        """Unweighted components in [0, 1] for the given pairs."""
        blk = _Block(yi, ci, self.n_y, self.n_c)
        text = np.zeros(len(yi))
        if self.word is not None:
            text += weights.text_word_share * _block_dot(self.word, blk, self.n_y, yi, ci)
        if self.char is not None:
            text += (1 - weights.text_word_share) * _block_dot(self.char, blk, self.n_y, yi, ci)
        if blk.dense_ok:
            r, c = blk.rows, blk.cols
            trade = blk.take(self.y_trade[r] @ self.c_trade[c].T).astype(np.float64)
            main = np.minimum(1.0, blk.take(self.y_main[r] @ self.c_main[c].T)).astype(np.float64)
            cur_area = (blk.take(self.y_cur_area[r] @ self.c_trade[c].T) > 0).astype(np.float64)
        else:
            trade = np.einsum("ij,ij->i", self.y_trade[yi], self.c_trade[ci])
            main = np.minimum(1.0, np.einsum("ij,ij->i", self.y_main[yi], self.c_main[ci]))
            cur_area = (np.einsum("ij,ij->i", self.y_cur_area[yi], self.c_trade[ci]) > 0).astype(np.float64)
        keys = yi.astype(np.int64) * self.n_c + ci
        pos = np.minimum(np.searchsorted(self.curious_keys, keys), max(len(self.curious_keys) - 1, 0))
        cur_company = (
            (self.curious_keys[pos] == keys).astype(np.float64) if len(self.curious_keys) else np.zeros(len(yi))
        )
        return _components(text, trade, main, cur_company, cur_area, dist_km, weights)

    def block_components(
        self, rows: np.ndarray, cols: np.ndarray, dist_km: np.ndarray, weights: ScoreWeights
    ) -> dict[str, np.ndarray]:
        """Unweighted components of every (rows x cols) pair of a block of neighbours, as dense matrices.

        Entry by entry the same arithmetic as `components`, so a pair's score does not depend on the path.
        """
        text = np.zeros(dist_km.shape)
        if self.word is not None:
            text = weights.text_word_share * _block_text(self.word, rows, cols, self.n_y).astype(np.float64)
        if self.char is not None:
            text = text + (1 - weights.text_word_share) * _block_text(self.char, rows, cols, self.n_y).astype(
                np.float64
            )
        trade = (self.y_trade[rows] @ self.c_trade[cols].T).astype(np.float64)
        main = np.minimum(1.0, self.y_main[rows] @ self.c_main[cols].T).astype(np.float64)
        cur_area = ((self.y_cur_area[rows] @ self.c_trade[cols].T) > 0).astype(np.float64)
        cur_company = np.zeros(dist_km.shape)
        cur_company[_keys_in_block(self.curious_keys, self.n_c, rows, cols)] = 1.0
        return _components(text, trade, main, cur_company, cur_area, dist_km, weights)


def _components(
    text: np.ndarray,
    trade: np.ndarray,
    main: np.ndarray,
    cur_company: np.ndarray,
    cur_area: np.ndarray,
    dist_km: np.ndarray,
    weights: ScoreWeights,
) -> dict[str, np.ndarray]:
    """The components by name, text and trade area clipped to [0, 1], distance decayed by its half-distance."""
    distance = 0.5 ** (dist_km / weights.distance_half_km) if weights.distance_half_km > 0 else 0 * dist_km
    return {
        "text": np.clip(text, 0.0, 1.0),
        "trade_area": np.clip(trade, 0.0, 1.0),
        "main_area": main,
        "curious_company": cur_company,
        "curious_area": cur_area,
        "distance": distance,
    }


def _keys_in_block(
    keys: np.ndarray, n_c: int, rows: np.ndarray, cols: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) positions in a block of the sorted pair keys youth * n_c + company that fall inside it."""
    if not len(keys) or not len(rows) or not len(cols):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    lo, hi = np.searchsorted(keys, [int(rows[0]) * n_c, (int(rows[-1]) + 1) * n_c])
    y, c = np.divmod(keys[lo:hi], n_c)
    r = np.minimum(np.searchsorted(rows, y), len(rows) - 1)
    k = np.minimum(np.searchsorted(cols, c), len(cols) - 1)
    inside = (rows[r] == y) & (cols[k] == c)
    return r[inside], k[inside]


def _top_k(yi: np.ndarray, ci: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k best pairs per youth; ties go to the lower company index so runs repeat exactly.

    One argsort of an int64 key (youth rank, quantised score descending, company) replaces a lexsort;
    scores that differ by less than the quantum (about 1e-11 of their range) count as ties.
    """
    if len(yi) == 0:
        return np.zeros(0, dtype=np.int64)
    rows, r_inv = _compact(yi, int(yi.max()) + 1)
    c_bits = max(int(ci.max()), 1).bit_length()
    r_bits = max(len(rows) - 1, 1).bit_length()
    q_bits = min(62 - c_bits - r_bits, 50)  # a float64 holds the quantised score exactly
    if q_bits >= 30:
        lo, hi = float(score.min()), float(score.max())
        top = (1 << q_bits) - 1
        q = np.zeros(len(yi), np.int64)
        if hi > lo:
            q = np.clip(np.rint((hi - score) / (hi - lo) * top), 0, top).astype(np.int64)
        key = (r_inv.astype(np.int64) << (q_bits + c_bits)) | (q << c_bits) | ci.astype(np.int64)
        order = np.argsort(key)
    else:
        order = np.lexsort((ci, -score, yi))
    ys = yi[order]
    starts = np.r_[0, np.flatnonzero(np.diff(ys)) + 1]
    rank = np.arange(len(ys)) - np.repeat(starts, np.diff(np.r_[starts, len(ys)]))
    return np.sort(order[rank < k])


def _top_k_block(score: np.ndarray, ok: np.ndarray, cols: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) positions of the k best feasible entries per row of a block's dense score matrix.

    The same selection as `_top_k` on the block's feasible pairs: the same quantum (from the block's score
    range and the bit widths of its row count and highest company index), ties to the lower company index.
    """
    r_bits = max(len(score) - 1, 1).bit_length()
    c_bits = max(int(cols.max()), 1).bit_length()
    q_bits = min(62 - c_bits - r_bits, 50)
    if q_bits < 30:  # too many companies for one int64 key: the exact lexsort on the pairs
        r, c = np.nonzero(ok)
        keep = _top_k(r, cols[c], score[r, c], k)
        return r[keep], c[keep]
    lo, hi = float(score[ok].min()), float(score[ok].max())
    top = (1 << q_bits) - 1
    q = np.zeros(score.shape, np.int64)
    if hi > lo:
        q = np.clip(np.rint((hi - score) / (hi - lo) * top), 0, top).astype(np.int64)
    key = np.where(ok, (q << c_bits) | cols.astype(np.int64), np.iinfo(np.int64).max)
    if key.shape[1] > k:
        best = np.argpartition(key, k - 1, axis=1)[:, :k]
    else:
        best = np.broadcast_to(np.arange(key.shape[1]), key.shape)
    r = np.repeat(np.arange(len(key)), best.shape[1])
    c = best.ravel()
    feasible = ok[r, c]
    return r[feasible], c[feasible]


def _block_candidates(
    prep: Prepared, tree: BallTree, block: np.ndarray, banned_keys: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """A block's youth, the companies at least one of them may be paired with, the pairs' mask and distances.

    One radius query around the block's centre finds every company within reach of some youth in it; the
    hard rules then run on the dense (youth x companies) matrix, and rows and columns without a feasible
    pair are dropped.
    """
    rows = block[prep.k_left[block] > 0]
    if not len(rows):
        return None
    lat, lon = prep.youth_lat[rows], prep.youth_lon[rows]
    mid_lat, mid_lon = float(lat.mean()), float(lon.mean())
    reach_km = float((haversine_km(mid_lat, mid_lon, lat, lon) + prep.travel_km[rows]).max()) + 1e-6
    near = np.sort(tree.query_radius(np.radians([[mid_lat, mid_lon]]), r=reach_km / EARTH_RADIUS_KM)[0])
    if not len(near):
        return None
    dist = haversine_km(lat[:, None], lon[:, None], prep.company_lat[near], prep.company_lon[near])
    ok = dist <= prep.travel_km[rows][:, None] + 1e-9
    ok &= ~prep.needs[rows][:, None] | prep.suits[near]
    has_seat = prep.seats_left[near] > 0
    seat = np.zeros_like(ok)
    days = prep.days
    for p in range(prep.n_periods):
        usable = prep.avail[rows, p][:, None] & has_seat[:, p]
        if not days.trivial:  # enough common weekdays in p (availability.DayRule)
            usable &= days.ok_matrix(rows, near, p)
        seat |= usable
    ok &= seat
    ok[_keys_in_block(banned_keys, max(len(prep.company_ids), 1), rows, near)] = False
    used_rows, used_cols = ok.any(axis=1), ok.any(axis=0)
    if not used_rows.any():
        return None
    ix = np.ix_(used_rows, used_cols)
    return rows[used_rows], near[used_cols], ok[ix], dist[ix]


def _spatial_blocks(prep: Prepared) -> list[np.ndarray]:
    """Youth who live in the same grid cell (about 11 x 10 km; at most 1,000 per block), ascending.

    A block then reaches few companies, and its pairs come from small dense products.
    """
    n_y = len(prep.youth_ids)
    cell = np.floor(prep.youth_lat / 0.1).astype(np.int64) * 100_000 + np.floor(prep.youth_lon / 0.16).astype(np.int64)
    spatial = np.lexsort((np.arange(n_y), cell))
    cut = np.flatnonzero(np.diff(cell[spatial])) + 1
    return [np.sort(g[i : i + _BLOCK_YOUTH]) for g in np.split(spatial, cut) for i in range(0, len(g), _BLOCK_YOUTH)]


PARALLEL_MIN_YOUTH = 20_000  # below this, starting worker processes costs more than the second core gives


def similarity_workers(n_youth: int) -> int:
    """Worker processes for the block scoring: the machine's cores (at most 2) for large rounds, else 1."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(cores, 2) if n_youth >= PARALLEL_MIN_YOUTH else 1


def _start_workers(workers: int) -> None:
    """Start the worker processes now, before the TF-IDF fit grows this process.

    A worker is forked from this process, and Linux keeps the fork-time resident size in the child's
    ru_maxrss: started after the fit (L: about 620 MB here), each worker reported that as its peak,
    although it only ever used about 420 MB.
    """
    from joblib import Parallel, delayed

    Parallel(n_jobs=workers)(delayed(os.getpid)() for _ in range(workers))


def _block_groups(blocks: list[np.ndarray], n_y: int, groups: int = 16) -> list[list[np.ndarray]]:
    """Consecutive blocks in groups of about n_y / groups youth: work units for the workers and progress steps."""
    out: list[list[np.ndarray]] = [[]]
    size, limit = 0, max(1, n_y // groups)
    for block in blocks:
        if size >= limit:
            out.append([])
            size = 0
        out[-1].append(block)
        size += len(block)
    return out


def _score_blocks(
    feats: _Features, prep: Prepared, weights: ScoreWeights, top_k: int, blocks: list[np.ndarray]
) -> list[tuple[np.ndarray, ...]]:
    """Top-K pairs of each block: (youth, company, score, distance, weighted components) arrays per block.

    A block's pairs do not depend on the other blocks, so any split of the blocks over processes gives
    the same pairs.
    """
    n_c = len(prep.company_ids)
    tree = BallTree(np.radians(np.c_[prep.company_lat, prep.company_lon]), metric="haversine")
    banned_keys = np.sort(np.fromiter((y * n_c + c for y, c in prep.banned), dtype=np.int64, count=len(prep.banned)))
    w = np.array([getattr(weights, name) for name in COMPONENTS])
    parts: list[tuple[np.ndarray, ...]] = []
    for block in blocks:
        found = _block_candidates(prep, tree, block, banned_keys)
        if found is None:
            continue
        rows, cols, ok, dist = found
        # A dense city block (L: up to 1,000 youth x 3,000 companies) in row slices of at most
        # _SCORE_CELLS cells: its dozen float64 temporaries then stay small (peak memory of each worker).
        step = max(1, _SCORE_CELLS // max(len(cols), 1))
        for start in range(0, len(rows), step):
            sl = slice(start, start + step)
            part = _score_block(feats, weights, w, top_k, rows[sl], cols, ok[sl], dist[sl])
            if part is not None:
                parts.append(part)
    return parts


def _score_block(
    feats: _Features,
    weights: ScoreWeights,
    w: np.ndarray,
    top_k: int,
    rows: np.ndarray,
    cols: np.ndarray,
    ok: np.ndarray,
    dist: np.ndarray,
) -> tuple[np.ndarray, ...] | None:
    """Top-K pairs of some youth of a block against the block's companies (see `_score_blocks`)."""
    if not ok.any():
        return None
    comps = feats.block_components(rows, cols, dist, weights)
    score = comps[COMPONENTS[0]] * w[0]
    for j, name in enumerate(COMPONENTS[1:], start=1):  # left to right, as a row sum of the parts
        score += comps[name] * w[j]
    r, c = _top_k_block(score, ok, cols, top_k)
    weighted = np.stack([comps[name][r, c] * w[j] for j, name in enumerate(COMPONENTS)], axis=1)
    return rows[r].astype(np.int32), cols[c].astype(np.int32), score[r, c], dist[r, c], weighted


def score_pairs(
    instance: Instance,
    prep: Prepared,
    weights: ScoreWeights,
    top_k: int,
    progress: Callable[[str, float], None] | None = None,
) -> ScoredPairs:
    """Top-K feasible pairs per youth: spatial radius query, hard rules, then TF-IDF on those pairs."""
    if instance.candidates is not None:
        return given_pairs(instance.candidates, prep)
    n_y, n_c = len(prep.youth_ids), len(prep.company_ids)
    workers = similarity_workers(n_y)
    if workers > 1 and n_c:
        _start_workers(workers)
    feats = _Features(instance, prep, weights)
    empty = ScoredPairs(
        np.zeros(0, np.int32),
        np.zeros(0, np.int32),
        np.zeros(0),
        np.zeros(0),
        {k: np.zeros(0) for k in COMPONENTS},
    )
    if n_y == 0 or n_c == 0:
        return empty
    blocks = _spatial_blocks(prep)
    groups = _block_groups(blocks, n_y)
    if workers > 1:  # processes: the block scoring holds the GIL, so threads would not help
        from joblib import Parallel, delayed

        results = Parallel(n_jobs=workers, return_as="generator")(
            delayed(_score_blocks)(feats, prep, weights, top_k, group) for group in groups
        )
    else:
        results = (_score_blocks(feats, prep, weights, top_k, group) for group in groups)
    parts: list[tuple[np.ndarray, ...]] = []
    done = 0
    for group, found in zip(groups, results, strict=True):
        parts.extend(found)
        done += sum(len(block) for block in group)
        if progress:
            progress("similarity", done / n_y)
    if workers > 1:  # give the workers' memory back: a round is planned now and then, not continuously
        from joblib.externals.loky import get_reusable_executor

        get_reusable_executor().shutdown(wait=True)
    del feats, results  # the TF-IDF matrices (L: about 110 MiB) are not needed for the pairs' columns
    release_freed_memory(sum(len(part[0]) for part in parts))
    if not parts:
        return empty
    return sorted_pairs(parts)


def score_candidates(
    instance: Instance,
    weights: ScoreWeights | None = None,
    top_k: int = 40,
) -> dict[str, list[Candidate]]:
    """The per-youth candidate lists the planner chooses from, best first (for review pages and exports)."""
    from .rules import prepare

    prep = prepare(instance)
    pairs = score_pairs(instance, prep, weights or ScoreWeights(), top_k)
    out: dict[str, list[Candidate]] = {yid: [] for yid in prep.youth_ids}
    names: Sequence[str] = list(pairs.components)
    for n in np.lexsort((pairs.ci, -pairs.score, pairs.yi)):
        out[prep.youth_ids[pairs.yi[n]]].append(
            Candidate(
                company_id=prep.company_ids[pairs.ci[n]],
                score=float(pairs.score[n]),
                distance_km=float(pairs.dist_km[n]),
                components={k: float(pairs.components[k][n]) for k in names},
            )
        )
    return out


def pair_scores(
    instance: Instance, prep: Prepared, weights: ScoreWeights, pairs: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], float]:
    """Score named pairs without hard rules or top-K (fixed placements are scored like any proposal)."""
    return {key: sum(parts.values()) for key, parts in pair_components(instance, prep, weights, pairs).items()}


def pair_components(
    instance: Instance, prep: Prepared, weights: ScoreWeights, pairs: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], dict[str, float]]:
    """Weighted components of named pairs, for explanations of fixed placements."""
    if not pairs:
        return {}
    feats = _Features(instance, prep, weights)
    yi = np.array([p[0] for p in pairs], dtype=np.int32)
    ci = np.array([p[1] for p in pairs], dtype=np.int32)
    dist = haversine_km(prep.youth_lat[yi], prep.youth_lon[yi], prep.company_lat[ci], prep.company_lon[ci])
    comps = feats.components(yi, ci, dist, weights)
    return {
        (int(y), int(c)): {name: float(getattr(weights, name) * comps[name][n]) for name in COMPONENTS}
        for n, (y, c) in enumerate(zip(yi, ci, strict=True))
    }
