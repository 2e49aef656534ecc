"""A small incremental LP over coalition rows, on HiGHS.

Rows are ``lower <= a·z <= upper`` with ``z = (x_0..x_{n-1}, t)``; rows are
added, turned into equalities, or switched off between solves. With HiGHS's
own Python binding (``highspy``) the model is kept and re-solved from the last
basis (dual simplex warm start), which is what makes constraint generation
cheap. Without highspy the same interface re-solves from scratch with
``scipy.optimize.linprog(method="highs")``.

The LP is homogeneous in the worths, so it is solved in units of ``scale``
(the game's payoff scale, :func:`coinnovation._util.tolerance.payoff_scale`):
every bound is divided by it and the solution multiplied back. HiGHS's
absolute feasibility tolerance then means the library's relative one, and
worths of order 1e20 no longer look "Unbounded" or "Infeasible" to it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._util.tolerance import LP_FEASIBILITY
from ..errors import SolverError

__all__ = ["HAVE_HIGHSPY", "CoalitionLP"]

try:  # pragma: no cover - exercised when highspy is installed (the default)
    import highspy as _highspy
    from highspy import _Highs  # the plain binding: no console banner, no callback threads

    HAVE_HIGHSPY = True
    _INF = float(_highspy.kHighsInf)
except ImportError:  # pragma: no cover
    HAVE_HIGHSPY = False
    _INF = float("inf")

_FEAS_TOL = LP_FEASIBILITY


class CoalitionLP:
    """min ``c·z`` over ``n`` allocation variables and (optionally) one excess variable ``t``.

    Parameters
    ----------
    n : int
        Number of players (allocation variables ``x``).
    col_lower, col_upper : array_like
        Bounds of the ``n`` allocation variables (``±inf`` allowed).
    with_t : bool
        Add the excess variable ``t`` (free) as the last column.
    cost : array_like
        Objective coefficients of the ``n (+1)`` columns.
    backend : {"highspy", "scipy"} or None
        None picks highspy when it is installed.
    scale : float
        The unit the LP is solved in (bounds are divided by it, the solution
        and objective multiplied by it); ``payoff_scale`` of the worths.
    """

    def __init__(self, n: int, col_lower: Any, col_upper: Any, *, with_t: bool, cost: Any,
                 backend: str | None = None, scale: float = 1.0) -> None:
        if backend is None:
            backend = "highspy" if HAVE_HIGHSPY else "scipy"
        if backend == "highspy" and not HAVE_HIGHSPY:  # pragma: no cover
            raise SolverError("backend: highspy is not installed; use backend='scipy'")
        if backend not in ("highspy", "scipy"):
            raise SolverError(f"backend: unknown LP backend {backend!r}")
        self.backend = backend
        self.n = n
        self.scale = float(scale)
        self.ncol = n + (1 if with_t else 0)
        lo = np.full(self.ncol, -np.inf)
        hi = np.full(self.ncol, np.inf)
        lo[:n] = np.asarray(col_lower, dtype=float) / self.scale
        hi[:n] = np.asarray(col_upper, dtype=float) / self.scale
        self.col_lower, self.col_upper = lo, hi
        self.cost = np.asarray(cost, dtype=float)
        self.nrow = 0
        self.n_solves = 0
        # scipy mirror (also used to report rows)
        self._rows: list[np.ndarray] = []
        self._lo: list[float] = []
        self._hi: list[float] = []
        if backend == "highspy":
            h = _Highs()
            h.setOptionValue("output_flag", False)
            h.setOptionValue("primal_feasibility_tolerance", _FEAS_TOL)
            h.setOptionValue("dual_feasibility_tolerance", _FEAS_TOL)
            h.setOptionValue("threads", 1)
            h.addVars(self.ncol, _fin(lo), _fin(hi))
            for j, c in enumerate(self.cost):
                if c != 0:
                    h.changeColCost(j, float(c))
            self._h = h

    # ------------------------------------------------------------------ rows
    def add_rows(self, coef: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
        """Add dense rows ``coef`` (k, ncol); returns their row indices."""
        coef = np.asarray(coef, dtype=float)
        lower = np.asarray(lower, dtype=float) / self.scale
        upper = np.asarray(upper, dtype=float) / self.scale
        k = coef.shape[0]
        idx = np.arange(self.nrow, self.nrow + k)
        if k == 0:
            return idx
        self.nrow += k
        if self.backend == "highspy":
            nz_r, nz_c = np.nonzero(coef)
            starts = np.searchsorted(nz_r, np.arange(k)).astype(np.int32)
            self._h.addRows(k, _fin(lower), _fin(upper), len(nz_c), starts,
                            nz_c.astype(np.int32), coef[nz_r, nz_c])
        self._rows.extend(coef)
        self._lo.extend(np.asarray(lower, dtype=float).tolist())
        self._hi.extend(np.asarray(upper, dtype=float).tolist())
        return idx

    def set_row(self, row: int, *, lower: float, upper: float, t_coef: float | None = None) -> None:
        """Change the bounds (and optionally the coefficient of ``t``) of a row."""
        lower, upper = lower / self.scale, upper / self.scale
        self._lo[row], self._hi[row] = lower, upper
        if t_coef is not None:
            self._rows[row] = self._rows[row].copy()
            self._rows[row][self.n] = t_coef
        if self.backend == "highspy":
            if t_coef is not None:
                self._h.changeCoeff(int(row), self.n, float(t_coef))
            self._h.changeRowBounds(int(row), _fin1(lower), _fin1(upper))

    def set_col_bounds(self, col: int, lower: float, upper: float) -> None:
        lower, upper = lower / self.scale, upper / self.scale
        self.col_lower[col], self.col_upper[col] = lower, upper
        if self.backend == "highspy":
            self._h.changeColBounds(int(col), _fin1(lower), _fin1(upper))

    # ------------------------------------------------------------------ solve
    def solve(self) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
        """Solve; returns ``(z, objective, row_duals, col_duals)``.

        Duals follow the convention "positive when a row (column) at its lower
        bound is binding in a minimisation".
        """
        self.n_solves += 1
        z, obj, row_duals, col_duals = (self._solve_highspy() if self.backend == "highspy"
                                        else self._solve_scipy())
        return z * self.scale, obj * self.scale, row_duals, col_duals

    def _solve_highspy(self) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
        h = self._h
        h.run()
        status = h.getModelStatus()
        if status != _highspy.HighsModelStatus.kOptimal:
            # a warm start can stall on a badly scaled model: retry cold once
            h.clearSolver()
            h.run()
            status = h.getModelStatus()
            if status != _highspy.HighsModelStatus.kOptimal:
                raise SolverError(f"internal: HiGHS reports {h.modelStatusToString(status)} "
                                  "for a linear program that has an optimum")
        sol = h.getSolution()
        z = np.array(sol.col_value, dtype=float)
        return (z, float(h.getInfo().objective_function_value),
                np.array(sol.row_dual, dtype=float), np.array(sol.col_dual, dtype=float))

    def _solve_scipy(self) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
        from scipy.optimize import linprog

        a = np.array(self._rows, dtype=float).reshape(-1, self.ncol)
        lo = np.array(self._lo, dtype=float)
        hi = np.array(self._hi, dtype=float)
        active = np.isfinite(lo) | np.isfinite(hi)
        eq = active & (lo == hi)
        ge = active & ~eq & np.isfinite(lo)
        le = active & ~eq & np.isfinite(hi)
        a_ub = np.vstack([-a[ge], a[le]])
        b_ub = np.concatenate([-lo[ge], hi[le]])
        bounds = list(zip(np.where(np.isfinite(self.col_lower), self.col_lower, None),
                          np.where(np.isfinite(self.col_upper), self.col_upper, None), strict=True))
        res = linprog(self.cost, A_ub=a_ub if len(b_ub) else None, b_ub=b_ub if len(b_ub) else None,
                      A_eq=a[eq] if eq.any() else None, b_eq=lo[eq] if eq.any() else None,
                      bounds=bounds, method="highs",
                      options={"primal_feasibility_tolerance": _FEAS_TOL,
                               "dual_feasibility_tolerance": _FEAS_TOL})
        if res.status != 0:
            raise SolverError(f"internal: HiGHS (scipy) reports {res.message!r} "
                              "for a linear program that has an optimum")
        duals = np.zeros(len(lo))
        mg = -np.asarray(res.ineqlin.marginals) if len(b_ub) else np.zeros(0)
        n_ge = int(ge.sum())
        duals[np.flatnonzero(ge)] = mg[:n_ge]
        duals[np.flatnonzero(le)] = -mg[n_ge:]
        if eq.any():
            duals[np.flatnonzero(eq)] = np.asarray(res.eqlin.marginals)
        col_duals = np.asarray(res.lower.marginals) - np.asarray(res.upper.marginals)
        return np.asarray(res.x, dtype=float), float(res.fun), duals, col_duals


def _fin(a: Any) -> np.ndarray:
    arr = np.asarray(a, dtype=float).copy()
    arr[arr == np.inf] = _INF
    arr[arr == -np.inf] = -_INF
    return arr


def _fin1(a: float) -> float:
    if a == np.inf:
        return _INF
    if a == -np.inf:
        return -_INF
    return float(a)
