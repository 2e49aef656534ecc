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

from .._util.symbolic import require_numeric
from ..errors import (
    InvalidGameError,
    InvalidInputError,
)
from ..games.normal_form import NormalFormGame
from ._finite_chain import full_stationary, log_fixation, log_gth, sml_log_transitions
from ._finite_forms import (
    Roles,
    check_moran,
    int_at_least,
    is_number,
    is_symmetric,
    parse_counts,
    parse_intensity,
    parse_size,
    symbolic_fixation,
    symbolic_fixation_ratio,
)
from ._finite_model import NumericModel
from ._finite_sim import FiniteSimulation, simulate_runs

__all__ = ["FinitePopulation", "FiniteSimulation"]

_PROCESSES = ("fermi", "moran")


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
        symmetric = is_symmetric(game)
        if population == "single" and not symmetric:
            raise InvalidGameError("game: population='single' needs a symmetric two-player game "
                                   "(payoffs[1] == payoffs[0].T)")
        self._single = symmetric if population is None else population == "single"
        self._m: tuple[int, ...] = (game.shape[0],) if self._single else game.shape
        if any(m < 2 for m in self._m):
            raise InvalidGameError(f"game: every population needs at least two strategies, got "
                                   f"shape {game.shape}")
        self._names: tuple[str, ...] = ("population",) if self._single else game.players
        self._sizes = parse_size(size, self._single, len(self._m))
        self._beta, self._beta_given = parse_intensity(intensity, process)
        if is_number(mutation) and 0.0 <= float(mutation) <= 1.0 and np.isfinite(mutation):
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
            check_moran(self._beta, self._num, self._sym)
        self._model: NumericModel | None = None
        if not self._symbolic:
            assert self._num is not None and self._beta is not None
            self._model = NumericModel(self._single, self._sizes, self._m,
                                       np.ascontiguousarray(self._num, dtype=float), self._beta,
                                       process, self._mu)
        self._log_pi: np.ndarray | None = None

    # ------------------------------------------------------------------ validation
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

    def _edge(self, mutant: Any, resident: Any, population: Any
              ) -> tuple[int, int, int, tuple[int, ...] | None]:
        return self._roles().edge(mutant, resident, population)

    def _roles(self) -> Roles:
        return Roles(self._game, self._single, self._names, self._m)

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
            return symbolic_fixation(self._sym, self._sizes[p], self._single, self._process,
                                     self._beta_expr(), p, a, b, prof)
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
        return symbolic_fixation_ratio(self._sym, N, self._single, self._process, self._beta_expr(),
                                       p, a, b, prof)

    # ------------------------------------------------------------------ symbolic forms
    def _free(self) -> frozenset[sp.Symbol]:
        free = set(self._game.free_symbols)
        if self._beta is None:
            free |= self._beta_expr().free_symbols
        return frozenset(free)

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
        roles = self._roles()
        a = roles.strategy(0, mutant, "mutant")
        b = roles.strategy(0, resident, "resident")
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
        return parse_counts(initial, self._single, self._m, self._sizes, self._names)

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
        runs = int_at_least(runs, "runs", 1)
        max_steps = int_at_least(max_steps, "max_steps", 1)
        if steps is not None:
            steps = int_at_least(steps, "steps", 0)
        elif self._mu > 0:
            raise InvalidInputError("steps: with mutation > 0 runs never stop by themselves; "
                                    "give the number of updates")
        if record_every is not None:
            record_every = int_at_least(record_every, "record_every", 1)
            if steps is None:
                raise InvalidInputError("record_every: recording needs a fixed number of steps")
        start = self._initial(initial)
        assert self._model is not None
        keys: list[Any] = self.monomorphic_states
        labels = tuple(self._game.strategies[0 if self._single else p] for p in range(len(self._m)))
        return simulate_runs(self._model, start, runs=runs, steps=steps, max_steps=max_steps,
                             record_every=record_every, rng=rng, executor=executor,
                             progress=progress, keys=keys, labels=labels)
