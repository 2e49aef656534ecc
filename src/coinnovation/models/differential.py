r"""Canonical differential games of industry–university–research cooperation (产学研协同创新微分博弈).

A knowledge (technology) stock :math:`K` (知识存量) grows with the efforts of an
enterprise E and a university / research institute U and decays at rate
:math:`\delta`; each party pays a quadratic effort cost and earns a share of
what the stock yields. The leader (the enterprise) may pay a share
:math:`t \in [0, 1]` of the university's effort cost (成本分担), or the
government may subsidise effort (政府补贴).

References
----------
S. Jørgensen and G. Zaccour (2004), *Differential Games in Marketing*, Kluwer
(cooperative advertising: the manufacturer pays a share of the retailer's
advertising cost; the Stackelberg rate :math:`(2A_E - A_U)/(2A_E + A_U)`).
E. J. Dockner, S. Jørgensen, N. V. Long, G. Sorger (2000), *Differential Games
in Economics and Management Science*, Cambridge University Press.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..differential.game import DifferentialGame
from ..errors import InvalidInputError
from .canonical import _parameters

__all__ = [
    "KNOWLEDGE_GOODWILL_SYMBOLS",
    "KNOWLEDGE_STOCK_SYMBOLS",
    "KNOWLEDGE_SUBSIDY_SYMBOLS",
    "knowledge_goodwill",
    "knowledge_stock",
    "knowledge_stock_subsidy",
]

KNOWLEDGE_STOCK_SYMBOLS: dict[str, str] = {
    "a_E": "enterprise's effort productivity (努力对知识存量的影响系数)",
    "a_U": "university's effort productivity",
    "delta": "decay rate of the knowledge stock (知识衰减率)",
    "theta": "return per unit of knowledge stock (知识存量的单位收益)",
    "alpha": "enterprise's share of the return (收益分配比例); the university gets 1 - alpha",
    "A_E": "enterprise's marginal return of the stock (parameterization='marginal')",
    "A_U": "university's marginal return of the stock (parameterization='marginal')",
    "mu_E": "enterprise's effort-cost coefficient (努力成本系数)",
    "mu_U": "university's effort-cost coefficient",
    "rho": "discount rate (贴现率)",
}

KNOWLEDGE_SUBSIDY_SYMBOLS: dict[str, str] = {
    **{k: v for k, v in KNOWLEDGE_STOCK_SYMBOLS.items() if k not in ("A_E", "A_U")},
    "s": "government subsidy rate of effort costs (政府补贴比例), paid to both parties",
}

KNOWLEDGE_GOODWILL_SYMBOLS: dict[str, str] = {
    **{k: v for k, v in KNOWLEDGE_STOCK_SYMBOLS.items() if k not in ("A_E", "A_U")},
    "b_E": "enterprise's effort effect on reputation (声誉/商誉)",
    "b_U": "university's effort effect on reputation",
    "lam": "reputation gained per unit of knowledge stock",
    "epsilon": "decay rate of reputation (声誉衰减率)",
    "eta": "return per unit of reputation (声誉的单位收益)",
}

_POSITIVE = {"positive": True}


def _common(values: dict[str, Any], names: dict[str, str], where: str) -> dict[str, Any]:
    assume = {n: _POSITIVE for n in names}
    if "s" in names:
        assume["s"] = {"nonnegative": True}
    return _parameters(names, values, where, assume)


def knowledge_stock(
    *, cost_sharing: bool = True, parameterization: str = "share", **values: Any
) -> DifferentialGame:
    r"""The two-party knowledge-stock game with cost sharing (成本分担的产学研知识存量微分博弈).

    .. math::

        \dot K = a_E u_E + a_U u_U - \delta K, \qquad
        g_E = \alpha\theta K - \tfrac{\mu_E}{2}u_E^2 - t\,\tfrac{\mu_U}{2}u_U^2, \qquad
        g_U = (1-\alpha)\theta K - (1-t)\tfrac{\mu_U}{2}u_U^2 ,

    discounted at :math:`\rho`. The enterprise (the leader) chooses effort
    :math:`u_E` and the cost-sharing rate :math:`t \in [0, 1]`; the university
    chooses :math:`u_U`. With ``parameterization="marginal"`` the returns are
    :math:`A_E K` and :math:`A_U K` (the form of Jørgensen & Zaccour 2004).

    ============  ==========================================  ==========================
    symbol        English                                     中文
    ============  ==========================================  ==========================
    K             knowledge stock                             知识存量
    u_E, u_U      effort of enterprise / university           企业 / 高校努力程度
    t             leader's share of the follower's cost       成本分担比例
    a_E, a_U      effort productivity                         努力影响系数
    delta         decay rate                                  知识衰减率
    theta         return per unit of stock                    单位知识存量收益
    alpha         enterprise's share of the return            收益分配比例
    A_E, A_U      marginal returns (``"marginal"``)           边际收益
    mu_E, mu_U    effort-cost coefficients                    努力成本系数
    rho           discount rate                               贴现率
    ============  ==========================================  ==========================

    Closed forms (derived by :func:`coinnovation.feedback_equilibrium`, not
    typed in): Nash efforts :math:`u_i = a_i s_i\theta/(\mu_i(\rho+\delta))`
    with shares :math:`s_E = \alpha, s_U = 1-\alpha`; cooperative efforts
    with the whole :math:`\theta`; the Stackelberg rate
    :math:`t = (3\alpha-1)/(1+\alpha)` for :math:`\alpha > 1/3` and 0 otherwise
    (``"share"``), :math:`t = (2A_E - A_U)/(2A_E + A_U)` when positive
    (``"marginal"``).

    Parameters
    ----------
    cost_sharing : bool
        Give the enterprise the instrument :math:`t` (otherwise no sharing).
    parameterization : {"share", "marginal"}
    **values
        Numbers (or expressions) for the parameters of
        :data:`KNOWLEDGE_STOCK_SYMBOLS`; the others are positive symbols.

    References
    ----------
    Jørgensen & Zaccour (2004), *Differential Games in Marketing*, Kluwer,
    cooperative advertising programs; Dockner et al. (2000), Cambridge UP.

    Examples
    --------
    >>> import coinnovation as co
    >>> game = co.models.knowledge_stock()
    >>> game.players
    ('enterprise', 'university')
    """
    if parameterization not in ("share", "marginal"):
        raise InvalidInputError(f"parameterization: expected 'share' or 'marginal', got {parameterization!r}")
    drop = ("alpha", "theta") if parameterization == "marginal" else ("A_E", "A_U")
    names = {k: v for k, v in KNOWLEDGE_STOCK_SYMBOLS.items() if k not in drop}
    q = _common(values, names, "knowledge_stock")
    k_, u_e, u_u = sp.symbols("K u_E u_U", real=True)
    t = sp.Symbol("t", real=True)
    share = t if cost_sharing else 0
    if parameterization == "share":
        r_e, r_u = q["alpha"] * q["theta"], (1 - q["alpha"]) * q["theta"]
    else:
        r_e, r_u = q["A_E"], q["A_U"]
    cost_u = q["mu_U"] * u_u**2 / 2
    payoffs = {
        "enterprise": r_e * k_ - q["mu_E"] * u_e**2 / 2 - share * cost_u,
        "university": r_u * k_ - (1 - share) * cost_u,
    }
    controls = {"enterprise": [u_e, t] if cost_sharing else [u_e], "university": [u_u]}
    return DifferentialGame(
        states=[k_],
        controls=controls,
        dynamics={k_: q["a_E"] * u_e + q["a_U"] * u_u - q["delta"] * k_},
        payoffs=payoffs,
        discount=q["rho"],
        bounds={t: (0, 1)} if cost_sharing else None,
        ranges=_share_range(q),
    )


def _share_range(q: dict[str, Any]) -> dict[Any, tuple[int, int]]:
    """Shares and rates lie in (0, 1): the sign decisions need it (1 - alpha > 0)."""
    return {q[n]: (0, 1) for n in ("alpha", "s") if isinstance(q.get(n), sp.Symbol)}


def knowledge_stock_subsidy(**values: Any) -> DifferentialGame:
    r"""The knowledge-stock game with a government subsidy to effort (政府补贴的产学研微分博弈).

    .. math::

        \dot K = a_E u_E + a_U u_U - \delta K, \qquad
        g_E = \alpha\theta K - (1-s)\tfrac{\mu_E}{2}u_E^2, \qquad
        g_U = (1-\alpha)\theta K - (1-s)\tfrac{\mu_U}{2}u_U^2 ,

    with the subsidy rate :math:`s \in [0, 1)` (a parameter, nonnegative) paid
    by the government on both parties' effort costs. See
    :func:`coinnovation.equalizing_subsidy` for the rate at which the Nash
    stock reaches the cooperative one.

    ============  ==========================================  ==========================
    symbol        English                                     中文
    ============  ==========================================  ==========================
    s             subsidy rate of effort costs                政府补贴比例
    (others)      as in :func:`knowledge_stock`
    ============  ==========================================  ==========================

    References
    ----------
    Dockner et al. (2000), Cambridge UP; the subsidy to effort costs is the
    policy instrument of MODELS.md ("Stackelberg subsidy") in dynamic form.

    Examples
    --------
    >>> import coinnovation as co
    >>> sorted(str(s) for s in co.models.knowledge_stock_subsidy().parameters)[-2:]
    ['s', 'theta']
    """
    q = _common(values, KNOWLEDGE_SUBSIDY_SYMBOLS, "knowledge_stock_subsidy")
    k_, u_e, u_u = sp.symbols("K u_E u_U", real=True)
    keep = 1 - q["s"]
    payoffs = {
        "enterprise": q["alpha"] * q["theta"] * k_ - keep * q["mu_E"] * u_e**2 / 2,
        "university": (1 - q["alpha"]) * q["theta"] * k_ - keep * q["mu_U"] * u_u**2 / 2,
    }
    return DifferentialGame(
        states=[k_],
        controls={"enterprise": [u_e], "university": [u_u]},
        dynamics={k_: q["a_E"] * u_e + q["a_U"] * u_u - q["delta"] * k_},
        payoffs=payoffs,
        discount=q["rho"],
        ranges=_share_range(q),
    )


def knowledge_goodwill(*, cost_sharing: bool = True, **values: Any) -> DifferentialGame:
    r"""Two states: knowledge stock and reputation / goodwill (知识存量与声誉的双状态微分博弈).

    .. math::

        \dot K = a_E u_E + a_U u_U - \delta K, \qquad
        \dot G = b_E u_E + b_U u_U + \lambda K - \varepsilon G,

    payoffs :math:`s_i(\theta K + \eta G) - \text{effort cost}`, with the
    enterprise's cost sharing :math:`t \in [0, 1]` as in :func:`knowledge_stock`.

    ============  ==========================================  ==========================
    symbol        English                                     中文
    ============  ==========================================  ==========================
    G             reputation (goodwill) of the cooperation    合作声誉 / 商誉
    b_E, b_U      effort effect on reputation                 努力对声誉的影响系数
    lam           reputation gained from knowledge            知识对声誉的溢出
    epsilon       reputation decay rate                       声誉衰减率
    eta           return per unit of reputation               单位声誉收益
    (others)      as in :func:`knowledge_stock`
    ============  ==========================================  ==========================

    References
    ----------
    Nerlove & Arrow (1962), Economica 29, "Optimal advertising policy under
    dynamic conditions" (goodwill stock); Jørgensen & Zaccour (2004).

    Examples
    --------
    >>> import coinnovation as co
    >>> co.models.knowledge_goodwill().n_states
    2
    """
    q = _common(values, KNOWLEDGE_GOODWILL_SYMBOLS, "knowledge_goodwill")
    k_, g_, u_e, u_u, t = sp.symbols("K G u_E u_U t", real=True)
    share = t if cost_sharing else 0
    ret = q["theta"] * k_ + q["eta"] * g_
    cost_u = q["mu_U"] * u_u**2 / 2
    payoffs = {
        "enterprise": q["alpha"] * ret - q["mu_E"] * u_e**2 / 2 - share * cost_u,
        "university": (1 - q["alpha"]) * ret - (1 - share) * cost_u,
    }
    dynamics = {
        k_: q["a_E"] * u_e + q["a_U"] * u_u - q["delta"] * k_,
        g_: q["b_E"] * u_e + q["b_U"] * u_u + q["lam"] * k_ - q["epsilon"] * g_,
    }
    return DifferentialGame(
        states=[k_, g_],
        controls={"enterprise": [u_e, t] if cost_sharing else [u_e], "university": [u_u]},
        dynamics=dynamics,
        payoffs=payoffs,
        discount=q["rho"],
        bounds={t: (0, 1)} if cost_sharing else None,
        ranges=_share_range(q),
    )
