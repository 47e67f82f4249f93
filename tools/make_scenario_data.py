"""Seeded generators of the ILLUSTRATIVE data files bundled with the example scenarios.

Real hourly surface observations and long monthly flow records of the bundled places are not
public in machine-readable form, so the scenarios ship synthetic stand-ins that are physically
plausible and exactly reproducible from a seed. Every file written here is illustrative and is
labelled so in its scenario (``illustrative: true`` and ``meta.data_note``); none is a measurement.

Two kinds of table:

* hourly meteorology (one non-leap year, 8,760 rows; columns ``time, wind_from_deg,
  wind_speed_m_s, temperature_c, total_cloud_tenths, low_cloud_tenths``, the canonical names of
  ``eia/air/schema.py: MeteorologyColumns``) with a seasonal and diurnal temperature cycle, a
  diurnal wind-speed cycle (afternoon maximum), synoptic wind-direction regimes that persist for
  days and follow the place's prevailing directions by season, and persistent cloud cover from
  which the engine derives the Pasquill class by GB/T 3840-91 Appendix B;
* monthly mean flows (``year, month, flow_m3_s``; >= 20 years) with a wet season in July-August,
  a dry season in December-March, year-to-year variability (lognormal) and month-to-month
  persistence.

Usage::

    .venv/bin/python tools/make_scenario_data.py           # (re)write every file
    .venv/bin/python tools/make_scenario_data.py --check   # exit 1 if a committed file differs

Only ``numpy.random.Generator(PCG64(seed))`` draws of ``random`` and ``standard_normal`` are used,
and numbers are written with fixed formats, so a file is byte-for-byte reproducible.

References
----------
.. [1] HJ 2.2-2018, 7.1 and Appendix B: one year of hourly surface data for further prediction.
.. [2] GB/T 3840-91, Appendix B: Pasquill stability from cloud cover, wind speed, solar elevation.
.. [3] Justus, C. G., Hargraves, W. R., Mikhail, A., Graber, D. (1978). Methods for estimating
   wind speed frequency distributions. J. Appl. Meteor. 17, 350-353 (Weibull k about 1.5-2.2 for
   10 m winds over land; k = 1.7 used here).
.. [4] 国家环境保护总局 (2003). 《全国水环境容量核定技术指南》: design flow from the driest-month
   flow of a long monthly record (90 % guarantee rate).
"""
from __future__ import annotations

import argparse
import calendar
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = [
    "Climate",
    "FlowRegime",
    "MET_DATASETS",
    "FLOW_DATASETS",
    "meteorology_csv",
    "monthly_flow_csv",
    "write_all",
    "check_all",
]

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Climate:
    """Climatology of a place, used to synthesise one year of hourly surface data.

    ``regimes`` are synoptic wind regimes ``(direction_from_deg, spread_deg)``; ``season_weights``
    gives, for winter (DJF), spring (MAM), summer (JJA) and autumn (SON), the probability of each
    regime. A regime persists for ``regime_days`` days on average (geometric durations).
    """

    name: str
    year: int
    seed: int
    mean_temperature_c: float  # annual mean
    seasonal_amplitude_c: float  # half of (July mean - January mean)
    diurnal_amplitude_c: float  # half of the mean daily range
    mean_wind_speed_m_s: float  # annual mean 10 m wind speed
    spring_wind_factor: float  # spring mean / annual mean (spring is the windiest season in Henan)
    regimes: tuple[tuple[float, float], ...]
    season_weights: tuple[tuple[float, ...], ...]  # 4 seasons x len(regimes)
    regime_days: float = 2.5
    cloud_mean_tenths: tuple[float, float, float, float] = (4.0, 5.0, 6.5, 4.5)  # DJF MAM JJA SON


@dataclass(frozen=True)
class FlowRegime:
    """Monthly-flow climatology of a river section (mean flow per calendar month, m3/s)."""

    name: str
    first_year: int
    n_years: int
    seed: int
    monthly_mean_m3_s: tuple[float, ...]  # Jan..Dec
    interannual_cv: float = 0.45  # coefficient of variation of the annual factor
    monthly_cv: float = 0.35  # month-to-month noise
    persistence: float = 0.5  # lag-1 correlation of the monthly noise
    extra: dict = field(default_factory=dict)


# ------------------------------------------------------------------------------------------ places
# Climate figures are rounded public climate normals of the region (see each scenario's
# SOURCES.md); the hourly series itself is synthetic.
MET_DATASETS: dict[str, tuple[Climate, str]] = {
    "zhecheng": (
        Climate(
            name="Zhecheng (Shangqiu, eastern Henan)", year=2023, seed=410_001,
            mean_temperature_c=14.4, seasonal_amplitude_c=13.4, diurnal_amplitude_c=5.0,
            mean_wind_speed_m_s=2.4, spring_wind_factor=1.2,
            # NE (winter monsoon), S/SSE (summer monsoon), N, E
            regimes=((45.0, 25.0), (180.0, 30.0), (0.0, 25.0), (100.0, 30.0)),
            season_weights=((0.45, 0.10, 0.30, 0.15), (0.35, 0.30, 0.15, 0.20),
                            (0.15, 0.55, 0.05, 0.25), (0.40, 0.20, 0.25, 0.15)),
        ),
        "scenarios/zhecheng/data/met_zhecheng_2023_illustrative.csv",
    ),
    "heqi": (
        Climate(
            name="Qi county (Hebi, northern Henan)", year=2023, seed=410_002,
            mean_temperature_c=14.2, seasonal_amplitude_c=14.0, diurnal_amplitude_c=5.5,
            mean_wind_speed_m_s=2.45, spring_wind_factor=1.25,
            # ENE/NE dominant along the Taihang foot, SW secondary, S summer, NW winter outbreaks
            regimes=((60.0, 22.0), (225.0, 25.0), (180.0, 30.0), (315.0, 25.0)),
            season_weights=((0.45, 0.15, 0.05, 0.35), (0.45, 0.30, 0.15, 0.10),
                            (0.35, 0.30, 0.30, 0.05), (0.50, 0.20, 0.10, 0.20)),
        ),
        "scenarios/heqi/data/met_qixian_2023_illustrative.csv",
    ),
    "hebi-circular": (
        Climate(
            name="Hebi (Taihang piedmont, northern Henan)", year=2023, seed=410_003,
            mean_temperature_c=14.0, seasonal_amplitude_c=14.0, diurnal_amplitude_c=5.5,
            mean_wind_speed_m_s=2.3, spring_wind_factor=1.25,
            regimes=((25.0, 22.0), (205.0, 25.0), (135.0, 30.0), (320.0, 25.0)),
            season_weights=((0.45, 0.15, 0.05, 0.35), (0.40, 0.35, 0.15, 0.10),
                            (0.30, 0.35, 0.30, 0.05), (0.50, 0.20, 0.10, 0.20)),
        ),
        "scenarios/hebi-circular/data/met_hebi_2023_illustrative.csv",
    ),
    "wugang": (
        Climate(
            name="Wugang (Pingdingshan, south-central Henan)", year=2023, seed=410_004,
            mean_temperature_c=15.0, seasonal_amplitude_c=13.2, diurnal_amplitude_c=5.0,
            mean_wind_speed_m_s=2.2, spring_wind_factor=1.2,
            # NE dominant (Funiu foothills channel the flow), S/SSW summer, N, E
            regimes=((45.0, 22.0), (195.0, 28.0), (0.0, 25.0), (90.0, 30.0)),
            season_weights=((0.50, 0.10, 0.30, 0.10), (0.40, 0.30, 0.15, 0.15),
                            (0.25, 0.50, 0.05, 0.20), (0.45, 0.20, 0.25, 0.10)),
            cloud_mean_tenths=(4.5, 5.5, 6.5, 5.0),
        ),
        "scenarios/wugang/data/met_wugang_2023_illustrative.csv",
    ),
}

FLOW_DATASETS: dict[str, tuple[FlowRegime, str]] = {
    # Huiji River (惠济河) entering Zhecheng county: a plain river of the Guo/Huai basin whose
    # dry-season flow is small; magnitudes are illustrative.
    "huiji": (
        FlowRegime(
            name="Huiji River above Zhecheng (illustrative)", first_year=1995, n_years=30, seed=420_001,
            monthly_mean_m3_s=(2.6, 2.4, 2.8, 3.5, 4.5, 7.0, 21.0, 24.0, 13.0, 7.0, 4.2, 3.0),
        ),
        "scenarios/zhecheng/data/flow_huiji_1995_2024_illustrative.csv",
    ),
    # Yong'an ditch (永安沟): a drainage ditch through the cluster, nearly dry in winter.
    "yongan": (
        FlowRegime(
            name="Yong'an ditch (illustrative)", first_year=1995, n_years=30, seed=420_002,
            monthly_mean_m3_s=(0.16, 0.15, 0.18, 0.22, 0.30, 0.50, 1.60, 1.80, 0.90, 0.45, 0.25, 0.18),
            interannual_cv=0.5, monthly_cv=0.4,
        ),
        "scenarios/zhecheng/data/flow_yongan_1995_2024_illustrative.csv",
    ),
}


# ------------------------------------------------------------------------------------ meteorology
def _season(month: np.ndarray) -> np.ndarray:
    """0 = DJF, 1 = MAM, 2 = JJA, 3 = SON."""
    return ((month % 12) // 3).astype(int)


def _ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    """Unit-variance AR(1) series with lag-1 correlation ``phi``."""
    e = rng.standard_normal(n)
    out = np.empty(n)
    out[0] = e[0]
    s = math.sqrt(1.0 - phi * phi)
    for i in range(1, n):
        out[i] = phi * out[i - 1] + s * e[i]
    return out


def synthetic_meteorology(climate: Climate) -> dict[str, np.ndarray]:
    """One year of hourly surface data (local standard time) for ``climate``.

    Returns a dict of arrays: ``time`` (ISO strings, hour start), ``wind_from_deg`` (integers
    1..360, 0 for calm), ``wind_speed_m_s``, ``temperature_c``, ``total_cloud_tenths`` and
    ``low_cloud_tenths`` (integers 0..10).
    """
    rng = np.random.Generator(np.random.PCG64(climate.seed))
    start = np.datetime64(f"{climate.year}-01-01T00")
    n = 8784 if calendar.isleap(climate.year) else 8760
    t = start + np.arange(n).astype("timedelta64[h]")
    hour = (np.arange(n) % 24).astype(float)
    doy = (np.arange(n) // 24).astype(float)  # 0-based day of year
    month = t.astype("datetime64[M]").astype(int) % 12 + 1
    season = _season(month)

    # temperature: coldest around 15 January, warmest mid-July; daily maximum at 15:00
    seasonal = -climate.seasonal_amplitude_c * np.cos(2 * np.pi * (doy - 15.0) / 365.0)
    day_noise = np.repeat(_ar1(rng, n // 24, 0.7), 24)[:n] * 2.5  # synoptic anomalies, degC
    cloud_z = _ar1(rng, n, 0.97)
    # cloudy hours have a damped diurnal cycle
    cloud_mean = np.asarray(climate.cloud_mean_tenths)[season]
    total_cloud = np.clip(np.rint(cloud_mean + 3.6 * cloud_z), 0, 10)
    damp = 1.0 - 0.6 * total_cloud / 10.0
    diurnal = climate.diurnal_amplitude_c * damp * np.cos(2 * np.pi * (hour - 15.0) / 24.0)
    temperature = climate.mean_temperature_c + seasonal + diurnal + day_noise + 0.4 * rng.standard_normal(n)

    # low cloud: a persistent share of the total
    low_share = np.clip(0.45 + 0.25 * _ar1(rng, n, 0.95), 0.0, 1.0)
    low_cloud = np.minimum(np.rint(total_cloud * low_share), total_cloud)

    # wind-direction regimes: geometric durations, regime drawn from the season's weights
    weights = np.asarray(climate.season_weights, dtype=float)
    weights = weights / weights.sum(axis=1, keepdims=True)
    centres = np.array([r[0] for r in climate.regimes])
    spreads = np.array([r[1] for r in climate.regimes])
    regime = np.empty(n, dtype=int)
    p_change = 1.0 / (climate.regime_days * 24.0)
    u_change = rng.random(n)
    u_pick = rng.random(n)
    current = int(np.searchsorted(np.cumsum(weights[season[0]]), u_pick[0]))
    for i in range(n):
        if i > 0 and u_change[i] < p_change:
            current = int(np.searchsorted(np.cumsum(weights[season[i]]), u_pick[i]))
        regime[i] = min(current, len(centres) - 1)
    wobble = _ar1(rng, n, 0.9)
    direction = (centres[regime] + spreads[regime] * wobble) % 360.0

    # wind speed: Weibull (k = 1.7) marginal via a Gaussian copula of a persistent series,
    # seasonal factor (spring windiest, late summer calmest) and afternoon maximum
    k = 1.7
    z = _ar1(rng, n, 0.85)
    from math import erf

    u01 = 0.5 * (1.0 + np.vectorize(erf)(z / math.sqrt(2.0)))
    u01 = np.clip(u01, 1e-9, 1 - 1e-9)
    weibull = (-np.log1p(-u01)) ** (1.0 / k) / math.gamma(1.0 + 1.0 / k)  # mean 1
    season_factor = np.array([1.0, climate.spring_wind_factor, 0.85, 0.9])[season]
    season_factor = season_factor / np.mean(np.array([1.0, climate.spring_wind_factor, 0.85, 0.9]))
    diurnal_factor = 1.0 + 0.3 * np.cos(2 * np.pi * (hour - 14.0) / 24.0)
    speed = climate.mean_wind_speed_m_s * weibull * season_factor * diurnal_factor
    speed = np.round(speed, 1)
    calm = speed < 0.5
    wind_from = np.where(calm, 0, np.rint(direction)).astype(int)
    wind_from = np.where((wind_from == 0) & ~calm, 360, wind_from)

    return {
        "time": np.array([str(x).replace("T", " ") + ":00" for x in t]),
        "wind_from_deg": wind_from,
        "wind_speed_m_s": speed,
        "temperature_c": np.round(temperature, 1),
        "total_cloud_tenths": total_cloud.astype(int),
        "low_cloud_tenths": low_cloud.astype(int),
    }


def meteorology_csv(climate: Climate) -> str:
    """The hourly table of ``climate`` as CSV text (fixed formats, ``\\n`` line ends)."""
    d = synthetic_meteorology(climate)
    lines = ["time,wind_from_deg,wind_speed_m_s,temperature_c,total_cloud_tenths,low_cloud_tenths"]
    for i in range(len(d["time"])):
        lines.append(
            f"{d['time'][i]},{d['wind_from_deg'][i]:d},{d['wind_speed_m_s'][i]:.1f},"
            f"{d['temperature_c'][i]:.1f},{d['total_cloud_tenths'][i]:d},{d['low_cloud_tenths'][i]:d}"
        )
    return "\n".join(lines) + "\n"


# -------------------------------------------------------------------------------------------- flow
def synthetic_monthly_flows(regime: FlowRegime) -> tuple[list[int], list[int], np.ndarray]:
    """Monthly mean flows (m3/s) for ``regime.n_years`` complete years."""
    rng = np.random.Generator(np.random.PCG64(regime.seed))
    ny = regime.n_years
    sig_a = math.sqrt(math.log(1.0 + regime.interannual_cv**2))
    annual = np.exp(sig_a * rng.standard_normal(ny) - 0.5 * sig_a**2)
    sig_m = math.sqrt(math.log(1.0 + regime.monthly_cv**2))
    noise = _ar1(rng, ny * 12, regime.persistence)
    clim = np.tile(np.asarray(regime.monthly_mean_m3_s, dtype=float), ny)
    flows = clim * np.repeat(annual, 12) * np.exp(sig_m * noise - 0.5 * sig_m**2)
    years = [regime.first_year + i // 12 for i in range(ny * 12)]
    months = [i % 12 + 1 for i in range(ny * 12)]
    return years, months, flows


def monthly_flow_csv(regime: FlowRegime) -> str:
    """The monthly flow table of ``regime`` as CSV text (``year,month,flow_m3_s``)."""
    years, months, flows = synthetic_monthly_flows(regime)
    lines = ["year,month,flow_m3_s"]
    lines += [f"{y:d},{m:d},{q:.3f}" for y, m, q in zip(years, months, flows)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------- applications
#: Batch tables built from one-application YAML files (the YAML files are the source; the CSV in
#: the batch format of eia/admission/batch.py and the air-source lists it names are derived).
APPLICATION_BATCHES: dict[str, tuple[str, str]] = {
    "heqi": ("scenarios/heqi/applications", "scenarios/heqi/applications.csv"),
}

_BATCH_COLUMNS = (
    "id", "name", "gbt4754_codes", "products", "processes", "keywords", "x_m", "y_m", "clean_production_level",
    "so2_t_a", "nox_t_a", "particulates_t_a", "vocs_t_a", "cod_t_a", "nh3n_t_a", "tp_t_a",
    "wastewater_m3_d", "wastewater_destination", "receiving_zone",
    "water_m3_a", "energy_tce_a", "output_value_1e4_yuan_a", "output_quantity_a", "output_unit",
    "air_sources_file", "atmospheric_protection_distance_m", "sanitary_distance_m", "industry_category",
    "production_scale", "risk_q", "notes",
)


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:g}"
    text = str(v)
    if any(c in text for c in ',"\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def application_batch_files(app_dir: str, csv_path: str) -> list[tuple[Path, str]]:
    """(path, text) of the batch CSV and of the air-source YAML files derived from ``app_dir/*.yaml``."""
    import yaml

    src = ROOT / app_dir
    csv_file = ROOT / csv_path
    out: list[tuple[Path, str]] = []
    rows = [",".join(_BATCH_COLUMNS)]
    for f in sorted(src.glob("*.yaml")):
        d = yaml.safe_load(f.read_text(encoding="utf-8"))
        em = d.get("emissions_t_a")
        ww = d.get("wastewater") or {}
        res = d.get("resources") or {}
        row = {k: d.get(k) for k in ("id", "name", "x_m", "y_m", "clean_production_level",
                                    "atmospheric_protection_distance_m", "sanitary_distance_m",
                                    "industry_category", "production_scale", "risk_q", "notes")}
        row["gbt4754_codes"] = ";".join(d.get("gbt4754_codes") or []) or None
        row["processes"] = ";".join(d.get("processes") or []) or None
        row["keywords"] = ";".join(d.get("keywords") or []) or None
        prods = []
        for p in d.get("products") or []:
            prods.append(p["name"] + (f":{p['capacity']:g} {p.get('unit') or ''}".rstrip() if p.get("capacity") is not None else ""))
        row["products"] = ";".join(prods) or None
        if em is not None:
            for pol in ("so2", "nox", "particulates", "vocs", "cod", "nh3n", "tp"):
                row[f"{pol}_t_a"] = em.get(pol)  # blank = not emitted (batch.py convention)
        row["wastewater_m3_d"] = ww.get("flow_m3_d")
        row["wastewater_destination"] = ww.get("destination")
        row["receiving_zone"] = ww.get("receiving_zone")
        for k in ("water_m3_a", "energy_tce_a", "output_value_1e4_yuan_a", "output_quantity_a", "output_unit"):
            row[k] = res.get(k)
        if d.get("air_sources") is not None:
            rel = f"{Path(app_dir).name}/air/{d['id']}.yaml"
            row["air_sources_file"] = rel
            text = "# derived from " + f.name + " by tools/make_scenario_data.py (illustrative values)\n"
            text += yaml.safe_dump(d["air_sources"], allow_unicode=True, sort_keys=True, default_flow_style=False)
            out.append((csv_file.parent / rel, text))
        rows.append(",".join(_cell(row.get(c)) for c in _BATCH_COLUMNS))
    out.append((csv_file, "\n".join(rows) + "\n"))
    return out


# ---------------------------------------------------------------------------------------- driver
def _targets() -> list[tuple[Path, str]]:
    out = [(ROOT / path, meteorology_csv(c)) for c, path in MET_DATASETS.values()]
    out += [(ROOT / path, monthly_flow_csv(r)) for r, path in FLOW_DATASETS.values()]
    for app_dir, csv_path in APPLICATION_BATCHES.values():
        out += application_batch_files(app_dir, csv_path)
    return out


def write_all() -> list[Path]:
    """(Re)write every illustrative data file; return their paths."""
    written = []
    for path, text in _targets():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def check_all() -> list[Path]:
    """Paths of committed files that differ from what their seed generates (empty: all match)."""
    return [path for path, text in _targets() if not path.is_file() or path.read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check that the committed files are reproducible")
    args = ap.parse_args(argv)
    if args.check:
        bad = check_all()
        for p in bad:
            print(f"differs from its seed: {p.relative_to(ROOT)}")
        return 1 if bad else 0
    for p in write_all():
        print(f"wrote {p.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
