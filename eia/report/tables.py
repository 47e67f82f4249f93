"""Tables: validating the contract, formatting cells, and fitting a table to the page.

:func:`format_cell` is THE formatting function: the chapter writers use it to print a value and
the traceability test uses it to re-derive every cell of a generated document from results.json.

A table follows the contract of docs/architecture.md ("Report-ready content in results")::

    {"id", "chapter", "title": {"zh", "en"},
     "columns": [{"key", "label": {"zh", "en"}, "unit", "format"}],
     "rows": [{key: value}], "notes": {"zh": [...], "en": [...]}}

References
----------
GB/T 7713.1-2006 《学位论文编写规则》 / GB/T 7713-1987 《科学技术报告、学位论文和学术论文的编写格式》,
clause 4.2 (tables numbered by chapter, caption above the table); GB 3100-1993 / GB 3101-1993 (unit
symbols in column headings).
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from eia.report.i18n import CHAPTER_KEYS, label, text

__all__ = [
    "format_cell",
    "column_header",
    "table_matrix",
    "validate_table",
    "display_width",
    "TableLayout",
    "plan_layout",
    "FONT_SIZES_PT",
]


def _format_number(value: float | int, fmt: str | None) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return "—"
    if fmt:
        s = format(value, fmt)
    elif isinstance(value, int):
        s = str(value)
    else:
        # No format given: up to 6 significant digits, no trailing zeros (like ``g``).
        s = format(value, ".6g")
    if "e" in s:
        # 1.2e-05 -> 1.2E-05: the form used in Chinese EIA tables, and a glyph every font has.
        s = s.replace("e", "E")
    if s.startswith("-") and s.strip("-0.E+") == "":
        s = s[1:]  # "-0.00" -> "0.00"
    return s


def format_cell(value: Any, fmt: str | None, lang: str) -> str:
    """Format one table cell for the chapters.

    Parameters
    ----------
    value : number, str, bool, None or {"zh", "en"} dict
        A cell from a results table.
    fmt : str or None
        Python format spec for numbers (e.g. ``".4g"``, ``".2f"``, ``",.0f"``); ignored for text.
    lang : {"zh", "en"}

    Returns
    -------
    str
        ``None`` -> "—"; booleans -> 是/否 (Yes/No); numbers -> ``format(value, fmt)`` with an upper
        case exponent; text -> the ``lang`` version.

    References
    ----------
    Python Language Reference, "Format Specification Mini-Language" (format spec semantics).
    """
    if value is None:
        return label("none", lang)
    if isinstance(value, bool):
        return label("yes" if value else "no", lang)
    if isinstance(value, (int, float)):
        try:
            return _format_number(value, fmt)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"format: {fmt!r} cannot format the value {value!r}: {exc}") from exc
    if isinstance(value, dict):
        return text(value, lang)
    if isinstance(value, list):
        return label("list_sep", lang).join(format_cell(v, fmt, lang) for v in value)
    return str(value)


def column_header(column: dict, lang: str) -> str:
    """Column heading: label, with the unit in parentheses (GB 3101-1993 style ``浓度（μg/m³）``)."""
    lab = text(column.get("label", column.get("key", "")), lang)
    unit = column.get("unit")
    if unit:
        unit = text(unit, lang)
        return f"{lab}（{unit}）" if lang == "zh" else f"{lab} ({unit})"
    return lab


def table_matrix(table: dict, lang: str) -> tuple[list[str], list[list[str]]]:
    """Headers and formatted body cells of a contract table, in column order."""
    cols = table["columns"]
    headers = [column_header(c, lang) for c in cols]
    body = [[format_cell(row.get(c["key"]), c.get("format"), lang) for c in cols] for row in table.get("rows", [])]
    return headers, body


def validate_table(table: Any, where: str) -> dict:
    """Check a table dict against the contract; raise ValueError naming what is wrong."""
    if not isinstance(table, dict):
        raise ValueError(f"{where}: expected a table dict, got {type(table).__name__}")
    for key in ("id", "columns"):
        if key not in table:
            raise ValueError(f"{where}: table has no {key!r} (keys: {sorted(table)})")
    if not isinstance(table["columns"], list) or not table["columns"]:
        raise ValueError(f"{where} ({table['id']}): 'columns' must be a non-empty list")
    for i, c in enumerate(table["columns"]):
        if not isinstance(c, dict) or "key" not in c:
            raise ValueError(f"{where} ({table['id']}): columns[{i}] must be a dict with a 'key', got {c!r}")
    rows = table.get("rows", [])
    if not isinstance(rows, list) or any(not isinstance(r, dict) for r in rows):
        raise ValueError(f"{where} ({table['id']}): 'rows' must be a list of dicts")
    ch = table.get("chapter")
    if ch is not None and ch not in CHAPTER_KEYS:
        raise ValueError(f"{where} ({table['id']}): chapter {ch!r} is not one of {CHAPTER_KEYS}")
    return table


def display_width(s: str) -> float:
    """Width of ``s`` in units of one Latin character (East Asian wide characters count 2)."""
    w = 0.0
    for ch in s:
        ea = unicodedata.east_asian_width(ch)
        w += 2.0 if ea in ("W", "F") else 1.0
    return w


#: Table font sizes tried in turn (Chinese 五号 10.5 pt, 小五 9 pt, 六号 7.5 pt).
FONT_SIZES_PT = (10.5, 9.0, 7.5)
# Average advance of one Latin character (Times New Roman digits ~0.5 em) and cell padding.
_CHAR_EM = 0.5  # Times New Roman: digits and lower case ~0.5 em (capitals: see _print_width)
_PAD_PT = 12.0  # cell margins (2 × 4.25 pt), borders and rounding
_MIN_COL_CHARS = 4.0
_MAX_HEADER_LINES = 3
_WRAP_CHARS = 24.0


@dataclass
class TableLayout:
    """How a table is printed: font size, orientation, column widths and column groups.

    ``groups`` lists the column indices of each printed part; a table too wide even in landscape
    at the smallest font is split into parts that all repeat the first (key) column.
    """

    font_pt: float
    landscape: bool
    col_widths_pt: list[float]
    groups: list[list[int]] = field(default_factory=list)


def _print_width(s: str) -> float:
    """Like :func:`display_width`, with wide Latin letters (capitals, m, w) counted 1.4."""
    w = display_width(s)
    return w + 0.4 * sum(1 for ch in s if ch.isascii() and (ch.isupper() or ch in "mwMW%@"))


def _natural_widths_chars(headers: list[str], body: list[list[str]], wrap_chars: float, head_chars: float) -> list[float]:
    widths = []
    for j, h in enumerate(headers):
        cell_w = max([_print_width(r[j]) for r in body] or [0.0])
        # Headings may wrap over a few lines; long body text wraps at ``wrap_chars``.
        head_w = _print_width(h) / _MAX_HEADER_LINES
        widths.append(max(_MIN_COL_CHARS, min(cell_w, wrap_chars), head_w, min(_print_width(h), head_chars)))
    return widths


#: Order in which (landscape, font size) are tried: a landscape page at 9 pt reads better than
#: a portrait page at 7.5 pt.
_ATTEMPTS = ((False, 10.5), (False, 9.0), (True, 10.5), (True, 9.0), (False, 7.5), (True, 7.5))


def plan_layout(headers: list[str], body: list[list[str]], portrait_width_pt: float, landscape_width_pt: float) -> TableLayout:
    """Choose font size, orientation and column split so a table fits the text width.

    Tries portrait at 10.5 and 9 pt, landscape at 10.5 and 9 pt, then 7.5 pt portrait and
    landscape; if the table is still too wide, splits its columns into parts of the landscape
    width, each repeating column 0. A column needs room for its widest cell (East Asian characters
    counted double, long text wrapping at 24 characters); space left over goes first to columns
    whose text wraps, in proportion to the text they would need unwrapped.
    """
    if portrait_width_pt <= 0 or landscape_width_pt <= 0:
        raise ValueError(f"page widths must be positive, got {portrait_width_pt}, {landscape_width_pt}")
    chars = _natural_widths_chars(headers, body, _WRAP_CHARS, 8.0)
    full = _natural_widths_chars(headers, body, 10 * _WRAP_CHARS, 16.0)
    n = len(chars)
    for landscape, size in _ATTEMPTS:
        width = landscape_width_pt if landscape else portrait_width_pt
        need = [c * size * _CHAR_EM + _PAD_PT for c in chars]
        if sum(need) <= width:
            want = [c * size * _CHAR_EM + _PAD_PT for c in full]
            if sum(want) <= width:
                scale = width / sum(want)  # tables span the text width, as usual in Chinese reports
                return TableLayout(size, landscape, [w * scale for w in want], [list(range(n))])
            extra = width - sum(need)
            gap = [w - m for w, m in zip(want, need)]
            widths = [m + extra * g / sum(gap) for m, g in zip(need, gap)]
            return TableLayout(size, landscape, widths, [list(range(n))])
    size = FONT_SIZES_PT[-1]
    need = [c * size * _CHAR_EM + _PAD_PT for c in chars]
    groups: list[list[int]] = []
    current = [0]
    used = need[0]
    for j in range(1, n):
        if used + need[j] > landscape_width_pt and len(current) > 1:
            groups.append(current)
            current, used = [0], need[0]
        current.append(j)
        used += need[j]
    groups.append(current)
    # Within each part, shrink over-long columns proportionally if one column alone is too wide.
    widths = list(need)
    for g in groups:
        tot = sum(need[j] for j in g)
        if tot > landscape_width_pt:
            for j in g:
                widths[j] = min(widths[j], need[j] * landscape_width_pt / tot)
    return TableLayout(size, True, widths, groups)
