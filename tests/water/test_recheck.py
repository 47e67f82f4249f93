"""The regulator's recheck of a claimed capacity table (eia.water.recheck, `eia recheck`)."""
import csv
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from eia.cli import app
from eia.pipeline import load_scenario
from eia.water.pipeline import compute_capacity, make_limit_fn
from eia.water.recheck import diagnose_ratio, parse_tolerance, read_claimed_table, recheck
from models.water.capacity import capacity_t_a

DATA = Path(__file__).parent / "data_capacity" / "scenario.yaml"
HEAD = ["zone", "pollutant", "control_mode", "design_flow_m3_s", "c0_mg_l", "cs_mg_l", "k", "k_unit", "velocity_m_s",
        "length_m", "q_effluent_m3_s", "outfall_distance_m", "claimed_capacity_t_a"]
runner = CliRunner()


@pytest.fixture(scope="module")
def scenario_rows():
    sc, _ = load_scenario(DATA)
    return sc, [r for r in compute_capacity(sc.water, make_limit_fn())["rows"] if r["primary"]]


def _claim(r, **override):
    d = {"zone": r["zone"], "pollutant": r["pollutant"], "control_mode": r["control_mode"],
         "design_flow_m3_s": r["design_flow_m3_s"], "c0_mg_l": r["c0_mg_l"], "cs_mg_l": r["cs_mg_l"], "k": r["k_per_day"],
         "k_unit": "1/d", "velocity_m_s": r["velocity_m_s"], "length_m": r["length_m"], "q_effluent_m3_s": r["q_effluent_m3_s"],
         "outfall_distance_m": r["outfall_distance_m"], "claimed_capacity_t_a": r["capacity_t_a"]}
    d.update(override)
    return d


def _consistent_capacity(d, margin):
    """The capacity an assessor would claim from the row's own (possibly wrong) inputs."""
    k = d["k"] * (86400 if d["k_unit"] == "1/s" else 1)
    return capacity_t_a(mode=d["control_mode"], cs_mg_l=d["cs_mg_l"], c0_mg_l=d["c0_mg_l"], q_upstream_m3_s=d["design_flow_m3_s"],
                        k_per_day=k, velocity_m_s=d["velocity_m_s"], length_m=d["length_m"], q_effluent_m3_s=d["q_effluent_m3_s"],
                        outfall_distance_m=d["outfall_distance_m"], safety_margin_pct=margin)


def _write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=HEAD)
        w.writeheader()
        w.writerows(rows)
    return path


def test_correct_table_passes_exit_0(tmp_path, scenario_rows):
    _, rows = scenario_rows
    f = _write(tmp_path / "claimed.csv", [_claim(r) for r in rows])
    res = runner.invoke(app, ["recheck", str(f), "--scenario", str(DATA), "--out", str(tmp_path / "out"), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["summary"] == {"rows": len(rows), "pass": len(rows), "fail": 0, "not_recomputed": 0, "all_pass": True}
    for name in ("recheck.csv", "recheck.xlsx", "recheck.md", "recheck.json"):
        assert (tmp_path / "out" / name).is_file()


def test_planted_wrong_design_flow_found(tmp_path, scenario_rows):
    sc, rows = scenario_rows
    r = rows[0]  # Z1 cod, design flow 8 m3/s in the scenario
    bad = _claim(r, design_flow_m3_s=r["design_flow_m3_s"] * 10)
    bad["claimed_capacity_t_a"] = _consistent_capacity(bad, sc.water.capacity.safety_margin_pct)
    f = _write(tmp_path / "c.csv", [bad] + [_claim(x) for x in rows[1:]])
    res = runner.invoke(app, ["recheck", str(f), "--scenario", str(DATA), "--json"])
    assert res.exit_code == 5
    row = json.loads(res.output)["rows"][0]
    assert row["status"] == "fail"
    assert "design flow differs: claimed 80 vs 8 m3/s (x10: unit slip or misplaced decimal?)" in row["diagnosis"]
    assert not any(d.startswith("arithmetic") for d in row["diagnosis"])  # the claim is self-consistent
    assert row["claimed_inputs"]["design_flow_m3_s"] == 80 and row["scenario_inputs"]["design_flow_m3_s"] == 8


def test_unit_slip_on_k_found(tmp_path, scenario_rows):
    sc, rows = scenario_rows
    r = rows[0]
    bad = _claim(r, k=r["k_per_day"] / 86400, k_unit="1/d")  # converted to 1/s but labelled 1/d
    bad["claimed_capacity_t_a"] = _consistent_capacity(bad, sc.water.capacity.safety_margin_pct)
    res = recheck(sc.water, read_claimed_table(_write(tmp_path / "k.csv", [bad])), make_limit_fn(), 0.01)
    row = res["rows"][0]
    assert row["status"] == "fail"
    assert any(d.startswith("k differs") and "/86400: per-second vs per-day slip?" in d for d in row["diagnosis"])


def test_arithmetic_slip_found(tmp_path, scenario_rows):
    sc, rows = scenario_rows
    bad = _claim(rows[1])
    bad["claimed_capacity_t_a"] = rows[1]["capacity_t_a"] / 31.536  # left in g/s
    res = recheck(sc.water, read_claimed_table(_write(tmp_path / "a.csv", [bad])), make_limit_fn(), 0.01)
    d = res["rows"][0]["diagnosis"]
    assert any(x.startswith("arithmetic") and "g/s vs t/a" in x for x in d)


def test_rows_not_recomputable_are_listed(tmp_path, scenario_rows):
    sc, rows = scenario_rows
    claims = [_claim(rows[0]), _claim(rows[0], zone="Z9"), _claim(rows[0], pollutant="tp"),
              _claim(rows[0], claimed_capacity_t_a="abc"), _claim(rows[0], control_mode="段尾控制")]
    claims[4]["claimed_capacity_t_a"] = next(r for r in compute_capacity(sc.water, make_limit_fn())["rows"]
                                             if r["zone"] == "Z1" and r["pollutant"] == "cod" and r["control_mode"] == "segment-end")["capacity_t_a"]
    res = recheck(sc.water, read_claimed_table(_write(tmp_path / "m.csv", claims)), make_limit_fn(), 0.01)
    st = [r["status"] for r in res["rows"]]
    assert st[0] == "pass" and st[1:4] == ["not recomputed"] * 3
    assert "unknown zone 'Z9'" in res["rows"][1]["diagnosis"][0]
    assert "missing data" in res["rows"][2]["diagnosis"][0]
    assert any("not a number" in d for d in res["rows"][3]["diagnosis"])
    assert res["rows"][4]["control_mode"] == "segment-end" and st[4] == "pass"  # Chinese mode name accepted
    assert [r["line"] for r in res["rows"]] == [2, 3, 4, 5, 6]
    assert res["summary"]["not_recomputed"] == 3 and not res["summary"]["all_pass"]


def test_xlsx_with_chinese_headers(tmp_path, scenario_rows):
    _, rows = scenario_rows
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["水功能区", "污染物", "控制方式", "设计流量", "水环境容量(t/a)"])
    for r in rows:
        ws.append([r["zone"], r["pollutant"], "功能区末端控制", r["design_flow_m3_s"], r["capacity_t_a"]])
    f = tmp_path / "c.xlsx"
    wb.save(f)
    res = runner.invoke(app, ["recheck", str(f), "--scenario", str(DATA)])
    assert res.exit_code == 0, res.output


def test_invalid_input_exit_1(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("zone,pollutant\nZ1,cod\n", encoding="utf-8")
    res = runner.invoke(app, ["recheck", str(f), "--scenario", str(DATA)])
    assert res.exit_code == 1 and "claimed_capacity_t_a" in res.output
    res = runner.invoke(app, ["recheck", str(tmp_path / "nope.csv"), "--scenario", str(DATA)])
    assert res.exit_code == 1


def test_tolerance_and_ratio_helpers():
    assert parse_tolerance("1%") == pytest.approx(0.01) and parse_tolerance("0.02") == 0.02
    assert diagnose_ratio(12.0, 1.2).startswith("x10") and diagnose_ratio(1.2, 12.0).startswith("/10")
    assert diagnose_ratio(1.0, 1.3) is None


def test_capacity_command_writes_tables(tmp_path):
    res = runner.invoke(app, ["capacity", str(DATA), "--out", str(tmp_path), "--json"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)["rows"]
    assert {r["zone"] for r in rows} == {"Z1", "Z2", "Z3"}
    for name in ("capacity.csv", "capacity.xlsx", "capacity.md"):
        assert (tmp_path / name).is_file()


def test_template_example_in_docs_passes(tmp_path):
    doc = (Path(__file__).parents[2] / "docs" / "recheck-template.md").read_text(encoding="utf-8")
    block = doc.split("```csv\n", 1)[1].split("```", 1)[0]
    f = tmp_path / "claimed.csv"
    f.write_text(block, encoding="utf-8")
    res = runner.invoke(app, ["recheck", str(f), "--scenario", str(DATA), "--json"])
    assert res.exit_code == 0, res.output
    for r in json.loads(res.output)["rows"]:
        assert all(d.startswith("control mode") for d in r["diagnosis"]), r["diagnosis"]


def test_margin_and_mode_slips_named(tmp_path, scenario_rows):
    sc, rows = scenario_rows
    r = rows[0]
    gross = _claim(r, claimed_capacity_t_a=r["capacity_gross_t_a"])  # margin not deducted
    res = recheck(sc.water, read_claimed_table(_write(tmp_path / "g.csv", [gross])), make_limit_fn(), 0.01)
    row = res["rows"][0]
    assert row["status"] == "fail"
    assert any("matches the scenario's zone-end capacity with a 0% safety margin" in d for d in row["diagnosis"])
