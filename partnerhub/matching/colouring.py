"""Periods as colours: the relaxation's pairs get periods in a capacitated bipartite edge colouring.

Pairs are inserted by alternating (Kempe) chains; young people below their target get augmenting paths
over full seats. docs/matching.md ("Method", steps 2 and 3) says why this reaches the relaxation's
optimum with constant capacity and full availability (König's edge-colouring theorem).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

import numpy as np

# Steps one alternating-chain search may take before it gives up (it has never run out on the bench).
CHAIN_BUDGET = 4_000
# Deepest alternating chain searched: far beyond any chain met in practice, and keeps the recursion safe.
CHAIN_MAX_DEPTH = 300
# Full seats one augmenting-path search may expand: enough for the short paths that succeed at L.
AUGMENT_MAX_SEATS = 100
# Other candidates of a seated young person tried on an augmenting path (their best ones).
AUGMENT_WIDTH = 12

# The weekday rule as plain lists (availability.DayRule.lookup): youth masks, company x period masks, and
# whether a count of common days is enough; None when the rule refuses no pair.
DayLookup = tuple[list[int], list[list[int]], list[bool]] | None
Move = tuple[int, int, int, int, int]  # (youth, from company, from period, to company, to period)
Seat = tuple[int, int]  # (company, period)
ChainMove = tuple[int, int, int, int]  # (youth, company, from period, to period)


class Colouring:
    """Periods as colours of the chosen pairs: a capacitated edge colouring grown by alternating chains.

    To give (y, c) period a when c is full in a but has room in b, one young person in (c, a) moves to b;
    if that person was busy in b at company d, their d-placement moves to a, and so on (a Kempe chain,
    searched over every choice). With constant capacity and full availability such a chain always exists
    (König), so every chosen pair gets a period. With a weekday rule (`days`), a pair may only take the
    periods in which the young person and the company share enough days; every move below checks it.
    """

    def __init__(self, avail: np.ndarray, seats: np.ndarray, budget: int = CHAIN_BUDGET, days: DayLookup = None):
        self.n_p: int = avail.shape[1]
        self.avail: list[list[bool]] = avail.tolist()
        self.cap: list[list[int]] = seats.tolist()
        self.youth_at = [[-1] * self.n_p for _ in range(avail.shape[0])]
        self.members: list[list[set[int]]] = [[set() for _ in range(self.n_p)] for _ in range(len(self.cap))]
        self.pairs: set[tuple[int, int]] = set()
        self.budget = budget
        self.free = [sum(max(v, 0) for v in row) for row in self.cap]  # free seats per company
        self.placed = [0] * avail.shape[0]  # placements per youth
        self.days = days

    def days_ok(self, y: int, c: int, p: int) -> bool:
        """y and c share enough weekdays in period p (always true without a weekday rule)."""
        if self.days is None:
            return True
        youth_mask, company_mask, enough = self.days
        return enough[youth_mask[y] & company_mask[c][p]]

    def _put(self, y: int, c: int, p: int) -> None:
        self.youth_at[y][p] = c
        self.members[c][p].add(y)
        self.free[c] -= 1
        self.placed[y] += 1

    def _take(self, y: int, c: int, p: int) -> None:
        self.youth_at[y][p] = -1
        self.members[c][p].discard(y)
        self.free[c] += 1
        self.placed[y] -= 1

    def _room(self, c: int, p: int) -> bool:
        return len(self.members[c][p]) < self.cap[c][p]

    def _free_periods(self, y: int) -> list[int]:
        """Periods y is available and not yet placed in."""
        return [p for p in range(self.n_p) if self.avail[y][p] and self.youth_at[y][p] == -1]

    def place(self, y: int, c: int, p: int) -> bool:
        """Put (y, c) in period p if y is free then and c has a seat left."""
        if (y, c) in self.pairs or not self.avail[y][p] or self.youth_at[y][p] != -1 or not self._room(c, p):
            return False
        if not self.days_ok(y, c, p):
            return False
        self._put(y, c, p)
        self.pairs.add((y, c))
        return True

    def place_any(self, y: int, cands: Sequence[int]) -> bool:
        """Put y at the best candidate that has a seat in a period y is free (no one moves)."""
        free = self._free_periods(y)
        if not free:
            return False
        for c in cands:
            if self.free[c] <= 0 or (y, c) in self.pairs:
                continue
            row, cap = self.members[c], self.cap[c]
            for p in free:
                if len(row[p]) < cap[p] and self.days_ok(y, c, p):
                    self._put(y, c, p)
                    self.pairs.add((y, c))
                    return True
        return False

    def insert(self, y: int, c: int, own_moves: bool = True) -> bool:
        """Give (y, c) some period, moving others along one alternating chain if needed; drops nobody."""
        if (y, c) in self.pairs:
            return False
        free_y = self._free_periods(y)
        for p in free_y:
            if self.place(y, c, p):
                return True
        room_c = [p for p in range(self.n_p) if self._room(c, p)]
        if self._insert_by_chain(y, c, free_y, room_c):
            return True
        return own_moves and self._insert_by_own_move(y, c, room_c)

    def _insert_by_chain(self, y: int, c: int, free_y: list[int], room_c: list[int]) -> bool:
        """Free a seat for y at c in one of y's free periods by an alternating chain of other youth."""
        for a in free_y:
            if self.cap[c][a] <= 0 or not self.days_ok(y, c, a):
                continue
            for b in room_c:
                moves = self._chain(c, a, b, y)
                if moves is not None:
                    self._apply(moves)
                    self._put(y, c, a)
                    self.pairs.add((y, c))
                    return True
        return False

    def _insert_by_own_move(self, y: int, c: int, room_c: list[int]) -> bool:
        """Move one of y's own placements out of a period in which c has room, and re-insert it."""
        for a in room_c:
            e = self.youth_at[y][a]
            if e == -1 or not self.avail[y][a] or not self.days_ok(y, c, a):
                continue
            self._swap(y, e, c, a)
            if self.insert(y, e, own_moves=False):
                return True
            self._swap(y, c, e, a)
        return False

    def _swap(self, y: int, old: int, new: int, p: int) -> None:
        """y's placement in period p changes company from old to new."""
        self.unseat(y, old, p)
        self.seat(y, new, p)

    def seat(self, y: int, c: int, p: int) -> None:
        """Place (y, c) in period p unchecked (the caller keeps seats and periods valid)."""
        self._put(y, c, p)
        self.pairs.add((y, c))

    def unseat(self, y: int, c: int, p: int) -> None:
        """Remove y's placement at c in period p."""
        self._take(y, c, p)
        self.pairs.discard((y, c))

    def augment(
        self, y: int, cands: Sequence[Sequence[int]], max_seats: int = AUGMENT_MAX_SEATS, width: int = AUGMENT_WIDTH
    ) -> bool:
        """Give y one more placement along a shortest augmenting path over full seats (breadth first).

        A full seat (c, p) passes one of its young people u on: u moves to c in another period, to one of
        u's own candidates (the first `width`, best first) in p or in a period u is free, or swaps
        periods with u's placement d elsewhere (u: c p->q, d q->p, a Kempe step). The path ends at a
        seat with room. Every young person keeps their placement count (y gains one), each moves at
        most once, and the applied path is re-checked against seats; on any conflict it is undone.
        """
        free = self._free_periods(y)
        if not free:
            return False
        search = _PathSearch(self, cands, width, y)
        end = search.start(free)
        expanded = 0
        while end is None and search.queue and expanded < max_seats:
            end = search.expand(search.queue.popleft())
            expanded += 1
        if end is None:
            return False
        return self._apply_checked(search.path_to(end))

    def _apply_checked(self, moves: list[Move]) -> bool:
        """Apply an augmenting path; undo it if any seat it touches is over capacity."""
        self._apply_moves(moves)
        members, cap = self.members, self.cap
        touched = {(c, p) for _, c, p, _, _ in moves if c >= 0} | {(c, p) for _, _, _, c, p in moves}
        if all(len(members[c][p]) <= cap[c][p] for c, p in touched):
            return True
        self._apply_moves([(u, c2, q, c, p) for u, c, p, c2, q in reversed(moves)])
        return False

    def _apply_moves(self, moves: Sequence[Move]) -> None:
        """Moves (youth, from company, from period, to company, to period); from company -1 is a new pair."""
        for u, c, p, _, _ in moves:
            if c >= 0:
                self._take(u, c, p)
                self.pairs.discard((u, c))
        for u, _, _, c, p in moves:
            if c >= 0:
                self._put(u, c, p)
                self.pairs.add((u, c))

    def _chain(self, c: int, a: int, b: int, newcomer: int) -> list[ChainMove] | None:
        """Moves (youth, company, from, to) that free a seat for the newcomer in (c, a), or None."""
        budget = [self.budget]
        used = {newcomer}

        def search(company: int, depth: int) -> list[ChainMove] | None:
            # `company` is full in a; move one of its young people from a to b (it has room in b).
            if depth > CHAIN_MAX_DEPTH:
                return None
            for u in sorted(self.members[company][a]):
                if u in used or not self.avail[u][b] or not self.days_ok(u, company, b):
                    continue
                budget[0] -= 1
                if budget[0] < 0:
                    return None
                d = self.youth_at[u][b]
                if d == -1:
                    return [(u, company, a, b)]
                if self.cap[d][a] <= 0 or d == company or not self.days_ok(u, d, a):
                    continue
                used.add(u)
                moves = [(u, company, a, b), (u, d, b, a)]
                if self._room(d, a):
                    return moves
                rest = search(d, depth + 1)
                if rest is not None:
                    return moves + rest
                used.discard(u)
            return None

        return search(c, 0)

    def _apply(self, moves: list[ChainMove]) -> None:
        for u, comp, frm, _ in moves:
            self._take(u, comp, frm)
        for u, comp, _, to in moves:
            self._put(u, comp, to)

    def assignments(self) -> list[tuple[int, int, int]]:
        """(youth, company, period) triples, sorted."""
        out = []
        for y, row in enumerate(self.youth_at):
            for p, c in enumerate(row):
                if c != -1:
                    out.append((y, c, p))
        return sorted(out)


class _PathSearch:
    """State of one breadth-first augmenting-path search for `Colouring.augment`."""

    def __init__(self, col: Colouring, cands: Sequence[Sequence[int]], width: int, newcomer: int):
        self.col, self.cands, self.width, self.newcomer = col, cands, width, newcomer
        self.parent: dict[Seat, tuple[tuple[Move, ...], Seat | None]] = {}
        self.queue: deque[Seat] = deque()
        self.seen = {newcomer}

    def reach(self, seat: Seat, moves: tuple[Move, ...], prev: Seat | None) -> bool:
        """Record how a seat is entered; True when it has room (the path ends here)."""
        if seat in self.parent:
            return False
        self.parent[seat] = (moves, prev)
        c, p = seat
        if len(self.col.members[c][p]) < self.col.cap[c][p]:
            return True
        self.queue.append(seat)
        return False

    def start(self, free: list[int]) -> Seat | None:
        """Enter the newcomer's candidates' seats in their free periods; a seat with room ends at once."""
        y, col = self.newcomer, self.col
        for c in self.cands[y]:
            if (y, c) in col.pairs:
                continue
            for p in free:
                if col.cap[c][p] > 0 and col.days_ok(y, c, p) and self.reach((c, p), ((y, -1, -1, c, p),), None):
                    return (c, p)
        return None

    def expand(self, seat: Seat) -> Seat | None:
        """Pass each young person seated at a full seat on; returns the end seat once one has room."""
        for u in sorted(self.col.members[seat[0]][seat[1]]):
            if u in self.seen:
                continue
            self.seen.add(u)
            end = self._other_period(u, seat)
            if end is None:
                end = self._other_candidate(u, seat)
            if end is not None:
                return end
        return None

    def _other_period(self, u: int, seat: Seat) -> Seat | None:
        """u stays at c but moves to another period: a free one, or one swapped with u's own placement."""
        c, p = seat
        col = self.col
        row, ok, cap, members = col.youth_at[u], col.avail[u], col.cap, col.members
        for q in range(col.n_p):
            if q == p or not ok[q] or cap[c][q] <= 0 or not col.days_ok(u, c, q):
                continue
            d = row[q]
            if d == -1:
                if self.reach((c, q), ((u, c, p, c, q),), seat):
                    return (c, q)
            elif (
                len(members[c][q]) < cap[c][q]
                and cap[d][p] > 0
                and col.days_ok(u, d, p)
                and self.reach((d, p), ((u, c, p, c, q), (u, d, q, d, p)), seat)
            ):
                return (d, p)
        return None

    def _other_candidate(self, u: int, seat: Seat) -> Seat | None:
        """u moves to one of their best other candidates, in the same period or one they are free."""
        c, p = seat
        col = self.col
        row, ok = col.youth_at[u], col.avail[u]
        for c2 in self.cands[u][: self.width]:
            if (u, c2) in col.pairs:
                continue
            for q in range(col.n_p):
                if (
                    col.cap[c2][q] > 0
                    and ok[q]
                    and (q == p or row[q] == -1)
                    and col.days_ok(u, c2, q)
                    and self.reach((c2, q), ((u, c, p, c2, q),), seat)
                ):
                    return (c2, q)
        return None

    def path_to(self, end: Seat) -> list[Move]:
        """The moves from the newcomer's seat to `end`, last seat first (as they are applied)."""
        moves: list[Move] = []
        seat: Seat | None = end
        while seat is not None:
            step, seat = self.parent[seat]
            moves.extend(step)
        return moves
