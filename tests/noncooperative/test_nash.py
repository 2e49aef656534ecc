"""Nash equilibria: known games, certificates, an exact reference, laws and bad input."""

from __future__ import annotations

import itertools
import warnings
from fractions import Fraction as Fr

import nashpy
import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import coinnovation as co
from coinnovation import strategies as cst
from coinnovation._util.tolerance import atol_for
from coinnovation.errors import (
    ConvergenceError,
    DegenerateGameWarning,
    InvalidInputError,
    SymbolicNotSupported,
    UndecidableError,
)
from reference_nash import all_quasi_strict, extreme_equilibria

Profile = tuple[tuple[Fr, ...], tuple[Fr, ...]]


def as_exact_set(eqs: list[co.Equilibrium]) -> set[Profile]:
    return {tuple(tuple(Fr(v) for v in s) for s in e.strategies) for e in eqs}  # type: ignore[misc]


def same_profiles(found: list[co.Equilibrium], expected: set[Profile], atol: float = 1e-9) -> bool:
    """Float equilibria equal an exact set: a bijection within ``atol``."""
    if len(found) != len(expected):
        return False
    exp = [np.concatenate([np.array(x, dtype=float), np.array(y, dtype=float)]) for x, y in expected]
    used: set[int] = set()
    for e in found:
        v = np.concatenate([np.asarray(s, dtype=float) for s in e.strategies])
        hit = next((k for k, w in enumerate(exp) if k not in used and np.allclose(v, w, atol=atol)), None)
        if hit is None:
            return False
        used.add(hit)
    return True


def solve_quietly(game: co.NormalFormGame, **kw: object) -> tuple[list[co.Equilibrium], bool]:
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always", DegenerateGameWarning)
        eqs = co.nash_equilibria(game, **kw)  # type: ignore[arg-type]
    return eqs, any(issubclass(w.category, DegenerateGameWarning) for w in rec)


def industry_university(S: int = 0) -> co.NormalFormGame:
    """方炜 et al. (2019): ΔR=10, α=1/2, C=3, T=3, F=2, subsidy S to each cooperator."""
    a_dr, c, t, f = 5, 3, 3, 2
    A = [[a_dr - c + S, -c + f + S], [t - f, 0]]
    B = [[a_dr - c + S, t - f], [-c + f + S, 0]]
    return co.NormalFormGame([A, B], players=["enterprise", "university"],
                             strategies=[["cooperate", "defect"], ["cooperate", "defect"]])


def coordination(diag: list[int]) -> set[Profile]:
    out = set()
    k = len(diag)
    for r in range(1, k + 1):
        for S in itertools.combinations(range(k), r):
            tot = sum(Fr(1, diag[i]) for i in S)
            p = tuple(Fr(1, diag[i]) / tot if i in S else Fr(0) for i in range(k))
            out.add((p, p))
    return out


RPS = np.array([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])

KNOWN = [
    pytest.param([[[3, 0], [5, 1]], [[3, 5], [0, 1]]], {((Fr(0), Fr(1)), (Fr(0), Fr(1)))},
                 id="prisoners-dilemma"),
    pytest.param([[[3, 0], [0, 2]], [[2, 0], [0, 3]]],
                 {((Fr(1), Fr(0)), (Fr(1), Fr(0))), ((Fr(3, 5), Fr(2, 5)), (Fr(2, 5), Fr(3, 5))),
                  ((Fr(0), Fr(1)), (Fr(0), Fr(1)))}, id="battle-of-the-sexes"),
    pytest.param([[[1, -1], [-1, 1]], [[-1, 1], [1, -1]]], {((Fr(1, 2), Fr(1, 2)), (Fr(1, 2), Fr(1, 2)))},
                 id="matching-pennies"),
    pytest.param([RPS, -RPS], {((Fr(1, 3),) * 3, (Fr(1, 3),) * 3)}, id="rock-paper-scissors"),
    pytest.param([np.diag([1, 2, 3]), np.diag([1, 2, 3])], coordination([1, 2, 3]), id="coordination-3x3"),
    pytest.param([[[0, 7], [2, 6]], [[0, 2], [7, 6]]],
                 {((Fr(1), Fr(0)), (Fr(0), Fr(1))), ((Fr(0), Fr(1)), (Fr(1), Fr(0))),
                  ((Fr(1, 3), Fr(2, 3)), (Fr(1, 3), Fr(2, 3)))}, id="chicken"),
    pytest.param([industry_university().payoff_array(0), industry_university().payoff_array(1)],
                 {((Fr(1), Fr(0)), (Fr(1), Fr(0))), ((Fr(1, 2), Fr(1, 2)), (Fr(1, 2), Fr(1, 2))),
                  ((Fr(0), Fr(1)), (Fr(0), Fr(1)))}, id="industry-university-bistable"),
]


@pytest.mark.parametrize(("payoffs", "expected"), KNOWN)
@pytest.mark.parametrize("method", ["vertex", "support"])
def test_known_games_float(payoffs: list[object], expected: set[Profile], method: str) -> None:
    eqs = co.nash_equilibria(co.NormalFormGame(payoffs), method=method)
    assert same_profiles(eqs, expected)
    for e in eqs:
        assert np.all(co.regrets(co.NormalFormGame(payoffs), e.strategies) <= 1e-12)


@pytest.mark.parametrize(("payoffs", "expected"), KNOWN)
@pytest.mark.parametrize("method", ["vertex", "support"])
def test_known_games_exact(payoffs: list[object], expected: set[Profile], method: str) -> None:
    eqs = co.nash_equilibria(co.NormalFormGame(payoffs), method=method, exact=True)
    assert as_exact_set(eqs) == expected
    for e in eqs:
        assert all(isinstance(v, Fr) for s in e.strategies for v in s)
        assert all(r == 0 for r in co.regrets(co.NormalFormGame(payoffs), list(e.strategies)))


@pytest.mark.parametrize(("payoffs", "expected"), KNOWN)
def test_lemke_howson_every_label(payoffs: list[object], expected: set[Profile]) -> None:
    game = co.NormalFormGame(payoffs)
    for label in range(sum(game.shape)):
        (e,) = co.nash_equilibria(game, method="lemke_howson", initial_dropped_label=label, exact=True)
        assert as_exact_set([e]) <= expected
        (f,) = co.nash_equilibria(game, method="lemke_howson", initial_dropped_label=label)
        assert same_profiles([f], as_exact_set([e]))


def test_equilibrium_result_object() -> None:
    game = industry_university()
    eqs = co.nash_equilibria(game, exact=True)
    assert [e.profile for e in eqs] == [(0, 0), None, (1, 1)]
    assert eqs[0].is_pure and not eqs[1].is_pure
    assert eqs[1].supports == ((0, 1), (0, 1))
    assert eqs[0].payoffs == (Fr(2), Fr(2))
    assert eqs[1].to_dict()["enterprise"] == {"cooperate": Fr(1, 2), "defect": Fr(1, 2)}
    assert repr(eqs[1]) == ("Equilibrium(mixed; enterprise: 1/2*cooperate + 1/2*defect; "
                            "university: 1/2*cooperate + 1/2*defect; payoffs (1/2, 1/2))")
    assert repr(eqs[0]) == "Equilibrium(pure; enterprise: cooperate; university: cooperate; payoffs (2, 2))"


# ------------------------------------------------------------------ degenerate games
DEGENERATE = [
    pytest.param([[[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]], id="von-stengel-3x2"),
    pytest.param([[[1, 1], [0, 0]], [[1, 1], [0, 0]]], id="row-dominant-column-indifferent"),
    pytest.param([np.ones((3, 3)), np.ones((3, 3))], id="all-ties-3x3"),
    # the subsidy exactly at its threshold S* = C + T - F - alpha*dR = -1 (a tie for both)
    pytest.param([industry_university(S=-1).payoff_array(0), industry_university(S=-1).payoff_array(1)],
                 id="subsidy-at-threshold"),
]


@pytest.mark.parametrize("payoffs", DEGENERATE)
@pytest.mark.parametrize("exact", [False, True])
def test_degenerate_games_give_every_extreme_equilibrium_and_warn(payoffs: list[object], exact: bool) -> None:
    game = co.NormalFormGame(payoffs)
    expected, degenerate = extreme_equilibria(*game.to_bimatrix())
    assert degenerate
    with pytest.warns(DegenerateGameWarning, match="every extreme equilibrium"):
        eqs = co.nash_equilibria(game, exact=exact)
    if exact:
        assert as_exact_set(eqs) == expected
    else:
        assert same_profiles(eqs, expected)


@pytest.mark.parametrize("transpose", [False, True])
@pytest.mark.parametrize("exact", [False, True])
def test_ties_away_from_the_equilibria_give_the_answer_and_no_warning(transpose: bool, exact: bool) -> None:
    """Three tied rows make the game degenerate, but its one equilibrium is strict."""
    A = np.array([[0, 0], [0, 0], [0, 0], [1, 1]])
    B = np.array([[0, 0], [0, 0], [0, 0], [0, 1]])
    if transpose:  # the same game with the players swapped: the hull is taken on the other side
        A, B = B.T, A.T
    expected, degenerate = extreme_equilibria(A, B)
    assert degenerate and all_quasi_strict(A, B, expected)
    eqs, warned = solve_quietly(co.NormalFormGame([A, B]), exact=exact)
    assert not warned
    assert as_exact_set(eqs) == expected and len(expected) == 1


@pytest.mark.parametrize("exact", [False, True])
def test_a_continuum_still_warns(exact: bool) -> None:
    """Matching the same tie in an equilibrium: a segment of equilibria, its two ends returned."""
    A = np.array([[1, 1], [0, 0]])  # row 0 dominant; the column player is indifferent
    B = np.array([[2, 2], [0, 1]])
    expected, _ = extreme_equilibria(A, B)
    assert not all_quasi_strict(A, B, expected)
    eqs, warned = solve_quietly(co.NormalFormGame([A, B]), exact=exact)
    assert warned and as_exact_set(eqs) == expected == {((Fr(1), Fr(0)), (Fr(1), Fr(0))),
                                                         ((Fr(1), Fr(0)), (Fr(0), Fr(1)))}


@pytest.mark.parametrize("unit", [1, 0.1, 0.3, 10, 1e-3, 7 / 3])
def test_extreme_equilibria_of_a_degenerate_game_do_not_depend_on_the_unit(unit: float) -> None:
    """Ties the data meant (3 * 0.1 against 0.3) stay ties when the float path goes exact.

    Taken at their binary values, payoffs times 0.1 break a tie and lose one of the
    seven extreme equilibria; the float path's exact fallback reads the decimals meant.
    """
    M = np.array([[2, 0, 2], [3, 0, 1], [1, 0, 3]])
    expected, _ = extreme_equilibria(M, M.T)
    assert len(expected) == 7
    eqs, warned = solve_quietly(co.NormalFormGame([M * unit, M.T * unit]))
    assert warned and same_profiles(eqs, expected)


def test_known_degenerate_extreme_points() -> None:
    with pytest.warns(DegenerateGameWarning):
        eqs = co.nash_equilibria(co.NormalFormGame([[[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]]),
                                 exact=True)
    assert as_exact_set(eqs) == {
        ((Fr(1), Fr(0), Fr(0)), (Fr(1), Fr(0))),
        ((Fr(1), Fr(0), Fr(0)), (Fr(2, 3), Fr(1, 3))),
        ((Fr(0), Fr(1, 3), Fr(2, 3)), (Fr(1, 3), Fr(2, 3))),
    }


def test_support_enumeration_warns_on_degenerate_game() -> None:
    with pytest.warns(DegenerateGameWarning, match="unequal supports"):
        co.nash_equilibria(co.NormalFormGame(DEGENERATE[0].values[0]), method="support")


# ------------------------------------------------------------------ exact reference
@pytest.mark.parametrize("size", [6, 8, 10])
@pytest.mark.parametrize("seed", [0, 1])
def test_random_games_equal_exact_reference(size: int, seed: int) -> None:
    rng = np.random.default_rng(1000 * size + seed)
    A, B = rng.standard_normal((size, size)), rng.standard_normal((size, size))
    expected, degenerate = extreme_equilibria(A, B)
    assert not degenerate
    assert len(expected) % 2 == 1
    game = co.NormalFormGame([A, B])
    assert same_profiles(co.nash_equilibria(game), expected)
    if size <= 8:
        assert same_profiles(co.nash_equilibria(game, method="support"), expected)


@pytest.mark.parametrize("shape", [(4, 4), (6, 6), (8, 8), (10, 10), (12, 7), (5, 11)])
def test_generic_games_never_leave_the_float_path(shape: tuple[int, int],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Random games are nondegenerate: the floating-point path answers without the exact one.

    (Candidate partners far outside Q once inflated the tolerance and sent 10x10 games to
    the exact enumeration: right answers, 30 times slower.) Checked against QuantEcon.
    """
    qe = pytest.importorskip("quantecon.game_theory", reason="QuantEcon is the peer reference")
    from coinnovation.noncooperative import _vertex

    def refuse(*args: object) -> None:
        raise AssertionError("fell back to the exact enumeration")

    monkeypatch.setattr(_vertex, "exact_vertex_enumeration", refuse)
    rng = np.random.default_rng(sum(shape))
    # money units: payoffs times 1e3 or 1e6 (a tolerance read off the wrong size once
    # called every such game degenerate). Not 1e6 plus noise of 1: the library's
    # tolerance, 1e-9 of the largest payoff, makes differences below 1e-3 ties there
    for unit, offset in ((1, 0), (1, 0), (1e6, 0), (1e3, 0), (1e6, 1e6)):
        A, B = (rng.standard_normal(shape) * unit + offset,
                rng.standard_normal(shape) * unit + offset)
        eqs = co.nash_equilibria(co.NormalFormGame([A, B]))
        theirs = qe.vertex_enumeration(qe.NormalFormGame((qe.Player(A), qe.Player(B.T))))
        assert len(eqs) == len(theirs) and len(eqs) % 2 == 1
        for x, y in theirs:
            assert any(np.allclose(e.strategies[0], x, atol=1e-7)
                       and np.allclose(e.strategies[1], y, atol=1e-7) for e in eqs)


@pytest.mark.parametrize("shape", [(8, 8), (5, 9), (9, 4)])
def test_partner_systems_solved_in_small_blocks_give_the_same_answer(
        shape: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    """The partners of P's vertices are solved in blocks (bounded memory): blocks of 3 agree."""
    from coinnovation.noncooperative import _vertex

    rng = np.random.default_rng(sum(shape) + 7)
    A, B = rng.standard_normal(shape), rng.standard_normal(shape)
    expected, degenerate = extreme_equilibria(A, B)
    assert not degenerate
    monkeypatch.setattr(_vertex, "_SOLVE_BLOCK", 3)
    assert same_profiles(co.nash_equilibria(co.NormalFormGame([A, B])), expected)


@pytest.mark.parametrize("shape", [(7, 7), (4, 9), (9, 3)])
def test_integer_games_with_ties_equal_exact_reference(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(sum(shape))
    A, B = rng.integers(0, 4, shape), rng.integers(0, 4, shape)
    expected, _ = extreme_equilibria(A, B)
    eqs, warned = solve_quietly(co.NormalFormGame([A, B]), exact=True)
    assert as_exact_set(eqs) == expected
    assert warned == (not all_quasi_strict(A, B, expected))


@given(cst.normal_form_games(n_players=2, max_strategies=4, min_value=-3, max_value=3))
def test_vertex_enumeration_equals_reference(game: co.NormalFormGame) -> None:
    expected, _ = extreme_equilibria(*game.to_bimatrix())
    reaches = not all_quasi_strict(*game.to_bimatrix(), expected)  # degeneracy in an equilibrium
    eqs, warned = solve_quietly(game)
    assert same_profiles(eqs, expected)
    assert warned == reaches
    exact, warned_exact = solve_quietly(game, exact=True)
    assert as_exact_set(exact) == expected
    assert warned_exact == reaches


@given(cst.normal_form_games(n_players=2, min_strategies=2, max_strategies=5, degenerate=False))
def test_generic_games_laws(game: co.NormalFormGame) -> None:
    eqs = co.nash_equilibria(game)
    assert len(eqs) % 2 == 1  # the oddness theorem (Wilson 1971)
    for e in eqs:
        assert np.all(co.regrets(game, e.strategies) <= 1e-9)
    support = co.nash_equilibria(game, method="support")
    assert same_profiles(support, as_exact_set(co.nash_equilibria(game, exact=True)), atol=1e-7)
    assert same_profiles(eqs, as_exact_set(co.nash_equilibria(game, exact=True)), atol=1e-7)
    (lh,) = co.nash_equilibria(game, method="lemke_howson")
    assert any(all(np.allclose(a, b, atol=1e-8) for a, b in zip(lh.strategies, e.strategies, strict=True))
               for e in eqs)


@given(cst.normal_form_games(n_players=st.integers(1, 4), max_strategies=3, min_value=-2, max_value=2))
def test_pure_equilibria_equal_brute_force(game: co.NormalFormGame) -> None:
    u = game.payoff_array()
    brute = []
    for prof in game.profiles():
        ok = all(u[(i, *prof)] >= max(u[(i, *prof[:i], k, *prof[i + 1:])] for k in range(game.shape[i]))
                 for i in range(game.n_players))
        if ok:
            brute.append(prof)
    assert [e.profile for e in co.pure_nash_equilibria(game)] == brute


def test_nashpy_misses_equilibria_we_find() -> None:
    """nashpy's support enumeration tests probabilities with ``>= 0`` and no tolerance."""
    A, B = np.random.default_rng(0).integers(0, 100, (2, 4, 4))
    expected, _degenerate = extreme_equilibria(A, B)
    ours = co.nash_equilibria(co.NormalFormGame([A, B]), method="support")
    assert same_profiles(ours, expected)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        theirs = list(nashpy.Game(A, B).support_enumeration())
    assert len(theirs) <= len(expected)


def test_agrees_with_nashpy_vertex_enumeration() -> None:
    rng = np.random.default_rng(7)
    A, B = rng.standard_normal((4, 5)), rng.standard_normal((4, 5))
    ours = co.nash_equilibria(co.NormalFormGame([A, B]))
    theirs = {(tuple(np.round(x, 9)), tuple(np.round(y, 9)))
              for x, y in nashpy.Game(A, B).vertex_enumeration()}
    mine = {(tuple(np.round(e.strategies[0], 9)), tuple(np.round(e.strategies[1], 9))) for e in ours}
    assert mine == theirs


# ------------------------------------------------------------------ n players
def three_player_pennies() -> co.NormalFormGame:
    """Jordan's (1993) three-player matching pennies: a unique, fully mixed equilibrium."""
    u = np.zeros((3, 2, 2, 2))
    for a in itertools.product(range(2), repeat=3):
        u[(0, *a)] = 1 if a[0] == a[1] else -1  # player 0 matches player 1
        u[(1, *a)] = 1 if a[1] == a[2] else -1  # player 1 matches player 2
        u[(2, *a)] = 1 if a[2] != a[0] else -1  # player 2 mismatches player 0
    return co.NormalFormGame(list(u))


def test_three_player_pennies_unique_mixed() -> None:
    (e,) = co.nash_equilibria(three_player_pennies())
    for s in e.strategies:
        np.testing.assert_allclose(s, [0.5, 0.5], atol=1e-12)


def test_three_player_game_with_irrational_equilibrium() -> None:
    """McKelvey & McLennan (1997)-style game: a mixed equilibrium with sqrt entries, certified."""
    # player i's payoff depends on the others' actions only through a quadratic
    u = np.zeros((3, 2, 2, 2))
    for a in itertools.product(range(2), repeat=3):
        u[(0, *a)] = [[[2, 0], [0, 1]], [[0, 1], [1, 0]]][a[0]][a[1]][a[2]]
        u[(1, *a)] = [[[1, 0], [0, 2]], [[0, 1], [1, 0]]][a[1]][a[2]][a[0]]
        u[(2, *a)] = [[[1, 0], [0, 1]], [[0, 2], [1, 0]]][a[2]][a[0]][a[1]]
    game = co.NormalFormGame(list(u))
    eqs, _ = solve_quietly(game)
    assert len(eqs) % 2 == 1
    for e in eqs:
        assert np.all(co.regrets(game, e.strategies) <= 1e-10)


@pytest.mark.parametrize("shape", [(2, 2, 2, 2), (3, 3, 3), (3, 2, 2)])
def test_n_player_integer_games(shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(len(shape) * 10 + shape[0])
    game = co.NormalFormGame([rng.integers(-9, 10, shape) for _ in shape])
    eqs, _ = solve_quietly(game)
    assert eqs
    for e in eqs:
        assert np.all(co.regrets(game, e.strategies) <= 1e-10)
    pure = {e.profile for e in co.pure_nash_equilibria(game)}
    assert pure == {e.profile for e in eqs if e.is_pure}


@given(cst.normal_form_games(shape=(2, 2, 2), degenerate=False))
def test_generic_three_player_games_odd_and_certified(game: co.NormalFormGame) -> None:
    eqs = co.nash_equilibria(game)
    assert len(eqs) % 2 == 1
    for e in eqs:
        assert np.all(co.regrets(game, e.strategies) <= co.atol_for(game.payoff_array()))


def test_n_player_float_payoffs_polished() -> None:
    rng = np.random.default_rng(3)
    game = co.NormalFormGame([rng.uniform(-1, 1, (2, 2, 2, 2)) for _ in range(4)])
    eqs = co.nash_equilibria(game)
    assert len(eqs) % 2 == 1
    assert max(float(max(co.regrets(game, e.strategies))) for e in eqs) <= 1e-12


# ------------------------------------------------------------------ symbolic pure equilibria
def test_symbolic_pure_equilibria_follow_the_subsidy() -> None:
    S = sp.Symbol("S", positive=True)
    # cooperating costs 1 and earns the subsidy S > 0 plus 1 when the partner cooperates
    g = co.NormalFormGame([[[1 + S, S], [1, 0]], [[1 + S, 1], [S, 0]]])
    assert [e.profile for e in co.pure_nash_equilibria(g)] == [(0, 0)]
    assert co.pure_nash_equilibria(g)[0].payoffs == (1 + S, 1 + S)


def test_symbolic_pure_equilibria_undecidable() -> None:
    S, C = sp.symbols("S C")
    g = co.NormalFormGame([[[S - C, 0], [0, 0]], [[1, 0], [0, 1]]])
    with pytest.raises(UndecidableError, match=r"cannot decide whether .* >= 0"):
        co.pure_nash_equilibria(g)


# ------------------------------------------------------------------ bad input
def test_bad_inputs() -> None:
    S = sp.Symbol("S")
    sym = co.NormalFormGame([[[S, 0], [0, 1]], [[1, 0], [0, 1]]])
    with pytest.raises(SymbolicNotSupported, match=r"nash_equilibria is numeric only.*free symbols S"):
        co.nash_equilibria(sym)
    game = co.NormalFormGame([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    with pytest.raises(InvalidInputError, match="method: unknown method 'simplex'"):
        co.nash_equilibria(game, method="simplex")
    with pytest.raises(InvalidInputError, match="method: unknown method 'vertex' for a 3-player game"):
        co.nash_equilibria(three_player_pennies(), method="vertex")
    with pytest.raises(InvalidInputError, match="tol: must be a positive finite number"):
        co.nash_equilibria(game, tol=-1.0)
    with pytest.raises(InvalidInputError, match=r"initial_dropped_label: must be in 0..3"):
        co.nash_equilibria(game, method="lemke_howson", initial_dropped_label=4)
    with pytest.raises(InvalidInputError, match="max_iter: expected a positive integer"):
        co.nash_equilibria(game, method="lemke_howson", max_iter=0)
    with pytest.raises(InvalidInputError,
                       match=r"nash_equilibria: game must be a coinnovation\.NormalFormGame"):
        co.nash_equilibria([[1, 0], [0, 1]])  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"strategies\[1\]: expected 2 probabilities"):
        co.regrets(game, [np.array([1.0, 0.0]), np.array([1.0])])
    with pytest.raises(InvalidInputError, match="strategies: expected 2 mixed strategies"):
        co.regrets(game, [np.array([1.0, 0.0])])
    with pytest.raises(InvalidInputError, match=r"strategies\[0\]: entries must be finite"):
        co.regrets(game, [np.array([np.nan, 0.0]), np.array([1.0, 0.0])])


def test_lemke_howson_iteration_cap() -> None:
    rng = np.random.default_rng(11)
    game = co.NormalFormGame([rng.standard_normal((6, 6)), rng.standard_normal((6, 6))])
    with pytest.raises(ConvergenceError, match="max_iter=1"):
        for label in range(12):
            co.nash_equilibria(game, method="lemke_howson", max_iter=1, initial_dropped_label=label)


# ------------------------------------------------------------------ hostile-input audit (issue 12.7)
@pytest.mark.parametrize("scale", [1e-6, 1.0, 1e6, 1e12, 1e90])  # payoffs up to the 1e100 limit
@pytest.mark.parametrize("method", ["auto", "vertex", "support"])
def test_payoff_scale_does_not_change_the_equilibria(scale: float, method: str) -> None:
    """``[[3e6,0],[0,2e6]]`` vs ``[[2e6,0],[0,3e6]]`` once gave [] and a false degeneracy warning."""
    A = np.array([[3.0, 0.0], [0.0, 2.0]]) * scale
    game = co.NormalFormGame([A, A[::-1, ::-1]])
    eqs, degenerate = solve_quietly(game, method=method)
    assert not degenerate
    assert same_profiles(eqs, {((Fr(1), Fr(0)), (Fr(1), Fr(0))), ((Fr(0), Fr(1)), (Fr(0), Fr(1))),
                               ((Fr(3, 5), Fr(2, 5)), (Fr(2, 5), Fr(3, 5)))})
    for e in eqs:
        assert max(co.regrets(game, e.strategies)) <= atol_for(A)


@pytest.mark.parametrize("method", ["auto", "vertex", "support", "lemke_howson"])
def test_exact_keeps_integers_beyond_2_pow_53(method: str) -> None:
    big = 2**53
    game = co.NormalFormGame([[[big + 1, 0], [0, big]], [[big, 0], [0, big + 1]]])
    eqs, _ = solve_quietly(game, exact=True, method=method)
    assert eqs
    U = game.exact_payoff_array()
    assert U[0, 0, 0] == big + 1  # not rounded to 2**53
    for e in eqs:
        assert all(isinstance(v, Fr) for s in e.strategies for v in s)
        assert all(r == 0 for r in co.regrets(game, e.strategies))
        x, y = e.strategies
        # the independent check: no pure deviation gains, in exact arithmetic
        assert max(sum(U[0, i, j] * y[j] for j in range(2)) for i in range(2)) == e.payoffs[0]
        assert max(sum(x[i] * U[1, i, j] for i in range(2)) for j in range(2)) == e.payoffs[1]
    if method != "lemke_howson":
        assert any(not e.is_pure for e in eqs)
        mixed = next(e for e in eqs if not e.is_pure)
        assert mixed.strategies[0][0] == Fr(big + 1, 2 * big + 1)


@pytest.mark.parametrize("bad, match", [
    (["ab", "cd"], r"strategies\[0\]: expected a vector of probabilities"),
    ([[2.0, -1.0], [0.5, 0.5]], r"strategies\[0\]: not a probability vector \(player 'firm'\)"),
    ([[1.0, 0.0], [0.6, 0.6]], r"strategies\[1\]: not a probability vector \(player 'lab'\)"),
    ([[Fr(1), Fr(0)], [Fr(1, 2), Fr(1, 3)]], r"strategies\[1\]: not a probability vector"),
    ([[1.0, 0.0], [[1.0], [0.0]]], r"strategies\[1\]: expected a 1-D vector"),
    ([[1.0, 0.0], [True, False]], r"strategies\[1\]: expected numbers"),
    ("ab", r"strategies: expected one mixed strategy per player"),
    ([[1.0, 0.0], [np.inf, 0.0]], r"strategies\[1\]: entries must be finite \(player 'lab'\)"),
])
def test_regrets_validates_probability_vectors(bad: object, match: str) -> None:
    game = co.NormalFormGame([[[1, 0], [0, 1]], [[1, 0], [0, 1]]], players=["firm", "lab"])
    with pytest.raises(InvalidInputError, match=match):
        co.regrets(game, bad)  # type: ignore[arg-type]


def test_regrets_accepts_probability_vectors_within_tolerance() -> None:
    game = co.NormalFormGame([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])
    third = 1 / 3
    r = co.regrets(game, [[third, 1 - third], [0.5, 0.5 + co.TOL / 2]])
    # player 1 gains 2/3 - 1/2 by switching to column 1; player 0 is (nearly) indifferent
    assert np.all(np.abs(r - [0.0, 1 / 6]) <= atol_for([1.0]))
    assert list(co.regrets(game, [[Fr(1), Fr(0)], [Fr(1), Fr(0)]])) == [0, 0]


def test_auto_chooses_support_enumeration_for_thin_games() -> None:
    """A 1000x2 game once ran for minutes under vertex enumeration."""
    rng = np.random.default_rng(3)
    A, B = rng.standard_normal((1000, 2)), rng.standard_normal((1000, 2))
    game = co.NormalFormGame([A, B])
    eqs, degenerate = solve_quietly(game)
    assert not degenerate and len(eqs) % 2 == 1  # a nondegenerate game: an odd number
    one = co.nash_equilibria(game, method="lemke_howson")[0]
    assert any(all(np.allclose(a, b, atol=atol_for(1.0))
                   for a, b in zip(one.strategies, e.strategies, strict=True)) for e in eqs)
    for e in eqs:
        assert max(co.regrets(game, e.strategies)) <= 10 * atol_for(game.payoff_array())


def test_auto_refuses_games_too_large_to_enumerate() -> None:
    rng = np.random.default_rng(4)
    game = co.NormalFormGame([rng.standard_normal((20, 20)), rng.standard_normal((20, 20))])
    with pytest.raises(InvalidInputError, match=r"a 20x20 game is too large for method='auto'"):
        co.nash_equilibria(game)
    one = co.nash_equilibria(game, method="lemke_howson")
    assert max(co.regrets(game, one[0].strategies)) <= 10 * atol_for(game.payoff_array())


def test_numpy_integers_beyond_2_pow_53_are_rejected_not_rounded() -> None:
    """A numpy int64 array has no exact source to fall back on: it is refused, naming the entry."""
    A = np.array([[2**53 + 1, 0], [0, 2**53]], dtype=np.int64)
    with pytest.raises(InvalidInputError, match=r"payoffs\[0\]: integer entries beyond 2\*\*53"):
        co.NormalFormGame([A, A.T])
