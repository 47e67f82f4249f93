"""Gaussian plume dispersion parameters sigma_y(x), sigma_z(x) chosen by scheme name.

``sigmas(x_m, stability, scheme)`` looks the scheme up in :data:`SIGMA_SCHEMES`. This module
implements the two ISC3 schemes; the Briggs (1973) and GB/T 3840-91 schemes live in
``sigmas_briggs`` and ``sigmas_gbt3840`` and are imported lazily by thin wrappers.

ISC3 rural (Pasquill-Gifford curves as fitted by ISC3)::

    sigma_y = 465.11628 x tan(TH),   TH = 0.017453293 (c - d ln x)      (x in km)
    sigma_z = a x**b  (x in km), segment coefficients per class; capped at 5000 m

ISC3 urban (Briggs urban curves, McElroy-Pooler data)::

    A, B  sigma_y = 0.32 x (1 + 0.0004 x)**-0.5   sigma_z = 0.24 x (1 + 0.001 x)**0.5
    C     sigma_y = 0.22 x (1 + 0.0004 x)**-0.5   sigma_z = 0.20 x
    D     sigma_y = 0.16 x (1 + 0.0004 x)**-0.5   sigma_z = 0.14 x (1 + 0.0003 x)**-0.5
    E, F  sigma_y = 0.11 x (1 + 0.0004 x)**-0.5   sigma_z = 0.08 x (1 + 0.0015 x)**-0.5  (x in m)

References
----------
.. [1] U.S. EPA (1995). User's Guide for the Industrial Source Complex (ISC3) Dispersion Models,
   Vol. II, EPA-454/B-95-003b, sec. 1.1.5.1, Table 1-1 (c, d),
   Table 1-2 (a, b by distance range), Tables 1-3 and 1-4 (urban).
.. [2] Briggs, G.A. (1973). Diffusion estimation for small emissions. ATDL Contribution 79,
   NOAA ATDL, Oak Ridge (urban curves used by ISC3).
"""
from __future__ import annotations

import numpy as np

from .wind_profile import stability_index

__all__ = ["sigmas", "SIGMA_SCHEMES", "sigmas_isc3_rural", "sigmas_isc3_urban",
           "ISC3_RURAL_SIGMA_Y", "ISC3_RURAL_SIGMA_Z"]

#: ISC3 rural sigma_y coefficients (c, d), TH in degrees, Table 1-1 of EPA-454/B-95-003b.
ISC3_RURAL_SIGMA_Y = np.array([
    [24.1670, 2.5334],
    [18.3330, 1.8096],
    [12.5000, 1.0857],
    [8.3330, 0.72382],
    [6.2500, 0.54287],
    [4.1667, 0.36191],
])

#: ISC3 rural sigma_z segments per class: (upper x of segment in km, a, b); Table 1-2.
#: A segment applies up to and including its upper bound. ``a = nan`` marks the class-A range
#: beyond 3.11 km, where ISC3 sets sigma_z = 5000 m.
ISC3_RURAL_SIGMA_Z: tuple[tuple[tuple[float, float, float], ...], ...] = (
    (  # A
        (0.10, 122.800, 0.94470), (0.15, 158.080, 1.05420), (0.20, 170.220, 1.09320),
        (0.25, 179.520, 1.12620), (0.30, 217.410, 1.26440), (0.40, 258.890, 1.40940),
        (0.50, 346.750, 1.72830), (3.11, 453.850, 2.11660), (np.inf, np.nan, 0.0),
    ),
    (  # B
        (0.20, 90.673, 0.93198), (0.40, 98.483, 0.98332), (np.inf, 109.300, 1.09710),
    ),
    (  # C
        (np.inf, 61.141, 0.91465),
    ),
    (  # D
        (0.30, 34.459, 0.86974), (1.00, 32.093, 0.81066), (3.00, 32.093, 0.64403),
        (10.00, 33.504, 0.60486), (30.00, 36.650, 0.56589), (np.inf, 44.053, 0.51179),
    ),
    (  # E
        (0.10, 24.260, 0.83660), (0.30, 23.331, 0.81956), (1.00, 21.628, 0.75660),
        (2.00, 21.628, 0.63077), (4.00, 22.534, 0.57154), (10.00, 24.703, 0.50527),
        (20.00, 26.970, 0.46713), (40.00, 35.420, 0.37615), (np.inf, 47.618, 0.29592),
    ),
    (  # F
        (0.20, 15.209, 0.81558), (0.70, 14.457, 0.78407), (1.00, 13.953, 0.68465),
        (2.00, 13.953, 0.63227), (3.00, 14.823, 0.54503), (7.00, 16.187, 0.46490),
        (15.00, 17.836, 0.41507), (30.00, 22.651, 0.32681), (60.00, 27.074, 0.27436),
        (np.inf, 34.219, 0.21716),
    ),
)

#: ISC3 caps the rural sigma_z at 5000 m (EPA-454/B-95-003b vol. II, Table 1-2 footnote).
SIGMA_Z_MAX_M = 5000.0


def _check_x(x_m) -> np.ndarray:
    x = np.asarray(x_m, dtype=float)
    if np.any(~(x > 0)):
        raise ValueError(f"x_m: expected downwind distances > 0 m, got {x_m!r}")
    return x


def sigma_z_table_arrays():
    """The rural sigma_z table as dense arrays (breaks_km, a, b), each shape (6, 10).

    Padding segments repeat the last one so that a search over the breaks never leaves the table.
    Used by the vectorised and the compiled paths so that both read exactly the same numbers.
    """
    n = max(len(t) for t in ISC3_RURAL_SIGMA_Z)
    breaks = np.full((6, n), np.inf)
    a = np.zeros((6, n))
    b = np.zeros((6, n))
    for k, segs in enumerate(ISC3_RURAL_SIGMA_Z):
        for j in range(n):
            ub, aa, bb = segs[min(j, len(segs) - 1)]
            breaks[k, j], a[k, j], b[k, j] = ub, aa, bb
    return breaks, a, b


_SZ_BREAKS, _SZ_A, _SZ_B = sigma_z_table_arrays()


def sigmas_isc3_rural(x_m, stability):
    """ISC3 rural sigma_y and sigma_z (Pasquill-Gifford fits), metres.

    Parameters
    ----------
    x_m : array_like
        Downwind distance, m (> 0).
    stability : str or array_like of str
        Pasquill class 'A'..'F'.

    Returns
    -------
    sigma_y_m, sigma_z_m : ndarray

    References
    ----------
    .. [1] EPA-454/B-95-003b, vol. II, sec. 1.1.5.1, Tables 1-1 and 1-2
       (sigma_z limited to 5000 m; class A beyond 3.11 km set to 5000 m).
    """
    x = _check_x(x_m)
    k = stability_index(stability)
    x, k = np.broadcast_arrays(x, k)
    xkm = x * 1.0e-3
    c = ISC3_RURAL_SIGMA_Y[k, 0]
    d = ISC3_RURAL_SIGMA_Y[k, 1]
    th = 0.017453293 * (c - d * np.log(xkm))
    sy = 465.11628 * xkm * np.tan(th)
    # segment j = number of breaks strictly below x (a segment includes its upper bound)
    j = np.sum(_SZ_BREAKS[k] < xkm[..., None], axis=-1)
    a = _SZ_A[k, j]
    b = _SZ_B[k, j]
    with np.errstate(invalid="ignore"):
        sz = a * xkm ** b
    sz = np.where(np.isnan(a), SIGMA_Z_MAX_M, np.minimum(sz, SIGMA_Z_MAX_M))
    return sy, sz


#: ISC3 urban coefficients per class (Briggs urban): (ay, az, bz, pz) with
#: sigma_y = ay x / sqrt(1 + 0.0004 x), sigma_z = az x (1 + bz x) ** pz.
ISC3_URBAN = np.array([
    [0.32, 0.24, 0.001, 0.5],
    [0.32, 0.24, 0.001, 0.5],
    [0.22, 0.20, 0.0, 0.0],
    [0.16, 0.14, 0.0003, -0.5],
    [0.11, 0.08, 0.0015, -0.5],
    [0.11, 0.08, 0.0015, -0.5],
])


def sigmas_isc3_urban(x_m, stability):
    """ISC3 urban sigma_y and sigma_z (Briggs urban curves), metres.

    References
    ----------
    .. [1] EPA-454/B-95-003b, vol. II, sec. 1.1.5.1, Tables 1-3 and 1-4.
    .. [2] Briggs (1973), ATDL Contribution 79 (fits to McElroy and Pooler, St. Louis).
    """
    x = _check_x(x_m)
    k = stability_index(stability)
    x, k = np.broadcast_arrays(x, k)
    co = ISC3_URBAN[k]
    sy = co[..., 0] * x / np.sqrt(1.0 + 0.0004 * x)
    sz = co[..., 1] * x * (1.0 + co[..., 2] * x) ** co[..., 3]
    return sy, sz


def _briggs_rural(x_m, stability):
    from .sigmas_briggs import sigmas_briggs_rural
    return sigmas_briggs_rural(x_m, stability)


def _briggs_urban(x_m, stability):
    from .sigmas_briggs import sigmas_briggs_urban
    return sigmas_briggs_urban(x_m, stability)


def _gbt3840(x_m, stability):
    from .sigmas_gbt3840 import sigmas_gbt3840
    return sigmas_gbt3840(x_m, stability)


#: Registry of sigma schemes: name -> function (x_m, stability) -> (sigma_y_m, sigma_z_m).
SIGMA_SCHEMES = {
    "isc3-rural": sigmas_isc3_rural,
    "isc3-urban": sigmas_isc3_urban,
    "briggs-rural": _briggs_rural,
    "briggs-urban": _briggs_urban,
    "gbt3840": _gbt3840,
}


def sigmas(x_m, stability, scheme):
    """Dispersion parameters (sigma_y_m, sigma_z_m) at downwind distance ``x_m``.

    Parameters
    ----------
    x_m : array_like
        Downwind distance, m (> 0).
    stability : str or array_like of str
        Pasquill class 'A'..'F' (scheme ``"gbt3840"`` also accepts 'A-B', 'B-C', 'C-D', 'D-E').
    scheme : str
        One of :data:`SIGMA_SCHEMES`: ``"isc3-rural"``, ``"isc3-urban"``, ``"briggs-rural"``,
        ``"briggs-urban"``, ``"gbt3840"``.

    Returns
    -------
    sigma_y_m, sigma_z_m : ndarray

    References
    ----------
    .. [1] EPA-454/B-95-003b, vol. II, sec. 1.1.5.1 (ISC3 schemes).
    .. [2] Briggs (1973), ATDL Contribution 79; GB/T 3840-91 附录 B (other schemes, see their modules).
    """
    try:
        fn = SIGMA_SCHEMES[scheme]
    except (KeyError, TypeError):
        raise ValueError(
            f"scheme: unknown sigma scheme {scheme!r}; known: {', '.join(SIGMA_SCHEMES)}"
        ) from None
    return fn(x_m, stability)
