"""Executor-independent randomness (issue 12, item 3): one seed, one answer, anywhere.

Every randomized routine that can run on an executor splits its work into
fixed blocks seeded by ``coinnovation._util.rng.child_seed``; the same seed must
then give bit-identical results with no executor, on 1, 2 and 4 threads, on
processes and on a dask client. One test per routine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import numpy as np
import pytest

import coinnovation as co
from coinnovation._util.rng import child_generator, child_seed, root_seed
from coinnovation.errors import InvalidInputError
from coinnovation.evolutionary.splitting import simulate_splitting
from coinnovation.evolutionary.stochastic import simulate_sde

STAG = np.array([[4.0, 0.0], [3.0, 3.0]])
BISTABLE = co.NormalFormGame([[[4, -1], [3, 0]], [[4, 3], [-1, 0]]])


@contextmanager
def _dask() -> Iterator[Any]:
    from distributed import Client, LocalCluster  # heavy optional dependency: only this case

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        yield client


@contextmanager
def _pool(kind: str) -> Iterator[Any]:
    if kind == "dask":
        with _dask() as client:
            yield client
    elif kind == "processes":
        with ProcessPoolExecutor(2) as ex:
            yield ex
    else:
        with ThreadPoolExecutor(int(kind.split("-")[1])) as ex:
            yield ex


EXECUTORS = ["threads-1", "threads-2", "threads-4", "processes", "dask"]


def _same(run: Callable[[Any], Any], kinds: list[str]) -> None:
    """``run(None)`` and ``run(executor)`` for each kind give arrays equal bit for bit."""
    ref = run(None)
    for kind in kinds:
        with _pool(kind) as ex:
            got = run(ex)
        assert len(got) == len(ref)
        for a, b in zip(ref, got, strict=True):
            assert np.array_equal(np.asarray(a), np.asarray(b)), kind


def _square_worth(members: np.ndarray) -> np.ndarray:
    return members.sum(axis=1) ** 2.0 + members[:, 0] * 3.0


# ---------------------------------------------------------------------- helpers
def test_child_seed_is_the_spawned_stream() -> None:
    root = np.random.SeedSequence(7)
    spawned = root.spawn(5)
    for k in range(5):
        assert child_seed(np.random.SeedSequence(7), k).generate_state(4).tolist() == \
            spawned[k].generate_state(4).tolist()
    assert child_generator(root, 3).random() == np.random.default_rng(spawned[3]).random()


def test_root_seed_forms() -> None:
    assert root_seed(5).entropy == 5
    seq = np.random.SeedSequence(11)
    assert root_seed(seq) is seq
    gen = np.random.default_rng(1)
    first, second = root_seed(gen), root_seed(gen)
    assert first.entropy != second.entropy   # a Generator advances
    for bad in (-1, 1.5, "7", True):
        with pytest.raises(InvalidInputError, match="rng"):
            root_seed(bad)


# ---------------------------------------------------------------------- routines
def test_monte_carlo_shapley_is_executor_independent() -> None:
    """The issue's case: rng=7 gave 0.49555 serially and 0.49680 on any executor."""
    game = co.CoalitionalGame.from_function(_square_worth, 6)

    def run(ex: Any) -> tuple[np.ndarray, np.ndarray]:
        est = co.shapley_value(game, method="sampling", n_samples=3000, rng=7, batch_size=256,
                               executor=ex)
        return np.asarray(est), est.standard_errors

    _same(run, EXECUTORS)
    # and the chunking does not matter either
    ref = run(None)
    other = co.shapley_value(game, method="sampling", n_samples=3000, rng=7, batch_size=256,
                             chunk_size=1)
    assert np.array_equal(np.asarray(other), ref[0])


def test_monte_carlo_shapley_with_precision_is_executor_independent() -> None:
    game = co.bankruptcy(200, [100, 200, 300])

    def run(ex: Any) -> tuple[np.ndarray, np.ndarray]:
        est = co.shapley_value(game, method="sampling", precision=5.0, rng=3, batch_size=64,
                               executor=ex)
        return np.asarray(est), np.asarray([est.n_samples])

    _same(run, ["threads-2", "processes"])


def test_finite_population_simulate_is_executor_independent() -> None:
    fp = co.FinitePopulation(co.NormalFormGame([STAG, STAG.T.copy()]), size=6, intensity=0.5)
    start = fp.initial_state(0, 1)

    def run(ex: Any) -> tuple[np.ndarray, np.ndarray]:
        sim = fp.simulate(start, runs=4200, rng=21, executor=ex)
        return sim.final, sim.steps

    _same(run, EXECUTORS)


def test_stochastic_paths_are_executor_independent() -> None:
    rd = co.ReplicatorDynamics(BISTABLE)
    x0 = rd.random_states(300, rng=0)

    def run(ex: Any) -> tuple[np.ndarray]:
        return (simulate_sde(rd, x0, 1.0, noise=0.4, rng=9, n_points=5, executor=ex).reduced,)

    _same(run, EXECUTORS)


def test_splitting_simulation_is_executor_independent() -> None:
    rd = co.ReplicatorDynamics(co.NormalFormGame([STAG, STAG.T.copy()]), population="single")

    def run(ex: Any) -> tuple[np.ndarray, ...]:
        est = simulate_splitting(rd, 0.5, 0.2, 0.8, noise=1.0, paths=300, dt=1e-2, rng=5,
                                 executor=ex)
        return np.asarray([est.probability]), np.asarray([est.mean_exit_time])

    _same(run, EXECUTORS)


def test_network_runs_are_executor_independent() -> None:
    nx = pytest.importorskip("networkx", reason="networkx is in the dev extra")
    nd = co.NetworkDynamics(co.NormalFormGame([STAG, STAG.T.copy()]),
                            nx.barabasi_albert_graph(20, 2, seed=3), update="fermi")

    def run(ex: Any) -> tuple[np.ndarray, np.ndarray]:
        res = nd.run(6, runs=5, rng=12, executor=ex, block_runs=None if ex is None else 2)
        return res.final, res.shares

    _same(run, EXECUTORS)


def _noisy_line(x: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    return {"y": x + rng.normal(size=x.shape)}


def test_seeded_sweep_is_executor_independent() -> None:
    def run(ex: Any) -> tuple[np.ndarray]:
        return (co.sweep(_noisy_line, {"x": np.linspace(0, 1, 300)}, rng=4, block_size=16,
                         chunk_size=32, executor=ex)["y"],)

    _same(run, EXECUTORS)


def test_basins_are_reproducible_from_the_seed() -> None:
    """Basins take no executor: the seed alone fixes the initial states and the shares."""
    rd = co.ReplicatorDynamics(BISTABLE)
    a, b = (rd.basins(n=200, t_end=40, rng=3) for _ in range(2))
    assert a.shares == b.shares and a.standard_errors == b.standard_errors
