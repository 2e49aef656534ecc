r"""Who plays whom on a network, and the payoffs that follow: structure, coefficients, counts.

Interaction convention (documented in :class:`~coinnovation.NetworkDynamics`):

- **one population** (a symmetric two-player game): node :math:`i` plays
  every neighbour; its opponents' counts are :math:`c_i[b]`, the number of
  neighbours playing :math:`b`.
- **several populations** (one per player of the game): node :math:`i` of
  population :math:`p` forms a group with every combination of one neighbour
  from each *other* population :math:`q`, and plays the game once in each
  group. With :math:`c_{iq}[b]` the number of its neighbours in population
  :math:`q` playing :math:`b`, its accumulated payoff from strategy :math:`a` is

  .. math::

      P_i(a) = \sum_{b_{-p}} u_p(a, b_{-p}) \prod_{q \ne p} c_{iq}[b_q],

  over :math:`G_i = \prod_{q\ne p} k_{iq}` groups; the averaged payoff is
  :math:`P_i(a) / G_i = u_p(a, \sigma_{-p})`, the expected payoff against the
  mixed strategies :math:`\sigma_q = c_{iq}/k_{iq}` of its neighbourhood.

Floating-point order (part of the reproducibility contract, so that a naive
per-node loop gives the same bits): :math:`W_b = c_{q_1}[b_1] c_{q_2}[b_2]
\cdots` multiplied left to right (exact: counts are integers); the sum over
:math:`b_{-p}` runs in lexicographic order (first other population slowest),
left to right; the averaged payoff is that sum divided by :math:`G_i`; a node
with :math:`G_i = 0` earns 0.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import scipy.sparse as sps
import sympy as sp

from .._util.tolerance import TOL
from ..errors import InvalidInputError

__all__ = ["Coefficients", "Structure", "build_structure", "count_neighbours", "payoff_tensors",
           "strategy_payoffs"]


@dataclass(frozen=True, eq=False)
class Structure:
    """Interaction and imitation structure of a graph with populations (graph node order)."""

    n: int
    single: bool
    pop: np.ndarray                      # (N,) population index of each node
    members: tuple[np.ndarray, ...]      # node indices of each population, increasing
    loc: np.ndarray                      # (N,) position of a node in its population
    m: tuple[int, ...]                   # strategies per population
    opponents: tuple[tuple[int, ...], ...]   # populations a node of p plays with
    slot: np.ndarray                     # slot[q, p]: position of p in opponents[q], else -1
    blocks: dict[tuple[int, int], sps.csr_array]   # (p, slot) -> (N_p, N_q) float64 adjacency
    degrees: tuple[np.ndarray, ...]      # per p: (n_slots, N_p) interaction degree per slot
    groups: tuple[np.ndarray, ...]       # per p: (N_p,) number of groups, float64
    imit_indptr: np.ndarray              # CSR over all nodes of same-population neighbours
    imit_indices: np.ndarray
    inter_indptr: np.ndarray             # CSR over all nodes of interaction neighbours
    inter_indices: np.ndarray
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    @property
    def n_pops(self) -> int:
        return len(self.members)

    @cached_property
    def imit_degree(self) -> np.ndarray:
        return np.diff(self.imit_indptr)

    @cached_property
    def imit_pick(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Partner picking: ``(k as float, max(k - 1, 0), first position (0 if k = 0), k > 0)``,
        the first three as columns ``(N, 1)``."""
        k = self.imit_degree
        has = k > 0
        return (k.astype(np.float64)[:, None], np.maximum(k - 1, 0)[:, None],
                np.where(has, self.imit_indptr[:-1], 0)[:, None], has)

    @cached_property
    def imit_rows(self) -> np.ndarray:
        """The row (node) of every entry of the imitation CSR."""
        return np.repeat(np.arange(self.n, dtype=np.int64), self.imit_degree)

    def imitation_copies(self, r: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The imitation CSR of ``r`` disjoint copies of the graph, node ``(i, run)`` = ``i r + run``.

        Returns ``(indptr, indices, rows, has)`` (``rows``: the row of every
        entry; ``has``: rows with an entry), so that ``(N, R)`` arrays are
        handled as one flat vector in C order. Cached per ``r``.
        """
        key = ("imitation copies", r)
        if key not in self._cache:
            k = self.imit_degree
            if r == 1:
                ptr, ind = self.imit_indptr, self.imit_indices
            else:
                rows = self.imit_rows
                within = np.arange(rows.size, dtype=np.int64) - self.imit_indptr[rows]
                ptr = np.concatenate([[0], np.cumsum(np.repeat(k, r))]).astype(np.int64)
                ind = np.empty(rows.size * r, dtype=np.int64)
                for c in range(r):
                    ind[self.imit_indptr[rows] * r + c * k[rows] + within] = \
                        self.imit_indices * r + c
            deg = np.diff(ptr)
            self._cache[key] = (ptr, ind, np.repeat(np.arange(deg.size, dtype=np.int64), deg),
                                deg > 0)
        return self._cache[key]

    @cached_property
    def float_degrees(self) -> tuple[np.ndarray, ...]:
        """Per population ``(n_slots, N_p, 1)`` float64 interaction degrees."""
        return tuple(d.astype(np.float64)[:, :, None] for d in self.degrees)

    def take(self, arr: np.ndarray, p: int) -> np.ndarray:
        """Rows of population ``p`` (the array itself for one population)."""
        return arr if self.single else arr[self.members[p]]


def build_structure(adjacency: sps.csr_array, pop: np.ndarray | None, m: tuple[int, ...]
                    ) -> Structure:
    """Split the adjacency into interaction blocks and the imitation graph.

    ``pop`` is None for one population (every edge is both an interaction and
    an imitation tie); otherwise edges across populations are interactions and
    edges within a population are imitation (information) ties.
    """
    n = adjacency.shape[0]
    a = sps.csr_array(adjacency, dtype=np.float64)
    indptr = adjacency.indptr.astype(np.int64)
    indices = adjacency.indices.astype(np.int64)
    if pop is None:
        members = (np.arange(n, dtype=np.int64),)
        popv = np.zeros(n, dtype=np.int64)
        opponents: tuple[tuple[int, ...], ...] = ((0,),)
        slot = np.zeros((1, 1), dtype=np.int64)
        blocks = {(0, 0): a}
        deg = np.diff(indptr)
        degrees = (deg[None, :].astype(np.int64),)
        groups = (deg.astype(np.float64),)
        return Structure(n, True, popv, members, np.arange(n, dtype=np.int64), m, opponents, slot,
                         blocks, degrees, groups, indptr, indices, indptr, indices)
    n_pops = len(m)
    popv = np.asarray(pop, dtype=np.int64)
    members = tuple(np.flatnonzero(popv == p).astype(np.int64) for p in range(n_pops))
    loc = np.empty(n, dtype=np.int64)
    for mem in members:
        loc[mem] = np.arange(mem.size)
    opponents = tuple(tuple(q for q in range(n_pops) if q != p) for p in range(n_pops))
    slot = -np.ones((n_pops, n_pops), dtype=np.int64)
    for q in range(n_pops):
        for s, p in enumerate(opponents[q]):
            slot[q, p] = s
    blocks: dict[tuple[int, int], sps.csr_array] = {}
    degrees_l, groups_l = [], []
    for p in range(n_pops):
        rows = a[members[p]]
        deg = np.zeros((len(opponents[p]), members[p].size), dtype=np.int64)
        for s, q in enumerate(opponents[p]):
            b = sps.csr_array(rows[:, members[q]])
            b.sort_indices()
            blocks[(p, s)] = b
            deg[s] = np.diff(b.indptr)
        degrees_l.append(deg)
        g = np.ones(members[p].size, dtype=np.float64)
        for s in range(deg.shape[0]):
            g = g * deg[s]
        groups_l.append(g)
    rows_of = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
    same = popv[rows_of] == popv[indices]
    imit_indptr = np.concatenate([[0], np.cumsum(np.bincount(rows_of[same], minlength=n))])
    inter_indptr = np.concatenate([[0], np.cumsum(np.bincount(rows_of[~same], minlength=n))])
    return Structure(n, False, popv, members, loc, m, opponents, slot, blocks, tuple(degrees_l),
                     tuple(groups_l), imit_indptr.astype(np.int64), indices[same],
                     inter_indptr.astype(np.int64), indices[~same])


def payoff_tensors(game: Any, single: bool) -> list[np.ndarray]:
    """Per population the payoff table ``(m_p, M_p)``: own strategy x opponents' profiles.

    Entries are floats (numeric game) or sympy expressions (object arrays).
    """
    symbolic = game.is_symbolic
    n = game.n_players
    out = []
    for p in range(1 if single else n):
        arr = game.symbolic_payoff_array(p) if symbolic else game.payoff_array(p)
        arr = np.moveaxis(arr, p, 0)
        out.append(arr.reshape(arr.shape[0], -1))
    return out


class Coefficients:
    """Payoff coefficients ``coef[p][a][b]``: a float, or an array ``(N_p, 1)`` or ``(N_p, R)``.

    Built from the payoff tables and per-node parameter values; ``scale`` is
    the largest magnitude of any coefficient (for the tie tolerance).
    """

    __slots__ = ("entries", "scale")

    def __init__(self, entries: list[list[list[Any]]], scale: float | None = None) -> None:
        self.entries = entries
        if scale is None:
            scale = 0.0
            for pe in entries:
                for row in pe:
                    for v in row:
                        scale = max(scale, float(np.max(np.abs(v))) if np.ndim(v) else abs(float(v)))
        self.scale = scale

    def __getstate__(self) -> tuple[Any, float]:
        return self.entries, self.scale

    def __setstate__(self, state: tuple[Any, float]) -> None:
        self.entries, self.scale = state

    def select(self, runs: np.ndarray) -> Coefficients:
        """The coefficients of some runs (columns); the tolerance scale stays that of all runs."""
        def pick(v: Any) -> Any:
            return v[:, runs] if np.ndim(v) == 2 and v.shape[1] > 1 else v
        return Coefficients([[[pick(v) for v in row] for row in pe] for pe in self.entries],
                            self.scale)

    @classmethod
    def build(cls, tables: list[np.ndarray], struct: Structure, values: dict[str, np.ndarray],
              nodes: tuple[Any, ...]) -> Coefficients:
        """Evaluate the tables at per-node ``values`` (``name -> (N, 1)`` or ``(N, R)`` arrays).

        Each distinct combination of parameter values is substituted exactly as
        :meth:`NormalFormGame.subs` does (an integral value as an integer, any
        other as a float), so a node with ``S = 2`` gets the payoffs of
        ``game.subs(S=2)`` to the last bit. Beyond :data:`EXACT_COMBINATIONS`
        distinct combinations the tables are evaluated by vectorized numpy
        arithmetic instead (equal up to rounding).
        """
        names = sorted(values)
        symbolic = any(t.dtype == object for t in tables)
        if not symbolic:
            return cls([[[float(v) for v in row] for row in t] for t in tables])
        n = struct.n
        cols = max(values[k].shape[1] for k in names)
        flat = np.stack([np.broadcast_to(values[k], (n, cols)) for k in names], axis=-1
                        ).reshape(-1, len(names))
        uniq, inv = np.unique(flat, axis=0, return_inverse=True)
        inv = inv.reshape(n, cols)
        exact = uniq.shape[0] <= EXACT_COMBINATIONS
        symbols = _symbols(tables, names)
        rules = [dict(zip(symbols, (_number(v) for v in row), strict=True))
                 for row in uniq] if exact else []
        entries: list[list[list[Any]]] = []
        for p, table in enumerate(tables):
            mem = struct.members[p]
            inv_p = inv if struct.single else inv[mem]
            pe: list[list[Any]] = []
            for a in range(table.shape[0]):
                row: list[Any] = []
                for b in range(table.shape[1]):
                    expr = table[a, b]
                    if not isinstance(expr, sp.Basic) or not expr.free_symbols:
                        row.append(float(expr))
                        continue
                    if exact:
                        at = np.array([_evaluate(expr, r) for r in rules])
                        out = at[inv_p]
                    else:
                        out = _vectorized(expr, values, mem, struct.single, (inv_p.shape[0], cols))
                    row.append(_checked(out, expr, mem, nodes))
                pe.append(row)
            entries.append(pe)
        return cls(entries)

    def tolerance(self, struct: Structure, averaged: bool) -> float:
        """``TOL * max(1, scale) * max(1, G_max)`` (``G_max = 1`` for averaged payoffs)."""
        gmax = 1.0
        if not averaged:
            gmax = max((float(g.max()) if g.size else 0.0) for g in struct.groups)
        return TOL * max(1.0, self.scale) * max(1.0, gmax)


EXACT_COMBINATIONS = 1024
"""Up to this many distinct parameter combinations, payoffs are substituted exactly."""


def _symbols(tables: list[np.ndarray], names: list[str]) -> list[sp.Symbol]:
    by_name: dict[str, sp.Symbol] = {}
    for t in tables:
        if t.dtype == object:
            for e in t.ravel().tolist():
                if isinstance(e, sp.Basic):
                    for s in e.free_symbols:
                        by_name[str(s)] = s
    return [by_name.get(k, sp.Symbol(k)) for k in names]


def _number(v: float) -> Any:
    return sp.Integer(int(v)) if float(v).is_integer() else sp.Float(float(v))


def _evaluate(expr: sp.Basic, rule: dict[sp.Symbol, Any]) -> float:
    val = expr.xreplace(rule)
    if not val.is_number:
        raise InvalidInputError(f"parameters: the payoff {expr} still has free symbols "
                                f"{sorted(map(str, val.free_symbols))}")
    c = complex(val)
    if c.imag != 0:
        return float("nan")
    return c.real


def _vectorized(expr: sp.Basic, values: dict[str, np.ndarray], mem: np.ndarray, single: bool,
                shape: tuple[int, int]) -> np.ndarray:
    names = sorted(str(s) for s in expr.free_symbols)
    by_name = {str(s): s for s in expr.free_symbols}
    f = sp.lambdify([by_name[k] for k in names], expr, "numpy")
    args = [values[k] if single else values[k][mem] for k in names]
    with np.errstate(all="ignore"):
        out = np.asarray(f(*args))
    if out.dtype.kind == "c":
        out = np.where(out.imag == 0, out.real, np.nan)
    return np.broadcast_to(out.astype(np.float64), shape)


def _checked(out: np.ndarray, expr: sp.Basic, mem: np.ndarray, nodes: tuple[Any, ...]) -> Any:
    bad = ~np.isfinite(out)
    if bad.any():
        k = int(np.argwhere(bad)[0][0])
        raise InvalidInputError(f"parameters: the payoff {expr} is not a finite real number at node "
                                f"{nodes[int(mem[k])]!r}")
    if out.shape[1] == 1 and np.all(out == out[0, 0]):
        return float(out[0, 0])
    return np.ascontiguousarray(out, dtype=np.float64)


def count_neighbours(struct: Structure, state: np.ndarray) -> list[list[list[np.ndarray]]]:
    """``counts[p][slot][b]``: ``(N_p, R)`` float64 numbers of opponents playing ``b``.

    ``state`` is ``(N, R)`` (strategy indices). The last strategy's count is
    the degree minus the others (exact: integers). Every array is C-contiguous
    (so that :func:`update_counts` can change it in place).
    """
    out: list[list[list[np.ndarray]]] = []
    for p in range(struct.n_pops):
        per_slot = []
        for s, q in enumerate(struct.opponents[p]):
            mq = struct.m[q]
            block = struct.blocks[(p, s)]
            sq = struct.take(state, q)
            r = state.shape[1]
            if mq == 1:
                per_slot.append([np.repeat(struct.degrees[p][s][:, None].astype(np.float64), r,
                                           axis=1)])
                continue
            x = np.empty((sq.shape[0], (mq - 1) * r), dtype=np.float64)
            for b in range(mq - 1):
                np.equal(sq, b, out=x[:, b * r:(b + 1) * r], casting="unsafe")
            y = block @ x
            cols = [np.ascontiguousarray(y[:, b * r:(b + 1) * r]) for b in range(mq - 1)]
            last = struct.float_degrees[p][s] - cols[0]
            for c in cols[1:]:
                last = last - c
            per_slot.append([*cols, last])
        out.append(per_slot)
    return out


def strategy_payoffs(struct: Structure, coef: Coefficients, counts: list[list[list[np.ndarray]]],
                     p: int, averaged: bool) -> list[np.ndarray]:
    """Payoff ``(N_p, R)`` of every strategy ``a`` of population ``p`` (the documented order)."""
    slots = counts[p]
    profiles = list(itertools.product(*(range(len(c)) for c in slots)))
    weights = []
    for prof in profiles:
        w = slots[0][prof[0]]
        for s in range(1, len(prof)):
            w = w * slots[s][prof[s]]
        weights.append(w)
    out = []
    g = struct.groups[p][:, None]
    for row in coef.entries[p]:
        total = row[0] * weights[0]
        for b in range(1, len(profiles)):
            total = total + row[b] * weights[b]
        total = np.broadcast_to(total, weights[0].shape)
        if averaged:
            total = np.divide(total, g, out=np.zeros(weights[0].shape), where=g > 0)
        out.append(total)
    return out


def own_payoffs(struct: Structure, coef: Coefficients, counts: list[list[list[np.ndarray]]],
                state: np.ndarray, averaged: bool) -> np.ndarray:
    """``(N, R)``: every node's payoff from the strategy it plays."""
    out = np.empty(state.shape, dtype=np.float64)
    for p in range(struct.n_pops):
        pay = strategy_payoffs(struct, coef, counts, p, averaged)
        sp_ = struct.take(state, p)
        if len(pay) == 1:
            own = pay[0]
        elif len(pay) == 2:
            own = np.where(sp_ == 0, pay[0], pay[1])
        else:
            own = np.choose(sp_, pay)
        if struct.single:
            return np.ascontiguousarray(np.broadcast_to(own, state.shape), dtype=np.float64)
        out[struct.members[p]] = own
    return out


# ---------------------------------------------------------------------- node-and-run pairs
def pair_payoffs(struct: Structure, coef: Coefficients, counts: Any, nodes: np.ndarray,
                 runs: np.ndarray, averaged: bool) -> np.ndarray:
    """Payoffs ``(K, m_max)`` of every strategy for the pairs ``(nodes[k], runs[k])``.

    ``counts`` is the asynchronous ``(N, R, n_slots, m_max)`` int64 array, or the
    synchronous ``counts[p][slot][b]`` of :func:`count_neighbours`. Strategies a
    population does not have are ``-inf``. Same arithmetic order as
    :func:`strategy_payoffs`, so the same bits.
    """
    m_max = max(struct.m)
    out = np.full((nodes.size, m_max), -np.inf)
    dense = isinstance(counts, np.ndarray)
    for p in range(struct.n_pops):
        sel = np.flatnonzero(struct.pop[nodes] == p) if not struct.single else np.arange(nodes.size)
        if sel.size == 0:
            continue
        nd, rn = nodes[sel], runs[sel]
        lc = struct.loc[nd]
        if dense:
            c = counts[nd, rn]                           # (K_p, n_slots, m_max)

            def get(s: int, b: int, c: np.ndarray = c) -> np.ndarray:
                return c[:, s, b]
        else:
            def get(s: int, b: int, p: int = p, lc: np.ndarray = lc, rn: np.ndarray = rn
                    ) -> np.ndarray:
                return counts[p][s][b][lc, rn]
        opp = struct.opponents[p]
        profiles = list(itertools.product(*(range(struct.m[q]) for q in opp)))
        weights = []
        for prof in profiles:
            w = get(0, prof[0])
            for s in range(1, len(prof)):
                w = w * get(s, prof[s])
            weights.append(w)
        g = struct.groups[p][lc]
        for a, row in enumerate(coef.entries[p]):
            total = _pick(row[0], lc, rn) * weights[0]
            for b in range(1, len(profiles)):
                total = total + _pick(row[b], lc, rn) * weights[b]
            total = np.broadcast_to(total, (sel.size,)).astype(np.float64)
            if averaged:
                total = np.divide(total, g, out=np.zeros(sel.size), where=g > 0)
            out[sel, a] = total
    return out


def ranges(indptr: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the CSR rows ``rows`` concatenated, and the owner (index into rows) of each."""
    lens = indptr[rows + 1] - indptr[rows]
    total = int(lens.sum())
    owner = np.repeat(np.arange(rows.size, dtype=np.int64), lens)
    if total == 0:
        return np.zeros(0, dtype=np.int64), owner
    first = np.cumsum(lens) - lens
    pos = indptr[rows][owner] + (np.arange(total, dtype=np.int64) - first[owner])
    return pos, owner


def update_counts(struct: Structure, counts: list[list[list[np.ndarray]]], old: np.ndarray,
                  new: np.ndarray) -> bool:
    """Move the synchronous ``counts`` from state ``old`` to ``new`` in place (exact: +-1 on integers).

    Returns False, changing nothing, when so many ties are touched that a full
    recount (:func:`count_neighbours`) is cheaper; both give the same numbers.
    """
    r = old.shape[1]
    diff = np.flatnonzero(old != new)
    if diff.size == 0:
        return True
    j = diff // r
    deg = struct.inter_indptr[j + 1] - struct.inter_indptr[j]
    if 16 * int(deg.sum()) > struct.inter_indices.size:   # ufunc.at costs ~16 matvec entries
        return False
    pos, owner = ranges(struct.inter_indptr, j)
    if pos.size == 0:
        return True
    i = struct.inter_indices[pos]
    flat = struct.loc[i] * r + (diff % r)[owner]
    a_old = old.reshape(-1)[diff][owner]
    a_new = new.reshape(-1)[diff][owner]
    for p in range(struct.n_pops):
        for s, q in enumerate(struct.opponents[p]):
            if struct.single:
                mask = None
            else:
                mask = (struct.pop[i] == p) & (struct.pop[j][owner] == q)
                if not mask.any():
                    continue
            idx = flat if mask is None else flat[mask]
            ao = a_old if mask is None else a_old[mask]
            an = a_new if mask is None else a_new[mask]
            for b in range(struct.m[q]):
                target = counts[p][s][b].reshape(-1)
                np.subtract.at(target, idx[ao == b], 1.0)
                np.add.at(target, idx[an == b], 1.0)
    return True


def _pick(v: Any, lc: np.ndarray, rn: np.ndarray) -> Any:
    if np.ndim(v) == 0:
        return v
    return v[lc, 0] if v.shape[1] == 1 else v[lc, rn]


def count_array(struct: Structure, state: np.ndarray) -> np.ndarray:
    """``(N, R, n_slots, m_max)`` int64 opponent counts (for asynchronous updates)."""
    n, r = state.shape
    n_slots = max(len(o) for o in struct.opponents)
    m_max = max(struct.m)
    out = np.zeros((n, r, n_slots, m_max), dtype=np.int64)
    counts = count_neighbours(struct, state)
    for p in range(struct.n_pops):
        rows = struct.members[p]
        for s, per_b in enumerate(counts[p]):
            for b, c in enumerate(per_b):
                out[rows, :, s, b] = c.astype(np.int64)
    return out
