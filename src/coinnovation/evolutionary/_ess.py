r"""Algorithms behind :func:`coinnovation.evolutionarily_stable_states` (演化稳定策略).

- multi-population dynamics: the ESS are the strict Nash equilibria (pure,
  Selten 1980), the sink vertices of the replicator dynamics (Ritzberger &
  Weibull 1995); with state-dependent payoffs, the sink vertices themselves;
- one population playing a symmetric game: Maynard Smith's test, mixed ESS
  included, by negative definiteness on the support and a strict
  copositivity test (Kaplan 2000) on the other best replies.

References
----------
J. Maynard Smith, G. R. Price, "The logic of animal conflict", Nature 246 (1973).
R. Selten, "A note on evolutionarily stable strategies in asymmetric animal
conflicts", J. Theor. Biol. 84 (1980) 93-101.
K. Ritzberger, J. W. Weibull, "Evolutionary selection in normal-form games",
Econometrica 63 (1995) 1371-1399.
W. Kaplan, "A test for copositive matrices", Linear Algebra Appl. 313 (2000) 203-206.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable

import numpy as np
import sympy as sp
from scipy.linalg import null_space
from scipy.optimize import linprog

from .._util.symbolic import require_numeric
from .._util.tolerance import EIGEN_DECIMALS, ROOT_MERGE, ROUNDOFF, TOL, atol_for, payoff_scale
from ..errors import DegenerateGameWarning, UndecidableError
from ..games.normal_form import NormalFormGame
from ..noncooperative.equilibrium import Equilibrium
from ._system import ReplicatorSystem, require_symmetric
from .results import Stability

__all__ = ["pure_equilibrium", "single_population_ess", "sinks_as_equilibria"]


def pure_equilibrium(game: NormalFormGame, prof: tuple[int, ...]) -> Equilibrium:
    """The pure profile ``prof`` as an :class:`Equilibrium` with its payoffs."""
    strategies = []
    for i, m in enumerate(game.shape):
        s = np.zeros(m)
        s[prof[i]] = 1.0
        strategies.append(s)
    return Equilibrium(tuple(strategies), game.payoff(prof), game.players, game.strategies)


def sinks_as_equilibria(system: ReplicatorSystem, classify: Callable[[tuple[int, ...]], Stability]
                        ) -> list[Equilibrium]:
    """The sink vertices of (state-dependent) dynamics as equilibria, with their payoffs there."""
    out = []
    for v in system.vertices():
        st = classify(v)
        if st.kind == "undecided":
            raise UndecidableError(
                f"evolutionarily_stable_states: the stability of vertex {v} depends on "
                f"{st.stability_condition}; substitute numbers or give the symbols assumptions")
        if st.kind == "sink":
            sub = dict(zip(system.state, system.vertex_reduced(v), strict=True))
            game = system.game
            names = {str(s): s for s in system.state}
            swap = {s: names[str(s)] for s in game.free_symbols if str(s) in names}
            pays = tuple(sp.sympify(p).xreplace(swap).xreplace(sub) for p in game.payoff(v))
            if not system.is_symbolic:
                pays = tuple(float(p) for p in pays)
            eq = pure_equilibrium(game, v)
            out.append(Equilibrium(eq.strategies, pays, eq.players, eq.labels))
    return out


def single_population_ess(game: NormalFormGame) -> list[Equilibrium]:
    """Maynard Smith's ESS of a symmetric game played within one population (mixed included)."""
    require_symmetric(game)
    require_numeric(game.free_symbols, "evolutionarily_stable_states(population='single')")
    A = game.payoff_array(0)
    m = A.shape[0]
    atol = atol_for(A)
    M = (A + A.T) / 2
    out = []
    for size in range(1, m + 1):
        for S in itertools.combinations(range(m), size):
            sigma = _symmetric_equilibrium_on_support(A, S, atol)
            if sigma is None:
                continue
            w = A @ sigma
            v = float(sigma @ w)
            if np.any(w > v + atol):
                continue  # not a symmetric Nash equilibrium
            best = tuple(int(k) for k in np.flatnonzero(w >= v - atol))
            gap = np.abs(w - v)
            if np.any((gap > ROUNDOFF * payoff_scale(A)) & (gap <= atol)):
                warnings.warn(
                    f"evolutionarily_stable_states: against {_support_name(S)} a payoff differs "
                    f"from the best by {float(np.max(gap[gap <= atol])):.3g}, within the "
                    f"tolerance {atol:.3g} (TOL times the payoff scale): treated as a tie, which "
                    "makes the game degenerate", DegenerateGameWarning, stacklevel=3)
            if _second_order_ess(M, S, best, atol):
                near = [e for e in out if np.max(np.abs(e.strategies[0] - sigma)) < ROOT_MERGE]
                if near:
                    # a share of a few 1e-9 created by a near-tie of payoffs (the tie divided
                    # by a small payoff difference): the same ESS as the one on the smaller face
                    warnings.warn(
                        f"evolutionarily_stable_states: an ESS on {_support_name(S)} lies "
                        f"{float(np.max(np.abs(near[0].strategies[0] - sigma))):.3g} from one on a "
                        "smaller face: payoffs tied up to the tolerance make the game degenerate; "
                        "reported once", DegenerateGameWarning, stacklevel=3)
                    continue
                out.append(Equilibrium((sigma.copy(), sigma.copy()), (v, v), game.players,
                                       game.strategies))
    return out


def _support_name(S: tuple[int, ...]) -> str:
    return f"s{S[0]}" if len(S) == 1 else "the mix of " + ", ".join(f"s{k}" for k in S)


def _symmetric_equilibrium_on_support(A: np.ndarray, S: tuple[int, ...], atol: float
                                      ) -> np.ndarray | None:
    k = len(S)
    # the payoffs in units of the scale, so that the border (the probability row) is of the
    # same order and the rank test reads relative: scaling the game changes nothing
    scale = payoff_scale(A)
    K = np.zeros((k + 1, k + 1))
    K[:k, :k] = A[np.ix_(S, S)] / scale
    K[:k, k] = -1.0
    K[k, :k] = 1.0
    rhs = np.zeros(k + 1)
    rhs[k] = 1.0
    if np.linalg.matrix_rank(K, tol=atol / scale) < k + 1:
        # a continuum of equilibria on this support: none of them is an ESS
        # (each is an alternative best reply earning the same against itself)
        return None
    sol = np.linalg.solve(K, rhs)
    x = sol[:k]
    if np.any(x <= TOL):
        # a share within the tolerance of zero: the point belongs to a smaller face, found there
        return None
    sigma = np.zeros(A.shape[0])
    sigma[list(S)] = x
    return sigma / sigma.sum()


def _second_order_ess(M: np.ndarray, S: tuple[int, ...], best: tuple[int, ...],
                      atol: float) -> bool:
    r"""``d' M d < 0`` for every nonzero ``d`` with ``sum d = 0``, ``supp d`` in ``best``
    and ``d_k >= 0`` off the support ``S``."""
    E = [k for k in best if k not in S]
    s = len(S)
    Bidx = list(S) + E
    MB = M[np.ix_(Bidx, Bidx)]
    Z = null_space(np.ones((1, s))) if s > 1 else np.zeros((1, 0))
    G = np.vstack([Z, np.zeros((len(E), Z.shape[1]))])
    H = np.vstack([-np.ones((s, len(E))) / s, np.eye(len(E))])
    T = np.hstack([G, H])
    Q = T.T @ MB @ T
    nw = Z.shape[1]
    tol = atol * 10
    Qww = Q[:nw, :nw]
    if nw and np.max(np.linalg.eigvalsh(Qww)) >= -tol:
        return False
    if not E:
        return True
    Qee = Q[nw:, nw:]
    if nw:
        Qwe = Q[:nw, nw:]
        C = Qee - Qwe.T @ np.linalg.solve(Qww, Qwe)
    else:
        C = Qee
    return _strictly_copositive(-(C + C.T) / 2, tol)


def _strictly_copositive(K: np.ndarray, tol: float) -> bool:
    """Kaplan (2000): no principal submatrix has a positive eigenvector with eigenvalue <= 0."""
    n = K.shape[0]
    for size in range(1, n + 1):
        for T in itertools.combinations(range(n), size):
            vals, vecs = np.linalg.eigh(K[np.ix_(T, T)])
            for lam in np.unique(np.round(vals[vals <= tol], EIGEN_DECIMALS)):
                V = vecs[:, np.abs(vals - lam) <= max(tol, TOL)]
                if _positive_in_span(V):
                    return False
    return True


def _positive_in_span(V: np.ndarray) -> bool:
    if V.shape[1] == 1:
        v = V[:, 0]
        return bool(np.all(v > ROUNDOFF) or np.all(v < -ROUNDOFF))
    # is there c with V c >= 1 (componentwise)?
    res = linprog(np.zeros(V.shape[1]), A_ub=-V, b_ub=-np.ones(V.shape[0]),
                  bounds=[(None, None)] * V.shape[1], method="highs")
    return bool(res.status == 0)
