"""Thread safety (issue 12, item 6): public functions called from several threads at once.

Eight threads start together (a ``threading.Barrier``), each on its own game,
and run the same work several times; every answer must equal the one computed
serially. A second test imports the package in a fresh interpreter and makes
the first use of the lazily loaded names from eight threads at once.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import sympy as sp

import coinnovation as co

S = sp.Symbol("S", positive=True)
ROUNDS = 3


def _three_player(seed: int) -> co.NormalFormGame:
    rng = np.random.default_rng(seed)
    return co.NormalFormGame([rng.integers(-5, 6, (2, 2, 2)) for _ in range(3)])


def _answer(value: Any) -> Any:
    """A comparable form of a result: equilibria, allocations, stabilities, expressions."""
    if isinstance(value, list):
        return [_answer(v) for v in value]
    if isinstance(value, co.Equilibrium):
        return (tuple(tuple(np.round(np.asarray(s, dtype=float), 12)) for s in value.strategies),)
    if isinstance(value, co.Allocation):
        return tuple(value.to_dict().items())
    if hasattr(value, "kind") and hasattr(value, "eigenvalues"):
        return (value.kind, tuple(str(e) for e in value.eigenvalues))
    return str(value)


def _jobs() -> list[Callable[[], Any]]:
    """Eight different pieces of work: Nash (two and three players), Shapley (exact and
    sampled), classification and ESS of replicator dynamics, thresholds."""
    tri = co.models.government_enterprise_university(**co.models.TRIPARTITE_TYPICAL, S_E=2, S_U=2)
    hawk_dove = co.NormalFormGame([[[-1, 4], [0, 2]], [[-1, 0], [4, 2]]])
    gain = co.NormalFormGame([[[S - 3, S - 3], [0, 0]], [[1, 0], [1, 0]]])
    big = co.CoalitionalGame.from_function(lambda m: m.sum(axis=1) ** 1.5, 12)
    return [
        lambda: co.nash_equilibria(hawk_dove),
        lambda: co.nash_equilibria(_three_player(16)),   # three mixed equilibria
        lambda: co.shapley_value(co.bankruptcy(300, [100, 200, 300, 50])),
        lambda: co.shapley_value(big, method="sampling", n_samples=400, rng=3),
        lambda: co.ReplicatorDynamics(tri).classify((0, 0, 0)),
        lambda: co.evolutionarily_stable_states(tri),
        lambda: co.threshold(gain, S, profile=(0, 0)),
        lambda: co.ReplicatorDynamics(hawk_dove, population="single").rest_points(),
    ]


def test_eight_threads_on_different_games_agree_with_serial_results() -> None:
    jobs = _jobs()
    serial = [_answer(job()) for job in jobs]
    barrier = threading.Barrier(len(jobs))
    got: list[list[Any]] = [[] for _ in jobs]
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            barrier.wait()
            for _ in range(ROUNDS):
                got[k].append(_answer(jobs[k]()))
        except BaseException as exc:   # reported below, with the job that raised
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    for k, answers in enumerate(got):
        assert answers == [serial[k]] * ROUNDS, f"job {k}"


def test_the_same_replicator_facade_shared_by_eight_threads() -> None:
    """One ReplicatorDynamics object, its caches filled concurrently (the facade's lock)."""
    tri = co.models.government_enterprise_university(**co.models.TRIPARTITE_TYPICAL, S_E=2, S_U=2)
    reference = co.ReplicatorDynamics(tri)
    vertices = [(a, b, c) for a in range(2) for b in range(2) for c in range(2)]
    serial = [_answer(reference.classify(v)) for v in vertices]
    shared = co.ReplicatorDynamics(tri)
    barrier = threading.Barrier(len(vertices))
    got: dict[int, Any] = {}

    def work(k: int) -> None:
        barrier.wait()
        got[k] = _answer(shared.classify(vertices[k]))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(vertices))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [got[k] for k in range(len(vertices))] == serial


def test_first_use_of_lazy_names_from_eight_threads() -> None:
    """In a fresh interpreter, twelve threads touch lazily loaded names at the same moment.

    The package is imported afresh 30 times (its modules removed from ``sys.modules``;
    sympy and scipy stay loaded, so a round is quick): without the lazy loader's lock,
    about one round in ten met a ``_DeadlockError`` of the import system.
    """
    script = textwrap.dedent("""
        import importlib, sys, threading
        names = ["nash_equilibria", "shapley_value", "ReplicatorDynamics", "threshold",
                 "regime_map", "nucleolus", "sweep", "evolutionarily_stable_states",
                 "FinitePopulation", "feedback_equilibrium", "load_model", "stability_region"]
        errors = []
        for rnd in range(30):
            for key in [k for k in sys.modules if k.split(".")[0] == "coinnovation"]:
                del sys.modules[key]
            co = importlib.import_module("coinnovation")
            barrier = threading.Barrier(len(names))
            found = {}
            def work(name):
                try:
                    barrier.wait()
                    found[name] = getattr(co, name)
                except BaseException as exc:
                    errors.append(f"round {rnd}: {exc!r}")
            threads = [threading.Thread(target=work, args=(n,)) for n in names]
            for t in threads: t.start()
            for t in threads: t.join()
            assert not errors, errors
            assert all(callable(found[n]) for n in names), found
        g = co.NormalFormGame([[[3, 0], [5, 1]], [[3, 5], [0, 1]]])
        assert [e.profile for e in co.nash_equilibria(g)] == [(1, 1)]
        print("ok")
    """)
    src = Path(__file__).resolve().parents[1] / "src"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"}, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_polynomial_solver_does_not_share_mpmath_precision() -> None:
    """mpmath's precision is one global setting, which other threads (and ``workdps`` blocks
    in them) change at any moment; the n-player solver computes in a context of its own."""
    import mpmath

    game = _three_player(16)
    reference = _answer(co.nash_equilibria(game))
    old = mpmath.mp.dps
    mpmath.mp.dps = 3   # what a thread inside someone's `with mpmath.workdps(3):` leaves set
    try:
        got = _answer(co.nash_equilibria(game))
    finally:
        mpmath.mp.dps = old
    assert got == reference
