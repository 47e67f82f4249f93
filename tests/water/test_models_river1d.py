"""1-D steady river models and the HJ 2.3-2018 regime criterion (models.water.river1d)."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.water import (
    HJ23_ALPHA_ADVECTION,
    dispersion_negligible,
    estuary_1d,
    hj23_river_1d_regime,
    oconnor_number,
    peclet_number,
    river_1d,
    river_1d_hj23,
)


def test_plug_flow_one_e_folding():
    # Hand check, independent path: after x = u / k (one e-folding length) C = C0 / e.
    u, k = 0.3, 0.5
    x = u * 86400.0 / k
    assert river_1d(c0_mg_l=10.0, k_per_day=k, x_m=x, velocity_m_s=u) == pytest.approx(
        10.0 / np.e, rel=1e-12)


def test_x_zero_returns_c0_and_k_zero_is_conservative():
    assert river_1d(c0_mg_l=4.0, k_per_day=0.7, x_m=0.0, velocity_m_s=0.2,
                    dispersion_m2_s=30.0) == 4.0
    c = river_1d(c0_mg_l=4.0, k_per_day=0.0, x_m=[0.0, 1e3, 1e6], velocity_m_s=0.2,
                 dispersion_m2_s=30.0)
    np.testing.assert_allclose(c, 4.0)


def test_dispersive_solution_matches_textbook_form():
    # The code evaluates -2kx/(u + sqrt(u^2 + 4kE)); compare with the printed
    # HJ 2.3 / Chapra form u x/(2E) (1 - sqrt(1 + 4 alpha)) at moderate alpha.
    u, e, k = 0.1, 20.0, 0.4
    x = np.array([-3000.0, -200.0, 0.0, 500.0, 8000.0])
    alpha = k / 86400 * e / u**2
    sign = np.where(x < 0, 1.0, -1.0)
    expected = 7.0 * np.exp(u * x / (2 * e) * (1 + sign * np.sqrt(1 + 4 * alpha)))
    np.testing.assert_allclose(
        river_1d(c0_mg_l=7.0, k_per_day=k, x_m=x, velocity_m_s=u, dispersion_m2_s=e),
        expected, rtol=1e-12)


def test_dispersive_solution_satisfies_ode():
    # Independent check: finite-difference residual of u C' = E C'' - k C (x > 0).
    u, e, k = 0.05, 15.0, 1.2
    ks = k / 86400
    x = np.linspace(100.0, 5000.0, 50)
    h = 1.0

    def c(xx):
        return river_1d(c0_mg_l=1.0, k_per_day=k, x_m=xx, velocity_m_s=u, dispersion_m2_s=e)

    d1 = (c(x + h) - c(x - h)) / (2 * h)
    d2 = (c(x + h) - 2 * c(x) + c(x - h)) / h**2
    resid = u * d1 - e * d2 + ks * c(x)
    assert np.max(np.abs(resid)) < 1e-8 * np.max(ks * c(x)) + 1e-12


def test_zero_velocity_is_diffusion_decay_limit():
    # HJ 2.3-2018 dispersion-decay form: C = C0 exp(-|x| sqrt(k/E)).
    k, e = 0.5, 10.0
    x = np.array([-500.0, 0.0, 300.0])
    c = river_1d(c0_mg_l=2.0, k_per_day=k, x_m=x, velocity_m_s=0.0, dispersion_m2_s=e)
    np.testing.assert_allclose(c, 2.0 * np.exp(-np.abs(x) * np.sqrt(k / 86400 / e)))


def test_zero_velocity_and_dispersion_raises():
    with pytest.raises(ValueError, match="velocity_m_s"):
        river_1d(c0_mg_l=1.0, k_per_day=0.1, x_m=10.0, velocity_m_s=0.0)


def test_upstream_without_dispersion_is_zero():
    assert river_1d(c0_mg_l=1.0, k_per_day=0.1, x_m=-10.0, velocity_m_s=0.5) == 0.0


def test_negative_k_rejected():
    with pytest.raises(ValueError, match="k_per_day=-0.1"):
        river_1d(c0_mg_l=1.0, k_per_day=-0.1, x_m=10.0, velocity_m_s=0.5)


def test_oconnor_threshold_meaning():
    # At alpha = 0.027 the plug-flow exponent overstates decay by 1 - 2/(1+sqrt(1.108)) = 2.6 %.
    u = 0.2
    k = 1.0
    e = HJ23_ALPHA_ADVECTION * u**2 / (k / 86400)
    assert oconnor_number(k_per_day=k, dispersion_m2_s=e, velocity_m_s=u) == pytest.approx(0.027)
    assert dispersion_negligible(k_per_day=k, dispersion_m2_s=e, velocity_m_s=u)
    assert not dispersion_negligible(k_per_day=k, dispersion_m2_s=1.01 * e, velocity_m_s=u)
    x = 1e4
    plug = river_1d(c0_mg_l=1.0, k_per_day=k, x_m=x, velocity_m_s=u)
    disp = river_1d(c0_mg_l=1.0, k_per_day=k, x_m=x, velocity_m_s=u, dispersion_m2_s=e)
    assert np.log(disp) / np.log(plug) == pytest.approx(2 / (1 + np.sqrt(1 + 4 * 0.027)))


def test_hj23_regimes():
    # alpha = k E / u^2 (k in 1/s), Pe = u B / E.
    got = hj23_river_1d_regime(
        k_per_day=[0.2, 0.2, 0.2, 50.0],
        dispersion_m2_s=[10.0, 10.0, 100.0, 500.0],
        velocity_m_s=[0.5, 0.5, 0.05, 0.005],
        width_m=[100.0, 10.0, 100.0, 100.0],
    )
    assert list(got) == ["advection-decay", "advection-dispersion-decay-simplified",
                         "advection-dispersion-decay", "dispersion-decay"]
    assert peclet_number(velocity_m_s=0.5, width_m=10.0, dispersion_m2_s=10.0) == 0.5


def test_river_1d_with_point_load_equals_estuary_solution():
    # HJ 2.3: C0 = complete-mix / sqrt(1 + 4 alpha); estuary_1d takes W directly.
    q, a, e, k, w = 20.0, 100.0, 40.0, 0.3, 50.0
    u = q / a
    alpha = k / 86400 * e / u**2
    x = np.array([-2000.0, 0.0, 5000.0])
    c_river = river_1d(c0_mg_l=w / q / np.sqrt(1 + 4 * alpha), k_per_day=k, x_m=x,
                       velocity_m_s=u, dispersion_m2_s=e)
    c_est = estuary_1d(load_g_s=w, flow_m3_s=q, area_m2=a, dispersion_m2_s=e, k_per_day=k,
                       x_m=x)
    np.testing.assert_allclose(c_river, c_est, rtol=1e-12)


positive = st.floats(1e-4, 1e3, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(k=st.floats(0.0, 10.0), u=st.floats(1e-3, 5.0), e=st.floats(0.0, 1e3),
       x1=st.floats(0.0, 1e5), dx=st.floats(0.0, 1e5))
def test_concentration_non_increasing_downstream(k, u, e, x1, dx):
    c = river_1d(c0_mg_l=5.0, k_per_day=k, x_m=[x1, x1 + dx], velocity_m_s=u,
                 dispersion_m2_s=e)
    assert c[1] <= c[0] * (1 + 1e-12)
    assert 0.0 <= c[1] <= 5.0


@settings(max_examples=100, deadline=None)
@given(k=st.floats(1e-3, 10.0), u=st.floats(1e-2, 5.0), e=st.floats(1e-6, 1e-2))
def test_dispersion_to_zero_recovers_plug_flow(k, u, e):
    x = 2000.0
    plug = river_1d(c0_mg_l=1.0, k_per_day=k, x_m=x, velocity_m_s=u)
    disp = river_1d(c0_mg_l=1.0, k_per_day=k, x_m=x, velocity_m_s=u, dispersion_m2_s=e)
    # Dispersion shortens the decay exponent by 1 - 2/(1 + sqrt(1 + 4 alpha)), which is
    # between 0 and alpha; so the exponents agree to within a relative alpha.
    alpha = k / 86400 * e / u**2
    ratio = np.log(disp) / np.log(plug)
    # (log of values near 1 loses ~1e-16 / |exponent| relative precision: allow 1e-9)
    assert 1.0 - alpha - 1e-9 <= ratio <= 1.0 + 1e-9


def test_river_1d_hj23_forms_per_regime():
    c_mix = 10.0
    # Regime a (alpha <= 0.027, Pe >= 1): plug flow, nothing upstream.
    kw = dict(k_per_day=0.2, velocity_m_s=0.5, dispersion_m2_s=10.0, width_m=100.0)
    assert river_1d_hj23(c_mix_mg_l=c_mix, x_m=1000.0, **kw) == pytest.approx(
        river_1d(c0_mg_l=c_mix, k_per_day=0.2, x_m=1000.0, velocity_m_s=0.5))
    assert river_1d_hj23(c_mix_mg_l=c_mix, x_m=-5.0, **kw) == 0.0
    # Regime b (alpha <= 0.027, Pe < 1): upstream C exp(u x / E).
    kw_b = dict(kw, width_m=10.0)
    assert river_1d_hj23(c_mix_mg_l=c_mix, x_m=-10.0, **kw_b) == pytest.approx(
        c_mix * np.exp(0.5 * -10.0 / 10.0))
    # Regime c: the full solution with C0 = C / sqrt(1 + 4 alpha), i.e. the point-load
    # solution with W = C Q, A = Q / u (independent implementation: estuary_1d).
    q, u, e, k = 5.0, 0.05, 100.0, 0.2
    x = np.array([-800.0, 0.0, 1000.0, 20000.0])
    got = river_1d_hj23(c_mix_mg_l=c_mix, k_per_day=k, x_m=x, velocity_m_s=u,
                        dispersion_m2_s=e, width_m=100.0)
    ref = estuary_1d(load_g_s=c_mix * q, flow_m3_s=q, area_m2=q / u, dispersion_m2_s=e,
                     k_per_day=k, x_m=x)
    np.testing.assert_allclose(got, ref, rtol=1e-12)
    # Regime d (alpha > 380): W / (2 A sqrt(k E)) exp(-|x| sqrt(k / E)), hand-written here.
    u, e, k = 0.005, 500.0, 50.0
    ks = k / 86400
    got = river_1d_hj23(c_mix_mg_l=c_mix, k_per_day=k, x_m=[-100.0, 100.0], velocity_m_s=u,
                        dispersion_m2_s=e, width_m=100.0)
    w_over_a = c_mix * u
    np.testing.assert_allclose(
        got, w_over_a / (2 * np.sqrt(ks * e)) * np.exp(-100.0 * np.sqrt(ks / e)), rtol=1e-12)
