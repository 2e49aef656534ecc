"""Game representations: data, validation and conversions (no solving here)."""

from .normal_form import NormalFormGame

__all__ = ["NormalFormGame"]
