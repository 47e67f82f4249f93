"""Initial dilution at an outfall and the length of the transverse mixing zone.

References
----------
.. [1] HJ 2.3-2018, 环境影响评价技术导则 地表水环境, Appendix E (河流完全混合模型; 混合过程段长度).
.. [2] Chapra, S. C. (1997). Surface Water-Quality Modeling. McGraw-Hill, Lecture 9.1
   (mass balance at a junction, eq. 9.2, p. 154).
.. [3] Fischer, H. B., List, E. J., Koh, R. C. Y., Imberger, J. and Brooks, N. H. (1979).
   Mixing in Inland and Coastal Waters. Academic Press, section 5.1.3, pp. 112-113.
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
    "complete_mix",
    "mixing_zone_length",
    "mixing_length_fischer",
    "FISCHER_MIXING_COEFFICIENTS",
]


def complete_mix(*, c_upstream_mg_l, q_upstream_m3_s, c_effluent_mg_l, q_effluent_m3_s):
    """Flow-weighted concentration after complete mixing of an effluent with the river.

    .. math:: C = \\frac{C_u Q_u + C_e Q_e}{Q_u + Q_e}

    Parameters
    ----------
    c_upstream_mg_l : array_like
        Upstream (background) concentration, mg/L.
    q_upstream_m3_s : array_like
        Upstream river flow, m3/s (>= 0).
    c_effluent_mg_l : array_like
        Effluent concentration, mg/L.
    q_effluent_m3_s : array_like
        Effluent flow, m3/s (>= 0).

    Returns
    -------
    ndarray or float
        Mixed concentration, mg/L.

    Raises
    ------
    ValueError
        If a flow is negative or the total flow ``q_upstream_m3_s + q_effluent_m3_s`` is zero.

    References
    ----------
    .. [1] HJ 2.3-2018, Appendix E, 河流完全混合模式 C = (Cp Qp + Ch Qh)/(Qp + Qh).
    .. [2] Chapra (1997), Lecture 9, eq. 9.2, p. 154.
    """
    cu = as_array("c_upstream_mg_l", c_upstream_mg_l)
    qu = as_array("q_upstream_m3_s", q_upstream_m3_s)
    ce = as_array("c_effluent_mg_l", c_effluent_mg_l)
    qe = as_array("q_effluent_m3_s", q_effluent_m3_s)
    require_nonnegative("q_upstream_m3_s", qu)
    require_nonnegative("q_effluent_m3_s", qe)
    total = qu + qe
    if np.any(total == 0):
        raise ValueError(
            "q_upstream_m3_s + q_effluent_m3_s = 0: expected a positive total flow "
            "(q_upstream_m3_s and q_effluent_m3_s are both zero)"
        )
    return scalar_or_array((cu * qu + ce * qe) / total)


def mixing_zone_length(*, width_m, velocity_m_s, transverse_dispersion_m2_s,
                       outfall_distance_from_bank_m):
    """Length of the transverse mixing zone (混合过程段长度) of HJ 2.3-2018.

    .. math:: L_m = \\left\\{0.11 + 0.7\\left[0.5 - \\frac{a}{B}
              - 1.1\\left(0.5 - \\frac{a}{B}\\right)^2\\right]^{1/2}\\right\\}
              \\frac{u B^2}{E_y}

    with ``a`` the distance of the outfall from the nearer bank. For a shoreline outfall (a = 0)
    the bracket is 0.442; for a mid-channel outfall (a = B/2) it is 0.11. These reproduce Fischer
    et al.'s 0.4 and 0.1 (see :func:`mixing_length_fischer`).

    Parameters
    ----------
    width_m : array_like
        River width B, m (> 0).
    velocity_m_s : array_like
        Mean velocity u, m/s (> 0).
    transverse_dispersion_m2_s : array_like
        Transverse mixing coefficient E_y, m2/s (> 0).
    outfall_distance_from_bank_m : array_like
        Distance a from the outfall to the bank it is measured from, m, 0 <= a <= B. Distances
        beyond mid-channel are folded (the formula uses the nearer bank).

    Returns
    -------
    ndarray or float
        Mixing-zone length, m.

    References
    ----------
    .. [1] HJ 2.3-2018, Appendix E, 混合过程段长度估算公式.
    .. [2] Fischer et al. (1979), section 5.1.3, pp. 112-113.
    """
    b = as_array("width_m", width_m)
    u = as_array("velocity_m_s", velocity_m_s)
    ey = as_array("transverse_dispersion_m2_s", transverse_dispersion_m2_s)
    a = as_array("outfall_distance_from_bank_m", outfall_distance_from_bank_m)
    require_positive("width_m", b)
    require_positive("velocity_m_s", u)
    require_positive("transverse_dispersion_m2_s", ey)
    require_nonnegative("outfall_distance_from_bank_m", a)
    beyond = a > b
    if np.any(beyond):
        bad = np.broadcast_to(a, beyond.shape)[beyond].flat[0].item()
        raise ValueError(
            f"outfall_distance_from_bank_m={bad!r}: expected a value between 0 and width_m")
    # The guideline's bracket is written for the nearer bank (0 <= a/B <= 0.5).
    s = 0.5 - np.minimum(a, b - a) / b
    bracket = 0.11 + 0.7 * np.sqrt(s - 1.1 * s * s)
    return scalar_or_array(bracket * u * b * b / ey)


#: Dimensionless mixing distance x' = L E_y / (u B^2) at which the concentration is within
#: about 5 % of the mean everywhere (Fischer et al. 1979, p. 113).
FISCHER_MIXING_COEFFICIENTS = {"centre": 0.1, "bank": 0.4}


def mixing_length_fischer(*, width_m, velocity_m_s, transverse_dispersion_m2_s, outfall="bank"):
    """Fischer's distance to complete transverse mixing, L = x' u B^2 / E_y.

    Parameters
    ----------
    width_m, velocity_m_s, transverse_dispersion_m2_s : array_like
        Width B (m), mean velocity u (m/s), transverse mixing coefficient E_y (m2/s).
    outfall : {"bank", "centre"}
        Shoreline outfall (x' = 0.4) or mid-channel outfall (x' = 0.1).

    Returns
    -------
    ndarray or float
        Distance, m.

    References
    ----------
    .. [1] Fischer et al. (1979), section 5.1.3, pp. 112-113 (x' = 0.1 for a centreline
       injection; four times that, 0.4, for an injection at the bank).
    """
    coef = choose(FISCHER_MIXING_COEFFICIENTS, "outfall", outfall)
    b = as_array("width_m", width_m)
    u = as_array("velocity_m_s", velocity_m_s)
    ey = as_array("transverse_dispersion_m2_s", transverse_dispersion_m2_s)
    require_positive("width_m", b)
    require_positive("velocity_m_s", u)
    require_positive("transverse_dispersion_m2_s", ey)
    return scalar_or_array(coef * u * b * b / ey)
