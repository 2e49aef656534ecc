"""Cooperative-surplus models of collaborative innovation (协同创新)."""

from .canonical import industry_university

__all__ = ["industry_university"]
