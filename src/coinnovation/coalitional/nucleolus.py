"""The nucleolus family: nucleolus (Schmeidler 1969), prenucleolus (Sobolev 1975) and per capita
nucleolus (Grotte 1970), by sequential linear programs (:mod:`._nucleolus`)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from .._util.tolerance import FLOAT_EXACT_AGREEMENT
from .._util.validation import check_bool
from ..errors import InvalidGameError, SolverError
from ..games.coalitional import CoalitionalGame
from ._common import check_game, imputations_exist, profit_exact, profit_table
from ._nucleolus import exact_nucleolus, sequential_nucleolus
from .allocation import Allocation

__all__ = ["nucleolus", "per_capita_nucleolus", "prenucleolus"]


def _nucleolus(game: CoalitionalGame, what: str, *, domain: str, per_capita: bool,
               exact: bool, backend: str | None, rule: str) -> Allocation:
    game = check_game(game, what)
    exact = check_bool(exact, "exact")
    v = profit_table(game, what)
    n = game.n_players
    if domain == "imputation":
        singles = v[1 << np.arange(n)]
        if not imputations_exist(v, n):
            raise InvalidGameError(
                f"{what}: the imputation set is empty (Σ v({{i}}) = {singles.sum():g} exceeds "
                f"v(N) = {v[-1]:g}{' in the savings game' if game.is_cost else ''}); "
                "the prenucleolus is defined")
    res = sequential_nucleolus(v, n, domain=domain, per_capita=per_capita, backend=backend)
    x: np.ndarray = res.x
    levels: tuple[Any, ...] = tuple(res.levels)
    if exact:
        vex = profit_exact(game)
        sol = exact_nucleolus(vex, n, res, per_capita) if res.fixed or n == 1 else None
        if n == 1:
            xe = [vex[-1]]
        elif sol is None:
            raise SolverError(f"{what}: could not confirm the nucleolus in exact arithmetic "
                              "(the fixed coalitions do not determine it); use exact=False")
        else:
            xe = [Fraction(int(q.p), int(q.q)) for q in sol[0]]
            levels = tuple(Fraction(int(q.p), int(q.q)) for q in sol[1])
        if np.max(np.abs(np.array([float(q) for q in xe]) - x)) > FLOAT_EXACT_AGREEMENT * max(
                1.0, float(np.max(np.abs(v)))):
            raise SolverError(f"{what}: exact and floating-point solutions disagree; "
                              "use exact=False")
        if game.is_cost:
            single = game.exact_values()[1 << np.arange(n)]
            xe = [single[i] - xe[i] for i in range(n)]
        vals = np.array([*xe, None], dtype=object)[:-1]
    else:
        if game.is_cost:
            x = np.asarray(game.values, dtype=float)[1 << np.arange(n)] - x
        vals = x
    return Allocation(vals, game.players, rule, cost=game.is_cost, levels=levels,
                      info={"lp_solves": res.lp_solves, "lp_rows": res.rows,
                            "fixed_coalitions": len(res.fixed)})


def nucleolus(game: CoalitionalGame, *, exact: bool = False,
              backend: str | None = None) -> Allocation:
    r"""The nucleolus (Schmeidler 1969).

    Among the imputations (efficient allocations with :math:`x_i \ge v(\{i\})`)
    the nucleolus lexicographically minimises the vector of excesses
    :math:`e(S,x) = v(S) - x(S)` sorted from largest to smallest: it makes the
    most dissatisfied coalition as satisfied as possible, then the next, and so
    on. It is unique, lies in the core whenever the core is non-empty, and in
    the least core. Computed by sequential LPs (see
    :mod:`coinnovation.coalitional._nucleolus`) that fix only the coalitions whose
    excess is constant on the whole optimal face.

    Parameters
    ----------
    exact : bool
        Also solve the final system of tight coalitions in rational arithmetic
        and return :class:`fractions.Fraction` shares (rational worths).
    backend : {"highspy", "scipy"}, optional
        LP interface (default: highspy when installed).

    Returns
    -------
    Allocation
        ``levels`` holds the successive maximal excesses; ``info`` the number
        of LPs solved and of coalition rows they used.

    Raises
    ------
    coinnovation.errors.InvalidGameError
        when the imputation set is empty (``Σ v({i}) > v(N)``).

    Examples
    --------
    The bankruptcy problem of the Talmud, estate 200 (Aumann & Maschler 1985):

    >>> import coinnovation as co
    >>> co.nucleolus(co.bankruptcy(200, [100, 200, 300]), exact=True).to_dict()
    {'player 0': Fraction(50, 1), 'player 1': Fraction(75, 1), 'player 2': Fraction(75, 1)}
    """
    return _nucleolus(game, "nucleolus", domain="imputation", per_capita=False, exact=exact,
                      backend=backend, rule="nucleolus")


def prenucleolus(game: CoalitionalGame, *, exact: bool = False,
                 backend: str | None = None) -> Allocation:
    """The prenucleolus (Sobolev 1975): the nucleolus over all efficient allocations.

    Like :func:`nucleolus` without the individual-rationality constraints; it
    always exists, lies in the least core, and equals the nucleolus whenever
    the core is non-empty.

    Examples
    --------
    >>> import coinnovation as co
    >>> co.prenucleolus(co.CoalitionalGame([0, 0, 0, 10, 0, 0, 0, 2]), exact=True).to_dict()
    {'player 0': Fraction(3, 1), 'player 1': Fraction(3, 1), 'player 2': Fraction(-4, 1)}
    """
    return _nucleolus(game, "prenucleolus", domain="preimputation", per_capita=False,
                      exact=exact, backend=backend, rule="prenucleolus")


def per_capita_nucleolus(game: CoalitionalGame, *, exact: bool = False,
                         backend: str | None = None) -> Allocation:
    r"""The per capita nucleolus (Grotte 1970): lexicographically minimise :math:`e(S,x)/|S|`.

    Dissatisfaction is measured per member, so large coalitions weigh less
    than in the nucleolus. Over imputations; in the core when it is non-empty.
    """
    return _nucleolus(game, "per_capita_nucleolus", domain="imputation", per_capita=True,
                      exact=exact, backend=backend, rule="per_capita_nucleolus")
