"""The shared parts of every figure module: matplotlib loaded on demand, fonts that draw Chinese
(CJK) labels, label cleaning, new axes with constrained layout, labels, legends and colours.

Nothing here changes matplotlib's global state or backend: figures are
``matplotlib.figure.Figure`` objects created directly.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from .errors import InvalidInputError

__all__ = [
    "OKABE_ITO",
    "cjk_font",
    "clean_label",
    "font_properties",
    "legend",
    "mpl",
    "new_axes",
    "palette",
    "set_labels",
    "text_kw",
]

OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442",
             "#000000")
"""The Okabe–Ito colour-blind-safe palette (blue, orange, green, vermillion, ...)."""

_CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK TC", "Noto Sans SC",
                 "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
                 "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "PingFang SC",
                 "Heiti SC", "Droid Sans Fallback")
_BASE_FAMILY = "DejaVu Sans"


def mpl() -> Any:
    """The matplotlib module, or a clear ImportError naming the ``plot`` extra."""
    try:
        import matplotlib  # optional dependency (the plot extra)
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise ImportError("coinnovation.plot needs matplotlib: pip install 'coinnovation[plot]'"
                          ) from None
    return matplotlib


@functools.cache
def cjk_font() -> str | None:
    """The family name of a CJK-capable font matplotlib can use, or None.

    Installed system fonts come first; otherwise the font of the PyPI
    package ``noto-cjk-sans-jp-regular`` (installed by the ``plot`` extra) is
    registered with matplotlib's font manager (adding a font file does not
    change any setting).
    """
    mpl()
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for fam in _CJK_FAMILIES:
        if fam in installed:
            return fam
    try:
        from noto_cjk_sans_jp_regular import FONT_PATH  # type: ignore[import-not-found]
    except ImportError:
        return None
    path = Path(str(FONT_PATH))
    if not path.is_file():
        return None
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


def _families() -> list[str]:
    fam = cjk_font()
    return [_BASE_FAMILY, fam] if fam else [_BASE_FAMILY]


@functools.cache
def _coverage(families: tuple[str, ...]) -> frozenset[int]:
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    codes: set[int] = set()
    for fam in families:
        path = font_manager.findfont(font_manager.FontProperties(family=fam),
                                     fallback_to_default=False)
        codes |= set(FT2Font(path).get_charmap())
    return frozenset(codes)


def clean_label(text: str) -> str:
    """``text`` without the characters no available font can draw.

    With a CJK font every Chinese character is kept; without one, Chinese
    characters are dropped and what is left is tidied (empty brackets and
    doubled spaces removed), so a label never shows missing-glyph boxes.

    Examples
    --------
    >>> clean_label("share of enterprises (企业) cooperating") in (
    ...     "share of enterprises (企业) cooperating", "share of enterprises cooperating")
    True
    """
    parts = re.split(r"(\$[^$]*\$)", text)
    # matplotlib draws the plain parts of a label with math text in one font only
    covered = _coverage((_BASE_FAMILY,) if len(parts) > 1 else tuple(_families()))
    kept = "".join(p if p.startswith("$") else "".join(
        ch for ch in p if ch in "\n\t " or ord(ch) in covered) for p in parts)
    if kept == text:
        return text
    kept = re.sub(r"[(\[（【]\s*[)\]）】]", "", kept)
    kept = re.sub(r"[ \t]{2,}", " ", kept).strip()
    kept = re.sub(r"\s+([,;:.)\]])", r"\1", kept)
    return kept


def font_properties(size: float | None = None) -> Any:
    """Font properties with the base family and, when available, a CJK family."""
    from matplotlib.font_manager import FontProperties

    f = FontProperties(family=_families())
    if size is not None:
        f.set_size(size)
    return f


def text_kw() -> dict[str, Any]:
    return {"fontproperties": font_properties()}


def new_axes(ax: Any, projection: str | None = None, figsize: tuple[float, float] = (6.0, 4.5)
              ) -> Any:
    mpl()
    if ax is not None:
        if projection == "3d" and getattr(ax, "name", "") != "3d":
            raise InvalidInputError("ax: trajectories_3d needs a 3-D Axes "
                                    "(fig.add_subplot(projection='3d'))")
        return ax
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    return fig.add_subplot(projection=projection) if projection else fig.add_subplot()


def set_labels(ax: Any, title: str | None, xlabel: str | None, ylabel: str | None,
                zlabel: str | None = None) -> None:
    kw = text_kw()
    if title is not None:
        ax.set_title(clean_label(title), **kw)
    if xlabel is not None:
        ax.set_xlabel(clean_label(xlabel), **kw)
    if ylabel is not None:
        ax.set_ylabel(clean_label(ylabel), **kw)
    if zlabel is not None:
        ax.set_zlabel(clean_label(zlabel), **kw)


def legend(ax: Any, **kw: Any) -> None:
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        prop = font_properties(kw.pop("fontsize", None))
        ax.legend(handles, [clean_label(lab) for lab in labels], prop=prop, **kw)


def palette(k: int) -> list[Any]:
    """``k`` distinct colours (the Okabe–Ito palette, cycled)."""
    return [OKABE_ITO[i % len(OKABE_ITO)] for i in range(k)]


