"""Vectorized operations over all coalitions of ``n`` players, in bitmask order.

A coalition ``S`` is the integer ``sum(2**i for i in S)``; an array indexed by
coalitions has length ``2**n``. Every function here is O(2**n) or O(n 2**n)
numpy work with no Python loop over coalitions, and works on float arrays and
on object arrays (exact :class:`fractions.Fraction` or sympy expressions) alike.
"""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Any

import numpy as np

from ..errors import InvalidInputError

__all__ = [
    "available_memory",
    "bool_matrix",
    "check_table_memory",
    "fold_max",
    "fold_out_sums",
    "fold_sums",
    "masks_of",
    "mobius",
    "popcount",
    "subset_sums",
    "zeta",
]


def available_memory() -> int:
    """Bytes this process may still allocate: free memory, capped by its address-space limit.

    ``MemAvailable`` from ``/proc/meminfo`` (else free physical pages), and,
    under ``ulimit -v`` (``RLIMIT_AS``), the limit minus the current size.
    """
    avail = None
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    avail = int(line.split()[1]) * 1024
                    break
    except OSError:
        pass
    if avail is None:
        try:
            avail = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (ValueError, OSError, AttributeError):
            avail = 1 << 62
    try:
        import resource  # late: POSIX only; absent on Windows
        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
        if soft != resource.RLIM_INFINITY:
            with open("/proc/self/statm", encoding="ascii") as f:
                used = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
            avail = min(avail, max(0, soft - used))
    except (ImportError, OSError, ValueError):
        pass
    return avail


def check_table_memory(n: int, bytes_per_coalition: int, what: str) -> None:
    """Raise before allocating when ``2**n`` coalitions at this cost do not fit in memory."""
    need = (1 << n) * bytes_per_coalition
    have = available_memory()
    if need > have:
        raise InvalidInputError(
            f"game: {what} of {n} players needs about {need / 1e9:.3g} GB for its tables of "
            f"2**{n} coalitions, but only {have / 1e9:.3g} GB are available; use a sampling "
            "method (method='sampling') or fewer players")


def _popcount_uncached(n: int) -> np.ndarray:
    pc = np.zeros(1 << n, dtype=np.uint8)
    for i in range(n):
        half = 1 << i
        np.add(pc[:half], 1, out=pc[half:2 * half])
    return pc


@lru_cache(maxsize=8)
def _popcount_cached(n: int) -> np.ndarray:
    pc = _popcount_uncached(n)
    pc.setflags(write=False)
    return pc


def popcount(n: int) -> np.ndarray:
    """``|S|`` for every coalition ``S`` of ``n`` players (uint8, length ``2**n``).

    Tables up to ``n = 20`` are cached (read-only); larger ones are built anew
    so that they do not stay in memory.
    """
    if n <= 20:
        return _popcount_cached(n)
    return _popcount_uncached(n)


def subset_sums(x: Any, n: int, dtype: Any = None) -> np.ndarray:
    """``x(S) = sum_{i in S} x_i`` for every coalition (length ``2**n``).

    ``x`` may hold floats or objects (Fractions, sympy expressions); rows of a
    2-D ``x`` (shape ``(n, k)``) give a ``(2**n, k)`` array of vector sums.
    """
    arr = np.asarray(x)
    if dtype is None:
        dtype = object if arr.dtype == object else np.float64
    out = np.zeros((1 << n, *arr.shape[1:]), dtype=dtype)
    if dtype is object:
        out[...] = 0
    for i in range(n):
        half = 1 << i
        np.add(out[:half], arr[i], out=out[half:2 * half])
    return out


def fold_sums(c: np.ndarray, n: int, *, inplace: bool = False) -> np.ndarray:
    """``sum_{S ∋ i} c(S)`` for every player ``i``, in O(2**n) total work.

    Folding the top half of the table onto the bottom half keeps, for every
    lower player, the sum over the coalitions containing it.
    """
    work = c if inplace else c.copy()
    out = np.empty(n, dtype=work.dtype)
    size = 1 << n
    for i in reversed(range(n)):
        half = size >> 1
        top = work[half:size]
        out[i] = top.sum() if work.dtype != object else _object_sum(top)
        work[:half] += top
        size = half
    return out


def fold_out_sums(c: np.ndarray, n: int, *, inplace: bool = False) -> np.ndarray:
    """``sum_{S ∌ i} c(S)`` for every player ``i``, in O(2**n) total work."""
    work = c if inplace else c.copy()
    out = np.empty(n, dtype=work.dtype)
    size = 1 << n
    for i in reversed(range(n)):
        half = size >> 1
        bottom = work[:half]
        out[i] = bottom.sum() if work.dtype != object else _object_sum(bottom)
        bottom += work[half:size]
        size = half
    return out


def _object_sum(a: np.ndarray) -> Any:
    total: Any = 0
    for v in a.tolist():
        total = total + v
    return total


def fold_max(c: np.ndarray, n: int) -> np.ndarray:
    """``max_{S ∋ i} c(S)`` for every player ``i`` (float tables)."""
    work = c.copy()
    out = np.empty(n, dtype=np.float64)
    size = 1 << n
    for i in reversed(range(n)):
        half = size >> 1
        top = work[half:size]
        out[i] = top.max()
        np.maximum(work[:half], top, out=work[:half])
        size = half
    return out


def mobius(v: np.ndarray, n: int) -> np.ndarray:
    """Möbius transform: the Harsanyi dividends ``d(T) = sum_{S ⊆ T} (-1)^{|T|-|S|} v(S)``."""
    d = v.copy()
    for i in range(n):
        view = d.reshape(-1, 2, 1 << i)
        view[:, 1, :] -= view[:, 0, :]
    return d


def zeta(d: np.ndarray, n: int) -> np.ndarray:
    """Inverse of :func:`mobius`: ``v(S) = sum_{T ⊆ S} d(T)``."""
    v = d.copy()
    for i in range(n):
        view = v.reshape(-1, 2, 1 << i)
        view[:, 1, :] += view[:, 0, :]
    return v


def bool_matrix(masks: np.ndarray, n: int) -> np.ndarray:
    """Membership matrix of shape ``(len(masks), n)``: entry ``[k, i]`` is ``i ∈ masks[k]``."""
    masks = np.asarray(masks, dtype=np.int64)
    return ((masks[:, None] >> np.arange(n, dtype=np.int64)) & 1).astype(bool)


def masks_of(members: np.ndarray) -> np.ndarray:
    """Bitmasks of the rows of a boolean membership matrix ``(k, n)``."""
    members = np.asarray(members, dtype=bool)
    n = members.shape[1]
    return members.astype(np.int64) @ (np.int64(1) << np.arange(n, dtype=np.int64))
