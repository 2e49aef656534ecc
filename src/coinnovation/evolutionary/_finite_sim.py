r"""Agent-level simulation of finite populations, vectorized over runs, in seeded blocks.

Individuals of a well-mixed population are exchangeable, so a run's state is
its count vector; every update still draws *individuals*: a focal individual
uniformly among the :math:`N` members of a population chosen uniformly, and
then

- **Fermi** (pairwise comparison): with probability :math:`\mu` the focal
  switches to a uniformly chosen other strategy; otherwise it picks a role
  model uniformly among the other :math:`N-1` members and copies it with
  probability :math:`1/(1+e^{-\beta(f_{model}-f_{focal})})`;
- **Moran** (birth–death): a parent is chosen with probability proportional to
  its fitness :math:`1-w+wf`, its offspring (a uniformly chosen other strategy
  with probability :math:`\mu`) replaces a uniformly chosen member (the focal).

Runs are cut into fixed blocks of :data:`RUN_BLOCK` runs; block :math:`b` draws
from ``default_rng(SeedSequence(seed).spawn(b + 1)[b])`` and the blocks go
through :func:`coinnovation.sweep`, so a run's result depends only on the seed
and its index — not on the executor, the chunking or the number of runs after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from scipy.special import expit

from .._util.display import esc, require_pandas
from .._util.rng import root_seed
from ..errors import ConvergenceError, InvalidInputError
from ..sweep import ChunkError, sweep
from ._finite_model import NumericModel

__all__ = ["RUN_BLOCK", "FiniteSimulation", "run_blocks", "simulate_runs"]

RUN_BLOCK = 4096
"""Runs per random stream (fixed: results do not depend on how blocks are scheduled)."""


def run_blocks(task: Any, name: str, n: int, block: int, rng: Any, executor: Any,
               progress: Any) -> Any:
    """``task`` over ``n`` items in seeded blocks through :func:`coinnovation.sweep`.

    A library error raised inside a block (a run cap reached) is re-raised as
    itself rather than wrapped in the sweep's ``ChunkError``.
    """
    try:
        return sweep(task, {name: np.arange(n)}, executor=executor, rng=root_seed(rng),
                     block_size=block, progress=False if progress is None else progress)
    except ChunkError as exc:
        if isinstance(exc.__cause__, (ConvergenceError, InvalidInputError)):
            raise exc.__cause__ from None
        raise


@dataclass(frozen=True, eq=False)
class _RunBlocks:
    """One block of runs, simulated together (picklable for process executors)."""

    model: NumericModel
    initial: np.ndarray
    steps: int | None
    max_steps: int
    record_every: int | None

    def _absorbed(self, C: np.ndarray) -> np.ndarray:
        out = np.ones(C.shape[0], dtype=bool)
        for p, N in enumerate(self.model.sizes):
            lo, hi = self.model.offsets[p], self.model.offsets[p + 1]
            out &= C[:, lo:hi].max(axis=1) == N
        return out

    def _step_population(self, p: int, C: np.ndarray, rows: np.ndarray,
                         rng: np.random.Generator) -> None:
        model = self.model
        lo, hi = model.offsets[p], model.offsets[p + 1]
        N, m = model.sizes[p], model.m[p]
        sub = C[rows]
        Cp = sub[:, lo:hi]
        k = rows.size
        ar = np.arange(k)
        u = rng.random((k, 5))
        cum = np.cumsum(Cp, axis=1)
        focal = (cum <= np.floor(u[:, 0] * N)[:, None]).sum(axis=1)
        f = model.fitness(p, sub)
        if model.process == "fermi":
            others = Cp.copy()
            others[ar, focal] -= 1
            role = (np.cumsum(others, axis=1) <= np.floor(u[:, 1] * (N - 1))[:, None]).sum(axis=1)
            copy = u[:, 2] < expit(model.beta * (f[ar, role] - f[ar, focal]))
            new = np.where(copy, role, focal)
            base = focal
        else:
            weights = Cp * (1.0 - model.beta + model.beta * f)
            cw = np.cumsum(weights, axis=1)
            tot = cw[:, -1]
            x = np.minimum(u[:, 1] * tot, np.nextafter(tot, 0.0))
            parent = (cw <= x[:, None]).sum(axis=1)
            new = parent
            base = parent
        if model.mutation > 0:
            explore = u[:, 3] < model.mutation
            t = np.floor(u[:, 4] * (m - 1)).astype(np.int64)
            new = np.where(explore, t + (t >= base), new)
        Cp[ar, focal] -= 1
        Cp[ar, new] += 1
        C[rows, lo:hi] = Cp

    def _step(self, C: np.ndarray, rng: np.random.Generator) -> None:
        npop = self.model.n_populations
        if npop == 1:
            self._step_population(0, C, np.arange(C.shape[0]), rng)
            return
        pick = rng.integers(npop, size=C.shape[0])
        for p in range(npop):
            rows = np.flatnonzero(pick == p)
            if rows.size:
                self._step_population(p, C, rows, rng)

    def __call__(self, run: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
        k = int(run.size)
        C = np.repeat(self.initial[None, :], k, axis=0)
        steps_taken = np.zeros(k, dtype=np.int64)
        freeze = self.model.mutation == 0.0
        active = np.flatnonzero(~self._absorbed(C)) if freeze else np.arange(k)
        limit = self.steps if self.steps is not None else self.max_steps
        record = self.record_every is not None
        hist = [C.copy()] if record else []
        t = 0
        while t < limit:
            if active.size == 0:
                if record:
                    assert self.steps is not None and self.record_every is not None
                    missing = self.steps // self.record_every + 1 - len(hist)
                    hist.extend(C.copy() for _ in range(missing))
                break
            sub = C[active]
            self._step(sub, rng)
            C[active] = sub
            t += 1
            steps_taken[active] = t
            if freeze:
                active = active[~self._absorbed(C[active])]
            if record and t % self.record_every == 0:  # type: ignore[operator]
                hist.append(C.copy())
        if self.steps is None and active.size:
            raise ConvergenceError(
                f"max_steps: {active.size} of {k} runs were not absorbed after {self.max_steps} "
                "updates; raise max_steps or give steps= to stop at a fixed time")
        out = {"final": C, "absorbed": self._absorbed(C), "steps": steps_taken}
        if record:
            out["history"] = np.stack(hist, axis=1).reshape(k, -1)
        return out


def simulate_runs(model: NumericModel, initial: np.ndarray, *, runs: int, steps: int | None,
                  max_steps: int, record_every: int | None, rng: Any, executor: Any,
                  progress: Any, keys: list[Any], labels: tuple[tuple[str, ...], ...]
                  ) -> FiniteSimulation:
    """Run the agent-level process ``runs`` times from ``initial`` (counts, shape (sum m,))."""
    task = _RunBlocks(model, np.asarray(initial, dtype=np.int64), steps, max_steps, record_every)
    res = run_blocks(task, "run", runs, RUN_BLOCK, rng, executor, progress)
    history = None
    if record_every is not None:
        history = res["history"].reshape(runs, -1, int(sum(model.m)))
    return FiniteSimulation(res["final"], res["absorbed"], res["steps"], model.sizes, model.m,
                            model.single, model.mutation, history, record_every, tuple(keys),
                            labels)


@dataclass(frozen=True, eq=False)
class FiniteSimulation:
    r"""Agent-level runs of a finite-population process (有限种群仿真).

    Attributes
    ----------
    final : numpy.ndarray, shape (runs, sum m)
        Final counts of every strategy of every population (population 0's
        strategies first).
    absorbed : numpy.ndarray of bool, shape (runs,)
        The run ended monomorphic in every population.
    steps : numpy.ndarray of int, shape (runs,)
        Updates taken: until absorption (without mutation), else all of them.
    sizes, n_strategies : tuple of int
        Population sizes and numbers of strategies.
    single : bool
        One population (keys are strategy indices) or several (keys are pure profiles).
    mutation : float
    history : numpy.ndarray or None, shape (runs, records, sum m)
        Counts every ``record_every`` updates (from update 0), when asked for.
    record_every : int or None
    states : tuple
        The monomorphic states, in the order of :attr:`frequencies`.

    Notes
    -----
    :attr:`frequencies` counts the runs that ended monomorphic in each state;
    each is a binomial proportion with standard error
    :math:`\sqrt{p(1-p)/R}` (:attr:`standard_errors`), so the fixation
    probability of a mutant is checked against the formula within a few
    standard errors.

    Examples
    --------
    >>> import coinnovation as co
    >>> stag = co.NormalFormGame([[[4, 0], [3, 3]], [[4, 3], [0, 3]]])
    >>> sim = co.FinitePopulation(stag, size=10, intensity=0.5).simulate((1, 9), runs=2000, rng=1)
    >>> sim.n_runs, bool(sim.absorbed.all()), sorted(sim.frequencies)
    (2000, True, [0, 1])
    """

    final: np.ndarray
    absorbed: np.ndarray
    steps: np.ndarray
    sizes: tuple[int, ...]
    n_strategies: tuple[int, ...]
    single: bool
    mutation: float
    history: np.ndarray | None = field(default=None, repr=False)
    record_every: int | None = None
    states: tuple[Any, ...] = ()
    labels: tuple[tuple[str, ...], ...] = field(default=(), repr=False)

    @property
    def n_runs(self) -> int:
        """Number of runs."""
        return int(self.final.shape[0])

    @cached_property
    def _codes(self) -> np.ndarray:
        """Per run the index of its monomorphic state in :attr:`states`, or -1."""
        offs = np.cumsum([0, *self.n_strategies])
        code = np.zeros(self.n_runs, dtype=np.int64)
        ok = np.ones(self.n_runs, dtype=bool)
        for p, (N, m) in enumerate(zip(self.sizes, self.n_strategies, strict=True)):
            block = self.final[:, offs[p]:offs[p + 1]]
            ok &= block.max(axis=1) == N
            code = code * m + np.argmax(block, axis=1)
        return np.where(ok, code, -1)

    @property
    def fixed(self) -> tuple[Any, ...]:
        """Per run the monomorphic state it ended in (a key of :attr:`frequencies`), or None."""
        return tuple(self.states[c] if c >= 0 else None for c in self._codes.tolist())

    @cached_property
    def frequencies(self) -> dict[Any, float]:
        """Share of runs ending monomorphic in each state (every state listed)."""
        counts = np.bincount(self._codes[self._codes >= 0], minlength=len(self.states))
        return {s: float(c) / self.n_runs for s, c in zip(self.states, counts.tolist(), strict=True)}

    @cached_property
    def standard_errors(self) -> dict[Any, float]:
        r"""Binomial standard error :math:`\sqrt{p(1-p)/R}` of each frequency."""
        R = self.n_runs
        return {s: float(np.sqrt(p * (1.0 - p) / R)) for s, p in self.frequencies.items()}

    @property
    def not_absorbed(self) -> float:
        """Share of runs not monomorphic in every population at the end."""
        return float(np.mean(self._codes < 0))

    def frequency(self, state: Any) -> float:
        """The share of runs that ended in ``state`` (a strategy index or a pure profile)."""
        key = state if not (self.single and isinstance(state, tuple) and len(state) == 1) \
            else state[0]
        if key not in self.frequencies:
            raise InvalidInputError(f"state: {state!r} is not a monomorphic state; states are "
                                    f"{list(self.states)}")
        return self.frequencies[key]

    @property
    def mean_steps(self) -> float:
        """Mean number of updates of the absorbed runs (NaN when none is)."""
        s = self.steps[self.absorbed]
        return float(s.mean()) if s.size else float("nan")

    @property
    def shares(self) -> np.ndarray | None:
        """:attr:`history` as shares of each population, shape ``(runs, records, sum m)``."""
        if self.history is None:
            return None
        scale = np.repeat(np.asarray(self.sizes, dtype=float), self.n_strategies)
        return self.history / scale

    def to_dict(self) -> dict[str, Any]:
        """Plain-Python form: frequencies (keys as text), standard errors, runs."""
        return {"runs": self.n_runs, "sizes": list(self.sizes), "mutation": self.mutation,
                "frequencies": {str(k): v for k, v in self.frequencies.items()},
                "standard_errors": {str(k): v for k, v in self.standard_errors.items()},
                "not_absorbed": self.not_absorbed, "mean_steps": self.mean_steps}

    def to_pandas(self) -> Any:
        """One row per run: final counts, absorbed, updates taken, state fixed (pandas only here)."""
        pd = require_pandas("FiniteSimulation.to_pandas")
        cols: dict[str, Any] = {}
        offs = np.cumsum([0, *self.n_strategies])
        for p, m in enumerate(self.n_strategies):
            for a in range(m):
                name = (self.labels[p][a] if self.labels else f"s{a}")
                head = name if self.single else f"{p}:{name}"
                cols[f"n[{head}]"] = self.final[:, offs[p] + a]
        cols["absorbed"] = self.absorbed
        cols["steps"] = self.steps
        cols["fixed"] = [str(f) if f is not None else None for f in self.fixed]
        return pd.DataFrame(cols)

    def _rows(self) -> list[tuple[str, float, float]]:
        return [(str(k), v, self.standard_errors[k]) for k, v in self.frequencies.items()]

    def _repr_html_(self) -> str:
        body = "".join(f"<tr><td>{esc(k)}</td><td>{v:.4f}</td><td>{e:.4f}</td></tr>"
                       for k, v, e in self._rows())
        return ("<table><thead><tr><th>state</th><th>share of runs</th><th>s.e.</th></tr>"
                f"</thead><tbody>{body}</tbody></table><p>{self.n_runs} runs, sizes "
                f"{list(self.sizes)}</p>")

    def __repr__(self) -> str:
        body = ", ".join(f"{k}: {v:.4f}" for k, v, _ in self._rows())
        extra = f"; not absorbed {self.not_absorbed:.4f}" if self.not_absorbed else ""
        return f"FiniteSimulation({self.n_runs} runs, sizes {list(self.sizes)}; {body}{extra})"
