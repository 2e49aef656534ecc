"""An independent tightness check of a stability region: the criterion just inside and outside."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy as sp

from ..errors import InvalidInputError, SymbolicNotSupported
from ._solve import check_bracket, domain_set
from .criteria import (
    as_game,
    as_parameter,
    as_profile,
    check_criterion,
    holds_exactly,
    reference_profile,
    substitute_values,
)
from .regions import stability_region

__all__ = ["Tightness", "verify_region"]


@dataclass(frozen=True)
class Tightness:
    """Result of :func:`verify_region`: the criterion checked around every end of a region.

    Attributes
    ----------
    region : sympy.Set
        The region checked.
    checks : tuple of (value, in_region, holds)
        Each probe point (sympy number), whether it lies in the region, and
        whether the criterion holds there (decided exactly by
        :func:`criterion_holds`).
    eps : sympy.Rational
        Distance of the probes from each end.
    """

    region: sp.Set
    checks: tuple[tuple[sp.Expr, bool, bool], ...]
    eps: sp.Expr

    @property
    def ok(self) -> bool:
        """True when the criterion holds exactly at the probes inside the region."""
        return all(inside == holds for _, inside, holds in self.checks)

    @property
    def failures(self) -> tuple[tuple[sp.Expr, bool, bool], ...]:
        """The probes where region and criterion disagree."""
        return tuple(c for c in self.checks if c[1] != c[2])

    def __bool__(self) -> bool:
        return self.ok

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python form."""
        return {"region": str(self.region), "ok": self.ok, "eps": str(self.eps),
                "checks": [(str(v), i, h) for v, i, h in self.checks]}


def verify_region(game: Any, parameter: Any, *, profile: Sequence[int | str],
                  criterion: str = "ess", region: sp.Set | None = None,
                  values: Mapping[Any, Any] | None = None,
                  reference: Sequence[int | str] | None = None, eps: Any = None,
                  probes_at_ends: bool = True,
                  bracket: tuple[float, float] | None = None) -> Tightness:
    r"""Check that a stability region is tight: the criterion holds just inside, fails just outside.

    For every finite end :math:`e` of every interval of the region, the
    criterion is decided exactly (:func:`criterion_holds`) at :math:`e-\epsilon`,
    :math:`e` (when ``probes_at_ends``) and :math:`e+\epsilon`, and compared
    with membership of the region; one probe is added inside every interval.
    A threshold is a sign change (STYLE.md): stable just above it, not just
    below, and open or closed as the criterion says.

    Parameters
    ----------
    game, parameter, profile, criterion, reference
        As in :func:`stability_region`.
    region : sympy.Set, optional
        The region to check (default: :func:`stability_region`'s answer).
        Must be a numeric set (intervals with number ends).
    values : mapping, optional
        Numbers for the game's other symbols.
    eps : number, optional
        Probe distance (default ``1e-6`` times ``max(1, |e|)``, exact rational).
    probes_at_ends : bool
        Also decide the criterion exactly at each end (checks open/closed ends;
        switch off for numerically located ends, which are not exact).
    bracket : (float, float), optional
        The search bracket of a numeric region: passed to
        :func:`stability_region`, and probes outside it are skipped (its ends
        are not boundaries of the criterion).

    Returns
    -------
    Tightness
        ``bool(result)`` is the verdict; ``result.failures`` lists disagreements.

    Raises
    ------
    coinnovation.errors.SymbolicNotSupported
        when symbols other than ``parameter`` are left (pass ``values``).

    Examples
    --------
    >>> import coinnovation as co
    >>> g = co.models.industry_university(pi_E=0, pi_U=0, dR=10, alpha=0.5, C_E=6, C_U=2,
    ...                                   T_E=3, T_U=3, F=1, S_U=0)
    >>> check = co.verify_region(g, "S_E", profile=(0, 0))
    >>> check.ok, [(str(v), inside) for v, inside, _ in check.checks][:3]
    (True, [('2999997/1000000', False), ('3', False), ('3000003/1000000', True)])
    """
    game = as_game(game)
    if values:
        game = substitute_values(game, values, keep=parameter)
    p = as_parameter(game, parameter)
    others = game.free_symbols - {p}
    if others:
        raise SymbolicNotSupported(
            "verify_region is numeric only, but symbols other than the parameter are left: "
            + ", ".join(sorted(map(str, others))) + "; pass numbers for them with values={...}")
    if region is None:
        region = stability_region(game, p, profile=profile, criterion=criterion,
                                  reference=reference, bracket=bracket)
    window = sp.Interval(*check_bracket(bracket, p)) if bracket is not None else sp.S.Reals
    if not isinstance(region, sp.Set):
        raise InvalidInputError(f"region: expected a sympy Set, got {type(region).__name__}")
    if region.free_symbols - {p}:
        raise SymbolicNotSupported(
            "region: verify_region needs a numeric region, got free symbols "
            + ", ".join(sorted(map(str, region.free_symbols))))
    pieces = _pieces(region)
    probes: list[sp.Expr] = []
    for piece in pieces:
        ends = [e for e in (piece.inf, piece.sup) if e.is_finite]
        for e in ends:
            d = _eps(e, eps)
            probes.extend([e - d, e + d])
            if probes_at_ends:
                probes.append(e)
        lo, hi = piece.inf, piece.sup
        if lo.is_finite and hi.is_finite:
            probes.append((lo + hi) / 2)
        elif lo.is_finite:
            probes.append(lo + 1)
        elif hi.is_finite:
            probes.append(hi - 1)
        else:
            probes.append(sp.S.Zero)
    if not pieces:
        probes.append(sp.S.Zero)
    domain = domain_set(p)
    prof = as_profile(game, profile)
    ref = reference_profile(game, reference, check_criterion(criterion))
    u = game.symbolic_payoff_array()
    checks = []
    for v in sorted(set(probes), key=lambda z: float(z)):
        if domain.contains(v) is not sp.true or window.contains(v) is not sp.true:
            continue
        uv = np.array([*(sp.sympify(x).xreplace({p: v}) for x in u.ravel().tolist()), None],
                      dtype=object)[:-1].reshape(u.shape)
        inside = bool(region.contains(v) is sp.true)
        checks.append((v, inside, holds_exactly(uv, game.shape, prof, criterion, ref)))
    d0 = _eps(pieces[0].inf if pieces and pieces[0].inf.is_finite else sp.S.Zero, eps)
    return Tightness(region, tuple(checks), d0)


def _eps(e: sp.Expr, eps: Any) -> sp.Expr:
    if eps is not None:
        d = sp.nsimplify(eps, rational=True)
        if not (d.is_number and d > 0):
            raise InvalidInputError(f"eps: expected a positive number, got {eps!r}")
        return d
    return sp.Rational(1, 10**6) * sp.Max(1, sp.Abs(sp.nsimplify(e, rational=True)))


def _pieces(region: sp.Set) -> list[sp.Interval]:
    if region is sp.S.EmptySet:
        return []
    if isinstance(region, sp.Interval):
        return [region]
    if isinstance(region, sp.FiniteSet):
        return [sp.Interval(v, v) for v in region]
    if isinstance(region, sp.Union):
        out: list[sp.Interval] = []
        for a in region.args:
            out.extend(_pieces(a))
        return out
    raise InvalidInputError(f"region: expected intervals with number ends, got {region}")
