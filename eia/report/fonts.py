"""Fonts: the CJK font for figures (shipped by mplfonts) and the Word font settings.

Figures never rely on system fonts: :func:`figure_font` registers Noto Sans CJK SC from the
``mplfonts`` wheel (``mplfonts/fonts/NotoSansCJKsc-Regular.otf``) with matplotlib and returns its
family name, so Chinese labels render the same on a fresh machine.

Word documents name their fonts (the reader's Word substitutes if absent): East Asian text in
宋体 (SimSun) for the body and 黑体 (SimHei) for headings, Latin text in Times New Roman — the usual
typesetting of Chinese technical reports. :class:`DocxFonts` makes these configurable.

References
----------
Adobe/Google, Noto Sans CJK (SIL Open Font License 1.1), https://github.com/notofonts/noto-cjk;
mplfonts (PyPI), https://pypi.org/project/mplfonts/; ECMA-376 Part 1, §17.3.2.26 ``w:rFonts``
(``w:eastAsia`` selects the font of East Asian characters).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

__all__ = ["cjk_font_path", "figure_font", "DocxFonts"]

_FONT_FILE = "NotoSansCJKsc-Regular.otf"


def cjk_font_path() -> Path:
    """Path of Noto Sans CJK SC inside the installed ``mplfonts`` package.

    Raises
    ------
    RuntimeError
        If mplfonts is not installed or its wheel lacks the font (the figures cannot show Chinese).
    """
    try:
        import mplfonts
    except ImportError as exc:  # pragma: no cover - dependency of the project
        raise RuntimeError("the figures need the 'mplfonts' package (pip install mplfonts)") from exc
    path = Path(mplfonts.__file__).parent / "fonts" / _FONT_FILE
    if not path.is_file():  # pragma: no cover - broken install
        raise RuntimeError(f"mplfonts is installed but {path} is missing; reinstall mplfonts")
    return path


@functools.lru_cache(maxsize=1)
def figure_font() -> str:
    """Register the CJK font with matplotlib (once) and return its family name."""
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


@dataclass(frozen=True)
class DocxFonts:
    """Font names and sizes for the Word chapters.

    Attributes
    ----------
    body_east_asia : str
        East Asian font of body text (default 宋体 / SimSun).
    heading_east_asia : str
        East Asian font of headings and captions (default 黑体 / SimHei).
    latin : str
        Latin font of all text (default Times New Roman).
    body_pt : float
        Body size (default 12 pt, 小四).
    """

    body_east_asia: str = "SimSun"
    heading_east_asia: str = "SimHei"
    latin: str = "Times New Roman"
    body_pt: float = 12.0
    caption_pt: float = 10.5
