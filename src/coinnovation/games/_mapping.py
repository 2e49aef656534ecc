"""Reading the worths of a coalitional game given as a mapping ``{coalition: worth}``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .._util.naming import check_labels
from ..errors import InvalidGameError

__all__ = ["check_names", "default_names", "from_mapping"]


def default_names(n: int) -> tuple[str, ...]:
    return tuple(f"player {i}" for i in range(n))


def check_names(players: Any, n: int | None) -> tuple[str, ...]:
    return check_labels(players, n, name="players", noun="names")


def from_mapping(values: Mapping[Any, Any], players: Sequence[str] | None,
                  default: Any) -> tuple[tuple[str, ...], list[Any]]:
    keys = list(values.keys())
    members = [_key_members(k) for k in keys]
    names = _mapping_players([p for m in members for p in m], players)
    n = len(names)
    table: list[Any] = [None] * (1 << n)
    for k, m in zip(keys, members, strict=True):
        mask = 0
        for p in m:
            bit = 1 << _member_index(p, names)
            if mask & bit:
                raise InvalidGameError(f"values: player {p!r} repeated in the key {k!r}")
            mask |= bit
        if table[mask] is not None:
            raise InvalidGameError(f"values: the coalition {k!r} is given twice")
        table[mask] = values[k]
    if table[0] is None:
        table[0] = 0
    _fill_missing(table, names, default)
    if all(isinstance(t, (int, float, np.integer, np.floating)) and not isinstance(t, bool)
           for t in table):
        return names, table
    return names, np.array([*table, None], dtype=object)[:-1]


def _key_members(k: Any) -> list[Any]:
    """The players of one coalition key (a name, an index, or a collection of them)."""
    if isinstance(k, (str, int, np.integer)) and not isinstance(k, (bool, np.bool_)):
        members = [k]
    elif isinstance(k, (tuple, frozenset, set, list)):
        members = list(k)
    else:
        raise InvalidGameError(
            f"values: coalition keys must be tuples or frozensets of players, got {k!r}")
    for p in members:
        if isinstance(p, (bool, np.bool_)) or not isinstance(p, (str, int, np.integer)):
            raise InvalidGameError(f"values: players are names or indices, got {p!r}")
    return members


def _mapping_players(flat: list[Any], players: Sequence[str] | None) -> tuple[str, ...]:
    """The player names of a mapping game: given, in order of first appearance, or indices."""
    if players is not None:
        names = check_names(players, None)
    elif any(isinstance(p, str) for p in flat):
        if any(not isinstance(p, str) for p in flat):
            raise InvalidGameError("values: keys mix player names and indices; pass players=")
        names = tuple(dict.fromkeys(flat))
    else:
        n = max((int(p) for p in flat), default=-1) + 1
        if n < 1:
            raise InvalidGameError("values: the mapping names no player")
        names = default_names(n)
    if len(names) < 1:
        raise InvalidGameError("players: a game needs at least one player")
    if len(names) > 20:
        raise InvalidGameError(f"values: a mapping for {len(names)} players is too large; pass the "
                               "value vector or use CoalitionalGame.from_function")
    return names


def _member_index(p: Any, names: tuple[str, ...]) -> int:
    if isinstance(p, str):
        if p in names:
            return names.index(p)
        raise InvalidGameError(f"values: unknown player {p!r} in a coalition key; "
                               f"players are {list(names)}")
    if 0 <= int(p) < len(names):
        return int(p)
    raise InvalidGameError(f"values: player index {p} out of range for {len(names)} players")


def _fill_missing(table: list[Any], names: tuple[str, ...], default: Any) -> None:
    """Coalitions without a worth get ``default``; without a default that is an error (in place)."""
    n = len(names)
    missing = [m for m in range(1 << n) if table[m] is None]
    if not missing:
        return
    if default is None:
        shown = ", ".join("{" + ", ".join(names[i] for i in range(n) if m >> i & 1) + "}"
                          for m in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise InvalidGameError(f"values: missing the worth of {shown}{more}; give every "
                               "coalition or pass default=")
    for m in missing:
        table[m] = default
