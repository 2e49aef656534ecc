r"""Parameter sweeps (参数扫描 / 敏感性分析): a vectorized analysis over a grid, in chunks.

:func:`sweep` evaluates a vectorized function over every point of a
parameter grid (a Cartesian product of axes, or a list of parameter sets),
chunk by chunk, serially or on any :class:`concurrent.futures.Executor` — a
``ThreadPoolExecutor``, a ``ProcessPoolExecutor``, or a
``dask.distributed`` client (``client.get_executor()`` or the client itself)
for a cluster. The result is a tidy table (columns = parameters + outputs).

Reproducible randomness. With ``rng=`` (a root seed), the points are cut into fixed-size
*blocks* of ``block_size`` points; block :math:`b` gets its own generator
seeded by child :math:`b` of ``numpy.random.SeedSequence(rng)`` (the same
stream as ``SeedSequence(rng).spawn(b + 1)[b]``). A chunk is a whole number
of blocks, and the function is called once per block, so the results do not
depend on the chunking, on the executor, or on the number of workers.

Failures. A chunk whose function raises gives a :class:`ChunkError` naming
the chunk, its points and its parameters; a dead worker (a broken process
pool, a killed dask worker) gives a :class:`ChunkError` too. Pending chunks
are cancelled and no partial table is returned. ``KeyboardInterrupt``
cancels the pending chunks and is re-raised.
"""

from __future__ import annotations

import math
import pickle
import queue
import sys
import time
import warnings
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import BrokenExecutor, Executor
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ._util.rng import child_generator
from .errors import InvalidInputError, SolverError

__all__ = ["ChunkError", "SweepResult", "sweep"]

_MAX_DEFAULT_CHUNK = 1 << 20
_MIN_DEFAULT_CHUNK = 1024
_MAX_IN_FLIGHT = 256


class ChunkError(SolverError):
    """A chunk of a sweep failed: its function raised, or its worker died.

    No partial result is returned. The message names the chunk, its points
    and its parameter values (or their ranges).

    Attributes
    ----------
    chunk : int
        The chunk's index (0-based).
    start, stop : int
        Its points: ``start <= point < stop`` (row numbers of the table).
    parameters : dict
        ``{name: values}`` of the chunk's points (1-D arrays).
    """

    def __init__(self, message: str, *, chunk: int, start: int, stop: int,
                 parameters: dict[str, np.ndarray]) -> None:
        super().__init__(message)
        self.chunk, self.start, self.stop, self.parameters = chunk, start, stop, parameters


# ---------------------------------------------------------------------- grids
@dataclass(frozen=True)
class _Grid:
    """A Cartesian product of ``axes`` (first slowest) or explicit ``columns``."""

    names: tuple[str, ...]
    axes: tuple[np.ndarray, ...] | None
    columns: tuple[np.ndarray, ...] | None
    size: int

    def points(self, start: int, stop: int) -> dict[str, np.ndarray]:
        if self.columns is not None:
            return {n: c[start:stop] for n, c in zip(self.names, self.columns, strict=True)}
        assert self.axes is not None
        idx = np.unravel_index(np.arange(start, stop, dtype=np.int64),
                               tuple(a.size for a in self.axes))
        return {n: a[i] for n, a, i in zip(self.names, self.axes, idx, strict=True)}

    def part(self, start: int, stop: int) -> _Grid:
        """What a task needs: the axes (small) or the slice of the columns."""
        if self.columns is None:
            return self
        return _Grid(self.names, None, tuple(c[start:stop] for c in self.columns), stop - start)


def _column(values: Any, name: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype == object or arr.dtype.kind not in "biufcUSM":
        raise InvalidInputError(f"grid: parameter {name!r} must be an array of numbers, "
                                f"got dtype {arr.dtype}")
    if arr.ndim != 1 or arr.size < 1:
        raise InvalidInputError(f"grid: parameter {name!r} must be a non-empty 1-D array, "
                                f"got shape {arr.shape}")
    if arr.dtype.kind in "fc" and not np.isfinite(arr).all():
        bad = np.flatnonzero(~np.isfinite(arr))
        raise InvalidInputError(f"grid: parameter {name!r} has non-finite values "
                                f"{arr[bad[:3]].tolist()} at positions {bad[:3].tolist()}"
                                f"{' ...' if bad.size > 3 else ''}")
    return arr


def _as_grid(grid: Any) -> _Grid:
    if isinstance(grid, Mapping):
        if not grid:
            raise InvalidInputError("grid: no parameters")
        names = tuple(str(k) for k in grid)
        axes = tuple(_column(v, n) for n, v in zip(names, grid.values(), strict=True))
        return _Grid(names, axes, None, math.prod(a.size for a in axes))
    if isinstance(grid, Sequence) and not isinstance(grid, (str, bytes)):
        if not grid or not all(isinstance(p, Mapping) for p in grid):
            raise InvalidInputError("grid: expected a mapping {name: values} (all combinations) "
                                    "or a non-empty list of parameter sets {name: value}")
        names = tuple(str(k) for k in grid[0])
        for r, p in enumerate(grid):
            if tuple(str(k) for k in p) != names:
                raise InvalidInputError(f"grid: parameter set {r} has parameters "
                                        f"{sorted(map(str, p))}, set 0 has {sorted(names)}")
        cols = tuple(_column([p[k] for p in grid], str(k)) for k in grid[0])
        return _Grid(names, None, cols, len(grid))
    raise InvalidInputError(f"grid: expected a mapping {{name: values}} or a list of parameter "
                            f"sets, got {type(grid).__name__}")


# ---------------------------------------------------------------------- result
@dataclass(frozen=True, eq=False)
class SweepResult:
    """A tidy table: one row per grid point, columns = parameters + outputs.

    Columns are numpy arrays: ``result["S_E"]``, ``result.columns``. A 2-D
    output (one row of numbers per point, e.g. an allocation) is one column
    of shape ``(len(result), m)``; :meth:`to_pandas` splits it into
    ``name[0]``, ``name[1]``, ...

    Attributes
    ----------
    parameters : tuple of str
        The parameter names, in grid order.
    outputs : tuple of str
        The output names, in the order the function returned them.
    n_chunks : int
        Number of chunks evaluated.
    """

    parameters: tuple[str, ...]
    outputs: tuple[str, ...]
    n_chunks: int
    _grid: _Grid = field(repr=False)
    _out: dict[str, np.ndarray] = field(repr=False)
    _params: dict[str, np.ndarray] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # the parameter columns, computed once here: the result is immutable (no cache filled
        # on first access, which two threads reading one result would race on)
        object.__setattr__(self, "_params", dict(self._grid.points(0, self._grid.size)))

    def __len__(self) -> int:
        return self._grid.size

    def __getitem__(self, name: str) -> np.ndarray:
        if name in self._out:
            return self._out[name]
        if name in self.parameters:
            return self._params[name]
        raise InvalidInputError(f"name: no column {name!r}; columns: "
                                f"{list(self.parameters) + list(self.outputs)}")

    @property
    def columns(self) -> dict[str, np.ndarray]:
        """All columns ``{name: array}``, parameters first."""
        return {n: self[n] for n in (*self.parameters, *self.outputs)}

    def to_dict(self) -> dict[str, list[Any]]:
        """Plain-Python form: ``{name: list}``."""
        return {n: c.tolist() for n, c in self.columns.items()}

    def to_pandas(self) -> Any:
        """A :class:`pandas.DataFrame` (pandas is imported only here)."""
        try:
            import pandas as pd
        except ImportError as exc:   # pragma: no cover - pandas is in the dev extra
            raise ImportError("SweepResult.to_pandas needs pandas: pip install pandas") from exc
        data: dict[str, np.ndarray] = {}
        for n, c in self.columns.items():
            if c.ndim == 1:
                data[n] = c
            else:
                for j in range(c.shape[1]):
                    data[f"{n}[{j}]"] = c[:, j]
        return pd.DataFrame(data)

    def __repr__(self) -> str:
        return (f"SweepResult({len(self)} rows; parameters: {', '.join(self.parameters)}; "
                f"outputs: {', '.join(self.outputs)}; {self.n_chunks} chunks)")


# ---------------------------------------------------------------------- tasks
def _as_outputs(raw: Any, k: int) -> dict[str, np.ndarray]:
    batch = sys.modules.get("coinnovation.games.batch")  # a GameBatch exists only once it is loaded
    if batch is not None and isinstance(raw, batch.GameBatch):
        from .noncooperative.nash import nash_equilibria  # late: sweep itself loads numpy only

        raw = nash_equilibria(raw).outputs()
    if isinstance(raw, Mapping):
        items = [(str(n), v) for n, v in raw.items()]
    else:
        items = [("value", raw)]
    if not items:
        raise InvalidInputError("function: returned no outputs")
    out = {}
    for n, v in items:
        arr = np.asarray(v)
        if arr.ndim == 0 and k == 1:
            arr = arr.reshape(1)
        if arr.ndim not in (1, 2) or arr.shape[0] != k:
            raise InvalidInputError(
                f"function: output {n!r} has shape {arr.shape} for {k} points; expected ({k},) "
                f"or ({k}, m) — one value (or row) per point")
        out[n] = arr
    return out


def _run_chunk(function: Callable[..., Any], grid: _Grid, offset: int, start: int, stop: int,
               block_size: int, root: np.random.SeedSequence | None) -> dict[str, np.ndarray]:
    """Evaluate points ``start:stop`` (``grid`` holds points from ``offset`` on)."""
    if root is None:
        return _as_outputs(function(**grid.points(start - offset, stop - offset)), stop - start)
    parts = []
    for b0 in range(start, stop, block_size):
        b1 = min(b0 + block_size, stop)
        rng = child_generator(root, b0 // block_size)
        parts.append(_as_outputs(function(**grid.points(b0 - offset, b1 - offset), rng=rng), b1 - b0))
    return _concat(parts)


def _concat(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    names = list(parts[0])
    for p in parts[1:]:
        if list(p) != names:
            raise InvalidInputError(f"function: returned outputs {list(p)} for one chunk and "
                                    f"{names} for another")
    return {n: np.concatenate([p[n] for p in parts]) for n in names}


# ---------------------------------------------------------------------- progress
class _Bar:
    """A one-line progress bar on stderr, drawn after the first second."""

    def __init__(self, total: int, force: bool) -> None:
        self.total, self.force, self.t0, self.drawn = total, force, time.monotonic(), False

    def __call__(self, done: int, total: int) -> None:
        if not self.force and time.monotonic() - self.t0 < 1.0 and done < total:
            return
        if not self.force and not self.drawn and done >= total:
            return
        frac = done / total
        bar = "#" * int(30 * frac)
        sys.stderr.write(f"\rsweep [{bar:<30}] {frac:6.1%} ({done}/{total} points)")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
        self.drawn = True


def _progress(progress: Any, total: int) -> Callable[[int, int], None] | None:
    if progress is None:
        isatty = getattr(sys.stderr, "isatty", None)
        return _Bar(total, force=False) if callable(isatty) and isatty() else None
    if progress is True:
        return _Bar(total, force=True)
    if progress is False:
        return None
    if callable(progress):
        return progress
    raise InvalidInputError(f"progress: expected None, True, False or a callable "
                            f"progress(done, total), got {progress!r}")


# ---------------------------------------------------------------------- pools
class _ExecutorPool:
    """Chunks on a :class:`concurrent.futures.Executor`, one ``submit`` each.

    Finished futures land in a queue (a done-callback each), so waiting costs
    the same whatever the number of chunks in flight.
    """

    def __init__(self, executor: Executor) -> None:
        self.executor = executor
        self.done: queue.SimpleQueue[Any] = queue.SimpleQueue()

    def submit(self, calls: list[tuple[Any, ...]]) -> list[Any]:
        """Submit ``_run_chunk(*args)`` for each ``args`` (a failure: :class:`_SubmitError`)."""
        handles = []
        for i, args in enumerate(calls):
            try:
                fut = self.executor.submit(_run_chunk, *args)
            except Exception as exc:   # a broken pool, an unpicklable function
                self.cancel(handles)
                raise _SubmitError(i, exc) from exc
            handles.append(fut)
            fut.add_done_callback(self.done.put)
        return handles

    def wait(self) -> list[Any]:
        """The chunks finished since the last call (at least one; blocks until then)."""
        finished = [self.done.get()]
        while not self.done.empty():
            finished.append(self.done.get())
        return finished

    def result(self, handle: Any) -> Any:
        return handle.result()

    def cancel(self, handles: list[Any]) -> None:
        for h in handles:
            h.cancel()


class _DaskPool:
    """Chunks on a dask.distributed client, natively.

    A batch of chunks goes in one ``client.map`` (one message to the
    scheduler, the function pickled once); finished chunks come from one
    ``distributed.as_completed`` and are gathered together: on a small
    cluster this saves a scheduler round trip per chunk against
    ``client.get_executor()``, and waiting costs the same whatever the number
    of chunks in flight.
    """

    def __init__(self, client: Any) -> None:
        from distributed import as_completed  # dask is installed: we hold a client
        self.client, self.fetched = client, {}
        self.done = as_completed()

    def submit(self, calls: list[tuple[Any, ...]]) -> list[Any]:
        try:
            handles = list(self.client.map(_run_chunk_args, calls, pure=False))
        except Exception as exc:
            raise _SubmitError(0, exc) from exc
        self.done.update(handles)
        return handles

    def wait(self) -> list[Any]:
        finished = [next(self.done)]
        finished += self.done.next_batch(block=False)
        ok = [h for h in finished if h.status == "finished"]
        if ok:
            try:
                values = self.client.gather(ok)
            except Exception:   # lost meanwhile: result() reports it per chunk
                values = None
            if values is not None:
                self.fetched.update((h.key, v) for h, v in zip(ok, values, strict=True))
        return finished

    def result(self, handle: Any) -> Any:
        if handle.key in self.fetched:
            return self.fetched.pop(handle.key)
        return handle.result()

    def cancel(self, handles: list[Any]) -> None:
        self.done.clear()
        if handles:
            self.client.cancel(handles)


class _SubmitError(Exception):
    def __init__(self, index: int, exc: BaseException) -> None:
        super().__init__(index, exc)
        self.index, self.exc = index, exc


def _run_chunk_args(args: tuple[Any, ...]) -> dict[str, np.ndarray]:
    return _run_chunk(*args)


def _worker_count(executor: Any) -> int | None:
    """How many chunks ``executor`` runs at once, when it says so (else ``None``).

    Only the default chunk size depends on it. A dask ``Client`` says so publicly
    (``nthreads()``); ``concurrent.futures`` executors have no public worker count, so
    their ``_max_workers`` is read when present, and dask's ``ClientExecutor`` is unwrapped
    through its ``_client``. When neither exists (another executor, or a future version
    without them) the fallback is ``None``: default chunks as for an unknown pool. Results
    never depend on it (blocks are fixed; only the scheduling does).
    """
    if executor is None:
        return 1
    client = executor if callable(getattr(executor, "nthreads", None)) else getattr(
        executor, "_client", None)
    if client is not None and callable(getattr(client, "nthreads", None)):
        try:
            n = sum(client.nthreads().values())
        except Exception:   # a closed client: sweep reports it when it submits
            return None
        return n or None
    n = getattr(executor, "_max_workers", None)   # ThreadPoolExecutor, ProcessPoolExecutor
    return n if isinstance(n, int) and n > 0 else None


def _as_pool(executor: Any) -> _ExecutorPool | _DaskPool | None:
    if executor is None:
        return None
    if isinstance(executor, Executor):
        client = getattr(executor, "_client", None)   # dask's ClientExecutor: use its client
        if type(executor).__module__.startswith("distributed.") and callable(
                getattr(client, "map", None)):
            return _DaskPool(client)
        return _ExecutorPool(executor)
    if callable(getattr(executor, "get_executor", None)) and callable(
            getattr(executor, "map", None)) and callable(getattr(executor, "gather", None)):
        return _DaskPool(executor)   # a dask.distributed Client
    raise InvalidInputError(f"executor: expected None, a concurrent.futures.Executor or a "
                            f"dask.distributed Client, got {type(executor).__name__}")


def _rng_argument(rng: Any, seed: Any) -> Any:
    """``rng=``, or the deprecated ``seed=`` (never both)."""
    if seed is None:
        return rng
    if rng is not None:
        raise InvalidInputError("seed: give rng= only (seed= is its deprecated spelling)")
    warnings.warn("sweep(seed=...) is deprecated: use rng=", DeprecationWarning, stacklevel=3)
    return seed


def _root_seed(seed: Any) -> np.random.SeedSequence | None:
    if seed is None:
        return None
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool) and seed >= 0:
        return np.random.SeedSequence(int(seed))
    raise InvalidInputError(f"rng: expected None, a non-negative int or a numpy SeedSequence, "
                            f"got {seed!r}")


def _chunk_size(chunk_size: Any, size: int, block_size: int,
                root: np.random.SeedSequence | None) -> int:
    if chunk_size is None:
        chunk_size = min(_MAX_DEFAULT_CHUNK, max(_MIN_DEFAULT_CHUNK, -(-size // 32)))
        if root is not None:
            chunk_size = -(-chunk_size // block_size) * block_size
        return chunk_size
    chunk_size = _positive_int(chunk_size, "chunk_size")
    if root is not None and chunk_size % block_size:
        raise InvalidInputError(f"chunk_size: with a seed it must be a multiple of "
                                f"block_size={block_size} (so that every block keeps its "
                                f"random stream), got {chunk_size}")
    return chunk_size


def _run_on_pool(pool: Any, function: Callable[..., Any], g: _Grid, bounds: list[tuple[int, int]],
                 block_size: int, root: np.random.SeedSequence | None,
                 results: list[dict[str, np.ndarray] | None], report: Any) -> None:
    """Run every chunk on an executor or dask client, at most _MAX_IN_FLIGHT at a time (in place)."""
    pending: dict[Any, int] = {}
    nxt = 0
    done = 0
    try:
        while nxt < len(bounds) or pending:
            batch = range(nxt, min(len(bounds), nxt + _MAX_IN_FLIGHT - len(pending)))
            if batch:
                calls = [(function, g.part(*bounds[c]), bounds[c][0] if g.columns is not None
                          else 0, *bounds[c], block_size, root) for c in batch]
                try:
                    handles = pool.submit(calls)
                except _SubmitError as err:
                    c = batch[err.index]
                    raise _chunk_error(g, c, *bounds[c], f"could not be submitted "
                                       f"({type(err.exc).__name__}: {err.exc})") from err.exc
                pending.update(zip(handles, batch, strict=True))
                nxt = batch.stop
            finished = pool.wait()
            for fut in sorted(finished, key=pending.__getitem__):
                c = pending.pop(fut)
                results[c] = _collect(pool, fut, g, c, *bounds[c])
                done += bounds[c][1] - bounds[c][0]
                if report is not None:
                    report(done, g.size)
    except BaseException:
        pool.cancel(list(pending))
        raise


def _collect(pool: Any, fut: Any, g: _Grid, c: int, s: int, e: int) -> dict[str, np.ndarray]:
    """A finished chunk's outputs, or its failure as a ChunkError naming the chunk."""
    try:
        return pool.result(fut)
    except BrokenExecutor as exc:
        raise _chunk_error(g, c, s, e, f"lost its worker ({type(exc).__name__}: "
                                       f"{exc}); no partial result is returned") from exc
    except Exception as exc:
        kind = type(exc).__name__
        problem = (f"lost its worker ({kind}: {exc})" if kind == "KilledWorker"
                   else f"raised {kind}: {exc}")
        if isinstance(exc, pickle.PicklingError) or "pickle" in str(exc).lower():
            problem += ("; a process pool needs a picklable function (defined at module level) "
                        "— or use threads or dask, which pickle closures")
        raise _chunk_error(g, c, s, e, problem) from exc


def _positive_int(value: Any, name: str) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 1:
        raise InvalidInputError(f"{name}: expected a positive integer, got {value!r}")
    return int(value)


def _describe(grid: _Grid, start: int, stop: int) -> tuple[str, dict[str, np.ndarray]]:
    params = grid.points(start, stop)
    if stop - start <= 4:
        text = "; ".join(", ".join(f"{n}={params[n][r].item()!r}" for n in grid.names)
                         for r in range(stop - start))
    else:
        text = ", ".join(f"{n} in [{np.min(v).item()!r}, {np.max(v).item()!r}]" for n, v in params.items())
    return text, params


def _check_widths(parts: list[dict[str, np.ndarray]], bounds: list[tuple[int, int]],
                  grid: _Grid) -> None:
    """Every chunk returns the same outputs with rows of the same shape as chunk 0."""
    first = parts[0]
    for c, part in enumerate(parts[1:], start=1):
        if list(part) != list(first):
            raise _chunk_error(grid, c, *bounds[c], f"returned the outputs {list(part)}; "
                               f"chunk 0 returned {list(first)}")
        for name, arr in part.items():
            if arr.shape[1:] != first[name].shape[1:]:
                raise _chunk_error(grid, c, *bounds[c], f"returned {name!r} with rows of width "
                                   f"{_width(arr)}; chunk 0 returned width {_width(first[name])}")


def _width(arr: np.ndarray) -> str:
    return "x".join(map(str, arr.shape[1:])) if arr.ndim > 1 else "1 (one value per point)"


def _chunk_error(grid: _Grid, chunk: int, start: int, stop: int, problem: str) -> ChunkError:
    text, params = _describe(grid, start, stop)
    return ChunkError(f"sweep: chunk {chunk} (points {start}..{stop - 1}; {text}) {problem}",
                      chunk=chunk, start=start, stop=stop, parameters=params)


def sweep(function: Callable[..., Any], grid: Mapping[str, Any] | Sequence[Mapping[str, Any]], *,
          executor: Any = None, chunk_size: int | None = None, progress: Any = None,
          rng: int | np.random.SeedSequence | None = None, block_size: int = 1024,
          seed: int | np.random.SeedSequence | None = None) -> SweepResult:
    r"""Evaluate a vectorized analysis over a parameter grid, in chunks (参数扫描).

    ``function(**params)`` receives one 1-D array per parameter (the points of
    one chunk, or of one block when ``rng`` is given) and returns a mapping
    ``{output: array}`` with one value (or one row of values) per point, or
    a single array (column ``"value"``).

    Parameters
    ----------
    function : callable
        Vectorized over points. With ``rng``, it also gets ``rng=`` (a
        :class:`numpy.random.Generator` for its block). For a process pool it
        must be picklable (a module-level function or a picklable object;
        dask also ships closures and lambdas, with cloudpickle). It returns
        an array (one value or row per point), a mapping of named arrays, or
        a :class:`~coinnovation.GameBatch` (one game per point): the games
        are then solved at once by :func:`~coinnovation.nash_equilibria`
        and the outputs are ``n_equilibria``, ``n_pure``, ``n_mixed`` and
        ``degenerate`` (see :meth:`~coinnovation.BatchEquilibria.outputs`).
    grid : mapping or list of mappings
        ``{name: values}``: every combination of the values (the first
        parameter varies slowest, as :func:`numpy.meshgrid` with
        ``indexing="ij"``); or a list of parameter sets ``[{name: value}, ...]``.
    executor : concurrent.futures.Executor or dask.distributed.Client, optional
        Where the chunks run (default: in this process, one after the other).
        A dask client is used through ``client.get_executor(pure=False)``.
    chunk_size : int, optional
        Points per task (default: the grid cut into about 32 chunks of 1024 to
        :math:`2^{20}` points; give a smaller one when each point is slow).
        With ``seed``, a multiple of ``block_size``.
    progress : None, bool or callable
        ``progress(done_points, total_points)`` after each chunk; ``True``: a
        bar on stderr; ``False``: nothing; ``None`` (default): a bar only when
        stderr is a terminal and the sweep takes more than a second.
    rng : int or numpy.random.SeedSequence, optional
        The root seed (the library's one name for randomness, as in every
        sampling routine). Makes ``function`` random but reproducible: block
        :math:`b` (points :math:`[b\,B, (b+1)B)`, :math:`B` = ``block_size``)
        gets ``numpy.random.default_rng(SeedSequence(rng).spawn(b + 1)[b])``,
        whatever the chunking and the number of workers.
    block_size : int
        Points per random stream (with ``rng``).
    seed : int or numpy.random.SeedSequence, optional
        Deprecated spelling of ``rng`` (a :class:`DeprecationWarning`).

    Returns
    -------
    SweepResult
        Columns = parameters + outputs, one row per point in grid order.

    Raises
    ------
    ChunkError
        (a :class:`coinnovation.errors.SolverError`) when a chunk raises or its
        worker dies: the message names the chunk and its parameters; pending
        chunks are cancelled and nothing partial is returned.
        A function output of the wrong shape is reported the same way.
    coinnovation.errors.InvalidInputError
        for a malformed grid or option (named).

    Examples
    --------
    The participation condition of a firm that gets a subsidy (政府补贴)
    ``s`` and bears a cost ``c`` over a 3 x 2 grid:

    >>> import numpy as np, coinnovation as co
    >>> r = co.sweep(lambda s, c: {"gain": s - c, "joins": s > c},
    ...              {"s": [0.0, 1.0, 2.0], "c": [0.5, 1.5]})
    >>> r
    SweepResult(6 rows; parameters: s, c; outputs: gain, joins; 1 chunks)
    >>> r["s"].tolist(), r["joins"].tolist()
    ([0.0, 0.0, 1.0, 1.0, 2.0, 2.0], [False, False, True, False, True, True])

    Random outputs are the same for any chunking (and any number of workers):

    >>> f = lambda a, rng: a + rng.normal(size=a.size)
    >>> r1 = co.sweep(f, {"a": np.arange(10.0)}, rng=1, block_size=2, chunk_size=2)
    >>> r2 = co.sweep(f, {"a": np.arange(10.0)}, rng=1, block_size=2, chunk_size=6)
    >>> bool(np.array_equal(r1["value"], r2["value"]))
    True
    """
    if not callable(function):
        raise InvalidInputError(f"function: expected a callable, got {type(function).__name__}")
    g = _as_grid(grid)
    pool = _as_pool(executor)
    block_size = _positive_int(block_size, "block_size")
    root = _root_seed(_rng_argument(rng, seed))
    chunk_size = _chunk_size(chunk_size, g.size, block_size, root)
    report = _progress(progress, g.size)
    bounds = [(s, min(s + chunk_size, g.size)) for s in range(0, g.size, chunk_size)]
    results: list[dict[str, np.ndarray] | None] = [None] * len(bounds)
    if pool is None:
        done = 0
        for c, (s, e) in enumerate(bounds):
            try:
                results[c] = _run_chunk(function, g, 0, s, e, block_size, root)
            except Exception as exc:
                raise _chunk_error(g, c, s, e, f"raised {type(exc).__name__}: {exc}") from exc
            done += e - s
            if report is not None:
                report(done, g.size)
    else:
        _run_on_pool(pool, function, g, bounds, block_size, root, results, report)
    parts = [r for r in results if r is not None]
    if len(parts) != len(bounds):   # cannot happen: every chunk either returned or raised
        raise SolverError(f"sweep: only {len(parts)} of {len(bounds)} chunks returned")
    _check_widths(parts, bounds, g)
    out = _concat(parts)
    clash = set(out) & set(g.names)
    if clash:
        raise InvalidInputError(f"function: output names {sorted(clash)} clash with parameters")
    return SweepResult(g.names, tuple(out), len(bounds), g, out)

