"""The ``coinnovation`` command.

Commands
--------
``coinnovation demo [--out DIR]``
    What ``make demo`` runs: the two-party industry–university game at three
    subsidy levels, printed; then the full analysis of the built-in tripartite
    government–enterprise–university model, written as a report (Markdown,
    HTML, JSON, PNG and SVG figures) to ``DIR`` (default ``./report``).
``coinnovation check MODEL.toml``
    Validate a model file and print what it defines.
``coinnovation analyze MODEL.toml [--out DIR] [--format md,html,json] [--quiet]``
    Write a report of the model (tables, LaTeX, figures) to ``DIR`` (default
    ``./report``). Nothing is written when the model file is invalid or the
    analysis fails. Progress goes to standard error on a terminal only.

Exit codes: 0 success; 1 an invalid model file or an analysis error (a
:class:`coinnovation.errors.CoinnovationError`, printed as
``coinnovation: error: FILE: KEY (line N): PROBLEM`` without a traceback);
2 a usage error (unknown command or option, missing argument).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TextIO

from . import __version__
from .errors import CoinnovationError, DegenerateGameWarning

DEMO_VALUES = {"pi_E": 0, "pi_U": 0, "dR": 10, "alpha": 0.5, "C_E": 3, "C_U": 3,
               "T_E": 3, "T_U": 3, "F": 2}


def demo_two_party(out: TextIO | None = None) -> None:
    """Print the two-party industry–university cooperation game at three subsidy levels."""
    from .models.canonical import industry_university  # late: keeps --help and --version free of sympy
    from .noncooperative.nash import nash_equilibria  # late: keeps --help and --version free of sympy

    out = sys.stdout if out is None else out
    sym = industry_university()
    w = out.write
    w("coinnovation demo — the two-party industry–university cooperation game (产学研合作)\n\n")
    w("Payoffs (enterprise, university), symbols as in 方炜 et al. (2019):\n")
    w(sym.table() + "\n\n")
    values = ", ".join(f"{k}={v}" for k, v in DEMO_VALUES.items())
    w(f"Numbers: {values}; the government subsidy S = S_E = S_U varies.\n")
    w("(cooperate, cooperate) is stable when alpha*dR + F + S > C + T; (defect, defect) stops\n"
      "being an equilibrium once F + S > C, i.e. above the subsidy threshold S* = 1.\n\n")
    for s in (0, 1, 2):
        game = industry_university(**DEMO_VALUES, S_E=s, S_U=s)
        with warnings.catch_warnings(record=True) as rec:
            warnings.simplefilter("always", DegenerateGameWarning)
            eqs = nash_equilibria(game, exact=True)
        degenerate = any(issubclass(r.category, DegenerateGameWarning) for r in rec)
        note = ("  (degenerate: the subsidy sits exactly at its threshold; listed are the extreme "
                "equilibria)" if degenerate else "")
        w(f"Subsidy S = {s}: {len(eqs)} equilibri{'um' if len(eqs) == 1 else 'a'}{note}\n")
        for e in eqs:
            kind = "pure " if e.is_pure else "mixed"
            pays = ", ".join(str(p) for p in e.payoffs)
            w(f"  {kind}  {e.describe()}; payoffs ({pays})\n")
        w("\n")


def demo(out: TextIO | None = None, out_dir: str = "report", *, figures: bool = True) -> list[Path]:
    """``coinnovation demo``: the two-party game, then the tripartite report in ``out_dir``.

    Returns the paths written.
    """
    from .io.modelfile import loads_model  # late: keeps --help and --version free of sympy
    from .policy.regions import stability_region  # late: keeps --help and --version free of sympy
    from .report import analyze as run  # late: keeps --help and --version free of sympy
    from .report import write_report  # late: keeps --help and --version free of sympy

    out = sys.stdout if out is None else out
    demo_two_party(out)
    w = out.write
    source = resources.files("coinnovation").joinpath("data/tripartite.toml")
    model = loads_model(source.read_text(encoding="utf-8"), source="tripartite.toml (built in)")
    w("coinnovation demo — the tripartite government–enterprise–university game (政产学研三方演化博弈)\n\n")
    w(model.summary() + "\n\n")
    game = model.game_in("S_E")
    s_e = next(sym for sym in game.free_symbols if sym.name == "S_E")
    for criterion in ("ess", "nash"):
        region = stability_region(game, s_e, profile=(0, 0, 0), criterion=criterion)
        w(f"(cooperate, cooperate, active) by criterion {criterion!r}: S_E in {region}\n")
    report = run(model, figures=figures)
    written = write_report(report, out_dir)
    w(f"\nFull report written to {out_dir}/ ({len(written)} files):\n")
    for path in written:
        if path.suffix in (".md", ".html", ".json") or path.suffix == ".png":
            w(f"  {path}\n")
    return written


def check(path: str, out: TextIO | None = None) -> None:
    """Validate the model file at ``path`` and print what it defines."""
    from .io.modelfile import load_model  # late: keeps --help and --version free of sympy

    out = sys.stdout if out is None else out
    model = load_model(path)
    out.write(f"{path}: valid model file\n")
    out.write(model.summary() + "\n")


def analyze(path: str, out_dir: str = "report", formats: Sequence[str] = ("md", "html", "json"),
            *, quiet: bool = False, out: TextIO | None = None, err: TextIO | None = None) -> None:
    """Analyse the model file at ``path`` and write the report to ``out_dir``."""
    from .io.modelfile import load_model  # late: keeps --help and --version free of sympy
    from .report import analyze as run  # late: keeps --help and --version free of sympy
    from .report import write_report  # late: keeps --help and --version free of sympy

    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    show = not quiet and err.isatty()
    model = load_model(path)
    steps: list[str] = []

    def progress(msg: str) -> None:
        steps.append(msg)
        if show:
            err.write(f"\r\033[K[{len(steps)}] {msg}")
            err.flush()

    report = run(model, progress=progress)
    if show:
        err.write("\r\033[K[writing] report\n")
    written = write_report(report, out_dir, formats)
    if not quiet:
        out.write(f"{path}: report written to {out_dir}/ ({len(written)} files)\n")
        for w in written:
            if w.suffix in (".md", ".html", ".json"):
                out.write(f"  {w}\n")


EPILOG = ("exit codes: 0 success; 1 invalid model file or analysis error; "
          "2 usage error")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (usage errors exit with 2)."""
    parser = argparse.ArgumentParser(prog="coinnovation", description=(
        "Game-theoretic analysis of collaborative innovation (协同创新)."), epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"coinnovation {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p_demo = sub.add_parser("demo", help="the two-party game, then a full report of the built-in "
                            "tripartite government–enterprise–university model", epilog=EPILOG)
    p_demo.add_argument("--out", default="report", metavar="DIR",
                        help="output directory of the tripartite report (default: ./report)")
    p_check = sub.add_parser("check", help="validate a model file and print what it defines",
                             epilog=EPILOG)
    p_check.add_argument("model", help="the model file (TOML)")
    p_an = sub.add_parser("analyze", help="write a report of a model file (tables, LaTeX, figures)",
                          epilog=EPILOG)
    p_an.add_argument("model", help="the model file (TOML)")
    p_an.add_argument("--out", default="report", metavar="DIR",
                      help="output directory (default: ./report)")
    p_an.add_argument("--format", default="md,html,json", metavar="FORMATS",
                      help="comma-separated formats among md, html, json (default: all)")
    p_an.add_argument("--quiet", action="store_true", help="no progress and no summary")
    args = parser.parse_args(argv)
    if args.command == "analyze":
        formats = [f.strip() for f in args.format.split(",") if f.strip()]
        bad = [f for f in formats if f not in ("md", "html", "json")]
        if bad or not formats:
            p_an.error(f"argument --format: invalid format(s) {', '.join(bad) or '(none)'}; "
                       "choose from md, html, json")
    try:
        if args.command == "demo":
            demo(out_dir=args.out)
        elif args.command == "check":
            check(args.model)
        elif args.command == "analyze":
            analyze(args.model, args.out, formats, quiet=args.quiet)
    except CoinnovationError as exc:
        print(f"coinnovation: error: {exc}", file=sys.stderr)
        return 1
    return 0
