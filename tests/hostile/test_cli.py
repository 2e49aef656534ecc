"""Hostile input for the command line, run as a user runs it: ``python -m coinnovation ...``.

Each case runs in a subprocess (bounded by a timeout and an address-space
limit) from an empty working folder. A failure must exit with code 1 (2 for
usage errors), print one ``coinnovation: error:`` line naming the argument or
file — never a traceback — and leave the working folder empty (the ``bounded``
fixture checks that) and any existing file untouched.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "two_party.toml"
TIMEOUT = 300  # seconds: a bound on a hang, far above the few seconds a case takes
MEMORY = 3_000_000_000


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, resource.getrlimit(resource.RLIMIT_AS)[1]))


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run([sys.executable, "-m", "coinnovation", *args], capture_output=True,
                          text=True, timeout=TIMEOUT, env=env, preexec_fn=_limit, check=False)


def bomb(inputs: Path) -> str:
    p = inputs / "bomb.toml"
    p.write_text(EXAMPLE.read_text(encoding="utf-8").replace(
        'enterprise = "pi_E"\n', 'enterprise = "(pi_E + pi_U + dR + alpha + C_E + C_U)**100"\n', 1),
        encoding="utf-8")
    return str(p)


def fifo(inputs: Path) -> str:
    p = inputs / "pipe.toml"
    os.mkfifo(p)
    return str(p)


def existing_file(inputs: Path) -> str:
    p = inputs / "existing.txt"
    p.write_text("keep me\n", encoding="utf-8")
    return str(p)


def symlink_to_file(inputs: Path) -> str:
    target = Path(existing_file(inputs))
    link = inputs / "link"
    link.symlink_to(target)
    return str(link)


def dangling_symlink(inputs: Path) -> str:
    link = inputs / "dangling"
    link.symlink_to(inputs / "nowhere" / "dir")
    return str(link)


Builder = Callable[[Path], list[str]]

CASES: list[tuple[str, Builder, int, tuple[str, ...]]] = [
    ("check-dev-zero", lambda d: ["check", "/dev/zero"], 1, ("/dev/zero", "regular file")),
    ("check-fifo", lambda d: ["check", fifo(d)], 1, ("pipe.toml", "regular file")),
    ("check-missing", lambda d: ["check", str(d / "missing.toml")], 1, ("missing.toml",)),
    ("check-directory", lambda d: ["check", str(d)], 1, ("directory",)),
    ("check-expansion-bomb", lambda d: ["check", bomb(d)], 1,
     ('payoffs."defect,defect".enterprise', "expanded")),
    ("analyze-bomb-writes-nothing", lambda d: ["analyze", bomb(d), "--out", "report"], 1,
     ("expanded",)),
    ("analyze-out-is-a-file", lambda d: ["analyze", str(EXAMPLE), "--out", existing_file(d),
                                         "--quiet"], 1, ("--out", "existing.txt")),
    ("analyze-out-is-a-symlink-to-a-file", lambda d: ["analyze", str(EXAMPLE), "--out",
                                                      symlink_to_file(d), "--quiet"], 1,
     ("--out", "link")),
    ("analyze-out-is-a-dangling-symlink", lambda d: ["analyze", str(EXAMPLE), "--out",
                                                     dangling_symlink(d), "--quiet"], 1,
     ("--out", "dangling")),
    ("analyze-out-under-a-file", lambda d: ["analyze", str(EXAMPLE), "--out", "/dev/null/report",
                                            "--quiet"], 1, ("--out", "/dev/null/report")),
    ("analyze-format-unknown", lambda d: ["analyze", str(EXAMPLE), "--format", "pdf"], 2,
     ("--format",)),
]


@pytest.mark.parametrize(("build", "code", "names"),
                         [pytest.param(b, c, n, id=i) for i, b, c, n in CASES])
def test_hostile_command_line_fails_cleanly(build: Builder, code: int, names: tuple[str, ...],
                                            tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    before = {p: p.read_bytes() for p in inputs.rglob("*") if p.is_file() and not p.is_fifo()}
    argv = build(inputs)
    before.update({p: p.read_bytes() for p in inputs.rglob("*")
                   if p.is_file() and not p.is_fifo() and p not in before})
    proc = run(*argv)
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    for text in names:
        assert text in proc.stderr, f"stderr does not name {text!r}: {proc.stderr}"
    for p, data in before.items():
        assert p.read_bytes() == data, f"{p} was changed"
    assert not (inputs / "nowhere").exists()
