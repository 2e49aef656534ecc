"""Feedback equilibria: the classic closed forms, HJB residuals, Riccati, Itô terms, errors, paths."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
import sympy as sp
from hypothesis import given, settings
from scipy.integrate import solve_ivp

import coinnovation as co
from coinnovation import strategies as cst
from coinnovation.errors import InvalidGameError, InvalidInputError, SolverError, UnknownPlayerError

K, u, v = sp.symbols("K u v", real=True)
a, b, delta, theta, mu, rho, q, r = sp.symbols("a b delta theta mu rho q r", positive=True)


@pytest.fixture(scope="module")
def share_game() -> co.DifferentialGame:
    return co.models.knowledge_stock()


@pytest.fixture(scope="module")
def solved(share_game: co.DifferentialGame) -> dict[str, co.FeedbackEquilibrium]:
    return {
        "nash": co.feedback_equilibrium(share_game, mode="nash"),
        "cooperative": co.feedback_equilibrium(share_game, mode="cooperative"),
        "stackelberg": co.feedback_equilibrium(share_game, mode="stackelberg", leader="enterprise"),
    }


def _hjb_residual(game: co.DifferentialGame, payoff: sp.Expr, value: sp.Expr, laws: dict) -> sp.Expr:
    """rho V - [g + V' f + 1/2 tr(S S' V'')], written out here independently of the library."""
    h = payoff + sum(sp.diff(value, x) * game.dynamics[x] for x in game.states)
    if game.noise:
        h += sum(sp.Rational(1, 2) * game.noise[x][0] ** 2 * sp.diff(value, x, 2) for x in game.noise)
    return sp.simplify(game.discount * value - h.subs(laws))


# ------------------------------------------------------------------ the classic closed forms
def test_nash_efforts_are_the_classic_closed_form(share_game, solved) -> None:
    s = share_game.symbols
    eq = solved["nash"]
    shares = {"u_E": s["alpha"], "u_U": 1 - s["alpha"]}
    for name, share in shares.items():
        i = name[-1]
        expected = s[f"a_{i}"] * share * s["theta"] / (s[f"mu_{i}"] * (s["rho"] + s["delta"]))
        assert sp.simplify(eq.controls[s[name]] - expected) == 0
    assert eq.controls[s["t"]] == 0  # no cost sharing without a leader


def test_cooperative_efforts_use_the_whole_return(share_game, solved) -> None:
    s = share_game.symbols
    for i in ("E", "U"):
        expected = s[f"a_{i}"] * s["theta"] / (s[f"mu_{i}"] * (s["rho"] + s["delta"]))
        assert sp.simplify(solved["cooperative"].controls[s[f"u_{i}"]] - expected) == 0
    assert set(solved["cooperative"].values) == {"joint"}


def test_stackelberg_rate_is_3phi_minus_1_over_1_plus_phi(share_game, solved) -> None:
    s = share_game.symbols
    phi = s["alpha"]
    rate = solved["stackelberg"].controls[s["t"]]
    assert isinstance(rate, sp.Piecewise)
    interior = (3 * phi - 1) / (1 + phi)
    for value in (sp.Rational(1, 2), sp.Rational(2, 3), sp.Rational(9, 10)):
        assert rate.subs(phi, value) == interior.subs(phi, value)
    # the corner flips at phi = 1/3: positive just above, zero at and just below
    eps = sp.Rational(1, 1000)
    assert rate.subs(phi, sp.Rational(1, 3) + eps) > 0
    assert rate.subs(phi, sp.Rational(1, 3)) == 0
    assert rate.subs(phi, sp.Rational(1, 3) - eps) == 0


def test_stackelberg_rate_in_the_marginal_parameterization() -> None:
    game = co.models.knowledge_stock(parameterization="marginal")
    s = game.symbols
    rate = co.feedback_equilibrium(game, mode="stackelberg", leader="enterprise").controls[s["t"]]
    a_e, a_u = s["A_E"], s["A_U"]
    interior = (2 * a_e - a_u) / (2 * a_e + a_u)
    for ae, au in ((3, 1), (1, 1), (5, 2)):
        assert rate.subs({a_e: ae, a_u: au}) == interior.subs({a_e: ae, a_u: au})
    for ae, au in ((1, 2), (1, 3)):  # 2A_E <= A_U: no sharing
        assert rate.subs({a_e: ae, a_u: au}) == 0


def test_follower_effort_under_sharing_is_the_reaction_to_the_rate(share_game, solved) -> None:
    s = share_game.symbols
    eq = solved["stackelberg"]
    alpha = sp.Rational(3, 5)
    rate = eq.controls[s["t"]].subs(s["alpha"], alpha)
    effort = eq.controls[s["u_U"]].subs(s["alpha"], alpha)
    # the follower's FOC: (1 - t) mu_U u_U = a_U * dV_U/dK with dV_U/dK = (1 - alpha) theta / (rho + delta)
    slope = (1 - alpha) * s["theta"] / (s["rho"] + s["delta"])
    assert sp.simplify(effort - s["a_U"] * slope / ((1 - rate) * s["mu_U"])) == 0
    # and the closed form of the literature: a_U theta (1 + alpha) / (2 mu_U (rho + delta))
    assert (
        sp.simplify(effort - s["a_U"] * s["theta"] * (1 + alpha) / (2 * s["mu_U"] * (s["rho"] + s["delta"])))
        == 0
    )
    assert sp.simplify(effort - solved["nash"].controls[s["u_U"]].subs(s["alpha"], alpha)) != 0


@pytest.mark.parametrize("mode", ["nash", "cooperative", "stackelberg"])
def test_every_mode_satisfies_its_hjb_equations_symbolically(share_game, solved, mode) -> None:
    eq = solved[mode]
    alpha = share_game.symbols["alpha"]
    for value in (sp.Rational(1, 5), sp.Rational(3, 4)):  # both regimes of the bounded rate
        laws = {c: sp.piecewise_fold(e).subs(alpha, value) for c, e in eq.controls.items()}
        payoffs = {"joint": sum(share_game.payoffs.values())} if mode == "cooperative" else share_game.payoffs
        for who, g in payoffs.items():
            res = _hjb_residual(share_game, g.subs(alpha, value), eq.values[who].subs(alpha, value), laws)
            assert res == 0


# ------------------------------------------------------------------ property: residuals zero
@settings(max_examples=8, deadline=None)
@given(cst.differential_parameters(co.models.knowledge_stock(cost_sharing=False)))
def test_hjb_residuals_vanish_for_random_positive_parameters(values) -> None:
    game = co.models.knowledge_stock(cost_sharing=False).subs(values)
    for mode, lead in (("nash", None), ("stackelberg", "enterprise")):
        eq = co.feedback_equilibrium(game, mode=mode, leader=lead)
        for who, g in game.payoffs.items():
            assert _hjb_residual(game, g, eq.values[who], eq.controls) == 0
        # the laws maximise: each own first derivative of the Hamiltonian vanishes at the law
        for who, cs in game.controls.items():
            h = game.payoffs[who] + sp.diff(eq.values[who], K) * game.dynamics[game.states[0]]
            for c in cs:
                assert sp.simplify(sp.diff(h, c).subs(eq.controls)) == 0


# ------------------------------------------------------------------ linear-quadratic: Riccati
def _lq_game(**kw) -> co.DifferentialGame:
    vals = {"a": sp.Rational(1, 2), "b": 1, "q": 1, "r": 1, "rho": sp.Rational(1, 10), **kw}
    return co.DifferentialGame(
        states=[K],
        controls={"planner": [u]},
        dynamics={K: vals["a"] * K + vals["b"] * u},
        payoffs={"planner": -(vals["q"] * K**2 + vals["r"] * u**2) / 2},
        discount=vals["rho"],
        noise=kw.get("noise"),
    )


def test_lq_value_matches_the_numeric_riccati_solution() -> None:
    eq = co.feedback_equilibrium(_lq_game())
    assert eq.degree == 2
    c2 = sp.Poly(eq.values["planner"], K).coeff_monomial(K**2)
    # discounted LQ: CARE with A - rho/2; V = -P K^2 / 2
    p = scipy.linalg.solve_continuous_are(
        np.array([[0.5 - 0.05]]), np.array([[1.0]]), np.array([[1.0]]), np.array([[1.0]])
    )[0, 0]
    assert abs(float(c2) + p / 2) <= co.TOL * max(1.0, p)
    assert any("stabilizing" in n for n in eq.notes)
    a_cl = sp.diff(eq.closed_loop()[K], K)
    assert float(a_cl) < 0


def test_stochastic_linear_value_is_unchanged_and_quadratic_shifts_by_the_ito_term() -> None:
    sigma = sp.Symbol("sigma", positive=True)
    base = co.models.knowledge_stock(cost_sharing=False)
    s = base.symbols
    noisy = co.DifferentialGame(
        states=list(base.states),
        controls=base.controls,
        dynamics=base.dynamics,
        payoffs=base.payoffs,
        discount=base.discount,
        noise={s["K"]: sigma * s["K"]},
        ranges=base.ranges,
    )
    det, sto = co.feedback_equilibrium(base), co.feedback_equilibrium(noisy)
    for who in base.players:
        assert sp.simplify(det.values[who] - sto.values[who]) == 0
    sig = sp.Rational(1, 3)
    v_det = co.feedback_equilibrium(_lq_game()).values["planner"]
    v_sto = co.feedback_equilibrium(_lq_game(noise={K: sig})).values["planner"]
    c2 = sp.Poly(v_det, K).coeff_monomial(K**2)
    # rho V adds 1/2 sigma^2 V'' = sigma^2 c2: only the constant moves, by sigma^2 c2 / rho
    assert sp.simplify(v_sto - v_det - sig**2 * c2 / sp.Rational(1, 10)) == 0
    assert sp.simplify(v_sto - v_det) != 0


# ------------------------------------------------------------------ errors
def test_a_payoff_convex_in_its_own_control_is_refused() -> None:
    game = co.DifferentialGame(
        states=[K],
        controls={"firm": [u]},
        dynamics={K: a * u - delta * K},
        payoffs={"firm": theta * K + mu * u**2 / 2},
        discount=rho,
    )
    with pytest.raises(InvalidGameError, match="second-order condition"):
        co.feedback_equilibrium(game)


def test_a_control_appearing_nowhere_is_refused() -> None:
    with pytest.raises(InvalidGameError, match="appears in no payoff"):
        co.DifferentialGame(
            states=[K],
            controls={"firm": [u, v]},
            dynamics={K: a * u - delta * K},
            payoffs={"firm": theta * K - mu * u**2 / 2},
            discount=rho,
        )


def test_a_state_without_dynamics_is_refused() -> None:
    g_ = sp.Symbol("G", real=True)
    with pytest.raises(InvalidGameError, match="G has no dynamics"):
        co.DifferentialGame(
            states=[K, g_],
            controls={"firm": [u]},
            dynamics={K: a * u - delta * K},
            payoffs={"firm": theta * K - mu * u**2 / 2},
            discount=rho,
        )


def test_an_ansatz_that_does_not_close_is_refused() -> None:
    game = co.DifferentialGame(
        states=[K],
        controls={"firm": [u]},
        dynamics={K: a * u - delta * K},
        payoffs={"firm": theta * K - q * K**2 - mu * u**2 / 2},
        discount=rho,
    )
    with pytest.raises(SolverError, match="does not close"):
        co.feedback_equilibrium(game, degree=1)
    assert co.feedback_equilibrium(game).degree == 2  # chosen automatically, and it closes


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        pytest.param({"mode": "stackelberg"}, InvalidInputError, "needs leader", id="missing-leader"),
        pytest.param(
            {"mode": "stackelberg", "leader": "state"},
            UnknownPlayerError,
            "not a player",
            id="unknown-leader",
        ),
        pytest.param({"mode": "bargaining"}, InvalidInputError, "mode", id="bad-mode"),
        pytest.param(
            {"mode": "nash", "leader": "enterprise"},
            InvalidInputError,
            "only stackelberg",
            id="leader-outside-stackelberg",
        ),
        pytest.param({"degree": 0}, InvalidInputError, "degree", id="bad-degree"),
    ],
)
def test_bad_arguments_say_what_is_wrong(share_game, kwargs, error, match) -> None:
    with pytest.raises(error, match=match):
        co.feedback_equilibrium(share_game, **kwargs)


def test_strings_are_parsed_safely() -> None:
    game = co.DifferentialGame(
        states=["K"],
        controls={"firm": ["u"]},
        dynamics={"K": "a*u - delta*K"},
        payoffs={"firm": "theta*K - mu*u**2/2"},
        discount=rho,
        parameters=[a, delta, theta, mu],
    )
    eq = co.feedback_equilibrium(game)
    assert sp.simplify(eq.controls[game.symbols["u"]] - a * theta / (mu * (rho + delta))) == 0
    with pytest.raises(InvalidGameError, match="dynamics"):
        co.DifferentialGame(
            states=["K"],
            controls={"firm": ["u"]},
            dynamics={"K": "__import__('os')"},
            payoffs={"firm": "u"},
            discount=rho,
        )


# ------------------------------------------------------------------ state paths
def test_state_path_matches_a_numerical_integration_of_two_states() -> None:
    game = co.models.knowledge_goodwill(
        cost_sharing=False,
        a_E=1,
        a_U=2,
        delta=sp.Rational(1, 5),
        theta=1,
        alpha=sp.Rational(3, 5),
        mu_E=1,
        mu_U=2,
        rho=sp.Rational(1, 10),
        b_E=1,
        b_U=sp.Rational(1, 2),
        lam=sp.Rational(1, 4),
        epsilon=sp.Rational(1, 3),
        eta=sp.Rational(1, 2),
    )
    eq = co.feedback_equilibrium(game)
    times = np.linspace(0.0, 20.0, 11)
    path = eq.state_path(times, {"K": 1.0, "G": 0.5})
    xs = list(game.states)
    rhs = sp.lambdify([xs], [game.dynamics[x].subs(eq.controls) for x in xs])
    ref = solve_ivp(lambda _t, y: rhs(y), (0.0, 20.0), [1.0, 0.5], t_eval=times, rtol=1e-11, atol=1e-12)
    for k, x in enumerate(xs):
        assert np.max(np.abs(path[x] - ref.y[k])) <= 1e-6 * max(1.0, np.max(np.abs(ref.y[k])))
    # the steady state is the rest point of the closed loop, and the symbolic path tends to it
    tt = sp.Symbol("t", positive=True)
    closed = eq.state_path(tt, {"K": 1, "G": sp.Rational(1, 2)})
    for x in xs:
        assert game.dynamics[x].subs(eq.controls).subs(eq.steady_state) == 0
        assert sp.limit(closed[x], tt, sp.oo) == eq.steady_state[x]
        assert abs(float(closed[x].subs(tt, 4)) - float(path[x][2])) <= 1e-9


def test_subs_and_latex(solved, share_game) -> None:
    eq = solved["nash"].subs({"alpha": sp.Rational(1, 2), "theta": 2})
    s = share_game.symbols
    assert eq.controls[s["u_E"]].free_symbols == {s["a_E"], s["mu_E"], s["delta"], s["rho"]}
    assert share_game.symbol("alpha") is s["alpha"]
    with pytest.raises(InvalidInputError, match="not a symbol"):
        share_game.symbol("beta")
    tex = solved["stackelberg"].to_latex()
    assert tex.startswith("\\begin{aligned}") and "\\frac" in tex


def test_an_instrument_that_does_not_matter_is_reported_at_its_bound_with_a_note(solved, share_game) -> None:
    eq = solved["cooperative"]
    assert eq.controls[share_game.symbols["t"]] == 0
    assert any("does not affect" in n for n in eq.notes)
    assert not any("does not affect" in n for n in solved["stackelberg"].notes)


@pytest.mark.parametrize("initial", [
    pytest.param("abc", id="string"), pytest.param([float("nan")], id="nan"),
    pytest.param({"G": 1.0}, id="unknown-state"), pytest.param([1, 2], id="two")])
def test_state_path_refuses_bad_initial_states(solved, initial) -> None:
    with pytest.raises(InvalidInputError, match="initial"):
        solved["nash"].subs({"a_E": 1, "a_U": 1, "theta": 1, "mu_E": 1, "mu_U": 1, "delta": 1, "rho": 1,
                             "alpha": sp.Rational(1, 2)}).state_path(np.array([0.0, 1.0]), initial)


def test_bad_times_and_too_high_degree_are_refused(solved, share_game) -> None:
    eq = solved["nash"].subs({"a_E": 1, "a_U": 1, "theta": 1, "mu_E": 1, "mu_U": 1, "delta": 1, "rho": 1,
                              "alpha": sp.Rational(1, 2)})
    with pytest.raises(InvalidInputError, match="t:"):
        eq.state_path([1.0, 0.5], 0.0)
    with pytest.raises(InvalidInputError, match="degree"):
        co.feedback_equilibrium(share_game, degree=9)
