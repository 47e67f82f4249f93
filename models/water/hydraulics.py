"""Hydraulic geometry, shear velocity and empirical mixing coefficients of rivers.

References
----------
.. [1] Leopold, L. B. and Maddock, T. Jr. (1953). The hydraulic geometry of stream channels and
   some physiographic implications. USGS Professional Paper 252.
.. [2] Chapra, Pelletier and Tao (2008). QUAL2K v2.11 Documentation, "Rating curves"
   (U = a Q^b, H = alpha Q^beta).
.. [3] Fischer, H. B., List, E. J., Koh, R. C. Y., Imberger, J. and Brooks, N. H. (1979).
   Mixing in Inland and Coastal Waters. Academic Press, section 5.1 (transverse mixing,
   E_y = 0.15 h u* straight channels, 0.6 h u* natural streams) and section 5.2
   (longitudinal dispersion: K = 0.011 u^2 W^2 / (d u*)).
.. [4] Elder, J. W. (1959). The dispersion of marked fluid in turbulent shear flow.
   J. Fluid Mech. 5, 544-560 (K = 5.93 h u*).
.. [5] HJ 2.3-2018, Appendix F (参数估算: 横向混合系数 泰勒法 (0.058 H + 0.0065 B)(g H I)^0.5;
   纵向离散系数 爱尔德法 5.93 H u*, 费希尔法 0.011 u^2 B^2 / (H u*)).
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
    "hydraulic_geometry",
    "shear_velocity",
    "transverse_dispersion",
    "longitudinal_dispersion",
    "TRANSVERSE_DISPERSION_METHODS",
    "LONGITUDINAL_DISPERSION_METHODS",
    "GRAVITY_M_S2",
]

GRAVITY_M_S2 = 9.81


def hydraulic_geometry(q_m3_s, a, b, c, d):
    """Velocity and depth from flow by power-law rating curves, u = a Q^b, h = c Q^d.

    Parameters
    ----------
    q_m3_s : array_like
        Flow, m3/s (> 0).
    a, b : array_like
        Velocity coefficient and exponent (u in m/s for Q in m3/s).
    c, d : array_like
        Depth coefficient and exponent (h in m for Q in m3/s).

    Returns
    -------
    (velocity_m_s, depth_m) : tuple of ndarray or float

    References
    ----------
    .. [1] Leopold and Maddock (1953).
    .. [2] QUAL2K v2.11 manual, "Rating curves" (typical b = 0.43, d = 0.45).
    """
    q = as_array("q_m3_s", q_m3_s)
    require_positive("q_m3_s", q)
    a_, b_, c_, d_ = (as_array(n, v) for n, v in (("a", a), ("b", b), ("c", c), ("d", d)))
    require_positive("a", a_)
    require_positive("c", c_)
    return scalar_or_array(a_ * q**b_), scalar_or_array(c_ * q**d_)


def shear_velocity(*, depth_m, slope):
    """Shear velocity u* = sqrt(g h S), m/s (h may be the hydraulic radius).

    References
    ----------
    .. [1] Fischer et al. (1979), section 5.1 (u* = sqrt(g d S) for wide channels).
    """
    h = as_array("depth_m", depth_m)
    s = as_array("slope", slope)
    require_positive("depth_m", h)
    require_nonnegative("slope", s)
    return scalar_or_array(np.sqrt(GRAVITY_M_S2 * h * s))


TRANSVERSE_DISPERSION_METHODS = {
    # Fischer et al. (1979) section 5.1.2: natural streams, E_y / (d u*) = 0.6 (+- 50 %).
    "fischer": lambda h, us, b: 0.6 * h * us,
    # Fischer et al. (1979) section 5.1.2: straight rectangular channels, 0.15.
    "fischer-straight": lambda h, us, b: 0.15 * h * us,
    # HJ 2.3-2018 Appendix F, Taylor method (B / H < 100).
    "taylor": lambda h, us, b: (0.058 * h + 0.0065 * b) * us,
}


def transverse_dispersion(*, depth_m, shear_velocity_m_s, width_m=None, method="fischer"):
    """Transverse mixing coefficient E_y, m2/s.

    ==========================  ===========================================
    ``"fischer"``               E_y = 0.6 h u*  (natural streams)
    ``"fischer-straight"``      E_y = 0.15 h u* (straight channels)
    ``"taylor"``                E_y = (0.058 h + 0.0065 B) u*  (B/h < 100)
    ==========================  ===========================================

    Parameters
    ----------
    depth_m : array_like
        Mean depth h, m (> 0).
    shear_velocity_m_s : array_like
        u* (see :func:`shear_velocity`), m/s (>= 0).
    width_m : array_like, optional
        Width B, m; required by ``"taylor"``.
    method : str

    References
    ----------
    .. [1] Fischer et al. (1979), section 5.1.2.
    .. [2] HJ 2.3-2018, Appendix F, 泰勒法.
    """
    func = choose(TRANSVERSE_DISPERSION_METHODS, "method", method)
    h = as_array("depth_m", depth_m)
    us = as_array("shear_velocity_m_s", shear_velocity_m_s)
    require_positive("depth_m", h)
    require_nonnegative("shear_velocity_m_s", us)
    if method == "taylor":
        if width_m is None:
            raise ValueError("width_m=None: expected a width in m for method='taylor'")
        b = as_array("width_m", width_m)
        require_positive("width_m", b)
    else:
        b = 0.0
    return scalar_or_array(np.asarray(func(h, us, b), dtype=float))


def _fischer_longitudinal(h, us, u, b):
    with np.errstate(divide="ignore"):
        return 0.011 * u * u * b * b / (h * us)


LONGITUDINAL_DISPERSION_METHODS = {
    # Elder (1959): logarithmic profile in an infinitely wide channel (Taylor's analysis).
    "elder": lambda h, us, u, b: 5.93 * h * us,
    # Fischer (1975); Fischer et al. (1979), section 5.2.
    "fischer": _fischer_longitudinal,
}


def longitudinal_dispersion(*, depth_m, shear_velocity_m_s, velocity_m_s=None, width_m=None,
                            method="fischer"):
    """Longitudinal dispersion coefficient E_x, m2/s.

    ==================  ==================================
    ``"elder"``         E_x = 5.93 h u*
    ``"fischer"``       E_x = 0.011 u^2 B^2 / (h u*)
    ==================  ==================================

    References
    ----------
    .. [1] Elder (1959).
    .. [2] Fischer et al. (1979), section 5.2.
    .. [3] HJ 2.3-2018, Appendix F (爱尔德法, 费希尔法).
    """
    func = choose(LONGITUDINAL_DISPERSION_METHODS, "method", method)
    h = as_array("depth_m", depth_m)
    us = as_array("shear_velocity_m_s", shear_velocity_m_s)
    require_positive("depth_m", h)
    if method == "fischer":
        require_positive("shear_velocity_m_s", us)
        if velocity_m_s is None or width_m is None:
            raise ValueError(
                "velocity_m_s/width_m=None: expected both for method='fischer'"
            )
        u = as_array("velocity_m_s", velocity_m_s)
        b = as_array("width_m", width_m)
        require_nonnegative("velocity_m_s", u)
        require_positive("width_m", b)
    else:
        require_nonnegative("shear_velocity_m_s", us)
        u = b = 0.0
    return scalar_or_array(np.asarray(func(h, us, u, b), dtype=float))
