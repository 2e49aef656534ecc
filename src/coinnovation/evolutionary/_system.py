r"""The replicator system behind :class:`ReplicatorDynamics`: layout, equations, Jacobian, points.

:class:`ReplicatorSystem` holds everything derived from the game once: the
populations and their strategy counts, the reduced state variables (one per
free share), the payoff tensor with state variables substituted, the symbolic
fitness, gains, equations and Jacobian, the parsing of points, and the batched
numeric right-hand sides used by the integrator. The modules of this family
(rest points, classification, ESS, outcomes, simulation) work on a
``ReplicatorSystem``; :class:`~coinnovation.ReplicatorDynamics` is the public
facade over it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import cached_property
from typing import Any

import numpy as np
import sympy as sp
from scipy.special import expit

from .._util.rng import as_generator
from .._util.tolerance import ROUNDOFF, TOL, atol_for
from ..errors import InvalidGameError, InvalidInputError
from ..games.normal_form import NormalFormGame
from ._integrate import softmax_blocks
from .results import RestPoint, Stability

__all__ = ["POPULATIONS", "ReplicatorSystem", "require_symmetric", "state_symbols"]

POPULATIONS = ("multi", "single")


class ReplicatorSystem:
    """Layout, symbolic core and numeric right-hand sides of replicator dynamics (internal).

    See :class:`coinnovation.ReplicatorDynamics` for the parameters and the
    conventions (points, reduced coordinates, state-dependent payoffs).
    """

    def __init__(self, game: NormalFormGame, *, population: str = "multi",
                 state: Sequence[str | sp.Symbol] | None = None) -> None:
        if not isinstance(game, NormalFormGame):
            raise InvalidInputError(
                f"game: expected a coinnovation.NormalFormGame, got {type(game).__name__}")
        if population not in POPULATIONS:
            raise InvalidInputError(
                f"population: expected 'multi' or 'single', got {population!r}")
        self.game = game
        self.population = population
        if population == "single":
            require_symmetric(game)
            self.m: tuple[int, ...] = (game.shape[0],)
            self.names: tuple[str, ...] = ("population",)
        else:
            self.m = game.shape
            self.names = game.players
        d = sum(m - 1 for m in self.m)
        self.state = state_symbols(self.m, population, state, d)
        offs = np.cumsum([0, *[m - 1 for m in self.m]])
        self.rblocks = [slice(int(offs[p]), int(offs[p + 1])) for p in range(len(self.m))]
        foffs = np.cumsum([0, *self.m])
        self.fblocks = [slice(int(foffs[p]), int(foffs[p + 1])) for p in range(len(self.m))]
        by_name = {str(s): s for s in self.state}
        swap = {s: by_name[str(s)] for s in game.free_symbols if str(s) in by_name}
        self.state_dependent = bool(swap)
        self.params = frozenset(s for s in game.free_symbols if str(s) not in by_name)
        raw = game.symbolic_payoff_array()
        if swap:
            flat = [sp.sympify(e).xreplace(swap) for e in raw.ravel().tolist()]
            raw = np.array([*flat, None], dtype=object)[:-1].reshape(raw.shape)
        self.U = raw if population == "multi" else raw[0]
        if not game.is_symbolic:
            u = game.payoff_array()
            self.Unum: np.ndarray | None = u if population == "multi" else u[0]
            self.atol = atol_for(u)
        else:
            self.Unum = None
            self.atol = 0.0

    # aliases with the facade's public names, so that algorithms read naturally
    @property
    def n_strategies(self) -> tuple[int, ...]:
        return self.m

    @property
    def populations(self) -> tuple[str, ...]:
        return self.names

    @property
    def parameters(self) -> frozenset[sp.Symbol]:
        return self.params

    @property
    def is_symbolic(self) -> bool:
        return bool(self.params)

    @property
    def is_state_dependent(self) -> bool:
        return self.state_dependent

    # ------------------------------------------------------------------ symbolic core
    def shares(self, values: Sequence[Any]) -> list[list[Any]]:
        """Full shares per population from reduced values (sympy or floats)."""
        out = []
        for p in range(len(self.m)):
            r = list(values[self.rblocks[p]])
            out.append([*r, 1 - sum(r)])
        return out

    @cached_property
    def fitness(self) -> tuple[tuple[sp.Expr, ...], ...]:
        r"""Expected payoff :math:`f_{pk}(x)` of each strategy, as sympy expressions."""
        shares = self.shares(self.state)
        if self.population == "single":
            A = self.U
            m = self.m[0]
            return (tuple(sp.expand(sum(A[k, j] * shares[0][j] for j in range(m)))
                          for k in range(m)),)
        out = []
        for p in range(len(self.m)):
            t = np.moveaxis(self.U[p], p, 0)
            others = [q for q in range(len(self.m)) if q != p]
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
        shares = self.shares(self.state)
        for p, f in enumerate(self.fitness):
            xs = self.state[self.rblocks[p]]
            if len(f) == 2:
                eqs.append(sp.Mul(xs[0], 1 - xs[0], self.gains[p]))
            else:
                fbar = sp.expand(sum(s * v for s, v in zip(shares[p], f, strict=True)))
                for k, xk in enumerate(xs):
                    eqs.append(sp.Mul(xk, sp.expand(f[k] - fbar)))
        return tuple(eqs)

    @cached_property
    def jac(self) -> sp.Matrix:
        if not self.state:
            return sp.zeros(0, 0)
        return sp.Matrix(self.equations).jacobian(sp.Matrix(self.state))

    # ------------------------------------------------------------------ points
    def vertices(self) -> list[tuple[int, ...]]:
        """All pure profiles (vertices of the state space), in lexicographic order."""
        if self.population == "single":
            return [(k, k) for k in range(self.m[0])]
        return list(itertools.product(*(range(m) for m in self.m)))

    def vertex_reduced(self, profile: tuple[int, ...]) -> tuple[sp.Integer, ...]:
        vals: list[sp.Integer] = []
        prof = profile[:1] if self.population == "single" else profile
        for a, m in zip(prof, self.m, strict=True):
            vals.extend(sp.Integer(1 if k == a else 0) for k in range(m - 1))
        return tuple(vals)

    def parse_point(self, point: Any, name: str = "point"
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
            return self.parse_point(point.point, name)
        if isinstance(point, (str, bytes)) or not isinstance(point, (Sequence, np.ndarray)):
            raise InvalidInputError(
                f"{name}: expected a pure profile (tuple of ints), a tuple of mixed strategies "
                f"or reduced coordinates, got {type(point).__name__}")
        items = list(point)
        d = len(self.state)
        is_index = [isinstance(v, (int, np.integer, str)) and not isinstance(v, (bool, np.bool_))
                    for v in items]
        if items and all(is_index) and not (isinstance(point, np.ndarray)):
            return self.parse_profile(tuple(items), name)
        if items and all(isinstance(v, (Sequence, np.ndarray)) and not isinstance(v, str)
                         for v in items):
            return self.parse_mixed(items, name), None
        if isinstance(point, np.ndarray) and point.dtype.kind in "iub":
            raise InvalidInputError(
                f"{name}: an integer array is ambiguous; pass a tuple of ints for a pure profile "
                "or floats for shares")
        if len(items) != d:
            raise InvalidInputError(
                f"{name}: expected {d} reduced coordinates ({', '.join(map(str, self.state))}), "
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
        self.check_in_space(vals, name)
        return tuple(vals), None

    def parse_profile(self, prof: tuple[Any, ...], name: str
                       ) -> tuple[tuple[Any, ...], tuple[int, ...]]:
        if self.population == "single":
            if len(prof) not in (1, 2):
                raise InvalidInputError(
                    f"{name}: a single-population vertex is (k,) or (k, k), got {prof!r}")
            ks = [self.game.strategy_index(0, s) for s in prof]
            if len(set(ks)) != 1:
                raise InvalidInputError(
                    f"{name}: single-population profiles are symmetric (k, k), got {prof!r}")
            full = (ks[0], ks[0])
        else:
            try:
                full = self.game.profile_index(prof)
            except InvalidInputError as exc:
                raise InvalidInputError(f"{name}: {exc}") from exc
        return self.vertex_reduced(full), full

    def parse_mixed(self, items: list[Any], name: str) -> tuple[Any, ...]:
        npop = len(self.m)
        if self.population == "single" and len(items) == 2:
            items = items[:1]
        if len(items) != npop:
            raise InvalidInputError(
                f"{name}: expected {npop} mixed strategies (one per population), got {len(items)}")
        vals: list[Any] = []
        for p, s in enumerate(items):
            arr = list(s)
            if len(arr) != self.m[p]:
                raise InvalidInputError(
                    f"{name}[{p}]: expected {self.m[p]} probabilities, got {len(arr)}")
            if all(isinstance(v, (int, float, np.number)) and not isinstance(v, bool)
                   for v in arr):
                a = np.asarray(arr, dtype=float)
                if not np.all(np.isfinite(a)) or np.any(a < -ROUNDOFF) or abs(a.sum() - 1) > TOL:
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

    def check_in_space(self, vals: Sequence[Any], name: str) -> None:
        for p in range(len(self.m)):
            block = vals[self.rblocks[p]]
            if all(isinstance(v, float) for v in block):
                a = np.asarray(block, dtype=float)
                if np.any(a < -ROUNDOFF) or a.sum() > 1 + ROUNDOFF:
                    raise InvalidInputError(
                        f"{name}: shares {list(block)} of {self.names[p]!r} are outside the "
                        "simplex (each in [0, 1], sum at most 1)")

    def point_strategies(self, vals: Sequence[Any]) -> tuple[np.ndarray, ...]:
        numeric = all(isinstance(v, float) or (isinstance(v, sp.Basic) and v.is_number)
                      for v in vals) and not self.is_symbolic
        out = []
        for sh in self.shares(list(vals)):
            if numeric:
                out.append(np.array([float(v) for v in sh]))
            else:
                out.append(np.array([*[sp.sympify(v) for v in sh], None], dtype=object)[:-1])
        return tuple(out)


    def jacobian_at(self, vals: Sequence[Any]) -> Any:
        sub = dict(zip(self.state, [sp.sympify(v) for v in vals], strict=True))
        J = self.jac.xreplace(sub)
        if not self.is_symbolic and all(not sp.sympify(v).free_symbols for v in vals):
            return np.array(J.evalf(), dtype=float).reshape(J.shape)
        return J.applyfunc(lambda e: sp.factor(sp.cancel(e)))


    def velocity(self, point: Any) -> Any:
        """The right-hand side at a point: floats for numeric data, else sympy."""
        vals, _ = self.parse_point(point)
        sub = dict(zip(self.state, [sp.sympify(v) for v in vals], strict=True))
        res = [sp.expand(e.xreplace(sub)) for e in self.equations]
        if all(not r.free_symbols for r in res):
            return np.array([float(r) for r in res])
        return tuple(res)

    # ------------------------------------------------------------------ simulation
    def random_states(self, n: int, *, rng: Any = None) -> np.ndarray:
        """``n`` states drawn uniformly from the state space, in reduced coordinates.

        Each population's mixed strategy is uniform on its simplex
        (Dirichlet(1, ..., 1)); the result has shape ``(n, d)``.
        """
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)) or n < 1:
            raise InvalidInputError(f"n: expected a positive integer, got {n!r}")
        gen = as_generator(rng)
        parts = [gen.dirichlet(np.ones(m), size=int(n))[:, :-1] for m in self.m]
        return np.concatenate(parts, axis=1)

    def full_from_x0(self, x0: Any) -> np.ndarray:
        """Full shares (B, sum m) from the accepted forms of initial conditions."""
        d = len(self.state)
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
                return self.full_row(x0, "x0")[None, :]
            except InvalidInputError as first:
                if not isinstance(x0, (Sequence, np.ndarray)) or isinstance(x0, str) or not len(x0):
                    raise
                try:
                    return np.array([self.full_row(p, f"x0[{i}]") for i, p in enumerate(x0)])
                except InvalidInputError:
                    raise first from None
        return self.full_from_reduced(rows)

    def full_row(self, point: Any, name: str) -> np.ndarray:
        """Full shares of one point; mixed strategies are kept as given (no round trip)."""
        vals, _ = self.parse_point(point, name)
        items = list(point) if isinstance(point, (Sequence, np.ndarray)) else []
        if self.population == "single" and len(items) == 2:
            items = items[:1]
        mixed = (len(items) == len(self.m) and all(
            isinstance(v, (Sequence, np.ndarray)) and not isinstance(v, str)
            and len(v) == m for v, m in zip(items, self.m, strict=True)))
        if mixed:
            blocks = [np.asarray([float(v) for v in s], dtype=float) for s in items]
            return np.concatenate([np.clip(b, 0.0, None) / np.clip(b, 0.0, None).sum()
                                   for b in blocks])
        return self.full_from_reduced(np.array([[float(v) for v in vals]]))[0]

    def full_from_reduced(self, rows: np.ndarray) -> np.ndarray:
        full = []
        for p in range(len(self.m)):
            r = rows[:, self.rblocks[p]]
            last = 1.0 - r.sum(axis=1, keepdims=True)
            # 1 - sum(shares) of a point on a face is a rounding error, not a share
            last[np.abs(last) <= 2 * np.finfo(float).eps * max(1, self.m[p])] = 0.0
            block = np.concatenate([r, last], axis=1)
            if np.any(block < -TOL):
                b = int(np.argmax(np.any(block < -TOL, axis=1)))
                raise InvalidInputError(
                    f"x0: initial condition {b} has shares outside the simplex for "
                    f"{self.names[p]!r}: {block[b].tolist()}")
            block = np.clip(block, 0.0, None)
            full.append(block / block.sum(axis=1, keepdims=True))
        return np.concatenate(full, axis=1)

    @cached_property
    def batch_fitness(self) -> Any:
        """A function ``xs -> fs`` on batches (list of (B, m_p) arrays per population)."""
        npop = len(self.m)
        if self.population == "single" and not self.state_dependent:
            A = np.asarray(self.Unum, dtype=float)

            def fit_single(xs: list[np.ndarray]) -> list[np.ndarray]:
                return [xs[0] @ A.T]
            return fit_single
        if not self.state_dependent:
            U = np.asarray(self.Unum, dtype=float)
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
                    t = (t.reshape(-1, self.m[q]) @ xs[q].T).reshape(*t.shape[:-1], nb)
                    for q in reversed(others[:-1]):
                        t = (t * xs[q].T).sum(axis=-2)
                    out.append(t.T)
                return out
            return fit_const
        func = sp.lambdify(self.state, list(self.U.ravel()), "numpy")
        shape = self.U.shape

        def fit_dep(xs: list[np.ndarray]) -> list[np.ndarray]:
            nb = xs[0].shape[0]
            cols = [c for x in xs for c in x[:, :-1].T]
            vals = func(*cols)
            U = np.stack([np.broadcast_to(np.asarray(v, dtype=float), (nb,)) for v in vals],
                         axis=-1).reshape(nb, *shape)
            U = np.moveaxis(U, 0, -1)  # batch last
            if self.population == "single":
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
    def gain_function(self) -> Any:
        return sp.lambdify(self.state, list(self.gains), "numpy", cse=True)

    def rhs_log_odds(self, xi: np.ndarray, moving: np.ndarray) -> np.ndarray:
        x = expit(xi)
        nb = xi.shape[0]
        gains = self.gain_function(*x.T)
        out = np.empty_like(xi)
        for p, g in enumerate(gains):
            out[:, p] = g if np.ndim(g) else np.full(nb, float(g))
        return np.where(moving, out, 0.0)

    def rhs_log(self, ell: np.ndarray, alive: np.ndarray) -> np.ndarray:
        x = softmax_blocks(ell, alive, self.fblocks)
        xs = [x[:, sl] for sl in self.fblocks]
        fs = self.batch_fitness(xs)
        out = np.empty_like(ell)
        for sl, xp, fp in zip(self.fblocks, xs, fs, strict=True):
            fbar = np.sum(xp * fp, axis=1, keepdims=True)
            out[:, sl] = np.where(alive[:, sl], fp - fbar, 0.0)
        return out

def require_symmetric(game: NormalFormGame) -> None:
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


def state_symbols(m: tuple[int, ...], population: str, state: Any, d: int
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

