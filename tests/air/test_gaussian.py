"""Gaussian plume and the ISC3 vertical term: Turner (1970) example, conservation, symmetry."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import integrate

from models.air import gaussian_plume, vertical_term, sigmas


def test_turner_workbook_ground_source_example():
    # Turner (1970), Workbook of Atmospheric Dispersion Estimates, ch. 3 example: a burning dump
    # emits 3 g/s of NOx; overcast night, u = 7 m/s (class D); centreline ground-level
    # concentration 3 km downwind chi = Q / (pi sigma_y sigma_z u) = 1.1e-5 g/m3 (printed answer,
    # with sigma_y = 190 m, sigma_z = 65 m read from the curves).
    chi = gaussian_plume(emission_g_s=3.0, wind_speed_m_s=7.0, effective_height_m=0.0, x_m=3000.0,
                         y_m=0.0, stability="D", scheme="isc3-rural")
    assert chi == pytest.approx(1.1e-5, rel=0.05)
    # with Turner's own curve readings the formula gives his number exactly
    assert 3.0 / (np.pi * 190 * 65 * 7) == pytest.approx(1.1e-5, rel=0.02)


def test_uniform_mixing_limit():
    # ISC3 eq. 1-51: sigma_z >= 1.6 zi -> V = sqrt(2 pi) sigma_z / zi
    v = vertical_term(effective_height_m=100.0, sigma_z_m=1000.0, mixing_height_m=500.0)
    assert v == pytest.approx(np.sqrt(2 * np.pi) * 1000.0 / 500.0)
    # just below the switch the image series is already close to uniform (within 1 %)
    v2 = vertical_term(effective_height_m=100.0, sigma_z_m=799.0, mixing_height_m=500.0)
    assert v2 == pytest.approx(np.sqrt(2 * np.pi) * 799.0 / 500.0, rel=0.01)


def test_plume_above_lid_is_zero():
    assert vertical_term(effective_height_m=600.0, sigma_z_m=100.0, mixing_height_m=500.0) == 0.0


@settings(max_examples=20, deadline=None)
@given(he=st.floats(0.0, 300.0), sz=st.floats(5.0, 700.0))
def test_vertical_term_integrates_to_sqrt2pi_sigma_z(he, sz):
    # ground reflection conserves mass: int_0^inf V dz = sqrt(2 pi) sigma_z
    f = lambda z: float(vertical_term(effective_height_m=he, sigma_z_m=sz, z_m=z))  # noqa: E731
    val, _ = integrate.quad(f, 0.0, he + 12 * sz, points=[he], limit=200)
    assert val == pytest.approx(np.sqrt(2 * np.pi) * sz, rel=1e-6)


@settings(max_examples=20, deadline=None)
@given(he=st.floats(0.0, 400.0), sz=st.floats(20.0, 790.0), zi=st.floats(500.0, 2000.0))
def test_lid_images_conserve_mass_in_the_layer(he, sz, zi):
    # with the lid the mass stays within 0..zi: int_0^zi V dz = sqrt(2 pi) sigma_z
    if he > zi or sz >= 1.6 * zi:
        return
    f = lambda z: float(vertical_term(effective_height_m=he, sigma_z_m=sz, z_m=z, mixing_height_m=zi))  # noqa: E731
    val, _ = integrate.quad(f, 0.0, zi, points=[he], limit=200)
    assert val == pytest.approx(np.sqrt(2 * np.pi) * sz, rel=1e-6)


@settings(max_examples=25, deadline=None)
@given(x=st.floats(100.0, 20000.0), cls=st.sampled_from("ABCDEF"))
def test_crosswind_integral_free_space_equals_q_over_u(x, cls):
    # without reflection, int int chi dy dz = Q / u (mass flux conservation)
    q, u = 10.0, 3.0
    sy, sz = sigmas(x, cls, "isc3-rural")
    y = np.linspace(-9 * sy, 9 * sy, 181)
    z = np.linspace(-9 * sz, 9 * sz, 181)
    yy, zz = np.meshgrid(y, z)
    chi = gaussian_plume(emission_g_s=q, wind_speed_m_s=u, effective_height_m=0.0, x_m=x, y_m=yy, z_m=zz,
                         stability=cls, scheme="isc3-rural", ground_reflection=False)
    total = np.trapezoid(np.trapezoid(chi, y, axis=1), z)
    assert total == pytest.approx(q / u, rel=1e-6)


@settings(max_examples=50, deadline=None)
@given(x=st.floats(50.0, 20000.0), y=st.floats(0.0, 3000.0), he=st.floats(0.0, 300.0),
       cls=st.sampled_from("ABCDEF"), zi=st.one_of(st.none(), st.floats(300.0, 3000.0)))
def test_symmetry_reflection_and_wind(x, y, he, cls, zi):
    kw = dict(emission_g_s=1.0, effective_height_m=he, x_m=x, stability=cls, scheme="isc3-rural",
              mixing_height_m=zi)
    a = gaussian_plume(wind_speed_m_s=2.0, y_m=y, **kw)
    assert a == gaussian_plume(wind_speed_m_s=2.0, y_m=-y, **kw)          # symmetric in y
    assert gaussian_plume(wind_speed_m_s=4.0, y_m=y, **kw) <= a          # falls with wind speed
    free = gaussian_plume(wind_speed_m_s=2.0, y_m=y, **dict(kw, mixing_height_m=None), ground_reflection=False)
    if zi is None or he <= zi:
        assert a >= free                                                  # reflection never lowers it


def test_upwind_is_zero():
    c = gaussian_plume(emission_g_s=1.0, wind_speed_m_s=2.0, effective_height_m=10.0, x_m=[-10.0, 0.0, 10.0],
                       y_m=0.0, stability="D", scheme="isc3-rural")
    assert c[0] == 0.0 and c[1] == 0.0 and c[2] > 0.0


def test_wind_speed_must_be_positive():
    with pytest.raises(ValueError, match="wind_speed_m_s"):
        gaussian_plume(emission_g_s=1.0, wind_speed_m_s=0.0, effective_height_m=10.0, x_m=10.0, y_m=0.0,
                       stability="D", scheme="isc3-rural")
