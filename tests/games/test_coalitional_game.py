"""CoalitionalGame: construction, validation, properties and the classic TU families."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import coinnovation as co
from coinnovation import strategies as cst
from coinnovation._util.subsets import zeta
from coinnovation.errors import (
    InvalidGameError,
    InvalidInputError,
    SymbolicNotSupported,
    UnknownPlayerError,
)

GIU = ("government", "industry", "university")


def alliance() -> co.CoalitionalGame:
    return co.CoalitionalGame({
        ("government",): 0, ("industry",): 4, ("university",): 1,
        ("government", "industry"): 6, ("government", "university"): 2,
        ("industry", "university"): 8, GIU: 12})


# ---------------------------------------------------------------------- construction
class TestConstruction:
    def test_vector_in_bitmask_order(self) -> None:
        g = co.CoalitionalGame([0, 1, 2, 6], players=["firm", "lab"])
        assert g.n_players == 2
        assert g.players == ("firm", "lab")
        assert g.value(["firm"]) == 1.0
        assert g.value(("lab",)) == 2.0
        assert g.value(frozenset({"firm", "lab"})) == 6.0
        assert g[("firm", "lab")] == 6.0
        assert g.value([0, 1]) == 6.0
        assert g.value("lab") == 2.0
        assert g.grand_value() == 6.0
        assert g.values.tolist() == [0.0, 1.0, 2.0, 6.0]

    def test_values_are_read_only_and_copied(self) -> None:
        raw = np.array([0.0, 1.0, 2.0, 6.0])
        g = co.CoalitionalGame(raw)
        raw[3] = 100
        assert g.grand_value() == 6.0
        with pytest.raises(ValueError):
            g.values[3] = 5

    def test_dict_with_names_infers_players_in_order(self) -> None:
        g = alliance()
        assert g.players == GIU
        assert g.value(("industry", "university")) == 8.0
        assert g.value(()) == 0.0

    def test_dict_with_indices(self) -> None:
        g = co.CoalitionalGame({(0,): 1, (1,): 2, (0, 1): 5})
        assert g.players == ("player 0", "player 1")
        assert g.values.tolist() == [0.0, 1.0, 2.0, 5.0]

    def test_dict_missing_coalition_is_an_error(self) -> None:
        with pytest.raises(InvalidGameError, match="missing the worth of"):
            co.CoalitionalGame({("a",): 1, ("b",): 1})

    def test_dict_default_fills_missing(self) -> None:
        g = co.CoalitionalGame({("a", "b"): 3}, players=["a", "b"], default=0)
        assert g.values.tolist() == [0.0, 0.0, 0.0, 3.0]

    def test_dict_duplicate_coalition(self) -> None:
        with pytest.raises(InvalidGameError, match="given twice"):
            co.CoalitionalGame({("a", "b"): 3, ("b", "a"): 4, "a": 0, "b": 0})

    def test_dict_unknown_player(self) -> None:
        with pytest.raises(InvalidGameError, match="unknown player 'c'"):
            co.CoalitionalGame({("a",): 0, ("b",): 0, ("a", "c"): 1}, players=["a", "b"])

    @pytest.mark.parametrize("values, match", [
        ([0, 1, 2], "2\\*\\*n worths"),
        ([0], "2\\*\\*n worths"),
        ([1, 1, 2, 3], "v\\(∅\\) must be 0"),
        ([0, 1, float("nan"), 3], "nan"),
        ([0, 1, float("inf"), 3], "inf"),
        ([0, "a", 2, 3], "string"),
        ([0, True, 1, 1], "boolean"),
        ([[0, 1], [2, 3]], "1-dimensional"),
        ("0123", "string"),
    ])
    def test_bad_values(self, values: object, match: str) -> None:
        with pytest.raises(InvalidGameError, match=match):
            co.CoalitionalGame(values)

    def test_bad_players(self) -> None:
        with pytest.raises(InvalidGameError, match="expected 2 names"):
            co.CoalitionalGame([0, 1, 2, 3], players=["a"])
        with pytest.raises(InvalidGameError, match="repeated"):
            co.CoalitionalGame([0, 1, 2, 3], players=["a", "a"])

    def test_unknown_player_in_lookup(self) -> None:
        g = co.CoalitionalGame([0, 1, 2, 3], players=["a", "b"])
        with pytest.raises(UnknownPlayerError, match="unknown player 'c'"):
            g.value(["c"])
        with pytest.raises(UnknownPlayerError, match="out of range"):
            g.value([5])
        with pytest.raises(InvalidInputError, match="bitmasks"):
            g.value(3)
        with pytest.raises(InvalidInputError, match="listed twice"):
            g.value(["a", "a"])

    def test_symbolic_game_and_subs(self) -> None:
        a, b = sp.symbols("a b", positive=True)
        g = co.CoalitionalGame([0, a, 0, a + b])
        assert g.is_symbolic and g.free_symbols == {a, b}
        h = g.subs({a: 1, "b": 2})
        assert not h.is_symbolic
        assert h.values.tolist() == [0.0, 1.0, 0.0, 3.0]
        with pytest.raises(InvalidInputError, match="not a free symbol"):
            g.subs({"c": 1})
        with pytest.raises(InvalidGameError, match="v\\(∅\\)"):
            co.CoalitionalGame([a, 0, 0, 1])

    def test_exact_values_keep_fractions(self) -> None:
        g = co.CoalitionalGame([0, Fraction(1, 3), Fraction(1, 3), 1])
        assert g.exact_values().tolist() == [0, Fraction(1, 3), Fraction(1, 3), 1]

    def test_from_function(self) -> None:
        calls = []

        def v(members: np.ndarray) -> np.ndarray:
            calls.append(members.shape)
            return members.sum(axis=1).astype(float) ** 2

        g = co.CoalitionalGame.from_function(v, 4, players=list("abcd"))
        assert not g.is_tabulated
        assert g.value(["a", "c"]) == 4.0
        assert g.values[-1] == 16.0
        assert g.is_tabulated
        assert all(s[1] == 4 for s in calls)
        np.testing.assert_allclose(co.shapley_value(g), [4, 4, 4, 4])

    def test_from_function_bad_output(self) -> None:
        g = co.CoalitionalGame.from_function(lambda m: np.ones(3), 3)
        with pytest.raises(InvalidGameError, match="expected 7 worths"):
            g.values  # noqa: B018
        g = co.CoalitionalGame.from_function(lambda m: np.full(len(m), np.nan), 2)
        with pytest.raises(InvalidGameError, match="NaN"):
            g.values  # noqa: B018
        with pytest.raises(InvalidGameError, match="positive integer"):
            co.CoalitionalGame.from_function(lambda m: m, 0)

    def test_repr_and_table(self) -> None:
        r = repr(alliance())
        assert "government" in r and "v({industry, university}) = 8" in r

    def test_equality(self) -> None:
        assert alliance() == alliance()
        assert alliance() != alliance().with_grand_value(13)


# ---------------------------------------------------------------------- properties
class TestProperties:
    def test_surplus(self) -> None:
        g = alliance()
        assert g.surplus(GIU) == 12 - 5
        assert g.surplus(("industry", "university")) == 3
        assert g.surplus(("government",)) == 0
        assert g.surplus_values()[-1] == 7

    def test_cost_game_surplus_is_saving(self) -> None:
        g = co.airport([1, 2, 4])
        assert g.is_cost
        assert g.surplus(range(3)) == 1 + 2 + 4 - 4
        np.testing.assert_allclose(g.savings_game().values, [0, 0, 0, 1, 0, 1, 2, 3])

    def test_harsanyi_dividends_reconstruct(self) -> None:
        g = alliance()
        d = g.harsanyi_dividends()
        np.testing.assert_allclose(zeta(d, 3), g.values)
        # v(S) = sum_{T ⊆ S} d(T): the grand coalition's dividend
        assert d[-1] == pytest.approx(12 - 6 - 2 - 8 + 0 + 4 + 1)

    def test_symbolic_dividends(self) -> None:
        a, b, c = sp.symbols("a b c")
        g = co.CoalitionalGame([0, 0, 0, a, 0, b, c, a + b + c + 1])
        assert sp.simplify(g.harsanyi_dividends()[-1] - 1) == 0

    @pytest.mark.parametrize("game, sup, conv, mono, bal", [
        (co.glove(1, 2), True, False, True, True),
        (co.symmetric_quota(3, 2), True, False, True, False),
        (co.bankruptcy(200, [100, 200, 300]), True, True, True, True),
        (co.un_security_council(), True, False, True, True),
        (co.airport([1, 2, 4]), True, True, True, True),
        (co.CoalitionalGame([0, 1, 1, 1]), False, False, True, False),
    ], ids=["glove", "majority", "bankruptcy", "UNSC", "airport", "subadditive"])
    def test_properties(self, game: co.CoalitionalGame, sup: bool, conv: bool, mono: bool,
                        bal: bool) -> None:
        assert game.is_superadditive is sup
        assert game.is_convex is conv
        assert game.is_monotone is mono
        assert game.is_balanced is bal

    def test_essential(self) -> None:
        assert alliance().is_essential
        assert not co.CoalitionalGame([0, 1, 1, 2]).is_essential

    def test_symbolic_properties_decided_from_assumptions(self) -> None:
        s = sp.Symbol("s", positive=True)
        g = co.CoalitionalGame([0, 0, 0, s])
        assert g.is_superadditive and g.is_convex and g.is_monotone and g.is_essential
        with pytest.raises(SymbolicNotSupported, match="s"):
            g.is_balanced  # noqa: B018

    @given(cst.coalitional_games(kind="convex"))
    def test_convex_strategy_gives_convex_superadditive_games(self,
                                                               game: co.CoalitionalGame) -> None:
        assert game.is_convex
        assert game.is_superadditive
        assert game.is_balanced

    @given(cst.coalitional_games(kind="superadditive", n_players=st.integers(2, 4)))
    def test_superadditive_strategy(self, game: co.CoalitionalGame) -> None:
        assert game.is_superadditive

    @given(cst.coalitional_games(kind="monotone"))
    def test_monotone_strategy(self, game: co.CoalitionalGame) -> None:
        assert game.is_monotone

    @given(cst.coalitional_games(n_players=st.integers(2, 4)))
    def test_superadditive_brute_force(self, game: co.CoalitionalGame) -> None:
        v, n = game.values, game.n_players
        brute = all(v[s | t] >= v[s] + v[t] - 1e-9
                    for s in range(1 << n) for t in range(1 << n) if not s & t)
        assert game.is_superadditive is brute

    @given(cst.coalitional_games(n_players=st.integers(2, 4)))
    def test_convex_brute_force(self, game: co.CoalitionalGame) -> None:
        v, n = game.values, game.n_players
        brute = all(v[s | t] + v[s & t] >= v[s] + v[t] - 1e-9
                    for s in range(1 << n) for t in range(1 << n))
        assert game.is_convex is brute


# ---------------------------------------------------------------------- families
class TestFamilies:
    def test_bankruptcy_values(self) -> None:
        # O'Neill (1982): v(S) = max(0, E - claims of the others)
        g = co.bankruptcy(200, [100, 200, 300])
        assert g.value([2]) == 0
        assert g.value([1, 2]) == 100
        assert g.value([0, 2]) == 0
        assert g.grand_value() == 200

    def test_bankruptcy_exact_fractions(self) -> None:
        g = co.bankruptcy(Fraction(1, 2), [Fraction(1, 3), Fraction(1, 3)])
        assert g.exact_values().tolist() == [0, Fraction(1, 6), Fraction(1, 6), Fraction(1, 2)]

    @pytest.mark.parametrize("estate, claims, match", [
        (700, [100, 200, 300], "estate"),
        (-1, [100, 200], "estate"),
        (10, [-1, 20], "claims"),
    ])
    def test_bankruptcy_bad_input(self, estate: int, claims: list[int], match: str) -> None:
        with pytest.raises(InvalidInputError, match=match):
            co.bankruptcy(estate, claims)

    def test_airport_is_max_cost(self) -> None:
        g = co.airport([3, 1, 2])
        assert g.is_cost
        assert g.value([1, 2]) == 2
        assert g.value([0, 1]) == 3
        with pytest.raises(InvalidInputError, match="non-negative"):
            co.airport([-1, 2])

    def test_glove(self) -> None:
        g = co.glove(2, 3)
        assert g.players == ("L1", "L2", "R1", "R2", "R3")
        assert g.value(["L1", "R1", "R2"]) == 1
        assert g.grand_value() == 2
        with pytest.raises(InvalidInputError, match="left"):
            co.glove(-1, 2)

    def test_weighted_voting(self) -> None:
        g = co.weighted_voting(Fraction(5, 2), [1, Fraction(3, 2), 1])
        assert g.value([0, 1]) == 1 and g.value([0, 2]) == 0
        with pytest.raises(InvalidInputError, match="quota"):
            co.weighted_voting(0, [1, 1])

    def test_weighted_voting_with_denominators_beyond_int64(self) -> None:
        """Exact comparisons whatever the denominators: w0 + w1 is exactly the quota."""
        w = [Fraction(1, 3**20), Fraction(1, 5**18), Fraction(1, 7**15), Fraction(1, 11**12)]
        g = co.weighted_voting(w[0] + w[1], w)
        assert g.value([0, 1]) == 1 and g.value([0, 3]) == 1 and g.value([0, 2]) == 0
        assert g.value([1, 2, 3]) == 0
        assert co.shapley_value(g, exact=True).to_dict() == {
            "player 0": Fraction(2, 3), "player 1": Fraction(1, 6), "player 2": 0,
            "player 3": Fraction(1, 6)}

    def test_unsc_game(self) -> None:
        g = co.un_security_council()
        assert g.n_players == 15
        # nine votes with all five permanent members pass; any veto fails
        assert g.value(["China", "France", "Russia", "UK", "USA", "E1", "E2", "E3", "E4"]) == 1
        assert g.value(["France", "Russia", "UK", "USA"] + [f"E{i}" for i in range(1, 11)]) == 0

    def test_unanimity(self) -> None:
        g = co.unanimity(["a", "b", "c"], ["a", "c"], worth=5)
        assert g.value(["a", "b", "c"]) == 5 and g.value(["a", "b"]) == 0
        x = sp.Symbol("x")
        assert co.unanimity(2, [0], worth=x).value([0]) == x
        with pytest.raises(InvalidInputError, match="non-empty"):
            co.unanimity(3, [])

    def test_symmetric_quota(self) -> None:
        g = co.symmetric_quota(4, 3, worth=2)
        assert g.value([0, 1]) == 0 and g.value([0, 1, 3]) == 2
        with pytest.raises(InvalidInputError, match="quota"):
            co.symmetric_quota(3, 4)

    def test_families_module(self) -> None:
        assert co.families.bankruptcy is co.bankruptcy
        assert set(co.families.__all__) >= {"bankruptcy", "airport", "glove", "weighted_voting",
                                            "unanimity", "symmetric_quota"}
