"""GB/T 3840-91 Appendix B: solar elevation and stability classification."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from models.air.stability import (
    normalize_stability,
    radiation_class_gbt3840,
    solar_declination_deg,
    solar_elevation_deg,
    stability_class_gbt3840,
)


def _noaa_solar_position(lat, lon, day_of_year0, hour_utc):
    """NOAA GML 'General Solar Position Calculations' (fractional-year series).

    Independent reference: returns (declination deg, true elevation deg, equation of time min).
    """
    gamma = 2 * math.pi / 365 * (day_of_year0 + (hour_utc - 12) / 24)
    eqtime = 229.18 * (0.000075 + 0.001868 * math.cos(gamma) - 0.032077 * math.sin(gamma)
                       - 0.014615 * math.cos(2 * gamma) - 0.040849 * math.sin(2 * gamma))
    decl = (0.006918 - 0.399912 * math.cos(gamma) + 0.070257 * math.sin(gamma)
            - 0.006758 * math.cos(2 * gamma) + 0.000907 * math.sin(2 * gamma)
            - 0.002697 * math.cos(3 * gamma) + 0.00148 * math.sin(3 * gamma))
    time_offset = eqtime + 4 * lon
    tst = hour_utc * 60 + time_offset
    ha = math.radians(tst / 4 - 180)
    phi = math.radians(lat)
    cos_zen = math.sin(phi) * math.sin(decl) + math.cos(phi) * math.cos(decl) * math.cos(ha)
    return math.degrees(decl), 90 - math.degrees(math.acos(cos_zen)), eqtime


def test_declination_solstices_and_equinox():
    # Tropic latitude 23.44 deg: declination near +23.4 at the June solstice (day 171, 21 June)
    # and -23.4 at the December solstice (day 354); about 0 at the March equinox (day 79).
    assert solar_declination_deg(171) == pytest.approx(23.44, abs=0.1)
    assert solar_declination_deg(354) == pytest.approx(-23.44, abs=0.1)
    assert abs(solar_declination_deg(79)) < 0.6


def test_solar_noon_elevation_beijing_midsummer():
    # At 120 deg E, 12:00 Beijing time is the mean solar noon: h0 = 90 - |phi - delta|.
    dec = float(solar_declination_deg(171))
    h = solar_elevation_deg(latitude_deg=39.9, longitude_deg=120.0, day_of_year=171, hour_beijing=12.0)
    assert h == pytest.approx(90 - abs(39.9 - dec), abs=1e-9)
    assert h == pytest.approx(73.5, abs=0.1)


@pytest.mark.parametrize(
    "lat,lon,doy,hour_bj",
    [
        (39.9, 116.4, 104, 9.0),    # Beijing, 15 April (equation of time ~ 0)
        (31.2, 121.5, 104, 15.0),   # Shanghai
        (23.1, 113.3, 164, 10.5),   # Guangzhou, 14 June (EoT ~ 0)
        (43.8, 87.6, 164, 13.0),    # Urumqi
        (30.6, 114.3, 244, 8.0),    # Wuhan, 2 September (EoT ~ 0)
        (45.8, 126.5, 358, 11.0),   # Harbin, 25 December (EoT ~ 0)
    ],
)
def test_against_noaa_algorithm_when_equation_of_time_is_small(lat, lon, doy, hour_bj):
    # The standard ignores the equation of time (up to 16 min); on dates where it is ~0 the
    # standard's h0 must match NOAA's solar position within 0.5 deg.
    dec, elev, eot = _noaa_solar_position(lat, lon, doy, hour_bj - 8)
    assert abs(eot) < 1.5
    h = solar_elevation_deg(latitude_deg=lat, longitude_deg=lon, day_of_year=doy, hour_beijing=hour_bj)
    assert h == pytest.approx(elev, abs=0.5)


def test_against_noaa_any_date_with_equation_of_time_bound():
    # Any date: difference bounded by the hour-angle error of the ignored equation of time.
    for doy in range(0, 365, 7):
        for hour in (7.0, 10.0, 12.0, 15.0, 18.0):
            dec, elev, eot = _noaa_solar_position(35.0, 110.0, doy, hour - 8)
            h = solar_elevation_deg(latitude_deg=35.0, longitude_deg=110.0, day_of_year=doy, hour_beijing=hour)
            assert abs(h - elev) <= abs(eot) / 4.0 + 0.5


# GB/T 3840-91 Appendix B, table 太阳辐射等级数, row by row (total/low cloud, night, h0<=15,
# 15<h0<=35, 35<h0<=65, h0>65).
RADIATION_ROWS = [
    ((3, 2), [-2, -1, +1, +2, +3]),
    ((6, 3), [-1, 0, +1, +2, +3]),
    ((9, 4), [-1, 0, 0, +1, +1]),
    ((7, 6), [0, 0, 0, 0, +1]),
    ((10, 10), [0, 0, 0, 0, 0]),
]
ELEVATIONS = [-10.0, 10.0, 25.0, 50.0, 70.0]


@pytest.mark.parametrize("clouds,row", RADIATION_ROWS)
def test_radiation_class_table_row_by_row(clouds, row):
    got = radiation_class_gbt3840(total_cloud_tenths=clouds[0], low_cloud_tenths=clouds[1],
                                  solar_elevation_deg=np.array(ELEVATIONS))
    assert got.tolist() == row


def test_radiation_class_column_edges():
    got = radiation_class_gbt3840(total_cloud_tenths=0, low_cloud_tenths=0,
                                  solar_elevation_deg=np.array([0.0, 15.0, 35.0, 65.0, 65.01]))
    assert got.tolist() == [-2, -1, 1, 2, 3]


# GB/T 3840-91 Appendix B, table 大气稳定度的等级: rows by 10 m wind, columns +3 .. -2.
STABILITY_ROWS = [
    (1.0, ["A", "A-B", "B", "D", "E", "F"]),
    (2.5, ["A-B", "B", "C", "D", "E", "F"]),
    (4.0, ["B", "B-C", "C", "D", "D", "E"]),
    (5.5, ["C", "C-D", "D", "D", "D", "D"]),
    (7.0, ["D", "D", "D", "D", "D", "D"]),
]
# Inputs producing radiation classes +3, +2, +1, 0, -1, -2 in that order.
RAD_INPUTS = [(0, 0, 70.0), (0, 0, 50.0), (0, 0, 25.0), (10, 10, 50.0), (6, 3, -5.0), (2, 1, -5.0)]


@pytest.mark.parametrize("u10,row", STABILITY_ROWS)
def test_stability_table_row_by_row(u10, row):
    tot, low, h0 = (np.array(v) for v in zip(*RAD_INPUTS))
    rad = radiation_class_gbt3840(total_cloud_tenths=tot, low_cloud_tenths=low, solar_elevation_deg=h0)
    assert rad.tolist() == [3, 2, 1, 0, -1, -2]
    got = stability_class_gbt3840(total_cloud_tenths=tot, low_cloud_tenths=low,
                                  solar_elevation_deg=h0, wind_speed_10m_m_s=u10)
    assert got.tolist() == row


def test_wind_class_edges():
    got = stability_class_gbt3840(total_cloud_tenths=0, low_cloud_tenths=0, solar_elevation_deg=70.0,
                                  wind_speed_10m_m_s=np.array([1.99, 2.0, 2.99, 3.0, 4.99, 5.0, 5.99, 6.0]))
    assert got.tolist() == ["A", "A-B", "A-B", "B", "B", "C", "C", "D"]


def test_bad_inputs():
    with pytest.raises(ValueError, match="low_cloud"):
        radiation_class_gbt3840(total_cloud_tenths=3, low_cloud_tenths=5, solar_elevation_deg=10)
    with pytest.raises(ValueError, match="total_cloud"):
        radiation_class_gbt3840(total_cloud_tenths=11, low_cloud_tenths=5, solar_elevation_deg=10)
    with pytest.raises(ValueError, match="wind_speed_10m"):
        stability_class_gbt3840(total_cloud_tenths=3, low_cloud_tenths=1, solar_elevation_deg=10,
                                wind_speed_10m_m_s=-1)
    with pytest.raises(ValueError, match="latitude"):
        solar_elevation_deg(latitude_deg=95, longitude_deg=0, day_of_year=1, hour_beijing=1)
    with pytest.raises(ValueError, match="stability"):
        normalize_stability("G")


def test_normalize_aliases():
    assert normalize_stability(["a~b", "BC", "c-d", 4, "D\uff5eE"]).tolist() == ["A-B", "B-C", "C-D", "D", "D-E"]


@settings(max_examples=80, deadline=None)
@given(
    tot=st.integers(0, 10), low_frac=st.floats(0, 1), h0=st.floats(-90, 90),
    u1=st.floats(0, 20), u2=st.floats(0, 20),
)
def test_more_wind_never_less_neutral(tot, low_frac, h0, u1, u2):
    # Property of the table: at fixed radiation, stronger wind moves the class toward D.
    order = ["A", "A-B", "B", "B-C", "C", "C-D", "D", "E", "F"]
    neutral = order.index("D")
    low = int(round(low_frac * tot))
    lo, hi = sorted((u1, u2))
    c_lo = str(stability_class_gbt3840(total_cloud_tenths=tot, low_cloud_tenths=low, solar_elevation_deg=h0,
                                       wind_speed_10m_m_s=lo))
    c_hi = str(stability_class_gbt3840(total_cloud_tenths=tot, low_cloud_tenths=low, solar_elevation_deg=h0,
                                       wind_speed_10m_m_s=hi))
    assert abs(order.index(c_hi) - neutral) <= abs(order.index(c_lo) - neutral)
