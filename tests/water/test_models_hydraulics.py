"""Hydraulic geometry and mixing coefficients (models.water.hydraulics)."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.water import (
    hydraulic_geometry,
    longitudinal_dispersion,
    shear_velocity,
    transverse_dispersion,
)


def test_shear_velocity_and_taylor_ey_for_exam_reach():
    # Reach of 环境影响评价师练习题精选系列(六) problem 3: B = 50 m, H = 1.2 m, J = 0.9 per mil.
    # Hand arithmetic: u* = sqrt(9.81 * 1.2 * 0.0009) = sqrt(0.0105948) = 0.102931 m/s;
    # Taylor (HJ 2.3-2018 App. F): Ey = (0.058 * 1.2 + 0.0065 * 50) * u* = 0.3946 u* = 0.04062 m2/s.
    us = shear_velocity(depth_m=1.2, slope=0.0009)
    assert us == pytest.approx(0.102931, rel=1e-5)
    ey = transverse_dispersion(depth_m=1.2, shear_velocity_m_s=us, width_m=50.0, method="taylor")
    assert ey == pytest.approx(0.04062, rel=2e-4)


def test_fischer_and_elder_coefficients():
    h, us, u, b = 2.0, 0.05, 0.6, 40.0
    assert transverse_dispersion(depth_m=h, shear_velocity_m_s=us) == pytest.approx(0.6 * h * us)
    assert transverse_dispersion(depth_m=h, shear_velocity_m_s=us,
                                 method="fischer-straight") == pytest.approx(0.15 * h * us)
    assert longitudinal_dispersion(depth_m=h, shear_velocity_m_s=us,
                                   method="elder") == pytest.approx(5.93 * h * us)
    assert longitudinal_dispersion(depth_m=h, shear_velocity_m_s=us, velocity_m_s=u,
                                   width_m=b) == pytest.approx(0.011 * u**2 * b**2 / (h * us))


def test_method_errors():
    with pytest.raises(ValueError, match="width_m=None"):
        transverse_dispersion(depth_m=1.0, shear_velocity_m_s=0.1, method="taylor")
    with pytest.raises(ValueError, match="'elder'"):
        longitudinal_dispersion(depth_m=1.0, shear_velocity_m_s=0.1, method="taylor")
    with pytest.raises(ValueError, match="velocity_m_s/width_m"):
        longitudinal_dispersion(depth_m=1.0, shear_velocity_m_s=0.1, method="fischer")


@settings(max_examples=50, deadline=None)
@given(q=st.floats(0.01, 1e4), a=st.floats(0.05, 2.0), b=st.floats(0.0, 0.6),
       c=st.floats(0.05, 2.0), d=st.floats(0.0, 0.6))
def test_hydraulic_geometry_continuity(q, a, b, c, d):
    # With width B = e Q^f, continuity Q = u h B requires a c e = 1 and b + d + f = 1
    # (Leopold & Maddock 1953): the implied width reproduces Q exactly.
    u, h = hydraulic_geometry(q, a, b, c, d)
    width = (1.0 / (a * c)) * q ** (1.0 - b - d)
    assert u * h * width == pytest.approx(q, rel=1e-12)
    assert u == pytest.approx(a * q**b) and h == pytest.approx(c * q**d)


def test_hydraulic_geometry_vectorised_and_validated():
    u, h = hydraulic_geometry(np.array([1.0, 10.0, 100.0]), 0.3, 0.43, 0.4, 0.45)
    assert np.all(np.diff(u) > 0) and np.all(np.diff(h) > 0)
    with pytest.raises(ValueError, match="q_m3_s=0.0"):
        hydraulic_geometry(0.0, 0.3, 0.43, 0.4, 0.45)
