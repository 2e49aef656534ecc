r"""The simulation loop of network dynamics: seeds, initial states, steps, absorption.

Randomness (the reproducibility contract). Run :math:`r` has its own stream,
``numpy.random.default_rng(root.spawn(r + 1)[r])`` for the root
:class:`numpy.random.SeedSequence` of the call, so a run's trajectory does not
depend on how many other runs are simulated with it, in which block, or on
which worker. Within run :math:`r`, in this order:

1. when ``initial`` is a share: ``keys = g.random(N)`` (node :math:`i` gets
   ``keys[i]``, graph order); in each population the nodes with the smallest
   keys (a stable argsort) play strategy 0, :math:`\lfloor x_p N_p + 1/2\rfloor`
   of them; the :math:`j`-th of the others (by key) plays
   :math:`1 + (j \bmod (m_p - 1))`;
2. every step, synchronous: ``u1 = g.random(N)`` and, for the Fermi rule,
   ``u2 = g.random(N)``; asynchronous (one Monte Carlo step = N elementary
   updates): ``v = g.integers(0, N, size=N)``, ``u1 = g.random(N)`` and, for
   the Fermi rule, ``u2 = g.random(N)``; elementary update :math:`k` updates
   node ``v[k]`` with ``u1[k]``, ``u2[k]``.

These draws happen whatever the state (a step in which nothing can change
still consumes them). Once every run is absorbed the loop stops early (the
rest of the trajectory is constant).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .._util.rng import child_generator
from ._network_payoffs import Coefficients, Structure, count_array, count_neighbours, update_counts
from ._network_rules import absorbing, async_step, sync_step

__all__ = ["Model", "simulate"]


@dataclass(frozen=True, eq=False)
class Model:
    """Everything a simulation needs (picklable: no lambdified functions)."""

    struct: Structure
    tables: list[np.ndarray]
    rule: str
    beta: float
    schedule: str
    averaged: bool
    nodes: tuple[Any, ...]


def _initial(model: Model, initial: tuple[str, np.ndarray], gens: list[np.random.Generator],
             run_ids: np.ndarray) -> np.ndarray:
    st = model.struct
    n, r = st.n, len(gens)
    kind, data = initial
    if kind == "fixed":
        if data.ndim == 1:
            return np.repeat(data[:, None], r, axis=1).astype(np.int8)
        return np.ascontiguousarray(data[run_ids].T).astype(np.int8)
    state = np.empty((n, r), dtype=np.int8)
    for c, g in enumerate(gens):
        keys = g.random(n)
        for p in range(st.n_pops):
            mem = st.members[p]
            order = mem[np.argsort(keys[mem], kind="stable")]
            k0 = int(np.floor(data[p] * mem.size + 0.5))
            col = np.zeros(mem.size, dtype=np.int8)
            mp = st.m[p]
            if mp > 1:
                rest = np.arange(mem.size - k0)
                col[k0:] = 1 + rest % (mp - 1)
            state[order, c] = col
    return state


def _shares(st: Structure, state: np.ndarray) -> np.ndarray:
    out = np.empty((state.shape[1], st.n_pops))
    for p in range(st.n_pops):
        sp_ = st.take(state, p)
        out[:, p] = np.count_nonzero(sp_ == 0, axis=0) / sp_.shape[0]
    return out


def simulate(model: Model, steps: int, initial: tuple[str, np.ndarray], run_ids: np.ndarray,
             root: np.random.SeedSequence, coef: Coefficients
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Simulate the runs ``run_ids``.

    ``coef`` holds the payoff coefficients, shared or with one column per run
    (in the order of ``run_ids``). Returns ``shares (R, steps + 1, P)``,
    ``final (R, N)`` (int8) and ``absorption (R,)`` (-1: not absorbed).
    """
    st = model.struct
    gens = [child_generator(root, int(r)) for r in run_ids]
    r = len(gens)
    n = st.n
    state = _initial(model, initial, gens, run_ids)
    tol = coef.tolerance(st, model.averaged)
    shares = np.empty((r, steps + 1, st.n_pops))
    shares[:, 0] = _shares(st, state)
    last = np.zeros(r, dtype=np.int64)
    two = model.rule == "fermi"
    buf1 = np.empty((r, n))
    buf2 = np.empty((r, n)) if two else None
    asynchronous = model.schedule == "asynchronous"
    counts: Any = count_array(st, state) if asynchronous else count_neighbours(st, state)
    vbuf = np.empty((r, n), dtype=np.int64) if asynchronous else None
    settles = not (model.rule == "best_response" and not np.isinf(model.beta))
    t = 0
    for t in range(1, steps + 1):
        for c, g in enumerate(gens):
            if asynchronous:
                assert vbuf is not None
                vbuf[c] = g.integers(0, n, size=n)
            g.random(out=buf1[c])
            if buf2 is not None:
                g.random(out=buf2[c])
        u1 = buf1.T
        u2 = buf2.T if buf2 is not None else None
        if asynchronous:
            assert vbuf is not None
            before = state.copy()
            async_step(st, coef, tol, model.rule, model.beta, model.averaged, state, counts,
                       vbuf.T, u1, u2)
            changed = np.any(state != before, axis=0)
        else:
            new = np.ascontiguousarray(sync_step(st, coef, tol, model.rule, model.beta,
                                                 model.averaged, state, counts, u1, u2),
                                       dtype=np.int8)
            changed = np.any(new != state, axis=0)
            if changed.any() and not update_counts(st, counts, state, new):
                counts = count_neighbours(st, new)
            state = new
        last[changed] = t
        shares[:, t] = _shares(st, state) if changed.any() else shares[:, t - 1]
        if settles and not changed.any() and np.all(
                absorbing(st, coef, tol, model.rule, model.beta, model.averaged, state)):
            shares[:, t + 1:] = shares[:, t][:, None, :]
            break
    done = absorbing(st, coef, tol, model.rule, model.beta, model.averaged, state)
    absorption = np.where(done, last, -1)
    return shares, np.ascontiguousarray(state.T), absorption
