"""Dispersion parameters of GB/T 3840-91 Appendix B (power laws, 0.5 h sampling time).

sigma_y = gamma1 x^alpha1 and sigma_z = gamma2 x^alpha2, coefficients by stability class and
downwind-distance range (GB/T 3840-91 Appendix B; the same tables are in Appendix B of HJ/T 2.2-93). The tables cover A, B, B-C, C, C-D, D, D-E, E, F; they have no A-B row although the
classification (stability table of Appendix B) produces A-B. This module defines A-B as follows (engine rule, not in the
standard):

* sigma_y: the coefficients are the arithmetic means of the A and B coefficients, which is exactly
  how the standard's own intermediate sigma_y rows are built (e.g. B-C: alpha1 = (0.914370 +
  0.924279)/2 = 0.919325, gamma1 = (0.281846 + 0.177154)/2 = 0.229500; likewise C-D and D-E);
* sigma_z: the arithmetic mean of sigma_z(A) and sigma_z(B) at the same distance (the standard's
  intermediate sigma_z rows follow no simple coefficient rule).

Breakpoint continuity: for the pure classes the published coefficients join to within 3e-4
relative (they were fitted through round sigma values, e.g. D: sigma_y(1 km) = 68 m). The
intermediate rows have small published jumps that this module keeps as published:
sigma_y at 1000 m jumps by +0.87 % (B-C), -0.12 % (C-D), +0.88 % (D-E); sigma_z at 500 m by
-0.07 % (B-C). These are documented in docs/methods/air-gbt3840.md.

Sampling time (GB/T 3840-91 Appendix B): sigma_z does not change; sigma_y for a sampling time tau2 is
sigma_y(tau2) = sigma_y(tau1) (tau2/tau1)^q with tau1 = 0.5 h (the table's sampling time),
q = 0.2 for 0.5 h <= tau2 < 1 h and q = 0.3 for 1 h <= tau2 < 100 h. Read literally (as here) the
rule has a jump at tau2 = 1 h (factor 2^0.2 = 1.149 just below, 2^0.3 = 1.231 at 1 h).

References
----------
.. [1] GB/T 3840-91, 制定地方大气污染物排放标准的技术方法, Appendix B (扩散参数): tables
   横向扩散参数幂函数表达式数据 (取样时间 0.5 h) and 垂直扩散参数幂函数表达式数据, and the
   sampling-time formula with its q table.
.. [2] HJ/T 2.2-93, 环境影响评价技术导则 大气环境, Appendix B (same tables).
.. [3] 郝吉明, 马广大, 王书肖. 大气污染控制工程 (第三版). 高等教育出版社, 2010, Chapter 4,
   section on the Chinese national dispersion parameters (reproduces the same coefficients).
"""
from __future__ import annotations

import numpy as np

from .stability import normalize_stability

__all__ = [
    "sigmas_gbt3840",
    "sigma_y_sampling_time_factor",
    "GBT3840_SIGMA_Y",
    "GBT3840_SIGMA_Z",
    "GBT3840_CLASSES",
]

#: sigma_y segments per class: tuple of (upper distance bound in m or inf, alpha1, gamma1).
GBT3840_SIGMA_Y = {
    "A": ((1000.0, 0.901074, 0.425809), (np.inf, 0.850934, 0.602052)),
    "B": ((1000.0, 0.914370, 0.281846), (np.inf, 0.865014, 0.396353)),
    "B-C": ((1000.0, 0.919325, 0.229500), (np.inf, 0.875086, 0.314238)),
    "C": ((1000.0, 0.924279, 0.177154), (np.inf, 0.885157, 0.232123)),
    "C-D": ((1000.0, 0.926849, 0.143940), (np.inf, 0.886940, 0.189396)),
    "D": ((1000.0, 0.929418, 0.110726), (np.inf, 0.888723, 0.146669)),
    "D-E": ((1000.0, 0.925118, 0.0985631), (np.inf, 0.892794, 0.124308)),
    "E": ((1000.0, 0.920818, 0.0864001), (np.inf, 0.896864, 0.101947)),
    "F": ((1000.0, 0.929418, 0.0553634), (np.inf, 0.888723, 0.0733348)),
}
# A-B sigma_y: coefficient means of A and B, the construction of the standard's B-C/C-D/D-E rows.
GBT3840_SIGMA_Y["A-B"] = tuple(
    (ya[0], 0.5 * (ya[1] + yb[1]), 0.5 * (ya[2] + yb[2]))
    for ya, yb in zip(GBT3840_SIGMA_Y["A"], GBT3840_SIGMA_Y["B"])
)

#: sigma_z segments per class: tuple of (upper distance bound in m or inf, alpha2, gamma2).
GBT3840_SIGMA_Z = {
    "A": ((300.0, 1.12154, 0.0799904), (500.0, 1.51360, 0.00854771), (np.inf, 2.10881, 0.000211545)),
    "B": ((500.0, 0.964435, 0.127190), (np.inf, 1.09356, 0.0570251)),
    "B-C": ((500.0, 0.941015, 0.114682), (np.inf, 1.00770, 0.0757182)),
    "C": ((np.inf, 0.917595, 0.106803),),
    "C-D": ((2000.0, 0.838628, 0.126152), (10000.0, 0.756410, 0.235667), (np.inf, 0.815575, 0.136659)),
    "D": ((1000.0, 0.826212, 0.104634), (10000.0, 0.632023, 0.400167), (np.inf, 0.555360, 0.810763)),
    "D-E": ((2000.0, 0.776864, 0.111771), (10000.0, 0.572347, 0.528992), (np.inf, 0.499149, 1.03810)),
    "E": ((1000.0, 0.788370, 0.0927529), (10000.0, 0.565188, 0.433384), (np.inf, 0.414743, 1.73241)),
    "F": ((1000.0, 0.784400, 0.0620765), (10000.0, 0.525969, 0.370015), (np.inf, 0.322659, 2.40691)),
}

#: Classes accepted by :func:`sigmas_gbt3840` (the standard's nine plus A-B by the rule above).
GBT3840_CLASSES = ("A", "A-B", "B", "B-C", "C", "C-D", "D", "D-E", "E", "F")


def _power_law(segments, x):
    """Evaluate a piecewise power law; a segment covers (previous bound, bound]."""
    out = np.empty(x.shape)
    lower = -np.inf
    for upper, alpha, gamma in segments:
        m = (x > lower) & (x <= upper)
        out[m] = gamma * x[m] ** alpha
        lower = upper
    return out


def sigma_y_sampling_time_factor(sampling_time_h):
    """Factor (tau2/0.5 h)^q converting table sigma_y (0.5 h) to sampling time tau2.

    q = 0.2 for 0.5 h <= tau2 < 1 h and q = 0.3 for 1 h <= tau2 < 100 h (GB/T 3840-91 Appendix B).

    Parameters
    ----------
    sampling_time_h : float or array_like
        Sampling (averaging) time tau2, hours, 0.5 <= tau2 < 100.

    Returns
    -------
    ndarray
        Multiplicative factor for sigma_y (1 at 0.5 h).

    References
    ----------
    .. [1] GB/T 3840-91, Appendix B (取样时间大于 0.5 h 时横向扩散参数的修正, q table).
    .. [2] HJ/T 2.2-93, Appendix B (same rule).
    """
    tau = np.asarray(sampling_time_h, dtype=float)
    if np.any(~np.isfinite(tau)) or np.any((tau < 0.5) | (tau >= 100.0)):
        raise ValueError(
            f"sampling_time_h: expected 0.5 <= tau < 100 h (range of the GB/T 3840-91 q table), "
            f"got {sampling_time_h!r}"
        )
    q = np.where(tau < 1.0, 0.2, 0.3)
    return (tau / 0.5) ** q


def sigmas_gbt3840(x_m, stability, *, sampling_time_h=None):
    """GB/T 3840-91 power-law sigma_y and sigma_z (flat terrain, table sampling time 0.5 h).

    sigma_y = gamma1 x^alpha1 (ranges 0-1000 m, > 1000 m) and sigma_z = gamma2 x^alpha2 (class
    dependent ranges up to 300 / 500 / 1000 / 2000 / 10000 m and beyond); a distance equal to a
    bound belongs to the nearer range ("0~1000" includes 1000 m). Coefficients in
    :data:`GBT3840_SIGMA_Y` and :data:`GBT3840_SIGMA_Z`.

    The standard applies these tables after adjusting the hourly class for the site (rural flat
    land: D, E, F shifted half a class toward unstable; urban/industrial and hilly areas: further
    shifts). That adjustment is a choice of the caller: this function evaluates the table for the
    class it is given.

    Parameters
    ----------
    x_m : array_like
        Downwind distance, m (>= 0).
    stability : str or array_like of str
        Class label among A, A-B, B, B-C, C, C-D, D, D-E, E, F (or ISC3 codes 1..6); broadcast
        against ``x_m``. A-B is defined by the rule in the module docstring.
    sampling_time_h : float, optional
        Sampling time for sigma_y; ``None`` returns the table values (0.5 h). See
        :func:`sigma_y_sampling_time_factor`.

    Returns
    -------
    sigma_y_m, sigma_z_m : ndarray
        Dispersion parameters, m.

    References
    ----------
    .. [1] GB/T 3840-91, Appendix B, power-law sigma tables (0.5 h sampling time).
    .. [2] HJ/T 2.2-93, Appendix B.
    .. [3] 郝吉明 et al., 大气污染控制工程 (第三版), 2010, Chapter 4.
    """
    x = np.asarray(x_m, dtype=float)
    if np.any(~np.isfinite(x)) or np.any(x < 0):
        raise ValueError(f"x_m: expected finite downwind distances >= 0 m, got {x_m!r}")
    cls = normalize_stability(stability, allowed=GBT3840_CLASSES)
    x, cls = np.broadcast_arrays(x, cls)
    sy = np.empty(x.shape)
    sz = np.empty(x.shape)
    for label in np.unique(cls):
        label = str(label)
        m = cls == label
        xm = x[m]
        sy[m] = _power_law(GBT3840_SIGMA_Y[label], xm)
        if label == "A-B":
            sz[m] = 0.5 * (_power_law(GBT3840_SIGMA_Z["A"], xm) + _power_law(GBT3840_SIGMA_Z["B"], xm))
        else:
            sz[m] = _power_law(GBT3840_SIGMA_Z[label], xm)
    if sampling_time_h is not None:
        sy = sy * sigma_y_sampling_time_factor(sampling_time_h)
    return sy, sz
