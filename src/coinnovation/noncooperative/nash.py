"""Nash equilibria: the front-end (``method=`` dispatch) and the certificate check.

Each substantial method lives in its own private module:

- :mod:`._pure` - pure equilibria of n-player games (vectorized; symbolic too);
- :mod:`._vertex` - vertex enumeration of two-player games (floats, qhull);
- :mod:`._exact_vertex` - exact vertex enumeration in rational arithmetic;
- :mod:`._support` - support enumeration of two-player games (vectorized);
- :mod:`._lemke_howson` - the Lemke-Howson path-following algorithm;
- :mod:`._polynomial` - support enumeration for n players with polynomial solving.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from .._util.symbolic import require_numeric
from .._util.tolerance import ROUNDOFF, TOL, atol_for
from .._util.validation import check_bool
from ..errors import DegenerateGameWarning, InvalidInputError, SolverError
from ..games.normal_form import NormalFormGame
from ._exact_vertex import exact_vertex_enumeration
from ._lemke_howson import lemke_howson
from ._limits import check_enumeration_size
from ._polynomial import polynomial_support_enumeration
from ._pure import pure_equilibrium_mask
from ._support import support_enumeration
from ._vertex import vertex_enumeration
from .equilibrium import Equilibria, Equilibrium

__all__ = ["expected_payoffs", "nash_equilibria", "pure_nash_equilibria", "regrets"]

_METHODS_2P = ("auto", "vertex", "support", "lemke_howson", "pure")
_METHODS_NP = ("auto", "support", "pure")


def _check_game(game: Any, where: str) -> NormalFormGame:
    if not isinstance(game, NormalFormGame):
        raise InvalidInputError(f"{where}: game must be a coinnovation.NormalFormGame, "
                                f"got {type(game).__name__}")
    return game


def _make(game: NormalFormGame, strategies: Sequence[np.ndarray], payoffs: Sequence[Any]
          ) -> Equilibrium:
    return Equilibrium(tuple(strategies), tuple(payoffs), game.players, game.strategies)


def pure_nash_equilibria(game: NormalFormGame) -> list[Equilibrium]:
    r"""All pure-strategy Nash equilibria of an n-player game.

    A pure profile :math:`a` is a Nash equilibrium when no player gains by a
    unilateral deviation, :math:`u_i(a) \ge u_i(k, a_{-i})` for every player
    :math:`i` and strategy :math:`k`. The check is vectorized over the payoff
    tensor: for each player, the maximum along that player's axis is compared
    with every entry (numeric games, with the library tolerance
    :data:`coinnovation.TOL` scaled by the payoff magnitude).

    Symbolic games decide each comparison exactly with sympy, using the
    symbols' assumptions (``positive=True``...).

    Parameters
    ----------
    game : NormalFormGame

    Returns
    -------
    list of Equilibrium
        In lexicographic order of profiles. ``Equilibrium.profile`` gives the
        strategy indices; payoffs are floats (sympy expressions for symbolic
        games).

    Raises
    ------
    coinnovation.errors.UndecidableError
        when whether some profile is an equilibrium depends on a comparison of
        symbols that cannot be decided (use :func:`coinnovation.nash_conditions`).

    Examples
    --------
    >>> import coinnovation as co
    >>> coord = co.NormalFormGame([[[2, 0], [0, 1]], [[2, 0], [0, 1]]])
    >>> [e.profile for e in co.pure_nash_equilibria(coord)]
    [(0, 0), (1, 1)]

    Symbolic payoffs with a positive subsidy ``s``:

    >>> import sympy as sp
    >>> s = sp.Symbol("s", positive=True)
    >>> g = co.NormalFormGame([[[1 + s, s], [1, 0]], [[1, 0], [0, 1]]])
    >>> [e.profile for e in co.pure_nash_equilibria(g)]
    [(0, 0)]
    """
    game = _check_game(game, "pure_nash_equilibria")
    mask = pure_equilibrium_mask(game)
    out = []
    if game.is_symbolic:
        u = game.symbolic_payoff_array()
    else:
        u = game.payoff_array()
    for prof in map(tuple, np.argwhere(mask)):
        prof = tuple(int(a) for a in prof)
        strategies = []
        for i, m in enumerate(game.shape):
            s = np.zeros(m)
            s[prof[i]] = 1.0
            strategies.append(s)
        pays = tuple((u[(i, *prof)] if game.is_symbolic else float(u[(i, *prof)]))
                     for i in range(game.n_players))
        out.append(_make(game, strategies, pays))
    return Equilibria(out)


def expected_payoffs(game: NormalFormGame, strategies: Sequence[Any]) -> list[np.ndarray]:
    r"""Expected payoff of every pure strategy of every player against the others.

    Returns a list ``w`` where ``w[i][k]`` is
    :math:`u_i(k, \sigma_{-i}) = \sum_{a_{-i}} u_i(k, a_{-i}) \prod_{j\ne i}\sigma_j(a_j)`.
    Floats for float strategies; exact Fractions when both payoffs and strategies
    are exact.

    Examples
    --------
    >>> import numpy as np, coinnovation as co
    >>> bos = co.NormalFormGame([[[3, 0], [0, 2]], [[2, 0], [0, 3]]])
    >>> w = co.expected_payoffs(bos, [np.array([0.6, 0.4]), np.array([0.4, 0.6])])
    >>> np.round(w[0], 6), np.round(w[1], 6)   # both players indifferent: an equilibrium
    (array([1.2, 1.2]), array([1.2, 1.2]))
    """
    game = _check_game(game, "expected_payoffs")
    sigma = _validate_profile(game, strategies)
    exact = any(s.dtype == object for s in sigma)
    u = game.exact_payoff_array() if exact else game.payoff_array()
    out = []
    for i in range(game.n_players):
        t = u[i]
        # contract the other players' axes, last first, so lower axis numbers stay valid
        for j in reversed(range(game.n_players)):
            if j != i:
                t = np.tensordot(t, sigma[j], axes=([j], [0]))
        out.append(t)
    return out


def _validate_profile(game: NormalFormGame, strategies: Sequence[Any]) -> list[np.ndarray]:
    if len(strategies) != game.n_players:
        raise InvalidInputError(
            f"strategies: expected {game.n_players} mixed strategies, got {len(strategies)}")
    out = []
    for i, s in enumerate(strategies):
        arr = np.asarray(s)
        if arr.dtype == object:
            arr = np.array([Fraction(v) if not isinstance(v, Fraction) else v for v in arr] + [None],
                           dtype=object)[:-1]
        else:
            arr = arr.astype(float)
            if not np.all(np.isfinite(arr)):
                raise InvalidInputError(f"strategies[{i}]: entries must be finite")
        if arr.shape != (game.shape[i],):
            raise InvalidInputError(
                f"strategies[{i}]: expected {game.shape[i]} probabilities, got shape {arr.shape}")
        out.append(arr)
    return out


def regrets(game: NormalFormGame, strategies: Sequence[Any]) -> np.ndarray:
    r"""Each player's regret at a mixed profile: the certificate of an equilibrium.

    :math:`r_i = \max_k u_i(k, \sigma_{-i}) - u_i(\sigma)`. A profile is a Nash
    equilibrium exactly when every regret is zero (within tolerance for floats).
    This check is independent of the algorithm that produced the profile.

    Examples
    --------
    >>> import numpy as np, coinnovation as co
    >>> pennies = co.NormalFormGame([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> co.regrets(pennies, [np.array([.5, .5]), np.array([.5, .5])])
    array([0., 0.])
    """
    game = _check_game(game, "regrets")
    require_numeric(game.free_symbols, "regrets")
    sigma = _validate_profile(game, strategies)
    w = expected_payoffs(game, sigma)
    exact = any(s.dtype == object for s in sigma)
    r = [max(w[i]) - sum(w[i] * sigma[i]) for i in range(game.n_players)]
    if exact:
        return np.array([*r, None], dtype=object)[:-1]
    return np.array(r, dtype=float)


def _certify(game: NormalFormGame, eqs: list[Equilibrium], tol: float | None) -> list[Equilibrium]:
    """Independent regret check of every profile a method returns."""
    u = game.payoff_array()
    atol = atol_for(u, tol) * 10
    for e in eqs:
        if any(s.dtype == object for s in e.strategies):
            # exact results get an exact certificate: probabilities, and regrets exactly zero
            if any(min(s) < 0 or sum(s) != 1 for s in e.strategies):
                raise SolverError(f"internal: a returned profile is not a probability vector: {e}")
            if any(r != 0 for r in regrets(game, list(e.strategies))):
                raise SolverError(f"internal: an exact profile fails the exact regret check: {e}")
            continue
        sig = [np.asarray(s, dtype=float) for s in e.strategies]
        bad = [i for i, s in enumerate(sig)
               if abs(s.sum() - 1) > TOL or np.any(s < -ROUNDOFF)]
        if bad:
            raise SolverError(f"internal: a returned profile is not a probability vector for "
                              f"player(s) {bad}: {e}")
        r = regrets(game, sig)
        if np.any(r > atol):
            raise SolverError(f"internal: a returned profile fails the regret check "
                              f"(regrets {r}, tolerance {atol:g}): {e}")
    return Equilibria(eqs)


def nash_equilibria(game: NormalFormGame, *, method: str = "auto", exact: bool = False,
                    tol: float | None = None, max_iter: int = 10_000,
                    initial_dropped_label: int = 0) -> list[Equilibrium]:
    r"""Nash equilibria of a finite game: all of them, unless the method finds one.

    Parameters
    ----------
    game : NormalFormGame
        A numeric game (substitute symbols first with ``game.subs``).
    method : {"auto", "vertex", "support", "lemke_howson", "pure"}
        - ``"auto"``: two players - vertex enumeration; more players - support
          enumeration with polynomial solving.
        - ``"vertex"`` (two players): enumerate the vertices of the two
          best-response polytopes and pair the complementary ones
          (Avis, Rosenberg, Savani & von Stengel 2010). Finds all equilibria of
          a nondegenerate game and all *extreme* equilibria of a degenerate one.
        - ``"support"``: support enumeration. Two players: every pair of equal-size
          supports, with the indifference systems solved in batches and every
          comparison made with the tolerance (Nisan et al. 2007, ch. 3). More
          players: every support profile, the indifference equations solved as a
          polynomial system (exactly with sympy, McKelvey & McLennan 1996).
        - ``"lemke_howson"`` (two players): one equilibrium, by complementary
          pivoting (Lemke & Howson 1964) with a lexicographic ratio test, from
          ``initial_dropped_label``, at most ``max_iter`` pivots.
        - ``"pure"``: the pure equilibria only.
    exact : bool
        Two players: solve in exact rational arithmetic; probabilities and
        payoffs are :class:`fractions.Fraction` (floats in the payoffs are taken
        at their exact binary value). Implies vertex enumeration unless
        ``method="support"`` or ``"lemke_howson"`` is given. With three or more
        players equilibria can be irrational; the results are then floats
        computed from exact Gröbner bases, polished by Newton's method and
        certified by the regret check, whatever ``exact`` says.
    tol : float, optional
        Tolerance for float comparisons (default :data:`coinnovation.TOL`),
        relative to the payoff magnitude.
    max_iter : int
        Pivot cap of Lemke-Howson.
    initial_dropped_label : int
        Starting label of Lemke-Howson (``0 .. m+n-1``).

    Returns
    -------
    list of Equilibrium
        Every returned profile passed an independent regret check.

    Warns
    -----
    coinnovation.errors.DegenerateGameWarning
        For a degenerate two-player game: the list holds every extreme
        equilibrium (vertex methods) and the game has continua of equilibria or
        equilibria with unequal support sizes.

    Raises
    ------
    coinnovation.errors.SymbolicNotSupported
        when the game has free symbols.
    coinnovation.errors.ConvergenceError
        when Lemke-Howson reaches ``max_iter``.

    Examples
    --------
    Battle of the sexes has two pure equilibria and one mixed:

    >>> import coinnovation as co
    >>> bos = co.NormalFormGame([[[3, 0], [0, 2]], [[2, 0], [0, 3]]])
    >>> eqs = co.nash_equilibria(bos, exact=True)
    >>> [tuple(map(str, e.strategies[0])) for e in eqs]
    [('1', '0'), ('3/5', '2/5'), ('0', '1')]
    """
    game = _check_game(game, "nash_equilibria")
    require_numeric(game.free_symbols, "nash_equilibria")
    if not isinstance(method, str):
        raise InvalidInputError(f"method: expected a string, got {method!r}")
    if tol is not None and (not np.isfinite(tol) or tol <= 0):
        raise InvalidInputError(f"tol: must be a positive finite number, got {tol!r}")
    two = game.n_players == 2
    allowed = _METHODS_2P if two else _METHODS_NP
    if method not in allowed:
        raise InvalidInputError(
            f"method: unknown method {method!r} for a {game.n_players}-player game; "
            f"choose one of {', '.join(allowed)}")
    exact = check_bool(exact, "exact")
    if method == "pure":
        return pure_nash_equilibria(game)
    if two and method in ("auto", "vertex", "support"):
        check_enumeration_size(game.shape, method)
    if game.n_players == 1:
        return pure_nash_equilibria(game) if not exact else _exactify(game, pure_nash_equilibria(game))
    if not two:
        eqs = [_make(game, s, p) for s, p in polynomial_support_enumeration(game, tol=tol)]
        return _certify(game, eqs, tol)
    if method in ("auto", "vertex"):
        if exact:
            result, degenerate = exact_vertex_enumeration(game.exact_payoff_array())
        else:
            result, degenerate = vertex_enumeration(game, tol=tol)
        if degenerate:
            warnings.warn(
                "the game is degenerate: the list holds every extreme equilibrium; "
                "other equilibria are convex combinations of extreme equilibria in one "
                "maximal Nash subset", DegenerateGameWarning, stacklevel=2)
    elif method == "support":
        result, degenerate = support_enumeration(game, tol=tol, exact=exact)
        if degenerate:
            warnings.warn(
                "the game is degenerate: support enumeration pairs supports of equal size and "
                "misses equilibria with unequal supports and continua; use method='vertex' "
                "for every extreme equilibrium", DegenerateGameWarning, stacklevel=2)
    else:
        result = [lemke_howson(game, initial_dropped_label=initial_dropped_label,
                               max_iter=max_iter, exact=exact)]
    eqs = [_make(game, s, p) for s, p in result]
    return _certify(game, eqs, tol)


def _exactify(game: NormalFormGame, eqs: list[Equilibrium]) -> list[Equilibrium]:
    u = game.exact_payoff_array()
    out = []
    for e in eqs:
        prof = e.profile
        assert prof is not None
        strategies = [np.array([Fraction(int(k == prof[i])) for k in range(m)] + [None],
                               dtype=object)[:-1] for i, m in enumerate(game.shape)]
        out.append(_make(game, strategies, tuple(u[(i, *prof)] for i in range(game.n_players))))
    return Equilibria(out)


__all__ += ["TOL"]
