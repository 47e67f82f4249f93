"""Briggs (1973) dispersion parameters for open-country (rural) and urban conditions.

Formulas as tabulated by Gifford (1976) and by Hanna, Briggs & Hosker (1982), Table 4.5; the urban
set is the one ISC3 uses for its urban mode (ISC3 vol. II, Tables 1-3 and 1-4, from McElroy-Pooler
St. Louis data as fitted by Briggs). Intended range 100 m < x < 10 km; the curves are continued
outside that range unchanged (as ISC3 does), and x = 0 gives zero spread.

References
----------
.. [1] Briggs, G. A. (1973). Diffusion estimation for small emissions. ATDL contribution
   No. 79, NOAA Atmospheric Turbulence and Diffusion Laboratory, Oak Ridge.
.. [2] Gifford, F. A. (1976). Turbulent diffusion-typing schemes: a review. Nuclear Safety
   17(1), 68-86, Table 4.
.. [3] Hanna, S. R., Briggs, G. A., Hosker, R. P. (1982). Handbook on Atmospheric Diffusion.
   DOE/TIC-11223, Table 4.5 (p. 28).
.. [4] U.S. EPA (1995). ISC3 User's Guide vol. II, EPA-454/B-95-003b, 1.1.5.1, Tables 1-3, 1-4
   (urban sigma_y and sigma_z).
"""
from __future__ import annotations

import numpy as np

from .stability import normalize_stability

__all__ = ["sigmas_briggs_rural", "sigmas_briggs_urban", "BRIGGS_RURAL", "BRIGGS_URBAN"]

# (a, b, c, p) meaning sigma = a x (1 + b x)^p ; each entry: (sigma_y term, sigma_z term).
BRIGGS_RURAL = {
    "A": ((0.22, 1.0e-4, -0.5), (0.20, 0.0, 0.0)),
    "B": ((0.16, 1.0e-4, -0.5), (0.12, 0.0, 0.0)),
    "C": ((0.11, 1.0e-4, -0.5), (0.08, 2.0e-4, -0.5)),
    "D": ((0.08, 1.0e-4, -0.5), (0.06, 1.5e-3, -0.5)),
    "E": ((0.06, 1.0e-4, -0.5), (0.03, 3.0e-4, -1.0)),
    "F": ((0.04, 1.0e-4, -0.5), (0.016, 3.0e-4, -1.0)),
}

# Urban: classes A and B share one curve, E and F share one curve (Briggs 1973 / ISC3).
BRIGGS_URBAN = {
    "A": ((0.32, 4.0e-4, -0.5), (0.24, 1.0e-3, +0.5)),
    "B": ((0.32, 4.0e-4, -0.5), (0.24, 1.0e-3, +0.5)),
    "C": ((0.22, 4.0e-4, -0.5), (0.20, 0.0, 0.0)),
    "D": ((0.16, 4.0e-4, -0.5), (0.14, 3.0e-4, -0.5)),
    "E": ((0.11, 4.0e-4, -0.5), (0.08, 1.5e-3, -0.5)),
    "F": ((0.11, 4.0e-4, -0.5), (0.08, 1.5e-3, -0.5)),
}


def _check_x(x_m) -> np.ndarray:
    x = np.asarray(x_m, dtype=float)
    if np.any(~np.isfinite(x)) or np.any(x < 0):
        raise ValueError(f"x_m: expected finite downwind distances >= 0 m, got {x_m!r}")
    return x


def _evaluate(table, x_m, stability):
    x = _check_x(x_m)
    cls = normalize_stability(stability, allowed=tuple(table))
    x, cls = np.broadcast_arrays(x, cls)
    sy = np.empty(x.shape)
    sz = np.empty(x.shape)
    for label in np.unique(cls):
        m = cls == label
        (ay, by, py), (az, bz, pz) = table[str(label)]
        xm = x[m]
        sy[m] = ay * xm * (1.0 + by * xm) ** py
        sz[m] = az * xm * (1.0 + bz * xm) ** pz
    return sy, sz


def sigmas_briggs_rural(x_m, stability):
    """Briggs (1973) open-country sigma_y and sigma_z.

    ======  ===========================  ============================
    class   sigma_y (m)                  sigma_z (m)
    ======  ===========================  ============================
    A       0.22 x (1 + 0.0001 x)^-1/2   0.20 x
    B       0.16 x (1 + 0.0001 x)^-1/2   0.12 x
    C       0.11 x (1 + 0.0001 x)^-1/2   0.08 x (1 + 0.0002 x)^-1/2
    D       0.08 x (1 + 0.0001 x)^-1/2   0.06 x (1 + 0.0015 x)^-1/2
    E       0.06 x (1 + 0.0001 x)^-1/2   0.03 x (1 + 0.0003 x)^-1
    F       0.04 x (1 + 0.0001 x)^-1/2   0.016 x (1 + 0.0003 x)^-1
    ======  ===========================  ============================

    Parameters
    ----------
    x_m : array_like
        Downwind distance, m (>= 0).
    stability : str, int or array_like
        Pasquill class A..F (or ISC3 codes 1..6); broadcast against ``x_m``.

    Returns
    -------
    sigma_y_m, sigma_z_m : ndarray
        Horizontal and vertical dispersion parameters, m.

    References
    ----------
    .. [1] Briggs (1973), ATDL No. 79; Gifford (1976), Nuclear Safety 17, Table 4.
    .. [2] Hanna, Briggs & Hosker (1982), Handbook on Atmospheric Diffusion, Table 4.5.
    """
    return _evaluate(BRIGGS_RURAL, x_m, stability)


def sigmas_briggs_urban(x_m, stability):
    """Briggs (1973) urban sigma_y and sigma_z (McElroy-Pooler St. Louis data), as used by ISC3.

    ======  ===========================  ============================
    class   sigma_y (m)                  sigma_z (m)
    ======  ===========================  ============================
    A, B    0.32 x (1 + 0.0004 x)^-1/2   0.24 x (1 + 0.001 x)^+1/2
    C       0.22 x (1 + 0.0004 x)^-1/2   0.20 x
    D       0.16 x (1 + 0.0004 x)^-1/2   0.14 x (1 + 0.0003 x)^-1/2
    E, F    0.11 x (1 + 0.0004 x)^-1/2   0.08 x (1 + 0.0015 x)^-1/2
    ======  ===========================  ============================

    Parameters
    ----------
    x_m : array_like
        Downwind distance, m (>= 0).
    stability : str, int or array_like
        Pasquill class A..F (or ISC3 codes 1..6); broadcast against ``x_m``.

    Returns
    -------
    sigma_y_m, sigma_z_m : ndarray
        Horizontal and vertical dispersion parameters, m.

    References
    ----------
    .. [1] Briggs (1973), ATDL No. 79; Hanna, Briggs & Hosker (1982), Table 4.5.
    .. [2] EPA-454/B-95-003b (ISC3 vol. II), 1.1.5.1, Tables 1-3 and 1-4.
    """
    return _evaluate(BRIGGS_URBAN, x_m, stability)
