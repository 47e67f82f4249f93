"""Compiled (numba) kernels of the area, volume and mixed-source engines. Private.

Public entry points are :func:`models.air.area.area_source_hourly`,
:func:`models.air.volume.volume_source_hourly` (``engine="numba"``) and
:func:`models.air.engine_general.general_sources_year`. Every formula here is the one of the numpy
reference path, written per element (see those modules and docs/methods/air-area-volume.md for
the equations and their sources):

* sigma schemes isc3-rural, isc3-urban (ISC3 vol. II 1.1.5.1, Tables 1-1 to 1-4), briggs-rural,
  briggs-urban (Briggs 1973) and gbt3840 (GB/T 3840-91 Appendix B, with the engine's A-B rule);
* the ISC3 vertical term with ground and lid images (ISC3 vol. II eqs. 1-50, 1-51);
* the ISC3 integrated area source (vol. II 1.2.3) over any polygon: Gauss-Legendre in ln d,
  pieces split at the vertex distances, even-odd chords, analytic crosswind integral;
* the ISC3 volume source (vol. II 1.2.2) with virtual distances computed by the caller;
* the ISC3 point-source plume (vol. II 1.1) from per source-hour quantities computed by
  :func:`models.air.point_source.source_hour_setup`.

Work that cannot change a result is skipped: pieces of zero length (their Gauss weights are 0),
the vertical term of slices whose crosswind fraction is exactly 0, and lid images beyond the
point where they are below 1e-25 of the direct term (the reference sums 10 image pairs; the
further ones are below the double-precision rounding of the sum).

References
----------
.. [1] U.S. EPA (1995). ISC3 User's Guide vol. II, EPA-454/B-95-003b, sec. 1.1 (point source,
   eqs. 1-1, 1-50, 1-51), 1.2.2 (volume source), 1.2.3 (area source).
.. [2] GB/T 3840-91, Appendix B (dispersion parameter tables).
.. [3] Briggs, G. A. (1973). Diffusion estimation for small emissions. ATDL Contribution 79.
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

SQRT_2PI = math.sqrt(2.0 * math.pi)
SQRT2 = math.sqrt(2.0)
TWO_PI = 2.0 * math.pi

#: Scheme codes of the compiled sigma functions.
SCHEME_CODES = {"isc3-rural": 0, "isc3-urban": 1, "briggs-rural": 2, "briggs-urban": 3, "gbt3840": 4}
#: Class order used by the compiled sigma functions (index = class code).
GBT_CLASS_ORDER = ("A", "A-B", "B", "B-C", "C", "C-D", "D", "D-E", "E", "F")
PG_CLASS_ORDER = ("A", "B", "C", "D", "E", "F")

# Lid images are dropped once their exponent exceeds the direct term's by this (e^-57 < 2e-25).
_IMAGE_MARGIN = 57.0
# erfc(x) is exactly 0 in double precision for x > 27.3; a slice further than this is exactly 0.
_ERFC_ZERO = 40.0


def sigma_tables():
    """Tuple of the sigma coefficient arrays read by the compiled sigma function.

    Built from the same module constants as the numpy schemes, so both paths read the same
    numbers: (cy, dy, zbreak, za, zb, urb, briggs, gy, gz).
    """
    from .sigmas import ISC3_RURAL_SIGMA_Y, ISC3_URBAN, sigma_z_table_arrays
    from .sigmas_briggs import BRIGGS_RURAL, BRIGGS_URBAN
    from .sigmas_gbt3840 import GBT3840_SIGMA_Y, GBT3840_SIGMA_Z

    cy = np.ascontiguousarray(ISC3_RURAL_SIGMA_Y[:, 0])
    dy = np.ascontiguousarray(ISC3_RURAL_SIGMA_Y[:, 1])
    zbreak, za, zb = sigma_z_table_arrays()
    za = np.where(np.isnan(za), -1.0, za)  # -1 marks ISC3's class-A 5000 m range
    urb = np.ascontiguousarray(ISC3_URBAN, dtype=float)
    briggs = np.zeros((2, 6, 6))
    for t, table in enumerate((BRIGGS_RURAL, BRIGGS_URBAN)):
        for k, c in enumerate(PG_CLASS_ORDER):
            (ay, by, py), (az, bz, pz) = table[c]
            briggs[t, k] = (ay, by, py, az, bz, pz)
    gy = np.zeros((10, 3, 3))
    gz = np.zeros((10, 3, 3))
    for k, c in enumerate(GBT_CLASS_ORDER):
        for tab, arr in ((GBT3840_SIGMA_Y, gy), (GBT3840_SIGMA_Z, gz)):
            segs = tab.get(c, tab["A"])  # A-B sigma_z is the mean of A and B (handled in code)
            for j in range(3):
                arr[k, j] = segs[min(j, len(segs) - 1)]
            arr[k, len(segs) - 1:, 0] = np.inf
    return cy, dy, zbreak, za, zb, urb, briggs, gy, gz


@njit(cache=True, inline="always")
def _power_segments(x, tab, k):
    """gamma x^alpha on the first segment with x <= upper (segments (upper, alpha, gamma))."""
    j = 0
    while x > tab[k, j, 0]:
        j += 1
    return tab[k, j, 2] * x ** tab[k, j, 1]


@njit(cache=True, inline="always")
def _power_segments_ln(x, lnx, tab, k):
    """As :func:`_power_segments` with x^alpha = exp(alpha ln x) from the given ln x."""
    j = 0
    while x > tab[k, j, 0]:
        j += 1
    return tab[k, j, 2] * math.exp(tab[k, j, 1] * lnx)


@njit(cache=True, inline="always")
def _pow_briggs(base, p):
    """base**p for the exponents of the Briggs/urban curves (0, +-1/2, -1) without pow()."""
    if p == 0.0:
        return 1.0
    if p == -0.5:
        return 1.0 / math.sqrt(base)
    if p == 0.5:
        return math.sqrt(base)
    if p == -1.0:
        return 1.0 / base
    return base ** p


@njit(cache=True, inline="always")
def sigma_y(x, scheme, k, tabs):
    """sigma_y (m) at downwind distance x > 0 for scheme code and class code k."""
    return sigma_y_ln(x, math.log(x), scheme, k, tabs)


@njit(cache=True, inline="always")
def sigma_z(x, scheme, k, tabs):
    """sigma_z (m) at downwind distance x > 0 for scheme code and class code k."""
    return sigma_z_ln(x, math.log(x), scheme, k, tabs)


_LN_KM = math.log(1.0e-3)


@njit(cache=True, inline="always")
def sigma_y_ln(x, lnx, scheme, k, tabs):
    """sigma_y (m) at downwind distance x > 0 (lnx = ln x) for scheme code and class code k."""
    cy, dy, zbreak, za, zb, urb, briggs, gy, gz = tabs
    if scheme == 0:
        xkm = x * 1.0e-3
        th = 0.017453293 * (cy[k] - dy[k] * (lnx + _LN_KM))
        return 465.11628 * xkm * math.tan(th)
    if scheme == 1:
        return urb[k, 0] * x / math.sqrt(1.0 + 0.0004 * x)
    if scheme == 2 or scheme == 3:
        t = scheme - 2
        return briggs[t, k, 0] * x * _pow_briggs(1.0 + briggs[t, k, 1] * x, briggs[t, k, 2])
    return _power_segments_ln(x, lnx, gy, k)


@njit(cache=True, inline="always")
def sigma_z_ln(x, lnx, scheme, k, tabs):
    """sigma_z (m) at downwind distance x > 0 (lnx = ln x) for scheme code and class code k."""
    cy, dy, zbreak, za, zb, urb, briggs, gy, gz = tabs
    if scheme == 0:
        xkm = x * 1.0e-3
        j = 0
        while zbreak[k, j] < xkm:
            j += 1
        a = za[k, j]
        if a < 0.0:
            return 5000.0
        sz = a * math.exp(zb[k, j] * (lnx + _LN_KM))
        return sz if sz < 5000.0 else 5000.0
    if scheme == 1:
        return urb[k, 1] * x * _pow_briggs(1.0 + urb[k, 2] * x, urb[k, 3])
    if scheme == 2 or scheme == 3:
        t = scheme - 2
        return briggs[t, k, 3] * x * _pow_briggs(1.0 + briggs[t, k, 4] * x, briggs[t, k, 5])
    if k == 1:  # A-B: mean of the A and B curves (engine rule, see sigmas_gbt3840)
        return 0.5 * (_power_segments_ln(x, lnx, gz, 0) + _power_segments_ln(x, lnx, gz, 2))
    return _power_segments_ln(x, lnx, gz, k)


@njit(cache=True, inline="always")
def vertical(zr, he, sz, zi, lid):
    """ISC3 vertical term V (eqs. 1-50, 1-51); ``lid`` False for unlimited mixing (E, F)."""
    if lid:
        if he > zi:
            return 0.0
        if sz / zi >= 1.6:
            return SQRT_2PI * sz / zi
    inv = 1.0 / sz
    if zr == 0.0:
        # ground-level receptor: direct and ground image are equal, and so are each image pair's
        t1 = he * inv
        a1 = 0.5 * t1 * t1
        v = 2.0 * math.exp(-a1)
        if lid:
            images = 0.0
            for i in range(1, 11):
                ta = (2.0 * i * zi - he) * inv
                ea = 0.5 * ta * ta
                if ea > a1 + _IMAGE_MARGIN:
                    break
                tb = (2.0 * i * zi + he) * inv
                images += 2.0 * (math.exp(-ea) + math.exp(-0.5 * tb * tb))
            v = v + images
        return v
    t1 = (zr - he) * inv
    t2 = (zr + he) * inv
    a1 = 0.5 * t1 * t1
    v = math.exp(-a1) + math.exp(-0.5 * t2 * t2)
    if lid:
        images = 0.0
        for i in range(1, 11):
            a = 2.0 * i * zi - he
            b = 2.0 * i * zi + he
            ta = (zr - a) * inv
            ea = 0.5 * ta * ta
            # images further than the receptor only recede with i: stop when negligible
            if a > zr and ea > a1 + _IMAGE_MARGIN:
                break
            tb = (zr + a) * inv
            tc = (zr - b) * inv
            td = (zr + b) * inv
            images += (math.exp(-ea) + math.exp(-0.5 * tb * tb)
                       + math.exp(-0.5 * tc * tc) + math.exp(-0.5 * td * td))
        v = v + images
    return v


@njit(cache=True, inline="always")
def chord_fraction(a1, a2):
    """0.5 [erf(a1) - erf(a2)] for a1 >= a2, without cancellation in the tails."""
    if a2 >= 0.0:
        if a2 > _ERFC_ZERO:
            return 0.0
        return 0.5 * (math.erfc(a2) - math.erfc(a1))
    if a1 <= 0.0:
        if a1 < -_ERFC_ZERO:
            return 0.0
        return 0.5 * (math.erfc(-a1) - math.erfc(-a2))
    return 0.5 * (math.erf(a1) - math.erf(a2))


@njit(cache=True, inline="always")
def _crosswind(xs, yr, inv_s, elo, ehi, ex1, ey1, slope, ne, yc):
    """Sum over the polygon chords at slice x = xs of the crosswind fraction (even-odd rule).

    Edge e spans elo[e] <= x < ehi[e] (half-open, as the reference) and crosses the slice at
    y = ey1[e] + (xs - ex1[e]) slope[e]; ``inv_s`` = 1 / (sqrt2 sigma_y).
    """
    n = 0
    for e in range(ne):
        if xs >= elo[e] and xs < ehi[e]:
            y = ey1[e] + (xs - ex1[e]) * slope[e]
            m = n  # insertion sort: few crossings
            while m > 0 and yc[m - 1] > y:
                yc[m] = yc[m - 1]
                m -= 1
            yc[m] = y
            n += 1
    total = 0.0
    for c in range(0, n - 1, 2):
        total += chord_fraction((yr - yc[c]) * inv_s, (yr - yc[c + 1]) * inv_s)
    return total


@njit(cache=True, inline="always")
def edge_arrays(vxr, vyr, nv, elo, ehi, ex1, ey1, slope):
    """Per-edge span, start point and slope dy/dx of the polygon (vxr, vyr) (first nv vertices)."""
    for i in range(nv):
        j = i + 1 if i + 1 < nv else 0
        x1 = vxr[i]
        x2 = vxr[j]
        ex1[i] = x1
        ey1[i] = vyr[i]
        if x1 < x2:
            elo[i] = x1
            ehi[i] = x2
        else:
            elo[i] = x2
            ehi[i] = x1
        slope[i] = (vyr[j] - vyr[i]) / (x2 - x1) if x1 != x2 else 0.0


@njit(cache=True)
def area_receptor(xr, yr, zr, vxr, ne, elo, ehi, ex1, ey1, slope, d_lo, d_hi, n_panels, gx, gw, edges_p,
                  scheme, k, tabs, he, sz0, zi, lid, bounds, yc):
    """Along-wind integral of V/sigma_z x crosswind fraction for one receptor (wind frame).

    ``vxr`` are the polygon's vertex x; the integral is split at the vertex distances
    ``xr - vxr`` and each piece is integrated by ``n_panels`` x ``len(gx)`` nodes in ln d.
    """
    nv = vxr.shape[0]
    # piece bounds: d_lo, the vertex distances clipped to [d_lo, d_hi] in ascending order, d_hi
    for i in range(nv):
        b = xr - vxr[i]
        if b < d_lo:
            b = d_lo
        elif b > d_hi:
            b = d_hi
        m = i + 1
        while m > 1 and bounds[m - 1] > b:
            bounds[m] = bounds[m - 1]
            m -= 1
        bounds[m] = b
    bounds[0] = d_lo
    bounds[nv + 1] = d_hi
    ng = gx.shape[0]
    total = 0.0
    lb = math.log(bounds[0])
    for p in range(nv + 1):
        la = lb
        lb = math.log(bounds[p + 1])
        width = lb - la
        if width == 0.0:
            continue  # zero-length piece: all its Gauss weights are 0
        hw = 0.5 * width / n_panels
        for j in range(n_panels):
            c = (la + width * edges_p[j]) + hw
            for g in range(ng):
                lnd = c + hw * gx[g]
                d = math.exp(lnd)
                w = hw * gw[g] * d
                sy = sigma_y_ln(d, lnd, scheme, k, tabs)
                frac = _crosswind(xr - d, yr, 1.0 / (SQRT2 * sy), elo, ehi, ex1, ey1, slope, ne, yc)
                if frac == 0.0:
                    continue
                sz = sigma_z_ln(d, lnd, scheme, k, tabs)
                if sz0 > 0.0:
                    sz = math.sqrt(sz * sz + sz0 * sz0)
                v = vertical(zr, he, sz, zi, lid)
                total += w * v / sz * frac
    return total


@njit(cache=True)
def area_source_receptor(xr, yr, zr, vxr, vymin, vymax, ne, elo, ehi, ex1, ey1, slope, min_distance, cull,
                         far_ratio, n_panels, gx, gw, edges_p, edges_1, scheme, k, tabs, he, sz0, zi, lid,
                         bounds, yc):
    """chi u sqrt(2 pi) / Q_A for one receptor: range, culling and panel choice of the reference."""
    vxmin = vxr[0]
    vxmax = vxr[0]
    for i in range(1, vxr.shape[0]):
        if vxr[i] < vxmin:
            vxmin = vxr[i]
        if vxr[i] > vxmax:
            vxmax = vxr[i]
    d_lo = xr - vxmax
    if d_lo < min_distance:
        d_lo = min_distance
    d_hi = xr - vxmin
    if not d_hi > d_lo:
        return 0.0
    sy_far = sigma_y(d_hi, scheme, k, tabs)
    if not (yr > vymin - cull * sy_far and yr < vymax + cull * sy_far):
        return 0.0
    if d_hi < far_ratio * d_lo:
        return area_receptor(xr, yr, zr, vxr, ne, elo, ehi, ex1, ey1, slope, d_lo, d_hi, 1, gx, gw, edges_1,
                             scheme, k, tabs, he, sz0, zi, lid, bounds, yc)
    return area_receptor(xr, yr, zr, vxr, ne, elo, ehi, ex1, ey1, slope, d_lo, d_hi, n_panels, gx, gw, edges_p,
                         scheme, k, tabs, he, sz0, zi, lid, bounds, yc)


@njit(cache=True, parallel=True)
def area_field(xr, yr, zr, vxr, vyr, min_distance, cull, far_ratio, n_panels, gx, gw, edges_p, edges_1,
               scheme, k, tabs, he, sz0, zi, lid, out):
    """One area source, one hour: out[r] = integral for each receptor (parallel over receptors)."""
    nv = vxr.shape[0]
    elo = np.empty(nv)
    ehi = np.empty(nv)
    ex1 = np.empty(nv)
    ey1 = np.empty(nv)
    slope = np.empty(nv)
    edge_arrays(vxr, vyr, nv, elo, ehi, ex1, ey1, slope)
    vymin = vyr.min()
    vymax = vyr.max()
    for r in prange(xr.shape[0]):
        bounds = np.empty(nv + 2)
        yc = np.empty(nv)
        out[r] = area_source_receptor(xr[r], yr[r], zr[r], vxr, vymin, vymax, nv, elo, ehi, ex1, ey1, slope,
                                      min_distance, cull, far_ratio, n_panels, gx, gw, edges_p, edges_1,
                                      scheme, k, tabs, he, sz0, zi, lid, bounds, yc)


@njit(cache=True)
def volume_receptor(x, y, zr, sy0, sz0, xvy, xvz, min_x, scheme, k, tabs, he, zi, lid):
    """chi u / Q of an ISC3 volume source at one receptor (wind frame, centre at the origin).

    ``xvy``/``xvz`` are the virtual distances, or -1 where the initial spread exceeds the scheme's
    largest sigma (then the spreads are combined in quadrature, as in the reference).
    """
    if not (x >= min_x) or math.hypot(x, y) < 2.15 * sy0 + 1.0:
        return 0.0
    if xvy >= 0.0:
        sy = sigma_y(x + xvy, scheme, k, tabs)
    else:
        s = sigma_y(x, scheme, k, tabs)
        sy = math.sqrt(s * s + sy0 * sy0)
    if xvz >= 0.0:
        sz = sigma_z(x + xvz, scheme, k, tabs)
    else:
        s = sigma_z(x, scheme, k, tabs)
        sz = math.sqrt(s * s + sz0 * sz0)
    v = vertical(zr, he, sz, zi, lid)
    ty = y / sy
    return v * math.exp(-0.5 * ty * ty) / (TWO_PI * sy * sz)


@njit(cache=True, parallel=True)
def volume_field(x, y, z, sy0, sz0, xvy, xvz, min_x, scheme, k, tabs, he, zi, lid, out):
    """One volume source, one hour: out[r] = chi u / Q (parallel over receptors)."""
    for r in prange(x.shape[0]):
        out[r] = volume_receptor(x[r], y[r], z[r], sy0, sz0, xvy, xvz, min_x, scheme, k, tabs, he, zi, lid)


@njit(cache=True)
def _gradual(x, regime, final, xf, fb, fm, s, bj, us):
    """ISC3 distance-dependent Briggs rise (vol. II 1.1.4.10), as plume_rise.gradual_rise_m."""
    if x >= xf:
        return final
    if regime == 0:
        dh = 1.60 * np.cbrt(fb * x * x) / us
    elif regime == 1:
        dh = np.cbrt(3.0 * fm * x / (bj * bj * us * us))
    else:
        sqs = math.sqrt(s)
        arg = x * sqs / us
        if arg > 0.5 * math.pi:
            arg = 0.5 * math.pi
        dh = np.cbrt(3.0 * fm * math.sin(arg) / (bj * bj * us * sqs))
    return dh if dh < final else final


@njit(cache=True)
def point_receptor(x, y, zr, tan_lim, min_x, scheme, k, tabs, us, hsp, he_final, final, xf, regime,
                   fb, fm, s, bj, bid, gradual, zi, lid):
    """chi / Q of the ISC3 point-source chain at one receptor (as point_source_hourly)."""
    if not (x >= min_x and abs(y) <= tan_lim * x):
        return 0.0
    sy = sigma_y(x, scheme, k, tabs)
    sz = sigma_z(x, scheme, k, tabs)
    dh = _gradual(x, regime, final, xf, fb, fm, s, bj, us)
    if bid:
        e = dh / 3.5
        e2 = e * e
        sy = math.sqrt(sy * sy + e2)
        sz = math.sqrt(sz * sz + e2)
    he = hsp + dh if gradual else he_final
    v = vertical(zr, he, sz, zi, lid)
    if v == 0.0:
        return 0.0
    ty = y / sy
    return v * math.exp(-0.5 * ty * ty) / (TWO_PI * us * sy * sz)


#: Receptors per parallel work item of :func:`mixed_block` (buffers are allocated per item).
CHUNK_RECEPTORS = 64


@njit(cache=True, parallel=True)
def mixed_block(out, rx, ry, rz, sinw, cosw, kcls, zi_h, lid_h, scheme, tabs,
                p_x, p_y, p_q, p_us, p_hsp, p_he, p_final, p_xf, p_regime, p_fb, p_fm, p_s, p_bj,
                bid, gradual, tan_lim, min_x,
                a_vx, a_vy, a_nv, a_q, a_us, a_he, a_sz0, min_distance, cull, far_ratio, n_panels,
                gx, gw, edges_p, edges_1, a_mode, a_raw,
                v_x, v_y, v_q, v_us, v_he, v_sy0, v_sz0, v_xvy, v_xvz):
    """Hourly fields of a block of hours into out[b, p, r] (g/m3), parallel over (hour, receptor chunk).

    Area integrals (chi u sqrt(2 pi) / Q_A) of block-hour b are computed (``a_mode[b]`` 0),
    computed and stored in ``a_raw[b, s, r]`` (1), or read from ``a_raw[b, s, r]`` (2; the caller
    fills it from an identical earlier hour).

    Per block-hour b: class code ``kcls[b]``, lid ``zi_h[b]`` (used when ``lid_h[b]``), wind
    direction sin/cos; per (b, source): wind at release height and the point-source chain
    quantities (``p_*``, from source_hour_setup). Area polygons are in map coordinates
    (``a_vx[s, :a_nv[s]]``) and are rotated into the hour's wind frame like the receptors;
    emissions are (S, P).
    """
    nb = out.shape[0]
    n_pol = out.shape[1]
    n_rec = rx.shape[0]
    n_pt = p_x.shape[0]
    n_ar = a_nv.shape[0]
    n_vo = v_x.shape[0]
    max_nv = a_vx.shape[1]
    n_chunks = (n_rec + CHUNK_RECEPTORS - 1) // CHUNK_RECEPTORS
    for it in prange(nb * n_chunks):
        b = it // n_chunks
        r0 = (it - b * n_chunks) * CHUNK_RECEPTORS
        r1 = min(r0 + CHUNK_RECEPTORS, n_rec)
        sw = sinw[b]
        cw = cosw[b]
        k = kcls[b]
        zi = zi_h[b]
        lid = lid_h[b]
        # polygons in this hour's wind frame (same rotation as the receptors)
        ax1 = np.empty((n_ar, max_nv))
        ay1 = np.empty((n_ar, max_nv))
        elo = np.empty((n_ar, max_nv))
        ehi = np.empty((n_ar, max_nv))
        ex1 = np.empty((n_ar, max_nv))
        ey1 = np.empty((n_ar, max_nv))
        slope = np.empty((n_ar, max_nv))
        aymin = np.empty(n_ar)
        aymax = np.empty(n_ar)
        for s in range(n_ar):
            nv = a_nv[s]
            for i in range(nv):
                ax1[s, i] = -(a_vx[s, i] * sw + a_vy[s, i] * cw)
                ay1[s, i] = a_vx[s, i] * cw - a_vy[s, i] * sw
            edge_arrays(ax1[s], ay1[s], nv, elo[s], ehi[s], ex1[s], ey1[s], slope[s])
            aymin[s] = ay1[s, :nv].min()
            aymax[s] = ay1[s, :nv].max()
        bounds = np.empty(max_nv + 2)
        yc = np.empty(max_nv)
        for r in range(r0, r1):
            e = rx[r]
            n = ry[r]
            zr = rz[r]
            for s in range(n_pt):
                de = e - p_x[s]
                dn = n - p_y[s]
                x = -(de * sw + dn * cw)
                y = de * cw - dn * sw
                c = point_receptor(x, y, zr, tan_lim, min_x, scheme, k, tabs, p_us[b, s], p_hsp[b, s],
                                   p_he[b, s], p_final[b, s], p_xf[b, s], p_regime[b, s], p_fb[b, s],
                                   p_fm[b, s], p_s[b, s], p_bj[b, s], bid, gradual, zi, lid)
                if c != 0.0:
                    for p in range(n_pol):
                        out[b, p, r] += p_q[s, p] * c
            if n_ar > 0:
                x = -(e * sw + n * cw)
                y = e * cw - n * sw
                mode = a_mode[b]
                for s in range(n_ar):
                    he = a_he[s]
                    if mode == 2:
                        c = a_raw[b, s, r]
                    elif lid and he > zi:
                        c = 0.0  # release above the lid: V = 0 at every slice (ISC3, A-D)
                    else:
                        nv = a_nv[s]
                        c = area_source_receptor(x, y, zr, ax1[s, :nv], aymin[s], aymax[s], nv, elo[s], ehi[s],
                                                 ex1[s], ey1[s], slope[s], min_distance, cull, far_ratio, n_panels,
                                                 gx, gw, edges_p, edges_1, scheme, k, tabs, he, a_sz0[s], zi, lid,
                                                 bounds, yc)
                    if mode == 1:
                        a_raw[b, s, r] = c
                    if c != 0.0:
                        c = c / (SQRT_2PI * a_us[b, s])
                        for p in range(n_pol):
                            out[b, p, r] += a_q[s, p] * c
            for s in range(n_vo):
                de = e - v_x[s]
                dn = n - v_y[s]
                x = -(de * sw + dn * cw)
                y = de * cw - dn * sw
                c = volume_receptor(x, y, zr, v_sy0[s], v_sz0[s], v_xvy[b, s], v_xvz[b, s], min_x, scheme, k,
                                    tabs, v_he[s], zi, lid)
                if c != 0.0:
                    c = c / v_us[b, s]
                    for p in range(n_pol):
                        out[b, p, r] += v_q[s, p] * c


@njit(cache=True, parallel=True)
def accumulate(block, hours, days, max1h, maxhour, daily, annual):
    """Stream hourly fields (B, P, R) into year statistics, as YearAccumulator.add_hour."""
    nb, n_pol, n_rec = block.shape
    for r in prange(n_rec):
        for b in range(nb):
            d = days[b]
            for p in range(n_pol):
                v = block[b, p, r]
                daily[p, d, r] += v
                annual[p, r] += v
                if v > max1h[p, r]:
                    max1h[p, r] = v
                    maxhour[p, r] = hours[b]


#: Coefficient tables of the compiled sigma functions (built once from the scheme modules).
TABLES = sigma_tables()


def class_code(cls, scheme):
    """Class code of a canonical class label for the compiled sigma functions of ``scheme``."""
    order = GBT_CLASS_ORDER if scheme == "gbt3840" else PG_CLASS_ORDER
    return order.index(str(cls))
