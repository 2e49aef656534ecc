"""Closed forms for 2x2 and 2x2x2 games: the same answers as the general algorithms.

The general algorithms are the reference here: vertex enumeration in exact
arithmetic (``reference_nash``) for two players, support enumeration with
polynomial solving for three. Degenerate games must take the general path, with
the same warnings.
"""

from __future__ import annotations

import warnings
from fractions import Fraction as Fr

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import coinnovation as co
from coinnovation import strategies as cst
from coinnovation._util.tolerance import atol_for
from coinnovation.errors import DegenerateGameWarning
from coinnovation.noncooperative._polynomial import polynomial_support_enumeration
from coinnovation.noncooperative._small import (
    binary_equilibria,
    three_binary,
    two_by_two,
    two_by_two_batch,
)
from reference_nash import all_quasi_strict, extreme_equilibria


def solve(game: co.NormalFormGame, **kw: object) -> tuple[list[co.Equilibrium], bool]:
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always", DegenerateGameWarning)
        eqs = co.nash_equilibria(game, **kw)  # type: ignore[arg-type]
    return eqs, any(issubclass(w.category, DegenerateGameWarning) for w in rec)


def general_three(game: co.NormalFormGame) -> tuple[list[np.ndarray], bool]:
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always", DegenerateGameWarning)
        found = polynomial_support_enumeration(game)
    flat = [np.concatenate([np.asarray(s, dtype=float) for s in strat]) for strat, _ in found]
    return flat, any(issubclass(w.category, DegenerateGameWarning) for w in rec)


def flat(eqs: list[co.Equilibrium]) -> list[np.ndarray]:
    return [np.concatenate([np.asarray(s, dtype=float) for s in e.strategies]) for e in eqs]


def same_list(a: list[np.ndarray], b: list[np.ndarray], atol: float) -> bool:
    """Equal as multisets within ``atol``: a bijection pairing each profile with a close one.

    Not as ordered lists: two profiles tying in the first sort key within rounding may come
    out in either order from two algorithms.
    """
    if len(a) != len(b):
        return False
    free = list(range(len(b)))
    for x in a:
        hit = next((k for k in free if np.allclose(x, b[k], atol=atol)), None)
        if hit is None:
            return False
        free.remove(hit)
    return True


def certified(game: co.NormalFormGame, eqs: list[co.Equilibrium]) -> bool:
    atol = 10 * atol_for(game.payoff_array())
    return all(max(co.regrets(game, e.strategies)) <= atol for e in eqs)


# ------------------------------------------------------------------ 2x2
@given(cst.normal_form_games(shape=(2, 2), min_value=-4, max_value=4))
def test_two_by_two_equals_exact_vertex_enumeration(game: co.NormalFormGame) -> None:
    """Integer payoffs: ties (degenerate games) are common and must take the general path."""
    U = game.payoff_array()
    ref, _ = extreme_equilibria(U[0], U[1])
    for exact in (False, True):
        eqs, warned = solve(game, exact=exact)
        assert warned == (not all_quasi_strict(U[0], U[1], ref))
        got = {tuple(tuple(Fr(v).limit_denominator(1000) if not exact else v for v in s)
                     for s in e.strategies) for e in eqs}
        assert got == ref
        assert certified(game, eqs)
        if exact:
            assert all(r == 0 for e in eqs for r in co.regrets(game, e.strategies))


@given(cst.normal_form_games(shape=(2, 2), degenerate=False))
def test_two_by_two_generic_floats(game: co.NormalFormGame) -> None:
    U = game.payoff_array()
    ref, degenerate = extreme_equilibria(U[0], U[1])
    eqs, warned = solve(game)
    assert not warned and not degenerate
    assert len(eqs) in (1, 3)  # a nondegenerate game has an odd number
    exp = sorted((np.array([float(v) for s in p for v in s]) for p in ref),
                 key=lambda v: (-v[0], -v[2]))
    assert same_list(flat(eqs), exp, atol=atol_for(1.0) * 10)
    assert certified(game, eqs)
    for method in ("vertex", "support"):
        assert same_list(flat(solve(game, method=method)[0]), flat(eqs), atol=atol_for(1.0) * 10)


def test_two_by_two_respects_tol() -> None:
    """A gap of 1e-6 is a tie at tol=1e-5: the closed form then leaves the game to the general path."""
    game = co.NormalFormGame([[[1.0, 0.0], [1.0 - 1e-6, 1.0]], [[1.0, 0.0], [0.0, 1.0]]])
    u = game.payoff_array()
    assert two_by_two(u, co.TOL)[0] is not None
    assert two_by_two(u, 1e-5)[0] is None
    eqs, warned = solve(game)
    assert not warned and len(eqs) == 3 and certified(game, eqs)
    assert certified(game, solve(game, tol=1e-5)[0])


# ------------------------------------------------------------------ 2x2x2
@given(cst.normal_form_games(shape=(2, 2, 2), min_value=-3, max_value=3))
def test_two_by_two_by_two_equals_polynomial_support_enumeration(game: co.NormalFormGame) -> None:
    eqs, warned = solve(game)
    ref, ref_warned = general_three(game)
    assert warned == ref_warned
    assert certified(game, eqs)
    if ref:
        assert same_list(flat(eqs), ref, atol=atol_for(1.0) * 10)
    else:  # no isolated equilibrium: the answer holds points of the continua instead
        assert warned and eqs


def test_a_game_whose_equilibria_all_lie_in_continua_gets_points_of_them() -> None:
    """No isolated equilibrium: points of the continua, through a perturbed game, projected back.

    Player 2's strategy 0 is a best response only in the limit of the perturbed game's
    equilibrium; the projection makes it one exactly.
    """
    table = {(0, 0, 0): (-1, 0, 0), (0, 0, 1): (0, 0, -1), (0, 1, 0): (1, -1, 0),
             (0, 1, 1): (0, 0, -1), (1, 0, 0): (0, 0, 0), (1, 0, 1): (0, 0, 1),
             (1, 1, 0): (0, 0, 0), (1, 1, 1): (0, 1, -1)}
    u = np.zeros((3, 2, 2, 2))
    for profile, pay in table.items():
        u[(slice(None), *profile)] = pay
    game = co.NormalFormGame(list(u))
    assert co.pure_nash_equilibria(game) == []
    assert general_three(game)[0] == []
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always", DegenerateGameWarning)
        eqs = co.nash_equilibria(game)
    assert any("no isolated equilibrium" in str(w.message) for w in rec)
    assert eqs and certified(game, eqs)
    assert any(same_list(flat([e]), [np.array([0, 1, 0.5, 0.5, 1, 0])], atol=atol_for(1.0))
               for e in eqs)


def test_a_tie_that_a_three_valued_perturbation_kept_is_broken() -> None:
    """Player 0 is indifferent against (s1, s1): a segment of equilibria and nothing else.

    Perturbing the payoffs by only three distinct amounts left that tie in place one
    time in three (here: no answer); every payoff now moves by a different amount.
    """
    rng = np.random.default_rng(149424684)
    game = co.NormalFormGame(list(np.round(rng.uniform(-5, 5, (3, 2, 2, 2)), 1)))
    assert game.payoff_array()[0][0, 1, 1] == game.payoff_array()[0][1, 1, 1] == 4.5
    eqs, warned = solve(game)
    assert warned and eqs and certified(game, eqs)
    assert any(same_list(flat([e]), [np.array([80 / 81, 1 / 81, 0, 1, 0, 1])], atol=atol_for(1.0))
               for e in eqs)


@given(st.integers(0, 2**32 - 1))
def test_two_by_two_by_two_generic(seed: int) -> None:
    """Payoffs on a grid of 0.1 (so the exact reference can solve them), generic otherwise."""
    rng = np.random.default_rng(seed)
    game = co.NormalFormGame(list(np.round(rng.uniform(-5, 5, (3, 2, 2, 2)), 1)))
    eqs, warned = solve(game)
    ref, ref_warned = general_three(game)
    assert warned == ref_warned
    assert certified(game, eqs)
    if ref:
        assert same_list(flat(eqs), ref, atol=atol_for(1.0) * 10)
    else:  # a grid of 0.1 can tie; with no isolated equilibrium, points of the continua
        assert warned and eqs


def test_two_totally_mixed_equilibria() -> None:
    """Both roots of the quadratic are equilibria.

    Each player's gain of strategy 0 is ``D(x, y) = 16xy - 8x - 8y + 3`` in the others'
    probabilities of strategy 0, which vanishes at ``x = y = 1/4`` and at ``x = y = 3/4``:
    so all three mixing 1/4 and all three mixing 3/4 are equilibria.
    """
    gain = np.array([[3.0, -5.0], [-5.0, 3.0]])  # D at (x, y) in {1, 0}^2
    u = np.zeros((3, 2, 2, 2))
    u[0, 0], u[1][:, 0], u[2][:, :, 0] = gain, gain, gain
    game = co.NormalFormGame(list(u))
    eqs, warned = solve(game)
    assert not warned
    mixed = [e for e in eqs if all(0 < s[0] < 1 for s in e.strategies)]
    assert same_list(flat(mixed), [np.tile([0.75, 0.25], 3), np.tile([0.25, 0.75], 3)],
                     atol=atol_for(1.0))
    ref, _ = general_three(game)
    assert same_list(flat(eqs), ref, atol=atol_for(1.0) * 10)
    assert certified(game, eqs)


@given(st.lists(cst.normal_form_games(shape=(2, 2, 2), min_value=-3, max_value=3), min_size=1,
                max_size=6))
def test_vectorized_kernel_agrees_with_the_scalar_one(games: list[co.NormalFormGame]) -> None:
    u = np.stack([g.payoff_array() for g in games])
    atol = np.array([atol_for(x) for x in u])
    index, P, ok = binary_equilibria(u, atol)
    for k in range(len(games)):
        one = three_binary(u[k], float(atol[k]))
        assert ok[k] == (one is not None)
        if one is not None:
            assert same_list([np.array([p[0] for p in e[0]]) for e in one],
                             list(P[index == k]), atol=atol_for(1.0))


@given(st.lists(cst.normal_form_games(shape=(2, 2), min_value=-3, max_value=3), min_size=1, max_size=8))
def test_vectorized_2x2_kernels_agree_with_the_scalar_closed_form(games: list[co.NormalFormGame]) -> None:
    u = np.stack([g.payoff_array() for g in games])
    atol = np.array([atol_for(x) for x in u])
    fast = two_by_two_batch(u, atol)
    general = binary_equilibria(u, atol)
    assert all(np.array_equal(a, b) for a, b in zip(fast, general, strict=True))
    index, P, ok = fast
    for k in range(len(games)):
        one, _ = two_by_two(u[k], co.TOL)
        assert ok[k] == (one is not None)
        if one is not None:
            assert same_list([np.array([s[0][0], s[1][0]]) for s, _ in one], list(P[index == k]),
                             atol=atol_for(1.0))
