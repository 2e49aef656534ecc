"""Reports: the numbers match the library's API, the files are written, nothing on failure."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import coinnovation as co
from coinnovation.cli import main
from coinnovation.io.modelfile import RegimeMapQuestion
from coinnovation.report import analyze, regime_grid, write_report

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def two_party() -> co.Model:
    return co.load_model(EXAMPLES / "two_party.toml")


def _labels(game: co.NormalFormGame, prof: tuple[int, ...]) -> list[str]:
    return [game.strategies[i][a] for i, a in enumerate(prof)]


def test_two_party_numbers_match_the_api(two_party: co.Model) -> None:
    rep = analyze(two_party, figures=False)
    game = two_party.numeric_game()
    assert rep.data["ess"] == [_labels(game, e.profile)
                               for e in co.evolutionarily_stable_states(game)]
    eqs = co.nash_equilibria(game, exact=True)
    assert len(rep.data["nash_equilibria"]["equilibria"]) == len(eqs)
    assert rep.data["nash_equilibria"]["degenerate"] is False
    kinds = [r.kind for r in co.ReplicatorDynamics(game).stability_table().rows]
    assert [r["kind"] for r in rep.data["stability_table"]] == kinds
    ess_q, part_q = rep.data["thresholds"]
    g_se = two_party.game_in("S_E")
    assert ess_q["region"] == str(co.stability_region(g_se, "S_E", profile=(0, 0)))
    assert ess_q["threshold"] == co.threshold(g_se, "S_E", profile=(0, 0)) == 0
    assert part_q["criterion"] == "participation"
    assert rep.data["payoffs"][0] == {"profile": ["cooperate", "cooperate"],
                                      "symbolic": ["-C_E + S_E + alpha*dR + pi_E",
                                                   "-C_U + S_U + dR*(1 - alpha) + pi_U"],
                                      "values": [4.0, 4.0]}
    assert r"\frac{dx}{dt}" in rep.data["equations_latex"]


def test_degenerate_game_is_noted(two_party: co.Model) -> None:
    text = (EXAMPLES / "two_party.toml").read_text(encoding="utf-8")
    text = text.replace("S_E   = { value = 2", "S_E   = { value = 1").replace(
        "S_U   = { value = 2", "S_U   = { value = 1")
    rep = analyze(co.loads_model(text), figures=False)
    assert rep.data["nash_equilibria"]["degenerate"] is True
    assert "The game is degenerate" in rep.to_markdown()


def test_tripartite_threshold_window_and_regime_map() -> None:
    model = co.load_model(EXAMPLES / "tripartite.toml")
    rep = analyze(model, figures=False)
    (thr,) = rep.data["thresholds"]
    assert thr["region"] == str(sp.Interval.open(1, 4)) and thr["threshold"] == 1
    (rmap,) = rep.data["regime_maps"]
    xs, ys, labels = np.array(rmap["x_values"]), np.array(rmap["y_values"]), rmap["regimes"]
    # independent check at grid points: the ESS of the game with the two subsidies substituted
    rng = np.random.default_rng(0)
    for j, i in zip(rng.integers(0, ys.size, 12), rng.integers(0, xs.size, 12), strict=True):
        s_e = sp.nsimplify(xs[i], rational=True)
        s_u = sp.nsimplify(ys[j], rational=True)
        game = model.numeric_game({"S_E": s_e, "S_U": s_u})
        ess = co.evolutionarily_stable_states(game)
        expected = ("ESS: " + "; ".join("(" + ", ".join(_labels(game, e.profile)) + ")"
                                        for e in ess)) if ess else "no ESS"
        assert labels[j][i] == expected, (xs[i], ys[j])
    assert sum(rmap["shares"].values()) == pytest.approx(1.0)


def test_regime_grid_nash_criterion() -> None:
    model = co.load_model(EXAMPLES / "two_party.toml")
    q = RegimeMapQuestion("S_E", "S_U", (0.0, 4.0), (0.0, 4.0), 5, "nash")
    xs, _ys, labels = regime_grid(model, q)
    assert xs.tolist() == [0, 1, 2, 3, 4]
    # at S_E = S_U = 1 (the threshold) both (C, C) and (D, D) are (weak) equilibria
    assert labels[1, 1] == "NE: (cooperate, cooperate); (defect, defect)"
    assert labels[4, 4] == "NE: (cooperate, cooperate)"


def test_alliance_allocations_match_the_api() -> None:
    model = co.load_model(EXAMPLES / "alliance.toml")
    rep = analyze(model, figures=False)
    (alloc,) = rep.data["allocations"]
    cg = model.numeric_coalitional_game()
    phi = co.shapley_value(cg)
    shapley = dict(zip(cg.players, np.asarray(phi, dtype=float).tolist(), strict=True))
    assert alloc["rules"]["shapley"]["allocation"] == pytest.approx(shapley)
    nuc = np.asarray(co.nucleolus(cg), dtype=float)
    assert list(alloc["rules"]["nucleolus"]["allocation"].values()) == pytest.approx(nuc.tolist())
    mod = np.asarray(co.modified_shapley_value(cg, [0.2, 0.5, 0.3]), dtype=float)
    assert list(alloc["rules"]["modified_shapley"]["allocation"].values()) == pytest.approx(
        mod.tolist())
    assert alloc["rules"]["shapley"]["in_core"] is bool(co.in_core(cg, phi))
    assert alloc["cost_of_stability"] == pytest.approx(float(co.cost_of_stability(cg)))
    assert rep.data["thresholds"][0]["threshold"] == pytest.approx(2 / 3)


def test_write_report_files(tmp_path: Path, two_party: co.Model) -> None:
    rep = analyze(two_party)
    # the participation question has no margin plot
    assert set(rep.figures) == {"phase_portrait", "evolution", "threshold_0_S_E",
                                "regime_map_0_S_E_S_U"}
    written = write_report(rep, tmp_path / "out")
    names = {p.relative_to(tmp_path / "out").as_posix() for p in written}
    assert {"report.md", "report.html", "report.json", "figures/phase_portrait.png",
            "figures/phase_portrait.svg"} <= names
    md = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    for name in rep.figures:
        assert f"figures/{name}.png" in md
        assert (tmp_path / "out" / "figures" / f"{name}.png").read_bytes().startswith(b"\x89PNG")
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    # self-contained: every figure embedded (the same PNG as the file), no file or host referenced
    embedded = re.findall(r'<img src="data:image/png;base64,([^"]+)"', html)
    text = re.sub(r"data:image/png;base64,[^\"]+", "", html)
    assert html.startswith("<!DOCTYPE html>") and "figures/" not in text and "http" not in text
    assert "<script" not in text
    assert len(embedded) == len(rep.figures)
    assert base64.b64decode(embedded[0]) == (tmp_path / "out" / "figures" /
                                             "phase_portrait.png").read_bytes()
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert data["model"]["players"][0] == {"name": "enterprise", "role": "企业",
                                           "strategies": ["cooperate", "defect"]}
    assert data["ess"] == [["cooperate", "cooperate"]]


def test_cli_analyze(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rep"
    assert main(["analyze", str(EXAMPLES / "tripartite.toml"), "--out", str(out),
                 "--format", "md,json"]) == 0
    captured = capsys.readouterr()
    assert f"report written to {out}/" in captured.out
    # progress on standard error, one line per step with the total and the elapsed time
    steps = captured.err.splitlines()
    assert steps[0].startswith("[step 1/6] model and payoff table (")
    assert steps[-1].startswith("[step 6/6] writing the report (") and steps[-1].endswith(" s)")
    # the files listed are the files written
    listed = [line.strip() for line in captured.out.splitlines()[1:]]
    on_disk = sorted(str(p) for p in out.rglob("*") if p.is_file())
    assert sorted(listed) == on_disk
    assert f"({len(on_disk)} files)" in captured.out.splitlines()[0]
    assert (out / "report.md").is_file() and (out / "report.json").is_file()
    assert not (out / "report.html").exists()
    assert (out / "figures" / "trajectories.png").is_file()


def test_cli_analyze_quiet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(EXAMPLES / "two_party.toml"), "--out", str(tmp_path / "q"),
                 "--format", "json", "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")
    assert (tmp_path / "q" / "report.json").is_file()


def test_cli_analyze_invalid_file_writes_nothing(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text((EXAMPLES / "two_party.toml").read_text(encoding="utf-8").replace(
        '"pi_E + alpha*dR - C_E + S_E"', '"().__class__.__base__.__subclasses__()"'),
        encoding="utf-8")
    out = tmp_path / "never"
    assert main(["analyze", str(bad), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert 'payoffs."cooperate,cooperate".enterprise (line 34)' in err
    assert not out.exists()


def test_cli_analyze_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["analyze", str(EXAMPLES / "two_party.toml"), "--format", "pdf"])
    assert exc.value.code == 2
    assert "argument --format: invalid value(s) pdf" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["analyze"])
    assert exc.value.code == 2


class _Terminal:
    """A stand-in for a terminal's standard error."""

    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, s: str) -> int:
        self.text += s
        return len(s)

    def flush(self) -> None:
        pass


def test_progress_is_shown_unless_quiet(tmp_path: Path) -> None:
    import io

    from coinnovation import cli

    term, out = _Terminal(), io.StringIO()
    cli.analyze(str(EXAMPLES / "alliance.toml"), str(tmp_path / "a"), ["json"], out=out, err=term)
    assert "Nash equilibria" in term.text and "threshold of S" in term.text
    assert term.text.splitlines()[-1].startswith("[step 7/7] writing the report")
    quiet = _Terminal()
    cli.analyze(str(EXAMPLES / "alliance.toml"), str(tmp_path / "b"), ["json"], quiet=True,
                out=io.StringIO(), err=quiet)
    assert quiet.text == ""


def test_surplus_model_report() -> None:
    model = co.load_model(EXAMPLES / "tripartite_surplus.toml")
    rep = analyze(model)
    assert rep.data["thresholds"][0]["region"] == str(sp.Interval.open(1, 4))
    (alloc,) = rep.data["allocations"]
    assert alloc["rules"]["shapley"]["allocation"] == pytest.approx(
        {"enterprise": 10.0, "university": 8.0})
    ax = rep.figures["allocation_0"].axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["企业", "高校"]


def test_cli_analyze_free_parameter_is_an_error(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    text = (EXAMPLES / "two_party.toml").read_text(encoding="utf-8").replace(
        "F     = { value = 2, ", "F     = { ")
    p = tmp_path / "free.toml"
    p.write_text(text, encoding="utf-8")
    assert main(["analyze", str(p), "--out", str(tmp_path / "never")]) == 1
    assert "no value for F" in capsys.readouterr().err
    assert not (tmp_path / "never").exists()


def test_large_games_report_pure_equilibria_only() -> None:
    import itertools

    n = 6
    lines = [f'[[players]]\nname = "m{i}"\nstrategies = ["contribute", "free-ride"]\n'
             for i in range(n)]
    lines.append("[payoffs]")
    for prof in itertools.product(range(2), repeat=n):
        k = prof.count(0)
        pays = [f"{1 + 4 * k / n - 2 + 1:g}" if a == 0 else f"{1 + 4 * k / n:g}" for a in prof]
        lines.append('"' + ",".join(map(str, prof)) + '" = [' + ", ".join(pays) + "]")
    model = co.loads_model("\n".join(lines) + "\n")
    rep = analyze(model, figures=False)
    nash = rep.data["nash_equilibria"]
    assert nash["method"] == "pure"
    expected = [e.profile for e in co.pure_nash_equilibria(model.numeric_game())]
    assert len(nash["equilibria"]) == len(expected) >= 1
    assert "pure equilibria only: the game has 729 support profiles" in rep.to_markdown()


def test_a_question_the_solvers_cannot_answer_is_reported_not_fatal(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from coinnovation.errors import UndecidableError
    from coinnovation.report import analysis

    def undecidable(*args: object, **kwargs: object) -> None:
        raise UndecidableError("stability_region: cannot decide the sign of S - c")

    monkeypatch.setattr(analysis, "stability_region", undecidable)
    rep = analyze(co.load_model(EXAMPLES / "tripartite.toml"), figures=False)
    (thr,) = rep.data["thresholds"]
    assert thr == {"error": "stability_region: cannot decide the sign of S - c"}
    md = rep.to_markdown()
    assert "## Threshold of $S_{E}$\n\nNot answered: stability_region: cannot decide" in md
    assert rep.data["regime_maps"][0]["x"] == "S_E"  # the other questions are answered


def test_without_matplotlib_the_report_has_no_figures(monkeypatch: pytest.MonkeyPatch,
                                                      two_party: co.Model) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "matplotlib" else real(name, *a))
    rep = analyze(two_party)
    assert rep.figures == {}
    assert "matplotlib is not installed" in rep.to_markdown()


def _random_model(shape: tuple[int, ...], *, symbolic: bool = False, seed: int = 0) -> co.Model:
    """A model file text for a game of the given shape (integer payoffs, or ``S + k``)."""
    import itertools

    rng = np.random.default_rng(seed)
    lines = ['[parameters]\nS = { value = 1 }'] if symbolic else []
    for i, m in enumerate(shape):
        labels = ", ".join(f'"s{k}"' for k in range(m))
        lines.append(f'[[players]]\nname = "p{i}"\nstrategies = [{labels}]')
    lines.append("[payoffs]")
    for prof in itertools.product(*[range(m) for m in shape]):
        pays = [f'"S + {v}"' if symbolic else str(v) for v in rng.integers(-5, 6, len(shape))]
        lines.append('"' + ",".join(map(str, prof)) + '" = [' + ", ".join(pays) + "]")
    return co.loads_model("\n".join(lines) + "\n")


def test_a_large_two_player_game_gets_its_pure_equilibria_and_says_so() -> None:
    from coinnovation.report.analysis import MAX_EXACT_ENTRIES

    model = _random_model((11, 10))
    assert 11 * 10 > MAX_EXACT_ENTRIES
    rep = analyze(model, figures=False)
    assert rep.data["nash_equilibria"]["method"] == "pure"
    pure = co.pure_nash_equilibria(model.numeric_game())
    assert len(rep.data["nash_equilibria"]["equilibria"]) == len(pure)
    assert "pure equilibria only: the game has 110 pure profiles" in rep.to_markdown()
    # one size below the limit: every equilibrium, exactly
    small = analyze(_random_model((10, 10)), figures=False)
    assert small.data["nash_equilibria"]["method"] == "auto"
    assert small.data["nash_equilibria"]["exact"] is True


def test_a_large_symbolic_game_gets_the_numeric_table_and_says_so() -> None:
    from coinnovation.report.analysis import MAX_SYMBOLIC_PROFILES

    model = _random_model((2,) * 6, symbolic=True)
    assert 2**6 > MAX_SYMBOLIC_PROFILES
    rep = analyze(model, figures=False)
    assert "The symbolic vertex table is left out: the game has 64 vertices" in rep.to_markdown()
    table = co.ReplicatorDynamics(model.numeric_game()).stability_table()
    assert rep.data["stability_table_latex"] == table.to_latex()
