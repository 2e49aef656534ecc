"""Reading the files users name (model files, ``.nfg`` files) without trusting them.

A path may be ``None``, contain a NUL character, name a directory, a device
(``/dev/zero`` never ends) or a FIFO (a read blocks until a writer comes), or
a regular file far larger than any model. :func:`read_limited` accepts only a
regular file (a symbolic link to one is followed) and reads at most
``limit + 1`` bytes, so the size is checked on what was read, not on what
``stat`` said a moment earlier.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

from ..errors import ModelFileError

__all__ = ["read_limited"]


def read_limited(path: Any, limit: int, *, what: str, kind: str) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Parameters
    ----------
    path : str or os.PathLike
    limit : int
        Largest accepted size in bytes.
    what : str
        The argument's name, for messages about the argument itself.
    kind : str
        What the file should be (``"model file"``), for messages.

    Raises
    ------
    coinnovation.errors.ModelFileError
        for a path that is not a string or path, contains NUL, does not
        exist, is not a regular file (directory, device, FIFO, socket), cannot
        be read, or is larger than ``limit`` bytes. Nothing is read from a
        device or FIFO.
    """
    if not isinstance(path, (str, os.PathLike)) or isinstance(path, bytes):
        raise ModelFileError(f"{what}: expected a file path (str or pathlib.Path), "
                             f"got {type(path).__name__}")
    source = str(path)
    if "\x00" in source:
        raise ModelFileError(f"{what}: the path contains a NUL character", path=repr(source))
    p = Path(path)
    try:
        mode = p.stat().st_mode
    except FileNotFoundError:
        raise ModelFileError("no such file", path=source) from None
    except OSError as exc:
        raise ModelFileError(f"cannot read the file ({exc.strerror})", path=source) from None
    if stat.S_ISDIR(mode):
        raise ModelFileError(f"is a directory, not a {kind}", path=source)
    if not stat.S_ISREG(mode):
        raise ModelFileError(f"is not a regular file (a device, FIFO or socket), not a {kind}",
                             path=source)
    try:
        with p.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise ModelFileError(f"cannot read the file ({exc.strerror})", path=source) from None
    if len(data) > limit:
        raise ModelFileError(f"the file is larger than {limit} bytes", path=source)
    return data
