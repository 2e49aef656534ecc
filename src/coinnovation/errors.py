"""The exceptions and warnings of coinnovation.

Every error the library raises on purpose derives from :class:`CoinnovationError`.
Messages name the argument that was wrong and what was wrong with it, so that a
user can fix the call without reading the source.

Input errors also derive from :class:`ValueError` (or :class:`TypeError`,
:class:`KeyError`) so that generic ``except ValueError`` handlers keep working.
"""

from __future__ import annotations

__all__ = [
    "CoinnovationError",
    "ConvergenceError",
    "DegenerateGameWarning",
    "InvalidGameError",
    "InvalidInputError",
    "MissingDependencyError",
    "ModelFileError",
    "NumericalCheckWarning",
    "SearchRangeWarning",
    "SolverError",
    "SymbolicNotSupported",
    "UndecidableError",
    "UnknownPlayerError",
    "UnknownStrategyError",
]


class CoinnovationError(Exception):
    """Base class of every error raised by coinnovation."""


class InvalidInputError(CoinnovationError, ValueError):
    """An argument has the wrong shape, type, or value (NaN, inf, ...).

    The message names the argument and the problem.
    """


class InvalidGameError(InvalidInputError):
    """The data given to a game constructor do not describe a valid game."""


class UnknownPlayerError(InvalidInputError, KeyError):
    """A player name or index does not belong to the game."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class UnknownStrategyError(InvalidInputError, KeyError):
    """A strategy label or index does not belong to the player."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ModelFileError(InvalidInputError):
    """A model file (TOML) or game file (Gambit ``.nfg``) is malformed or invalid.

    The message names the file, the key path (``payoffs."cooperate,defect".enterprise``)
    where there is one, the line when it is known, and what is wrong.

    Attributes
    ----------
    path : str or None
        The file (``"<string>"`` for text).
    key : str or None
        The key path in the file.
    line : int or None
        The 1-based line number.
    problem : str
        What is wrong, without the location.
    """

    def __init__(self, problem: str, *, path: str | None = None, key: str | None = None,
                 line: int | None = None) -> None:
        self.path, self.key, self.line, self.problem = path, key, line, problem
        where = [p for p in (path, key) if p]
        loc = ": ".join(where)
        if line is not None:
            loc = f"{loc} (line {line})" if loc else f"line {line}"
        super().__init__(f"{loc}: {problem}" if loc else problem)


class SymbolicNotSupported(CoinnovationError, TypeError):
    """A numeric-only method received a game with free symbols.

    Substitute numbers first with ``game.subs({...})``. The message lists the
    free symbols.
    """


class UndecidableError(CoinnovationError, ValueError):
    """A comparison of symbolic expressions cannot be decided.

    Raised, for example, when a pure-equilibrium check depends on the sign of
    ``S - C`` and nothing is known about ``S`` and ``C``. Give the symbols
    assumptions (``positive=True``...), substitute numbers, or use
    :func:`coinnovation.nash_conditions` to get the conditions themselves.
    """


class MissingDependencyError(CoinnovationError, ImportError):
    """An optional dependency is not installed.

    The message names the package and the extra that installs it, e.g.
    ``pip install "coinnovation[pandas]"`` for ``to_pandas()``.
    """


class SolverError(CoinnovationError, RuntimeError):
    """An algorithm failed (iteration cap reached, numerical breakdown...).

    No partial result is returned when this is raised.
    """


class ConvergenceError(SolverError):
    """An iterative algorithm did not converge within its limits."""


class DegenerateGameWarning(UserWarning):
    """The game is degenerate: equilibria may form continua.

    For two-player games the solvers then return every *extreme* equilibrium
    (the vertices of the maximal Nash subsets); every equilibrium of the game
    is a convex combination of extreme equilibria in one maximal Nash subset.
    A subsidy set exactly at its threshold makes a game degenerate.
    """


class NumericalCheckWarning(UserWarning):
    """A symbolic decision was made numerically, at sample parameter values.

    Raised, for example, when the stabilizing root of a quadratic value-function
    ansatz cannot be told apart symbolically and the closed-loop eigenvalues
    were compared at several parameter points instead. Substitute numbers to
    get a decision that holds exactly.
    """


class SearchRangeWarning(UserWarning):
    """A numerically solved region reaches the end of the searched range.

    Without a ``bracket``, a condition that no closed form solves is searched
    on a grid out to ``±1e12`` (log-spaced beyond ``±1000``). When it still
    holds at the end of that range, the region reported ends there, and this
    warning says that the true region may extend further: give ``bracket=``
    (or assumptions on the parameter) to decide.
    """
