r"""Read and write Gambit's strategic-form ``.nfg`` files (NFG version 1).

`Gambit <https://www.gambit-project.org>`_ stores a strategic game as text::

    NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
    { "Player 1" "Player 2" } { 3 2 }

    1 1 0 2 0 2 1 1 0 3 2 0

The header gives the title, the player names and, per player, either the
number of strategies (``{ 3 2 }``) or their names (``{ { "1" "2" "3" } { "1"
"2" } }``), optionally followed by a comment string. Two bodies exist:

- **payoff version**: the payoffs of every profile, each profile's payoffs to
  players 1..n in turn, profiles listed with the **first player's strategy
  changing fastest** (the reverse of numpy's C order);
- **outcome version**: a list of outcomes ``{ "name" u_1, u_2, ... }``
  followed by one outcome number per profile (same order; 1-based, ``0`` is
  the null outcome with all payoffs zero).

:func:`read_nfg` reads both (numbers as integers, decimals or rationals
``a/b``, read exactly as fractions); :func:`write_nfg` writes the payoff
version with strategy names, exact rationals when the payoffs are exact.
Strategy 0 of coinnovation is Gambit's strategy 1.
"""

from __future__ import annotations

import itertools
import math
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from .._util.symbolic import require_numeric
from ..errors import CoinnovationError, ModelFileError
from ..games.normal_form import NormalFormGame
from ._files import read_limited

__all__ = ["read_nfg", "write_nfg"]

MAX_PROFILES = 2_000_000
"""Most pure profiles a game read from a file may have."""

MAX_NFG_BYTES = 64_000_000
"""Largest ``.nfg`` file read, in bytes (more than 2 million profiles of small payoffs)."""

MAX_DECIMAL_EXPONENT = 400
"""Largest decimal exponent of a payoff (``1e400`` is read; ``1e99999999`` is refused unread)."""
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?:/\d+)?")


class _Tokens:
    def __init__(self, text: str, source: str, first_line: int = 1) -> None:
        self.source = source
        self.items: list[tuple[str, Any, int]] = []  # (kind, value, line)
        i, n, line = 0, len(text), first_line
        while i < n:
            ch = text[i]
            if ch == "\n":
                line += 1
                i += 1
            elif ch.isspace() or ch == ",":
                i += 1
            elif ch in "{}":
                self.items.append((ch, ch, line))
                i += 1
            elif ch == '"':
                start_line = line
                buf = []
                i += 1
                while i < n and text[i] != '"':
                    if text[i] == "\\" and i + 1 < n:
                        i += 1
                    if text[i] == "\n":
                        line += 1
                    buf.append(text[i])
                    i += 1
                if i >= n:
                    raise self.error(start_line, "unterminated string (missing closing '\"')")
                i += 1
                self.items.append(("str", "".join(buf), start_line))
            else:
                m = _NUMBER.match(text, i)
                if m is None:
                    word = re.match(r"\S+", text[i:])
                    bad = word.group() if word else ch
                    raise self.error(line, f"unexpected {bad[:20]!r}")
                self.items.append(("num", m.group(), line))
                i = m.end()
        self.pos = 0

    def error(self, line: int | None, problem: str) -> ModelFileError:
        return ModelFileError(problem, path=self.source, line=line)

    def peek(self) -> tuple[str, Any, int] | None:
        return self.items[self.pos] if self.pos < len(self.items) else None

    def last_line(self) -> int:
        return self.items[-1][2] if self.items else 1

    def take(self, kind: str, what: str) -> tuple[str, Any, int]:
        tok = self.peek()
        if tok is None:
            raise self.error(self.last_line(), f"unexpected end of file; expected {what}")
        if tok[0] != kind:
            shown = tok[1] if tok[0] != "str" else f'"{tok[1]}"'
            raise self.error(tok[2], f"expected {what}, got {shown!r}")
        self.pos += 1
        return tok


def _number(tok: tuple[str, Any, int], toks: _Tokens) -> Fraction:
    text = tok[1]
    if len(text) > 60:
        raise toks.error(tok[2], f"the number {text[:20]}... is too long")
    num, _, den = text.partition("/")
    exponent = re.search(r"[eE]([+-]?\d+)$", num)
    if exponent is not None and abs(int(exponent.group(1))) > MAX_DECIMAL_EXPONENT:
        raise toks.error(tok[2], f"the number {text} has an exponent beyond "
                         f"±{MAX_DECIMAL_EXPONENT} (outside the range of float64)")
    if den and int(den) == 0:
        raise toks.error(tok[2], f"the number {text} divides by zero")
    try:
        value = Fraction(num)
    except ValueError:
        raise toks.error(tok[2], f"{text!r} is not a number") from None
    return value / int(den) if den else value


def _int(tok: tuple[str, Any, int], toks: _Tokens, what: str) -> int:
    if not re.fullmatch(r"\d{1,18}", tok[1]):
        raise toks.error(tok[2], f"expected {what} (a non-negative integer), got {tok[1]!r}")
    return int(tok[1])


def read_nfg(source: str | Path) -> NormalFormGame:
    """Read a Gambit strategic-form game (``.nfg``, payoff or outcome version).

    Parameters
    ----------
    source : str or pathlib.Path
        A path, or the text of the file itself (a string starting with ``NFG``).

    Returns
    -------
    NormalFormGame
        Payoffs exact (:class:`fractions.Fraction`); player names and strategy
        labels from the file (Gambit's unnamed strategies become ``"1"``,
        ``"2"``...).

    Raises
    ------
    coinnovation.errors.ModelFileError
        naming the line and the problem (bad header, wrong number of payoffs,
        unknown outcome...).

    Examples
    --------
    Gambit's own sample ``e02.nfg`` (Selten 1975): payoffs listed with the
    first player's strategy changing fastest.

    >>> import coinnovation as co
    >>> g = co.read_nfg('''NFG 1 R "Selten (IJGT, 75), Figure 2, normal form"
    ... { "Player 1" "Player 2" } { 3 2 }
    ...
    ... 1 1 0 2 0 2 1 1 0 3 2 0
    ... ''')
    >>> g.shape, g.players
    ((3, 2), ('Player 1', 'Player 2'))
    >>> g.payoff((1, 0)), g.payoff((2, 1))
    ((0.0, 2.0), (2.0, 0.0))
    """
    text, name = _nfg_text(source)
    toks = _header(text, name)
    toks.take("str", "the game's title in double quotes")
    players = _players(toks)
    strategies = _strategies(toks, players)
    shape = tuple(len(s) for s in strategies)
    n_prof = math.prod(shape)
    if n_prof > MAX_PROFILES:
        raise toks.error(toks.last_line(), f"{n_prof} profiles exceed the limit {MAX_PROFILES}")
    t = toks.peek()
    if t is not None and t[0] == "str":  # optional comment
        toks.take("str", "comment")
    arrays = _payoff_arrays(toks, shape, len(players))
    extra = toks.peek()
    if extra is not None:
        raise toks.error(extra[2], f"unexpected {extra[1]!r} after the last payoff")
    players = [p if p else f"Player {i + 1}" for i, p in enumerate(players)]
    labels = [[s if s else str(k + 1) for k, s in enumerate(ss)] for ss in strategies]
    try:
        return NormalFormGame(arrays, players=players, strategies=labels)
    except CoinnovationError as exc:
        raise ModelFileError(str(exc), path=name) from None


def _nfg_text(source: str | Path) -> tuple[str, str]:
    """The text of an .nfg file (or the text itself) and its name for messages."""
    if isinstance(source, str) and source.lstrip().startswith("NFG"):
        return source, "<nfg text>"
    data = read_limited(source, MAX_NFG_BYTES, what="source", kind=".nfg file")
    name = str(source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelFileError(f"not UTF-8 text (byte {exc.start})", path=name) from None
    return text.removeprefix("\ufeff"), name


def _header(text: str, name: str) -> _Tokens:
    """Check the ``NFG 1 R`` header; the tokens of the rest of the file."""
    if not text.strip():
        raise ModelFileError("empty file; expected 'NFG 1 R \"title\" { players } { strategies }'",
                             path=name, line=1)
    stripped = text.lstrip()
    first = text[: len(text) - len(stripped)].count("\n") + 1
    if not stripped.startswith("NFG"):
        raise ModelFileError("not an NFG file: it must start with 'NFG 1 R' or 'NFG 1 D'",
                             path=name, line=first)
    m = re.match(r"NFG\s+(\S+)\s+(\S+)", stripped)
    if m is None or m.group(1) != "1" or m.group(2) not in ("R", "D"):
        raise ModelFileError("unsupported header: expected 'NFG 1 R' or 'NFG 1 D' "
                             "(strategic-form version 1)", path=name, line=first)
    offset_lines = text[: len(text) - len(stripped) + m.end()].count("\n")
    return _Tokens(stripped[m.end():], name, first_line=offset_lines + 1)


def _players(toks: _Tokens) -> list[str]:
    toks.take("{", "'{' opening the list of players")
    players: list[str] = []
    while (t := toks.peek()) is not None and t[0] == "str":
        players.append(toks.take("str", "a player name")[1])
    toks.take("}", "'}' closing the list of players (player names are quoted strings)")
    if not players:
        raise toks.error(toks.last_line(), "the game has no players")
    return players


def _strategies(toks: _Tokens, players: list[str]) -> list[list[str]]:
    """Per player a list of strategy names (``""`` where the file gives a count only)."""
    toks.take("{", "'{' opening the strategies (counts or names)")
    strategies: list[list[str]] = []
    for player in players:
        t = toks.peek()
        if t is None:
            raise toks.error(toks.last_line(), "unexpected end of file in the strategies")
        if t[0] == "{":
            toks.take("{", "'{'")
            names = []
            while (t2 := toks.peek()) is not None and t2[0] == "str":
                names.append(toks.take("str", "a strategy name")[1])
            toks.take("}", f"'}}' closing the strategy names of {player!r}")
            if not names:
                raise toks.error(t[2], f"player {player!r} has no strategies")
            strategies.append(names)
        elif t[0] == "num":
            k = _int(toks.take("num", "a strategy count"), toks, "a strategy count")
            if k < 1:
                raise toks.error(t[2], f"player {player!r} needs at least one strategy")
            if k > MAX_PROFILES:
                raise toks.error(t[2], f"player {player!r} has {k} strategies; a game may have "
                                 f"at most {MAX_PROFILES} profiles")
            strategies.append([""] * k)
        else:
            raise toks.error(t[2], f"expected the strategies of {player!r} (a count or "
                             "{ \"names\" })")
    toks.take("}", f"'}}' closing the strategies ({len(players)} players)")
    return strategies


def _payoff_arrays(toks: _Tokens, shape: tuple[int, ...], n: int) -> list[np.ndarray]:
    """The payoffs, from an outcome list and outcome numbers or from a flat payoff list."""
    # profiles in Gambit order: first player's strategy changes fastest
    order = [tuple(reversed(p)) for p in itertools.product(*(range(m) for m in reversed(shape)))]
    arrays = [np.empty(shape, dtype=object) for _ in range(n)]
    t = toks.peek()
    if t is not None and t[0] == "{":
        outcomes = _outcomes(toks, n)
        for k_prof, prof in enumerate(order):
            tok = toks.peek()
            if tok is None or tok[0] != "num":
                raise toks.error(tok[2] if tok else toks.last_line(),
                                 f"expected {len(order)} outcome numbers (one per profile), "
                                 f"the file stops after {k_prof}")
            k = _int(toks.take("num", "an outcome number"), toks, "an outcome number")
            if k > len(outcomes):
                raise toks.error(tok[2], f"outcome {k} is not defined (there are "
                                 f"{len(outcomes)} outcomes)")
            pays = outcomes[k - 1] if k > 0 else [Fraction(0)] * n
            for i in range(n):
                arrays[i][prof] = pays[i]
        return arrays
    count = 0
    for prof in order:
        for i in range(n):
            tok = toks.peek()
            if tok is None or tok[0] != "num":
                raise toks.error(tok[2] if tok else toks.last_line(),
                                 f"expected {len(order) * n} payoffs ({len(order)} profiles x {n} "
                                 f"players), found {count}")
            arrays[i][prof] = _number(toks.take("num", "a payoff"), toks)
            count += 1
    return arrays


def _outcomes(toks: _Tokens, n: int) -> list[list[Fraction]]:
    toks.take("{", "'{' opening the outcomes")
    outcomes: list[list[Fraction]] = []
    while (t2 := toks.peek()) is not None and t2[0] == "{":
        open_tok = toks.take("{", "'{'")
        toks.take("str", "the outcome's name in double quotes")
        pays = []
        while (t3 := toks.peek()) is not None and t3[0] == "num":
            pays.append(_number(toks.take("num", "a payoff"), toks))
        toks.take("}", "'}' closing the outcome")
        if len(pays) != n:
            raise toks.error(open_tok[2], f"outcome {len(outcomes) + 1} has {len(pays)} "
                             f"payoffs; expected {n} (one per player)")
        outcomes.append(pays)
    toks.take("}", "'}' closing the list of outcomes")
    return outcomes


def _quote(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _fmt(v: Any) -> str:
    """Exact ``a/b`` for rationals with small denominators, else the float's shortest repr."""
    f = v if isinstance(v, Fraction) else Fraction(float(v))
    if f.denominator == 1 and abs(f.numerator) < 10**40:
        return str(f.numerator)
    if f.denominator <= 10**9 and abs(f.numerator) < 10**40:
        return f"{f.numerator}/{f.denominator}"
    return repr(float(f))


def write_nfg(game: NormalFormGame, path: str | Path | None = None, *, title: str = "") -> str:
    """Write a numeric game as a Gambit ``.nfg`` file (payoff version, strategy names).

    Parameters
    ----------
    game : NormalFormGame
        Numeric payoffs; integers and rationals with denominators up to
        :math:`10^9` are written exactly (``a/b``), other floats in their
        shortest round-trip decimal form (read back to the same float).
    path : str or pathlib.Path, optional
        Where to write; nothing is written when omitted.
    title : str
        The game's title in the file.

    Returns
    -------
    str
        The file's text.

    Raises
    ------
    coinnovation.errors.SymbolicNotSupported
        for a game with free symbols (substitute numbers with ``game.subs``).

    Examples
    --------
    >>> import coinnovation as co
    >>> pd = co.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]],
    ...                        players=["row", "column"], strategies=[["C", "D"], ["C", "D"]])
    >>> print(write_nfg(pd, title="Prisoner's dilemma"))
    NFG 1 R "Prisoner's dilemma" { "row" "column" }
    { { "C" "D" } { "C" "D" } }
    ""
    <BLANKLINE>
    3 3 5 0 0 5 1 1
    <BLANKLINE>
    >>> co.read_nfg(write_nfg(pd)) == pd
    True
    """
    if not isinstance(game, NormalFormGame):
        raise ModelFileError(f"game: expected a NormalFormGame, got {type(game).__name__}")
    require_numeric(game.free_symbols, "write_nfg")
    try:
        data = game.exact_payoff_array()
    except CoinnovationError:
        data = game.payoff_array()
    shape = game.shape
    order = [tuple(reversed(p)) for p in itertools.product(*(range(m) for m in reversed(shape)))]
    values = [_fmt(data[(i, *prof)]) for prof in order for i in range(game.n_players)]
    head = (f"NFG 1 R {_quote(title)} {{ " + " ".join(_quote(p) for p in game.players) + " }\n"
            + "{ " + " ".join("{ " + " ".join(_quote(s) for s in ss) + " }"
                              for ss in game.strategies) + " }\n" + '""\n\n')
    lines = []
    per_line = max(game.n_players, 12 - 12 % game.n_players)
    for k in range(0, len(values), per_line):
        lines.append(" ".join(values[k:k + per_line]))
    text = head + "\n".join(lines) + "\n"
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
