"""Game representations: data, validation and conversions (no solving here)."""

from .coalitional import CoalitionalGame
from .normal_form import NormalFormGame

__all__ = ["CoalitionalGame", "NormalFormGame"]
