"""Frozen result objects of the evolutionary-dynamics solvers (复制动态, 演化稳定策略).

:class:`RestPoint` (a rest point or a continuum of rest points),
:class:`Stability` (eigenvalues, kind and stability conditions at a point),
:class:`StabilityTable` (the vertex table papers print), :class:`Trajectories`
(simulated paths with an honest convergence report), :class:`BasinEstimate`
and :class:`DerivationCheck`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp

from .._util.display import TableDisplay, require_pandas
from .._util.formatting import plain as _plain
from .._util.latex import latex
from .._util.naming import profile_text
from . import _latex

__all__ = [
    "BasinEstimate",
    "DerivationCheck",
    "RestPoint",
    "Stability",
    "StabilityTable",
    "Trajectories",
]



def _fmt(v: Any) -> str:
    if isinstance(v, (float, np.floating)):
        return f"{float(v):.6g}"
    if isinstance(v, (complex, np.complexfloating)):
        c = complex(v)
        if c.imag == 0:
            return f"{c.real:.6g}"
        return f"{c.real:.6g}{c.imag:+.6g}j"
    return str(v)


def _strategy_text(strategies: tuple[np.ndarray, ...]) -> str:
    parts = []
    for s in strategies:
        parts.append("(" + ", ".join(_fmt(v) for v in s) + ")")
    return "[" + ", ".join(parts) + "]"


@dataclass(frozen=True, eq=False)
class RestPoint:
    r"""A rest point of replicator dynamics (or a continuum of them).

    Attributes
    ----------
    strategies : tuple of numpy.ndarray
        One mixed strategy per population (floats for numeric games, sympy
        expressions for symbolic ones; a continuum contains its free
        coordinates as symbols).
    reduced : tuple
        The same point in the reduced state coordinates (``x, y, z``: the
        share of strategy 0 for two-strategy players).
    support : tuple of tuple of int
        Strategies with positive share, per population (the face whose relative
        interior holds the point).
    profile : tuple of int or None
        The pure profile of a vertex, else None.
    exact : bool
        Found exactly (sympy) rather than numerically (root finding, verified
        by its residual).
    free : tuple of sympy.Symbol
        Free coordinates of a continuum of rest points (empty for a point).
    conditions : tuple of sympy relationals
        For symbolic games: what the parameters must satisfy for the point to
        lie in the relative interior of its face (empty when always true).
    equations : tuple of sympy.Eq
        For symbolic games whose rest-point equations on a face are nonlinear
        in three or more unknowns (the interior of the tripartite game): no
        closed form is attempted (it runs to thousands of operations); the
        entry stands for the solutions of these equations, with the unknowns
        in :attr:`strategies`. Substitute numbers (``subs``) to get them.
    labels : tuple of tuple of str
        The game's strategy labels, per player (for :attr:`label`).

    Examples
    --------
    >>> import coinnovation as co
    >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
    >>> rd.rest_points()[0].label
    '(s0, s0)'
    >>> inner = rd.rest_points()[-1]
    >>> inner.support, inner.reduced, inner.is_vertex
    (((0, 1), (0, 1)), (1/2, 1/2), False)
    """

    strategies: tuple[np.ndarray, ...]
    reduced: tuple[Any, ...]
    support: tuple[tuple[int, ...], ...]
    profile: tuple[int, ...] | None = None
    exact: bool = True
    free: tuple[sp.Symbol, ...] = ()
    conditions: tuple[Any, ...] = ()
    equations: tuple[Any, ...] = ()
    labels: tuple[tuple[str, ...], ...] = field(default=(), repr=False)

    @property
    def is_implicit(self) -> bool:
        """True for rest points given only by their equations (see :attr:`equations`)."""
        return bool(self.equations)

    @property
    def is_vertex(self) -> bool:
        """True for a pure profile."""
        return self.profile is not None

    @property
    def is_continuum(self) -> bool:
        """True for a set of rest points parametrised by :attr:`free`."""
        return bool(self.free)

    @property
    def label(self) -> str:
        """A short name: a vertex by its strategy labels (``(cooperate, defect)``), else the support."""
        if self.profile is not None:
            return profile_text(self.labels, self.profile)
        kind = "continuum" if self.free else ("implicit points" if self.equations else "point")
        return f"{kind} on face {self.support}"

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python form."""
        return {"strategies": [[_plain(v) for v in s] for s in self.strategies],
                "reduced": [_plain(v) for v in self.reduced],
                "support": [list(s) for s in self.support], "profile": self.profile,
                "exact": self.exact, "free": [str(s) for s in self.free],
                "conditions": [str(c) for c in self.conditions],
                "equations": [str(e) for e in self.equations]}

    def __repr__(self) -> str:
        what = f"vertex {self.label}" if self.profile is not None else self.label
        if self.equations:
            return f"RestPoint({what}: solutions of {' , '.join(map(str, self.equations))})"
        extra = f", if {' & '.join(map(str, self.conditions))}" if self.conditions else ""
        return f"RestPoint({what}: {_strategy_text(self.strategies)}{extra})"


@dataclass(frozen=True, eq=False)
class Stability:
    r"""Linear stability of a point of replicator dynamics.

    The Jacobian is taken in the reduced coordinates, i.e. restricted to the
    tangent space of the state space (a product of simplices).

    Attributes
    ----------
    point : tuple of numpy.ndarray
        The point, one mixed strategy per population.
    profile : tuple of int or None
        Its pure profile when it is a vertex.
    eigenvalues : tuple
        Eigenvalues of the Jacobian (floats/complex, or sympy expressions).
    signs : tuple of str
        Sign of each eigenvalue's real part: ``"-"``, ``"+"``, ``"0"``, or
        ``"?"`` when it cannot be decided (symbolic games).
    kind : str
        ``"sink"`` (every real part negative: asymptotically stable),
        ``"source"`` (every real part positive), ``"saddle"`` (both signs, none
        zero), ``"non-hyperbolic"`` (some real part is zero: linearization is
        inconclusive, the point is **never** reported as stable) or
        ``"undecided"`` (signs depend on symbols; see :attr:`conditions`).
    conditions : tuple of sympy relationals
        One condition per eigenvalue, :math:`\operatorname{Re}\lambda < 0`;
        all hold exactly when the point is a sink.
    jacobian : sympy.Matrix or numpy.ndarray or None
        The Jacobian at the point (None at vertices of large games, where the
        eigenvalues are the deviation gains themselves).
    labels : tuple of tuple of str
        The game's strategy labels, per player (for :attr:`label`).

    Examples
    --------
    >>> import coinnovation as co
    >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
    >>> st = rd.classify(rd.rest_points()[-1])
    >>> st.kind, [round(v, 12) for v in sorted(st.eigenvalues)], st.is_stable
    ('saddle', [-0.5, 0.5], False)
    """

    point: tuple[np.ndarray, ...]
    profile: tuple[int, ...] | None
    eigenvalues: tuple[Any, ...]
    signs: tuple[str, ...]
    kind: str
    conditions: tuple[Any, ...] = ()
    jacobian: Any = None
    labels: tuple[tuple[str, ...], ...] = field(default=(), repr=False)

    @property
    def label(self) -> str:
        """The point as every output writes it: a vertex by its strategy labels."""
        if self.profile is not None:
            return profile_text(self.labels, self.profile)
        return _strategy_text(self.point)

    @property
    def condition_summary(self) -> str | list[Any]:
        """``"never"`` (some condition is impossible), ``"always"``, or the open conditions.

        The open conditions are in eigenvalue order, simplified; a false
        condition is never dropped (see :func:`StabilityTable.to_latex`).
        """
        return _latex.condition_parts(self.conditions)

    @property
    def is_stable(self) -> bool:
        """True only for a sink (asymptotically stable); never for non-hyperbolic points."""
        return self.kind == "sink"

    @property
    def stability_condition(self) -> Any:
        """The conjunction of :attr:`conditions` (``sympy.true`` when it holds outright)."""
        return sp.And(*self.conditions) if self.conditions else sp.true

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python form."""
        return {"point": [[_plain(v) for v in s] for s in self.point], "profile": self.profile,
                "eigenvalues": [_plain(v) for v in self.eigenvalues], "signs": list(self.signs),
                "kind": self.kind, "conditions": [str(c) for c in self.conditions]}

    def to_latex(self) -> str:
        r"""The eigenvalues, the kind and the stability condition as LaTeX.

        The condition reads ``\text{never}``, ``\text{always}`` or the open
        conditions joined by ``\wedge`` (never the words ``True``/``False``).
        """
        eig = ", ".join(_latex_value(v) for v in self.eigenvalues)
        parts = self.condition_summary
        kind = _latex.conditional_kind(self.kind, parts)
        cond = (rf"\text{{{parts}}}" if isinstance(parts, str)
                else r" \wedge ".join(latex(c) for c in parts))
        return rf"\lambda \in \{{{eig}\}},\quad \text{{{kind}}},\quad {cond}"

    def _repr_latex_(self) -> str:
        return f"${self.to_latex()}$"

    def __repr__(self) -> str:
        where = f"vertex {self.label}" if self.profile is not None else _strategy_text(self.point)
        eig = ", ".join(_fmt(v) for v in self.eigenvalues)
        return f"Stability({where}: {self.kind}; eigenvalues [{eig}])"


def _latex_value(v: Any) -> str:
    if isinstance(v, sp.Basic):
        return latex(v)
    if isinstance(v, (complex, np.complexfloating)) and complex(v).imag != 0:
        c = complex(v)
        return f"{c.real:.4g} {'+' if c.imag >= 0 else '-'} {abs(c.imag):.4g}i"
    if isinstance(v, (complex, np.complexfloating)):
        return f"{complex(v).real:.4g}"
    return f"{float(v):.4g}"


@dataclass(frozen=True, eq=False)
class StabilityTable(TableDisplay):
    r"""The vertex stability table of an evolutionary game, as papers print it.

    Every point is named by its strategy labels — ``(cooperate, cooperate,
    active)`` — the one convention of every output (profiles are *given* as
    indices or labels). A point is stable (a sink, an ESS at a vertex:
    演化稳定策略) if and only if every eigenvalue has a negative real part,
    :math:`\operatorname{Re}\lambda_i < 0`; the condition column lists the
    conditions still open, in eigenvalue order, one per line, and reads
    "never" when one of them is impossible (a provably positive or zero
    eigenvalue) and "always" when all hold.

    Attributes
    ----------
    rows : tuple of Stability
        One classification per point (by default every vertex).
    state : tuple of sympy.Symbol
        The reduced state variables, for the column header.
    labels : tuple of tuple of str
        The game's strategy labels, per player.

    Examples
    --------
    >>> import coinnovation as co
    >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
    >>> print(rd.stability_table())
    | point | λ1 | λ2 | signs | stable if (all Re λ < 0) | kind |
    |---|---|---|---|---|---|
    | (s0, s0) | -1 | -1 | - - | always | sink |
    | (s0, s1) | 1 | 1 | + + | never | source |
    | (s1, s0) | 1 | 1 | + + | never | source |
    | (s1, s1) | -1 | -1 | - - | always | sink |
    """

    rows: tuple[Stability, ...]
    state: tuple[sp.Symbol, ...]
    labels: tuple[tuple[str, ...], ...] = ()

    def vertex_label(self, row: Stability) -> str:
        """The row's point: a vertex by its strategy labels, else its mixed strategies."""
        if row.profile is not None:
            return profile_text(self.labels or row.labels, row.profile)
        return _strategy_text(row.point)

    @property
    def ess(self) -> tuple[Stability, ...]:
        """The rows that are sinks."""
        return tuple(r for r in self.rows if r.kind == "sink")

    def _width(self) -> int:
        return max((len(r.eigenvalues) for r in self.rows), default=0)

    def _cells(self, r: Stability, k: int, value: Any) -> list[str]:
        cells = [value(v) for v in r.eigenvalues]
        return cells + [""] * (k - len(cells))

    def to_latex(self, *, booktabs: bool = True) -> str:
        r"""A ``tabular`` with point, eigenvalues, stability conditions and kind.

        The condition column wraps (``p{}``), one condition per line in
        eigenvalue order; a note under the table states the convention
        (stable iff every :math:`\operatorname{Re}\lambda_i < 0`). The first
        line is a comment naming the package needed: ``booktabs`` rules by
        default, plain ``\hline`` rules with ``booktabs=False``.

        Examples
        --------
        >>> import coinnovation as co
        >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
        >>> print(rd.stability_table().to_latex(booktabs=False).splitlines()[5])
        (s0, s0) & $-1$ & $-1$ & always & sink \\
        """
        k = self._width()
        head = (["Point"] + [rf"$\lambda_{{{i + 1}}}$" for i in range(k)]
                + ["Stable if", "Kind"])
        rows = []
        for r in self.rows:
            parts = r.condition_summary
            label = self.vertex_label(r)
            rows.append([_latex_escape(label), *self._cells(r, k, lambda v: f"${_latex_value(v)}$"),
                         _latex.condition_latex(parts), _latex.conditional_kind(r.kind, parts)])
        return _latex.table_latex(head, rows, booktabs=booktabs, condition_column=k + 1)

    def to_markdown(self) -> str:
        """A Markdown table: point, eigenvalues, signs, stability conditions, kind."""
        k = self._width()
        head = ("| point | " + " | ".join(f"λ{i + 1}" for i in range(k))
                + " | signs | stable if (all Re λ < 0) | kind |")
        sep = "|" + "---|" * (k + 4)
        body = []
        for r in self.rows:
            parts = r.condition_summary
            body.append(f"| {self.vertex_label(r)} | " + " | ".join(self._cells(r, k, _fmt))
                        + f" | {' '.join(r.signs)} | {_latex.condition_text(parts)} | "
                        + f"{_latex.conditional_kind(r.kind, parts)} |")
        return "\n".join([head, sep, *body])

    def _display_table(self, limit: int | None = None) -> tuple[str, list[str], list[list[Any]]]:
        k = self._width()
        header = ["point", *(f"λ{i + 1}" for i in range(k)), "signs", "stable if", "kind"]
        rows = []
        for r in self.rows[:limit]:
            parts = r.condition_summary
            rows.append([self.vertex_label(r), *r.eigenvalues, *[""] * (k - len(r.eigenvalues)),
                         " ".join(r.signs), _latex.condition_text(parts),
                         _latex.conditional_kind(r.kind, parts)])
        return "Stability table: " + _latex.SIGN_CONVENTION, header, rows

    def __str__(self) -> str:
        return self.to_markdown()

    def __repr__(self) -> str:
        return f"StabilityTable({len(self.rows)} rows)\n{self.to_markdown()}"


_LATEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "_": r"\_", "&": r"\&",
                  "%": r"\%", "$": r"\$", "#": r"\#", "^": r"\^{}", "~": r"\~{}"}


def _latex_escape(text: str) -> str:
    """User text (strategy labels) safe in a LaTeX text cell."""
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in text)


@dataclass(frozen=True, eq=False)
class Trajectories(TableDisplay):
    r"""Simulated trajectories of replicator dynamics with a convergence report.

    The convergence report (:attr:`converged`, :attr:`limits`,
    :attr:`distance`, :attr:`visited`) is computed on first access.

    Attributes
    ----------
    t : numpy.ndarray, shape (T,)
        Output times.
    strategies : tuple of numpy.ndarray
        Per population an array of shape ``(B, T, m_p)``: the mixed strategy
        of every trajectory at every output time.
    tol, visit_radius : float
        The stated distances of the convergence report.
    reduced_names : tuple of str
        Names of the reduced coordinates.
    converged : numpy.ndarray of bool, shape (B,)
        True only when the end point lies within :attr:`tol` (max-norm over
        shares) of the named rest point :attr:`limits` ``[b]`` **and** is not
        on its way out of it (no present strategy with a positive growth rate
        at a vertex; elsewhere a sink, or a non-increasing distance over the
        last quarter of the run and, at a saddle, no component above 1e-10
        along its unstable eigenvectors), or on a documented continuum of rest
        points (shares off its face below ``tol`` and speed below ``tol``
        times the payoff scale).
    limits : tuple
        Per trajectory the :class:`RestPoint` reached, or None.
    distance : numpy.ndarray, shape (B,)
        Max-norm distance of the end point to the nearest rest point.
    visited : tuple of tuple
        Per trajectory the sequence of vertices (profiles) it passed within
        :attr:`visit_radius`, consecutive repeats removed — for a trajectory
        wandering between vertices (no ESS) this is the cycle.

    Examples
    --------
    >>> import numpy as np, coinnovation as co
    >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
    >>> tr = rd.simulate(np.array([[0.9, 0.8]]), 30, n_points=4)
    >>> tr.t.tolist(), tr.summary()
    ([0.0, 10.0, 20.0, 30.0], {'(s0, s0)': 1})
    """

    t: np.ndarray
    strategies: tuple[np.ndarray, ...]
    tol: float
    visit_radius: float
    reduced_names: tuple[str, ...] = field(default=())
    _report: Any = field(default=None, repr=False, compare=False)
    labels: tuple[tuple[str, ...], ...] = field(default=(), repr=False)

    @cached_property
    def _outcomes(self) -> tuple[Any, ...]:
        return tuple(self._report())

    @property
    def converged(self) -> np.ndarray:
        """Which trajectories converged (see the class docstring)."""
        return self._outcomes[0]

    @property
    def limits(self) -> tuple[RestPoint | None, ...]:
        """The rest point (or continuum) each converged trajectory reached."""
        return self._outcomes[1]

    @property
    def distance(self) -> np.ndarray:
        """Max-norm distance of each end point to the nearest rest point."""
        return self._outcomes[2]

    @property
    def visited(self) -> tuple[tuple[tuple[int, ...], ...], ...]:
        """Vertices passed by each trajectory, in order."""
        return self._outcomes[3]

    @property
    def n_trajectories(self) -> int:
        """Number of trajectories ``B``."""
        return int(self.strategies[0].shape[0])

    @property
    def reduced(self) -> np.ndarray:
        """Array ``(B, T, d)`` of the reduced coordinates (``x, y, z`` ...)."""
        return np.concatenate([s[..., :-1] for s in self.strategies], axis=2)

    @property
    def final(self) -> np.ndarray:
        """End points in reduced coordinates, shape ``(B, d)``."""
        return self.reduced[:, -1, :]

    def outcome(self, b: int) -> str:
        """A sentence describing where trajectory ``b`` ended."""
        if self.converged[b]:
            lim = self.limits[b]
            assert lim is not None
            return (f"converged to {lim.label} (distance {self.distance[b]:.2e} <= "
                    f"{self.tol:g})")
        path = " -> ".join(profile_text(self.labels, v) for v in self.visited[b]) or "no vertex"
        return (f"not converged by t={self.t[-1]:g} (distance {self.distance[b]:.2e} to the "
                f"nearest rest point); vertices passed: {path}")

    def summary(self) -> dict[str, int]:
        """Counts of trajectories per limit label, plus ``"not converged"``."""
        out: dict[str, int] = {}
        for b in range(self.n_trajectories):
            lim = self.limits[b]
            key = lim.label if (self.converged[b] and lim is not None) else "not converged"
            out[key] = out.get(key, 0) + 1
        return out

    def _display_table(self, limit: int | None = None) -> tuple[str, list[str], list[list[Any]]]:
        counts = self.summary()
        title = (f"{self.n_trajectories} trajectories, t in [0, {self.t[-1]:g}], "
                 f"{int(self.t.size)} points")
        return title, ["outcome", "trajectories"], [[k, v] for k, v in counts.items()][:limit]

    def to_pandas(self) -> Any:
        """A tidy :class:`pandas.DataFrame`: trajectory, t, one column per reduced coordinate,
        and the outcome (limit label or "not converged") of each trajectory."""
        pd = require_pandas("Trajectories.to_pandas")
        red = self.reduced
        b, t, d = red.shape
        names = list(self.reduced_names) or [f"x{i}" for i in range(d)]
        outcome = [self.limits[i].label if self.converged[i] and self.limits[i] is not None
                   else "not converged" for i in range(b)]
        data: dict[str, Any] = {"trajectory": np.repeat(np.arange(b), t), "t": np.tile(self.t, b)}
        data.update({n: red[:, :, i].reshape(-1) for i, n in enumerate(names)})
        data["outcome"] = np.repeat(np.asarray(outcome, dtype=object), t)
        return pd.DataFrame(data)

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python form (times, reduced coordinates and outcomes)."""
        return {"t": self.t.tolist(), "reduced": self.reduced.tolist(),
                "names": list(self.reduced_names), "converged": self.converged.tolist(),
                "outcomes": [self.outcome(b) for b in range(self.n_trajectories)]}

    def __repr__(self) -> str:
        return (f"Trajectories({self.n_trajectories} trajectories, t in [0, {self.t[-1]:g}], "
                f"{int(self.t.size)} points; {self.summary()})")


@dataclass(frozen=True, eq=False)
class BasinEstimate(TableDisplay):
    """Basins of attraction estimated from many simulated initial conditions.

    Attributes
    ----------
    shares : dict
        Attractor label -> fraction of initial conditions converging to it;
        the key ``"not converged"`` collects the rest.
    standard_errors : dict
        Binomial standard error of each share.
    attractors : tuple of RestPoint
        The rest points reached.
    risk_dominant : tuple of int or None
        For a bistable 2x2 game, the risk-dominant equilibrium
        (Harsanyi & Selten 1988), else None.
    trajectories : Trajectories
        The simulation behind the estimate.

    Examples
    --------
    >>> import coinnovation as co
    >>> stag = co.NormalFormGame([[[4, 0], [3, 3]], [[4, 3], [0, 3]]])
    >>> est = co.ReplicatorDynamics(stag).basins(n=200, t_end=60, rng=0)
    >>> est.risk_dominant, est.shares["(s1, s1)"] > est.shares["(s0, s0)"]
    ((1, 1), True)
    """

    shares: dict[str, float]
    standard_errors: dict[str, float]
    attractors: tuple[RestPoint, ...]
    risk_dominant: tuple[int, ...] | None
    trajectories: Trajectories

    def _display_table(self, limit: int | None = None) -> tuple[str, list[str], list[list[Any]]]:
        labels = self.attractors[0].labels if self.attractors else ()
        title = "Basins of attraction (share of starting points)" + (
            f"; risk dominant {profile_text(labels, self.risk_dominant)}"
            if self.risk_dominant is not None else "")
        rows = [[k, v, self.standard_errors.get(k, 0.0)] for k, v in self.shares.items()]
        return title, ["attractor", "share", "standard error"], rows[:limit]

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python form."""
        return {"shares": dict(self.shares), "standard_errors": dict(self.standard_errors),
                "attractors": [a.label for a in self.attractors],
                "risk_dominant": self.risk_dominant}

    def __repr__(self) -> str:
        body = ", ".join(f"{k}: {v:.3f}" for k, v in self.shares.items())
        labels = self.attractors[0].labels if self.attractors else ()
        rd = (f"; risk dominant {profile_text(labels, self.risk_dominant)}"
              if self.risk_dominant is not None else "")
        return f"BasinEstimate({body}{rd})"


@dataclass(frozen=True, eq=False)
class DerivationCheck:
    """Comparison of hand-derived replicator equations with the payoff table's.

    Attributes
    ----------
    equal : bool
        Every equation agrees identically (``simplify(user - derived) == 0``).
    state : tuple of sympy.Symbol
        The state variables, in the order of the equations.
    derived : tuple of sympy.Expr
        The equations implied by the payoff table.
    given : tuple of sympy.Expr
        The user's equations as parsed.
    differences : tuple of sympy.Expr
        ``given - derived``, simplified (zero where they agree).

    Examples
    --------
    >>> import coinnovation as co
    >>> rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
    >>> check = rd.check_equations(["x(1-x)(2y-1)", "y(1-y)(2x-1)"])
    >>> bool(check), check.mismatches
    (True, ())
    """

    equal: bool
    state: tuple[sp.Symbol, ...]
    derived: tuple[Any, ...]
    given: tuple[Any, ...]
    differences: tuple[Any, ...]

    def __bool__(self) -> bool:
        return self.equal

    @property
    def mismatches(self) -> tuple[sp.Symbol, ...]:
        """The state variables whose equations differ."""
        return tuple(s for s, d in zip(self.state, self.differences, strict=True) if d != 0)

    def to_latex(self) -> str:
        """The differences, one line per mismatching equation."""
        if self.equal:
            return r"\text{all equations agree}"
        return r" \\ ".join(rf"\dot{{{latex(s)}}}_{{\text{{given}}}} - "
                            rf"\dot{{{latex(s)}}}_{{\text{{payoffs}}}} = {latex(d)}"
                            for s, d in zip(self.state, self.differences, strict=True) if d != 0)

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python form."""
        return {"equal": self.equal, "state": [str(s) for s in self.state],
                "differences": [str(d) for d in self.differences]}

    def __repr__(self) -> str:
        if self.equal:
            return "DerivationCheck(equal: the equations match the payoff table)"
        diffs = "; ".join(f"d{s}/dt: given - derived = {d}"
                          for s, d in zip(self.state, self.differences, strict=True) if d != 0)
        return f"DerivationCheck(NOT equal: {diffs})"
