"""Hourly predictions (进一步预测) and HJ 2.2-2018 8.8 superposition at receptors.

The hourly engine runs once for all receptors with three emission columns per modelled species:

* ``contribution`` — the plan's ``planned`` sources (本规划/本项目贡献);
* ``added`` — planned + ``approved`` (other approved projects: 在建、拟建) [+ ``existing`` when
  ``superposition.add_existing_sources``; otherwise existing sources are in the monitored background];
* ``removed`` — ``to-be-removed`` sources (区域削减、以新带老).

Superposed concentration (HJ 2.2-2018 8.8.1, 达标区 form):
``C_total = C_planned - C_removed + C_approved + C_background``. Daily and annual values are linear,
so the superposition is exact day by day; the 1-hour maximum of the net field is exact when nothing is
removed and otherwise conservatively taken as the maximum of ``added`` (removal not credited) and
flagged.

Daily statistics follow HJ 663-2013: a daily value needs >= 20 valid hours of meteorology (calm hours
count as valid; the daily mean divides the sum by the non-calm hours but by no fewer than 18, the
ISC3 calms rule); the guarantee-rate
percentile ``p`` of the n daily values is ``X_p = X_(s) + (X_(s+1) - X_(s)) (k - s)`` with
``k = 1 + (n - 1) p / 100`` and ``s`` the integer part of ``k`` (:func:`guarantee_rate_percentile`).
Background for a daily check is the daily background of the same day when a series is given
(added before ranking), else the constant given for that period.

NO2 is modelled as NOx and converted with the constant NO2/NOx ratio of its averaging period
(:class:`eia.air.schema.NO2Conversion`).

References
----------
.. [1] HJ 2.2-2018, 8.8.1-8.8.4 (superposition, guarantee-rate daily values, annual mean).
.. [2] HJ 663-2013 环境空气质量评价技术规范（试行）, 4.3 and Table: percentiles of daily values
   (SO2 98, NO2 98, PM10 95, PM2.5 95, CO 95, O3 daily max 8 h 90).
.. [3] GB 3095-2012, Table 4 (>= 20 valid hours for a daily mean).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "GUARANTEE_PERCENTILES",
    "guarantee_rate_percentile",
    "species_for",
    "HourlyRun",
    "run_hourly",
    "superpose",
    "regional_change_k_pct",
]

#: Percentile of daily values per HJ 663-2013 (others: the highest daily value).
GUARANTEE_PERCENTILES = {"so2": 98.0, "no2": 98.0, "pm10": 95.0, "pm2.5": 95.0, "co": 95.0, "o3": 90.0}

_GROUPS = ("contribution", "added", "removed")


def guarantee_rate_percentile(values, percentile: float, axis: int = 0) -> np.ndarray:
    """Percentile of daily values by the HJ 663-2013 rank formula.

    ``k = 1 + (n - 1) p / 100``, ``s = floor(k)``, ``X_p = X_(s) + (X_(s+1) - X_(s)) (k - s)`` with
    ``X_(1) <= ... <= X_(n)`` the sorted values.

    Parameters
    ----------
    values : array_like
        Daily values along ``axis`` (NaN = invalid day, ignored).
    percentile : float
        p in 0..100.
    axis : int

    Returns
    -------
    ndarray
        The percentile (NaN where no valid day).

    References
    ----------
    .. [1] HJ 663-2013, 4.3.2 (percentile formula) — same as numpy's "linear" method.
    """
    p = float(percentile)
    if not 0.0 <= p <= 100.0:
        raise ValueError(f"percentile: expected 0..100, got {percentile!r}")
    v = np.sort(np.asarray(values, dtype=float), axis=axis)  # NaN sort last
    v = np.moveaxis(v, axis, 0)
    n = np.sum(~np.isnan(v), axis=0)
    k = 1.0 + (n - 1) * p / 100.0
    s = np.floor(k).astype(np.int64)
    s = np.clip(s, 1, np.maximum(n, 1))
    s1 = np.minimum(s + 1, np.maximum(n, 1))
    xs = np.take_along_axis(v, (s - 1)[None, ...], axis=0)[0]
    xs1 = np.take_along_axis(v, (s1 - 1)[None, ...], axis=0)[0]
    out = xs + (xs1 - xs) * (k - s)
    return np.where(n > 0, out, np.nan)


def species_for(pollutant: str, no2_from_nox) -> tuple[str, dict]:
    """Modelled species and the factor per averaging period for an assessed pollutant."""
    if pollutant == "no2" and no2_from_nox is not None:
        return "nox", {"1h": no2_from_nox.ratio_1h, "24h": no2_from_nox.ratio_24h,
                       "annual": no2_from_nox.ratio_annual}
    return pollutant, {"1h": 1.0, "24h": 1.0, "annual": 1.0}


@dataclass
class HourlyRun:
    """Statistics of one hourly run, in μg/m³, per group and species."""

    species: list[str]
    max_1h_ug_m3: dict          # (group, species) -> (R,)
    max_1h_hour: dict           # (group, species) -> (R,) int
    daily_ug_m3: dict           # (group, species) -> (D, R), NaN for invalid days
    annual_ug_m3: dict          # (group, species) -> (R,)
    removed_species: set
    day_valid_hours: np.ndarray
    stats_extra: dict


def _emission_matrix(sources, species, groups_of_source):
    q = np.zeros((len(sources), len(_GROUPS) * len(species)))
    for i, src in enumerate(sources):
        for gi, g in enumerate(_GROUPS):
            if g not in groups_of_source(src):
                continue
            for si, sp in enumerate(species):
                q[i, gi * len(species) + si] = src.emissions_g_s.get(sp, 0.0)
    return q


def _group_membership(add_existing: bool):
    def groups(src):
        st = src.status
        out = set()
        if st == "planned":
            out |= {"contribution", "added"}
        elif st == "approved" or (st == "existing" and add_existing):
            out.add("added")
        elif st == "to-be-removed":
            out.add("removed")
        return out
    return groups


def run_hourly(*, sources, species, met, receptor_x_m, receptor_y_m, receptor_z_m, dispersion,
               add_existing_sources=False, groups=None, min_valid_hours_day: int = 20) -> HourlyRun:
    """Run the hourly engine for the sources over the checked meteorology.

    Point-only source sets use :func:`models.air.engine.point_sources_year`; sets with area or
    volume sources use :func:`models.air.engine_general.general_sources_year`.

    Parameters
    ----------
    sources : list of schema sources
    species : list of str
        Modelled species (emission keys).
    met : eia.air.meteorology.MetData
    receptor_x_m, receptor_y_m, receptor_z_m : ndarray
    dispersion : DispersionOptions
    add_existing_sources : bool
    groups : callable(source) -> set of group names, optional
        Overrides the status-based membership (used by the protection distance: all given
        sources contribute).

    References
    ----------
    .. [1] HJ 2.2-2018 8.8.1 (which sources are superposed).
    """
    from eia.air.meteorology import to_dispersion_classes

    groups = groups or _group_membership(add_existing_sources)
    used = [s for s in sources if groups(s)]
    n_sp = len(species)
    n_col = len(_GROUPS) * n_sp
    stab, _ = to_dispersion_classes(met.stability, dispersion.scheme)
    stab = np.where(met.valid & (stab != ""), stab, "D")
    day = met.day_index
    common = dict(receptor_x_m=np.asarray(receptor_x_m, float), receptor_y_m=np.asarray(receptor_y_m, float),
                  receptor_z_m=np.asarray(receptor_z_m, float), wind_from_deg=met.wind_from_deg,
                  wind_speed_m_s=met.wind_speed_m_s, ambient_temperature_k=met.temperature_k, stability=stab,
                  mixing_height_m=met.mixing_height_m, day_index=day, hour_valid=met.valid,
                  anemometer_height_m=met.anemometer_height_m, scheme=dispersion.scheme,
                  calm_threshold_m_s=met.calm_threshold_m_s, n_days=met.n_days)
    points = [s for s in used if s.kind == "point"]
    others = [s for s in used if s.kind != "point"]
    removed_species = {sp for s in used if "removed" in groups(s) for sp in species if s.emissions_g_s.get(sp, 0.0) > 0}
    if not used:
        from models.air.statistics import YearAccumulator

        st = YearAccumulator(n_col, met.n_days, len(common["receptor_x_m"])).result()
        st.valid_hours = int((met.valid & ~met.calm).sum())
        np.add.at(st.day_valid_hours, day[met.valid & ~met.calm], 1)
    elif not others and dispersion.plume_rise == "briggs":
        from models.air.engine import point_sources_year

        q = _emission_matrix(points, species, groups)
        st = point_sources_year(
            source_x_m=[s.x_m for s in points], source_y_m=[s.y_m for s in points],
            stack_height_m=[s.stack_height_m for s in points], stack_diameter_m=[s.stack_diameter_m for s in points],
            exit_velocity_m_s=[s.exit_velocity_m_s for s in points],
            exit_temperature_k=[s.exit_temperature_k for s in points], emission_g_s=q,
            stack_tip_downwash=dispersion.stack_tip_downwash,
            buoyancy_induced_dispersion=dispersion.buoyancy_induced_dispersion, **common)
    else:
        from models.air.engine_general import AreaSources, PointSources, VolumeSources, general_sources_year

        kw = {}
        if points:
            kw["point_sources"] = PointSources(
                x_m=[s.x_m for s in points], y_m=[s.y_m for s in points],
                stack_height_m=[s.stack_height_m for s in points],
                stack_diameter_m=[s.stack_diameter_m for s in points],
                exit_velocity_m_s=[s.exit_velocity_m_s for s in points],
                exit_temperature_k=[s.exit_temperature_k for s in points],
                emission_g_s=_emission_matrix(points, species, groups))
        areas = [s for s in others if s.kind == "area"]
        if areas:
            polys = [np.asarray(s.polygon_m(), float) for s in areas]
            qa = _emission_matrix(areas, species, groups) / np.array([s.area_m2() for s in areas])[:, None]
            kw["area_sources"] = AreaSources(
                vertices_x_m=tuple(p[:, 0] for p in polys), vertices_y_m=tuple(p[:, 1] for p in polys),
                release_height_m=[s.release_height_m for s in areas], emission_g_m2_s=qa,
                initial_sigma_z_m=[s.initial_sigma_z_m for s in areas])
        vols = [s for s in others if s.kind == "volume"]
        if vols:
            kw["volume_sources"] = VolumeSources(
                x_m=[s.x_m for s in vols], y_m=[s.y_m for s in vols],
                release_height_m=[s.release_height_m for s in vols],
                initial_sigma_y_m=[s.initial_sigma_y_m for s in vols],
                initial_sigma_z_m=[s.initial_sigma_z_m for s in vols],
                emission_g_s=_emission_matrix(vols, species, groups))
        st = general_sources_year(
            **kw, point_options={"stack_tip_downwash": dispersion.stack_tip_downwash,
                                 "buoyancy_induced_dispersion": dispersion.buoyancy_induced_dispersion,
                                 "plume_rise_method": dispersion.plume_rise}, **common)

    # a day counts when it has >= 20 valid observed hours (GB 3095-2012 Table 4, calms included);
    # its mean divides by the non-calm hours but by no fewer than 18 (ISC3 calms processing)
    met_hours = np.bincount(day[met.valid], minlength=met.n_days)[: met.n_days]
    daily_ok = met_hours >= min_valid_hours_day
    denom = np.where(daily_ok, np.maximum(st.day_valid_hours, 18), np.nan)
    daily = st.daily_sum_g_m3 / denom[None, :, None] * 1e6
    annual = st.annual_mean_g_m3 * 1e6
    out = HourlyRun(species=list(species), max_1h_ug_m3={}, max_1h_hour={}, daily_ug_m3={}, annual_ug_m3={},
                    removed_species=removed_species, day_valid_hours=st.day_valid_hours.copy(),
                    stats_extra={k: v for k, v in st.extra.items() if isinstance(v, (int, float, str, bool))})
    for gi, g in enumerate(_GROUPS):
        for si, sp in enumerate(species):
            c = gi * n_sp + si
            out.max_1h_ug_m3[(g, sp)] = st.max_1h_g_m3[c] * 1e6
            out.max_1h_hour[(g, sp)] = st.max_1h_hour[c]
            out.daily_ug_m3[(g, sp)] = daily[c]
            out.annual_ug_m3[(g, sp)] = annual[c]
    return out


def superpose(run: HourlyRun, pollutant: str, no2_from_nox, background) -> dict:
    """Contribution and superposed totals of one pollutant at every receptor, in μg/m³.

    Parameters
    ----------
    run : HourlyRun
    pollutant : str
    no2_from_nox : NO2Conversion or None
    background : dict
        ``{"1h": (R,) or None, "24h": (R,) or (D, R) or None, "annual": (R,) or None}`` in μg/m³.

    Returns
    -------
    dict
        For "1h": ``contribution``, ``net_upper_bound`` flag, ``total``; for "24h": ``contribution_max``
        (highest daily contribution), ``total_daily`` (D, R), ``total_percentile``, ``percentile``;
        for "annual": ``contribution``, ``total``.

    References
    ----------
    .. [1] HJ 2.2-2018 8.8.1-8.8.4; HJ 663-2013 4.3.
    """
    sp, factor = species_for(pollutant, no2_from_nox)
    out: dict = {}
    f1 = factor["1h"]
    contrib_1h = run.max_1h_ug_m3[("contribution", sp)] * f1
    added_1h = run.max_1h_ug_m3[("added", sp)] * f1
    bg1 = background.get("1h")
    out["1h"] = {
        "contribution": contrib_1h,
        "contribution_hour": run.max_1h_hour[("contribution", sp)],
        "net": added_1h,
        "net_upper_bound": sp in run.removed_species,
        "background": bg1,
        "total": added_1h + (bg1 if bg1 is not None else 0.0),
    }
    f24 = factor["24h"]
    c_d = run.daily_ug_m3[("contribution", sp)] * f24
    net_d = (run.daily_ug_m3[("added", sp)] - run.daily_ug_m3[("removed", sp)]) * f24
    bg24 = background.get("24h")
    total_d = net_d + (0.0 if bg24 is None else bg24)
    pct = GUARANTEE_PERCENTILES.get(pollutant, 100.0)
    with np.errstate(invalid="ignore"):
        out["24h"] = {
            "contribution_max": np.nanmax(c_d, axis=0) if np.isfinite(c_d).any() else np.zeros(c_d.shape[1]),
            "contribution_max_day": np.nanargmax(np.nan_to_num(c_d, nan=-np.inf), axis=0),
            "net_daily": net_d,
            "background": bg24,
            "total_daily": total_d,
            "percentile": pct,
            "total_percentile": guarantee_rate_percentile(total_d, pct, axis=0),
            "contribution_percentile": guarantee_rate_percentile(c_d, pct, axis=0),
        }
    fa = factor["annual"]
    c_a = run.annual_ug_m3[("contribution", sp)] * fa
    net_a = (run.annual_ug_m3[("added", sp)] - run.annual_ug_m3[("removed", sp)]) * fa
    bga = background.get("annual")
    out["annual"] = {"contribution": c_a, "net": net_a, "background": bga,
                     "total": net_a + (0.0 if bga is None else bga),
                     "removed": run.annual_ug_m3[("removed", sp)] * fa}
    return out


def regional_change_k_pct(project_annual_ug_m3, reduction_annual_ug_m3) -> float | None:
    """Change of the regional annual mean after the reduction scheme, k (%).

    ``k = (mean(C_project) - mean(C_reduction)) / mean(C_reduction) x 100 %`` with the means taken
    over every grid point of the prediction range (annual mean contributions). ``k <= -20 %`` means
    the regional air quality improves overall. None when the reduction contributes nothing.

    References
    ----------
    .. [1] HJ 2.2-2018, 8.8.4 (区域环境质量变化评价, non-attainment areas; clause number unverified).
    """
    cp = float(np.mean(np.asarray(project_annual_ug_m3, float)))
    cr = float(np.mean(np.asarray(reduction_annual_ug_m3, float)))
    if not cr > 0:
        return None
    return (cp - cr) / cr * 100.0

