"""Classic families of TU games, built vectorized for every coalition.

Each constructor returns a :class:`~coinnovation.CoalitionalGame`; they are
re-exported at the top level (``co.bankruptcy``...) and as ``co.families``.

Sources
-------
- Bankruptcy games: O'Neill (1982) "A problem of rights arbitration from the
  Talmud", Math. Soc. Sci. 2:345-371; Aumann & Maschler (1985) "Game
  theoretic analysis of a bankruptcy problem from the Talmud", J. Econ.
  Theory 36:195-213.
- Airport games: Littlechild & Owen (1973) "A simple expression for the
  Shapley value in a special case", Management Science 20:370-372;
  Littlechild & Thompson (1977) "Aircraft landing fees: a game theory
  approach", Bell J. Econ. 8:186-204.
- Glove games: Shapley & Shubik (1969) "On market games", J. Econ. Theory
  1:9-25; Maschler, Solan & Zamir (2013) *Game Theory*, ch. 17.
- Weighted voting games: Shapley & Shubik (1954) "A method for evaluating the
  distribution of power in a committee system", APSR 48:787-792; the UN
  Security Council example is in Owen (1995) *Game Theory*, 3rd ed., §X.3.
- Unanimity games: Shapley (1953) "A value for n-person games", Contributions
  to the Theory of Games II, 307-317 (the basis of TU games).
- Symmetric (quota / majority) games: von Neumann & Morgenstern (1944)
  *Theory of Games and Economic Behavior*, §§ 52-54.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from .._util.naming import check_labels
from .._util.subsets import popcount, subset_sums
from .._util.symbolic import convert_array
from ..coalitional.allocation import Allocation
from ..errors import InvalidInputError
from .coalitional import CoalitionalGame

__all__ = [
    "airport",
    "bankruptcy",
    "constrained_equal_awards",
    "glove",
    "symmetric",
    "symmetric_quota",
    "talmud_rule",
    "un_security_council",
    "unanimity",
    "weighted_voting",
]

_MAX_FAMILY_PLAYERS = 30


def _numbers(data: Any, name: str) -> tuple[np.ndarray, bool]:
    """Validated 1-D numeric data: (values, exact) where exact means rational objects kept."""
    conv = convert_array(data, name=name, ndim=1)
    if conv.is_symbolic:
        raise InvalidInputError(f"{name}: expected numbers, got the symbols "
                                f"{sorted(map(str, conv.free_symbols))}")
    if conv._symbolic is not None and any(not e.is_Integer for e in conv.symbolic.tolist()):
        if all(e.is_Rational for e in conv.symbolic.tolist()):
            return conv.exact(), True
    assert conv.numeric is not None
    return conv.numeric, False


def _size_check(n: int, name: str) -> None:
    if n < 1:
        raise InvalidInputError(f"{name}: a game needs at least one player")
    if n > _MAX_FAMILY_PLAYERS:
        raise InvalidInputError(f"{name}: {n} players is more than the {_MAX_FAMILY_PLAYERS} "
                                "whose table of 2**n worths fits in memory; use "
                                "CoalitionalGame.from_function")


def bankruptcy(estate: Any, claims: Sequence[Any], *,
               players: Sequence[str] | None = None) -> CoalitionalGame:
    r"""The bankruptcy game of an estate and claims (O'Neill 1982).

    .. math:: v(S) = \max\Bigl(0,\; E - \sum_{j \notin S} d_j\Bigr)

    what a coalition is sure to get after everyone else's claims are paid in
    full. Aumann & Maschler (1985) showed that its nucleolus is the Talmud rule
    (:func:`talmud_rule`). Requires :math:`0 \le E \le \sum_j d_j` and
    non-negative claims. Rational inputs (int, Fraction) are kept exactly.

    Examples
    --------
    >>> import coinnovation as co
    >>> g = co.bankruptcy(300, [100, 200, 300])
    >>> g.value([1, 2]), g.value([0])
    (200.0, 0.0)
    """
    d, exact = _numbers(claims, "claims")
    e_arr, e_exact = _numbers([estate], "estate")
    n = len(d)
    _size_check(n, "claims")
    e = e_arr[0]
    if any(c < 0 for c in d):
        raise InvalidInputError(f"claims: must be non-negative, got {list(map(float, d))}")
    total = sum(d, start=Fraction(0) if exact else 0.0)
    if e < 0 or e > total:
        raise InvalidInputError(f"estate: must lie between 0 and the sum of the claims "
                                f"({float(total):g}), got {float(e):g}")
    full = (1 << n) - 1
    if exact or e_exact:
        dd = [Fraction(x) for x in d]
        ee = Fraction(e)
        sums = subset_sums(np.array([*dd, None], dtype=object)[:-1], n, dtype=object)
        tot = sum(dd, start=Fraction(0))
        vals = [max(Fraction(0), ee - (tot - sums[m])) for m in range(full + 1)]
        vals[0] = Fraction(0)
        return CoalitionalGame(np.array([*vals, None], dtype=object)[:-1], players=players)
    sums = subset_sums(d, n)
    vals = np.maximum(0.0, e - (float(total) - sums))
    vals[0] = 0.0
    return CoalitionalGame(vals, players=players)


def constrained_equal_awards(estate: Any, claims: Sequence[Any]) -> list[Fraction]:
    r"""The constrained equal awards rule: :math:`x_i = \min(d_i, \lambda)` with :math:`\sum x = E`.

    Exact rationals (inputs are converted with :class:`fractions.Fraction`).
    """
    d = [Fraction(c) for c in claims]
    e = Fraction(estate)
    if e < 0 or e > sum(d, start=Fraction(0)):
        raise InvalidInputError("estate: must lie between 0 and the sum of the claims")
    order = sorted(range(len(d)), key=lambda i: d[i])
    left = e
    out = [Fraction(0)] * len(d)
    for k, i in enumerate(order):
        share = left / (len(d) - k)
        if d[i] <= share:
            out[i] = d[i]
            left -= d[i]
        else:
            for j in order[k:]:
                out[j] = share
            break
    return out


def talmud_rule(estate: Any, claims: Sequence[Any], *,
                players: Sequence[str] | None = None) -> Allocation:
    r"""The Talmud rule (Aumann & Maschler 1985), exactly, as an :class:`Allocation`.

    With :math:`D = \sum d_i`: if :math:`E \le D/2`, constrained equal awards
    on the half-claims; otherwise every claimant gets half its claim and the
    rest, :math:`E - D/2`, is shared so that the *losses* are as equal as
    possible: :math:`x_i = d_i - \min(d_i/2, \mu)`. It is the nucleolus of
    :func:`bankruptcy` (Aumann & Maschler 1985). The shares are exact
    :class:`fractions.Fraction` values (floats are taken at their exact binary
    value); ``players`` names the claimants as in :func:`bankruptcy`.

    Examples
    --------
    >>> import coinnovation as co
    >>> [str(x) for x in co.talmud_rule(100, [100, 200, 300])]
    ['100/3', '100/3', '100/3']
    >>> a = co.talmud_rule(300, [100, 200, 300], players=["A", "B", "C"])
    >>> a.rule, str(a["C"])
    ('talmud', '150')
    """
    d_arr, _ = _numbers(claims, "claims")
    e_arr, _ = _numbers([estate], "estate")
    n = len(d_arr)
    _size_check(n, "claims")
    names = check_labels(players, n, name="players", noun="player names") \
        if players is not None else tuple(f"player {i}" for i in range(n))
    d = [Fraction(c) for c in d_arr.tolist()]
    if any(c < 0 for c in d):
        raise InvalidInputError(f"claims: must be non-negative, got {[float(c) for c in d]}")
    e = Fraction(e_arr.tolist()[0])
    total = sum(d, start=Fraction(0))
    half = [c / 2 for c in d]
    if e <= total / 2:
        shares = constrained_equal_awards(e, half)
    else:
        losses = constrained_equal_awards(total - e, half)
        shares = [d[i] - losses[i] for i in range(n)]
    values = np.empty(n, dtype=object)
    values[:] = shares
    return Allocation(values, names, "talmud")


def airport(costs: Sequence[Any], *, players: Sequence[str] | None = None) -> CoalitionalGame:
    r"""The airport cost game (Littlechild & Owen 1973): :math:`c(S) = \max_{i \in S} c_i`.

    Player ``i`` needs a runway (or shared facility) of cost :math:`c_i`; a
    coalition pays for the longest runway its members need. A **cost game**:
    allocations divide the cost. Its Shapley value is the sequential equal
    sharing of the cost segments: with costs sorted
    :math:`c_{(1)} \le \dots \le c_{(n)}`, every user of segment ``k`` (the
    players needing at least :math:`c_{(k)}`) pays an equal part of
    :math:`c_{(k)} - c_{(k-1)}`.

    Examples
    --------
    >>> import coinnovation as co
    >>> co.shapley_value(co.airport([1, 2, 4]), exact=True).to_dict()
    {'player 0': Fraction(1, 3), 'player 1': Fraction(5, 6), 'player 2': Fraction(17, 6)}
    """
    c, exact = _numbers(costs, "costs")
    n = len(c)
    _size_check(n, "costs")
    if any(x < 0 for x in c):
        raise InvalidInputError(f"costs: must be non-negative, got {list(map(float, c))}")
    if exact:
        vals: list[Any] = [Fraction(0)]
        for i in range(n):
            vals += [max(v, c[i]) if k else c[i] for k, v in enumerate(vals)]
        return CoalitionalGame(np.array([*vals, None], dtype=object)[:-1], players=players,
                               cost=True)
    table = np.zeros(1 << n)
    for i in range(n):
        half = 1 << i
        np.maximum(table[:half], c[i], out=table[half:2 * half])
    return CoalitionalGame(table, players=players, cost=True)


def glove(left: int, right: int) -> CoalitionalGame:
    r"""The glove game (Shapley & Shubik 1969): :math:`v(S) = \min(|S \cap L|, |S \cap R|)`.

    ``left`` players ``L1, L2, ...`` each own a left glove, ``right`` players
    ``R1, ...`` a right glove; a pair is worth 1. With more right gloves than
    left ones the core gives everything to the scarce side.

    Examples
    --------
    >>> import coinnovation as co
    >>> co.shapley_value(co.glove(1, 2), exact=True).to_dict()
    {'L1': Fraction(2, 3), 'R1': Fraction(1, 6), 'R2': Fraction(1, 6)}
    """
    for name, k in (("left", left), ("right", right)):
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 0:
            raise InvalidInputError(f"{name}: expected a non-negative number of players, got {k!r}")
    n = int(left) + int(right)
    _size_check(n, "left + right")
    names = [f"L{i + 1}" for i in range(left)] + [f"R{i + 1}" for i in range(right)]
    is_left = np.array([1] * left + [0] * right, dtype=np.int64)
    nl = subset_sums(is_left, n, dtype=np.int64)
    nr = popcount(n).astype(np.int64) - nl
    return CoalitionalGame(np.minimum(nl, nr).astype(float), players=names)


def weighted_voting(quota: Any, weights: Sequence[Any], *,
                    players: Sequence[str] | None = None) -> CoalitionalGame:
    r"""The weighted voting game :math:`[q; w_1, \dots, w_n]` (Shapley & Shubik 1954).

    :math:`v(S) = 1` when :math:`\sum_{i\in S} w_i \ge q`, else 0. Its Shapley
    value is the Shapley–Shubik power index, its normalized Banzhaf value the
    Banzhaf index. Requires positive quota, non-negative weights.

    Examples
    --------
    >>> import coinnovation as co
    >>> co.shapley_value(co.weighted_voting(3, [2, 1, 1]), exact=True).to_dict()
    {'player 0': Fraction(2, 3), 'player 1': Fraction(1, 6), 'player 2': Fraction(1, 6)}
    """
    w, exact = _numbers(weights, "weights")
    q, _ = _numbers([quota], "quota")
    n = len(w)
    _size_check(n, "weights")
    if any(x < 0 for x in w):
        raise InvalidInputError(f"weights: must be non-negative, got {list(map(float, w))}")
    if not q[0] > 0:
        raise InvalidInputError(f"quota: must be positive, got {float(q[0]):g}")
    if exact or not float(q[0]).is_integer() or not all(float(x).is_integer() for x in w):
        # compare exactly: scale rationals to integers
        fw = [Fraction(x) for x in w]
        fq = Fraction(q[0])
        den = math.lcm(*(f.denominator for f in [*fw, fq]))
        ints = [int(f * den) for f in fw]
        qi = int(fq * den)
    else:
        ints = [int(x) for x in w]
        qi = int(q[0])
    # int64 sums when they fit; Python integers (exact, slower) for huge denominators
    kind: Any = np.int64 if sum(ints) < 2**62 else object
    wi = np.array(ints, dtype=kind)
    sums = subset_sums(wi, n, dtype=kind)
    return CoalitionalGame((sums >= qi).astype(float), players=players)


def un_security_council() -> CoalitionalGame:
    """The UN Security Council as a weighted voting game [39; 7×5, 1×10].

    A resolution needs nine votes including all five permanent members (veto
    power): weights 7 for China, France, Russia, the UK and the USA, 1 for each
    of the ten elected members, quota 39 (Owen 1995, §X.3). The Shapley–Shubik
    power of a permanent member is 421/2145 ≈ 0.19627 and of an elected member
    4/2145 ≈ 0.001865.
    """
    names = ["China", "France", "Russia", "UK", "USA"] + [f"E{i}" for i in range(1, 11)]
    return weighted_voting(39, [7] * 5 + [1] * 10, players=names)


def unanimity(players: int | Sequence[str], coalition: Sequence[Any], *,
              worth: Any = 1) -> CoalitionalGame:
    r"""The unanimity game of ``T``: :math:`u_T(S) = c` if :math:`T \subseteq S`, else 0.

    Every TU game is a unique linear combination of unanimity games (with the
    Harsanyi dividends as coefficients; Shapley 1953).

    Parameters
    ----------
    players : int or sequence of str
        Number of players, or their names.
    coalition : sequence
        The carrier ``T`` (names or indices, non-empty).
    worth : number or sympy expression
        ``c`` (default 1).

    Examples
    --------
    >>> import coinnovation as co
    >>> co.shapley_value(co.unanimity(3, [0, 2])).to_dict()
    {'player 0': 0.5, 'player 1': 0.0, 'player 2': 0.5}
    """
    if isinstance(players, (int, np.integer)) and not isinstance(players, bool):
        n = int(players)
        names = None
    else:
        if isinstance(players, str):
            raise InvalidInputError("players: expected a number of players or a list of names")
        names = list(players)
        n = len(names)
    _size_check(n, "players")
    probe = CoalitionalGame(np.zeros(1 << n), players=names)
    t = probe.coalition_mask(coalition)
    if t == 0:
        raise InvalidInputError("coalition: the carrier of a unanimity game must be non-empty")
    ar = np.arange(1 << n, dtype=np.int64)
    hit = (ar & t) == t
    conv = convert_array([worth], name="worth", ndim=1)
    if conv.numeric is not None and conv._symbolic is None:
        return CoalitionalGame(np.where(hit, float(conv.numeric[0]), 0.0), players=names)
    c = conv.symbolic[0]
    vals = np.array([c if h else 0 for h in hit.tolist()] + [None], dtype=object)[:-1]
    return CoalitionalGame(vals, players=names)


def symmetric(worth_by_size: Sequence[Any], *,
              players: Sequence[str] | None = None) -> CoalitionalGame:
    r"""A symmetric game: :math:`v(S) = f(|S|)` from ``worth_by_size = [f(0)=0, f(1), ..., f(n)]``.

    Every player is interchangeable, so every symmetric allocation rule gives
    :math:`f(n)/n` to each.
    """
    conv = convert_array(worth_by_size, name="worth_by_size", ndim=1)
    n = conv.shape[0] - 1
    _size_check(n, "worth_by_size")
    pc = popcount(n)
    if conv.numeric is not None and conv._symbolic is None:
        return CoalitionalGame(conv.numeric[pc], players=players)
    f = conv.symbolic
    return CoalitionalGame(np.array([f[k] for k in pc.tolist()] + [None], dtype=object)[:-1],
                           players=players)


def symmetric_quota(n: int, quota: int, *, worth: Any = 1,
                    players: Sequence[str] | None = None) -> CoalitionalGame:
    r"""The symmetric quota (majority) game: :math:`v(S) = c` when :math:`|S| \ge q`, else 0.

    ``quota = n // 2 + 1`` is simple majority (von Neumann & Morgenstern
    1944). With ``2 q <= n`` two disjoint coalitions can both win; with
    ``q < n`` the core is empty.

    Examples
    --------
    >>> import coinnovation as co
    >>> co.symmetric_quota(3, 2).is_balanced
    False
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise InvalidInputError(f"n: expected a number of players, got {n!r}")
    if isinstance(quota, bool) or not isinstance(quota, (int, np.integer)) \
            or not 1 <= quota <= n:
        raise InvalidInputError(f"quota: expected an integer between 1 and n = {n}, got {quota!r}")
    sizes = [0] + [worth if k >= quota else 0 for k in range(1, n + 1)]
    return symmetric(sizes, players=players)
