"""SIMD-friendly (numba) kernel of the hourly point-source engine. Private: use models.air.engine.

Same equations as the vectorised numpy reference (point_source.py and the modules it uses), arranged so that
LLVM can vectorise the per-receptor arithmetic: for each source-hour the receptors inside the
50-degree window are first gathered into contiguous buffers, then every quantity is computed by
straight-line loops over the buffer. ``log``, ``exp`` and ``tan`` are evaluated by the
polynomial routines below (no library calls, so the loops vectorise); they are accurate to a few
units in the last place of double precision, far below the 1e-12 agreement required with the
reference path.

References
----------
.. [1] Cody, W.J. and Waite, W. (1980). Software Manual for the Elementary Functions.
   Prentice-Hall (argument reduction ``x = n ln2 + r`` for exp, ``x = 2**e m`` for log).
.. [2] Abramowitz, M. and Stegun, I.A. (1964). Handbook of Mathematical Functions, 4.1.27
   (ln m = 2 atanh((m-1)/(m+1)) series), 4.2.1 (exp series), 4.3.65-66 (sin, cos series).
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit, prange
from numba.core import types
from numba.extending import intrinsic

SQRT_2PI = math.sqrt(2.0 * math.pi)
TWO_PI = 2.0 * math.pi
LOG2E = 1.4426950408889634
LN2_HI = 0.6931471803691238
LN2_LO = 1.9082149292705877e-10
SQRT2 = math.sqrt(2.0)
TINY = 1e-150  # series terms below this (relative to the direct term) are dropped
N_OCT = 24  # octaves of downwind distance covered by the culling bounds (1 m .. 16,000 km)
MANT_MASK = np.int64(0x000FFFFFFFFFFFFF)
ONE_BITS = np.int64(0x3FF0000000000000)


@intrinsic
def _bits_to_f64(typingctx, bits):
    """Reinterpret an int64 as the float64 with the same bits (LLVM bitcast; vectorises)."""
    sig = types.float64(types.int64)

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], context.get_value_type(types.float64))

    return sig, codegen


@intrinsic
def _f64_to_bits(typingctx, value):
    """Reinterpret a float64 as the int64 with the same bits (LLVM bitcast; vectorises)."""
    sig = types.int64(types.float64)

    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], context.get_value_type(types.int64))

    return sig, codegen


@njit(cache=True, inline="always", error_model="numpy")
def _exp(z):
    """exp(z) by Cody-Waite reduction and a degree-13 Taylor polynomial (|r| <= ln2/2)."""
    z0 = z
    if z < -708.0:
        z = -708.0  # keeps 2**n a normal number; the result is set to 0 below
    if z > 709.0:
        z = 709.0
    n = math.floor(z * LOG2E + 0.5)
    r = (z - n * LN2_HI) - n * LN2_LO
    p = 1.0 / 6227020800.0
    p = p * r + 1.0 / 479001600.0
    p = p * r + 1.0 / 39916800.0
    p = p * r + 1.0 / 3628800.0
    p = p * r + 1.0 / 362880.0
    p = p * r + 1.0 / 40320.0
    p = p * r + 1.0 / 5040.0
    p = p * r + 1.0 / 720.0
    p = p * r + 1.0 / 120.0
    p = p * r + 1.0 / 24.0
    p = p * r + 1.0 / 6.0
    p = p * r + 0.5
    p = p * r + 1.0
    p = p * r + 1.0
    res = p * _bits_to_f64((np.int64(n) + 1023) << 52)
    return 0.0 if z0 < -708.0 else res


@njit(cache=True, inline="always", error_model="numpy")
def _tan(t):
    """tan(t) for 0 <= t < 0.9 rad as sin/cos Taylor series (truncation < 1e-17)."""
    t2 = t * t
    s = 1.0 / 355687428096000.0
    s = -s * t2 + 1.0 / 1307674368000.0
    s = -s * t2 + 1.0 / 6227020800.0
    s = -s * t2 + 1.0 / 39916800.0
    s = -s * t2 + 1.0 / 362880.0
    s = -s * t2 + 1.0 / 5040.0
    s = -s * t2 + 1.0 / 120.0
    s = -s * t2 + 1.0 / 6.0
    s = (1.0 - s * t2) * t
    c = 1.0 / 6402373705728000.0
    c = -c * t2 + 1.0 / 20922789888000.0
    c = -c * t2 + 1.0 / 87178291200.0
    c = -c * t2 + 1.0 / 479001600.0
    c = -c * t2 + 1.0 / 3628800.0
    c = -c * t2 + 1.0 / 40320.0
    c = -c * t2 + 1.0 / 720.0
    c = -c * t2 + 1.0 / 24.0
    c = -c * t2 + 0.5
    c = 1.0 - c * t2
    return s / c


@njit(cache=True, inline="always", error_model="numpy")
def _log(x):
    """ln(x) for positive normal x: exponent/mantissa split and the atanh series (|s| < 0.172)."""
    bits = _f64_to_bits(x)
    e = np.float64((bits >> 52) - 1023)
    m = _bits_to_f64((bits & MANT_MASK) | ONE_BITS)
    if m > SQRT2:
        m = m * 0.5
        e = e + 1.0
    s = (m - 1.0) / (m + 1.0)
    s2 = s * s
    p = 1.0 / 21.0
    p = p * s2 + 1.0 / 19.0
    p = p * s2 + 1.0 / 17.0
    p = p * s2 + 1.0 / 15.0
    p = p * s2 + 1.0 / 13.0
    p = p * s2 + 1.0 / 11.0
    p = p * s2 + 1.0 / 9.0
    p = p * s2 + 1.0 / 7.0
    p = p * s2 + 1.0 / 5.0
    p = p * s2 + 1.0 / 3.0
    p = p * s2 + 1.0
    return e * LN2_HI + (e * LN2_LO + 2.0 * s * p)


@njit(cache=True, inline="always", error_model="numpy")
def _image_series(rm, rp, qq):
    """1 + sum of ten image-pair ratios (a constant-trip loop that LLVM unrolls, so the caller's loop vectorises)."""
    # operands below TINY are flushed to zero so that no product is subnormal (slow)
    rm = 0.0 if rm < TINY else rm
    rp = 0.0 if rp < TINY else rp
    qq = 0.0 if qq < TINY else qq
    gm = 1.0
    gp = 1.0
    acc = 1.0
    for j in range(10):
        if j > 0:
            rm *= qq
            rp *= qq
            rm = 0.0 if rm < TINY else rm
            rp = 0.0 if rp < TINY else rp
        gm *= rm
        gp *= rp
        gm = 0.0 if gm < TINY else gm
        gp = 0.0 if gp < TINY else gp
        acc += gm + gp
    return acc


@njit(cache=True, inline="always", error_model="numpy")
def gather(s, i0, n_iter, rec_x_sorted, rec_y_sorted, rec_z_sorted, order, sxs, sys_, sw, cw, min_x, tan_lim,
           do_cull, cutoff, ratio_y, sig_z_hi, d_vert, tx, ty, keep, bx, by, bz, br):
    """Receptors of the bearing window [i0, i0 + n_iter) that pass the ISCST3 tests and the culling.

    Pass 1 (vectorisable) computes x, y and a keep flag over the one or two contiguous runs of the
    window; pass 2 compacts the kept receptors into bx, by, bz and their indices into br.
    Returns the number kept.
    """
    n_rec = rec_x_sorted.shape[1]
    two_c = 2.0 * cutoff
    first = min(n_iter, n_rec - i0)
    m = 0
    for part in range(2):
        start = i0 if part == 0 else 0
        length = first if part == 0 else n_iter - first
        for t in range(length):
            idx = start + t
            dxr = rec_x_sorted[s, idx] - sxs
            dyr = rec_y_sorted[s, idx] - sys_
            x = -(dxr * sw + dyr * cw)
            y = dxr * cw - dyr * sw
            ok = (x >= min_x) & (abs(y) <= tan_lim * x)
            if do_cull:
                xc = x if x >= 1.0 else 1.0
                j = min((_f64_to_bits(xc) >> 52) - 1023, N_OCT - 1)
                ry = ratio_y[j] * x
                sz = sig_z_hi[j + 1]
                ok = ok & (y * y <= two_c * ry * ry) & ((d_vert <= 0.0) | (d_vert * d_vert <= two_c * sz * sz))
            tx[m + t] = x
            ty[m + t] = y
            keep[m + t] = ok
        m += length
    n = 0
    for t in range(m):
        if keep[t]:
            idx = i0 + t
            if idx >= n_rec:
                idx -= n_rec
            bx[n] = tx[t]
            by[n] = ty[t]
            bz[n] = rec_z_sorted[s, idx]
            br[n] = order[s, idx]
            n += 1
    return n


@njit(cache=True, parallel=True, error_model="numpy")
def hours_block(hours, out, kcls, zi_h, sinw, cosw,
                us_hs, hsp_hs, he_hs, final_hs, xf_hs, regime_hs, fb_hs, fm_hs, s_hs, bj_hs,
                src_x, src_y, q_sp, rec_x_sorted, rec_y_sorted, rec_z_sorted, order, bearing_sorted,
                scheme_code, bid, gradual, cutoff, tan_lim, min_x,
                cy, dy, zbreak, za, zb, urb):
    """Concentrations for ``hours`` into ``out[b, p, r]`` (g/m3); parallel over hours."""
    nb = hours.shape[0]
    n_src = src_x.shape[0]
    n_rec = rec_x_sorted.shape[1]
    n_pol = q_sp.shape[1]
    half = math.radians(50.5)  # bisection window; the exact 50-degree test follows
    ln_km = math.log(1.0e-3)
    do_cull = cutoff < 1e300
    zmax_all = 0.0
    for i in range(rec_z_sorted.shape[1]):
        zmax_all = max(zmax_all, rec_z_sorted[0, i])
    for b in prange(nb):
        bx = np.empty(n_rec)
        by = np.empty(n_rec)
        bz = np.empty(n_rec)
        br = np.empty(n_rec, dtype=np.int64)
        tx = np.empty(n_rec)
        ty_all = np.empty(n_rec)
        keep = np.empty(n_rec, dtype=np.bool_)
        lnx = np.empty(n_rec)
        syb = np.empty(n_rec)
        szb = np.empty(n_rec)
        heb = np.empty(n_rec)
        vb = np.empty(n_rec)
        h = hours[b]
        k = kcls[h]
        lid = k <= 3
        zi = zi_h[h]
        sw = sinw[h]
        cw = cosw[h]
        down = math.atan2(-sw, -cw)
        cyk = cy[k]
        dyk = dy[k]
        ratio_y = np.empty(N_OCT + 1)
        sig_z_hi = np.empty(N_OCT + 1)
        d_vert = 0.0
        for s in range(n_src):
            he_f = he_hs[h, s]
            if lid and he_f > zi and not gradual:
                continue  # plume above the lid: zero at the ground (ISC3, A-D)
            us = us_hs[h, s]
            hsp = hsp_hs[h, s]
            final = final_hs[h, s]
            xf = xf_hs[h, s]
            regime = regime_hs[h, s]
            inv = 1.0 / (TWO_PI * us)
            # 0. culling bounds per octave of x (2**j <= x < 2**(j+1)): sigma_y_e/x decreases with
            #    x and sigma_z_e increases, so ratio_y[j] bounds sigma_y_e/x from above and
            #    sig_z_hi[j] bounds sigma_z_e from above within octave j (1 % margin for the
            #    tiny steps of the sigma_z fits at their breakpoints).
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
                            dho = final  # momentum: bounded by the final rise
                        e = dho / 3.5
                        syo = math.sqrt(syo * syo + e * e)
                        szo = math.sqrt(szo * szo + e * e)
                    ratio_y[j] = 1.01 * syo / xo
                    sig_z_hi[j] = 1.01 * szo
                if gradual:
                    d_vert = hsp - zmax_all
                else:
                    d_vert = he_f - zmax_all
            # 1. gather the receptors inside the 50-degree window (bisection on sorted bearings)
            lo = down - half
            if lo < -math.pi:
                lo += TWO_PI
            hi = lo + 2.0 * half
            i0 = np.searchsorted(bearing_sorted[s], lo)
            if hi <= math.pi:
                n_iter = np.searchsorted(bearing_sorted[s], hi) - i0
            else:
                n_iter = n_rec - i0 + np.searchsorted(bearing_sorted[s], hi - TWO_PI)
            n = gather(s, i0, n_iter, rec_x_sorted, rec_y_sorted, rec_z_sorted, order, src_x[s], src_y[s],
                       sw, cw, min_x, tan_lim, do_cull, cutoff, ratio_y, sig_z_hi, d_vert, tx, ty_all, keep,
                       bx, by, bz, br)
            if n == 0:
                continue
            # 2. ln x, then sigmas (vectorised loops)
            for i in range(n):
                lnx[i] = _log(bx[i])
            if scheme_code == 0:
                b0, b1, b2, b3, b4 = zbreak[k, 0], zbreak[k, 1], zbreak[k, 2], zbreak[k, 3], zbreak[k, 4]
                b5, b6, b7, b8 = zbreak[k, 5], zbreak[k, 6], zbreak[k, 7], zbreak[k, 8]
                a0, a1, a2, a3, a4 = za[k, 0], za[k, 1], za[k, 2], za[k, 3], za[k, 4]
                a5, a6, a7, a8, a9 = za[k, 5], za[k, 6], za[k, 7], za[k, 8], za[k, 9]
                e0, e1, e2_, e3, e4 = zb[k, 0], zb[k, 1], zb[k, 2], zb[k, 3], zb[k, 4]
                e5, e6, e7, e8, e9 = zb[k, 5], zb[k, 6], zb[k, 7], zb[k, 8], zb[k, 9]
                for i in range(n):
                    xkm = bx[i] * 1.0e-3
                    lk = lnx[i] + ln_km
                    syb[i] = 465.11628 * xkm * _tan(0.017453293 * (cyk - dyk * lk))
                    # Table 1-2 segment by a chain of selects (vectorises; no gather)
                    a = a0
                    e = e0
                    a = a1 if b0 < xkm else a
                    e = e1 if b0 < xkm else e
                    a = a2 if b1 < xkm else a
                    e = e2_ if b1 < xkm else e
                    a = a3 if b2 < xkm else a
                    e = e3 if b2 < xkm else e
                    a = a4 if b3 < xkm else a
                    e = e4 if b3 < xkm else e
                    a = a5 if b4 < xkm else a
                    e = e5 if b4 < xkm else e
                    a = a6 if b5 < xkm else a
                    e = e6 if b5 < xkm else e
                    a = a7 if b6 < xkm else a
                    e = e7 if b6 < xkm else e
                    a = a8 if b7 < xkm else a
                    e = e8 if b7 < xkm else e
                    a = a9 if b8 < xkm else a
                    e = e9 if b8 < xkm else e
                    sz = a * _exp(e * lk)
                    sz = 5000.0 if ((sz > 5000.0) | (a < 0.0)) else sz
                    szb[i] = sz
            else:
                ay_ = urb[k, 0]
                az_ = urb[k, 1]
                bz_ = urb[k, 2]
                pz_ = urb[k, 3]
                for i in range(n):
                    x = bx[i]
                    syb[i] = ay_ * x / math.sqrt(1.0 + 0.0004 * x)
                    if pz_ == 0.0:
                        szb[i] = az_ * x
                    elif pz_ > 0.0:
                        szb[i] = az_ * x * math.sqrt(1.0 + bz_ * x)
                    else:
                        szb[i] = az_ * x / math.sqrt(1.0 + bz_ * x)
            # 3. distance-dependent rise: BID and (optionally) the plume height
            if bid or gradual:
                if regime == 0:
                    c0 = math.log(1.60 / us) + math.log(fb_hs[h, s]) / 3.0
                    for i in range(n):
                        dh = _exp(c0 + (2.0 / 3.0) * lnx[i])
                        heb[i] = final if (bx[i] >= xf or dh > final) else dh
                elif regime == 1:
                    bj = bj_hs[h, s]
                    c1 = math.log(3.0 * fm_hs[h, s] / (bj * bj * us * us)) / 3.0
                    for i in range(n):
                        dh = _exp(c1 + lnx[i] / 3.0)
                        heb[i] = final if (bx[i] >= xf or dh > final) else dh
                else:
                    bj = bj_hs[h, s]
                    sqs = math.sqrt(s_hs[h, s])
                    for i in range(n):
                        x = bx[i]
                        if x >= xf:
                            heb[i] = final
                        else:
                            arg = min(x * sqs / us, 0.5 * math.pi)
                            dh = np.cbrt(3.0 * fm_hs[h, s] * math.sin(arg) / (bj * bj * us * sqs))
                            heb[i] = min(dh, final)
                if bid:
                    for i in range(n):
                        e = heb[i] / 3.5
                        e2 = e * e
                        syb[i] = math.sqrt(syb[i] * syb[i] + e2)
                        szb[i] = math.sqrt(szb[i] * szb[i] + e2)
                if gradual:
                    for i in range(n):
                        heb[i] = hsp + heb[i]
                else:
                    for i in range(n):
                        heb[i] = he_f
            else:
                for i in range(n):
                    heb[i] = he_f
            # 4. vertical term (ISC3 eqs. 1-50, 1-51) times the lateral term
            zmax = 0.0
            for i in range(n):
                zmax = max(zmax, bz[i])
            if zmax == 0.0:
                # ground-level receptors. With a = zi/sz, b = he/sz the lid images are
                # exp(-(2ia -+ b)**2 / 2) = exp(-b**2/2) * prod of ratios; the ratios
                # exp(-2a(a -+ b)) exp(-4a**2 (i-1)) are <= 1 (he <= zi), so the series needs
                # three exponentials, and the direct term merges with the lateral one.
                # pass 1: merged direct x lateral exponential, image ratios
                c16zi = 1.6 * zi if lid else np.inf
                zi_cmp = zi if lid else np.inf
                for i in range(n):
                    inv_sz = 1.0 / szb[i]
                    ty = by[i] / syb[i]
                    ay = 0.5 * ty * ty
                    be = heb[i] * inv_sz
                    uniform = szb[i] >= c16zi
                    arg = ay if uniform else ay + 0.5 * be * be
                    fac = SQRT_2PI * szb[i] / zi if uniform else 2.0
                    base = _exp(-arg) * fac
                    # exp(-650) ~ 5e-283 of the centre value: flushing keeps products normal
                    base = 0.0 if ((ay > cutoff) | (heb[i] > zi_cmp) | (arg > 650.0)) else base
                    vb[i] = base * inv * inv_sz / syb[i]
                if lid:
                    for i in range(n):
                        inv_sz = 1.0 / szb[i]
                        al = zi * inv_sz
                        be = heb[i] * inv_sz
                        t = 2.0 * al * (al - be)
                        rm = _exp(-t)
                        qq = _exp(-4.0 * al * al)  # direct: squaring could make a (slow) subnormal
                        rp = qq / rm if rm > 0.0 else 0.0
                        uniform = szb[i] >= c16zi
                        rm = 0.0 if uniform else rm
                        rp = 0.0 if uniform else rp
                        vb[i] *= _image_series(rm, rp, qq)
            else:
                for i in range(n):
                    t1 = (bz[i] - heb[i]) / szb[i]
                    t2 = (bz[i] + heb[i]) / szb[i]
                    vb[i] = _exp(-0.5 * t1 * t1) + _exp(-0.5 * t2 * t2)
                if lid:
                    for ii in range(1, 11):
                        for i in range(n):
                            a = 2.0 * ii * zi - heb[i]
                            c = 2.0 * ii * zi + heb[i]
                            zr = bz[i]
                            ta = (zr - a) / szb[i]
                            tb = (zr + a) / szb[i]
                            tc = (zr - c) / szb[i]
                            td = (zr + c) / szb[i]
                            vb[i] += (_exp(-0.5 * ta * ta) + _exp(-0.5 * tb * tb)
                                      + _exp(-0.5 * tc * tc) + _exp(-0.5 * td * td))
                    for i in range(n):
                        if szb[i] >= 1.6 * zi:
                            vb[i] = SQRT_2PI * szb[i] / zi
                        if heb[i] > zi:
                            vb[i] = 0.0
                for i in range(n):
                    ty = by[i] / syb[i]
                    ay = 0.5 * ty * ty
                    chi = vb[i] * _exp(-ay) * inv / (syb[i] * szb[i])
                    vb[i] = chi if ay <= cutoff else 0.0
            # 5. scatter into the hour's field
            for i in range(n):
                chi = vb[i]
                if chi > 0.0:
                    r = br[i]
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
