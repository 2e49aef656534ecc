r"""The data of a differential game (微分博弈): states, controls, dynamics, payoffs, discount, noise.

A :class:`DifferentialGame` is data only: it validates and stores its
expressions; :func:`coinnovation.feedback_equilibrium` solves it.

The game is played over an infinite horizon. Player :math:`i` chooses its
controls :math:`u_i(t)` to maximise

.. math::

    J_i = \mathbb{E} \int_0^\infty e^{-\rho t}\, g_i(x(t), u(t))\, dt,
    \qquad dx_k = f_k(x, u)\, dt + \sum_j \sigma_{kj}(x, u)\, dW_j ,

with independent Wiener processes :math:`W_j` (Itô); without ``noise`` the
state follows :math:`\dot x = f(x, u)`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp

from .._util.signs import sign_set
from .._util.symbolic import find_symbol, symbol_mapping
from ..errors import InvalidGameError
from ..io.safe_expr import ExpressionError, parse_expression

__all__ = ["DifferentialGame"]


def _symbol(value: Any, what: str) -> sp.Symbol:
    if isinstance(value, str):
        if not value.isidentifier():
            raise InvalidGameError(f"{what}: {value!r} is not a valid symbol name")
        return sp.Symbol(value, real=True)
    if isinstance(value, sp.Symbol):
        return value
    raise InvalidGameError(f"{what}: expected a sympy Symbol or a name, got {value!r}")


def _expr(value: Any, what: str, names: Mapping[str, sp.Symbol]) -> sp.Expr:
    if isinstance(value, str):
        try:
            return parse_expression(value, names)
        except ExpressionError as exc:
            raise InvalidGameError(f"{what}: {exc}") from None
    if isinstance(value, bool):
        raise InvalidGameError(f"{what}: expected an expression, got the boolean {value!r}")
    try:
        e = sp.sympify(value, strict=True)
    except (sp.SympifyError, TypeError):
        raise InvalidGameError(f"{what}: expected a sympy expression or a number, got {value!r}") from None
    if not isinstance(e, sp.Expr) or e.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise InvalidGameError(f"{what}: expected a finite expression, got {value!r}")
    if e.is_number and e.is_real is False:
        raise InvalidGameError(f"{what}: {e} is not real")
    if isinstance(e, sp.Float):
        e = sp.nsimplify(e, rational=True)
    return e


@dataclass(frozen=True, init=False, repr=False, eq=False)
class DifferentialGame:
    r"""An infinite-horizon differential game with discounting (微分博弈).

    Parameters
    ----------
    states : sequence of sympy.Symbol or str
        The state variables, e.g. the knowledge stock :math:`K` (知识存量).
    controls : mapping of player name to sequence of sympy.Symbol
        Each player's controls (efforts, a cost-sharing rate 成本分担比例...).
        Every control must appear in some payoff or in the dynamics.
    dynamics : mapping of state to expression
        :math:`\dot x_k = f_k(x, u)`; every state needs one.
    payoffs : mapping of player name to expression
        The instantaneous payoff :math:`g_i(x, u)`, discounted at ``discount``.
    discount : expression
        The discount rate :math:`\rho > 0`.
    noise : mapping of state to expression or sequence of expressions, optional
        ``{K: sigma}`` gives :math:`dK = f\,dt + \sigma\,dW_K` with its own
        Wiener process; ``{K: [s1, s2], G: [s3, s4]}`` loads the states on
        common Wiener processes :math:`W_1, W_2` (correlated noise, cross terms
        :math:`\sigma_K\cdot\sigma_G\,V_{KG}` in the HJB equations).
    bounds : mapping of control to (low, high), optional
        Bounded instruments, e.g. ``{t: (0, 1)}`` for a cost-sharing rate;
        their corner solutions come back as ``Piecewise``.
    ranges : mapping of parameter to (low, high), optional
        Open intervals the parameters lie in beyond their sympy assumptions,
        e.g. ``{alpha: (0, 1)}`` for a revenue share; used to decide signs
        (second-order conditions, corner regimes), never to restrict results.
    parameters : sequence of sympy.Symbol, optional
        Symbols that expressions given as strings may use (besides states and
        controls); strings are parsed safely (:mod:`coinnovation.io.safe_expr`).

    Raises
    ------
    coinnovation.errors.InvalidGameError
        A state without dynamics, a control that appears nowhere, a control
        used by two players, a non-positive discount rate, noise on an unknown
        state, malformed bounds.

    Examples
    --------
    >>> import sympy as sp
    >>> import coinnovation as co
    >>> K, u = sp.symbols("K u", real=True)
    >>> a, delta, theta, mu, rho = sp.symbols("a delta theta mu rho", positive=True)
    >>> g = co.DifferentialGame(states=[K], controls={"firm": [u]}, dynamics={K: a*u - delta*K},
    ...                         payoffs={"firm": theta*K - mu*u**2/2}, discount=rho)
    >>> g.players, g.n_states
    (('firm',), 1)
    """

    states: tuple[sp.Symbol, ...]
    controls: dict[str, tuple[sp.Symbol, ...]]
    dynamics: dict[sp.Symbol, sp.Expr]
    payoffs: dict[str, sp.Expr]
    discount: sp.Expr
    noise: dict[sp.Symbol, tuple[sp.Expr, ...]] | None
    bounds: dict[sp.Symbol, tuple[sp.Expr, sp.Expr]]
    independent_noise: bool
    ranges: dict[sp.Symbol, tuple[sp.Expr, sp.Expr]]

    def __init__(
        self,
        states: Sequence[Any],
        controls: Mapping[str, Sequence[Any]],
        dynamics: Mapping[Any, Any],
        payoffs: Mapping[str, Any],
        discount: Any,
        noise: Mapping[Any, Any] | None = None,
        *,
        bounds: Mapping[Any, Any] | None = None,
        ranges: Mapping[Any, Any] | None = None,
        parameters: Sequence[sp.Symbol] = (),
    ) -> None:
        xs = self._read_states(states)
        us = self._read_controls(controls, xs)
        names = {s.name: s for s in [*xs, *[u for c in us.values() for u in c]]}
        for p in parameters:
            names[_symbol(p, "parameters").name] = _symbol(p, "parameters")
        f = self._read_dynamics(dynamics, xs, names)
        g = self._read_payoffs(payoffs, us, names)
        rho = _expr(discount, "discount", names)
        if "+" not in sign_set(rho) or rho.free_symbols & (set(xs) | {u for c in us.values() for u in c}):
            raise InvalidGameError(f"discount: the discount rate must be a positive parameter, got {rho}")
        sig, independent = self._read_noise(noise, xs, names)
        b = self._read_bounds(bounds, us, names)
        object.__setattr__(self, "states", xs)
        object.__setattr__(self, "controls", us)
        object.__setattr__(self, "dynamics", f)
        object.__setattr__(self, "payoffs", g)
        object.__setattr__(self, "discount", rho)
        object.__setattr__(self, "noise", sig)
        object.__setattr__(self, "bounds", b)
        object.__setattr__(self, "independent_noise", independent)
        self._check_controls_used()
        object.__setattr__(self, "ranges", self._read_ranges(ranges))

    # ------------------------------------------------------------------ readers
    @staticmethod
    def _read_states(states: Sequence[Any]) -> tuple[sp.Symbol, ...]:
        if isinstance(states, (str, sp.Basic)) or not isinstance(states, Sequence) or not states:
            raise InvalidGameError(f"states: expected a non-empty list of symbols, got {states!r}")
        xs = tuple(_symbol(s, "states") for s in states)
        if len(set(xs)) != len(xs):
            raise InvalidGameError(f"states: a state is listed twice in {list(xs)}")
        return xs

    @staticmethod
    def _read_controls(
        controls: Mapping[str, Sequence[Any]], xs: tuple[sp.Symbol, ...]
    ) -> dict[str, tuple[sp.Symbol, ...]]:
        if not isinstance(controls, Mapping) or not controls:
            raise InvalidGameError(
                f"controls: expected a non-empty mapping player -> controls, got {controls!r}"
            )
        out: dict[str, tuple[sp.Symbol, ...]] = {}
        seen: set[sp.Symbol] = set(xs)
        for player, cs in controls.items():
            if not isinstance(player, str) or not player:
                raise InvalidGameError(f"controls: player names must be non-empty strings, got {player!r}")
            if player == "joint":
                raise InvalidGameError("controls: 'joint' is reserved for the cooperative value function")
            if isinstance(cs, (str, sp.Basic)):
                cs = [cs]
            if not isinstance(cs, Sequence) or not cs:
                raise InvalidGameError(f"controls[{player!r}]: expected a non-empty list of symbols")
            row = tuple(_symbol(c, f"controls[{player!r}]") for c in cs)
            for c in row:
                if c in seen:
                    raise InvalidGameError(f"controls[{player!r}]: {c} is already a state or another control")
                seen.add(c)
            out[player] = row
        return out

    @staticmethod
    def _read_dynamics(
        dynamics: Mapping[Any, Any], xs: tuple[sp.Symbol, ...], names: Mapping[str, sp.Symbol]
    ) -> dict[sp.Symbol, sp.Expr]:
        if not isinstance(dynamics, Mapping):
            raise InvalidGameError(f"dynamics: expected a mapping state -> expression, got {dynamics!r}")
        given = {_symbol(k, "dynamics"): v for k, v in dynamics.items()}
        extra = [k for k in given if k not in xs]
        if extra:
            raise InvalidGameError(
                f"dynamics: {', '.join(map(str, extra))} is not a state "
                f"(the states are {', '.join(map(str, xs))})"
            )
        missing = [x for x in xs if x not in given]
        if missing:
            raise InvalidGameError(
                f"dynamics: the state {', '.join(map(str, missing))} has no dynamics; "
                "give dx/dt for every state"
            )
        return {x: _expr(given[x], f"dynamics[{x}]", names) for x in xs}

    @staticmethod
    def _read_payoffs(
        payoffs: Mapping[str, Any], us: dict[str, tuple[sp.Symbol, ...]], names: Mapping[str, sp.Symbol]
    ) -> dict[str, sp.Expr]:
        if not isinstance(payoffs, Mapping):
            raise InvalidGameError(f"payoffs: expected a mapping player -> expression, got {payoffs!r}")
        if set(payoffs) != set(us):
            raise InvalidGameError(
                f"payoffs: the players are {', '.join(us)}; payoffs were given for "
                f"{', '.join(map(str, payoffs))}"
            )
        return {p: _expr(payoffs[p], f"payoffs[{p!r}]", names) for p in us}

    @staticmethod
    def _read_noise(
        noise: Mapping[Any, Any] | None, xs: tuple[sp.Symbol, ...], names: Mapping[str, sp.Symbol]
    ) -> tuple[dict[sp.Symbol, tuple[sp.Expr, ...]] | None, bool]:
        if noise is None:
            return None, True
        if not isinstance(noise, Mapping):
            raise InvalidGameError(f"noise: expected a mapping state -> sigma, got {noise!r}")
        rows: dict[sp.Symbol, Any] = {}
        for k, v in noise.items():
            x = _symbol(k, "noise")
            if x not in xs:
                raise InvalidGameError(f"noise: {x} is not a state")
            rows[x] = v
        vector = [isinstance(v, Sequence) and not isinstance(v, str) for v in rows.values()]
        if any(vector) and not all(vector):
            raise InvalidGameError(
                "noise: give either one sigma per state or a list of loadings for every state"
            )
        if not any(vector):
            return {x: (_expr(v, f"noise[{x}]", names),) for x, v in rows.items()}, True
        widths = {len(v) for v in rows.values()}
        if len(widths) != 1 or 0 in widths:
            raise InvalidGameError(
                "noise: every state needs the same number of loadings on the Wiener processes"
            )
        return {x: tuple(_expr(s, f"noise[{x}]", names) for s in v) for x, v in rows.items()}, False

    @staticmethod
    def _read_bounds(
        bounds: Mapping[Any, Any] | None, us: dict[str, tuple[sp.Symbol, ...]], names: Mapping[str, sp.Symbol]
    ) -> dict[sp.Symbol, tuple[sp.Expr, sp.Expr]]:
        if bounds is None:
            return {}
        all_u = {u for c in us.values() for u in c}
        out: dict[sp.Symbol, tuple[sp.Expr, sp.Expr]] = {}
        for k, v in dict(bounds).items():
            u = _symbol(k, "bounds")
            if u not in all_u:
                raise InvalidGameError(f"bounds: {u} is not a control")
            if not isinstance(v, Sequence) or isinstance(v, str) or len(v) != 2:
                raise InvalidGameError(f"bounds[{u}]: expected (low, high), got {v!r}")
            lo, hi = (_expr(b, f"bounds[{u}]", names) for b in v)
            if "+" not in sign_set(hi - lo):
                raise InvalidGameError(f"bounds[{u}]: low {lo} must be below high {hi}")
            out[u] = (lo, hi)
        return out

    def _read_ranges(self, ranges: Mapping[Any, Any] | None) -> dict[sp.Symbol, tuple[sp.Expr, sp.Expr]]:
        out: dict[sp.Symbol, tuple[sp.Expr, sp.Expr]] = {}
        params = {p.name: p for p in self.parameters}
        for k, v in dict(ranges or {}).items():
            name = k if isinstance(k, str) else getattr(k, "name", None)
            if name not in params:
                raise InvalidGameError(f"ranges: {k} is not a parameter of the game")
            if not isinstance(v, Sequence) or isinstance(v, str) or len(v) != 2:
                raise InvalidGameError(f"ranges[{k}]: expected (low, high), got {v!r}")
            lo, hi = (sp.nsimplify(b, rational=True) for b in v)
            if not (lo.is_number and hi.is_number and lo.is_finite and hi.is_finite and hi > lo):
                raise InvalidGameError(f"ranges[{k}]: expected finite numbers low < high, got {v!r}")
            out[params[name]] = (lo, hi)
        return out

    def in_ranges(self, expr: sp.Expr) -> sp.Expr:
        """``expr`` with each ranged parameter p in (lo, hi) written as lo + (hi - lo)/(1 + z), z > 0.

        The substitution maps the interval onto the positive reals, so that the
        sign decider (which knows ``positive=True``) sees the range.
        """
        rep = {
            p: lo + (hi - lo) / (1 + sp.Dummy(f"z_{p.name}", positive=True))
            for p, (lo, hi) in self.ranges.items()
        }
        return sp.sympify(expr).xreplace(rep) if rep else sp.sympify(expr)

    def _check_controls_used(self) -> None:
        used: set[sp.Basic] = set()
        for e in [*self.dynamics.values(), *self.payoffs.values(), *self._noise_exprs()]:
            used |= e.free_symbols
        for player, cs in self.controls.items():
            for c in cs:
                if c not in used:
                    raise InvalidGameError(
                        f"controls[{player!r}]: the control {c} appears in no payoff, "
                        "dynamics or noise, so nothing determines it"
                    )

    def _noise_exprs(self) -> list[sp.Expr]:
        return [s for row in (self.noise or {}).values() for s in row]

    # ------------------------------------------------------------------ queries
    @property
    def players(self) -> tuple[str, ...]:
        """The player names, in the order of ``controls``."""
        return tuple(self.controls)

    @property
    def n_states(self) -> int:
        """The number of state variables."""
        return len(self.states)

    @property
    def all_controls(self) -> tuple[sp.Symbol, ...]:
        """Every control, player by player."""
        return tuple(u for cs in self.controls.values() for u in cs)

    @property
    def owner(self) -> dict[sp.Symbol, str]:
        """The player who chooses each control."""
        return {u: p for p, cs in self.controls.items() for u in cs}

    @property
    def parameters(self) -> frozenset[sp.Symbol]:
        """The free symbols that are neither states nor controls."""
        syms: set[sp.Basic] = set(self.discount.free_symbols)
        for e in [
            *self.dynamics.values(),
            *self.payoffs.values(),
            *self._noise_exprs(),
            *[b for lh in self.bounds.values() for b in lh],
        ]:
            syms |= e.free_symbols
        return (
            frozenset(s for s in syms if isinstance(s, sp.Symbol)) - set(self.states) - set(self.all_controls)
        )

    @property
    def symbols(self) -> Mapping[str, sp.Symbol]:
        """Every symbol of the game by name: states, controls and parameters (read-only, sorted)."""
        return symbol_mapping([*self.states, *self.all_controls, *self.parameters])

    def symbol(self, name: str) -> sp.Symbol:
        """The symbol called ``name``; an unknown name raises
        :class:`~coinnovation.errors.InvalidInputError` listing the known ones."""
        return find_symbol(self.symbols, name, context="symbol of the DifferentialGame")

    def diffusion(self) -> sp.Matrix:
        r"""The diffusion matrix :math:`\Sigma\Sigma^\top` (zero without noise), states in order."""
        n = self.n_states
        if self.noise is None:
            return sp.zeros(n, n)
        if self.independent_noise:
            return sp.diag(*[self.noise.get(x, (sp.S.Zero,))[0] ** 2 for x in self.states])
        width = len(next(iter(self.noise.values())))
        s = sp.Matrix([list(self.noise.get(x, (sp.S.Zero,) * width)) for x in self.states])
        return s * s.T

    def subs(self, mapping: Mapping[Any, Any]) -> DifferentialGame:
        """A copy with parameters replaced (numbers or expressions); states and controls stay."""
        rep = {(_symbol(k, "mapping") if isinstance(k, str) else k): v for k, v in dict(mapping).items()}
        keep = set(self.states) | set(self.all_controls)
        bad = [k for k in rep if k in keep]
        if bad:
            raise InvalidGameError(f"mapping: {bad[0]} is a state or control, not a parameter")
        by_name = {s.name: s for s in self.parameters}
        rep = {by_name.get(k.name, k) if isinstance(k, sp.Symbol) else k: v for k, v in rep.items()}
        noise = (
            None
            if self.noise is None
            else {
                x: (
                    [sp.sympify(s).subs(rep) for s in row]
                    if not self.independent_noise
                    else sp.sympify(row[0]).subs(rep)
                )
                for x, row in self.noise.items()
            }
        )
        return DifferentialGame(
            states=list(self.states),
            controls={p: list(c) for p, c in self.controls.items()},
            dynamics={x: f.subs(rep) for x, f in self.dynamics.items()},
            payoffs={p: g.subs(rep) for p, g in self.payoffs.items()},
            discount=self.discount.subs(rep),
            noise=noise,
            bounds={u: (lo.subs(rep), hi.subs(rep)) for u, (lo, hi) in self.bounds.items()},
            ranges={p: r for p, r in self.ranges.items() if p not in rep},
        )

    def __repr__(self) -> str:
        dyn = ", ".join(f"d{x}/dt = {f}" for x, f in self.dynamics.items())
        return f"DifferentialGame(players={list(self.players)}, {dyn}, discount={self.discount})"
