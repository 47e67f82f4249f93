"""``eia screen``: admission screening of one application or of a batch table.

Exit codes (single application): 0 admit, 10 admit with conditions, 11 reject, 12 needs more
information, 1 invalid input, 4 output exists. Batch (CSV/XLSX): the code of the batch's deciding
verdict with the same precedence as a single verdict — 11 if any application is rejected, else 12
if any needs more information, else 10 if any is admitted with conditions, else 0; 1 for invalid
input.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

import typer

from eia.errors import EiaError

__all__ = ["register", "cluster_results", "screen_file"]

_COLOURS = {"pass": "green", "fail": "red", "condition": "yellow", "missing-data": "magenta", "not-applicable": "dim"}
_VCOLOURS = {"admit": "green", "admit_with_conditions": "yellow", "reject": "red", "needs_more_information": "magenta"}


def cluster_results(scenario, scenario_path: Path, results_path: Path | None, progress=None) -> tuple[dict, list[str]]:
    """The run results the screening needs (remaining capacities, WWTP): from a results.json, or by
    running the scenario's air and water sections now. Returns (results, notes)."""
    notes: list[str] = []
    if results_path is not None:
        try:
            return json.loads(Path(results_path).read_text(encoding="utf-8")), notes
        except (OSError, json.JSONDecodeError) as exc:
            raise EiaError(f"--results {results_path}: cannot read ({exc})", exit_code=1) from None
    from eia.context import RunContext

    results: dict = {}
    with tempfile.TemporaryDirectory(prefix="eia-screen-") as tmp:
        ctx = RunContext(scenario=scenario, scenario_path=Path(scenario_path).resolve(), work_dir=Path(tmp))
        for name, mod, fn in (("air", "eia.air.pipeline", "run_air"), ("water", "eia.water.pipeline", "run_water")):
            if getattr(scenario, name) is None:
                continue
            try:
                import importlib

                runner = getattr(importlib.import_module(mod), fn)
            except (ImportError, AttributeError):
                notes.append(f"{name} section not run: {mod}.{fn} is not available in this build")
                continue
            if progress:
                progress(f"{name}: computing the remaining capacity")
            try:
                results[name] = runner(ctx)
            except (ValueError, ArithmeticError) as exc:
                raise EiaError(f"{name} section failed: {exc}", exit_code=3) from exc
        notes += [w["message"] for w in ctx.warnings]
    return results, notes


def _print_single(console, s, cset) -> None:
    from rich.table import Table

    from eia.admission.engine import VERDICTS
    from eia.admission.pipeline import _evidence_text

    console.print(f"[bold]{s.name}[/bold] — {cset.title} ({cset.id} v{cset.version})")
    t = Table(show_lines=True)
    for h in ("rule", "dimension", "outcome", "finding", "evidence", "clause / source"):
        t.add_column(h, overflow="fold")
    for r in s.rules:
        c = _COLOURS[r["outcome"]]
        src = r["source"]["document"] + (" " + r["source"]["clause"] if r["source"].get("clause") else "")
        t.add_row(r["rule_id"], r["dimension_label"]["zh"], f"[{c}]{r['outcome']}[/{c}]", r["message"]["zh"],
                  _evidence_text(r["evidence"]) or "—", f"{r['clause']}\n[dim]{src}[/dim]")
    console.print(t)
    vc = _VCOLOURS[s.verdict]
    console.print(f"verdict: [bold {vc}]{VERDICTS[s.verdict]['zh']} ({VERDICTS[s.verdict]['en']})[/bold {vc}]"
                  + (f"  deciding: {', '.join(s.deciding_rules)}" if s.deciding_rules else ""))


def screen_file(enterprise: Path, scenario_path: Path, out: Path | None, results_path: Path | None = None, force: bool = False,
                console=None) -> int:
    """Screen an application file (YAML/TOML/JSON) or a batch table (CSV/XLSX); return the exit code."""
    from eia.admission.batch import batch_rows, read_applications, write_batch_table
    from eia.admission.engine import EXIT_CODES, build_environment, resolve_criteria, screen_batch
    from eia.admission.note import note_markdown, write_note_docx
    from eia.admission.schema import EnterpriseApplication
    from eia.io import atomic_output_dir, to_jsonable, write_json
    from eia.loader import load_model
    from eia.pipeline import load_scenario

    scenario, _ = load_scenario(scenario_path)
    batch = enterprise.suffix.lower() in (".csv", ".xlsx", ".xlsm")
    if batch:
        apps = read_applications(enterprise)
    else:
        app, _ = load_model(EnterpriseApplication, enterprise)
        apps = [app]
    cset, origin = resolve_criteria(scenario.criteria)
    results, notes = cluster_results(scenario, scenario_path, results_path)
    env = build_environment(scenario, results)
    screenings, ledger = screen_batch(apps, cset, env)
    warns = notes + sorted({m for s in screenings for _, m in s.warnings})
    crit = {"id": cset.id, "version": cset.version, "title": cset.title, "issuing_document": cset.issuing_document,
            "effective_date": cset.effective_date.isoformat(), "origin": origin}
    cluster = scenario.cluster.name
    if console is not None:
        if batch:
            from rich.table import Table

            from eia.admission.engine import VERDICTS

            t = Table(title=f"{cluster}: {len(screenings)} application(s), {cset.id} v{cset.version}")
            for h in ("#", "enterprise", "verdict", "deciding rules"):
                t.add_column(h, overflow="fold")
            for s in screenings:
                vc = _VCOLOURS[s.verdict]
                t.add_row(str(s.index + 1), s.name, f"[{vc}]{VERDICTS[s.verdict]['zh']}[/{vc}]", ", ".join(s.deciding_rules) or "—")
            console.print(t)
        else:
            _print_single(console, screenings[0], cset)
        for w in warns:
            console.print(f"[dim]note: {w}[/dim]")
    if out is not None:
        with atomic_output_dir(out, force=force) as work:
            if batch:
                rule_ids = [r.id for r in cset.rules if r.enabled]
                write_batch_table(batch_rows(screenings, rule_ids), work)
                write_json(work / "screening.json", to_jsonable({"criteria": crit, "screenings": [s.to_dict() for s in screenings],
                                                                 "consumed": [{"budget": "/".join(k), "amount": v} for k, v in ledger.consumed.items()],
                                                                 "notes": warns}))
            else:
                sd = to_jsonable(screenings[0].to_dict())
                write_json(work / "screening.json", {"criteria": crit, "screening": sd, "notes": warns})
                (work / "screening.md").write_text(note_markdown(sd, crit, cluster, warns), encoding="utf-8")
                write_note_docx(work / "screening.docx", sd, crit, cluster, warns)
        if console is not None:
            console.print(f"wrote {out}/")
    order = ("reject", "needs_more_information", "admit_with_conditions")
    verdicts = {s.verdict for s in screenings}
    for v in order:
        if v in verdicts:
            return EXIT_CODES[v]
    return 0


def register(app: typer.Typer) -> None:
    """Add ``eia screen`` to the top-level CLI."""

    @app.command()
    def screen(
        enterprise: Path = typer.Argument(..., help="Application (.yaml/.toml/.json) or batch table (.csv/.xlsx)"),
        scenario: Path = typer.Option(..., "--scenario", "-s", help="Cluster scenario file"),
        out: Path | None = typer.Option(None, "--out", "-o", help="Write JSON + Markdown + .docx note (batch: CSV + XLSX table) here"),
        results: Path | None = typer.Option(None, "--results", help="Take remaining capacities from this results.json instead of running air/water"),
        force: bool = typer.Option(False, "--force", help="Replace an existing output directory"),
    ):
        """Screen enterprise(s) against the cluster's admission criteria (exit 0 admit, 10 conditions, 11 reject, 12 more information)."""
        from eia.cli import console, fail

        try:
            code = screen_file(enterprise, scenario, out, results, force, console=console)
        except EiaError as exc:
            fail(exc)
        raise typer.Exit(code)
