"""The orchestrator (like pvlib's ModelChain): wires the section runners, owns no physics.

``run_scenario`` validates a scenario, runs each section it has, writes ``results.json``, the run
manifest and the chapters into a temporary directory, and moves that directory into place only
when everything succeeded (see :func:`eia.io.atomic_output_dir`).
"""
from __future__ import annotations

import os
import platform
import time
from pathlib import Path
from typing import Any, Callable

import eia
from eia.context import RunContext
from eia.errors import EiaError
from eia.io import atomic_output_dir, sha256_files, to_jsonable, write_json
from eia.loader import load_model
from eia.scenario import SCHEMA_VERSION, Scenario

__all__ = ["load_scenario", "run_scenario", "compute_results", "RESULTS_SCHEMA_VERSION"]

#: Version of the results.json layout (docs/results-schema.md). Bump the major on breaking changes.
RESULTS_SCHEMA_VERSION = "1.0"


def load_scenario(path: str | Path) -> tuple[Scenario, Any]:
    """Validate a scenario file; raises :class:`eia.errors.ScenarioInvalid` listing every problem."""
    return load_model(Scenario, path)


def _timed(ctx: RunContext, name: str, fn: Callable[[], Any]) -> Any:
    """Run one section, timing it; an unexpected failure becomes a clear run error (exit 3)."""
    t0 = time.perf_counter()
    try:
        return fn()
    except EiaError:
        raise
    except Exception as exc:  # a model could not complete: say where, without a traceback
        if os.environ.get("EIA_DEBUG"):
            raise
        raise EiaError(
            f"run failed in the {name} section: {type(exc).__name__}: {exc} "
            "(no output was written; set EIA_DEBUG=1 to see the traceback)",
            exit_code=3,
        ) from exc
    finally:
        ctx.timings_s[name] = round(time.perf_counter() - t0, 3)


def _relative(p: Path, base: Path) -> str:
    try:
        return p.relative_to(base).as_posix()
    except ValueError:
        return str(p)


def compute_results(ctx: RunContext, scenario_sha256: str) -> dict:
    """Run every section present in the scenario and assemble the results dictionary."""
    sc = ctx.scenario
    results: dict[str, Any] = {
        "schema_version": RESULTS_SCHEMA_VERSION,
        "engine": {"name": "eia-engine", "version": eia.__version__, "python": platform.python_version()},
        "scenario": {
            "file": ctx.scenario_path.name,
            "sha256": scenario_sha256,
            "schema_version": SCHEMA_VERSION,
            "meta": sc.meta.model_dump(mode="json"),
            "cluster": sc.cluster.model_dump(mode="json"),
        },
    }
    if sc.air is not None:
        from eia.air.pipeline import run_air

        ctx.progress("air: dispersion and HJ 2.2-2018 assessment", None)
        results["air"] = _timed(ctx, "air", lambda: run_air(ctx))
    if sc.water is not None:
        from eia.water.pipeline import run_water

        ctx.progress("water: HJ 2.3-2018 models and capacity", None)
        results["water"] = _timed(ctx, "water", lambda: run_water(ctx))
    if sc.enterprises is not None or sc.criteria is not None:
        from eia.admission.pipeline import run_admission

        ctx.progress("admission screening", None)
        results["admission"] = _timed(ctx, "admission", lambda: run_admission(ctx, results))
    from eia.checklists import evaluate

    ctx.progress("regulatory checklists", None)
    results["checklist"] = _timed(ctx, "checklist", lambda: evaluate(ctx, results))
    results["standards"] = [
        {**v, "items": sorted(v["items"]), "unconfirmed": sorted(v["unconfirmed"])}
        for _, v in sorted(ctx.standards_used.items())
    ]
    results["warnings"] = list(ctx.warnings)
    # Input paths are reported relative to the scenario's folder, so results (and chapters) are the
    # same on every machine and in every clone.
    return _strip_prefix(to_jsonable(results), str(ctx.scenario_path.parent) + os.sep)


def _strip_prefix(obj: Any, prefix: str) -> Any:
    if isinstance(obj, str):
        return obj.replace(prefix, "") if prefix in obj else obj
    if isinstance(obj, dict):
        return {k: _strip_prefix(v, prefix) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_strip_prefix(v, prefix) for v in obj]
    return obj


def run_scenario(
    path: str | Path,
    out_dir: str | Path,
    *,
    force: bool = False,
    formats: tuple[str, ...] = ("docx", "md", "html"),
    progress: Callable[[str, float | None], None] | None = None,
    write_chapters: bool = True,
) -> dict:
    """Validate, run and write a complete, atomic output directory; return the manifest."""
    t0 = time.perf_counter()
    scenario, doc = load_scenario(path)
    inputs = sorted(set(doc.files) | set(doc.data_files))
    sha = sha256_files(inputs)
    with atomic_output_dir(out_dir, force=force) as work:
        ctx = RunContext(scenario=scenario, scenario_path=Path(path).resolve(), work_dir=work)
        if progress is not None:
            ctx.progress = progress
        results = compute_results(ctx, sha)
        write_json(work / "results.json", results)
        if write_chapters:
            from eia.report import write_report

            ctx.progress("chapters", None)
            _timed(ctx, "report", lambda: write_report(results, work, formats=formats))
        manifest = {
            "engine_version": eia.__version__,
            "results_schema_version": RESULTS_SCHEMA_VERSION,
            "scenario_file": str(Path(path)),
            "scenario_sha256": sha,
            "input_files": [_relative(p, Path(path).resolve().parent) for p in inputs],
            "standards": [s["standard_id"] for s in results.get("standards", [])],
            "timings_s": {**ctx.timings_s, "total": round(time.perf_counter() - t0, 3)},
            "outputs": sorted(p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file()) + ["manifest.json"],
            "warnings": len(results.get("warnings", [])),
        }
        write_json(work / "manifest.json", manifest)
    return manifest
