"""Hourly surface meteorology: read, CHECK, complete (stability, mixing height) and summarise.

Checks (every defect is reported with its data row numbers, counted from 1 for the first data row,
i.e. the line after the CSV header is row 1):

* unreadable time stamps, duplicated hours -> :class:`eia.errors.EiaError` (the table is ambiguous);
* physically impossible values — negative wind speed, wind direction outside 0..360 deg, temperature
  outside 180..340 K, cloud cover outside 0..10 tenths or low cloud above total cloud, non-positive
  mixing height, unknown stability labels -> :class:`eia.errors.EiaError` listing the rows;
* out-of-order rows -> a warning (rows are keyed by their time stamp, so order does not matter);
* missing observations (NaN/empty cells in a needed column) -> the hour is skipped, with a warning
  listing the rows;
* hours absent from the table between the first and last hour -> skipped (never filled) and
  counted in the data-completeness figure.

When the table has no stability column, the Pasquill class is computed by the GB/T 3840-91
Appendix B method (:func:`models.air.stability.stability_class_gbt3840`) from total/low cloud,
10 m wind speed and the solar elevation at mid-hour (Beijing time). Intermediate classes (A-B, B-C,
C-D, D-E) are mapped to the more stable neighbour for the A..F dispersion schemes.

When the table has no mixing height and the scenario gives no ``default_mixing_height_m``, the
mechanical mixing height of the SCREEN3 model, ``z_i = 320 u_10`` (from ``0.3 u_* / f`` with
``u_* = 0.1 u_10`` and ``f = 1e-4 s^-1``), floored at 300 m, is used for classes A-D (E, F ignore
the lid in ISC3), and a warning says so.

References
----------
.. [1] GB/T 3840-91, Appendix B (stability classification, solar elevation).
.. [2] U.S. EPA (1995). SCREEN3 Model User's Guide, EPA-454/B-95-004, sec. 2.3 (mechanical mixing
   height ``320 u10`` of the screening met set; the 300 m floor is this engine's choice).
.. [3] HJ 2.2-2018, 7.1 and Appendix B (one year of hourly surface data for further prediction;
   completeness of the meteorological data).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from eia.errors import EiaError

__all__ = [
    "MetData",
    "load_meteorology",
    "check_meteorology",
    "read_table",
    "to_dispersion_classes",
    "mechanical_mixing_height_m",
    "wind_rose",
    "monthly_summary",
    "stability_frequency",
    "SPEED_BINS_M_S",
]

#: Upper edges of the wind-rose speed bins (m/s); the last bin is open.
SPEED_BINS_M_S = (2.0, 4.0, 6.0, None)

_INTERMEDIATE_TO_AF = {"A-B": "B", "B-C": "C", "C-D": "D", "D-E": "E"}
_AF = ("A", "B", "C", "D", "E", "F")
_MAX_LISTED = 20


@dataclass
class MetData:
    """A checked hourly series on a complete hourly timeline.

    Arrays have one value per hour from the first to the last hour of the table; hours absent from
    the table or with missing observations have ``valid = False``.
    """

    time: pd.DatetimeIndex
    valid: np.ndarray
    wind_from_deg: np.ndarray
    wind_speed_m_s: np.ndarray
    temperature_k: np.ndarray
    stability: np.ndarray
    stability_source: str
    mixing_height_m: np.ndarray
    mixing_height_source: str
    anemometer_height_m: float
    calm_threshold_m_s: float
    station_name: str = ""
    illustrative: bool = False
    counts: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    @property
    def n_hours(self) -> int:
        return len(self.time)

    @property
    def day_index(self) -> np.ndarray:
        """0-based day of each hour from the first day of the series."""
        d0 = self.time[0].normalize()
        return ((self.time.normalize() - d0).days).to_numpy().astype(np.int64)

    @property
    def n_days(self) -> int:
        return int(self.day_index.max()) + 1 if self.n_hours else 0

    @property
    def calm(self) -> np.ndarray:
        return self.valid & (np.nan_to_num(self.wind_speed_m_s) < self.calm_threshold_m_s)

    def completeness(self) -> dict:
        """Counts of hours and the data-completeness percentage (valid / expected)."""
        n = self.n_hours
        valid = int(self.valid.sum())
        return {
            "first_hour": self.time[0].isoformat() if n else None,
            "last_hour": self.time[-1].isoformat() if n else None,
            "expected_hours": n,
            "rows_in_table": int(self.counts.get("rows", 0)),
            "absent_hours": int(self.counts.get("absent", 0)),
            "skipped_hours": int(self.counts.get("skipped", 0)),
            "valid_hours": valid,
            "calm_hours": int(self.calm.sum()),
            "completeness_pct": 100.0 * valid / n if n else 0.0,
        }

    def subset(self, mask: np.ndarray) -> "MetData":
        """A copy keeping only the hours in ``mask`` (a boolean array over the timeline)."""
        m = np.asarray(mask, dtype=bool)
        return MetData(
            time=self.time[m], valid=self.valid[m], wind_from_deg=self.wind_from_deg[m],
            wind_speed_m_s=self.wind_speed_m_s[m], temperature_k=self.temperature_k[m],
            stability=self.stability[m], stability_source=self.stability_source,
            mixing_height_m=self.mixing_height_m[m], mixing_height_source=self.mixing_height_source,
            anemometer_height_m=self.anemometer_height_m, calm_threshold_m_s=self.calm_threshold_m_s,
            station_name=self.station_name, illustrative=self.illustrative, counts=dict(self.counts),
            notes=list(self.notes),
        )


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a CSV (UTF-8, header row) or Parquet table."""
    p = Path(path)
    if not p.is_file():
        raise EiaError(f"meteorology.file: file not found: {p}")
    suffix = p.suffix.lower()
    try:
        if suffix in (".parquet", ".pq"):
            return pd.read_parquet(p)
        if suffix in (".csv", ".txt"):
            return pd.read_csv(p, encoding="utf-8-sig", skipinitialspace=True)
    except Exception as exc:  # a broken file is the user's to fix
        raise EiaError(f"meteorology.file: cannot read {p.name}: {exc}") from None
    raise EiaError(f"meteorology.file: unknown table type {suffix!r} for {p.name}; expected .csv or .parquet")


def _rows(mask: np.ndarray) -> list[int]:
    return [int(i) + 1 for i in np.flatnonzero(mask)]


def _fmt_rows(rows: list[int]) -> str:
    head = ", ".join(str(r) for r in rows[:_MAX_LISTED])
    more = f" and {len(rows) - _MAX_LISTED} more" if len(rows) > _MAX_LISTED else ""
    return f"row{'s' if len(rows) != 1 else ''} {head}{more}"


def mechanical_mixing_height_m(wind_speed_10m_m_s, minimum_m: float = 300.0) -> np.ndarray:
    """Mechanical mixing height ``z_i = 320 u_10`` (m), floored at ``minimum_m`` (an engine choice).

    From ``z_i = 0.3 u_* / f`` with ``u_* = 0.1 u_10`` and ``f = 10^-4 s^-1``: the screening
    estimate of SCREEN3 for neutral and unstable hours.

    Parameters
    ----------
    wind_speed_10m_m_s : array_like
        10 m wind speed, m/s (>= 0).
    minimum_m : float
        Floor, m.

    Returns
    -------
    ndarray
        Mixing height, m.

    References
    ----------
    .. [1] U.S. EPA (1995). SCREEN3 Model User's Guide, EPA-454/B-95-004, sec. 2.3.
    .. [2] Randerson, D. (ed.) (1984). Atmospheric Science and Power Production, DOE/TIC-27601,
       p. 147 (neutral boundary-layer depth 0.3 u*/f).
    """
    u = np.asarray(wind_speed_10m_m_s, dtype=float)
    if np.any(u < 0):
        raise ValueError(f"wind_speed_10m_m_s: expected >= 0, got {wind_speed_10m_m_s!r}")
    return np.maximum(320.0 * u, minimum_m)


def to_dispersion_classes(stability: np.ndarray, scheme: str | None = None) -> tuple[np.ndarray, int]:
    """Map GB/T 3840-91 intermediate classes to A..F (the more stable neighbour); return (classes, n mapped).

    Schemes whose sigma tables define the intermediate classes (``gbt3840``) keep them: the
    point-source chain handles them itself (models.air.point_source.neighbour_classes).
    """
    from models.air.point_source import INTERMEDIATE_CLASS_SCHEMES

    s = np.asarray(stability, dtype="<U3")
    if scheme in INTERMEDIATE_CLASS_SCHEMES:
        return s.copy(), 0
    out = s.copy()
    n = 0
    for k, v in _INTERMEDIATE_TO_AF.items():
        m = s == k
        n += int(m.sum())
        out[m] = v
    return out, n


def _times(df: pd.DataFrame, cols) -> tuple[pd.Series, str]:
    """Hour-START timestamps (local standard time) per row, NaT where unreadable."""
    if cols.time and cols.time in df.columns:
        raw = df[cols.time]
        t = pd.to_datetime(raw, errors="coerce") if pd.api.types.is_datetime64_any_dtype(raw) else \
            pd.to_datetime(raw.astype(str), errors="coerce", format="mixed")
        return t.dt.floor("h"), cols.time
    if cols.date and cols.hour_ending and cols.date in df.columns and cols.hour_ending in df.columns:
        d = pd.to_datetime(df[cols.date], errors="coerce")
        he = pd.to_numeric(df[cols.hour_ending], errors="coerce")
        bad = (he < 1) | (he > 24) | (he != np.round(he))
        he = he.where(~bad)
        return d + pd.to_timedelta(he - 1, unit="h"), f"{cols.date}+{cols.hour_ending}"
    raise EiaError(
        "meteorology.columns: the table needs a time column "
        f"({cols.time!r}) or date and hour-ending columns ({cols.date!r}, {cols.hour_ending!r}); "
        f"columns found: {', '.join(map(str, df.columns))}"
    )


def _num(df: pd.DataFrame, col: str | None) -> np.ndarray | None:
    if col is None or col not in df.columns:
        return None
    return pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float)


def check_meteorology(
    df: pd.DataFrame,
    *,
    columns,
    latitude_deg: float,
    longitude_deg: float,
    timezone_offset_h: float = 8.0,
    anemometer_height_m: float = 10.0,
    calm_threshold_m_s: float = 0.5,
    default_mixing_height_m: float | None = None,
    station_name: str = "",
    illustrative: bool = False,
    year: int | None = None,
    warn: Callable[..., None] | None = None,
) -> MetData:
    """Check an hourly table and return a :class:`MetData` on a complete hourly timeline.

    Parameters
    ----------
    df : pandas.DataFrame
        The table as read (one row per hour).
    columns : eia.air.schema.MeteorologyColumns
        Column names.
    latitude_deg, longitude_deg : float
        Site location (for the solar elevation when stability must be computed).
    timezone_offset_h : float
        Offset of the table's local standard time from UTC (8 = Beijing time).
    warn : callable(code, message, **details), optional
        Receives the warnings (``RunContext.warn``).

    Raises
    ------
    EiaError
        Listing every hard defect with its rows.

    References
    ----------
    .. [1] GB/T 3840-91 Appendix B; HJ 2.2-2018 7.1, Appendix B (see module docstring).
    """
    from models.air.stability import (STABILITY_CLASSES, normalize_stability, solar_elevation_deg,
                                      stability_class_gbt3840)

    warn = warn or (lambda *a, **k: None)
    n_rows = len(df)
    if n_rows == 0:
        raise EiaError("meteorology.file: the table has no rows")
    problems: list[str] = []
    t, time_label = _times(df, columns)
    bad_t = t.isna().to_numpy()
    if bad_t.any():
        problems.append(f"unreadable time ({time_label}) at {_fmt_rows(_rows(bad_t))}")
    dup = t.duplicated(keep=False).to_numpy() & ~bad_t
    if dup.any():
        problems.append(f"duplicated hours at {_fmt_rows(_rows(dup))}")

    for name in ("wind_from_deg", "wind_speed_m_s"):
        if getattr(columns, name) not in df.columns:
            problems.append(f"column {getattr(columns, name)!r} ({name}) is missing")
    wd = _num(df, columns.wind_from_deg)
    ws = _num(df, columns.wind_speed_m_s)
    tk = _num(df, columns.temperature_k)
    if tk is None:
        tc = _num(df, columns.temperature_c)
        tk = tc + 273.15 if tc is not None else None
    if tk is None:
        problems.append(f"no temperature column ({columns.temperature_k!r} in K or {columns.temperature_c!r} in °C)")
    if problems:
        raise EiaError("meteorology.file: " + "; ".join(problems))

    if np.any(ws < 0):
        problems.append(f"negative wind speed at {_fmt_rows(_rows(ws < 0))}")
    bad_dir = (wd < 0) | (wd > 360)
    if np.any(bad_dir):
        problems.append(f"wind direction outside 0..360 degrees at {_fmt_rows(_rows(bad_dir))}")
    bad_tk = (tk < 180) | (tk > 340)
    if np.any(bad_tk):
        problems.append(f"temperature outside 180..340 K (-93..67 °C) at {_fmt_rows(_rows(bad_tk))}")

    mh = _num(df, columns.mixing_height_m)
    if mh is not None and np.any(mh <= 0):
        problems.append(f"mixing height <= 0 m at {_fmt_rows(_rows(mh <= 0))}")
    an = _num(df, columns.anemometer_height_m)
    if an is not None and np.any(an <= 0):
        problems.append(f"anemometer height <= 0 m at {_fmt_rows(_rows(an <= 0))}")

    missing = np.isnan(wd) | np.isnan(ws) | np.isnan(tk)
    stab_raw = None
    stability_source = "table"
    if columns.stability and columns.stability in df.columns:
        col = df[columns.stability]
        empty = col.isna().to_numpy() | (col.astype(str).str.strip() == "").to_numpy()
        missing |= empty
        stab_raw = np.full(n_rows, "", dtype="<U3")
        unknown = []
        for i, v in enumerate(col.to_numpy()):
            if empty[i]:
                continue
            try:
                stab_raw[i] = str(normalize_stability(v if not isinstance(v, float) else int(v)).item())
            except (ValueError, TypeError):
                unknown.append(i + 1)
        if unknown:
            problems.append(
                f"unknown stability class at {_fmt_rows(unknown)} (expected one of {', '.join(STABILITY_CLASSES)})"
            )
    else:
        tot = _num(df, columns.total_cloud_tenths)
        low = _num(df, columns.low_cloud_tenths)
        if tot is None or low is None:
            raise EiaError(
                "meteorology.file: no stability column and no total/low cloud columns "
                f"({columns.total_cloud_tenths!r}, {columns.low_cloud_tenths!r}) to compute it by GB/T 3840-91"
            )
        bad_c = (tot < 0) | (tot > 10) | (low < 0) | (low > 10)
        if np.any(bad_c):
            problems.append(f"cloud cover outside 0..10 tenths at {_fmt_rows(_rows(bad_c))}")
        over = low > tot
        if np.any(over):
            problems.append(f"low cloud above total cloud at {_fmt_rows(_rows(over))}")
        missing |= np.isnan(tot) | np.isnan(low)
        stability_source = "GB/T 3840-91 from cloud cover"
    if problems:
        raise EiaError("meteorology.file: " + "; ".join(problems))

    # rows usable: readable, unique time
    ok = ~bad_t
    order_t = t[ok]
    out_of_order = np.flatnonzero(np.diff(order_t.to_numpy().astype("datetime64[ns]").astype(np.int64)) < 0)
    if out_of_order.size:
        rows_ok = np.flatnonzero(ok)
        listed = [int(rows_ok[i + 1]) + 1 for i in out_of_order]
        warn("air-met-out-of-order", f"meteorology rows out of time order (sorted by time): {_fmt_rows(listed)}",
             rows=listed[:_MAX_LISTED])
    if missing.any():
        rows_m = _rows(missing)
        warn("air-met-missing-values",
             f"meteorology: {len(rows_m)} hour(s) with missing observations skipped ({_fmt_rows(rows_m)})",
             rows=rows_m[:_MAX_LISTED], count=len(rows_m))

    # complete hourly timeline
    t0, t1 = t.min(), t.max()
    if year is not None and (t0.year != year or t1.year != year):
        warn("air-met-year", f"meteorology covers {t0} .. {t1}, not only the declared year {year}")
    timeline = pd.date_range(t0, t1, freq="h")
    pos = timeline.get_indexer(t)
    n = len(timeline)

    def place(values, fill=np.nan, dtype=float):
        arr = np.full(n, fill, dtype=dtype)
        arr[pos] = values
        return arr

    present = np.zeros(n, dtype=bool)
    present[pos] = True
    valid = present & place(~missing, False, bool)
    wd_h = place(wd)
    ws_h = place(ws)
    tk_h = place(tk)
    if stab_raw is not None:
        stab_h = place(stab_raw, "", "<U3")
    else:
        tot_h, low_h = place(tot), place(low)
        # solar elevation at mid-hour, Beijing time (GB/T 3840-91 Appendix B uses Beijing time)
        mid = timeline + pd.Timedelta(minutes=30) + pd.Timedelta(hours=8.0 - timezone_offset_h)
        h0 = solar_elevation_deg(latitude_deg=latitude_deg, longitude_deg=longitude_deg,
                                 day_of_year=(mid.day_of_year - 1).to_numpy(),
                                 hour_beijing=(mid.hour + mid.minute / 60.0).to_numpy())
        stab_h = np.full(n, "", dtype="<U3")
        stab_h[valid] = stability_class_gbt3840(
            total_cloud_tenths=tot_h[valid], low_cloud_tenths=low_h[valid],
            solar_elevation_deg=h0[valid], wind_speed_10m_m_s=ws_h[valid])
    if an is not None:
        an_values = an[~np.isnan(an)]
        anem = float(np.median(an_values)) if an_values.size else anemometer_height_m
        if an_values.size and np.ptp(an_values) > 0:
            warn("air-met-anemometer", "meteorology: anemometer height varies in the table; the median is used",
                 anemometer_height_m=anem)
    else:
        anem = anemometer_height_m
    if mh is not None:
        mh_h = place(mh)
        gap = valid & np.isnan(mh_h)
        mixing_source = "table"
        if gap.any():
            mh_h[gap] = (default_mixing_height_m if default_mixing_height_m
                         else mechanical_mixing_height_m(ws_h[gap]))
            warn("air-met-mixing-height-gaps", f"meteorology: {int(gap.sum())} hour(s) without mixing height estimated",
                 count=int(gap.sum()))
    elif default_mixing_height_m is not None:
        mh_h = np.full(n, float(default_mixing_height_m))
        mixing_source = f"constant {default_mixing_height_m:g} m (scenario)"
        warn("air-met-mixing-height", f"meteorology has no mixing height: constant {default_mixing_height_m:g} m used")
    else:
        mh_h = mechanical_mixing_height_m(np.nan_to_num(ws_h))
        mixing_source = "SCREEN3 mechanical estimate 320 u10 (min 300 m)"
        warn("air-met-mixing-height",
             "meteorology has no mixing height: estimated as 320 x u10 m, at least 300 m "
             "(SCREEN3 mechanical mixing height, EPA-454/B-95-004); E/F hours ignore the lid")

    absent = int(n - present.sum())
    skipped = int((present & ~valid).sum())
    if absent:
        warn("air-met-absent-hours",
             f"meteorology: {absent} hour(s) between {t0} and {t1} are absent from the table; skipped, not filled",
             count=absent)
    if illustrative:
        warn("air-illustrative-meteorology", f"meteorology of station {station_name!r} is illustrative, not observed")
    return MetData(
        time=timeline, valid=valid, wind_from_deg=np.nan_to_num(wd_h) % 360.0, wind_speed_m_s=np.nan_to_num(ws_h),
        temperature_k=np.where(np.isnan(tk_h), 288.15, tk_h), stability=stab_h,
        stability_source=stability_source, mixing_height_m=np.where(np.isnan(mh_h), 1000.0, mh_h),
        mixing_height_source=mixing_source, anemometer_height_m=anem, calm_threshold_m_s=calm_threshold_m_s,
        station_name=station_name, illustrative=illustrative,
        counts={"rows": n_rows, "absent": absent, "skipped": skipped},
    )


def load_meteorology(met, *, latitude_deg: float, longitude_deg: float, timezone_offset_h: float = 8.0,
                     warn: Callable[..., None] | None = None) -> MetData:
    """Read and check the table named by a :class:`eia.air.schema.Meteorology` section."""
    df = read_table(met.file)
    return check_meteorology(
        df, columns=met.columns, latitude_deg=latitude_deg, longitude_deg=longitude_deg,
        timezone_offset_h=timezone_offset_h, anemometer_height_m=met.anemometer_height_m,
        calm_threshold_m_s=met.calm_threshold_m_s, default_mixing_height_m=met.default_mixing_height_m,
        station_name=met.station_name, illustrative=met.illustrative, year=met.year, warn=warn)


# ----------------------------------------------------------------------------------------- summaries
def wind_rose(met: MetData, speed_bins_m_s=SPEED_BINS_M_S, n_directions: int = 16) -> dict:
    """Wind-rose frequencies (% of valid hours) by direction sector and speed bin, plus calm %.

    Sector i is centred on ``i x 360/n`` degrees (north = 0, clockwise); calm hours (speed below the
    calm threshold) are counted apart. Frequencies of all sectors and bins plus calm add to 100 %.

    References
    ----------
    .. [1] HJ 2.2-2018, 7 (meteorological data analysis: wind rose, monthly statistics).
    """
    v = met.valid
    n_valid = int(v.sum())
    width = 360.0 / n_directions
    ws, wd = met.wind_speed_m_s[v], met.wind_from_deg[v]
    calm = ws < met.calm_threshold_m_s
    sector = np.floor(((wd + width / 2.0) % 360.0) / width).astype(int)
    edges = [e for e in speed_bins_m_s if e is not None]
    bin_idx = np.searchsorted(np.asarray(edges), ws, side="right")
    freq = np.zeros((n_directions, len(edges) + 1))
    np.add.at(freq, (sector[~calm], bin_idx[~calm]), 1.0)
    scale = 100.0 / n_valid if n_valid else 0.0
    return {
        "directions_deg": [i * width for i in range(n_directions)],
        "speed_bins_m_s": list(speed_bins_m_s),
        "frequency_pct": (freq * scale).round(4).tolist(),
        "calm_pct": round(float(calm.sum()) * scale, 4),
        "valid_hours": n_valid,
    }


def monthly_summary(met: MetData) -> list[dict]:
    """Monthly mean temperature (°C) and wind speed (m/s) over valid hours."""
    v = met.valid
    df = pd.DataFrame({"month": met.time.month[v], "t": met.temperature_k[v] - 273.15, "u": met.wind_speed_m_s[v]})
    g = df.groupby("month")
    out = []
    for m, part in g:
        out.append({"month": int(m), "temperature_c": float(part["t"].mean()), "wind_speed_m_s": float(part["u"].mean()),
                    "valid_hours": int(len(part))})
    return out


def stability_frequency(met: MetData) -> dict[str, float]:
    """Frequency (% of valid hours) of each stability class present."""
    s = met.stability[met.valid]
    if s.size == 0:
        return {}
    labels, counts = np.unique(s, return_counts=True)
    return {str(k): 100.0 * float(c) / s.size for k, c in zip(labels, counts)}
