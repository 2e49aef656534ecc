"""The ``coinnovation`` command.

Commands
--------
``coinnovation demo [--out DIR] [--quiet]``
    What ``make demo`` runs: the two-party industry–university game at three
    subsidy levels, printed; then the full analysis of the built-in tripartite
    government–enterprise–university model, written as a report (Markdown,
    HTML, JSON, PNG and SVG figures) to ``DIR`` (default ``./report``).
``coinnovation check MODEL.toml``
    Validate a model file and print what it defines.
``coinnovation analyze MODEL.toml [--out DIR] [--set NAME=VALUE ...] [--format md,html,json,tex]
[--figures png,svg,pdf] [--quiet]``
    Write a report of the model (tables, LaTeX, figures) to ``DIR`` (default
    ``./report``). ``--set S_E=2`` replaces a value of the file;
    ``--set S_E=0:5:11`` (start:stop:count) analyses the model at each of the
    11 values and writes a summary table and figure instead. Nothing is
    written when the model file is invalid or the analysis fails.

Progress (``[step i/n] what (elapsed)``) goes to standard error, the list of
files written to standard output; ``--quiet`` silences both.

Exit codes: 0 success; 1 an invalid model file, an analysis error or an
output folder that cannot be written (a
:class:`coinnovation.errors.CoinnovationError`, printed as
``coinnovation: error: FILE: KEY (line N): PROBLEM`` without a traceback);
2 a usage error (unknown command or option, missing argument, a malformed
``--set``, ``--format`` or ``--out``).
"""

from __future__ import annotations

import argparse
import sys
import time
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


class Progress:
    """``[step i/n] what (elapsed s)`` lines on standard error (nothing when quiet)."""

    def __init__(self, total: int, err: TextIO | None = None, *, quiet: bool = False) -> None:
        self.total, self.done, self.quiet = total, 0, quiet
        self.err = sys.stderr if err is None else err
        self.start = time.monotonic()

    def __call__(self, msg: str) -> None:
        self.done += 1
        self.total = max(self.total, self.done)
        if not self.quiet:
            self.err.write(f"[step {self.done}/{self.total}] {_safe(msg)} "
                           f"({time.monotonic() - self.start:.1f} s)\n")
            self.err.flush()


def _safe(text: str) -> str:
    from .report._format import terminal  # late: keeps --help and --version free of sympy

    return terminal(text)


def _list_written(out: TextIO, written: Sequence[Path], out_dir: str, lead: str) -> None:
    out.write(f"{lead} {_safe(out_dir)}/ ({len(written)} files):\n")
    for path in written:
        out.write(f"  {_safe(str(path))}\n")


def demo(out: TextIO | None = None, out_dir: str = "report", *, figures: bool = True,
         quiet: bool = False, err: TextIO | None = None) -> list[Path]:
    """``coinnovation demo``: the two-party game, then the tripartite report in ``out_dir``.

    Returns the paths written (the list printed at the end is this list).
    """
    from .io.modelfile import loads_model  # late: keeps --help and --version free of sympy
    from .policy.regions import stability_region  # late: keeps --help and --version free of sympy
    from .report import analyze as run  # late: keeps --help and --version free of sympy
    from .report import write_report  # late: keeps --help and --version free of sympy
    from .report._format import region_parts, text_parts  # late: as above
    from .report.analysis import steps  # late: keeps --help and --version free of sympy

    out = sys.stdout if out is None else out
    source = resources.files("coinnovation").joinpath("data/tripartite.toml")
    model = loads_model(source.read_text(encoding="utf-8"), source="tripartite.toml (built in)")
    say = Progress(3 + len(steps(model)), err, quiet=quiet)
    say("two-party game at three subsidy levels")
    demo_two_party(out)
    w = out.write
    say("tripartite model: subsidy window")
    w("coinnovation demo — the tripartite government–enterprise–university game (政产学研三方演化博弈)\n\n")
    w(model.summary() + "\n\n")
    game = model.game_in("S_E")
    for criterion in ("ess", "nash"):
        region = stability_region(game, "S_E", profile=(0, 0, 0), criterion=criterion)
        where = region_parts(region, "S_E")
        w(f"(cooperate, cooperate, active) by criterion {criterion!r}: "
          + (text_parts(where) if where is not None else "no value of S_E") + "\n")
    report = run(model, figures=figures, progress=say)
    say("writing the report")
    written = write_report(report, out_dir)
    _list_written(out, written, out_dir, "\nFull report written to")
    return written


def check(path: str, out: TextIO | None = None) -> None:
    """Validate the model file at ``path`` and print what it defines."""
    from .io.modelfile import load_model  # late: keeps --help and --version free of sympy

    out = sys.stdout if out is None else out
    model = load_model(path)
    out.write(f"{path}: valid model file\n")
    out.write(model.summary() + "\n")


def _parse_sets(items: Sequence[str]) -> tuple[dict[str, str], tuple[str, str] | None]:
    """``NAME=VALUE`` items -> (fixed values, the one ``NAME=start:stop:count`` scan or None)."""
    values: dict[str, str] = {}
    scan: tuple[str, str] | None = None
    for item in items:
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise UsageError(f"argument --set: expected NAME=VALUE or NAME=start:stop:count, "
                             f"got {item!r}")
        if name in values or (scan is not None and scan[0] == name):
            raise UsageError(f"argument --set: {name} is set twice")
        if ":" in value:
            if scan is not None:
                raise UsageError("argument --set: one scan (start:stop:count) at a time, got "
                                 f"{scan[0]} and {name}")
            scan = (name, value)
        else:
            values[name] = value
    return values, scan


class UsageError(Exception):
    """A malformed option value (exit code 2)."""


def analyze(path: str, out_dir: str = "report", formats: Sequence[str] = ("md", "html", "json"),
            *, quiet: bool = False, out: TextIO | None = None, err: TextIO | None = None,
            sets: Sequence[str] = (), figure_formats: Sequence[str] = ("png", "svg")
            ) -> list[Path]:
    """Analyse the model file at ``path`` (with ``--set`` values) and write the report."""
    from .errors import InvalidInputError  # late: keeps --help and --version free of sympy
    from .io.modelfile import load_model  # late: keeps --help and --version free of sympy
    from .report import analyze as run  # late: keeps --help and --version free of sympy
    from .report import write_report  # late: keeps --help and --version free of sympy
    from .report.analysis import steps  # late: keeps --help and --version free of sympy
    from .report.grid import scan, scan_values, with_values  # late: as above

    out = sys.stdout if out is None else out
    values, sweep = _parse_sets(sets)
    if str(out_dir).strip() == "":
        raise UsageError("argument --out: expected a folder name, got an empty string")
    model = load_model(path)
    try:
        model = with_values(model, values)
        grid = scan_values(sweep[1], sweep[0]) if sweep else None
    except InvalidInputError as exc:
        raise CoinnovationError(f"--set: {str(exc).removeprefix('values: ')}") from None
    if grid is not None:
        say = Progress(len(grid) + 2, err, quiet=quiet)
        report = scan(model, sweep[0], grid, progress=say)  # type: ignore[index]
    else:
        say = Progress(len(steps(model)) + 1, err, quiet=quiet)
        report = run(model, progress=say)
    say("writing the report")
    try:
        written = write_report(report, out_dir, formats, figure_formats=figure_formats)
    except CoinnovationError as exc:
        raise CoinnovationError(f"--out {out_dir}: {str(exc).removeprefix('out_dir: ')}"
                                ) from None
    if not quiet:
        _list_written(out, written, out_dir, f"{_safe(path)}: report written to")
    return written


EPILOG = ("exit codes: 0 success; 1 invalid model file, analysis error or an output folder "
          "that cannot be written (nothing is written); 2 usage error (unknown command or "
          "option, missing argument, malformed --set, --format, --figures or --out)")


def _csv(parser: argparse.ArgumentParser, flag: str, text: str, allowed: Sequence[str]
         ) -> list[str]:
    items = [f.strip() for f in text.split(",") if f.strip()]
    bad = [f for f in items if f not in allowed]
    if bad or not items:
        parser.error(f"argument {flag}: invalid value(s) {', '.join(bad) or '(none)'}; "
                     f"choose from {', '.join(allowed)}")
    return items


def _parser() -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    parser = argparse.ArgumentParser(prog="coinnovation", description=(
        "Game-theoretic analysis of collaborative innovation (协同创新)."), epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"coinnovation {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p_demo = sub.add_parser("demo", help="the two-party game, then a full report of the built-in "
                            "tripartite government–enterprise–university model", epilog=EPILOG)
    p_demo.add_argument("--out", default="report", metavar="DIR",
                        help="output directory of the tripartite report (default: ./report)")
    p_demo.add_argument("--quiet", action="store_true", help="no progress on standard error")
    p_check = sub.add_parser("check", help="validate a model file and print what it defines",
                             epilog=EPILOG)
    p_check.add_argument("model", help="the model file (TOML)")
    p_an = sub.add_parser("analyze", help="write a report of a model file (tables, LaTeX, figures)",
                          epilog=EPILOG)
    p_an.add_argument("model", help="the model file (TOML)")
    p_an.add_argument("--out", default="report", metavar="DIR",
                      help="output directory (default: ./report)")
    p_an.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                      help="a parameter value replacing the file's (2, 0.6, 2/3); "
                           "NAME=start:stop:count analyses the model at count values and "
                           "writes a summary (repeatable)")
    p_an.add_argument("--format", default="md,html,json", metavar="FORMATS",
                      help="comma-separated formats among md, html, json, tex "
                           "(default: md,html,json)")
    p_an.add_argument("--figures", default="png,svg", metavar="FORMATS",
                      help="figure formats among png (300 dpi, always), svg, pdf "
                           "(default: png,svg)")
    p_an.add_argument("--quiet", action="store_true", help="no progress and no list of files")
    return parser, p_an


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see :data:`EPILOG`)."""
    parser, p_an = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "demo":
            if not args.out.strip():
                parser.error("argument --out: expected a folder name, got an empty string")
            demo(out_dir=args.out, quiet=args.quiet)
        elif args.command == "check":
            check(args.model)
        elif args.command == "analyze":
            formats = _csv(p_an, "--format", args.format, ("md", "html", "json", "tex"))
            figs = _csv(p_an, "--figures", args.figures, ("png", "svg", "pdf"))
            analyze(args.model, args.out, formats, quiet=args.quiet, sets=args.set,
                    figure_formats=figs)
    except UsageError as exc:
        p_an.error(str(exc))
    except CoinnovationError as exc:
        print(f"coinnovation: error: {_safe(str(exc))}", file=sys.stderr)
        return 1
    return 0
