"""Peer agreement and the memory target of the coalitional solvers.

Speed is measured by benchmarks/bench_coalitional.py (ratios against
coopgame-py, recorded in docs/performance.md), never asserted in tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import coopgame
import numpy as np
import pytest

import coinnovation as co

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_coalitional.py"


def test_nucleolus_n12_equals_coopgame() -> None:
    pg = coopgame.Game.bnf(1, 12, 0)
    g = co.CoalitionalGame(np.r_[0.0, pg.values()])
    assert np.allclose(np.asarray(co.nucleolus(g)), coopgame.nucleolus(pg)["allocation"],
                       atol=1e-7)


@pytest.mark.slow
def test_shapley_n25_within_2_gib() -> None:
    sys.path.insert(0, str(BENCH.parent))
    try:
        import bench_coalitional
    finally:
        sys.path.pop(0)
    mem = bench_coalitional.bench_memory(25)
    assert mem["efficient"]
    assert mem["maxrss"] < 2 * 2**30, mem


def test_benchmark_script_runs() -> None:
    out = subprocess.run([sys.executable, str(BENCH), "--repeat", "1", "--skip-memory"],
                         check=True, capture_output=True, text=True).stdout
    assert "UN Security Council nucleolus correct: True" in out
