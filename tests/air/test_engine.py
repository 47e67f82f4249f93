"""point_sources_year: the compiled engine equals point_source_hourly summed over sources."""
import pathlib

import numpy as np
import pandas as pd
import pytest

from models.air import point_sources_year, point_source_hourly
from models.air.engine import numba_available

needs_numba = pytest.mark.skipif(not numba_available(), reason="numba not installed")
WORKLOAD = pathlib.Path(__file__).resolve().parents[2] / "benchmarks" / "air" / "workload-a"


def _random_case(seed, S=3, R=120, H=30):
    rng = np.random.default_rng(seed)
    return dict(
        source_x_m=rng.uniform(-500, 500, S), source_y_m=rng.uniform(-500, 500, S),
        stack_height_m=rng.uniform(15, 120, S), stack_diameter_m=rng.uniform(0.5, 4, S),
        exit_velocity_m_s=rng.uniform(2, 25, S), exit_temperature_k=np.r_[rng.uniform(300, 550, S - 1), 275.0],
        emission_g_s=rng.uniform(1, 100, (S, 2)),
        receptor_x_m=rng.uniform(-4000, 4000, R), receptor_y_m=rng.uniform(-4000, 4000, R),
        receptor_z_m=np.where(rng.random(R) < 0.3, rng.uniform(0, 50, R), 0.0),
        wind_from_deg=rng.uniform(0, 360, H), wind_speed_m_s=rng.uniform(0.2, 12, H),
        ambient_temperature_k=rng.uniform(260, 305, H), stability=rng.choice(list("ABCDEF"), H),
        mixing_height_m=rng.uniform(80, 2500, H), day_index=np.arange(H) // 24,
        hour_valid=rng.random(H) > 0.1)


def _close(a, b, rtol, atol_frac=0.0):
    for name in ("max_1h_g_m3", "daily_sum_g_m3", "annual_sum_g_m3"):
        x, y = getattr(a, name), getattr(b, name)
        np.testing.assert_allclose(y, x, rtol=rtol, atol=atol_frac * np.abs(x).max(), err_msg=name)


def test_numpy_path_is_point_source_hourly_summed():
    case = _random_case(0, S=2, R=40, H=6)
    st = point_sources_year(**case, backend="numpy")
    h = int(np.flatnonzero(case["hour_valid"] & (case["wind_speed_m_s"] >= 0.5))[0])
    th = np.radians(case["wind_from_deg"][h])
    total = np.zeros((2, 40))
    for s in range(2):
        dx = case["receptor_x_m"] - case["source_x_m"][s]
        dy = case["receptor_y_m"] - case["source_y_m"][s]
        x = -(dx * np.sin(th) + dy * np.cos(th))
        y = dx * np.cos(th) - dy * np.sin(th)
        for p in range(2):
            total[p] += point_source_hourly(
                emission_g_s=case["emission_g_s"][s, p], stack_height_m=case["stack_height_m"][s],
                stack_diameter_m=case["stack_diameter_m"][s], exit_velocity_m_s=case["exit_velocity_m_s"][s],
                exit_temperature_k=case["exit_temperature_k"][s], ambient_temperature_k=case["ambient_temperature_k"][h],
                wind_speed_m_s=case["wind_speed_m_s"][h], stability=case["stability"][h],
                mixing_height_m=case["mixing_height_m"][h], x_m=x, y_m=y, z_m=case["receptor_z_m"])
    # only hour h in its day up to that point: the daily sum of its day includes it
    single = point_sources_year(**{**case, "hour_valid": np.arange(6) == h}, backend="numpy")
    np.testing.assert_allclose(single.annual_sum_g_m3, total, rtol=1e-13)
    assert st.valid_hours + st.calm_hours + st.missing_hours == 6


@needs_numba
@pytest.mark.parametrize("seed,opts", [
    (1, {}), (2, {"gradual_rise": True}), (3, {"scheme": "isc3-urban"}),
    (4, {"buoyancy_induced_dispersion": False, "stack_tip_downwash": False}),
])
def test_compiled_equals_reference_float64(seed, opts):
    case = _random_case(seed)
    ref = point_sources_year(**case, **opts, backend="numpy")
    # culling disabled: agreement to rounding, relative at every receptor
    exact = point_sources_year(**case, **opts, backend="numba", cutoff_exponent=np.inf)
    _close(ref, exact, rtol=1e-12)
    assert np.array_equal(ref.max_1h_hour, exact.max_1h_hour)
    # default culling drops only terms below exp(-50) of the plume centre value
    fast = point_sources_year(**case, **opts, backend="numba")
    _close(ref, fast, rtol=1e-12, atol_frac=1e-15)
    assert (ref.valid_hours, ref.calm_hours, ref.missing_hours) == (fast.valid_hours, fast.calm_hours,
                                                                     fast.missing_hours)
    np.testing.assert_array_equal(ref.day_valid_hours, fast.day_valid_hours)


@needs_numba
def test_float32_within_1e4():
    case = _random_case(7)
    ref = point_sources_year(**case, backend="numpy")
    f32 = point_sources_year(**case, backend="numba", precision="float32")
    _close(ref, f32, rtol=1e-4, atol_frac=1e-6)


@needs_numba
def test_workload_a_subset_matches_reference():
    # 2 stacks, 48 hours of workload A (January 1-2, 1990), 500 m receptor grid
    met = pd.read_csv(WORKLOAD / "met.csv").iloc[:48]
    src = pd.read_csv(WORKLOAD / "sources.csv").iloc[[0, 12]]
    g = np.arange(-5000.0, 5001.0, 500.0)
    gx, gy = np.meshgrid(g, g)
    kw = dict(source_x_m=src.x_m.to_numpy(), source_y_m=src.y_m.to_numpy(),
              stack_height_m=src.stack_height_m.to_numpy(), stack_diameter_m=src.stack_diameter_m.to_numpy(),
              exit_velocity_m_s=src.exit_velocity_m_s.to_numpy(),
              exit_temperature_k=src.exit_temperature_k.to_numpy(), emission_g_s=src.emission_g_s.to_numpy(),
              receptor_x_m=gx.ravel(), receptor_y_m=gy.ravel(), wind_from_deg=met.wind_from_deg.to_numpy(),
              wind_speed_m_s=met.wind_speed_10m_m_s.to_numpy(), ambient_temperature_k=met.temperature_k.to_numpy(),
              stability=met.stability.to_numpy(), mixing_height_m=met.mixing_height_m.to_numpy(),
              day_index=np.repeat([0, 1], 24), hour_valid=np.ones(48, bool))
    ref = point_sources_year(**kw, backend="numpy")
    fast = point_sources_year(**kw)
    assert fast.extra["backend"] == "numba"
    _close(ref, fast, rtol=1e-12, atol_frac=1e-15)
    f32 = point_sources_year(**kw, precision="float32")
    _close(ref, f32, rtol=1e-4, atol_frac=1e-6)
    assert ref.max_1h_g_m3.max() > 0
    # ISC3 daily mean: sum / max(valid hours, 18) with 24 valid hours
    np.testing.assert_allclose(fast.daily_mean_g_m3, fast.daily_sum_g_m3 / 24.0)


def test_calm_and_missing_hours_are_counted_and_skipped():
    case = _random_case(11, S=1, R=20, H=24)
    case["wind_speed_m_s"][:] = 3.0
    case["wind_speed_m_s"][:3] = 0.2          # calm (< 0.5 m/s)
    case["hour_valid"][:] = True
    case["hour_valid"][3:6] = False           # missing
    st = point_sources_year(**case, backend="numpy")
    assert (st.calm_hours, st.missing_hours, st.valid_hours) == (3, 3, 18)
    assert st.day_valid_hours[0] == 18


def test_bad_inputs():
    case = _random_case(12, S=2, R=5, H=4)
    with pytest.raises(ValueError, match="emission_g_s"):
        point_sources_year(**{**case, "emission_g_s": np.ones((3, 1))})
    with pytest.raises(ValueError, match="stability"):
        point_sources_year(**{**case, "stability": np.array(["A", "B", "X", "D"])})
    with pytest.raises(ValueError, match="backend"):
        point_sources_year(**case, backend="gpu")
    with pytest.raises(ValueError, match="precision"):
        point_sources_year(**case, precision="float16")


@needs_numba
@pytest.mark.parametrize("cls", ["B", "C", "D"])
def test_float32_lid_images_over_all_distances(cls):
    # receptors on the plume axis from 50 m to 20 km sweep a = zi/sigma_z through every regime of
    # the image series (negligible, underflowing ratios, significant, uniform mixing)
    x = np.geomspace(50.0, 20000.0, 300)
    kw = dict(source_x_m=[0.0], source_y_m=[0.0], stack_height_m=[60.0], stack_diameter_m=[2.0],
              exit_velocity_m_s=[12.0], exit_temperature_k=[420.0], emission_g_s=[[50.0]],
              receptor_x_m=np.zeros_like(x), receptor_y_m=-x, wind_from_deg=[0.0], wind_speed_m_s=[3.0],
              ambient_temperature_k=[290.0], stability=[cls], mixing_height_m=[900.0], day_index=[0],
              hour_valid=[True])
    ref = point_sources_year(**kw, backend="numpy")
    assert np.count_nonzero(ref.annual_sum_g_m3) > 250
    for precision, rtol in (("float64", 1e-12), ("float32", 1e-4)):
        got = point_sources_year(**kw, precision=precision)
        _close(ref, got, rtol=rtol, atol_frac=1e-6 if precision == "float32" else 1e-15)
