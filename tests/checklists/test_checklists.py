"""Declarative checklist checks, bundled checklists, malformed files, evaluation on runs."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eia.checklists import (
    Checklist,
    _load,
    check,
    evaluate,
    evaluate_document,
    load_checklists,
    resolve_path,
    scenario_document,
)
from eia.errors import ScenarioInvalid

ADM = Path(__file__).parents[1] / "admission" / "data"

DOC = {
    "scenario": {"cluster": {"area_km2": 14.0, "boundary": None, "leading_industries": [{"name": "a"}, {"name": "b"}]},
                 "water": {"reaches": [{"hydrology": {"basis": "90%", "flow_series": None}}, {"hydrology": {"basis": "P-III"}}]}},
    "results": {"air": {"estimation": {"grade": 2}}, "admission": {"criteria_set": {"rules": [
        {"dimension": "spatial_layout"}, {"dimension": "risk_prevention"}]}}},
}


def test_resolve_path():
    assert resolve_path(DOC, "scenario.cluster.area_km2") == 14.0
    assert resolve_path(DOC, "scenario.cluster.leading_industries.1.name") == "b"
    assert resolve_path(DOC, "scenario.cluster.leading_industries.*.name") == ["a", "b"]
    from eia.checklists import _MISSING

    assert resolve_path(DOC, "results.water.grade") is _MISSING
    assert resolve_path(DOC, "results.nothing.*.x") == []


@pytest.mark.parametrize(
    "c, ok",
    [
        ({"exists": "scenario.cluster.area_km2"}, True),
        ({"exists": "scenario.cluster.boundary"}, False),            # None counts as absent
        ({"exists": "results.water"}, False),
        ({"exists": "scenario.water.reaches.*.hydrology.basis"}, True),
        ({"exists": "scenario.water.reaches.*.hydrology.flow_series"}, False),  # one None, one absent
        ({"in": "results.air.estimation.grade", "values": [1, 2]}, True),
        ({"in": "results.air.estimation.grade", "values": [1]}, False),
        ({"gte": "results.air.estimation.grade", "value": 2}, True),       # borderline: >= includes
        ({"gt": "results.air.estimation.grade", "value": 2}, False),
        ({"lte": "scenario.cluster.area_km2", "value": 14}, True),
        ({"lt": "scenario.cluster.area_km2", "value": 14}, False),
        ({"eq": "results.missing", "value": 1}, False),
        ({"len_gte": "scenario.cluster.leading_industries", "value": 2}, True),
        ({"len_gte": "scenario.cluster.leading_industries", "value": 3}, False),
        ({"covers": "results.admission.criteria_set.rules.*.dimension", "values": ["risk_prevention"]}, True),
        ({"covers": "results.admission.criteria_set.rules.*.dimension", "values": ["risk_prevention", "resource_efficiency"]}, False),
        ({"all": [{"exists": "scenario.cluster.area_km2"}, {"exists": "results.water"}]}, False),
        ({"any": [{"exists": "scenario.cluster.area_km2"}, {"exists": "results.water"}]}, True),
        ({"not": {"exists": "results.water"}}, True),
    ],
)
def test_ops(c, ok):
    assert check(c, DOC)[0] is ok


@settings(max_examples=60, deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=5))
def test_all_any_are_and_or(flags):
    doc = {"results": {f"k{i}": (1 if f else None) for i, f in enumerate(flags)}}
    subs = [{"exists": f"results.k{i}"} for i in range(len(flags))]
    assert check({"all": subs}, doc)[0] == all(flags)
    assert check({"any": subs}, doc)[0] == any(flags)
    assert check({"not": {"all": subs}}, doc)[0] == (not all(flags))


def test_bundled_checklists():
    lists = load_checklists()
    assert {c.standard for c in lists} == {"HJ 130-2019", "HJ 131-2021", "HJ 2.2-2018", "HJ 2.3-2018"}
    ids = [i.id for c in lists for i in c.items]
    assert len(ids) == len(set(ids))


def test_malformed_checklist(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text(
        "id: x\nstandard: S\ntitle: {zh: 甲, en: a}\nitems:\n"
        "  - id: A\n    text: {zh: 甲, en: a}\n    clause: c\n    check: {exists: scenario.x, in: scenario.y}\n"
        "  - id: B\n    text: {zh: 乙}\n    clause: c\n    check: {exists: scenario.a}\n"
        "  - id: C\n    text: {zh: 丙, en: c}\n    clause: c\n    check: {exists: foo.bar}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioInvalid) as ei:
        _load(str(f))
    msg = ei.value.message
    assert "bad.yaml:5: items[0]" in msg and "exactly one operator" in msg
    assert "bad.yaml:10: items[1].text.en: required field is missing" in msg
    assert "bad.yaml:13: items[2]" in msg and "foo.bar" in msg


def test_evaluation_statuses():
    from eia.pipeline import load_scenario

    sc, _ = load_scenario(ADM / "cluster.yaml")
    results = json.loads((ADM / "results.json").read_text(encoding="utf-8"))
    out = evaluate_document(scenario_document(sc, results))
    st_ = {i["id"]: i["status"] for i in out["items"]}
    assert st_["HJ130-5-boundary"] == "satisfied"
    assert st_["HJ131-park-facts"] == "missing"           # built area and enterprise count not given
    assert st_["HJ130-10-list"] == "missing"              # no admission run in these results
    assert st_["HJ22-grade"] == "not_applicable"          # no air section
    assert out["summary"]["satisfied"] + out["summary"]["missing"] + out["summary"]["not_applicable"] == len(out["items"])
    assert {t["chapter"] for t in out["tables"]} == {"checklist"}
    row = out["tables"][0]["rows"][0]
    assert set(row) == {"id", "item", "clause", "status", "evidence"}


def test_evaluate_with_admission_run(tmp_path):
    from eia.admission.pipeline import run_admission
    from eia.context import RunContext
    from eia.pipeline import load_scenario

    sc, _ = load_scenario(ADM / "cluster.yaml")
    results = json.loads((ADM / "results.json").read_text(encoding="utf-8"))
    ctx = RunContext(scenario=sc, scenario_path=ADM / "cluster.yaml", work_dir=tmp_path)
    results["admission"] = json.loads(json.dumps(run_admission(ctx, results), default=str))
    out = evaluate(ctx, results)
    st_ = {i["id"]: i["status"] for i in out["items"]}
    assert st_["HJ130-10-list"] == "satisfied" and st_["HJ131-list-risk"] == "satisfied"
    assert st_["HJ131-entry-screening"] == "not_applicable"   # no enterprises in this scenario


def test_checklist_model_rejects_unknown_operator():
    with pytest.raises(ValueError, match="exactly one operator"):
        Checklist.model_validate({"id": "x", "standard": "s", "title": {"zh": "a", "en": "a"},
                                  "items": [{"id": "A", "text": {"zh": "a", "en": "a"}, "clause": "c", "check": {"present": "scenario.x"}}]})


def test_results_only_mode(tmp_path):
    from eia.checklists.cli import checklist_for
    from eia.pipeline import run_scenario

    run_scenario(ADM / "cluster_with_enterprises.yaml", tmp_path / "r", write_chapters=False)
    out = checklist_for(tmp_path / "r" / "results.json")
    st_ = {i["id"]: i["status"] for i in out["items"]}
    assert "note" in out
    assert st_["HJ130-10-list"] == "satisfied"          # from results.admission
    assert st_["HJ130-5-boundary"] == "satisfied"       # from the scenario echo (cluster)
    full = checklist_for(ADM / "cluster_with_enterprises.yaml", tmp_path / "r" / "results.json")
    assert {i["id"]: i["status"] for i in full["items"]}["HJ130-11-projects"] == "satisfied"
