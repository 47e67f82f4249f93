"""Briggs plume rise exactly as used by ISC3 (final and distance-dependent), and stack-tip downwash.

Fluxes (ISC3 vol. II sec. 1.1.4.2; g = 9.80616 m/s2)::

    F_b = g v_s d_s**2 (T_s - T_a) / (4 T_s)        F_m = v_s**2 d_s**2 T_a / (4 T_s)

Unstable or neutral (A-D):

* crossover temperature difference
  ``dTc = 0.0297 T_s v_s**(1/3) / d_s**(2/3)`` (F_b < 55), ``0.00575 T_s v_s**(2/3) / d_s**(1/3)`` (F_b >= 55);
* buoyancy rise when ``T_s - T_a >= dTc``:
  ``dh = 21.425 F_b**(3/4) / u_s``, ``x_f = 49 F_b**(5/8)`` (F_b < 55);
  ``dh = 38.71 F_b**(3/5) / u_s``, ``x_f = 119 F_b**(2/5)`` (F_b >= 55);
* otherwise momentum rise ``dh = 3 d_s v_s / u_s``, ``x_f = 4 d_s (v_s + 3 u_s)**2 / (v_s u_s)``.

Stable (E, F), ``s = g (dtheta/dz) / T_a`` with dtheta/dz = 0.020 (E), 0.035 (F) K/m:

* ``dTc = 0.019582 T_s v_s sqrt(s)``;
* buoyancy: ``dh = 2.6 (F_b / (u_s s))**(1/3)``, ``x_f = 2.0715 u_s / sqrt(s)``;
* momentum: ``dh = 1.5 (F_m / (u_s sqrt(s)))**(1/3)``, but not more than the unstable-neutral
  momentum rise, ``x_f = 0.5 pi u_s / sqrt(s)``.

Distance-dependent (gradual) rise for ``x < x_f`` (sec. 1.1.4.10), never above
the final rise::

    buoyant:            dh(x) = 1.60 F_b**(1/3) x**(2/3) / u_s
    momentum, A-D:      dh(x) = [3 F_m x / (beta_j**2 u_s**2)]**(1/3)
    momentum, E-F:      dh(x) = [3 F_m sin(x sqrt(s) / u_s) / (beta_j**2 u_s sqrt(s))]**(1/3)
    beta_j = 1/3 + u_s / v_s

Stack-tip downwash (Briggs 1974): ``h_s' = h_s + 2 d_s (v_s / u_s - 1.5)`` when ``v_s < 1.5 u_s``.

References
----------
.. [1] U.S. EPA (1995). User's Guide for the Industrial Source Complex (ISC3) Dispersion Models,
   Vol. II, EPA-454/B-95-003b, sec. 1.1.4.1 to 1.1.4.10.
.. [2] Briggs, G.A. (1975). Plume rise predictions. In: Lectures on Air Pollution and
   Environmental Impact Analyses, AMS, Boston, pp. 59-111.
.. [3] Briggs, G.A. (1974). Diffusion estimation for small emissions. ATDL Report 1973 (stack-tip
   downwash, p. 4).
"""
from __future__ import annotations

import numpy as np

from .wind_profile import stability_index

__all__ = ["plume_rise_briggs", "briggs_rise_parameters", "gradual_rise_m", "stack_tip_downwash_height_m",
           "buoyancy_flux_m4_s3", "momentum_flux_m4_s2", "G_M_S2", "ISC3_DTHETA_DZ_K_M"]

#: Gravity used by ISC3 (EPA-454/B-95-003b vol. II sec. 1.1.4.2).
G_M_S2 = 9.80616
#: ISC3 default potential temperature gradients for classes A..F, K/m (vol. II sec. 1.1.4.6).
ISC3_DTHETA_DZ_K_M = np.array([0.0, 0.0, 0.0, 0.0, 0.020, 0.035])

# Regime codes returned by briggs_rise_parameters.
BUOYANT, MOMENTUM_UNSTABLE, MOMENTUM_STABLE = 0, 1, 2


def buoyancy_flux_m4_s3(*, stack_diameter_m, exit_velocity_m_s, exit_temperature_k, ambient_temperature_k):
    """Briggs buoyancy flux F_b = g v_s d_s**2 (T_s - T_a) / (4 T_s), m4/s3 (0 when T_s <= T_a).

    References
    ----------
    .. [1] EPA-454/B-95-003b, vol. II, sec. 1.1.4.2.
    """
    ds = np.asarray(stack_diameter_m, dtype=float)
    vs = np.asarray(exit_velocity_m_s, dtype=float)
    ts = np.asarray(exit_temperature_k, dtype=float)
    ta = np.asarray(ambient_temperature_k, dtype=float)
    return G_M_S2 * vs * ds * ds * np.maximum(ts - ta, 0.0) / (4.0 * ts)


def momentum_flux_m4_s2(*, stack_diameter_m, exit_velocity_m_s, exit_temperature_k, ambient_temperature_k):
    """Momentum flux F_m = v_s**2 d_s**2 T_a / (4 T_s), m4/s2.

    References
    ----------
    .. [1] EPA-454/B-95-003b, vol. II, sec. 1.1.4.2.
    """
    ds = np.asarray(stack_diameter_m, dtype=float)
    vs = np.asarray(exit_velocity_m_s, dtype=float)
    ts = np.asarray(exit_temperature_k, dtype=float)
    ta = np.asarray(ambient_temperature_k, dtype=float)
    return vs * vs * ds * ds * ta / (4.0 * ts)


def stack_tip_downwash_height_m(*, stack_height_m, stack_diameter_m, exit_velocity_m_s, wind_speed_m_s):
    """Stack height corrected for stack-tip downwash, h_s' = h_s + 2 d_s (v_s/u_s - 1.5) if v_s < 1.5 u_s.

    References
    ----------
    .. [1] Briggs (1974), ATDL, p. 4; EPA-454/B-95-003b, vol. II, sec. 1.1.4.1 (the modified height is used throughout
       the plume height computation).
    """
    hs = np.asarray(stack_height_m, dtype=float)
    ds = np.asarray(stack_diameter_m, dtype=float)
    vs = np.asarray(exit_velocity_m_s, dtype=float)
    us = np.asarray(wind_speed_m_s, dtype=float)
    return np.where(vs < 1.5 * us, hs + 2.0 * ds * (vs / us - 1.5), hs)


def _check_positive(name, value):
    arr = np.asarray(value, dtype=float)
    if np.any(~(arr > 0)):
        raise ValueError(f"{name}: expected values > 0, got {value!r}")
    return arr


def briggs_rise_parameters(*, stack_diameter_m, exit_velocity_m_s, exit_temperature_k,
                           ambient_temperature_k, wind_speed_m_s, stability,
                           dtheta_dz_k_m=None):
    """All quantities of the ISC3 Briggs plume-rise calculation, broadcast over the inputs.

    Returns
    -------
    dict of ndarray
        ``final_rise_m``, ``distance_to_final_rise_m``, ``regime`` (0 buoyant, 1 momentum A-D,
        2 momentum E-F), ``fb`` (m4/s3), ``fm`` (m4/s2), ``s`` (1/s2, stable only),
        ``beta_j``, ``wind_speed_m_s``.

    References
    ----------
    .. [1] EPA-454/B-95-003b, vol. II, sec. 1.1.4.2 to 1.1.4.9.
    """
    ds = _check_positive("stack_diameter_m", stack_diameter_m)
    vs = _check_positive("exit_velocity_m_s", exit_velocity_m_s)
    ts = _check_positive("exit_temperature_k", exit_temperature_k)
    ta = _check_positive("ambient_temperature_k", ambient_temperature_k)
    us = _check_positive("wind_speed_m_s", wind_speed_m_s)
    k = stability_index(stability)
    ds, vs, ts, ta, us, k = np.broadcast_arrays(ds, vs, ts, ta, us, k)
    if dtheta_dz_k_m is None:
        dthdz = ISC3_DTHETA_DZ_K_M[k]
    else:
        dthdz = np.broadcast_to(np.asarray(dtheta_dz_k_m, dtype=float), k.shape)
    fb = buoyancy_flux_m4_s3(stack_diameter_m=ds, exit_velocity_m_s=vs, exit_temperature_k=ts,
                             ambient_temperature_k=ta)
    fm = momentum_flux_m4_s2(stack_diameter_m=ds, exit_velocity_m_s=vs, exit_temperature_k=ts,
                             ambient_temperature_k=ta)
    dt = ts - ta
    stable = k >= 4
    big = fb >= 55.0
    with np.errstate(divide="ignore", invalid="ignore"):
        # unstable / neutral
        dtc_u = np.where(big, 0.00575 * ts * vs ** (2.0 / 3.0) / ds ** (1.0 / 3.0),
                         0.0297 * ts * vs ** (1.0 / 3.0) / ds ** (2.0 / 3.0))
        dh_bu = np.where(big, 38.71 * fb ** 0.6 / us, 21.425 * fb ** 0.75 / us)
        xf_bu = np.where(big, 119.0 * fb ** 0.4, 49.0 * fb ** 0.625)
        dh_mu = 3.0 * ds * vs / us
        xf_mu = 4.0 * ds * (vs + 3.0 * us) ** 2 / (vs * us)
        # stable
        s = G_M_S2 * dthdz / ta
        sqs = np.sqrt(s)
        dtc_s = 0.019582 * ts * vs * sqs
        dh_bs = 2.6 * np.cbrt(fb / (us * s))
        xf_bs = 2.0715 * us / sqs
        dh_ms = np.minimum(1.5 * np.cbrt(fm / (us * sqs)), dh_mu)
        xf_ms = 0.5 * np.pi * us / sqs
    buoy = np.where(stable, dt >= dtc_s, dt >= dtc_u) & (fb > 0.0)
    regime = np.where(buoy, BUOYANT, np.where(stable, MOMENTUM_STABLE, MOMENTUM_UNSTABLE))
    final = np.select([regime == BUOYANT, regime == MOMENTUM_UNSTABLE],
                      [np.where(stable, dh_bs, dh_bu), dh_mu], dh_ms)
    xf = np.select([regime == BUOYANT, regime == MOMENTUM_UNSTABLE],
                   [np.where(stable, xf_bs, xf_bu), xf_mu], xf_ms)
    return {
        "final_rise_m": final,
        "distance_to_final_rise_m": xf,
        "regime": regime,
        "fb": fb,
        "fm": fm,
        "s": np.where(stable, s, 0.0),
        "beta_j": 1.0 / 3.0 + us / vs,
        "wind_speed_m_s": us,
    }


def gradual_rise_m(params: dict, x_m):
    """Distance-dependent plume rise at downwind distance ``x_m`` from :func:`briggs_rise_parameters`.

    Equal to the final rise for ``x >= x_f`` and never above it.

    References
    ----------
    .. [1] EPA-454/B-95-003b, vol. II, sec. 1.1.4.10.
    """
    x = np.asarray(x_m, dtype=float)
    final = params["final_rise_m"]
    us = params["wind_speed_m_s"]
    bj = params["beta_j"]
    reg = params["regime"]
    with np.errstate(divide="ignore", invalid="ignore"):
        sqs = np.sqrt(params["s"])
        buoy = 1.60 * np.cbrt(params["fb"] * x * x) / us
        mom_u = np.cbrt(3.0 * params["fm"] * x / (bj * bj * us * us))
        mom_s = np.cbrt(3.0 * params["fm"] * np.sin(np.minimum(x * sqs / us, 0.5 * np.pi))
                        / (bj * bj * us * sqs))
    rise = np.select([reg == BUOYANT, reg == MOMENTUM_UNSTABLE], [buoy, mom_u], mom_s)
    return np.where(x >= params["distance_to_final_rise_m"], final, np.minimum(rise, final))


def plume_rise_briggs(*, stack_diameter_m, exit_velocity_m_s, exit_temperature_k, ambient_temperature_k,
                      wind_speed_m_s, stability, x_m=None):
    """Briggs plume rise as in ISC3: final rise, or the distance-dependent rise at ``x_m``.

    Parameters
    ----------
    stack_diameter_m, exit_velocity_m_s, exit_temperature_k : array_like
        Stack inner diameter (m), gas exit velocity (m/s), gas exit temperature (K).
    ambient_temperature_k : array_like
        Ambient air temperature, K.
    wind_speed_m_s : array_like
        Wind speed at release height, m/s (> 0).
    stability : str or array_like of str
        Pasquill class 'A'..'F'; E and F use dtheta/dz = 0.020 and 0.035 K/m.
    x_m : array_like, optional
        Downwind distance. ``None`` returns the final rise.

    Returns
    -------
    ndarray
        Plume rise above the (downwash-corrected) stack height, m.

    References
    ----------
    .. [1] EPA-454/B-95-003b, vol. II, sec. 1.1.4.
    .. [2] Briggs (1975), Plume rise predictions, AMS, pp. 59-111.
    """
    p = briggs_rise_parameters(stack_diameter_m=stack_diameter_m, exit_velocity_m_s=exit_velocity_m_s,
                               exit_temperature_k=exit_temperature_k,
                               ambient_temperature_k=ambient_temperature_k,
                               wind_speed_m_s=wind_speed_m_s, stability=stability)
    if x_m is None:
        return p["final_rise_m"]
    x = np.asarray(x_m, dtype=float)
    if np.any(x < 0):
        raise ValueError(f"x_m: expected downwind distances >= 0 m, got {x_m!r}")
    return gradual_rise_m(p, x)
