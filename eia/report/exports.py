"""Machine-readable copies of the chapters' content: CSV and XLSX tables, GeoJSON layers.

CSV files are UTF-8 with a byte-order mark so that Excel opens Chinese text correctly; cells hold
the raw values of results.json (full precision), headings carry the units.

References
----------
RFC 4180 (CSV); Unicode Standard §23.8 (U+FEFF byte-order mark as an encoding signature);
RFC 7946 (GeoJSON); ECMA-376 Part 1, §18.2.20 (sheet names: at most 31 characters, none of
``[]:*?/\\``).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

from eia.report import naming
from eia.report.document import Document, TableBlock
from eia.report.i18n import text
from eia.report.tables import column_header

__all__ = ["table_filename", "csv_text", "xlsx_bytes", "raw_cell", "sheet_name", "geojson_files", "excel_number_format"]

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def table_filename(b: TableBlock) -> str:
    """``T02-01_air.estimation.csv``: the table's number (zero-padded, so names sort) and id."""
    return naming.table_filename(b.number, str(b.table["id"]))


def raw_cell(value: Any, lang: str) -> Any:
    """A cell for CSV/XLSX: numbers and booleans as they are, text in ``lang``, lists joined."""
    if isinstance(value, dict):
        return text(value, lang)
    if isinstance(value, list):
        return "; ".join(str(raw_cell(v, lang)) for v in value)
    return value


def csv_text(b: TableBlock) -> str:
    """The table as CSV text (a header row, then raw values)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    cols = b.table["columns"]
    w.writerow([column_header(c, b.lang) for c in cols])
    for r in b.table.get("rows", []):
        w.writerow(["" if (v := raw_cell(r.get(c["key"]), b.lang)) is None else v for c in cols])
    return buf.getvalue()


def sheet_name(b: TableBlock, used: set[str]) -> str:
    """A unique Excel sheet name (≤ 31 characters) from the table number and id."""
    base = _SAFE.sub("_", f"T{b.number} {b.table['id']}").strip("_")[:31]
    name, k = base, 2
    while name.lower() in used:
        suffix = f"~{k}"
        name = base[: 31 - len(suffix)] + suffix
        k += 1
    used.add(name.lower())
    return name


_FIXED = re.compile(r"^(,)?\.(\d+)f$")


def excel_number_format(fmt: str | None) -> str | None:
    """Excel number format showing the digits the chapters print, for fixed-point specs.

    ``".2f"`` -> ``"0.00"``, ``",.1f"`` -> ``"#,##0.0"``, ``".0f"`` -> ``"0"``; other specs
    (``g``, ``e``) have no exact Excel equivalent and keep the General format (None). The cell
    keeps its full-precision value either way.
    """
    m = _FIXED.match(fmt or "")
    if not m:
        return None
    digits = int(m.group(2))
    base = "#,##0" if m.group(1) else "0"
    return base + ("." + "0" * digits if digits else "")


def xlsx_bytes(d: Document, created: dt.datetime) -> bytes:
    """One workbook: an index sheet, then one sheet per table (header row, raw values)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from eia.report.ziputil import deterministic_zip

    wb = Workbook()
    idx = wb.active
    idx.title = "index"
    idx.append(["table" if d.lang == "en" else "表号", "id", "title" if d.lang == "en" else "标题", "sheet" if d.lang == "en" else "工作表"])
    used = {"index"}
    for b in d.tables():
        name = sheet_name(b, used)
        idx.append([b.number, str(b.table["id"]), b.title, name])
        ws = wb.create_sheet(name)
        cols = b.table["columns"]
        ws.append([column_header(c, b.lang) for c in cols])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r in b.table.get("rows", []):
            ws.append([raw_cell(r.get(c["key"]), b.lang) for c in cols])
        for j, c in enumerate(cols, start=1):
            nf = excel_number_format(c.get("format"))
            if nf:
                for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                        cell.number_format = nf
        for j, c in enumerate(cols, start=1):
            ws.column_dimensions[ws.cell(1, j).column_letter].width = min(40, max(10, len(column_header(c, b.lang)) * 2))
    wb.properties.creator = f"{d.engine} {d.version}"
    wb.properties.created = created
    wb.properties.modified = created
    wb.properties.lastModifiedBy = f"{d.engine} {d.version}"
    buf = io.BytesIO()
    wb.save(buf)
    return deterministic_zip(buf.getvalue(), created)


def geojson_files(d: Document) -> list[tuple[str, str]]:
    """(file name, GeoJSON text) for every section ``geojson`` entry."""
    out = []
    for i, g in enumerate(d.geojson):
        if not isinstance(g, dict) or "features" not in g:
            raise ValueError(f"geojson[{i}]: expected a dict with 'id' and 'features', got {str(g)[:80]!r}")
        fc = g["features"]
        if isinstance(fc, list):
            fc = {"type": "FeatureCollection", "features": fc}
        fc = dict(fc)
        fc.setdefault("type", "FeatureCollection")
        fc["name"] = str(g.get("id", f"layer{i + 1}"))
        if g.get("title"):
            fc["title"] = text(g["title"], d.lang)
        fc["crs_note"] = "local scenario coordinates: metres east (x) and north (y) of cluster.location"
        out.append((naming.geojson_filename(str(g.get("id", f"layer{i + 1}"))),
                    json.dumps(fc, ensure_ascii=False, indent=1, sort_keys=True) + "\n"))
    return out
