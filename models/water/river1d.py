"""One-dimensional steady river models: advection-decay and advection-dispersion-decay.

Rate constants are per day (``k_per_day``), as the issue fixes; velocities and dispersion
coefficients are SI (m/s, m2/s). The day-to-second conversion is done here, once.

The steady solution of u dC/dx = E d2C/dx2 - k C for a source at x = 0 is

.. math:: C(x) = C_0 \\exp\\left[\\frac{u x}{2E}\\left(1 \\mp \\sqrt{1 + 4\\alpha}\\right)\\right],
          \\qquad \\alpha = \\frac{k E}{u^2}

(minus sign downstream, x >= 0; plus sign upstream, x < 0). It is evaluated in the
algebraically equal form that has no cancellation and stays finite for E -> 0 and u -> 0:
downstream exponent ``-2 k x / (u + sqrt(u^2 + 4 k E))``; upstream exponent
``x (u + sqrt(u^2 + 4 k E)) / (2 E)``.

References
----------
.. [1] HJ 2.3-2018, 环境影响评价技术导则 地表水环境, Appendix E, 河流一维稳态水质模型
   (O'Connor number alpha = k E_x / u^2, Peclet number Pe = u B / E_x, and the choice
   between the advection-decay, advection-dispersion-decay and dispersion-decay forms).
.. [2] Chapra, S. C. (1997). Surface Water-Quality Modeling. McGraw-Hill, Lecture 10
   (distributed systems, steady state: plug flow c = c0 exp(-k x / U) and mixed flow with
   dispersion c = c0 exp[U x/(2E)(1 -/+ sqrt(1 + 4 k E / U^2))]).
.. [3] Thomann, R. V. and Mueller, J. A. (1987). Principles of Surface Water Quality Modeling
   and Control. Harper & Row, chapter 3 (estuary/stream with dispersion).
"""
from __future__ import annotations

import numpy as np

from ._checks import (
    SECONDS_PER_DAY,
    as_array,
    require_nonnegative,
    require_positive,
    scalar_or_array,
)

__all__ = [
    "river_1d",
    "oconnor_number",
    "peclet_number",
    "dispersion_negligible",
    "hj23_river_1d_regime",
    "river_1d_hj23",
    "HJ23_ALPHA_ADVECTION",
    "HJ23_ALPHA_DIFFUSION",
    "HJ23_PECLET",
]

#: O'Connor number at or below which HJ 2.3-2018 lets longitudinal dispersion be neglected.
HJ23_ALPHA_ADVECTION = 0.027
#: O'Connor number above which HJ 2.3-2018 uses the dispersion-decay (no advection) form.
HJ23_ALPHA_DIFFUSION = 380.0
#: Peclet number u B / E_x separating the pure advection-decay form (Pe >= 1) from the
#: simplified advection-dispersion form (Pe < 1) when alpha <= 0.027.
HJ23_PECLET = 1.0


def _downstream_exponent(k_s, x, u, e):
    # -2 k x / (u + sqrt(u^2 + 4 k E)) == u x/(2E) (1 - sqrt(1 + 4 k E / u^2)), cancellation-free.
    return -2.0 * k_s * x / (u + np.sqrt(u * u + 4.0 * k_s * e))


def river_1d(*, c0_mg_l, k_per_day, x_m, velocity_m_s, dispersion_m2_s=0.0):
    """Steady 1-D concentration below (and above) a source in a river.

    Without dispersion (``dispersion_m2_s = 0``) this is plug flow, C = C0 exp(-k x / u) for
    x >= 0 and 0 upstream. With dispersion it is the advection-dispersion-decay solution of
    HJ 2.3-2018 / Chapra with its upstream branch for x < 0.

    Parameters
    ----------
    c0_mg_l : array_like
        Concentration at the source section x = 0, mg/L. For a point load W mixed into flow Q
        with dispersion, the guideline's C0 is the complete-mix value divided by
        sqrt(1 + 4 alpha); :func:`models.water.estuary_1d` takes the load directly.
    k_per_day : array_like
        First-order decay rate, 1/day (>= 0).
    x_m : array_like
        Distance downstream of the source, m (negative upstream).
    velocity_m_s : array_like
        Mean velocity, m/s (>= 0; may be 0 only when dispersion_m2_s > 0).
    dispersion_m2_s : array_like, optional
        Longitudinal dispersion coefficient, m2/s (>= 0).

    Returns
    -------
    ndarray or float
        Concentration, mg/L.

    References
    ----------
    .. [1] HJ 2.3-2018, Appendix E, 河流一维稳态模型 (对流降解 / 对流扩散降解 / 扩散降解).
    .. [2] Chapra (1997), Lecture 10 (plug flow; steady state with dispersion).
    """
    c0 = as_array("c0_mg_l", c0_mg_l)
    k = as_array("k_per_day", k_per_day)
    x = as_array("x_m", x_m)
    u = as_array("velocity_m_s", velocity_m_s)
    e = as_array("dispersion_m2_s", dispersion_m2_s)
    require_nonnegative("k_per_day", k)
    require_nonnegative("velocity_m_s", u)
    require_nonnegative("dispersion_m2_s", e)
    stagnant = (u == 0) & (e == 0)
    if np.any(stagnant):
        raise ValueError(
            "velocity_m_s=0.0 with dispersion_m2_s=0.0: expected a positive velocity or a "
            "positive dispersion coefficient (no transport, no steady state)"
        )
    k_s = k / SECONDS_PER_DAY
    with np.errstate(divide="ignore", invalid="ignore"):
        down = _downstream_exponent(k_s, np.maximum(x, 0.0), u, e)
        root = u + np.sqrt(u * u + 4.0 * k_s * e)
        up = np.where(e > 0, np.minimum(x, 0.0) * root / (2.0 * np.where(e > 0, e, 1.0)), -np.inf)
    expo = np.where(x >= 0, down, up)
    return scalar_or_array(c0 * np.exp(expo))


def oconnor_number(*, k_per_day, dispersion_m2_s, velocity_m_s):
    """O'Connor number alpha = k E_x / u^2 (dimensionless).

    Parameters
    ----------
    k_per_day : array_like
        Decay rate, 1/day (converted to 1/s here).
    dispersion_m2_s : array_like
        Longitudinal dispersion coefficient, m2/s.
    velocity_m_s : array_like
        Mean velocity, m/s (> 0).

    Returns
    -------
    ndarray or float

    References
    ----------
    .. [1] HJ 2.3-2018, Appendix E, 河流一维模型适用条件 (O'Connor 数 alpha = k E_x / u^2).
    .. [2] Chapra (1997), Lecture 10, eta = k E / U^2 (the same group, called the
       "estuary number").
    """
    k = as_array("k_per_day", k_per_day)
    e = as_array("dispersion_m2_s", dispersion_m2_s)
    u = as_array("velocity_m_s", velocity_m_s)
    require_nonnegative("k_per_day", k)
    require_nonnegative("dispersion_m2_s", e)
    require_positive("velocity_m_s", u)
    return scalar_or_array(k / SECONDS_PER_DAY * e / (u * u))


def peclet_number(*, velocity_m_s, width_m, dispersion_m2_s):
    """Peclet number Pe = u B / E_x (dimensionless), as defined in HJ 2.3-2018 Appendix E.

    References
    ----------
    .. [1] HJ 2.3-2018, Appendix E, 河流一维模型适用条件 (Pe = u B / E_x).
    """
    u = as_array("velocity_m_s", velocity_m_s)
    b = as_array("width_m", width_m)
    e = as_array("dispersion_m2_s", dispersion_m2_s)
    require_nonnegative("velocity_m_s", u)
    require_positive("width_m", b)
    require_positive("dispersion_m2_s", e)
    return scalar_or_array(u * b / e)


def dispersion_negligible(*, k_per_day, dispersion_m2_s, velocity_m_s):
    """True where HJ 2.3-2018 allows longitudinal dispersion to be neglected (alpha <= 0.027).

    At alpha = 0.027 the dispersive solution's downstream exponent differs from the plug-flow
    one, -k x / u, by the factor 2 / (1 + sqrt(1 + 4 alpha)) = 0.974, i.e. by 2.6 %.

    References
    ----------
    .. [1] HJ 2.3-2018, Appendix E, 河流一维模型适用条件: alpha <= 0.027 -> 对流降解模型.
    """
    alpha = np.asarray(oconnor_number(k_per_day=k_per_day, dispersion_m2_s=dispersion_m2_s,
                                      velocity_m_s=velocity_m_s))
    return scalar_or_array(alpha <= HJ23_ALPHA_ADVECTION)


def hj23_river_1d_regime(*, k_per_day, dispersion_m2_s, velocity_m_s, width_m):
    """Which 1-D steady form HJ 2.3-2018 Appendix E prescribes for these conditions.

    Returns
    -------
    ndarray of str or str
        ``"advection-decay"`` (alpha <= 0.027 and Pe >= 1: C = C0 exp(-k x / u));
        ``"advection-dispersion-decay-simplified"`` (alpha <= 0.027 and Pe < 1: upstream
        C0 exp(u x / E_x), downstream C0 exp(-k x / u));
        ``"advection-dispersion-decay"`` (0.027 < alpha <= 380: :func:`river_1d` with
        dispersion); ``"dispersion-decay"`` (alpha > 380: C = C0 exp(-|x| sqrt(k / E_x))).

    References
    ----------
    .. [1] HJ 2.3-2018, Appendix E, 河流一维稳态模型 a)-d) and their conditions of use.
    """
    alpha = np.asarray(oconnor_number(k_per_day=k_per_day, dispersion_m2_s=dispersion_m2_s,
                                      velocity_m_s=velocity_m_s))
    pe = np.asarray(peclet_number(velocity_m_s=velocity_m_s, width_m=width_m,
                                  dispersion_m2_s=dispersion_m2_s))
    alpha, pe = np.broadcast_arrays(alpha, pe)
    out = np.select(
        [
            (alpha <= HJ23_ALPHA_ADVECTION) & (pe >= HJ23_PECLET),
            alpha <= HJ23_ALPHA_ADVECTION,
            alpha <= HJ23_ALPHA_DIFFUSION,
        ],
        ["advection-decay", "advection-dispersion-decay-simplified", "advection-dispersion-decay"],
        default="dispersion-decay",
    )
    return out[()] if out.ndim == 0 else out


def river_1d_hj23(*, c_mix_mg_l, k_per_day, x_m, velocity_m_s, dispersion_m2_s, width_m):
    """Steady 1-D concentration by the form HJ 2.3-2018 Appendix E prescribes for the regime.

    The regime is chosen by :func:`hj23_river_1d_regime`; with C = complete-mix concentration
    (C_p Q_p + C_h Q_h)/(Q_p + Q_h), alpha = k E_x / u^2 and Pe = u B / E_x:

    ============================================  =============================================
    regime                                        form
    ============================================  =============================================
    advection-decay (alpha <= 0.027, Pe >= 1)     C exp(-k x / u) for x >= 0; 0 upstream
    advection-dispersion-decay-simplified         C exp(u x / E_x) for x < 0;
    (alpha <= 0.027, Pe < 1)                      C exp(-k x / u) for x >= 0
    advection-dispersion-decay                    C / sqrt(1 + 4 alpha) exp[u x/(2 E_x)
    (0.027 < alpha <= 380)                        (1 -/+ sqrt(1 + 4 alpha))]
    dispersion-decay (alpha > 380)                W / (2 A sqrt(k E_x)) exp(-|x| sqrt(k/E_x)),
                                                  with W / A = C u
    ============================================  =============================================

    Parameters
    ----------
    c_mix_mg_l : array_like
        Complete-mix concentration at the outfall section (see
        :func:`models.water.complete_mix`), mg/L.
    k_per_day : array_like
        Decay rate, 1/day (>= 0).
    x_m : array_like
        Distance from the outfall, m (negative upstream).
    velocity_m_s : array_like
        Mean velocity, m/s (> 0).
    dispersion_m2_s : array_like
        Longitudinal dispersion coefficient E_x, m2/s (> 0).
    width_m : array_like
        River width B, m (> 0), for the Peclet number.

    Returns
    -------
    ndarray or float
        Concentration, mg/L.

    References
    ----------
    .. [1] HJ 2.3-2018, Appendix E, 河流一维稳态模型 a)-d).
    """
    regime = np.asarray(hj23_river_1d_regime(k_per_day=k_per_day, dispersion_m2_s=dispersion_m2_s,
                                             velocity_m_s=velocity_m_s, width_m=width_m))
    c = as_array("c_mix_mg_l", c_mix_mg_l)
    k_s = as_array("k_per_day", k_per_day) / SECONDS_PER_DAY
    x = as_array("x_m", x_m)
    u = as_array("velocity_m_s", velocity_m_s)
    e = as_array("dispersion_m2_s", dispersion_m2_s)
    regime, c, k_s, x, u, e = np.broadcast_arrays(regime, c, k_s, x, u, e)
    alpha = k_s * e / (u * u)
    xd = np.maximum(x, 0.0)
    xu = np.minimum(x, 0.0)
    plug = np.where(x >= 0, c * np.exp(-k_s * xd / u), 0.0)
    simplified = np.where(x >= 0, c * np.exp(-k_s * xd / u), c * np.exp(u * xu / e))
    root = np.sqrt(1.0 + 4.0 * alpha)
    full = c / root * np.where(x >= 0, np.exp(_downstream_exponent(k_s, xd, u, e)),
                               np.exp(u * xu / (2.0 * e) * (1.0 + root)))
    with np.errstate(divide="ignore", invalid="ignore"):
        # Only selected where alpha > 380 (so k > 0); elsewhere the value is discarded.
        diffusion = c * u / (2.0 * np.sqrt(k_s * e)) * np.exp(-np.abs(x) * np.sqrt(k_s / e))
    out = np.select(
        [regime == "advection-decay", regime == "advection-dispersion-decay-simplified",
         regime == "advection-dispersion-decay"],
        [plug, simplified, full],
        default=diffusion,
    )
    return scalar_or_array(out)
