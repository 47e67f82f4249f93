"""Monte Carlo capacity percentiles (eia.water.uncertainty)."""
import numpy as np
import pytest

from eia.water.uncertainty import capacity_percentiles, lognormal_factors
from models.water.capacity import capacity_t_a

ROW = dict(zone="Z", pollutant="cod", control_mode="segment-end", design_flow_m3_s=10.0, velocity_m_s=0.3, c0_mg_l=10.0,
           cs_mg_l=20.0, k_per_day=0.2, length_m=10_000.0, q_effluent_m3_s=0.5, outfall_distance_m=5000.0)


def test_lognormal_factor_moments():
    f = lognormal_factors(np.random.default_rng(0), 0.3, 400_000)
    assert f.mean() == pytest.approx(1.0, abs=0.003)
    assert f.std() / f.mean() == pytest.approx(0.3, rel=0.01)
    assert np.all(lognormal_factors(np.random.default_rng(0), 0.0, 5) == 1.0)


def test_zero_cv_gives_deterministic_value():
    res = capacity_percentiles([ROW], samples=100, seed=1, decay_cv=0, design_flow_cv=0, background_cv=0)
    det = capacity_t_a(mode="segment-end", cs_mg_l=20, c0_mg_l=10, q_upstream_m3_s=10, k_per_day=0.2, velocity_m_s=0.3,
                       length_m=10_000, q_effluent_m3_s=0.5)
    assert res["values"][0] == pytest.approx([det, det, det])


def test_seeded_and_ordered():
    rows = [ROW, {**ROW, "control_mode": "zone-end"}, {**ROW, "control_mode": "segment-head"}]
    kw = dict(samples=5000, seed=42, decay_cv=0.3, design_flow_cv=0.2, background_cv=0.2, safety_margin_pct=10)
    a = capacity_percentiles(rows, **kw)
    b = capacity_percentiles(rows, **kw)
    assert np.array_equal(a["values"], b["values"])
    v = a["values"]
    assert v.shape == (3, 3)
    assert np.all(v[:, 0] < v[:, 1]) and np.all(v[:, 1] < v[:, 2])
    # the median with 20 % CV on flow stays within 10 % of the deterministic (net) capacity
    det = capacity_t_a(mode="segment-end", cs_mg_l=20, c0_mg_l=10, q_upstream_m3_s=10, k_per_day=0.2, velocity_m_s=0.3,
                       length_m=10_000, q_effluent_m3_s=0.5, safety_margin_pct=10)
    assert v[0, 1] == pytest.approx(det, rel=0.1)


def test_rejects_negative_cv():
    with pytest.raises(ValueError, match="cv=-0.1"):
        lognormal_factors(np.random.default_rng(0), -0.1, 3)


def test_velocity_follows_flow_on_rating_curve():
    # with b = 1 (u proportional to Q) and only flow uncertain, segment-end capacity
    # W = Cs(Q+q)exp(kL/u) - C0 Q is evaluated with u = u0 Q/Q0 for every sample
    row = {**ROW, "velocity_exponent_b": 1.0}
    res = capacity_percentiles([row], samples=20000, seed=3, decay_cv=0, design_flow_cv=0.3, background_cv=0)
    # same draws as the function: k and C0 have cv = 0 (no draws), so the flow factors come first
    fq = lognormal_factors(np.random.default_rng(3), 0.3, (1, 20000))[0]
    q = 10.0 * fq
    w = capacity_t_a(mode="segment-end", cs_mg_l=20, c0_mg_l=10, q_upstream_m3_s=q, k_per_day=0.2, velocity_m_s=0.3 * fq,
                     length_m=10_000, q_effluent_m3_s=0.5)
    assert res["values"][0] == pytest.approx(np.percentile(w, [5, 50, 95]))
