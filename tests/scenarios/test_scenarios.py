"""The bundled example scenarios: they validate, their illustrative data are reproducible from
their seeds and physically plausible, and the regulator's recheck finds exactly the defects planted
in the flawed claimed-capacity table.

The climatological checks compare the synthetic series with the targets set in
``tools/make_scenario_data.py`` (which cites the climate normals in each scenario's SOURCES.md);
the recheck checks compare with the defects documented in ``scenarios/zhecheng/SOURCES.md``.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(p for p in (ROOT / "scenarios").glob("*/scenario.yaml"))
EXPECTED = {"zhecheng", "heqi", "hebi-circular", "wugang"}


def _tool():
    spec = importlib.util.spec_from_file_location("make_scenario_data", ROOT / "tools" / "make_scenario_data.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_scenario_data"] = mod
    spec.loader.exec_module(mod)
    return mod


TOOL = _tool()


class _Result:
    def __init__(self, code: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = code, stdout, stderr


def _eia(*args: str) -> _Result:
    """Run the CLI in-process (typer's runner), from the repository root."""
    import os

    from typer.testing import CliRunner

    from eia.cli import app

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        r = CliRunner().invoke(app, list(args))
    finally:
        os.chdir(cwd)
    try:
        err = r.stderr
    except ValueError:  # older click: stderr mixed into output
        err = r.output
    return _Result(r.exit_code, r.stdout, err)


def test_all_four_scenarios_present():
    assert {p.parent.name for p in SCENARIOS} == EXPECTED


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.parent.name)
def test_scenario_validates(path):
    from eia.pipeline import load_scenario

    scenario, _ = load_scenario(path)
    # every scenario says, in the sentence printed in every chapter, that data are illustrative
    assert scenario.meta.data_note and "illustrative" in scenario.meta.data_note
    if scenario.air is not None:
        assert scenario.air.meteorology is not None and scenario.air.meteorology.illustrative
        assert all(s.illustrative for s in scenario.air.all_sources())


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.parent.name)
def test_eia_validate_cli_exit_0(path):
    r = _eia("validate", str(path.relative_to(ROOT)), "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    assert json.loads(r.stdout)["ok"] is True


def test_validate_reports_a_typo_with_line_and_exit_1(tmp_path):
    src = (ROOT / "scenarios/zhecheng/scenario.yaml").read_text(encoding="utf-8")
    bad = src.replace("  area_km2: 14\n", "  area_km: 14\n")
    assert bad != src
    p = tmp_path / "scenario.yaml"
    p.write_text(bad, encoding="utf-8")
    for d in ("data", "criteria-zhecheng.yaml"):
        (tmp_path / d).symlink_to(ROOT / "scenarios/zhecheng" / d)
    r = _eia("validate", str(p))
    assert r.returncode == 1
    assert "area_km" in r.stderr


def test_illustrative_files_reproducible_from_seeds():
    assert TOOL.check_all() == []


def test_generation_is_deterministic_and_seed_dependent():
    climate, _ = TOOL.MET_DATASETS["zhecheng"]
    assert TOOL.meteorology_csv(climate) == TOOL.meteorology_csv(climate)
    other = type(climate)(**{**climate.__dict__, "seed": climate.seed + 1})
    assert TOOL.meteorology_csv(other) != TOOL.meteorology_csv(climate)


@pytest.mark.parametrize("key", sorted(TOOL.MET_DATASETS))
def test_meteorology_is_climatologically_plausible(key):
    climate, rel = TOOL.MET_DATASETS[key]
    df = pd.read_csv(ROOT / rel)
    assert len(df) == 8760
    t = pd.to_datetime(df["time"])
    assert t.is_monotonic_increasing and t.diff().dropna().eq(pd.Timedelta(hours=1)).all()
    # annual mean temperature and wind speed near the targets
    assert abs(df["temperature_c"].mean() - climate.mean_temperature_c) < 1.0
    assert abs(df["wind_speed_m_s"].mean() - climate.mean_wind_speed_m_s) / climate.mean_wind_speed_m_s < 0.1
    # seasonal cycle: winter coldest, summer warmest
    monthly = df.groupby(t.dt.month)["temperature_c"].mean()
    assert monthly.idxmin() in (12, 1, 2) and monthly.idxmax() in (6, 7, 8)
    # diurnal cycle: afternoon warmer than before dawn
    hourly = df.groupby(t.dt.hour)["temperature_c"].mean()
    assert hourly.loc[14:16].mean() > hourly.loc[4:6].mean() + 3.0
    # wind: calms are a minority, directions 1..360 for non-calm hours, cloud within 0..10
    calm = df["wind_speed_m_s"] < 0.5
    assert 0.0 < calm.mean() < 0.15
    assert (df.loc[calm, "wind_from_deg"] == 0).all()
    assert df.loc[~calm, "wind_from_deg"].between(1, 360).all()
    assert df["total_cloud_tenths"].between(0, 10).all()
    assert (df["low_cloud_tenths"] <= df["total_cloud_tenths"]).all()
    # the prevailing direction is the most weighted regime's: more hours within +-30 deg of its
    # centre than within +-30 deg of any other regime's centre
    d = df.loc[~calm, "wind_from_deg"].to_numpy(dtype=float)
    w = np.asarray(climate.season_weights).mean(axis=0)
    counts = [np.sum(np.abs((d - c + 180.0) % 360.0 - 180.0) <= 30.0) for c, _ in climate.regimes]
    assert int(np.argmax(counts)) == int(np.argmax(w))


@pytest.mark.parametrize("key", sorted(TOOL.FLOW_DATASETS))
def test_flow_series_has_a_dry_season(key):
    regime, rel = TOOL.FLOW_DATASETS[key]
    df = pd.read_csv(ROOT / rel)
    assert df["year"].nunique() >= 20 and len(df) == 12 * df["year"].nunique()
    assert (df["flow_m3_s"] > 0).all()
    driest = df.loc[df.groupby("year")["flow_m3_s"].idxmin(), "month"]
    # the driest month of most years falls in the dry season (October to May)
    assert driest.isin([10, 11, 12, 1, 2, 3, 4, 5]).mean() >= 0.8
    monthly = df.groupby("month")["flow_m3_s"].mean()
    assert monthly.idxmax() in (7, 8)


def test_heqi_batch_table_matches_the_yaml_applications():
    from eia.admission.batch import read_applications
    from eia.loader import load_model
    from eia.admission.schema import EnterpriseApplication

    batch = read_applications(ROOT / "scenarios/heqi/applications.csv")
    singles = [load_model(EnterpriseApplication, p)[0] for p in sorted((ROOT / "scenarios/heqi/applications").glob("*.yaml"))]
    assert len(batch) == len(singles) == 8
    for a, b in zip(batch, singles):
        assert a.model_dump() == b.model_dump()


def _recheck(table: str) -> tuple[int, dict]:
    r = _eia("recheck", f"scenarios/zhecheng/{table}", "--scenario", "scenarios/zhecheng/scenario.yaml", "--json")
    return r.returncode, json.loads(r.stdout)


def test_recheck_correct_table_passes():
    code, res = _recheck("claimed_capacity_correct.csv")
    assert code == 0
    assert {row["status"] for row in res["rows"]} == {"pass"}


def test_recheck_flawed_table_finds_exactly_the_planted_defects():
    code, res = _recheck("claimed_capacity_flawed.csv")
    assert code == 5
    failed = {(row["zone"], row["pollutant"]) for row in res["rows"] if row["status"] != "pass"}
    assert failed == {(z, p) for z in ("HJ-2", "YA-1") for p in ("cod", "nh3-n", "tp")}
    text = json.dumps(res, ensure_ascii=False)
    assert "design flow" in text and "31.536" in text


@pytest.mark.slow
def test_default_scenario_runs_end_to_end(tmp_path):
    """`make demo`'s scenario runs through every section and writes the chapters (markdown only here).

    The receptor grid is coarsened to 1 km and the cluster-wide protection-distance grid is switched
    off to keep the test short; everything else is the bundled file.
    """
    import yaml

    from eia.pipeline import run_scenario

    src = ROOT / "scenarios/zhecheng"
    doc = yaml.safe_load((src / "scenario.yaml").read_text(encoding="utf-8"))
    for g in doc["air"]["receptors"]["grids"]:
        g["dx_m"] = g["dy_m"] = 1000
    doc["air"]["protection_distance"]["enabled"] = False  # the cluster-wide 50 m grid is the slow part
    work = tmp_path / "scenario"
    work.mkdir()
    for name in ("data", "criteria-zhecheng.yaml"):
        (work / name).symlink_to(src / name)
    (work / "scenario.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "zhecheng"
    manifest = run_scenario(work / "scenario.yaml", out, formats=("md",))
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    for section in ("air", "water", "admission", "checklist"):
        assert section in results
    assert (out / "chapters" / "chapters.md").is_file()
    # the data note reaches the chapters, and illustrative inputs are flagged as warnings
    assert "illustrative" in (out / "chapters" / "chapters.md").read_text(encoding="utf-8")
    codes = {w["code"] for w in results["warnings"]}
    assert "air-illustrative-meteorology" in codes
    # the admission screening used the run's remaining capacities: ZC-02's NH3-N exceeds its share
    verdicts = {s["id"]: s["verdict"] for s in results["admission"]["screenings"]}
    assert verdicts["ZC-02"] == "reject"
    assert manifest["warnings"] == len(results["warnings"])


def test_heqi_batch_verdicts_as_documented_in_the_park_engineer_guide():
    """The eight Heqi applications, screened in order, give the verdicts the guide explains.

    The remaining air caps are computed here from the scenario (cap - existing - planned) and the
    atmospheric protection distance of the applicants' own sources is stubbed at 0 m, so the test
    checks the scenario's design (criteria, applications, caps) without an hourly air run.
    """
    from eia.admission.batch import read_applications
    from eia.admission.engine import build_environment, resolve_criteria, screen_batch
    from eia.pipeline import load_scenario

    scenario, _ = load_scenario(ROOT / "scenarios/heqi/scenario.yaml")
    air = scenario.air
    remaining = {}
    for cap in air.total_load:
        used = sum(s.annual_t_a(cap.pollutant) for s in air.all_sources() if s.status in ("existing", "planned"))
        remaining[cap.pollutant] = {"remaining_t_a": cap.cap_t_a - used}
    assert remaining["nox"]["remaining_t_a"] == pytest.approx(120 - 6 - 1.5 - 40)
    env = build_environment(scenario, {"air": {"total_load": remaining}}, apd_model=lambda sources, boundary: 0.0)
    cset, _ = resolve_criteria(scenario.criteria)
    apps = read_applications(ROOT / "scenarios/heqi/applications.csv")
    screenings, _ = screen_batch(apps, cset, env)
    verdicts = {s.name: s.verdict for s in screenings}
    assert [s.verdict for s in screenings] == [
        "reject",                   # HQ-01 tissue paper: not a pillar industry; wastewater over the threshold
        "admit",                    # HQ-02 chicken-bone by-products
        "admit",                    # HQ-03 quick-frozen food
        "admit_with_conditions",    # HQ-04 maltose: clean production III, water/energy intensity
        "admit_with_conditions",    # HQ-05 vehicles: risk ratio Q >= 10
        "needs_more_information",   # HQ-06 quartz crucibles: incomplete application
        "reject",                   # HQ-07 meat pigeons: farming, negative list
        "admit",                    # HQ-08 inland port logistics
    ], verdicts
