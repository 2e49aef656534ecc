"""Reports of [finite] and [noise] sections: numbers checked independently, figures drawn."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import coinnovation as co
from coinnovation.report import analyze, write_report

pytest.importorskip("matplotlib", reason="the report figures need the 'plot' extra")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

PD = """\
[parameters]
S = { value = 1, range = [0, 4], assumptions = ["nonnegative"] }

[[players]]
name = "row"
strategies = ["C", "D"]

[[players]]
name = "column"
strategies = ["C", "D"]

[payoffs]
"C,C" = ["3 + S", "3 + S"]
"C,D" = ["S", 5]
"D,C" = [5, "S"]
"D,D" = [1, 1]
"""


def _fixation_by_hand(a: np.ndarray, n: int, beta: float) -> float:
    """One C among D (Fermi), no self-interaction: 1 / (1 + sum_j prod_k T-/T+), summed directly."""
    total, prod = 1.0, 1.0
    for k in range(1, n):
        f_c = ((k - 1) * a[0, 0] + (n - k) * a[0, 1]) / (n - 1)
        f_d = (k * a[1, 0] + (n - k - 1) * a[1, 1]) / (n - 1)
        prod *= math.exp(-beta * (f_c - f_d))
        total += prod
    return 1.0 / total


def test_neutral_drift_reports_one_over_n_and_a_uniform_distribution() -> None:
    m = co.loads_model(PD + "[finite]\nsize = 12\nintensity = 0\n")
    rep = analyze(m, figures=False)
    fin = rep.data["finite"]
    assert fin["sizes"] == [12]
    assert [r["fixation_probability"] for r in fin["fixation"]] == pytest.approx(
        [1 / 12, 1 / 12], abs=co.TOL)
    assert [r["times_neutral"] for r in fin["fixation"]] == pytest.approx([1, 1], abs=co.TOL)
    assert [s["share"] for s in fin["stationary"]] == pytest.approx([0.5, 0.5], abs=co.TOL)


def test_subsidy_sweep_matches_the_fixation_formula_summed_by_hand() -> None:
    m = co.loads_model(PD + "[finite]\nsize = 10\nintensity = 0.5\n"
                            "sweep = { parameter = \"S\", values = [0, 1, 2, 3, 4] }\n")
    rep = analyze(m)
    sweep = rep.data["finite"]["sweep"]
    assert sweep["parameter"] == "S" and sweep["values"] == [0, 1, 2, 3, 4]
    (curve,) = sweep["fixation"].values()
    for s, rho in zip(sweep["values"], curve, strict=True):
        a = np.array([[3 + s, s], [5, 1]], dtype=float)
        assert rho == pytest.approx(_fixation_by_hand(a, 10, 0.5), abs=co.TOL)
    # the subsidy raises the cooperator's chance: below neutral 1/N without it, above with S = 4
    # (cooperation is then dominant: 3 + S > 5 and S > 1)
    assert curve[0] < 1 / 10 < curve[-1]
    assert np.all(np.diff(curve) > 0)
    stationary = sweep["stationary_all_first"]
    assert stationary[0] < stationary[-1]
    assert {"finite_stationary", "finite_fixation"} <= set(rep.figures)


def test_tripartite_example_finite_and_noise_report(tmp_path: Path) -> None:
    m = co.load_model(EXAMPLES / "tripartite_finite.toml")
    rep = analyze(m)
    fin = rep.data["finite"]
    labels = [s["state"] for s in fin["stationary"]]
    assert len(labels) == 8 and labels[0] == "(cooperate, cooperate, active)"
    assert sum(s["share"] for s in fin["stationary"]) == pytest.approx(1, abs=co.TOL)
    assert len(fin["fixation"]) == 8 * 3
    ax = rep.figures["finite_stationary"].axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == labels
    # the sweep: the enterprise's chance grows with its subsidy, the government's falls
    # (it pays the subsidy); the university's does not depend on S_E
    curves = fin["sweep"]["fixation"]
    ent, uni, gov = (np.array(curves[k]) for k in ("enterprise", "university", "government"))
    assert np.all(np.diff(ent) > 0) and np.all(np.diff(gov) < 0)
    assert np.ptp(uni) == pytest.approx(0, abs=co.TOL)

    nz = rep.data["noise"]
    total = sum(v["share_at_end"] for v in nz["vertices"]) + nz["elsewhere"]
    assert total == pytest.approx(1, abs=co.TOL)
    assert all(v["reached"] >= v["share_at_end"] - co.TOL for v in nz["vertices"])
    assert [s["population"] for s in nz["splitting"]] == ["enterprise", "university",
                                                           "government"]
    assert "noise_fan" in rep.figures
    written = write_report(rep, tmp_path / "out")
    names = {p.name for p in written}
    assert {"finite_fixation.png", "finite_stationary.svg", "noise_fan.png"} <= names
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "## Finite populations (有限种群)" in md and "## Noise: stochastic replicator" in md


def test_noise_is_seeded_and_splitting_of_a_neutral_game_is_linear() -> None:
    # all payoffs equal: no drift, the share is a martingale, P(high first) = (x0-low)/(high-low)
    flat = PD.replace('"3 + S", "3 + S"', '"S", "S"').replace('["S", 5]', '["S", "S"]')
    flat = flat.replace('[5, "S"]', '["S", "S"]').replace("[1, 1]", '["S", "S"]')
    text = flat + ("[noise]\nsigma = [0.5, 1.0]\ninitial = [0.3, 0.6]\npaths = 200\nt_end = 2\n"
                   "low = 0.1\nhigh = 0.9\nseed = 5\n")
    a = analyze(co.loads_model(text), figures=False).data["noise"]
    b = analyze(co.loads_model(text), figures=False).data["noise"]
    assert a == b
    got = [s["probability"] for s in a["splitting"]]
    assert got == pytest.approx([(0.3 - 0.1) / 0.8, (0.6 - 0.1) / 0.8], abs=1e-6)
    c = analyze(co.loads_model(text.replace("seed = 5", "seed = 6")), figures=False)
    assert c.data["noise"]["final_mean"] != a["final_mean"]
    # no drift: the mean share stays at its start up to Monte-Carlo error (200 paths)
    assert a["final_mean"] == pytest.approx([0.3, 0.6], abs=0.1)


def test_mutation_reports_the_full_chain_when_it_is_small() -> None:
    # neutral drift with mutation: the full chain is symmetric between C and D, mean share 1/2
    m = co.loads_model(PD + "[finite]\nsize = 9\nintensity = 0\nmutation = 0.05\n")
    out = analyze(m, figures=False).data["finite"]["with_mutation"]
    assert out["states"] == 10 and out["mean_share_first"] == pytest.approx([0.5], abs=co.TOL)
    # with selection against C the mean share of C is below 1/2, and grows with the subsidy
    low = analyze(co.loads_model(PD + "[finite]\nsize = 9\nmutation = 0.05\n"), figures=False)
    high = analyze(co.loads_model(PD.replace("value = 1,", "value = 4,")
                                  + "[finite]\nsize = 9\nmutation = 0.05\n"), figures=False)
    a = low.data["finite"]["with_mutation"]["mean_share_first"][0]
    b = high.data["finite"]["with_mutation"]["mean_share_first"][0]
    assert a < 0.5 < b
    big = analyze(co.loads_model(PD + "[finite]\nsize = 9000\nmutation = 0.05\n"), figures=False)
    assert "with_mutation" not in big.data["finite"]
    assert any(b[0] == "p" and "it is not solved here" in b[1] for b in big.blocks)


def test_a_section_that_cannot_be_answered_is_reported_not_fatal() -> None:
    # the Moran fitness 1 - w + w*u is not positive for the payoff -5 at w = 1
    bad = PD.replace('"D,D" = [1, 1]', '"D,D" = [-5, -5]')
    rep = analyze(co.loads_model(bad + "[finite]\nprocess = \"moran\"\nintensity = 1\n"),
                  figures=False)
    assert "error" in rep.data["finite"][0]
    assert any(b[0] == "p" and b[1].startswith("Not answered: ") for b in rep.blocks)
