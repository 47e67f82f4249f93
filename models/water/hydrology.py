"""Design flows by hydrological frequency analysis (Pearson type III), as in Chinese practice.

The design low flow for a water-environment capacity calculation (设计水文条件) is, by the
national guide, either the driest-month mean flow at 90 % guarantee (90 %保证率最枯月平均流量)
or the mean of the driest-month flows of the last 10 years (近10年最枯月平均流量). The 90 % value
comes from a frequency analysis of the annual series of driest-month flows with the Pearson
type III (P-III) distribution, the curve prescribed by SL 278 / GB 50201 practice in China.

References
----------
.. [1] 詹道江, 徐向阳, 陈元芳 (2010). 《工程水文学》(第4版). 中国水利水电出版社, 第6章
   (频率计算: 经验频率 P = m/(n+1); 皮尔逊III型曲线, 离均系数 Φ_P, 模比系数 K_P = 1 + Cv Φ_P;
   矩法 Cv = sqrt(Σ(K-1)²/(n-1)), Cs = Σ(K-1)³/((n-3) Cv³); 适线法). Appendix 3
   (P-III 离均系数 Φ 值表).
.. [2] SL 278-2002, 水利水电工程水文计算规范, 4.x (频率曲线线型采用 P-III 型; 经验频率 m/(n+1)).
.. [3] 国家环境保护总局 (2003). 《全国水环境容量核定技术指南》, 设计水文条件
   (90%保证率最枯月平均流量或近10年最枯月平均流量).
.. [4] Hosking, J. R. M. and Wallis, J. R. (1997). Regional Frequency Analysis: An Approach Based
   on L-Moments. Cambridge University Press, Appendix A.9 (Pearson type III: L-moment
   estimators, rational approximations for alpha).
"""
from __future__ import annotations

import math

import numpy as np
from scipy import optimize, special, stats

__all__ = [
    "empirical_frequency",
    "pearson3_frequency_factor",
    "pearson3_quantile",
    "pearson3_exceedance",
    "moment_parameters",
    "sample_l_moments",
    "lmoment_parameters",
    "curve_fit_parameters",
    "fit_pearson3",
    "PEARSON3_FIT_METHODS",
    "driest_month_flows",
    "design_flow_frequency",
    "design_flow_recent_mean",
]


def _series(name: str, values) -> np.ndarray:
    arr = np.asarray(values, dtype=float).ravel()
    if arr.size == 0:
        raise ValueError(f"{name}: empty series; expected at least one value")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: contains NaN or infinite values; expected finite numbers")
    return arr


def empirical_frequency(n):
    """Empirical exceedance frequency (经验频率) of the m-th largest of n values, P = m/(n+1).

    Parameters
    ----------
    n : int
        Series length (>= 1).

    Returns
    -------
    ndarray
        P for m = 1..n (ranked in decreasing order of magnitude), as fractions.

    References
    ----------
    .. [1] 《工程水文学》(第4版), 第6章 经验频率 (数学期望公式) P = m/(n+1).
    .. [2] SL 278-2002 (经验频率 P = m/(n+1)).
    """
    n = int(n)
    if n < 1:
        raise ValueError(f"n={n}: expected a series length >= 1")
    return np.arange(1, n + 1, dtype=float) / (n + 1.0)


def pearson3_frequency_factor(cs, p):
    """Pearson III frequency factor (离均系数) Φ_P for skew Cs and exceedance probability P.

    With shape alpha = 4/Cs², the standardised variate is Φ = (Cs/2) Y - 2/Cs where
    Y ~ Gamma(alpha); P(X >= x_P) = P. Cs = 0 is the normal limit, negative Cs the mirror image.

    Parameters
    ----------
    cs : array_like
        Coefficient of skewness Cs.
    p : array_like
        Exceedance probability as a fraction, 0 < p < 1 (0.9 for the 90 % guarantee).

    Returns
    -------
    ndarray or float
        Φ_P (dimensionless); the quantile is x_P = mean (1 + Cv Φ_P).

    References
    ----------
    .. [1] 《工程水文学》(第4版), 第6章 and Appendix 3 (P-III 离均系数 Φ 值表), e.g. Cs = 1.0:
       Φ(1 %) = 3.02, Φ(90 %) = -1.13.
    """
    cs = np.asarray(cs, dtype=float)
    p = np.asarray(p, dtype=float)
    if np.any(~((p > 0) & (p < 1))):
        raise ValueError(f"p={p.tolist()}: expected exceedance probabilities strictly between 0 and 1")
    cs, p = np.broadcast_arrays(cs, p)
    out = np.empty(cs.shape, dtype=float)
    small = np.abs(cs) < 1e-6
    out[small] = stats.norm.isf(p[small])
    big = ~small
    if np.any(big):
        c = cs[big]
        alpha = 4.0 / (c * c)
        # exceedance p of X is exceedance p of Y for Cs > 0, non-exceedance p for Cs < 0
        y = np.where(c > 0, special.gammainccinv(alpha, p[big]), special.gammaincinv(alpha, p[big]))
        out[big] = np.abs(c) / 2.0 * y * np.sign(c) - 2.0 / c
    return out if out.ndim else float(out)


def pearson3_quantile(mean, cv, cs, p):
    """Design value x_P = mean (1 + Cv Φ_P) of a Pearson III distribution.

    Parameters
    ----------
    mean : array_like
        Mean of the series (e.g. m3/s).
    cv : array_like
        Coefficient of variation Cv (>= 0).
    cs : array_like
        Coefficient of skewness Cs.
    p : array_like
        Exceedance probability (guarantee), fraction in (0, 1).

    Returns
    -------
    ndarray or float
        x_P in the unit of ``mean``.

    References
    ----------
    .. [1] 《工程水文学》(第4版), 第6章 (K_P = 1 + Cv Φ_P, x_P = K_P x̄).
    """
    cv_arr = np.asarray(cv, dtype=float)
    if np.any(cv_arr < 0):
        raise ValueError(f"cv={cv_arr.tolist()}: expected a coefficient of variation >= 0")
    res = np.asarray(mean, dtype=float) * (1.0 + cv_arr * np.asarray(pearson3_frequency_factor(cs, p)))
    return res if res.ndim else float(res)


def pearson3_exceedance(x, mean, cv, cs):
    """Exceedance probability P(X >= x) of a Pearson III distribution (inverse of the quantile).

    References
    ----------
    .. [1] 《工程水文学》(第4版), 第6章 (P-III 分布函数).
    """
    x = np.asarray(x, dtype=float)
    if cv <= 0:
        raise ValueError(f"cv={cv}: expected a coefficient of variation > 0")
    phi = (x / mean - 1.0) / cv
    if abs(cs) < 1e-6:
        return stats.norm.sf(phi)
    alpha = 4.0 / cs**2
    y = (phi + 2.0 / cs) * 2.0 / cs  # Y = (Φ + 2/Cs) (2/Cs), valid for both signs with sign below
    if cs > 0:
        return np.where(y <= 0, 1.0, special.gammaincc(alpha, np.maximum(y, 0.0)))
    return np.where(y <= 0, 0.0, special.gammainc(alpha, np.maximum(y, 0.0)))


def moment_parameters(values):
    """Moment estimates (矩法) of mean, Cv and Cs with the unbiased forms of Chinese practice.

    Cv = sqrt(Σ(K_i - 1)² / (n - 1)),  Cs = Σ(K_i - 1)³ / ((n - 3) Cv³),  K_i = x_i / x̄.

    Parameters
    ----------
    values : array_like
        The annual series (n >= 4), positive mean.

    Returns
    -------
    (mean, cv, cs) : tuple of float

    References
    ----------
    .. [1] 《工程水文学》(第4版), 第6章 矩法估计参数 (无偏估计式).
    """
    x = _series("values", values)
    n = x.size
    if n < 4:
        raise ValueError(f"values: {n} values; the moment estimate of Cs needs at least 4")
    mean = float(x.mean())
    if mean <= 0:
        raise ValueError(f"values: mean {mean:g} <= 0; expected a positive series (flows)")
    k = x / mean
    cv = math.sqrt(float(np.sum((k - 1.0) ** 2)) / (n - 1))
    if cv == 0:
        return mean, 0.0, 0.0
    cs = float(np.sum((k - 1.0) ** 3)) / ((n - 3) * cv**3)
    return mean, cv, cs


def sample_l_moments(values):
    """Unbiased sample L-moments l1, l2 and L-skewness t3 from probability-weighted moments.

    References
    ----------
    .. [1] Hosking and Wallis (1997), section 2.4 (b_r estimators; l1 = b0, l2 = 2b1 - b0,
       l3 = 6b2 - 6b1 + b0).
    """
    x = np.sort(_series("values", values))
    n = x.size
    if n < 3:
        raise ValueError(f"values: {n} values; L-moments up to order 3 need at least 3")
    j = np.arange(1, n + 1, dtype=float)
    b0 = x.mean()
    b1 = np.sum((j - 1) / (n - 1) * x) / n
    b2 = np.sum((j - 1) * (j - 2) / ((n - 1) * (n - 2)) * x) / n
    l1 = b0
    l2 = 2 * b1 - b0
    l3 = 6 * b2 - 6 * b1 + b0
    return float(l1), float(l2), float(l3 / l2) if l2 > 0 else 0.0


def lmoment_parameters(values):
    """Pearson III mean, Cv and Cs from sample L-moments (Hosking's rational approximations).

    References
    ----------
    .. [1] Hosking and Wallis (1997), Appendix A.9: for |t3| >= 1/3, T = 1 - |t3|,
       alpha = T(0.36067 - 0.59567 T + 0.25361 T²)/(1 - 2.78861 T + 2.56096 T² - 0.77045 T³);
       for |t3| < 1/3, T = 3 pi t3², alpha = (1 + 0.2906 T)/(T (1 + 0.1882 T + 0.0442 T²));
       gamma = 2 sign(t3)/sqrt(alpha), sigma = l2 sqrt(pi) sqrt(alpha) Γ(alpha)/Γ(alpha + 1/2).
    """
    l1, l2, t3 = sample_l_moments(values)
    if l1 <= 0:
        raise ValueError(f"values: mean {l1:g} <= 0; expected a positive series (flows)")
    if l2 <= 0:
        return l1, 0.0, 0.0
    at3 = abs(t3)
    if at3 < 1e-6:
        return l1, l2 * math.sqrt(math.pi) / l1, 0.0
    if at3 >= 1.0 / 3.0:
        t = 1.0 - at3
        alpha = t * (0.36067 + t * (-0.59567 + t * 0.25361)) / (1.0 + t * (-2.78861 + t * (2.56096 - t * 0.77045)))
    else:
        t = 3.0 * math.pi * t3 * t3
        alpha = (1.0 + 0.2906 * t) / (t * (1.0 + t * (0.1882 + 0.0442 * t)))
    gamma = 2.0 / math.sqrt(alpha) * math.copysign(1.0, t3)
    sigma = l2 * math.sqrt(math.pi) * math.sqrt(alpha) * math.exp(special.gammaln(alpha) - special.gammaln(alpha + 0.5))
    return l1, sigma / l1, gamma


def curve_fit_parameters(values, *, cs_cv_ratio=None):
    """Curve fitting (适线法): least-squares fit of the P-III curve to the empirical points.

    The mean is fixed at the sample mean (the usual practice); Cv and Cs (or Cv alone, with
    Cs = ``cs_cv_ratio`` x Cv, e.g. 2.0) minimise the squared differences between the ranked
    sample and the P-III quantiles at the empirical frequencies P = m/(n+1).

    References
    ----------
    .. [1] 《工程水文学》(第4版), 第6章 适线法 (目估适线 / 优化适线, 离差平方和最小准则).
    .. [2] SL 278-2002 (适线法确定统计参数; 经验频率 m/(n+1)).
    """
    x = _series("values", values)
    n = x.size
    if n < 4:
        raise ValueError(f"values: {n} values; curve fitting needs at least 4")
    mean0, cv0, cs0 = moment_parameters(x)
    if cv0 == 0:
        return mean0, 0.0, 0.0
    ranked = np.sort(x)[::-1]
    p = empirical_frequency(n)

    if cs_cv_ratio is not None:
        if cs_cv_ratio < 0:
            raise ValueError(f"cs_cv_ratio={cs_cv_ratio}: expected a ratio Cs/Cv >= 0")

        def sse1(cv):
            return float(np.sum((pearson3_quantile(mean0, cv, cs_cv_ratio * cv, p) - ranked) ** 2))

        res = optimize.minimize_scalar(sse1, bounds=(1e-4, 3.0), method="bounded", options={"xatol": 1e-7})
        return mean0, float(res.x), float(cs_cv_ratio * res.x)

    def sse(theta):
        cv, cs = theta
        if cv <= 0:
            return 1e300
        return float(np.sum((pearson3_quantile(mean0, cv, cs, p) - ranked) ** 2))

    res = optimize.minimize(sse, x0=[cv0, cs0], method="Nelder-Mead", options={"xatol": 1e-7, "fatol": 1e-12, "maxiter": 4000})
    return mean0, float(res.x[0]), float(res.x[1])


#: Parameter-estimation methods of :func:`fit_pearson3`, chosen by name.
PEARSON3_FIT_METHODS = {
    "moments": lambda v, **kw: moment_parameters(v),
    "l-moments": lambda v, **kw: lmoment_parameters(v),
    "curve-fit": lambda v, **kw: curve_fit_parameters(v, **kw),
}


def fit_pearson3(values, method="curve-fit", **kwargs):
    """Fit P-III parameters (mean, Cv, Cs) by ``method`` ("moments", "l-moments", "curve-fit").

    References
    ----------
    .. [1] 《工程水文学》(第4版), 第6章 (矩法, 适线法).
    .. [2] Hosking and Wallis (1997), Appendix A.9 (L-moments).
    """
    if method not in PEARSON3_FIT_METHODS:
        raise ValueError(f"method={method!r}: unknown; expected one of {sorted(PEARSON3_FIT_METHODS)}")
    return PEARSON3_FIT_METHODS[method](values, **kwargs)


def driest_month_flows(years, months, flows_m3_s):
    """Each year's driest-month mean flow from a complete monthly series.

    Parameters
    ----------
    years, months : array_like of int
        Calendar year and month (1-12) of each monthly mean.
    flows_m3_s : array_like
        Monthly mean flows, m3/s (>= 0).

    Returns
    -------
    (year_list, driest_m3_s) : tuple of ndarray
        Years in increasing order and their minimum monthly mean flow.

    Raises
    ------
    ValueError
        If a year lacks a month, a month repeats, or a flow is negative or not finite (the
        missing months are named; nothing is filled).

    References
    ----------
    .. [1] 《全国水环境容量核定技术指南》(2003), 设计水文条件 (最枯月平均流量).
    """
    y = np.asarray(years, dtype=int).ravel()
    m = np.asarray(months, dtype=int).ravel()
    q = _series("flows_m3_s", flows_m3_s)
    if not (y.size == m.size == q.size):
        raise ValueError(f"years, months, flows_m3_s: lengths {y.size}, {m.size}, {q.size} differ")
    if np.any((m < 1) | (m > 12)):
        bad = sorted(set(m[(m < 1) | (m > 12)].tolist()))
        raise ValueError(f"months: {bad} outside 1-12")
    if np.any(q < 0):
        i = int(np.argmax(q < 0))
        raise ValueError(f"flows_m3_s: negative flow {q[i]:g} in {y[i]}-{m[i]:02d}; expected >= 0")
    problems = []
    out_years = np.unique(y)
    driest = np.empty(out_years.size)
    for i, yr in enumerate(out_years):
        sel = y == yr
        present = m[sel]
        missing = sorted(set(range(1, 13)) - set(present.tolist()))
        dup = sorted({int(v) for v in present if np.sum(present == v) > 1})
        if missing:
            problems.append(f"{yr}: missing month(s) {missing}")
        if dup:
            problems.append(f"{yr}: repeated month(s) {dup}")
        driest[i] = q[sel].min()
    if problems:
        raise ValueError("monthly flow series incomplete: " + "; ".join(problems))
    return out_years, driest


def design_flow_frequency(driest_flows_m3_s, guarantee=0.9, method="curve-fit", **kwargs):
    """Design low flow at a guarantee rate (保证率) from the annual driest-month series.

    Returns the P-III quantile with exceedance probability ``guarantee`` (90 %保证率最枯月平均流量)
    together with the fitted parameters.

    Returns
    -------
    dict
        ``design_flow_m3_s``, ``mean_m3_s``, ``cv``, ``cs``, ``cs_cv_ratio``, ``method``, ``n``,
        ``guarantee``; negative quantiles (possible with a large Cv and small Cs) are reported
        as a ValueError, not clipped.

    References
    ----------
    .. [1] 《全国水环境容量核定技术指南》(2003), 设计水文条件.
    .. [2] 《工程水文学》(第4版), 第6章 (P-III 频率计算).
    """
    if not 0 < guarantee < 1:
        raise ValueError(f"guarantee={guarantee}: expected a fraction between 0 and 1 (0.9 for 90 %)")
    q = _series("driest_flows_m3_s", driest_flows_m3_s)
    mean, cv, cs = fit_pearson3(q, method=method, **kwargs)
    qp = float(pearson3_quantile(mean, cv, cs, guarantee))
    if qp <= 0:
        raise ValueError(
            f"the fitted P-III curve (mean {mean:.4g}, Cv {cv:.3f}, Cs {cs:.3f}) gives a non-positive "
            f"{guarantee:.0%} flow ({qp:.4g} m3/s); fix Cs/Cv (cs_cv_ratio) or give the design flow"
        )
    return {
        "design_flow_m3_s": qp,
        "mean_m3_s": mean,
        "cv": cv,
        "cs": cs,
        "cs_cv_ratio": cs / cv if cv > 0 else None,
        "method": method,
        "n": int(q.size),
        "guarantee": guarantee,
    }


def design_flow_recent_mean(years, driest_flows_m3_s, n_years=10):
    """Mean of the driest-month flows of the last ``n_years`` years (近10年最枯月平均流量).

    Raises ValueError if fewer than ``n_years`` consecutive final years are available.

    References
    ----------
    .. [1] 《全国水环境容量核定技术指南》(2003), 设计水文条件 (近10年最枯月平均流量).
    """
    y = np.asarray(years, dtype=int).ravel()
    q = _series("driest_flows_m3_s", driest_flows_m3_s)
    order = np.argsort(y)
    y, q = y[order], q[order]
    if y.size < n_years:
        raise ValueError(f"only {y.size} complete year(s) of flows; the last-{n_years}-years mean needs {n_years}")
    last = y[-n_years:]
    if last[-1] - last[0] != n_years - 1:
        gaps = sorted(set(range(int(last[0]), int(last[-1]) + 1)) - set(last.tolist()))
        raise ValueError(f"the last {n_years} years are not consecutive (missing {gaps})")
    return float(q[-n_years:].mean())
