"""``eia capacity`` and ``eia recheck`` (registered on the top-level app by :func:`register`)."""
from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from eia.errors import EiaError

__all__ = ["register", "capacity_cmd", "recheck_cmd"]

console = Console()


def _load_water(file: Path):
    from eia.pipeline import load_scenario

    scenario, _ = load_scenario(file)
    if scenario.water is None:
        raise EiaError(f"{file}: the scenario has no 'water' section", exit_code=1)
    return scenario


def _fail(exc: EiaError):
    Console(stderr=True).print(exc.message, markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)


def _fmt(v, spec=".4g"):
    if v is None:
        return "—"
    if isinstance(v, float):
        return format(v, spec)
    return str(v)


def capacity_cmd(
    file: Path = typer.Argument(..., help="Scenario file with a 'water' section"),
    out: Path = typer.Option(None, "--out", "-o", help="Directory for capacity.csv / .xlsx / .md"),
    all_modes: bool = typer.Option(False, "--all-modes", help="Print every control mode, not only the scenario's"),
    as_json: bool = typer.Option(False, "--json", help="Print the rows as JSON"),
):
    """Compute and print the water-environment capacity table (t/a) per zone and pollutant."""
    from eia.water.pipeline import MODE_ZH, compute_capacity, make_limit_fn, write_capacity_table

    try:
        scenario = _load_water(file)
        water = scenario.water
        try:
            res = compute_capacity(water, make_limit_fn(scenario.meta.standards.surface_water))
        except ValueError as exc:
            raise EiaError(f"capacity failed: {exc}", exit_code=3) from exc
        rows = res["rows"]
        written = write_capacity_table(rows, out) if out is not None else []
    except EiaError as exc:
        _fail(exc)
    shown = rows if all_modes else [r for r in rows if r["primary"]]
    if as_json:
        from eia.io import to_jsonable

        print(json.dumps(to_jsonable({"rows": shown, "written": [str(p) for p in written]}), ensure_ascii=False))
        return
    t = Table(title=f"水环境容量 / capacity (safety margin {water.capacity.safety_margin_pct:g} %)")
    for head in ("zone", "pollutant", "mode", "class", "Q0 m3/s", "C0 mg/L", "Cs mg/L", "k 1/d", "u m/s", "L m",
                 "capacity t/a", "existing t/a", "approved t/a", "remaining t/a"):
        t.add_column(head, justify="right" if " " in head else "left")
    for r in shown:
        t.add_row(r["zone"], r["pollutant"], f"{r['control_mode']} {MODE_ZH[r['control_mode']]}", r["target_class"],
                  _fmt(r["design_flow_m3_s"]), _fmt(r["c0_mg_l"]), _fmt(r["cs_mg_l"]), _fmt(r["k_per_day"], ".3g"),
                  _fmt(r["velocity_m_s"], ".3g"), _fmt(r["length_m"], ".6g"), _fmt(r["capacity_t_a"], ".5g"),
                  _fmt(r["existing_t_a"], ".5g"), _fmt(r["approved_t_a"], ".5g"), _fmt(r["remaining_t_a"], ".5g"))
    console.print(t)
    for p in written:
        console.print(f"wrote {p}", markup=False, highlight=False)


def _write_recheck(result: dict, out: Path) -> list[Path]:
    import csv

    from eia.io import to_jsonable, write_json

    out.mkdir(parents=True, exist_ok=True)
    flat = []
    for r in result["rows"]:
        d = {k: r.get(k) for k in ("line", "zone", "pollutant", "control_mode", "status", "claimed_t_a", "recomputed_t_a",
                                   "abs_diff_t_a", "rel_diff", "claimed_from_inputs_t_a")}
        for side in ("claimed_inputs", "scenario_inputs"):
            for k, v in (r.get(side) or {}).items():
                d[f"{side.split('_')[0]}_{k}"] = v
        d["diagnosis"] = " | ".join(r["diagnosis"])
        flat.append(d)
    keys = []
    for d in flat:
        for k in d:
            if k not in keys:
                keys.append(k)
    paths = [out / "recheck.csv", out / "recheck.json", out / "recheck.md"]
    with open(paths[0], "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=keys)
        w.writeheader()
        w.writerows(flat)
    write_json(paths[1], to_jsonable(result))
    md = ["| line | zone | pollutant | mode | status | claimed t/a | recomputed t/a | rel. diff | diagnosis |", "|---|---|---|---|---|---|---|---|---|"]
    for r in result["rows"]:
        rel = r.get("rel_diff")
        md.append(f"| {r['line']} | {r['zone']} | {r['pollutant']} | {r['control_mode']} | {r['status']} | {_fmt(r.get('claimed_t_a'), '.6g')} | "
                  f"{_fmt(r.get('recomputed_t_a'), '.6g')} | {'—' if rel is None else format(rel, '+.2%')} | {'; '.join(r['diagnosis'])} |")
    paths[2].write_text("\n".join(md) + "\n", encoding="utf-8")
    try:
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "recheck"
        ws.append(keys)
        for d in flat:
            ws.append([d.get(k) for k in keys])
        wb.save(out / "recheck.xlsx")
        paths.append(out / "recheck.xlsx")
    except ImportError:  # pragma: no cover
        pass
    return paths


def recheck_cmd(
    claimed: Path = typer.Argument(..., help="Claimed capacity table (.csv or .xlsx; see docs/recheck-template.md)"),
    scenario_file: Path = typer.Option(..., "--scenario", "-s", help="Scenario file with a 'water' section"),
    tolerance: str = typer.Option("1%", "--tolerance", help="Allowed relative difference, e.g. 1% or 0.01"),
    out: Path = typer.Option(None, "--out", "-o", help="Directory for recheck.csv / .xlsx / .md / .json"),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON"),
):
    """Recompute an assessor's claimed capacity table; exit 0 if every row is within tolerance, else 5."""
    from eia.water.pipeline import make_limit_fn
    from eia.water.recheck import parse_tolerance, read_claimed_table, recheck

    try:
        tol = parse_tolerance(tolerance)
        scenario = _load_water(scenario_file)
        rows = read_claimed_table(claimed)
        try:
            result = recheck(scenario.water, rows, make_limit_fn(scenario.meta.standards.surface_water), tol)
        except ValueError as exc:
            raise EiaError(f"recheck failed: {exc}", exit_code=3) from exc
        written = _write_recheck(result, out) if out is not None else []
    except EiaError as exc:
        _fail(exc)
    if as_json:
        from eia.io import to_jsonable

        print(json.dumps(to_jsonable(result), ensure_ascii=False))
    else:
        t = Table(title=f"复核 / recheck (tolerance {tol:.2%})")
        for h in ("line", "zone", "pollutant", "mode", "status", "claimed t/a", "recomputed t/a", "diff"):
            t.add_column(h, overflow="fold")
        for r in result["rows"]:
            style = {"pass": "green", "fail": "red"}.get(r["status"], "yellow")
            rel = r.get("rel_diff")
            t.add_row(str(r["line"]), str(r["zone"]), str(r["pollutant"]), str(r["control_mode"]), f"[{style}]{r['status']}[/]",
                      _fmt(r.get("claimed_t_a"), ".6g"), _fmt(r.get("recomputed_t_a"), ".6g"),
                      "—" if rel is None else format(rel, "+.2%"))
        console.print(t)
        for r in result["rows"]:
            for d in r["diagnosis"]:
                console.print(f"line {r['line']} ({r['zone']}/{r['pollutant']}): {d}", markup=False, highlight=False)
        s = result["summary"]
        console.print(f"{s['rows']} rows: {s['pass']} pass, {s['fail']} fail, {s['not_recomputed']} not recomputed",
                      markup=False, highlight=False)
        for p in written:
            console.print(f"wrote {p}", markup=False, highlight=False)
    raise typer.Exit(0 if result["summary"]["all_pass"] else 5)


def register(app: typer.Typer) -> None:
    """Add ``capacity`` and ``recheck`` to the top-level app."""
    app.command("capacity")(capacity_cmd)
    app.command("recheck")(recheck_cmd)
