"""Capacity formulas per control mode (models.water.capacity)."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from models.water import capacity as cap


def _forward_end_conc(w_g_s, *, c0, q0, q, k_per_day, u, xu, xd):
    """Forward model (HJ 2.3-2018 App. E): decay to outfall, complete mix, decay to control."""
    cin = c0 * math.exp(-k_per_day / 86400 * xu / u)
    cmix = (cin * q0 + w_g_s) / (q0 + q)
    return cmix * math.exp(-k_per_day / 86400 * xd / u)


def test_unit_constant():
    # 1 g/s over 365 d = 31.536 t (技术指南 coefficient 31.536)
    assert cap.G_S_TO_T_A == pytest.approx(31.536)


def test_hand_example_segment_end():
    # Hand calculation: Q0 = 10 m3/s, C0 = 10 mg/L, Cs = 20 mg/L (III COD), q = 0.5 m3/s,
    # k = 0.2 /d, u = 0.3 m/s, L = 10 km. kL/u = 0.2/86400*10000/0.3 = 0.0771605 ;
    # exp(0.0771605) = 1.0802150; W = 210*1.0802150 - 100 = 126.8452 g/s = 4000.19 t/a
    w = cap.capacity_t_a(mode="segment-end", cs_mg_l=20, c0_mg_l=10, q_upstream_m3_s=10, q_effluent_m3_s=0.5,
                         k_per_day=0.2, velocity_m_s=0.3, length_m=10_000)
    expected = (20 * 10.5 * math.exp(0.2 / 86400 * 10000 / 0.3) - 100) * 31.536
    assert w == pytest.approx(expected, rel=1e-12)
    assert w == pytest.approx(4000.19, abs=0.01)


def test_segment_head_is_dilution_capacity():
    # segment-head control: W = Cs(Q0+q) - C0 Q0, independent of decay and length
    w = cap.capacity_t_a(mode="segment-head", cs_mg_l=1.0, c0_mg_l=0.4, q_upstream_m3_s=5, q_effluent_m3_s=0.2,
                         k_per_day=0.3, velocity_m_s=0.2, length_m=8000)
    assert w == pytest.approx((1.0 * 5.2 - 0.4 * 5) * 31.536)


@pytest.mark.parametrize("mode", sorted(cap.CONTROL_MODES))
def test_capacity_load_meets_target_exactly(mode):
    kw = dict(cs_mg_l=20.0, c0_mg_l=12.0, q_upstream_m3_s=3.0, q_effluent_m3_s=0.3, k_per_day=0.25, velocity_m_s=0.15)
    L = 6000.0
    xu, xd = cap.mode_geometry(mode, L)
    w = cap.capacity_1d_g_s(**kw, x_up_m=xu, x_down_m=xd)
    c = _forward_end_conc(w, c0=12.0, q0=3.0, q=0.3, k_per_day=0.25, u=0.15, xu=float(xu), xd=float(xd))
    assert c == pytest.approx(20.0, rel=1e-12)


def test_zone_end_default_is_midpoint_and_between_modes():
    kw = dict(cs_mg_l=1.0, c0_mg_l=0.5, q_upstream_m3_s=2.0, k_per_day=0.3, velocity_m_s=0.2, length_m=10_000)
    head = cap.capacity_t_a(mode="segment-head", **kw)
    zone = cap.capacity_t_a(mode="zone-end", **kw)
    end = cap.capacity_t_a(mode="segment-end", **kw)
    assert head < zone < end
    assert zone == pytest.approx(cap.capacity_t_a(mode="zone-end", outfall_distance_m=5000.0, **kw))


def test_safety_margin_and_remaining():
    assert cap.apply_safety_margin(100.0, 10) == pytest.approx(90.0)
    assert cap.apply_safety_margin(-50.0, 10) == pytest.approx(-50.0)
    assert cap.remaining_capacity_t_a(100.0, 30.0, 20.0) == pytest.approx(50.0)
    with pytest.raises(ValueError, match="safety_margin_pct"):
        cap.apply_safety_margin(1.0, 100)


def test_errors_name_argument():
    with pytest.raises(ValueError, match="mode='bogus'.*segment-end"):
        cap.mode_geometry("bogus", 100.0)
    with pytest.raises(ValueError, match="q_upstream_m3_s"):
        cap.capacity_t_a(mode="segment-end", cs_mg_l=1, c0_mg_l=0, q_upstream_m3_s=0, k_per_day=0.1,
                         velocity_m_s=0.1, length_m=1)
    with pytest.raises(ValueError, match="outfall_distance_m"):
        cap.mode_geometry("zone-end", 100.0, 150.0)
    with pytest.raises(ValueError, match="unit of k"):  # k = 0.2 /s entered as 1/day
        cap.capacity_t_a(mode="segment-end", cs_mg_l=1, c0_mg_l=0, q_upstream_m3_s=1, k_per_day=0.2 * 86400,
                         velocity_m_s=0.25, length_m=6000)


def test_vectorised_over_samples():
    k = np.linspace(0.05, 0.5, 1000)
    w = cap.capacity_t_a(mode="segment-end", cs_mg_l=20, c0_mg_l=10, q_upstream_m3_s=10, k_per_day=k,
                         velocity_m_s=0.3, length_m=10_000)
    assert w.shape == (1000,) and np.all(np.diff(w) > 0)


pos = st.floats(0.01, 100)


@settings(max_examples=80, deadline=None)
@given(q=pos, dq=st.floats(0.001, 10), cs=st.floats(0.1, 40), c0f=st.floats(0, 1), k=st.floats(0, 2),
       u=st.floats(0.01, 2), L=st.floats(0, 50_000), mode=st.sampled_from(sorted(cap.CONTROL_MODES)))
def test_capacity_monotone_in_flow_and_target(q, dq, cs, c0f, k, u, L, mode):
    c0 = c0f * cs  # background not above target
    base = dict(mode=mode, c0_mg_l=c0, k_per_day=k, velocity_m_s=u, length_m=L)
    w = cap.capacity_t_a(cs_mg_l=cs, q_upstream_m3_s=q, **base)
    assert w >= -1e-9
    assert cap.capacity_t_a(cs_mg_l=cs, q_upstream_m3_s=q + dq, **base) >= w - 1e-9
    assert cap.capacity_t_a(cs_mg_l=cs * 1.1, q_upstream_m3_s=q, **base) > w


@settings(max_examples=60, deadline=None)
@given(k1=st.floats(0, 1), dk=st.floats(0.001, 1), L=st.floats(1, 50_000))
def test_capacity_increases_with_decay_for_downstream_control(k1, dk, L):
    kw = dict(mode="segment-end", cs_mg_l=1.0, c0_mg_l=0.5, q_upstream_m3_s=1.0, velocity_m_s=0.2, length_m=L)
    assert cap.capacity_t_a(k_per_day=k1 + dk, **kw) > cap.capacity_t_a(k_per_day=k1, **kw)
