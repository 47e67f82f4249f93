"""Frequency analysis for design low flows (models.water.hydrology)."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from scipy import integrate, stats

from models.water import hydrology as hy

# 《工程水文学》(詹道江 等, 第4版, 2010), 附录3 皮尔逊III型曲线离均系数 Φ 值表 (published, 2 decimals);
# the same factors appear to 3 decimals in Chow, Maidment and Mays (1988), Applied Hydrology, Table 12.3.1.
PHI_TABLE = [
    # Cs, P, Φ
    (0.0, 0.01, 2.33), (0.0, 0.90, -1.28), (0.0, 0.50, 0.00),
    (0.5, 0.01, 2.69), (0.5, 0.90, -1.22), (0.5, 0.50, -0.08),
    (1.0, 0.01, 3.02), (1.0, 0.10, 1.34), (1.0, 0.50, -0.16), (1.0, 0.90, -1.13), (1.0, 0.95, -1.32), (1.0, 0.99, -1.59),
    (2.0, 0.01, 3.61), (2.0, 0.50, -0.31), (2.0, 0.90, -0.90), (2.0, 0.95, -0.95), (2.0, 0.99, -0.99),
]


@pytest.mark.parametrize("cs,p,phi", PHI_TABLE)
def test_frequency_factor_matches_published_phi_table(cs, p, phi):
    assert hy.pearson3_frequency_factor(cs, p) == pytest.approx(phi, abs=0.006)


def test_modulus_coefficient_cs_2cv():
    # 《工程水文学》附录 P-III 模比系数 K_P 表 (Cs = 2Cv): Cv = 0.30, P = 90 % -> K_P = 0.64
    assert hy.pearson3_quantile(1.0, 0.30, 0.60, 0.90) == pytest.approx(0.64, abs=0.005)


def test_empirical_frequency():
    assert hy.empirical_frequency(4).tolist() == pytest.approx([0.2, 0.4, 0.6, 0.8])
    with pytest.raises(ValueError, match="n=0"):
        hy.empirical_frequency(0)


def test_negative_skew_is_mirror():
    assert hy.pearson3_frequency_factor(-0.5, 0.9) == pytest.approx(-hy.pearson3_frequency_factor(0.5, 0.1))


def test_frequency_factor_rejects_bad_p():
    with pytest.raises(ValueError, match="p="):
        hy.pearson3_frequency_factor(1.0, 1.0)


def test_moment_parameters_hand_example():
    # x = 1, 2, 3, 10: mean 4; K = .25,.5,.75,2.5; sum (K-1)^2 = 3.125, Cv = sqrt(3.125/3);
    # sum (K-1)^3 = -0.421875 - 0.125 - 0.015625 + 3.375 = 2.8125; Cs = 2.8125/(1 * Cv^3)
    mean, cv, cs = hy.moment_parameters([1, 2, 3, 10])
    cv_ref = np.sqrt(3.125 / 3)
    assert mean == 4.0
    assert cv == pytest.approx(cv_ref)
    assert cs == pytest.approx(2.8125 / cv_ref**3)


def _pe3_lmoments(mean, cv, cs):
    q = lambda f: hy.pearson3_quantile(mean, cv, cs, 1 - f)
    l1 = integrate.quad(q, 0, 1, limit=200)[0]
    l2 = integrate.quad(lambda f: q(f) * (2 * f - 1), 0, 1, limit=200)[0]
    l3 = integrate.quad(lambda f: q(f) * (6 * f * f - 6 * f + 1), 0, 1, limit=200)[0]
    return l1, l2, l3 / l2


@pytest.mark.parametrize("cs", [0.3, 1.0, 2.0, 3.5])
def test_lmoment_estimator_recovers_population(cs, monkeypatch):
    # feed the population L-moments through the estimator: Hosking's approximation is accurate
    # to better than 5e-5 in alpha (Hosking and Wallis 1997, A.9), so Cs and Cv return closely.
    l1, l2, t3 = _pe3_lmoments(10.0, 0.3, cs)
    monkeypatch.setattr(hy, "sample_l_moments", lambda v: (l1, l2, t3))
    mean, cv, cs_hat = hy.lmoment_parameters([1.0, 2.0, 3.0])
    assert mean == pytest.approx(10.0, rel=1e-6)
    assert cv == pytest.approx(0.3, rel=2e-3)
    assert cs_hat == pytest.approx(cs, rel=2e-3)


def test_fits_recover_large_sample():
    x = stats.pearson3.rvs(1.0, loc=100, scale=30, size=2000, random_state=7)
    for method in ("moments", "l-moments", "curve-fit"):
        mean, cv, cs = hy.fit_pearson3(x, method=method)
        assert mean == pytest.approx(100, rel=0.02)
        assert cv == pytest.approx(0.3, rel=0.05), method
        assert cs == pytest.approx(1.0, abs=0.15), method


def test_fit_unknown_method():
    with pytest.raises(ValueError, match="curve-fit"):
        hy.fit_pearson3([1, 2, 3, 4], method="bogus")


def test_curve_fit_fixed_ratio():
    x = stats.pearson3.rvs(0.6, loc=50, scale=15, size=300, random_state=3)
    mean, cv, cs = hy.curve_fit_parameters(x, cs_cv_ratio=2.0)
    assert cs == pytest.approx(2.0 * cv)


def _monthly(years, base=5.0, seed=0):
    rng = np.random.default_rng(seed)
    yy, mm, qq = [], [], []
    for y in years:
        for m in range(1, 13):
            yy.append(y), mm.append(m), qq.append(base + 3 * np.sin(m / 2) + rng.gamma(2.0, 1.0))
    return np.array(yy), np.array(mm), np.array(qq)


def test_driest_month_and_recent_mean():
    y, m, q = _monthly(range(2001, 2016))
    years, driest = hy.driest_month_flows(y, m, q)
    assert years.tolist() == list(range(2001, 2016))
    for yr, d in zip(years, driest):
        assert d == pytest.approx(q[y == yr].min())
    assert hy.design_flow_recent_mean(years, driest) == pytest.approx(driest[-10:].mean())


def test_missing_months_named():
    y, m, q = _monthly(range(2001, 2004))
    keep = ~((y == 2002) & np.isin(m, [3, 7]))
    with pytest.raises(ValueError, match=r"2002: missing month\(s\) \[3, 7\]"):
        hy.driest_month_flows(y[keep], m[keep], q[keep])


def test_recent_mean_needs_ten_consecutive_years():
    with pytest.raises(ValueError, match="needs 10"):
        hy.design_flow_recent_mean(range(2001, 2006), np.ones(5))
    with pytest.raises(ValueError, match="not consecutive"):
        hy.design_flow_recent_mean([*range(2001, 2006), *range(2008, 2013)], np.ones(10))


def test_design_flow_90pct_equals_quantile():
    x = stats.pearson3.rvs(0.8, loc=10, scale=3, size=40, random_state=11)
    res = hy.design_flow_frequency(x, 0.9, method="moments")
    assert res["design_flow_m3_s"] == pytest.approx(hy.pearson3_quantile(res["mean_m3_s"], res["cv"], res["cs"], 0.9))
    assert hy.pearson3_exceedance(res["design_flow_m3_s"], res["mean_m3_s"], res["cv"], res["cs"]) == pytest.approx(0.9)


@settings(max_examples=60, deadline=None)
@given(cs=st.floats(-3, 3), p1=st.floats(0.01, 0.98), dp=st.floats(0.005, 0.01))
def test_quantile_decreases_with_guarantee(cs, p1, dp):
    # higher guarantee (exceedance probability) -> smaller design value
    assert hy.pearson3_frequency_factor(cs, p1 + dp) < hy.pearson3_frequency_factor(cs, p1)


@settings(max_examples=60, deadline=None)
@given(cs=st.floats(-2.5, 2.5), p=st.floats(0.02, 0.98), cv=st.floats(0.05, 0.5))
def test_exceedance_inverts_quantile(cs, p, cv):
    x = hy.pearson3_quantile(100.0, cv, cs, p)
    assert float(hy.pearson3_exceedance(x, 100.0, cv, cs)) == pytest.approx(p, abs=1e-7)


def test_chow_frequency_factor_log_pearson_example():
    # Chow, Maidment and Mays (1988), Applied Hydrology, Table 12.3.1: Cs = 0.5, T = 25 yr (P = 4 %)
    # -> K = 1.910; the worked problem (scribd 'Probset3', log-Pearson III, mean 3.52, SD 0.5 of
    # log10 Q) gives y25 = 3.52 + 1.91 x 0.5 = 4.475 and Q25 = 29 853.83 cfs.
    k = hy.pearson3_frequency_factor(0.5, 0.04)
    assert k == pytest.approx(1.910, abs=0.0005)
    q25 = 10 ** (3.52 + k * 0.5)
    assert q25 == pytest.approx(29853.83, rel=5e-4)  # published K is rounded to 3 decimals
