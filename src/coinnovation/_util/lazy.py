"""Lazy attributes of a package, in the style of Scientific Python SPEC 1.

A package's public names are declared once, in its ``__init__.pyi`` stub (which
type checkers, IDEs and the documentation read too); :func:`attach_stub` turns
its ``from .module import name`` lines into a module-level ``__getattr__`` that
imports ``module`` the first time ``name`` is used. ``import coinnovation``
therefore loads only numpy and a few light modules; sympy, scipy, matplotlib
and dask load when a function that needs them is first called.
"""

from __future__ import annotations

import importlib
import re
import sys
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["attach_stub"]

# One lock for every first use of a lazy name: two threads importing different modules at
# once can otherwise meet in the import system's per-module locks (a thread holding a
# submodule's lock waits for its package, whose ``__init__`` another thread is running and
# which waits for that submodule) and CPython raises ``_DeadlockError`` in one of them.
_IMPORT_LOCK = threading.RLock()

# the stub's statements, read without ``ast`` and ``pathlib`` (both cost more at start-up
# than the rest of ``import coinnovation`` besides numpy)
_FROM = re.compile(r"^from \.([\w.]*) import \(?([^()]*?)\)?$", re.S)
_ALL = re.compile(r"^__all__ = \[(.*)\]$", re.S)


def _statements(text: str) -> list[str]:
    """Top-level statements of a stub, a parenthesized statement joined into one."""
    out: list[str] = []
    depth = 0
    for line in text.splitlines():
        if depth:
            out[-1] += " " + line.strip()
        elif line and not line[0].isspace() and not line.startswith("#"):
            out.append(line.strip())
        depth += line.count("(") + line.count("[") - line.count(")") - line.count("]")
    return out


def _read_stub(init_file: str) -> tuple[dict[str, tuple[str, str]], list[str] | None]:
    stub = init_file[: -len(".py")] + ".pyi" if init_file.endswith(".py") else init_file + "i"
    with open(stub, encoding="utf-8") as fh:
        text = fh.read()
    names: dict[str, tuple[str, str]] = {}
    declared: list[str] | None = None
    for stmt in _statements(text):
        m = _FROM.match(stmt)
        if m:
            module = m.group(1)
            for item in m.group(2).split(","):
                item = item.strip()
                if not item:
                    continue
                name, _, alias = item.partition(" as ")
                public = alias.strip() or name.strip()
                names[public] = (name.strip(), "") if not module else (module, name.strip())
            continue
        m = _ALL.match(stmt)
        if m:
            declared = [e.strip().strip("\"'") for e in m.group(1).split(",") if e.strip()]
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
        with _IMPORT_LOCK:
            namespace = sys.modules[package].__dict__
            if name in namespace:  # bound meanwhile by another thread
                return namespace[name]
            if not attr:
                value: Any = importlib.import_module(f"{package}.{module}")
            else:
                value = getattr(importlib.import_module(f"{package}.{module}"), attr)
            setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted(set(public) | set(names))

    return __getattr__, __dir__, public
