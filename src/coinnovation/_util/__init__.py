"""Shared internals: the one tolerance, sign decisions, payoff conversion, labels, subsets, rng.

Nothing here is public API; every family imports what it needs from these modules
and nothing else re-implements them.
"""
