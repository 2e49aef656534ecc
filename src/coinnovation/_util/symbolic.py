"""Conversion of user payoff data (numbers or sympy expressions) into checked arrays.

Numbers and symbols go through the same code: data are converted once into
either a float array (numeric data) or an object array of sympy expressions
(symbolic data); exact rationals are kept alongside for ``exact=True`` work.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import numpy as np
import sympy as sp

from ..errors import InvalidInputError, SymbolicNotSupported
from .tolerance import MAX_MAGNITUDE

__all__ = [
    "ConvertedArray",
    "convert_array",
    "find_symbol",
    "numeric_function",
    "require_numeric",
    "resolve_substitutions",
    "symbol_mapping",
    "to_fraction",
]


class ConvertedArray:
    """A validated array of payoffs/values.

    Attributes
    ----------
    numeric : numpy.ndarray or None
        float64 values when there are no free symbols.
    symbolic : numpy.ndarray
        object array of sympy expressions (built lazily for numeric data).
    exact_ok : bool
        every entry is an exact rational (int, Fraction, sympy Rational) or a float
        (a float is an exact binary rational).
    """

    __slots__ = ("_exact", "_symbolic", "free_symbols", "numeric", "shape")

    def __init__(self, numeric: np.ndarray | None, symbolic: np.ndarray | None,
                 free_symbols: frozenset[sp.Symbol]) -> None:
        self.numeric = numeric
        self._symbolic = symbolic
        self.free_symbols = free_symbols
        self._exact: np.ndarray | None = None
        ref = numeric if numeric is not None else symbolic
        assert ref is not None
        self.shape: tuple[int, ...] = ref.shape

    @property
    def is_symbolic(self) -> bool:
        return bool(self.free_symbols)

    @property
    def has_exact_source(self) -> bool:
        """The data came as exact values (ints, Fractions, sympy numbers), not only floats."""
        return self._symbolic is not None or self._exact is not None

    @property
    def symbolic(self) -> np.ndarray:
        if self._symbolic is None:
            assert self.numeric is not None
            flat = [sp.nsimplify(v) if float(v).is_integer() else sp.Float(v)
                    for v in self.numeric.ravel().tolist()]
            self._symbolic = np.array(flat, dtype=object).reshape(self.shape)
        return self._symbolic

    def exact(self) -> np.ndarray:
        """Object array of :class:`fractions.Fraction` (numeric data only)."""
        if self._exact is None:
            if self.is_symbolic:
                raise SymbolicNotSupported("exact arithmetic needs numbers; free symbols: "
                                           + _names(self.free_symbols))
            if self._symbolic is not None:
                flat = [to_fraction(v) for v in self._symbolic.ravel().tolist()]
            else:
                assert self.numeric is not None
                flat = [Fraction(v) for v in self.numeric.ravel().tolist()]
            self._exact = np.array([*flat, None], dtype=object)[:-1].reshape(self.shape)
        return self._exact


def _names(symbols: frozenset[sp.Symbol] | set[sp.Symbol]) -> str:
    return ", ".join(sorted(str(s) for s in symbols))


def to_fraction(value: Any) -> Fraction:
    """Exact rational value of a number (int, float, Fraction, sympy Rational/Float)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (bool, np.bool_)):
        raise InvalidInputError(f"expected a number, got the boolean {value!r}")
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    if isinstance(value, (float, np.floating)):
        return Fraction(float(value))
    if isinstance(value, sp.Rational):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, sp.Float):
        return Fraction(float(value))
    if isinstance(value, sp.Basic) and value.is_number:
        raise InvalidInputError(
            f"exact arithmetic needs rational numbers, got the irrational {value}")
    raise InvalidInputError(f"expected a number, got {type(value).__name__} {value!r}")


def _as_object_array(data: Any) -> np.ndarray:
    if isinstance(data, (sp.MatrixBase, sp.NDimArray)):
        data = data.tolist()
    if isinstance(data, np.ndarray) and data.dtype != object:
        return data
    arr = np.array(data, dtype=object)
    return arr


def convert_array(data: Any, *, name: str, ndim: int | None = None) -> ConvertedArray:
    """Validate and convert one array of payoffs or values.

    Raises :class:`InvalidInputError` naming ``name`` for ragged data, wrong
    dimension, strings, booleans, NaN or infinite entries.
    """
    if isinstance(data, str):
        raise InvalidInputError(f"{name}: expected an array of numbers or sympy expressions, got a string")
    arr = _as_object_array(data)
    if ndim is not None and arr.ndim != ndim:
        raise InvalidInputError(f"{name}: expected a {ndim}-dimensional array, got shape {arr.shape}")
    if arr.dtype != object:
        return _convert_numeric(arr, name)
    return _convert_objects(arr, name)


def _convert_numeric(arr: np.ndarray, name: str) -> ConvertedArray:
    """A numpy array of a numeric dtype (ints kept exact alongside the floats)."""
    if arr.dtype.kind == "b":
        raise InvalidInputError(f"{name}: expected numbers, got booleans")
    if arr.dtype.kind not in "iuf":
        raise InvalidInputError(f"{name}: expected numbers, got dtype {arr.dtype}")
    num = arr.astype(np.float64)
    bad = ~np.isfinite(num)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        raise InvalidInputError(f"{name}: entry {idx} is {num[idx]} (payoffs must be finite)")
    _check_magnitude(num, name)
    if arr.dtype.kind in "iu" and np.any(np.abs(arr) > 2**53):
        raise InvalidInputError(f"{name}: integer entries beyond 2**53 lose precision as floats")
    out = ConvertedArray(num, None, frozenset())
    if arr.dtype.kind in "iu":
        out._exact = np.array([Fraction(int(v)) for v in arr.ravel().tolist()] + [None],
                              dtype=object)[:-1].reshape(arr.shape)
    return out


def _convert_entry(v: Any, where: str, symbols: set[sp.Symbol]) -> tuple[Any, bool]:
    """One entry as a sympy number or expression, and whether it came as an exact/sympy value."""
    if isinstance(v, (list, tuple, np.ndarray)):
        raise InvalidInputError(f"{where.split(':')[0]}: ragged nested sequences (entries of unequal "
                                "length)")
    if isinstance(v, (bool, np.bool_)):
        raise InvalidInputError(f"{where} is the boolean {v!r}; payoffs must be numbers")
    if isinstance(v, str):
        raise InvalidInputError(
            f"{where} is the string {v!r}; pass sympy expressions (sympy.Symbol) or numbers, not strings")
    if isinstance(v, sp.Basic):
        if not isinstance(v, sp.Expr):
            raise InvalidInputError(f"{where} is {v!r}, not an arithmetic expression")
        if v.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            raise InvalidInputError(f"{where} is {v} (payoffs must be finite)")
        if v.is_number and not v.is_real and v.is_real is not None:
            raise InvalidInputError(f"{where} is the non-real number {v}")
        symbols |= v.free_symbols
        return v, True
    if isinstance(v, Fraction):
        return sp.Rational(v.numerator, v.denominator), True
    if isinstance(v, numbers.Real):
        try:
            fv = float(v)
        except OverflowError:
            raise InvalidInputError(f"{where} is an integer of {len(str(abs(int(v))))} digits; "
                                    f"payoffs may be at most {MAX_MAGNITUDE:g} in magnitude"
                                    ) from None
        if not np.isfinite(fv):
            raise InvalidInputError(f"{where} is {fv} (payoffs must be finite)")
        if isinstance(v, (int, np.integer)):
            # an integer beyond 2**53 has no exact float: keep its exact value for exact=True
            return sp.Integer(int(v)), abs(int(v)) > 2**53
        return sp.Float(fv), False
    raise InvalidInputError(f"{where} has unsupported type {type(v).__name__}")


def _convert_objects(arr: np.ndarray, name: str) -> ConvertedArray:
    """An object array: numbers, fractions and sympy expressions."""
    exprs: list[Any] = []
    symbols: set[sp.Symbol] = set()
    any_sympy = False
    for k, v in enumerate(arr.ravel().tolist()):
        idx = np.unravel_index(k, arr.shape) if arr.ndim else ()
        e, exact = _convert_entry(v, f"{name}: entry {tuple(int(i) for i in idx)}", symbols)
        exprs.append(e)
        any_sympy = any_sympy or exact
    sym_arr = np.array([*exprs, None], dtype=object)[:-1].reshape(arr.shape)
    if symbols:
        return ConvertedArray(None, sym_arr, frozenset(symbols))
    try:
        num = np.array([float(e) for e in exprs], dtype=np.float64).reshape(arr.shape)
    except TypeError as exc:  # pragma: no cover - defensive: non-real constants
        raise InvalidInputError(f"{name}: entries must be real numbers ({exc})") from exc
    if not np.all(np.isfinite(num)):
        raise InvalidInputError(f"{name}: entries overflow float64")
    _check_magnitude(num, name)
    return ConvertedArray(num, sym_arr if any_sympy else None, frozenset())


def _check_magnitude(num: np.ndarray, name: str) -> None:
    """Refuse entries above :data:`MAX_MAGNITUDE`, where solver arithmetic overflows."""
    big = np.abs(num) > MAX_MAGNITUDE
    if big.any():
        idx = tuple(int(i) for i in np.argwhere(big)[0])
        raise InvalidInputError(
            f"{name}: entry {idx} is {num[idx]:g}; payoffs may be at most {MAX_MAGNITUDE:g} in "
            "magnitude (larger ones overflow the solvers' float arithmetic; rescale the unit)")


def require_numeric(free_symbols: frozenset[sp.Symbol] | set[sp.Symbol], what: str) -> None:
    """Raise :class:`SymbolicNotSupported` when ``free_symbols`` is not empty."""
    if free_symbols:
        raise SymbolicNotSupported(
            f"{what} is numeric only, but the game has free symbols {_names(set(free_symbols))}; "
            "substitute numbers first with game.subs({...})")


def resolve_substitutions(free_symbols: frozenset[sp.Symbol], mapping: Any,
                          kwargs: dict[str, Any]) -> dict[sp.Symbol, Any]:
    """Validate the ``subs`` mapping of a game: keys are free symbols or their names.

    Raises :class:`InvalidInputError` naming ``subs`` for an unknown symbol, a
    key of another type, or a NaN/infinite value; Fractions become sympy Rationals.
    """
    m = dict(mapping or {})
    m.update(kwargs)
    by_name = {str(s): s for s in free_symbols}
    resolved: dict[sp.Symbol, Any] = {}
    for key, value in m.items():
        if isinstance(key, str):
            if key not in by_name:
                raise InvalidInputError(f"subs: {key!r} is not a free symbol of the game "
                                        f"(free symbols: {sorted(by_name)})")
            sym = by_name[key]
        elif isinstance(key, sp.Symbol):
            if key not in free_symbols:
                raise InvalidInputError(f"subs: {key} is not a free symbol of the game "
                                        f"(free symbols: {sorted(by_name)})")
            sym = key
        else:
            raise InvalidInputError(f"subs: keys must be sympy symbols or names, got {key!r}")
        if isinstance(value, (float, np.floating)) and not np.isfinite(value):
            raise InvalidInputError(f"subs: value for {sym} is {value} (must be finite)")
        if isinstance(value, Fraction):
            value = sp.Rational(value.numerator, value.denominator)
        resolved[sym] = value
    return resolved


# ---------------------------------------------------------------------------- symbols by name
def symbol_mapping(symbols: Iterable[sp.Symbol]) -> Mapping[str, sp.Symbol]:
    """A read-only mapping name -> sympy Symbol, sorted by name (the ``symbols`` of games)."""
    return MappingProxyType({s.name: s for s in sorted(symbols, key=lambda x: x.name)})


def find_symbol(symbols: Mapping[str, sp.Symbol], name: Any, *, context: str) -> sp.Symbol:
    """The symbol called ``name``; :class:`InvalidInputError` listing the known names otherwise."""
    if isinstance(name, sp.Symbol) and symbols.get(name.name) == name:
        return name
    if isinstance(name, str) and name in symbols:
        return symbols[name]
    known = ", ".join(symbols) or "none: it is numeric"
    raise InvalidInputError(f"{context}: {name!r} is not a symbol of it (symbols: {known})")


def _flat_expressions(expr: Any) -> tuple[list[Any], bool]:
    """The expressions of ``expr`` as a flat list, and whether ``expr`` was a single one."""
    if isinstance(expr, (sp.MatrixBase, sp.NDimArray)):
        return list(sp.Array(expr).reshape(len(sp.Array(expr)))), False
    if isinstance(expr, np.ndarray):
        return list(expr.ravel()), False
    if isinstance(expr, (list, tuple)):
        return list(expr), False
    return [expr], True


def numeric_function(expr: Any, parameters: Sequence[Any]) -> Callable[..., np.ndarray]:
    r"""A vectorized numpy function of ``parameters`` from sympy expression(s): one call.

    Parameters
    ----------
    expr : sympy expression, or a sequence / sympy matrix of them
        For instance a stability condition's left-hand side, the eigenvalues of
        :meth:`ReplicatorDynamics.classify`, a region's bound.
    parameters : sequence of sympy.Symbol or str
        The arguments of the function, in order; names are matched against the
        free symbols of ``expr`` (so ``"S_E"`` finds the symbol ``S_E`` whatever
        its assumptions). A parameter ``expr`` does not depend on is accepted
        (the function ignores it), so several expressions can share a signature.

    Returns
    -------
    callable
        ``f(*values)``: arrays (or numbers) that broadcast together; returns a
        float array of the broadcast shape for one expression, with a last
        axis of length ``len(expr)`` for a sequence.

    Raises
    ------
    coinnovation.errors.InvalidInputError
        for a parameter that is neither a symbol nor a name, or a free symbol
        of ``expr`` left out of ``parameters`` (it names them).

    Examples
    --------
    >>> import numpy as np, sympy as sp, coinnovation as co
    >>> S, C = sp.symbols("S C", positive=True)
    >>> f = co.numeric_function([S - C, S * C, 2], ["S", "C"])
    >>> f(np.array([1.0, 2.0]), 0.5).tolist()
    [[0.5, 0.5, 2.0], [1.5, 1.0, 2.0]]
    """
    flat, single = _flat_expressions(expr)
    try:
        exprs = [sp.sympify(e) for e in flat]
    except (sp.SympifyError, TypeError) as exc:
        raise InvalidInputError(f"expr: not a sympy expression ({exc})") from None
    if isinstance(parameters, (str, sp.Basic)):
        parameters = [parameters]
    free = set().union(*(e.free_symbols for e in exprs)) if exprs else set()
    by_name = {s.name: s for s in free if isinstance(s, sp.Symbol)}
    args: list[sp.Symbol] = []
    for k, p in enumerate(parameters):
        if isinstance(p, sp.Symbol):
            args.append(by_name.get(p.name, p) if p not in free else p)
        elif isinstance(p, str) and p.isidentifier():
            args.append(by_name.get(p, sp.Symbol(p)))
        else:
            raise InvalidInputError(f"parameters[{k}]: expected a sympy Symbol or a name "
                                    f"(an identifier), got {p!r}")
    left = free - set(args)
    if left:
        raise InvalidInputError(f"parameters: expr has free symbols {_names(left)} that are not "
                                "parameters; pass them too or substitute numbers first")
    compiled = sp.lambdify(args, exprs, modules="numpy")

    def f(*values: Any) -> np.ndarray:
        if len(values) != len(args):
            raise InvalidInputError(f"values: expected {len(args)} values "
                                    f"({', '.join(a.name for a in args)}), got {len(values)}")
        try:
            arrays = [np.asarray(v, dtype=float) for v in values]
            shape = np.broadcast_shapes(*(a.shape for a in arrays)) if arrays else ()
        except (TypeError, ValueError) as exc:
            raise InvalidInputError(f"values: expected numbers or arrays that broadcast together "
                                    f"({exc})") from None
        out = [np.broadcast_to(np.asarray(r, dtype=float), shape) for r in compiled(*arrays)]
        return out[0].copy() if single else np.stack(out, axis=-1) if out else np.zeros((*shape, 0))

    f.__doc__ = f"Numeric function of ({', '.join(a.name for a in args)})."
    return f
