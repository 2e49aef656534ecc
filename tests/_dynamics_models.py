"""Literature models for the evolutionary-dynamics tests, built from ../shared/MODELS.md.

Built directly from the papers' formulas (1 = cooperate / active); coinnovation's
strategy index 0 is cooperate, so a paper state (e, u, g) is the profile
(1 - e, 1 - u, 1 - g). The hand derivations below are written independently of
the library, from the payoff formulas.

Sources: 吴洁, 车晓静, 盛永祥, 陈璐, 施琴芬 (2019) 中国管理科学 "基于三方演化博弈的政产学研
协同创新机制研究"; Liu, Huang & Zhan (2019) Complexity 9326489; 方炜, 王婵, 李正锋
(2019) 运筹与管理 (two-party game).
"""

from __future__ import annotations

import itertools
from typing import Any

import sympy as sp

import coinnovation as co

TRI_NAMES = "R_E R_U alpha DeltaR C_E C_U F T_E T_U S_E S_U P_E P_U C_G L W_a"
TRI = dict(zip(TRI_NAMES.split(), sp.symbols(TRI_NAMES, positive=True), strict=True))

# a numeric instance: (1,1,1) is an ESS iff 1 < S_E, 1 < S_U and S_E + S_U < 6
TRI_NUMBERS: dict[str, Any] = {"R_E": 10, "R_U": 8, "alpha": sp.Rational(1, 2), "DeltaR": 10,
                               "C_E": 5, "C_U": 5, "F": 1, "T_E": 3, "T_U": 3, "P_E": 1,
                               "P_U": 1, "C_G": 2, "L": 3, "W_a": 8}


def tripartite_payoffs(s: dict[str, Any], e: int, u: int, g: int) -> tuple[Any, Any, Any]:
    """MODELS.md payoffs at the paper state (e, u, g) in {0, 1}^3 (1 = cooperate / active)."""
    pay_e = (s["R_E"] + e * u * s["alpha"] * s["DeltaR"] - e * s["C_E"] + e * (1 - u) * s["F"]
             + (1 - e) * u * (s["T_E"] - s["F"]) + g * (e * s["S_E"] - (1 - e) * s["P_E"]))
    pay_u = (s["R_U"] + e * u * (1 - s["alpha"]) * s["DeltaR"] - u * s["C_U"]
             + u * (1 - e) * s["F"] + (1 - u) * e * (s["T_U"] - s["F"])
             + g * (u * s["S_U"] - (1 - u) * s["P_U"]))
    pay_g = (g * (-s["C_G"] - e * s["S_E"] - u * s["S_U"] + (1 - e) * s["P_E"]
                  + (1 - u) * s["P_U"] + e * u * s["W_a"]) - (1 - g) * (1 - e * u) * s["L"])
    return pay_e, pay_u, pay_g


def tripartite_game(values: dict[str, Any] | None = None) -> co.NormalFormGame:
    """The government-enterprise-university game; ``values`` overrides symbols by name."""
    s: dict[str, Any] = dict(TRI)
    if values:
        s.update(values)
    arrays: list[list[list[list[Any]]]] = [[[[0, 0], [0, 0]], [[0, 0], [0, 0]]] for _ in range(3)]
    for a in itertools.product(range(2), repeat=3):
        pays = tripartite_payoffs(s, 1 - a[0], 1 - a[1], 1 - a[2])
        for i in range(3):
            arrays[i][a[0]][a[1]][a[2]] = pays[i]
    return co.NormalFormGame(arrays, players=["enterprise", "university", "government"],
                             strategies=[["cooperate", "defect"], ["cooperate", "defect"],
                                         ["active", "passive"]])


def tripartite_numeric(subsidy_e: Any, subsidy_u: Any | None = None) -> co.NormalFormGame:
    vals = dict(TRI_NUMBERS)
    vals["S_E"] = subsidy_e
    vals["S_U"] = subsidy_e if subsidy_u is None else subsidy_u
    return tripartite_game(vals)


def hand_gains(s: dict[str, Any], e: Any, u: Any, g: Any) -> tuple[Any, Any, Any]:
    """Hand-derived gains of cooperating / being active (papers' Delta), MODELS.md payoffs.

    Delta_E = u*alpha*DeltaR - C_E + (1-u)F - u(T_E - F) + g(S_E + P_E)
    Delta_U = e*(1-alpha)*DeltaR - C_U + (1-e)F - e(T_U - F) + g(S_U + P_U)
    Delta_G = -C_G - e S_E - u S_U + (1-e)P_E + (1-u)P_U + e u W_a + (1 - e u) L
    """
    d_e = (u * s["alpha"] * s["DeltaR"] - s["C_E"] + (1 - u) * s["F"] - u * (s["T_E"] - s["F"])
           + g * (s["S_E"] + s["P_E"]))
    d_u = (e * (1 - s["alpha"]) * s["DeltaR"] - s["C_U"] + (1 - e) * s["F"]
           - e * (s["T_U"] - s["F"]) + g * (s["S_U"] + s["P_U"]))
    d_g = (-s["C_G"] - e * s["S_E"] - u * s["S_U"] + (1 - e) * s["P_E"] + (1 - u) * s["P_U"]
           + e * u * s["W_a"] + (1 - e * u) * s["L"])
    return d_e, d_u, d_g


def hand_vertex_eigenvalues(s: dict[str, Any], e: int, u: int, g: int) -> tuple[Any, Any, Any]:
    """At the paper vertex (e, u, g) the Jacobian is diagonal with (1 - 2x) Delta."""
    d = hand_gains(s, e, u, g)
    return tuple((1 - 2 * v) * dv for v, dv in zip((e, u, g), d, strict=True))


def hand_ess_profiles(s: dict[str, Any]) -> set[tuple[int, int, int]]:
    """Profiles (coinnovation indices) whose three hand eigenvalues are all negative."""
    out = set()
    for e, u, g in itertools.product(range(2), repeat=3):
        if all(sp.sympify(v) < 0 for v in hand_vertex_eigenvalues(s, e, u, g)):
            out.add((1 - e, 1 - u, 1 - g))
    return out


TWO_NAMES = "pi_E pi_U alpha DeltaR C_E C_U T_E T_U F S_E S_U"
TWO = dict(zip(TWO_NAMES.split(), sp.symbols(TWO_NAMES, positive=True), strict=True))
TWO_NUMBERS: dict[str, Any] = {"pi_E": 3, "pi_U": 2, "alpha": sp.Rational(1, 2), "DeltaR": 10,
                               "C_E": 4, "C_U": 4, "T_E": 3, "T_U": 3, "F": 1, "S_E": 2,
                               "S_U": 2}


def two_party_game(values: dict[str, Any] | None = None) -> co.NormalFormGame:
    """MODELS.md two-party industry-university game (方炜 et al. 2019)."""
    s: dict[str, Any] = dict(TWO)
    if values:
        s.update(values)
    ue = [[s["pi_E"] + s["alpha"] * s["DeltaR"] - s["C_E"] + s["S_E"],
           s["pi_E"] - s["C_E"] + s["F"] + s["S_E"]],
          [s["pi_E"] + s["T_E"] - s["F"], s["pi_E"]]]
    uu = [[s["pi_U"] + (1 - s["alpha"]) * s["DeltaR"] - s["C_U"] + s["S_U"],
           s["pi_U"] + s["T_U"] - s["F"]],
          [s["pi_U"] - s["C_U"] + s["F"] + s["S_U"], s["pi_U"]]]
    return co.NormalFormGame([ue, uu], players=["enterprise", "university"],
                             strategies=[["C", "D"], ["C", "D"]])
