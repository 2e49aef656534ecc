"""Replicator equations, Jacobians, rest points, state-dependent policies, hand derivations."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

import coinnovation as co
from _dynamics_models import (
    TRI,
    TWO,
    hand_gains,
    tripartite_game,
    tripartite_numeric,
    two_party_game,
)
from coinnovation.errors import InvalidGameError, InvalidInputError, SymbolicNotSupported

x, y, z = sp.symbols("x y z")


# ------------------------------------------------------------------ equations
def test_tripartite_equations_are_the_papers_reduced_form() -> None:
    """ẋ = x(1-x)Δ_E(y,z), ẏ = y(1-y)Δ_U(x,z), ż = z(1-z)Δ_G(x,y) (吴洁 et al. 2019)."""
    rd = co.ReplicatorDynamics(tripartite_game())
    assert rd.state == (x, y, z)
    d_e, d_u, d_g = hand_gains(TRI, x, y, z)
    assert sp.simplify(rd.gains[0] - d_e) == 0
    assert sp.simplify(rd.gains[1] - d_u) == 0
    assert sp.simplify(rd.gains[2] - d_g) == 0
    for eq, var, gain in zip(rd.equations, (x, y, z), (d_e, d_u, d_g), strict=True):
        assert sp.simplify(eq - var * (1 - var) * gain) == 0
    assert rd.parameters == frozenset(TRI.values()) - {TRI["R_E"], TRI["R_U"]} or \
        rd.parameters <= frozenset(TRI.values())
    assert rd.is_symbolic and not rd.is_state_dependent
    assert "ReplicatorDynamics(multi-population" in repr(rd)


def test_two_party_equations_and_full_fitness() -> None:
    rd = co.ReplicatorDynamics(two_party_game())
    s = TWO
    d_e = (y * s["alpha"] * s["DeltaR"] - s["C_E"] + s["S_E"] + (1 - y) * s["F"]
           - y * (s["T_E"] - s["F"]))
    assert sp.simplify(rd.equations[0] - x * (1 - x) * d_e) == 0
    assert len(rd.fitness) == 2 and len(rd.fitness[0]) == 2
    tex = rd.equations_latex()
    assert tex.startswith(r"\begin{cases}") and r"\frac{dx}{dt}" in tex and r"\frac{dy}{dt}" in tex


def test_three_strategy_equations_and_vertex_jacobian() -> None:
    """Players with 3 strategies: reduced coordinates x0, x1; Jacobian eigenvalues at vertices."""
    rng = np.random.default_rng(3)
    game = co.NormalFormGame([rng.integers(-5, 6, size=(3, 2)) for _ in range(2)])
    rd = co.ReplicatorDynamics(game)
    assert [str(s) for s in rd.state] == ["x0", "x1", "y"]
    assert rd.gains[0] is None and rd.gains[1] is not None
    # the full-coordinate equation for strategy 0 of the row player
    f = rd.fitness[0]
    x0, x1, _ = rd.state
    fbar = x0 * f[0] + x1 * f[1] + (1 - x0 - x1) * f[2]
    assert sp.expand(rd.equations[0] - x0 * (f[0] - fbar)) == 0
    for v in rd.vertices():
        ev = np.sort(np.linalg.eigvals(rd.jacobian(v)).real)
        st = rd.classify(v)
        np.testing.assert_allclose(ev, np.sort(np.real(st.eigenvalues)), atol=1e-12)


def test_single_population_equations() -> None:
    """Taylor & Jonker (1978): ẋ = x((Ax)_0 - x'Ax); for 2x2 x(1-x)(...)."""
    hd = co.NormalFormGame([[[-1, 2], [0, 1]], [[-1, 0], [2, 1]]])
    rd = co.ReplicatorDynamics(hd, population="single")
    assert rd.state == (x,)
    assert sp.simplify(rd.equations[0] - x * (1 - x) * (1 - 2 * x)) == 0
    interior = [p for p in rd.rest_points() if p.support == ((0, 1),)]
    assert len(interior) == 1 and interior[0].reduced == (sp.Rational(1, 2),)
    assert rd.classify(interior[0]).kind == "sink"
    assert rd.classify((0,)).kind == "source" and rd.classify((1, 1)).kind == "source"
    ess = rd.evolutionarily_stable_states()
    np.testing.assert_allclose(ess[0].strategies[0], [0.5, 0.5])


# ------------------------------------------------------------------ points and Jacobians
def test_points_profiles_mixed_and_reduced_forms_agree() -> None:
    rd = co.ReplicatorDynamics(tripartite_numeric(2.5))
    by_profile = rd.jacobian((0, 1, 0))
    by_labels = rd.jacobian(("cooperate", "defect", "active"))
    by_mixed = rd.jacobian(([1.0, 0.0], [0.0, 1.0], [1.0, 0.0]))
    by_reduced = rd.jacobian([1.0, 0.0, 1.0])
    for other in (by_labels, by_mixed, by_reduced):
        np.testing.assert_allclose(by_profile, other)
    # floats are never strategy indices: (1.0, 0.0, 1.0) is the profile (0, 1, 0)
    assert rd.classify([1.0, 0.0, 1.0]).kind == rd.classify((0, 1, 0)).kind
    J = rd.jacobian()
    assert isinstance(J, sp.Matrix) and J.shape == (3, 3)
    np.testing.assert_allclose(rd.velocity((0.3, 0.4, 0.5)),
                               [float(e.subs({x: 0.3, y: 0.4, z: 0.5})) for e in rd.equations])


def test_jacobian_on_face_and_interior_matches_finite_differences() -> None:
    rd = co.ReplicatorDynamics(tripartite_numeric(2.5))
    for point in ([0.3, 0.6, 0.2], [1.0, 0.4, 0.7], [0.5, 0.5, 0.0]):
        J = rd.jacobian(point)
        h = 1e-6
        fd = np.empty((3, 3))
        for j in range(3):
            up = list(point)
            dn = list(point)
            up[j] += h
            dn[j] -= h
            fd[:, j] = (np.array([float(e.subs(dict(zip(rd.state, up, strict=True))))
                                  for e in rd.equations])
                        - np.array([float(e.subs(dict(zip(rd.state, dn, strict=True))))
                                    for e in rd.equations])) / (2 * h)
        np.testing.assert_allclose(J, fd, atol=1e-6)


def test_symbolic_jacobian_at_symbolic_point() -> None:
    rd = co.ReplicatorDynamics(two_party_game())
    interior = next(p for p in rd.rest_points() if p.support == ((0, 1), (0, 1)))
    J = rd.jacobian(interior)
    assert isinstance(J, sp.Matrix)
    assert J[0, 0] == 0 and J[1, 1] == 0  # diagonal vanishes at the interior point
    st = rd.classify(interior)
    assert len(st.eigenvalues) == 2
    assert sp.simplify(st.eigenvalues[0] + st.eigenvalues[1]) == 0  # ±sqrt(J01 J10)


def test_subs_gives_numeric_dynamics() -> None:
    rd = co.ReplicatorDynamics(tripartite_game())
    values = {str(k): v for k, v in __import__("_dynamics_models").TRI_NUMBERS.items()}
    num = rd.subs({**values, "S_E": 2.5, "S_U": 2.5})
    assert not num.is_symbolic
    assert {e.profile for e in num.evolutionarily_stable_states()} == {(0, 0, 0), (1, 1, 0)}
    with pytest.raises(InvalidInputError, match="subs: 'x' is a state variable"):
        rd.subs({"x": 1})


# ------------------------------------------------------------------ state-dependent policies
def _dynamic_subsidy_game(s_max: float | sp.Expr) -> co.NormalFormGame:
    """Two-party game whose subsidy to cooperating firms falls as cooperation spreads.

    S(x) = S_max (1 - x) (dynamic reward, 动态奖惩机制); x is the firms' cooperation share.
    """
    s = s_max * (1 - x)
    ue = [[3 + 5 - 4 + s, 3 - 4 + 1 + s], [3 + 3 - 1, 3]]
    uu = [[2 + 5 - 4 + 2, 2 + 3 - 1], [2 - 4 + 1 + 2, 2]]
    return co.NormalFormGame([ue, uu])


def test_state_dependent_subsidy_equations_and_rest_points() -> None:
    rd = co.ReplicatorDynamics(_dynamic_subsidy_game(6))
    assert rd.is_state_dependent and not rd.is_symbolic
    gain = sp.expand(rd.gains[0])
    # Δ_E(x, y) = y(αΔR - T_E + F) + F - C_E + S(x) - yF  with S(x) = 6(1 - x)
    assert sp.expand(gain - (y * (5 - 3 + 1) + 1 - 4 + 6 * (1 - x) - y * 1)) == 0
    assert x in rd.equations[0].free_symbols
    for p in rd.rest_points():
        if not p.is_continuum:
            assert np.max(np.abs(rd.velocity(p))) < 1e-12
    # at the vertex x = 1 the subsidy has vanished: eigenvalue = gain evaluated there
    st = rd.classify((0, 0))
    assert st.eigenvalues[0] == pytest.approx(-float(gain.subs({x: 1, y: 1})))
    # sink vertices are the ESS of these dynamics
    sinks = {v for v in rd.vertices() if rd.classify(v).kind == "sink"}
    assert {e.profile for e in co.evolutionarily_stable_states(rd)} == sinks
    assert {e.profile for e in rd.evolutionarily_stable_states()} == sinks


def test_state_dependent_symbolic_parameter() -> None:
    smax = sp.Symbol("S_max", positive=True)
    rd = co.ReplicatorDynamics(_dynamic_subsidy_game(smax))
    assert rd.parameters == frozenset({smax}) and rd.is_state_dependent
    st = rd.classify((1, 1))  # x = 0: the full subsidy S_max is paid
    # E's eigenvalue at x = 0, y = 0: Δ_E(0, 0) = 1 - 4 + S_max
    assert sp.simplify(st.eigenvalues[0] - (smax - 3)) == 0
    assert st.signs[0] == "?"


# ------------------------------------------------------------------ checking a hand derivation
def test_check_equations_accepts_correct_hand_derivation() -> None:
    rd = co.ReplicatorDynamics(two_party_game())
    hand = [
        "x*(1-x)*(y*alpha*DeltaR - C_E + S_E + (1-y)*F - y*(T_E - F))",
        "y(1-y)(x(1-alpha)DeltaR - C_U + S_U + (1-x)F - x(T_U - F))",
    ]
    res = rd.check_equations(hand)
    assert res.equal and bool(res) and res.mismatches == ()
    assert "equal" in repr(res) and res.to_dict()["equal"] is True
    assert rd.check_equations({"y": hand[1], "x": hand[0]}).equal
    assert rd.check_equations(["dx/dt = " + hand[0], "y' = " + hand[1]]).equal


def test_check_equations_shows_the_difference() -> None:
    """A typical slip: the breach compensation F forgotten in the firm's defection payoff."""
    rd = co.ReplicatorDynamics(two_party_game())
    s = TWO
    wrong_x = x * (1 - x) * (y * s["alpha"] * s["DeltaR"] - s["C_E"] + s["S_E"] + (1 - y) * s["F"]
                             - y * s["T_E"])
    right_y = "y*(1-y)*(x*(1-alpha)*DeltaR - C_U + S_U + (1-x)*F - x*(T_U - F))"
    res = rd.check_equations([wrong_x, right_y])
    assert not res.equal
    assert res.mismatches == (x,)
    assert sp.simplify(res.differences[0] - (-x * (1 - x) * y * s["F"])) == 0
    assert res.differences[1] == 0
    assert "NOT equal" in repr(res) and r"\dot{x}" in res.to_latex()


@pytest.mark.parametrize("text", [
    pytest.param("__import__('os').system('echo hi')", id="import"),
    pytest.param("x.__class__", id="attribute"),
    pytest.param("lambda: 1", id="lambda"),
    pytest.param("[x for x in ()]", id="comprehension"),
    pytest.param("Q*x", id="unknown-name"),
    pytest.param("eval('1')", id="eval"),
    pytest.param("x*(1-", id="syntax"),
    pytest.param("'x'", id="string-literal"),
])
def test_check_equations_rejects_unsafe_or_bad_strings(text) -> None:
    rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
    with pytest.raises(InvalidInputError, match=r"equations\[0\]"):
        rd.check_equations([text, "y"])


def test_check_equations_argument_errors() -> None:
    rd = co.ReplicatorDynamics(co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]]))
    with pytest.raises(InvalidInputError, match="equations: expected 2 equations"):
        rd.check_equations(["x"])
    with pytest.raises(InvalidInputError, match="equations: expected a sequence"):
        rd.check_equations("x")
    with pytest.raises(InvalidInputError, match="equations: 'w' is not a state variable"):
        rd.check_equations({"w": "x", "y": "y"})
    with pytest.raises(InvalidInputError, match="equations: missing the equation for y"):
        rd.check_equations({"x": "x"})
    with pytest.raises(InvalidInputError, match=r"equations\[1\]: unknown symbols q"):
        rd.check_equations(["x", sp.Symbol("q")])
    with pytest.raises(InvalidInputError, match=r"equations\[0\]: the left side"):
        rd.check_equations(["x + 1 = x", "y"])
    with pytest.raises(InvalidInputError, match=r"equations\[0\]: expected a sympy expression"):
        rd.check_equations([None, "y"])


# ------------------------------------------------------------------ input validation
def test_constructor_errors_name_the_argument() -> None:
    with pytest.raises(InvalidInputError, match=r"game: expected a coinnovation\.NormalFormGame"):
        co.ReplicatorDynamics([[1, 2], [3, 4]])
    g = tripartite_numeric(2)
    with pytest.raises(InvalidInputError, match="population: expected 'multi' or 'single'"):
        co.ReplicatorDynamics(g, population="many")
    with pytest.raises(InvalidGameError, match="game: population='single'"):
        co.ReplicatorDynamics(g, population="single")
    with pytest.raises(InvalidInputError, match="state: expected 3 names"):
        co.ReplicatorDynamics(g, state=["a", "b"])
    with pytest.raises(InvalidInputError, match="state: names must be distinct"):
        co.ReplicatorDynamics(g, state=["a", "a", "b"])
    with pytest.raises(InvalidInputError, match="state: names must be identifiers"):
        co.ReplicatorDynamics(g, state=["a", "b", "1c"])
    with pytest.raises(InvalidInputError, match="state: expected a sequence"):
        co.ReplicatorDynamics(g, state="abc")
    rd = co.ReplicatorDynamics(g, state=["e", "u", "g"])
    assert [str(s) for s in rd.state] == ["e", "u", "g"]


def test_point_errors_name_the_argument() -> None:
    rd = co.ReplicatorDynamics(tripartite_numeric(2))
    with pytest.raises(InvalidInputError, match="point: expected 3 reduced coordinates"):
        rd.classify([0.5, 0.5])
    with pytest.raises(InvalidInputError, match="point: expected a pure profile"):
        rd.classify(3)
    with pytest.raises(InvalidInputError, match=r"point: .*outside the simplex"):
        rd.classify([1.5, 0.5, 0.5])
    with pytest.raises(InvalidInputError, match="point: an integer array is ambiguous"):
        rd.classify(np.array([1, 0, 1]))
    with pytest.raises(InvalidInputError, match=r"point\[1\]: .* is not a probability vector"):
        rd.classify(([1.0, 0.0], [0.7, 0.7], [1.0, 0.0]))
    with pytest.raises(InvalidInputError, match="point"):
        rd.classify((0, 2, 0))
    with pytest.raises(InvalidInputError, match="point: coordinates must be numbers"):
        rd.classify([0.5, "a", 0.5])
    with pytest.raises(InvalidInputError, match="method: expected"):
        rd.rest_points(method="magic")
    with pytest.raises(SymbolicNotSupported, match="S_E"):
        co.ReplicatorDynamics(tripartite_game()).rest_points(method="numeric")


def test_rest_point_objects() -> None:
    degenerate = co.NormalFormGame([[[1, 1], [1, 1]], [[2, 0], [0, 1]]])
    rd = co.ReplicatorDynamics(degenerate)
    pts = rd.rest_points()
    cont = [p for p in pts if p.is_continuum]
    assert cont, "the row player is indifferent everywhere: whole edges are at rest"
    with pytest.raises(InvalidInputError, match=r"point: .*continuum"):
        rd.classify(cont[0])
    v = pts[0]
    assert v.is_vertex and v.label == "(s0, s0)" and "vertex (s0, s0)" in repr(v)
    assert v.to_dict()["profile"] == (0, 0)
    assert "continuum" in cont[0].label
