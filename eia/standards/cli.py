"""``eia standards`` commands: list the registry and show a standard's limits.

``register(app)`` adds the ``standards`` sub-app to the top-level typer app (see eia/cli.py).
"""
from __future__ import annotations

import datetime as _dt
import json
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from eia.standards.registry import (
    StandardsError,
    _iter_limits,
    _normalise_class,
    _to_date,
    default_registry,
)

__all__ = ["register", "app"]

app = typer.Typer(help="Environmental quality standards registry (limits, equivalents, sources).",
                  no_args_is_help=True)


def _console() -> Console:
    return Console(soft_wrap=False)


@app.command("list")
def list_cmd(as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table.")) -> None:
    """List the standards in the registry with their dates and status."""
    reg = default_registry()
    infos = reg.list_standards()
    if as_json:
        typer.echo(json.dumps([i.as_dict() for i in infos], ensure_ascii=False, indent=2))
        return
    t = Table(title="Standards registry")
    for col in ("id", "title", "family", "effective", "superseded on", "status", "rows", "unconfirmed"):
        t.add_column(col)
    for i in infos:
        t.add_row(i.id, i.title_zh, i.family, i.effective_date.isoformat(),
                  i.superseded_on.isoformat() if i.superseded_on else "", i.status, str(i.n_rows),
                  str(i.n_unconfirmed) if i.n_unconfirmed else "")
    _console().print(t)


@app.command("show")
def show_cmd(
    standard_id: str = typer.Argument(..., help="Standard id, e.g. 'GB 3095-2012' or 'GB 3838-2002'."),
    item: Optional[str] = typer.Option(None, "--item", help="Only this pollutant (code or name)."),
    class_or_grade: Optional[str] = typer.Option(None, "--class", help="Only this class/grade (1, 2, I..V)."),
    date: Optional[str] = typer.Option(None, "--date", help="Assessment date YYYY-MM-DD (status, phase)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Show the limits of one standard (or its pollutant equivalents)."""
    reg = default_registry()
    info = reg.standard_info(standard_id)
    when = _to_date(date, "--date") if date else _dt.date.today()
    if info.kind == "equivalents":
        eqs = reg.pollutant_equivalents()
        if item:
            code = reg.normalise_item(item)
            eqs = [e for e in eqs if e.item == code]
            if not eqs:
                reg.pollutant_equivalent(item)  # raises with suggestions
        if as_json:
            typer.echo(json.dumps({"standard": info.as_dict(), "equivalents": [e.__dict__ for e in eqs]},
                                  ensure_ascii=False, indent=2))
            return
        t = Table(title=f"{info.id} {info.title_zh}")
        for col in ("item", "name", "medium", "kg/equivalent", "status", "citation"):
            t.add_column(col, overflow="fold")
        for e in eqs:
            t.add_row(e.item, e.name_zh, e.medium, f"{e.value_kg:g}", e.status, e.citation)
        _console().print(t)
        return
    limits = list(_iter_limits(reg, info.id, when))
    if item:
        code = reg.normalise_item(item)
        if code not in reg.items(info.id):
            raise reg._unknown_item(item, info.id)
        limits = [lim for lim in limits if lim.item == code]
    if class_or_grade:
        cls = _normalise_class(class_or_grade)
        known = sorted({lim.class_or_grade for lim in limits if lim.class_or_grade})
        if known and cls not in known:
            raise StandardsError(f"--class {class_or_grade!r} is not defined in {info.id}; defined: {', '.join(known)}")
        limits = [lim for lim in limits if lim.class_or_grade in ("", cls)]
    if as_json:
        typer.echo(json.dumps({"standard": info.as_dict(), "assessment_date": when.isoformat(),
                               "limits": [lim.as_dict() for lim in limits]}, ensure_ascii=False, indent=2))
        return
    t = Table(title=f"{info.id} {info.title_zh} (status on {when.isoformat()})")
    for col in ("table", "item", "name", "class", "period", "limit", "unit", "phase", "status", "note"):
        t.add_column(col, overflow="fold")
    for lim in limits:
        if lim.kind == "range":
            shown = f"{lim.value:g}-{lim.value_high:g}"
        else:
            shown = ("≥ " if lim.kind == "min" else "≤ ") + f"{lim.value:g}"
        where = f" ({lim.water_body})" if lim.water_body else ""
        style = "yellow" if lim.unconfirmed else None
        t.add_row(lim.table, lim.item + where, lim.name_zh, lim.class_or_grade, lim.averaging_period, shown,
                  lim.unit, lim.phase, lim.status, lim.note if lim.unconfirmed else "", style=style)
    _console().print(t)
    n_unc = sum(lim.unconfirmed for lim in limits)
    if n_unc:
        _console().print(f"[yellow]{n_unc} value(s) unconfirmed: see the note column and docs/standards.md[/yellow]")


def register(app_: typer.Typer) -> None:
    """Add the ``standards`` sub-app (``list``, ``show``) to the top-level app."""
    app_.add_typer(app, name="standards")
