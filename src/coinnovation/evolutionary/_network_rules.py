r"""Update rules of network dynamics, synchronous and asynchronous, vectorized over runs.

States are ``(N, R)`` arrays of strategy indices (nodes in graph order, one
column per run). The random numbers of a step are given, never drawn here:
``u1`` picks (an imitation partner, a tie, a logit choice) and ``u2`` accepts
(the Fermi rule). The arithmetic is the documented one (see
:class:`coinnovation.NetworkDynamics`), so that a per-node loop reproduces it
to the last bit:

- a pick among :math:`k` items is item :math:`\min(\lfloor u_1 k\rfloor, k-1)`
  in order (neighbours in graph order; tied strategies by index);
- Fermi: switch to the partner's strategy iff :math:`u_2 <
  1/(1+e^{-\beta(P_j - P_i)})`, computed as ``1.0 / (1.0 + numpy.exp(-(beta * (P_j -
  P_i))))``; at
  :math:`\beta=\infty` the probability is 1, 1/2 or 0 as :math:`P_j - P_i`
  is above ``tol``, within it, or below ``-tol``;
- ties of payoffs are differences of at most ``tol``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._network_payoffs import (
    Coefficients,
    Structure,
    count_neighbours,
    own_payoffs,
    pair_payoffs,
    ranges,
    strategy_payoffs,
)

__all__ = ["absorbing", "async_step", "sync_step"]


def _fermi(beta: float, diff: np.ndarray, tol: float) -> np.ndarray:
    """``1 / (1 + exp(-beta diff))`` (numpy; ``exp`` overflowing to inf gives 0, as it should)."""
    if np.isinf(beta):
        return np.where(diff > tol, 1.0, np.where(diff < -tol, 0.0, 0.5))
    with np.errstate(over="ignore"):
        return 1.0 / (1.0 + np.exp(-(beta * diff)))


def _pick(u: np.ndarray, k: np.ndarray) -> np.ndarray:
    """Index ``min(floor(u k), k - 1)`` (0 where ``k = 0``)."""
    return np.minimum(np.floor(u * k).astype(np.int64), np.maximum(k - 1, 0))


# ---------------------------------------------------------------------- synchronous
def sync_step(struct: Structure, coef: Coefficients, tol: float, rule: str, beta: float,
              averaged: bool, state: np.ndarray, counts: Any, u1: np.ndarray,
              u2: np.ndarray | None) -> np.ndarray:
    """Every node updates at once from the current state; returns the new state.

    ``counts`` are the neighbour counts of ``state`` (:func:`count_neighbours`).
    """
    if rule == "best_response":
        return _sync_best_response(struct, coef, tol, beta, averaged, state, counts, u1)
    if rule == "fermi":
        assert u2 is not None
        return _sync_fermi(struct, coef, tol, beta, averaged, state, counts, u1, u2)
    pay = own_payoffs(struct, coef, counts, state, averaged)
    return _sync_imitate_best(struct, tol, state, pay, u1)


def _sync_fermi(struct: Structure, coef: Coefficients, tol: float, beta: float, averaged: bool,
                state: np.ndarray, counts: Any, u1: np.ndarray, u2: np.ndarray) -> np.ndarray:
    """Payoffs are computed only where the partner plays another strategy (the same bits)."""
    if struct.imit_indices.size == 0:
        return state
    kf, kmax, base, has = struct.imit_pick
    r = state.shape[1]
    pick = (u1 * kf).astype(np.int64)               # floor: u k >= 0
    np.minimum(pick, kmax, out=pick)
    pick += base
    partner = struct.imit_indices[pick]              # partner j of every node, per run
    flat = partner * r + np.arange(r) if r > 1 else partner
    sj = np.take(state, flat)
    differ = sj != state
    differ &= has[:, None]
    active = np.flatnonzero(differ)
    if active.size == 0:
        return state
    if 4 * active.size > state.size:       # most nodes: payoffs of all, then gathered
        full = own_payoffs(struct, coef, counts, state, averaged)
        pi, pj = np.take(full, active), np.take(full, np.take(flat, active))
    else:
        nodes = active // r if r > 1 else active
        runs = active % r if r > 1 else np.zeros(active.size, dtype=np.int64)
        both = np.concatenate([nodes, np.take(partner, active)])
        pay = pair_payoffs(struct, coef, counts, both, np.concatenate([runs, runs]), averaged)
        strat = np.concatenate([np.take(state, active), np.take(sj, active)]).astype(np.int64)
        own = pay[np.arange(both.size), strat]
        pi, pj = own[:active.size], own[active.size:]
    go = active[np.take(u2, active) < _fermi(beta, pj - pi, tol)]
    new = state.copy()
    new.reshape(-1)[go] = np.take(sj, go)
    return new


def _best_candidates(struct: Structure, tol: float, state: np.ndarray, pay: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Imitate-the-best bookkeeping: ``keep``, candidate mask per edge, counts, rows, starts."""
    k = struct.imit_degree
    has = k > 0
    rows = np.repeat(np.arange(struct.n, dtype=np.int64), k)
    starts = struct.imit_indptr[:-1][has]
    pe = pay[struct.imit_indices]
    best = pay.copy()
    best[has] = np.maximum(pay[has], np.maximum.reduceat(pe, starts, axis=0))
    keep = pay >= best - tol
    cand = pe >= (best - tol)[rows]
    ncand = np.zeros(pay.shape, dtype=np.int64)
    ncand[has] = np.add.reduceat(cand.astype(np.int64), starts, axis=0)
    return keep, cand, ncand, rows, starts


def _sync_imitate_best(struct: Structure, tol: float, state: np.ndarray, pay: np.ndarray,
                       u1: np.ndarray) -> np.ndarray:
    """The neighbourhood maximum for all nodes; the choice only where a neighbour earns more.

    The ``R`` runs are handled as ``R`` disjoint copies of the graph (flat vectors).
    """
    if struct.imit_indices.size == 0:
        return state
    ptr, ind, rows, has = struct.imitation_copies(state.shape[1])
    flat_pay = pay.reshape(-1)
    pe = np.take(flat_pay, ind)
    best = flat_pay.copy()
    best[has] = np.maximum(flat_pay[has], np.maximum.reduceat(pe, ptr[:-1][has]))
    limit = best - tol
    moving = flat_pay < limit
    movers = np.flatnonzero(moving)
    if movers.size == 0:
        return state
    u = u1.reshape(-1)
    if 8 * movers.size > flat_pay.size:       # many movers: work on every tie at once
        cand = pe >= np.take(limit, rows)
        cand &= np.take(moving, rows)
        cs = np.concatenate([[0], np.cumsum(cand, dtype=np.int64)])
        before = cs[ptr[:-1]]
        choice = _pick(u, cs[ptr[1:]] - before)
        sel = np.flatnonzero(cand & (cs[1:] - 1 - np.take(before, rows) == np.take(choice, rows)))
        target, source = rows[sel], ind[sel]
    else:
        pos, owner = ranges(ptr, movers)
        nb = ind[pos]
        cand = np.take(pe, pos) >= np.take(limit, movers)[owner]
        ncand = np.bincount(owner[cand], minlength=movers.size)
        choice = _pick(np.take(u, movers), ncand)
        cs = np.concatenate([[0], np.cumsum(cand, dtype=np.int64)])
        lens = ptr[movers + 1] - ptr[movers]
        before = cs[np.cumsum(lens) - lens]
        sel = np.flatnonzero(cand & (cs[1:] - 1 - before[owner] == choice[owner]))
        target, source = movers[owner[sel]], nb[sel]
    new = state.copy()
    new.reshape(-1)[target] = np.take(state, source)
    return new


def _choose_best(pay: list[np.ndarray], own: np.ndarray, u: np.ndarray, tol: float,
                 beta: float) -> np.ndarray:
    """Best response (``beta = inf``: ties uniformly, own kept) or logit choice."""
    m = len(pay)
    top = pay[0]
    for x in pay[1:]:
        top = np.maximum(top, x)
    if np.isinf(beta):
        best = [x >= top - tol for x in pay]
        nb = np.zeros(top.shape, dtype=np.int64)
        for b in best:
            nb += b
        choice = _pick(u, nb)
        new = np.zeros(top.shape, dtype=own.dtype)
        seen = np.zeros(top.shape, dtype=np.int64)
        own_best = np.zeros(top.shape, dtype=bool)
        for a, b in enumerate(best):
            new = np.where(b & (seen == choice), a, new)
            seen += b
            own_best |= b & (own == a)
        return np.where(own_best, own, new).astype(own.dtype)
    w = [np.exp(beta * (x - top)) for x in pay]
    cum = [w[0]]
    for x in w[1:]:
        cum.append(cum[-1] + x)
    t = u * cum[-1]
    new = np.full(top.shape, m - 1, dtype=own.dtype)
    for a in reversed(range(m)):
        new = np.where(t < cum[a], a, new)
    return new.astype(own.dtype)


def _sync_best_response(struct: Structure, coef: Coefficients, tol: float, beta: float,
                        averaged: bool, state: np.ndarray, counts: Any, u1: np.ndarray
                        ) -> np.ndarray:
    new = state.copy()
    for p in range(struct.n_pops):
        if struct.m[p] < 2:
            continue
        pay = strategy_payoffs(struct, coef, counts, p, averaged)
        own = struct.take(state, p)
        choice = _choose_best(pay, own, struct.take(u1, p), tol, beta)
        if struct.single:
            new = choice
        else:
            new[struct.members[p]] = choice
    return new


# ---------------------------------------------------------------------- absorption
def absorbing(struct: Structure, coef: Coefficients, tol: float, rule: str, beta: float,
              averaged: bool, state: np.ndarray) -> np.ndarray:
    """``(R,)``: True where no update can ever change the state again.

    Imitation with the Fermi rule: every imitation tie joins equal strategies
    (otherwise one side copies the other with positive probability). Imitate
    the best: every node either earns the most in its neighbourhood (within
    ``tol``) or sees only best neighbours playing its own strategy. Best
    response: every node plays a best response; logit choice never settles
    (while a population has two strategies).
    """
    r = state.shape[1]
    if rule == "fermi":
        rows = np.repeat(np.arange(struct.n, dtype=np.int64), struct.imit_degree)
        return ~np.any(state[rows] != state[struct.imit_indices], axis=0)
    counts = count_neighbours(struct, state)
    if rule == "imitate_best":
        if struct.imit_indices.size == 0:
            return np.ones(r, dtype=bool)
        pay = own_payoffs(struct, coef, counts, state, averaged)
        keep, cand, _, rows, _ = _best_candidates(struct, tol, state, pay)
        moves = cand & (state[struct.imit_indices] != state[rows]) & ~keep[rows]
        return ~np.any(moves, axis=0)
    if not np.isinf(beta):
        return np.full(r, all(m < 2 for m in struct.m))
    ok = np.ones(r, dtype=bool)
    for p in range(struct.n_pops):
        if struct.m[p] < 2:
            continue
        pay = strategy_payoffs(struct, coef, counts, p, averaged)
        own = struct.take(state, p)
        top = pay[0]
        for x in pay[1:]:
            top = np.maximum(top, x)
        own_pay = np.choose(own, pay)
        ok &= np.all(own_pay >= top - tol, axis=0)
    return ok


# ---------------------------------------------------------------------- asynchronous
def async_step(struct: Structure, coef: Coefficients, tol: float, rule: str, beta: float,
               averaged: bool, state: np.ndarray, counts: np.ndarray, v: np.ndarray,
               u1: np.ndarray, u2: np.ndarray | None) -> None:
    # long: N sequential updates, each changing the state and the neighbour counts in place for the
    # next; the per-update code shares a dozen arrays that a split would only pass around
    """One Monte Carlo step: ``N`` elementary updates in sequence (in place).

    Elementary update ``k`` updates node ``v[k, r]`` in run ``r`` with the
    random numbers ``u1[k, r]`` (and ``u2[k, r]``), from the current state;
    ``counts`` (``(N, R, n_slots, m_max)``) is kept up to date.
    """
    n_updates, r = v.shape
    runs = np.arange(r, dtype=np.int64)
    k_imit = struct.imit_degree
    nnz = struct.imit_indices.size
    for k in range(n_updates):
        node = v[k]
        sv = state[node, runs]
        if rule == "fermi":
            if nnz == 0:
                continue
            kd = k_imit[node]
            off = np.minimum(struct.imit_indptr[node] + _pick(u1[k], kd), nnz - 1)
            j = struct.imit_indices[off]
            sj = state[j, runs]
            act = np.flatnonzero((kd > 0) & (sj != sv))
            if act.size == 0:
                continue
            both = np.concatenate([node[act], j[act]])
            rr = np.concatenate([act, act])
            pay = pair_payoffs(struct, coef, counts, both, rr, averaged)
            strat = np.concatenate([sv[act], sj[act]]).astype(np.int64)
            own = pay[np.arange(both.size), strat]
            pi, pj = own[:act.size], own[act.size:]
            assert u2 is not None
            go = u2[k][act] < _fermi(beta, pj - pi, tol)
            who = act[go]
            new = sj[who]
        elif rule == "imitate_best":
            if nnz == 0:
                continue
            pos, owner = ranges(struct.imit_indptr, node)
            kd = k_imit[node]
            has = np.flatnonzero(kd > 0)
            if has.size == 0:
                continue
            nb = struct.imit_indices[pos]
            both = np.concatenate([node, nb])
            rr = np.concatenate([runs, owner])
            strat = np.concatenate([sv, state[nb, owner]]).astype(np.int64)
            pay = pair_payoffs(struct, coef, counts, both, rr, averaged)
            own_all = pay[np.arange(both.size), strat]
            pi, pe = own_all[:r], own_all[r:]
            starts = (np.cumsum(kd) - kd)[has]
            top = pi.copy()
            top[has] = np.maximum(pi[has], np.maximum.reduceat(pe, starts))
            keep = pi >= top - tol
            cand = pe >= (top - tol)[owner]
            ncand = np.zeros(r, dtype=np.int64)
            ncand[has] = np.add.reduceat(cand.astype(np.int64), starts)
            choice = _pick(u1[k], ncand)
            cs = np.cumsum(cand, dtype=np.int64)
            base = np.concatenate([[0], cs])[np.cumsum(kd) - kd]
            rank = cs - 1 - base[owner]
            sel = np.flatnonzero(cand & (rank == choice[owner]) & ~keep[owner])
            who = owner[sel]
            new = state[nb[sel], who]
        else:
            pay = pair_payoffs(struct, coef, counts, node, runs, averaged)
            new_all = sv.copy()
            for p in range(struct.n_pops):
                if struct.m[p] < 2:
                    continue
                sel = np.flatnonzero(struct.pop[node] == p)
                if sel.size == 0:
                    continue
                cols = [pay[sel, a] for a in range(struct.m[p])]
                new_all[sel] = _choose_best(cols, sv[sel], u1[k][sel], tol, beta)
            who = np.flatnonzero(new_all != sv)
            new = new_all[who]
        if who.size == 0:
            continue
        keepers = new != sv[who]
        who, new = who[keepers], new[keepers]
        if who.size == 0:
            continue
        changed = node[who]
        old = sv[who]
        state[changed, who] = new
        pos, owner = ranges(struct.inter_indptr, changed)
        if pos.size:
            nbrs = struct.inter_indices[pos]
            rr = who[owner]
            slot = struct.slot[struct.pop[nbrs], struct.pop[changed][owner]]
            counts[nbrs, rr, slot, old[owner]] -= 1
            counts[nbrs, rr, slot, new[owner]] += 1
