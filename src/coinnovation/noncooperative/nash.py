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

import math
import numbers
import warnings
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, overload

import numpy as np

from .._util.symbolic import require_numeric
from .._util.tolerance import ROUNDOFF, TOL, atol_for
from .._util.validation import check_bool
from ..errors import DegenerateGameWarning, InvalidInputError, SolverError
from ..games.batch import GameBatch
from ..games.normal_form import NormalFormGame
from ._exact_vertex import exact_vertex_enumeration
from ._lemke_howson import lemke_howson
from ._limits import check_enumeration_size
from ._polynomial import perturbed_equilibria, polynomial_support_enumeration
from ._pure import pure_equilibrium_mask
from ._small import three_binary, two_by_two, two_by_two_exact
from ._support import support_enumeration
from ._vertex import vertex_enumeration
from .batch import BatchEquilibria, batch_regrets, solve_batch
from .equilibrium import Equilibria, Equilibrium

__all__ = ["expected_payoffs", "nash_equilibria", "pure_nash_equilibria", "regrets"]

_METHODS_2P = ("auto", "vertex", "support", "lemke_howson", "pure")
_METHODS_NP = ("auto", "support", "pure")
AUTO_VERTEX_MAX = 16  # method="auto": vertex enumeration up to 16 strategies per player
AUTO_SUPPORT_PAIRS = 2_000_000  # beyond: support enumeration when it has at most this many pairs


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
    are exact. The strategies need not be probability vectors here (any finite
    weights); :func:`regrets` requires them to be.

    Examples
    --------
    >>> import numpy as np, coinnovation as co
    >>> bos = co.NormalFormGame([[[3, 0], [0, 2]], [[2, 0], [0, 3]]])
    >>> w = co.expected_payoffs(bos, [np.array([0.6, 0.4]), np.array([0.4, 0.6])])
    >>> np.round(w[0], 6), np.round(w[1], 6)   # both players indifferent: an equilibrium
    (array([1.2, 1.2]), array([1.2, 1.2]))
    """
    game = _check_game(game, "expected_payoffs")
    require_numeric(game.free_symbols, "expected_payoffs")
    sigma = _validate_profile(game, strategies)
    exact = any(s.dtype == object for s in sigma)
    return _expected_unchecked(game.exact_payoff_array() if exact else game.payoff_array(), sigma)


def _expected_unchecked(u: np.ndarray, sigma: Sequence[np.ndarray]) -> list[np.ndarray]:
    """``w[i][k] = u_i(k, sigma_-i)`` for a payoff array ``u`` (n, *shape) already checked."""
    n = len(sigma)
    if n == 2:
        return [u[0] @ sigma[1], sigma[0] @ u[1]]
    out = []
    for i in range(n):
        t = u[i]
        # contract the other players' axes, last first, so lower axis numbers stay valid
        for j in reversed(range(n)):
            if j != i:
                t = np.tensordot(t, sigma[j], axes=([j], [0]))
        out.append(t)
    return out


def _regrets_unchecked(u: np.ndarray, sigma: Sequence[np.ndarray]) -> list[Any]:
    """Regrets at a profile already validated, for a payoff array ``u`` of matching type."""
    w = _expected_unchecked(u, sigma)
    return [max(w[i]) - sum(w[i] * sigma[i]) for i in range(len(sigma))]


def _entry_vector(s: Any, i: int) -> np.ndarray:
    """One player's strategy as a float or an exact (Fraction) vector, or an errors exception."""
    if isinstance(s, (str, bytes)):
        raise InvalidInputError(f"strategies[{i}]: expected a vector of probabilities, got {s!r}")
    try:
        arr = np.asarray(s)
    except (ValueError, TypeError) as exc:
        raise InvalidInputError(f"strategies[{i}]: not a vector of numbers ({exc})") from None
    if arr.ndim != 1:
        raise InvalidInputError(f"strategies[{i}]: expected a 1-D vector, got shape {arr.shape}")
    if arr.dtype.kind in "fiu":
        return arr.astype(float)
    if arr.dtype == object and all(isinstance(v, (int, Fraction)) and not isinstance(v, bool)
                                   for v in arr.tolist()):
        return np.array([*(Fraction(v) for v in arr.tolist()), None], dtype=object)[:-1]
    if arr.dtype == object and all(isinstance(v, numbers.Real) and not isinstance(v, bool)
                                   for v in arr.tolist()):
        return np.array([float(v) for v in arr.tolist()], dtype=float)
    raise InvalidInputError(f"strategies[{i}]: expected numbers, got {arr.tolist()!r}")


def _validate_profile(game: NormalFormGame, strategies: Sequence[Any], *, probability: bool = False
                      ) -> list[np.ndarray]:
    if isinstance(strategies, (str, bytes)) or not isinstance(strategies, (Sequence, np.ndarray)):
        raise InvalidInputError(f"strategies: expected one mixed strategy per player, got {strategies!r}")
    if len(strategies) != game.n_players:
        raise InvalidInputError(
            f"strategies: expected {game.n_players} mixed strategies, got {len(strategies)}")
    out = []
    for i, s in enumerate(strategies):
        arr = _entry_vector(s, i)
        who = f"(player {game.players[i]!r})"
        if arr.dtype != object and not np.all(np.isfinite(arr)):
            raise InvalidInputError(f"strategies[{i}]: entries must be finite {who}")
        if arr.shape != (game.shape[i],):
            raise InvalidInputError(f"strategies[{i}]: expected {game.shape[i]} probabilities, "
                                    f"got shape {arr.shape} {who}")
        if probability:
            low, total = min(arr), sum(arr)
            if (low < 0 or total != 1) if arr.dtype == object else (low < -TOL or abs(total - 1) > TOL):
                raise InvalidInputError(
                    f"strategies[{i}]: not a probability vector {who}: entries must be "
                    f"non-negative and sum to 1; smallest {float(low):g}, sum {float(total):g}")
        out.append(arr)
    return out


def regrets(game: NormalFormGame, strategies: Sequence[Any]) -> np.ndarray:
    r"""Each player's regret at a mixed profile: the certificate of an equilibrium.

    :math:`r_i = \max_k u_i(k, \sigma_{-i}) - u_i(\sigma)`. A profile is a Nash
    equilibrium exactly when every regret is zero (within tolerance for floats).
    This check is independent of the algorithm that produced the profile.

    Parameters
    ----------
    game : NormalFormGame
        A numeric game.
    strategies : sequence of array_like
        One probability vector per player: finite, non-negative and summing to
        one (within :data:`coinnovation.TOL` for floats, exactly for Fractions).

    Raises
    ------
    coinnovation.errors.InvalidInputError
        naming the player, for a vector of the wrong length, non-numbers,
        non-finite entries or a vector that is not a probability vector.

    Examples
    --------
    >>> import numpy as np, coinnovation as co
    >>> pennies = co.NormalFormGame([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]])
    >>> co.regrets(pennies, [np.array([.5, .5]), np.array([.5, .5])])
    array([0., 0.])
    """
    game = _check_game(game, "regrets")
    require_numeric(game.free_symbols, "regrets")
    sigma = _validate_profile(game, strategies, probability=True)
    exact = any(s.dtype == object for s in sigma)
    if exact:
        sigma = [s if s.dtype == object else _to_fractions(s) for s in sigma]
        r = _regrets_unchecked(game.exact_payoff_array(), sigma)
        return np.array([*r, None], dtype=object)[:-1]
    return np.array(_regrets_unchecked(game.payoff_array(), sigma), dtype=float)


def _to_fractions(s: np.ndarray) -> np.ndarray:
    return np.array([*(Fraction(float(v)) for v in s), None], dtype=object)[:-1]


def _certify(game: NormalFormGame, eqs: list[Equilibrium], tol: float | None,
             u: np.ndarray | None = None) -> list[Equilibrium]:
    """Independent regret check of every profile a method returns (payoffs read once).

    Float profiles are checked together (one matrix product per player for two players).
    """
    if not eqs:
        raise SolverError("internal: no equilibrium found, but every finite game has one")
    u = game.payoff_array() if u is None else u
    atol = atol_for(u, tol) * 10
    floats = [e for e in eqs if all(s.dtype != object for s in e.strategies)]
    if len(floats) < len(eqs):
        _certify_exact(game, [e for e in eqs if any(s.dtype == object for s in e.strategies)])
    if not floats:
        return Equilibria(eqs)
    sig = [np.array([e.strategies[i] for e in floats], dtype=float) for i in range(game.n_players)]
    bad = np.zeros(len(floats), dtype=bool)
    for S in sig:
        bad |= (np.abs(S.sum(axis=1) - 1.0) > TOL) | (S.min(axis=1) < -ROUNDOFF)
    if bad.any():
        raise SolverError(f"internal: a returned profile is not a probability vector: "
                          f"{floats[int(np.argmax(bad))]}")
    if game.n_players == 2:
        W = [sig[1] @ u[0].T, sig[0] @ u[1]]
        r = np.stack([W[i].max(axis=1) - np.einsum("ek,ek->e", W[i], sig[i]) for i in range(2)], axis=1)
    else:
        r = batch_regrets(np.broadcast_to(u, (len(floats), *u.shape)), sig)[1]
    if r.max() > atol:
        worst = int(np.argmax(r.max(axis=1)))
        raise SolverError(f"internal: a returned profile fails the regret check "
                          f"(regrets {r[worst]}, tolerance {atol:g}): {floats[worst]}")
    return Equilibria(eqs)


def _certify_exact(game: NormalFormGame, eqs: list[Equilibrium]) -> None:
    """Exact results get an exact certificate: probabilities, and regrets exactly zero."""
    exact_u = game.exact_payoff_array()
    for e in eqs:
        if any(min(s) < 0 or sum(s) != 1 for s in e.strategies):
            raise SolverError(f"internal: a returned profile is not a probability vector: {e}")
        sig = [s if s.dtype == object else _to_fractions(s) for s in e.strategies]
        if any(r != 0 for r in _regrets_unchecked(exact_u, sig)):
            raise SolverError(f"internal: an exact profile fails the exact regret check: {e}")


@overload
def nash_equilibria(game: NormalFormGame, *, method: str = ..., exact: bool = ...,
                    tol: float | None = ..., max_iter: int = ...,
                    initial_dropped_label: int = ...) -> list[Equilibrium]: ...


@overload
def nash_equilibria(game: GameBatch, *, method: str = ..., exact: bool = ...,
                    tol: float | None = ..., max_iter: int = ...,
                    initial_dropped_label: int = ...) -> BatchEquilibria: ...


def nash_equilibria(game: NormalFormGame | GameBatch, *, method: str = "auto", exact: bool = False,
                    tol: float | None = None, max_iter: int = 10_000,
                    initial_dropped_label: int = 0) -> list[Equilibrium] | BatchEquilibria:
    r"""Nash equilibria of a finite game: all of them, unless the method finds one.

    Parameters
    ----------
    game : NormalFormGame or GameBatch
        A numeric game (substitute symbols first with ``game.subs``), or a
        :class:`~coinnovation.GameBatch` of same-shape games: the result is then
        a :class:`~coinnovation.BatchEquilibria`, whose ``result[g]`` is the
        list this function returns for game ``g``. Batches of 2x2 and 2x2x2
        games are solved vectorized over the batch axis (floats; ``exact=True``
        and other shapes solve game by game); degenerate games take the general
        path, with one :class:`~coinnovation.errors.DegenerateGameWarning` for
        the batch.
    method : {"auto", "vertex", "support", "lemke_howson", "pure"}
        - ``"auto"``: two players - vertex enumeration up to 16 strategies per
          player; a thin game beyond that (e.g. 1000x2: at most two million
          pairs of equal-size supports) - support enumeration; a larger game
          raises :class:`~coinnovation.errors.InvalidInputError` instead of
          running for hours (name a method to run it anyway, or use
          ``"lemke_howson"`` for one equilibrium). More players - support
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
    list of Equilibrium, or BatchEquilibria for a batch
        Every returned profile passed an independent regret check. Games in
        which every player has two strategies (2x2, 2x2x2) are solved in closed
        form (best responses and the indifference conditions; for 2x2x2 a
        quadratic), unless degenerate.

    Warns
    -----
    coinnovation.errors.DegenerateGameWarning
        For a two-player game whose degeneracy reaches its equilibria (vertex
        methods): some extreme equilibrium leaves a pure best response unused
        (it is not quasi-strict), so equilibria can form continua or have
        supports of unequal size; the list holds every extreme equilibrium. A
        game with ties only away from its equilibria (a degenerate vertex of a
        best-response polytope in no equilibrium) has finitely many equilibria,
        all returned, and gives no warning. Support enumeration warns when an
        equilibrium it finds is not quasi-strict or it finds an even number of
        them, since it can then miss equilibria.

    Raises
    ------
    coinnovation.errors.SymbolicNotSupported
        when the game has free symbols.
    coinnovation.errors.InvalidInputError
        for bad arguments, and for ``method="auto"`` on a two-player game too
        large to enumerate (see ``method``).
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

    Ten thousand games at once (a batch, 2x2 games vectorized):

    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> batch = co.GameBatch(list(rng.standard_normal((2, 10_000, 2, 2))))
    >>> result = co.nash_equilibria(batch)
    >>> len(result), sorted(set(result.counts.tolist()))
    (10000, [1, 3])
    """
    if isinstance(game, GameBatch):
        _check_options(method, tol, game.n_players)
        exact = check_bool(exact, "exact")
        return solve_batch(game, nash_equilibria, method=method, exact=exact, tol=tol,
                           max_iter=max_iter, initial_dropped_label=initial_dropped_label)
    game = _check_game(game, "nash_equilibria")
    require_numeric(game.free_symbols, "nash_equilibria")
    _check_options(method, tol, game.n_players)
    two = game.n_players == 2
    exact = check_bool(exact, "exact")
    if method == "pure":
        return pure_nash_equilibria(game)
    if game.n_players == 1:
        return pure_nash_equilibria(game) if not exact else _exactify(game, pure_nash_equilibria(game))
    # 2x2 and 2x2x2 first: closed forms, no size checks needed
    fast = _fast_path(game, method, exact, tol)
    if fast is not None:  # float closed-form results are certified already, in scalar arithmetic
        return _certify(game, fast, tol) if exact else Equilibria(fast)
    if two and method == "auto":
        method = _auto_method(game.shape)  # raises for a game too large to enumerate
    if two and method in ("vertex", "support"):
        check_enumeration_size(game.shape, method)
    if not two:
        found = polynomial_support_enumeration(game, tol=tol)
        if not found:
            # every equilibrium lies in a continuum: points of it, through a perturbed game
            found = perturbed_equilibria(game, tol=tol)
            if not found:
                raise SolverError(
                    "the game is degenerate: every equilibrium lies in a continuum (ties in the "
                    "payoffs), which support enumeration with polynomial solving cannot "
                    "enumerate; perturb the tied payoffs slightly, or use pure_nash_equilibria "
                    "for the pure ones")
            warnings.warn(
                "the game is degenerate and has no isolated equilibrium: the list holds "
                "equilibria of a slightly perturbed game (payoffs moved by about 1e-9 of their "
                "scale), each certified in this game; its equilibria form continua",
                DegenerateGameWarning, stacklevel=2)
        eqs = [_make(game, s, p) for s, p in found]
        return _certify(game, eqs, tol)
    if method == "vertex":
        result = _vertex(game, exact, tol)
    elif method == "support":
        result, degenerate = support_enumeration(game, tol=tol, exact=exact)
        if not result:
            # every finite game has an equilibrium: an empty list means the float screen
            # lost them (ties at the tolerance); vertex enumeration finds the extreme ones
            result = _vertex(game, exact, tol)
        elif degenerate:
            warnings.warn(
                "the game is degenerate: support enumeration pairs supports of equal size and "
                "misses equilibria with unequal supports and continua; use method='vertex' "
                "for every extreme equilibrium", DegenerateGameWarning, stacklevel=2)
    else:
        result = [lemke_howson(game, initial_dropped_label=initial_dropped_label,
                               max_iter=max_iter, exact=exact)]
    eqs = [_make(game, s, p) for s, p in result]
    return _certify(game, eqs, tol)


def _check_options(method: Any, tol: Any, n_players: int) -> None:
    if not isinstance(method, str):
        raise InvalidInputError(f"method: expected a string, got {method!r}")
    if tol is not None and (not np.isfinite(tol) or tol <= 0):
        raise InvalidInputError(f"tol: must be a positive finite number, got {tol!r}")
    allowed = _METHODS_2P if n_players == 2 else _METHODS_NP
    if method not in allowed:
        raise InvalidInputError(
            f"method: unknown method {method!r} for a {n_players}-player game; "
            f"choose one of {', '.join(allowed)}")


def _fast_path(game: NormalFormGame, method: str, exact: bool, tol: float | None
               ) -> list[Equilibrium] | None:
    """Closed forms when every player has two strategies (2x2, 2x2x2); None: not applicable.

    Not applicable to degenerate games (a tie in the payoffs, a double root...), which the
    general algorithms solve and report.
    """
    shape = game.shape
    if method not in ("auto", "vertex", "support") or set(shape) != {2} or len(shape) > 3:
        return None
    if len(shape) == 2:
        if exact:
            found = two_by_two_exact(game.exact_payoff_array())
        else:
            found, worst = two_by_two(game.payoff_array(), TOL if tol is None else tol)
            if found is not None and worst > 10:  # the regret certificate, within 10 atol
                raise SolverError(f"internal: a closed-form 2x2 profile fails the regret check "
                                  f"({worst:g} tolerances)")
        return None if found is None else [_make(game, s, p) for s, p in found]
    u = game.payoff_array()
    found = three_binary(u, atol_for(u, tol))
    return None if found is None else [_make(game, s, p) for s, p in found]


def _auto_method(shape: tuple[int, ...]) -> str:
    """``method="auto"`` for two players: vertex enumeration, support enumeration for thin games.

    Vertex enumeration works in dimension ``m`` and ``n``: fine up to 16 strategies each.
    A thin game (many strategies against few) has few support pairs; support enumeration
    solves them all at once. Beyond both, enumerating all equilibria can take hours, and
    ``auto`` refuses rather than appear to hang.
    """
    m, n = shape
    if max(m, n) <= AUTO_VERTEX_MAX:
        return "vertex"
    pairs = sum(math.comb(m, k) * math.comb(n, k) for k in range(1, min(m, n) + 1))
    if pairs <= AUTO_SUPPORT_PAIRS:
        return "support"
    raise InvalidInputError(
        f"game: a {m}x{n} game is too large for method='auto' ({pairs:.3g} support pairs, "
        f"and vertex enumeration in dimension {max(m, n)}); enumerating all its equilibria can "
        "take hours. Pass method='lemke_howson' for one equilibrium, or method='vertex' or "
        "'support' to run the enumeration anyway")


def _vertex(game: NormalFormGame, exact: bool, tol: float | None
            ) -> list[tuple[list[np.ndarray], tuple[Any, ...]]]:
    if exact:
        result, degenerate = exact_vertex_enumeration(game.exact_payoff_array())
    else:
        result, degenerate = vertex_enumeration(game, tol=tol)
    if degenerate:
        warnings.warn(
            "the game is degenerate: an extreme equilibrium leaves a pure best response "
            "unused (it is not quasi-strict), so equilibria can form continua or have "
            "supports of unequal size; the list holds every extreme equilibrium, and "
            "other equilibria are convex combinations of extreme equilibria in one "
            "maximal Nash subset", DegenerateGameWarning, stacklevel=3)
    if not result:  # pragma: no cover - defensive: every finite game has an equilibrium
        result = [lemke_howson(game, exact=exact)]
    return result


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
