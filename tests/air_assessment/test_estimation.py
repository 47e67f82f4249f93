"""HJ 2.2-2018 screening: grade thresholds, D10%, range, special cases."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eia.air import estimation as est
from eia.air.schema import DispersionOptions, EstimationSettings, HJ22Options, PointSource, VolumeSource

FAST = EstimationSettings(n_distances=200, wind_speeds_m_s=[1.0, 2.0, 3.0, 5.0, 10.0], mixing_heights_m=[500.0, 2000.0])


def stack(q_so2=10.0, **kw):
    base = dict(id="s", x_m=0, y_m=0, stack_height_m=40, stack_diameter_m=1.5, exit_velocity_m_s=12,
                exit_temperature_k=400, emissions_g_s={"so2": q_so2})
    base.update(kw)
    return PointSource(**base)


# HJ 2.2-2018 Table 2: 一级 Pmax >= 10 %, 二级 1 % <= Pmax < 10 %, 三级 Pmax < 1 %
@pytest.mark.parametrize("pmax,grade", [(10.0, 1), (9.999999, 2), (1.0, 2), (0.999999, 3), (0.0, 3), (250.0, 1)])
def test_grade_thresholds_exact(pmax, grade):
    assert est.grade_from_pmax(pmax) == grade


@pytest.mark.parametrize("bad", [-0.1, float("nan"), float("inf")])
def test_grade_rejects_bad(bad):
    with pytest.raises(ValueError, match="pmax_pct"):
        est.grade_from_pmax(bad)


def test_d10_power_law_analytic():
    """C(x) = K / x^2: C = 0.1 C0 at x = sqrt(10 K / C0) exactly."""
    x = np.geomspace(10, 25_000, 4000)
    k, c0 = 4.0e7, 500.0
    d10, beyond = est.d10_distance_m(x, k / x**2, c0)
    assert not beyond
    assert d10 == pytest.approx(np.sqrt(10 * k / c0), rel=2e-4)


def test_d10_linear_profile_exact():
    x = np.array([0.0, 100.0, 200.0, 300.0])
    c = np.array([50.0, 40.0, 20.0, 0.0])
    assert est.d10_distance_m(x, c, 300.0) == (150.0, False)  # 10 % of 300 = 30, between 40 and 20


def test_d10_not_reached_and_beyond():
    x = np.array([1.0, 2.0, 3.0])
    assert est.d10_distance_m(x, np.array([1.0, 2.0, 1.0]), 100.0) == (None, False)
    assert est.d10_distance_m(x, np.array([50.0, 40.0, 30.0]), 100.0) == (3.0, True)


def test_d10_farthest_crossing_of_two_humps():
    """HJ 2.2: D10% is the FARTHEST distance; a second hump beyond a dip counts."""
    x = np.arange(0.0, 11.0)
    c = np.array([0, 20, 5, 5, 15, 15, 5, 0, 0, 0, 0], float)
    d10, _ = est.d10_distance_m(x, c, 100.0)
    assert d10 == pytest.approx(5.5)


def test_screening_envelope_bounds_each_member():
    s = stack()
    prof = est.screening_chi_q(s, FAST, DispersionOptions())
    from models.air.point_source import point_source_hourly

    for stab, u, zi in est.screening_met_set(FAST)[::7]:
        c = point_source_hourly(emission_g_s=1.0, stack_height_m=40, stack_diameter_m=1.5, exit_velocity_m_s=12,
                                exit_temperature_k=400, ambient_temperature_k=FAST.ambient_temperature_k,
                                wind_speed_m_s=u, stability=stab, mixing_height_m=zi, x_m=prof.distances_m, y_m=0.0)
        assert np.all(c <= prof.chi_q_s_m3 * (1 + 1e-12))


def test_met_set_respects_class_wind_limits():
    combos = est.screening_met_set(EstimationSettings())
    assert max(u for s, u, z in combos if s == "A") == 3.0
    assert max(u for s, u, z in combos if s == "F") == 4.0
    assert {z for s, z in ((s, z) for s, u, z in combos if s in "EF")} == {5000.0}


def test_estimate_rows_pmax_and_d10():
    rows = est.estimate_sources([stack(q_so2=40.0)], ["so2"], c0_ug_m3={"so2": 500.0}, settings=FAST,
                                dispersion=DispersionOptions())
    (r,) = rows
    assert r["pmax_pct"] == pytest.approx(100 * r["cmax_ug_m3"] / 500.0)
    assert r["grade"] == est.grade_from_pmax(r["pmax_pct"])
    if r["pmax_pct"] >= 10:
        assert r["d10_m"] > r["distance_m"]


def test_no2_from_nox_ratio():
    s = stack(emissions_g_s={"nox": 10.0})
    rows = est.estimate_sources([s], ["no2", "nox"], c0_ug_m3={"no2": 200.0, "nox": 250.0}, settings=FAST,
                                dispersion=DispersionOptions(), no2_ratio_1h=0.9)
    by = {r["pollutant"]: r for r in rows}
    assert by["no2"]["no2_from_nox"] and by["no2"]["cmax_ug_m3"] == pytest.approx(0.9 * by["nox"]["cmax_ug_m3"])


@settings(max_examples=25, deadline=None)
@given(q=st.floats(0.01, 100.0), factor=st.floats(1.0, 10.0))
def test_linear_in_emission_and_d10_monotone(q, factor):
    v1 = VolumeSource(id="v", x_m=0, y_m=0, release_height_m=5, initial_sigma_y_m=3, initial_sigma_z_m=2,
                      emissions_g_s={"nh3": q})
    v2 = v1.model_copy(update={"emissions_g_s": {"nh3": q * factor}})
    cache: dict = {}
    (r1,) = est.estimate_sources([v1], ["nh3"], c0_ug_m3={"nh3": 200.0}, settings=FAST,
                                 dispersion=DispersionOptions(), profiles=cache)
    (r2,) = est.estimate_sources([v2], ["nh3"], c0_ug_m3={"nh3": 200.0}, settings=FAST,
                                 dispersion=DispersionOptions(), profiles=cache)
    assert r2["pmax_pct"] == pytest.approx(factor * r1["pmax_pct"], rel=1e-9)
    if r1["d10_m"] is not None:
        assert r2["d10_m"] >= r1["d10_m"] - 1e-9


def test_range_rules():
    bbox = (0.0, 0.0, 2000.0, 2000.0)
    assert est.assessment_range(3, None, bbox) is None
    r2 = est.assessment_range(2, None, bbox)
    assert r2["side_x_m"] == 5000.0 and r2["x_min_m"] == -1500.0
    assert est.assessment_range(1, 1000.0, bbox)["side_x_m"] == 5000.0          # D10% < 2.5 km
    assert est.assessment_range(1, 30_000.0, bbox)["side_x_m"] == 50_000.0      # D10% > 25 km
    r = est.assessment_range(1, 5000.0, bbox)
    assert (r["x_min_m"], r["x_max_m"], r["side_y_m"]) == (-5000.0, 7000.0, 12_000.0)


def test_special_case_high_energy_multi_source_raises_grade():
    g, cases = est.special_cases(base_grade=2, n_sources=3, hj22=HJ22Options(), industry_codes=["C2614"])
    assert g == 1
    assert next(c for c in cases if c["clause"].endswith("5.3.3.2"))["applied"] is True


def test_special_case_single_source_not_raised():
    g, cases = est.special_cases(base_grade=2, n_sources=1, hj22=HJ22Options(), industry_codes=["C26"])
    assert g == 2


def test_special_case_undecided_fuel():
    g, cases = est.special_cases(base_grade=3, n_sources=2, hj22=HJ22Options(), industry_codes=["C27"])
    assert g == 3
    assert next(c for c in cases if c["clause"].endswith("5.3.3.2"))["applied"] is None


def test_special_case_airport_fixed_level_1():
    g, _ = est.special_cases(base_grade=3, n_sources=1, hj22=HJ22Options(airport=True), industry_codes=[])
    assert g == 1


def test_area_source_screening_rotation_and_distance():
    """A 100 m x 20 m ground-level area: the envelope peaks near the area and covers every direction tried."""
    from eia.air.schema import AreaSource

    a = AreaSource(id="a", x_m=0, y_m=0, length_x_m=100, length_y_m=20, release_height_m=0,
                   emissions_g_s={"tsp": 1.0})
    b = a.model_copy(update={"angle_deg": 90.0})  # same shape turned by 90 degrees
    pa = est.screening_chi_q(a, FAST, DispersionOptions())
    pb = est.screening_chi_q(b, FAST, DispersionOptions())
    assert pa.chi_q_s_m3.max() > 0
    assert pa.chi_q_s_m3.max() == pytest.approx(pb.chi_q_s_m3.max(), rel=1e-6)   # directions 0/90 both tried
    assert pa.distances_m[int(np.argmax(pa.chi_q_s_m3))] < 200.0
