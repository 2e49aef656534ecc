r"""The Shapley value: exact (vectorized, numeric or symbolic) and by permutation sampling.

Exact. With :math:`w(s) = s!(n-s-1)!/n!` the Shapley value is

.. math::
    \phi_i = \sum_{S \ni i} v(S)\,w(|S|-1) - \sum_{S \not\ni i} v(S)\,w(|S|).

Each sum is computed for all players at once by folding the weighted table in
halves (:func:`coinnovation._util.subsets.fold_sums`, ``fold_out_sums``): the top
half of the table holds the coalitions with the highest player, the bottom
half those without; adding the halves keeps the sums for the lower players. So
the whole value costs O(2^n) arithmetic (plus a table of coalition sizes) and
one extra table of 2^n numbers in memory. The same
code runs on object arrays of :class:`fractions.Fraction` (exact) or sympy
expressions (closed forms).

Sampling. Castro, Gómez & Tejada (2009): draw random orders of the players,
credit each player with its marginal contribution on joining its predecessors,
and average. Every order's contributions sum to ``v(N)``, so the estimate is
efficient. Standard errors are the sample standard deviations over ``√m``;
intervals use the normal quantile.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import numpy as np

from .._util.subsets import fold_out_sums, fold_sums, popcount
from ..errors import InvalidInputError

__all__ = ["shapley_exact"]



def _weights(n: int, exact: bool) -> list[Any]:
    if exact:
        return [Fraction(1, n * math.comb(n - 1, s)) for s in range(n)]
    return [1.0 / (n * math.comb(n - 1, s)) for s in range(n)]


def shapley_exact(v: np.ndarray, n: int) -> np.ndarray:
    """Exact Shapley value of the table ``v`` (floats, Fractions or sympy objects)."""
    obj = v.dtype == object
    w = _weights(n, exact=obj)
    zero: Any = Fraction(0) if obj else 0.0
    w_in = [zero, *w]      # weight of S ∋ i:  w(|S| - 1), |S| = 0..n
    w_out = [*w, zero]     # weight of S ∌ i:  w(|S|),     |S| = 0..n
    pc = popcount(n)
    if obj:
        a = np.array([*w_in, None], dtype=object)[:-1][pc] * v
        gained = fold_sums(a, n, inplace=True)
        b = np.array([*w_out, None], dtype=object)[:-1][pc] * v
        return gained - fold_out_sums(b, n, inplace=True)
    table = np.empty(1 << n)
    _weigh(table, np.array(w_in), pc, v)
    gained = fold_sums(table, n, inplace=True)
    _weigh(table, np.array(w_out), pc, v)
    return gained - fold_out_sums(table, n, inplace=True)


def _weigh(out: np.ndarray, weights: np.ndarray, pc: np.ndarray, v: np.ndarray) -> None:
    """``out[S] = weights[|S|] * v[S]``, in chunks (no table-sized index temporaries)."""
    step = 1 << 18
    for start in range(0, out.shape[0], step):
        sl = slice(start, start + step)
        np.take(weights, pc[sl], out=out[sl])
        out[sl] *= v[sl]


def _batch_contributions(game: Any, n: int, k: int, rng: np.random.Generator,
                         table: np.ndarray | None) -> np.ndarray:
    """Marginal contributions of every player in ``k`` random orders: shape (k, n)."""
    perms = np.argsort(rng.random((k, n)), axis=1)
    rows = np.arange(k)[:, None]
    if table is not None:
        prefix = np.cumsum(np.int64(1) << perms.astype(np.int64), axis=1)
        vals = table[prefix]
    else:
        rank = np.empty_like(perms)
        rank[rows, perms] = np.arange(n)[None, :]
        # members[b, j, i]: player i is among the first j+1 of order b
        members = rank[:, None, :] <= np.arange(n)[None, :, None]
        vals = game.evaluate(members.reshape(k * n, n)).reshape(k, n)
    marg = np.diff(vals, axis=1, prepend=0.0)
    out = np.empty((k, n))
    out[rows, perms] = marg
    return out


def sampling_setup(game: Any, confidence: float, batch_size: int | None
                   ) -> tuple[np.ndarray | None, int, float]:
    """Shared by the samplers: the worth table (when tabulated), the batch size, the z quantile."""
    from scipy.stats import norm

    n = game.n_players
    table = None
    if game.is_tabulated and n <= 62:
        table = np.asarray(game.values, dtype=float)
    if batch_size is None:
        batch_size = max(16, min(4096, (1 << 22) // max(1, n * n if table is None else n)))
    return table, batch_size, float(norm.ppf(0.5 + confidence / 2))


def check_sampling_args(n_samples: Any, confidence: Any, precision: Any, max_samples: Any) -> None:
    if n_samples is not None and (isinstance(n_samples, bool) or not isinstance(n_samples, int)
                                  or n_samples < 2):
        raise InvalidInputError(f"n_samples: expected an integer >= 2, got {n_samples!r}")
    if not isinstance(confidence, (int, float)) or not 0 < confidence < 1:
        raise InvalidInputError(f"confidence: expected a level in (0, 1), got {confidence!r}")
    if precision is not None and (not isinstance(precision, (int, float))
                                  or not np.isfinite(precision) or precision <= 0):
        raise InvalidInputError(f"precision: expected a positive half-width, got {precision!r}")
    if isinstance(max_samples, bool) or not isinstance(max_samples, int) or max_samples < 2:
        raise InvalidInputError(f"max_samples: expected an integer >= 2, got {max_samples!r}")
