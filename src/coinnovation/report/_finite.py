r"""Report sections of ``[finite]`` (finite populations) and ``[noise]`` (stochastic dynamics).

:func:`section_finite` reports, for the model at its values, the fixation
probability of every single mutant in every monomorphic state, the
small-mutation stationary distribution over those states, and — with a
``sweep`` — the fixation probability of a cooperator against the swept
parameter (a subsidy, 政府补贴). :func:`section_noise` simulates the Itô
stochastic replicator dynamics (随机演化博弈) from the section's starting
point, reports where the paths end and which vertices they reach, and the
splitting probabilities of every population from the scale function.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._plot_finite import fan_chart, fixation_plot, stationary_bars
from ..evolutionary.finite import FinitePopulation
from ..evolutionary.replicator import ReplicatorDynamics
from ..evolutionary.splitting import splitting_probability
from ..evolutionary.stochastic import simulate_sde
from ..io.model import Model
from ._format import num
from .document import Report

__all__ = ["MAX_FULL_STATES", "section_finite", "section_noise"]

MAX_FULL_STATES = 5000
"""With mutation, the full chain over every composition is solved up to this many states."""


def _population(model: Model, game: Any) -> FinitePopulation:
    f = model.finite
    return FinitePopulation(game, size=f.size, intensity=f.intensity, process=f.process,
                            mutation=f.mutation, population=f.population)


def _state_label(model: Model, fp: FinitePopulation, state: Any) -> str:
    if len(fp.populations) == 1:
        return model.players[0].strategies[int(state)]
    return "(" + ", ".join(p.strategies[a] for p, a in zip(model.players, state, strict=True)) + ")"


def _fmt(p: float) -> str:
    return f"{p:.3g}" if p >= 1e-3 or p == 0 else f"{p:.2e}"


def _fixation_rows(model: Model, fp: FinitePopulation) -> tuple[list[list[str]], list[dict]]:
    rows, data = [], []
    single = len(fp.populations) == 1
    for state in fp.monomorphic_states:
        for p, name in enumerate(fp.populations):
            resident = int(state) if single else state[p]
            strategies = model.players[p if not single else 0].strategies
            for mutant in range(len(strategies)):
                if mutant == resident:
                    continue
                rho = float(fp.fixation_probability(mutant, state, p) if not single
                            else fp.fixation_probability(mutant, resident))
                n = fp.sizes[p]
                rows.append([_state_label(model, fp, state), "" if single else name,
                             strategies[mutant], _fmt(rho), f"{rho * n:.3g}"])
                data.append({"resident": _state_label(model, fp, state), "population": name,
                             "mutant": strategies[mutant], "fixation_probability": rho,
                             "times_neutral": rho * n})
    return rows, data


def section_finite(rep: Report, model: Model, figures: bool) -> None:
    """The ``[finite]`` section: fixation probabilities, stationary regimes, the subsidy sweep."""
    f = model.finite
    fp = _population(model, model.numeric_game())
    single = len(fp.populations) == 1
    sizes = ", ".join(f"{n} ({name})" for n, name in zip(fp.sizes, fp.populations, strict=True))
    rep.h("Finite populations (有限种群)")
    rep.p(f"Instead of shares of infinitely many players, each population has a fixed number "
          f"of members: {sizes}. Members copy better-paid peers "
          f"({'pairwise comparison, Fermi rule' if f.process == 'fermi' else 'Moran birth–death'}, "
          f"intensity {f.intensity:g}); chance matters, and a rare new strategy either dies out "
          "or takes over its population.")
    rep.p("Fixation probability: the chance that a single mutant takes over a population "
          "of residents (the other populations staying put). Times neutral compares it with "
          "1/N, the chance under pure drift: above 1, selection helps the mutant.")
    rows, data = _fixation_rows(model, fp)
    header = ["residents", "mutant", "fixation probability", "times neutral"]
    if not single:
        header.insert(1, "population")
    rep.table(header, [r if not single else [r[0], *r[2:]] for r in rows])
    dist = fp.stationary_distribution()
    states = list(dist)
    labels = [_state_label(model, fp, s) for s in states]
    rep.p("Where the system spends its time when mutations are rare (the stationary "
          "distribution over the monomorphic states, small-mutation limit):")
    rep.table(["state", "share of time"], [[lab, _fmt(dist[s])] for lab, s in zip(
        labels, states, strict=True)])
    best = max(states, key=lambda s: dist[s])
    rep.p(f"Most of the time the system sits at {_state_label(model, fp, best)} "
          f"({100 * dist[best]:.1f} % of the time).")
    rep.data["finite"] = {"sizes": list(fp.sizes), "process": f.process,
                          "intensity": f.intensity, "fixation": data,
                          "stationary": [{"state": lab, "share": float(dist[s])}
                                         for lab, s in zip(labels, states, strict=True)]}
    if f.mutation > 0:
        _with_mutation(rep, model, fp)
    if figures:
        ax = stationary_bars(dist, labels=labels, title="Long-run share of time per regime")
        _rotate(ax, labels)
        rep.figure("finite_stationary", ax.figure,
                   "Stationary distribution over the monomorphic states (rare mutations)")
    if f.sweep is not None:
        _sweep(rep, model, fp, figures)


def _with_mutation(rep: Report, model: Model, fp: FinitePopulation) -> None:
    """The full chain with the section's mutation: mean share of strategy 0 per population."""
    mu = model.finite.mutation
    n_states = 1
    for n, m in zip(fp.sizes, fp.n_strategies, strict=True):
        n_states *= math.comb(n + m - 1, m - 1)
    if n_states > MAX_FULL_STATES:
        rep.p(f"With mutation {mu:g} the full chain has {n_states} states (more than "
              f"{MAX_FULL_STATES}); it is not solved here — the table above is its rare-mutation "
              "limit.")
        return
    full = fp.stationary_distribution(states="all")
    single = len(fp.populations) == 1
    means = [0.0] * len(fp.populations)
    for state, prob in full.items():
        for p, counts in enumerate([state] if single else state):
            means[p] += prob * counts[0] / fp.sizes[p]
    first = [p.strategies[0] for p in model.players]
    names = ["the population"] if single else [f"the {n} population" for n in fp.populations]
    text = ", ".join(f"{100 * x:.1f} % of {name} play {first[0 if single else p]}"
                     for p, (x, name) in enumerate(zip(means, names, strict=True)))
    rep.p(f"With mutation {mu:g} (members now and then try another strategy at random) the full "
          f"chain over all {n_states} compositions gives, on average over time: {text}.")
    rep.data["finite"]["with_mutation"] = {"mutation": mu, "states": n_states,
                                           "mean_share_first": means}


def _rotate(ax: Any, labels: Sequence[str]) -> None:
    if max(len(s) for s in labels) * len(labels) > 40:
        for t in ax.get_xticklabels():
            t.set_rotation(30)
            t.set_horizontalalignment("right")
    _fit(ax.figure)


def _sweep(rep: Report, model: Model, fp0: FinitePopulation, figures: bool) -> None:
    """Fixation of one strategy-0 mutant per population, the other populations at strategy 0."""
    sw = model.finite.sweep
    single = len(fp0.populations) == 1
    names = [fp0.populations[0]] if single else list(fp0.populations)
    curves: dict[str, list[float]] = {n: [] for n in names}
    top: list[float] = []
    for v in sw.values:
        fp = _population(model, model.numeric_game(values={sw.parameter: v}))
        for p, name in enumerate(names):
            resident = tuple(len(q.strategies) - 1 if q is model.players[p] else 0
                             for q in model.players)
            rho = (fp.fixation_probability(0, len(model.players[0].strategies) - 1) if single
                   else fp.fixation_probability(0, resident, p))
            curves[name].append(float(rho))
        dist = fp.stationary_distribution()
        top.append(float(dist[0 if single else tuple(0 for _ in model.players)]))
    first = [p.strategies[0] for p in model.players]
    roles = {p.name: p.role or p.name for p in model.players}
    label = {n: (f"one {first[0]} among {model.players[0].strategies[-1]}" if single
                 else f"{roles[n]}: one {first[p]}") for p, n in enumerate(names)}
    if single:
        what = (f"the chance that one member playing {first[0]} takes over a population "
                f"playing {model.players[0].strategies[-1]}")
    else:
        what = ("for each population, the chance that one member switching to "
                f"{'/'.join(dict.fromkeys(first))} takes over its population while the other "
                f"populations play {'/'.join(dict.fromkeys(first))}")
    rep.p(f"The same questions as {sw.parameter} varies: {what}, and the long-run share of time "
          f"at {_all_first(model, single)}.")
    rep.table([sw.parameter, *[label[n] for n in names], f"time at {_all_first(model, single)}"],
              [[num(v), *[_fmt(curves[n][i]) for n in names], _fmt(top[i])]
               for i, v in enumerate(sw.values)])
    rep.data["finite"]["sweep"] = {"parameter": sw.parameter, "values": list(sw.values),
                                   "fixation": {n: curves[n] for n in names},
                                   "stationary_all_first": top}
    if figures:
        sizes = set(fp0.sizes)
        ax = fixation_plot(np.asarray(sw.values), {label[n]: curves[n] for n in names},
                           parameter=sw.parameter, size=sizes.pop() if len(sizes) == 1 else None,
                           log=True, title=f"Fixation probability against {sw.parameter}")
        _fit(ax.figure)
        rep.figure("finite_fixation", ax.figure,
                   f"Fixation probability of one strategy-0 mutant against {sw.parameter}, "
                   "per population")


def _all_first(model: Model, single: bool) -> str:
    first = [p.strategies[0] for p in model.players]
    return f"all {first[0]}" if single else "(" + ", ".join(first) + ")"


def section_noise(rep: Report, model: Model, figures: bool) -> None:
    """The ``[noise]`` section: stochastic replicator paths, vertex shares, splitting probabilities."""
    nz = model.noise
    rd = ReplicatorDynamics(model.numeric_game())
    P = len(rd.state)
    sigma, start = list(nz.sigma[:P]), list(nz.initial[:P])
    paths = simulate_sde(rd, start, nz.t_end, noise=sigma, rng=nz.seed, method=nz.method,
                         dt=nz.dt, paths=nz.paths)
    rep.h("Noise: stochastic replicator dynamics (随机演化博弈)")
    pops = list(rd.populations)
    noise_text = ", ".join(f"{s:g} ({n})" for s, n in zip(sigma, pops, strict=True))
    rep.p(f"Random shocks hit each population's payoff gain (white noise, Itô; intensity "
          f"{noise_text}). {nz.paths} paths start at shares {', '.join(f'{x:g}' for x in start)} "
          f"of {'/'.join(dict.fromkeys(p.strategies[0] for p in model.players))} and run to "
          f"t = {nz.t_end:g} ({nz.method.replace('_', '–').title()}, step {nz.dt:g}, seed "
          f"{nz.seed}).")
    shares = paths.vertex_shares()
    rows, data = [], []
    for v in paths.vertices:
        lab = _vertex_label(model, v, P)
        reached = paths.reached(v) if paths.first_passage is not None else float("nan")
        rows.append([lab, f"{100 * shares[v]:.1f} %", f"{100 * reached:.1f} %"])
        data.append({"vertex": lab, "share_at_end": shares[v], "reached": reached})
    rep.p(f"Where the paths are at t = {nz.t_end:g} (within {paths.visit_radius:g} of a vertex) "
          f"and how many came near each vertex at some time; {100 * paths.elsewhere():.1f} % end "
          "near no vertex.")
    rep.table(["vertex", "paths there at the end", "paths that reached it"], rows)
    split = _splitting(rep, model, rd, sigma, start)
    rep.data["noise"] = {"sigma": sigma, "initial": start, "paths": nz.paths, "t_end": nz.t_end,
                         "dt": nz.dt, "method": nz.method, "seed": nz.seed, "vertices": data,
                         "elsewhere": paths.elsewhere(), "splitting": split,
                         "final_mean": paths.final.mean(axis=0).tolist()}
    if figures:
        names = [p.role or p.name for p in model.players][:P]
        ax = fan_chart(paths, names=names, title="Stochastic paths: median and quantile bands")
        _fit(ax.figure)
        rep.figure("noise_fan", ax.figure, "Share playing strategy 0 over time: median and the "
                   "50 % and 90 % bands over paths, per population")


def _vertex_label(model: Model, v: Sequence[int], P: int) -> str:
    if P == 1:
        return model.players[0].strategies[v[0]]
    return "(" + ", ".join(p.strategies[a] for p, a in zip(model.players, v, strict=True)) + ")"


def _splitting(rep: Report, model: Model, rd: Any, sigma: list[float], start: list[float]
               ) -> list[dict[str, Any]]:
    nz = model.noise
    out, rows = [], []
    for p, name in enumerate(rd.populations):
        if sigma[p] == 0:
            continue
        others = [x for q, x in enumerate(start) if q != p] or None
        prob = splitting_probability(rd, start[p], nz.low, nz.high, noise=sigma, population=p,
                                     others=others)
        out.append({"population": str(name), "x0": start[p], "low": nz.low, "high": nz.high,
                    "probability": float(prob)})
        rows.append([str(name), f"{start[p]:g}", f"{float(prob):.4f}"])
    if rows:
        rep.p(f"Splitting probabilities: the chance that one population's share climbs to "
              f"{nz.high:g} before it falls to {nz.low:g}, the other populations held at their "
              "starting shares (exact, from the scale function of the diffusion).")
        rep.table(["population", "start", f"P(reach {nz.high:g} first)"], rows)
    return out


def _fit(fig: Any) -> None:
    """Fit labels inside the figure unless it already has a layout engine (constrained layout)."""
    if fig.get_layout_engine() is None:
        fig.tight_layout()
