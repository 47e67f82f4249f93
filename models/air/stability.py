"""Pasquill stability classes by the Chinese national method (GB/T 3840-91, Appendix B).

The classification has two steps:

1. the solar radiation class (太阳辐射等级数, -2 ... +3) from total / low cloud cover (tenths) and the
   solar elevation angle h0 (night when the sun is below the horizon);
2. the stability class from the radiation class and the 10 m wind speed, including the
   intermediate classes A-B, B-C and C-D.

Class labels are strings ``"A"``, ``"A-B"``, ``"B"``, ``"B-C"``, ``"C"``, ``"C-D"``, ``"D"``,
``"D-E"``, ``"E"``, ``"F"``. :func:`normalize_stability` also accepts ``"A~B"`` / ``"AB"`` spellings
and the ISC3 integer codes 1..6 (A..F), so every air module shares one notion of a class.

References
----------
.. [1] GB/T 3840-91, 制定地方大气污染物排放标准的技术方法, Appendix B (solar elevation formula,
   table 太阳辐射等级数, table 大气稳定度的等级).
.. [2] HJ/T 2.2-93, 环境影响评价技术导则 大气环境, Appendix B (same tables and formulas).
"""
from __future__ import annotations

import numpy as np

__all__ = [
    "STABILITY_CLASSES",
    "normalize_stability",
    "solar_declination_deg",
    "solar_elevation_deg",
    "radiation_class_gbt3840",
    "stability_class_gbt3840",
]

#: Every class label used by the air modules, from most unstable to most stable.
STABILITY_CLASSES = ("A", "A-B", "B", "B-C", "C", "C-D", "D", "D-E", "E", "F")

_ALIASES = {label: label for label in STABILITY_CLASSES}
for _label in STABILITY_CLASSES:
    if "-" in _label:
        _a, _b = _label.split("-")
        _ALIASES[f"{_a}~{_b}"] = _label
        _ALIASES[f"{_a}{_b}"] = _label
        _ALIASES[f"{_a}\uff5e{_b}"] = _label  # full-width tilde used in Chinese tables
        _ALIASES[f"{_a}\u2013{_b}"] = _label
for _i, _label in enumerate("ABCDEF", start=1):
    _ALIASES[str(_i)] = _label


def normalize_stability(stability, allowed=STABILITY_CLASSES) -> np.ndarray:
    """Return stability classes as an array of canonical labels.

    Parameters
    ----------
    stability : str, int or array_like of str / int
        Class labels (``"A"``, ``"B-C"``, ``"B~C"``, lower case allowed) or ISC3 integer codes
        1..6 meaning A..F.
    allowed : sequence of str
        Canonical labels accepted by the caller (e.g. only A..F for the Briggs curves).

    Returns
    -------
    ndarray of str (dtype ``<U3``), same shape as the input.

    Raises
    ------
    ValueError
        If a label is unknown or not in ``allowed``.

    References
    ----------
    .. [1] GB/T 3840-91, Appendix B, table 大气稳定度的等级 (class labels).
    .. [2] EPA-454/B-95-003b (ISC3 vol. II), 1.1.3 (integer codes 1..6 = A..F).
    """
    arr = np.asarray(stability)
    if arr.dtype.kind in "iu":
        flat = [str(int(v)) for v in arr.ravel()]
    elif arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
            raise ValueError(f"stability: numeric classes must be integers 1..6, got {stability!r}")
        flat = [str(int(v)) for v in arr.ravel()]
    else:
        flat = [str(v).strip().upper() for v in arr.ravel()]
    out = []
    for v in flat:
        label = _ALIASES.get(v)
        if label is None or label not in allowed:
            raise ValueError(
                f"stability: unknown class {v!r}; expected one of {list(allowed)} "
                "(or integer codes 1..6 for A..F)"
            )
        out.append(label)
    return np.array(out, dtype="<U3").reshape(arr.shape)


def solar_declination_deg(day_of_year):
    """Solar declination by the Fourier series of GB/T 3840-91 Appendix B.

    .. math::
        \\delta = [0.006918 - 0.399912\\cos\\theta_0 + 0.070257\\sin\\theta_0
        - 0.006758\\cos 2\\theta_0 + 0.000907\\sin 2\\theta_0
        - 0.002697\\cos 3\\theta_0 + 0.001480\\sin 3\\theta_0]\\,180/\\pi,
        \\qquad \\theta_0 = 360\\,d_n/365\\ \\text{deg}

    with :math:`d_n = 0, 1, ..., 364` the day number of the year (0 = 1 January).

    Parameters
    ----------
    day_of_year : array_like of int or float
        Day number ``d_n`` as used by the standard, 0 on 1 January.

    Returns
    -------
    ndarray
        Declination in degrees.

    References
    ----------
    .. [1] GB/T 3840-91, Appendix B (formula for the solar declination).
    .. [2] Spencer, J. W. (1971). Fourier series representation of the position of the sun.
       Search 2(5), 172 (origin of the series).
    """
    dn = np.asarray(day_of_year, dtype=float)
    if np.any(~np.isfinite(dn)) or np.any(dn < 0) or np.any(dn > 366):
        raise ValueError(f"day_of_year: expected 0..365 (0 = 1 January), got {day_of_year!r}")
    t = np.deg2rad(360.0 * dn / 365.0)
    dec = (
        0.006918
        - 0.399912 * np.cos(t)
        + 0.070257 * np.sin(t)
        - 0.006758 * np.cos(2 * t)
        + 0.000907 * np.sin(2 * t)
        - 0.002697 * np.cos(3 * t)
        + 0.001480 * np.sin(3 * t)
    )
    return np.rad2deg(dec)


def solar_elevation_deg(*, latitude_deg, longitude_deg, day_of_year, hour_beijing):
    """Solar elevation angle h0 by GB/T 3840-91 Appendix B.

    .. math::
        h_0 = \\arcsin[\\sin\\varphi\\sin\\delta + \\cos\\varphi\\cos\\delta
        \\cos(15 t + \\lambda - 300)]

    with t the Beijing time in hours, lambda the longitude (deg E) and phi the latitude.
    The term ``15 t + lambda - 300`` is the hour angle: Beijing time is the mean solar time of
    120 deg E (15 x 12 + 120 = 300). No equation-of-time correction is applied, exactly as in the
    standard (its error is at most ~4 deg of hour angle, i.e. up to ~16 min of time).

    Parameters
    ----------
    latitude_deg : array_like
        Latitude phi, degrees north (-90..90).
    longitude_deg : array_like
        Longitude lambda, degrees east.
    day_of_year : array_like
        Day number d_n, 0 on 1 January (see :func:`solar_declination_deg`).
    hour_beijing : array_like
        Beijing time (UTC+8) in hours, e.g. 14.5 for 14:30.

    Returns
    -------
    ndarray
        Solar elevation in degrees (negative below the horizon).

    References
    ----------
    .. [1] GB/T 3840-91, Appendix B (solar elevation formula).
    .. [2] HJ/T 2.2-93, Appendix B (same formula).
    """
    lat = np.asarray(latitude_deg, dtype=float)
    if np.any(np.abs(lat) > 90) or np.any(~np.isfinite(lat)):
        raise ValueError(f"latitude_deg: expected -90..90, got {latitude_deg!r}")
    lon = np.asarray(longitude_deg, dtype=float)
    if np.any(~np.isfinite(lon)):
        raise ValueError(f"longitude_deg: expected finite degrees east, got {longitude_deg!r}")
    t = np.asarray(hour_beijing, dtype=float)
    if np.any(~np.isfinite(t)) or np.any(t < 0) or np.any(t > 24):
        raise ValueError(f"hour_beijing: expected 0..24 h, got {hour_beijing!r}")
    dec = np.deg2rad(solar_declination_deg(day_of_year))
    phi = np.deg2rad(lat)
    hour_angle = np.deg2rad(15.0 * t + lon - 300.0)
    s = np.sin(phi) * np.sin(dec) + np.cos(phi) * np.cos(dec) * np.cos(hour_angle)
    return np.rad2deg(np.arcsin(np.clip(s, -1.0, 1.0)))


# GB/T 3840-91 Appendix B, table 太阳辐射等级数: rows = cloud category, columns = night, h0<=15, 15<h0<=35,
# 35<h0<=65, h0>65.
_RADIATION_TABLE = np.array(
    [
        [-2, -1, +1, +2, +3],  # total <= 4, low <= 4
        [-1, 0, +1, +2, +3],  # total 5..7, low <= 4
        [-1, 0, 0, +1, +1],  # total >= 8, low <= 4
        [0, 0, 0, 0, +1],  # total >= 5, low 5..7
        [0, 0, 0, 0, 0],  # total >= 8, low >= 8
    ],
    dtype=np.int64,
)

# GB/T 3840-91 Appendix B, table 大气稳定度的等级: rows = 10 m wind class (<=1.9, 2-2.9, 3-4.9, 5-5.9, >=6 m/s),
# columns = radiation class +3, +2, +1, 0, -1, -2.
_STABILITY_TABLE = np.array(
    [
        ["A", "A-B", "B", "D", "E", "F"],
        ["A-B", "B", "C", "D", "E", "F"],
        ["B", "B-C", "C", "D", "D", "E"],
        ["C", "C-D", "D", "D", "D", "D"],
        ["D", "D", "D", "D", "D", "D"],
    ],
    dtype="<U3",
)


def radiation_class_gbt3840(*, total_cloud_tenths, low_cloud_tenths, solar_elevation_deg):
    """Solar radiation class (太阳辐射等级数) by GB/T 3840-91 Appendix B.

    Cloud categories (total / low, in tenths): <=4/<=4; 5-7/<=4; >=8/<=4; >=5/5-7; >=8/>=8.
    Elevation columns: night (h0 <= 0), h0 <= 15, 15 < h0 <= 35, 35 < h0 <= 65, h0 > 65 deg.
    Cloud amounts are rounded to whole tenths first (observations are reported in tenths).

    Parameters
    ----------
    total_cloud_tenths, low_cloud_tenths : array_like
        Total and low cloud cover, 0..10 tenths; low cloud may not exceed total cloud.
    solar_elevation_deg : array_like
        Solar elevation h0, degrees (<= 0 is night).

    Returns
    -------
    ndarray of int
        Radiation class -2..+3.

    References
    ----------
    .. [1] GB/T 3840-91, Appendix B, table 太阳辐射等级数.
    .. [2] HJ/T 2.2-93, Appendix B (same table).
    """
    tot = np.rint(np.asarray(total_cloud_tenths, dtype=float))
    low = np.rint(np.asarray(low_cloud_tenths, dtype=float))
    h0 = np.asarray(solar_elevation_deg, dtype=float)
    if np.any(~np.isfinite(tot)) or np.any((tot < 0) | (tot > 10)):
        raise ValueError(f"total_cloud_tenths: expected 0..10, got {total_cloud_tenths!r}")
    if np.any(~np.isfinite(low)) or np.any((low < 0) | (low > 10)):
        raise ValueError(f"low_cloud_tenths: expected 0..10, got {low_cloud_tenths!r}")
    if np.any(~np.isfinite(h0)):
        raise ValueError(f"solar_elevation_deg: expected finite degrees, got {solar_elevation_deg!r}")
    tot, low, h0 = np.broadcast_arrays(tot, low, h0)
    if np.any(low > tot):
        raise ValueError("low_cloud_tenths: low cloud cover may not exceed total cloud cover")
    row = np.select(
        [(tot <= 4) & (low <= 4), (tot <= 7) & (low <= 4), low <= 4, low <= 7],
        [0, 1, 2, 3],
        default=4,
    )
    col = np.select([h0 <= 0, h0 <= 15, h0 <= 35, h0 <= 65], [0, 1, 2, 3], default=4)
    return _RADIATION_TABLE[row, col]


def stability_class_gbt3840(*, total_cloud_tenths, low_cloud_tenths, solar_elevation_deg, wind_speed_10m_m_s):
    """Pasquill stability class by GB/T 3840-91 (Appendix B tables), vectorised.

    The 10 m wind classes of the stability table (<=1.9, 2-2.9, 3-4.9, 5-5.9, >=6 m/s) are read as the
    half-open intervals [0, 2), [2, 3), [3, 5), [5, 6), [6, inf) so that continuous wind speeds
    fall into exactly one row.

    Parameters
    ----------
    total_cloud_tenths, low_cloud_tenths : array_like
        Total and low cloud cover, tenths (0..10).
    solar_elevation_deg : array_like
        Solar elevation h0, degrees (from :func:`solar_elevation_deg`); <= 0 means night.
    wind_speed_10m_m_s : array_like
        Wind speed at 10 m, m/s (>= 0).

    Returns
    -------
    ndarray of str
        Class labels among A, A-B, B, B-C, C, C-D, D, E, F (broadcast shape of the inputs).

    References
    ----------
    .. [1] GB/T 3840-91, Appendix B, tables 太阳辐射等级数 and 大气稳定度的等级.
    .. [2] HJ/T 2.2-93, Appendix B (same tables).
    """
    u = np.asarray(wind_speed_10m_m_s, dtype=float)
    if np.any(~np.isfinite(u)) or np.any(u < 0):
        raise ValueError(f"wind_speed_10m_m_s: expected >= 0 m/s, got {wind_speed_10m_m_s!r}")
    rad = radiation_class_gbt3840(
        total_cloud_tenths=total_cloud_tenths,
        low_cloud_tenths=low_cloud_tenths,
        solar_elevation_deg=solar_elevation_deg,
    )
    rad, u = np.broadcast_arrays(rad, u)
    row = np.select([u < 2, u < 3, u < 5, u < 6], [0, 1, 2, 3], default=4)
    col = 3 - rad  # +3 -> 0, ..., -2 -> 5
    return _STABILITY_TABLE[row, col]
