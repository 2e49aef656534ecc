"""Check the package layout: no import cycles (function-level imports count), module sizes,
long functions, and literal float tolerances outside ``coinnovation._util``.

Run ``python -m tools.check_layout`` from the repository root for a report; the test suite
(tests/test_layout.py) asserts the same rules.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PKG = "coinnovation"
MAX_MODULE_LINES = 700
MAX_FUNCTION_LINES = 60
# a float literal that looks like a tolerance: 1e-5 ... 1e-300 or 0.000001-style
_TOL_RE = re.compile(r"(?<![\w.])(\d+(\.\d*)?e-\d+|0\.0000\d*)(?![\w.])", re.I)


@dataclass
class Module:
    name: str
    path: Path
    lines: int
    imports: dict[str, list[tuple[int, bool]]] = field(default_factory=dict)  # target -> [(line, local)]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _resolve(mod: Module, level: int, target: str | None) -> str:
    if level == 0:
        return target or ""
    pkg = mod.name.split(".") if mod.path.name == "__init__.py" else mod.name.split(".")[:-1]
    base = pkg[: len(pkg) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def load_modules() -> dict[str, Module]:
    mods: dict[str, Module] = {}
    for path in sorted((SRC / PKG).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        mods[module_name(path)] = Module(module_name(path), path, len(text.splitlines()))
    for mod in mods.values():
        tree = ast.parse(mod.path.read_text(encoding="utf-8"))
        local_lines = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for sub in ast.walk(node):
                    if isinstance(sub, (ast.Import, ast.ImportFrom)):
                        local_lines.add(sub.lineno)
        type_checking = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                for sub in ast.walk(node):
                    if isinstance(sub, (ast.Import, ast.ImportFrom)):
                        type_checking.add(sub.lineno)
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                base = _resolve(mod, node.level, node.module)
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.append(full if full in mods else base)
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            if node.lineno in type_checking:
                continue
            for t in targets:
                while t and t not in mods and "." in t:
                    t = t.rsplit(".", 1)[0]
                if t in mods and t != mod.name:
                    mod.imports.setdefault(t, []).append((node.lineno, node.lineno in local_lines))
    return mods


def import_cycles(mods: dict[str, Module]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan).

    A package ``__init__`` importing its own submodules (re-exports) is not a cycle: edges
    from a package to its own children are dropped, as are edges from a child to the
    package's ``__init__`` that it does not need (there are none in this package).
    """
    graph = {m: [t for t in mod.imports if not t.startswith(m + ".")] for m, mod in mods.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10_000)
    for v in graph:
        if v not in index:
            visit(v)
    return out


def long_functions(mods: dict[str, Module]) -> list[tuple[str, str, int]]:
    """Functions over MAX_FUNCTION_LINES lines of code with no ``# long:`` comment saying why."""
    out = []
    for mod in mods.values():
        text = mod.path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            body = node.body
            start = body[0].lineno
            if isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant):
                start = body[0].end_lineno + 1 if len(body) > 1 else body[0].end_lineno
            code = [ln for ln in lines[start - 1:node.end_lineno]
                    if ln.strip() and not ln.strip().startswith("#")]
            head = lines[node.lineno - 1: start]
            if len(code) > MAX_FUNCTION_LINES and not any("# long:" in h for h in head + lines[start - 1:start + 2]):
                out.append((mod.name, node.name, len(code)))
    return sorted(out, key=lambda t: -t[2])


def literal_tolerances(mods: dict[str, Module]) -> list[tuple[str, int, str]]:
    """Float literals that look like tolerances outside coinnovation._util (docstrings excluded)."""
    out = []
    for mod in mods.values():
        if mod.name.startswith(f"{PKG}._util"):
            continue
        tree = ast.parse(mod.path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, float) and 0 < abs(node.value) < 1e-4:
                out.append((mod.name, node.lineno, repr(node.value)))
    return sorted(out)


def main() -> int:
    mods = load_modules()
    cycles = import_cycles(mods)
    big = sorted(mods.values(), key=lambda m: -m.lines)
    print("largest modules:")
    for m in big[:15]:
        print(f"  {m.lines:5d}  {m.name}")
    print(f"import cycles (function-level imports counted): {len(cycles)}")
    for c in cycles:
        print("  " + " <-> ".join(c))
    longf = long_functions(mods)
    print(f"functions over {MAX_FUNCTION_LINES} lines without a reason: {len(longf)}")
    for m, f, n in longf:
        print(f"  {n:4d}  {m}.{f}")
    tols = literal_tolerances(mods)
    print(f"literal tolerances outside _util: {len(tols)}")
    for m, ln, v in tols:
        print(f"  {m}:{ln}  {v}")
    over = [m for m in big if m.lines > MAX_MODULE_LINES]
    return 1 if (cycles or longf or tols or over) else 0


if __name__ == "__main__":
    raise SystemExit(main())
