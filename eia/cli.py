"""Command-line interface: ``eia validate|run|report|standards|capacity|recheck|screen|checklist``.

Exit codes (docs/user-guide.md): 0 success; 1 invalid input; 2 usage error; 3 run failed;
4 output exists (use --force); ``screen``: 0 admit, 10 admit with conditions, 11 reject,
12 needs more information; ``recheck``: 0 all rows within tolerance, 5 some differ or cannot be
recomputed.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console

import eia
from eia.errors import EiaError, ScenarioInvalid

app = typer.Typer(
    name="eia",
    help="Environmental impact assessment engine for planning EIAs of industrial clusters (HJ 130/131, HJ 2.2, HJ 2.3).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


def fail(exc: EiaError, *, as_json: bool = False) -> None:
    """Print a user error (no traceback) and exit with its code."""
    if as_json:
        payload = {"ok": False, "error": exc.message, "exit_code": exc.exit_code}
        if isinstance(exc, ScenarioInvalid):
            payload["problems"] = [p.__dict__ for p in exc.problems]
        print(json.dumps(payload, ensure_ascii=False))
    else:
        err_console.print(exc.message, markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(exc.exit_code)


@app.callback()
def _main(version: bool = typer.Option(False, "--version", help="Print the engine version and exit.")):
    if version:
        console.print(f"eia-engine {eia.__version__}")
        raise typer.Exit(0)


_VALIDATE_KINDS = ("scenario", "application", "criteria")


@app.command()
def validate(
    file: Path = typer.Argument(..., help="Scenario file (.yaml, .yml, .toml or .json)"),
    kind: str = typer.Option("scenario", "--as", help="What the file is: scenario, application (an enterprise's) or criteria (a criteria set)"),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output"),
):
    """Check a scenario (or application, criteria) file; report every problem as file:line: field.path: message."""
    if kind not in _VALIDATE_KINDS:
        fail(EiaError(f"--as: unknown kind {kind!r}; expected one of {', '.join(_VALIDATE_KINDS)}", exit_code=2), as_json=as_json)
    if kind != "scenario":
        from eia.admission.schema import CriteriaSet, EnterpriseApplication
        from eia.loader import load_model

        try:
            load_model(EnterpriseApplication if kind == "application" else CriteriaSet, file)
        except EiaError as exc:
            fail(exc, as_json=as_json)
        if as_json:
            print(json.dumps({"ok": True, "file": str(file), "kind": kind}, ensure_ascii=False))
        else:
            console.print(f"{file}: valid {kind}", markup=False, highlight=False)
        return
    from eia.pipeline import load_scenario

    try:
        scenario, doc = load_scenario(file)
    except EiaError as exc:
        fail(exc, as_json=as_json)
    sections = [s for s in ("air", "water", "enterprises", "criteria") if getattr(scenario, s) is not None]
    if as_json:
        print(json.dumps({"ok": True, "file": str(file), "sections": sections, "files": [str(p) for p in doc.files]}, ensure_ascii=False))
    else:
        console.print(f"{file}: valid ({', '.join(['meta', 'cluster', *sections])})", markup=False, highlight=False)


@app.command()
def run(
    file: Path = typer.Argument(..., help="Scenario file"),
    out: Path = typer.Option(..., "--out", "-o", help="Output directory (created atomically)"),
    force: bool = typer.Option(False, "--force", help="Replace an existing output directory"),
    formats: str = typer.Option("docx,md,html", "--formats", help="Chapter formats: any of docx, md, html"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display"),
    as_json: bool = typer.Option(False, "--json", help="Print the run manifest as JSON (implies --quiet)"),
):
    """Validate a scenario, run its sections and write results.json, manifest.json and the chapters."""
    from eia.pipeline import run_scenario

    fmts = tuple(f.strip() for f in formats.split(",") if f.strip())
    bad = [f for f in fmts if f not in ("docx", "md", "html")]
    if bad:
        fail(EiaError(f"--formats: unknown format(s) {bad}; expected docx, md, html", exit_code=2), as_json=as_json)
    try:
        if quiet or as_json:
            manifest = run_scenario(file, out, force=force, formats=fmts)
        else:
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err_console, transient=True) as prog:
                task = prog.add_task("validating", total=None)

                def progress(message: str, fraction: float | None = None) -> None:
                    prog.update(task, description=message)

                manifest = run_scenario(file, out, force=force, formats=fmts, progress=progress)
    except EiaError as exc:
        fail(exc, as_json=as_json)
    if as_json:
        print(json.dumps(manifest, ensure_ascii=False))
    else:
        console.print(f"wrote {out}/ ({len(manifest['outputs'])} files, {manifest['timings_s']['total']:.1f} s)", markup=False, highlight=False)
        if manifest["warnings"]:
            console.print(f"{manifest['warnings']} warning(s): see results.json and the chapters", markup=False)


def _register_subsystems() -> None:
    import importlib

    for mod in ("eia.standards.cli", "eia.water.cli", "eia.admission.cli", "eia.checklists.cli", "eia.report.cli"):
        try:
            module = importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name and mod.startswith(exc.name):  # that subsystem is not in this build
                continue
            raise
        module.register(app)


_register_subsystems()


def main() -> None:
    try:
        app()
    except EiaError as exc:  # a subsystem command raised without going through fail()
        err_console.print(exc.message, markup=False, highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
