"""Bounds for every hostile case: time, memory, and "nothing written".

Each test runs

- in a fresh, empty working folder, which must still be empty afterwards
  (a failed call writes nothing);
- under an address-space limit of :data:`MEMORY_HEADROOM` bytes above what the
  process already uses (``RLIMIT_AS``), so an input that would exhaust the
  memory fails as ``MemoryError`` instead of taking the machine down — and
  the library's own memory checks see the limit and refuse first;
- under a ``SIGALRM`` budget of :data:`TIME_BUDGET` seconds, raising
  :class:`HostileTimeout` (a ``BaseException``, so no ``except Exception`` in
  the library can swallow it). This is a hang guard, not a timing assertion:
  every case finishes in well under a second when the library is right.
"""

from __future__ import annotations

import os
import resource
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

TIME_BUDGET = 60
"""Seconds a hostile case may run before it counts as a hang."""

MEMORY_HEADROOM = 2_000_000_000
"""Bytes of address space a hostile case may add to the process."""


class HostileTimeout(BaseException):
    """A hostile case ran past :data:`TIME_BUDGET`: the input made the library hang."""


def _address_space() -> int:
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _on_alarm(signum: int, frame: object) -> None:
    raise HostileTimeout(f"the case ran longer than {TIME_BUDGET} s (a hang)")


@pytest.fixture(autouse=True)
def bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run the test in an empty folder, with bounded time and memory; check nothing was written."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + MEMORY_HEADROOM
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(TIME_BUDGET)
    try:
        yield cwd
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    written = sorted(p.name for p in cwd.iterdir())
    assert written == [], f"a failed call wrote {written} into the working folder"
