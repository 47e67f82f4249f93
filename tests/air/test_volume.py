"""ISC3 volume source (models.air.volume), EPA-454/B-95-003b vol. II sec. 1.2.2 and Table 1-7."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from models.air.gaussian import gaussian_plume
from models.air.sigmas import sigmas
from models.air.volume import virtual_distance_m, volume_initial_sigmas, volume_source_hourly

P_RURAL = dict(zip("ABCDEF", (0.07, 0.07, 0.10, 0.15, 0.35, 0.55)))


def _us(u10, h, cls):
    return max(u10 * (max(h, 1.0) / 10.0) ** P_RURAL[cls], 1.0)


def test_initial_dimensions_table_1_7():
    # ISC3 vol. II Table 1-7: single volume sigma_y0 = side/4.3; adjacent-volume line side/2.15;
    # surface-based sigma_z0 = vertical dimension/2.15; elevated off-building vertical/4.3;
    # on a building: building height/2.15.
    assert volume_initial_sigmas(lateral_length_m=43.0, vertical_length_m=21.5) == pytest.approx((10.0, 10.0))
    assert volume_initial_sigmas(lateral="line-adjacent", lateral_length_m=21.5, vertical="elevated",
                                 vertical_length_m=43.0) == pytest.approx((10.0, 10.0))
    assert volume_initial_sigmas(lateral="line-separated", lateral_length_m=43.0, vertical="elevated-on-building",
                                 vertical_length_m=4.3) == pytest.approx((20.0, 2.0))
    with pytest.raises(ValueError, match="lateral"):
        volume_initial_sigmas(lateral="surface-based", lateral_length_m=1.0, vertical_length_m=1.0)


@pytest.mark.parametrize("cls", list("ABCDEF"))
def test_zero_initial_size_is_the_point_source(cls):
    x = np.array([50.0, 400.0, 3000.0])
    y = np.array([0.0, 30.0, -200.0])
    c = volume_source_hourly(emission_g_s=5.0, release_height_m=8.0, initial_sigma_y_m=0.0, initial_sigma_z_m=0.0,
                             wind_speed_m_s=3.0, stability=cls, mixing_height_m=900.0, x_m=x, y_m=y)
    p = gaussian_plume(emission_g_s=5.0, wind_speed_m_s=_us(3.0, 8.0, cls), effective_height_m=8.0, x_m=x, y_m=y,
                       stability=cls, scheme="isc3-rural", mixing_height_m=None if cls in "EF" else 900.0)
    np.testing.assert_allclose(c, p, rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(sigma=st.floats(0.1, 200.0), cls=st.sampled_from(list("ABCDEF")),
       scheme=st.sampled_from(["isc3-rural", "isc3-urban", "briggs-rural", "briggs-urban", "gbt3840"]),
       comp=st.sampled_from(["y", "z"]))
def test_virtual_distance_inverts_sigma(sigma, cls, scheme, comp):
    top = sigmas(1.0e7, cls, scheme)[0 if comp == "y" else 1]
    if sigma >= top:  # bounded curve (Briggs rural E/F sigma_z): no virtual distance exists
        with pytest.raises(ValueError, match="sigma_m"):
            virtual_distance_m(sigma, cls, scheme, component=comp)
        return
    xv = virtual_distance_m(sigma, cls, scheme, component=comp)
    got = sigmas(xv, cls, scheme)[0 if comp == "y" else 1]
    assert got == pytest.approx(sigma, rel=1e-6)


def test_virtual_distances_shift_the_sigmas():
    sy0, sz0 = 5.0, 3.0
    x = np.array([100.0, 1000.0])
    c = volume_source_hourly(emission_g_s=1.0, release_height_m=0.0, initial_sigma_y_m=sy0, initial_sigma_z_m=sz0,
                             wind_speed_m_s=4.0, stability="C", mixing_height_m=1000.0, x_m=x, y_m=0.0)
    xy = virtual_distance_m(sy0, "C", "isc3-rural", component="y")
    xz = virtual_distance_m(sz0, "C", "isc3-rural", component="z")
    sy = sigmas(x + xy, "C", "isc3-rural")[0]
    sz = sigmas(x + xz, "C", "isc3-rural")[1]
    expected = 1.0 * 2.0 / (2 * np.pi * _us(4.0, 0.0, "C") * sy * sz)  # ground source: V = 2
    np.testing.assert_allclose(c, expected, rtol=1e-12)


def test_initial_spread_above_a_bounded_curve_uses_quadrature():
    # Briggs rural F sigma_z -> 0.016/0.0003 = 53.3 m: a 60 m initial spread has no virtual distance.
    x = np.array([200.0, 2000.0])
    c = volume_source_hourly(emission_g_s=1.0, release_height_m=0.0, initial_sigma_y_m=0.0, initial_sigma_z_m=60.0,
                             wind_speed_m_s=3.0, stability="F", mixing_height_m=500.0, x_m=x, y_m=0.0,
                             scheme="briggs-rural", wind_profile="isc3-rural")
    sy, sz = sigmas(x, "F", "briggs-rural")
    sz = np.sqrt(sz**2 + 60.0**2)
    np.testing.assert_allclose(c, 2.0 / (2 * np.pi * _us(3.0, 0.0, "F") * sy * sz), rtol=1e-12)


def test_exclusion_zone_and_calm():
    sy0 = 4.0
    r_excl = 2.15 * sy0 + 1.0
    c = volume_source_hourly(emission_g_s=1.0, release_height_m=2.0, initial_sigma_y_m=sy0, initial_sigma_z_m=1.0,
                             wind_speed_m_s=3.0, stability="D", mixing_height_m=500.0,
                             x_m=np.array([r_excl - 0.01, r_excl + 0.01, -50.0]), y_m=0.0)
    assert c[0] == 0.0 and c[1] > 0.0 and c[2] == 0.0
    calm = volume_source_hourly(emission_g_s=1.0, release_height_m=2.0, initial_sigma_y_m=sy0, initial_sigma_z_m=1.0,
                                wind_speed_m_s=0.2, stability="D", mixing_height_m=500.0, x_m=100.0, y_m=0.0)
    assert calm == 0.0


def test_mass_conservation_flux():
    x = 1500.0
    kw = dict(emission_g_s=2.0, release_height_m=6.0, initial_sigma_y_m=7.0, initial_sigma_z_m=3.0, wind_speed_m_s=3.0,
              stability="E", mixing_height_m=400.0)
    xy = virtual_distance_m(7.0, "E", "isc3-rural", component="y")
    xz = virtual_distance_m(3.0, "E", "isc3-rural", component="z")
    sy = sigmas(x + xy, "E", "isc3-rural")[0]
    sz = sigmas(x + xz, "E", "isc3-rural")[1]
    gy, wy = np.polynomial.legendre.leggauss(40)
    gz, wz = np.polynomial.legendre.leggauss(40)
    yl, zl = 9 * sy, 9 * sz + 6
    Y, Z = np.meshgrid(yl * gy, 0.5 * zl * (gz + 1), indexing="ij")
    c = volume_source_hourly(**kw, x_m=x, y_m=Y, z_m=Z)
    flux = _us(3.0, 6.0, "E") * np.sum(np.outer(wy * yl, wz * 0.5 * zl) * c)
    assert flux == pytest.approx(2.0, rel=1e-4)


@settings(max_examples=40, deadline=None)
@given(s1=st.floats(0.0, 50.0), s2=st.floats(0.0, 50.0), cls=st.sampled_from(list("ABCDEF")))
def test_larger_initial_spread_lowers_centreline_ground_concentration(s1, s2, cls):
    lo, hi = sorted((s1, s2))
    kw = dict(emission_g_s=1.0, release_height_m=0.0, initial_sigma_z_m=lo, wind_speed_m_s=3.0, stability=cls,
              mixing_height_m=2000.0, x_m=500.0, y_m=0.0)
    a = volume_source_hourly(initial_sigma_y_m=lo, **kw)
    b = volume_source_hourly(initial_sigma_y_m=hi, **kw)
    assert b <= a * (1 + 1e-12)


def test_bad_inputs():
    kw = dict(emission_g_s=1.0, release_height_m=0.0, initial_sigma_y_m=1.0, initial_sigma_z_m=1.0,
              wind_speed_m_s=3.0, stability="D", mixing_height_m=500.0, x_m=100.0, y_m=0.0)
    with pytest.raises(ValueError, match="initial_sigma_y_m"):
        volume_source_hourly(**dict(kw, initial_sigma_y_m=-1.0))
    with pytest.raises(ValueError, match="stability"):
        volume_source_hourly(**dict(kw, stability="Q"))
    with pytest.raises(ValueError, match="component"):
        virtual_distance_m(1.0, "D", "isc3-rural", component="x")


# Compiled path (engine="numba") against the numpy reference path
from models.air.area import numba_available  # noqa: E402

GBT_CLASSES = ["A", "A-B", "B", "B-C", "C", "C-D", "D", "D-E", "E", "F"]
SCHEME_CLASSES = [(s, c) for s in ("isc3-rural", "isc3-urban", "briggs-rural", "briggs-urban") for c in "ABCDEF"]
SCHEME_CLASSES += [("gbt3840", c) for c in GBT_CLASSES]


@pytest.mark.skipif(not numba_available(), reason="numba not importable")
@settings(max_examples=60, deadline=None)
@given(sc=st.sampled_from(SCHEME_CLASSES), sy0=st.sampled_from([0.0, 2.0, 25.0]),
       sz0=st.sampled_from([0.0, 4.0, 80.0]), he=st.sampled_from([0.0, 10.0, 40.0]),
       zi=st.sampled_from([30.0, 600.0]), z=st.sampled_from([0.0, 2.0]), seed=st.integers(0, 10_000))
def test_numba_equals_numpy(sc, sy0, sz0, he, zi, z, seed):
    # sz0 = 80 m exceeds the bounded Briggs rural E/F sigma_z curves: the quadrature branch
    scheme, cls = sc
    rng = np.random.default_rng(seed)
    x = np.r_[rng.uniform(-500, 8000, 80), 0.5, 1.0, 30.0]
    y = np.r_[rng.uniform(-1500, 1500, 80), 0.0, 0.0, 0.0]
    kw = dict(emission_g_s=3.0, release_height_m=he, initial_sigma_y_m=sy0, initial_sigma_z_m=sz0, wind_speed_m_s=2.5,
              stability=cls, mixing_height_m=zi, x_m=x, y_m=y, z_m=z, scheme=scheme)
    ref = volume_source_hourly(**kw, engine="numpy")
    fast = volume_source_hourly(**kw, engine="numba")
    np.testing.assert_allclose(fast, ref, rtol=1e-9, atol=1e-300)
    # exactly zero in one path only where the other is below 1e-300 (underflow of erfc/exp)
    assert np.all(fast[ref == 0.0] < 1e-300) and np.all(ref[fast == 0.0] < 1e-300)
