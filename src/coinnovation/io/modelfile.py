r"""Model files: a game and the questions to ask of it, as TOML data.

A model file declares parameters (symbols with values, ranges and
assumptions), players (names, roles and strategy labels), a payoff expression
for every player at every pure profile, optionally the worth of every
coalition, and the questions to answer (thresholds, allocations, regime
maps). It is read with :mod:`tomllib`; every expression goes through a **safe
parser** (:mod:`coinnovation.io.safe_expr`) that accepts only numbers, the
declared symbols, ``+ - * / **``, parentheses and the functions ``min, max,
exp, log, sqrt, abs`` — a model file can never run code, read files or hang
the process.

.. code-block:: toml

    [model]
    name = "Two-party industry-university cooperation"

    [parameters]
    dR = { value = 10, range = [0, 20], assumptions = ["nonnegative"],
           description = "cooperative surplus (合作剩余)" }
    alpha = { value = 0.5, range = [0, 1] }
    C = 3                                   # shorthand: just the value
    S = { value = 2, range = [0, 6], assumptions = ["nonnegative"] }

    [[players]]
    name = "enterprise"
    role = "企业"
    strategies = ["cooperate", "defect"]

    [[players]]
    name = "university"
    role = "高校"
    strategies = ["cooperate", "defect"]

    [payoffs."cooperate,cooperate"]
    enterprise = "alpha*dR - C + S"
    university = "(1 - alpha)*dR - C + S"
    # ... one table per profile: strategy labels (or indices) joined by commas

    [[questions.thresholds]]
    parameter = "S"
    profile = ["cooperate", "cooperate"]
    criterion = "ess"

Every error is a :class:`~coinnovation.errors.ModelFileError` naming the
file, the key path (``payoffs."cooperate,defect".enterprise``), the line and
what is wrong; nothing is returned from an invalid file.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ..errors import ModelFileError
from ._build import build_model
from ._files import read_limited
from ._lines import Ctx, key_path
from .model import (
    AllocationQuestion,
    Model,
    Parameter,
    Player,
    Questions,
    RegimeMapQuestion,
    ThresholdQuestion,
)
from .schema import ALLOCATION_RULES, ASSUMPTIONS, MAX_FILE_BYTES

__all__ = [
    "ALLOCATION_RULES",
    "ASSUMPTIONS",
    "AllocationQuestion",
    "Model",
    "Parameter",
    "Player",
    "Questions",
    "RegimeMapQuestion",
    "ThresholdQuestion",
    "key_path",
    "load_model",
    "loads_model",
]


def load_model(path: str | Path) -> Model:
    """Read a model file (TOML) into a :class:`Model`.

    Parameters
    ----------
    path : str or pathlib.Path

    Returns
    -------
    Model

    Raises
    ------
    coinnovation.errors.ModelFileError
        for a missing or unreadable file, malformed TOML, or an invalid model
        (unknown keys or symbols, expressions the safe parser rejects, missing
        profiles, values outside their ranges...). The message names the file,
        the key path, the line and the problem.

    Examples
    --------
    >>> import coinnovation as co
    >>> from pathlib import Path
    >>> m = co.load_model(Path(co.__file__).parents[2] / "examples" / "two_party.toml")
    >>> m.game.players, m.game.shape
    (('enterprise', 'university'), (2, 2))
    """
    source = str(path)
    data = read_limited(path, MAX_FILE_BYTES, what="path", kind="model file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ModelFileError(f"not UTF-8 text (byte {exc.start})", path=source) from None
    return loads_model(text, source=source)


def loads_model(text: str, *, source: str = "<string>") -> Model:
    """Read a model from TOML text; see :func:`load_model`.

    Examples
    --------
    >>> import coinnovation as co
    >>> co.loads_model('[parameters]\\nx = { value = "__import__(1)" }')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    coinnovation.errors.ModelFileError: <string>: parameters.x.value (line 2): calling '__import__' is not ...
    """
    if not isinstance(text, str):
        raise ModelFileError(f"expected TOML text, got {type(text).__name__}", path=source)
    if len(text) > MAX_FILE_BYTES:
        raise ModelFileError(f"the text is longer than {MAX_FILE_BYTES} characters", path=source)
    text = text.removeprefix("\ufeff")  # a UTF-8 byte-order mark, as some editors write
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        if m:
            problem = msg[: m.start()].strip()
            raise ModelFileError(f"malformed TOML: {problem} (column {m.group(2)})",
                                 path=source, line=int(m.group(1))) from None
        raise ModelFileError(f"malformed TOML: {msg}", path=source) from None
    except RecursionError:
        raise ModelFileError("malformed TOML: nested too deeply", path=source) from None
    ctx = Ctx(source, text)
    return build_model(doc, ctx)
