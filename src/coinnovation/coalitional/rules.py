"""The registry of allocation rules: one name per rule, used everywhere a rule is named.

Model files, reports, figures and :func:`coinnovation.stabilizing_subsidy`
name rules by the keys of :data:`RULES` (the same string appears as
:attr:`coinnovation.Allocation.rule`); :attr:`Rule.label` is the rule in
people's words, for tables and legends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import InvalidInputError
from ..games.coalitional import CoalitionalGame
from .compromise import gately_point, tau_value
from .core import least_core
from .nucleolus import nucleolus, per_capita_nucleolus, prenucleolus
from .values import (
    banzhaf_value,
    equal_surplus_division,
    modified_shapley_value,
    owen_value,
    shapley_value,
    weighted_shapley_value,
)

__all__ = ["RULES", "Rule", "label_of", "resolve_rule", "rule_function"]


@dataclass(frozen=True)
class Rule:
    """An allocation rule of the registry.

    Attributes
    ----------
    name : str
        The one spelling of the rule (registry key, ``Allocation.rule``, model files).
    label : str
        The rule in people's words (reports, legends).
    function : callable
        The public function computing it.
    family : {"affine", "nucleolus", "other"}
        ``"affine"``: the allocation is affine in ``v(N)`` (exact subsidy formulas);
        ``"nucleolus"``: lies in the least core, so its stabilizing subsidy is the
        cost of stability; ``"other"``: found by search.
    options : tuple of str
        Keyword options the rule needs (``weights`` of the weighted Shapley value...).
    fixed : dict
        Options the registry always passes (the Banzhaf value is normalized, to be efficient).
    exact : bool
        The function accepts ``exact=True``.
    """

    name: str
    label: str
    function: Callable[..., Any]
    family: str
    options: tuple[str, ...] = ()
    fixed: dict[str, Any] = field(default_factory=dict)
    exact: bool = False

    def __call__(self, game: CoalitionalGame, **kwargs: Any) -> Any:
        """The rule's :class:`~coinnovation.Allocation` of ``game``."""
        out = self.function(game, **self.fixed, **kwargs)
        return out.allocation if self.name == "least_core" else out


RULES: dict[str, Rule] = {r.name: r for r in (
    Rule("shapley", "Shapley value", shapley_value, "affine", exact=True),
    Rule("weighted_shapley", "weighted Shapley value", weighted_shapley_value, "affine",
         options=("weights",), exact=True),
    Rule("owen", "Owen value", owen_value, "affine", options=("unions",), exact=True),
    Rule("equal_surplus_division", "equal surplus division", equal_surplus_division, "affine",
         exact=True),
    Rule("modified_shapley", "modified Shapley value", modified_shapley_value, "affine",
         options=("factor_weights", "factor_importance"), exact=True),
    Rule("nucleolus", "nucleolus", nucleolus, "nucleolus", exact=True),
    Rule("prenucleolus", "prenucleolus", prenucleolus, "nucleolus", exact=True),
    Rule("per_capita_nucleolus", "per capita nucleolus", per_capita_nucleolus, "nucleolus",
         exact=True),
    Rule("least_core", "least core (its nucleolus)", least_core, "nucleolus"),
    Rule("banzhaf", "Banzhaf value (normalized)", banzhaf_value, "other",
         fixed={"normalized": True}),
    Rule("tau", "τ-value", tau_value, "other"),
    Rule("gately", "Gately point", gately_point, "other"),
)}
"""Every allocation rule, by its one name."""

_OTHER_LABELS = {"nash_bargaining": "Nash bargaining solution"}


def resolve_rule(name: Any, *, argument: str = "rule") -> Rule:
    """The :class:`Rule` called ``name``; an unknown name is an error listing the names."""
    if isinstance(name, str) and name in RULES:
        return RULES[name]
    raise InvalidInputError(f"{argument}: unknown rule {name!r} (allocation rules: "
                            f"{', '.join(RULES)})")


def label_of(name: str) -> str:
    """The rule ``name`` in people's words (``"modified_shapley"`` -> ``"modified Shapley value"``)."""
    if name in RULES:
        return RULES[name].label
    return _OTHER_LABELS.get(name, name.replace("_", " "))


def rule_function(rule: Any, kwargs: dict[str, Any], exact: bool = False
                  ) -> Callable[[CoalitionalGame], Any]:
    """``game -> allocation`` for a rule name (with its options) or a callable ``rule(game, **kwargs)``."""
    if callable(rule) and not isinstance(rule, Rule):
        return lambda g: rule(g, **kwargs)
    r = rule if isinstance(rule, Rule) else resolve_rule(rule)
    unknown = sorted(set(kwargs) - set(r.options))
    if unknown:
        raise InvalidInputError(f"{', '.join(unknown)}: rule {r.name!r} takes "
                                f"{'the options ' + ', '.join(r.options) if r.options else 'no options'}")
    if exact and r.exact:
        return lambda g: r(g, exact=True, **kwargs)
    return lambda g: r(g, **kwargs)
