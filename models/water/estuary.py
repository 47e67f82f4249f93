"""Tidally averaged one-dimensional estuary (and dispersive river) with a point load.

Steady 1-D transport with net freshwater flow Q, cross-section A (U = Q / A), tidally averaged
dispersion E and first-order decay k, for a continuous load W at x = 0 (x positive seaward):

.. math:: c(x) = \\frac{W}{Q\\sqrt{1 + 4kE/U^2}}
          \\exp\\left[\\frac{U x}{2E}\\left(1 \\pm \\sqrt{1 + 4kE/U^2}\\right)\\right]

with the plus sign upstream (x <= 0) and the minus sign downstream (x >= 0). The code uses the
equal forms Q sqrt(1 + 4kE/U^2) = sqrt(Q^2 + 4 k E A^2) and a cancellation-free downstream
exponent, -2 k A x / (Q + sqrt(Q^2 + 4 k E A^2)), so that Q -> 0 (a tidal embayment or a
stagnant reach: c = W / (2 A sqrt(kE)) exp(-|x| sqrt(k/E))) and E -> 0 (plug flow) are limits of
the same expression. The same solution is HJ 2.3-2018's advection-dispersion-decay river model
with C0 = W / (Q sqrt(1 + 4 alpha)).

References
----------
.. [1] Thomann, R. V. and Mueller, J. A. (1987). Principles of Surface Water Quality Modeling
   and Control. Harper & Row, chapter 3 (estuaries, steady-state solution for a point load,
   with the upstream and downstream branches).
.. [2] Chapra, S. C. (1997). Surface Water-Quality Modeling. McGraw-Hill, Lecture 10
   (mixed-flow systems, point source; estuary number eta = k E / U^2).
.. [3] HJ 2.3-2018, 环境影响评价技术导则 地表水环境, Appendix E (河口/感潮河段一维潮平均模型;
   河流一维对流扩散降解模型).
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

__all__ = ["estuary_1d"]


def estuary_1d(*, load_g_s, flow_m3_s, area_m2, dispersion_m2_s, k_per_day, x_m,
               c_background_mg_l=0.0):
    """Tidally averaged steady concentration about a point load in an estuary, mg/L.

    Parameters
    ----------
    load_g_s : array_like
        Continuous load W, g/s (>= 0).
    flow_m3_s : array_like
        Net (freshwater) flow Q, m3/s (>= 0).
    area_m2 : array_like
        Cross-sectional area A, m2 (> 0).
    dispersion_m2_s : array_like
        Tidally averaged longitudinal dispersion E, m2/s (>= 0).
    k_per_day : array_like
        First-order decay rate, 1/day (>= 0).
    x_m : array_like
        Distance from the load, m (positive downstream/seaward, negative upstream).
    c_background_mg_l : array_like, optional
        Concentration added to the solution (superposition with a background), mg/L.

    Returns
    -------
    ndarray or float
        Concentration, mg/L (g/m3).

    Raises
    ------
    ValueError
        If Q = 0 and k = 0 (no steady state), or Q = 0 and E = 0 (no transport).

    References
    ----------
    .. [1] Thomann and Mueller (1987), chapter 3.
    .. [2] Chapra (1997), Lecture 10.
    """
    w = as_array("load_g_s", load_g_s)
    q = as_array("flow_m3_s", flow_m3_s)
    a = as_array("area_m2", area_m2)
    e = as_array("dispersion_m2_s", dispersion_m2_s)
    k = as_array("k_per_day", k_per_day)
    x = as_array("x_m", x_m)
    cb = as_array("c_background_mg_l", c_background_mg_l)
    require_nonnegative("load_g_s", w)
    require_nonnegative("flow_m3_s", q)
    require_positive("area_m2", a)
    require_nonnegative("dispersion_m2_s", e)
    require_nonnegative("k_per_day", k)
    if np.any((q == 0) & (k == 0)):
        raise ValueError("flow_m3_s=0 with k_per_day=0: expected a positive flow or decay "
                         "rate (no steady state)")
    if np.any((q == 0) & (e == 0)):
        raise ValueError("flow_m3_s=0 with dispersion_m2_s=0: expected a positive flow or "
                         "dispersion coefficient (no transport)")
    k_s = k / SECONDS_PER_DAY
    root = np.sqrt(q * q + 4.0 * k_s * e * a * a)
    c0 = w / root
    down = -2.0 * k_s * a * np.maximum(x, 0.0) / (q + root)
    with np.errstate(divide="ignore", invalid="ignore"):
        up = np.where(e > 0, np.minimum(x, 0.0) * (q + root) / (2.0 * np.where(e > 0, e, 1.0) * a),
                      -np.inf)
    expo = np.where(x >= 0, down, up)
    return scalar_or_array(cb + c0 * np.exp(expo))
