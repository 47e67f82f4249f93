"""run_admission inside the whole run (eia.pipeline), results layout and report tables."""
from __future__ import annotations

import json
from pathlib import Path

from eia.admission.pipeline import run_admission
from eia.context import RunContext
from eia.pipeline import load_scenario, run_scenario

D = Path(__file__).parent / "data"


def test_run_scenario_with_enterprises(tmp_path):
    out = tmp_path / "run"
    run_scenario(D / "cluster_with_enterprises.yaml", out, write_chapters=False)
    res = json.loads((out / "results.json").read_text(encoding="utf-8"))
    adm = res["admission"]
    assert [s["name"] for s in adm["screenings"]] == ["示范肉制品有限公司", "示范制药有限公司", "外地电镀厂"]
    # no air/water sections in this run: the quota and WWTP rules cannot be decided
    assert adm["screenings"][0]["verdict"] == "needs_more_information"
    assert set(adm["screenings"][0]["deciding_rules"]) == {"EC-01", "EC-02"}
    assert adm["screenings"][2]["verdict"] == "reject"
    codes = {w["code"] for w in res["warnings"]}
    assert {"admission-no-capacity", "admission-no-wwtp"} <= codes
    ids = [t["id"] for t in adm["tables"]]
    assert ids[:2] == ["admission.criteria", "admission.screening"] and "admission.detail.3" in ids
    assert all(t["chapter"] == "admission" for t in adm["tables"])
    for t in adm["tables"]:
        keys = {c["key"] for c in t["columns"]}
        assert all(set(r) <= keys for r in t["rows"])
    assert res["checklist"]["summary"]["satisfied"] > 0
    st = {i["id"]: i["status"] for i in res["checklist"]["items"]}
    assert st["HJ130-11-projects"] == "satisfied" and st["HJ131-entry-screening"] == "satisfied"


def test_run_admission_with_capacities(tmp_path):
    sc, _ = load_scenario(D / "cluster_with_enterprises.yaml")
    results = json.loads((D / "results.json").read_text(encoding="utf-8"))
    ctx = RunContext(scenario=sc, scenario_path=D / "cluster_with_enterprises.yaml", work_dir=tmp_path)
    adm = run_admission(ctx, results)
    assert [s["verdict"] for s in adm["screenings"]] == ["admit", "admit_with_conditions", "reject"]
    b = {r["budget"]: r for r in adm["budgets"]}
    # admitted: 5 + 2 t/a COD and 300 + 150 m3/d; the rejected applicant takes nothing
    assert b["water/cod/total"]["consumed"] == 7.0
    assert b["wwtp"]["consumed"] == 450.0 and b["wwtp"]["remaining_after"] == 4550.0
    assert adm["summary"]["by_verdict"] == {"admit": 1, "admit_with_conditions": 1, "reject": 1, "needs_more_information": 0}
    json.dumps(adm, ensure_ascii=False, default=str)
    figs = {f["id"]: f for f in adm["figures"]}
    assert figs["admission.verdicts"]["data"]["series"][0]["values"] == [1, 1, 1, 0]
    kinds = [p["kind"] for p in figs["admission.map"]["data"]["points"]]
    assert kinds == ["admit", "admit_with_conditions", "reject", "receptor"]


def test_zhecheng_demo_set_and_example_applications(tmp_path):
    sc, _ = load_scenario(D / "zhecheng_demo.yaml")
    results = json.loads((D / "results.json").read_text(encoding="utf-8"))
    ctx = RunContext(scenario=sc, scenario_path=D / "zhecheng_demo.yaml", work_dir=tmp_path)
    adm = run_admission(ctx, results)
    v = {s["name"]: (s["verdict"], s["deciding_rules"]) for s in adm["screenings"]}
    assert v["示范金刚石微粉有限公司"] == ("admit", [])
    assert v["示范生猪屠宰场"] == ("reject", ["SL-02"])              # 10万头/a <= 15万头: restricted
    assert v["示范电镀有限公司"] == ("reject", ["SL-01", "NL-01"])
    assert v["示范纺织印染有限公司"][0] == "admit_with_conditions" and "NL-02" in v["示范纺织印染有限公司"][1]
    assert v["示范食品有限公司"] == ("needs_more_information", ["EC-03", "RP-01"])
    assert any(w["code"] == "policy-entry-paraphrase" for w in ctx.warnings)
