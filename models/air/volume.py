"""ISC3 volume source, one hour: virtual point source with initial lateral and vertical spread.

A volume source of emission Q (g/s) centred at the origin, release height h, initial
dimensions sigma_y0 and sigma_z0, gives (wind toward +x)

.. math::
    \\chi = \\frac{Q\\,V(\\sigma_z)}{2\\pi u \\sigma_y \\sigma_z}
            \\exp\\left[-\\tfrac12 (y/\\sigma_y)^2\\right],\\qquad
    \\sigma_y = \\sigma_y(x + x_y),\\quad \\sigma_z = \\sigma_z(x + x_z)

where the virtual distances x_y and x_z solve sigma_y(x_y) = sigma_y0 and sigma_z(x_z) =
sigma_z0 for the scheme and class of the hour (ISC3 vol. II sec. 1.2.2; solved here by bisection
in ln x, valid for any monotone scheme). Where an initial spread exceeds the scheme's largest
sigma (bounded curves such as Briggs rural E/F sigma_z, 100 m and 53.3 m), no virtual distance
exists and that component is combined in quadrature, sqrt(sigma(x)^2 + sigma_0^2) (engine rule). Receptors within 2.15 sigma_y0 + 1 m of the centre are
inside the source and get zero, as in ISCST3. No plume rise; wind at release height by the power
law with ISC3's 1 m/s floor; lid images in A-D, unlimited mixing in E and F.

Initial dimensions (ISC3 vol. II Table 1-7), :func:`volume_initial_sigmas`:

=============================================  =======================
source                                          initial dimension
=============================================  =======================
single volume source                            sigma_y0 = side / 4.3
line source, adjacent volumes (e.g. road)      sigma_y0 = side / 2.15
line source, separated volumes                  sigma_y0 = spacing / 2.15
surface-based source (h ~ 0)                    sigma_z0 = vertical dimension / 2.15
elevated source on or next to a building        sigma_z0 = building height / 2.15
elevated source not on or next to a building    sigma_z0 = vertical dimension / 4.3
=============================================  =======================

References
----------
.. [1] U.S. EPA (1995). ISC3 User's Guide vol. II, EPA-454/B-95-003b, sec. 1.2.2 (volume source,
   virtual distances, Table 1-7 initial dimensions) and sec. 1.1.6.1 (vertical term).
.. [2] U.S. EPA (1995). ISC3 User's Guide vol. I, EPA-454/B-95-003a, 3.3.2.3 (VOLUME source
   parameters; receptors closer than 2.15 sigma_y0 + 1 m are not computed).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .area import _check_hour, _lid_for_class, _resolve_engine, release_wind_m_s
from .gaussian import lateral_term, vertical_term
from .point_source import CALM_THRESHOLD_M_S, DEFAULT_WIND_PROFILE, MIN_DOWNWIND_M
from .sigmas import sigmas
from .stability import normalize_stability

__all__ = ["volume_source_hourly", "virtual_distance_m", "volume_initial_sigmas", "VOLUME_GEOMETRIES"]

#: Initial-dimension rules of ISC3 vol. II Table 1-7: name -> (which sigma, divisor).
VOLUME_GEOMETRIES = {
    "single": ("y", 4.3),
    "line-adjacent": ("y", 2.15),
    "line-separated": ("y", 2.15),
    "surface-based": ("z", 2.15),
    "elevated-on-building": ("z", 2.15),
    "elevated": ("z", 4.3),
}

_X_MIN_M, _X_MAX_M = 1.0e-3, 1.0e7


def volume_initial_sigmas(*, lateral="single", lateral_length_m, vertical="surface-based", vertical_length_m):
    """Initial sigma_y0, sigma_z0 of a volume source by ISC3 vol. II Table 1-7.

    Parameters
    ----------
    lateral : {"single", "line-adjacent", "line-separated"}
        Lateral geometry; ``lateral_length_m`` is the side length (single, adjacent) or the
        centre-to-centre spacing (separated).
    lateral_length_m : float
        Length, m.
    vertical : {"surface-based", "elevated-on-building", "elevated"}
        Vertical geometry; ``vertical_length_m`` is the vertical dimension of the source, or the
        building height for "elevated-on-building".
    vertical_length_m : float
        Length, m.

    Returns
    -------
    (float, float)
        sigma_y0_m, sigma_z0_m.

    References
    ----------
    .. [1] EPA-454/B-95-003b (ISC3 vol. II), Table 1-7.
    """
    if VOLUME_GEOMETRIES.get(lateral, ("",))[0] != "y":
        raise ValueError(f"lateral: unknown geometry {lateral!r}; known: single, line-adjacent, line-separated")
    if VOLUME_GEOMETRIES.get(vertical, ("",))[0] != "z":
        raise ValueError(f"vertical: unknown geometry {vertical!r}; known: surface-based, elevated-on-building, elevated")
    for name, v in (("lateral_length_m", lateral_length_m), ("vertical_length_m", vertical_length_m)):
        if not (np.isfinite(v) and v >= 0):
            raise ValueError(f"{name}: expected a finite length >= 0 m, got {v!r}")
    return float(lateral_length_m) / VOLUME_GEOMETRIES[lateral][1], float(vertical_length_m) / VOLUME_GEOMETRIES[vertical][1]


def virtual_distance_m(sigma_m, stability, scheme, *, component):
    """Distance x_v at which the scheme's sigma equals ``sigma_m`` (0 where sigma_m = 0).

    Solved by bisection in ln x on [1e-3 m, 1e7 m] (60 halvings: relative error < 1e-12 of the
    bracket in ln x); the schemes are monotone in x.

    Parameters
    ----------
    sigma_m : array_like
        Target sigma, m (>= 0).
    stability : str
        Stability class.
    scheme : str
        Sigma scheme name.
    component : {"y", "z"}
        Which sigma.

    Returns
    -------
    ndarray
        Virtual distance, m.

    References
    ----------
    .. [1] EPA-454/B-95-003b (ISC3 vol. II), sec. 1.2.2 (virtual distances x_y, x_z).
    """
    if component not in ("y", "z"):
        raise ValueError(f"component: expected 'y' or 'z', got {component!r}")
    target = np.asarray(sigma_m, dtype=float)
    if np.any(~np.isfinite(target)) or np.any(target < 0):
        raise ValueError(f"sigma_m: expected finite values >= 0, got {sigma_m!r}")
    k = 0 if component == "y" else 1
    lo = np.full(target.shape, np.log(_X_MIN_M))
    hi = np.full(target.shape, np.log(_X_MAX_M))
    top = sigmas(np.full(target.shape, _X_MAX_M), stability, scheme)[k]
    if np.any(target > top):
        raise ValueError(f"sigma_m: initial spread {target.max()!r} m exceeds the scheme's sigma at 10^4 km")
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        below = sigmas(np.exp(mid), stability, scheme)[k] < target
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
    return np.where(target > 0, np.exp(0.5 * (lo + hi)), 0.0)


@lru_cache(maxsize=4096)
def _virtual_distance_cached(sigma0, cls, scheme, k):
    """Virtual distance for one (sigma0, class, scheme, component), or None if unattainable."""
    if sigma0 < float(sigmas(np.array(_X_MAX_M), cls, scheme)[k]):
        return float(virtual_distance_m(sigma0, cls, scheme, component="yz"[k]))
    return None


def _spread(x, sigma0, cls, scheme, k):
    """sigma(x + x_v); quadrature sqrt(sigma(x)^2 + sigma0^2) when sigma0 is above the scheme's
    asymptote (e.g. Briggs rural F sigma_z never exceeds 0.016/0.0003 = 53.3 m)."""
    xv = _virtual_distance_cached(float(sigma0), cls, scheme, k)
    if xv is not None:
        return sigmas(x + xv, cls, scheme)[k]
    s = sigmas(x, cls, scheme)[k]
    return np.sqrt(s * s + sigma0 * sigma0)


def volume_source_hourly(
    *,
    emission_g_s,
    release_height_m,
    initial_sigma_y_m,
    initial_sigma_z_m,
    wind_speed_m_s,
    stability,
    mixing_height_m,
    x_m,
    y_m,
    z_m=0.0,
    scheme="isc3-rural",
    anemometer_height_m=10.0,
    wind_profile=None,
    calm_threshold_m_s=CALM_THRESHOLD_M_S,
    engine="auto",
):
    """Hourly concentration (g/m3) of an ISC3 volume source centred at x = y = 0 (wind toward +x).

    Parameters
    ----------
    emission_g_s : float
        Emission rate, g/s.
    release_height_m : float
        Release height (centre of the volume) above ground, m.
    initial_sigma_y_m, initial_sigma_z_m : float
        Initial lateral and vertical dimensions sigma_y0, sigma_z0, m (see
        :func:`volume_initial_sigmas`).
    wind_speed_m_s : float
        Wind at the anemometer, m/s; below ``calm_threshold_m_s`` the hour is calm (zeros).
    stability : str
        Stability class of the hour.
    mixing_height_m : float
        Mixing height, m (A-D).
    x_m, y_m, z_m : array_like
        Receptor downwind, crosswind distance from the source centre and flagpole height, m.
    scheme : str
        Sigma scheme name.
    anemometer_height_m : float
        Anemometer height, m.
    wind_profile : str, optional
        Exponent set; default follows the scheme.
    calm_threshold_m_s : float
        Calm threshold, m/s.
    engine : {"auto", "numba", "numpy"}
        "numpy" is the vectorised reference; "numba" the compiled kernel of the same formulas
        (agreement to rounding); "auto" uses numba when importable.

    Returns
    -------
    ndarray
        Concentration, g/m3.

    References
    ----------
    .. [1] EPA-454/B-95-003b (ISC3 vol. II), sec. 1.2.2 and eq. (1-1).
    .. [2] EPA-454/B-95-003a (ISC3 vol. I), 3.3.2.3 (exclusion zone 2.15 sigma_y0 + 1 m).
    """
    u10 = _check_hour(stability, wind_speed_m_s, scheme)
    q = float(emission_g_s)
    if not (np.isfinite(q) and q >= 0):
        raise ValueError(f"emission_g_s: expected a finite value >= 0, got {emission_g_s!r}")
    he = float(release_height_m)
    if not (np.isfinite(he) and he >= 0):
        raise ValueError(f"release_height_m: expected a finite value >= 0, got {release_height_m!r}")
    sy0 = float(initial_sigma_y_m)
    sz0 = float(initial_sigma_z_m)
    for name, v in (("initial_sigma_y_m", sy0), ("initial_sigma_z_m", sz0)):
        if not (np.isfinite(v) and v >= 0):
            raise ValueError(f"{name}: expected a finite value >= 0, got {v!r}")
    engine = _resolve_engine(engine)
    x, y, z = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (x_m, y_m, z_m)))
    out = np.zeros(x.shape)
    if u10 < calm_threshold_m_s or q == 0.0:
        return out
    if wind_profile is None:
        wind_profile = DEFAULT_WIND_PROFILE[scheme]
    cls = str(normalize_stability(stability))
    us = float(release_wind_m_s(wind_speed_m_s=u10, anemometer_height_m=anemometer_height_m,
                                release_height_m=he, stability=cls, wind_profile=wind_profile))
    zi = _lid_for_class(cls, mixing_height_m)
    if engine == "numba":
        return _volume_numba(x, y, z, q, us, he, sy0, sz0, cls, scheme, zi)
    inside_source = np.hypot(x, y) < 2.15 * sy0 + 1.0
    ok = (x >= MIN_DOWNWIND_M) & ~inside_source
    if not ok.any():
        return out
    xs = np.where(ok, x, 1.0)
    sy = _spread(xs, sy0, cls, scheme, 0)
    sz = _spread(xs, sz0, cls, scheme, 1)
    v = vertical_term(effective_height_m=he, sigma_z_m=sz, z_m=z, mixing_height_m=None if np.isinf(zi) else zi)
    chi = q * v * lateral_term(y, sy) / (2.0 * np.pi * us * sy * sz)
    return np.where(ok, chi, 0.0)


def _volume_numba(x, y, z, q, us, he, sy0, sz0, cls, scheme, zi):
    """:func:`volume_source_hourly` after validation, by the compiled kernel."""
    from . import _area_fast as fast

    sigmas(np.ones(1), cls, scheme)  # the class/scheme check of the reference path
    xv = [_virtual_distance_cached(float(s0), cls, scheme, k) for k, s0 in ((0, sy0), (1, sz0))]
    out = np.empty(x.size)
    fast.volume_field(np.array(x, dtype=float).ravel(), np.array(y, dtype=float).ravel(),  # writable copies
                      np.array(z, dtype=float).ravel(), sy0, sz0,
                      -1.0 if xv[0] is None else xv[0], -1.0 if xv[1] is None else xv[1], MIN_DOWNWIND_M,
                      fast.SCHEME_CODES[scheme], fast.class_code(cls, scheme), fast.TABLES, he,
                      float(zi) if np.isfinite(zi) else 1.0, bool(np.isfinite(zi)), out)
    return (q / us) * out.reshape(x.shape)
