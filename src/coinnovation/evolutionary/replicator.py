r"""Replicator dynamics (复制动态) of normal-form games: equations, rest points, simulation.

In **multi-population** (asymmetric) dynamics each player :math:`p` of the game
is a population; :math:`x_{pk}` is the share of population :math:`p` playing
pure strategy :math:`k` and

.. math::

    \dot x_{pk} = x_{pk}\,\bigl(f_{pk}(x) - \bar f_p(x)\bigr), \qquad
    f_{pk}(x) = \sum_{a_{-p}} u_p(k, a_{-p}) \prod_{q\ne p} x_{q a_q},\qquad
    \bar f_p = \sum_k x_{pk} f_{pk}.

For a player with two strategies this is the form the literature writes,
:math:`\dot x = x(1-x)\,(U_{x1} - U_{x2})` with :math:`x` the share on
strategy 0 (cooperate / active: 积极合作, 政府积极监管); the gain grows with the
cooperative surplus (合作剩余) a cooperator shares. The **single-population**
dynamics of a symmetric two-player game with matrix :math:`A` is
:math:`\dot x_k = x_k\bigl((Ax)_k - x^\top A x\bigr)`.

Payoffs may contain the state variables themselves: a subsidy (政府补贴) that
falls as cooperation spreads, :math:`S(x) = S_{max}(1-x)`, or a fine that grows
with it — the dynamic reward-and-punishment mechanism (动态奖惩机制) used to damp
cycles. A payoff symbol whose name is a state variable's name (``x``, ``y``,
``z`` by default) *is* that state variable.

References
----------
P. D. Taylor, L. B. Jonker, "Evolutionarily stable strategies and game
dynamics", Math. Biosci. 40 (1978) 145-156.
D. Friedman, "Evolutionary games in economics", Econometrica 59 (1991) 637-666.
J. W. Weibull, *Evolutionary Game Theory*, MIT Press (1995), ch. 3 and 5.
吴洁, 车晓静, 盛永祥, 陈璐, 施琴芬, "基于三方演化博弈的政产学研协同创新机制研究",
中国管理科学 27 (2019).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import sympy as sp

from .._util.rng import as_generator
from .._util.symbolic import find_symbol, require_numeric, symbol_mapping
from .._util.tolerance import ODE_ATOL, ODE_RTOL
from ..errors import InvalidInputError
from ..games.normal_form import NormalFormGame
from ..noncooperative._pure import pure_equilibrium_mask
from ..noncooperative.equilibrium import Equilibria, Equilibrium
from ..noncooperative.selection import risk_dominant_equilibrium
from . import _latex
from ._ess import pure_equilibrium, single_population_ess, sinks_as_equilibria
from ._system import ReplicatorSystem
from .classification import classify_point, exact_jacobian
from .derivation import check_equations as _check_equations
from .outcomes import trajectory_outcomes
from .rest_points import find_rest_points, vertex_rest_points
from .results import (
    BasinEstimate,
    DerivationCheck,
    RestPoint,
    Stability,
    StabilityTable,
    Trajectories,
)
from .simulation import integrate
from .splitting import splitting_probability
from .stochastic import StochasticTrajectories, simulate_sde

__all__ = ["ReplicatorDynamics"]


class ReplicatorDynamics:
    r"""Replicator dynamics of a normal-form game, symbolic and numeric (复制动态).

    Parameters
    ----------
    game : NormalFormGame
        Numeric or symbolic payoffs. Payoff symbols named like a state
        variable are that state variable (state-dependent policies).
    population : {"multi", "single"}
        ``"multi"`` (default): one population per player (asymmetric
        dynamics, e.g. government, enterprises and universities).
        ``"single"``: one population playing a symmetric two-player game
        against itself (``payoffs[1]`` must be the transpose of ``payoffs[0]``).
    state : sequence of str or sympy.Symbol, optional
        Names of the reduced state variables, one per free share: a player
        with :math:`m` strategies has :math:`m-1` (the shares of strategies
        ``0..m-2``). Default: ``x, y, z`` for up to three two-strategy players,
        else ``x0, x1, ...``.

    Attributes
    ----------
    state : tuple of sympy.Symbol
        The reduced state variables.
    parameters : frozenset of sympy.Symbol
        Free symbols of the payoffs that are not state variables.
    is_state_dependent : bool
        Some payoff contains a state variable.

    Notes
    -----
    A **point** is a pure profile (a tuple of ints or strategy labels: a
    vertex), a tuple of mixed strategies (one 1-D array per population), or a
    flat sequence of floats / sympy values in the reduced coordinates
    (``(x, y, z)``). Floats are never read as strategy indices: ``(1, 0, 1)``
    is the profile, ``(1.0, 0.0, 1.0)`` the shares (= profile ``(0, 1, 0)``).

    Examples
    --------
    The two-party industry–university game (方炜 et al. 2019) with numbers:
    cooperation (strategy 0) is stable, and so is mutual defection.

    >>> import coinnovation as co
    >>> g = co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]])
    >>> rd = co.ReplicatorDynamics(g)
    >>> rd.equations
    (x*(1 - x)*(2*y - 1), y*(1 - y)*(2*x - 1))
    >>> [(p.profile, rd.classify(p).kind) for p in rd.rest_points()]
    [((0, 0), 'sink'), ((0, 1), 'source'), ((1, 0), 'source'), ((1, 1), 'sink'), (None, 'saddle')]
    """

    def __init__(self, game: NormalFormGame, *, population: str = "multi",
                 state: Sequence[str | sp.Symbol] | None = None) -> None:
        self._sys = ReplicatorSystem(game, population=population, state=state)
        # caches of derived results: guarded, so that one object may be used from several threads
        self._lock = threading.RLock()
        self._rest_cache: dict[str, list[RestPoint]] = {}
        self._class_cache: dict[int, Stability] = {}
        self._exact_jac: sp.Matrix | None = None

    # ------------------------------------------------------------------ facts
    @property
    def game(self) -> NormalFormGame:
        """The underlying game."""
        return self._sys.game

    @property
    def population(self) -> str:
        """``"multi"`` or ``"single"``."""
        return self._sys.population

    @property
    def populations(self) -> tuple[str, ...]:
        """Population names (the players, or ``("population",)``)."""
        return self._sys.names

    @property
    def n_strategies(self) -> tuple[int, ...]:
        """Number of strategies of each population."""
        return self._sys.m

    @property
    def state(self) -> tuple[sp.Symbol, ...]:
        """The reduced state variables."""
        return self._sys.state

    @property
    def parameters(self) -> frozenset[sp.Symbol]:
        """Free payoff symbols other than the state variables."""
        return self._sys.params

    @property
    def symbols(self) -> Mapping[str, sp.Symbol]:
        """The parameters by name, ``{"S_E": S_E, ...}`` (read-only; state variables excluded)."""
        return symbol_mapping(self._sys.params)

    def symbol(self, name: str) -> sp.Symbol:
        """The parameter called ``name``; an unknown name raises
        :class:`~coinnovation.errors.InvalidInputError` listing the known ones."""
        return find_symbol(self.symbols, name, context="symbol of the ReplicatorDynamics")

    @property
    def is_symbolic(self) -> bool:
        """True when the payoffs contain parameters (symbols that are not state variables)."""
        return self._sys.is_symbolic

    @property
    def is_state_dependent(self) -> bool:
        """True when some payoff contains a state variable (state-dependent policy)."""
        return self._sys.state_dependent

    def __repr__(self) -> str:
        s = self._sys
        extra = f", parameters {sorted(map(str, s.params))}" if s.params else ""
        dep = ", state-dependent payoffs" if s.state_dependent else ""
        return (f"ReplicatorDynamics({s.population}-population, populations "
                f"{list(s.names)}, state {list(map(str, s.state))}{extra}{dep})")

    def subs(self, mapping: Mapping[Any, Any] | None = None, /, **kwargs: Any
             ) -> ReplicatorDynamics:
        """Substitute values for parameters; returns new dynamics (same population, state).

        Examples
        --------
        >>> import sympy as sp, coinnovation as co
        >>> s = sp.Symbol("s")
        >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[s, 0], [1, 1]], [[1, 0], [0, 1]]]))
        >>> rd.subs({s: 2}).is_symbolic
        False
        """
        m = dict(mapping or {})
        m.update(kwargs)
        names = {str(s) for s in self._sys.state}
        for key in m:
            if str(key) in names:
                raise InvalidInputError(f"subs: {str(key)!r} is a state variable, not a parameter")
        return ReplicatorDynamics(self._sys.game.subs(m), population=self._sys.population,
                                  state=self._sys.state)

    # ------------------------------------------------------------------ symbolic core
    @property
    def fitness(self) -> tuple[tuple[sp.Expr, ...], ...]:
        r"""Expected payoff :math:`f_{pk}(x)` of each strategy, as sympy expressions."""
        return self._sys.fitness

    @property
    def gains(self) -> tuple[sp.Expr | None, ...]:
        r"""Per population :math:`\Delta_p = f_{p0} - f_{p1}` (two strategies), else None.

        The payoff gain of strategy 0 (cooperate / active) over strategy 1;
        the papers' :math:`U_{x1} - U_{x2}`.
        """
        return self._sys.gains

    @property
    def equations(self) -> tuple[sp.Expr, ...]:
        r"""Right-hand sides of the reduced replicator equations, in the order of :attr:`state`.

        For two strategies :math:`\dot x = x(1-x)(f_0 - f_1)`; otherwise
        :math:`\dot x_k = x_k (f_k - \bar f)` for :math:`k < m-1`.
        """
        return self._sys.equations

    def vertices(self) -> list[tuple[int, ...]]:
        """All pure profiles (vertices of the state space), in lexicographic order."""
        return self._sys.vertices()

    # ------------------------------------------------------------------ Jacobian
    def jacobian(self, point: Any = None) -> Any:
        r"""Jacobian of the reduced equations, at ``point`` or in general.

        In reduced coordinates the Jacobian is the derivative restricted to
        the state space (a product of simplices). Without ``point``: the
        symbolic matrix in the state variables. At a point of a numeric game:
        a float array; otherwise a sympy Matrix.

        Examples
        --------
        >>> import coinnovation as co
        >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
        >>> rd.jacobian((0, 0))
        array([[-1.,  0.],
               [ 0., -1.]])
        """
        if point is None:
            return self._sys.jac
        vals, _ = self._sys.parse_point(point)
        return self._sys.jacobian_at(vals)

    def velocity(self, point: Any) -> Any:
        """The right-hand side at a point: floats for numeric data, else sympy."""
        return self._sys.velocity(point)

    # ------------------------------------------------------------------ stability
    def rest_points(self, *, method: str = "auto", rng: Any = None) -> list[RestPoint]:
        r"""All rest points: the vertices, then rest points on faces and in the interior.

        A point in the relative interior of a face (support :math:`S_p` per
        population) is at rest exactly when every strategy in each
        :math:`S_p` earns the same, :math:`f_{pk} = f_{pl}` for
        :math:`k, l\in S_p`. Each face's system is solved exactly with sympy
        (``method="exact"``; the default for faces with at most three
        unknowns) or numerically by multi-start root finding, each root
        verified by its residual (``method="numeric"``, numeric games only).
        Whole faces at rest (degenerate games) are returned as continua
        (:attr:`RestPoint.free`). For symbolic games, faces whose equations
        are nonlinear in three or more unknowns are returned by their
        equations (:attr:`RestPoint.equations`) instead of closed forms.

        Parameters
        ----------
        method : {"auto", "exact", "numeric"}
        rng : None, int or numpy.random.Generator
            Seeds the starting points of the numeric method.

        Returns
        -------
        list of RestPoint
            Vertices first (lexicographic), then the other faces.

        Examples
        --------
        >>> import coinnovation as co
        >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
        >>> rd.rest_points()[-1].strategies
        (array([0.5, 0.5]), array([0.5, 0.5]))
        """
        if method not in ("auto", "exact", "numeric"):
            raise InvalidInputError(
                f"method: expected 'auto', 'exact' or 'numeric', got {method!r}")
        if method == "numeric":
            require_numeric(self._sys.params, "rest_points(method='numeric')")
        with self._lock:
            if method not in self._rest_cache or rng is not None:
                self._rest_cache[method] = find_rest_points(self._sys, method=method,
                                                            rng=as_generator(rng))
            return list(self._rest_cache[method])

    def _limit_candidates(self) -> list[RestPoint]:
        """Rest points used by convergence reports: all of them when the game has at most
        64 faces, else the vertices only (convergence elsewhere is then not claimed)."""
        faces = int(np.prod([2**m - 1 for m in self._sys.m]))
        if faces <= 64:
            return self.rest_points()
        return self.rest_points_on_vertices()

    def rest_points_on_vertices(self) -> list[RestPoint]:
        """The vertices as :class:`RestPoint` objects (every vertex is at rest)."""
        return vertex_rest_points(self._sys)

    def _exact_jacobian(self) -> sp.Matrix:
        with self._lock:
            if self._exact_jac is None:
                self._exact_jac = exact_jacobian(self._sys)
            return self._exact_jac

    def classify(self, point: Any) -> Stability:
        r"""Eigenvalues of the Jacobian at ``point`` and the kind of rest point.

        ``kind`` is ``"sink"`` (all real parts negative: asymptotically
        stable, an evolutionarily stable state 演化稳定策略 at a vertex),
        ``"source"``, ``"saddle"``, ``"non-hyperbolic"`` (a real part is zero:
        the linearization decides nothing and the point is **never** called
        stable) or, for symbolic games, ``"undecided"`` — then
        :attr:`Stability.conditions` holds the conditions
        :math:`\operatorname{Re}\lambda_i < 0` as sympy relationals.

        At a vertex of the multi-population dynamics the eigenvalues are the
        deviation gains :math:`u_p(k, a_{-p}) - u_p(a)` (one per player and
        alternative strategy; for two strategies :math:`\pm\Delta_p`),
        evaluated exactly; elsewhere they are the Jacobian's eigenvalues
        (numerically, re-decided exactly with sympy when a real part is near
        zero and the point is exact).

        Examples
        --------
        >>> import coinnovation as co
        >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[1, 1], [1, 1]], [[1, 1], [1, 1]]]))
        >>> rd.classify((0, 0)).kind
        'non-hyperbolic'
        """
        vals, profile = self._sys.parse_point(point)
        return classify_point(self._sys, vals, profile, self._exact_jacobian)

    def _classify_cached(self, point: RestPoint) -> Stability:
        with self._lock:
            key = id(point)
            if key not in self._class_cache:
                self._class_cache[key] = self.classify(point)
            return self._class_cache[key]

    def stability_table(self, points: Sequence[Any] | None = None) -> StabilityTable:
        """The vertex stability table (vertex, eigenvalues, condition, kind) papers print.

        ``points`` defaults to every vertex. Vertices are named by their
        strategy labels, ``(cooperate, cooperate, active)``, as in every output.

        Examples
        --------
        >>> import coinnovation as co
        >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
        >>> [r.kind for r in rd.stability_table().rows]
        ['sink', 'source', 'source', 'sink']
        """
        pts = self.vertices() if points is None else list(points)
        return StabilityTable(tuple(self.classify(p) for p in pts), self._sys.state,
                              self._sys.game.strategies)

    def evolutionarily_stable_states(self) -> list[Equilibrium]:
        """The evolutionarily stable states (演化稳定策略) of these dynamics.

        See :func:`coinnovation.evolutionarily_stable_states`; with
        state-dependent payoffs the sink vertices of these dynamics.
        """
        if self._sys.state_dependent:
            return Equilibria(sinks_as_equilibria(self._sys, self.classify))
        game = self._sys.game
        if self._sys.population == "single":
            return Equilibria(single_population_ess(game))
        mask = pure_equilibrium_mask(game, strict=True)
        return Equilibria(pure_equilibrium(game, tuple(int(a) for a in prof))
                          for prof in np.argwhere(mask))

    # ------------------------------------------------------------------ LaTeX and checks
    def equations_latex(self) -> str:
        r"""The replicator system as a LaTeX ``cases`` block, ready for a paper.

        Examples
        --------
        >>> import coinnovation as co
        >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
        >>> print(rd.equations_latex())
        \begin{cases}
        \frac{dx}{dt} = x \left(1 - x\right) \left(2 y - 1\right) \\
        \frac{dy}{dt} = y \left(1 - y\right) \left(2 x - 1\right)
        \end{cases}
        """
        return _latex.equations_latex(self._sys.state, self.equations)

    def check_equations(self, equations: Any) -> DerivationCheck:
        """Check hand-derived replicator equations against the payoff table.

        Parameters
        ----------
        equations : sequence or mapping
            One right-hand side per state variable (in the order of
            :attr:`state`), or a mapping ``{state variable or name: rhs}``.
            Each is a sympy expression or a string such as
            ``"x*(1-x)*(2*y-1)"`` (``^`` is accepted for powers). Strings are
            parsed safely: only numbers, arithmetic and the names of the state
            variables and parameters are allowed.

        Returns
        -------
        DerivationCheck
            ``.equal`` and, per equation, the simplified difference.

        Examples
        --------
        >>> import coinnovation as co
        >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
        >>> rd.check_equations(["x*(1-x)*(2*y-1)", "y*(1-y)*(2*x-1)"]).equal
        True
        >>> rd.check_equations(["x*(1-x)*(2*y-1)", "y*(1-y)*(2*x+1)"]).differences
        (0, -2*y*(y - 1))
        """
        return _check_equations(self._sys.state, self._sys.params, self.equations, equations)

    # ------------------------------------------------------------------ simulation
    def random_states(self, n: int, *, rng: Any = None) -> np.ndarray:
        """``n`` states drawn uniformly from the state space, in reduced coordinates.

        Each population's mixed strategy is uniform on its simplex
        (Dirichlet(1, ..., 1)); the result has shape ``(n, d)``.
        """
        return self._sys.random_states(n, rng=rng)

    def simulate(self, x0: Any, t_end: float, *, n_points: int = 201,
                 t_eval: Sequence[float] | None = None, rtol: float = ODE_RTOL,
                 atol: float = ODE_ATOL, max_steps: int = 100_000, tol: float = 1e-4,
                 visit_radius: float = 0.05, noise: Any = None, rng: Any = None,
                 method: str | None = None, dt: float | None = None, paths: int | None = None
                 ) -> Trajectories | StochasticTrajectories:
        r"""Integrate the dynamics from many initial conditions at once (数值仿真).

        The system is integrated in log-weights :math:`\ell_{pk}=\log x_{pk}`
        (log-odds for two strategies), where
        :math:`\dot\ell_{pk} = f_{pk} - \bar f_p` is bounded: trajectories
        stay in the state space and do not stall near its faces. All initial
        conditions are integrated together (vectorized Dormand–Prince 5(4),
        per-trajectory step control).

        Parameters
        ----------
        x0 : array_like or point
            A float array of reduced coordinates, shape ``(n, d)`` or
            ``(d,)``; or one point (pure profile, tuple of mixed strategies,
            reduced coordinates); or a list of points.
        t_end : float
            Final time (> 0).
        n_points : int
            Number of equally spaced output times in ``[0, t_end]`` (when
            ``t_eval`` is not given).
        t_eval : sequence of float, optional
            Increasing output times from 0 to ``t_end``.
        rtol, atol : float
            Local error tolerances (in the log-weights).
        max_steps : int
            Step cap per trajectory; exceeding it raises
            :class:`~coinnovation.errors.ConvergenceError`.
        tol : float
            A trajectory is reported converged only when it ends within
            ``tol`` (max-norm over shares) of a named rest point and is not
            leaving it (see :class:`Trajectories`).
        visit_radius : float
            Distance at which a trajectory counts as passing a vertex.
        noise : float, sequence or mapping, optional
            Noise intensity :math:`\sigma_p` (one for all, one per population,
            or ``{name: sigma}``): integrate the Itô stochastic replicator
            dynamics :math:`dx_p = x_p(1-x_p)[\Delta_p dt + \sigma_p dW_p]`
            instead, one path per row of ``x0`` (随机演化博弈); see
            :func:`coinnovation.evolutionary.stochastic.simulate_sde`.
        rng, method, dt, paths
            With ``noise``: the seed, ``"euler_maruyama"`` (default) or
            ``"milstein"``, the largest step, and the number of paths from the
            one point ``x0`` (default: one path per row of ``x0``).

        Returns
        -------
        Trajectories
            or, with ``noise``, :class:`~coinnovation.StochasticTrajectories`.

        Raises
        ------
        coinnovation.errors.SymbolicNotSupported
            when the payoffs contain parameters (use :meth:`subs`).

        Examples
        --------
        >>> import numpy as np, coinnovation as co
        >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
        >>> tr = rd.simulate(np.array([[0.7, 0.8], [0.2, 0.3]]), 40)
        >>> [tr.limits[b].profile for b in range(2)], tr.converged.tolist()
        ([(0, 0), (1, 1)], [True, True])
        """
        require_numeric(self._sys.params, "simulate")
        if noise is not None:
            x = self._sys.full_from_x0(x0)[:, 0::2] if all(m == 2 for m in self._sys.m) else x0
            return simulate_sde(self, x, t_end, noise=noise, rng=rng, method=method, dt=dt,
                                n_points=n_points, t_eval=t_eval, visit_radius=visit_radius,
                                paths=paths)
        for nm, v in (("rng", rng), ("method", method), ("dt", dt), ("paths", paths)):
            if v is not None:
                raise InvalidInputError(f"{nm}: applies to the stochastic dynamics only; pass noise=")
        times, xs, alive, tol_f, radius = integrate(
            self._sys, x0, t_end, n_points=n_points, t_eval=t_eval, rtol=rtol, atol=atol,
            max_steps=max_steps, tol=tol, visit_radius=visit_radius)

        def report() -> Any:
            return trajectory_outcomes(self._sys, times, xs, alive, tol_f, radius,
                                       candidates=self._limit_candidates(),
                                       classify=self._classify_cached)

        strategies = tuple(xs[:, :, sl].copy() for sl in self._sys.fblocks)
        return Trajectories(times, strategies, tol_f, radius, tuple(map(str, self._sys.state)),
                            report, labels=self._sys.game.strategies)

    def splitting_probability(self, x0: float, low: float, high: float, *, noise: Any,
                              population: Any = 0, others: Any = None) -> float:
        r"""Probability that a population's share reaches ``high`` before ``low`` under noise.

        The scale-function formula for one two-strategy population with the
        others held at ``others``; see
        :func:`coinnovation.evolutionary.splitting.splitting_probability`.

        Examples
        --------
        >>> import coinnovation as co
        >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
        >>> p = rd.splitting_probability(0.5, 0.1, 0.9, noise=1.0, others=[0.7])
        >>> 0.5 < p < 1
        True
        """
        return splitting_probability(self, x0, low, high, noise=noise, population=population,
                                     others=others)

    def basins(self, x0: Any = None, *, n: int = 1000, t_end: float = 100.0, rng: Any = None,
               tol: float = 1e-4, **options: Any) -> BasinEstimate:
        r"""Estimate each attractor's basin of attraction from many simulations.

        Initial conditions are ``x0`` or ``n`` uniform random states. The
        share of each attractor is the fraction of trajectories *converged*
        to it (see :meth:`simulate`), with binomial standard errors
        :math:`\sqrt{p(1-p)/n}`; the rest is reported as ``"not converged"``.
        For a bistable 2x2 game the risk-dominant equilibrium (Harsanyi &
        Selten 1988) is reported too.

        Examples
        --------
        >>> import coinnovation as co
        >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
        >>> est = rd.basins(n=400, t_end=60, rng=1)
        >>> sorted(est.shares), est.risk_dominant is None
        (['(s0, s0)', '(s1, s1)', 'not converged'], True)
        """
        if x0 is None:
            x0 = self.random_states(n, rng=rng)
        tr = self.simulate(x0, t_end, tol=tol, **options)
        counts: dict[str, int] = {}
        attractors: dict[str, RestPoint] = {}
        for b in range(tr.n_trajectories):
            lim = tr.limits[b]
            if tr.converged[b] and lim is not None:
                counts[lim.label] = counts.get(lim.label, 0) + 1
                attractors[lim.label] = lim
            else:
                counts["not converged"] = counts.get("not converged", 0) + 1
        counts.setdefault("not converged", 0)
        total = tr.n_trajectories
        shares = {k: v / total for k, v in sorted(counts.items())}
        se = {k: float(np.sqrt(p * (1 - p) / total)) for k, p in shares.items()}
        risk = None
        s = self._sys
        if s.population == "multi" and s.m == (2, 2) and not s.state_dependent:
            risk = risk_dominant_equilibrium(s.game, missing="none")
        return BasinEstimate(shares, se, tuple(attractors.values()), risk, tr)
