"""Nucleolus-type solutions by sequential linear programs with constraint generation.

The (pre)nucleolus lexicographically minimises the non-increasingly ordered
vector of excesses ``e(S, x) = v(S) − x(S)`` (divided by ``|S|`` for the per
capita nucleolus) over the imputations (pre-imputations). Stage ``k`` solves

    min t  s.t.  x(S) + w_S t >= v(S)              for the open coalitions,
                 x(S) = v(S) − w_S ε_j            for the coalitions fixed at stage j < k,
                 x(N) = v(N)   (and x_i >= v({i}) for the nucleolus),

and then fixes **only the coalitions whose excess equals ε_k on the whole optimal
face**. Fixing every coalition that happens to be tight at the vertex the LP
solver returns is a known bug (Guajardo & Jörnsten 2015): on games with many
ties it fixes coalitions that could still be improved and returns a wrong
nucleolus. Here a coalition is fixed when its optimal dual value is positive
(complementary slackness: then it is tight at every optimum). A coalition that
is tight but has a zero dual stays open; the next stage may return the same ε
and fixes it then. Every coalition whose incidence vector lies in the span of
the fixed ones has a constant excess on the remaining face and is dropped. The
rank of that span grows at every stage, so at most ``n`` stages are needed
(Maschler, Peleg & Shapley 1979; Derks & Kuipers 1997).

Each stage starts from the rows it already has (every singleton and its
complement at the start) and adds the most violated coalitions until none is
violated (constraint generation); HiGHS re-solves from its last basis.

At the end the allocation is *polished*: the linear system of the fixed
coalitions (``x(S) + w_S ε_k = v(S)``, ``x(N) = v(N)``) is solved directly,
which removes the LP's feasibility tolerance from the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .._util.subsets import popcount, subset_sums
from .._util.tolerance import INDEPENDENCE, POLISH_AGREEMENT, POLISH_RESIDUAL, ROUNDOFF, TOL
from ..errors import SolverError
from ._lp import CoalitionLP

__all__ = ["NucleolusResult", "sequential_nucleolus"]

_OPEN, _FIXED, _SPANNED = 0, 1, 2


@dataclass
class NucleolusResult:
    x: np.ndarray
    levels: list[float]
    fixed: list[tuple[int, int]]  # (coalition mask, stage)
    bound_fixed: list[int]
    lp_solves: int
    rows: int


def sequential_nucleolus(v: np.ndarray, n: int, *, domain: str = "imputation",
                         per_capita: bool = False, first_stage_only: bool = False,
                         backend: str | None = None, tol: float = TOL,
                         batch: int | None = None) -> NucleolusResult:
    # long: one LP kept warm across stages (constraint generation, fixing by duals); the stages
    # share the LP, the row status array and the basis, which a split would only pass around
    """Lexicographic minimisation of the (weighted) excess vector.

    ``v`` is the float value table (profit game). ``first_stage_only`` stops
    after the first stage (the least core).
    """
    full = (1 << n) - 1
    scale = max(1.0, float(np.max(np.abs(v))))
    atol = tol * scale
    vn = float(v[full])
    singles = v[1 << np.arange(n)]
    gap = float(singles.sum() - vn)
    if domain == "imputation" and gap > 0:
        # callers reject a gap beyond the tolerance; inside it the imputation set is one
        # point up to rounding, so the lower bounds share the gap and the LP stays feasible
        singles = singles - gap / n
    if n == 1:
        return NucleolusResult(np.array([vn]), [], [], [], 0, 0)
    pc = popcount(n)
    wts = pc.astype(np.float64) if per_capita else np.ones(1 << n)
    imput = domain == "imputation"
    lp = CoalitionLP(n, singles if imput else np.full(n, -np.inf), np.full(n, np.inf),
                     with_t=True, cost=np.r_[np.zeros(n), 1.0], backend=backend, scale=scale)
    lp.add_rows(np.r_[np.ones(n), 0.0][None, :], np.array([vn]), np.array([vn]))
    status = np.zeros(1 << n, dtype=np.int8)
    status[0] = status[full] = _SPANNED
    row_of = np.full(1 << n, -1, dtype=np.int64)
    mask_of: list[int] = [-1]  # row -> mask (row 0 is efficiency)
    bits = np.int64(1) << np.arange(n, dtype=np.int64)

    def add(masks: np.ndarray) -> None:
        masks = np.unique(masks[(status[masks] == _OPEN) & (row_of[masks] < 0)])
        if masks.size == 0:
            return
        coef = np.zeros((masks.size, n + 1))
        coef[:, :n] = (masks[:, None] & bits) != 0
        coef[:, n] = wts[masks]
        rows = lp.add_rows(coef, v[masks], np.full(masks.size, np.inf))
        row_of[masks] = rows
        mask_of.extend(masks.tolist())

    init = np.concatenate([bits, full ^ bits])
    add(init[(init != 0) & (init != full)])
    batch = batch if batch is not None else max(2 * n, 32)

    basis = np.ones((n, 1)) / np.sqrt(n)  # orthonormal basis of the span of fixed vectors
    levels: list[float] = []
    fixed: list[tuple[int, int]] = []
    bound_fixed: list[int] = []
    stage = 0
    x = np.full(n, vn / n)
    while True:
        # ---- solve this stage to optimality over all open coalitions (constraint generation)
        while True:
            z, t, row_duals, col_duals = lp.solve()
            x = z[:n]
            xs = subset_sums(x, n)
            viol = v - xs - wts * t
            viol[status != _OPEN] = -np.inf
            viol[row_of >= 0] = -np.inf
            cand = np.flatnonzero(viol > atol)
            if cand.size == 0:
                break
            if cand.size > batch:
                cand = cand[np.argpartition(viol[cand], -batch)[-batch:]]
            add(np.concatenate([cand, full ^ cand]))
        levels.append(float(t))
        if first_stage_only:
            break
        # ---- fix the coalitions that are tight on the whole optimal face (positive duals)
        open_rows = np.array([r for r in range(1, lp.nrow)
                              if status[mask_of[r]] == _OPEN], dtype=np.int64)
        duals = row_duals[open_rows] if open_rows.size else np.zeros(0)
        dual_tol = TOL * max(1.0, float(np.max(np.abs(duals), initial=0.0)))
        new_rows = open_rows[duals > dual_tol]
        if new_rows.size == 0:
            if open_rows.size == 0:  # pragma: no cover - defensive
                raise SolverError("internal: no open coalition left before the nucleolus is unique")
            new_rows = open_rows[[int(np.argmax(duals))]]
        new_vecs = []
        for r in new_rows.tolist():
            m = mask_of[r]
            status[m] = _FIXED
            fixed.append((m, stage))
            rhs = float(v[m] - wts[m] * t)
            lp.set_row(r, lower=rhs, upper=rhs, t_coef=0.0)
            new_vecs.append(((m & bits) != 0).astype(float))
        if imput:
            for i in range(n):
                if col_duals[i] > dual_tol and abs(x[i] - singles[i]) <= atol \
                        and i not in bound_fixed:
                    bound_fixed.append(i)
                    e = np.zeros(n)
                    e[i] = 1.0
                    new_vecs.append(e)
                    lp.set_col_bounds(i, float(singles[i]), float(singles[i]))
        basis = _extend_basis(basis, new_vecs)
        stage += 1
        if basis.shape[1] >= n:
            break
        # ---- drop the coalitions whose excess is now constant (in the span)
        proj = subset_sums(basis, n)  # (2**n, r): sum of basis rows over S
        resid = pc - np.einsum("ij,ij->i", proj, proj)
        newly = (status == _OPEN) & (resid <= TOL * np.maximum(pc, 1))
        if newly.any():
            status[newly] = _SPANNED
            for m in np.flatnonzero(newly & (row_of >= 0)).tolist():
                lp.set_row(int(row_of[m]), lower=-np.inf, upper=np.inf)
        if not (status == _OPEN).any():
            break
    return NucleolusResult(_polish(v, n, x, levels, fixed, bound_fixed, wts, singles,
                                   first_stage_only), levels, fixed, bound_fixed, lp.n_solves,
                           lp.nrow - 1)


def _extend_basis(basis: np.ndarray, vecs: list[np.ndarray]) -> np.ndarray:
    cols = [basis[:, k] for k in range(basis.shape[1])]
    for vec in vecs:
        r = vec - basis @ (basis.T @ vec)
        r = r - basis @ (basis.T @ r)
        nr = float(np.linalg.norm(r))
        if nr > INDEPENDENCE * max(1.0, float(np.linalg.norm(vec))):
            r = r / nr
            cols.append(r)
            basis = np.column_stack(cols)
    return basis


def _polish(v: np.ndarray, n: int, x: np.ndarray, levels: list[float],
            fixed: list[tuple[int, int]], bound_fixed: list[int], wts: np.ndarray,
            singles: np.ndarray, first_stage_only: bool) -> np.ndarray:
    """Solve the fixed coalitions' equations directly (x and the levels together)."""
    if first_stage_only or not fixed:
        return x
    k = len(levels)
    rows, rhs = [], []
    for m, st in fixed:
        row = np.zeros(n + k)
        row[:n] = [(m >> i) & 1 for i in range(n)]
        row[n + st] = wts[m]
        rows.append(row)
        rhs.append(v[m])
    row = np.zeros(n + k)
    row[:n] = 1.0
    rows.append(row)
    rhs.append(v[(1 << n) - 1])
    for i in bound_fixed:
        row = np.zeros(n + k)
        row[i] = 1.0
        rows.append(row)
        rhs.append(singles[i])
    a = np.array(rows)
    b = np.array(rhs)
    sol, *_ = np.linalg.lstsq(a, b, rcond=None)
    scale = max(1.0, float(np.max(np.abs(v))))
    sol[np.abs(sol) <= ROUNDOFF * scale] = 0.0  # round-off around zero
    if np.linalg.matrix_rank(a) == n + k and np.max(np.abs(a @ sol - b)) <= POLISH_RESIDUAL * scale \
            and np.max(np.abs(sol[:n] - x)) <= POLISH_AGREEMENT * scale:
        for j in range(k):
            levels[j] = float(sol[n + j])
        return sol[:n]
    return x


def exact_nucleolus(values: np.ndarray, n: int, res: NucleolusResult, per_capita: bool) -> Any:
    """Rational solution of the fixed coalitions' equations (values: Fractions)."""
    import sympy as sp

    k = len(res.levels)
    rows, rhs = [], []
    for m, st in res.fixed:
        row = [sp.Integer((m >> i) & 1) for i in range(n)] + [sp.Integer(0)] * k
        row[n + st] = sp.Integer(bin(m).count("1") if per_capita else 1)
        rows.append(row)
        rhs.append(sp.Rational(values[m].numerator, values[m].denominator))
    rows.append([sp.Integer(1)] * n + [sp.Integer(0)] * k)
    vn = values[(1 << n) - 1]
    rhs.append(sp.Rational(vn.numerator, vn.denominator))
    for i in res.bound_fixed:
        row = [sp.Integer(0)] * (n + k)
        row[i] = sp.Integer(1)
        rows.append(row)
        vi = values[1 << i]
        rhs.append(sp.Rational(vi.numerator, vi.denominator))
    a = sp.Matrix(rows)
    b = sp.Matrix(rhs)
    if a.rank() != n + k:
        return None
    sol = (a.T * a).LUsolve(a.T * b)
    if a * sol != b:
        return None
    return sol[:n], sol[n:]
