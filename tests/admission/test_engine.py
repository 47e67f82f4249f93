"""Verdict precedence, criteria sets (bundled, overrides, malformed files), cumulative batches."""
from __future__ import annotations

import itertools
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eia.admission.engine import (
    Ledger,
    aggregate_verdict,
    bundled_sets,
    load_criteria_set,
    resolve_criteria,
    screen,
    screen_batch,
)
from eia.admission.schema import CriteriaSection, CriteriaSet
from eia.errors import EiaError, ScenarioInvalid

from .conftest import app, make_env


# ---------------------------------------------------------------------------- precedence
@pytest.mark.parametrize(
    "outcomes, verdict, deciding",
    [
        ([("a", "pass"), ("b", "not-applicable")], "admit", []),
        ([("a", "condition"), ("b", "pass")], "admit_with_conditions", ["a"]),
        ([("a", "condition"), ("b", "missing-data")], "needs_more_information", ["b"]),
        ([("a", "missing-data"), ("b", "fail"), ("c", "condition")], "reject", ["b"]),  # a rejection stands despite missing data
        ([("a", "fail"), ("b", "fail")], "reject", ["a", "b"]),
    ],
)
def test_precedence(outcomes, verdict, deciding):
    assert aggregate_verdict(outcomes) == (verdict, deciding)


def _full_app(**kw):
    base = dict(
        gbt4754_codes=["C1353"], products=[{"name": "熟肉制品", "capacity": 2, "unit": "万t/a"}], processes=["蒸煮"],
        x_m=1000, y_m=1000, clean_production_level="II", emissions_t_a={"cod": 5, "nh3n": 0.5, "so2": 1},
        wastewater={"flow_m3_d": 300, "destination": "park_wwtp"}, air_sources=[], risk_q=3,
        resources={"water_m3_a": 100000, "energy_tce_a": 2000, "output_value_1e4_yuan_a": 50000},
    )
    base.update(kw)
    return app(**base)


def test_bundled_set_screening():
    cset, _ = resolve_criteria(None)
    env = make_env(redlines=[])
    assert screen(_full_app(), cset, env).verdict == "admit"
    assert screen(_full_app(clean_production_level="III"), cset, env).verdict == "admit_with_conditions"
    assert screen(_full_app(risk_q=None), cset, env).verdict == "needs_more_information"
    s = screen(_full_app(gbt4754_codes=["C3311"], risk_q=None), cset, env)
    assert s.verdict == "reject" and s.deciding_rules == ["SL-01"]
    assert s.exit_code == 11


def test_every_bundled_set_valid_and_four_dimensions():
    for sid, path in bundled_sets().items():
        cset = load_criteria_set(path)
        assert cset.id == sid
        assert {r.dimension for r in cset.rules} == {"spatial_layout", "emission_control", "risk_prevention", "resource_efficiency"}


# ---------------------------------------------------------------------------- overrides
def test_overrides_and_additions():
    sec = CriteriaSection.model_validate({
        "set_id": "generic-park-2024",
        "overrides": [{"id": "EC-03", "severity": "reject"}, {"id": "RE-01", "parameters": {"max_water_m3_per_1e4_yuan": 1}}],
        "add_rules": [{"id": "NL-01", "dimension": "空间布局约束", "clause": "禁止电镀", "source": {"document": "园区清单"},
                       "kind": "negative_list", "parameters": {"keywords": ["电镀"]}}],
    })
    cset, origin = resolve_criteria(sec)
    assert "overrides" in origin
    rules = {r.id: r for r in cset.rules}
    assert rules["EC-03"].severity == "reject"
    assert rules["RE-01"].parameters.max_water_m3_per_1e4_yuan == 1
    assert rules["RE-01"].parameters.max_energy_tce_per_1e4_yuan == 0.5  # merged, not replaced
    env = make_env(redlines=[])
    assert screen(_full_app(clean_production_level="III"), cset, env).verdict == "reject"


@pytest.mark.parametrize(
    "section, fragment",
    [
        ({"overrides": [{"id": "NOPE"}]}, "no rule 'NOPE'"),
        ({"overrides": [{"id": "EC-03", "parameters": {"min_level": "IV"}}]}, "criteria.overrides[0]"),
        ({"add_rules": [{"id": "SL-01", "dimension": "spatial_layout", "clause": "x", "source": {"document": "d"}, "kind": "industry_fit"}]}, "already in set"),
        ({"set_id": "nope"}, "unknown set 'nope'"),
    ],
)
def test_override_errors(section, fragment):
    with pytest.raises(EiaError) as ei:
        resolve_criteria(CriteriaSection.model_validate(section))
    assert fragment in ei.value.message


def test_malformed_criteria_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "id: x\nversion: '1'\ntitle: t\nissuing_document: d\neffective_date: 2024-01-01\nrules:\n"
        "  - id: A\n    dimension: 空间布局约束\n    source: {document: d}\n    kind: industry_fit\n"
        "  - id: B\n    dimension: 污染物排放管控\n    clause: c\n    source: {document: d}\n    kind: quota_magic\n"
        "  - id: C\n    dimension: 资源开发效率要求\n    clause: c\n    source: {document: d}\n    kind: resource_intensity\n    parameters: {max_water_m3_per_unit: 3}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioInvalid) as ei:
        load_criteria_set(bad)
    msg = ei.value.message
    assert "bad.yaml:7: rules[0].clause: required field is missing" in msg
    assert "bad.yaml:11: rules[1]" in msg and "quota_magic" in msg and "industry_fit" in msg  # lists the known kinds
    assert "bad.yaml:" in msg and "needs output_unit" in msg


def test_duplicate_rule_ids(tmp_path):
    f = tmp_path / "dup.yaml"
    f.write_text("id: x\nversion: '1'\ntitle: t\nissuing_document: d\neffective_date: 2024-01-01\nrules:\n"
                 + "".join(f"  - {{id: A, dimension: spatial_layout, clause: c, source: {{document: d}}, kind: industry_fit}}\n" for _ in range(2)),
                 encoding="utf-8")
    with pytest.raises(ScenarioInvalid, match="duplicate rule id 'A'"):
        load_criteria_set(f)


def test_malformed_policy_catalogue(tmp_path):
    from eia.admission.engine import load_policy_catalogue

    f = tmp_path / "cat.yaml"
    f.write_text("id: c\ntitle: t\nissuing_document: d\neffective_date: 2024-02-01\nentries:\n"
                 "  - {id: E1, category: banned, section: s, item: '1', text: t, keywords: [x]}\n", encoding="utf-8")
    with pytest.raises(ScenarioInvalid, match=r"cat.yaml:6: entries\[0\].category"):
        load_policy_catalogue(catalogue_file=f)


# ---------------------------------------------------------------------------- properties
_QUOTA_FREE = CriteriaSet.model_validate({
    "id": "q", "version": "1", "title": "t", "issuing_document": "d", "effective_date": "2024-01-01",
    "rules": [
        {"id": "F", "dimension": "spatial_layout", "clause": "c", "source": {"document": "d"}, "kind": "industry_fit"},
        {"id": "C", "dimension": "emission_control", "clause": "c", "source": {"document": "d"}, "kind": "clean_production",
         "severity": "condition"},
        {"id": "L", "dimension": "spatial_layout", "clause": "c", "source": {"document": "d"}, "kind": "location"},
    ],
})
_QUOTA = CriteriaSet.model_validate({
    "id": "q2", "version": "1", "title": "t", "issuing_document": "d", "effective_date": "2024-01-01",
    "rules": [*[r.model_dump() for r in _QUOTA_FREE.rules],
              {"id": "Q", "dimension": "emission_control", "clause": "c", "source": {"document": "d"}, "kind": "pollutant_quota"},
              {"id": "W", "dimension": "emission_control", "clause": "c", "source": {"document": "d"}, "kind": "wwtp_capacity"}],
})

applicant = st.builds(
    lambda i, code, lvl, x, so2, cod, flow: app(
        name=f"E{i}", gbt4754_codes=[code] if code else [], clean_production_level=lvl, x_m=x, y_m=1000.0,
        emissions_t_a={"so2": so2, "cod": cod, "nh3n": 0.1}, wastewater={"flow_m3_d": flow, "destination": "park_wwtp"},
    ),
    st.integers(0, 10**6),
    st.sampled_from(["C1353", "C2710", "C3311", None]),
    st.sampled_from(["I", "II", "III", None]),
    st.sampled_from([500.0, 1999.0, 2500.0]),
    st.floats(0, 30),
    st.floats(0, 60),
    st.floats(0, 3000),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(applicant, min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_order_irrelevant_without_quota_rules(apps, rnd):
    apps = [a.model_copy(update={"name": f"E{i}"}) for i, a in enumerate(apps)]
    env = make_env(redlines=[])
    a, _ = screen_batch(apps, _QUOTA_FREE, env)
    perm = list(apps)
    rnd.shuffle(perm)
    b, _ = screen_batch(perm, _QUOTA_FREE, env)
    assert Counter(s.verdict for s in a) == Counter(s.verdict for s in b)
    assert {s.name: s.verdict for s in a} == {s.name: s.verdict for s in b}


@settings(max_examples=60, deadline=None)
@given(st.lists(applicant, min_size=1, max_size=8))
def test_quota_verdict_equals_screening_against_what_is_left(apps):
    env = make_env(redlines=[])
    batch, ledger = screen_batch(apps, _QUOTA, env)
    taken = Ledger()
    for a, s in zip(apps, batch):
        alone = screen(a, _QUOTA, env, taken)
        assert alone.verdict == s.verdict
        if s.verdict in ("admit", "admit_with_conditions"):
            taken.consume(alone.consumes)
        else:
            assert s.consumes == {}
    # conservation: what admitted applicants took never exceeds the initial remaining capacity
    for key, amount in ledger.consumed.items():
        assert amount <= env.remaining(key) * (1 + 1e-9) if key[0] != "wwtp" else amount <= env.wwtp_remaining_m3_d * (1 + 1e-9)


@settings(max_examples=40, deadline=None)
@given(applicant, st.floats(1.0, 10.0))
def test_more_emission_never_improves_verdict(a, factor):
    env = make_env(redlines=[])
    rank = {"admit": 0, "admit_with_conditions": 1, "needs_more_information": 2, "reject": 3}
    worse = a.model_copy(update={"emissions_t_a": {k: v * factor for k, v in a.emissions_t_a.items()}})
    assert rank[screen(worse, _QUOTA, env).verdict] >= rank[screen(a, _QUOTA, env).verdict]


def test_batch_order_matters_through_quota_only():
    env = make_env(redlines=[])
    big = _full_app(name="大", emissions_t_a={"so2": 40, "cod": 1, "nh3n": 0.1})
    small = _full_app(name="小", emissions_t_a={"so2": 20, "cod": 1, "nh3n": 0.1})
    v1 = {s.name: s.verdict for s in screen_batch([big, small], _QUOTA, env)[0]}
    v2 = {s.name: s.verdict for s in screen_batch([small, big], _QUOTA, env)[0]}
    assert v1 == {"大": "admit", "小": "reject"}      # 40 + 20 > 50 t/a SO2
    assert v2 == {"小": "admit", "大": "reject"}
    # both orders admit exactly one: permutations change who, not how many
    assert sorted(itertools.chain(v1.values())) == sorted(v2.values())
