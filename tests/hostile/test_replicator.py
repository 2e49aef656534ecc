"""Hostile input for ``ReplicatorDynamics``: points, simulation settings, hand derivations."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import coinnovation as co
from coinnovation.errors import InvalidGameError, InvalidInputError

from ._assert import Case, check, params

GAME = co.NormalFormGame([[[2, 0], [0, 1]], [[1, 0], [0, 2]]])
RD = co.ReplicatorDynamics(GAME)
X0 = (np.array([0.5, 0.5]), np.array([0.5, 0.5]))
ASYMMETRIC = co.NormalFormGame([[[1, 0], [3, 1]], [[1, 0], [0, 1]]])

CASES = [
    Case("game-none", lambda: co.ReplicatorDynamics(None), InvalidInputError, "game"),
    Case("population-unknown", lambda: co.ReplicatorDynamics(GAME, population="mixed"),
         InvalidInputError, "population"),
    Case("single-population-asymmetric", lambda: co.ReplicatorDynamics(ASYMMETRIC,
                                                                       population="single"),
         InvalidGameError, "game"),
    Case("ess-population", lambda: co.evolutionarily_stable_states(GAME, population="x"),
         InvalidInputError, "population"),
    Case("ess-none", lambda: co.evolutionarily_stable_states(None), InvalidInputError, "game"),
    Case("point-string", lambda: RD.jacobian("abc"), InvalidInputError, "point"),
    Case("point-short", lambda: RD.jacobian((0,)), InvalidInputError, "point"),
    Case("point-out-of-range", lambda: RD.classify((5, 0)), InvalidInputError, "point"),
    Case("point-booleans", lambda: RD.classify((True, False)), InvalidInputError, "point"),
    Case("point-nan", lambda: RD.jacobian((np.array([np.nan, 1]), np.array([0.5, 0.5]))),
         InvalidInputError, "point[0]"),
    Case("x0-negative", lambda: RD.simulate((np.array([-0.5, 1.5]), X0[1]), 1.0),
         InvalidInputError, "x0[0]"),
    Case("x0-string", lambda: RD.simulate("abc", 1.0), InvalidInputError, "x0"),
    Case("t-end-negative", lambda: RD.simulate(X0, -1.0), InvalidInputError, "t_end"),
    Case("t-end-nan", lambda: RD.simulate(X0, float("nan")), InvalidInputError, "t_end"),
    Case("t-end-inf", lambda: RD.simulate(X0, float("inf")), InvalidInputError, "t_end"),
    Case("n-points-zero", lambda: RD.simulate(X0, 1.0, n_points=0), InvalidInputError, "n_points"),
    Case("n-points-huge", lambda: RD.simulate(X0, 1.0, n_points=10**12), InvalidInputError,
         "n_points"),
    Case("t-eval-reversed", lambda: RD.simulate(X0, 1.0, t_eval=[1.0, 0.5]), InvalidInputError,
         "t_eval"),
    Case("t-eval-nan", lambda: RD.simulate(X0, 1.0, t_eval=[0.0, np.nan]), InvalidInputError,
         "t_eval"),
    Case("rtol-negative", lambda: RD.simulate(X0, 1.0, rtol=-1), InvalidInputError, "rtol"),
    Case("max-steps-zero", lambda: RD.simulate(X0, 1.0, max_steps=0), InvalidInputError,
         "max_steps"),
    Case("noise-negative", lambda: RD.simulate(X0, 1.0, noise=-1, rng=1), InvalidInputError,
         "noise"),
    Case("noise-nan", lambda: RD.simulate(X0, 1.0, noise=float("nan"), rng=1), InvalidInputError,
         "noise"),
    Case("sde-method", lambda: RD.simulate(X0, 1.0, noise=0.1, rng=1, method="rk4"),
         InvalidInputError, "method"),
    Case("sde-dt-zero", lambda: RD.simulate(X0, 1.0, noise=0.1, rng=1, dt=0), InvalidInputError,
         "dt"),
    Case("sde-dt-too-small", lambda: RD.simulate(X0, 1e6, noise=0.1, rng=1, dt=1e-9),
         InvalidInputError, "dt"),
    Case("rng-string", lambda: RD.simulate(X0, 1.0, noise=0.1, rng="seed"), InvalidInputError,
         "rng"),
    # hand derivations: strings go through the bounded safe parser
    Case("equations-none", lambda: RD.check_equations(None), InvalidInputError, "equations"),
    Case("equations-tower", lambda: RD.check_equations(["9^9^9", "y"]), InvalidInputError,
         "equations[0]", ("nested powers",)),
    Case("equations-big-power", lambda: RD.check_equations(["(x+y)^999", "y"]), InvalidInputError,
         "equations[0]", ("999",)),
    Case("equations-huge-float", lambda: RD.check_equations(["1e999999999*x", "y"]),
         InvalidInputError, "equations[0]"),
    Case("equations-huge-integer", lambda: RD.check_equations(["9" * 5000 + "*x", "y"]),
         InvalidInputError, "equations[0]"),
    Case("equations-sum-1e5", lambda: RD.check_equations(["+".join(["x"] * 100_000), "y"]),
         InvalidInputError, "equations[0]"),
    Case("equations-deep", lambda: RD.check_equations(["(" * 5000 + "x" + ")" * 5000, "y"]),
         InvalidInputError, "equations[0]"),
    Case("equations-expansion", lambda: RD.check_equations(["(1 + x + y + x*y + x*x + y*y)^100", "y"]),
         InvalidInputError, "equations[0]", ("expanded",)),
    Case("equations-fullwidth", lambda: RD.check_equations(["ｘ*(1-x)", "y"]), InvalidInputError,
         "equations[0]"),
    Case("equations-unknown", lambda: RD.check_equations(["Q*x", "y"]), InvalidInputError,
         "equations[0]", ("'Q'",)),
]


@pytest.mark.parametrize("case", params(CASES))
def test_hostile_dynamics_input_is_a_named_error(case: Case) -> None:
    check(case)


def test_a_long_hand_derivation_is_checked_not_refused() -> None:
    """300 terms written out (beyond the nesting limit, within the term limit): equal."""
    x, y = RD.state
    lhs = " + ".join(["x*(1-x)*(3*y-1)/300"] * 300)
    res = RD.check_equations([lhs, "y*(1-y)*(3*x-2)"])
    assert res.equal
    assert sp.expand(res.given[0] - x * (1 - x) * (3 * y - 1)) == 0


def test_implicit_products_and_carets_still_read() -> None:
    res = RD.check_equations(["x(1-x)(3y-1)", "y(1 - y)(3x - 2)^1"])
    assert res.equal
