"""2-D steady mixing with bank reflections (models.water.river2d)."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from models.water import river_2d
from models.water.river2d import SERIES_SWITCH_X_PRIME

BASE = dict(load_g_s=12.0, depth_m=1.5, velocity_m_s=0.4, width_m=40.0,
            transverse_dispersion_m2_s=0.05)


def _x_for(xp, b=BASE):
    return xp * b["velocity_m_s"] * b["width_m"] ** 2 / b["transverse_dispersion_m2_s"]


def test_shoreline_near_field_is_hj23_formula():
    # Close to a bank outfall the far-bank images are negligible, and the solution must be the
    # guideline's shoreline formula C = m / (h sqrt(pi Ey x u)) exp(-u y^2 / (4 Ey x)),
    # evaluated here directly (independent formula path).
    m, h, u, ey = 12.0, 1.5, 0.4, 0.05
    x = 50.0
    y = np.array([0.0, 0.5, 1.0, 2.0])
    hj = m / (h * np.sqrt(np.pi * ey * x * u)) * np.exp(-u * y**2 / (4 * ey * x))
    np.testing.assert_allclose(river_2d(x_m=x, y_m=y, **BASE), hj, rtol=1e-12)


def test_mid_channel_wide_river_is_free_gaussian():
    # Far from both banks the solution is the unbounded Gaussian plume,
    # m / (h sqrt(4 pi Ey x u)) exp(-u (y - y0)^2 / (4 Ey x)).
    kw = dict(BASE, width_m=2000.0)
    m, h, u, ey = 12.0, 1.5, 0.4, 0.05
    x, y0 = 500.0, 1000.0
    y = y0 + np.array([-3.0, 0.0, 2.0, 5.0])
    free = m / (h * np.sqrt(4 * np.pi * ey * x * u)) * np.exp(-u * (y - y0) ** 2 / (4 * ey * x))
    np.testing.assert_allclose(river_2d(x_m=x, y_m=y, outfall_y_m=y0, **kw), free, rtol=1e-12)


def test_series_switch_is_continuous():
    # The image sum (x' <= 1/pi) and the cosine series (x' > 1/pi) are the same function.
    y = np.linspace(0.0, 40.0, 41)
    for y0 in (0.0, 7.0, 20.0):
        below = river_2d(x_m=_x_for(SERIES_SWITCH_X_PRIME) * (1 - 1e-12), y_m=y, outfall_y_m=y0,
                         **BASE)
        above = river_2d(x_m=_x_for(SERIES_SWITCH_X_PRIME) * (1 + 1e-12), y_m=y, outfall_y_m=y0,
                         **BASE)
        np.testing.assert_allclose(below, above, rtol=1e-11)


def test_fully_mixed_far_downstream_equals_1d_mean_with_decay():
    x = _x_for(3.0)
    k = 0.4
    c = river_2d(x_m=x, y_m=np.linspace(0, 40, 9), outfall_y_m=0.0, k_per_day=k, **BASE)
    mean = 12.0 / (0.4 * 1.5 * 40.0) * np.exp(-k / 86400 * x / 0.4)
    np.testing.assert_allclose(c, mean, rtol=1e-12)


def test_background_upstream_and_source_point():
    c = river_2d(x_m=[-10.0, 0.0, 0.0], y_m=[0.0, 0.0, 5.0], c_background_mg_l=2.0, **BASE)
    assert c[0] == 2.0 and np.isinf(c[1]) and c[2] == 2.0


def test_rejects_receptor_outside_river():
    with pytest.raises(ValueError, match="y_m=41.0"):
        river_2d(x_m=10.0, y_m=41.0, **BASE)
    with pytest.raises(ValueError, match="outfall_y_m"):
        river_2d(x_m=10.0, y_m=1.0, outfall_y_m=-1.0, **BASE)


@settings(max_examples=40, deadline=None)
@given(xp=st.floats(1e-4, 2.0), y0_frac=st.one_of(st.sampled_from([0.0, 0.5, 1.0]),
                                                  st.floats(1e-3, 1.0 - 1e-3)),
       k=st.floats(0.0, 2.0))
def test_width_integral_conserves_mass(xp, y0_frac, k):
    # The flux u h \\int C dy through any section equals the load after decay (reflections make
    # the bounded solution conservative).
    b = BASE["width_m"]
    y0 = y0_frac * b
    x = _x_for(xp)

    def c(y):
        return river_2d(x_m=x, y_m=y, outfall_y_m=y0, k_per_day=k, **BASE)

    # Integrate each side of the outfall separately so the peak sits on an interval end.
    integral = sum(quad(c, lo, hi, limit=400, epsabs=1e-12, epsrel=1e-10)[0]
                   for lo, hi in ((0.0, y0), (y0, b)) if hi > lo)
    flux = BASE["velocity_m_s"] * BASE["depth_m"] * integral
    assert flux == pytest.approx(12.0 * np.exp(-k / 86400 * x / BASE["velocity_m_s"]), rel=1e-7)


@settings(max_examples=60, deadline=None)
@given(xp=st.floats(1e-3, 2.0), y_frac=st.floats(0.0, 1.0), y0_frac=st.floats(0.0, 1.0))
def test_reciprocity_and_mirror_symmetry(xp, y_frac, y0_frac):
    b = BASE["width_m"]
    x = _x_for(xp)
    a = river_2d(x_m=x, y_m=y_frac * b, outfall_y_m=y0_frac * b, **BASE)
    swapped = river_2d(x_m=x, y_m=y0_frac * b, outfall_y_m=y_frac * b, **BASE)
    mirrored = river_2d(x_m=x, y_m=(1 - y_frac) * b, outfall_y_m=(1 - y0_frac) * b, **BASE)
    assert a == pytest.approx(swapped, rel=1e-10, abs=1e-300)
    assert a == pytest.approx(mirrored, rel=1e-10, abs=1e-300)


@settings(max_examples=40, deadline=None)
@given(xp1=st.floats(1e-3, 2.0), dxp=st.floats(1e-3, 2.0))
def test_peak_decreases_downstream(xp1, dxp):
    # The maximum over the section (at the outfall bank) falls as the plume spreads.
    c1 = river_2d(x_m=_x_for(xp1), y_m=0.0, **BASE)
    c2 = river_2d(x_m=_x_for(xp1 + dxp), y_m=0.0, **BASE)
    assert c2 <= c1 * (1 + 1e-12)


def test_hj23_printed_form_shoreline():
    # Shoreline outfall, one far-bank reflection, as printed (水资源与水工程学报 2022(6) p.100
    # eq. 2 reproducing HJ 2.3-2018): C = Ch + m/(H sqrt(pi My x u))
    # [exp(-u y^2/(4 My x)) + exp(-u (2B - y)^2/(4 My x))] exp(-k x/u). Written out here.
    m, h, u, ey, b, k, ch = 12.0, 1.5, 0.4, 0.05, 40.0, 0.3, 1.0
    x = np.array([200.0, 3000.0, 20000.0])[:, None]
    y = np.array([0.0, 10.0, 40.0])[None, :]
    printed = ch + m / (h * np.sqrt(np.pi * ey * x * u)) * (
        np.exp(-u * y**2 / (4 * ey * x)) + np.exp(-u * (2 * b - y) ** 2 / (4 * ey * x))
    ) * np.exp(-k / 86400 * x / u)
    got = river_2d(x_m=x, y_m=y, k_per_day=k, c_background_mg_l=ch, images="hj2.3", **BASE)
    np.testing.assert_allclose(got, printed, rtol=1e-12)


def test_hj23_form_matches_converged_near_and_loses_mass_far():
    y = np.linspace(0.0, 40.0, 9)
    for y0 in (0.0, 10.0, 20.0, 40.0):
        near = _x_for(0.01)
        np.testing.assert_allclose(
            river_2d(x_m=near, y_m=y, outfall_y_m=y0, images="hj2.3", **BASE),
            river_2d(x_m=near, y_m=y, outfall_y_m=y0, **BASE), rtol=1e-6, atol=1e-12)
    # Far downstream the three-term form no longer conserves mass (it decays like x^-1/2).
    far = _x_for(5.0)
    c_hj = river_2d(x_m=far, y_m=y, images="hj2.3", **BASE)
    c_ok = river_2d(x_m=far, y_m=y, **BASE)
    assert np.all(c_hj < 0.5 * c_ok)
    with pytest.raises(ValueError, match="'converged'"):
        river_2d(x_m=far, y_m=y, images="two", **BASE)


def test_hj23_printed_form_mid_channel_and_far_bank_outfall():
    # Non-shoreline form, written out: m/(2 h sqrt(pi Ey x u)) [e(y - a) + e(y + a) + e(2B - y - a)].
    m, h, u, ey, b = 12.0, 1.5, 0.4, 0.05, 40.0
    x, a = 5000.0, 12.0
    y = np.array([0.0, 12.0, 30.0, 40.0])

    def e(d):
        return np.exp(-u * d**2 / (4 * ey * x))

    printed = m / (2 * h * np.sqrt(np.pi * ey * x * u)) * (e(y - a) + e(y + a) + e(2 * b - y - a))
    got = river_2d(x_m=x, y_m=y, outfall_y_m=a, images="hj2.3", **BASE)
    np.testing.assert_allclose(got, printed, rtol=1e-12)
    # An outfall on the other bank is the mirror image of a shoreline outfall.
    np.testing.assert_allclose(
        river_2d(x_m=x, y_m=y, outfall_y_m=b, images="hj2.3", **BASE),
        river_2d(x_m=x, y_m=b - y, outfall_y_m=0.0, images="hj2.3", **BASE), rtol=1e-12)
