"""GB/T 3840-91 intermediate classes (A-B, B-C, C-D, D-E) in the point-source chain.

The sigma table of GB/T 3840-91 Appendix B defines them; wind exponents and plume rise are given for
A..F only, so the chain uses the neighbours (models.air.point_source.neighbour_classes).
"""
import numpy as np
import pytest

import models.air as air
from models.air.engine import point_sources_year

STACK = dict(emission_g_s=100.0, stack_height_m=60.0, stack_diameter_m=2.0, exit_velocity_m_s=12.0,
             exit_temperature_k=420.0, ambient_temperature_k=288.0, wind_speed_m_s=3.0, mixing_height_m=800.0)
X = np.array([300.0, 1000.0, 3000.0, 10000.0])


def chi(stability, **kw):
    return air.point_source_hourly(**{**STACK, **kw}, stability=stability, x_m=X, y_m=0.0, scheme="gbt3840")


@pytest.mark.parametrize("mid, lo, hi", [("A-B", "A", "B"), ("B-C", "B", "C"), ("C-D", "C", "D"), ("D-E", "D", "E")])
def test_intermediate_class_runs_and_uses_its_own_sigmas(mid, lo, hi):
    c = chi(mid)
    assert np.all(np.isfinite(c)) and np.all(c >= 0) and c.max() > 0
    # the intermediate sigma_z lies between the neighbours' (GB/T 3840-91 table), so at the
    # ground-level maximum the concentration is not identical to either neighbour's
    assert not np.allclose(c, chi(lo)) and not np.allclose(c, chi(hi))


def test_wind_at_stack_is_geometric_mean_of_the_neighbours():
    from models.air.point_source import source_hour_setup

    common = dict(stack_height_m=60.0, stack_diameter_m=2.0, exit_velocity_m_s=12.0, exit_temperature_k=420.0,
                  ambient_temperature_k=288.0, wind_speed_m_s=3.0, anemometer_height_m=10.0, wind_profile="gbt3840")
    u = {s: source_hour_setup(**common, stability=s, allow_intermediate=True)["stack_wind_m_s"] for s in ("C", "C-D", "D")}
    # GB/T 3840-91 rural exponents C 0.10, D 0.15 -> C-D uses 0.125: u = 3 (60/10)^0.125
    assert u["C-D"] == pytest.approx(3.0 * 6.0 ** 0.125, rel=1e-12)
    assert u["C-D"] == pytest.approx(np.sqrt(u["C"] * u["D"]), rel=1e-12)


def test_d_e_keeps_the_lid_and_neutral_rise():
    # a low lid matters for D (and D-E) but is ignored in E (ISC3 vol. II 1.1.6)
    low, high = chi("D-E", mixing_height_m=150.0), chi("D-E", mixing_height_m=5000.0)
    assert not np.allclose(low, high)
    e_low, e_high = chi("E", mixing_height_m=150.0), chi("E", mixing_height_m=5000.0)
    assert np.allclose(e_low, e_high)


def test_isc3_schemes_still_reject_intermediate_classes():
    with pytest.raises(ValueError, match="stability"):
        air.point_source_hourly(**STACK, stability="C-D", x_m=X, y_m=0.0, scheme="isc3-rural")


def test_year_engine_accepts_intermediate_classes_with_gbt3840():
    hours = 4
    kw = dict(source_x_m=[0.0], source_y_m=[0.0], stack_height_m=[60.0], stack_diameter_m=[2.0],
              exit_velocity_m_s=[12.0], exit_temperature_k=[420.0], emission_g_s=[[100.0]],
              receptor_x_m=np.array([0.0, 1000.0, 0.0]), receptor_y_m=np.array([1000.0, 0.0, -2000.0]),
              wind_from_deg=np.array([180.0, 270.0, 0.0, 90.0]), wind_speed_m_s=np.full(hours, 3.0),
              ambient_temperature_k=np.full(hours, 288.0), stability=np.array(["C-D", "D-E", "A-B", "B-C"]),
              mixing_height_m=np.full(hours, 800.0), day_index=np.zeros(hours, dtype=int),
              hour_valid=np.ones(hours, dtype=bool), scheme="gbt3840")
    st = point_sources_year(**kw)
    assert st.valid_hours == hours and st.max_1h_g_m3.max() > 0
