"""The Shapley family of allocation rules: dividing the cooperative surplus (合作剩余) by contributions.

The Shapley value (夏普利值), Banzhaf value, weighted Shapley value, Owen
value, equal surplus division and modified Shapley value (修正Shapley值) are
linear (or affine) in the worths: they accept sympy expressions and return
closed forms; ``exact=True`` returns :class:`fractions.Fraction` shares for
rational worths. A cost game is divided directly (cost shares). The
compromise values (τ-value, Gately point) are in
:mod:`coinnovation.coalitional.compromise`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from .._util.rng import root_seed
from .._util.signs import sign
from .._util.subsets import check_table_memory, fold_sums, mobius, popcount, subset_sums
from .._util.symbolic import convert_array, require_numeric
from .._util.tolerance import TOL
from .._util.validation import check_bool
from ..errors import InvalidGameError, InvalidInputError
from ..games.coalitional import MAX_TABULATED_PLAYERS, CoalitionalGame
from ._common import alloc, check_game, core_report, finish, osum, player_vector, table
from ._shapley import check_sampling_args, shapley_exact
from ._shapley_mc import shapley_sampling_blocks
from .allocation import Allocation

__all__ = [
    "banzhaf_value",
    "equal_surplus_division",
    "modified_shapley_value",
    "owen_value",
    "shapley_value",
    "weighted_shapley_value",
]


def shapley_value(game: CoalitionalGame, *, method: str = "exact", exact: bool = False,
                  n_samples: int | None = None, rng: Any = None, confidence: float = 0.95,
                  precision: float | None = None, max_samples: int = 1_000_000,
                  batch_size: int | None = None, executor: Any = None,
                  chunk_size: int | None = None, progress: Any = None) -> Allocation:
    r"""The Shapley value (Shapley 1953): each player's average marginal contribution.

    .. math::
        \phi_i(v) = \sum_{S \subseteq N\setminus\{i\}}
                    \frac{|S|!\,(n-|S|-1)!}{n!}\,\bigl(v(S\cup\{i\}) - v(S)\bigr)

    Parameters
    ----------
    game : CoalitionalGame
    method : {"exact", "sampling"}
        ``"exact"``: O(2^n) vectorized arithmetic over the value table (n up
        to about 25 on a laptop; floats, ``exact=True`` Fractions, or sympy
        closed forms for symbolic games). ``"sampling"``: Monte-Carlo over
        random orders of the players (Castro, Gómez & Tejada 2009), for games
        too large to tabulate or given by :meth:`CoalitionalGame.from_function`.
    exact : bool
        Exact method: return :class:`fractions.Fraction` shares (rational worths).
    n_samples : int, optional
        Sampling: number of random orders (default 2000), unless ``precision`` is given.
    rng : None, int, numpy.random.SeedSequence or numpy.random.Generator
        Sampling: source of randomness. A seed gives bit-identical estimates with
        no executor and on any executor (threads, processes, dask), whatever the
        number of workers.
    confidence : float
        Sampling: level of the confidence intervals (default 0.95).
    precision : float, optional
        Sampling: stop as soon as every interval is at most ``±precision`` wide
        (checked after every batch, from 30 orders on).
    max_samples : int
        Sampling with ``precision``: give up after this many orders
        (:class:`~coinnovation.errors.ConvergenceError`).
    batch_size : int, optional
        Sampling: orders evaluated per vectorized batch.
    executor, chunk_size, progress : optional
        Sampling: the orders are always drawn in fixed blocks of ``batch_size``,
        block :math:`b` seeded by child :math:`b` of ``SeedSequence(rng)``, and
        the blocks run through :func:`coinnovation.sweep` (``chunk_size`` blocks
        per task) serially or on ``executor`` — threads, processes or a
        dask.distributed client — with its ``progress`` reporting. The estimate
        does not depend on the executor, the chunking or the number of
        workers. ``progress(done, total)`` counts blocks. A function game sent to a process pool must be
        picklable (dask pickles lambdas too).

    Returns
    -------
    Allocation
        Sampling results also carry ``standard_errors``, ``confidence_intervals``
        (shape ``(n, 2)``), ``confidence_level`` and ``n_samples``.

    Examples
    --------
    >>> import coinnovation as co
    >>> g = co.CoalitionalGame([0, 1, 2, 6], players=["firm", "university"])
    >>> co.shapley_value(g)
    Allocation(shapley: firm=2.5, university=3.5)
    >>> co.shapley_value(g, exact=True)["firm"]
    Fraction(5, 2)

    A symbolic game gives a closed form:

    >>> import sympy as sp
    >>> a, b = sp.symbols("a b")
    >>> co.shapley_value(co.CoalitionalGame([0, a, 0, b])).to_dict()
    {'player 0': a/2 + b/2, 'player 1': -a/2 + b/2}

    Sampling in seeded blocks on two threads (the same numbers with any
    number of workers) for a 300-firm cluster whose worth is the squared
    size of the coalition (夏普利值: 300 each, by symmetry):

    >>> from concurrent.futures import ThreadPoolExecutor
    >>> big = co.CoalitionalGame.from_function(lambda m: m.sum(axis=1) ** 2.0, 300)
    >>> with ThreadPoolExecutor(2) as ex:
    ...     est = co.shapley_value(big, method="sampling", n_samples=64, rng=1, executor=ex)
    >>> round(float(sum(est)), 6), bool(abs(est[0] - 300) < 5 * est.standard_errors[0] + 1e-9)
    (90000.0, True)
    """
    game = check_game(game, "shapley_value")
    exact = check_bool(exact, "exact")
    if method == "exact":
        if executor is not None or chunk_size is not None:
            raise InvalidInputError("executor, chunk_size: only method='sampling' runs in chunks "
                                    "on an executor; the exact value is one vectorized pass")
        _check_shapley_memory(game, exact)
        v, kind = table(game, exact)
        return alloc(game, shapley_exact(v, game.n_players), kind, "shapley")
    if method == "sampling":
        require_numeric(game.free_symbols, "shapley_value(method='sampling')")
        if exact:
            raise InvalidInputError("exact: sampling estimates are floats; use method='exact'")
        if n_samples is not None and precision is not None:
            raise InvalidInputError("n_samples, precision: give one of them (a fixed number of "
                                    "orders, or a target precision)")
        if n_samples is None and precision is None:
            n_samples = 2000
        check_sampling_args(n_samples, confidence, precision, max_samples)
        if batch_size is not None and (isinstance(batch_size, bool)
                                       or not isinstance(batch_size, int) or batch_size < 1):
            raise InvalidInputError(f"batch_size: expected a positive integer, got {batch_size!r}")
        # always in seeded blocks, so that no executor, threads, processes and dask give the
        # same numbers for the same seed
        mean, se, ci, m = shapley_sampling_blocks(
            game, n_samples=n_samples, root=root_seed(rng), confidence=float(confidence),
            precision=precision, max_samples=max_samples, block_size=batch_size,
            executor=executor, chunk_size=chunk_size, progress=progress)
        return Allocation(mean, game.players, "shapley", cost=game.is_cost,
                          standard_errors=se, confidence_intervals=ci,
                          confidence_level=float(confidence), n_samples=m)
    raise InvalidInputError(f"method: expected 'exact' or 'sampling', got {method!r}")


SHAPLEY_FLOAT_BYTES = 25
"""Bytes per coalition of the exact float Shapley value: a weighted table, sizes, fold temporaries."""

SHAPLEY_OBJECT_BYTES = 400
"""Bytes per coalition of the exact value in Fractions or sympy (objects and their pointers)."""


def _check_shapley_memory(game: CoalitionalGame, exact: bool) -> None:
    """Raise before allocating when the exact value's tables would not fit in memory."""
    if not 20 <= game.n_players <= MAX_TABULATED_PLAYERS:
        return  # small tables always fit; larger ones are refused by the table itself
    per = SHAPLEY_OBJECT_BYTES if (exact or game.is_symbolic) else SHAPLEY_FLOAT_BYTES
    if not game.is_tabulated:
        per += 8
    check_table_memory(game.n_players, per, "the exact Shapley value")


def banzhaf_value(game: CoalitionalGame, *, normalized: bool = False,
                  exact: bool = False) -> Allocation:
    r"""The Banzhaf value (Banzhaf 1965; Owen 1975).

    Raw: :math:`\beta_i = 2^{1-n}\sum_{S\subseteq N\setminus\{i\}} (v(S\cup\{i\}) - v(S))`,
    each player's marginal contribution averaged over all coalitions of the
    others. It need not sum to ``v(N)``. ``normalized=True`` rescales it to sum
    to ``v(N)``: :math:`\beta_i\,v(N)/\sum_j\beta_j` (for a simple game with
    ``v(N) = 1``, the normalized Banzhaf index).

    Examples
    --------
    >>> import coinnovation as co
    >>> g = co.weighted_voting(3, [2, 1, 1])
    >>> co.banzhaf_value(g, exact=True).to_dict()
    {'player 0': Fraction(3, 4), 'player 1': Fraction(1, 4), 'player 2': Fraction(1, 4)}
    >>> co.banzhaf_value(g, normalized=True, exact=True).to_dict()
    {'player 0': Fraction(3, 5), 'player 1': Fraction(1, 5), 'player 2': Fraction(1, 5)}
    """
    game = check_game(game, "banzhaf_value")
    normalized = check_bool(normalized, "normalized")
    v, kind = table(game, check_bool(exact, "exact"))
    n = game.n_players
    beta = []
    scale: Any = Fraction(1, 2 ** (n - 1)) if kind != "float" else 2.0 ** (1 - n)
    for i in range(n):
        view = v.reshape(-1, 2, 1 << i)
        diff = view[:, 1, :] - view[:, 0, :]
        s = diff.sum() if kind == "float" else osum(diff.ravel())
        beta.append(s * scale)
    if not normalized:
        return alloc(game, np.array([*beta, None], dtype=object)[:-1] if kind != "float"
                      else np.array(beta), kind, "banzhaf")
    total = osum(beta) if kind != "float" else float(np.sum(beta))
    vn = v[-1]
    if kind == "float":
        if abs(total) <= TOL * max(1.0, float(np.max(np.abs(v)))):
            raise InvalidGameError("normalized: the raw Banzhaf values sum to 0; they cannot be "
                                   "rescaled to v(N)")
        out = np.array(beta) * (vn / total)
    else:
        if (sp.simplify(total) == 0) if kind == "symbolic" else total == 0:
            raise InvalidGameError("normalized: the raw Banzhaf values sum to 0; they cannot be "
                                   "rescaled to v(N)")
        out = np.array([b * vn / total for b in beta] + [None], dtype=object)[:-1]
    return alloc(game, out, kind, "banzhaf", info={"normalized": True})


def _dividends(v: np.ndarray, n: int) -> np.ndarray:
    return mobius(v.copy(), n)


def weighted_shapley_value(game: CoalitionalGame, weights: Sequence[Any], *,
                           exact: bool = False) -> Allocation:
    r"""The weighted Shapley value of Kalai & Samet (1987) with positive weights.

    Each Harsanyi dividend :math:`d(T)` is split among the members of ``T`` in
    proportion to their weights:
    :math:`\phi^\lambda_i = \sum_{T\ni i} \frac{\lambda_i}{\lambda(T)}\,d(T)`.
    Equal weights give the Shapley value. Weights model asymmetries the game
    does not show - bargaining strength, size, or the "weight" of a partner in
    the alliance (Shapley 1953b; Kalai & Samet 1987).

    Parameters
    ----------
    weights : sequence
        One positive weight per player (numbers or sympy expressions), or a
        mapping ``{player: weight}``.

    Examples
    --------
    >>> import coinnovation as co
    >>> g = co.unanimity(["gov", "firm"], ["gov", "firm"])
    >>> co.weighted_shapley_value(g, [1, 3], exact=True).to_dict()
    {'gov': Fraction(1, 4), 'firm': Fraction(3, 4)}
    """
    game = check_game(game, "weighted_shapley_value")
    v, kind = table(game, check_bool(exact, "exact"))
    n = game.n_players
    lam = player_vector(game, weights, "weights")
    if lam.numeric is not None:
        if np.any(lam.numeric <= 0):
            raise InvalidInputError(f"weights: must be positive, got {lam.numeric.tolist()}")
    if lam.is_symbolic or kind != "float":
        if lam.is_symbolic and kind == "float":
            kind = "symbolic"
            v = game.symbolic_values()
        lw = lam.symbolic if (lam.is_symbolic or kind == "symbolic") else lam.exact()
        d = _dividends(v.astype(object) if v.dtype != object else v, n)
        lt = subset_sums(lw, n, dtype=object)
        lt[0] = 1
        share = fold_sums(d / lt, n, inplace=True)
        out = np.array([lw[i] * share[i] for i in range(n)] + [None], dtype=object)[:-1]
        return alloc(game, out, kind, "weighted_shapley")
    assert lam.numeric is not None
    d = _dividends(v, n)
    lt = subset_sums(lam.numeric, n)
    lt[0] = 1.0
    d /= lt
    return alloc(game, lam.numeric * fold_sums(d, n, inplace=True), kind, "weighted_shapley")


def _unions_masks(game: CoalitionalGame, unions: Any) -> list[int]:
    if isinstance(unions, (str, bytes)) or not isinstance(unions, Sequence):
        raise InvalidInputError("unions: expected a sequence of groups of players (a partition "
                                "of the players)")
    masks = []
    seen = 0
    for k, grp in enumerate(unions):
        m = game.coalition_mask(grp)
        if m == 0:
            raise InvalidInputError(f"unions: group {k} is empty")
        if m & seen:
            dup = game.coalition(m & seen)
            raise InvalidInputError(f"unions: players {sorted(dup)} are in more than one group")
        seen |= m
        masks.append(m)
    full = (1 << game.n_players) - 1
    if seen != full:
        raise InvalidInputError(f"unions: players {sorted(game.coalition(full & ~seen))} are in "
                                "no group; the unions must partition the players")
    return masks


def owen_value(game: CoalitionalGame, unions: Sequence[Sequence[Any]], *,
               exact: bool = False) -> Allocation:
    r"""The Owen value (Owen 1977): the Shapley value with a-priori unions.

    The players are partitioned into unions (e.g. the government, industry and
    academia blocs); orders of the players keep each union together, the
    unions in random order and the members of each union in random order.
    Equivalently each Harsanyi dividend :math:`d(T)` is split equally among
    the unions that meet ``T`` and, within a union, equally among its members
    in ``T``:

    .. math::
        \phi^{Ow}_i = \sum_{T \ni i} \frac{d(T)}{u(T)\,|T \cap P_{k(i)}|}

    where :math:`u(T)` is the number of unions meeting ``T``. With one union,
    or with singleton unions, it is the Shapley value.

    Parameters
    ----------
    unions : sequence of sequences
        A partition of the players (names or indices).

    Examples
    --------
    >>> import coinnovation as co
    >>> g = co.glove(1, 2)
    >>> co.owen_value(g, [["L1"], ["R1", "R2"]], exact=True).to_dict()
    {'L1': Fraction(1, 2), 'R1': Fraction(1, 4), 'R2': Fraction(1, 4)}
    """
    game = check_game(game, "owen_value")
    v, kind = table(game, check_bool(exact, "exact"))
    n = game.n_players
    umasks = _unions_masks(game, unions)
    d = _dividends(v, n)
    ar = np.arange(1 << n, dtype=np.int64)
    pc = popcount(n)
    touched = np.zeros(1 << n, dtype=np.int64)
    for m in umasks:
        touched += (ar & m) != 0
    out: list[Any] = [None] * n
    for m in umasks:
        inside = pc[ar & m].astype(np.int64)
        denom = touched * inside
        if kind == "float":
            e = np.where(denom > 0, d / np.maximum(denom, 1), 0.0)
        else:
            e = np.array([(dv / int(q) if q else 0) for dv, q in
                          zip(d.tolist(), denom.tolist(), strict=True)] + [None],
                         dtype=object)[:-1]
            if kind == "exact":
                e = np.array([Fraction(x) for x in e.tolist()] + [None], dtype=object)[:-1]
        sums = fold_sums(e, n, inplace=True)
        for i in range(n):
            if m >> i & 1:
                out[i] = sums[i]
    arr = np.array(out, dtype=float) if kind == "float" else np.array([*out, None],
                                                                        dtype=object)[:-1]
    return alloc(game, arr, kind, "owen",
                  info={"unions": tuple(game.coalition(m) for m in umasks)})


def equal_surplus_division(game: CoalitionalGame, *, exact: bool = False) -> Allocation:
    r"""Equal surplus division: stand-alone worths plus an equal share of the surplus.

    :math:`x_i = v(\{i\}) + \frac{1}{n}\bigl(v(N) - \sum_j v(\{j\})\bigr)`.

    Everyone keeps its stand-alone worth and the cooperative surplus (合作剩余)
    of the grand coalition is shared equally (Driessen & Funaki 1991). For a
    cost game: stand-alone costs plus an equal share of the (negative) saving.

    Examples
    --------
    >>> import coinnovation as co
    >>> co.equal_surplus_division(co.CoalitionalGame([0, 1, 2, 6]), exact=True).to_dict()
    {'player 0': Fraction(5, 2), 'player 1': Fraction(7, 2)}
    """
    game = check_game(game, "equal_surplus_division")
    v, kind = table(game, check_bool(exact, "exact"))
    n = game.n_players
    single = [v[1 << i] for i in range(n)]
    surplus = v[-1] - osum(single)
    share: Any = surplus / n if kind == "float" else surplus * Fraction(1, n)
    out = [s + share for s in single]
    return alloc(game, np.array(out) if kind == "float" else np.array([*out, None],
                                                                         dtype=object)[:-1],
                  kind, "equal_surplus_division")


def _factor_weights(game: CoalitionalGame, factor_weights: Any, factor_importance: Any, exact: bool
                    ) -> tuple[np.ndarray, bool, dict[str, Any]]:
    """Combine the factor weights into one weight per player (sums to 1).

    Floats for numeric games, Fractions with ``exact`` (computed from the given
    numbers exactly, never through floats), sympy expressions for symbolic weights.
    """
    names, cols = _factor_columns(game, factor_weights)
    m = len(cols)
    symbolic = any(c.is_symbolic for c in cols)
    imp = _factor_importance(factor_importance, names, m)
    symbolic = symbolic or (imp is not None and imp.is_symbolic)
    kind = "symbolic" if symbolic else ("exact" if exact else "float")

    def values(c: Any) -> list[Any]:
        if kind == "symbolic":
            return list(c.symbolic.tolist())
        if kind == "float":
            return list(c.numeric)
        if c.has_exact_source:
            return list(c.exact().tolist())
        # floats read as the decimals they print as: 0.1 is 1/10, 1e-13 is 1/10**13
        return [Fraction(repr(float(x))) for x in c.numeric]

    imp_vals: list[Any] = [1] if imp is None else values(imp)
    if imp is not None:
        _check_sums_to_one(imp_vals, "factor_importance", symbolic)
    for j, c in enumerate(cols):
        label = f"factor {names[j]!r}" if names else ("factor_weights" if m == 1 else
                                                       f"factor_weights[:, {j}]")
        _check_sums_to_one(values(c), label, symbolic)
        if not symbolic and np.any(c.numeric < -TOL):
            raise InvalidInputError(f"{label}: weights must be non-negative, got {values(c)}")
        if symbolic and any(sign(v) == "-" for v in values(c)):
            raise InvalidInputError(f"{label}: weights must be non-negative; "
                                    f"{[v for v in values(c) if sign(v) == '-']} is negative "
                                    f"by the symbols' assumptions")
    if kind == "float":
        wt = np.column_stack([c.numeric for c in cols]) @ np.asarray(imp_vals, dtype=float)
    else:
        zero = sp.Integer(0) if symbolic else Fraction(0)
        w = [sum((imp_vals[j] * values(cols[j])[i] for j in range(m)), zero)
             for i in range(game.n_players)]
        wt = np.array([*(sp.expand(x) if symbolic else x for x in w), None], dtype=object)[:-1]
    return wt, symbolic, ({"factors": tuple(names)} if names else {})


def _factor_columns(game: CoalitionalGame, factor_weights: Any) -> tuple[list[str] | None, list[Any]]:
    """The factors' names (when given as a mapping) and one weight column per factor."""
    n = game.n_players
    if isinstance(factor_weights, Mapping) and factor_weights and all(
            isinstance(k, str) and k not in game.players for k in factor_weights):
        names = list(factor_weights)
        return names, [player_vector(game, factor_weights[k], f"factor_weights[{k!r}]") for k in names]
    if isinstance(factor_weights, Mapping):
        return None, [player_vector(game, factor_weights, "factor_weights")]
    arr = np.asarray(factor_weights, dtype=object)
    if arr.ndim == 2:
        if arr.shape[0] != n:
            raise InvalidInputError(
                f"factor_weights: a matrix needs one row per player ({n}), with one "
                f"column per factor; got shape {arr.shape}")
        return None, [player_vector(game, list(arr[:, j]), f"factor_weights[:, {j}]")
                      for j in range(arr.shape[1])]
    if arr.ndim == 1:
        return None, [player_vector(game, factor_weights, "factor_weights")]
    raise InvalidInputError("factor_weights: expected one weight per player, a "
                            "(players x factors) matrix, or {factor: weights}")


def _factor_importance(factor_importance: Any, names: list[str] | None, m: int) -> Any:
    """The factors' importance weights as a converted array (None for a single factor)."""
    if factor_importance is None:
        if m > 1:
            raise InvalidInputError(f"factor_importance: {m} factors given; pass their "
                                    "importance weights (summing to 1)")
        return None
    if isinstance(factor_importance, Mapping):
        if names is None:
            raise InvalidInputError("factor_importance: a mapping needs factor_weights "
                                    "given as {factor: weights}")
        if set(factor_importance) != set(names):
            raise InvalidInputError(f"factor_importance: keys must be the factors "
                                    f"{names}, got {list(factor_importance)}")
        factor_importance = [factor_importance[k] for k in names]
    imp = convert_array(factor_importance, name="factor_importance", ndim=1)
    if imp.shape[0] != m:
        raise InvalidInputError(f"factor_importance: expected {m} weights (one per factor), "
                                f"got {imp.shape[0]}")
    return imp


def _check_sums_to_one(vals: list[Any], label: str, symbolic: bool) -> None:
    total = sum(vals, start=0)
    if symbolic:
        if sp.simplify(sp.sympify(total) - 1) != 0:
            raise InvalidInputError(f"{label}: weights must sum to 1, they sum to {total}")
    elif abs(float(total) - 1.0) > TOL:
        raise InvalidInputError(f"{label}: weights must sum to 1, they sum to {float(total):.12g}")


def modified_shapley_value(game: CoalitionalGame, factor_weights: Any, *,
                           factor_importance: Any = None, exact: bool = False) -> Allocation:
    r"""The modified Shapley value (修正Shapley值) of the 产学研 literature.

    The Shapley value rewards marginal contributions only; partners that bear
    more risk, invest more or make more effort are compensated by shifting
    ``v(N)`` towards them:

    .. math::
        x_i = \phi_i(v) + \Bigl(w_i - \frac{1}{n}\Bigr)\,v(N),\qquad \sum_i w_i = 1,

    where :math:`w_i` is player ``i``'s combined factor weight. Several
    factors (risk, investment, effort, ...) are combined as
    :math:`w_i = \sum_k \omega_k\, f_{ik}` with each factor's distribution
    :math:`f_{\cdot k}` over the players summing to 1 and the factors'
    importance weights :math:`\omega` summing to 1 (e.g. from AHP). The
    adjustments :math:`(w_i - 1/n)v(N)` sum to zero, so ``x`` is efficient;
    but it may leave the core or even give a player less than it earns alone
    - the result reports both.

    Parameters
    ----------
    factor_weights : sequence, matrix or mapping
        One weight per player (summing to 1); or a ``(players × factors)``
        matrix whose columns each sum to 1; or ``{factor name: weights per
        player}``. Numbers or sympy expressions.
    factor_importance : sequence or mapping, optional
        Importance of each factor (summing to 1). Needed with several factors.
    exact : bool
        Fractions for rational inputs.

    Returns
    -------
    Allocation
        With ``individually_rational`` (``x_i >= v({i})`` for all ``i``; for
        a cost game ``x_i <= c({i})``) and ``in_core``. For a symbolic game
        they are decided from the symbols' assumptions where possible, else
        ``None``, and ``core_conditions`` lists the inequalities (in the
        symbols) that make ``x`` lie in the core. ``info["weights"]`` holds
        the combined weights, ``info["adjustment"]`` the shifts from the
        Shapley value.

    Examples
    --------
    >>> import coinnovation as co
    >>> g = co.CoalitionalGame([0, 1, 2, 6], players=["firm", "university"])
    >>> m = co.modified_shapley_value(g, [0.75, 0.25])
    >>> m.to_dict(), m.individually_rational, m.in_core
    ({'firm': 4.0, 'university': 2.0}, True, True)
    >>> co.modified_shapley_value(g, [0.9, 0.1]).in_core   # the university gets less than alone
    False
    """
    game = check_game(game, "modified_shapley_value")
    exact = check_bool(exact, "exact")
    w, sym_w, info = _factor_weights(game, factor_weights, factor_importance,
                                     exact and not game.is_symbolic)
    kind_game = "symbolic" if game.is_symbolic else ("exact" if exact else "float")
    symbolic = sym_w or game.is_symbolic
    n = game.n_players
    if symbolic:
        v = game.symbolic_values()
        phi = shapley_exact(v, n)
        vn = v[-1]
        adj = np.array([(sp.sympify(w[i]) - sp.Rational(1, n)) * vn for i in range(n)]
                       + [None], dtype=object)[:-1]
        x = finish(phi + adj, "symbolic")
        kind = "symbolic"
    elif kind_game == "exact":
        v = game.exact_values()
        phi = shapley_exact(v, n)
        adj = np.array([(w[i] - Fraction(1, n)) * v[-1] for i in range(n)] + [None],
                       dtype=object)[:-1]
        x = finish(phi + adj, "exact")
        kind = "exact"
    else:
        v = np.asarray(game.values, dtype=float)
        phi = shapley_exact(v, n)
        adj = (np.asarray(w, dtype=float) - 1.0 / n) * v[-1]
        x = phi + adj
        kind = "float"
    info.update(weights=w, adjustment=finish(adj, kind))
    ir, core, conds = core_report(game, x)
    return Allocation(finish(x, kind), game.players, "modified_shapley", cost=game.is_cost,
                      individually_rational=ir, in_core=core, core_conditions=conds, info=info)
