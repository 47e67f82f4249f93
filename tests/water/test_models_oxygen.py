"""DO saturation, reaeration and the Streeter-Phelps sag (models.water.oxygen)."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp
from scipy.optimize import minimize_scalar

from models.water import (
    do_saturation,
    reaeration,
    streeter_phelps,
    streeter_phelps_critical,
    temperature_correction,
)

# --------------------------------------------------------------------------------------------
# Saturation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "t_c, table_mg_l",
    # Standard Methods 4500-O, Table 4500-O:I (solubility of oxygen in water exposed to
    # water-saturated air at 1 atm, chlorinity 0), printed to three decimals.
    [(0.0, 14.621), (10.0, 11.288), (20.0, 9.092), (25.0, 8.263), (30.0, 7.559)],
)
def test_apha_table_values(t_c, table_mg_l):
    assert do_saturation(t_c) == pytest.approx(table_mg_l, abs=0.0006)


def test_hj23_formula_and_its_agreement_with_apha():
    # 468 / (31.6 + 20) = 9.0698 (hand arithmetic); the guideline's fit stays within 1.5 % of
    # the APHA equation over 0-30 degC (independent formula path).
    assert do_saturation(20.0, method="hj2.3") == pytest.approx(468 / 51.6)
    t = np.linspace(0.0, 30.0, 31)
    rel = do_saturation(t, method="hj2.3") / do_saturation(t, method="apha") - 1
    assert np.max(np.abs(rel)) < 0.015


def test_hj23_refuses_corrections():
    with pytest.raises(ValueError, match="method='hj2.3'"):
        do_saturation(20.0, method="hj2.3", salinity_ppt=10.0)


def test_unknown_method_lists_known_ones():
    with pytest.raises(ValueError, match="'apha'.*'hj2.3'"):
        do_saturation(20.0, method="weiss")


def test_pressure_correction_is_slightly_below_proportional():
    # Standard Methods 4500-O: C_p = C* P (1 - P_wv/P)(1 - theta P) / ((1 - P_wv)(1 - theta)).
    # Henry's law alone would give C* P; removing water vapour makes it a little lower.
    c1 = do_saturation(20.0)
    c08 = do_saturation(20.0, pressure_atm=0.8)
    assert 0.79 * c1 < c08 < 0.8 * c1
    assert do_saturation(20.0, pressure_atm=1.0) == pytest.approx(c1, rel=1e-15)


@settings(max_examples=60, deadline=None)
@given(t1=st.floats(0.0, 49.0), dt=st.floats(0.01, 1.0), s=st.floats(0.0, 40.0))
def test_saturation_decreases_with_temperature_and_salinity(t1, dt, s):
    assert do_saturation(t1 + dt, salinity_ppt=s) < do_saturation(t1, salinity_ppt=s)
    assert do_saturation(t1, salinity_ppt=s + 1.0) < do_saturation(t1, salinity_ppt=s)
    assert do_saturation(t1 + dt, method="hj2.3") < do_saturation(t1, method="hj2.3")


def test_temperature_out_of_range_rejected():
    with pytest.raises(ValueError, match="temperature_c=60.0"):
        do_saturation(60.0)


# --------------------------------------------------------------------------------------------
# Reaeration
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method, english_coef, u_exp, h_exp",
    # English-unit (ft/s, ft) forms as usually tabulated (e.g. Bowie et al. 1985,
    # EPA/600/3-85/040, reaeration chapter): O'Connor-Dobbins 12.9 U^0.5 H^-1.5, Churchill
    # 11.6 U^0.969 H^-1.673, Owens-Gibbs 21.6 U^0.67 H^-1.85. Converting them to SI with
    # 1 m = 3.281 ft is an independent route to Chapra's SI coefficients.
    [("oconnor-dobbins", 12.9, 0.5, 1.5), ("churchill", 11.6, 0.969, 1.673),
     ("owens-gibbs", 21.6, 0.67, 1.85)],
)
def test_si_coefficients_match_english_forms(method, english_coef, u_exp, h_exp):
    ft = 3.281
    si_from_english = english_coef * ft**u_exp / ft**h_exp  # at U = 1 m/s, H = 1 m
    assert reaeration(velocity_m_s=1.0, depth_m=1.0, method=method) == pytest.approx(
        si_from_english, rel=0.003)


def test_qual2k_selection_regions():
    u = np.array([0.3, 0.5, 1.5])
    h = np.array([0.5, 3.0, 1.0])
    got = reaeration(velocity_m_s=u, depth_m=h, method="qual2k")
    # H = 0.5 < 0.61 -> Owens-Gibbs; H = 3 > 3.45 * 0.5^2.5 = 0.61 -> O'Connor-Dobbins;
    # H = 1 < 3.45 * 1.5^2.5 = 9.5 -> Churchill.
    expected = [
        reaeration(velocity_m_s=0.3, depth_m=0.5, method="owens-gibbs"),
        reaeration(velocity_m_s=0.5, depth_m=3.0, method="oconnor-dobbins"),
        reaeration(velocity_m_s=1.5, depth_m=1.0, method="churchill"),
    ]
    np.testing.assert_allclose(got, expected)


def test_oconnor_dobbins_hand_value():
    # 3.93 * sqrt(0.5) / 2^1.5 = 0.9826 /d (hand arithmetic).
    assert reaeration(velocity_m_s=0.5, depth_m=2.0) == pytest.approx(0.98253, rel=1e-4)


def test_reaeration_zero_velocity_and_bad_depth():
    assert reaeration(velocity_m_s=0.0, depth_m=1.0, method="qual2k") == 0.0
    with pytest.raises(ValueError, match="depth_m=0.0"):
        reaeration(velocity_m_s=0.5, depth_m=0.0)
    with pytest.raises(ValueError, match="'owens-gibbs'"):
        reaeration(velocity_m_s=0.5, depth_m=1.0, method="tsivoglou")


def test_temperature_correction():
    # k_30 = k_20 * 1.024^10 = 1.2676 k_20 (hand arithmetic); k_20 unchanged at 20 degC.
    assert temperature_correction(1.0, 30.0, 1.024) == pytest.approx(1.024**10)
    assert temperature_correction(0.35, 20.0, 1.047) == 0.35


# --------------------------------------------------------------------------------------------
# Streeter-Phelps
# --------------------------------------------------------------------------------------------


def test_streeter_phelps_meade_example():
    # Meade, D. B. (1998), "DO sag" Maple case study, ICTCM 1998, University of South Carolina,
    # http://www.math.sc.edu/~meade/ictcm98/DOsag11.html: kd = 0.4 /d, kr = 2.0 /d,
    # BODu = 15.2 mg/L, D0 = 1.2 mg/L, DOsat = 8.1 mg/L. Published: lowest DO after
    # approximately 0.77 days (about 18 hours), DO level about 5.8 mg/L.
    tc, dc = streeter_phelps_critical(bod0_mg_l=15.2, deficit0_mg_l=1.2, kd_per_day=0.4,
                                      ka_per_day=2.0)
    assert tc == pytest.approx(0.77, abs=0.005)
    assert 8.1 - dc == pytest.approx(5.8, abs=0.07)


def test_streeter_phelps_critical_time_qa_example():
    # Q&A example (partnerperformance.uonbi.ac.ke/preguntia/13993912): L = 12 mg/L,
    # kd = 0.30 /d, kr = 0.40 /d, river at saturation (D0 = 0). Published t_c = 2.87 days.
    tc, _ = streeter_phelps_critical(bod0_mg_l=12.0, deficit0_mg_l=0.0, kd_per_day=0.30,
                                     ka_per_day=0.40)
    assert tc == pytest.approx(2.87, abs=0.01)


def _ode_deficit(l0, d0, kd, ka, t_eval):
    sol = solve_ivp(lambda t, y: [-kd * y[0], kd * y[0] - ka * y[1]], (0, max(t_eval)),
                    [l0, d0], t_eval=t_eval, rtol=1e-11, atol=1e-12, method="DOP853",
                    max_step=0.05)  # short steps keep the dense output accurate
    return sol.y[1]


@settings(max_examples=40, deadline=None)
@given(l0=st.floats(0.0, 50.0), d0=st.floats(-2.0, 8.0), kd=st.floats(0.01, 3.0),
       ka=st.floats(0.01, 5.0))
def test_streeter_phelps_matches_ode_integration(l0, d0, kd, ka):
    # Independent path: integrate dL/dt = -kd L, dD/dt = kd L - ka D numerically.
    t = np.linspace(0.0, 10.0, 21)
    got = streeter_phelps(bod0_mg_l=l0, deficit0_mg_l=d0, kd_per_day=kd, ka_per_day=ka, t_day=t)
    np.testing.assert_allclose(got, _ode_deficit(l0, d0, kd, ka, t), rtol=1e-7, atol=1e-8)


@settings(max_examples=40, deadline=None)
@given(l0=st.floats(1.0, 50.0), d0=st.floats(0.0, 8.0), kd=st.floats(0.05, 3.0),
       ratio=st.floats(0.2, 5.0))
def test_critical_point_is_the_maximum_of_the_sag(l0, d0, kd, ratio):
    # Independent path: maximise D(t) numerically.
    ka = kd * ratio
    tc, dc = streeter_phelps_critical(bod0_mg_l=l0, deficit0_mg_l=d0, kd_per_day=kd,
                                      ka_per_day=ka)
    res = minimize_scalar(
        lambda t: -streeter_phelps(bod0_mg_l=l0, deficit0_mg_l=d0, kd_per_day=kd,
                                   ka_per_day=ka, t_day=t),
        bounds=(0.0, 60.0 / min(ka, kd)), method="bounded", options={"xatol": 1e-10})
    assert dc == pytest.approx(-res.fun, rel=1e-7, abs=1e-9)
    if kd * l0 > ka * d0:
        assert tc == pytest.approx(res.x, rel=1e-3, abs=1e-4)
        assert dc == pytest.approx(streeter_phelps(bod0_mg_l=l0, deficit0_mg_l=d0,
                                                   kd_per_day=kd, ka_per_day=ka, t_day=tc),
                                   rel=1e-10)
    else:
        assert tc == 0.0 and dc == d0


def test_equal_rates_limit_form():
    # ka == kd: D = (kd L0 t + D0) e^{-kd t}; t_c = (1 - D0/L0)/kd (hand derivation).
    l0, d0, k, t = 20.0, 2.0, 0.35, 3.0
    d = streeter_phelps(bod0_mg_l=l0, deficit0_mg_l=d0, kd_per_day=k, ka_per_day=k, t_day=t)
    assert d == pytest.approx((k * l0 * t + d0) * np.exp(-k * t), rel=1e-14)
    tc, dc = streeter_phelps_critical(bod0_mg_l=l0, deficit0_mg_l=d0, kd_per_day=k,
                                      ka_per_day=k)
    assert tc == pytest.approx((1 - d0 / l0) / k, rel=1e-14)
    assert dc == pytest.approx(l0 * np.exp(-k * tc), rel=1e-14)


@settings(max_examples=60, deadline=None)
@given(l0=st.floats(1.0, 50.0), d0=st.floats(0.0, 5.0), kd=st.floats(0.05, 3.0),
       t=st.floats(0.0, 20.0), eps_exp=st.integers(-15, -4))
def test_continuous_across_equal_rates(l0, d0, kd, t, eps_exp):
    eps = 10.0**eps_exp
    kw = dict(bod0_mg_l=l0, deficit0_mg_l=d0, kd_per_day=kd)
    at = streeter_phelps(ka_per_day=kd, t_day=t, **kw)
    for ka in (kd * (1 + eps), kd * (1 - eps)):
        assert streeter_phelps(ka_per_day=ka, t_day=t, **kw) == pytest.approx(
            at, rel=20 * eps * (1 + kd * t) + 1e-13, abs=1e-12)
        tc0, dc0 = streeter_phelps_critical(ka_per_day=kd, **kw)
        tc1, dc1 = streeter_phelps_critical(ka_per_day=ka, **kw)
        assert tc1 == pytest.approx(tc0, rel=1e3 * eps + 1e-12, abs=10 * eps / kd + 1e-12)
        assert dc1 == pytest.approx(dc0, rel=1e3 * eps + 1e-12, abs=1e-12)


def test_critical_point_at_outfall_and_never():
    # Initial slope kd L0 - ka D0 <= 0: the deficit only recovers; critical point = outfall.
    assert streeter_phelps_critical(bod0_mg_l=2.0, deficit0_mg_l=5.0, kd_per_day=0.3,
                                    ka_per_day=1.0) == (0.0, 5.0)
    # No BOD at all.
    assert streeter_phelps_critical(bod0_mg_l=0.0, deficit0_mg_l=1.0, kd_per_day=0.3,
                                    ka_per_day=1.0) == (0.0, 1.0)
    # No reaeration: the deficit rises for ever towards D0 + L0.
    tc, dc = streeter_phelps_critical(bod0_mg_l=10.0, deficit0_mg_l=1.0, kd_per_day=0.3,
                                      ka_per_day=0.0)
    assert np.isinf(tc) and dc == 11.0


def test_streeter_phelps_t_zero_and_vectorised():
    d = streeter_phelps(bod0_mg_l=np.full(1000, 10.0), deficit0_mg_l=1.5,
                        kd_per_day=np.linspace(0.1, 1, 1000), ka_per_day=0.6, t_day=0.0)
    np.testing.assert_allclose(d, 1.5)
    with pytest.raises(ValueError, match="t_day=-1.0"):
        streeter_phelps(bod0_mg_l=1, deficit0_mg_l=0, kd_per_day=1, ka_per_day=1, t_day=-1.0)


def _ode_deficit_settling(l0, d0, kd, kr, ka, t_eval):
    sol = solve_ivp(lambda t, y: [-kr * y[0], kd * y[0] - ka * y[1]], (0, max(t_eval)),
                    [l0, d0], t_eval=t_eval, rtol=1e-11, atol=1e-12, method="DOP853",
                    max_step=0.05)
    return sol.y[1]


@settings(max_examples=30, deadline=None)
@given(l0=st.floats(0.0, 50.0), d0=st.floats(-2.0, 8.0), kd=st.floats(0.01, 3.0),
       ks=st.floats(0.0, 2.0), ka=st.floats(0.01, 5.0))
def test_streeter_phelps_with_settling_matches_ode(l0, d0, kd, ks, ka):
    # Chapra's form: CBOD removed at kr = kd + ks, only kd consumes oxygen (numerical reference).
    t = np.linspace(0.0, 10.0, 11)
    got = streeter_phelps(bod0_mg_l=l0, deficit0_mg_l=d0, kd_per_day=kd, ka_per_day=ka, t_day=t,
                          kr_per_day=kd + ks)
    np.testing.assert_allclose(got, _ode_deficit_settling(l0, d0, kd, kd + ks, ka, t),
                               rtol=1e-7, atol=1e-8)


@settings(max_examples=30, deadline=None)
@given(l0=st.floats(1.0, 50.0), d0=st.floats(0.0, 8.0), kd=st.floats(0.05, 3.0),
       ks=st.floats(0.0, 2.0), ratio=st.floats(0.2, 5.0))
def test_critical_point_with_settling_is_the_maximum(l0, d0, kd, ks, ratio):
    kr = kd + ks
    ka = kr * ratio
    tc, dc = streeter_phelps_critical(bod0_mg_l=l0, deficit0_mg_l=d0, kd_per_day=kd,
                                      ka_per_day=ka, kr_per_day=kr)
    res = minimize_scalar(
        lambda t: -streeter_phelps(bod0_mg_l=l0, deficit0_mg_l=d0, kd_per_day=kd,
                                   ka_per_day=ka, t_day=t, kr_per_day=kr),
        bounds=(0.0, 60.0 / min(ka, kr)), method="bounded", options={"xatol": 1e-10})
    assert dc == pytest.approx(-res.fun, rel=1e-7, abs=1e-9)
    if kd * l0 > ka * d0:
        assert tc == pytest.approx(res.x, rel=1e-3, abs=1e-4)


def test_settling_defaults_and_validation():
    kw = dict(bod0_mg_l=10.0, deficit0_mg_l=1.0, kd_per_day=0.3, ka_per_day=0.8)
    assert streeter_phelps(t_day=2.0, kr_per_day=0.3, **kw) == streeter_phelps(t_day=2.0, **kw)
    with pytest.raises(ValueError, match="kr_per_day=0.2"):
        streeter_phelps(t_day=2.0, kr_per_day=0.2, **kw)
    # No reaeration: the deficit tends to D0 + kd L0 / kr (only the oxidised part consumes O2).
    tc, dc = streeter_phelps_critical(bod0_mg_l=10.0, deficit0_mg_l=1.0, kd_per_day=0.3,
                                      ka_per_day=0.0, kr_per_day=0.5)
    assert np.isinf(tc) and dc == pytest.approx(1.0 + 0.3 * 10.0 / 0.5)
