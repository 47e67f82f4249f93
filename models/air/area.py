"""ISC3 area source, one hour: numerical along-wind integral of the analytic crosswind integral.

In a frame where the wind blows toward +x (the caller rotates coordinates), an area source of
uniform emission Q_A (g m-2 s-1) covering a polygon gives at a receptor (x_r, y_r, z_r)

.. math::
    \\chi = \\frac{Q_A}{\\sqrt{2\\pi}\\,u} \\int_{d_1}^{d_2}
            \\frac{V(\\sigma_z(d))}{\\sigma_z(d)}
            \\sum_k \\tfrac12\\left[\\mathrm{erf}\\frac{y_r - y_{a,k}(x_r - d)}{\\sqrt2\\,\\sigma_y(d)}
            - \\mathrm{erf}\\frac{y_r - y_{b,k}(x_r - d)}{\\sqrt2\\,\\sigma_y(d)}\\right] \\mathrm{d}d

where d is the upwind distance from the receptor to a crosswind slice of the polygon, and
[y_a,k, y_b,k] are the intervals where the polygon meets that slice (one interval for a convex
polygon, several for a concave one; found by the even-odd crossing rule over the polygon edges).
This is ISC3's area-source formulation (vol. II sec. 1.2.3: the crosswind integral is
done analytically, the along-wind one numerically) written for any polygon rather than only
for rectangles. It is the point-source kernel (ISC3 eq. 1-1) integrated over the source, not a
virtual point source.

Numerics: the along-wind integral is split at every vertex (where the crosswind intervals have
kinks) and each piece is integrated by Gauss-Legendre quadrature in ln d (the kernel behaves like
a power of d), ``n_panels`` panels of ``n_gauss`` nodes per piece (one panel per piece for
receptors far downwind, d_max/d_min < 1.5). As ISCST3 does, slices nearer
than ``min_distance_m`` = 1 m upwind of the receptor are left out, so receptors inside the area
are finite. Receptors more than 8 sigma_y(d_max) beside the polygon's crosswind extent are set to
zero without integration (the erf differences there are below 1e-15).

Vertical term, lid and wind follow the point-source chain of :mod:`models.air.point_source`
(ISC3): power-law wind at the release height with a 1 m/s floor, lid images in classes A-D,
unlimited mixing in E and F, no plume rise, optional initial sigma_z0 added in quadrature.

References
----------
.. [1] U.S. EPA (1995). User's Guide for the Industrial Source Complex (ISC3) Dispersion Models,
   Vol. II, EPA-454/B-95-003b, sec. 1.2.3 (area source equation and its integration scheme),
   sec. 1.1.3 (wind profile) and 1.1.6.1 (vertical term).
.. [2] Turner, D. B. (1970). Workbook of Atmospheric Dispersion Estimates, PHS 999-AP-26,
   chapter 3 (Gaussian plume; infinite line source perpendicular to the wind).
.. [3] Abramowitz, M., Stegun, I. A. (1964). Handbook of Mathematical Functions, 7.1.2
   (erfc = 1 - erf: the chord term is taken on the tails with erfc, without cancellation).
"""
from __future__ import annotations

import numpy as np
from scipy.special import erf, erfc

from .gaussian import vertical_term
from .point_source import CALM_THRESHOLD_M_S, DEFAULT_WIND_PROFILE, MIN_STACK_WIND_M_S
from .sigmas import SIGMA_SCHEMES, sigmas
from .stability import normalize_stability
from .wind_profile import WIND_EXPONENTS

__all__ = [
    "area_source_hourly",
    "area_source_rectangle_hourly",
    "rectangle_vertices",
    "release_wind_m_s",
    "MIN_DISTANCE_M",
    "ENGINES",
    "numba_available",
]

#: Computation engines: "numpy" is the vectorised reference, "numba" the compiled kernel
#: (same formulas per element), "auto" picks numba when it can be imported.
ENGINES = ("auto", "numba", "numpy")

#: ISCST3 leaves out source-receptor distances below 1 m.
MIN_DISTANCE_M = 1.0
_SQRT2 = np.sqrt(2.0)
_SQRT_2PI = np.sqrt(2.0 * np.pi)
#: Receptors further than this many sigma_y (at the far edge) beside the polygon are zero.
_CULL_SIGMAS = 8.0
#: Receptors with d_max / d_min below this use one panel per piece (smooth kernel across the area).
_FAR_RATIO = 1.5
#: Upper bound on (receptors x nodes x edges) values held at once.
_CHUNK_VALUES = 2_000_000


def numba_available() -> bool:
    """True when the compiled kernels (numba) can be imported."""
    try:
        from . import _area_fast  # noqa: F401
    except ImportError:
        return False
    return True


def _resolve_engine(engine):
    """Return "numpy" or "numba" for an ``engine`` argument; unknown names raise ValueError."""
    if engine not in ENGINES:
        raise ValueError(f"engine: unknown engine {engine!r}; known: {', '.join(ENGINES)}")
    if engine == "numpy":
        return "numpy"
    ok = numba_available()
    if engine == "numba" and not ok:
        raise ValueError("engine: 'numba' requested but numba cannot be imported; use 'numpy' or 'auto'")
    return "numba" if ok else "numpy"


def release_exponent(stability, wind_profile):
    """Power-law exponent p of the wind profile for one class (intermediate class: neighbours' mean).

    References
    ----------
    .. [1] EPA-454/B-95-003b, vol. II, sec. 1.1.3; GB/T 3840-91, Appendix B (exponent tables).
    """
    if wind_profile not in WIND_EXPONENTS:
        raise ValueError(f"wind_profile: unknown exponent set {wind_profile!r}; known: {', '.join(WIND_EXPONENTS)}")
    table = dict(zip("ABCDEF", WIND_EXPONENTS[wind_profile]))
    cls = str(normalize_stability(stability))
    return float(np.mean([table[c] for c in cls.split("-")]))


def release_wind_m_s(*, wind_speed_m_s, anemometer_height_m, release_height_m, stability, wind_profile):
    """Wind at release height by the power law, with ISC3's 1 m/s floor.

    u = u_ref (h / z_ref)^p, p from the named exponent set (see
    :data:`models.air.wind_profile.WIND_EXPONENTS`); for an intermediate class (e.g. B-C) p is
    the mean of the two neighbouring classes' exponents (engine rule: the exponent tables list
    A..F only). Release heights below 1 m are evaluated at 1 m.

    Parameters
    ----------
    wind_speed_m_s : float
        Wind at the anemometer, m/s.
    anemometer_height_m : float
        Anemometer height, m.
    release_height_m : float or array_like
        Release height, m.
    stability : str
        Stability class.
    wind_profile : str
        Exponent set name.

    Returns
    -------
    ndarray
        Wind speed at release height, m/s (>= 1).

    References
    ----------
    .. [1] EPA-454/B-95-003b, vol. II, sec. 1.1.3 (power law, 1.0 m/s floor).
    .. [2] GB/T 3840-91, Appendix B (power-law exponents for the Chinese sets).
    """
    p = release_exponent(stability, wind_profile)
    zr = float(anemometer_height_m)
    if not zr > 0:
        raise ValueError(f"anemometer_height_m: expected > 0, got {anemometer_height_m!r}")
    h = np.maximum(np.asarray(release_height_m, dtype=float), 1.0)
    return np.maximum(float(wind_speed_m_s) * (h / zr) ** p, MIN_STACK_WIND_M_S)


def _lid_for_class(stability, mixing_height_m):
    """ISC3: lid images in A-D, unlimited mixing in E and F."""
    cls = str(normalize_stability(stability))
    if cls in ("E", "F"):
        return np.inf
    zi = float(mixing_height_m)
    if not zi > 0:
        raise ValueError(f"mixing_height_m: expected > 0, got {mixing_height_m!r}")
    return zi


def _check_hour(stability, wind_speed_m_s, scheme):
    if scheme not in SIGMA_SCHEMES:
        raise ValueError(f"scheme: unknown sigma scheme {scheme!r}; known: {', '.join(SIGMA_SCHEMES)}")
    if np.ndim(stability) != 0:
        raise ValueError(f"stability: expected one class for the hour, got {stability!r}")
    u = float(wind_speed_m_s)
    if not (np.isfinite(u) and u >= 0):
        raise ValueError(f"wind_speed_m_s: expected a finite value >= 0, got {wind_speed_m_s!r}")
    return u


def _polygon(vertices_x_m, vertices_y_m):
    vx = np.asarray(vertices_x_m, dtype=float).ravel()
    vy = np.asarray(vertices_y_m, dtype=float).ravel()
    if vx.shape != vy.shape or vx.size < 3:
        raise ValueError(
            f"vertices_x_m, vertices_y_m: expected two equal-length sequences of >= 3 vertices, "
            f"got {vx.size} and {vy.size}"
        )
    if not (np.all(np.isfinite(vx)) and np.all(np.isfinite(vy))):
        raise ValueError("vertices_x_m, vertices_y_m: expected finite coordinates")
    if vx[0] == vx[-1] and vy[0] == vy[-1]:
        vx, vy = vx[:-1], vy[:-1]  # closed ring given: drop the repeated vertex
    area = 0.5 * abs(np.dot(vx, np.roll(vy, -1)) - np.dot(vy, np.roll(vx, -1)))
    if not area > 0:
        raise ValueError("vertices_x_m, vertices_y_m: polygon has zero area")
    # edges that are not parallel to the slices (x = const) are the only ones a slice crosses
    x1, y1, x2, y2 = vx, vy, np.roll(vx, -1), np.roll(vy, -1)
    keep = x1 != x2
    return vx, vy, (x1[keep], y1[keep], x2[keep], y2[keep]), area


def _crosswind_fraction(xs, yr, sy, edges):
    """Sum over polygon chords at slice x = xs of 0.5 [erf((yr - ya)/(sqrt2 sy)) - erf((yr - yb)/...)].

    xs, sy: shape (R, N); yr: shape (R, 1). Even-odd rule with half-open edge spans [min, max).
    """
    x1, y1, x2, y2 = edges
    lo = np.minimum(x1, x2)
    hi = np.maximum(x1, x2)
    xs_ = xs[..., None]
    crosses = (xs_ >= lo) & (xs_ < hi)
    t = (xs_ - x1) / (x2 - x1)
    yc = np.where(crosses, y1 + t * (y2 - y1), np.nan)
    yc.sort(axis=-1)  # NaN (no crossing) sort to the end
    s = _SQRT2 * sy
    total = np.zeros(xs.shape)
    for k in range(0, yc.shape[-1] - 1, 2):
        ya = yc[..., k]
        yb = yc[..., k + 1]
        part = _chord_fraction((yr - ya) / s, (yr - yb) / s)
        total += np.where(np.isnan(ya) | np.isnan(yb), 0.0, part)
    return total


def _chord_fraction(a1, a2):
    """0.5 [erf(a1) - erf(a2)] for a1 >= a2, written with erfc on each tail.

    erf(a1) - erf(a2) loses all its digits when both arguments are in the same tail (the
    difference of two numbers near +-1); erfc(a2) - erfc(a1) (or erfc(-a1) - erfc(-a2)) keeps
    them, so receptors at the edge of the plume get accurate rather than rounding-noise values.
    """
    with np.errstate(invalid="ignore"):
        upper = 0.5 * (erfc(a2) - erfc(a1))
        lower = 0.5 * (erfc(-a1) - erfc(-a2))
        mid = 0.5 * (erf(a1) - erf(a2))
    return np.where(a2 >= 0.0, upper, np.where(a1 <= 0.0, lower, mid))


def _integrate(idx_all, xr, yr, zr, d_lo, d_hi, vx, edges, n_panels, n_gauss, cls, scheme, he, sz0, zi):
    """Along-wind integral of V/sigma_z x crosswind fraction for the receptors ``idx_all``."""
    gx, gw = np.polynomial.legendre.leggauss(n_gauss)
    n_nodes = (vx.size + 1) * n_panels * n_gauss
    chunk = max(1, _CHUNK_VALUES // (n_nodes * max(len(edges[0]), 1)))
    edges_p = np.linspace(0.0, 1.0, n_panels + 1)
    out = np.empty(idx_all.size)
    for start in range(0, idx_all.size, chunk):
        idx = idx_all[start:start + chunk]
        lo = d_lo[idx][:, None]
        hi = d_hi[idx][:, None]
        # pieces between the distances to every vertex, clipped to the integration range
        bounds = np.sort(np.clip(xr[idx][:, None] - vx[None, :], lo, hi), axis=1)
        bounds = np.concatenate([lo, bounds, hi], axis=1)  # (R, nv + 2)
        la = np.log(bounds[:, :-1])
        lb = np.log(bounds[:, 1:])
        # panels within each piece, Gauss nodes within each panel (in ln d)
        p0 = la[..., None] + (lb - la)[..., None] * edges_p[None, None, :-1]
        hw = 0.5 * (lb - la)[..., None] / n_panels  # half-width of each panel in ln d
        s_nodes = (p0 + hw)[..., None] + hw[..., None] * gx  # (R, pieces, panels, G)
        d = np.exp(s_nodes).reshape(len(idx), -1)
        w = (hw[..., None] * gw * np.exp(s_nodes)).reshape(len(idx), -1)  # d(ln d) -> dd Jacobian
        sy, sz = sigmas(d, cls, scheme)
        if sz0 > 0:
            sz = np.sqrt(sz * sz + sz0 * sz0)
        v = vertical_term(effective_height_m=he, sigma_z_m=sz, z_m=zr[idx][:, None],
                          mixing_height_m=None if np.isinf(zi) else zi)
        frac = _crosswind_fraction(xr[idx][:, None] - d, yr[idx][:, None], sy, edges)
        out[start:start + len(idx)] = np.sum(w * v / sz * frac, axis=1)
    return out


def area_source_hourly(
    *,
    emission_g_m2_s,
    vertices_x_m,
    vertices_y_m,
    release_height_m,
    wind_speed_m_s,
    stability,
    mixing_height_m,
    x_m,
    y_m,
    z_m=0.0,
    scheme="isc3-rural",
    initial_sigma_z_m=0.0,
    anemometer_height_m=10.0,
    wind_profile=None,
    calm_threshold_m_s=CALM_THRESHOLD_M_S,
    min_distance_m=MIN_DISTANCE_M,
    n_panels=8,
    n_gauss=8,
    engine="auto",
):
    """Hourly concentration (g/m3) of a uniform polygonal area source (ISC3 integrated method).

    Parameters
    ----------
    emission_g_m2_s : float
        Emission per unit area Q_A, g m-2 s-1.
    vertices_x_m, vertices_y_m : array_like
        Polygon vertices (any orientation, simple polygon, convex or not) in the wind frame
        (wind toward +x), m.
    release_height_m : float
        Release height above ground, m (>= 0).
    wind_speed_m_s : float
        Wind at the anemometer, m/s; below ``calm_threshold_m_s`` the hour is calm (zeros).
    stability : str
        Stability class of the hour.
    mixing_height_m : float
        Mixing height, m (used in A-D).
    x_m, y_m, z_m : array_like
        Receptor coordinates in the wind frame and flagpole height, m (broadcast together).
    scheme : str
        Sigma scheme name (:data:`models.air.sigmas.SIGMA_SCHEMES`).
    initial_sigma_z_m : float
        Initial vertical spread sigma_z0, m, added in quadrature.
    anemometer_height_m : float
        Anemometer height, m.
    wind_profile : str, optional
        Exponent set for the wind profile; default follows the scheme as for point sources.
    calm_threshold_m_s : float
        Calm threshold at the anemometer, m/s.
    min_distance_m : float
        Slices nearer than this upwind of the receptor are left out (ISCST3: 1 m).
    n_panels, n_gauss : int
        Quadrature resolution per piece between vertex distances.
    engine : {"auto", "numba", "numpy"}
        "numpy" is the vectorised reference; "numba" the compiled kernel of the same formulas
        (agreement to rounding, tested to 1e-9 relative); "auto" uses numba when importable.

    Returns
    -------
    ndarray
        Concentration, g/m3, broadcast shape of the receptor arrays.

    References
    ----------
    .. [1] EPA-454/B-95-003b (ISC3 vol. II), sec. 1.2.3; sec. 1.1.3, 1.1.6.1.
    .. [2] Turner (1970), Workbook of Atmospheric Dispersion Estimates, chapter 3.
    """
    u10 = _check_hour(stability, wind_speed_m_s, scheme)
    qa = float(emission_g_m2_s)
    if not (np.isfinite(qa) and qa >= 0):
        raise ValueError(f"emission_g_m2_s: expected a finite value >= 0, got {emission_g_m2_s!r}")
    he = float(release_height_m)
    if not (np.isfinite(he) and he >= 0):
        raise ValueError(f"release_height_m: expected a finite value >= 0, got {release_height_m!r}")
    sz0 = float(initial_sigma_z_m)
    if not (np.isfinite(sz0) and sz0 >= 0):
        raise ValueError(f"initial_sigma_z_m: expected a finite value >= 0, got {initial_sigma_z_m!r}")
    if int(n_panels) < 1 or int(n_gauss) < 1:
        raise ValueError(f"n_panels, n_gauss: expected >= 1, got {n_panels!r}, {n_gauss!r}")
    if not min_distance_m > 0:
        raise ValueError(f"min_distance_m: expected > 0, got {min_distance_m!r}")
    engine = _resolve_engine(engine)
    vx, vy, edges, _ = _polygon(vertices_x_m, vertices_y_m)
    x, y, z = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (x_m, y_m, z_m)))
    out = np.zeros(x.shape)
    if u10 < calm_threshold_m_s or qa == 0.0 or x.size == 0:
        return out
    if wind_profile is None:
        wind_profile = DEFAULT_WIND_PROFILE[scheme]
    us = float(release_wind_m_s(wind_speed_m_s=u10, anemometer_height_m=anemometer_height_m,
                                release_height_m=he, stability=stability, wind_profile=wind_profile))
    zi = _lid_for_class(stability, mixing_height_m)
    cls = str(normalize_stability(stability))

    xr = x.ravel()
    yr = y.ravel()
    zr = z.ravel()
    if engine == "numba":
        result = _integrate_numba(xr, yr, zr, vx, vy, min_distance_m, int(n_panels), int(n_gauss), cls, scheme,
                                  he, sz0, zi)
        return (qa / (_SQRT_2PI * us)) * result.reshape(x.shape)
    d_lo = np.maximum(xr - vx.max(), min_distance_m)
    d_hi = xr - vx.min()
    active = np.flatnonzero(d_hi > d_lo)
    if active.size == 0:
        return out
    # Crosswind culling: sigma_y grows with d, so a receptor more than _CULL_SIGMAS sigma_y(d_hi)
    # beside the polygon's crosswind extent gets erf differences below 1e-15: exactly zero here.
    sy_far = sigmas(d_hi[active], cls, scheme)[0]
    near = (yr[active] > vy.min() - _CULL_SIGMAS * sy_far) & (yr[active] < vy.max() + _CULL_SIGMAS * sy_far)
    active = active[near]
    if active.size == 0:
        return out

    result = np.zeros(xr.shape)
    # Receptors far downwind of the polygon (d2/d1 < _FAR_RATIO) see a kernel that barely varies
    # across each piece: one panel per piece is as accurate as n_panels there.
    far = d_hi[active] < _FAR_RATIO * d_lo[active]
    for group, panels in ((active[far], 1), (active[~far], int(n_panels))):
        if group.size:
            result[group] = _integrate(group, xr, yr, zr, d_lo, d_hi, vx, edges, panels, int(n_gauss),
                                       cls, scheme, he, sz0, zi)
    out = (qa / (_SQRT_2PI * us)) * result.reshape(x.shape)
    return out


def _integrate_numba(xr, yr, zr, vx, vy, min_distance_m, n_panels, n_gauss, cls, scheme, he, sz0, zi):
    """The along-wind integral of :func:`_integrate` for every receptor, by the compiled kernel."""
    from . import _area_fast as fast

    sigmas(np.ones(1), cls, scheme)  # the class/scheme check of the reference path
    gx, gw = np.polynomial.legendre.leggauss(n_gauss)
    out = np.empty(xr.size)
    fast.area_field(np.array(xr, dtype=float), np.array(yr, dtype=float),  # writable copies: one signature
                    np.array(zr, dtype=float), np.array(vx, dtype=float), np.array(vy, dtype=float),
                    float(min_distance_m), _CULL_SIGMAS, _FAR_RATIO, n_panels, gx, gw,
                    np.linspace(0.0, 1.0, n_panels + 1), np.linspace(0.0, 1.0, 2),
                    fast.SCHEME_CODES[scheme], fast.class_code(cls, scheme), fast.TABLES, float(he), float(sz0),
                    float(zi) if np.isfinite(zi) else 1.0, bool(np.isfinite(zi)), out)
    return out


def rectangle_vertices(*, x0_m, y0_m, length_x_m, width_y_m, angle_deg=0.0):
    """Vertices of a rectangle with one corner at (x0, y0), rotated by ``angle_deg``.

    The sides are ``length_x_m`` along the direction at ``angle_deg`` counter-clockwise from the
    +x axis and ``width_y_m`` perpendicular to it (ISC3's AREA source: Xinit, Yinit, Angle; note
    ISC3 measures its angle clockwise from north in the map frame, the caller converts).

    Returns
    -------
    (ndarray, ndarray)
        x and y of the four vertices, counter-clockwise.

    References
    ----------
    .. [1] EPA-454/B-95-003a (ISC3 vol. I), 3.3.2.2 (area source parameters Xinit, Yinit, Angle).
    """
    a = float(length_x_m)
    b = float(width_y_m)
    if not (a > 0 and b > 0):
        raise ValueError(f"length_x_m, width_y_m: expected > 0, got {length_x_m!r}, {width_y_m!r}")
    th = np.deg2rad(float(angle_deg))
    c, s = np.cos(th), np.sin(th)
    px = np.array([0.0, a, a, 0.0])
    py = np.array([0.0, 0.0, b, b])
    return float(x0_m) + c * px - s * py, float(y0_m) + s * px + c * py


def area_source_rectangle_hourly(*, x0_m, y0_m, length_x_m, width_y_m, angle_deg=0.0, **kwargs):
    """Rectangle convenience wrapper of :func:`area_source_hourly`.

    Parameters
    ----------
    x0_m, y0_m, length_x_m, width_y_m, angle_deg : float
        Rectangle in the wind frame, see :func:`rectangle_vertices`.
    **kwargs
        All other keyword arguments of :func:`area_source_hourly` (emission_g_m2_s,
        release_height_m, wind_speed_m_s, stability, mixing_height_m, x_m, y_m, ...).

    Returns
    -------
    ndarray
        Concentration, g/m3.

    References
    ----------
    .. [1] EPA-454/B-95-003b (ISC3 vol. II), sec. 1.2.3.
    """
    vx, vy = rectangle_vertices(x0_m=x0_m, y0_m=y0_m, length_x_m=length_x_m, width_y_m=width_y_m,
                                angle_deg=angle_deg)
    return area_source_hourly(vertices_x_m=vx, vertices_y_m=vy, **kwargs)
