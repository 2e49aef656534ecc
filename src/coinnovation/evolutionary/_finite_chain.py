r"""Markov chains of finite populations: the small-mutation chain and the full chain.

**Small-mutation limit** (Fudenberg & Imhof 2006; Veller & Hayward 2016 for
several populations). Between two mutations the population fixes, so the
process moves between monomorphic states. From state :math:`s` a mutation
arises in a population :math:`p` chosen uniformly, to each other strategy
:math:`a` with equal probability, and fixes with probability
:math:`\rho_p(a \mid s)`:

.. math::

    T_{s \to s'} = \frac{\rho_p(a \mid s)}{P\,(m_p - 1)}, \qquad
    \rho = \Bigl(1 + \sum_{j=1}^{N-1} e^{L_j}\Bigr)^{-1}, \quad
    L_j = \sum_{k=1}^{j} \log\frac{T^-(k)}{T^+(k)}.

Fixation probabilities are kept as logarithms, :math:`\log\rho = -\operatorname{logsumexp}(0, L_1, \dots)`,
and the stationary vector is computed by the Grassmann–Taksar–Heyman
elimination **in log space**: GTH uses only sums, products and quotients of
non-negative numbers (no subtraction), so every entry of the stationary vector
has a small *relative* error (O'Cinneide 1993), however tiny it is — entries
of :math:`10^{-300}` and below (as logarithms) survive.

**Full chain** (mutation :math:`\mu > 0`): every composition of every
population is a state. A one-population two-strategy chain is a birth–death
chain, solved exactly by detailed balance in log space; other chains by a
sparse direct solve of :math:`\pi (P - I) = 0`, :math:`\sum\pi = 1`, checked by
its residual.

References
----------
W. K. Grassmann, M. I. Taksar, D. P. Heyman, "Regenerative analysis and
steady state distributions for Markov chains", Oper. Res. 33 (1985) 1107-1116.
C. A. O'Cinneide, "Entrywise perturbation theory and error analysis for Markov
chains", Numer. Math. 65 (1993) 109-120.
D. Fudenberg, L. A. Imhof, "Imitation processes with small mutations",
J. Econ. Theory 131 (2006) 251-262.
C. Veller, L. K. Hayward, "Finite-population evolution with rare mutations in
asymmetric games", J. Econ. Theory 162 (2016) 93-113.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from scipy.special import expit

from .._util.tolerance import ROUNDOFF, TOL
from ..errors import InvalidInputError, SolverError
from ._finite_model import NumericModel

__all__ = ["compositions", "full_chain", "full_stationary", "log_fixation", "log_gth",
           "logsumexp", "sml_log_transitions", "sml_states"]

MAX_SML_STATES = 1024
MAX_FULL_STATES = 250_000


def logsumexp(v: np.ndarray) -> float:
    """``log(sum(exp(v)))`` of a 1-D array, stable (``-inf`` for an empty or all ``-inf`` one).

    A plain numpy version: scipy's general one costs ~100 us per call in array-API checks.
    """
    v = np.asarray(v, dtype=float)
    if v.size == 0:
        return -math.inf
    top = float(np.max(v))
    if top == -math.inf:
        return -math.inf
    return top + math.log(float(np.sum(np.exp(v - top))))


def log_fixation(L: np.ndarray, N: int) -> float:
    r"""``log rho`` from the prefix sums ``L_j`` (exactly ``-log N`` when all are zero)."""
    if not np.any(L):
        return -math.log(N)
    top = max(0.0, float(np.max(L)))
    return -(top + math.log(math.exp(-top) + float(np.sum(np.exp(L - top)))))


def log_gth(L: np.ndarray) -> np.ndarray:
    """Log stationary vector from the log transition probabilities (diagonal ignored).

    The Grassmann–Taksar–Heyman state reduction carried out on logarithms:
    ``logaddexp`` replaces addition, so no entry underflows.
    """
    W = np.array(L, dtype=float, copy=True)
    n = W.shape[0]
    for k in range(n - 1, 0, -1):
        s = logsumexp(W[k, :k])
        if not np.isfinite(s):
            raise SolverError("stationary_distribution: the chain of monomorphic states is "
                              "reducible (a state cannot be left); no unique stationary "
                              "distribution")
        W[:k, k] -= s
        W[:k, :k] = np.logaddexp(W[:k, :k], W[:k, k][:, None] + W[k, :k][None, :])
    logpi = np.empty(n)
    logpi[0] = 0.0
    for j in range(1, n):
        logpi[j] = logsumexp(logpi[:j] + W[:j, j])
    return logpi - logsumexp(logpi)


def sml_states(model: NumericModel) -> list[tuple[int, ...]]:
    """Monomorphic states: ``(a,)`` for one population, pure profiles for several."""
    if model.single:
        return [(a,) for a in range(model.m[0])]
    return list(itertools.product(*(range(m) for m in model.m)))


def sml_log_transitions(model: NumericModel) -> np.ndarray:
    """Log transition probabilities between monomorphic states per mutation (-inf: none)."""
    states = sml_states(model)
    n = len(states)
    if n > MAX_SML_STATES:
        raise InvalidInputError(
            f"game: the small-mutation chain has {n} monomorphic states; at most "
            f"{MAX_SML_STATES} are supported")
    LT = np.full((n, n), -np.inf)
    if model.single:
        m = model.m[0]
        for b in range(m):
            for a in range(m):
                if a != b:
                    L = model.log_prefix(0, a, b, None)
                    LT[b, a] = log_fixation(L, model.sizes[0]) - math.log(m - 1)
        return LT
    index = {s: i for i, s in enumerate(states)}
    npop = model.n_populations
    for i, s in enumerate(states):
        for p in range(npop):
            for a in range(model.m[p]):
                if a == s[p]:
                    continue
                t = list(s)
                t[p] = a
                L = model.log_prefix(p, a, s[p], s)
                LT[i, index[tuple(t)]] = (log_fixation(L, model.sizes[p]) - math.log(npop)
                                          - math.log(model.m[p] - 1))
    return LT


# ---------------------------------------------------------------------- the full chain
def compositions(N: int, m: int) -> np.ndarray:
    """All count vectors of ``m`` strategies summing to ``N``, shape ``(C(N+m-1, m-1), m)``."""
    rows = []
    for bars in itertools.combinations(range(N + m - 1), m - 1):
        edges = (-1, *bars, N + m - 1)
        rows.append([edges[i + 1] - edges[i] - 1 for i in range(m)])
    return np.array(rows, dtype=np.int64).reshape(-1, m)


def _n_states(model: NumericModel) -> int:
    return math.prod(math.comb(N + m - 1, m - 1) for N, m in zip(model.sizes, model.m, strict=True))


def full_chain(model: NumericModel) -> tuple[list[np.ndarray], np.ndarray, object]:
    # long: builds the sparse chain in one pass over the populations' compositions (index maps,
    # neighbours and rates share the same arrays)
    """States and the sparse transition matrix of the full chain with mutation.

    Returns ``(comps, counts, P)``: per population the array of its
    compositions, the counts ``(S, sum m)`` of every state (population 0
    varying slowest) and the CSR transition matrix ``(S, S)``.
    """
    from scipy import sparse  # scipy.sparse is only needed for the full chain

    total = _n_states(model)
    if total > MAX_FULL_STATES:
        raise InvalidInputError(
            f"size: the full chain has {total} states; at most {MAX_FULL_STATES} are supported "
            "(use the small-mutation limit, states='monomorphic', or smaller populations)")
    npop = model.n_populations
    comps = [compositions(N, m) for N, m in zip(model.sizes, model.m, strict=True)]
    sizes_c = [c.shape[0] for c in comps]
    strides = [math.prod(sizes_c[p + 1:]) for p in range(npop)]
    S = math.prod(sizes_c)
    ids = np.arange(S)
    cidx = [(ids // strides[p]) % sizes_c[p] for p in range(npop)]
    counts = np.concatenate([comps[p][cidx[p]] for p in range(npop)], axis=1)
    rows, cols, vals = [], [], []
    mu = model.mutation
    for p in range(npop):
        N, m = model.sizes[p], model.m[p]
        lookup = {tuple(r): i for i, r in enumerate(comps[p].tolist())}
        nb = np.full((sizes_c[p], m, m), -1, dtype=np.int64)
        for c, r in enumerate(comps[p].tolist()):
            for i in range(m):
                if r[i] == 0:
                    continue
                for j in range(m):
                    if j != i:
                        t = list(r)
                        t[i] -= 1
                        t[j] += 1
                        nb[c, i, j] = lookup[tuple(t)]
        lo = model.offsets[p]
        n = counts[:, lo:lo + m].astype(float)
        f = model.fitness(p, counts)
        if model.process == "moran":
            F = 1.0 - model.beta + model.beta * f
            nF = n * F
            W = nF.sum(axis=1)
        for i in range(m):
            for j in range(m):
                if i == j:
                    continue
                ok = n[:, i] > 0
                if model.process == "fermi":
                    imitate = (1.0 - mu) * n[:, j] / (N - 1) * expit(model.beta * (f[:, j] - f[:, i]))
                    prob = n[:, i] / N * (imitate + mu / (m - 1))
                else:
                    born = ((1.0 - mu) * nF[:, j] + mu / (m - 1) * (W - nF[:, j])) / W
                    prob = n[:, i] / N * born
                prob = prob / npop
                src = ids[ok]
                dst = src + (nb[cidx[p][ok], i, j] - cidx[p][ok]) * strides[p]
                rows.append(src)
                cols.append(dst)
                vals.append(prob[ok])
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    v = np.concatenate(vals)
    off = sparse.csr_matrix((v, (r, c)), shape=(S, S))
    stay = 1.0 - np.asarray(off.sum(axis=1)).ravel()
    P = (off + sparse.diags(stay)).tocsr()
    return comps, counts, P


def full_stationary(model: NumericModel) -> tuple[np.ndarray, np.ndarray]:
    """Counts ``(S, sum m)`` of every state and the stationary vector of the full chain."""
    from scipy import sparse  # only the full chain needs sparse linear algebra
    from scipy.sparse.linalg import spsolve

    _, counts, P = full_chain(model)
    S = counts.shape[0]
    if model.n_populations == 1 and model.m[0] == 2:
        # birth-death chain in the number k of strategy 0: detailed balance, in log space
        k = counts[:, 0]
        order = np.argsort(k)
        Q = P[order][:, order]
        up = np.asarray(Q.diagonal(1), dtype=float)
        down = np.asarray(Q.diagonal(-1), dtype=float)
        logpi_sorted = np.concatenate(([0.0], np.cumsum(np.log(up) - np.log(down))))
        logpi = np.empty(S)
        logpi[order] = logpi_sorted
        pi = np.exp(logpi - logsumexp(logpi))
        return counts, pi
    A = (P.T - sparse.identity(S, format="csr")).tolil()
    A[S - 1, :] = np.ones(S)
    b = np.zeros(S)
    b[S - 1] = 1.0
    pi = spsolve(A.tocsc(), b)
    top = float(np.max(np.abs(pi)))
    if not np.all(np.isfinite(pi)) or float(np.min(pi)) < -ROUNDOFF * top:
        raise SolverError("stationary_distribution: the sparse solve of the full chain failed "
                          "(negative or non-finite entries); use states='monomorphic'")
    # entries below round-off of the largest one are not resolved by the direct solve
    pi = np.where(pi < 0.0, 0.0, pi)
    pi = pi / pi.sum()
    resid = float(np.abs(P.T @ pi - pi).sum())
    if resid > TOL:
        raise SolverError(f"stationary_distribution: the full chain's solution has residual "
                          f"{resid:.2e}; use states='monomorphic'")
    return counts, pi
