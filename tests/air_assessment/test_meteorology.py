"""Meteorology checks: every defect is reported with its row number (1 = first data row)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eia.air.meteorology import (check_meteorology, mechanical_mixing_height_m, stability_frequency,
                                 to_dispersion_classes, wind_rose)
from eia.air.schema import MeteorologyColumns
from eia.errors import EiaError


def table(n=48, **over):
    t = pd.date_range("2023-03-01", periods=n, freq="h")
    df = pd.DataFrame({"time": t.strftime("%Y-%m-%d %H:%M"), "wind_from_deg": np.linspace(0, 350, n),
                       "wind_speed_m_s": np.full(n, 3.0), "temperature_k": np.full(n, 285.0),
                       "stability": ["D"] * n, "mixing_height_m": np.full(n, 800.0)})
    for k, v in over.items():
        df[k] = v
    return df


def check(df, **kw):
    warnings = []
    met = check_meteorology(df, columns=MeteorologyColumns(), latitude_deg=34.0, longitude_deg=115.0,
                            warn=lambda code, msg, **d: warnings.append((code, msg, d)), **kw)
    return met, warnings


def test_clean_table():
    met, w = check(table())
    assert met.completeness()["completeness_pct"] == 100.0 and w == []
    assert met.n_days == 2


def test_duplicated_hours_rows():
    df = table()
    df.loc[5, "time"] = df.loc[4, "time"]
    with pytest.raises(EiaError, match=r"duplicated hours at rows 5, 6"):
        check(df)


def test_negative_speed_and_bad_direction_rows():
    df = table()
    df.loc[2, "wind_speed_m_s"] = -1.0
    df.loc[9, "wind_from_deg"] = 400.0
    with pytest.raises(EiaError) as exc:
        check(df)
    assert "negative wind speed at row 3" in exc.value.message
    assert "outside 0..360 degrees at row 10" in exc.value.message


def test_unknown_stability_row():
    df = table()
    df.loc[7, "stability"] = "Q"
    with pytest.raises(EiaError, match=r"unknown stability class at row 8"):
        check(df)


def test_unreadable_time_row():
    df = table()
    df.loc[0, "time"] = "not a time"
    with pytest.raises(EiaError, match=r"unreadable time \(time\) at row 1\b"):
        check(df)


def test_nan_hours_skipped_with_rows():
    df = table()
    df.loc[[3, 11], "wind_speed_m_s"] = np.nan
    met, w = check(df)
    codes = {c: (m, d) for c, m, d in w}
    assert codes["air-met-missing-values"][1]["rows"] == [4, 12]
    assert met.completeness()["skipped_hours"] == 2
    assert met.completeness()["valid_hours"] == 46


def test_absent_hours_counted_not_filled():
    df = table().drop(index=[10, 11, 12]).reset_index(drop=True)
    met, w = check(df)
    c = met.completeness()
    assert c["expected_hours"] == 48 and c["absent_hours"] == 3 and c["valid_hours"] == 45
    assert c["completeness_pct"] == pytest.approx(100 * 45 / 48)
    assert not met.valid[10:13].any()
    assert any(code == "air-met-absent-hours" for code, _, _ in w)


def test_out_of_order_warned_and_sorted():
    df = table()
    df.iloc[[6, 7]] = df.iloc[[7, 6]].to_numpy()
    met, w = check(df)
    (entry,) = [d for c, m, d in w if c == "air-met-out-of-order"]
    assert entry["rows"] == [8]
    assert met.wind_from_deg[6] < met.wind_from_deg[7]


def test_date_hour_ending_convention():
    df = table(24)
    t = pd.to_datetime(df.pop("time"))
    df["date"] = t.dt.strftime("%Y-%m-%d")
    df["hour_ending"] = t.dt.hour + 1  # 1..24
    met, _ = check(df)
    assert met.time[0] == pd.Timestamp("2023-03-01 00:00") and met.time[-1] == pd.Timestamp("2023-03-01 23:00")


def test_hour_ending_out_of_range_row():
    df = table(24)
    t = pd.to_datetime(df.pop("time"))
    df["date"] = t.dt.strftime("%Y-%m-%d")
    df["hour_ending"] = t.dt.hour + 1
    df.loc[4, "hour_ending"] = 25
    with pytest.raises(EiaError, match=r"row 5\b"):
        check(df)


def test_stability_from_clouds_gbt3840():
    """Night, clear sky (total <= 4, low <= 4), 1.5 m/s: radiation class -2 -> F (GB/T 3840-91 App. B)."""
    df = table(24).drop(columns=["stability"])
    df["total_cloud_tenths"] = 2
    df["low_cloud_tenths"] = 1
    df["wind_speed_m_s"] = 1.5
    met, _ = check(df)
    assert met.stability_source.startswith("GB/T 3840")
    # 02:00-03:00 Beijing time at 115 E is night
    assert met.stability[2] == "F"
    # early afternoon in March at 34 N, clear, 1.5 m/s: h0 ~ 50 deg -> +2 -> A-B
    assert met.stability[13] in ("A", "A-B")


def test_low_cloud_above_total_row():
    df = table(24).drop(columns=["stability"])
    df["total_cloud_tenths"] = 2
    df["low_cloud_tenths"] = 1
    df.loc[6, "low_cloud_tenths"] = 5
    with pytest.raises(EiaError, match=r"low cloud above total cloud at row 7\b"):
        check(df)


def test_missing_mixing_height_estimated_and_warned():
    met, w = check(table().drop(columns=["mixing_height_m"]))
    assert np.allclose(met.mixing_height_m, 960.0)  # 320 x 3 m/s
    assert any(c == "air-met-mixing-height" for c, _, _ in w)


def test_intermediate_classes_mapped():
    out, n = to_dispersion_classes(np.array(["A-B", "B", "C-D", "D-E", "F"]))
    assert out.tolist() == ["B", "B", "D", "E", "F"] and n == 3


def test_mechanical_mixing_height_floor():
    assert mechanical_mixing_height_m([0.0, 2.0]).tolist() == [300.0, 640.0]


@settings(max_examples=50, deadline=None)
@given(speeds=st.lists(st.floats(0, 20), min_size=24, max_size=24),
       dirs=st.lists(st.floats(0, 360), min_size=24, max_size=24))
def test_wind_rose_adds_to_100(speeds, dirs):
    met, _ = check(table(24, wind_speed_m_s=speeds, wind_from_deg=dirs))
    wr = wind_rose(met)
    assert np.sum(wr["frequency_pct"]) + wr["calm_pct"] == pytest.approx(100.0, abs=1e-3)
    assert sum(stability_frequency(met).values()) == pytest.approx(100.0)


def test_wind_rose_sector_centred_on_north():
    met, _ = check(table(4, wind_from_deg=[349.0, 0.0, 11.0, 12.0], wind_speed_m_s=[3.0, 3.0, 3.0, 5.0]))
    wr = wind_rose(met)
    f = np.asarray(wr["frequency_pct"])
    assert f[0, 1] == pytest.approx(75.0)   # 349, 0, 11 deg fall in N (348.75..11.25), 2-4 m/s
    assert f[1, 2] == pytest.approx(25.0)   # 12 deg -> NNE, 4-6 m/s
