"""Compiled (numba) kernels of the hourly point-source engine. Private: use models.air.engine.

The arithmetic mirrors the vectorised reference (point_source.py, sigmas.py, gaussian.py,
plume_rise.py) formula by formula so that both paths agree to rounding; see
docs/methods/air-isc3.md for the equations and their sources.
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit, prange

SQRT_2PI = math.sqrt(2.0 * math.pi)
TWO_PI = 2.0 * math.pi


@njit(cache=True, inline="always")
def _sigmas_rural(xkm, lnx, k, cy, dy, zbreak, za, zb):
    th = 0.017453293 * (cy[k] - dy[k] * lnx)
    sy = 465.11628 * xkm * math.tan(th)
    j = 0
    while zbreak[k, j] < xkm:
        j += 1
    a = za[k, j]
    if a < 0.0:
        sz = 5000.0
    else:
        sz = a * math.exp(zb[k, j] * lnx)
        if sz > 5000.0:
            sz = 5000.0
    return sy, sz


@njit(cache=True, inline="always")
def _sigmas_urban(x, k, urb):
    sy = urb[k, 0] * x / math.sqrt(1.0 + 0.0004 * x)
    pz = urb[k, 3]
    if pz == 0.0:
        sz = urb[k, 1] * x
    elif pz > 0.0:
        sz = urb[k, 1] * x * math.sqrt(1.0 + urb[k, 2] * x)
    else:
        sz = urb[k, 1] * x / math.sqrt(1.0 + urb[k, 2] * x)
    return sy, sz


@njit(cache=True, inline="always")
def _gradual_rise(x, regime, final, xf, fb, fm, s, bj, us):
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


@njit(cache=True, inline="always")
def _vertical(z, he, sz, zi, lid, cutoff):
    """ISC3 vertical term; lid=False for unlimited mixing (E, F).

    Terms whose Gaussian exponent exceeds ``cutoff`` are dropped (all of them are kept when
    ``cutoff`` is inf). For a ground-level receptor the direct term is the largest one and the
    image terms decrease with the image index, so the loops stop at the first negligible term.
    """
    if lid and sz >= 1.6 * zi:
        return SQRT_2PI * sz / zi
    inv = 1.0 / sz
    if z == 0.0:
        t1 = he * inv
        a1 = 0.5 * t1 * t1
        if a1 > cutoff:
            return 0.0
        v = math.exp(-a1)
        if lid:
            for i in range(1, 11):
                ta = (2.0 * i * zi - he) * inv
                aa = 0.5 * ta * ta
                if aa > cutoff:
                    break
                term = math.exp(-aa)
                tb = (2.0 * i * zi + he) * inv
                ab = 0.5 * tb * tb
                if ab <= cutoff:
                    term += math.exp(-ab)
                v += term
        return 2.0 * v
    t1 = (z - he) * inv
    t2 = (z + he) * inv
    v = math.exp(-0.5 * t1 * t1) + math.exp(-0.5 * t2 * t2)
    if lid:
        for i in range(1, 11):
            a = 2.0 * i * zi - he
            b = 2.0 * i * zi + he
            ta = (z - a) * inv
            tb = (z + a) * inv
            tc = (z - b) * inv
            td = (z + b) * inv
            v += (math.exp(-0.5 * ta * ta) + math.exp(-0.5 * tb * tb)
                  + math.exp(-0.5 * tc * tc) + math.exp(-0.5 * td * td))
    return v


@njit(cache=True, parallel=True)
def hours_block(hours, out, kcls, zi_h, sinw, cosw,
                us_hs, hsp_hs, he_hs, final_hs, xf_hs, regime_hs, fb_hs, fm_hs, s_hs, bj_hs,
                src_x, src_y, q_sp, rec_x_sorted, rec_y_sorted, rec_z_sorted, order, bearing_sorted,
                scheme_code, bid, gradual, cutoff, tan_lim, min_x,
                cy, dy, zbreak, za, zb, urb):
    """Concentrations for the hours ``hours`` into ``out[b, p, r]`` (g/m3), parallel over hours.

    For each source the receptors are pre-sorted by bearing from the source, so the receptors
    within 50 degrees of the downwind axis are one or two contiguous runs found by bisection.
    """
    nb = hours.shape[0]
    n_src = src_x.shape[0]
    n_rec = rec_x_sorted.shape[1]
    n_pol = q_sp.shape[1]
    half = math.radians(50.5)  # window slightly wider than 50 deg: the exact test is done below
    for b in prange(nb):
        h = hours[b]
        k = kcls[h]
        lid = k <= 3
        zi = zi_h[h]
        sw = sinw[h]
        cw = cosw[h]
        # bearing (clockwise from north) the plume travels toward
        down = math.atan2(-sw, -cw)
        for s in range(n_src):
            he_f = he_hs[h, s]
            if lid and he_f > zi and not gradual:
                continue  # plume above the lid: zero at the ground (ISC3, A-D)
            us = us_hs[h, s]
            hsp = hsp_hs[h, s]
            final = final_hs[h, s]
            xf = xf_hs[h, s]
            regime = regime_hs[h, s]
            fb = fb_hs[h, s]
            fm = fm_hs[h, s]
            sst = s_hs[h, s]
            bj = bj_hs[h, s]
            inv = 1.0 / (TWO_PI * us)
            lo = down - half
            if lo < -math.pi:
                lo += TWO_PI
            hi = lo + 2.0 * half
            i0 = np.searchsorted(bearing_sorted[s], lo)
            if hi <= math.pi:
                i1 = np.searchsorted(bearing_sorted[s], hi)
                n_iter = i1 - i0
            else:
                i1 = np.searchsorted(bearing_sorted[s], hi - TWO_PI)
                n_iter = n_rec - i0 + i1
            for it in range(n_iter):
                idx = i0 + it
                if idx >= n_rec:
                    idx -= n_rec
                dxr = rec_x_sorted[s, idx] - src_x[s]
                dyr = rec_y_sorted[s, idx] - src_y[s]
                x = -(dxr * sw + dyr * cw)
                y = dxr * cw - dyr * sw
                if x < min_x or abs(y) > tan_lim * x:
                    continue
                if scheme_code == 0:
                    xkm = x * 1.0e-3
                    lnx = math.log(xkm)
                    sy, sz = _sigmas_rural(xkm, lnx, k, cy, dy, zbreak, za, zb)
                else:
                    sy, sz = _sigmas_urban(x, k, urb)
                if bid or gradual:
                    dh = _gradual_rise(x, regime, final, xf, fb, fm, sst, bj, us)
                else:
                    dh = final
                if bid:
                    e = dh / 3.5
                    e2 = e * e
                    sy = math.sqrt(sy * sy + e2)
                    sz = math.sqrt(sz * sz + e2)
                ty = y / sy
                ay = 0.5 * ty * ty
                if ay > cutoff:
                    continue
                he = hsp + dh if gradual else he_f
                v = _vertical(rec_z_sorted[s, idx], he, sz, zi, lid, cutoff)
                if v == 0.0:
                    continue
                if lid and he > zi:
                    continue
                chi = v * math.exp(-ay) * inv / (sy * sz)
                r = order[s, idx]
                for p in range(n_pol):
                    out[b, p, r] += q_sp[s, p] * chi


@njit(cache=True, parallel=True)
def accumulate(block, hours, days, max1h, maxhour, daily, annual):
    """Stream a block of hourly fields (B, P, R) into the year statistics (parallel over receptors)."""
    nb, n_pol, n_rec = block.shape
    for r in prange(n_rec):
        for b in range(nb):
            d = days[b]
            h = hours[b]
            for p in range(n_pol):
                v = block[b, p, r]
                if v == 0.0:
                    continue
                daily[p, d, r] += v
                annual[p, r] += v
                if v > max1h[p, r]:
                    max1h[p, r] = v
                    maxhour[p, r] = h
