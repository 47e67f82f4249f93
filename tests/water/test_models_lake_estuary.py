"""Lake box model, phosphorus models and the tidally averaged estuary (models.water)."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad, solve_ivp

from models.water import (
    dillon_rigler,
    estuary_1d,
    kirchner_dillon_retention,
    lake_phosphorus,
    lake_response_time_95,
    lake_steady_state,
    lake_time_dependent,
    vollenweider_1975,
    vollenweider_1976,
)

# --------------------------------------------------------------------------------------------
# Completely mixed lake
# --------------------------------------------------------------------------------------------


def test_lake_steady_state_hand_value():
    # W = 10 g/s, Q = 5 m3/s, V = 1e7 m3, k = 0.0864 /d = 1e-6 /s: C = 10 / (5 + 10) (hand).
    c = lake_steady_state(load_g_s=10.0, outflow_m3_s=5.0, volume_m3=1e7, k_per_day=0.0864)
    assert c == pytest.approx(10.0 / 15.0, rel=1e-12)


def test_lake_without_outflow_or_decay_has_no_steady_state():
    with pytest.raises(ValueError, match="outflow_m3_s=0"):
        lake_steady_state(load_g_s=1.0, outflow_m3_s=0.0, volume_m3=1e6)


@settings(max_examples=30, deadline=None)
@given(w=st.floats(0.0, 100.0), q=st.floats(0.0, 50.0), v=st.floats(1e5, 1e9),
       k=st.floats(0.0, 1.0), c0=st.floats(0.0, 20.0))
def test_lake_time_dependent_matches_ode(w, q, v, k, c0):
    # Independent path: integrate V dC/dt = W - Q C - k V C numerically.
    t = np.linspace(0.0, 200.0, 11)
    lam = q / v + k / 86400
    sol = solve_ivp(lambda _, c: [w / v - lam * c[0]], (0, t[-1] * 86400), [c0],
                    t_eval=t * 86400, rtol=1e-11, atol=1e-13, method="DOP853")
    got = lake_time_dependent(load_g_s=w, outflow_m3_s=q, volume_m3=v, t_day=t, c0_mg_l=c0,
                              k_per_day=k)
    np.testing.assert_allclose(got, sol.y[0], rtol=1e-7, atol=1e-9)


def test_lake_time_dependent_limits():
    kw = dict(load_g_s=3.0, outflow_m3_s=2.0, volume_m3=5e6, k_per_day=0.1)
    assert lake_time_dependent(t_day=0.0, c0_mg_l=4.0, **kw) == 4.0
    assert lake_time_dependent(t_day=1e4, c0_mg_l=4.0, **kw) == pytest.approx(
        lake_steady_state(**kw), rel=1e-12)
    # No outflow, no decay: linear accumulation W t / V.
    assert lake_time_dependent(load_g_s=1.0, outflow_m3_s=0.0, volume_m3=86400.0,
                               t_day=2.0, c0_mg_l=1.0) == pytest.approx(3.0)


def test_response_time_reaches_95_percent():
    kw = dict(outflow_m3_s=1.0, volume_m3=2e7, k_per_day=0.05)
    t95 = lake_response_time_95(**kw)
    c = lake_time_dependent(load_g_s=5.0, t_day=t95, **kw)
    assert c / lake_steady_state(load_g_s=5.0, **kw) == pytest.approx(0.95, rel=1e-12)


# --------------------------------------------------------------------------------------------
# Phosphorus
# --------------------------------------------------------------------------------------------


def test_kirchner_dillon_hand_value():
    # 0.426 e^{-2.71} + 0.574 e^{-0.0949} = 0.426 x 0.066537 + 0.574 x 0.909464
    # = 0.028345 + 0.522032 = 0.550377 (hand arithmetic, q_s = 10 m/yr).
    assert kirchner_dillon_retention(areal_water_load_m_yr=10.0) == pytest.approx(0.550377,
                                                                                  abs=2e-6)
    assert kirchner_dillon_retention(areal_water_load_m_yr=0.0) == pytest.approx(1.0)


@settings(max_examples=60, deadline=None)
@given(load=st.floats(0.0, 10.0), z=st.floats(0.5, 200.0), rho=st.floats(1e-3, 50.0))
def test_vollenweider_models_are_dillon_rigler_with_their_retention(load, z, rho):
    # Vollenweider (1975): R = sigma / (sigma + rho) with sigma = 10 / z.
    # Vollenweider (1976): R = 1 / (1 + sqrt(rho)) (i.e. 1 - R = 1 / (1 + sqrt(tau_w))).
    kw = dict(areal_load_g_m2_yr=load, mean_depth_m=z, flushing_rate_per_yr=rho)
    sigma = 10.0 / z
    assert vollenweider_1975(**kw) == pytest.approx(
        dillon_rigler(retention=sigma / (sigma + rho), **kw), rel=1e-12, abs=1e-300)
    assert vollenweider_1976(**kw) == pytest.approx(
        dillon_rigler(retention=1 / (1 + np.sqrt(rho)), **kw), rel=1e-12, abs=1e-300)
    assert lake_phosphorus(method="vollenweider-1976", **kw) == vollenweider_1976(**kw)


def test_phosphorus_units_hand_value():
    # L = 1 g/m2/yr, z = 10 m, rho = 1 /yr: Vollenweider (1976) P = (L / q_s) / (1 + 1)
    # = 0.05 g/m3 = 0.05 mg/L = 50 ug/L (hand arithmetic).
    assert vollenweider_1976(areal_load_g_m2_yr=1.0, mean_depth_m=10.0,
                             flushing_rate_per_yr=1.0) == pytest.approx(0.05)


def test_phosphorus_registry_and_errors():
    with pytest.raises(ValueError, match="'vollenweider-1975'"):
        lake_phosphorus(areal_load_g_m2_yr=1, mean_depth_m=5, flushing_rate_per_yr=1,
                        method="oecd")
    with pytest.raises(ValueError, match="flushing_rate_per_yr=0.0"):
        vollenweider_1976(areal_load_g_m2_yr=1, mean_depth_m=5, flushing_rate_per_yr=0.0)
    with pytest.raises(ValueError, match="retention=1.0"):
        dillon_rigler(areal_load_g_m2_yr=1, mean_depth_m=5, flushing_rate_per_yr=1,
                      retention=1.0)
    # Vollenweider (1975) has a settling sink, so a closed lake (rho = 0) is allowed: L / v_s.
    assert vollenweider_1975(areal_load_g_m2_yr=1.0, mean_depth_m=5.0,
                             flushing_rate_per_yr=0.0) == pytest.approx(0.1)


# --------------------------------------------------------------------------------------------
# Estuary
# --------------------------------------------------------------------------------------------

EST = dict(load_g_s=200.0, flow_m3_s=30.0, area_m2=3000.0, dispersion_m2_s=150.0)


@settings(max_examples=30, deadline=None)
@given(k=st.floats(0.01, 2.0), q=st.floats(0.0, 200.0), e=st.floats(1.0, 500.0))
def test_estuary_decay_balances_load(k, q, e):
    # Steady state with decay: everything loaded is destroyed, W = k A \\int c dx
    # (independent check by quadrature over both branches, each to 50 e-folding lengths).
    kw = dict(EST, flow_m3_s=q, dispersion_m2_s=e, k_per_day=k)

    def c(x):
        return estuary_1d(x_m=x, **kw)

    c0 = c(0.0)
    l_up = -1.0 / np.log(c(-1.0) / c0) if c(-1.0) < c0 else 1e9
    l_down = -1.0 / np.log(c(1.0) / c0) if c(1.0) < c0 else 1e9
    up, _ = quad(c, -50 * l_up, 0.0, epsrel=1e-11, limit=200)
    down, _ = quad(c, 0.0, 50 * l_down, epsrel=1e-11, limit=200)
    assert k / 86400 * EST["area_m2"] * (up + down) == pytest.approx(EST["load_g_s"], rel=1e-6)


def test_estuary_conservative_substance():
    # k = 0: downstream c = W / Q; upstream the salt-intrusion-like profile W/Q exp(U x / E).
    kw = dict(EST, k_per_day=0.0)
    x = np.array([-5000.0, -100.0, 0.0, 100.0, 50000.0])
    u = 30.0 / 3000.0
    expected = np.where(x < 0, 200.0 / 30.0 * np.exp(u * x / 150.0), 200.0 / 30.0)
    np.testing.assert_allclose(estuary_1d(x_m=x, **kw), expected, rtol=1e-12)


def test_estuary_zero_flow_limit():
    # Q = 0: c = W / (2 A sqrt(k E)) exp(-|x| sqrt(k / E)) (Chapra Lecture 10 limit).
    k = 0.2
    ks = k / 86400
    x = np.array([-2000.0, 0.0, 2000.0])
    got = estuary_1d(x_m=x, k_per_day=k, **dict(EST, flow_m3_s=0.0))
    expected = 200.0 / (2 * 3000.0 * np.sqrt(ks * 150.0)) * np.exp(-np.abs(x) * np.sqrt(ks / 150))
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_estuary_satisfies_ode_and_flux_jump():
    # E A c'' - Q c' - k A c = 0 away from x = 0, and the load enters as a jump in total flux:
    # [Q c - E A c']_{0-}^{0+} = W.
    k = 0.3
    ks = k / 86400
    kw = dict(EST, k_per_day=k)
    h = 0.5
    x = np.array([-3000.0, -500.0, 800.0, 6000.0])
    c = lambda xx: estuary_1d(x_m=xx, **kw)  # noqa: E731
    d1 = (c(x + h) - c(x - h)) / (2 * h)
    d2 = (c(x + h) - 2 * c(x) + c(x - h)) / h**2
    resid = 150.0 * 3000.0 * d2 - 30.0 * d1 - ks * 3000.0 * c(x)
    assert np.max(np.abs(resid)) < 1e-6 * np.max(ks * 3000.0 * c(x))
    eps = 1e-3
    grad_up = (c(0.0) - c(-eps)) / eps
    grad_down = (c(eps) - c(0.0)) / eps
    jump = -150.0 * 3000.0 * (grad_down - grad_up)
    assert jump == pytest.approx(200.0, rel=1e-4)


def test_estuary_bad_inputs():
    with pytest.raises(ValueError, match="flow_m3_s=0 with k_per_day=0"):
        estuary_1d(x_m=0.0, k_per_day=0.0, **dict(EST, flow_m3_s=0.0))
    with pytest.raises(ValueError, match="area_m2=0.0"):
        estuary_1d(x_m=0.0, k_per_day=0.1, **dict(EST, area_m2=0.0))
