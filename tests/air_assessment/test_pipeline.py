"""run_air end to end on the test scenario: contract of results["air"] (docs/results/air.md)."""
from __future__ import annotations

import json

import pytest

from eia.air.pipeline import run_air
from eia.context import RunContext
from eia.io import to_jsonable
from eia.pipeline import load_scenario

from pathlib import Path

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    import eia.air.pipeline as pipeline

    mp = pytest.MonkeyPatch()
    mp.setattr(pipeline, "INLINE_CONTOUR_CELLS", 200)  # grid "main" (17 x 17) -> data_file, "near" (5 x 5) inline
    sc, _ = load_scenario(DATA / "scenario.yaml")
    work = tmp_path_factory.mktemp("run")
    ctx = RunContext(scenario=sc, scenario_path=DATA / "scenario.yaml", work_dir=work)
    out = run_air(ctx)
    mp.undo()
    return out, ctx, work


def test_json_serialisable(result):
    out, _, _ = result
    json.dumps(to_jsonable(out), ensure_ascii=False, allow_nan=False)


def test_total_load_arithmetic(result):
    out, _, _ = result
    tl = out["total_load"]["so2"]
    approved = 0.5 * 8760 * 3600 / 1e6                    # APP: 0.5 g/s
    planned = 60.0 + 0.1 * 4000 * 3600 / 1e6              # P1: 60 t/a; P2: 0.1 g/s for 4000 h
    removed = 1.0 * 8760 * 3600 / 1e6                     # OLD: 1 g/s
    assert tl["existing_t_a"] == pytest.approx(approved)
    assert tl["planned_t_a"] == pytest.approx(planned)
    assert tl["remaining_t_a"] == pytest.approx(100.0 - approved - planned + removed)


def test_estimation_and_grade(result):
    out, _, _ = result
    e = out["estimation"]
    assert {r["source_id"] for r in e["rows"]} == {"P1", "P2"}   # planned sources only
    assert e["pmax"]["pmax_pct"] == max(r["pmax_pct"] for r in e["rows"])
    assert e["grade"] in (1, 2, 3) and e["grade"] <= e["base_grade"]
    # chemical industry (C26), several sources, a report: 5.3.3.2 decided
    assert next(c for c in e["special_cases"] if c["clause"].endswith("5.3.3.2"))["applied"] is True


def test_predictions_rows(result):
    out, _, _ = result
    rows = out["predictions"]["receptors"]
    so2 = {(r["receptor"], r["period"]): r for r in rows if r["pollutant"] == "so2"}
    r = so2[("东村", "annual")]
    assert r["background_ug_m3"] == 12.0 and r["limit_ug_m3"] == 60.0
    assert r["total_pct"] == pytest.approx(100 * r["total_ug_m3"] / 60.0)
    assert so2[("东村", "1h")]["net_upper_bound"] is True           # a so2 source is to be removed
    pm = {(r["receptor"], r["period"]): r for r in rows if r["pollutant"] == "pm10"}
    assert pm[("东村", "24h")]["background_ug_m3"] == 90.0
    assert {r["pollutant"] for r in out["predictions"]["grid_max"]} == {"so2", "no2", "pm10", "h2s"}


def test_report_content_contract(result):
    out, _, work = result
    ids = {t["id"] for t in out["tables"]}
    assert {"air.emissions", "air.estimation", "air.predictions.receptors", "air.protection_distance",
            "air.met.completeness", "air.total_load"} <= ids
    for t in out["tables"]:
        keys = {c["key"] for c in t["columns"]}
        assert t["chapter"] == "air" and set(t["title"]) == {"zh", "en"}
        for row in t["rows"]:
            assert set(row) >= keys
    inline = next(f for f in out["figures"] if f["id"] == "air.contour.so2.1h.near")
    d = inline["data"]
    assert len(d["values"]) == len(d["y_m"]) == 5 and len(d["values"][0]) == len(d["x_m"]) == 5
    assert d["limit"] == 500.0 and d["boundary_m"] and d["sources"] and d["receptors"]
    big = next(f for f in out["figures"] if f["id"] == "air.contour.so2.1h")
    from eia.report.figures import load_figure_data

    data = load_figure_data(big, work)
    assert big["data_file"] in out["artefacts"]
    assert len(data["values"]) == 17 and len(data["values"][0]) == 17 and data["limit"] == 500.0
    rose = next(f for f in out["figures"] if f["kind"] == "wind_rose")["data"]
    assert len(rose["frequency_pct"]) == 16
    assert all(set(p) == {"chapter", "zh", "en"} for p in out["paragraphs"])
    assert {"air/grid_main.parquet", "air/grid_near.parquet"} <= set(out["artefacts"])
    assert (work / "air" / "grid_main.parquet").exists()


def test_warnings_and_standards(result):
    _, ctx, _ = result
    codes = {w["code"] for w in ctx.warnings}
    assert {"air-illustrative-source", "air-illustrative-meteorology", "air-met-mixing-height"} <= codes
    assert "GB 3095-2012" in ctx.standards_used


def test_estimation_only_section(write_scenario, tmp_path):
    """Without meteorology the runner grades and reports, with no predictions or protection distance."""
    p = write_scenario("""
        pollutants: [so2, nox]
        point_sources:
          - {id: s1, x_m: 500, y_m: 500, stack_height_m: 40, stack_diameter_m: 1, exit_velocity_m_s: 10,
             exit_temperature_k: 400, emissions_g_s: {so2: 5, nox: 5}}
        hj22: {estimation: {n_distances: 100}}
        """)
    sc, _ = load_scenario(p)
    ctx = RunContext(scenario=sc, scenario_path=p, work_dir=tmp_path)
    out = run_air(ctx)
    assert out["predictions"] is None and out["meteorology"] is None and out["protection_distance"] is None
    assert out["estimation"]["grade"] in (1, 2, 3)
    assert [r["pollutant"] for r in out["estimation"]["rows"]] == ["so2", "nox"]
    json.dumps(to_jsonable(out), allow_nan=False)
