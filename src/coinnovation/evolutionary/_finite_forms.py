r"""Argument checks and symbolic closed forms of :class:`~coinnovation.FinitePopulation`.

The closed forms follow from the birth–death structure: with :math:`T^\pm(k)`
the probabilities that the mutant count goes up or down,
:math:`\rho = 1/(1 + \sum_{j=1}^{N-1}\prod_{k=1}^{j} T^-(k)/T^+(k))`
(Nowak 2006, *Evolutionary Dynamics*, ch. 6; Traulsen, Nowak & Pacheco 2006
for the pairwise-comparison ratio :math:`e^{-\beta(f_a - f_b)}`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from .._util.naming import resolve_player
from .._util.tolerance import atol_for
from .._util.validation import int_at_least
from ..errors import InvalidInputError, UnknownPlayerError, UnknownStrategyError
from ..games.normal_form import NormalFormGame

__all__ = ["EXPLICIT_TERMS", "Roles", "check_moran", "int_at_least", "is_number", "is_symmetric",
           "parse_counts", "parse_intensity", "parse_size", "symbolic_fixation", "symbolic_fixation_ratio"]

EXPLICIT_TERMS = 30
"""Symbolic fixation probabilities list their terms up to this size, else use sympy Sum."""


def is_number(v: Any) -> bool:
    """A real number that is not a boolean."""
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(
        v, (bool, np.bool_))


def is_symmetric(game: NormalFormGame) -> bool:
    """``payoffs[1] == payoffs[0].T`` (exactly for symbols, within the tolerance for numbers)."""
    if game.n_players != 2 or game.shape[0] != game.shape[1]:
        return False
    if game.is_symbolic:
        u = game.symbolic_payoff_array()
        return all(sp.simplify(x - y) == 0 for x, y in zip(u[1].ravel(), u[0].T.ravel(),
                                                             strict=True))
    u = game.payoff_array()
    return bool(np.all(np.abs(u[1] - u[0].T) <= atol_for(u)))


def parse_size(size: Any, single: bool, n_populations: int) -> tuple[int, ...]:
    """One size >= 2 per population."""
    if isinstance(size, (Sequence, np.ndarray)) and not isinstance(size, str):
        if single:
            raise InvalidInputError(
                "size: one population (a symmetric game) has one size; pass an int, or "
                "population='multi' for one population per player")
        vals = list(size)
        if len(vals) != n_populations:
            raise InvalidInputError(
                f"size: expected {n_populations} sizes (one per population), got {len(vals)}")
        return tuple(int_at_least(v, "size", 2) for v in vals)
    n = int_at_least(size, "size", 2)
    return (n,) * n_populations


def parse_intensity(intensity: Any, process: str) -> tuple[float | None, sp.Expr | None]:
    """The intensity as a float (None when symbolic) and as given when it is a sympy value."""
    limit = " and at most 1 (Moran: w in [0, 1])" if process == "moran" else ""
    if isinstance(intensity, sp.Basic):
        e = sp.sympify(intensity)
        if not isinstance(e, sp.Expr):
            raise InvalidInputError(f"intensity: expected a number or a sympy expression, "
                                    f"got {intensity!r}")
        if e.is_number:
            return parse_intensity(float(e), process)[0], e
        if e.is_negative:
            raise InvalidInputError(f"intensity: {e} is negative (selection intensity must "
                                    "be >= 0)")
        return None, e
    if not is_number(intensity) or not np.isfinite(float(intensity)) or float(intensity) < 0 \
            or (process == "moran" and float(intensity) > 1):
        raise InvalidInputError(f"intensity: expected a finite number >= 0{limit}, got "
                                f"{intensity!r}")
    return float(intensity), None


def check_moran(w: float | None, num: np.ndarray | None, sym: Any) -> None:
    """The Moran fitness ``1 - w + w u`` must be positive for every payoff ``u``."""
    if w is None:
        return
    if num is not None:
        vals = np.asarray(num, dtype=float)
        fit = 1.0 - w + w * vals
        if np.any(fit <= 0):
            idx = tuple(int(i) for i in np.argwhere(fit <= 0)[0])
            raise InvalidInputError(
                f"intensity: the Moran fitness 1 - w + w*u is {fit[idx]:g} <= 0 for the payoff "
                f"u = {vals[idx]:g} at {idx} with w = {w:g}; lower the intensity or shift the "
                "payoffs (fitness must be positive)")
        return
    for v in np.asarray(sym).ravel().tolist():
        e = 1 - sp.sympify(w) + sp.sympify(w) * v
        if e.is_nonpositive:
            raise InvalidInputError(
                f"intensity: the Moran fitness 1 - w + w*u = {e} is not positive")


def parse_counts(initial: Any, single: bool, m: tuple[int, ...], sizes: tuple[int, ...],
                 names: tuple[str, ...]) -> np.ndarray:
    """Initial strategy counts (one vector per population, summing to its size) as one array."""
    def row(v: Any, p: int, name: str) -> list[int]:
        if isinstance(v, (str, bytes)) or not isinstance(v, (Sequence, np.ndarray)):
            raise InvalidInputError(f"{name}: expected counts of the {m[p]} strategies "
                                    f"of {names[p]!r}, got {v!r}")
        vals = list(v)
        if len(vals) != m[p] or not all(
                isinstance(c, (int, np.integer)) and not isinstance(c, (bool, np.bool_))
                and c >= 0 for c in vals):
            raise InvalidInputError(f"{name}: expected {m[p]} non-negative integer "
                                    f"counts, got {v!r}")
        if sum(vals) != sizes[p]:
            raise InvalidInputError(f"{name}: counts must sum to the population size "
                                    f"{sizes[p]}, got {sum(int(c) for c in vals)}")
        return [int(c) for c in vals]

    if single:
        return np.array(row(initial, 0, "initial"), dtype=np.int64)
    if isinstance(initial, (str, bytes)) or not isinstance(initial, (Sequence, np.ndarray)) \
            or len(initial) != len(m):
        raise InvalidInputError(f"initial: expected one count vector per population "
                                f"({len(m)}), got {initial!r}")
    out: list[int] = []
    for p, v in enumerate(initial):
        out += row(v, p, f"initial[{p}]")
    return np.array(out, dtype=np.int64)


@dataclass(frozen=True)
class Roles:
    """Reading mutants, residents and populations against the populations of a game."""

    game: NormalFormGame
    single: bool
    names: tuple[str, ...]
    m: tuple[int, ...]

    def strategy(self, p: int, s: Any, name: str) -> int:
        if isinstance(s, (float, np.floating)) or (
                isinstance(s, (Sequence, np.ndarray)) and not isinstance(s, str)):
            raise InvalidInputError(
                f"{name}: expected a pure strategy (an index or a label) of "
                f"{self.names[p]!r}, got {s!r}")
        try:
            return self.game.strategy_index(0 if self.single else p, s)
        except UnknownStrategyError as exc:
            raise UnknownStrategyError(f"{name}: {exc}") from None

    def population(self, population: Any) -> int:
        if self.single:
            if population in (0, "population") and not isinstance(population, bool):
                return 0
            raise UnknownPlayerError(
                f"population: a single population is population 0, got {population!r}")
        try:
            return resolve_player(self.game.players, population)
        except UnknownPlayerError as exc:
            raise UnknownPlayerError(f"population: {exc}") from None

    def resident(self, resident: Any) -> tuple[int, ...]:
        if self.single:
            if isinstance(resident, tuple) and len(resident) in (1, 2):
                ks = {self.strategy(0, s, "resident") for s in resident}
                if len(ks) != 1:
                    raise InvalidInputError(f"resident: a single-population profile is (k, k), "
                                            f"got {resident!r}")
                return (ks.pop(),)
            return (self.strategy(0, resident, "resident"),)
        if isinstance(resident, (str, bytes)) or not isinstance(resident, (Sequence, np.ndarray)):
            raise InvalidInputError(
                f"resident: expected a pure profile (one strategy index or label per "
                f"population), got {resident!r}")
        items = list(resident)
        if len(items) != len(self.m):
            raise InvalidInputError(f"resident: expected a pure profile of {len(self.m)} "
                                    f"strategies, got {len(items)}")
        return tuple(self.strategy(p, s, "resident") for p, s in enumerate(items))

    def edge(self, mutant: Any, resident: Any, population: Any
              ) -> tuple[int, int, int, tuple[int, ...] | None]:
        p = self.population(population)
        prof = self.resident(resident)
        a = self.strategy(p, mutant, "mutant")
        b = prof[0] if self.single else prof[p]
        if a == b:
            raise InvalidInputError(
                f"mutant: strategy {a} is the resident strategy of {self.names[p]!r}; a mutant "
                "must play another strategy")
        return p, a, b, (None if self.single else prof)


def _edge_fitness(A: Any, N: int, a: int, b: int, k: Any) -> tuple[Any, Any]:
    """Payoffs of a mutant ``a`` and a resident ``b`` with ``k`` mutants among ``N`` (no self-play)."""
    fa = ((k - 1) * A[a, a] + (N - k) * A[a, b]) / (N - 1)
    fb = (k * A[b, a] + (N - k - 1) * A[b, b]) / (N - 1)
    return fa, fb


def _profile_payoffs(U: Any, p: int, a: int, b: int, prof: tuple[int, ...] | None
                     ) -> tuple[Any, Any]:
    """Population ``p``'s payoffs of ``a`` and ``b`` with the others at ``prof``."""
    assert prof is not None
    pa, pb = list(prof), list(prof)
    pa[p], pb[p] = a, b
    return sp.sympify(U[p][tuple(pa)]), sp.sympify(U[p][tuple(pb)])


def symbolic_fixation(sym: Any, N: int, single: bool, process: str, beta: Any, p: int, a: int,
                      b: int, prof: tuple[int, ...] | None) -> Any:
    """The fixation probability of one ``a`` among ``b`` residents as a sympy expression."""
    j = sp.Symbol("j", integer=True, positive=True)
    k = sp.Symbol("k", integer=True, positive=True)
    explicit = N - 1 <= EXPLICIT_TERMS
    if single:
        A = sym
        if process == "fermi":
            D = (A[a, a] - A[a, b]) - (A[b, a] - A[b, b])
            c = N * (A[a, b] - A[b, b]) - (A[a, a] - A[b, b])

            def term(jj: Any) -> Any:
                return sp.exp(sp.expand(-beta * (D * jj * (jj + 1) / 2 + c * jj) / (N - 1)))
            total = (sp.Add(*[term(jj) for jj in range(1, N)]) if explicit
                     else sp.Sum(term(j), (j, 1, N - 1)))
        else:
            fa, fb = _edge_fitness(A, N, a, b, k)
            r = (1 - beta + beta * fb) / (1 - beta + beta * fa)
            if explicit:
                terms, prod = [], sp.Integer(1)
                for kk in range(1, N):
                    prod = prod * sp.together(r.subs(k, kk))
                    terms.append(prod)
                total = sp.Add(*terms)
            else:
                total = sp.Sum(sp.Product(r, (k, 1, j)), (j, 1, N - 1))
    else:
        ua, ub = _profile_payoffs(sym, p, a, b, prof)
        if process == "fermi":
            def term(jj: Any) -> Any:
                return sp.exp(sp.expand(-beta * (ua - ub) * jj))
        else:
            ratio = sp.together((1 - beta + beta * ub) / (1 - beta + beta * ua))

            def term(jj: Any) -> Any:
                return ratio ** jj
        total = (sp.Add(*[term(jj) for jj in range(1, N)]) if explicit
                 else sp.Sum(term(j), (j, 1, N - 1)))
    return 1 / (1 + total)


def symbolic_fixation_ratio(sym: Any, N: int, single: bool, process: str, beta: Any, p: int, a: int,
                            b: int, prof: tuple[int, ...] | None) -> Any:
    """The ratio of fixation probabilities ``rho(a -> b) / rho(b -> a)`` as a sympy expression."""
    if single:
        A = sym
        if process == "fermi":
            expo = beta * (sp.Rational(N, 2) * (A[a, a] - A[b, a] + A[a, b] - A[b, b])
                           - (A[a, a] - A[b, b]))
            return sp.exp(sp.factor_terms(sp.expand(expo)))
        k = sp.Symbol("k", integer=True, positive=True)
        fa, fb = _edge_fitness(A, N, a, b, k)
        r = (1 - beta + beta * fa) / (1 - beta + beta * fb)
        if N - 1 <= EXPLICIT_TERMS:
            return sp.Mul(*[r.subs(k, kk) for kk in range(1, N)])
        return sp.Product(r, (k, 1, N - 1))
    ua, ub = _profile_payoffs(sym, p, a, b, prof)
    if process == "fermi":
        return sp.exp(sp.expand(beta * (ua - ub) * (N - 1)))
    return ((1 - beta + beta * ua) / (1 - beta + beta * ub)) ** (N - 1)
