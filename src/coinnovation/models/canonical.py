"""Literature models of collaborative innovation, with symbols by default."""

from __future__ import annotations

from typing import Any

import sympy as sp

from ..errors import InvalidInputError
from ..games.normal_form import NormalFormGame

__all__ = ["INDUSTRY_UNIVERSITY_SYMBOLS", "industry_university"]

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
