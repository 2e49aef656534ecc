"""Line tracking for model files: where each key path sits in the TOML text, for error messages."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..errors import ModelFileError

__all__ = ["BARE_KEY", "Ctx", "key_path", "line_index"]

BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
"""A TOML bare key (printed without quotes in key paths)."""


def key_path(parts: Sequence[str | int]) -> str:
    """``("payoffs", "C,D", "row")`` -> ``payoffs."C,D".row``; ints are array indices."""
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
            continue
        text = p if BARE_KEY.fullmatch(p) else '"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"'
        out += ("." if out else "") + text
    return out


def _split_key(text: str) -> list[str] | None:
    """Split a TOML (dotted, possibly quoted) key into its parts; None if unreadable."""
    parts: list[str] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t":
            i += 1
        if i >= n:
            return None
        if text[i] in "\"'":
            q = text[i]
            j = i + 1
            buf = []
            while j < n and text[j] != q:
                if q == '"' and text[j] == "\\" and j + 1 < n:
                    buf.append(text[j + 1])
                    j += 2
                    continue
                buf.append(text[j])
                j += 1
            if j >= n:
                return None
            parts.append("".join(buf))
            i = j + 1
        else:
            m = BARE_KEY.match(text, i)
            if m is None:
                return None
            parts.append(m.group())
            i = m.end()
        while i < n and text[i] in " \t":
            i += 1
        if i < n:
            if text[i] != ".":
                return None
            i += 1
    return parts


def line_index(text: str) -> dict[tuple[str | int, ...], int]:
    """Best-effort map from key paths to the line that defines them."""
    index: dict[tuple[str | int, ...], int] = {}
    arrays: dict[tuple[str | int, ...], int] = {}
    table: tuple[str | int, ...] = ()
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[["):
            end = line.find("]]")
            parts = _split_key(line[2:end]) if end > 0 else None
            if parts is None:
                continue
            base = tuple(parts)
            k = arrays.get(base, -1) + 1
            arrays[base] = k
            table = (*base, k)
            index.setdefault(table, lineno)
            index.setdefault(base, lineno)
            continue
        if line.startswith("["):
            end = line.find("]")
            parts = _split_key(line[1:end]) if end > 0 else None
            if parts is None:
                continue
            table = _resolve_arrays(tuple(parts), arrays)
            index.setdefault(table, lineno)
            continue
        m = re.match(r"((?:[A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*')"
                     r"(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\"|'[^']*'))*)\s*=", line)
        if m is None:
            continue
        parts = _split_key(m.group(1))
        if parts is None:
            continue
        full = (*table, *parts)
        index.setdefault(full, lineno)
        rest = line[m.end():]
        if rest.lstrip().startswith("{"):
            for km in re.finditer(r"(?:^|[{,])\s*([A-Za-z0-9_-]+|\"(?:[^\"\\]|\\.)*\")\s*=",
                                  rest.lstrip()[1:]):
                sub = _split_key(km.group(1))
                if sub:
                    index.setdefault((*full, *sub), lineno)
    return index


def _resolve_arrays(parts: tuple[str, ...], arrays: dict[tuple[str | int, ...], int]
                    ) -> tuple[str | int, ...]:
    out: list[str | int] = []
    for p in parts:
        out.append(p)
        k = arrays.get(tuple(out))
        if k is not None:
            out.append(k)
    return tuple(out)


class Ctx:
    """Where we are in the file, for error messages."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.lines = line_index(text)
        self.payoff_keys: dict[tuple[int, ...], str] = {}

    def line(self, parts: Sequence[str | int]) -> int | None:
        t = tuple(parts)
        while t:
            if t in self.lines:
                return self.lines[t]
            t = t[:-1]
        return None

    def error(self, parts: Sequence[str | int], problem: str) -> ModelFileError:
        return ModelFileError(problem, path=self.source, key=key_path(parts) or None,
                              line=self.line(parts))
