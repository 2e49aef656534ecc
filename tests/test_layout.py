"""The package layout keeps its rules: no import cycles, small modules and functions, one tolerance.

See tools/check_layout.py (``python -m tools.check_layout`` prints the report).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools import check_layout  # noqa: E402

MODULES = check_layout.load_modules()


def test_the_checker_sees_the_package() -> None:
    assert "coinnovation.evolutionary.replicator" in MODULES
    assert MODULES["coinnovation.evolutionary.replicator"].imports  # it has imports to check


def test_no_import_cycles_counting_function_level_imports() -> None:
    assert check_layout.import_cycles(MODULES) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    fake = {
        "a": check_layout.Module("a", Path("a.py"), 1, {"b": [(1, True)]}),
        "b": check_layout.Module("b", Path("b.py"), 1, {"a": [(1, False)]}),
        "c": check_layout.Module("c", Path("c.py"), 1, {"a": [(1, False)]}),
    }
    assert check_layout.import_cycles(fake) == [["a", "b"]]


def test_no_module_over_the_size_limit() -> None:
    big = {m.name: m.lines for m in MODULES.values() if m.lines > check_layout.MAX_MODULE_LINES}
    assert big == {}


def test_no_long_function_without_a_reason() -> None:
    assert check_layout.long_functions(MODULES) == []


def test_no_literal_float_tolerance_outside_util() -> None:
    assert check_layout.literal_tolerances(MODULES) == []


def test_function_level_imports_are_only_for_heavy_optional_dependencies() -> None:
    """Inside the package, function-level imports of the package's own modules need a reason."""
    offenders = []
    for mod in MODULES.values():
        lines = mod.path.read_text(encoding="utf-8").splitlines()
        for target, uses in mod.imports.items():
            for lineno, local in uses:
                if local and "#" not in lines[lineno - 1]:
                    offenders.append(f"{mod.name}:{lineno} imports {target}")
    assert offenders == []
