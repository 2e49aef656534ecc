r"""Finite populations (有限种群): fixation probabilities, stationary regimes, agent-level runs.

A region has thirty firms and four universities, not a continuum; decisions
are noisy. In a finite population a new behaviour (one firm that starts to
cooperate, 一家企业率先合作) either takes over — it **fixes** — or dies out,
and with rare mutations (experimentation, 试错) the system hops between
monomorphic regimes. :class:`FinitePopulation` computes the probability of
fixation, the long-run share of time in each regime, the gradient of
selection, and simulates the process individual by individual.

**One population** (a symmetric two-player game, ``payoffs[1] == payoffs[0].T``):
:math:`N` individuals play pairwise games without self-interaction; with
:math:`k` players of strategy :math:`a` among residents :math:`b`

.. math::

    f_a(k) = \frac{(k-1)A_{aa} + (N-k)A_{ab}}{N-1},\qquad
    f_b(k) = \frac{k A_{ba} + (N-k-1)A_{bb}}{N-1}.

**Several populations** (any other game): one population per player (size
:math:`N_p`); an individual's payoff is its expected payoff against the other
populations' current strategy frequencies, and imitation happens within a
population.

**Update rules.** ``process="fermi"`` (pairwise comparison; Szabó & Tőke
1998, Traulsen, Nowak & Pacheco 2006): a focal individual imitates a role model
with probability :math:`1/(1+e^{-\beta(f_{model}-f_{focal})})`, so
:math:`T^-(k)/T^+(k) = e^{-\beta(f_a(k) - f_b(k))}`. ``process="moran"``
(birth–death; Nowak et al. 2004): fitness :math:`F = 1 - w + w f` with
:math:`w` = ``intensity`` in :math:`[0, 1]`, so :math:`T^-/T^+ = F_b/F_a`.

**Fixation probability** of one mutant (Karlin & Taylor 1975; Nowak 2006, ch. 6):

.. math::

    \rho_{a\to b} = \frac{1}{1 + \sum_{j=1}^{N-1}\prod_{k=1}^{j} T^-(k)/T^+(k)},

computed from the logarithms of the products, so it is accurate for
:math:`N` up to :math:`10^4` and :math:`\beta` up to 100 (values far below
:math:`10^{-300}` are available as logarithms), and exactly :math:`1/N` under
neutral drift.

References
----------
M. A. Nowak, A. Sasaki, C. Taylor, D. Fudenberg, "Emergence of cooperation and
evolutionary stability in finite populations", Nature 428 (2004) 646-650.
A. Traulsen, M. A. Nowak, J. M. Pacheco, "Stochastic dynamics of invasion and
fixation", Phys. Rev. E 74 (2006) 011909.
D. Fudenberg, L. A. Imhof, "Imitation processes with small mutations",
J. Econ. Theory 131 (2006) 251-262.
C. Veller, L. K. Hayward, "Finite-population evolution with rare mutations in
asymmetric games", J. Econ. Theory 162 (2016) 93-113.
E. Fernández Domingos et al., "EGTtools: evolutionary game dynamics in
Python", iScience 26 (2023) 106419 (the normalization of the gradient of selection).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import sympy as sp

from .._util.naming import resolve_player
from .._util.symbolic import require_numeric
from .._util.tolerance import atol_for
from ..errors import (
    InvalidGameError,
    InvalidInputError,
    UnknownPlayerError,
    UnknownStrategyError,
)
from ..games.normal_form import NormalFormGame
from ._finite_chain import full_stationary, log_fixation, log_gth, sml_log_transitions
from ._finite_model import NumericModel
from ._finite_sim import FiniteSimulation, simulate_runs

__all__ = ["FinitePopulation", "FiniteSimulation"]

_PROCESSES = ("fermi", "moran")
_EXPLICIT_TERMS = 30
"""Symbolic fixation probabilities list their terms up to this size, else use sympy Sum."""


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(
        v, (bool, np.bool_))


def _int_at_least(v: Any, name: str, low: int) -> int:
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)):
        raise InvalidInputError(f"{name}: expected an integer >= {low}, got {v!r}")
    if int(v) < low:
        raise InvalidInputError(f"{name}: expected an integer >= {low}, got {int(v)}")
    return int(v)


class FinitePopulation:
    r"""Finite-population evolutionary dynamics of a game (有限种群演化动态).

    Parameters
    ----------
    game : NormalFormGame
        Numeric or symbolic payoffs.
    size : int or sequence of int
        Population size :math:`N \ge 2`; several populations take one size
        for all or one per player (``size=(30, 4)``: thirty firms, four universities).
    intensity : float or sympy expression
        Selection intensity :math:`\beta \ge 0` (Fermi) or :math:`w \in [0, 1]`
        (Moran). 0 is neutral drift.
    process : {"fermi", "moran"}
        Pairwise comparison (imitation) or birth–death with fitness :math:`1 - w + w f`.
    mutation : float
        Probability :math:`\mu\in[0, 1]` that an updating individual explores
        a uniformly chosen other strategy instead (used by :meth:`simulate`
        and by the full chain ``stationary_distribution(states="all")``; the
        small-mutation results are its :math:`\mu\to 0` limit).
    population : {None, "single", "multi"}
        ``None`` (default): one population for a symmetric two-player game
        (``payoffs[1] == payoffs[0].T``), one population per player otherwise.
        ``"multi"`` treats a symmetric game as two populations (enterprises
        and universities that happen to have symmetric payoffs).

    Raises
    ------
    coinnovation.errors.InvalidInputError
        naming the argument: ``size`` below 2, a negative ``intensity`` (or
        above 1 for Moran), ``mutation`` outside :math:`[0, 1]`, an unknown
        ``process``, or a Moran fitness :math:`1 - w + w u \le 0` for some payoff.

    Notes
    -----
    Keys of the results: strategy indices for one population, pure profiles
    (tuples of strategy indices, index 0 = cooperate / active) for several.

    Examples
    --------
    A prisoner's dilemma (strategy 0 = cooperate): under neutral drift a
    mutant fixes with probability exactly :math:`1/N`; with selection a
    cooperator rarely takes over, and the population spends most of its time
    defecting.

    >>> import coinnovation as co
    >>> pd = co.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> co.FinitePopulation(pd, size=20, intensity=0.0).fixation_probability(0, 1)
    0.05
    >>> fp = co.FinitePopulation(pd, size=20, intensity=1.0)
    >>> f"{fp.fixation_probability(0, 1):.3e}", f"{fp.fixation_probability(1, 0):.6f}"
    ('1.119e-14', '0.883596')
    >>> {k: round(v, 6) for k, v in fp.stationary_distribution().items()}
    {0: 0.0, 1: 1.0}
    """

    def __init__(self, game: NormalFormGame, *, size: int | Sequence[int], intensity: Any = 1.0,
                 process: str = "fermi", mutation: float = 0.0,
                 population: str | None = None) -> None:
        if not isinstance(game, NormalFormGame):
            raise InvalidInputError(
                f"game: expected a coinnovation.NormalFormGame, got {type(game).__name__}")
        if not isinstance(process, str) or process not in _PROCESSES:
            raise InvalidInputError(f"process: expected 'fermi' or 'moran', got {process!r}")
        if population not in (None, "single", "multi"):
            raise InvalidInputError(
                f"population: expected None, 'single' or 'multi', got {population!r}")
        self._game = game
        self._process = process
        symmetric = _is_symmetric(game)
        if population == "single" and not symmetric:
            raise InvalidGameError("game: population='single' needs a symmetric two-player game "
                                   "(payoffs[1] == payoffs[0].T)")
        self._single = symmetric if population is None else population == "single"
        self._m: tuple[int, ...] = (game.shape[0],) if self._single else game.shape
        if any(m < 2 for m in self._m):
            raise InvalidGameError(f"game: every population needs at least two strategies, got "
                                   f"shape {game.shape}")
        self._names: tuple[str, ...] = ("population",) if self._single else game.players
        self._sizes = self._parse_size(size)
        self._beta, self._beta_given = self._parse_intensity(intensity)
        if _is_number(mutation) and 0.0 <= float(mutation) <= 1.0 and np.isfinite(mutation):
            self._mu = float(mutation)
        else:
            raise InvalidInputError(
                f"mutation: expected a probability in [0, 1], got {mutation!r}")
        self._symbolic = game.is_symbolic or self._beta is None
        if game.is_symbolic:
            raw = game.symbolic_payoff_array()
            self._sym = raw[0] if self._single else raw
            self._num: np.ndarray | None = None
        else:
            u = game.payoff_array()
            self._num = u[0] if self._single else u
            self._sym = None
        if process == "moran":
            self._check_moran()
        self._model: NumericModel | None = None
        if not self._symbolic:
            assert self._num is not None and self._beta is not None
            self._model = NumericModel(self._single, self._sizes, self._m,
                                       np.ascontiguousarray(self._num, dtype=float), self._beta,
                                       process, self._mu)
        self._log_pi: np.ndarray | None = None

    # ------------------------------------------------------------------ validation
    def _parse_size(self, size: Any) -> tuple[int, ...]:
        if isinstance(size, (Sequence, np.ndarray)) and not isinstance(size, str):
            if self._single:
                raise InvalidInputError(
                    "size: one population (a symmetric game) has one size; pass an int, or "
                    "population='multi' for one population per player")
            vals = list(size)
            if len(vals) != len(self._m):
                raise InvalidInputError(
                    f"size: expected {len(self._m)} sizes (one per population), got {len(vals)}")
            return tuple(_int_at_least(v, "size", 2) for v in vals)
        n = _int_at_least(size, "size", 2)
        return (n,) * len(self._m)

    def _parse_intensity(self, intensity: Any) -> tuple[float | None, sp.Expr | None]:
        limit = " and at most 1 (Moran: w in [0, 1])" if self._process == "moran" else ""
        if isinstance(intensity, sp.Basic):
            e = sp.sympify(intensity)
            if not isinstance(e, sp.Expr):
                raise InvalidInputError(f"intensity: expected a number or a sympy expression, "
                                        f"got {intensity!r}")
            if e.is_number:
                return self._parse_intensity(float(e))[0], e
            if e.is_negative:
                raise InvalidInputError(f"intensity: {e} is negative (selection intensity must "
                                        "be >= 0)")
            return None, e
        if not _is_number(intensity) or not np.isfinite(float(intensity)) or float(intensity) < 0 \
                or (self._process == "moran" and float(intensity) > 1):
            raise InvalidInputError(f"intensity: expected a finite number >= 0{limit}, got "
                                    f"{intensity!r}")
        return float(intensity), None

    def _check_moran(self) -> None:
        w = self._beta
        if w is None:
            return
        if self._num is not None:
            vals = np.asarray(self._num, dtype=float)
            fit = 1.0 - w + w * vals
            if np.any(fit <= 0):
                idx = tuple(int(i) for i in np.argwhere(fit <= 0)[0])
                raise InvalidInputError(
                    f"intensity: the Moran fitness 1 - w + w*u is {fit[idx]:g} <= 0 for the payoff "
                    f"u = {vals[idx]:g} at {idx} with w = {w:g}; lower the intensity or shift the "
                    "payoffs (fitness must be positive)")
            return
        for v in np.asarray(self._sym).ravel().tolist():
            e = 1 - sp.sympify(w) + sp.sympify(w) * v
            if e.is_nonpositive:
                raise InvalidInputError(
                    f"intensity: the Moran fitness 1 - w + w*u = {e} is not positive")

    def _beta_expr(self) -> sp.Expr:
        """The intensity as a sympy number or expression (integers stay exact)."""
        if self._beta_given is not None:
            return self._beta_given
        assert self._beta is not None
        return sp.Integer(int(self._beta)) if self._beta.is_integer() else sp.Float(self._beta)

    # ------------------------------------------------------------------ facts
    @property
    def game(self) -> NormalFormGame:
        """The underlying game."""
        return self._game

    @property
    def population(self) -> str:
        """``"single"`` (one population) or ``"multi"`` (one per player)."""
        return "single" if self._single else "multi"

    @property
    def populations(self) -> tuple[str, ...]:
        """Population names (the players, or ``("population",)``)."""
        return self._names

    @property
    def sizes(self) -> tuple[int, ...]:
        """Population sizes, one per population."""
        return self._sizes

    @property
    def n_strategies(self) -> tuple[int, ...]:
        """Number of strategies of each population."""
        return self._m

    @property
    def intensity(self) -> Any:
        """The selection intensity (a float, or a sympy expression)."""
        return self._beta if self._beta is not None else self._beta_expr()

    @property
    def process(self) -> str:
        """``"fermi"`` or ``"moran"``."""
        return self._process

    @property
    def mutation(self) -> float:
        """The mutation (exploration) probability per update."""
        return self._mu

    @property
    def is_symbolic(self) -> bool:
        """True when payoffs or intensity contain symbols."""
        return self._symbolic

    @property
    def monomorphic_states(self) -> list[Any]:
        """Keys of :meth:`stationary_distribution`, in the order of :meth:`transition_matrix`."""
        if self._single:
            return list(range(self._m[0]))
        import itertools

        return list(itertools.product(*(range(m) for m in self._m)))

    def __repr__(self) -> str:
        size = self._sizes[0] if self._single else list(self._sizes)
        mu = f", mutation={self._mu:g}" if self._mu else ""
        return (f"FinitePopulation({self.population}-population, populations "
                f"{list(self._names)}, size={size}, intensity={self.intensity}, "
                f"process={self._process!r}{mu})")

    # ------------------------------------------------------------------ arguments
    def _strategy(self, p: int, s: Any, name: str) -> int:
        if isinstance(s, (float, np.floating)) or (
                isinstance(s, (Sequence, np.ndarray)) and not isinstance(s, str)):
            raise InvalidInputError(
                f"{name}: expected a pure strategy (an index or a label) of "
                f"{self._names[p]!r}, got {s!r}")
        try:
            return self._game.strategy_index(0 if self._single else p, s)
        except UnknownStrategyError as exc:
            raise UnknownStrategyError(f"{name}: {exc}") from None

    def _population(self, population: Any) -> int:
        if self._single:
            if population in (0, "population") and not isinstance(population, bool):
                return 0
            raise UnknownPlayerError(
                f"population: a single population is population 0, got {population!r}")
        try:
            return resolve_player(self._game.players, population)
        except UnknownPlayerError as exc:
            raise UnknownPlayerError(f"population: {exc}") from None

    def _resident(self, resident: Any) -> tuple[int, ...]:
        if self._single:
            if isinstance(resident, tuple) and len(resident) in (1, 2):
                ks = {self._strategy(0, s, "resident") for s in resident}
                if len(ks) != 1:
                    raise InvalidInputError(f"resident: a single-population profile is (k, k), "
                                            f"got {resident!r}")
                return (ks.pop(),)
            return (self._strategy(0, resident, "resident"),)
        if isinstance(resident, (str, bytes)) or not isinstance(resident, (Sequence, np.ndarray)):
            raise InvalidInputError(
                f"resident: expected a pure profile (one strategy index or label per "
                f"population), got {resident!r}")
        items = list(resident)
        if len(items) != len(self._m):
            raise InvalidInputError(f"resident: expected a pure profile of {len(self._m)} "
                                    f"strategies, got {len(items)}")
        return tuple(self._strategy(p, s, "resident") for p, s in enumerate(items))

    def _edge(self, mutant: Any, resident: Any, population: Any
              ) -> tuple[int, int, int, tuple[int, ...] | None]:
        p = self._population(population)
        prof = self._resident(resident)
        a = self._strategy(p, mutant, "mutant")
        b = prof[0] if self._single else prof[p]
        if a == b:
            raise InvalidInputError(
                f"mutant: strategy {a} is the resident strategy of {self._names[p]!r}; a mutant "
                "must play another strategy")
        return p, a, b, (None if self._single else prof)

    # ------------------------------------------------------------------ fixation
    def log_fixation_probability(self, mutant: Any, resident: Any, population: Any = 0) -> float:
        r"""Natural logarithm of :meth:`fixation_probability` (for values below 1e-308).

        Examples
        --------
        >>> import coinnovation as co
        >>> stag = co.NormalFormGame([[[4, 0], [3, 3]], [[4, 3], [0, 3]]])
        >>> fp = co.FinitePopulation(stag, size=10_000, intensity=100.0)
        >>> round(fp.log_fixation_probability(0, 1))
        -1125040
        """
        require_numeric(self._free(), "log_fixation_probability")
        p, a, b, prof = self._edge(mutant, resident, population)
        assert self._model is not None
        return log_fixation(self._model.log_prefix(p, a, b, prof), self._sizes[p])

    def fixation_probability(self, mutant: Any, resident: Any, population: Any = 0) -> Any:
        r"""Probability that one ``mutant`` takes over a population of ``resident`` s (固定概率).

        .. math::

            \rho = \Bigl(1 + \sum_{j=1}^{N-1}\prod_{k=1}^{j}\frac{T^-(k)}{T^+(k)}\Bigr)^{-1}

        Parameters
        ----------
        mutant : int or str
            The mutant's strategy (in population ``population``).
        resident : int, str or tuple
            One population: the resident strategy. Several populations: a pure
            profile; the mutant appears in ``population``, the other
            populations stay at the profile.
        population : int or str
            Where the mutant appears (several populations only).

        Returns
        -------
        float, or a sympy expression for symbolic payoffs or intensity
            (the sum written out for :math:`N \le 30`, a sympy ``Sum`` beyond).

        Raises
        ------
        coinnovation.errors.InvalidInputError
            for a non-pure ``resident`` (mixed strategies, floats), a mutant
            equal to the resident, an unknown strategy or population (named).

        Examples
        --------
        Neutral drift: exactly :math:`1/N`. Symbolic payoffs give the closed form.

        >>> import sympy as sp, coinnovation as co
        >>> g = co.NormalFormGame([[[2, 2], [2, 2]], [[2, 2], [2, 2]]])
        >>> co.FinitePopulation(g, size=7).fixation_probability(0, 1) == 1 / 7
        True
        >>> b, c = sp.symbols("b c", positive=True)
        >>> donation = co.NormalFormGame([[[b - c, -c], [b, 0]], [[b - c, b], [-c, 0]]])
        >>> co.FinitePopulation(donation, size=3, intensity=1).fixation_probability(0, 1)
        1/(exp(b/2 + c) + exp(b + 2*c) + 1)
        """
        p, a, b, prof = self._edge(mutant, resident, population)
        if self._symbolic:
            return self._symbolic_fixation(p, a, b, prof)
        assert self._model is not None
        L = self._model.log_prefix(p, a, b, prof)
        if not np.any(L):
            return 1.0 / self._sizes[p]
        return math.exp(log_fixation(L, self._sizes[p]))

    def fixation_ratio(self, mutant: Any, resident: Any, population: Any = 0) -> Any:
        r"""The ratio :math:`\rho_{a\to b}/\rho_{b\to a} = \prod_{k=1}^{N-1} T^+(k)/T^-(k)`.

        ``a`` = ``mutant`` invading ``b`` = ``resident`` over the reverse
        invasion (several populations: within ``population``, the others at
        the profile). For the Fermi process in one population it has the
        closed form, for every :math:`N`,

        .. math::

            \frac{\rho_{a\to b}}{\rho_{b\to a}}
              = \exp\Bigl(\beta\Bigl[\tfrac{N}{2}(A_{aa} - A_{ba} + A_{ab} - A_{bb})
                - (A_{aa} - A_{bb})\Bigr]\Bigr),

        so strategy :math:`a` is favoured (:math:`\rho_a > \rho_b`) iff the
        bracket is positive — risk dominance for large :math:`N`.

        Examples
        --------
        >>> import sympy as sp, coinnovation as co
        >>> R, S, T, P = sp.symbols("R S T P")
        >>> g = co.NormalFormGame([[[R, S], [T, P]], [[R, T], [S, P]]])
        >>> beta = sp.Symbol("beta", positive=True)
        >>> co.FinitePopulation(g, size=10, intensity=beta).fixation_ratio(0, 1)
        exp(beta*(-4*P + 4*R + 5*S - 5*T))
        """
        p, a, b, prof = self._edge(mutant, resident, population)
        N = self._sizes[p]
        if not self._symbolic:
            assert self._model is not None
            with np.errstate(over="ignore"):
                return float(np.exp(-float(self._model.log_prefix(p, a, b, prof)[-1])))
        beta = self._beta_expr()
        if self._single:
            A = self._sym
            if self._process == "fermi":
                expo = beta * (sp.Rational(N, 2) * (A[a, a] - A[b, a] + A[a, b] - A[b, b])
                               - (A[a, a] - A[b, b]))
                return sp.exp(sp.factor_terms(sp.expand(expo)))
            k = sp.Symbol("k", integer=True, positive=True)
            fa, fb = self._sym_edge(a, b, k)
            r = (1 - beta + beta * fa) / (1 - beta + beta * fb)
            if N - 1 <= _EXPLICIT_TERMS:
                return sp.Mul(*[r.subs(k, kk) for kk in range(1, N)])
            return sp.Product(r, (k, 1, N - 1))
        ua, ub = self._sym_profile_payoffs(p, a, b, prof)
        if self._process == "fermi":
            return sp.exp(sp.expand(beta * (ua - ub) * (N - 1)))
        return ((1 - beta + beta * ua) / (1 - beta + beta * ub)) ** (N - 1)

    # ------------------------------------------------------------------ symbolic forms
    def _free(self) -> frozenset[sp.Symbol]:
        free = set(self._game.free_symbols)
        if self._beta is None:
            free |= self._beta_expr().free_symbols
        return frozenset(free)

    def _sym_edge(self, a: int, b: int, k: Any) -> tuple[Any, Any]:
        A = self._sym
        N = self._sizes[0]
        fa = ((k - 1) * A[a, a] + (N - k) * A[a, b]) / (N - 1)
        fb = (k * A[b, a] + (N - k - 1) * A[b, b]) / (N - 1)
        return fa, fb

    def _sym_profile_payoffs(self, p: int, a: int, b: int, prof: tuple[int, ...] | None
                             ) -> tuple[Any, Any]:
        assert prof is not None
        pa, pb = list(prof), list(prof)
        pa[p], pb[p] = a, b
        U = self._sym[p]
        return sp.sympify(U[tuple(pa)]), sp.sympify(U[tuple(pb)])

    def _symbolic_fixation(self, p: int, a: int, b: int, prof: tuple[int, ...] | None) -> Any:
        N = self._sizes[p]
        beta = self._beta_expr()
        j = sp.Symbol("j", integer=True, positive=True)
        k = sp.Symbol("k", integer=True, positive=True)
        explicit = N - 1 <= _EXPLICIT_TERMS
        if self._single:
            A = self._sym
            if self._process == "fermi":
                D = (A[a, a] - A[a, b]) - (A[b, a] - A[b, b])
                c = N * (A[a, b] - A[b, b]) - (A[a, a] - A[b, b])

                def term(jj: Any) -> Any:
                    return sp.exp(sp.expand(-beta * (D * jj * (jj + 1) / 2 + c * jj) / (N - 1)))
                total = (sp.Add(*[term(jj) for jj in range(1, N)]) if explicit
                         else sp.Sum(term(j), (j, 1, N - 1)))
            else:
                fa, fb = self._sym_edge(a, b, k)
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
            ua, ub = self._sym_profile_payoffs(p, a, b, prof)
            if self._process == "fermi":
                def term(jj: Any) -> Any:
                    return sp.exp(sp.expand(-beta * (ua - ub) * jj))
            else:
                ratio = sp.together((1 - beta + beta * ub) / (1 - beta + beta * ua))

                def term(jj: Any) -> Any:
                    return ratio ** jj
            total = (sp.Add(*[term(jj) for jj in range(1, N)]) if explicit
                     else sp.Sum(term(j), (j, 1, N - 1)))
        return 1 / (1 + total)

    # ------------------------------------------------------------------ small-mutation chain
    def transition_matrix(self) -> np.ndarray:
        r"""Transition probabilities between monomorphic states per mutation (small-mutation limit).

        Entry :math:`(s, s')` is :math:`\rho/(P(m_p-1))` for states differing
        in one population :math:`p`; rows sum to 1. States are ordered as
        :attr:`monomorphic_states`.

        Examples
        --------
        >>> import coinnovation as co
        >>> pd = co.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
        >>> co.FinitePopulation(pd, size=4, intensity=0.0).transition_matrix()
        array([[0.75, 0.25],
               [0.25, 0.75]])
        """
        require_numeric(self._free(), "transition_matrix")
        assert self._model is not None
        with np.errstate(under="ignore"):
            T = np.exp(sml_log_transitions(self._model))
        np.fill_diagonal(T, 0.0)
        np.fill_diagonal(T, 1.0 - T.sum(axis=1))
        return T

    def log_stationary_distribution(self) -> dict[Any, float]:
        r"""Natural logarithms of :meth:`stationary_distribution` (entries below 1e-308 too).

        Examples
        --------
        >>> import coinnovation as co
        >>> pd = co.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
        >>> logs = co.FinitePopulation(pd, size=1000, intensity=10.0).log_stationary_distribution()
        >>> round(logs[0]), logs[1]
        (-15020, 0.0)
        """
        require_numeric(self._free(), "stationary_distribution")
        assert self._model is not None
        if self._log_pi is None:
            self._log_pi = log_gth(sml_log_transitions(self._model))
        keys = self.monomorphic_states
        return {k: float(v) for k, v in zip(keys, self._log_pi.tolist(), strict=True)}

    def stationary_distribution(self, *, states: str = "monomorphic") -> dict[Any, float]:
        r"""Long-run share of time in each regime (平稳分布), small-mutation limit by default.

        ``states="monomorphic"`` (default): the stationary vector of the
        chain between monomorphic states (:meth:`transition_matrix`: a
        mutation arises in a population chosen uniformly, to each other
        strategy with equal probability, and fixes with the fixation
        probability), the :math:`\mu\to 0` limit of the process (Fudenberg &
        Imhof 2006). It is solved by the Grassmann–Taksar–Heyman elimination
        in log space, so tiny entries keep their relative accuracy
        (:meth:`log_stationary_distribution` gives those below 1e-308).

        ``states="all"``: the stationary distribution of the full chain over
        every composition of every population, with the given ``mutation > 0``.
        Keys are count vectors ``(n_0, ..., n_{m-1})`` (one population) or a
        tuple of them (several populations). Entries below the round-off of
        the largest one are not resolved, except for one population with two
        strategies (a birth–death chain, solved exactly in log space).

        Returns
        -------
        dict
            State -> probability; keys as :attr:`monomorphic_states`
            (strategy indices for one population, pure profiles for several).

        Examples
        --------
        The tripartite government–enterprise–university game, thirty of each:

        >>> import coinnovation as co
        >>> from coinnovation.models import TRIPARTITE_TYPICAL
        >>> g = co.models.government_enterprise_university(**TRIPARTITE_TYPICAL, S_E=2, S_U=2)
        >>> pi = co.FinitePopulation(g, size=30, intensity=0.1).stationary_distribution()
        >>> sorted(pi, key=pi.get)[-2:], round(sum(pi.values()), 12)
        ([(0, 0, 0), (1, 1, 0)], 1.0)
        """
        if states == "monomorphic":
            logs = self.log_stationary_distribution()
            with np.errstate(under="ignore"):
                return {k: float(np.exp(v)) for k, v in logs.items()}
        if states != "all":
            raise InvalidInputError(f"states: expected 'monomorphic' or 'all', got {states!r}")
        require_numeric(self._free(), "stationary_distribution")
        if self._mu == 0.0:
            raise InvalidInputError(
                "states: the full chain needs mutation > 0 (without mutation it is absorbed in "
                "the monomorphic states; states='monomorphic' gives the small-mutation limit)")
        assert self._model is not None
        counts, pi = full_stationary(self._model)
        offs = self._model.offsets
        out: dict[Any, float] = {}
        for row, v in zip(counts.tolist(), pi.tolist(), strict=True):
            if self._single:
                key: Any = tuple(row)
            else:
                key = tuple(tuple(row[offs[p]:offs[p + 1]]) for p in range(len(self._m)))
            out[key] = float(v)
        return out

    # ------------------------------------------------------------------ one population
    def _pair_one_population(self, mutant: Any, resident: Any, what: str) -> tuple[int, int]:
        if not self._single:
            raise InvalidInputError(
                f"{what}: defined for one population (a symmetric game); this process has "
                f"{len(self._m)} populations")
        a = self._strategy(0, mutant, "mutant")
        b = self._strategy(0, resident, "resident")
        if a == b:
            raise InvalidInputError("mutant: must differ from resident")
        return a, b

    def _counts(self, k: Any) -> np.ndarray:
        N = self._sizes[0]
        arr = np.asarray(k)
        if arr.dtype.kind not in "iu" or arr.dtype == bool:
            raise InvalidInputError(f"k: expected integer counts 0..{N}, got {k!r}")
        if np.any(arr < 0) or np.any(arr > N):
            raise InvalidInputError(f"k: counts must lie in 0..{N}, got {k!r}")
        return arr

    def transition_probabilities(self, k: Any, *, mutant: Any = 0, resident: Any = 1
                                 ) -> tuple[Any, Any]:
        r""":math:`T^+(k), T^-(k)`: the number :math:`k` of ``mutant`` s goes up / down by one.

        One population, on the edge between ``mutant`` and ``resident``,
        without mutation. Fermi: :math:`T^\pm(k) = \frac{k}{N}\frac{N-k}{N-1}
        \,(1+e^{\mp\beta(f_a - f_b)})^{-1}`; Moran:
        :math:`T^+ = \frac{kF_a}{kF_a + (N-k)F_b}\frac{N-k}{N}`,
        :math:`T^- = \frac{(N-k)F_b}{kF_a + (N-k)F_b}\frac{k}{N}`.
        ``k`` is an int or an integer array; returns floats or arrays.
        """
        require_numeric(self._free(), "transition_probabilities")
        a, b = self._pair_one_population(mutant, resident, "transition_probabilities")
        kk = self._counts(k)
        assert self._model is not None
        up, down = self._model.edge_transitions(0, a, b, None, kk)
        if np.ndim(kk) == 0:
            return float(up), float(down)
        return up, down

    def gradient_of_selection(self, k: Any, *, mutant: Any = 0, resident: Any = 1) -> Any:
        r"""Gradient of selection :math:`G(k) = T^+(k) - T^-(k)` (选择梯度), egttools' normalization.

        For the Fermi process
        :math:`G(k) = \frac{k}{N}\frac{N-k}{N-1}\tanh\bigl(\tfrac{\beta}{2}(f_a(k) - f_b(k))\bigr)`,
        the expected change of the number of ``mutant`` s per update
        (Traulsen, Nowak & Pacheco 2006); it is what
        ``egttools.analytical.StochDynamics.gradient_selection`` returns.
        Positive: selection favours the mutant at :math:`k`. One population;
        ``k`` (the number of ``mutant`` s, 0..N) may be an integer array.

        Examples
        --------
        A stag hunt: the interior root of :math:`G` is the finite-population
        coordination threshold.

        >>> import numpy as np, coinnovation as co
        >>> stag = co.NormalFormGame([[[4, 0], [3, 3]], [[4, 3], [0, 3]]])
        >>> fp = co.FinitePopulation(stag, size=10, intensity=1.0)
        >>> np.sign(fp.gradient_of_selection(np.arange(11))).astype(int).tolist()
        [0, -1, -1, -1, -1, -1, -1, -1, 1, 1, 0]
        """
        require_numeric(self._free(), "gradient_of_selection")
        if self._process == "moran":
            up, down = self.transition_probabilities(k, mutant=mutant, resident=resident)
            return up - down
        a, b = self._pair_one_population(mutant, resident, "gradient_of_selection")
        kk = self._counts(k)
        assert self._model is not None
        N = self._sizes[0]
        inner = (kk > 0) & (kk < N)
        kc = np.where(inner, kk, 1).astype(float)
        fa, fb = self._model.edge_payoffs(0, a, b, None)
        # edge_payoffs is indexed by k = 1..N-1
        d = np.asarray(fa - fb)[(kc - 1).astype(np.int64)]
        g = np.where(inner, (N - kc) / N * kc / (N - 1) * np.tanh(self._model.beta / 2 * d), 0.0)
        return float(g) if np.ndim(kk) == 0 else g

    # ------------------------------------------------------------------ simulation
    def _initial(self, initial: Any) -> np.ndarray:
        def row(v: Any, p: int, name: str) -> list[int]:
            if isinstance(v, (str, bytes)) or not isinstance(v, (Sequence, np.ndarray)):
                raise InvalidInputError(f"{name}: expected counts of the {self._m[p]} strategies "
                                        f"of {self._names[p]!r}, got {v!r}")
            vals = list(v)
            if len(vals) != self._m[p] or not all(
                    isinstance(c, (int, np.integer)) and not isinstance(c, (bool, np.bool_))
                    and c >= 0 for c in vals):
                raise InvalidInputError(f"{name}: expected {self._m[p]} non-negative integer "
                                        f"counts, got {v!r}")
            if sum(vals) != self._sizes[p]:
                raise InvalidInputError(f"{name}: counts must sum to the population size "
                                        f"{self._sizes[p]}, got {sum(int(c) for c in vals)}")
            return [int(c) for c in vals]

        if self._single:
            return np.array(row(initial, 0, "initial"), dtype=np.int64)
        if isinstance(initial, (str, bytes)) or not isinstance(initial, (Sequence, np.ndarray)) \
                or len(initial) != len(self._m):
            raise InvalidInputError(f"initial: expected one count vector per population "
                                    f"({len(self._m)}), got {initial!r}")
        out: list[int] = []
        for p, v in enumerate(initial):
            out += row(v, p, f"initial[{p}]")
        return np.array(out, dtype=np.int64)

    def initial_state(self, mutant: Any, resident: Any, population: Any = 0) -> Any:
        """Counts of one ``mutant`` among ``resident`` s: the start of a fixation run.

        Examples
        --------
        >>> import coinnovation as co
        >>> g = co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]])
        >>> fp = co.FinitePopulation(g, size=(5, 3), population="multi")
        >>> fp.initial_state(0, (1, 1), population=0)
        ((1, 4), (0, 3))
        """
        p, a, b, prof = self._edge(mutant, resident, population)
        full = (b,) if self._single else prof
        assert full is not None
        rows = []
        for q, (N, m) in enumerate(zip(self._sizes, self._m, strict=True)):
            c = [0] * m
            c[full[q]] = N
            if q == p:
                c[b] -= 1
                c[a] += 1
            rows.append(tuple(c))
        return rows[0] if self._single else tuple(rows)

    def simulate(self, initial: Any, *, runs: int = 1000, steps: int | None = None,
                 max_steps: int = 10_000_000, record_every: int | None = None, rng: Any = None,
                 executor: Any = None, progress: Any = None) -> FiniteSimulation:
        r"""Agent-level runs of the process, vectorized over runs and seeded (有限种群仿真).

        Each update draws individuals (see :mod:`coinnovation.evolutionary._finite_sim`):
        a population uniformly, a focal member uniformly, then a role model
        (Fermi) or a fitness-proportional parent (Moran), with exploration
        probability ``mutation``.

        Parameters
        ----------
        initial : sequence of int, or one per population
            Counts of every strategy (summing to the size); :meth:`initial_state`
            builds one mutant among residents.
        runs : int
            Number of independent runs.
        steps : int, optional
            Number of updates. Default: until every run is monomorphic in every
            population (only without mutation).
        max_steps : int
            Cap on the updates when ``steps`` is not given; exceeding it raises
            :class:`~coinnovation.errors.ConvergenceError`.
        record_every : int, optional
            Keep the counts every that many updates (needs ``steps``).
        rng : None, int, SeedSequence or Generator
            Runs are seeded in fixed blocks of 4096: a run's result depends only
            on the seed and its index, whatever the executor.
        executor : concurrent.futures.Executor or dask client, optional
            Where blocks of runs go (through :func:`coinnovation.sweep`).
        progress : None, bool or callable
            As for :func:`coinnovation.sweep` (default: no bar).

        Returns
        -------
        FiniteSimulation

        Examples
        --------
        The empirical fixation frequency of one cooperator agrees with
        :meth:`fixation_probability` within its standard error:

        >>> import coinnovation as co
        >>> stag = co.NormalFormGame([[[4, 0], [3, 3]], [[4, 3], [0, 3]]])
        >>> fp = co.FinitePopulation(stag, size=8, intensity=0.3)
        >>> sim = fp.simulate(fp.initial_state(0, 1), runs=4000, rng=7)
        >>> abs(sim.frequency(0) - fp.fixation_probability(0, 1)) < 3 * sim.standard_errors[0]
        True
        """
        require_numeric(self._free(), "simulate")
        runs = _int_at_least(runs, "runs", 1)
        max_steps = _int_at_least(max_steps, "max_steps", 1)
        if steps is not None:
            steps = _int_at_least(steps, "steps", 0)
        elif self._mu > 0:
            raise InvalidInputError("steps: with mutation > 0 runs never stop by themselves; "
                                    "give the number of updates")
        if record_every is not None:
            record_every = _int_at_least(record_every, "record_every", 1)
            if steps is None:
                raise InvalidInputError("record_every: recording needs a fixed number of steps")
        start = self._initial(initial)
        assert self._model is not None
        keys: list[Any] = self.monomorphic_states
        labels = tuple(self._game.strategies[0 if self._single else p] for p in range(len(self._m)))
        return simulate_runs(self._model, start, runs=runs, steps=steps, max_steps=max_steps,
                             record_every=record_every, rng=rng, executor=executor,
                             progress=progress, keys=keys, labels=labels)


def _is_symmetric(game: NormalFormGame) -> bool:
    if game.n_players != 2 or game.shape[0] != game.shape[1]:
        return False
    if game.is_symbolic:
        u = game.symbolic_payoff_array()
        return all(sp.simplify(x - y) == 0 for x, y in zip(u[1].ravel(), u[0].T.ravel(),
                                                             strict=True))
    u = game.payoff_array()
    return bool(np.all(np.abs(u[1] - u[0].T) <= atol_for(u)))

