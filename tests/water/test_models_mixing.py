"""Complete mixing at an outfall and mixing-zone length (models.water.mixing)."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.water import (
    complete_mix,
    mixing_length_fischer,
    mixing_zone_length,
    river_1d,
    river_2d,
)

# Published worked examples: 环境影响评价师练习题精选系列(六), 一.计算题 1-4 (2010-01-14),
# http://www.haxgd.com/gc/hjpj/jqxd/158086.shtml (answers printed with the problems).


def test_complete_mix_exam_problem_2_bod():
    # Problem 2: Q_E = 4.5 m3/s, BOD5(E) = 60 mg/L; Q_p = 25.0 m3/s, BOD5(p) = 2.6 mg/L.
    # Published answer: BOD5(0) = 11.4 mg/L.
    c = complete_mix(c_upstream_mg_l=2.6, q_upstream_m3_s=25.0, c_effluent_mg_l=60.0,
                     q_effluent_m3_s=4.5)
    assert round(float(c), 1) == 11.4


def test_complete_mix_exam_problem_3_bod_and_decay():
    # Problem 3: Q_E = 19440 m3/d, BOD5(E) = 81.4 mg/L; Q_p = 6.0 m3/s, BOD5(p) = 6.16 mg/L,
    # u = 0.1 m/s, K1 = 0.3 /d. Published: Q_E = 0.225 m3/s, BOD5(0) = 8.88 mg/L,
    # t = 1.1574 d to 10 km, BOD5(10 km) = 6.28 mg/L.
    c0 = complete_mix(c_upstream_mg_l=6.16, q_upstream_m3_s=6.0, c_effluent_mg_l=81.4,
                      q_effluent_m3_s=19440.0 / 86400.0)
    assert round(float(c0), 2) == 8.88
    c10 = river_1d(c0_mg_l=c0, k_per_day=0.3, x_m=10_000.0, velocity_m_s=0.1)
    # The book carries the rounded 8.88 forward (8.88 x 0.7066 = 6.275 -> 6.28); unrounded 6.2747.
    assert c10 == pytest.approx(6.28, abs=0.006)


def test_complete_mix_exam_problem_cod_decay():
    # Second problem 1: Q_E = 19440 m3/d, COD(E) = 100 mg/L; Q_p = 6.0 m3/s, COD(p) = 12 mg/L,
    # Kc = 0.5 /d, u = 0.1 m/s. Published: COD(0) = 15.2 mg/L; COD(10 km) = 8.52 mg/L
    # (the book multiplies the rounded 15.2 by exp(-0.5 x 1.1574); unrounded gives 8.51).
    c0 = complete_mix(c_upstream_mg_l=12.0, q_upstream_m3_s=6.0, c_effluent_mg_l=100.0,
                      q_effluent_m3_s=0.225)
    assert round(float(c0), 1) == 15.2
    c10 = river_1d(c0_mg_l=c0, k_per_day=0.5, x_m=10_000.0, velocity_m_s=0.1)
    assert c10 == pytest.approx(8.52, abs=0.011)


def test_complete_mix_exam_problem_1_cod():
    # Problem 1: COD(p) = 14.5 mg/L, Q_p = 8.7 m3/s; COD(E) = 58 mg/L, Q_E = 1.0 m3/s.
    # The same problem in the 考试大 lecture notes (kaoshi.17huanbao.com, 第六章) prints 19 mg/L.
    c = complete_mix(c_upstream_mg_l=14.5, q_upstream_m3_s=8.7, c_effluent_mg_l=58.0,
                     q_effluent_m3_s=1.0)
    assert round(float(c)) == 19


def test_complete_mix_zero_total_flow_names_argument():
    with pytest.raises(ValueError, match="q_upstream_m3_s"):
        complete_mix(c_upstream_mg_l=1, q_upstream_m3_s=0, c_effluent_mg_l=2, q_effluent_m3_s=0)


def test_complete_mix_negative_flow_rejected():
    with pytest.raises(ValueError, match="q_effluent_m3_s=-1.0"):
        complete_mix(c_upstream_mg_l=1, q_upstream_m3_s=1, c_effluent_mg_l=2,
                     q_effluent_m3_s=-1.0)


def test_complete_mix_one_flow_zero_returns_other_concentration():
    assert complete_mix(c_upstream_mg_l=3, q_upstream_m3_s=0, c_effluent_mg_l=7,
                        q_effluent_m3_s=2) == 7.0
    assert complete_mix(c_upstream_mg_l=3, q_upstream_m3_s=5, c_effluent_mg_l=7,
                        q_effluent_m3_s=0) == 3.0


def test_complete_mix_broadcasts():
    c = complete_mix(c_upstream_mg_l=np.array([1.0, 2.0])[:, None], q_upstream_m3_s=10.0,
                     c_effluent_mg_l=np.array([10.0, 20.0, 30.0]), q_effluent_m3_s=1.0)
    assert c.shape == (2, 3)


flows = st.one_of(st.just(0.0), st.floats(1e-6, 1e4))
concs = st.floats(0.0, 1e4, allow_nan=False)


@settings(max_examples=100, deadline=None)
@given(cu=concs, qu=flows, ce=concs, qe=flows)
def test_complete_mix_conserves_mass(cu, qu, ce, qe):
    if qu + qe == 0:
        return
    c = complete_mix(c_upstream_mg_l=cu, q_upstream_m3_s=qu, c_effluent_mg_l=ce,
                     q_effluent_m3_s=qe)
    assert c * (qu + qe) == pytest.approx(cu * qu + ce * qe, rel=1e-12, abs=1e-9)
    assert min(cu, ce) - 1e-9 <= c <= max(cu, ce) + 1e-9


# --------------------------------------------------------------------------------------------
# Mixing-zone length
# --------------------------------------------------------------------------------------------


def test_mixing_zone_length_limits_match_fischer():
    # HJ 2.3-2018 bracket: a = B/2 -> 0.11 (Fischer's centre value 0.1); a = 0 ->
    # 0.11 + 0.7 sqrt(0.5 - 1.1 x 0.25) = 0.4420 (Fischer's bank value 0.4). Hand arithmetic.
    kw = dict(width_m=100.0, velocity_m_s=1.0, transverse_dispersion_m2_s=1.0)
    centre = mixing_zone_length(outfall_distance_from_bank_m=50.0, **kw)
    bank = mixing_zone_length(outfall_distance_from_bank_m=0.0, **kw)
    assert centre == pytest.approx(0.11 * 1e4)
    assert bank == pytest.approx((0.11 + 0.7 * np.sqrt(0.225)) * 1e4)
    assert mixing_length_fischer(outfall="centre", **kw) == pytest.approx(0.1e4)
    assert mixing_length_fischer(outfall="bank", **kw) == pytest.approx(0.4e4)
    assert abs(bank / mixing_length_fischer(outfall="bank", **kw) - 1) < 0.11


def test_mixing_zone_length_symmetric_about_centre():
    kw = dict(width_m=80.0, velocity_m_s=0.4, transverse_dispersion_m2_s=0.05)
    assert mixing_zone_length(outfall_distance_from_bank_m=10.0, **kw) == pytest.approx(
        mixing_zone_length(outfall_distance_from_bank_m=70.0, **kw))


def test_mixing_zone_length_plume_is_nearly_uniform_there():
    # Independent check with the 2-D image solution: at L_m for a bank outfall the section is
    # within 3 % of its mean (Fischer's 5 % criterion is met with margin).
    kw = dict(width_m=60.0, velocity_m_s=0.5, transverse_dispersion_m2_s=0.08)
    lm = mixing_zone_length(outfall_distance_from_bank_m=0.0, **kw)
    y = np.linspace(0.0, 60.0, 61)
    c = river_2d(load_g_s=5.0, depth_m=2.0, x_m=lm, y_m=y, outfall_y_m=0.0, **kw)
    mean = 5.0 / (0.5 * 2.0 * 60.0)
    assert np.max(np.abs(c / mean - 1.0)) < 0.03


def test_mixing_zone_length_rejects_outfall_beyond_width():
    with pytest.raises(ValueError, match="outfall_distance_from_bank_m"):
        mixing_zone_length(width_m=10, velocity_m_s=1, transverse_dispersion_m2_s=1,
                           outfall_distance_from_bank_m=11)


def test_fischer_unknown_outfall_lists_known():
    with pytest.raises(ValueError, match="'centre'"):
        mixing_length_fischer(width_m=10, velocity_m_s=1, transverse_dispersion_m2_s=1,
                              outfall="middle")
