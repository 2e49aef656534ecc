r"""The numeric description of a finite-population process, shared by its three computations.

:class:`NumericModel` holds what the small-mutation chain
(:mod:`._finite_chain`), the full chain with mutation and the agent-level
simulation (:mod:`._finite_sim`) need: population sizes, numbers of
strategies, the payoffs as floats, the update rule and its intensity. It is a
frozen, picklable dataclass, so simulation blocks can be shipped to other
processes.

Payoffs. One well-mixed population of size :math:`N` playing a symmetric game
:math:`A` without self-interaction: an individual of strategy :math:`a` in a
population with counts :math:`n` earns
:math:`f_a(n) = (\sum_b A_{ab} n_b - A_{aa})/(N-1)`. Several populations: an
individual of population :math:`p` earns its expected payoff against the other
populations' current strategy frequencies,
:math:`f_{pa}(n) = \sum_{a_{-p}} u_p(a, a_{-p}) \prod_{q\ne p} n_{q a_q}/N_q`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy.special import expit

__all__ = ["NumericModel"]

_LETTERS = "abcdefghijklmnopqrstuvwxy"


@dataclass(frozen=True, eq=False)
class NumericModel:
    """Sizes, strategies, float payoffs and the update rule of a finite-population process.

    Attributes
    ----------
    single : bool
        One population playing a symmetric game (``payoffs`` is the matrix
        ``A``), else one population per player (``payoffs`` has shape
        ``(P, m_0, ..., m_{P-1})``).
    sizes, m : tuple of int
        Population sizes and numbers of strategies.
    payoffs : numpy.ndarray
    beta : float
        Selection intensity (Fermi) or ``w`` (Moran).
    process : str
        ``"fermi"`` or ``"moran"``.
    mutation : float
        Probability that an updating individual explores a random other strategy.
    """

    single: bool
    sizes: tuple[int, ...]
    m: tuple[int, ...]
    payoffs: np.ndarray
    beta: float
    process: str
    mutation: float

    @property
    def n_populations(self) -> int:
        return len(self.sizes)

    @cached_property
    def offsets(self) -> tuple[int, ...]:
        """Column offsets of each population's counts in a state row ``(sum m,)``."""
        return tuple(int(v) for v in np.cumsum([0, *self.m]))

    @cached_property
    def _einsum(self) -> tuple[str, ...]:
        """One contraction per population: its payoff tensor with the others' shares."""
        npop = self.n_populations
        out = []
        for p in range(npop):
            ops = [_LETTERS[:npop]] + ["z" + _LETTERS[q] for q in range(npop) if q != p]
            out.append(",".join(ops) + "->z" + _LETTERS[p])
        return tuple(out)

    # ------------------------------------------------------------------ fitness
    def fitness(self, p: int, counts: np.ndarray) -> np.ndarray:
        """Payoffs ``(n, m_p)`` of each strategy of population ``p`` in the states ``counts``.

        ``counts`` has shape ``(n, sum m)`` (every population's counts). In one
        population the payoff of strategy ``a`` is that of an individual
        playing ``a`` (self-interaction excluded); it is only meaningful where
        ``a`` is present.
        """
        if self.single:
            A = self.payoffs
            n = counts.astype(float)
            return (n @ A.T - np.diag(A)[None, :]) / (self.sizes[0] - 1)
        xs = []
        for q in range(self.n_populations):
            if q != p:
                lo, hi = self.offsets[q], self.offsets[q + 1]
                xs.append(counts[:, lo:hi] / float(self.sizes[q]))
        return np.einsum(self._einsum[p], self.payoffs[p], *xs)

    def log_moran_fitness(self, f: np.ndarray | float) -> np.ndarray:
        """``log(1 - w + w f)``, accurate for small ``w``."""
        return np.log1p(self.beta * (np.asarray(f, dtype=float) - 1.0))

    # ------------------------------------------------------------------ one edge of the chain
    def edge_payoffs(self, p: int, a: int, b: int, prof: tuple[int, ...] | None
                     ) -> tuple[np.ndarray, np.ndarray]:
        """``f_a(k), f_b(k)`` for ``k = 1..N-1`` mutants ``a`` among residents ``b``."""
        N = self.sizes[p]
        k = np.arange(1, N, dtype=float)
        if self.single:
            A = self.payoffs
            fa = A[a, b] + (k - 1.0) * ((A[a, a] - A[a, b]) / (N - 1))
            fb = A[b, b] + k * ((A[b, a] - A[b, b]) / (N - 1))
            return fa, fb
        assert prof is not None
        pa = list(prof)
        pa[p] = a
        pb = list(prof)
        pb[p] = b
        U = self.payoffs[p]
        return np.full(N - 1, U[tuple(pa)]), np.full(N - 1, U[tuple(pb)])

    def log_prefix(self, p: int, a: int, b: int, prof: tuple[int, ...] | None) -> np.ndarray:
        r""":math:`L_j = \sum_{k=1}^{j} \log(T^-(k)/T^+(k))` for ``j = 1..N-1``.

        Fermi: :math:`\log T^-/T^+ = -\beta (f_a - f_b)`; for one population the
        sum is a quadratic in :math:`j` evaluated directly. Moran:
        :math:`\log T^-/T^+ = \log F_b - \log F_a`, :math:`F = 1 - w + w f`.
        """
        N = self.sizes[p]
        j = np.arange(1, N, dtype=float)
        if self.process == "fermi":
            if self.single:
                A = self.payoffs
                # sum_{k<=j} (f_a(k) - f_b(k)) = (D j(j+1)/2 + c j) / (N - 1)
                D = (A[a, a] - A[a, b]) - (A[b, a] - A[b, b])
                c = N * (A[a, b] - A[b, b]) - (A[a, a] - A[b, b])
                return -self.beta * (D * (j * (j + 1.0) / 2.0) + c * j) / (N - 1)
            fa, fb = self.edge_payoffs(p, a, b, prof)
            return -self.beta * (fa[0] - fb[0]) * j
        fa, fb = self.edge_payoffs(p, a, b, prof)
        if self.single:
            return np.cumsum(self.log_moran_fitness(fb) - self.log_moran_fitness(fa))
        step = float(self.log_moran_fitness(fb[0]) - self.log_moran_fitness(fa[0]))
        return step * j

    def edge_transitions(self, p: int, a: int, b: int, prof: tuple[int, ...] | None,
                         k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``T+(k), T-(k)``: probabilities that the number ``k`` of ``a`` goes up / down.

        Without mutation, for ``0 <= k <= N`` mutants ``a`` among residents
        ``b`` (the other populations at ``prof``); several populations carry
        the factor ``1/P`` of choosing population ``p``.
        """
        N = self.sizes[p]
        kk = np.asarray(k, dtype=float)
        inner = (kk > 0) & (kk < N)
        kc = np.where(inner, kk, 1.0)
        if self.single:
            A = self.payoffs
            fa = A[a, b] + (kc - 1.0) * ((A[a, a] - A[a, b]) / (N - 1))
            fb = A[b, b] + kc * ((A[b, a] - A[b, b]) / (N - 1))
        else:
            fa1, fb1 = self.edge_payoffs(p, a, b, prof)
            fa = np.full_like(kc, fa1[0])
            fb = np.full_like(kc, fb1[0])
        if self.process == "fermi":
            meet = (N - kc) / N * kc / (N - 1)
            up = meet * expit(self.beta * (fa - fb))
            down = meet * expit(-self.beta * (fa - fb))
        else:
            Fa = 1.0 - self.beta + self.beta * fa
            Fb = 1.0 - self.beta + self.beta * fb
            tot = kc * Fa + (N - kc) * Fb
            up = kc * Fa / tot * (N - kc) / N
            down = (N - kc) * Fb / tot * kc / N
        scale = 1.0 / self.n_populations
        return (np.where(inner, up * scale, 0.0), np.where(inner, down * scale, 0.0))
