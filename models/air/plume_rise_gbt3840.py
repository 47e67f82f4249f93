"""Plume rise by the Chinese national method (GB/T 3840-91; identical in HJ/T 2.2-93).

Heat release rate Qh = 0.35 Pa Qv dT / Ts (kW), Pa in hPa, Qv the actual flue-gas flow (m3/s).

With wind (u10 >= 1.5 m/s), neutral and unstable classes:

(a) Qh >= 2100 kW and dT >= 35 K:  dH = n0 Qh^n1 H^n2 / u, with

    ==========================  ===============  ===============  =====  =====
    Qh (kW)                     n0 rural/suburb  n0 urban/near    n1     n2
    ==========================  ===============  ===============  =====  =====
    Qh >= 21000                 1.427            1.303            1/3    2/3
    2100 <= Qh < 21000          0.332            0.292            3/5    2/5
    ==========================  ===============  ===============  =====  =====

    H is the stack height (taken as 240 m above 240 m), u the mean wind at the stack top.
(b) 1700 < Qh < 2100 kW (and dT >= 35 K):  dH = dH1 + (dH2 - dH1)(Qh - 1700)/400 with
    dH1 = 2(1.5 vs D + 0.01 Qh)/u - 0.048(Qh - 1700)/u and dH2 from (a) with the coefficients of
    the smaller-Qh row.
(c) Qh <= 1700 kW or dT < 35 K:  dH = 2(1.5 vs D + 0.01 Qh)/u.

With wind, stable classes (E, F):  dH = Qh^(1/3) (dTa/dz + 0.0098)^(-1/3) u^(-1/3).

Calm and light wind (u10 < 1.5 m/s):  dH = 5.50 Qh^(1/4) (dTa/dz + 0.0098)^(-3/8), with dTa/dz
not less than 0.01 K/m.

Where the ambient temperature gradient dTa/dz is not given, the stable formula uses the ISC3
default potential-temperature gradients (E: 0.020 K/m, F: 0.035 K/m, i.e. dTa/dz = dtheta/dz -
0.0098) and the calm formula its floor of 0.01 K/m (engine defaults, documented in
docs/methods/air-gbt3840.md).

References
----------
.. [1] GB/T 3840-91, 制定地方大气污染物排放标准的技术方法, 烟气抬升高度 (formulas and the
   n0, n1, n2 table).
.. [2] HJ/T 2.2-93, 环境影响评价技术导则 大气环境, 烟气抬升高度的计算 (same formulas, plus the stable
   and calm/light-wind formulas).
.. [3] U.S. EPA (1995). ISC3 User's Guide vol. II, EPA-454/B-95-003b, 1.1.4.3 (default
   potential temperature gradients 0.020 K/m for E and 0.035 K/m for F).
"""
from __future__ import annotations

import numpy as np

from .stability import normalize_stability

__all__ = ["heat_release_rate_kw", "plume_rise_gbt3840", "GBT3840_RISE_COEFFICIENTS", "SURFACES"]

#: n0 by surface for the two Qh rows, and (n1, n2) per row.
GBT3840_RISE_COEFFICIENTS = {
    "large": {"n0": {"rural": 1.427, "urban": 1.303}, "n1": 1.0 / 3.0, "n2": 2.0 / 3.0},
    "medium": {"n0": {"rural": 0.332, "urban": 0.292}, "n1": 3.0 / 5.0, "n2": 2.0 / 5.0},
}
#: Surface names accepted by :func:`plume_rise_gbt3840` (rural = 农村或城市远郊区,
#: urban = 城市及近郊区).
SURFACES = ("rural", "urban")

_STABLE = ("E", "F")
_DEFAULT_DTHETA_DZ_K_M = {"E": 0.020, "F": 0.035}
_DRY_ADIABATIC_K_M = 0.0098
_CALM_MIN_DTA_DZ_K_M = 0.01


def _positive(name, value, *, allow_zero=False):
    a = np.asarray(value, dtype=float)
    bad = ~np.isfinite(a) | ((a < 0) if allow_zero else (a <= 0))
    if np.any(bad):
        expected = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name}: expected finite values {expected}, got {value!r}")
    return a


def heat_release_rate_kw(*, ambient_pressure_hpa, flow_m3_s, exit_temperature_k, ambient_temperature_k):
    """Heat release rate of a flue-gas plume, Qh = 0.35 Pa Qv (Ts - Ta)/Ts.

    Parameters
    ----------
    ambient_pressure_hpa : array_like
        Atmospheric pressure Pa, hPa.
    flow_m3_s : array_like
        Actual (not normalised) flue-gas volume flow Qv at exit conditions, m3/s.
    exit_temperature_k : array_like
        Flue-gas exit temperature Ts, K.
    ambient_temperature_k : array_like
        Ambient air temperature Ta, K.

    Returns
    -------
    ndarray
        Qh in kW (negative when the gas is colder than the air).

    Notes
    -----
    The constant is rho cp of the gas at the exit, written with Pa in hPa:
    rho cp = P/(R Ts) cp = 101325 x 1.005 / (287 Ts) = 354.8/Ts kJ m^-3 K^-1 ~ 0.35 x 1013/Ts.

    References
    ----------
    .. [1] GB/T 3840-91, 烟气热释放率 Qh = 0.35 Pa Qv dT/Ts.
    .. [2] HJ/T 2.2-93, same formula.
    """
    pa = _positive("ambient_pressure_hpa", ambient_pressure_hpa)
    qv = _positive("flow_m3_s", flow_m3_s, allow_zero=True)
    ts = _positive("exit_temperature_k", exit_temperature_k)
    ta = _positive("ambient_temperature_k", ambient_temperature_k)
    return 0.35 * pa * qv * (ts - ta) / ts


def plume_rise_gbt3840(
    *,
    stack_height_m,
    stack_diameter_m,
    exit_velocity_m_s,
    exit_temperature_k,
    ambient_temperature_k,
    wind_speed_m_s,
    stability,
    ambient_pressure_hpa=1013.25,
    surface="rural",
    wind_speed_10m_m_s=None,
    temperature_gradient_k_m=None,
):
    """Plume rise dH (m) by GB/T 3840-91 / HJ/T 2.2-93 (formulas in the module docstring).

    Parameters
    ----------
    stack_height_m : array_like
        Geometric stack height H above ground, m (> 0).
    stack_diameter_m : array_like
        Stack exit inner diameter D, m (> 0).
    exit_velocity_m_s : array_like
        Flue-gas exit velocity vs, m/s (>= 0). Qv = pi D^2 vs / 4.
    exit_temperature_k, ambient_temperature_k : array_like
        Ts and Ta, K.
    wind_speed_m_s : array_like
        Mean wind speed at the stack top u, m/s (> 0); the caller applies the wind profile.
    stability : str or array_like
        Stability class (E and F use the stable formula; all others the neutral/unstable set).
    ambient_pressure_hpa : array_like, default 1013.25
        Pa, hPa.
    surface : {"rural", "urban"}
        Selects n0: rural = 农村或城市远郊区, urban = 城市及近郊区.
    wind_speed_10m_m_s : array_like, optional
        Wind at 10 m. Where given and below 1.5 m/s the calm/light-wind formula is used.
    temperature_gradient_k_m : array_like, optional
        Ambient dTa/dz, K/m, for the stable and calm formulas (defaults in the module docstring).

    Returns
    -------
    ndarray
        Plume rise dH, m (>= 0).

    References
    ----------
    .. [1] GB/T 3840-91, 烟气抬升高度 formulas and n0, n1, n2 table.
    .. [2] HJ/T 2.2-93, 烟气抬升高度的计算 (stable and calm/light-wind formulas).
    .. [3] EPA-454/B-95-003b (ISC3 vol. II), 1.1.4.3 (default dtheta/dz for E and F).
    """
    if surface not in SURFACES:
        raise ValueError(f"surface: unknown surface {surface!r}; known: {list(SURFACES)}")
    hs = _positive("stack_height_m", stack_height_m)
    d = _positive("stack_diameter_m", stack_diameter_m)
    vs = _positive("exit_velocity_m_s", exit_velocity_m_s, allow_zero=True)
    u = _positive("wind_speed_m_s", wind_speed_m_s)
    ts = _positive("exit_temperature_k", exit_temperature_k)
    ta = _positive("ambient_temperature_k", ambient_temperature_k)
    pa = _positive("ambient_pressure_hpa", ambient_pressure_hpa)
    cls = normalize_stability(stability)

    qv = 0.25 * np.pi * d**2 * vs
    qh = heat_release_rate_kw(
        ambient_pressure_hpa=pa, flow_m3_s=qv, exit_temperature_k=ts, ambient_temperature_k=ta
    )
    dT = ts - ta
    hs, d, vs, u, qh, dT, cls = np.broadcast_arrays(hs, d, vs, u, qh, dT, cls)
    qh_pos = np.maximum(qh, 0.0)  # a cold plume has no buoyant rise
    h_eff = np.minimum(hs, 240.0)  # the standard caps H at 240 m in the n2 factor

    def rise_a(row):
        c = GBT3840_RISE_COEFFICIENTS[row]
        return c["n0"][surface] * qh_pos ** c["n1"] * h_eff ** c["n2"] / u

    rise_momentum = 2.0 * (1.5 * vs * d + 0.01 * qh_pos) / u
    rise_large = np.where(qh_pos >= 21000.0, rise_a("large"), rise_a("medium"))
    dh1 = rise_momentum - 0.048 * (qh_pos - 1700.0) / u
    dh2 = rise_a("medium")
    rise_transition = dh1 + (dh2 - dh1) * (qh_pos - 1700.0) / 400.0
    hot = dT >= 35.0
    neutral = np.where(
        hot & (qh_pos >= 2100.0),
        rise_large,
        np.where(hot & (qh_pos > 1700.0), rise_transition, rise_momentum),
    )

    if temperature_gradient_k_m is None:
        dtheta = np.vectorize(lambda c: _DEFAULT_DTHETA_DZ_K_M.get(str(c), 0.0), otypes=[float])(cls)
        dta_dz = dtheta - _DRY_ADIABATIC_K_M
    else:
        dta_dz = np.broadcast_to(np.asarray(temperature_gradient_k_m, dtype=float), cls.shape)
        if np.any(~np.isfinite(dta_dz)):
            raise ValueError(f"temperature_gradient_k_m: expected finite K/m, got {temperature_gradient_k_m!r}")
    is_stable = np.isin(cls, _STABLE)
    with np.errstate(divide="ignore", invalid="ignore"):
        s_stable = np.where(is_stable, dta_dz + _DRY_ADIABATIC_K_M, 1.0)
        if np.any(is_stable & (s_stable <= 0)):
            raise ValueError("temperature_gradient_k_m: stable classes need dTa/dz > -0.0098 K/m")
        stable = qh_pos ** (1.0 / 3.0) * s_stable ** (-1.0 / 3.0) * u ** (-1.0 / 3.0)
    rise = np.where(is_stable, stable, neutral)

    if wind_speed_10m_m_s is not None:
        u10 = np.broadcast_to(_positive("wind_speed_10m_m_s", wind_speed_10m_m_s, allow_zero=True), cls.shape)
        s_calm = np.maximum(dta_dz, _CALM_MIN_DTA_DZ_K_M) + _DRY_ADIABATIC_K_M
        calm = 5.50 * qh_pos**0.25 * s_calm ** (-3.0 / 8.0)
        rise = np.where(u10 < 1.5, calm, rise)
    return np.maximum(rise, 0.0)
