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

import itertools
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp
from scipy.special import expit

from .._util.rng import as_generator
from .._util.symbolic import require_numeric
from .._util.tolerance import atol_for
from ..errors import InvalidGameError, InvalidInputError
from ..games.normal_form import NormalFormGame
from ..results import Equilibrium
from . import _latex
from ._derivation import check_equations as _check_equations
from ._dynamics_results import (
    BasinEstimate,
    DerivationCheck,
    RestPoint,
    Stability,
    StabilityTable,
    Trajectories,
)
from ._simulate import integrate_log_weights, log_odds_shares, softmax_blocks

__all__ = ["ReplicatorDynamics"]

_POPULATIONS = ("multi", "single")


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
        if not isinstance(game, NormalFormGame):
            raise InvalidInputError(
                f"game: expected a coinnovation.NormalFormGame, got {type(game).__name__}")
        if population not in _POPULATIONS:
            raise InvalidInputError(
                f"population: expected 'multi' or 'single', got {population!r}")
        self._game = game
        self._population = population
        if population == "single":
            _require_symmetric(game)
            self._m: tuple[int, ...] = (game.shape[0],)
            self._names: tuple[str, ...] = ("population",)
        else:
            self._m = game.shape
            self._names = game.players
        d = sum(m - 1 for m in self._m)
        self._state = _state_symbols(self._m, population, state, d)
        offs = np.cumsum([0, *[m - 1 for m in self._m]])
        self._rblocks = [slice(int(offs[p]), int(offs[p + 1])) for p in range(len(self._m))]
        foffs = np.cumsum([0, *self._m])
        self._fblocks = [slice(int(foffs[p]), int(foffs[p + 1])) for p in range(len(self._m))]
        by_name = {str(s): s for s in self._state}
        swap = {s: by_name[str(s)] for s in game.free_symbols if str(s) in by_name}
        self._state_dependent = bool(swap)
        self._params = frozenset(s for s in game.free_symbols if str(s) not in by_name)
        raw = game.symbolic_payoff_array()
        if swap:
            flat = [sp.sympify(e).xreplace(swap) for e in raw.ravel().tolist()]
            raw = np.array([*flat, None], dtype=object)[:-1].reshape(raw.shape)
        self._U = raw if population == "multi" else raw[0]
        if not game.is_symbolic:
            u = game.payoff_array()
            self._Unum: np.ndarray | None = u if population == "multi" else u[0]
            self._atol = atol_for(u)
        else:
            self._Unum = None
            self._atol = 0.0
        self._rest_cache: dict[str, list[RestPoint]] = {}
        self._class_cache: dict[int, Stability] = {}

    # ------------------------------------------------------------------ facts
    @property
    def game(self) -> NormalFormGame:
        """The underlying game."""
        return self._game

    @property
    def population(self) -> str:
        """``"multi"`` or ``"single"``."""
        return self._population

    @property
    def populations(self) -> tuple[str, ...]:
        """Population names (the players, or ``("population",)``)."""
        return self._names

    @property
    def n_strategies(self) -> tuple[int, ...]:
        """Number of strategies of each population."""
        return self._m

    @property
    def state(self) -> tuple[sp.Symbol, ...]:
        """The reduced state variables."""
        return self._state

    @property
    def parameters(self) -> frozenset[sp.Symbol]:
        """Free payoff symbols other than the state variables."""
        return self._params

    @property
    def is_symbolic(self) -> bool:
        """True when the payoffs contain parameters (symbols that are not state variables)."""
        return bool(self._params)

    @property
    def is_state_dependent(self) -> bool:
        """True when some payoff contains a state variable (state-dependent policy)."""
        return self._state_dependent

    def __repr__(self) -> str:
        extra = f", parameters {sorted(map(str, self._params))}" if self._params else ""
        dep = ", state-dependent payoffs" if self._state_dependent else ""
        return (f"ReplicatorDynamics({self._population}-population, populations "
                f"{list(self._names)}, state {list(map(str, self._state))}{extra}{dep})")

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
        for key in m:
            name = str(key)
            if name in {str(s) for s in self._state}:
                raise InvalidInputError(f"subs: {name!r} is a state variable, not a parameter")
        return ReplicatorDynamics(self._game.subs(m), population=self._population,
                                  state=self._state)

    # ------------------------------------------------------------------ symbolic core
    def _shares(self, values: Sequence[Any]) -> list[list[Any]]:
        """Full shares per population from reduced values (sympy or floats)."""
        out = []
        for p in range(len(self._m)):
            r = list(values[self._rblocks[p]])
            out.append([*r, 1 - sum(r)])
        return out

    @cached_property
    def fitness(self) -> tuple[tuple[sp.Expr, ...], ...]:
        r"""Expected payoff :math:`f_{pk}(x)` of each strategy, as sympy expressions."""
        shares = self._shares(self._state)
        if self._population == "single":
            A = self._U
            m = self._m[0]
            return (tuple(sp.expand(sum(A[k, j] * shares[0][j] for j in range(m)))
                          for k in range(m)),)
        out = []
        for p in range(len(self._m)):
            t = np.moveaxis(self._U[p], p, 0)
            others = [q for q in range(len(self._m)) if q != p]
            for q in reversed(others):
                s = np.array([*shares[q], None], dtype=object)[:-1]
                t = np.tensordot(t, s, axes=([t.ndim - 1], [0]))
            out.append(tuple(sp.expand(v) for v in np.asarray(t).ravel().tolist()))
        return tuple(out)

    @cached_property
    def gains(self) -> tuple[sp.Expr | None, ...]:
        r"""Per population :math:`\Delta_p = f_{p0} - f_{p1}` (two strategies), else None.

        The payoff gain of strategy 0 (cooperate / active) over strategy 1;
        the papers' :math:`U_{x1} - U_{x2}`.
        """
        return tuple(sp.expand(f[0] - f[1]) if len(f) == 2 else None for f in self.fitness)

    @cached_property
    def equations(self) -> tuple[sp.Expr, ...]:
        r"""Right-hand sides of the reduced replicator equations, in the order of :attr:`state`.

        For two strategies :math:`\dot x = x(1-x)(f_0 - f_1)`; otherwise
        :math:`\dot x_k = x_k (f_k - \bar f)` for :math:`k < m-1`.
        """
        eqs: list[sp.Expr] = []
        shares = self._shares(self._state)
        for p, f in enumerate(self.fitness):
            xs = self._state[self._rblocks[p]]
            if len(f) == 2:
                eqs.append(sp.Mul(xs[0], 1 - xs[0], self.gains[p]))
            else:
                fbar = sp.expand(sum(s * v for s, v in zip(shares[p], f, strict=True)))
                for k, xk in enumerate(xs):
                    eqs.append(sp.Mul(xk, sp.expand(f[k] - fbar)))
        return tuple(eqs)

    @cached_property
    def _jac(self) -> sp.Matrix:
        if not self._state:
            return sp.zeros(0, 0)
        return sp.Matrix(self.equations).jacobian(sp.Matrix(self._state))

    # ------------------------------------------------------------------ points
    def vertices(self) -> list[tuple[int, ...]]:
        """All pure profiles (vertices of the state space), in lexicographic order."""
        if self._population == "single":
            return [(k, k) for k in range(self._m[0])]
        return list(itertools.product(*(range(m) for m in self._m)))

    def _vertex_reduced(self, profile: tuple[int, ...]) -> tuple[sp.Integer, ...]:
        vals: list[sp.Integer] = []
        prof = profile[:1] if self._population == "single" else profile
        for a, m in zip(prof, self._m, strict=True):
            vals.extend(sp.Integer(1 if k == a else 0) for k in range(m - 1))
        return tuple(vals)

    def _parse_point(self, point: Any, name: str = "point"
                     ) -> tuple[tuple[Any, ...], tuple[int, ...] | None]:
        """Reduced values (sympy numbers/expressions or floats) and the profile of a vertex."""
        if isinstance(point, RestPoint):
            if point.is_continuum:
                raise InvalidInputError(
                    f"{name}: {point.label} is a continuum of rest points; pass one point of it")
            if point.is_implicit:
                raise InvalidInputError(
                    f"{name}: {point.label} is given by its equations only; substitute numbers "
                    "with subs() and classify the rest points found then")
            return tuple(point.reduced), point.profile
        if isinstance(point, Stability):
            return self._parse_point(point.point, name)
        if isinstance(point, (str, bytes)) or not isinstance(point, (Sequence, np.ndarray)):
            raise InvalidInputError(
                f"{name}: expected a pure profile (tuple of ints), a tuple of mixed strategies "
                f"or reduced coordinates, got {type(point).__name__}")
        items = list(point)
        d = len(self._state)
        is_index = [isinstance(v, (int, np.integer, str)) and not isinstance(v, (bool, np.bool_))
                    for v in items]
        if items and all(is_index) and not (isinstance(point, np.ndarray)):
            return self._parse_profile(tuple(items), name)
        if items and all(isinstance(v, (Sequence, np.ndarray)) and not isinstance(v, str)
                         for v in items):
            return self._parse_mixed(items, name), None
        if isinstance(point, np.ndarray) and point.dtype.kind in "iub":
            raise InvalidInputError(
                f"{name}: an integer array is ambiguous; pass a tuple of ints for a pure profile "
                "or floats for shares")
        if len(items) != d:
            raise InvalidInputError(
                f"{name}: expected {d} reduced coordinates ({', '.join(map(str, self._state))}), "
                f"got {len(items)}")
        vals = []
        for v in items:
            if isinstance(v, sp.Basic):
                vals.append(v)
            elif isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.number)):
                raise InvalidInputError(f"{name}: coordinates must be numbers, got {v!r}")
            else:
                fv = float(v)
                if not np.isfinite(fv):
                    raise InvalidInputError(f"{name}: coordinate {fv} is not finite")
                vals.append(fv)
        self._check_in_space(vals, name)
        return tuple(vals), None

    def _parse_profile(self, prof: tuple[Any, ...], name: str
                       ) -> tuple[tuple[Any, ...], tuple[int, ...]]:
        if self._population == "single":
            if len(prof) not in (1, 2):
                raise InvalidInputError(
                    f"{name}: a single-population vertex is (k,) or (k, k), got {prof!r}")
            ks = [self._game.strategy_index(0, s) for s in prof]
            if len(set(ks)) != 1:
                raise InvalidInputError(
                    f"{name}: single-population profiles are symmetric (k, k), got {prof!r}")
            full = (ks[0], ks[0])
        else:
            try:
                full = self._game.profile_index(prof)
            except InvalidInputError as exc:
                raise InvalidInputError(f"{name}: {exc}") from exc
        return self._vertex_reduced(full), full

    def _parse_mixed(self, items: list[Any], name: str) -> tuple[Any, ...]:
        npop = len(self._m)
        if self._population == "single" and len(items) == 2:
            items = items[:1]
        if len(items) != npop:
            raise InvalidInputError(
                f"{name}: expected {npop} mixed strategies (one per population), got {len(items)}")
        vals: list[Any] = []
        for p, s in enumerate(items):
            arr = list(s)
            if len(arr) != self._m[p]:
                raise InvalidInputError(
                    f"{name}[{p}]: expected {self._m[p]} probabilities, got {len(arr)}")
            if all(isinstance(v, (int, float, np.number)) and not isinstance(v, bool)
                   for v in arr):
                a = np.asarray(arr, dtype=float)
                if not np.all(np.isfinite(a)) or np.any(a < -1e-12) or abs(a.sum() - 1) > 1e-9:
                    raise InvalidInputError(
                        f"{name}[{p}]: {arr} is not a probability vector (non-negative, sum 1)")
                vals.extend(float(v) for v in a[:-1])
            else:
                for v in arr:
                    if not isinstance(v, (sp.Expr, int, float, np.number)) or isinstance(v, bool):
                        raise InvalidInputError(
                            f"{name}[{p}]: probabilities must be numbers or sympy expressions, "
                            f"got {type(v).__name__}")
                vals.extend(sp.sympify(v) for v in arr[:-1])
        return tuple(vals)

    def _check_in_space(self, vals: Sequence[Any], name: str) -> None:
        for p in range(len(self._m)):
            block = vals[self._rblocks[p]]
            if all(isinstance(v, float) for v in block):
                a = np.asarray(block, dtype=float)
                if np.any(a < -1e-12) or a.sum() > 1 + 1e-12:
                    raise InvalidInputError(
                        f"{name}: shares {list(block)} of {self._names[p]!r} are outside the "
                        "simplex (each in [0, 1], sum at most 1)")

    def _point_strategies(self, vals: Sequence[Any]) -> tuple[np.ndarray, ...]:
        numeric = all(isinstance(v, float) or (isinstance(v, sp.Basic) and v.is_number)
                      for v in vals) and not self.is_symbolic
        out = []
        for sh in self._shares(list(vals)):
            if numeric:
                out.append(np.array([float(v) for v in sh]))
            else:
                out.append(np.array([*[sp.sympify(v) for v in sh], None], dtype=object)[:-1])
        return tuple(out)

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
            return self._jac
        vals, _ = self._parse_point(point)
        return self._jacobian_at(vals)

    def _jacobian_at(self, vals: Sequence[Any]) -> Any:
        sub = dict(zip(self._state, [sp.sympify(v) for v in vals], strict=True))
        J = self._jac.xreplace(sub)
        if not self.is_symbolic and all(not sp.sympify(v).free_symbols for v in vals):
            return np.array(J.evalf(), dtype=float).reshape(J.shape)
        return J.applyfunc(lambda e: sp.factor(sp.cancel(e)))

    def velocity(self, point: Any) -> Any:
        """The right-hand side at a point: floats for numeric data, else sympy."""
        vals, _ = self._parse_point(point)
        sub = dict(zip(self._state, [sp.sympify(v) for v in vals], strict=True))
        res = [sp.expand(e.xreplace(sub)) for e in self.equations]
        if all(not r.free_symbols for r in res):
            return np.array([float(r) for r in res])
        return tuple(res)

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
        from .stability import find_rest_points

        if method not in ("auto", "exact", "numeric"):
            raise InvalidInputError(
                f"method: expected 'auto', 'exact' or 'numeric', got {method!r}")
        if method == "numeric":
            require_numeric(self._params, "rest_points(method='numeric')")
        if method not in self._rest_cache or rng is not None:
            self._rest_cache[method] = find_rest_points(self, method=method,
                                                        rng=as_generator(rng))
        return list(self._rest_cache[method])

    def _limit_candidates(self) -> list[RestPoint]:
        """Rest points used by convergence reports: all of them when the game has at most
        64 faces, else the vertices only (convergence elsewhere is then not claimed)."""
        faces = int(np.prod([2**m - 1 for m in self._m]))
        if faces <= 64:
            return self.rest_points()
        return self.rest_points_on_vertices()

    def rest_points_on_vertices(self) -> list[RestPoint]:
        """The vertices as :class:`RestPoint` objects (every vertex is at rest)."""
        out = []
        for v in self.vertices():
            vals = self._vertex_reduced(v)
            prof = v[:1] if self._population == "single" else v
            out.append(RestPoint(self._point_strategies(vals), vals,
                                 tuple((a,) for a in prof), v))
        return out

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
        from .stability import classify_point

        vals, profile = self._parse_point(point)
        return classify_point(self, vals, profile)

    def stability_table(self, points: Sequence[Any] | None = None, *,
                        paper_order: bool = True) -> StabilityTable:
        """The vertex stability table (vertex, eigenvalues, condition, kind) papers print.

        ``points`` defaults to every vertex. ``paper_order`` labels vertices
        as papers do (1 = strategy 0 = cooperate).

        Examples
        --------
        >>> import coinnovation as co
        >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
        >>> [r.kind for r in rd.stability_table().rows]
        ['sink', 'source', 'source', 'sink']
        """
        pts = self.vertices() if points is None else list(points)
        return StabilityTable(tuple(self.classify(p) for p in pts), self._state, paper_order)

    def evolutionarily_stable_states(self) -> list[Equilibrium]:
        """The evolutionarily stable states (演化稳定策略) of these dynamics.

        See :func:`coinnovation.evolutionarily_stable_states`; with
        state-dependent payoffs the sink vertices of these dynamics.
        """
        from .stability import evolutionarily_stable_states

        return evolutionarily_stable_states(self, population=self._population)

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
        return _latex.equations_latex(self._state, self.equations)

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
        return _check_equations(self._state, self._params, self.equations, equations)

    # ------------------------------------------------------------------ simulation
    def random_states(self, n: int, *, rng: Any = None) -> np.ndarray:
        """``n`` states drawn uniformly from the state space, in reduced coordinates.

        Each population's mixed strategy is uniform on its simplex
        (Dirichlet(1, ..., 1)); the result has shape ``(n, d)``.
        """
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 1:
            raise InvalidInputError(f"n: expected a positive integer, got {n!r}")
        gen = as_generator(rng)
        parts = [gen.dirichlet(np.ones(m), size=int(n))[:, :-1] for m in self._m]
        return np.concatenate(parts, axis=1)

    def _full_from_x0(self, x0: Any) -> np.ndarray:
        """Full shares (B, sum m) from the accepted forms of initial conditions."""
        d = len(self._state)
        if isinstance(x0, np.ndarray) and x0.dtype.kind == "f":
            arr = np.atleast_2d(x0)
            if arr.ndim != 2 or arr.shape[1] != d:
                raise InvalidInputError(
                    f"x0: expected reduced coordinates of shape (n, {d}) or ({d},), "
                    f"got shape {x0.shape}")
            if not np.all(np.isfinite(arr)):
                raise InvalidInputError("x0: initial conditions must be finite")
            rows = arr
        elif isinstance(x0, np.ndarray) and x0.dtype.kind in "iub":
            raise InvalidInputError(
                "x0: an integer array is ambiguous; pass floats for shares or a tuple of ints "
                "for a pure profile")
        else:
            try:
                return self._full_row(x0, "x0")[None, :]
            except InvalidInputError as first:
                if not isinstance(x0, (Sequence, np.ndarray)) or isinstance(x0, str) or not len(x0):
                    raise
                try:
                    return np.array([self._full_row(p, f"x0[{i}]") for i, p in enumerate(x0)])
                except InvalidInputError:
                    raise first from None
        return self._full_from_reduced(rows)

    def _full_row(self, point: Any, name: str) -> np.ndarray:
        """Full shares of one point; mixed strategies are kept as given (no round trip)."""
        vals, _ = self._parse_point(point, name)
        items = list(point) if isinstance(point, (Sequence, np.ndarray)) else []
        if self._population == "single" and len(items) == 2:
            items = items[:1]
        mixed = (len(items) == len(self._m) and all(
            isinstance(v, (Sequence, np.ndarray)) and not isinstance(v, str)
            and len(v) == m for v, m in zip(items, self._m, strict=True)))
        if mixed:
            blocks = [np.asarray([float(v) for v in s], dtype=float) for s in items]
            return np.concatenate([np.clip(b, 0.0, None) / np.clip(b, 0.0, None).sum()
                                   for b in blocks])
        return self._full_from_reduced(np.array([[float(v) for v in vals]]))[0]

    def _full_from_reduced(self, rows: np.ndarray) -> np.ndarray:
        full = []
        for p in range(len(self._m)):
            r = rows[:, self._rblocks[p]]
            last = 1.0 - r.sum(axis=1, keepdims=True)
            # 1 - sum(shares) of a point on a face is a rounding error, not a share
            last[np.abs(last) <= 4e-16 * max(1, self._m[p])] = 0.0
            block = np.concatenate([r, last], axis=1)
            if np.any(block < -1e-9):
                b = int(np.argmax(np.any(block < -1e-9, axis=1)))
                raise InvalidInputError(
                    f"x0: initial condition {b} has shares outside the simplex for "
                    f"{self._names[p]!r}: {block[b].tolist()}")
            block = np.clip(block, 0.0, None)
            full.append(block / block.sum(axis=1, keepdims=True))
        return np.concatenate(full, axis=1)

    @cached_property
    def _batch_fitness(self) -> Any:
        """A function ``xs -> fs`` on batches (list of (B, m_p) arrays per population)."""
        npop = len(self._m)
        if self._population == "single" and not self._state_dependent:
            A = np.asarray(self._Unum, dtype=float)

            def fit_single(xs: list[np.ndarray]) -> list[np.ndarray]:
                return [xs[0] @ A.T]
            return fit_single
        if not self._state_dependent:
            U = np.asarray(self._Unum, dtype=float)
            moved = [np.moveaxis(U[p], p, 0) for p in range(npop)]

            def fit_const(xs: list[np.ndarray]) -> list[np.ndarray]:
                nb = xs[0].shape[0]
                out = []
                for p in range(npop):
                    others = [q for q in range(npop) if q != p]
                    t = moved[p]
                    if not others:
                        out.append(np.broadcast_to(t, (nb, t.shape[0])).copy())
                        continue
                    q = others[-1]
                    t = (t.reshape(-1, self._m[q]) @ xs[q].T).reshape(*t.shape[:-1], nb)
                    for q in reversed(others[:-1]):
                        t = (t * xs[q].T).sum(axis=-2)
                    out.append(t.T)
                return out
            return fit_const
        func = sp.lambdify(self._state, list(self._U.ravel()), "numpy")
        shape = self._U.shape

        def fit_dep(xs: list[np.ndarray]) -> list[np.ndarray]:
            nb = xs[0].shape[0]
            cols = [c for x in xs for c in x[:, :-1].T]
            vals = func(*cols)
            U = np.stack([np.broadcast_to(np.asarray(v, dtype=float), (nb,)) for v in vals],
                         axis=-1).reshape(nb, *shape)
            U = np.moveaxis(U, 0, -1)  # batch last
            if self._population == "single":
                return [np.einsum("kjb,bj->bk", U, xs[0])]
            out = []
            for p in range(npop):
                t = np.moveaxis(U[p], p, 0)
                for q in reversed([q for q in range(npop) if q != p]):
                    t = (t * xs[q].T).sum(axis=-2)
                out.append(t.T)
            return out
        return fit_dep

    @cached_property
    def _gain_function(self) -> Any:
        return sp.lambdify(self._state, list(self.gains), "numpy", cse=True)

    def _rhs_log_odds(self, xi: np.ndarray, moving: np.ndarray) -> np.ndarray:
        x = expit(xi)
        nb = xi.shape[0]
        gains = self._gain_function(*x.T)
        out = np.empty_like(xi)
        for p, g in enumerate(gains):
            out[:, p] = g if np.ndim(g) else np.full(nb, float(g))
        return np.where(moving, out, 0.0)

    def _rhs_log(self, ell: np.ndarray, alive: np.ndarray) -> np.ndarray:
        x = softmax_blocks(ell, alive, self._fblocks)
        xs = [x[:, sl] for sl in self._fblocks]
        fs = self._batch_fitness(xs)
        out = np.empty_like(ell)
        for sl, xp, fp in zip(self._fblocks, xs, fs, strict=True):
            fbar = np.sum(xp * fp, axis=1, keepdims=True)
            out[:, sl] = np.where(alive[:, sl], fp - fbar, 0.0)
        return out

    def simulate(self, x0: Any, t_end: float, *, n_points: int = 201,
                 t_eval: Sequence[float] | None = None, rtol: float = 1e-8,
                 atol: float = 1e-10, max_steps: int = 100_000, tol: float = 1e-4,
                 visit_radius: float = 0.05, noise: Any = None, rng: Any = None,
                 method: str | None = None, dt: float | None = None) -> Any:
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
        rng, method, dt
            With ``noise``: the seed, ``"euler_maruyama"`` (default) or
            ``"milstein"``, and the largest step.

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
        require_numeric(self._params, "simulate")
        if noise is not None:
            from ..evolutionary.stochastic import simulate_sde

            x = self._full_from_x0(x0)[:, 0::2] if all(m == 2 for m in self._m) else x0
            return simulate_sde(self, x, t_end, noise=noise, rng=rng, method=method, dt=dt,
                                n_points=n_points, t_eval=t_eval, visit_radius=visit_radius)
        for nm, v in (("rng", rng), ("method", method), ("dt", dt)):
            if v is not None:
                raise InvalidInputError(f"{nm}: applies to the stochastic dynamics only; pass noise=")
        t_end_f = _positive_float(t_end, "t_end")
        for nm, v in (("rtol", rtol), ("atol", atol), ("tol", tol), ("visit_radius", visit_radius)):
            _positive_float(v, nm)
        if t_eval is None:
            if isinstance(n_points, bool) or not isinstance(n_points, (int, np.integer)) \
                    or n_points < 2:
                raise InvalidInputError(f"n_points: expected an integer >= 2, got {n_points!r}")
            times = np.linspace(0.0, t_end_f, int(n_points))
        else:
            times = np.asarray(t_eval, dtype=float)
            if times.ndim != 1 or times.size < 2 or times[0] != 0.0 \
                    or abs(times[-1] - t_end_f) > 1e-12 * t_end_f or np.any(np.diff(times) <= 0):
                raise InvalidInputError(
                    "t_eval: expected increasing times starting at 0 and ending at t_end")
            times = times.copy()
            times[-1] = t_end_f
        full0 = self._full_from_x0(x0)
        alive = full0 > 0
        opts = {"rtol": float(rtol), "atol": float(atol), "max_steps": int(max_steps)}
        if all(m == 2 for m in self._m):
            # log-odds xi = log(x / (1 - x)); a population at a vertex of its simplex is
            # frozen at xi = +-inf
            x = full0[:, 0::2]
            moving = (x > 0) & (x < 1)
            with np.errstate(divide="ignore"):
                xi0 = np.log(x) - np.log1p(-x)
            ell, _ = integrate_log_weights(self._rhs_log_odds, xi0, moving, times, **opts)
            xs = log_odds_shares(ell)
        else:
            with np.errstate(divide="ignore"):
                ell0 = np.where(alive, np.log(np.where(alive, full0, 1.0)), 0.0)
            ell, _ = integrate_log_weights(self._rhs_log, ell0, alive, times, **opts)
            nb, nt, dfull = ell.shape
            flat_alive = np.repeat(alive, nt, axis=0)
            xs = softmax_blocks(ell.reshape(nb * nt, dfull), flat_alive, self._fblocks)
            xs = xs.reshape(nb, nt, dfull)
        from .stability import trajectory_outcomes

        def report() -> Any:
            return trajectory_outcomes(self, times, xs, alive, float(tol), float(visit_radius))

        strategies = tuple(xs[:, :, sl].copy() for sl in self._fblocks)
        return Trajectories(times, strategies, float(tol), float(visit_radius),
                            tuple(map(str, self._state)), report)

    def splitting_probability(self, x0: float, low: float, high: float, *, noise: Any,
                              population: Any = 0, others: Any = None) -> float:
        r"""Probability that a population's share reaches ``high`` before ``low`` under noise.

        The scale-function formula for one two-strategy population with the
        others held at ``others``; see
        :func:`coinnovation.evolutionary.stochastic.splitting_probability`.

        Examples
        --------
        >>> import coinnovation as co
        >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
        >>> p = rd.splitting_probability(0.5, 0.1, 0.9, noise=1.0, others=[0.7])
        >>> 0.5 < p < 1
        True
        """
        from ..evolutionary.stochastic import splitting_probability

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
        (['(0, 0)', '(1, 1)', 'not converged'], True)
        """
        from .stability import risk_dominant_equilibrium

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
        if (self._population == "multi" and self._m == (2, 2) and not self._state_dependent):
            risk = risk_dominant_equilibrium(self._game, missing="none")
        return BasinEstimate(shares, se, tuple(attractors.values()), risk, tr)


def _positive_float(v: Any, name: str) -> float:
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, np.number)):
        raise InvalidInputError(f"{name}: expected a positive number, got {v!r}")
    f = float(v)
    if not np.isfinite(f) or f <= 0:
        raise InvalidInputError(f"{name}: expected a positive finite number, got {v!r}")
    return f


def _require_symmetric(game: NormalFormGame) -> None:
    if game.n_players != 2 or game.shape[0] != game.shape[1]:
        raise InvalidGameError(
            f"game: population='single' needs a symmetric two-player game, got shape {game.shape}")
    if game.is_symbolic:
        u = game.symbolic_payoff_array()
        diff = [sp.simplify(a - b) for a, b in zip(u[1].ravel(), u[0].T.ravel(), strict=True)]
        ok = all(d == 0 for d in diff)
    else:
        u = game.payoff_array()
        ok = bool(np.all(np.abs(u[1] - u[0].T) <= atol_for(u)))
    if not ok:
        raise InvalidGameError(
            "game: population='single' needs a symmetric game, payoffs[1] == payoffs[0].T")


def _state_symbols(m: tuple[int, ...], population: str, state: Any, d: int
                   ) -> tuple[sp.Symbol, ...]:
    if state is not None:
        if isinstance(state, str):
            raise InvalidInputError(f"state: expected a sequence of {d} names, got a string")
        names = []
        for s in state:
            if isinstance(s, sp.Symbol):
                names.append(s)
            elif isinstance(s, str) and s.isidentifier():
                names.append(sp.Symbol(s))
            else:
                raise InvalidInputError(f"state: names must be identifiers or symbols, got {s!r}")
        if len(names) != d:
            raise InvalidInputError(f"state: expected {d} names (one per free share), got "
                                    f"{len(names)}")
        if len({str(s) for s in names}) != d:
            raise InvalidInputError("state: names must be distinct")
        return tuple(names)
    if population == "single":
        if m[0] == 2:
            return (sp.Symbol("x"),)
        return tuple(sp.Symbol(f"x{k}") for k in range(m[0] - 1))
    bases = ["x", "y", "z"][: len(m)] if len(m) <= 3 else [f"x{p}" for p in range(len(m))]
    out: list[sp.Symbol] = []
    for base, mp in zip(bases, m, strict=True):
        if mp == 2:
            out.append(sp.Symbol(base))
        else:
            out.extend(sp.Symbol(f"{base}{k}" if len(m) <= 3 else f"{base}_{k}")
                       for k in range(mp - 1))
    return tuple(out)

