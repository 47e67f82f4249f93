"""``eia report RESULTS.json --out DIR``: write the chapters from an existing results.json.

Nothing is recomputed. The output directory is written atomically (complete or absent) and is
never replaced without ``--force`` (exit code 4).
"""
from __future__ import annotations

import json
from pathlib import Path

import typer

from eia.errors import EiaError

__all__ = ["register", "report_command"]


def report_command(results_path: Path, out: Path, *, force: bool = False, formats: str = "docx,md,html",
                   language: str | None = None, body_font: str | None = None, heading_font: str | None = None) -> list[str]:
    """Read ``results_path`` and write the chapters into ``out`` (atomically); return written paths."""
    from eia.io import atomic_output_dir
    from eia.report import FORMATS, DocxFonts, write_report

    fmts = tuple(f.strip() for f in formats.split(",") if f.strip())
    bad = [f for f in fmts if f not in FORMATS]
    if bad or not fmts:
        raise EiaError(f"--formats: got {formats!r}; expected a comma-separated subset of {', '.join(FORMATS)}", exit_code=2)
    if language is not None and language not in ("zh", "en"):
        raise EiaError(f"--language: got {language!r}; expected zh or en", exit_code=2)
    results_path = Path(results_path)
    try:
        results = json.loads(results_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EiaError(f"{results_path}: no such file", exit_code=1) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EiaError(f"{results_path}: not a readable results.json ({exc})", exit_code=1) from None
    if not isinstance(results, dict) or "scenario" not in results:
        raise EiaError(f"{results_path}: not a results.json written by 'eia run' (no 'scenario' key)", exit_code=1)
    defaults = DocxFonts()
    fonts = DocxFonts(body_east_asia=body_font or defaults.body_east_asia,
                      heading_east_asia=heading_font or defaults.heading_east_asia)
    with atomic_output_dir(out, force=force) as work:
        try:
            return write_report(results, work, fmts, language=language, fonts=fonts,
                                base_dir=results_path.resolve().parent)
        except ValueError as exc:
            raise EiaError(f"{results_path}: {exc}", exit_code=1) from exc


def register(app: typer.Typer) -> None:
    """Add the ``report`` command to the top-level CLI."""

    @app.command("report")
    def report(
        results: Path = typer.Argument(..., help="results.json written by 'eia run'"),
        out: Path = typer.Option(..., "--out", "-o", help="Output directory (created atomically)"),
        force: bool = typer.Option(False, "--force", help="Replace an existing output directory"),
        formats: str = typer.Option("docx,md,html", "--formats", help="Chapter formats: any of docx, md, html"),
        language: str = typer.Option(None, "--language", help="zh or en (default: the scenario's meta.language)"),
        body_font: str = typer.Option(None, "--body-font", help="East Asian body font of the Word file (default SimSun 宋体)"),
        heading_font: str = typer.Option(None, "--heading-font", help="East Asian heading font (default SimHei 黑体)"),
    ):
        """Write the assessment chapters from an existing results.json without recomputing."""
        from rich.console import Console

        from eia.cli import fail

        try:
            written = report_command(results, out, force=force, formats=formats, language=language,
                                     body_font=body_font, heading_font=heading_font)
        except EiaError as exc:
            fail(exc)
        Console().print(f"wrote {out}/ ({len(written)} files)", markup=False, highlight=False)
