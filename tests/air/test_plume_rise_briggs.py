"""Briggs plume rise as implemented by ISC3 (EPA-454/B-95-003b vol. II sec. 1.1.4)."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from models.air import plume_rise_briggs
from models.air.plume_rise import (briggs_rise_parameters, buoyancy_flux_m4_s3, stack_tip_downwash_height_m)

STACK = dict(stack_diameter_m=2.73, exit_velocity_m_s=10.2, exit_temperature_k=528.1, ambient_temperature_k=280.0)


def test_hand_calculation_neutral_buoyant():
    # Hand evaluation of the ISC3 equations (sec. 1.1.4.2, 1.1.4.4) for workload-A stack S01:
    # Fb = 9.80616 * 10.2 * 2.73**2 * 248.1 / (4 * 528.1) = 87.59 m4/s3 (>= 55), so
    # dh = 38.71 Fb**0.6 / u = 38.71 * 14.64 / 5 = 113.3 m and x_f = 119 Fb**0.4 = 709 m.
    fb = buoyancy_flux_m4_s3(**STACK)
    assert fb == pytest.approx(87.59, rel=1e-3)
    p = briggs_rise_parameters(**STACK, wind_speed_m_s=5.0, stability="D")
    assert p["regime"] == 0
    assert p["final_rise_m"] == pytest.approx(113.3, rel=2e-3)
    assert p["distance_to_final_rise_m"] == pytest.approx(119.0 * fb ** 0.4, rel=1e-12)


def test_stable_buoyant_uses_isc3_default_gradients():
    # sec. 1.1.4.6-1.1.4.8: s = g dtheta/dz / Ta with 0.020 (E) and 0.035 (F) K/m,
    # dh = 2.6 (Fb / (u s))**(1/3)
    fb = buoyancy_flux_m4_s3(**STACK)
    for cls, dthdz in (("E", 0.020), ("F", 0.035)):
        s = 9.80616 * dthdz / 280.0
        expected = 2.6 * (fb / (3.0 * s)) ** (1 / 3)
        assert plume_rise_briggs(**STACK, wind_speed_m_s=3.0, stability=cls) == pytest.approx(expected, rel=1e-12)


def test_cold_plume_is_momentum_and_stable_momentum_capped():
    cold = dict(stack_diameter_m=1.0, exit_velocity_m_s=15.0, exit_temperature_k=280.0, ambient_temperature_k=290.0)
    dh_d = plume_rise_briggs(**cold, wind_speed_m_s=4.0, stability="D")
    assert dh_d == pytest.approx(3.0 * 1.0 * 15.0 / 4.0)  # sec. 1.1.4.5
    dh_f = plume_rise_briggs(**cold, wind_speed_m_s=4.0, stability="F")
    assert dh_f <= dh_d + 1e-12  # sec. 1.1.4.9: stable momentum rise not above the neutral one


def test_buoyancy_branches_nearly_continuous_at_fb_55():
    # the two Fb branches of sec. 1.1.4.4 meet at Fb = 55 within 1.5 %
    assert 21.425 * 55 ** 0.75 == pytest.approx(38.71 * 55 ** 0.6, rel=0.015)


@settings(max_examples=60, deadline=None)
@given(d=st.floats(0.3, 6.0), v=st.floats(1.0, 30.0), ts=st.floats(320.0, 600.0), ta=st.floats(250.0, 310.0),
       u=st.floats(1.0, 15.0), cls=st.sampled_from("ABCDEF"))
def test_gradual_rise_reaches_final(d, v, ts, ta, u, cls):
    kw = dict(stack_diameter_m=d, exit_velocity_m_s=v, exit_temperature_k=ts, ambient_temperature_k=ta,
              wind_speed_m_s=u, stability=cls)
    p = briggs_rise_parameters(**kw)
    final = plume_rise_briggs(**kw)
    xf = float(p["distance_to_final_rise_m"])
    x = np.array([0.1, 0.5, 0.9, 0.999, 1.0, 2.0]) * xf
    g = plume_rise_briggs(**kw, x_m=x)
    assert np.all(np.diff(g) >= -1e-9)
    assert np.all(g <= final + 1e-9)
    assert g[-1] == final
    if p["regime"] == 0:  # the buoyant 2/3 law is continuous at x_f
        assert g[3] == pytest.approx(final, rel=2e-3)


@settings(max_examples=50, deadline=None)
@given(u=st.floats(1.0, 10.0), f=st.floats(1.01, 3.0), cls=st.sampled_from("ABCDEF"))
def test_rise_falls_with_wind_speed(u, f, cls):
    a = plume_rise_briggs(**STACK, wind_speed_m_s=u, stability=cls)
    b = plume_rise_briggs(**STACK, wind_speed_m_s=u * f, stability=cls)
    assert b < a


def test_stack_tip_downwash():
    # Briggs (1974) p. 4: h' = hs + 2 d (vs/us - 1.5) when vs < 1.5 us
    assert stack_tip_downwash_height_m(stack_height_m=50, stack_diameter_m=2, exit_velocity_m_s=3,
                                       wind_speed_m_s=4) == pytest.approx(50 + 2 * 2 * (0.75 - 1.5))
    assert stack_tip_downwash_height_m(stack_height_m=50, stack_diameter_m=2, exit_velocity_m_s=7,
                                       wind_speed_m_s=4) == 50


def test_errors():
    with pytest.raises(ValueError, match="wind_speed_m_s"):
        plume_rise_briggs(**STACK, wind_speed_m_s=0.0, stability="D")
    with pytest.raises(ValueError, match="stability"):
        plume_rise_briggs(**STACK, wind_speed_m_s=2.0, stability="Q")
    with pytest.raises(ValueError, match="x_m"):
        plume_rise_briggs(**STACK, wind_speed_m_s=2.0, stability="D", x_m=-5.0)
