"""HJ 663-2013 percentiles, HJ 2.2-2018 superposition arithmetic, the hourly run wrapper."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eia.air.meteorology import check_meteorology
from eia.air.predictions import (GUARANTEE_PERCENTILES, HourlyRun, guarantee_rate_percentile, run_hourly,
                                 superpose)
from eia.air.schema import DispersionOptions, MeteorologyColumns, NO2Conversion, PointSource


def test_hj663_percentile_hand_case():
    """HJ 663-2013 4.3: n = 10 values 1..10.

    p = 95: k = 1 + 9 x 0.95 = 9.55, s = 9 -> X = 9 + (10 - 9) x 0.55 = 9.55.
    p = 98: k = 9.82 -> 9.82.  p = 90: k = 9.1 -> 9.1.  Order of the input does not matter.
    """
    v = np.array([7, 3, 10, 1, 9, 2, 8, 5, 6, 4], float)
    assert guarantee_rate_percentile(v, 95) == pytest.approx(9.55)
    assert guarantee_rate_percentile(v, 98) == pytest.approx(9.82)
    assert guarantee_rate_percentile(v, 90) == pytest.approx(9.1)
    assert guarantee_rate_percentile(v, 100) == 10.0 and guarantee_rate_percentile(v, 0) == 1.0


def test_percentile_ignores_invalid_days():
    v = np.array([[1.0, np.nan], [np.nan, np.nan], [3.0, 5.0]])
    out = guarantee_rate_percentile(v, 50, axis=0)
    assert out[0] == pytest.approx(2.0) and out[1] == pytest.approx(5.0)
    assert np.isnan(guarantee_rate_percentile(np.full((3, 1), np.nan), 95, axis=0)[0])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1e3), min_size=1, max_size=50), st.floats(0, 100))
def test_percentile_matches_numpy_linear(values, p):
    assert guarantee_rate_percentile(np.array(values), p) == pytest.approx(np.percentile(values, p), rel=1e-9, abs=1e-9)


def test_guarantee_rates_hj663_table():
    assert GUARANTEE_PERCENTILES == {"so2": 98.0, "no2": 98.0, "pm10": 95.0, "pm2.5": 95.0, "co": 95.0, "o3": 90.0}


def fake_run():
    """Two receptors, four days; groups contribution (planned), added (planned + approved), removed."""
    d_planned = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 0.0], [4.0, 1.0]])
    d_approved = np.full((4, 2), 0.5)
    d_removed = np.array([[0.2, 0.0], [0.2, 0.0], [0.2, 0.0], [0.2, 0.0]])
    sp = "so2"
    return HourlyRun(
        species=[sp],
        max_1h_ug_m3={("contribution", sp): np.array([10.0, 5.0]), ("added", sp): np.array([11.0, 6.0]),
                      ("removed", sp): np.array([1.0, 0.0])},
        max_1h_hour={(g, sp): np.zeros(2, int) for g in ("contribution", "added", "removed")},
        daily_ug_m3={("contribution", sp): d_planned, ("added", sp): d_planned + d_approved,
                     ("removed", sp): d_removed},
        annual_ug_m3={("contribution", sp): np.array([2.5, 1.0]), ("added", sp): np.array([3.0, 1.5]),
                      ("removed", sp): np.array([0.2, 0.0])},
        removed_species={sp}, day_valid_hours=np.full(4, 24), stats_extra={})


def test_superposition_arithmetic():
    """C_total = C_planned - C_removed + C_approved + C_background (HJ 2.2-2018 8.8.1), day by day."""
    bg_daily = np.array([[10.0], [20.0], [30.0], [40.0]]) * np.ones((1, 2))
    out = superpose(fake_run(), "so2", None, {"1h": np.array([50.0, 50.0]), "24h": bg_daily,
                                               "annual": np.array([12.0, 12.0])})
    total_d = out["24h"]["total_daily"]
    assert total_d[:, 0] == pytest.approx([11.3, 22.3, 33.3, 44.3])
    # P98 of the summed series, not the sum of percentiles: k = 1 + 3 x 0.98 = 3.94
    assert out["24h"]["total_percentile"][0] == pytest.approx(33.3 + 0.94 * (44.3 - 33.3))
    assert out["24h"]["contribution_max"] == pytest.approx([4.0, 2.0])
    assert out["annual"]["total"] == pytest.approx([3.0 - 0.2 + 12.0, 1.5 + 12.0])
    assert out["annual"]["contribution"] == pytest.approx([2.5, 1.0])
    assert out["1h"]["total"] == pytest.approx([61.0, 56.0]) and out["1h"]["net_upper_bound"]


def test_no2_ratios_per_period():
    run = fake_run()
    run = HourlyRun(species=["nox"], max_1h_ug_m3={(g, "nox"): v for (g, _), v in run.max_1h_ug_m3.items()},
                    max_1h_hour={(g, "nox"): v for (g, _), v in run.max_1h_hour.items()},
                    daily_ug_m3={(g, "nox"): v for (g, _), v in run.daily_ug_m3.items()},
                    annual_ug_m3={(g, "nox"): v for (g, _), v in run.annual_ug_m3.items()},
                    removed_species=set(), day_valid_hours=run.day_valid_hours, stats_extra={})
    out = superpose(run, "no2", NO2Conversion(ratio_1h=0.9, ratio_24h=0.75, ratio_annual=0.5), {})
    assert out["1h"]["contribution"] == pytest.approx([9.0, 4.5])
    assert out["24h"]["contribution_max"] == pytest.approx([3.0, 1.5])
    assert out["annual"]["contribution"] == pytest.approx([1.25, 0.5])
    assert not out["1h"]["net_upper_bound"]


def _met(n=48):
    t = pd.date_range("2023-06-01", periods=n, freq="h")
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"time": t.strftime("%Y-%m-%d %H:%M"), "wind_from_deg": rng.uniform(180, 360, n),
                       "wind_speed_m_s": rng.uniform(1, 6, n), "temperature_k": 295.0,
                       "stability": rng.choice(list("ABCDEF"), n), "mixing_height_m": 900.0})
    return check_meteorology(df, columns=MeteorologyColumns(), latitude_deg=34, longitude_deg=115)


def _src(i, status, q):
    return PointSource(id=f"s{i}", status=status, x_m=100.0 * i, y_m=-50.0 * i, stack_height_m=30 + 5 * i,
                       stack_diameter_m=1.0, exit_velocity_m_s=10, exit_temperature_k=380, emissions_g_s={"so2": q})


def test_run_groups_are_linear_superpositions():
    met = _met()
    rx, ry = np.meshgrid(np.linspace(-500, 2500, 12), np.linspace(-1500, 1500, 10))
    rx, ry = rx.ravel(), ry.ravel()
    kw = dict(species=["so2"], met=met, receptor_x_m=rx, receptor_y_m=ry, receptor_z_m=np.zeros_like(rx),
              dispersion=DispersionOptions())
    planned, approved, removed, existing = _src(0, "planned", 2.0), _src(1, "approved", 1.0), \
        _src(2, "to-be-removed", 0.5), _src(3, "existing", 3.0)
    both = run_hourly(sources=[planned, approved, removed, existing], **kw)
    only_p = run_hourly(sources=[planned], **kw)
    only_a = run_hourly(sources=[approved.model_copy(update={"status": "planned"})], **kw)
    only_r = run_hourly(sources=[removed.model_copy(update={"status": "planned"})], **kw)
    key = ("contribution", "so2")
    assert both.annual_ug_m3[key] == pytest.approx(only_p.annual_ug_m3[key])
    assert both.annual_ug_m3[("added", "so2")] == pytest.approx(only_p.annual_ug_m3[key] + only_a.annual_ug_m3[key])
    assert both.annual_ug_m3[("removed", "so2")] == pytest.approx(only_r.annual_ug_m3[key])
    assert np.nansum(both.daily_ug_m3[("removed", "so2")]) > 0
    assert both.removed_species == {"so2"}
    # existing sources are in the background unless asked for
    with_existing = run_hourly(sources=[planned, existing], add_existing_sources=True, **kw)
    assert np.all(with_existing.annual_ug_m3[("added", "so2")] >= only_p.annual_ug_m3[key] - 1e-12)
    assert with_existing.annual_ug_m3[("added", "so2")].sum() > only_p.annual_ug_m3[key].sum()


def test_background_daily_series_and_receptor_override(tmp_path):
    """Daily background series are aligned on the meteorological days; a receptor value overrides it."""
    from types import SimpleNamespace

    from eia.air.pipeline import _background
    from eia.air.receptors import build_receptors
    from eia.air.schema import BackgroundValue, Receptors

    f = tmp_path / "bg.csv"
    f.write_text("date,value_ug_m3\n2023-06-01,30\n2023-06-02,50\n", encoding="utf-8")
    met = _met(72)  # 2023-06-01 .. 06-03: the third day is missing from the series
    rs = build_receptors(Receptors.model_validate(
        {"grids": [{"x_min_m": 0, "x_max_m": 100, "dx_m": 100, "y_min_m": 0, "y_max_m": 100, "dy_m": 100}],
         "sensitive": [{"name": "v", "x_m": 1, "y_m": 1}]}))
    air = SimpleNamespace(background=[
        BackgroundValue(pollutant="pm10", averaging_period="24h", daily_file=f),
        BackgroundValue(pollutant="pm10", averaging_period="24h", value_ug_m3=7.0, receptor="v")])
    warned = []
    ctx = SimpleNamespace(warn=lambda code, msg, **d: warned.append(code))
    bg = _background(air, "pm10", "24h", rs, met, ctx)
    assert bg.shape == (3, 5)  # 3 days x (2 x 2 grid + 1 receptor)
    assert bg[:2, 0] == pytest.approx([30.0, 50.0]) and np.isnan(bg[2, 0])
    assert bg[:, 4] == pytest.approx([7.0, 7.0, 7.0])
    assert "air-background-days-missing" in warned


def test_regional_change_k():
    """k = (mean C_project - mean C_reduction) / mean C_reduction x 100 % (HJ 2.2-2018 8.8.4)."""
    from eia.air.predictions import regional_change_k_pct

    assert regional_change_k_pct([1.0, 3.0], [4.0, 6.0]) == pytest.approx((2.0 - 5.0) / 5.0 * 100)  # -60 %
    assert regional_change_k_pct([1.0], [0.0]) is None
