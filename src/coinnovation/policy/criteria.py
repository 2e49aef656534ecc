r"""The criteria of the policy questions, and the conditions each one imposes on a pure profile.

Criteria (on a pure profile :math:`a`; :math:`u_i` the payoffs):

``"nash"``
    :math:`u_i(a) \ge u_i(k, a_{-i})` for every player :math:`i` and strategy :math:`k`.
``"strict_nash"``
    :math:`u_i(a) > u_i(k, a_{-i})` for every :math:`k \ne a_i`.
``"ess"``
    An evolutionarily stable state (演化稳定策略) of the multi-population
    replicator dynamics: a strict Nash equilibrium (Selten 1980), i.e. an
    asymptotically stable vertex (Ritzberger & Weibull 1995).
``"unique_ess"``
    ``a`` is an ESS and no other pure profile is.
``"dominant"``
    :math:`u_i(a_i, b_{-i}) > u_i(k, b_{-i})` for every player, every
    :math:`k \ne a_i` and every :math:`b_{-i}`.
``"participation"``
    :math:`u_i(a) \ge u_i(r)` for every player, ``r`` the ``reference``
    profile (default: every player on its last strategy, i.e. everybody
    defects / stays passive) — the cooperative-surplus test (合作剩余). It is
    *weaker* than stability: it ignores the temptation to free-ride.

Every criterion is a finite list of conditions ``(g, strict)`` meaning
:math:`g > 0` or :math:`g \ge 0` (:func:`criterion_conditions`);
:func:`criterion_holds` decides a criterion directly on a numeric payoff
table in exact arithmetic, independently of the region solver.

References
----------
R. Selten, "A note on evolutionarily stable strategies in asymmetric animal
conflicts", J. Theor. Biol. 84 (1980) 93-101.
K. Ritzberger, J. W. Weibull, "Evolutionary selection in normal-form games",
Econometrica 63 (1995) 1371-1399.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import sympy as sp

from .._util.signs import sign
from .._util.symbolic import require_numeric
from ..errors import InvalidInputError, UndecidableError
from ..evolutionary.replicator import ReplicatorDynamics
from ..games.normal_form import NormalFormGame
from ..noncooperative._pure import deviation_gains

__all__ = ["CRITERIA", "as_game", "as_parameter", "as_profile", "check_criterion", "criterion_conditions",
           "criterion_holds", "holds_exactly", "nash_conditions", "reference_profile", "substitute_values"]


CRITERIA: tuple[str, ...] = ("nash", "strict_nash", "ess", "unique_ess", "dominant", "participation")
"""The criteria understood by :func:`stability_region` and :func:`threshold`."""


def as_game(game: Any, what: str = "game") -> NormalFormGame:

    if isinstance(game, ReplicatorDynamics):
        if game.population != "multi":
            raise InvalidInputError(
                f"{what}: regions are defined on pure profiles of multi-population dynamics; got "
                "single-population dynamics (pass the NormalFormGame for 'nash' criteria)")
        if game.is_state_dependent:
            raise InvalidInputError(
                f"{what}: the dynamics have state-dependent payoffs; the criteria are defined on "
                "a NormalFormGame with fixed payoffs")
        return game.game
    if not isinstance(game, NormalFormGame):
        raise InvalidInputError(
            f"{what}: expected a coinnovation.NormalFormGame (or multi-population "
            f"ReplicatorDynamics), got {type(game).__name__}")
    return game


def as_parameter(game: NormalFormGame, parameter: Any) -> sp.Symbol:
    names = sorted(str(s) for s in game.free_symbols)
    if isinstance(parameter, str):
        for s in game.free_symbols:
            if str(s) == parameter:
                return s
        raise InvalidInputError(
            f"parameter: {parameter!r} is not a symbol of the game (free symbols: {names})")
    if not isinstance(parameter, sp.Symbol):
        raise InvalidInputError(
            f"parameter: expected a sympy Symbol or its name, got {type(parameter).__name__} "
            f"{parameter!r}")
    if parameter not in game.free_symbols:
        same = [s for s in game.free_symbols if str(s) == str(parameter)]
        hint = (" (a symbol of that name with different assumptions is; use the game's own "
                "symbol or its name)") if same else ""
        raise InvalidInputError(
            f"parameter: {parameter} is not a symbol of the game{hint} (free symbols: {names})")
    return parameter


def check_criterion(criterion: Any) -> str:
    if not isinstance(criterion, str) or criterion not in CRITERIA:
        raise InvalidInputError(
            f"criterion: unknown criterion {criterion!r}; choose one of {', '.join(CRITERIA)}")
    return criterion


def as_profile(game: NormalFormGame, profile: Any, name: str = "profile") -> tuple[int, ...]:
    try:
        return game.profile_index(profile)
    except InvalidInputError as exc:
        msg = str(exc)
        for prefix in ("profile: ", "strategy: "):
            if msg.startswith(prefix):
                msg = msg[len(prefix):]
        raise type(exc)(f"{name}: {msg}") from None


def reference_profile(game: NormalFormGame, reference: Any, criterion: str) -> tuple[int, ...]:
    if reference is None:
        return tuple(m - 1 for m in game.shape)
    if criterion != "participation":
        raise InvalidInputError(
            f"reference: only used by criterion='participation', not {criterion!r}")
    return as_profile(game, reference, "reference")


def substitute_values(game: NormalFormGame, values: Mapping[Any, Any], keep: Any) -> NormalFormGame:
    if not isinstance(values, Mapping):
        raise InvalidInputError(f"values: expected a mapping symbol -> number, got {values!r}")
    if any(str(k) == str(keep) for k in values):
        raise InvalidInputError(f"values: sets the parameter {keep} itself")
    try:
        return game.subs(dict(values))
    except InvalidInputError as exc:
        raise InvalidInputError(f"values: {exc}") from None


def criterion_conditions(game: NormalFormGame, profile: tuple[int, ...], criterion: str,
                reference: tuple[int, ...], *, dedupe: bool = True) -> list[tuple[sp.Expr, bool]]:
    """Conditions ``(g, strict)`` meaning ``g > 0`` (strict) or ``g >= 0``.

    With ``dedupe`` repeated conditions are listed once.
    """
    out: list[tuple[sp.Expr, bool]] = []
    seen: set[tuple[sp.Expr, bool]] = set()

    def add(expr: Any, strict: bool) -> None:
        e = sp.expand(sp.sympify(expr))
        key = (e, strict)
        if not dedupe:
            out.append(key)
        elif key not in seen:
            seen.add(key)
            out.append(key)

    if criterion == "participation":
        u = game.symbolic_payoff_array()
        for i in range(game.n_players):
            add(u[(i, *profile)] - u[(i, *reference)], False)
        return out
    strict = criterion != "nash"
    for i in range(game.n_players):
        gains = deviation_gains(game, i) if game.is_symbolic else _sym_gains(game, i)
        for k in range(game.shape[i]):
            if k == profile[i]:
                continue
            if criterion == "dominant":
                others = [range(m) if j != i else [profile[i]] for j, m in enumerate(game.shape)]
                for b in itertools.product(*others):
                    add(-gains[(k, *b)], True)
            else:
                add(-gains[(k, *profile)], strict)
    return out


def _sym_gains(game: NormalFormGame, player: int) -> np.ndarray:
    u = game.symbolic_payoff_array(player)
    return np.stack([np.take(u, [k], axis=player) - u for k in range(game.shape[player])])


def nash_conditions(game: Any, *, profile: Sequence[int | str], strict: bool = False
                    ) -> tuple[sp.Basic, ...]:
    r"""The inequalities under which a pure profile is a Nash equilibrium (纳什均衡条件).

    For every player :math:`i` and every other strategy :math:`k`,

    .. math::

        u_i(a) - u_i(k, a_{-i}) \ge 0 \qquad (> 0 \text{ with } ``strict=True``),

    one relational per deviation, expanded, in the order players × strategies;
    conditions that hold identically are dropped and a condition that fails
    identically is kept as ``sympy.false``. ``strict=True`` gives the
    conditions of a strict equilibrium — in multi-population replicator
    dynamics, of an evolutionarily stable state (演化稳定策略).

    Parameters
    ----------
    game : NormalFormGame or ReplicatorDynamics
    profile : tuple
        One strategy (index or label) per player.
    strict : bool

    Returns
    -------
    tuple of sympy relationals

    Examples
    --------
    The two-party industry–university game (方炜 et al. 2019): mutual
    cooperation is a strict equilibrium iff each party's share of the
    surplus, the breach compensation and its subsidy beat its cost and its
    free-riding gain.

    >>> import coinnovation as co
    >>> g = co.models.industry_university()
    >>> for c in co.nash_conditions(g, profile=(0, 0), strict=True):
    ...     print(c)
    -C_E + F + S_E - T_E + alpha*dR > 0
    -C_U + F + S_U - T_U - alpha*dR + dR > 0
    """
    game = as_game(game)
    prof = as_profile(game, profile)
    if not isinstance(strict, (bool, np.bool_)):
        raise InvalidInputError(f"strict: expected True or False, got {strict!r}")
    conds = criterion_conditions(game, prof, "strict_nash" if strict else "nash", prof, dedupe=False)
    out: list[sp.Basic] = []
    for g, s in conds:
        rel = (g > 0) if s else (g >= 0)
        if rel is sp.true:
            continue
        out.append(rel)
    return tuple(out)


def criterion_holds(game: Any, profile: Sequence[int | str], criterion: str = "ess", *,
                    reference: Sequence[int | str] | None = None) -> bool:
    r"""Whether a pure profile of a numeric game satisfies ``criterion``, decided exactly.

    The direct definition, evaluated on the payoff table in exact arithmetic
    (sympy numbers), independently of the region solver: used by
    :func:`verify_region` and by property tests.

    Raises
    ------
    coinnovation.errors.SymbolicNotSupported
        when the game still has free symbols (named in the message).

    Examples
    --------
    >>> import coinnovation as co
    >>> pd = co.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
    >>> criterion_holds(pd, (1, 1), "dominant"), criterion_holds(pd, (0, 0), "participation")
    (True, True)
    """
    game = as_game(game)
    criterion = check_criterion(criterion)
    require_numeric(game.free_symbols, f"criterion_holds (criterion {criterion!r})")
    prof = as_profile(game, profile)
    ref = reference_profile(game, reference, criterion)
    return holds_exactly(game.symbolic_payoff_array(), game.shape, prof, criterion, ref)


def _sign_exact(d: sp.Expr) -> int:
    """The sign of a payoff difference, decided exactly (floats are exact binary rationals)."""
    s = sign(sp.expand(d))
    if s == "?":
        raise UndecidableError(f"criterion_holds: cannot decide the sign of {d}")
    return {"+": 1, "-": -1, "0": 0}[s]


def holds_exactly(u: np.ndarray, shape: tuple[int, ...], prof: tuple[int, ...], criterion: str,
           ref: tuple[int, ...]) -> bool:
    """The criterion decided exactly on an object array of payoffs (sympy numbers)."""
    n = len(shape)
    profiles = list(itertools.product(*(range(m) for m in shape)))

    def cmp(i: int, a: tuple[int, ...], b: tuple[int, ...]) -> int:
        return _sign_exact(sp.sympify(u[(i, *a)]) - sp.sympify(u[(i, *b)]))

    def dev(a: tuple[int, ...], i: int, k: int) -> tuple[int, ...]:
        return (*a[:i], k, *a[i + 1:])

    def strict_ne(a: tuple[int, ...]) -> bool:
        return all(cmp(i, a, dev(a, i, k)) > 0 for i in range(n)
                   for k in range(shape[i]) if k != a[i])

    if criterion == "nash":
        return all(cmp(i, prof, dev(prof, i, k)) >= 0 for i in range(n) for k in range(shape[i]))
    if criterion in ("strict_nash", "ess"):
        return strict_ne(prof)
    if criterion == "unique_ess":
        return strict_ne(prof) and not any(strict_ne(b) for b in profiles if b != prof)
    if criterion == "dominant":
        return all(cmp(i, dev(b, i, prof[i]), dev(b, i, k)) > 0
                   for i in range(n) for b in profiles for k in range(shape[i]) if k != prof[i])
    return all(cmp(i, prof, ref) >= 0 for i in range(n))
