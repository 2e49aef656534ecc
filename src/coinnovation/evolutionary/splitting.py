r"""Splitting probabilities of one two-strategy population under noise (scale function of the diffusion).

For :math:`dx = x(1-x)[\Delta(x)\,dt + \sigma\,dW]` with the other populations
held fixed, the probability of reaching ``high`` before ``low`` from ``x0`` is
:math:`(S(x_0) - S(a))/(S(b) - S(a))` with the scale function
:math:`S(x) = \int^x \exp(-\int^y 2\mu/\sigma^2)` (Karlin & Taylor 1981, ch. 15),
computed by Gauss–Legendre quadrature in log-odds and summed in log space;
:func:`simulate_splitting` checks it by simulation.

References
----------
S. Karlin, H. M. Taylor, *A Second Course in Stochastic Processes*, Academic Press (1981).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import expit

from .._util.tolerance import ROUNDOFF
from .._util.validation import positive_float
from ..errors import ConvergenceError, InvalidInputError
from ._finite_chain import logsumexp
from ._finite_sim import run_blocks
from ._sde import (
    PATH_BLOCK,
    check_method,
    interval_of,
    one_population,
    sde_step,
)

__all__ = ["SplittingEstimate", "simulate_splitting", "splitting_probability"]

_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(16)


def _log_scale_integral(gain: Any, c: float, a: float, b: float, panels: int) -> tuple[float, float]:
    r"""``log S(b)`` and ``log S(c)`` in log-odds, ``a < c < b``, with ``panels`` per side."""
    def side(lo: float, hi: float, phi0: float) -> tuple[np.ndarray, float]:
        edges = np.linspace(lo, hi, panels + 1)
        half = (edges[1:] - edges[:-1]) / 2
        mid = (edges[1:] + edges[:-1]) / 2
        nodes = mid[:, None] + half[:, None] * _GL_NODES[None, :]            # (M, 16)
        dphi = 2.0 * gain(expit(nodes.ravel())).reshape(nodes.shape)          # phi' in xi
        panel_int = (half[:, None] * _GL_WEIGHTS[None, :] * dphi).sum(axis=1)
        starts = phi0 + np.concatenate(([0.0], np.cumsum(panel_int)[:-1]))
        # phi at each node: its panel's start plus the integral from the start to the node
        sub_half = (nodes - edges[:-1, None]) / 2                             # (M, 16)
        sub_nodes = (edges[:-1, None, None] + sub_half[:, :, None]
                     * (1.0 + _GL_NODES[None, None, :]))                      # (M, 16, 16)
        sub = 2.0 * gain(expit(sub_nodes.ravel())).reshape(sub_nodes.shape)
        phi = starts[:, None] + (sub_half[:, :, None] * _GL_WEIGHTS[None, None, :] * sub).sum(
            axis=2)
        # log of exp(-phi) * x(1 - x) times the weights
        logx = -np.logaddexp(0.0, -nodes)
        log1mx = -np.logaddexp(0.0, nodes)
        with np.errstate(divide="ignore"):   # a zero-width panel (rounding) contributes 0
            terms = np.log(half[:, None] * _GL_WEIGHTS[None, :]) - phi + logx + log1mx
        return terms.ravel(), float(phi0 + panel_int.sum())

    left, phi_c = side(a, c, 0.0) if c > a else (np.array([-np.inf]), 0.0)
    right, _ = side(c, b, phi_c) if b > c else (np.array([-np.inf]), phi_c)
    log_sc = float(logsumexp(left))
    log_sb = float(np.logaddexp(log_sc, logsumexp(right)))
    return log_sb, log_sc


def splitting_probability(dynamics: Any, x0: float, low: float, high: float, *, noise: Any,
                          population: Any = 0, others: Any = None) -> float:
    r"""Probability that :math:`x` reaches ``high`` before ``low`` (分岔/逃逸概率), from the scale function.

    For one two-strategy population :math:`p` with the other populations
    held at the shares ``others``, the diffusion
    :math:`dx = x(1-x)[\Delta(x)\,dt + \sigma\,dW]` (Itô) has scale density
    :math:`s'(x) = \exp\bigl(-\int^x 2\Delta(y)/(\sigma^2 y(1-y))\,dy\bigr)`, and
    (Karlin & Taylor 1981, ch. 15)

    .. math::

        P_{x_0}(\tau_{high} < \tau_{low}) = \frac{S(x_0) - S(low)}{S(high) - S(low)},
        \qquad S(x) = \int^x s'(u)\,du .

    Both integrals are computed in log-odds :math:`\xi`, where
    :math:`\int 2\Delta/(\sigma^2 y(1-y))\,dy = \int 2\Delta/\sigma^2\,d\xi`, by
    composite 16-point Gauss–Legendre quadrature with the panels doubled until
    the probability changes by less than :math:`10^{-12}`; the outer
    integral is summed in log space, so strong selection or weak noise
    (:math:`2\Delta/\sigma^2` in the hundreds) neither overflows nor loses
    digits.

    Parameters
    ----------
    dynamics : ReplicatorDynamics
        Numeric, two strategies per population.
    x0, low, high : float
        ``0 < low <= x0 <= high < 1``.
    noise : float, sequence or mapping
        :math:`\sigma` of the population (or one per population, as for
        :func:`simulate_sde`); must be positive.
    population : int or str
    others : sequence or mapping, optional
        Shares of strategy 0 of the other populations (required when there are any).

    Examples
    --------
    With no payoff gain the share is a martingale: the probability is linear.

    >>> import coinnovation as co
    >>> flat = co.NormalFormGame([[[1, 1], [1, 1]], [[1, 1], [1, 1]]])
    >>> rd = co.ReplicatorDynamics(flat, population="single")
    >>> round(rd.splitting_probability(0.4, 0.2, 0.8, noise=0.5), 12)
    0.333333333333
    """
    x, lo, hi = interval_of(x0, low, high)
    _, gain, sig = one_population(dynamics, population, others, noise, "splitting_probability")
    if x == lo:
        return 0.0
    if x == hi:
        return 1.0
    a, c, b = (math.log(v) - math.log1p(-v) for v in (lo, x, hi))

    def g(u: np.ndarray) -> np.ndarray:
        return gain(u) / (sig * sig)

    prev = None
    panels = 8
    while panels <= 4096:
        log_sb, log_sc = _log_scale_integral(g, c, a, b, panels)
        prob = math.exp(log_sc - log_sb)
        if prev is not None and abs(prob - prev) <= ROUNDOFF:
            return prob
        prev = prob
        panels *= 2
    raise ConvergenceError("splitting_probability: the quadrature did not settle to 1e-12 with "
                           "4096 panels (is the gain function smooth on [low, high]?)")


@dataclass(frozen=True, eq=False)
class _ExitBlocks:
    gain: Any
    x0: float
    low: float
    high: float
    sigma: float
    dt: float
    milstein: bool
    t_max: float

    def __call__(self, path: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
        k = path.size
        hit = np.zeros(k, dtype=np.int8)          # +1 high, -1 low, 0 inside
        when = np.full(k, np.nan)
        idx = np.arange(k)                        # paths still inside
        xa = np.full(k, self.x0)
        h = self.dt
        sq = math.sqrt(h)
        n_steps = 0
        chunk = 64
        while idx.size and n_steps * h < self.t_max:
            # increments for a full block and a chunk of steps: independent of which paths remain
            Z = rng.standard_normal((chunk, PATH_BLOCK))
            U = rng.random((chunk, 2, PATH_BLOCK))
            for s in range(chunk):
                if not idx.size or n_steps * h >= self.t_max:
                    break
                e = Z[s, idx] * (self.sigma * sq)
                xn = sde_step(xa[None, :], self.gain(xa)[None, :], e[None, :], h,
                           self.sigma * self.sigma * h, self.milstein)[0]
                n_steps += 1
                up = xn >= self.high
                down = xn <= self.low
                # Brownian-bridge check for a crossing between the step ends (local noise b)
                b2 = (self.sigma * xa * (1.0 - xa)) ** 2 * h
                with np.errstate(over="ignore", under="ignore", divide="ignore"):
                    p_up = np.exp(-2.0 * (self.high - xa) * (self.high - xn) / b2)
                    p_dn = np.exp(-2.0 * (xa - self.low) * (xn - self.low) / b2)
                up |= ~down & (U[s, 0, idx] < p_up)
                down |= ~up & (U[s, 1, idx] < p_dn)
                out = up | down
                if out.any():
                    t = n_steps * h
                    hit[idx[up]] = 1
                    hit[idx[down]] = -1
                    when[idx[out]] = t
                    keep = ~out
                    idx = idx[keep]
                    xa = xn[keep]
                else:
                    xa = xn
        if idx.size:
            raise ConvergenceError(f"t_max: {idx.size} of {k} paths had not left ({self.low:g}, "
                                   f"{self.high:g}) by t = {self.t_max:g}; raise t_max")
        return {"high": hit == 1, "time": when}


@dataclass(frozen=True, eq=False)
class SplittingEstimate:
    r"""Monte-Carlo estimate of a splitting probability (with its standard error).

    Attributes
    ----------
    probability : float
        Share of paths that reached ``high`` before ``low``.
    standard_error : float
        :math:`\sqrt{p(1-p)/n}`.
    paths : int
    mean_exit_time : float
        Mean time to leave ``(low, high)``.
    x0, low, high : float
    population : str
    method : str
    dt : float

    Examples
    --------
    >>> import coinnovation as co
    >>> flat = co.NormalFormGame([[[1, 1], [1, 1]], [[1, 1], [1, 1]]])
    >>> rd = co.ReplicatorDynamics(flat, population="single")
    >>> from coinnovation.evolutionary.splitting import simulate_splitting
    >>> est = simulate_splitting(rd, 0.4, 0.2, 0.8, noise=2.0, paths=2000, dt=0.01, rng=3)
    >>> abs(est.probability - 1 / 3) < 3 * est.standard_error
    True
    """

    probability: float
    standard_error: float
    paths: int
    mean_exit_time: float
    x0: float
    low: float
    high: float
    population: str
    method: str
    dt: float

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python form."""
        return {k: getattr(self, k) for k in ("probability", "standard_error", "paths",
                                              "mean_exit_time", "x0", "low", "high",
                                              "population", "method", "dt")}

    def __repr__(self) -> str:
        return (f"SplittingEstimate(P(high first) = {self.probability:.4f} ± "
                f"{self.standard_error:.4f}, {self.paths} paths, mean exit time "
                f"{self.mean_exit_time:.4g})")


def simulate_splitting(dynamics: Any, x0: float, low: float, high: float, *, noise: Any,
                       population: Any = 0, others: Any = None, paths: int = 10_000,
                       dt: float = 1e-3, method: str | None = "milstein", rng: Any = None,
                       t_max: float = 1e4, executor: Any = None, progress: Any = None
                       ) -> SplittingEstimate:
    r"""Simulate the exit of one population's share from ``(low, high)``, others fixed.

    The Monte-Carlo counterpart of :func:`splitting_probability`: paths of
    :math:`dx = x(1-x)[\Delta(x)dt + \sigma dW]` (Milstein by default) from
    ``x0`` until they leave the interval; a crossing between two steps is
    detected with the Brownian-bridge probability
    :math:`\exp(-2 d_0 d_1 / (b^2 h))` (distances :math:`d` to the barrier at the
    two step ends, local noise :math:`b = \sigma x(1-x)`; Glasserman 2004,
    §6.4), which removes the :math:`O(\sqrt h)` bias of checking only at the
    steps.

    Parameters
    ----------
    paths : int
    dt : float
        Step size.
    t_max : float
        Paths still inside at ``t_max`` raise
        :class:`~coinnovation.errors.ConvergenceError`.
    rng, executor, progress
        As for :func:`simulate_sde` (paths in seeded blocks).

    Returns
    -------
    SplittingEstimate
    """
    x, lo, hi = interval_of(x0, low, high)
    p, gain, sig = one_population(dynamics, population, others, noise, "simulate_splitting")
    if isinstance(paths, bool) or not isinstance(paths, (int, np.integer)) or paths < 1:
        raise InvalidInputError(f"paths: expected a positive integer, got {paths!r}")
    m = check_method(method)
    if x in (lo, hi):
        return SplittingEstimate(float(x == hi), 0.0, int(paths), 0.0, x, lo, hi,
                                 str(dynamics.populations[p]), m, float(dt))
    task = _ExitBlocks(gain, x, lo, hi, sig, positive_float(dt, "dt"), m == "milstein",
                       positive_float(t_max, "t_max"))
    res = run_blocks(task, "path", int(paths), PATH_BLOCK, rng, executor, progress)
    prob = float(np.mean(res["high"]))
    return SplittingEstimate(prob, math.sqrt(prob * (1 - prob) / int(paths)), int(paths),
                             float(np.mean(res["time"])), x, lo, hi,
                             str(dynamics.populations[p]), m, float(dt))
