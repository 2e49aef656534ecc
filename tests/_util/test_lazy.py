"""Lazy start (Scientific Python SPEC 1): what ``import coinnovation`` and the CLI's help load.

Each check runs in a fresh interpreter, so modules imported by other tests do not count.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("sympy", "scipy", "matplotlib", "dask", "pandas", "networkx")
SRC = str(Path(__file__).resolve().parents[2] / "src")


def _loaded_after(code: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter; report which heavy modules it left loaded."""
    probe = (code + "\nimport json, sys\n"
             f"print(json.dumps({{m: m in sys.modules for m in {HEAVY!r}}}"
             " | {'numpy': 'numpy' in sys.modules}))")
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_import_coinnovation_loads_numpy_and_no_heavy_dependency() -> None:
    loaded = _loaded_after("import coinnovation as co\nco.TOL")
    assert loaded.pop("numpy") is True
    assert not any(loaded.values()), loaded


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_cli_help_and_version_do_not_import_sympy(flag: str) -> None:
    code = ("import sys, runpy\n"
            f"sys.argv = ['coinnovation', {flag!r}]\n"
            "import contextlib, io\n"
            "buf = io.StringIO()\n"
            "with contextlib.redirect_stdout(buf):\n"
            "    try:\n"
            "        runpy.run_module('coinnovation', run_name='__main__')\n"
            "    except SystemExit as exc:\n"
            "        assert exc.code == 0, exc.code\n"
            "assert buf.getvalue().startswith(('usage: coinnovation', 'coinnovation ')), buf.getvalue()\n")
    loaded = _loaded_after(code)
    loaded.pop("numpy")
    assert not any(loaded.values()), loaded


def test_first_use_loads_what_it_needs() -> None:
    """The lazy names still work: touching a Nash solver brings in what it needs."""
    loaded = _loaded_after("import coinnovation as co\n"
                           "g = co.NormalFormGame([[[1, 0], [0, 1]], [[1, 0], [0, 1]]])\n"
                           "assert len(co.nash_equilibria(g)) == 3")
    assert loaded["sympy"] is True


def test_import_strategies_needs_no_plotting_or_dataframes() -> None:
    loaded = _loaded_after("import coinnovation.strategies")
    assert not any(loaded[m] for m in ("matplotlib", "dask", "pandas", "networkx")), loaded


def test_the_stub_reader_reads_what_ast_reads() -> None:
    """The loader parses the stub with a regular expression (``ast`` is slow to import)."""
    import ast

    from coinnovation._util.lazy import _read_stub

    init = Path(SRC) / "coinnovation" / "__init__.py"
    names, declared = _read_stub(str(init))
    tree = ast.parse(init.with_suffix(".pyi").read_text(encoding="utf-8"))
    ref: dict[str, tuple[str, str]] = {}
    ref_all = None
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            for a in node.names:
                ref[a.asname or a.name] = (a.name, "") if node.module is None else (node.module, a.name)
        elif isinstance(node, ast.Assign):
            ref_all = [ast.literal_eval(e) for e in node.value.elts]  # type: ignore[attr-defined]
    assert names == ref and declared == ref_all
    assert len(names) > 50
