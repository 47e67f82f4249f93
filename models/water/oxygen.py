"""Dissolved oxygen: saturation, reaeration rate and the Streeter-Phelps oxygen sag.

References
----------
.. [1] APHA, AWWA, WEF. Standard Methods for the Examination of Water and Wastewater,
   method 4500-O (Oxygen, dissolved), Table 4500-O:I and its footnote equations
   (Benson, B. B. and Krause, D. Jr. (1984). The concentration and isotopic fractionation of
   oxygen dissolved in freshwater and seawater in equilibrium with the atmosphere.
   Limnol. Oceanogr. 29(3), 620-632).
.. [2] HJ 2.3-2018, 环境影响评价技术导则 地表水环境, Appendix E/F: DO_f = 468 / (31.6 + T).
.. [3] Chapra, S. C. (1997). Surface Water-Quality Modeling. McGraw-Hill, Lecture 20
   (gas transfer, oxygen saturation, reaeration formulas, Table 20.1) and Lecture 21
   (Streeter-Phelps: point sources, critical travel time and deficit).
.. [4] Chapra, S. C., Pelletier, G. J. and Tao, H. (2008). QUAL2K: A Modeling Framework for
   Simulating River and Stream Water Quality, Version 2.11, Documentation and Users Manual,
   section "Reaeration" (internal selection after Covar 1976).
.. [5] Covar, A. P. (1976). Selecting the proper reaeration coefficient for use in water quality
   models. Proc. U.S. EPA Conf. on Environmental Simulation and Modeling, Cincinnati.
.. [6] Streeter, H. W. and Phelps, E. B. (1925). A study of the pollution and natural
   purification of the Ohio River. Public Health Bulletin 146, U.S. Public Health Service.
.. [7] Thomann, R. V. and Mueller, J. A. (1987). Principles of Surface Water Quality Modeling
   and Control. Harper & Row, chapter 6 (dissolved oxygen, critical deficit).
"""
from __future__ import annotations

import numpy as np

from ._checks import (
    as_array,
    choose,
    require_nonnegative,
    require_positive,
    scalar_or_array,
)

__all__ = [
    "do_saturation",
    "reaeration",
    "streeter_phelps",
    "streeter_phelps_critical",
    "DO_SATURATION_METHODS",
    "REAERATION_METHODS",
    "QUAL2K_OWENS_GIBBS_DEPTH_M",
]

# ----------------------------------------------------------------------------------------------
# Saturation
# ----------------------------------------------------------------------------------------------


def _do_sat_apha(t_c, salinity_ppt, pressure_atm):
    tk = t_c + 273.15
    # Benson & Krause (1984) as printed in Standard Methods 4500-O (zero salinity, 1 atm).
    ln_cs = (-139.34411 + 1.575701e5 / tk - 6.642308e7 / tk**2 + 1.243800e10 / tk**3
             - 8.621949e11 / tk**4)
    # Salinity correction (Standard Methods 4500-O), S in g/kg.
    ln_cs = ln_cs - salinity_ppt * (1.7674e-2 - 1.0754e1 / tk + 2.1407e3 / tk**2)
    cs = np.exp(ln_cs)
    # Pressure correction (Standard Methods 4500-O): water vapour pressure and the second virial
    # coefficient of oxygen, theta, with t in degC.
    p_wv = np.exp(11.8571 - 3840.70 / tk - 216961.0 / tk**2)
    theta = 0.000975 - 1.426e-5 * t_c + 6.436e-8 * t_c**2
    factor = (pressure_atm * (1.0 - p_wv / pressure_atm) * (1.0 - theta * pressure_atm)
              / ((1.0 - p_wv) * (1.0 - theta)))
    return cs * factor


def _do_sat_hj23(t_c, salinity_ppt, pressure_atm):
    if np.any(salinity_ppt != 0) or np.any(pressure_atm != 1.0):
        raise ValueError(
            "method='hj2.3': the guideline's 468/(31.6 + T) has no salinity or pressure "
            "correction; expected salinity_ppt=0 and pressure_atm=1 (use method='apha')"
        )
    return 468.0 / (31.6 + t_c)


#: Registry of saturation formulas, chosen by ``method``.
DO_SATURATION_METHODS = {"apha": _do_sat_apha, "hj2.3": _do_sat_hj23}


def do_saturation(temperature_c, method="apha", *, salinity_ppt=0.0, pressure_atm=1.0):
    """Dissolved-oxygen saturation concentration, mg/L.

    ``"apha"``: Benson & Krause (1984) as printed in Standard Methods 4500-O,

    .. math:: \\ln C_s = -139.34411 + \\frac{1.575701\\times10^5}{T}
              - \\frac{6.642308\\times10^7}{T^2} + \\frac{1.243800\\times10^{10}}{T^3}
              - \\frac{8.621949\\times10^{11}}{T^4}

    (T in K) with the same method's salinity correction
    ``- S (1.7674e-2 - 1.0754e1/T + 2.1407e3/T^2)`` and pressure correction
    ``C_p = C* P (1 - P_wv/P)(1 - theta P) / ((1 - P_wv)(1 - theta))``, where
    ``ln P_wv = 11.8571 - 3840.70/T - 216961/T^2`` (atm) and
    ``theta = 0.000975 - 1.426e-5 t + 6.436e-8 t^2`` (t in degC).

    ``"hj2.3"``: the guideline's DO_f = 468 / (31.6 + T), T in degC (fresh water, 1 atm).

    Parameters
    ----------
    temperature_c : array_like
        Water temperature, degC (0-50 for "apha").
    method : {"apha", "hj2.3"}
    salinity_ppt : array_like, optional
        Salinity, g/kg ("apha" only).
    pressure_atm : array_like, optional
        Barometric pressure, atm ("apha" only).

    Returns
    -------
    ndarray or float
        Saturation concentration, mg/L.

    References
    ----------
    .. [1] Standard Methods 4500-O, Table 4500-O:I and equations (Benson & Krause 1984).
    .. [2] HJ 2.3-2018, 468/(31.6 + T).
    .. [3] Chapra (1997), Lecture 20 (oxygen saturation, same APHA equations).
    """
    func = choose(DO_SATURATION_METHODS, "method", method)
    t = as_array("temperature_c", temperature_c)
    s = as_array("salinity_ppt", salinity_ppt)
    p = as_array("pressure_atm", pressure_atm)
    if np.any((t < 0) | (t > 50)):
        bad = t[(t < 0) | (t > 50)].flat[0].item()
        raise ValueError(f"temperature_c={bad!r}: expected 0 to 50 degC (range of the fits)")
    require_nonnegative("salinity_ppt", s)
    require_positive("pressure_atm", p)
    return scalar_or_array(np.asarray(func(t, s, p), dtype=float))


# ----------------------------------------------------------------------------------------------
# Reaeration
# ----------------------------------------------------------------------------------------------

#: Depth (m) below which QUAL2K's internal selection uses Owens-Gibbs (2 ft = 0.61 m).
QUAL2K_OWENS_GIBBS_DEPTH_M = 0.61


def _oconnor_dobbins(u, h):
    return 3.93 * np.sqrt(u) / h**1.5


def _churchill(u, h):
    return 5.026 * u / h**1.67


def _owens_gibbs(u, h):
    return 5.32 * u**0.67 / h**1.85


def _qual2k(u, h):
    # QUAL2K internal rule (Covar 1976 chart): shallow -> Owens-Gibbs; deep relative to
    # velocity (H > 3.45 U^2.5) -> O'Connor-Dobbins; otherwise Churchill.
    return np.where(
        h < QUAL2K_OWENS_GIBBS_DEPTH_M,
        _owens_gibbs(u, h),
        np.where(h > 3.45 * u**2.5, _oconnor_dobbins(u, h), _churchill(u, h)),
    )


#: Registry of reaeration formulas (SI forms, 1/day at 20 degC), chosen by ``method``.
REAERATION_METHODS = {
    "oconnor-dobbins": _oconnor_dobbins,
    "churchill": _churchill,
    "owens-gibbs": _owens_gibbs,
    "qual2k": _qual2k,
}


def reaeration(*, velocity_m_s, depth_m, method="oconnor-dobbins"):
    """Reaeration rate k_a at 20 degC from mean velocity and depth, 1/day.

    ========================  ==============================
    ``"oconnor-dobbins"``     k_a = 3.93 U^0.5 / H^1.5
    ``"churchill"``           k_a = 5.026 U / H^1.67
    ``"owens-gibbs"``         k_a = 5.32 U^0.67 / H^1.85
    ``"qual2k"``              Owens-Gibbs if H < 0.61 m; else O'Connor-Dobbins if
                              H > 3.45 U^2.5; else Churchill
    ========================  ==============================

    Correct to water temperature with
    :func:`models.water.temperature_correction` (theta = 1.024).

    Parameters
    ----------
    velocity_m_s : array_like
        Mean velocity U, m/s (>= 0).
    depth_m : array_like
        Mean depth H, m (> 0).
    method : str
        One of :data:`REAERATION_METHODS`.

    Returns
    -------
    ndarray or float
        k_a at 20 degC, 1/day.

    References
    ----------
    .. [1] O'Connor, D. J. and Dobbins, W. E. (1958). Trans. ASCE 123, 641-666.
    .. [2] Churchill, M. A., Elmore, H. L. and Buckingham, R. A. (1962). J. Sanit. Eng. Div.
       ASCE 88(SA4), 1-46.
    .. [3] Owens, M., Edwards, R. W. and Gibbs, J. W. (1964). Int. J. Air Water Pollut. 8,
       469-486.
    .. [4] Chapra (1997), Lecture 20, Table 20.1 (SI forms above).
    .. [5] Chapra, Pelletier and Tao (2008), QUAL2K v2.11 manual, "Reaeration" (internal
       selection, after Covar 1976).
    """
    func = choose(REAERATION_METHODS, "method", method)
    u = as_array("velocity_m_s", velocity_m_s)
    h = as_array("depth_m", depth_m)
    require_nonnegative("velocity_m_s", u)
    require_positive("depth_m", h)
    return scalar_or_array(np.asarray(func(u, h), dtype=float))


# ----------------------------------------------------------------------------------------------
# Streeter-Phelps
# ----------------------------------------------------------------------------------------------


def _expm1_ratio(z):
    """(1 - exp(-z)) / z, equal to 1 at z = 0; accurate for small z (z >= 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        r = -np.expm1(-z) / z
    return np.where(np.abs(z) < 1e-12, 1.0 - 0.5 * z, r)


def _log1p_ratio(z):
    """log(1 + z) / z, equal to 1 at z = 0; accurate for small z (z > -1)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.log1p(z) / z
    return np.where(np.abs(z) < 1e-12, 1.0 - 0.5 * z, r)


def _sp_inputs(bod0_mg_l, deficit0_mg_l, kd_per_day, ka_per_day, kr_per_day):
    l0 = as_array("bod0_mg_l", bod0_mg_l)
    d0 = as_array("deficit0_mg_l", deficit0_mg_l)
    kd = as_array("kd_per_day", kd_per_day)
    ka = as_array("ka_per_day", ka_per_day)
    require_nonnegative("bod0_mg_l", l0)
    require_nonnegative("kd_per_day", kd)
    require_nonnegative("ka_per_day", ka)
    if kr_per_day is None:
        kr = kd
    else:
        kr = as_array("kr_per_day", kr_per_day)
        short = kr < kd
        if np.any(short):
            bad = np.broadcast_to(kr, np.broadcast(kr, kd).shape)[
                np.broadcast_to(short, np.broadcast(kr, kd).shape)].flat[0].item()
            raise ValueError(f"kr_per_day={bad!r}: expected kr_per_day >= kd_per_day "
                             "(total CBOD removal = oxidation + settling)")
    return l0, d0, kd, ka, kr


def streeter_phelps(*, bod0_mg_l, deficit0_mg_l, kd_per_day, ka_per_day, t_day, kr_per_day=None):
    """Oxygen deficit at travel time t below a point source (Streeter-Phelps).

    .. math:: D(t) = \\frac{k_d L_0}{k_a - k_r}\\left(e^{-k_r t} - e^{-k_a t}\\right)
              + D_0 e^{-k_a t}

    with k_r = k_d unless CBOD settling is given (k_r = k_d + k_s, Chapra's form); for
    k_a = k_r the limit is D = (k_d L_0 t + D_0) e^{-k_r t}. Both are computed from one
    expression, (e^{-k_r t} - e^{-k_a t})/(k_a - k_r) = t e^{-m t} (1 - e^{-|k_a - k_r| t}) /
    (|k_a - k_r| t) with m = min(k_a, k_r), which is continuous and free of cancellation as
    k_a -> k_r.

    Parameters
    ----------
    bod0_mg_l : array_like
        Ultimate CBOD just below the outfall, L0, mg/L (>= 0).
    deficit0_mg_l : array_like
        Initial deficit D0 = Cs - DO0, mg/L (negative if supersaturated).
    kd_per_day : array_like
        Deoxygenation rate (in-stream CBOD oxidation), 1/day (>= 0).
    ka_per_day : array_like
        Reaeration rate, 1/day (>= 0).
    t_day : array_like
        Travel time x / u, days (>= 0).
    kr_per_day : array_like, optional
        Total CBOD removal rate (oxidation + settling), 1/day, >= kd_per_day. Default kd_per_day
        (the classical model, HJ 2.3-2018's k1).

    Returns
    -------
    ndarray or float
        Deficit, mg/L.

    References
    ----------
    .. [1] Streeter and Phelps (1925).
    .. [2] Chapra (1997), Lecture 21 (Streeter-Phelps point-source solution with k_r and k_d,
       and the k_a = k_r form).
    .. [3] HJ 2.3-2018, Appendix E, S-P 模型.
    """
    l0, d0, kd, ka, kr = _sp_inputs(bod0_mg_l, deficit0_mg_l, kd_per_day, ka_per_day, kr_per_day)
    t = as_array("t_day", t_day)
    require_nonnegative("t_day", t)
    m = np.minimum(ka, kr)
    dk = np.abs(ka - kr)
    f = t * np.exp(-m * t) * _expm1_ratio(dk * t)
    return scalar_or_array(kd * l0 * f + d0 * np.exp(-ka * t))


def streeter_phelps_critical(*, bod0_mg_l, deficit0_mg_l, kd_per_day, ka_per_day, kr_per_day=None):
    """Critical (maximum-deficit) travel time and deficit of the Streeter-Phelps sag.

    .. math:: t_c = \\frac{1}{k_a - k_r}\\ln\\left[\\frac{k_a}{k_r}
              \\left(1 - \\frac{D_0 (k_a - k_r)}{k_d L_0}\\right)\\right], \\qquad
              D_c = \\frac{k_d}{k_a} L_0 e^{-k_r t_c}

    (k_r = k_d in the classical model) evaluated as
    t_c = h(delta/k_r)/k_r - D0/(k_d L0) h(-D0 delta/(k_d L0)) with h(z) = ln(1+z)/z and
    delta = k_a - k_r, which tends smoothly to the k_a = k_r = k_d result t_c = (1 - D0/L0)/k_d.

    Where the deficit does not rise after the outfall (k_d L0 <= k_a D0, i.e. the formula's
    t_c <= 0) the critical point is at the outfall: t_c = 0 and D_c = D0. Where it rises for
    ever (k_a = 0, or no finite maximum) t_c = inf and D_c is the limit for t -> inf
    (D0 + k_d L0 / k_r when k_a = 0, else 0).

    Parameters
    ----------
    bod0_mg_l, deficit0_mg_l, kd_per_day, ka_per_day, kr_per_day : array_like
        As in :func:`streeter_phelps`.

    Returns
    -------
    (t_critical_day, deficit_critical_mg_l) : tuple of ndarray or float

    References
    ----------
    .. [1] Chapra (1997), Lecture 21 (critical travel time and critical deficit).
    .. [2] Thomann and Mueller (1987), chapter 6.
    .. [3] HJ 2.3-2018, Appendix E, S-P 模型临界点.
    """
    l0, d0, kd, ka, kr = _sp_inputs(bod0_mg_l, deficit0_mg_l, kd_per_day, ka_per_day, kr_per_day)
    l0, d0, kd, ka, kr = np.broadcast_arrays(l0, d0, kd, ka, kr)
    rising = kd * l0 > ka * d0
    safe_kr = np.where(kr > 0, kr, 1.0)
    kdl0 = kd * l0
    safe_kdl0 = np.where(kdl0 > 0, kdl0, 1.0)
    delta = ka - kr
    z1 = delta / safe_kr
    z2 = -d0 * delta / safe_kdl0
    finite = rising & (ka > 0) & (z1 > -1.0) & (z2 > -1.0)
    z1 = np.where(finite, z1, 0.0)
    z2 = np.where(finite, z2, 0.0)
    tc = _log1p_ratio(z1) / safe_kr - d0 / safe_kdl0 * _log1p_ratio(z2)
    dc = np.where(ka > 0, kd / np.where(ka > 0, ka, 1.0), 0.0) * l0 * np.exp(-kr * tc)
    t_inf_limit = np.where(ka > 0, 0.0, d0 + kdl0 / safe_kr)
    t_out = np.where(finite, tc, np.where(rising, np.inf, 0.0))
    d_out = np.where(finite, dc, np.where(rising, t_inf_limit, d0))
    return scalar_or_array(t_out), scalar_or_array(d_out)
