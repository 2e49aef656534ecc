"""The result of a differential game: :class:`FeedbackEquilibrium`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from .._util.latex import latex
from .._util.symbolic import require_numeric
from .._util.tolerance import ODE_ATOL, ODE_RTOL
from ..errors import InvalidInputError, SolverError
from .game import DifferentialGame

__all__ = ["FeedbackEquilibrium"]


def _initial(game: DifferentialGame, initial: Any) -> list[Any]:
    if isinstance(initial, Mapping):
        by_name = {x.name: x for x in game.states}
        got = {by_name.get(k, k) if isinstance(k, str) else k: v for k, v in initial.items()}
        missing = [x for x in game.states if x not in got]
        if missing or len(got) != game.n_states:
            raise InvalidInputError(f"initial: give one value per state ({', '.join(map(str, game.states))})")
        return [got[x] for x in game.states]
    if game.n_states == 1 and not isinstance(initial, (list, tuple, np.ndarray)):
        return [initial]
    vals = list(initial) if isinstance(initial, (list, tuple, np.ndarray)) else None
    if vals is None or len(vals) != game.n_states:
        raise InvalidInputError(f"initial: expected {game.n_states} value(s), got {initial!r}")
    return vals


def _number(value: Any) -> float:
    e = sp.sympify(value) if isinstance(value, (sp.Basic, int, float, np.number)) else None
    if isinstance(value, bool) or e is None or not e.is_number or e.is_real is False or not e.is_finite:
        raise InvalidInputError(f"initial: expected finite real numbers, got {value!r}")
    return float(e)


@dataclass(frozen=True)
class FeedbackEquilibrium:
    """A feedback (Markov-perfect) equilibrium of a :class:`~coinnovation.DifferentialGame`.

    Attributes
    ----------
    game : DifferentialGame
    mode : str
        ``"nash"``, ``"stackelberg"`` or ``"cooperative"``.
    leader : str or None
    degree : int
        Degree of the value-function ansatz.
    controls : dict
        Control symbol -> feedback law in the states (``Piecewise`` for
        bounded instruments with corners).
    values : dict
        Player -> value function in the states; ``"joint"`` in cooperative mode.
    steady_state : dict
        State -> its steady-state value under the laws (empty when there is no
        unique one). With noise, the rest point of the drift.
    notes : tuple of str
        How the solution was selected (stabilizing root, weak second-order
        conditions, regimes of bounded instruments).

    Examples
    --------
    >>> import coinnovation as co
    >>> eq = co.feedback_equilibrium(co.models.knowledge_stock(), mode="cooperative")
    >>> sorted(map(str, eq.values))
    ['joint']
    """

    game: DifferentialGame
    mode: str
    leader: str | None
    degree: int
    controls: dict[sp.Symbol, sp.Expr]
    values: dict[str, sp.Expr]
    steady_state: dict[sp.Symbol, sp.Expr]
    notes: tuple[str, ...] = field(default=())

    # ---------------------------------------------------------------- dynamics
    def closed_loop(self) -> dict[sp.Symbol, sp.Expr]:
        """The closed-loop drift :math:`f(x, u(x))` of every state."""
        return {x: sp.simplify(f.subs(self.controls)) for x, f in self.game.dynamics.items()}

    def state_path(self, t: Any, initial: Any) -> dict[sp.Symbol, Any]:
        r"""The states along the equilibrium path from ``initial``.

        For a sympy symbol ``t`` the closed form of the linear closed loop,
        :math:`x(t) = x^* + e^{At}(x_0 - x^*)`; for an array of times, numbers
        (the same closed form with :func:`scipy.linalg.expm`, or
        :func:`scipy.integrate.solve_ivp` when the closed loop is not linear).
        With noise, the path of the drift (the mean path of linear dynamics).

        Parameters
        ----------
        t : sympy.Symbol or array_like of float
            Non-negative, increasing times.
        initial : mapping state -> value, sequence, or a number for one state

        Returns
        -------
        dict
            State -> expression in ``t`` or array of values at the times.
        """
        x0 = _initial(self.game, initial)
        xs = list(self.game.states)
        drift = self.closed_loop()
        f = sp.Matrix([drift[x] for x in xs])
        a = f.jacobian(xs)
        linear = not (a.free_symbols & set(xs))
        if isinstance(t, sp.Basic):
            if not linear or a.det() == 0:
                raise SolverError(
                    "state_path: no closed form (the closed loop is not linear with an "
                    "invertible matrix); pass numeric times"
                )
            b = f.subs({x: 0 for x in xs})
            star = -a.inv() * b
            path = star + (a * t).exp() * (sp.Matrix(x0) - star)
            return {x: sp.simplify(path[k]) for k, x in enumerate(xs)}
        return self._numeric_path(t, x0, f, a, linear)

    def _numeric_path(
        self, t: Any, x0: list[Any], f: sp.Matrix, a: sp.Matrix, linear: bool
    ) -> dict[sp.Symbol, np.ndarray]:
        xs = list(self.game.states)
        times = np.asarray(t, dtype=float)
        if (
            times.ndim != 1
            or times.size == 0
            or not np.all(np.isfinite(times))
            or np.any(times < 0)
            or np.any(np.diff(times) < 0)
        ):
            raise InvalidInputError(
                "t: expected a non-empty 1-D array of finite, non-negative, increasing times"
            )
        x0f = np.array([_number(v) for v in x0])
        require_numeric(f.free_symbols - set(xs), "state_path")
        if linear:
            am = np.array(a.evalf(), dtype=float)
            b = np.array(f.subs({x: 0 for x in xs}).evalf(), dtype=float).ravel()
            if abs(np.linalg.det(am)) > 0:
                from scipy.linalg import expm  # late: scipy only for numeric paths

                star = -np.linalg.solve(am, b)
                out = np.array([star + expm(am * s) @ (x0f - star) for s in times])
                return {x: out[:, k] for k, x in enumerate(xs)}
        from scipy.integrate import solve_ivp  # late: scipy only for numeric paths

        rhs = sp.lambdify([xs], list(f), "numpy")
        sol = solve_ivp(
            lambda _s, y: np.asarray(rhs(y), dtype=float),
            (0.0, float(times[-1])),
            x0f,
            t_eval=times,
            rtol=ODE_RTOL,
            atol=ODE_ATOL,
        )
        if not sol.success:
            raise SolverError(f"state_path: the integration failed: {sol.message}")
        return {x: sol.y[k] for k, x in enumerate(xs)}

    # ---------------------------------------------------------------- output
    def subs(self, mapping: Mapping[Any, Any]) -> FeedbackEquilibrium:
        """The equilibrium with parameters replaced (by name or symbol)."""
        game = self.game.subs(mapping)
        by_name = {s.name: s for s in self.game.parameters}
        rep = {}
        for k, v in dict(mapping).items():
            key = by_name.get(k, k) if isinstance(k, str) else by_name.get(getattr(k, "name", ""), k)
            rep[key] = sp.nsimplify(v, rational=True) if isinstance(v, float) else v

        def s(e: sp.Expr) -> sp.Expr:
            return sp.simplify(sp.sympify(e).subs(rep))

        return FeedbackEquilibrium(
            game=game,
            mode=self.mode,
            leader=self.leader,
            degree=self.degree,
            controls={u: s(e) for u, e in self.controls.items()},
            values={v: s(e) for v, e in self.values.items()},
            steady_state={x: s(e) for x, e in self.steady_state.items()},
            notes=self.notes,
        )

    def to_dict(self) -> dict[str, Any]:
        """Strings of every closed form."""
        return {
            "mode": self.mode,
            "leader": self.leader,
            "degree": self.degree,
            "controls": {str(u): str(e) for u, e in self.controls.items()},
            "values": {v: str(e) for v, e in self.values.items()},
            "steady_state": {str(x): str(e) for x, e in self.steady_state.items()},
            "notes": list(self.notes),
        }

    def to_latex(self) -> str:
        r"""The laws, value functions and steady state as a LaTeX ``aligned`` block."""
        rows = [f"{latex(u)}^* &= {latex(e)}" for u, e in self.controls.items()]
        rows += [f"V_{{\\mathrm{{{v}}}}} &= {latex(e)}" for v, e in self.values.items()]
        rows += [f"{latex(x)}_\\infty &= {latex(e)}" for x, e in self.steady_state.items()]
        return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"

    def _repr_latex_(self) -> str:
        return f"$${self.to_latex()}$$"

    def __repr__(self) -> str:
        laws = ", ".join(f"{u} = {e}" for u, e in self.controls.items())
        lead = f", leader={self.leader!r}" if self.leader else ""
        return f"FeedbackEquilibrium(mode={self.mode!r}{lead}, {laws})"
