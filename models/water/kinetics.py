"""Temperature dependence of first-order rate constants.

References
----------
.. [1] Chapra, S. C. (1997). Surface Water-Quality Modeling. McGraw-Hill, Lecture 2
   (reaction kinetics, temperature effects): k(T) = k(20) theta^(T - 20), with typical
   theta 1.024 for reaeration and 1.047 for CBOD oxidation.
.. [2] HJ 2.3-2018, Appendix F (参数温度校正 k_T = k_20 theta^(T-20)).
"""
from __future__ import annotations

from ._checks import as_array, require_positive, scalar_or_array

__all__ = ["temperature_correction", "THETA_REAERATION", "THETA_BOD_DECAY"]

#: Chapra (1997), Lecture 2: typical temperature coefficient of reaeration.
THETA_REAERATION = 1.024
#: Chapra (1997), Lecture 2: typical temperature coefficient of CBOD oxidation.
THETA_BOD_DECAY = 1.047


def temperature_correction(rate_20, temperature_c, theta):
    """Rate at temperature T from its 20 degC value: k_T = k_20 theta^(T - 20).

    Parameters
    ----------
    rate_20 : array_like
        Rate at 20 degC (any unit; returned in the same unit).
    temperature_c : array_like
        Water temperature, degC.
    theta : array_like
        Temperature coefficient (> 0), e.g. :data:`THETA_REAERATION`.

    Returns
    -------
    ndarray or float

    References
    ----------
    .. [1] Chapra (1997), Lecture 2 (temperature effects on reaction rates).
    """
    k20 = as_array("rate_20", rate_20)
    t = as_array("temperature_c", temperature_c)
    th = as_array("theta", theta)
    require_positive("theta", th)
    return scalar_or_array(k20 * th ** (t - 20.0))
