"""Float data stand for the short rationals they round: ties they meant stay ties exactly."""

from __future__ import annotations

from fractions import Fraction as Fr

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from coinnovation._util.tolerance import ROUNDOFF, snap_to_rationals


def snap(values: list[object]) -> list[Fr]:
    exact = np.array([*(Fr(v) for v in values), None], dtype=object)[:-1]
    return snap_to_rationals(exact).tolist()


def test_decimals_and_small_fractions_computed_in_floats_are_recovered() -> None:
    assert snap([3 * 0.1, 0.1 + 0.2, 1 - 2 / 3, 2.5, 7.0]) == [Fr(3, 10), Fr(3, 10), Fr(1, 3),
                                                               Fr(5, 2), Fr(7)]


def test_exact_numbers_and_genuine_binary_values_are_kept() -> None:
    tiny = Fr(1, 2**30)  # a float far from every short decimal: its binary value
    assert snap([Fr(1, 10**7 + 1), 2**-30, Fr(1, 2) + Fr(1, 10**9)]) == [
        Fr(1, 10**7 + 1), tiny, Fr(1, 2) + Fr(1, 10**9)]
    assert snap([0.5 + 1e-10]) == [Fr(0.5 + 1e-10)]  # 1e-10 is far above round-off


@given(st.integers(-10**6, 10**6), st.integers(0, 6))
def test_a_decimal_typed_or_computed_snaps_back_to_itself(c: int, k: int) -> None:
    value = Fr(c, 10**k)
    computed = (c * 0.1**k) if k else float(c)  # the decimal computed with float steps
    (got,) = snap([computed])
    assert abs(float(got) - computed) <= ROUNDOFF * max(1.0, abs(computed))
    assert got == value


def test_the_polynomial_solver_reads_floats_through_the_same_rule() -> None:
    """Payoffs computed as k/3 in floats become the integers k exactly (common denominator 3)."""
    import coinnovation as co
    from coinnovation.noncooperative._polynomial import _integer_payoffs

    ints = np.arange(24).reshape(3, 2, 2, 2) - 11
    game = co.NormalFormGame(list(ints / 3))
    Z = _integer_payoffs(game, game.payoff_array())
    assert [[int(v) for v in z.ravel()] for z in Z] == [list(z.ravel()) for z in ints]
    decimals = co.NormalFormGame(list(ints * 0.1))  # 0.1 steps: a power of ten, as before
    Z = _integer_payoffs(decimals, decimals.payoff_array())
    assert [[int(v) for v in z.ravel()] for z in Z] == [list(z.ravel()) for z in ints]
