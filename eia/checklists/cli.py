"""``eia checklist FILE``: evaluate the regulatory checklists for a scenario or an existing run.

- ``eia checklist scenario.yaml`` runs the sections the checks need (air, water, admission) in a
  temporary directory, then evaluates;
- ``eia checklist scenario.yaml --results out/results.json`` evaluates an existing run;
- ``eia checklist out/results.json`` evaluates a run alone (scenario facts from its echo: meta, cluster).

Exit codes: 0 evaluated (whatever the item statuses), 1 invalid input.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import typer

from eia.errors import EiaError

__all__ = ["register", "checklist_for"]


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EiaError(f"{path}: cannot read results ({exc})", exit_code=1) from None


def checklist_for(file: Path, results_path: Path | None = None) -> dict:
    """The ``results['checklist']`` dict for a scenario (run now or given results) or a results.json."""
    from eia.checklists import evaluate_document, scenario_document

    if file.suffix.lower() == ".json" and results_path is None:
        data = _read_json(file)
        if "schema_version" in data and "scenario" in data:
            out = evaluate_document({"scenario": data.get("scenario", {}), "results": data})
            out["note"] = ("results.json evaluated alone: of the scenario only meta and cluster are known (its echo); items on the "
                           "scenario's air/water/criteria sections show as not applicable. Give the scenario with --results for a full check.")
            return out
    from eia.admission.cli import cluster_results
    from eia.pipeline import load_scenario

    scenario, _ = load_scenario(file)
    results, _notes = cluster_results(scenario, file, results_path)
    if results_path is None and (scenario.enterprises is not None or scenario.criteria is not None):
        from eia.admission.pipeline import run_admission
        from eia.context import RunContext

        with tempfile.TemporaryDirectory(prefix="eia-checklist-") as tmp:
            ctx = RunContext(scenario=scenario, scenario_path=file.resolve(), work_dir=Path(tmp))
            results["admission"] = json.loads(json.dumps(run_admission(ctx, results), default=str))
    return evaluate_document(scenario_document(scenario, results))


def register(app: typer.Typer) -> None:
    """Add ``eia checklist`` to the top-level CLI."""

    @app.command()
    def checklist(
        file: Path = typer.Argument(..., help="Scenario file, or a results.json of an existing run"),
        results: Path | None = typer.Option(None, "--results", help="Evaluate this existing results.json (with the scenario FILE)"),
        as_json: bool = typer.Option(False, "--json", help="Machine-readable output"),
    ):
        """Check a planning-EIA run against HJ 130-2019, HJ 131-2021, HJ 2.2-2018 and HJ 2.3-2018 items."""
        from rich.table import Table

        from eia.cli import console, fail

        try:
            out = checklist_for(file, results)
        except EiaError as exc:
            fail(exc, as_json=as_json)
        if as_json:
            print(json.dumps({k: out[k] for k in ("checklists", "items", "summary")}, ensure_ascii=False))
            raise typer.Exit(0)
        colours = {"satisfied": "green", "missing": "red", "not_applicable": "dim"}
        for cl in out["checklists"]:
            t = Table(title=cl["title"]["zh"], show_lines=False)
            for h in ("id", "item", "clause", "status", "evidence"):
                t.add_column(h, overflow="fold")
            for it in (i for i in out["items"] if i["checklist"] == cl["id"]):
                c = colours[it["status"]]
                t.add_row(it["id"], it["text"]["zh"], it["clause"] + ("" if it["verified_clause"] else " *"), f"[{c}]{it['status']}[/{c}]", it["evidence"])
            console.print(t)
        if out.get("note"):
            console.print(f"[yellow]note:[/yellow] {out['note']}")
        s = out["summary"]
        console.print(f"{s['satisfied']} satisfied, {s['missing']} missing, {s['not_applicable']} not applicable  (* clause number not checked against the text)")
        raise typer.Exit(0)
