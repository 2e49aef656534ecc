"""Lazy attributes of a package, in the style of Scientific Python SPEC 1.

A package's public names are declared once, in its ``__init__.pyi`` stub (which
type checkers, IDEs and the documentation read too); :func:`attach_stub` turns
its ``from .module import name`` lines into a module-level ``__getattr__`` that
imports ``module`` the first time ``name`` is used. ``import coinnovation``
therefore loads only numpy and a few light modules; sympy, scipy, matplotlib
and dask load when a function that needs them is first called.
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["attach_stub"]


def _read_stub(init_file: str) -> tuple[dict[str, tuple[str, str]], list[str] | None]:
    stub = Path(init_file).with_suffix(".pyi")
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    names: dict[str, tuple[str, str]] = {}
    declared: list[str] | None = None
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            for alias in node.names:
                public = alias.asname or alias.name
                if node.module is None:  # from . import submodule
                    names[public] = (alias.name, "")
                else:
                    names[public] = (node.module, alias.name)
        elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            declared = [ast.literal_eval(e) for e in node.value.elts]  # type: ignore[attr-defined]
    return names, declared


def attach_stub(package: str, init_file: str
                ) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """``(__getattr__, __dir__, __all__)`` for ``package`` from the stub beside ``init_file``."""
    names, declared = _read_stub(init_file)
    public = sorted(declared if declared is not None else names)

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, attr = names[name]
        if not attr:
            value: Any = importlib.import_module(f"{package}.{module}")
        else:
            value = getattr(importlib.import_module(f"{package}.{module}"), attr)
        setattr(importlib.import_module(package), name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(public) | set(names))

    return __getattr__, __dir__, public
