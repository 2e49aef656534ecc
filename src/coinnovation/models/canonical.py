"""Literature models of collaborative innovation, with symbols by default."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from .._util.latex import latex
from ..errors import InvalidInputError
from ..games.normal_form import NormalFormGame

__all__ = [
    "ALLIANCE_SYMBOLS",
    "INDUSTRY_UNIVERSITY_SYMBOLS",
    "RD_SYMBOLS",
    "STACKELBERG_SYMBOLS",
    "TRIPARTITE_SYMBOLS",
    "TRIPARTITE_TYPICAL",
    "RDSpillovers",
    "StackelbergSubsidy",
    "government_enterprise_university",
    "industry_university",
    "innovation_alliance",
    "rd_spillovers",
    "stackelberg_subsidy",
]

INDUSTRY_UNIVERSITY_SYMBOLS: dict[str, str] = {
    "pi_E": "enterprise's stand-alone return (独立收益)",
    "pi_U": "university's stand-alone return",
    "dR": "cooperative surplus of joint innovation (合作剩余 ΔR)",
    "alpha": "enterprise's share of the surplus (收益分配系数); the university gets 1 - alpha",
    "C_E": "enterprise's cost of cooperating (投入成本)",
    "C_U": "university's cost of cooperating",
    "T_E": "enterprise's gain from free riding on a cooperating university (搭便车)",
    "T_U": "university's gain from free riding on a cooperating enterprise",
    "F": "breach compensation paid by a defector to a cooperating partner (违约金)",
    "S_E": "government subsidy to a cooperating enterprise (政府补贴)",
    "S_U": "government subsidy to a cooperating university",
}


def industry_university(**values: Any) -> NormalFormGame:
    r"""The two-party industry–university cooperation game (产学研合作博弈).

    Each party cooperates (strategy 0, 积极合作) or defects (strategy 1,
    消极合作/违约). Payoffs (enterprise, university):

    ============  ====================================================  ==========================
    E \\ U         cooperate                                             defect
    ============  ====================================================  ==========================
    cooperate     :math:`\pi_E+\alpha\Delta R-C_E+S_E,`                 :math:`\pi_E-C_E+F+S_E,`
                  :math:`\pi_U+(1-\alpha)\Delta R-C_U+S_U`              :math:`\pi_U+T_U-F`
    defect        :math:`\pi_E+T_E-F,\ \pi_U-C_U+F+S_U`                 :math:`\pi_E,\ \pi_U`
    ============  ====================================================  ==========================

    (cooperate, cooperate) is a strict Nash equilibrium — and the sink of the
    two-population replicator dynamics — iff
    :math:`\alpha\Delta R+F+S_E > C_E+T_E` and
    :math:`(1-\alpha)\Delta R+F+S_U > C_U+T_U`.

    Parameters
    ----------
    **values
        Numbers for any of the symbols ``pi_E, pi_U, dR, alpha, C_E, C_U, T_E,
        T_U, F, S_E, S_U`` (see :data:`INDUSTRY_UNIVERSITY_SYMBOLS`); the others
        stay sympy symbols (nonnegative; ``alpha`` in [0, 1] is the user's to
        respect).

    Returns
    -------
    NormalFormGame
        Players ``("enterprise", "university")``, strategies ``("cooperate", "defect")``.

    References
    ----------
    方炜, 王婵, 李正锋 (2019), 运筹与管理; 盛永祥 et al. (2020), 管理工程学报.

    Examples
    --------
    >>> import coinnovation as co
    >>> g = co.models.industry_university(pi_E=0, pi_U=0, dR=10, alpha=0.5, C_E=3, C_U=3,
    ...                                   T_E=3, T_U=3, F=2, S_E=0, S_U=0)
    >>> [e.profile for e in co.pure_nash_equilibria(g)]
    [(0, 0), (1, 1)]
    >>> sorted(map(str, co.models.industry_university(F=2).free_symbols))[:4]
    ['C_E', 'C_U', 'S_E', 'S_U']
    """
    unknown = sorted(set(values) - set(INDUSTRY_UNIVERSITY_SYMBOLS))
    if unknown:
        raise InvalidInputError(
            f"industry_university: unknown parameter(s) {', '.join(unknown)}; "
            f"the parameters are {', '.join(INDUSTRY_UNIVERSITY_SYMBOLS)}")
    sym = {name: sp.Symbol(name, nonnegative=True) for name in INDUSTRY_UNIVERSITY_SYMBOLS}
    p = {name: (sp.nsimplify(values[name], rational=True) if name in values else sym[name])
         for name in INDUSTRY_UNIVERSITY_SYMBOLS}
    piE, piU, dR, a = p["pi_E"], p["pi_U"], p["dR"], p["alpha"]
    CE, CU, TE, TU, F, SE, SU = (p[k] for k in ("C_E", "C_U", "T_E", "T_U", "F", "S_E", "S_U"))
    E = [[piE + a * dR - CE + SE, piE - CE + F + SE], [piE + TE - F, piE]]
    U = [[piU + (1 - a) * dR - CU + SU, piU + TU - F], [piU - CU + F + SU, piU]]
    return NormalFormGame([E, U], players=["enterprise", "university"],
                          strategies=[["cooperate", "defect"], ["cooperate", "defect"]])


# ---------------------------------------------------------------------------- tripartite
TRIPARTITE_SYMBOLS: dict[str, str] = {
    "R_E": "enterprise's stand-alone return (独立收益)",
    "R_U": "university's stand-alone return",
    "dR": "cooperative surplus of joint innovation (合作剩余 ΔR)",
    "alpha": "enterprise's share of the surplus (收益分配系数); the university gets 1 - alpha",
    "C_E": "enterprise's cost of cooperating (投入成本)",
    "C_U": "university's cost of cooperating",
    "F": "breach compensation paid by a defector to a cooperating partner (违约金)",
    "T_E": "enterprise's gain from free riding on a cooperating university (搭便车)",
    "T_U": "university's gain from free riding on a cooperating enterprise",
    "S_E": "subsidy an active government pays a cooperating enterprise (政府补贴)",
    "S_U": "subsidy an active government pays a cooperating university",
    "P_E": "fine an active government levies on a defecting enterprise (罚款)",
    "P_U": "fine an active government levies on a defecting university",
    "C_G": "active government's supervision cost (监管成本)",
    "L": "passive government's loss when cooperation fails",
    "W_a": "active government's benefit when both cooperate (社会效益)",
}

TRIPARTITE_TYPICAL: dict[str, Any] = {
    "R_E": 10, "R_U": 8, "dR": 10, "alpha": sp.Rational(1, 2), "C_E": 5, "C_U": 5, "F": 1,
    "T_E": 3, "T_U": 3, "P_E": 1, "P_U": 1, "C_G": 2, "L": 3, "W_a": 8,
}
"""Typical numbers (all but the subsidies): (0, 0, 0) is an ESS iff
``S_E > 1``, ``S_U > 1`` and ``S_E + S_U < 6``."""


def _parameters(names: dict[str, str], values: dict[str, Any], where: str,
                assumptions: dict[str, dict[str, bool]] | None = None) -> dict[str, Any]:
    unknown = sorted(set(values) - set(names))
    if unknown:
        raise InvalidInputError(
            f"{where}: unknown parameter(s) {', '.join(unknown)}; the parameters are "
            f"{', '.join(names)}")
    out: dict[str, Any] = {}
    for name in names:
        if name in values:
            v = values[name]
            if isinstance(v, sp.Basic):
                out[name] = v
            elif isinstance(v, bool) or not isinstance(v, (int, float, Fraction, np.number)):
                raise InvalidInputError(
                    f"{name}: expected a number or a sympy expression, got {v!r}")
            else:
                if not np.isfinite(float(v)):
                    raise InvalidInputError(f"{name}: expected a finite number, got {v!r}")
                out[name] = sp.nsimplify(v, rational=True)
        else:
            kw = (assumptions or {}).get(name, {"nonnegative": True})
            out[name] = sp.Symbol(name, **kw)
    return out


def government_enterprise_university(**values: Any) -> NormalFormGame:
    r"""The tripartite government–enterprise–university game (政产学研三方演化博弈).

    Enterprises (E) and universities (U) cooperate (strategy 0) or defect
    (strategy 1); the government (G) is active (strategy 0: subsidises
    cooperators, fines defectors, pays a supervision cost) or passive
    (strategy 1). With the papers' indicators :math:`e, u, g \in \{0, 1\}`
    (1 = cooperate / active; the profile index is :math:`1 - e` etc.):

    .. math::

        u_E &= R_E + eu\,\alpha\Delta R - eC_E + e(1-u)F + (1-e)u(T_E - F)
              + g\,(eS_E - (1-e)P_E) \\
        u_U &= R_U + eu(1-\alpha)\Delta R - uC_U + u(1-e)F + (1-u)e(T_U - F)
              + g\,(uS_U - (1-u)P_U) \\
        u_G &= g\,(-C_G - eS_E - uS_U + (1-e)P_E + (1-u)P_U + eu\,W_a)
              - (1-g)(1 - eu)L

    Payoff table (E, U, G) at the eight profiles (index 0 = cooperate/active):

    ==========  =====================================================================
    profile     payoffs
    ==========  =====================================================================
    (0, 0, 0)   R_E+αΔR−C_E+S_E, R_U+(1−α)ΔR−C_U+S_U, −C_G−S_E−S_U+W_a
    (0, 0, 1)   R_E+αΔR−C_E, R_U+(1−α)ΔR−C_U, 0
    (0, 1, 0)   R_E−C_E+F+S_E, R_U+T_U−F−P_U, −C_G−S_E+P_U
    (0, 1, 1)   R_E−C_E+F, R_U+T_U−F, −L
    (1, 0, 0)   R_E+T_E−F−P_E, R_U−C_U+F+S_U, −C_G−S_U+P_E
    (1, 0, 1)   R_E+T_E−F, R_U−C_U+F, −L
    (1, 1, 0)   R_E−P_E, R_U−P_U, −C_G+P_E+P_U
    (1, 1, 1)   R_E, R_U, −L
    ==========  =====================================================================

    Everybody cooperating, ``(0, 0, 0)``, is an evolutionarily stable state
    (演化稳定策略) iff

    .. math::

        S_E > C_E + T_E - F - P_E - \alpha\Delta R,\quad
        S_U > C_U + T_U - F - P_U - (1-\alpha)\Delta R,\quad
        S_E + S_U < W_a - C_G,

    a subsidy *window* whose upper bound comes from the government's own
    payoff ("keep incentives in a reasonable range").

    Parameters
    ----------
    **values
        Numbers (or sympy expressions) for any of the symbols of
        :data:`TRIPARTITE_SYMBOLS`; the others stay sympy symbols
        (nonnegative). :data:`TRIPARTITE_TYPICAL` holds typical numbers.

    Returns
    -------
    NormalFormGame
        Players ``("enterprise", "university", "government")``.

    References
    ----------
    吴洁, 车晓静, 盛永祥, 陈璐, 施琴芬 (2019), 中国管理科学, "基于三方演化博弈的
    政产学研协同创新机制研究"; Liu, Huang & Zhan (2019), Complexity 9326489.

    Examples
    --------
    >>> import coinnovation as co
    >>> from coinnovation.models import TRIPARTITE_TYPICAL
    >>> g = co.models.government_enterprise_university(**TRIPARTITE_TYPICAL, S_E=2, S_U=2)
    >>> [e.profile for e in co.evolutionarily_stable_states(g)]
    [(0, 0, 0), (1, 1, 0)]
    >>> co.stability_region(co.models.government_enterprise_university(**TRIPARTITE_TYPICAL, S_U=2),
    ...                     "S_E", profile=(0, 0, 0))
    Interval.open(1, 4)
    """
    p = _parameters(TRIPARTITE_SYMBOLS, values, "government_enterprise_university")
    arrays = [np.empty((2, 2, 2), dtype=object) for _ in range(3)]
    for a in itertools.product(range(2), repeat=3):
        e, u, g = (1 - k for k in a)
        pay_e = (p["R_E"] + e * u * p["alpha"] * p["dR"] - e * p["C_E"] + e * (1 - u) * p["F"]
                 + (1 - e) * u * (p["T_E"] - p["F"]) + g * (e * p["S_E"] - (1 - e) * p["P_E"]))
        pay_u = (p["R_U"] + e * u * (1 - p["alpha"]) * p["dR"] - u * p["C_U"]
                 + u * (1 - e) * p["F"] + (1 - u) * e * (p["T_U"] - p["F"])
                 + g * (u * p["S_U"] - (1 - u) * p["P_U"]))
        pay_g = (g * (-p["C_G"] - e * p["S_E"] - u * p["S_U"] + (1 - e) * p["P_E"]
                      + (1 - u) * p["P_U"] + e * u * p["W_a"]) - (1 - g) * (1 - e * u) * p["L"])
        for i, v in enumerate((pay_e, pay_u, pay_g)):
            arrays[i][a] = sp.expand(v)
    return NormalFormGame(arrays, players=["enterprise", "university", "government"],
                          strategies=[["cooperate", "defect"], ["cooperate", "defect"],
                                      ["active", "passive"]])


# ---------------------------------------------------------------------------- n-actor alliance
ALLIANCE_SYMBOLS: dict[str, str] = {
    "pi": "each actor's stand-alone return (独立收益)",
    "C": "cost of contributing to the alliance (投入成本)",
    "r": "synergy multiplier of contributions (协同效应): k contributors create r*C*k",
    "theta": "spillover: share of a member's part of the surplus a free rider still gets (知识溢出)",
    "S": "subsidy to each contributing member (政府补贴)",
    "P": "fine on each free rider (罚款)",
}


def innovation_alliance(n: int, **values: Any) -> NormalFormGame:
    r"""An n-actor innovation alliance / cluster (创新联盟) as a public-goods game with spillovers.

    Each of ``n`` members contributes (strategy 0) at cost :math:`C` or free
    rides (strategy 1). When :math:`k` members contribute they create the
    surplus (合作剩余) :math:`rCk`, divided equally per head; a free rider
    absorbs only the share :math:`\theta` of its part (spillover, 溢出) and pays
    the fine :math:`P`; a contributor receives the subsidy :math:`S`:

    .. math::

        u_i = \pi + \frac{rCk}{n} - C + S \quad\text{(contributor)},\qquad
        u_i = \pi + \theta\frac{rCk}{n} - P \quad\text{(free rider)}.

    With :math:`\theta = 1, S = P = 0` this is the linear public-goods game.
    Everybody contributing is a strict equilibrium (an ESS of the
    n-population dynamics) iff the last contributor gains from contributing:

    .. math::

        S + P > C\Bigl(1 - r + \theta r\frac{n-1}{n}\Bigr).

    Parameters
    ----------
    n : int
        Number of members (2 to 12: the payoff tables have ``2**n`` entries).
    **values
        Numbers for ``pi, C, r, theta, S, P`` (:data:`ALLIANCE_SYMBOLS`); the
        others stay nonnegative symbols.

    References
    ----------
    C. Hauert, S. De Monte, J. Hofbauer, K. Sigmund, "Volunteering as Red
    Queen mechanism for cooperation in public goods games", Science 296 (2002)
    1129-1132 (the n-player public-goods game); C. Hauert, F. Michor, M. A.
    Nowak, M. Doebeli, "Synergy and discounting of cooperation in social
    dilemmas", J. Theor. Biol. 239 (2006) 195-202.

    Examples
    --------
    >>> import coinnovation as co
    >>> g = co.models.innovation_alliance(4, pi=0, C=2, r=2, theta=1, P=0)
    >>> co.threshold(g, "S", profile=(0, 0, 0, 0))
    1
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 2 <= n <= 12:
        raise InvalidInputError(f"n: expected an integer from 2 to 12, got {n!r}")
    n = int(n)
    p = _parameters(ALLIANCE_SYMBOLS, values, "innovation_alliance")
    shape = (2,) * n
    arrays = [np.empty(shape, dtype=object) for _ in range(n)]
    for a in itertools.product(range(2), repeat=n):
        k = sum(1 for x in a if x == 0)
        share = p["r"] * p["C"] * k / n
        for i in range(n):
            if a[i] == 0:
                v = p["pi"] + share - p["C"] + p["S"]
            else:
                v = p["pi"] + p["theta"] * share - p["P"]
            arrays[i][a] = sp.expand(v)
    return NormalFormGame(arrays, players=[f"member {i}" for i in range(n)],
                          strategies=[["contribute", "free-ride"]] * n)


# ---------------------------------------------------------------------------- Stackelberg subsidy
@dataclass(frozen=True)
class StackelbergSubsidy:
    r"""Closed forms of the government–firm Stackelberg subsidy game.

    Attributes
    ----------
    symbols : dict
        The model's symbols (or numbers): ``p, epsilon, theta, k`` and the rate ``s``.
    firm_profit : sympy.Expr
        :math:`\pi_F(e; s) = p\theta e - (1-s)ke^2/2`.
    effort : sympy.Expr
        The firm's best response :math:`e^*(s) = p\theta/((1-s)k)`.
    welfare : sympy.Expr
        Welfare at the firm's response, :math:`W(s) = (p+\varepsilon)\theta e^*(s) - k e^*(s)^2/2`.
    optimal_subsidy : sympy.Expr
        :math:`s^* = \varepsilon/(p+\varepsilon)`, derived from :math:`W'(s) = 0`.
    first_best_effort : sympy.Expr
        :math:`(p+\varepsilon)\theta/k`, which :math:`e^*(s^*)` restores.
    """

    symbols: dict[str, Any]
    firm_profit: sp.Expr
    effort: sp.Expr
    welfare: sp.Expr
    optimal_subsidy: sp.Expr
    first_best_effort: sp.Expr

    def effort_at(self, s: Any) -> Any:
        """The firm's effort at subsidy rate ``s``."""
        return sp.simplify(self.effort.subs(self.symbols["s"], s))

    def to_dict(self) -> dict[str, str]:
        """The closed forms as strings."""
        return {k: str(getattr(self, k)) for k in ("firm_profit", "effort", "welfare",
                                                   "optimal_subsidy", "first_best_effort")}

    def to_latex(self) -> str:
        """The effort response and the optimal subsidy rate as LaTeX."""
        s = self.symbols["s"]
        return (f"e^*({latex(s)}) = {latex(self.effort)}, \\quad "
                f"s^* = {latex(self.optimal_subsidy)}")


STACKELBERG_SYMBOLS: dict[str, str] = {
    "p": "the firm's private return per unit of innovation output",
    "epsilon": "the external (social) return per unit of output, not captured by the firm (溢出)",
    "theta": "innovation output per unit of effort",
    "k": "effort cost parameter (cost k e**2 / 2)",
}


def stackelberg_subsidy(**values: Any) -> StackelbergSubsidy:
    r"""The government–firm Stackelberg subsidy game and its optimal subsidy rate (最优补贴率).

    The government (leader) pays the share :math:`s` of the firm's innovation
    cost; the firm (follower) chooses effort :math:`e` to maximise
    :math:`p\theta e - (1-s)ke^2/2`, so :math:`e^*(s) = p\theta/((1-s)k)`.
    The government maximises welfare
    :math:`W = (p+\varepsilon)\theta e - ke^2/2` (the subsidy is a transfer)
    anticipating :math:`e^*(s)`; the first-order condition gives

    .. math::

        s^* = \frac{\varepsilon}{p + \varepsilon},

    at which the firm's effort equals the first best
    :math:`(p+\varepsilon)\theta/k`: a Pigouvian subsidy for the innovation
    spillover. The closed forms are derived here by sympy, not typed in.

    Parameters
    ----------
    **values
        Numbers for ``p, epsilon, theta, k`` (:data:`STACKELBERG_SYMBOLS`);
        the others are positive symbols.

    References
    ----------
    A. C. Pigou, *The Economics of Welfare*, Macmillan (1920) (corrective
    subsidy); ../shared/MODELS.md, "Stackelberg subsidy".

    Examples
    --------
    >>> import coinnovation as co
    >>> m = co.models.stackelberg_subsidy()
    >>> m.optimal_subsidy
    epsilon/(epsilon + p)
    >>> co.models.stackelberg_subsidy(p=3, epsilon=1, theta=1, k=1).optimal_subsidy
    1/4
    """
    pos = {name: {"positive": True} for name in STACKELBERG_SYMBOLS}
    q = _parameters(STACKELBERG_SYMBOLS, values, "stackelberg_subsidy", pos)
    s, e = sp.Symbol("s", real=True), sp.Symbol("e", nonnegative=True)
    p, eps, theta, k = q["p"], q["epsilon"], q["theta"], q["k"]
    profit = p * theta * e - (1 - s) * k * e**2 / 2
    (effort,) = sp.solve(sp.diff(profit, e), e)
    welfare = sp.simplify((p + eps) * theta * effort - k * effort**2 / 2)
    roots = [r for r in sp.solve(sp.diff(welfare, s), s) if r != 1]
    if len(roots) != 1:
        raise InvalidInputError(f"stackelberg_subsidy: no unique optimal subsidy for {values!r}")
    first_best = sp.simplify((p + eps) * theta / k)
    return StackelbergSubsidy({**q, "s": s}, profit, sp.simplify(effort), welfare,
                              sp.simplify(roots[0]), first_best)


# ---------------------------------------------------------------------------- d'Aspremont–Jacquemin
@dataclass(frozen=True)
class RDSpillovers:
    r"""Closed forms of the d'Aspremont–Jacquemin (1988) R&D duopoly.

    Attributes
    ----------
    symbols : dict
        ``a, b, A, beta, gamma`` and the R&D levels ``x1, x2``.
    profit : tuple of sympy.Expr
        Second-stage (Cournot) profits :math:`\pi_i(x_1, x_2)` net of R&D cost.
    noncooperative_rd, cooperative_rd : sympy.Expr
        Symmetric R&D per firm when firms choose R&D separately / jointly
        (maximising joint profit), both followed by Cournot competition.
    noncooperative_profit, cooperative_profit : sympy.Expr
        Each firm's profit in the two regimes.
    """

    symbols: dict[str, Any]
    profit: tuple[sp.Expr, sp.Expr]
    noncooperative_rd: sp.Expr
    cooperative_rd: sp.Expr
    noncooperative_profit: sp.Expr
    cooperative_profit: sp.Expr

    def to_dict(self) -> dict[str, str]:
        """The closed forms as strings."""
        return {k: str(getattr(self, k)) for k in ("noncooperative_rd", "cooperative_rd",
                                                   "noncooperative_profit",
                                                   "cooperative_profit")}

    def to_latex(self) -> str:
        """Non-cooperative and cooperative R&D per firm as LaTeX."""
        return (f"x^{{nc}} = {latex(self.noncooperative_rd)}, \\quad "
                f"x^{{c}} = {latex(self.cooperative_rd)}")

    def cooperation_raises_rd(self) -> Any:
        """Whether cooperative R&D exceeds non-cooperative R&D.

        A bool when every parameter is a number; the set of spillovers
        ``beta`` in [0, 1] where it does when only ``beta`` is free; otherwise
        the condition as a sympy relational.
        """
        d = sp.factor(self.cooperative_rd - self.noncooperative_rd)
        rel = d > 0
        if rel in (sp.true, sp.false):
            return bool(rel)
        beta = self.symbols["beta"]
        if isinstance(beta, sp.Symbol) and d.free_symbols == {beta}:
            return sp.solve_univariate_inequality(rel, beta, relational=False,
                                                  domain=sp.Interval(0, 1))
        return rel


RD_SYMBOLS: dict[str, str] = {
    "a": "demand intercept (inverse demand a - b Q)",
    "b": "demand slope",
    "A": "unit production cost before R&D (A < a)",
    "beta": "R&D spillover (0 <= beta <= 1): a rival's R&D lowers one's cost by beta per unit",
    "gamma": "R&D cost parameter (cost gamma x**2 / 2)",
}


def rd_spillovers(**values: Any) -> RDSpillovers:
    r"""The d'Aspremont–Jacquemin (1988) two-stage R&D duopoly with spillovers.

    Firm :math:`i` does R&D :math:`x_i` at cost :math:`\gamma x_i^2/2`, which
    lowers its unit cost to :math:`A - x_i - \beta x_j` (spillover
    :math:`\beta`); then the firms compete à la Cournot with inverse demand
    :math:`P = a - bQ`. Cournot outputs are
    :math:`q_i = (a - A + (2-\beta)x_i + (2\beta-1)x_j)/(3b)` and profits
    :math:`\pi_i = bq_i^2 - \gamma x_i^2/2`. Solving the first stage (sympy,
    symmetric solution):

    .. math::

        x^{nc} = \frac{(a-A)(2-\beta)}{4.5\,b\gamma - (2-\beta)(1+\beta)},\qquad
        x^{c} = \frac{(a-A)(1+\beta)}{4.5\,b\gamma - (1+\beta)^2},

    so cooperative R&D (a research joint venture coordinating R&D, 合作研发)
    exceeds non-cooperative R&D iff :math:`\beta > 1/2`.

    Parameters
    ----------
    **values
        Numbers for ``a, b, A, beta, gamma`` (:data:`RD_SYMBOLS`); the others
        stay positive symbols.

    References
    ----------
    C. d'Aspremont, A. Jacquemin, "Cooperative and noncooperative R&D in
    duopoly with spillovers", American Economic Review 78(5) (1988) 1133-1137.

    Examples
    --------
    >>> import coinnovation as co
    >>> m = co.models.rd_spillovers(a=100, b=1, A=60, gamma=10)
    >>> m.cooperation_raises_rd()
    Interval.Lopen(1/2, 1)
    >>> co.models.rd_spillovers(a=100, b=1, A=60, gamma=10, beta=0.25).cooperation_raises_rd()
    False
    """
    pos = {name: {"positive": True} for name in RD_SYMBOLS}
    pos["beta"] = {"nonnegative": True}
    q = _parameters(RD_SYMBOLS, values, "rd_spillovers", pos)
    a, b, A, beta, gamma = q["a"], q["b"], q["A"], q["beta"], q["gamma"]
    x1, x2, y = sp.symbols("x1 x2 y", real=True)
    c1, c2 = A - x1 - beta * x2, A - x2 - beta * x1
    q1 = (a - 2 * c1 + c2) / (3 * b)
    q2 = (a - 2 * c2 + c1) / (3 * b)
    pi1 = sp.expand(b * q1**2 - gamma * x1**2 / 2)
    pi2 = sp.expand(b * q2**2 - gamma * x2**2 / 2)
    foc_nc = sp.diff(pi1, x1).subs({x1: y, x2: y})
    (x_nc,) = sp.solve(foc_nc, y)
    joint = (pi1 + pi2).subs({x1: y, x2: y})
    (x_c,) = sp.solve(sp.diff(joint, y), y)
    prof_nc = sp.simplify(pi1.subs({x1: x_nc, x2: x_nc}))
    prof_c = sp.simplify(pi1.subs({x1: x_c, x2: x_c}))
    return RDSpillovers({**q, "x1": x1, "x2": x2}, (pi1, pi2), sp.factor(x_nc), sp.factor(x_c),
                        prof_nc, prof_c)
