"""Single-precision variant of the SIMD kernel (``precision="float32"``). Private.

The geometry (gather, 50-degree test, culling) is done in double precision exactly as in
``_fastvec``; the per-receptor physics (sigmas, rise, vertical and lateral terms) runs in float32
with twice the SIMD lanes, using single-precision versions of the polynomial exp/log/tan
(relative error ~1e-7). Concentrations are accumulated in float64. Agreement with the
double-precision reference is ~1e-5 relative (the tests require 1e-4).

References
----------
.. [1] Cody, W.J. and Waite, W. (1980). Software Manual for the Elementary Functions (float32
   argument reduction constants ln2_hi = 0.693359375, ln2_lo = -2.12194440e-4).
.. [2] EPA-454/B-95-003b, vol. II, sec. 1.1 (the equations, see docs/methods/air-isc3.md).
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit, prange
from numba.core import types
from numba.extending import intrinsic

from ._fastvec import N_OCT, gather

f4 = np.float32
Z0, ONE, HALF, TWO, THREE = f4(0.0), f4(1.0), f4(0.5), f4(2.0), f4(3.0)
LOG2E = f4(1.4426950408889634)
LN2_HI = f4(0.693359375)
LN2_LO = f4(-2.12194440e-4)
LN2 = f4(math.log(2.0))
SQRT2 = f4(math.sqrt(2.0))
SQRT_2PI = f4(math.sqrt(2.0 * math.pi))
EXP_LO = f4(-87.0)
EXP_HI = f4(88.0)
C_KM = f4(1.0e-3)
C_SY = f4(465.11628)
C_TH = f4(0.017453293)
C_5000 = f4(5000.0)
C_16 = f4(1.6)
C_35 = f4(3.5)
C_23 = f4(2.0 / 3.0)
C_13 = f4(1.0 / 3.0)
C_0004 = f4(0.0004)
T_BIG = f4(80.0)
INF32 = f4(np.inf)
TINY32 = f4(1e-18)  # flush-to-zero threshold: keeps every product a normal float32
EXP_FLUSH = f4(-40.0)  # exp below e**-40 ~ 4e-18 of the plume-centre value is returned as 0
# Taylor coefficients
E2, E3, E4, E5, E6, E7 = (f4(1 / 2), f4(1 / 6), f4(1 / 24), f4(1 / 120), f4(1 / 720), f4(1 / 5040))
L3, L5, L7, L9, L11 = f4(1 / 3), f4(1 / 5), f4(1 / 7), f4(1 / 9), f4(1 / 11)
S3, S5, S7, S9, S11, S13 = (f4(1 / 6), f4(1 / 120), f4(1 / 5040), f4(1 / 362880), f4(1 / 39916800),
                            f4(1 / 6227020800))
K2, K4, K6, K8, K10, K12 = (f4(1 / 2), f4(1 / 24), f4(1 / 720), f4(1 / 40320), f4(1 / 3628800),
                            f4(1 / 479001600))
MANT_MASK = np.int32(0x007FFFFF)
ONE_BITS = np.int32(0x3F800000)


@intrinsic
def _bits_to_f32(typingctx, bits):
    sig = types.float32(types.int32)

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], context.get_value_type(types.float32))

    return sig, codegen


@intrinsic
def _f32_to_bits(typingctx, value):
    sig = types.int32(types.float32)

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], context.get_value_type(types.int32))

    return sig, codegen


@njit(cache=True, inline="always", error_model="numpy")
def _exp32(z):
    z0 = z
    if z < EXP_LO:
        z = EXP_LO
    if z > EXP_HI:
        z = EXP_HI
    n = np.floor(z * LOG2E + HALF)
    r = (z - n * LN2_HI) - n * LN2_LO
    p = E7
    p = p * r + E6
    p = p * r + E5
    p = p * r + E4
    p = p * r + E3
    p = p * r + E2
    p = p * r + ONE
    p = p * r + ONE
    res = p * _bits_to_f32(np.int32((np.int32(n) + np.int32(127)) << np.int32(23)))
    return Z0 if z0 < EXP_FLUSH else res


@njit(cache=True, inline="always", error_model="numpy")
def _log32(x):
    bits = _f32_to_bits(x)
    e = f4((bits >> np.int32(23)) - np.int32(127))
    m = _bits_to_f32(np.int32((bits & MANT_MASK) | ONE_BITS))
    if m > SQRT2:
        m = m * HALF
        e = e + ONE
    s = (m - ONE) / (m + ONE)
    s2 = s * s
    p = L11
    p = p * s2 + L9
    p = p * s2 + L7
    p = p * s2 + L5
    p = p * s2 + L3
    p = p * s2 + ONE
    return e * LN2 + TWO * s * p


@njit(cache=True, inline="always", error_model="numpy")
def _tan32(t):
    t2 = t * t
    s = S13
    s = -s * t2 + S11
    s = -s * t2 + S9
    s = -s * t2 + S7
    s = -s * t2 + S5
    s = -s * t2 + S3
    s = (ONE - s * t2) * t
    c = K12
    c = -c * t2 + K10
    c = -c * t2 + K8
    c = -c * t2 + K6
    c = -c * t2 + K4
    c = -c * t2 + K2
    c = ONE - c * t2
    return s / c


@njit(cache=True, inline="always", error_model="numpy")
def _image_series32(rm, rp, qq):
    """float32 version of ``_fastvec._image_series``."""
    # operands below TINY32 are flushed to zero so that no product is subnormal (slow)
    rm = Z0 if rm < TINY32 else rm
    rp = Z0 if rp < TINY32 else rp
    qq = Z0 if qq < TINY32 else qq
    gm = ONE
    gp = ONE
    acc = ONE
    for j in range(10):
        if j > 0:
            rm *= qq
            rp *= qq
            rm = Z0 if rm < TINY32 else rm
            rp = Z0 if rp < TINY32 else rp
        gm *= rm
        gp *= rp
        gm = Z0 if gm < TINY32 else gm
        gp = Z0 if gp < TINY32 else gp
        acc += gm + gp
    return acc


@njit(cache=True, parallel=True, error_model="numpy")
def hours_block32(hours, out, kcls, zi_h, sinw, cosw,
                  us_hs, hsp_hs, he_hs, final_hs, xf_hs, regime_hs, fb_hs, fm_hs, s_hs, bj_hs,
                  src_x, src_y, q_sp, rec_x_sorted, rec_y_sorted, rec_z_sorted, order, bearing_sorted,
                  scheme_code, bid, gradual, cutoff, tan_lim, min_x,
                  cy, dy, zbreak, za, zb, urb):
    """Same contract as ``_fastvec.hours_block``; physics in float32."""
    nb = hours.shape[0]
    n_src = src_x.shape[0]
    n_rec = rec_x_sorted.shape[1]
    n_pol = q_sp.shape[1]
    half = math.radians(50.5)
    ln_km = f4(math.log(1.0e-3))
    do_cull = cutoff < 1e300
    cut32 = f4(min(cutoff, 1e30))
    zmax_all = 0.0
    for i in range(rec_z_sorted.shape[1]):
        zmax_all = max(zmax_all, rec_z_sorted[0, i])
    za32 = za.astype(np.float32)
    zb32 = zb.astype(np.float32)
    for b in prange(nb):
        bx = np.empty(n_rec, dtype=np.float32)
        by = np.empty(n_rec, dtype=np.float32)
        bz = np.empty(n_rec, dtype=np.float32)
        br = np.empty(n_rec, dtype=np.int64)
        tx = np.empty(n_rec)
        ty_all = np.empty(n_rec)
        keep = np.empty(n_rec, dtype=np.bool_)
        lnx = np.empty(n_rec, dtype=np.float32)
        syb = np.empty(n_rec, dtype=np.float32)
        szb = np.empty(n_rec, dtype=np.float32)
        heb = np.empty(n_rec, dtype=np.float32)
        vb = np.empty(n_rec, dtype=np.float32)
        ratio_y = np.empty(N_OCT + 1)
        sig_z_hi = np.empty(N_OCT + 1)
        h = hours[b]
        k = kcls[h]
        lid = k <= 3
        zi = zi_h[h]
        zi32 = f4(zi)
        sw = sinw[h]
        cw = cosw[h]
        down = math.atan2(-sw, -cw)
        cyk = cy[k]
        dyk = dy[k]
        cyk32 = f4(cyk)
        dyk32 = f4(dyk)
        d_vert = 0.0
        for s in range(n_src):
            he_f = he_hs[h, s]
            if lid and he_f > zi and not gradual:
                continue
            us = us_hs[h, s]
            hsp = hsp_hs[h, s]
            final = final_hs[h, s]
            xf = xf_hs[h, s]
            regime = regime_hs[h, s]
            # culling bounds per octave (double precision, as in _fastvec)
            if do_cull:
                for j in range(N_OCT + 1):
                    xo = 2.0 ** j
                    if scheme_code == 0:
                        xkm = xo * 1.0e-3
                        lk = math.log(xkm)
                        syo = 465.11628 * xkm * math.tan(0.017453293 * (cyk - dyk * lk))
                        jj = 0
                        while zbreak[k, jj] < xkm:
                            jj += 1
                        a = za[k, jj]
                        szo = 5000.0 if a < 0.0 else min(a * math.exp(zb[k, jj] * lk), 5000.0)
                    else:
                        syo = urb[k, 0] * xo / math.sqrt(1.0 + 0.0004 * xo)
                        szo = urb[k, 1] * xo * (1.0 + urb[k, 2] * xo) ** urb[k, 3]
                    if bid:
                        if xo >= xf:
                            dho = final
                        elif regime == 0:
                            dho = min(1.60 * np.cbrt(fb_hs[h, s] * xo * xo) / us, final)
                        else:
                            dho = final
                        e = dho / 3.5
                        syo = math.sqrt(syo * syo + e * e)
                        szo = math.sqrt(szo * szo + e * e)
                    ratio_y[j] = 1.01 * syo / xo
                    sig_z_hi[j] = 1.01 * szo
                d_vert = (hsp if gradual else he_f) - zmax_all
            # gather (double precision geometry)
            lo = down - half
            if lo < -math.pi:
                lo += 2.0 * math.pi
            hi = lo + 2.0 * half
            i0 = np.searchsorted(bearing_sorted[s], lo)
            if hi <= math.pi:
                n_iter = np.searchsorted(bearing_sorted[s], hi) - i0
            else:
                n_iter = n_rec - i0 + np.searchsorted(bearing_sorted[s], hi - 2.0 * math.pi)
            n = gather(s, i0, n_iter, rec_x_sorted, rec_y_sorted, rec_z_sorted, order, src_x[s], src_y[s],
                       sw, cw, min_x, tan_lim, do_cull, cutoff, ratio_y, sig_z_hi, d_vert, tx, ty_all, keep,
                       bx, by, bz, br)
            if n == 0:
                continue
            # sigmas in float32
            for i in range(n):
                lnx[i] = _log32(bx[i])
            if scheme_code == 0:
                b0, b1, b2, b3, b4 = zbreak[k, 0], zbreak[k, 1], zbreak[k, 2], zbreak[k, 3], zbreak[k, 4]
                b5, b6, b7, b8 = zbreak[k, 5], zbreak[k, 6], zbreak[k, 7], zbreak[k, 8]
                a0, a1, a2, a3, a4 = za32[k, 0], za32[k, 1], za32[k, 2], za32[k, 3], za32[k, 4]
                a5, a6, a7, a8, a9 = za32[k, 5], za32[k, 6], za32[k, 7], za32[k, 8], za32[k, 9]
                e0, e1, e2_, e3, e4 = zb32[k, 0], zb32[k, 1], zb32[k, 2], zb32[k, 3], zb32[k, 4]
                e5, e6, e7, e8, e9 = zb32[k, 5], zb32[k, 6], zb32[k, 7], zb32[k, 8], zb32[k, 9]
                for i in range(n):
                    xkm = bx[i] * C_KM
                    lk = lnx[i] + ln_km
                    syb[i] = C_SY * xkm * _tan32(C_TH * (cyk32 - dyk32 * lk))
                    # Table 1-2 segment by a chain of selects (vectorises; no gather); the
                    # comparison uses the double-precision x like the reference
                    xk64 = np.float64(bx[i]) * 1.0e-3
                    a = a0
                    e = e0
                    a = a1 if b0 < xk64 else a
                    e = e1 if b0 < xk64 else e
                    a = a2 if b1 < xk64 else a
                    e = e2_ if b1 < xk64 else e
                    a = a3 if b2 < xk64 else a
                    e = e3 if b2 < xk64 else e
                    a = a4 if b3 < xk64 else a
                    e = e4 if b3 < xk64 else e
                    a = a5 if b4 < xk64 else a
                    e = e5 if b4 < xk64 else e
                    a = a6 if b5 < xk64 else a
                    e = e6 if b5 < xk64 else e
                    a = a7 if b6 < xk64 else a
                    e = e7 if b6 < xk64 else e
                    a = a8 if b7 < xk64 else a
                    e = e8 if b7 < xk64 else e
                    a = a9 if b8 < xk64 else a
                    e = e9 if b8 < xk64 else e
                    sz = a * _exp32(e * lk)
                    sz = C_5000 if ((sz > C_5000) | (a < Z0)) else sz
                    szb[i] = sz
            else:
                ay_ = f4(urb[k, 0])
                az_ = f4(urb[k, 1])
                bz_ = f4(urb[k, 2])
                pz_ = urb[k, 3]
                for i in range(n):
                    x = bx[i]
                    syb[i] = ay_ * x / np.sqrt(ONE + C_0004 * x)
                    if pz_ == 0.0:
                        szb[i] = az_ * x
                    elif pz_ > 0.0:
                        szb[i] = az_ * x * np.sqrt(ONE + bz_ * x)
                    else:
                        szb[i] = az_ * x / np.sqrt(ONE + bz_ * x)
            # distance-dependent rise
            final32 = f4(final)
            xf32 = f4(xf)
            he32 = f4(he_f)
            if bid or gradual:
                if regime == 0:
                    c0 = f4(math.log(1.60 / us) + math.log(fb_hs[h, s]) / 3.0)
                    for i in range(n):
                        dh = _exp32(c0 + C_23 * lnx[i])
                        heb[i] = final32 if (bx[i] >= xf32 or dh > final32) else dh
                elif regime == 1:
                    bj = bj_hs[h, s]
                    c1 = f4(math.log(3.0 * fm_hs[h, s] / (bj * bj * us * us)) / 3.0)
                    for i in range(n):
                        dh = _exp32(c1 + lnx[i] * C_13)
                        heb[i] = final32 if (bx[i] >= xf32 or dh > final32) else dh
                else:
                    bj = bj_hs[h, s]
                    sqs = math.sqrt(s_hs[h, s])
                    for i in range(n):
                        x = np.float64(bx[i])
                        if x >= xf:
                            heb[i] = final32
                        else:
                            arg = min(x * sqs / us, 0.5 * math.pi)
                            dh = np.cbrt(3.0 * fm_hs[h, s] * math.sin(arg) / (bj * bj * us * sqs))
                            heb[i] = f4(min(dh, final))
                if bid:
                    for i in range(n):
                        e = heb[i] / C_35
                        e2 = e * e
                        syb[i] = np.sqrt(syb[i] * syb[i] + e2)
                        szb[i] = np.sqrt(szb[i] * szb[i] + e2)
                if gradual:
                    hsp32 = f4(hsp)
                    for i in range(n):
                        heb[i] = hsp32 + heb[i]
                else:
                    for i in range(n):
                        heb[i] = he32
            else:
                for i in range(n):
                    heb[i] = he32
            # vertical x lateral term (same algebra as _fastvec)
            inv = f4(1.0 / (2.0 * math.pi * us))
            zmax = Z0
            for i in range(n):
                zmax = max(zmax, bz[i])
            c16zi = C_16 * zi32 if lid else INF32
            zi_cmp = zi32 if lid else INF32
            if zmax == Z0:
                for i in range(n):
                    inv_sz = ONE / szb[i]
                    ty = by[i] / syb[i]
                    ay = HALF * ty * ty
                    be = heb[i] * inv_sz
                    uniform = szb[i] >= c16zi
                    arg = ay if uniform else ay + HALF * be * be
                    fac = SQRT_2PI * szb[i] / zi32 if uniform else TWO
                    base = _exp32(-arg) * fac
                    base = Z0 if ((ay > cut32) | (heb[i] > zi_cmp)) else base
                    vb[i] = base * inv * inv_sz / syb[i]
            else:
                for i in range(n):
                    inv_sz = ONE / szb[i]
                    ty = by[i] / syb[i]
                    ay = HALF * ty * ty
                    uniform = szb[i] >= c16zi
                    t1 = (bz[i] - heb[i]) * inv_sz
                    t2 = (bz[i] + heb[i]) * inv_sz
                    ey = _exp32(-ay)
                    both = _exp32(-(ay + HALF * t1 * t1)) + _exp32(-(ay + HALF * t2 * t2))
                    base = ey * SQRT_2PI * szb[i] / zi32 if uniform else both
                    base = Z0 if ((ay > cut32) | (heb[i] > zi_cmp)) else base
                    vb[i] = base * inv * inv_sz / syb[i]
            if lid:
                # image terms relative to exp(-ay): direct images by products (z = 0) or
                # explicitly (flagpole receptors)
                if zmax == Z0:
                    for i in range(n):
                        inv_sz = ONE / szb[i]
                        al = zi32 * inv_sz
                        be = heb[i] * inv_sz
                        t = TWO * al * (al - be)
                        rm = _exp32(-t)
                        e2 = _exp32(-TWO * al * al)
                        qq = e2 * e2
                        rp = qq / rm if rm > Z0 else Z0
                        uniform = szb[i] >= c16zi
                        rm = Z0 if uniform else rm
                        rp = Z0 if uniform else rp
                        vb[i] *= _image_series32(rm, rp, qq)
                else:
                    for ii in range(1, 11):
                        fi = f4(2.0 * ii) * zi32
                        for i in range(n):
                            if szb[i] >= C_16 * zi32 or heb[i] > zi32:
                                continue
                            inv_sz = ONE / szb[i]
                            ty = by[i] / syb[i]
                            ay = HALF * ty * ty
                            if ay > cut32:
                                continue
                            a = fi - heb[i]
                            c = fi + heb[i]
                            zr = bz[i]
                            ta = (zr - a) * inv_sz
                            tb = (zr + a) * inv_sz
                            tc = (zr - c) * inv_sz
                            td = (zr + c) * inv_sz
                            img = (_exp32(-(ay + HALF * ta * ta)) + _exp32(-(ay + HALF * tb * tb))
                                   + _exp32(-(ay + HALF * tc * tc)) + _exp32(-(ay + HALF * td * td)))
                            vb[i] += img * inv * inv_sz / syb[i]
            for i in range(n):
                chi = np.float64(vb[i])
                if chi > 0.0:
                    r = br[i]
                    for p in range(n_pol):
                        out[b, p, r] += q_sp[s, p] * chi
