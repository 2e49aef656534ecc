"""Player names and strategy labels, shared by every game type."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .errors import UnknownPlayerError

__all__ = ["resolve_player"]


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
