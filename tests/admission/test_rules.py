"""Every rule kind: passing, failing, borderline (exactly at the threshold) and missing-data cases.

Borderline conventions (docs/criteria-reference.md): "不超过/不大于/以下" include the threshold
(民法典 第一千二百五十九条: 以上、以下、以内 包括本数), "不小于" includes it, "小于" excludes it.
"""
from __future__ import annotations

import pytest

from eia.admission.engine import screen
from eia.admission.rules import capacity_in_unit

from .conftest import app, make_env, one_rule


def outcome(cset, a, env):
    s = screen(a, cset, env)
    return s.rules[0]["outcome"], s


# ---------------------------------------------------------------------------- industry_fit
@pytest.mark.parametrize(
    "codes, expected",
    [
        (["C1353"], "pass"),            # class under the leading division C13
        (["C13"], "pass"),              # borderline: exactly the leading code
        (["C3311"], "fail"),
        (["C3311", "C2710"], "pass"),   # one fitting code suffices
        ([], "missing-data"),
    ],
)
def test_industry_fit(env, codes, expected):
    assert outcome(one_rule("industry_fit"), app(gbt4754_codes=codes), env)[0] == expected


def test_industry_fit_coarser_code_does_not_match_finer_allowed(env):
    cset = one_rule("industry_fit", {"use_leading_industries": False, "allowed_codes": ["C1351"]})
    assert outcome(cset, app(gbt4754_codes=["C135"]), env)[0] == "fail"
    assert outcome(cset, app(gbt4754_codes=["C1351"]), env)[0] == "pass"


def test_industry_fit_excluded(env):
    cset = one_rule("industry_fit", {"excluded_codes": ["C1351"]})
    assert outcome(cset, app(gbt4754_codes=["C1351"]), env)[0] == "fail"


# ---------------------------------------------------------------------------- industrial_policy
POLICY = one_rule("industrial_policy")


@pytest.mark.parametrize(
    "capacity, unit, expected",
    [
        (50, "万头/a", "pass"),        # above the 15万头 threshold: not restricted
        (15, "万头/a", "fail"),        # borderline: "15万头及以下" includes 15万
        (150000, "头/a", "fail"),      # same, other unit
        (150001, "头/a", "pass"),
        (10, "万头/a", "fail"),
        (None, None, "missing-data"),  # capacity needed to decide
    ],
)
def test_policy_slaughter_threshold(env, capacity, unit, expected):
    a = app(products=[{"name": "生猪屠宰", "capacity": capacity, "unit": unit}])
    assert outcome(POLICY, a, env)[0] == expected


def test_policy_mass_units_and_bands(env):
    # 化学木浆: restricted <= 30万t/a, eliminated <= 5.1万t/a
    out, s = outcome(POLICY, app(products=[{"name": "化学木浆", "capacity": 30, "unit": "万t/a"}]), env)
    assert out == "fail" and [e["id"] for e in s.rules[0]["evidence"]["triggered"]] == ["R-LI-chemwoodpulp"]
    out, s = outcome(POLICY, app(products=[{"name": "化学木浆", "capacity": 5.1, "unit": "万t/a"}]), env)
    assert {e["id"] for e in s.rules[0]["evidence"]["triggered"]} == {"R-LI-chemwoodpulp", "E-LI-chemwoodpulp"}
    assert outcome(POLICY, app(products=[{"name": "化学木浆", "capacity": 300001, "unit": "t/a"}]), env)[0] == "pass"


def test_policy_ignores_company_name(env):
    a = app(name="高炉镇化学木浆路食品厂", products=[{"name": "饼干", "capacity": 1, "unit": "万t/a"}])
    assert outcome(POLICY, a, env)[0] == "pass"


def test_policy_eliminated_process_and_missing(env):
    assert outcome(POLICY, app(processes=["手工屠宰"]), env)[0] == "fail"
    assert outcome(POLICY, app(processes=["机械化屠宰线"]), env)[0] == "pass"
    assert outcome(POLICY, app(), env)[0] == "missing-data"


def test_policy_extra_entries(env):
    cset = one_rule("industrial_policy", {"extra_entries": [
        {"id": "X1", "category": "eliminated", "section": "地方目录", "item": "1", "text": "六面顶压机（示例）", "keywords": ["六面顶压机"],
         "capacity_max": 600, "capacity_unit": "t"}]})
    assert outcome(cset, app(products=[{"name": "六面顶压机", "capacity": 600, "unit": "t"}]), env)[0] == "fail"
    assert outcome(cset, app(products=[{"name": "六面顶压机", "capacity": 650, "unit": "t"}]), env)[0] == "pass"


def test_capacity_in_unit():
    assert capacity_in_unit(5, "万t/a", "t/a") == pytest.approx(50000)
    assert capacity_in_unit(15, "万头/年", "头/a") == pytest.approx(150000)
    assert capacity_in_unit(1, "辆/a", "t/a") is None


# ---------------------------------------------------------------------------- clean_production
@pytest.mark.parametrize("level, expected", [("I", "pass"), ("国内先进", "pass"), ("III", "condition"), ("below", "condition"), (None, "missing-data")])
def test_clean_production(env, level, expected):
    cset = one_rule("clean_production", {"min_level": "II"}, severity="condition")
    assert outcome(cset, app(clean_production_level=level), env)[0] == expected


# ---------------------------------------------------------------------------- pollutant_quota
QUOTA = one_rule("pollutant_quota", dimension="emission_control")


@pytest.mark.parametrize(
    "emissions, expected",
    [
        ({"so2": 50}, "pass"),               # borderline: exactly the remaining 50 t/a ("不超过")
        ({"so2": 50.001}, "fail"),
        ({"so2": "49 t/a", "nox": 80}, "pass"),
        ({"so2": "1.5 kg/h"}, "pass"),      # 13.14 t/a
        ({"cod": 120}, "pass"),              # cluster total 120
        ({"cod": 120.5}, "fail"),
        ({"vocs": 1}, "missing-data"),       # no remaining capacity for VOCs in the results
        ({}, "not-applicable"),
    ],
)
def test_pollutant_quota(env, emissions, expected):
    assert outcome(QUOTA, app(emissions_t_a=emissions), env)[0] == expected


def test_pollutant_quota_missing_and_zone(env):
    assert outcome(QUOTA, app(), env)[0] == "missing-data"
    # wastewater discharged but no COD declared: cannot be a silent pass
    a = app(emissions_t_a={"so2": 1}, wastewater={"flow_m3_d": 100, "destination": "park_wwtp"})
    assert outcome(QUOTA, a, env)[0] == "missing-data"
    # zone Z1 holds 100 of the cluster's 120 t/a
    a = app(emissions_t_a={"cod": 110}, wastewater={"flow_m3_d": 100, "destination": "park_wwtp", "receiving_zone": "Z1"})
    assert outcome(QUOTA, a, env)[0] == "fail"
    a = app(emissions_t_a={"cod": 100, "nh3n": 1}, wastewater={"flow_m3_d": 100, "destination": "park_wwtp", "receiving_zone": "Z1"})
    assert outcome(QUOTA, a, env)[0] == "missing-data"   # NH3-N has no zone Z1 in the results
    a = app(emissions_t_a={"cod": 100}, wastewater={"flow_m3_d": 100, "destination": "park_wwtp", "receiving_zone": "Z1"})
    assert outcome(QUOTA, a, env)[0] == "missing-data"   # wastewater without NH3-N declared
    env2 = make_env(water_remaining_t_a={"cod": {"Z1": 100.0, "total": 120.0}, "nh3n": {"Z1": 10.0, "total": 12.0}})
    a = app(emissions_t_a={"cod": 100, "nh3n": 10}, wastewater={"flow_m3_d": 100, "destination": "park_wwtp", "receiving_zone": "Z1"})
    assert outcome(QUOTA, a, env2)[0] == "pass"          # borderline in the zone (100 of 100, 10 of 10)
    a = app(emissions_t_a={"cod": 1, "nh3n": 0.1}, wastewater={"flow_m3_d": 100, "destination": "park_wwtp", "receiving_zone": "Z9"})
    assert outcome(QUOTA, a, env2)[0] == "missing-data"  # unknown zone


def test_pollutant_quota_share(env):
    cset = one_rule("pollutant_quota", {"max_share_of_remaining": 0.5, "pollutants": ["SO2"]})
    assert outcome(cset, app(emissions_t_a={"so2": 25}), env)[0] == "pass"
    assert outcome(cset, app(emissions_t_a={"so2": 25.01}), env)[0] == "fail"


def test_pollutant_quota_without_results():
    env = make_env(air_remaining_t_a={}, water_remaining_t_a={})
    assert outcome(QUOTA, app(emissions_t_a={"so2": 1}), env)[0] == "missing-data"


# ---------------------------------------------------------------------------- wwtp_capacity
WWTP = one_rule("wwtp_capacity")


@pytest.mark.parametrize(
    "ww, expected",
    [
        ({"flow_m3_d": 5000, "destination": "park_wwtp"}, "pass"),   # borderline: equal to the remaining 5000
        ({"flow_m3_d": 5000.5, "destination": "park_wwtp"}, "fail"),
        ({"flow_m3_d": "0.4 万m3/d", "destination": "park_wwtp"}, "pass"),
        ({"flow_m3_d": 100, "destination": "direct"}, "fail"),
        ({"flow_m3_d": 0, "destination": "park_wwtp"}, "not-applicable"),
        ({"flow_m3_d": 10, "destination": "none"}, "not-applicable"),
        ({"flow_m3_d": 100}, "missing-data"),
        (None, "missing-data"),
    ],
)
def test_wwtp(env, ww, expected):
    assert outcome(WWTP, app(wastewater=ww), env)[0] == expected


def test_wwtp_direct_allowed_and_no_results():
    cset = one_rule("wwtp_capacity", {"allow_direct_discharge": True})
    assert outcome(cset, app(wastewater={"flow_m3_d": 100, "destination": "direct"}), make_env())[0] == "pass"
    assert outcome(WWTP, app(wastewater={"flow_m3_d": 100, "destination": "park_wwtp"}), make_env(wwtp_remaining_m3_d=None))[0] == "missing-data"


# ---------------------------------------------------------------------------- resource_intensity
RES = one_rule("resource_intensity", {"max_water_m3_per_1e4_yuan": 8, "max_energy_tce_per_1e4_yuan": 0.5}, dimension="resource_efficiency")


@pytest.mark.parametrize(
    "res, expected",
    [
        ({"water_m3_a": 80000, "energy_tce_a": 5000, "output_value_1e4_yuan_a": 10000}, "pass"),  # both exactly at the limits
        ({"water_m3_a": 80001, "energy_tce_a": 5000, "output_value_1e4_yuan_a": 10000}, "fail"),
        ({"water_m3_a": 1000, "energy_tce_a": 5001, "output_value_1e4_yuan_a": 10000}, "fail"),
        ({"water_m3_a": 1000, "energy_tce_a": 10}, "missing-data"),
        (None, "missing-data"),
    ],
)
def test_resource_intensity(env, res, expected):
    assert outcome(RES, app(resources=res), env)[0] == expected


def test_resource_per_unit_output(env):
    cset = one_rule("resource_intensity", {"max_water_m3_per_unit": 10, "output_unit": "t"})
    assert outcome(cset, app(resources={"water_m3_a": 200000, "output_quantity_a": 2, "output_unit": "万t"}), env)[0] == "pass"  # 10 m3/t
    assert outcome(cset, app(resources={"water_m3_a": 200001, "output_quantity_a": 2, "output_unit": "万t"}), env)[0] == "fail"
    assert outcome(cset, app(resources={"water_m3_a": 1, "output_quantity_a": 2, "output_unit": "辆"}), env)[0] == "missing-data"


# ---------------------------------------------------------------------------- protection_distance
PD = one_rule("protection_distance")
SITE = {"x_m": 1000, "y_m": 1000}   # 1600 m from the village at (2600, 1000)


@pytest.mark.parametrize(
    "extra, expected",
    [
        ({"atmospheric_protection_distance_m": 1600}, "pass"),    # borderline: receptor exactly on the envelope
        ({"atmospheric_protection_distance_m": 1600.5}, "fail"),
        ({"air_sources": []}, "pass"),
        ({}, "missing-data"),                                      # neither sources nor a declared distance
        ({"air_sources": [], "sanitary_distance_m": 2000}, "fail"),
        ({"air_sources": [], "industry_category": "slaughter_pig", "production_scale": 10}, "missing-data"),  # bundled values unconfirmed
    ],
)
def test_protection_distance(env, extra, expected):
    assert outcome(PD, app(**SITE, **extra), env)[0] == expected


def test_protection_distance_polygon_site(env):
    # nearest point of the site polygon to the village is 1100 m away
    poly = [(1400, 900), (1500, 900), (1500, 1100), (1400, 1100)]
    out, s = outcome(PD, app(site_polygon_m=poly, atmospheric_protection_distance_m=1100), env)
    assert out == "pass" and s.rules[0]["evidence"]["distance_m"] == pytest.approx(1100)
    assert outcome(PD, app(site_polygon_m=poly, atmospheric_protection_distance_m=1101), env)[0] == "fail"


def test_protection_distance_no_site_or_receptors():
    assert outcome(PD, app(atmospheric_protection_distance_m=100), make_env())[0] == "missing-data"
    assert outcome(PD, app(**SITE, atmospheric_protection_distance_m=100), make_env(receptors=[]))[0] == "missing-data"
    # nothing to protect: no distance required, so neither site nor receptors are needed
    assert outcome(PD, app(air_sources=[]), make_env(receptors=[]))[0] == "pass"


def test_sanitary_table_lookup(tmp_path, env):
    table = tmp_path / "san.yaml"
    table.write_text(
        "categories:\n  meat:\n    name: 肉类\n    standard: TEST\n    scale_unit: 万头/a\n    status: confirmed\n"
        "    bands:\n      - scale_max: 20\n        wind: [{from_m_s: 0, to_m_s: 2, distance_m: 1700}, {from_m_s: 2, to_m_s: null, distance_m: 1200}]\n",
        encoding="utf-8",
    )
    cset = one_rule("protection_distance", {"sanitary_table_file": str(table), "mean_wind_speed_m_s": 1.9})
    a = app(**SITE, air_sources=[], industry_category="meat", production_scale=20)   # scale_max inclusive
    assert outcome(cset, a, env)[0] == "fail"          # 1700 m > 1600 m
    cset = one_rule("protection_distance", {"sanitary_table_file": str(table), "mean_wind_speed_m_s": 2.0})
    assert outcome(cset, a, env)[0] == "pass"          # wind band [2, inf): 1200 m


def test_apd_model_cached_per_source_set():
    calls = []

    def model(sources, boundary_m):
        calls.append(len(sources))
        return 1700.0

    env = make_env(apd_model=model)
    src = [{"kind": "point", "id": "s1", "x_m": 1000, "y_m": 1000, "stack_height_m": 15, "stack_diameter_m": 0.5,
            "exit_velocity_m_s": 10, "exit_temperature_k": 400, "emissions_g_s": {"so2": 1.0}}]
    other_id = [dict(src[0], id="other")]
    assert outcome(PD, app(**SITE, air_sources=src), env)[0] == "fail"
    assert outcome(PD, app(**SITE, air_sources=other_id), env)[0] == "fail"
    assert calls == [1]  # the second enterprise reuses the cached model run


# ---------------------------------------------------------------------------- location
LOC = one_rule("location")


@pytest.mark.parametrize(
    "site, expected",
    [
        ({"x_m": 1000, "y_m": 1000}, "pass"),
        ({"x_m": 2000, "y_m": 1000}, "pass"),     # borderline: on the boundary counts as inside
        ({"x_m": 2000.5, "y_m": 1000}, "fail"),
        ({"x_m": 1500, "y_m": 1700}, "fail"),     # borderline: on the red-line edge counts as inside it
        ({"site_polygon_m": [(1400, 1400), (1600, 1400), (1600, 1600), (1400, 1600)]}, "fail"),
        ({}, "missing-data"),
    ],
)
def test_location(env, site, expected):
    assert outcome(LOC, app(**site), env)[0] == expected


def test_location_buffer_and_no_boundary(env):
    cset = one_rule("location", {"redline_buffer_m": 50})
    assert outcome(cset, app(x_m=1450, y_m=1700), env)[0] == "fail"
    assert outcome(cset, app(x_m=1449, y_m=1700), env)[0] == "pass"
    assert outcome(LOC, app(x_m=1, y_m=1), make_env(boundary_m=None))[0] == "missing-data"


# ---------------------------------------------------------------------------- negative_list / field_threshold
def test_negative_list(env):
    cset = one_rule("negative_list", {"keywords": ["电镀"], "codes": ["C2614"]})
    assert outcome(cset, app(gbt4754_codes=["C3360"], processes=["电镀"]), env)[0] == "fail"
    assert outcome(cset, app(gbt4754_codes=["C2614"], processes=["合成"]), env)[0] == "fail"
    assert outcome(cset, app(gbt4754_codes=["C2710"], processes=["制剂"]), env)[0] == "pass"
    assert outcome(cset, app(gbt4754_codes=["C2710"]), env)[0] == "missing-data"


@pytest.mark.parametrize("q, expected", [(99.99, "pass"), (100, "condition"), (250, "condition"), (None, "missing-data")])
def test_field_threshold_risk_q(env, q, expected):
    # "Q ≥ 100 须编制应急预案": the rule requires Q < 100 (exclusive), so Q = 100 triggers the condition
    cset = one_rule("field_threshold", {"field": "risk_q", "op": "<", "value": 100}, severity="condition", dimension="risk_prevention")
    assert outcome(cset, app(risk_q=q), env)[0] == expected


# ---------------------------------------------------------------------------- properties
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.floats(0.01, 100), st.floats(1.0, 10.0), st.sampled_from(["生猪屠宰", "化学木浆", "玉米淀粉", "味精"]))
def test_policy_larger_capacity_never_becomes_restricted(cap, factor, product):
    # every bundled entry for these products is an upper band ("…以下"): scaling the capacity up
    # can only leave the band, never enter it
    env = make_env()
    unit = "万头/a" if product == "生猪屠宰" else "万t/a"
    small = outcome(POLICY, app(products=[{"name": product, "capacity": cap, "unit": unit}]), env)[0]
    large = outcome(POLICY, app(products=[{"name": product, "capacity": cap * factor, "unit": unit}]), env)[0]
    assert not (small == "pass" and large == "fail")


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 200), st.floats(0, 200))
def test_quota_threshold_is_exactly_the_remaining(e, taken):
    from eia.admission.engine import Ledger

    env = make_env()
    ledger = Ledger({("air", "so2"): taken})
    out = screen(app(emissions_t_a={"so2": e}), QUOTA, env, ledger).rules[0]["outcome"]
    if e == 0:
        assert out == "not-applicable"
    else:
        assert (out == "pass") == (e <= 50 - taken or abs(e - (50 - taken)) <= 1e-9 * max(abs(e), abs(50 - taken)))
