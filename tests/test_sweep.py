"""co.sweep: tidy tables, chunking/worker invariance of seeded sweeps, failures, progress."""

from __future__ import annotations

import gc
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import coinnovation as co
from coinnovation.errors import InvalidInputError, SolverError


# Module-level functions: picklable for process pools.
def noisy(a: np.ndarray, b: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    return {"y": a * b + rng.normal(size=a.size), "draws": rng.integers(0, 1 << 30, size=(a.size, 2))}


def participation(s: np.ndarray, c: np.ndarray) -> dict[str, np.ndarray]:
    return {"gain": s - c, "joins": s > c}


def fails_at_three(a: np.ndarray) -> np.ndarray:
    if np.any(a == 3):
        raise ZeroDivisionError("cost share of a zero-budget partner")
    return a * 2


_GATE = threading.Event()
_RAN: list[float] = []


def _gated(s: np.ndarray) -> np.ndarray:
    """Every chunk but the first waits at ``_GATE``; each records that it ran."""
    if s[0] > 0:
        _GATE.wait(60)
    _RAN.append(float(s[0]))
    return s


def dies(a: np.ndarray) -> np.ndarray:
    if np.any(a == 5):
        os._exit(3)
    return a


# ---------------------------------------------------------------------- tables
class TestTable:
    def test_product_grid_in_ij_order(self) -> None:
        r = co.sweep(participation, {"s": [0.0, 1.0, 2.0], "c": [0.5, 1.5]})
        S, C = np.meshgrid([0.0, 1.0, 2.0], [0.5, 1.5], indexing="ij")
        assert r.parameters == ("s", "c") and r.outputs == ("gain", "joins")
        np.testing.assert_array_equal(r["s"], S.ravel())
        np.testing.assert_array_equal(r["c"], C.ravel())
        np.testing.assert_array_equal(r["gain"], (S - C).ravel())
        assert len(r) == 6

    def test_list_of_parameter_sets(self) -> None:
        sets = [{"s": 1.0, "c": 2.0}, {"s": 3.0, "c": 1.0}, {"s": 2.0, "c": 2.0}]
        r = co.sweep(participation, sets, chunk_size=2)
        assert r.n_chunks == 2
        assert r["joins"].tolist() == [False, True, False]
        assert r.to_dict()["s"] == [1.0, 3.0, 2.0]

    def test_single_array_output_and_2d_columns_to_pandas(self) -> None:
        r = co.sweep(lambda a: np.column_stack([a, -a]), {"a": [1.0, 2.0]})
        df = r.to_pandas()
        assert list(df.columns) == ["a", "value[0]", "value[1]"]
        assert df["value[1]"].tolist() == [-1.0, -2.0]

    def test_tripartite_participation_over_subsidies(self) -> None:
        # 政产学研: the enterprise's gain from cooperating grows one-for-one with its subsidy.
        from coinnovation.models import TRIPARTITE_TYPICAL
        g = co.models.government_enterprise_university(**TRIPARTITE_TYPICAL)
        m = co.regime_map(g, ("S_E", np.linspace(0, 6, 13)), ("S_U", np.linspace(0, 6, 13)))
        coop = m.mask((0, 0, 0))

        def is_coop(S_E: np.ndarray, S_U: np.ndarray) -> dict[str, np.ndarray]:
            i = np.rint(S_E * 2).astype(int)
            j = np.rint(S_U * 2).astype(int)
            return {"cooperation_ess": coop[j, i]}

        r = co.sweep(is_coop, {"S_U": m.y, "S_E": m.x}, chunk_size=7)
        np.testing.assert_array_equal(r["cooperation_ess"].reshape(m.shape), coop)

    def test_unknown_column(self) -> None:
        r = co.sweep(participation, {"s": [1.0], "c": [0.0]})
        with pytest.raises(InvalidInputError, match="name: no column 'x'"):
            r["x"]


# ---------------------------------------------------------------------- determinism
GRID = {"a": np.linspace(0, 1, 37), "b": np.arange(5.0)}


@pytest.fixture(scope="module")
def reference() -> co.SweepResult:
    return co.sweep(noisy, GRID, rng=2024, block_size=8, chunk_size=8)


def _same(r: co.SweepResult, ref: co.SweepResult) -> None:
    for name in ("a", "b", "y", "draws"):
        np.testing.assert_array_equal(r[name], ref[name])


class TestDeterminism:
    @pytest.mark.parametrize("workers", [pytest.param(w, id=f"{w}-threads") for w in (1, 2, 4)])
    def test_threads(self, workers: int, reference: co.SweepResult) -> None:
        with ThreadPoolExecutor(workers) as ex:
            _same(co.sweep(noisy, GRID, rng=2024, block_size=8, chunk_size=16, executor=ex),
                  reference)

    @pytest.mark.parametrize("workers", [pytest.param(w, id=f"{w}-processes") for w in (1, 2, 4)])
    def test_processes(self, workers: int, reference: co.SweepResult) -> None:
        with ProcessPoolExecutor(workers) as ex:
            _same(co.sweep(noisy, GRID, rng=2024, block_size=8, chunk_size=24, executor=ex),
                  reference)

    def test_dask_local_cluster(self, dask_client: Any, reference: co.SweepResult) -> None:
        _same(co.sweep(noisy, GRID, rng=2024, block_size=8, chunk_size=40, executor=dask_client),
              reference)
        _same(co.sweep(noisy, GRID, rng=2024, block_size=8, chunk_size=8,
                       executor=dask_client.get_executor()), reference)

    @given(blocks_per_chunk=st.integers(1, 30), seed=st.integers(0, 2**32))
    def test_chunking_invariance(self, blocks_per_chunk: int, seed: int) -> None:
        whole = co.sweep(noisy, GRID, rng=seed, block_size=8, chunk_size=8 * 24)
        parts = co.sweep(noisy, GRID, rng=seed, block_size=8, chunk_size=8 * blocks_per_chunk)
        _same(parts, whole)

    def test_block_streams_are_seedsequence_children(self) -> None:
        r = co.sweep(lambda a, rng: rng.random(a.size), {"a": np.zeros(6)}, rng=7, block_size=3,
                     chunk_size=3)
        kids = np.random.SeedSequence(7).spawn(2)
        expect = np.concatenate([np.random.default_rng(k).random(3) for k in kids])
        np.testing.assert_array_equal(r["value"], expect)

    def test_seed_sequence_accepted(self) -> None:
        a = co.sweep(noisy, GRID, rng=np.random.SeedSequence(5), block_size=8)
        b = co.sweep(noisy, GRID, rng=5, block_size=8)
        _same(a, b)


# ---------------------------------------------------------------------- failures
class _Recording(Executor):
    """A one-thread pool that remembers its futures."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(1)
        self.futures: list[Future[Any]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        f = self.pool.submit(fn, *args, **kwargs)
        self.futures.append(f)
        return f

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self.pool.shutdown(wait=wait, cancel_futures=cancel_futures)


class TestFailures:
    @pytest.mark.parametrize("make", [
        pytest.param(lambda: None, id="serial"),
        pytest.param(lambda: ThreadPoolExecutor(2), id="threads"),
        pytest.param(lambda: ProcessPoolExecutor(2), id="processes"),
    ])
    def test_raising_chunk_is_named_with_its_parameters(self, make: Callable[[], Any]) -> None:
        ex = make()
        try:
            with pytest.raises(co.ChunkError, match=r"chunk 1 \(points 2\.\.3; a=2\.0; a=3\.0\)") as info:
                co.sweep(fails_at_three, {"a": np.arange(8.0)}, chunk_size=2, executor=ex)
        finally:
            if ex is not None:
                ex.shutdown()
        err = info.value
        assert isinstance(err, SolverError)
        assert (err.chunk, err.start, err.stop) == (1, 2, 4)
        assert err.parameters["a"].tolist() == [2.0, 3.0]
        assert "ZeroDivisionError: cost share of a zero-budget partner" in str(err)

    def test_raising_chunk_on_dask_is_named(self, dask_client: Any) -> None:
        for ex in (dask_client, dask_client.get_executor()):
            with pytest.raises(co.ChunkError, match=r"chunk 1 \(points 2\.\.3; a=2\.0; a=3\.0\) "
                                                    r"raised ZeroDivisionError") as info:
                co.sweep(fails_at_three, {"a": np.arange(8.0)}, chunk_size=2, executor=ex)
            assert (info.value.chunk, info.value.start, info.value.stop) == (1, 2, 4)

    def test_dead_dask_worker_is_named(self) -> None:
        import dask
        from distributed import Client, LocalCluster

        # no retries: the first death of the worker fails its task (KilledWorker). One chunk
        # only, the one that kills the worker: which other chunks would be queued on the
        # worker when it dies is up to the scheduler, so a test of several chunks could
        # name any of them (issue 12: this test flaked)
        with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
                LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                             dashboard_address=":0") as cluster, Client(cluster) as client:
            with pytest.raises(co.ChunkError, match=r"chunk 0 \(points 0\.\.1; a=5\.0; "
                                                    r"a=6\.0\) lost its worker \(KilledWorker") as info:
                co.sweep(dies, {"a": [5.0, 6.0]}, chunk_size=2, executor=client)
        err = info.value
        assert (err.chunk, err.start, err.stop) == (0, 0, 2)
        assert err.parameters["a"].tolist() == [5.0, 6.0]

    def test_keyboard_interrupt_cancels_dask_chunks(self) -> None:
        from distributed import Client, LocalCluster

        # module-level, so that dask pickles the function by reference and the in-process
        # workers share the gate and the record (a closure would be copied to the workers)
        ran, gate, slow = _RAN, _GATE, _gated
        ran.clear()
        gate.clear()

        def interrupt(done: int, total: int) -> None:
            raise KeyboardInterrupt

        with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                          dashboard_address=":0") as cluster, Client(cluster) as client:
            try:
                with pytest.raises(KeyboardInterrupt):
                    co.sweep(slow, {"s": np.arange(40.0)}, chunk_size=1, executor=client,
                             progress=interrupt)
                # interrupted after the first chunk, while the others wait at the gate
                assert ran == [0.0]
                left = None
                for _ in range(200):   # the scheduler forgets the cancelled chunks: it says so
                    gc.collect()       # the finished chunk's future, if a traceback holds it
                    left = client.run_on_scheduler(
                        lambda dask_scheduler: len(dask_scheduler.tasks))
                    if left == 0:      # (no event to wait on: polled, bounded at 10 s)
                        break
                    time.sleep(0.05)
                assert left == 0
            finally:
                gate.set()
        # the chunks started before the cancellation reached the workers may finish; the
        # rest, forgotten by the scheduler, never ran
        assert len(ran) < 40

    def test_large_chunk_reports_parameter_ranges(self) -> None:
        with pytest.raises(co.ChunkError, match=r"chunk 0 .*a in \[0\.0, 9\.0\]"):
            co.sweep(fails_at_three, {"a": np.arange(10.0)}, chunk_size=10)

    def test_dead_worker(self) -> None:
        with ProcessPoolExecutor(1) as ex:
            with pytest.raises(co.ChunkError, match=r"lost its worker \(BrokenProcessPool"):
                co.sweep(dies, {"a": np.arange(8.0)}, chunk_size=2, executor=ex)

    def test_unpicklable_function_for_processes(self) -> None:
        with ProcessPoolExecutor(1) as ex:
            with pytest.raises(co.ChunkError, match=r"chunk 0 .*pickle.*needs a picklable function"):
                co.sweep(lambda a: a, {"a": [1.0, 2.0]}, executor=ex)

    def test_pool_already_shut_down(self) -> None:
        ex = ThreadPoolExecutor(1)
        ex.shutdown()
        with pytest.raises(co.ChunkError, match=r"chunk 0 .*could not be submitted \(RuntimeError"):
            co.sweep(participation, {"s": [1.0], "c": [0.0]}, executor=ex)

    def test_bad_output_shape_names_the_chunk(self) -> None:
        with pytest.raises(co.ChunkError, match=r"chunk 0 .*output 'value' has shape \(1,\) for 3"):
            co.sweep(lambda a: a[:1], {"a": np.arange(3.0)})

    def test_keyboard_interrupt_cancels_pending_chunks(self) -> None:
        ex = _Recording()
        release = threading.Event()
        calls = []

        def slow_after_first(s: np.ndarray) -> np.ndarray:
            if s[0] > 0:
                release.wait(10)
            return s

        def interrupt(done: int, total: int) -> None:
            calls.append(done)
            raise KeyboardInterrupt

        try:
            with pytest.raises(KeyboardInterrupt):
                co.sweep(slow_after_first, {"s": np.arange(50.0)}, chunk_size=1, executor=ex,
                         progress=interrupt)
        finally:
            release.set()
            ex.shutdown()
        assert calls == [1]
        assert sum(f.cancelled() for f in ex.futures) >= 48   # all but the first (and the running one)

    def test_keyboard_interrupt_in_serial_sweep_propagates(self) -> None:
        def stop(a: np.ndarray) -> np.ndarray:
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            co.sweep(stop, {"a": [1.0]})


# ---------------------------------------------------------------------- progress
class TestProgress:
    def test_callback_sees_every_chunk(self) -> None:
        seen: list[tuple[int, int]] = []
        co.sweep(participation, {"s": np.arange(10.0), "c": [0.0]}, chunk_size=3,
                 progress=lambda d, t: seen.append((d, t)))
        assert seen == [(3, 10), (6, 10), (9, 10), (10, 10)]

    def test_callback_with_executor_is_monotone_and_complete(self) -> None:
        seen: list[int] = []
        with ThreadPoolExecutor(2) as ex:
            co.sweep(participation, {"s": np.arange(10.0), "c": [0.0]}, chunk_size=3,
                     executor=ex, progress=lambda d, t: seen.append(d))
        assert seen == sorted(seen) and seen[-1] == 10 and len(seen) == 4

    def test_bar_on_request(self, capsys: pytest.CaptureFixture[str]) -> None:
        co.sweep(participation, {"s": np.arange(4.0), "c": [0.0]}, chunk_size=2, progress=True)
        err = capsys.readouterr().err
        assert "100.0%" in err and "(4/4 points)" in err

    def test_bar_on_a_terminal_only_for_long_sweeps(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import importlib
        import io
        import itertools

        sweep_module = importlib.import_module("coinnovation.sweep")   # co.sweep is the function

        class Terminal(io.StringIO):
            def isatty(self) -> bool:
                return True

        quick = Terminal()
        monkeypatch.setattr(sweep_module.sys, "stderr", quick)
        # the clock stands still: done "within the first second" whatever the machine's load
        monkeypatch.setattr(sweep_module.time, "monotonic", lambda: 100.0)
        co.sweep(participation, {"s": np.arange(4.0), "c": [0.0]}, chunk_size=2)
        assert quick.getvalue() == ""
        slow = Terminal()
        monkeypatch.setattr(sweep_module.sys, "stderr", slow)
        clock = itertools.count(0.0, 2.0)                  # every chunk takes "2 seconds"
        monkeypatch.setattr(sweep_module.time, "monotonic", lambda: next(clock))
        co.sweep(participation, {"s": np.arange(4.0), "c": [0.0]}, chunk_size=2)
        assert "50.0%" in slow.getvalue() and "(4/4 points)" in slow.getvalue()

    def test_no_bar_off_a_terminal(self, capsys: pytest.CaptureFixture[str]) -> None:
        co.sweep(participation, {"s": np.arange(4.0), "c": [0.0]}, chunk_size=2)
        assert capsys.readouterr().err == ""


# ---------------------------------------------------------------------- bad input
@pytest.mark.parametrize(("kwargs", "match"), [
    pytest.param({"grid": {}}, "grid: no parameters", id="empty-grid"),
    pytest.param({"grid": {"s": []}}, "grid: parameter 's' must be a non-empty", id="empty-axis"),
    pytest.param({"grid": {"s": [[1.0]]}}, "grid: parameter 's' must be a non-empty 1-D", id="2d-axis"),
    pytest.param({"grid": [{"s": 1}, {"c": 1}]}, "grid: parameter set 1", id="ragged-sets"),
    pytest.param({"grid": 3}, "grid: expected a mapping", id="not-a-grid"),
    pytest.param({"chunk_size": 0}, "chunk_size: expected a positive integer", id="chunk-0"),
    pytest.param({"rng": -1}, "rng: expected None, a non-negative int", id="negative-rng"),
    pytest.param({"rng": 1, "chunk_size": 5, "block_size": 2}, "chunk_size: with a seed",
                 id="chunk-not-block-multiple"),
    pytest.param({"block_size": 0}, "block_size: expected a positive integer", id="block-0"),
    pytest.param({"executor": "dask"}, "executor: expected None, a concurrent", id="executor"),
    pytest.param({"progress": "yes"}, "progress: expected None, True, False", id="progress"),
])
def test_bad_arguments(kwargs: dict[str, Any], match: str) -> None:
    args: dict[str, Any] = {"grid": {"s": [1.0, 2.0], "c": [0.0]}}
    args.update(kwargs)
    grid = args.pop("grid")
    with pytest.raises(InvalidInputError, match=match):
        co.sweep(participation, grid, **args)


def test_function_must_be_callable() -> None:
    with pytest.raises(InvalidInputError, match="function: expected a callable"):
        co.sweep(3, {"a": [1.0]})  # type: ignore[arg-type]


def test_output_named_like_a_parameter() -> None:
    with pytest.raises(InvalidInputError, match=r"function: output names \['a'\] clash"):
        co.sweep(lambda a: {"a": a}, {"a": [1.0]})


def test_worker_count() -> None:
    from coinnovation.sweep import _worker_count

    assert _worker_count(None) == 1
    with ThreadPoolExecutor(3) as ex:
        assert _worker_count(ex) == 3
    rec = _Recording()
    assert _worker_count(rec) is None   # an executor that does not say
    rec.shutdown()


def test_worker_count_of_a_dask_client(dask_client: Any) -> None:
    from coinnovation.sweep import _worker_count

    assert _worker_count(dask_client) == 2
    assert _worker_count(dask_client.get_executor()) == 2


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                      dashboard_address=":0") as cluster, Client(cluster) as client:
        yield client


# ---------------------------------------------------------------------- regime maps through sweep
@pytest.fixture(scope="module")
def tripartite() -> Any:
    from coinnovation.models import TRIPARTITE_TYPICAL
    return co.models.government_enterprise_university(**TRIPARTITE_TYPICAL)


class TestRegimeMapChunks:
    AXES = (("S_E", np.linspace(0, 6, 41)), ("S_U", np.linspace(0, 6, 37)))

    @pytest.mark.parametrize("criterion", ["ess", "nash"])
    def test_processes_equal_the_one_process_map(self, tripartite: Any, criterion: str) -> None:
        plain = co.regime_map(tripartite, *self.AXES, criterion=criterion)
        with ProcessPoolExecutor(2) as ex:
            chunked = co.regime_map(tripartite, *self.AXES, criterion=criterion, executor=ex,
                                    chunk_size=97)
        np.testing.assert_array_equal(chunked.labels, plain.labels)
        assert chunked.regimes == plain.regimes

    def test_dask_with_progress(self, tripartite: Any, dask_client: Any) -> None:
        seen: list[int] = []
        m = co.regime_map(tripartite, *self.AXES, executor=dask_client, chunk_size=500,
                          progress=lambda d, t: seen.append(d))
        plain = co.regime_map(tripartite, *self.AXES)
        np.testing.assert_array_equal(m.labels, plain.labels)
        assert seen[-1] == 41 * 37 and len(seen) == 4

    @given(nx=st.integers(1, 30), ny=st.integers(1, 30), chunk=st.integers(1, 200),
           criterion=st.sampled_from(["ess", "strict_nash", "nash"]))
    def test_any_chunking_gives_the_one_process_map(self, tripartite: Any, nx: int, ny: int,
                                                    chunk: int, criterion: str) -> None:
        x, y = ("S_E", np.linspace(-1, 7, nx)), ("S_U", np.linspace(-1, 7, ny))
        plain = co.regime_map(tripartite, x, y, criterion=criterion)
        chunked = co.regime_map(tripartite, x, y, criterion=criterion, chunk_size=chunk)
        np.testing.assert_array_equal(chunked.labels, plain.labels)
        assert chunked.regimes == plain.regimes

    def test_progress_alone_reports_points(self, tripartite: Any) -> None:
        seen: list[tuple[int, int]] = []
        m = co.regime_map(tripartite, *self.AXES, progress=lambda d, t: seen.append((d, t)))
        assert seen[-1] == (41 * 37, 41 * 37)
        np.testing.assert_array_equal(m.labels, co.regime_map(tripartite, *self.AXES).labels)

    @pytest.mark.parametrize("workers", [1, 2, 3])
    def test_default_chunks_fill_every_worker(self, tripartite: Any, workers: int) -> None:
        seen: list[int] = []
        with ThreadPoolExecutor(workers) as ex:
            m = co.regime_map(tripartite, *self.AXES, executor=ex, progress=lambda d, t: seen.append(d))
        assert len(seen) == workers and seen[-1] == 41 * 37
        np.testing.assert_array_equal(m.labels, co.regime_map(tripartite, *self.AXES).labels)

    def test_labels_take_the_smallest_unsigned_type(self, tripartite: Any) -> None:
        m = co.regime_map(tripartite, *self.AXES)
        assert m.labels.dtype == np.uint8 and len(m.regimes) == 4
        assert m.mask((0, 0, 0)).dtype == bool and sum(m.counts().values()) == 41 * 37

    def test_chunk_size_is_validated(self, tripartite: Any) -> None:
        with pytest.raises(InvalidInputError, match="chunk_size: expected a positive integer"):
            co.regime_map(tripartite, *self.AXES, chunk_size=-3)


# ---------------------------------------------------------------------- Monte-Carlo Shapley
WEIGHTS = np.linspace(0.5, 2.0, 200)


def square_of_weight(members: np.ndarray) -> np.ndarray:
    """v(S) = (sum of the weights in S)^2, whose Shapley value is w_i * W."""
    return (members @ WEIGHTS) ** 2


@pytest.fixture(scope="module")
def cluster_game() -> co.CoalitionalGame:
    return co.CoalitionalGame.from_function(square_of_weight, 200)


@pytest.fixture(scope="module")
def mc_reference(cluster_game: co.CoalitionalGame) -> co.Allocation:
    return co.shapley_value(cluster_game, method="sampling", n_samples=300, rng=11, batch_size=32,
                            chunk_size=1)


class TestMonteCarloShapley:
    @pytest.mark.parametrize("workers", [pytest.param(w, id=f"{w}-threads") for w in (1, 2, 4)])
    def test_threads_give_identical_estimates(self, cluster_game: co.CoalitionalGame,
                                              mc_reference: co.Allocation, workers: int) -> None:
        with ThreadPoolExecutor(workers) as ex:
            est = co.shapley_value(cluster_game, method="sampling", n_samples=300, rng=11,
                                   batch_size=32, executor=ex, chunk_size=3)
        np.testing.assert_array_equal(np.asarray(est), np.asarray(mc_reference))
        np.testing.assert_array_equal(est.standard_errors, mc_reference.standard_errors)
        assert est.n_samples == 300

    def test_processes_and_dask_give_identical_estimates(self, cluster_game: co.CoalitionalGame,
                                                         mc_reference: co.Allocation,
                                                         dask_client: Any) -> None:
        with ProcessPoolExecutor(2) as ex:
            a = co.shapley_value(cluster_game, method="sampling", n_samples=300, rng=11,
                                 batch_size=32, executor=ex)
        b = co.shapley_value(cluster_game, method="sampling", n_samples=300, rng=11,
                             batch_size=32, executor=dask_client, chunk_size=2)
        np.testing.assert_array_equal(np.asarray(a), np.asarray(mc_reference))
        np.testing.assert_array_equal(np.asarray(b), np.asarray(mc_reference))

    def test_estimate_is_efficient_and_covers_the_closed_form(self, mc_reference: co.Allocation) -> None:
        phi = WEIGHTS * WEIGHTS.sum()
        est = np.asarray(mc_reference)
        assert est.sum() == pytest.approx(WEIGHTS.sum() ** 2, rel=1e-12)
        assert np.all(np.abs(est - phi) <= 5 * mc_reference.standard_errors)
        assert np.all(mc_reference.standard_errors > 0)

    def test_tabulated_game_matches_exact(self) -> None:
        g = co.glove(3, 4)
        exact = np.asarray(co.shapley_value(g))
        with ThreadPoolExecutor(2) as ex:
            est = co.shapley_value(g, method="sampling", n_samples=4000, rng=3, executor=ex)
        assert np.all(np.abs(np.asarray(est) - exact) <= 5 * est.standard_errors + 1e-12)

    def test_precision_in_waves_is_worker_independent(self) -> None:
        g = co.glove(2, 3)
        runs = []
        for workers in (1, 2):
            with ThreadPoolExecutor(workers) as ex:
                runs.append(co.shapley_value(g, method="sampling", precision=0.05, rng=5,
                                             batch_size=64, executor=ex))
        np.testing.assert_array_equal(np.asarray(runs[0]), np.asarray(runs[1]))
        assert runs[0].n_samples == runs[1].n_samples
        assert np.all(1.96 * runs[0].standard_errors <= 0.05)

    def test_precision_not_reached(self) -> None:
        with pytest.raises(co.errors.ConvergenceError, match=r"precision: .* max_samples=100"):
            co.shapley_value(co.glove(2, 3), method="sampling", precision=1e-6, max_samples=100,
                             rng=0, chunk_size=1)

    def test_generator_rng_is_reproducible(self, cluster_game: co.CoalitionalGame) -> None:
        a = co.shapley_value(cluster_game, method="sampling", n_samples=40,
                             rng=np.random.default_rng(4), chunk_size=1)
        b = co.shapley_value(cluster_game, method="sampling", n_samples=40,
                             rng=np.random.default_rng(4), chunk_size=1)
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))

    def test_exact_method_takes_no_executor(self) -> None:
        with ThreadPoolExecutor(1) as ex, pytest.raises(InvalidInputError,
                                                        match="executor, chunk_size: only method"):
            co.shapley_value(co.glove(1, 2), executor=ex)

    def test_progress_counts_blocks(self, cluster_game: co.CoalitionalGame) -> None:
        seen: list[tuple[int, int]] = []
        co.shapley_value(cluster_game, method="sampling", n_samples=100, rng=0, batch_size=25,
                         chunk_size=2, progress=lambda d, t: seen.append((d, t)))
        assert seen == [(2, 4), (4, 4)]

    def test_failing_function_names_the_block(self) -> None:
        def broken(members: np.ndarray) -> np.ndarray:
            raise ValueError("patent pool worth undefined")

        g = co.CoalitionalGame.from_function(broken, 5)
        # the game's error keeps its type (as without chunks), and names the block
        for kw in ({"chunk_size": 1}, {}):
            with pytest.raises(co.errors.InvalidGameError,
                               match=r"chunk 0 .*block=0.*function: .*patent pool worth undefined"):
                co.shapley_value(g, method="sampling", n_samples=10, rng=0, **kw)


def test_sweep_result_is_immutable_and_its_columns_ready() -> None:
    """SweepResult is frozen and holds no cache that the first read fills (issue 13)."""
    import dataclasses

    r = co.sweep(participation, {"s": [0.0, 1.0, 2.0], "c": [0.5, 1.5]})
    def state() -> dict[str, Any]:
        return {f.name: (len(v) if isinstance(v := getattr(r, f.name), dict) else v)
                for f in dataclasses.fields(r)}

    before = state()
    first = r["s"]
    assert state() == before   # reading filled no cache
    assert r["s"] is first and first.tolist() == [0.0, 0.0, 1.0, 1.0, 2.0, 2.0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.n_chunks = 3  # type: ignore[misc]


def _coordination_games(a: np.ndarray) -> co.GameBatch:
    """The game [[a, 0], [0, 1]] for both players: three equilibria when a > 0, one when a < 0."""
    A = np.zeros((len(a), 2, 2))
    A[:, 0, 0] = a
    A[:, 1, 1] = 1.0
    return co.GameBatch([A, A])


def test_sweep_over_games_solves_them_as_a_batch() -> None:
    a = np.array([-2.0, -0.5, 0.5, 2.0])
    res = co.sweep(_coordination_games, {"a": a}, chunk_size=3)
    counts = res["n_equilibria"]
    assert list(counts) == [1, 1, 3, 3]
    mixed = res["n_mixed"]
    assert list(mixed) == [0, 0, 1, 1]
    # the batch result equals game-by-game solving
    for k, value in enumerate(a):
        game = co.NormalFormGame([[[value, 0], [0, 1]], [[value, 0], [0, 1]]])
        assert len(co.nash_equilibria(game)) == counts[k]


def test_seed_is_the_deprecated_spelling_of_rng() -> None:
    f = lambda a, rng: rng.random(a.size)  # noqa: E731
    grid = {"a": np.zeros(12)}
    with pytest.warns(DeprecationWarning, match="use rng="):
        old = co.sweep(f, grid, seed=3, block_size=4)
    new = co.sweep(f, grid, rng=3, block_size=4)
    assert np.array_equal(old["value"], new["value"])
    with pytest.raises(co.errors.InvalidInputError, match="rng= only"):
        co.sweep(f, grid, rng=3, seed=3, block_size=4)
