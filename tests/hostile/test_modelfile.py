"""Hostile model files and ``.nfg`` files: ``load_model``, ``loads_model``, ``read_nfg``.

Every case raises :class:`~coinnovation.errors.ModelFileError` naming the file
(or the path argument) and, inside a file, the key path of the bad value.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sympy as sp

import coinnovation as co
from coinnovation.errors import ModelFileError
from coinnovation.io.schema import MAX_FILE_BYTES

from ._assert import Case, check, params

BASE = """\
[model]
name = "two parties"

[parameters]
a = { value = 2, range = [0, 4], assumptions = ["nonnegative"] }
b = 1
S = { value = 4, assumptions = ["positive"] }

[[players]]
name = "firm"
strategies = ["cooperate", "defect"]

[[players]]
name = "lab"
strategies = ["cooperate", "defect"]

[payoffs."cooperate,cooperate"]
firm = "PAYOFF"
lab = "a + b"

[payoffs."cooperate,defect"]
firm = "0"
lab = "1"

[payoffs."defect,cooperate"]
firm = "1"
lab = "0"

[payoffs."defect,defect"]
firm = "b"
lab = "b"
"""

KEY = 'payoffs."cooperate,cooperate".firm'


def model(payoff: str = "a + b", *, replace: tuple[str, str] = ("", "")) -> str:
    """The base model with the firm's (cooperate, cooperate) payoff and one text replacement."""
    text = BASE.replace("PAYOFF", payoff.replace("\\", "\\\\").replace('"', '\\"'))
    return text.replace(*replace, 1) if replace[0] else text


def loads(text: str) -> Callable[[], Any]:
    return lambda: co.loads_model(text)


def in_file(data: str | bytes, reader: Callable[[str], Any], suffix: str = ".toml"
            ) -> Callable[[], Any]:
    """A call that writes ``data`` to a file of a temporary folder and reads it back."""
    def call() -> Any:
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / f"model{suffix}"
            p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
            return reader(str(p))
    return call


def fifo(reader: Callable[[str], Any]) -> Callable[[], Any]:
    """A call that reads a FIFO (a read would block forever without a writer)."""
    def call() -> Any:
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "pipe.toml")
            os.mkfifo(p)
            return reader(p)
    return call


def directory(reader: Callable[[str], Any]) -> Callable[[], Any]:
    def call() -> Any:
        with tempfile.TemporaryDirectory() as d:
            return reader(d)
    return call


NFG_HEAD = 'NFG 1 R "t" { "p1" "p2" } { 2 2 }\n'

CASES = [
    # --- the path argument itself
    Case("path-none", lambda: co.load_model(None), ModelFileError, "path"),
    Case("path-int", lambda: co.load_model(3), ModelFileError, "path"),
    Case("path-nul", lambda: co.load_model("model\x00.toml"), ModelFileError, "path",
         ("NUL",)),
    Case("path-missing", lambda: co.load_model("no/such/model.toml"), ModelFileError,
         "no/such/model.toml", ("no such file",)),
    Case("path-dev-zero", lambda: co.load_model("/dev/zero"), ModelFileError, "/dev/zero",
         ("not a regular file",)),
    Case("path-fifo", fifo(co.load_model), ModelFileError, "pipe.toml", ("not a regular file",)),
    Case("path-directory", directory(co.load_model), ModelFileError, "directory"),
    Case("file-too-large", in_file(b"#" * (MAX_FILE_BYTES + 1), co.load_model), ModelFileError,
         "model.toml", (f"larger than {MAX_FILE_BYTES}",)),
    Case("file-not-utf8", in_file(b"\xff\xfe[model]", co.load_model), ModelFileError,
         "model.toml", ("UTF-8",)),
    Case("text-not-str", lambda: co.loads_model(b"[model]"), ModelFileError, "<string>"),
    Case("text-too-long", loads("#" * (MAX_FILE_BYTES + 1)), ModelFileError, "<string>"),
    # --- expression bombs
    Case("bomb-tower", loads(model("9**9**9")), ModelFileError, KEY, ("nested powers",)),
    Case("bomb-power-of-power", loads(model("(9**99)**99")), ModelFileError, KEY),
    Case("bomb-big-exponent", loads(model("a**1000")), ModelFileError, KEY, ("exponent",)),
    Case("bomb-symbolic-exponent", loads(model("2**a")), ModelFileError, KEY),
    Case("bomb-deep-nesting", in_file(model("(" * 100_000 + "a" + ")" * 100_000), co.load_model),
         ModelFileError, KEY),
    Case("bomb-deep-unary", in_file(model("-" * 100_000 + "a"), co.load_model), ModelFileError,
         KEY),
    Case("bomb-sum-1e5", in_file(model("+".join(["a"] * 100_000)), co.load_model),
         ModelFileError, KEY),
    Case("bomb-sum-1e6", in_file(model("+".join(["a"] * 1_000_000)), co.load_model),
         ModelFileError, "model.toml", ("larger than",)),
    Case("bomb-expansion", loads(model("(a+b+S+a*b+a*S+b*S)**100")), ModelFileError, KEY,
         ("expanded",)),
    Case("bomb-huge-integer", loads(model("1" + "0" * 500)), ModelFileError, KEY),
    Case("bomb-huge-float", loads(model("1e999999999*a")), ModelFileError, KEY),
    Case("bomb-exp-exp", loads(model("exp(exp(a))")), ModelFileError, KEY),
    Case("value-exp-overflow", loads(model("exp(1e30)")), ModelFileError, KEY,
         ("not a finite real number",)),
    Case("toml-huge-number", loads(model(replace=("b = 1", "b = 1e300"))), ModelFileError,
         "parameters.b"),
    # --- names and symbols
    Case("unknown-symbol", loads(model("Q*a")), ModelFileError, KEY, ("'Q'",)),
    Case("fullwidth-in-expression", loads(model("Ｓ + a")), ModelFileError, KEY, ("U+FF33",)),
    Case("fullwidth-parameter", loads(model(replace=("S = {", '"Ｓ" = {'))), ModelFileError,
         'parameters."Ｓ"', ("U+FF33",)),
    Case("code-injection", loads(model("__import__('os').system('true')")), ModelFileError, KEY),
    Case("profile-superscript-index", loads(model(replace=('[payoffs."defect,defect"]',
                                                           '[payoffs."²,1"]'))),
         ModelFileError, 'payoffs."²,1"'),
    # --- values, ranges, assumptions
    Case("toml-nan", loads(model(replace=("b = 1", "b = nan"))), ModelFileError,
         "parameters.b", ("nan",)),
    Case("toml-inf", loads(model(replace=("b = 1", "b = -inf"))), ModelFileError,
         "parameters.b", ("inf",)),
    Case("range-reversed", loads(model(replace=("range = [0, 4]", "range = [4, 0]"))),
         ModelFileError, "parameters.a.range"),
    Case("range-nan", loads(model(replace=("range = [0, 4]", "range = [nan, 4]"))),
         ModelFileError, "parameters.a.range"),
    Case("value-outside-range", loads(model(replace=("value = 2,", "value = 9,"))),
         ModelFileError, "parameters.a.value"),
    Case("assumptions-contradictory", loads(model(replace=('["positive"]',
                                                           '["positive", "negative"]'))),
         ModelFileError, "parameters.S.assumptions",
         ("contradictory assumptions for S: positive and negative",)),
    Case("value-contradicts-assumption", loads(model(replace=("value = 4,", "value = -4,"))),
         ModelFileError, "parameters.S.value"),
    Case("payoff-not-finite-at-values", loads(model("log(b - 1)")), ModelFileError, KEY),
    # --- surplus models
    Case("surplus-zero-contributions", loads("""\
[[actors]]
name = "firm"
role = "enterprise"
contribution = 0

[[actors]]
name = "lab"
role = "university"
contribution = 0

[surplus]
value = 10
sharing = "proportional"
"""), ModelFileError, "surplus", ("<string>", "contribution")),
    # --- Gambit .nfg files
    Case("nfg-none", lambda: co.read_nfg(None), ModelFileError, "source"),
    Case("nfg-nul", lambda: co.read_nfg("game\x00.nfg"), ModelFileError, "source", ("NUL",)),
    Case("nfg-dev-zero", lambda: co.read_nfg("/dev/zero"), ModelFileError, "/dev/zero"),
    Case("nfg-fifo", fifo(co.read_nfg), ModelFileError, "pipe.toml"),
    Case("nfg-huge-exponent", lambda: co.read_nfg(NFG_HEAD + "1e99999999 0 0 0 0 0 0 0\n"),
         ModelFileError, "<nfg text>", ("line 2", "exponent")),
    Case("nfg-count-overflow", lambda: co.read_nfg(
        'NFG 1 R "t" { "a" "b" "c" } { 99999999999 99999999999 99999999999 }\n1 2\n'),
         ModelFileError, "<nfg text>", ("99999999999",)),
    Case("nfg-product-overflow", lambda: co.read_nfg(
        'NFG 1 R "t" { "a" "b" "c" "d" } { 2000 2000 2000 2000 }\n1 2\n'),
         ModelFileError, "<nfg text>", ("profiles exceed",)),
    Case("nfg-long-count", lambda: co.read_nfg('NFG 1 R "t" { "a" } { ' + "9" * 5000 + " }\n"),
         ModelFileError, "<nfg text>"),
    Case("nfg-too-few-payoffs", lambda: co.read_nfg(NFG_HEAD + "1 2 3\n"), ModelFileError,
         "<nfg text>"),
]


@pytest.mark.parametrize("case", params(CASES))
def test_hostile_model_file_is_a_named_error(case: Case) -> None:
    check(case)


def test_a_byte_order_mark_is_accepted() -> None:
    plain = co.loads_model(model())
    with_bom = in_file("\ufeff" + model(), co.load_model)()
    assert with_bom.game == plain.game
    assert co.loads_model("\ufeff" + model()).game == plain.game


def test_a_negative_fractional_exponent_is_accepted() -> None:
    """The message about exponents offers ``-1/2``; the parser takes it."""
    m = co.loads_model(model("S**(-1/2)"))
    firm = m.game.symbolic_payoff_array(0)[0, 0]
    s = m.parameters["S"].symbol
    assert sp.simplify(firm - 1 / sp.sqrt(s)) == 0


def test_a_long_flat_sum_is_not_deep_nesting() -> None:
    """500 terms: far above the nesting limit, yet flat — accepted, and equal to 500*a."""
    m = co.loads_model(model(" + ".join(["a"] * 500)))
    a = m.parameters["a"].symbol
    assert sp.expand(m.game.symbolic_payoff_array(0)[0, 0] - 500 * a) == 0
