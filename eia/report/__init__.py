"""Assessment chapters from results.json: Word, Markdown, HTML, CSV/XLSX tables, GeoJSON layers.

``write_report(results, out_dir, formats)`` reads only the results dict (docs/architecture.md,
"Report-ready content in results") and writes, under ``out_dir/chapters/``:

- ``chapters.docx`` / ``chapters.md`` / ``chapters.html`` (as requested by ``formats``);
- ``figures/fig-NN-MM.png`` (always, when there are figures: the Markdown links to them);
- ``tables/T<NN-MM>_<id>.csv`` (UTF-8 with BOM) and ``tables.xlsx`` (a sheet per table);
- ``geojson/<id>.geojson`` for the sections' contours and envelopes.

The guide for section authors and readers is docs/report-guide.md.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from eia.report.document import Document, build_document
from eia.report.fonts import DocxFonts

__all__ = ["write_report", "build_document", "Document", "DocxFonts", "FORMATS", "CHAPTERS_DIR"]

FORMATS = ("docx", "md", "html")
CHAPTERS_DIR = "chapters"


def _created(results: dict) -> dt.datetime:
    date = ((results.get("scenario") or {}).get("meta") or {}).get("assessment_date")
    try:
        return dt.datetime.fromisoformat(str(date))
    except (TypeError, ValueError):
        return dt.datetime(2000, 1, 1)


def write_report(results: dict, out_dir: Path, formats=FORMATS, *, language: str | None = None,
                 fonts: DocxFonts | None = None, base_dir: Path | None = None, dpi: int = 200) -> list[str]:
    """Write the assessment chapters of ``results`` into ``out_dir/chapters``.

    Parameters
    ----------
    results : dict
        Content of results.json.
    out_dir : Path
        Run (or report) directory; files go under its ``chapters/`` subdirectory.
    formats : iterable of {"docx", "md", "html"}
        Chapter formats to write. Tables (CSV, XLSX) and GeoJSON layers are always written.
    language : {"zh", "en"}, optional
        Overrides ``results["scenario"]["meta"]["language"]``.
    fonts : DocxFonts, optional
        Word fonts (default body 宋体 SimSun, headings 黑体 SimHei, Latin Times New Roman).
    base_dir : Path, optional
        Where figures' ``data_file`` paths are resolved (default ``out_dir``).
    dpi : int
        Figure resolution.

    Returns
    -------
    list of str
        Written files, relative to ``out_dir``, sorted.

    Raises
    ------
    ValueError
        Unknown format or language, or results content that breaks the contract.
    """
    formats = tuple(formats)
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ValueError(f"formats: unknown {bad}; expected any of {FORMATS}")
    out_dir = Path(out_dir)
    d = build_document(results, language, base_dir=Path(base_dir) if base_dir else out_dir, dpi=dpi)
    root = out_dir / CHAPTERS_DIR
    root.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def put(rel: str, data: bytes | str) -> None:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        p.write_bytes(data)
        written.append(p)

    from eia.report.exports import csv_text, geojson_files, table_filename, xlsx_bytes
    from eia.report.markdown import figure_filename

    for fb in d.figures():
        if fb.png is not None:
            put(f"figures/{figure_filename(fb)}", fb.png)
    if "docx" in formats:
        from eia.report.docx import docx_bytes

        put("chapters.docx", docx_bytes(d, fonts=fonts, assessment_date=_created(results).isoformat(), dpi=dpi))
    if "md" in formats:
        from eia.report.markdown import markdown_text

        put("chapters.md", markdown_text(d))
    if "html" in formats:
        from eia.report.html import html_text

        put("chapters.html", html_text(d))
    for tb in d.tables():
        put(f"tables/{table_filename(tb)}", "\ufeff" + csv_text(tb))
    put("tables.xlsx", xlsx_bytes(d, _created(results)))
    for name, txt in geojson_files(d):
        put(f"geojson/{name}", txt)
    return sorted(str(p.relative_to(out_dir)) for p in written)
