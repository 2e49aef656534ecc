"""The honest convergence report of simulated trajectories (see :class:`Trajectories`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .._util.tolerance import ROUNDOFF, UNSTABLE_COMPONENT, payoff_scale
from ._system import ReplicatorSystem
from .results import RestPoint, Stability

__all__ = ["trajectory_outcomes"]


# ---------------------------------------------------------------------------- outcomes
def _has_unstable_component(system: ReplicatorSystem, J: np.ndarray, final: np.ndarray,
                            r: RestPoint) -> bool:
    """Does the displacement from a saddle have a component along its unstable directions?

    Near a saddle a trajectory on its way out has a small but nonzero component
    along the unstable eigenvectors; only one lying on the stable manifold
    (up to amplified rounding, :data:`UNSTABLE_COMPONENT`) converges to it.
    """
    w, V = np.linalg.eig(J)
    red_final = np.concatenate([final[sl][:-1] for sl in system.fblocks])
    red_point = np.array([float(v) for v in r.reduced])
    delta = red_final - red_point
    try:
        c = np.linalg.solve(V, delta.astype(complex))
    except np.linalg.LinAlgError:
        return True
    unstable = w.real > ROUNDOFF
    size = np.abs(c[unstable]) * np.linalg.norm(V[:, unstable], axis=0)
    return bool(np.any(size > UNSTABLE_COMPONENT))


def trajectory_outcomes(system: ReplicatorSystem, times: np.ndarray, xs: np.ndarray,
                        alive: np.ndarray, tol: float, radius: float, *,
                        candidates: Sequence[RestPoint], classify: Callable[[RestPoint], Stability]
                        ) -> tuple[np.ndarray, tuple[RestPoint | None, ...], np.ndarray,
                                   tuple[tuple[tuple[int, ...], ...], ...]]:
    """Convergence report of simulated trajectories (see :class:`Trajectories`).

    ``candidates`` are the rest points a trajectory may be reported converged
    to; ``classify`` gives the (cached) linear stability of a non-vertex one.
    """
    nb = xs.shape[0]
    final = xs[:, -1, :]
    iso = [r for r in candidates if not r.is_continuum]
    cont = [r for r in candidates if r.is_continuum]
    P = np.array([np.concatenate([np.asarray(s, dtype=float) for s in r.strategies])
                  for r in iso])
    dist_all = np.max(np.abs(final[:, None, :] - P[None, :, :]), axis=2)
    nearest = np.argmin(dist_all, axis=1)
    dist = dist_all[np.arange(nb), nearest]
    fs = system.batch_fitness([final[:, sl] for sl in system.fblocks])
    converged = np.zeros(nb, dtype=bool)
    limits: list[RestPoint | None] = [None] * nb
    for b in np.flatnonzero(dist <= tol):
        r = iso[int(nearest[b])]
        if r.is_vertex:
            ok = not _leaving_vertex(system, r, [f[b] for f in fs], alive[b])
        else:
            ok = _settled_at(system, classify(r), r, xs[b], P[int(nearest[b])])
        if ok:
            converged[b] = True
            limits[b] = r
    if cont:
        _on_continua(system, final, fs, cont, tol, converged, limits, dist)
    return converged, tuple(limits), dist, _visited_vertices(system, xs, radius)


def _leaving_vertex(system: ReplicatorSystem, r: RestPoint, fs: list[np.ndarray],
                    alive: np.ndarray) -> bool:
    """Some strategy still present near the vertex earns more than the vertex strategy."""
    assert r.profile is not None
    prof = r.profile[:1] if system.population == "single" else r.profile
    gtol = system.atol if system.atol > 0 else ROUNDOFF
    for p, sl in enumerate(system.fblocks):
        a = prof[p]
        g = fs[p] - fs[p][a]
        al = alive[sl].copy()
        al[a] = False
        if np.any(g[al] > gtol):
            return True
    return False


def _settled_at(system: ReplicatorSystem, st: Stability, r: RestPoint, path: np.ndarray,
                point: np.ndarray) -> bool:
    """A sink, or a non-increasing distance over the last quarter with no unstable component."""
    if st.kind == "sink":
        return True
    quarter = max(1, path.shape[0] // 4)
    series = np.max(np.abs(path[-quarter - 1:, :] - point), axis=1)
    ok = bool(np.all(np.diff(series) <= ROUNDOFF))
    if ok and "+" in st.signs and isinstance(st.jacobian, np.ndarray):
        ok = not _has_unstable_component(system, st.jacobian, path[-1], r)
    return ok


def _on_continua(system: ReplicatorSystem, final: np.ndarray, fs: list[np.ndarray],
                 cont: list[RestPoint], tol: float, converged: np.ndarray,
                 limits: list[RestPoint | None], dist: np.ndarray) -> None:
    """Mark trajectories resting on a continuum of rest points (in place)."""
    vel = np.concatenate([xs_p * (f - np.sum(xs_p * f, axis=1, keepdims=True))
                          for xs_p, f in zip([final[:, sl] for sl in system.fblocks], fs,
                                             strict=True)], axis=1)
    speed = np.max(np.abs(vel), axis=1)
    vscale = payoff_scale(system.Unum) if system.Unum is not None else 1.0
    for b in np.flatnonzero(~converged):
        for r in cont:
            outside = 0.0
            for p, sl in enumerate(system.fblocks):
                mask = np.ones(sl.stop - sl.start, dtype=bool)
                mask[list(r.support[p])] = False
                if mask.any():
                    outside = max(outside, float(np.max(final[b, sl][mask])))
            if outside <= tol and speed[b] <= tol * vscale:
                converged[b] = True
                limits[b] = r
                dist[b] = max(outside, float(speed[b]) / vscale)
                break


def _visited_vertices(system: ReplicatorSystem, xs: np.ndarray, radius: float
                      ) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """Per trajectory, the vertices passed within ``radius`` (consecutive repeats removed)."""
    nb, nt, _ = xs.shape
    codes = np.zeros((nb, nt), dtype=np.int64)
    near = np.ones((nb, nt), dtype=bool)
    stride = 1
    blocks = system.fblocks
    for sl in reversed(blocks):
        blk = xs[:, :, sl]
        near &= (1.0 - np.max(blk, axis=2)) <= radius
        codes += np.argmax(blk, axis=2) * stride
        stride *= sl.stop - sl.start
    visited = []
    for b in range(nb):
        c = codes[b][near[b]]
        if c.size:
            c = c[np.concatenate([[True], np.diff(c) != 0])]
        seq = []
        for code in c.tolist():
            prof = []
            for sl in reversed(blocks):
                m = sl.stop - sl.start
                prof.append(code % m)
                code //= m
            prof.reverse()
            if system.population == "single":
                prof = [prof[0], prof[0]]
            seq.append(tuple(prof))
        visited.append(tuple(seq))
    return tuple(visited)
