"""Lakes and reservoirs: completely mixed box model and empirical phosphorus models.

References
----------
.. [1] HJ 2.3-2018, 环境影响评价技术导则 地表水环境, Appendix E, 湖库完全混合模型
   (steady C = W / (Q + k V); dynamic C(t) with the same eigenvalue Q/V + k).
.. [2] Chapra, S. C. (1997). Surface Water-Quality Modeling. McGraw-Hill, Lectures 3-4
   (completely mixed lake: steady state c = W / (Q + k V), general solution
   c = c0 e^{-lambda t} + W / (lambda V) (1 - e^{-lambda t}), lambda = Q/V + k, and the 95 %
   response time t95 = 3 / lambda).
.. [3] Vollenweider, R. A. (1975). Input-output models with special reference to the phosphorus
   loading concept in limnology. Schweiz. Z. Hydrol. 37, 53-84 (sigma = 10 / z, i.e. an
   apparent settling velocity of 10 m/yr).
.. [4] Vollenweider, R. A. (1976). Advances in defining critical loading levels for phosphorus
   in lake eutrophication. Mem. Ist. Ital. Idrobiol. 33, 53-83 (P = (L / q_s) /
   (1 + sqrt(tau_w))).
.. [5] Dillon, P. J. and Rigler, F. H. (1974). A test of a simple nutrient budget model
   predicting the phosphorus concentration in lake water. J. Fish. Res. Board Can. 31,
   1771-1778 (P = L (1 - R) / (z rho)).
.. [6] Kirchner, W. B. and Dillon, P. J. (1975). An empirical method of estimating the retention
   of phosphorus in lakes. Water Resour. Res. 11(1), 182-183.
"""
from __future__ import annotations

import numpy as np

from ._checks import (
    SECONDS_PER_DAY,
    as_array,
    choose,
    require_nonnegative,
    require_positive,
    scalar_or_array,
)
from .oxygen import _expm1_ratio

__all__ = [
    "lake_steady_state",
    "lake_time_dependent",
    "lake_response_time_95",
    "vollenweider_1975",
    "vollenweider_1976",
    "dillon_rigler",
    "kirchner_dillon_retention",
    "lake_phosphorus",
    "LAKE_PHOSPHORUS_METHODS",
]


def _lake_inputs(load_g_s, outflow_m3_s, volume_m3, k_per_day):
    w = as_array("load_g_s", load_g_s)
    q = as_array("outflow_m3_s", outflow_m3_s)
    v = as_array("volume_m3", volume_m3)
    k = as_array("k_per_day", k_per_day)
    require_nonnegative("load_g_s", w)
    require_nonnegative("outflow_m3_s", q)
    require_positive("volume_m3", v)
    require_nonnegative("k_per_day", k)
    return w, q, v, k


def lake_steady_state(*, load_g_s, outflow_m3_s, volume_m3, k_per_day=0.0):
    """Steady concentration in a completely mixed lake, C = W / (Q + k V), mg/L.

    Parameters
    ----------
    load_g_s : array_like
        Total load W, g/s (>= 0).
    outflow_m3_s : array_like
        Outflow Q, m3/s (>= 0).
    volume_m3 : array_like
        Lake volume V, m3 (> 0).
    k_per_day : array_like, optional
        First-order loss rate, 1/day (>= 0).

    Raises
    ------
    ValueError
        If Q + k V = 0 (no outflow and no decay: no steady state).

    References
    ----------
    .. [1] HJ 2.3-2018, Appendix E, 湖库完全混合模型.
    .. [2] Chapra (1997), Lecture 3 (steady-state solution of the completely mixed lake).
    """
    w, q, v, k = _lake_inputs(load_g_s, outflow_m3_s, volume_m3, k_per_day)
    sink = q + k / SECONDS_PER_DAY * v
    if np.any(sink == 0):
        raise ValueError(
            "outflow_m3_s=0 with k_per_day=0: expected a positive outflow or decay rate "
            "(the lake has no steady state)")
    return scalar_or_array(w / sink)


def lake_time_dependent(*, load_g_s, outflow_m3_s, volume_m3, t_day, c0_mg_l=0.0,
                        k_per_day=0.0):
    """Concentration after t days in a completely mixed lake with constant load, mg/L.

    .. math:: C(t) = C_0 e^{-\\lambda t} + \\frac{W}{\\lambda V}(1 - e^{-\\lambda t}),
              \\qquad \\lambda = Q/V + k

    For lambda = 0 this is C0 + W t / V (evaluated through the same expression).

    Parameters
    ----------
    load_g_s, outflow_m3_s, volume_m3, k_per_day : array_like
        As in :func:`lake_steady_state`.
    t_day : array_like
        Time since C = c0_mg_l, days (>= 0).
    c0_mg_l : array_like, optional
        Initial concentration, mg/L.

    References
    ----------
    .. [1] HJ 2.3-2018, Appendix E, 湖库完全混合动态模型.
    .. [2] Chapra (1997), Lecture 4 (general solution of the completely mixed lake).
    """
    w, q, v, k = _lake_inputs(load_g_s, outflow_m3_s, volume_m3, k_per_day)
    t = as_array("t_day", t_day)
    c0 = as_array("c0_mg_l", c0_mg_l)
    require_nonnegative("t_day", t)
    lam_per_s = q / v + k / SECONDS_PER_DAY
    t_s = t * SECONDS_PER_DAY
    # (1 - e^{-lambda t}) / lambda = t * (1 - e^{-z}) / z, finite as lambda -> 0.
    growth = t_s * _expm1_ratio(lam_per_s * t_s)
    return scalar_or_array(c0 * np.exp(-lam_per_s * t_s) + w / v * growth)


def lake_response_time_95(*, outflow_m3_s, volume_m3, k_per_day=0.0):
    """Time for a completely mixed lake to complete 95 % of its response, t95 = 3 / lambda, days.

    References
    ----------
    .. [1] Chapra (1997), Lecture 4 (response time, t95 = 3 / lambda).
    """
    q = as_array("outflow_m3_s", outflow_m3_s)
    v = as_array("volume_m3", volume_m3)
    k = as_array("k_per_day", k_per_day)
    require_nonnegative("outflow_m3_s", q)
    require_positive("volume_m3", v)
    require_nonnegative("k_per_day", k)
    lam_per_day = q / v * SECONDS_PER_DAY + k
    if np.any(lam_per_day == 0):
        raise ValueError("outflow_m3_s=0 with k_per_day=0: expected a positive eigenvalue")
    # -ln(0.05) = 2.996, which Chapra rounds to 3.
    return scalar_or_array(-np.log(0.05) / lam_per_day)


def _p_inputs(areal_load_g_m2_yr, mean_depth_m, flushing_rate_per_yr, positive_flushing):
    l_ = as_array("areal_load_g_m2_yr", areal_load_g_m2_yr)
    z = as_array("mean_depth_m", mean_depth_m)
    rho = as_array("flushing_rate_per_yr", flushing_rate_per_yr)
    require_nonnegative("areal_load_g_m2_yr", l_)
    require_positive("mean_depth_m", z)
    (require_positive if positive_flushing else require_nonnegative)("flushing_rate_per_yr", rho)
    return l_, z, rho


def vollenweider_1975(*, areal_load_g_m2_yr, mean_depth_m, flushing_rate_per_yr,
                      settling_velocity_m_yr=10.0):
    """Steady total phosphorus, Vollenweider (1975): P = L / (z (rho + sigma)), sigma = v_s / z.

    Returns mg/L (= g/m3). The default v_s = 10 m/yr is Vollenweider's sigma = 10 / z; Chapra
    (1975) fitted 16 m/yr.

    References
    ----------
    .. [1] Vollenweider (1975), Schweiz. Z. Hydrol. 37, 53-84.
    """
    l_, z, rho = _p_inputs(areal_load_g_m2_yr, mean_depth_m, flushing_rate_per_yr, False)
    vs = as_array("settling_velocity_m_yr", settling_velocity_m_yr)
    require_positive("settling_velocity_m_yr", vs)
    return scalar_or_array(l_ / (z * rho + vs))


def vollenweider_1976(*, areal_load_g_m2_yr, mean_depth_m, flushing_rate_per_yr):
    """Steady total phosphorus, Vollenweider (1976): P = (L / q_s) / (1 + sqrt(tau_w)).

    q_s = z rho (m/yr) and tau_w = 1 / rho (yr); evaluated as L / (z (rho + sqrt(rho))).
    Returns mg/L (= g/m3).

    References
    ----------
    .. [1] Vollenweider (1976), Mem. Ist. Ital. Idrobiol. 33, 53-83.
    """
    l_, z, rho = _p_inputs(areal_load_g_m2_yr, mean_depth_m, flushing_rate_per_yr, True)
    return scalar_or_array(l_ / (z * (rho + np.sqrt(rho))))


def kirchner_dillon_retention(*, areal_water_load_m_yr):
    """Phosphorus retention coefficient R from the areal water load q_s = z rho (m/yr).

    .. math:: R = 0.426 e^{-0.271 q_s} + 0.574 e^{-0.00949 q_s}

    References
    ----------
    .. [1] Kirchner and Dillon (1975), Water Resour. Res. 11(1), 182-183.
    """
    qs = as_array("areal_water_load_m_yr", areal_water_load_m_yr)
    require_nonnegative("areal_water_load_m_yr", qs)
    return scalar_or_array(0.426 * np.exp(-0.271 * qs) + 0.574 * np.exp(-0.00949 * qs))


def dillon_rigler(*, areal_load_g_m2_yr, mean_depth_m, flushing_rate_per_yr, retention=None):
    """Steady total phosphorus, Dillon & Rigler (1974): P = L (1 - R) / (z rho), mg/L.

    Parameters
    ----------
    areal_load_g_m2_yr : array_like
        Areal phosphorus load L, g/m2/yr.
    mean_depth_m : array_like
        Mean depth z, m.
    flushing_rate_per_yr : array_like
        Flushing rate rho = Q / V, 1/yr (> 0).
    retention : array_like, optional
        Retention coefficient R (0 <= R < 1). Default: Kirchner & Dillon (1975) from q_s = z rho.

    References
    ----------
    .. [1] Dillon and Rigler (1974), J. Fish. Res. Board Can. 31, 1771-1778.
    .. [2] Kirchner and Dillon (1975).
    """
    l_, z, rho = _p_inputs(areal_load_g_m2_yr, mean_depth_m, flushing_rate_per_yr, True)
    if retention is None:
        r = np.asarray(kirchner_dillon_retention(areal_water_load_m_yr=z * rho))
    else:
        r = as_array("retention", retention)
        if np.any((r < 0) | (r >= 1)):
            bad = r[(r < 0) | (r >= 1)].flat[0].item()
            raise ValueError(f"retention={bad!r}: expected 0 <= retention < 1")
    return scalar_or_array(l_ * (1.0 - r) / (z * rho))


#: Registry of steady lake phosphorus models, chosen by ``method``.
LAKE_PHOSPHORUS_METHODS = {
    "vollenweider-1975": vollenweider_1975,
    "vollenweider-1976": vollenweider_1976,
    "dillon-rigler": dillon_rigler,
}


def lake_phosphorus(*, areal_load_g_m2_yr, mean_depth_m, flushing_rate_per_yr,
                    method="vollenweider-1976", **options):
    """Steady lake total phosphorus (mg/L) by a model chosen from :data:`LAKE_PHOSPHORUS_METHODS`.

    ``options`` are passed on (``settling_velocity_m_yr`` for "vollenweider-1975",
    ``retention`` for "dillon-rigler").

    References
    ----------
    .. [1] See :func:`vollenweider_1975`, :func:`vollenweider_1976`, :func:`dillon_rigler`.
    """
    func = choose(LAKE_PHOSPHORUS_METHODS, "method", method)
    return func(areal_load_g_m2_yr=areal_load_g_m2_yr, mean_depth_m=mean_depth_m,
                flushing_rate_per_yr=flushing_rate_per_yr, **options)
