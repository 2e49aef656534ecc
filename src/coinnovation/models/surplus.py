r"""One cooperative-surplus model (合作剩余模型), three game forms.

A :class:`SurplusModel` describes innovation actors (政产学研用: government,
enterprises, universities, research institutes, users, intermediaries,
financiers), what each earns alone, the surplus each coalition creates when
its members cooperate, how a coalition shares its surplus, what cooperating
costs, what a free rider gains, the breach compensation a defector pays, and
a government with subsidies, fines, a supervision cost and its own benefit.
It turns into

- :meth:`SurplusModel.normal_form` — who cooperates (a :class:`~coinnovation.NormalFormGame`),
- :meth:`SurplusModel.replicator` — how cooperation spreads (:class:`~coinnovation.ReplicatorDynamics`),
- :meth:`SurplusModel.coalitional_game` — how the surplus is divided (:class:`~coinnovation.CoalitionalGame`).

How the forms map onto one another
----------------------------------
Let :math:`N` be the actors (the government, if strategic, is an extra
player), :math:`\pi_i` the stand-alone payoffs, :math:`\Delta R(S)` the raw
surplus of coalition :math:`S` (zero for single actors), :math:`C_i` the
cooperation costs, :math:`T_i` the free-riding (spillover) gains, :math:`F`
the breach compensation, :math:`\phi_i(S)` actor :math:`i`'s share of
:math:`\Delta R(S)` under the sharing rule. When exactly the actors in
:math:`K` cooperate (:math:`k = |K|`, :math:`n = |N|`) and the government is
passive (or absent):

.. math::

    u_i = \pi_i + \phi_i(K) - C_i + F\,(n - k) \quad (i \in K),\qquad
    u_j = \pi_j + T_j \frac{k}{n-1} - F\,k \quad (j \notin K).

An active government adds :math:`S_i` to each cooperator and takes
:math:`P_j` from each defector; its own payoff is
:math:`-C_G - \sum_{i\in K} S_i + \sum_{j\notin K} P_j + W\,[K = N]` when
active and :math:`-L\,[K \ne N]` when passive (with two actors this is
exactly the tripartite game of 吴洁 et al. 2019). A non-strategic government
(``strategic=False``) always pays its subsidies and fines and is not a
player (the two-party game of 方炜 et al. 2019).

The coalitional (TU) game is the worth a coalition secures by cooperating on
its own, without policy:

.. math::

    v(\{i\}) = \pi_i,\qquad v(S) = \sum_{i\in S} \pi_i + \Delta R(S) - \sum_{i\in S} C_i
    \quad (|S| \ge 2),

so the cooperative surplus (:meth:`SurplusModel.cooperative_surplus`) is
:math:`v(S) - \sum_{i\in S} v(\{i\}) = \Delta R(S) - \sum_{i\in S} C_i`
(``subsidised=True`` adds :math:`\sum_{i\in S} S_i`). The forms agree as
follows (tested):

1. :math:`v(\{i\})` is actor :math:`i`'s normal-form payoff when nobody cooperates
   (government passive or absent; a non-strategic government also takes its fine :math:`P_i`).
2. For :math:`|S| \ge 2`, the cooperators' normal-form payoffs sum to
   :math:`v(S) + F\,|S|\,(n - |S|)`: the breach compensation the outsiders pay
   is a transfer *into* :math:`S` that the coalitional worth leaves out; at
   :math:`S = N` the sum is exactly :math:`v(N)` (plus subsidies when the
   government is active).
3. The outsiders gain the spillovers :math:`T_j k/(n-1)`: value created by
   :math:`S` that leaks out and that :math:`v(S)` does not count; summed over
   *all* actors (government passive) and for :math:`|K| \ge 2`,
   :math:`\sum_i u_i = v(K) + \sum_{j\notin K} (\pi_j + T_j k/(n-1))`.
4. The replicator dynamics are those of the normal form: at each vertex the
   eigenvalues are the deviation gains, so the sinks are exactly the strict
   Nash equilibria (the ESS, 演化稳定策略).
5. Participation (the 合作剩余 test) in the normal form — every cooperator at
   least as well off as when all defect — is the individual rationality of
   the shares, :math:`\phi_i(N) - C_i \ge 0` (plus subsidies); it ignores the
   temptation :math:`T_i` that stability must also beat.

References
----------
方炜, 王婵, 李正锋 (2019), 运筹与管理 (two-party cooperation); 吴洁, 车晓静, 盛永祥,
陈璐, 施琴芬 (2019), 中国管理科学 (tripartite game); L. S. Shapley (1953), "A value
for n-person games" (the Shapley sharing rule).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from .._util.symbolic import find_symbol, symbol_mapping
from .._util.tolerance import TOL
from ..coalitional.bargaining import bargaining_shares
from ..coalitional.values import shapley_value
from ..errors import InvalidInputError, UnknownPlayerError
from ..evolutionary.replicator import ReplicatorDynamics
from ..games.coalitional import CoalitionalGame
from ..games.normal_form import NormalFormGame

__all__ = ["ROLES", "SHARING_RULES", "Actor", "Government", "SurplusModel"]

ROLES: tuple[str, ...] = ("government", "enterprise", "university", "research institute", "user",
                          "intermediary", "financier")
"""Roles of innovation actors (政、产、学、研、用、中介、金融)."""

SHARING_RULES: tuple[str, ...] = ("equal", "fixed", "proportional", "shapley", "nash_bargaining")
"""Rules for sharing a coalition's surplus among its members."""

_MAX_ACTORS = 10


def _value(v: Any, name: str) -> sp.Expr:
    """A number or sympy expression, validated; numbers become exact sympy numbers."""
    if isinstance(v, sp.Basic):
        if not isinstance(v, sp.Expr):
            raise InvalidInputError(f"{name}: expected an arithmetic expression, got {v!r}")
        if v.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            raise InvalidInputError(f"{name}: must be finite, got {v}")
        return v
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, float, Fraction, np.number)):
        raise InvalidInputError(
            f"{name}: expected a number or a sympy expression, got {type(v).__name__} {v!r}")
    if not np.isfinite(float(v)):
        raise InvalidInputError(f"{name}: must be finite, got {v!r}")
    if isinstance(v, Fraction):
        return sp.Rational(v.numerator, v.denominator)
    if isinstance(v, (int, np.integer)):
        return sp.Integer(int(v))
    return sp.nsimplify(float(v), rational=True) if float(v).is_integer() else sp.Float(float(v))



def _check_shares_sum(weights: Mapping[str, sp.Expr]) -> None:
    """Fixed shares divide the surplus: they sum to 1 (exactly, or within ``TOL`` for floats)."""
    total = sp.Add(*weights.values())
    gap = sp.simplify(total - 1)
    if gap == 0 or (gap.is_number and gap.is_real and abs(float(gap)) <= TOL):
        return
    raise InvalidInputError(
        f"shares: the fixed shares divide the surplus and must sum to 1; they sum to {total}")

@dataclass(frozen=True)
class Actor:
    """An innovation actor (创新主体).

    Attributes
    ----------
    name : str
    role : str
        One of :data:`ROLES` (except ``"government"``, which is the
        :class:`Government`).
    standalone : number or sympy expression
        Payoff without cooperation, :math:`\\pi_i` (独立收益).
    cost : number or sympy expression
        Cost of cooperating, :math:`C_i` (投入成本).
    spillover : number or sympy expression
        Free-riding gain :math:`T_i` when every partner cooperates (搭便车; it
        scales with the share of partners who cooperate).
    contribution : number or sympy expression
        Weight for the ``"proportional"`` sharing rule (投入比例).
    power : number or sympy expression
        Bargaining power for the ``"nash_bargaining"`` rule.
    """

    name: str
    role: str = "enterprise"
    standalone: Any = 0
    cost: Any = 0
    spillover: Any = 0
    contribution: Any = 1
    power: Any = 1

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise InvalidInputError(f"name: expected a non-empty string, got {self.name!r}")
        if self.role not in ROLES or self.role == "government":
            allowed = ", ".join(r for r in ROLES if r != "government")
            raise InvalidInputError(
                f"role: {self.role!r} is not an actor role (use Government for the government); "
                f"roles are {allowed}")
        for attr in ("standalone", "cost", "spillover", "contribution", "power"):
            object.__setattr__(self, attr, _value(getattr(self, attr), f"{self.name}.{attr}"))


@dataclass(frozen=True)
class Government:
    """The government (政府): subsidies to cooperators, fines on defectors.

    Attributes
    ----------
    subsidies : mapping actor name -> value
        :math:`S_i`, paid to a cooperating actor (政府补贴).
    fines : mapping actor name -> value
        :math:`P_i`, levied on a defecting actor (罚款).
    supervision_cost : value
        :math:`C_G`, paid when active (监管成本).
    benefit : value
        :math:`W`, the active government's benefit when every actor cooperates.
    loss : value
        :math:`L`, a passive government's loss when cooperation fails.
    strategic : bool
        ``True``: a player choosing active (0) / passive (1). ``False``: not a
        player; subsidies and fines always apply.
    name : str
    """

    subsidies: Mapping[str, Any] = field(default_factory=dict)
    fines: Mapping[str, Any] = field(default_factory=dict)
    supervision_cost: Any = 0
    benefit: Any = 0
    loss: Any = 0
    strategic: bool = True
    name: str = "government"

    def __post_init__(self) -> None:
        for attr in ("subsidies", "fines"):
            m = getattr(self, attr)
            if not isinstance(m, Mapping):
                raise InvalidInputError(f"{attr}: expected a mapping actor name -> value, got {m!r}")
            object.__setattr__(self, attr, {str(k): _value(v, f"{attr}[{k!r}]")
                                            for k, v in m.items()})
        for attr in ("supervision_cost", "benefit", "loss"):
            object.__setattr__(self, attr, _value(getattr(self, attr), attr))
        if not isinstance(self.strategic, (bool, np.bool_)):
            raise InvalidInputError(f"strategic: expected True or False, got {self.strategic!r}")
        if not isinstance(self.name, str) or not self.name:
            raise InvalidInputError(f"name: expected a non-empty string, got {self.name!r}")


class SurplusModel:
    r"""A cooperative-surplus model of collaborative innovation (协同创新合作剩余模型).

    Parameters
    ----------
    actors : sequence of Actor
        Two to ten actors (the government is passed separately).
    surplus : mapping, callable, sympy Lambda, number or sympy expression
        The raw cooperative surplus :math:`\Delta R(S)` of each coalition of
        two or more actors (合作剩余): a mapping ``{coalition: value}`` (a
        coalition is a tuple / frozenset of actor names; missing coalitions
        create nothing), a callable ``f(frozenset_of_names) -> value``, a
        symbolic formula in the coalition size as a ``sympy.Lambda(k, ...)``
        (e.g. ``Lambda(k, r*k**2)`` for synergy growing with size), or one
        value — the surplus of the grand coalition, sub-coalitions creating
        nothing (as in the two-party and tripartite models).
    sharing : {"equal", "fixed", "proportional", "shapley", "nash_bargaining"}
        How a coalition :math:`S` divides :math:`\Delta R(S)`: equally; by the
        fixed ``shares`` (renormalised within :math:`S`; e.g. α and 1−α);
        in proportion to the actors' ``contribution``; by the Shapley value
        of :math:`\Delta R` restricted to :math:`S`; or by the asymmetric Nash
        bargaining solution with the actors' ``power`` :math:`\beta_i` and
        disagreement at the stand-alone payoffs: maximising
        :math:`\prod_i (\phi_i - C_i)^{\beta_i}` gives
        :math:`\phi_i = C_i + \beta_i (\Delta R(S) - \sum_{j\in S} C_j)/\sum_{j\in S}\beta_j`
        (costs reimbursed, the net surplus split by power; extended by the
        same formula when the net surplus is negative).
    shares : mapping actor name -> value, optional
        Required by ``sharing="fixed"``.
    breach_compensation : number or sympy expression
        :math:`F`, paid by each defector to each cooperating partner (违约金).
    government : Government, optional

    Raises
    ------
    coinnovation.errors.InvalidInputError
        naming the argument: too few or too many actors, repeated names, a
        single actor with a surplus, an unknown sharing rule, missing shares.
    coinnovation.errors.UnknownPlayerError
        when a coalition, share, subsidy or fine names an unknown actor.

    Notes
    -----
    The module documentation states, and the test suite checks, how the
    normal form, the replicator dynamics and the coalitional game map onto
    one another.

    Examples
    --------
    The two-party industry–university game (方炜 et al. 2019) from its parts:

    >>> import sympy as sp, coinnovation as co
    >>> a, dR, F = sp.symbols("alpha dR F", nonnegative=True)
    >>> model = co.SurplusModel(
    ...     [co.Actor("enterprise", "enterprise", standalone=3, cost=4, spillover=3),
    ...      co.Actor("university", "university", standalone=2, cost=4, spillover=3)],
    ...     surplus=dR, sharing="fixed", shares={"enterprise": a, "university": 1 - a},
    ...     breach_compensation=F,
    ...     government=co.Government(subsidies={"enterprise": 2, "university": 2},
    ...                              strategic=False))
    >>> model.normal_form().payoff((0, 0))
    (alpha*dR + 1, -alpha*dR + dR)
    >>> model.cooperative_surplus(("enterprise", "university"))
    dR - 8
    >>> co.threshold(model.normal_form().subs({a: sp.Rational(1, 2), F: 1}), dR,
    ...              profile=(0, 0))
    8
    """

    def __init__(self, actors: Sequence[Actor], surplus: Any, *, sharing: str = "equal",
                 shares: Mapping[str, Any] | None = None, breach_compensation: Any = 0,
                 government: Government | None = None) -> None:
        if isinstance(actors, Actor) or not isinstance(actors, Iterable):
            raise InvalidInputError("actors: expected a sequence of Actor")
        acts = tuple(actors)
        if not all(isinstance(a, Actor) for a in acts):
            raise InvalidInputError("actors: every item must be a coinnovation.Actor")
        if not 2 <= len(acts) <= _MAX_ACTORS:
            raise InvalidInputError(f"actors: expected 2 to {_MAX_ACTORS} actors, got {len(acts)}")
        names = [a.name for a in acts]
        dup = sorted({x for x in names if names.count(x) > 1})
        if dup:
            raise InvalidInputError(f"actors: repeated names {', '.join(dup)}")
        if government is not None and not isinstance(government, Government):
            raise InvalidInputError(
                f"government: expected a coinnovation.Government, got {type(government).__name__}")
        if government is not None and government.name in names:
            raise InvalidInputError(f"government: name {government.name!r} is also an actor's")
        self._actors = acts
        self._names = tuple(names)
        self._government = government
        if sharing not in SHARING_RULES:
            raise InvalidInputError(
                f"sharing: unknown rule {sharing!r}; choose one of {', '.join(SHARING_RULES)}")
        self._sharing = sharing
        if sharing == "fixed":
            if shares is None:
                raise InvalidInputError("shares: required by sharing='fixed'")
            self._weights = self._per_actor(shares, "shares")
            _check_shares_sum(self._weights)
        else:
            if shares is not None:
                raise InvalidInputError(f"shares: only used by sharing='fixed', not {sharing!r}")
            self._weights = {a.name: (a.contribution if sharing == "proportional" else
                                      a.power if sharing == "nash_bargaining" else sp.S.One)
                             for a in acts}
        self._F = _value(breach_compensation, "breach_compensation")
        if government is not None:
            for attr in ("subsidies", "fines"):
                for k in getattr(government, attr):
                    if k not in self._names:
                        raise UnknownPlayerError(
                            f"government.{attr}: unknown actor {k!r}; actors are {list(names)}")
        self._surplus = self._surplus_table(surplus)
        self._share_cache: dict[int, dict[str, sp.Expr]] = {}

    # ------------------------------------------------------------------ facts
    @property
    def actors(self) -> tuple[Actor, ...]:
        """The actors (the government excluded)."""
        return self._actors

    @property
    def government(self) -> Government | None:
        """The government, if any."""
        return self._government

    @property
    def players(self) -> tuple[str, ...]:
        """Players of the normal form: the actors, then a strategic government."""
        g = self._government
        return self._names + ((g.name,) if g is not None and g.strategic else ())

    @property
    def sharing(self) -> str:
        """The sharing rule."""
        return self._sharing

    def __repr__(self) -> str:
        gov = ("" if self._government is None else
               f", government {'(player)' if self._government.strategic else '(policy only)'}")
        return (f"SurplusModel(actors {list(self._names)}, sharing {self._sharing!r}{gov})")

    # ------------------------------------------------------------------ inputs
    def _per_actor(self, m: Mapping[str, Any], what: str) -> dict[str, sp.Expr]:
        if not isinstance(m, Mapping):
            raise InvalidInputError(f"{what}: expected a mapping actor name -> value")
        for k in m:
            if k not in self._names:
                raise UnknownPlayerError(f"{what}: unknown actor {k!r}; actors are {list(self._names)}")
        missing = [x for x in self._names if x not in m]
        if missing:
            raise InvalidInputError(f"{what}: missing actor(s) {', '.join(missing)}")
        return {k: _value(m[k], f"{what}[{k!r}]") for k in self._names}

    def _mask(self, coalition: Any, what: str) -> int:
        if isinstance(coalition, str):
            coalition = (coalition,)
        try:
            items = list(coalition)
        except TypeError:
            raise InvalidInputError(f"{what}: expected a coalition (actor names), got {coalition!r}") \
                from None
        mask = 0
        for x in items:
            if isinstance(x, (int, np.integer)) and not isinstance(x, bool) and 0 <= x < len(self._names):
                mask |= 1 << int(x)
            elif x in self._names:
                mask |= 1 << self._names.index(x)
            else:
                raise UnknownPlayerError(f"{what}: unknown actor {x!r}; actors are {list(self._names)}")
        return mask

    def _members(self, mask: int) -> frozenset[str]:
        return frozenset(n for i, n in enumerate(self._names) if mask >> i & 1)

    def _surplus_table(self, surplus: Any) -> list[sp.Expr]:
        n = len(self._names)
        table = [sp.S.Zero] * (1 << n)
        full = (1 << n) - 1
        if isinstance(surplus, Mapping):
            for coalition, v in surplus.items():
                mask = self._mask(coalition, "surplus")
                table[mask] = _value(v, f"surplus[{coalition!r}]")
        elif isinstance(surplus, sp.Lambda):
            if len(surplus.variables) != 1:
                raise InvalidInputError(
                    "surplus: a sympy Lambda must take one argument, the coalition size k")
            for mask in range(1, 1 << n):
                size = bin(mask).count("1")
                if size >= 2:
                    table[mask] = _value(sp.expand(surplus(size)), f"surplus({size})")
        elif callable(surplus) and not isinstance(surplus, sp.Basic):
            for mask in range(1, 1 << n):
                if bin(mask).count("1") >= 2:
                    table[mask] = _value(surplus(self._members(mask)),
                                         f"surplus({sorted(self._members(mask))})")
        else:
            table[full] = _value(surplus, "surplus")
        for i in range(n):
            if table[1 << i] != 0:
                raise InvalidInputError(
                    f"surplus: a single actor ({self._names[i]!r}) creates no cooperative surplus; "
                    "put what it earns alone in Actor.standalone")
        return table

    # ------------------------------------------------------------------ sharing
    def shares(self, coalition: Any) -> dict[str, sp.Expr]:
        r"""Each member's share :math:`\phi_i(S)` of the raw surplus :math:`\Delta R(S)`.

        Examples
        --------
        >>> import coinnovation as co
        >>> m = co.SurplusModel([co.Actor("firm"), co.Actor("lab", "university")],
        ...                     surplus=12, sharing="proportional")
        >>> m.shares(("firm", "lab"))
        {'firm': 6, 'lab': 6}
        """
        mask = self._mask(coalition, "coalition")
        return dict(self._shares(mask))

    def _shares(self, mask: int) -> dict[str, sp.Expr]:
        if mask in self._share_cache:
            return self._share_cache[mask]
        members = [i for i in range(len(self._names)) if mask >> i & 1]
        names = [self._names[i] for i in members]
        total = self._surplus[mask]
        out: dict[str, sp.Expr]
        if len(members) < 2:
            out = dict.fromkeys(names, sp.S.Zero)
        elif self._sharing == "equal":
            out = {x: total / len(names) for x in names}
        elif self._sharing == "shapley":
            sub = [sp.S.Zero] * (1 << len(members))
            for sm in range(1, 1 << len(members)):
                big = sum(1 << members[k] for k in range(len(members)) if sm >> k & 1)
                sub[sm] = self._surplus[big]
            alloc = shapley_value(CoalitionalGame(sub, players=names))
            out = {x: sp.nsimplify(alloc[x]) if not isinstance(alloc[x], sp.Basic) else alloc[x]
                   for x in names}
        elif self._sharing == "nash_bargaining":
            # disagreement at the stand-alone payoffs: costs reimbursed, net surplus split by power
            costs = {a.name: a.cost for a in self._actors}
            shares, _ = bargaining_shares(sp.sympify(total), [sp.sympify(costs[x]) for x in names],
                                          [sp.sympify(self._weights[x]) for x in names])
            out = dict(zip(names, shares, strict=True))
        else:   # fixed, proportional: weights renormalised within S
            w = [self._weights[x] for x in names]
            wsum = sum(w, start=sp.S.Zero)
            if wsum.is_zero:
                what = "shares" if self._sharing == "fixed" else "contribution"
                raise InvalidInputError(
                    f"{what}: the members {', '.join(names)} have {what}s summing to zero, so "
                    f"their {self._sharing} shares of the surplus are undefined (0/0)")
            out = {x: wi * total / wsum for x, wi in zip(names, w, strict=True)}
        out = {k: sp.simplify(v) if not v.is_number else v for k, v in out.items()}
        self._share_cache[mask] = out
        return out

    # ------------------------------------------------------------------ the three forms
    def joint_surplus(self, coalition: Any) -> sp.Expr:
        r"""What a coalition creates together, :math:`\Delta R(S)`, before costs (协同收益).

        The shares of :meth:`shares` divide it; :meth:`cooperative_surplus`
        subtracts the members' costs.

        Examples
        --------
        >>> import coinnovation as co
        >>> m = co.SurplusModel([co.Actor("firm"), co.Actor("lab", "university")], surplus=12)
        >>> m.joint_surplus(("firm", "lab")), m.joint_surplus(("firm",))
        (12, 0)
        """
        return self._surplus[self._mask(coalition, "coalition")]

    def cooperative_surplus(self, coalition: Any, *, subsidised: bool = False) -> sp.Expr:
        r"""The cooperative surplus (合作剩余) of a coalition: :math:`\Delta R(S) - \sum_{i\in S} C_i`.

        Equal to ``self.coalitional_game(...).surplus(S)`` (zero for single
        actors). ``subsidised=True`` adds the subsidies :math:`\sum_{i\in S} S_i`.

        Examples
        --------
        >>> import coinnovation as co
        >>> m = co.SurplusModel([co.Actor("firm", cost=2), co.Actor("lab", "university", cost=1)],
        ...                     surplus=10)
        >>> m.cooperative_surplus(("firm", "lab")), m.cooperative_surplus(("firm",))
        (7, 0)
        """
        mask = self._mask(coalition, "coalition")
        if bin(mask).count("1") < 2:
            return sp.S.Zero
        members = [a for i, a in enumerate(self._actors) if mask >> i & 1]
        out = self._surplus[mask] - sum((a.cost for a in members), start=sp.S.Zero)
        if subsidised:
            out += sum((self._subsidy(a.name) for a in members), start=sp.S.Zero)
        return sp.expand(out)

    def _subsidy(self, name: str) -> sp.Expr:
        g = self._government
        return sp.S.Zero if g is None else g.subsidies.get(name, sp.S.Zero)

    def _fine(self, name: str) -> sp.Expr:
        g = self._government
        return sp.S.Zero if g is None else g.fines.get(name, sp.S.Zero)

    def coalitional_game(self, *, subsidised: bool = False) -> CoalitionalGame:
        r"""The TU game :math:`v(S) = \sum_{i\in S}\pi_i + \Delta R(S) - \sum_{i\in S} C_i` (|S| ≥ 2).

        :math:`v(\{i\}) = \pi_i`. ``subsidised=True`` adds the members'
        subsidies to every coalition of two or more (a government that pays
        cooperators whatever the coalition). Players are the actors.

        Examples
        --------
        >>> import coinnovation as co
        >>> m = co.SurplusModel([co.Actor("firm", standalone=1, cost=2),
        ...                      co.Actor("lab", "university", cost=1)], surplus=10)
        >>> m.coalitional_game().values.tolist()
        [0.0, 1.0, 0.0, 8.0]
        """
        n = len(self._names)
        vals: list[sp.Expr] = [sp.S.Zero] * (1 << n)
        for mask in range(1, 1 << n):
            members = [a for i, a in enumerate(self._actors) if mask >> i & 1]
            alone = sum((a.standalone for a in members), start=sp.S.Zero)
            if len(members) == 1:
                vals[mask] = alone
            else:
                vals[mask] = sp.expand(alone + self.cooperative_surplus(
                    [a.name for a in members], subsidised=subsidised))
        return CoalitionalGame(vals, players=self._names)

    def normal_form(self) -> NormalFormGame:
        r"""The normal-form game: each actor cooperates (0) or defects (1); a strategic
        government is active (0) or passive (1). Payoffs as in the module documentation.

        Examples
        --------
        >>> import coinnovation as co
        >>> m = co.SurplusModel([co.Actor("firm", cost=2, spillover=3),
        ...                      co.Actor("lab", "university", cost=2, spillover=3)],
        ...                     surplus=10, breach_compensation=1)
        >>> print(m.normal_form().table())
          (cooperate, cooperate) -> (3, 3)
          (cooperate, defect) -> (-1, 2)
          (defect, cooperate) -> (2, -1)
          (defect, defect) -> (0, 0)
        """
        n = len(self._names)
        gov = self._government
        strategic = gov is not None and gov.strategic
        shape = (2,) * (n + (1 if strategic else 0))
        arrays = [np.empty(shape, dtype=object) for _ in shape]
        F = self._F
        for prof in itertools.product(range(2), repeat=len(shape)):
            coop = [prof[i] == 0 for i in range(n)]
            k = sum(coop)
            mask = sum(1 << i for i in range(n) if coop[i])
            active = gov is not None and (not strategic or prof[n] == 0)
            shares = self._shares(mask)
            for i, a in enumerate(self._actors):
                if coop[i]:
                    u = a.standalone + shares.get(a.name, sp.S.Zero) - a.cost + F * (n - k)
                    if active:
                        u += self._subsidy(a.name)
                else:
                    u = a.standalone + a.spillover * sp.Rational(k, n - 1) - F * k
                    if active:
                        u -= self._fine(a.name)
                arrays[i][prof] = sp.expand(u)
            if strategic:
                assert gov is not None
                if active:
                    ug = (-gov.supervision_cost
                          - sum((self._subsidy(x) for x, c in zip(self._names, coop, strict=True)
                                 if c), start=sp.S.Zero)
                          + sum((self._fine(x) for x, c in zip(self._names, coop, strict=True)
                                 if not c), start=sp.S.Zero)
                          + (gov.benefit if k == n else 0))
                else:
                    ug = -gov.loss if k < n else sp.S.Zero
                arrays[n][prof] = sp.expand(ug)
        strategies = [["cooperate", "defect"]] * n + ([["active", "passive"]] if strategic else [])
        return NormalFormGame(arrays, players=self.players, strategies=strategies)

    def replicator(self, **kwargs: Any) -> ReplicatorDynamics:
        """The multi-population replicator dynamics (复制动态) of :meth:`normal_form`.

        Keyword arguments go to :class:`~coinnovation.ReplicatorDynamics`
        (e.g. ``state=``).

        Examples
        --------
        >>> import coinnovation as co
        >>> m = co.SurplusModel([co.Actor("firm", cost=2, spillover=3),
        ...                      co.Actor("lab", "university", cost=2, spillover=3)],
        ...                     surplus=10, breach_compensation=1)
        >>> m.replicator().equations
        (x*(1 - x)*(2*y - 1), y*(1 - y)*(2*x - 1))
        """
        if "population" in kwargs:
            raise InvalidInputError("population: a surplus model's dynamics are multi-population")
        return ReplicatorDynamics(self.normal_form(), **kwargs)

    def subs(self, mapping: Mapping[Any, Any]) -> SurplusModel:
        """Substitute values for symbols everywhere; returns a new model."""
        if not isinstance(mapping, Mapping):
            raise InvalidInputError(f"mapping: expected a mapping symbol -> value, got {mapping!r}")
        names = {str(s): s for s in self.free_symbols}
        rep: dict[sp.Symbol, Any] = {}
        for k, v in mapping.items():
            key = names.get(str(k))
            if key is None:
                raise InvalidInputError(f"mapping: {k!r} is not a symbol of the model "
                                        f"(symbols: {sorted(names)})")
            rep[key] = _value(v, f"mapping[{k!r}]")

        def s(x: Any) -> Any:
            return sp.sympify(x).xreplace(rep)

        actors = [Actor(a.name, a.role, s(a.standalone), s(a.cost), s(a.spillover),
                        s(a.contribution), s(a.power)) for a in self._actors]
        g = self._government
        gov = None if g is None else Government(
            {k: s(v) for k, v in g.subsidies.items()}, {k: s(v) for k, v in g.fines.items()},
            s(g.supervision_cost), s(g.benefit), s(g.loss), g.strategic, g.name)
        table = {tuple(sorted(self._members(m))): s(v) for m, v in enumerate(self._surplus)
                 if bin(m).count("1") >= 2}
        return SurplusModel(actors, table, sharing=self._sharing,
                            shares=({k: s(v) for k, v in self._weights.items()}
                                    if self._sharing == "fixed" else None),
                            breach_compensation=s(self._F), government=gov)

    @property
    def free_symbols(self) -> frozenset[sp.Symbol]:
        """Every sympy symbol of the model."""
        out: set[sp.Symbol] = set()
        items: list[Any] = [*self._surplus, self._F, *self._weights.values()]
        for a in self._actors:
            items += [a.standalone, a.cost, a.spillover, a.contribution, a.power]
        g = self._government
        if g is not None:
            items += [*g.subsidies.values(), *g.fines.values(), g.supervision_cost, g.benefit,
                      g.loss]
        for x in items:
            out |= sp.sympify(x).free_symbols
        return frozenset(out)

    @property
    def symbols(self) -> Mapping[str, sp.Symbol]:
        """The free sympy symbols by name, ``{"C_E": C_E, ...}`` (read-only, sorted by name).

        Use it instead of searching :attr:`free_symbols`: ``game.symbols["S_E"]``
        or :meth:`symbol`.
        """
        return symbol_mapping(self.free_symbols)

    def symbol(self, name: str) -> sp.Symbol:
        """The free symbol called ``name``; an unknown name raises
        :class:`~coinnovation.errors.InvalidInputError` listing the known ones."""
        return find_symbol(self.symbols, name, context=f"symbol of the {type(self).__name__}")

