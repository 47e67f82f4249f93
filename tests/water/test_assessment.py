"""Scenario checks, network predictions, HJ 2.3-2018 indices and grade, and run_water results."""
import copy
import json
import math
import tempfile
from pathlib import Path

import numpy as np
import pytest
import yaml
from hypothesis import given, settings, strategies as st

from eia.context import RunContext
from eia.errors import ScenarioInvalid
from eia.io import to_jsonable
from eia.loader import load_model
from eia.pipeline import load_scenario
from eia.scenario import Scenario
from eia.water.assessment import do_saturation_hj23, index_do, index_ph, index_single
from eia.water.grading import assess_grade, pollutant_equivalents, table1_grade
from eia.water.network import ReachHydraulics, solve_network
from eia.water.pipeline import _equivalent_fn, make_limit_fn, run_water
from eia.water.schema import WaterSection

DATA = Path(__file__).parent / "data_capacity"
BASE = yaml.safe_load((DATA / "scenario.yaml").read_text(encoding="utf-8"))


def _load(mod, tmp_path):
    doc = copy.deepcopy(BASE)
    doc["water"]["reaches"][1]["hydrology"]["flow_series"]["file"] = str(DATA / "monthly_flow.csv")
    mod(doc["water"])
    p = tmp_path / "s.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_model(Scenario, p)


def _problems(mod, tmp_path):
    with pytest.raises(ScenarioInvalid) as ei:
        _load(mod, tmp_path)
    return ei.value.message


# ------------------------------------------------------------------ input checks (file:line: field: message)
def test_valid_scenario_loads(tmp_path):
    sc, _ = _load(lambda w: None, tmp_path)
    assert sc.water.reaches[0].decay["nh3-n"] == 0.15


@pytest.mark.parametrize("mod,expect", [
    (lambda w: w["reaches"][0]["hydrology"].update(design_flow_m3_s=-1.0), "design flow -1 m3/s"),
    (lambda w: w["reaches"][0]["hydrology"].update(design_flow_m3_s=0), "design flow 0 m3/s"),
    (lambda w: w["reaches"][0]["decay"].update(cod=0.2), "bare number is ambiguous"),
    (lambda w: w["reaches"][0]["decay"].update(cod="0.2"), "has no unit"),
    (lambda w: w["reaches"][0]["decay"].update(cod="0.2 m"), "different dimension"),
    (lambda w: w["outfalls"][0].update(chainage_m=25000), "outfall 'WWTP': chainage 25000 m is outside reach 'main'"),
    (lambda w: w["reaches"][1].update(downstream="nowhere"), "downstream 'nowhere' is not a reach"),
    (lambda w: w["reaches"][1].update(downstream=None, joins_at_m=None), "do not connect"),
    (lambda w: w["reaches"][0].update(downstream="trib", joins_at_m=10), "cycle"),
    (lambda w: w["reaches"][1].update(joins_at_m=30000), "beyond the end of 'main'"),
    (lambda w: w["reaches"][1]["decay"].pop("cod"), "reach 'trib': no decay rate for 'cod'"),
    (lambda w: w["zones"][1].update(start_m=11000), "overlap"),
])
def test_bad_input_is_named(tmp_path, mod, expect):
    msg = _problems(mod, tmp_path)
    assert expect in msg
    assert "s.yaml:" in msg and "water" in msg  # file:line: field path: message


def test_missing_months_in_flow_series(tmp_path):
    rows = (DATA / "monthly_flow.csv").read_text().splitlines()
    bad = [r for r in rows if not r.startswith("2005,3,")]
    f = tmp_path / "flows.csv"
    f.write_text("\n".join(bad) + "\n")

    def mod(w):
        w["reaches"][1]["hydrology"]["flow_series"]["file"] = str(f)

    assert "2005: missing month(s) [3]" in _problems(mod, tmp_path)


# ------------------------------------------------------------------ network properties
def _tree_water(lengths, flows, c_heads, k, outfalls=(), withdrawals=()):
    reaches = []
    for i, (L, q, c) in enumerate(zip(lengths, flows, c_heads)):
        r = {"id": f"r{i}", "length_m": L, "hydrology": {"design_flow_m3_s": q}, "geometry": {"velocity_m_s": 0.3},
             "decay": {"x": f"{k} /d"}, "upstream_concentrations_mg_l": {"x": c}}
        if i > 0:
            r.update(downstream="r0", joins_at_m=lengths[0] * i / (len(lengths) + 1))
        reaches.append(r)
    return WaterSection.model_validate({
        "reaches": reaches, "zones": [{"id": "z", "reach": "r0", "start_m": 0, "end_m": lengths[0], "target_class": "III"}],
        "outfalls": list(outfalls), "withdrawals": list(withdrawals), "capacity": {"pollutants": ["x"]}})


def _hyd(w):
    return {r.id: ReachHydraulics(design_flow_m3_s=r.hydrology.design_flow_m3_s, velocity_m_s=0.3) for r in w.reaches}


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 4), data=st.data())
def test_mass_conserved_at_every_junction_and_outfall(n, data):
    lengths = [data.draw(st.floats(1000, 30000)) for _ in range(n)]
    flows = [data.draw(st.floats(0.1, 50)) for _ in range(n)]
    cs = [data.draw(st.floats(0, 50)) for _ in range(n)]
    k = data.draw(st.floats(0, 1))
    outs = [{"id": f"o{j}", "reach": "r0", "chainage_m": data.draw(st.floats(0, lengths[0])),
             "flow_m3_d": data.draw(st.floats(10, 1e5)), "concentrations_mg_l": {"x": data.draw(st.floats(0, 500))}}
            for j in range(data.draw(st.integers(0, 3)))]
    w = _tree_water(lengths, flows, cs, k, outs)
    sol = solve_network(w, _hyd(w), "x")
    assert len(sol.mix_points) == (n - 1) + len(outs)
    for m in sol.mix_points:
        (qa, qb), (ca, cb) = m["q_in"], m["c_in"]
        assert m["q_out"] == pytest.approx(qa + qb)
        assert m["c_out"] * m["q_out"] == pytest.approx(ca * qa + cb * qb, rel=1e-12, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(L=st.floats(500, 50000), q=st.floats(0.5, 50), c=st.floats(0.1, 100), k=st.floats(0, 2),
       wq=st.floats(0.01, 0.4), wx=st.floats(0, 1))
def test_decaying_pollutant_non_increasing_without_loads(L, q, c, k, wq, wx):
    w = _tree_water([L], [q], [c], k, withdrawals=[{"id": "w", "reach": "r0", "chainage_m": wx * L, "flow_m3_s": wq * q}])
    x, conc, _ = solve_network(w, _hyd(w), "x").profile("r0", 30)
    assert np.all(np.diff(conc[:, 0]) <= 1e-12)
    assert conc[-1, 0] == pytest.approx(c * math.exp(-k / 86400 * L / 0.3))


@settings(max_examples=30, deadline=None)
@given(n=st.integers(2, 4), c=st.floats(0.1, 50), k=st.floats(0, 1), data=st.data())
def test_tree_without_loads_never_exceeds_equal_heads(n, c, k, data):
    lengths = [data.draw(st.floats(1000, 30000)) for _ in range(n)]
    flows = [data.draw(st.floats(0.1, 50)) for _ in range(n)]
    w = _tree_water(lengths, flows, [c] * n, k)
    sol = solve_network(w, _hyd(w), "x")
    for r in w.reaches:
        _, conc, _ = sol.profile(r.id)
        assert np.all(conc[:, 0] <= c * (1 + 1e-12))


def test_unit_response_superposition():
    outs = [{"id": "a", "reach": "r0", "chainage_m": 1000, "flow_m3_d": 8640, "concentrations_mg_l": {"x": 30}}]
    w = _tree_water([10000], [2.0], [5.0], 0.3, outs)
    sol = solve_network(w, _hyd(w), "x", unit_outfalls=["a"])
    base, a = sol.at("r0", 9000)[0], sol.at("r0", 9000)[1]
    sol2 = solve_network(w, _hyd(w), "x", extra_loads_g_s={"a": 2.5})
    assert sol2.at("r0", 9000)[0] == pytest.approx(base + 2.5 * a)


# ------------------------------------------------------------------ HJ 2.3-2018 indices (Appendix D)
def test_indices_hand_values():
    assert index_single(30.0, 20.0) == pytest.approx(1.5)
    dof = 468 / (31.6 + 20)  # 9.0698
    assert do_saturation_hj23(20) == pytest.approx(dof)
    assert index_do(6.0, 5.0, 20) == pytest.approx((dof - 6) / (dof - 5))  # 0.7543
    assert index_do(6.0, 5.0, 20) == pytest.approx(0.7543, abs=1e-4)
    assert index_do(4.0, 5.0, 20) == pytest.approx(10 - 9 * 4 / 5)  # 2.8
    assert index_ph(8.5) == pytest.approx(0.75) and index_ph(6.5) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="cs_mg_l"):
        index_single(1.0, 0.0)


# ------------------------------------------------------------------ HJ 2.3-2018 Table 1 grade
@pytest.mark.parametrize("disc,q,w,grade", [
    ("direct", 20000, 0, "一级"), ("direct", 100, 600000, "一级"), ("direct", 19999, 599999, "二级"),
    ("direct", 199, 5999, "三级A"), ("direct", 200, 10, "二级"), ("direct", 10, 6000, "二级"), ("indirect", 1e6, 1e9, "三级B"),
])
def test_table1(disc, q, w, grade):
    assert table1_grade(disc, q, w) == grade


def test_note1_class1_summed_others_ranked():
    eq = {"hg": (0.0005, True), "cd": (0.005, True), "cod": (1.0, False), "nh3-n": (0.8, False)}
    res = pollutant_equivalents({"hg": 1.0, "cd": 10.0, "cod": 3000.0, "nh3-n": 800.0}, lambda p: eq[p])
    # hg 1/0.0005 = 2000, cd 10/0.005 = 2000 -> class-1 sum 4000 > cod 3000 > nh3-n 1000
    assert res["class1_sum"] == pytest.approx(4000) and res["w"] == pytest.approx(4000)
    assert res["w_basis"].startswith("class-1")
    res2 = pollutant_equivalents({"cod": 3000.0, "xyz": 1.0}, lambda p: eq[p])
    assert res2["w"] == 3000 and res2["unknown"] == ["xyz"]


def test_grade_notes_from_scenario(tmp_path):
    sc, _ = _load(lambda w: None, tmp_path)
    g = assess_grade(sc.water, _equivalent_fn, make_limit_fn())
    assert g["q_m3_d"] == pytest.approx(28000) and g["table1_grade"] == "一级"
    status = {n["note"]: n["status"] for n in g["notes"]}
    assert status[1] == "applied" and status[5] == "applied"  # Z2 is protected and downstream
    assert {2, 3, 6, 8, 9, 10} <= set(g["undecided"])
    # note 10 (all wastewater reused) overrides to 三级B; note 4 with a class-1 pollutant raises to 一级
    sc2, _ = _load(lambda w: w.update(grading={"all_wastewater_reused": True}), tmp_path)
    assert assess_grade(sc2.water, _equivalent_fn, make_limit_fn())["grade"] == "三级B"

    def small(w):
        for o in w["outfalls"]:
            o["flow_m3_d"] = 50
        w["outfalls"][0]["concentrations_mg_l"]["hg"] = 0.001
        for z in w["zones"]:
            z["protected"] = False

    sc3, _ = _load(small, tmp_path)
    g3 = assess_grade(sc3.water, _equivalent_fn, make_limit_fn())
    assert g3["table1_grade"] == "三级A" and g3["grade"] == "一级" and 4 in g3["applied"]


# ------------------------------------------------------------------ run_water results contract
def test_run_water_results_contract():
    sc, _ = load_scenario(DATA / "scenario.yaml")
    with tempfile.TemporaryDirectory() as d:
        ctx = RunContext(scenario=sc, scenario_path=DATA / "scenario.yaml", work_dir=Path(d))
        res = to_jsonable(run_water(ctx))
        json.dumps(res, allow_nan=False)
        for a in res["artefacts"]:
            assert (Path(d) / a).is_file()
    rem = res["remaining_capacity_t_a"]
    assert set(rem) == {"cod", "nh3-n"}
    for p, d in rem.items():
        assert d["total"] == pytest.approx(sum(v for k, v in d.items() if k != "total"))
    assert res["treatment_plant"] == {"name": "园区污水处理厂", "design_m3_d": 30000.0, "current_m3_d": 20000.0,
                                      "remaining_m3_d": 10000.0, "outfall": "WWTP"}
    chapters = {"general", "air", "water", "capacity", "admission", "checklist", "appendix"}
    for t in res["tables"]:
        assert t["chapter"] in chapters and t["rows"] and {"zh", "en"} <= set(t["title"])
        keys = {c["key"] for c in t["columns"]}
        assert all(set(r) <= keys for r in t["rows"])
    kinds = {f["kind"] for f in res["figures"]}
    assert {"profile", "bar"} <= kinds
    assert any(f["id"].startswith("water.nearfield") for f in res["figures"]) and res["near_field"]["mixing_length_m"] > 0
    prof = next(f for f in res["figures"] if f["id"] == "water.profile.main.cod")
    assert len(prof["data"]["x"]) == len(prof["data"]["series"][0]["y"]) and prof["data"]["hlines"]
    assert {p["chapter"] for p in res["paragraphs"]} == {"water", "capacity"}
    assert res["uncertainty"]["rows"][0]["p5_t_a"] <= res["uncertainty"]["rows"][0]["p95_t_a"]
    assert res["lakes"][0]["capacity_t_a"] > 0
    assert any(w["code"] == "hj2.3-note-undecided" for w in ctx.warnings)


def test_cross_item_problems_located_at_the_item(tmp_path):
    def mod(w):
        w["outfalls"][1]["chainage_m"] = 24000
        w["reaches"][1]["joins_at_m"] = 90000

    msg = _problems(mod, tmp_path)
    assert "2 problems found" in msg
    assert "water.outfalls[1].chainage_m: outfall 'E1': chainage 24000 m is outside reach 'main'" in msg
    assert "water.reaches[1].joins_at_m: reach 'trib'" in msg


def test_run_water_minimal_scenario(tmp_path):
    """One reach, one zone, no outfalls/lakes/MC/allocation: the runner still returns a complete dict."""
    doc = copy.deepcopy(BASE)
    doc["water"] = {
        "reaches": [{"id": "r", "length_m": 5000, "hydrology": {"design_flow_m3_s": "3 m3/s"},
                     "geometry": {"velocity_m_s": 0.2}, "decay": {"cod": "0.2 1/d"},
                     "upstream_concentrations_mg_l": {"cod": 25.0}}],
        "zones": [{"id": "z", "reach": "r", "start_m": 0, "end_m": 5000, "target_class": "III"}],
        "capacity": {"pollutants": ["cod"], "allocation": "none"},
    }
    p = tmp_path / "m.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    sc, _ = load_model(Scenario, p)
    ctx = RunContext(scenario=sc, scenario_path=p, work_dir=tmp_path)
    res = to_jsonable(run_water(ctx))
    json.dumps(res, allow_nan=False)
    assert res["grade"]["grade"] is None and any(w["code"] == "water-grade-undetermined" for w in ctx.warnings)
    # background 25 mg/L already above class III (20 mg/L): no capacity, negative remaining
    assert res["remaining_capacity_t_a"]["cod"]["z"] < 0
    row = next(r for r in res["sections"] if r["section"] == "z:end")
    assert row["class"] == "IV" and row["meets"] is False
    assert res["treatment_plant"] is None and res["uncertainty"] is None and res["allocation"] == {}


def test_design_flow_from_series_both_statistics(tmp_path):
    import csv as _csv

    from eia.water.hydrology import resolve_design_flow
    from models.water.hydrology import design_flow_frequency

    rows = list(_csv.DictReader(open(DATA / "monthly_flow.csv", encoding="utf-8")))
    driest = {}
    for r in rows:
        y = int(r["year"])
        driest[y] = min(driest.get(y, float("inf")), float(r["flow_m3_s"]))
    years = sorted(driest)
    sc, _ = _load(lambda w: w["reaches"][1]["hydrology"]["flow_series"].update(statistic="recent-mean"), tmp_path)
    rec = resolve_design_flow(sc.water.reaches[1])
    assert rec["design_flow_m3_s"] == pytest.approx(np.mean([driest[y] for y in years[-10:]]))
    assert rec["basis_zh"].startswith("近10年最枯月平均流量")
    sc2, _ = _load(lambda w: w["reaches"][1]["hydrology"]["flow_series"].update(fit="moments"), tmp_path)
    rec2 = resolve_design_flow(sc2.water.reaches[1])
    ref = design_flow_frequency([driest[y] for y in years], 0.9, method="moments")["design_flow_m3_s"]
    assert rec2["design_flow_m3_s"] == pytest.approx(ref) and rec2["n"] == 20
