"""Parameter values given at run time (``--set S_E=2``) and a one-parameter scan of a model.

:func:`with_values` returns the model with some values replaced (checked
against each parameter's assumptions); :func:`scan` analyses the model at
every value of one parameter and returns a :class:`~.document.Report` with
the summary table (Nash equilibria and ESS at each value) and a figure of
where each profile is an ESS.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import sympy as sp

from .._plot_base import font_properties, new_axes, palette, set_labels
from .._util.latex import latex
from ..errors import DegenerateGameWarning, InvalidInputError
from ..evolutionary.ess import evolutionarily_stable_states
from ..io.modelfile import Model
from ..noncooperative.nash import nash_equilibria
from ._format import number, symbol
from .analysis import _nash_method, _profile_text
from .document import Report

__all__ = ["MAX_SCAN_POINTS", "parse_value", "scan", "scan_values", "with_values"]

MAX_SCAN_POINTS = 1001
"""Most values a scan runs (``start:stop:count`` with ``count`` at most this)."""

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?(/[+-]?\d+)?$")


def parse_value(text: str, name: str) -> sp.Rational:
    """A number written as ``2``, ``0.6``, ``-1.5e2`` or ``2/3``, as an exact rational."""
    t = str(text).strip()
    if not _NUMBER.match(t) or t.endswith("/0") or re.search(r"/[+-]?0+$", t):
        raise InvalidInputError(f"{name}: expected a number such as 2, 0.6 or 2/3, got {text!r}")
    if "/" in t:
        num, den = t.split("/")
        return sp.Rational(sp.Rational(num), sp.Rational(den))
    return sp.Rational(t)


def scan_values(text: str, name: str) -> list[sp.Rational] | None:
    """``start:stop:count`` as ``count`` evenly spaced exact values; None for a single value."""
    if ":" not in text:
        return None
    parts = text.split(":")
    if len(parts) != 3:
        raise InvalidInputError(f"{name}: expected start:stop:count (e.g. 0:5:11), got {text!r}")
    lo, hi = parse_value(parts[0], name), parse_value(parts[1], name)
    if not re.fullmatch(r"\s*\d+\s*", parts[2]) or not 2 <= int(parts[2]) <= MAX_SCAN_POINTS:
        raise InvalidInputError(f"{name}: the count must be an integer from 2 to "
                                f"{MAX_SCAN_POINTS}, got {parts[2]!r}")
    if not lo < hi:
        raise InvalidInputError(f"{name}: expected start < stop, got {parts[0]}:{parts[1]}")
    k = int(parts[2])
    return [lo + (hi - lo) * sp.Rational(i, k - 1) for i in range(k)]


def _admissible(model: Model, name: str, value: sp.Rational) -> None:
    par = model.parameters[name]
    checks = {"positive": value > 0, "nonnegative": value >= 0, "negative": value < 0,
              "nonpositive": value <= 0}
    for a in par.assumptions:
        if a in checks and not checks[a]:
            raise InvalidInputError(f"values: {name} is declared {a}, got {value}")


def with_values(model: Model, values: Mapping[str, Any]) -> Model:
    """The model with the values of some parameters replaced (exact numbers).

    Parameters
    ----------
    model : Model
    values : mapping of str to number or str
        Parameter name -> value (``2``, ``"0.6"``, ``"2/3"``).

    Raises
    ------
    coinnovation.errors.InvalidInputError
        for an unknown parameter, a value that is not a number, or one that
        contradicts the parameter's assumptions (``nonnegative`` and -1).

    Examples
    --------
    >>> import coinnovation as co
    >>> from pathlib import Path
    >>> from coinnovation.report.grid import with_values
    >>> m = co.load_model(Path(co.__file__).parents[2] / "examples" / "two_party.toml")
    >>> with_values(m, {"alpha": "0.6"}).values["alpha"]
    3/5
    """
    params = dict(model.parameters)
    for name, v in values.items():
        if name not in params:
            raise InvalidInputError(f"values: {name!r} is not a parameter of the model "
                                    f"(parameters: {', '.join(params)})")
        if isinstance(v, bool):
            raise InvalidInputError(f"values: {name} must be a number, got {v!r}")
        val = parse_value(v, f"values: {name}") if isinstance(v, str) else sp.nsimplify(v)
        if not (isinstance(val, sp.Basic) and val.is_Rational):
            raise InvalidInputError(f"values: {name} must be a finite number, got {v!r}")
        _admissible(model, name, val)
        params[name] = dataclasses.replace(params[name], value=val)
    return dataclasses.replace(model, parameters=params)


def scan(model: Model, name: str, values: Sequence[Any], *, figures: bool = True,
         progress: Callable[[str], None] | None = None) -> Report:
    """Analyse ``model`` at each value of parameter ``name``: Nash equilibria and ESS.

    Returns a report with one row per value and, with ``figures``, a chart of
    the values at which each profile is an ESS.

    Examples
    --------
    >>> import coinnovation as co
    >>> from pathlib import Path
    >>> from coinnovation.report.grid import scan, scan_values, with_values
    >>> m = co.load_model(Path(co.__file__).parents[2] / "examples" / "two_party.toml")
    >>> rep = scan(with_values(m, {"alpha": "0.1"}), "S_E", scan_values("2:4:3", "S_E"),
    ...            figures=False)
    >>> [(p["exact_value"], p["ess"]) for p in rep.data["points"]]
    [('2', ['(defect, cooperate)']), ('3', []), ('4', ['(cooperate, cooperate)'])]
    """
    say = progress or (lambda _msg: None)
    if name not in model.parameters:
        raise InvalidInputError(f"values: {name!r} is not a parameter of the model "
                                f"(parameters: {', '.join(model.parameters)})")
    rep = Report((f"{model.name or 'Model'}: scan of ", symbol(name)))
    rows, data, ess_at = [], [], []
    for v in values:
        say(f"{name} = {v}")
        m = with_values(model, {name: v})
        game = m.numeric_game()
        method, exact, _how = _nash_method(m, game)
        with warnings.catch_warnings(record=True) as rec:
            warnings.simplefilter("always", DegenerateGameWarning)
            eqs = nash_equilibria(game, exact=exact, method=method)
        degenerate = any(issubclass(r.category, DegenerateGameWarning) for r in rec)
        ess = [_profile_text(game, e.profile) for e in evolutionarily_stable_states(game)]
        ess_at.append(ess)
        rows.append([number(v), f"{len(eqs)}" + (" (degenerate)" if degenerate else ""),
                     "; ".join(ess) or "none"])
        data.append({"value": float(v), "exact_value": str(v), "nash_equilibria": len(eqs),
                     "degenerate": degenerate, "method": method, "ess": ess})
    rep.h("Scan of ", symbol(name))
    desc = model.parameters[name].description
    rep.p(f"{len(values)} values of ", symbol(name), f" from {number(values[0])} to "
          f"{number(values[-1])}" + (f" ({desc})" if desc else "")
          + "; the other parameters at their values.")
    rep.table([symbol(name), "Nash equilibria", "ESS"], rows)
    rep.data = {"parameter": name, "points": data}
    if figures:
        say("figure")
        ax = _ess_chart(np.array([float(v) for v in values]), ess_at, name)
        rep.figure(f"scan_{name}", ax.figure, ("Where each profile is an ESS, against ",
                                              symbol(name)))
    return rep


def _ess_chart(xs: np.ndarray, ess_at: list[list[str]], name: str) -> Any:
    profiles = sorted({p for e in ess_at for p in e})
    rows = profiles or ["no ESS"]
    ax = new_axes(None, figsize=(7.0, 1.2 + 0.45 * len(rows)))
    colors = palette(len(rows))
    for k, prof in enumerate(rows):
        inside = np.array([(prof in e) if profiles else not e for e in ess_at])
        ax.scatter(xs[inside], np.full(inside.sum(), k), marker="s", s=30, color=colors[k])
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(rows, fontproperties=font_properties(8))
    ax.set_ylim(-0.6, len(rows) - 0.4)
    set_labels(ax, "ESS at each value", "$" + latex(sp.Symbol(name)) + "$", None)
    return ax
