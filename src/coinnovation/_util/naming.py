"""Player names and strategy labels, shared by every game type."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..errors import InvalidGameError, UnknownPlayerError

__all__ = ["check_labels", "profile_text", "resolve_player"]


def resolve_player(players: Sequence[str], player: int | str) -> int:
    """Index of a player given by index or name; raises :class:`UnknownPlayerError`."""
    n = len(players)
    if isinstance(player, (bool, np.bool_)):
        raise UnknownPlayerError(f"player: expected an index or a name, got {player!r}")
    if isinstance(player, (int, np.integer)):
        if 0 <= int(player) < n:
            return int(player)
        raise UnknownPlayerError(f"player: index {player} out of range for a {n}-player game")
    if isinstance(player, str) and player in players:
        return list(players).index(player)
    raise UnknownPlayerError(f"player: unknown player {player!r}; players are {list(players)}")


def check_labels(given: Any, count: int | None, *, name: str, noun: str = "labels") -> tuple[str, ...]:
    """Validate player names or strategy labels: non-empty, unique strings (``count`` of them).

    Raises :class:`InvalidGameError` naming the argument ``name``.
    """
    if isinstance(given, str):
        what = f"{count} {noun}" if count is not None else noun
        raise InvalidGameError(f"{name}: expected a sequence of {what}, got the string {given!r}")
    labels = tuple(given)
    if count is not None and len(labels) != count:
        raise InvalidGameError(f"{name}: expected {count} {noun}, got {len(labels)}")
    for lab in labels:
        if not isinstance(lab, str) or not lab:
            raise InvalidGameError(f"{name}: {noun} must be non-empty strings, got {lab!r}")
    dup = sorted({lab for lab in labels if labels.count(lab) > 1})
    if dup:
        raise InvalidGameError(f"{name}: {noun} must be unique, repeated: {', '.join(dup)}")
    return labels


def profile_text(labels: Sequence[Sequence[str]], profile: Sequence[int]) -> str:
    """A pure profile as every output writes it: strategy labels, ``(cooperate, defect, active)``.

    Profiles are *given* as strategy indices (or labels); every result, table,
    report and figure *shows* them by their strategy labels, so one vertex has
    one name everywhere. Without labels (``labels`` empty) the indices are shown.

    Examples
    --------
    >>> profile_text([("cooperate", "defect"), ("active", "passive")], (0, 1))
    '(cooperate, passive)'
    >>> profile_text((), (0, 1))
    '(0, 1)'
    """
    prof = tuple(int(a) for a in profile)
    if not labels or len(labels) < len(prof):
        return str(prof)
    return "(" + ", ".join(str(labels[i][a]) for i, a in enumerate(prof)) + ")"
