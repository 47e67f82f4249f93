"""Air section runner: ``run_air(ctx) -> dict`` (layout in ``docs/results/air.md``).

Order: limits (standards registry) -> emissions and total load -> HJ 2.2-2018 screening and grade ->
meteorology checks and summary -> hourly predictions with superposition -> protection distance ->
report-ready tables, figures, paragraphs and GeoJSON.

References
----------
.. [1] HJ 2.2-2018 环境影响评价技术导则 大气环境 (5.3 grading, 5.4 range, 7 meteorology,
   8.8 prediction results and protection distance).
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from eia.air import estimation as est
from eia.air.limits import LimitResolver
from eia.errors import EiaError

__all__ = ["run_air"]

_PERIOD_LABEL = {"1h": {"zh": "1小时平均", "en": "1-hour"}, "24h": {"zh": "24小时平均", "en": "24-hour"},
                 "annual": {"zh": "年平均", "en": "annual"}, "8h": {"zh": "8小时平均", "en": "8-hour"}}
_STATUS_LABEL = {"existing": {"zh": "现有", "en": "existing"}, "planned": {"zh": "规划新增", "en": "planned"},
                 "approved": {"zh": "已批在建/拟建", "en": "approved"},
                 "to-be-removed": {"zh": "拟削减/关停", "en": "to be removed"}}
_KIND_LABEL = {"point": {"zh": "点源", "en": "point"}, "area": {"zh": "面源", "en": "area"},
               "volume": {"zh": "体源", "en": "volume"}}
_UG = "μg/m³"
#: Contour grids larger than this go to a Parquet data_file instead of inline values.
INLINE_CONTOUR_CELLS = 10_000
_SECTORS = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"]


def _name(p: str) -> str:
    return {"so2": "SO2", "no2": "NO2", "nox": "NOx", "pm10": "PM10", "pm2.5": "PM2.5", "tsp": "TSP", "co": "CO",
            "o3": "O3", "nmhc": "NMHC", "tvoc": "TVOC", "nh3": "NH3", "h2s": "H2S", "hcl": "HCl"}.get(p, p)


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in str(name))


def _col(key, zh, en, unit=None, fmt=None):
    return {"key": key, "label": {"zh": zh, "en": en}, "unit": unit, "format": fmt}


def _table(tid, zh, en, columns, rows, notes_zh=(), notes_en=()):
    return {"id": tid, "chapter": "air", "title": {"zh": zh, "en": en}, "columns": columns, "rows": rows,
            "notes": {"zh": list(notes_zh), "en": list(notes_en)}}


def _num(v):
    if v is None:
        return None
    v = float(v)
    return v if math.isfinite(v) else None


def _round_sig(a, sig=4):
    a = np.asarray(a, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mag = np.where(a != 0, np.floor(np.log10(np.abs(np.where(a != 0, a, 1.0)))), 0)
    fac = 10.0 ** (sig - 1 - mag)
    out = np.round(a * fac) / fac
    return np.where(np.isfinite(out), out, np.nan)


def _site_bbox(sc, sources):
    if sc.cluster.boundary is not None:
        xy = np.asarray(sc.cluster.boundary.coordinates_m, float)
    else:
        xy = np.array([_source_xy(s) for s in sources], float)
    return float(xy[:, 0].min()), float(xy[:, 1].min()), float(xy[:, 0].max()), float(xy[:, 1].max())


def _source_xy(s):
    if s.kind == "area":
        return s.centroid_m()
    return s.x_m, s.y_m


# ------------------------------------------------------------------------------------- emissions
def _emissions(air, pollutants):
    rows, totals = [], {}
    for s in air.all_sources():
        x, y = _source_xy(s)
        t_a = {p: s.annual_t_a(p) for p in s.emissions_g_s}
        rows.append({"id": s.id, "name": s.name, "kind": s.kind, "enterprise": s.enterprise, "status": s.status,
                     "illustrative": s.illustrative, "x_m": x, "y_m": y, "operating_hours_h_a": s.operating_hours_h_a,
                     "emissions_g_s": dict(s.emissions_g_s), "emissions_t_a": t_a})
        tot = totals.setdefault(s.status, {})
        for p, v in t_a.items():
            tot[p] = tot.get(p, 0.0) + v
    return {"sources": rows, "totals_t_a": totals}


def _total_load(air, totals):
    out = {}
    for cap in air.total_load:
        p = cap.pollutant
        existing = totals.get("existing", {}).get(p, 0.0) + totals.get("approved", {}).get(p, 0.0)
        planned = totals.get("planned", {}).get(p, 0.0)
        removed = totals.get("to-be-removed", {}).get(p, 0.0)
        remaining = cap.cap_t_a - existing - planned + removed
        out[p] = {"cap_t_a": cap.cap_t_a, "existing_t_a": existing, "planned_t_a": planned, "removed_t_a": removed,
                  "remaining_t_a": remaining, "within_cap": remaining >= 0, "source": cap.source}
    return out


# ------------------------------------------------------------------------------------- background
def _daily_series(b, days, ctx):
    """Values of a background entry on the meteorological days: a daily_file series or a constant."""
    if b.daily_file is None:
        return np.full(len(days), float(b.value_ug_m3))
    import pandas as pd

    from eia.air.meteorology import read_table

    df = read_table(b.daily_file)
    if "date" not in df.columns or "value_ug_m3" not in df.columns:
        raise EiaError(f"air.background ({b.pollutant} 24h): daily_file {Path(b.daily_file).name} needs columns "
                       f"date, value_ug_m3; found {', '.join(map(str, df.columns))}")
    s = pd.Series(pd.to_numeric(df["value_ug_m3"], errors="coerce").to_numpy(),
                  index=pd.DatetimeIndex(pd.to_datetime(df["date"].astype(str), errors="coerce", format="mixed")).normalize())
    vals = s.groupby(level=0).mean().reindex(days).to_numpy(dtype=float)
    if np.isnan(vals).any():
        ctx.warn("air-background-days-missing",
                 f"background {_name(b.pollutant)} daily series {Path(b.daily_file).name} lacks "
                 f"{int(np.isnan(vals).sum())} day(s) of the meteorological period; those days are left out of the "
                 "guarantee-rate percentile", pollutant=b.pollutant)
    return vals


def _background(air, pollutant, period, rs, met, ctx):
    """Background at every receptor: (R,), or (D, R) when a daily series is given; None when not given."""
    entries = [b for b in air.background if b.pollutant == pollutant and b.averaging_period == period]
    if not entries:
        return None
    uniform = [b for b in entries if b.receptor is None]
    specific = [b for b in entries if b.receptor is not None]
    for b in entries:
        if b.illustrative:
            ctx.warn("air-illustrative-background", f"background {_name(pollutant)} {period} is illustrative",
                     pollutant=pollutant, period=period)
    daily = any(b.daily_file is not None for b in entries)
    days = met.time.normalize().unique() if daily else None

    def value(b):
        return _daily_series(b, days, ctx) if daily else float(b.value_ug_m3)

    if uniform:
        base = value(uniform[0])
    else:
        base = np.fmax.reduce([np.asarray(value(b), float) for b in specific]) if daily else \
            max(value(b) for b in specific)
        ctx.warn("air-background-grid",
                 f"background {_name(pollutant)} {period}: no uniform value; grid points and receptors without their own "
                 "value use the highest receptor value", pollutant=pollutant, period=period)
    arr = np.repeat(np.asarray(base, float)[:, None], rs.n, axis=1) if daily else np.full(rs.n, float(base))
    for b in specific:
        i = int(rs.sensitive_indices[rs.sensitive_names.index(b.receptor)])
        arr[..., i] = value(b)
    return arr


# ------------------------------------------------------------------------------------- runner
def run_air(ctx) -> dict:
    """Run the air assessment of ``ctx.scenario.air`` and return ``results["air"]``.

    References
    ----------
    .. [1] HJ 2.2-2018, 5.3, 5.4, 7, 8.8 (see module docstring).
    """
    sc = ctx.scenario
    air = sc.air
    loc = sc.cluster.location
    out: dict = {"tables": [], "figures": [], "paragraphs": [], "geojson": [], "artefacts": []}
    pollutants = list(air.pollutants)
    out["pollutants"] = pollutants
    air_class = sc.meta.standards.ambient_air_class
    out["air_class"] = air_class
    resolver = LimitResolver(sc.meta.assessment_date, sc.meta.standards.ambient_air, air_class, on_use=ctx.use_standard)

    for s in air.all_sources():
        if s.illustrative:
            ctx.warn("air-illustrative-source", f"air source {s.id}: parameters are illustrative", source_id=s.id)
        if s.status == "planned" and not any(p in s.emissions_g_s or (p == "no2" and "nox" in s.emissions_g_s)
                                             for p in pollutants):
            ctx.warn("air-source-no-assessed-pollutant", f"air source {s.id} emits none of the assessed pollutants",
                     source_id=s.id)

    # limits --------------------------------------------------------------------------------
    ctx.progress("air: limits", 0.02)
    limits, c0 = {}, {}
    for p in pollutants:
        per = resolver.periods(p)
        for v in per.values():  # every limit listed in the results is recorded (and warned if unconfirmed)
            ctx.use_standard(v.limit)
        limits[p] = {k: v.as_dict() for k, v in per.items()}
        c = resolver.one_hour_c0(p)
        if c is None:
            ctx.warn("air-no-standard", f"no ambient standard found for {_name(p)}: not graded or compared",
                     pollutant=p)
            continue
        c0[p] = {"value_ug_m3": c.value_ug_m3, "standard_id": c.standard_id, "status": c.status,
                 "description": c.description}
    out["limits"] = limits
    out["c0"] = c0

    # emissions and total load ---------------------------------------------------------------
    emis = _emissions(air, pollutants)
    out["emissions"] = emis
    out["total_load"] = _total_load(air, emis["totals_t_a"])

    # estimation ------------------------------------------------------------------------------
    ctx.progress("air: HJ 2.2-2018 screening", 0.05)
    settings = air.hj22.estimation
    est_sources = [s for s in air.all_sources() if s.status in settings.statuses]
    rows = est.estimate_sources(est_sources, pollutants, c0_ug_m3={p: v["value_ug_m3"] for p, v in c0.items()},
                                settings=settings, dispersion=air.dispersion,
                                no2_ratio_1h=air.no2_from_nox.ratio_1h if air.no2_from_nox else None)
    estimation: dict = {"rows": rows, "settings": settings.model_dump(mode="json")}
    if rows:
        top = max(rows, key=lambda r: r["pmax_pct"])
        estimation["pmax"] = {k: top[k] for k in ("source_id", "pollutant", "pmax_pct", "cmax_ug_m3", "distance_m")}
        d10s = [r["d10_m"] for r in rows if r["d10_m"] is not None]
        estimation["d10_max_m"] = max(d10s) if d10s else None
        base = min(r["grade"] for r in rows)
        n_src = len({r["source_id"] for r in rows})
        codes = [c for ind in sc.cluster.leading_industries for c in ind.gbt4754_codes]
        grade, cases = est.special_cases(base_grade=base, n_sources=n_src, hj22=air.hj22, industry_codes=codes)
        for c in cases:
            if c["applied"] is None:
                ctx.warn("air-grade-undecided", f"{c['clause']} could not be decided from the scenario: {c['reason']['en']}",
                         clause=c["clause"])
        estimation.update({"base_grade": base, "grade": grade,
                           "grade_label": {"zh": est.GRADES[grade][0], "en": est.GRADES[grade][1]},
                           "special_cases": cases,
                           "d10_beyond_range": any(r["d10_beyond_range"] for r in rows)})
        # D10% still reached at the end of the screening distances: at least that far (-> 50 km square)
        d10_for_range = math.inf if estimation["d10_beyond_range"] else estimation["d10_max_m"]
        estimation["range"] = est.assessment_range(grade, d10_for_range, _site_bbox(sc, est_sources))
    else:
        estimation.update({"pmax": None, "d10_max_m": None, "d10_beyond_range": False, "base_grade": None, "grade": None, "grade_label": None,
                           "special_cases": [], "range": None})
        ctx.warn("air-no-estimation", "no planned source emits an assessed pollutant with a standard: no grade")
    out["estimation"] = estimation

    # meteorology -------------------------------------------------------------------------------
    met = None
    out["meteorology"] = None
    out["predictions"] = None
    out["protection_distance"] = None
    if air.meteorology is not None:
        from eia.air import meteorology as metmod

        ctx.progress("air: meteorology checks", 0.15)
        met = metmod.load_meteorology(air.meteorology, latitude_deg=loc.latitude_deg, longitude_deg=loc.longitude_deg,
                                      timezone_offset_h=loc.timezone_offset_h, warn=ctx.warn)
        _, n_mapped = metmod.to_dispersion_classes(met.stability[met.valid], air.dispersion.scheme)
        if n_mapped:
            ctx.warn("air-met-intermediate-classes",
                     f"{n_mapped} hour(s) of intermediate stability (A-B, B-C, C-D, D-E) modelled as the more stable "
                     "neighbour class for the A..F dispersion curves", count=n_mapped)
        comp = met.completeness()
        if comp["expected_hours"] < 8760:
            ctx.warn("air-met-short",
                     f"meteorology covers {comp['expected_hours']} hours, less than one year; HJ 2.2-2018 asks for a "
                     "full year of hourly data for further prediction", expected_hours=comp["expected_hours"])
        if comp["completeness_pct"] < 90.0:
            ctx.warn("air-met-completeness",
                     f"meteorological data completeness {comp['completeness_pct']:.1f} % is below 90 %",
                     completeness_pct=comp["completeness_pct"])
        m = air.meteorology
        out["meteorology"] = {
            "station": {"name": m.station_name, "id": m.station_id, "x_m": m.station_x_m, "y_m": m.station_y_m},
            "illustrative": m.illustrative, "completeness": comp, "stability_source": met.stability_source,
            "mixing_height_source": met.mixing_height_source,
            "stability_frequency_pct": metmod.stability_frequency(met),
            "monthly": metmod.monthly_summary(met), "wind_rose": metmod.wind_rose(met)}

    # predictions -------------------------------------------------------------------------------
    rs = None
    sup_by_p: dict = {}
    if met is not None and air.receptors is not None:
        from eia.air.predictions import run_hourly, species_for, superpose
        from eia.air.receptors import build_receptors

        ctx.progress("air: hourly predictions", 0.25)
        rs = build_receptors(air.receptors)
        graded = [p for p in pollutants if set(limits.get(p, {})) & {"1h", "24h", "annual"}]
        for p in pollutants:
            if limits.get(p) and p not in graded:
                ctx.warn("air-period-not-predicted",
                         f"{_name(p)} has only {', '.join(limits[p])} limits; the hourly statistics give 1 h, daily and "
                         "annual values, so it is assessed by the screening (C0 from the conversion) only", pollutant=p)
        species = sorted({species_for(p, air.no2_from_nox)[0] for p in graded})
        run = run_hourly(sources=air.all_sources(), species=species, met=met, receptor_x_m=rs.x_m,
                         receptor_y_m=rs.y_m, receptor_z_m=rs.z_m, dispersion=air.dispersion,
                         add_existing_sources=air.superposition.add_existing_sources)
        if run.removed_species:
            ctx.warn("air-1h-net-upper-bound",
                     "1-hour superposed maxima do not credit the sources to be removed (conservative upper bound); "
                     "daily and annual values subtract them exactly")
        rec_rows, grid_rows = [], []
        for p in graded:
            bg = {per: _background(air, p, per, rs, met, ctx) for per in ("1h", "24h", "annual")}
            if all(v is None for v in bg.values()):
                ctx.warn("air-no-background", f"no background given for {_name(p)}: totals are contributions only",
                         pollutant=p)
            sup = superpose(run, p, air.no2_from_nox, bg)
            sup_by_p[p] = sup
            rec_rows += _receptor_rows(p, sup, limits[p], rs, resolver)
            grid_rows += _grid_rows(p, sup, limits[p], rs)
        out["predictions"] = {"receptors": rec_rows, "grid_max": grid_rows,
                              "regional_change": _regional_change(air, limits, rs, sup_by_p),
                              "engine": {**run.stats_extra, "valid_days": int((run.day_valid_hours > 0).sum())}}
        out["artefacts"] += _write_grids(ctx, rs, sup_by_p)

    # protection distance -----------------------------------------------------------------------
    pd_opts = air.protection_distance
    if met is not None and pd_opts.enabled:
        if sc.cluster.boundary is None:
            ctx.warn("air-protection-no-boundary", "no cluster boundary: the protection distance is not computed")
        else:
            from eia.air.protection import protection_distance

            ctx.progress("air: protection distance", 0.7)
            lim_pd = {p: {per: v["value_ug_m3"] for per, v in limits[p].items() if per in ("1h", "24h")}
                      for p in pollutants if limits.get(p)}
            srcs = [s for s in air.all_sources() if s.status in pd_opts.statuses]
            pdres = protection_distance(sources=srcs, meteorology=met, boundary_m=sc.cluster.boundary.coordinates_m,
                                        limits_ug_m3=lim_pd, options=pd_opts, dispersion=air.dispersion,
                                        no2_from_nox=air.no2_from_nox, warn=ctx.warn)
            envelope = pdres.pop("envelope")
            pdres.pop("field_axes", None)
            out["protection_distance"] = pdres
            out["geojson"].append({"id": "air.protection_envelope", "chapter": "air",
                                   "title": {"zh": "大气环境防护区域（厂界外短期贡献浓度超标范围）",
                                             "en": "Protection area (short-term contribution above the limit beyond the boundary)"},
                                   "features": envelope})

    ctx.progress("air: tables and figures", 0.95)
    _report(out, sc, air, met, rs, sup_by_p, limits, ctx.work_dir)
    return out


# ------------------------------------------------------------------------------------- helpers
def _regional_change(air, limits, rs, sup_by_p):
    """k of HJ 2.2-2018 8.8.4 for pollutants whose annual background exceeds the annual limit."""
    from eia.air.predictions import regional_change_k_pct

    idx = rs.grid_indices
    rows = []
    if idx.size == 0:
        return rows
    for p, sup in sup_by_p.items():
        lim = limits.get(p, {}).get("annual")
        bg = [b.value_ug_m3 for b in air.background if b.pollutant == p and b.averaging_period == "annual"
              and b.receptor is None and b.value_ug_m3 is not None]
        if lim is None or not bg or bg[0] <= lim["value_ug_m3"]:
            continue
        a = sup["annual"]
        k = regional_change_k_pct(a["contribution"][idx], a["removed"][idx])
        rows.append({"pollutant": p, "background_annual_ug_m3": float(bg[0]), "limit_annual_ug_m3": lim["value_ug_m3"],
                     "project_mean_ug_m3": float(np.mean(a["contribution"][idx])),
                     "reduction_mean_ug_m3": float(np.mean(a["removed"][idx])),
                     "k_pct": k, "improved": None if k is None else bool(k <= -20.0)})
    return rows



def _limit_for(resolver, p, per, air_cls, default):
    lim = resolver.limit(p, per, air_cls)
    return lim.value_ug_m3 if lim is not None else default


def _receptor_rows(p, sup, lim_p, rs, resolver):
    rows = []
    for k, name in enumerate(rs.sensitive_names):
        i = int(rs.sensitive_indices[k])
        meta = rs.sensitive_meta[k]
        for per in ("1h", "24h", "annual"):
            if per not in lim_p:
                continue
            limit = _limit_for(resolver, p, per, meta["air_class"], lim_p[per]["value_ug_m3"])
            s = sup[per]
            bgv = s["background"]
            if per == "1h":
                contrib, total, stat, pct = s["contribution"][i], s["total"][i], "max", None
            elif per == "24h":
                contrib, total = s["contribution_max"][i], s["total_percentile"][i]
                pct = s["percentile"]
                stat = "max daily contribution; total at guarantee-rate percentile"
            else:
                contrib, total, stat, pct = s["contribution"][i], s["total"][i], "mean", None
            if bgv is None:
                bg = None
            elif np.ndim(bgv) == 2:
                from eia.air.predictions import guarantee_rate_percentile

                bg = float(guarantee_rate_percentile(bgv[:, i], s["percentile"]))
            else:
                bg = float(bgv[i])
            rows.append({
                "receptor": name, "kind": meta["kind"], "x_m": meta["x_m"], "y_m": meta["y_m"],
                "air_class": meta["air_class"], "pollutant": p, "period": per,
                "contribution_ug_m3": _num(contrib), "contribution_pct": _num(100 * contrib / limit),
                "background_ug_m3": _num(bg), "total_ug_m3": _num(total), "total_pct": _num(100 * total / limit),
                "limit_ug_m3": limit, "complies": bool(total <= limit) if np.isfinite(total) else None,
                "statistic": stat, "percentile": pct,
                "net_upper_bound": bool(s.get("net_upper_bound", False)) if per == "1h" else False,
            })
    return rows


def _grid_rows(p, sup, lim_p, rs):
    rows = []
    for g in rs.grids:
        idx = g.indices
        for per in ("1h", "24h", "annual"):
            if per not in lim_p:
                continue
            limit = lim_p[per]["value_ug_m3"]
            s = sup[per]
            c = s["contribution"] if per != "24h" else s["contribution_max"]
            t = s["total"] if per != "24h" else s["total_percentile"]
            ci = idx[int(np.nanargmax(c[idx]))]
            tv = np.nan_to_num(t[idx], nan=-np.inf)
            ti = idx[int(np.argmax(tv))]
            rows.append({"grid": g.name, "pollutant": p, "period": per, "contribution_ug_m3": _num(c[ci]),
                         "x_m": float(rs.x_m[ci]), "y_m": float(rs.y_m[ci]),
                         "contribution_pct": _num(100 * c[ci] / limit),
                         "total_ug_m3": _num(t[ti]), "total_x_m": float(rs.x_m[ti]), "total_y_m": float(rs.y_m[ti]),
                         "total_pct": _num(100 * t[ti] / limit), "limit_ug_m3": limit,
                         "complies": bool(t[ti] <= limit) if np.isfinite(t[ti]) else None})
    return rows


def _grid_fields(sup, per):
    s = sup[per]
    if per == "1h":
        return s["contribution"], s["total"]
    if per == "24h":
        return s["contribution_max"], s["total_percentile"]
    return s["contribution"], s["total"]


def _write_grids(ctx, rs, sup_by_p):
    import pandas as pd

    paths = []
    d = Path(ctx.work_dir) / "air"
    for g in rs.grids:
        if g.kind != "cartesian":
            continue
        frames = []
        for p, sup in sup_by_p.items():
            for per in ("1h", "24h", "annual"):
                c, t = _grid_fields(sup, per)
                frames.append(pd.DataFrame({"x_m": rs.x_m[g.indices], "y_m": rs.y_m[g.indices], "pollutant": p,
                                            "period": per, "contribution_ug_m3": c[g.indices],
                                            "total_ug_m3": t[g.indices]}))
        if frames:
            d.mkdir(parents=True, exist_ok=True)
            path = d / f"grid_{_safe(g.name)}.parquet"
            pd.concat(frames, ignore_index=True).to_parquet(path, index=False)
            paths.append(str(path.relative_to(ctx.work_dir)))
    return paths


# ------------------------------------------------------------------------------------- report content
def _report(out, sc, air, met, rs, sup_by_p, limits, work_dir):
    T = out["tables"]
    F = out["figures"]
    P = out["paragraphs"]
    # emissions
    emitted = {p for s in out["emissions"]["sources"] for p in s["emissions_t_a"]}
    pols = [p for p in out["pollutants"] if p in emitted] + sorted(emitted - set(out["pollutants"]))
    cols = [_col("id", "编号", "Id"), _col("name", "名称", "Name"), _col("kind", "类型", "Kind"),
            _col("status", "状态", "Status"), _col("x_m", "X", "X", "m", ".0f"), _col("y_m", "Y", "Y", "m", ".0f")]
    cols += [_col(f"q_{p}", f"{_name(p)}排放量", f"{_name(p)} emission", "t/a", ".4g") for p in pols]
    rows = []
    for s in out["emissions"]["sources"]:
        r = {"id": s["id"], "name": s["name"], "kind": _KIND_LABEL[s["kind"]], "status": _STATUS_LABEL[s["status"]],
             "x_m": s["x_m"], "y_m": s["y_m"]}
        r.update({f"q_{p}": s["emissions_t_a"].get(p) for p in pols})
        rows.append(r)
    illus = [s["id"] for s in out["emissions"]["sources"] if s["illustrative"]]
    T.append(_table("air.emissions", "大气污染源排放参数", "Air emission sources", cols, rows,
                    [f"示意数据（非实测）：{', '.join(illus)}"] if illus else [],
                    [f"Illustrative (invented) values: {', '.join(illus)}"] if illus else []))
    if out["total_load"]:
        rows = [{"pollutant": _name(p), **{k: v[k] for k in ("cap_t_a", "existing_t_a", "planned_t_a", "removed_t_a",
                                                             "remaining_t_a", "within_cap")}}
                for p, v in out["total_load"].items()]
        T.append(_table("air.total_load", "大气污染物总量控制", "Total-load control",
                        [_col("pollutant", "污染物", "Pollutant"), _col("cap_t_a", "总量指标", "Cap", "t/a", ".4g"),
                         _col("existing_t_a", "现有及已批", "Existing + approved", "t/a", ".4g"),
                         _col("planned_t_a", "规划新增", "Planned", "t/a", ".4g"),
                         _col("removed_t_a", "削减", "Removed", "t/a", ".4g"),
                         _col("remaining_t_a", "剩余量", "Remaining", "t/a", ".4g"),
                         _col("within_cap", "是否满足", "Within cap")], rows,
                        ["剩余量 = 总量指标 − 现有及已批 − 规划新增 + 削减"],
                        ["remaining = cap − (existing + approved) − planned + removed"]))
    # estimation
    e = out["estimation"]
    rows = [{"source_id": r["source_id"], "pollutant": _name(r["pollutant"]), "cmax_ug_m3": r["cmax_ug_m3"],
             "distance_m": r["distance_m"], "c0_ug_m3": r["c0_ug_m3"], "pmax_pct": r["pmax_pct"],
             "d10_m": r["d10_m"], "grade": {"zh": est.GRADES[r["grade"]][0], "en": est.GRADES[r["grade"]][1]}}
            for r in e["rows"]]
    T.append(_table("air.estimation", "估算模式计算结果", "Screening (estimation) results",
                    [_col("source_id", "污染源", "Source"), _col("pollutant", "污染物", "Pollutant"),
                     _col("cmax_ug_m3", "最大落地浓度", "Max. 1-h concentration", _UG, ".4g"),
                     _col("distance_m", "出现距离", "Distance", "m", ".0f"),
                     _col("c0_ug_m3", "评价标准C0", "Standard C0", _UG, ".4g"),
                     _col("pmax_pct", "占标率Pi", "Pi", "%", ".3g"), _col("d10_m", "D10%", "D10%", "m", ".0f"),
                     _col("grade", "评价等级", "Grade")], rows,
                    ["估算采用本引擎的高斯筛选（非AERSCREEN）：不含建筑物下洗、地形与熏烟；见方法说明。"],
                    ["Screening with this engine's Gaussian set (not AERSCREEN): no building downwash, terrain or "
                     "fumigation; see the methods page."]))
    if e.get("grade"):
        rows = [{"clause": c["clause"], "applied": {True: {"zh": "适用", "en": "applied"},
                                                     False: {"zh": "不适用", "en": "not applicable"},
                                                     None: {"zh": "无法判定", "en": "undecided"}}[c["applied"]],
                 "reason": c["reason"]} for c in e["special_cases"]]
        T.append(_table("air.grade", "评价等级判定（HJ 2.2-2018 5.3.3 特殊规定）", "Grade special cases (HJ 2.2-2018 5.3.3)",
                        [_col("clause", "条款", "Clause"), _col("applied", "判定", "Decision"),
                         _col("reason", "内容", "Content")], rows))
        pm = e["pmax"]
        rng = e["range"]
        rng_zh = "不需设置评价范围" if rng is None else \
            f"{rng['basis']['zh']}（{rng['side_x_m'] / 1000:.1f} km × {rng['side_y_m'] / 1000:.1f} km）"
        rng_en = "no assessment range is needed" if rng is None else \
            f"{rng['basis']['en']} ({rng['side_x_m'] / 1000:.1f} km x {rng['side_y_m'] / 1000:.1f} km)"
        d10 = e["d10_max_m"]
        P.append({"chapter": "air",
                  "zh": f"按HJ 2.2-2018估算，最大占标率Pmax为{pm['pmax_pct']:.3g}%（{pm['source_id']}，{_name(pm['pollutant'])}，"
                        f"最大落地浓度{pm['cmax_ug_m3']:.4g} μg/m³，出现距离{pm['distance_m']:.0f} m），"
                        f"D10%为{'—' if d10 is None else f'{d10:.0f} m'}；按Pmax判定为{est.GRADES[e['base_grade']][0]}，"
                        f"考虑5.3.3特殊规定后评价等级为{e['grade_label']['zh']}；{rng_zh}。",
                  "en": f"By HJ 2.2-2018 screening, Pmax is {pm['pmax_pct']:.3g} % ({pm['source_id']}, {_name(pm['pollutant'])}, "
                        f"maximum {pm['cmax_ug_m3']:.4g} μg/m³ at {pm['distance_m']:.0f} m), D10% "
                        f"{'not reached' if d10 is None else f'{d10:.0f} m'}; Pmax gives {est.GRADES[e['base_grade']][1]}, "
                        f"and after the 5.3.3 special cases the grade is {e['grade_label']['en']}; {rng_en}."})
    # meteorology
    if out["meteorology"] is not None:
        mo = out["meteorology"]
        c = mo["completeness"]
        T.append(_table("air.met.completeness", "气象数据完整性", "Meteorological data completeness",
                        [_col("item", "项目", "Item"), _col("value", "数值", "Value", None, ".4g")],
                        [{"item": {"zh": "起始时次", "en": "First hour"}, "value": c["first_hour"]},
                         {"item": {"zh": "终止时次", "en": "Last hour"}, "value": c["last_hour"]},
                         {"item": {"zh": "应有小时数", "en": "Expected hours"}, "value": c["expected_hours"]},
                         {"item": {"zh": "缺测小时数", "en": "Absent hours"}, "value": c["absent_hours"]},
                         {"item": {"zh": "剔除小时数", "en": "Skipped hours"}, "value": c["skipped_hours"]},
                         {"item": {"zh": "有效小时数", "en": "Valid hours"}, "value": c["valid_hours"]},
                         {"item": {"zh": "静风小时数", "en": "Calm hours"}, "value": c["calm_hours"]},
                         {"item": {"zh": "完整率(%)", "en": "Completeness (%)"}, "value": c["completeness_pct"]}],
                        [f"稳定度来源：{mo['stability_source']}；混合层高度：{mo['mixing_height_source']}"],
                        [f"Stability: {mo['stability_source']}; mixing height: {mo['mixing_height_source']}"]))
        T.append(_table("air.met.monthly", "各月平均气温与风速", "Monthly mean temperature and wind speed",
                        [_col("month", "月份", "Month"), _col("temperature_c", "平均气温", "Mean temperature", "°C", ".1f"),
                         _col("wind_speed_m_s", "平均风速", "Mean wind speed", "m/s", ".2f"),
                         _col("valid_hours", "有效小时", "Valid hours")], mo["monthly"]))
        T.append(_table("air.met.stability", "大气稳定度频率", "Stability class frequency",
                        [_col("class", "稳定度", "Class"), _col("pct", "频率", "Frequency", "%", ".1f")],
                        [{"class": k, "pct": v} for k, v in mo["stability_frequency_pct"].items()]))
        wr = mo["wind_rose"]
        bins = wr["speed_bins_m_s"]
        edges = [0.0] + [b for b in bins if b is not None]
        bin_keys = [f"b{i}" for i in range(len(bins))]
        bin_cols = [_col(k, (f"{edges[i]:g}–{bins[i]:g} m/s" if bins[i] is not None else f"≥{edges[i]:g} m/s"),
                         (f"{edges[i]:g}–{bins[i]:g} m/s" if bins[i] is not None else f">= {edges[i]:g} m/s"), "%", ".2f")
                    for i, k in enumerate(bin_keys)]
        rose_rows = [{"direction": name, **{k: f for k, f in zip(bin_keys, freqs)}, "total": sum(freqs)}
                     for name, freqs in zip(_SECTORS, wr["frequency_pct"])]
        rose_rows.append({"direction": {"zh": "静风", "en": "Calm"}, **{k: None for k in bin_keys},
                          "total": wr["calm_pct"]})
        T.append(_table("air.met.wind_rose", "风向风速频率（%）", "Wind direction and speed frequency (%)",
                        [_col("direction", "风向", "Direction"), *bin_cols, _col("total", "合计", "Total", "%", ".2f")],
                        rose_rows, ["风向为风的来向；静风为风速低于静风阈值的小时。"],
                        ["Direction the wind blows from; calm = hours below the calm threshold."]))
        F.append({"id": "air.wind_rose", "chapter": "air", "kind": "wind_rose",
                  "title": {"zh": f"{mo['station']['name']}风向玫瑰图", "en": f"Wind rose, {mo['station']['name']}"},
                  "data": {k: wr[k] for k in ("directions_deg", "speed_bins_m_s", "frequency_pct", "calm_pct")}})
        P.append({"chapter": "air",
                  "zh": f"气象站{mo['station']['name']}逐时资料{c['expected_hours']}小时，有效{c['valid_hours']}小时，"
                        f"完整率{c['completeness_pct']:.1f}%，静风频率{wr['calm_pct']:.1f}%"
                        f"{'（示意数据，非实测）' if mo['illustrative'] else ''}。",
                  "en": f"Station {mo['station']['name']}: {c['expected_hours']} hours, {c['valid_hours']} valid "
                        f"({c['completeness_pct']:.1f} % complete), calm {wr['calm_pct']:.1f} %"
                        f"{' (illustrative data)' if mo['illustrative'] else ''}."})
    # predictions
    pr = out["predictions"]
    if pr is not None:
        rows = [{**r, "pollutant": _name(r["pollutant"]), "period": _PERIOD_LABEL[r["period"]],
                 "complies": None if r["complies"] is None else ({"zh": "达标", "en": "complies"} if r["complies"]
                                                                 else {"zh": "超标", "en": "exceeds"})}
                for r in pr["receptors"]]
        T.append(_table("air.predictions.receptors", "环境空气保护目标预测结果（贡献值与叠加值）",
                        "Sensitive receptors: contribution and superposed totals",
                        [_col("receptor", "保护目标", "Receptor"), _col("pollutant", "污染物", "Pollutant"),
                         _col("period", "平均时段", "Period"),
                         _col("contribution_ug_m3", "贡献值", "Contribution", _UG, ".4g"),
                         _col("contribution_pct", "贡献占标率", "Contribution/limit", "%", ".3g"),
                         _col("background_ug_m3", "现状浓度", "Background", _UG, ".4g"),
                         _col("total_ug_m3", "叠加后浓度", "Total", _UG, ".4g"),
                         _col("total_pct", "叠加占标率", "Total/limit", "%", ".3g"),
                         _col("limit_ug_m3", "标准值", "Limit", _UG, ".4g"), _col("complies", "达标情况", "Compliance")],
                        rows,
                        ["日均：贡献值为最大日均贡献，叠加值为保证率日均浓度（HJ 663-2013百分位）；叠加 = 规划新增 − 削减 + 已批在建/拟建 + 现状。"],
                        ["24 h: contribution = highest daily contribution; total = guarantee-rate daily value (HJ 663-2013 "
                         "percentile); total = planned − removed + approved + background."]))
        rows = [{**r, "pollutant": _name(r["pollutant"]), "period": _PERIOD_LABEL[r["period"]]} for r in pr["grid_max"]]
        T.append(_table("air.predictions.grid_max", "网格最大浓度", "Grid maxima",
                        [_col("grid", "网格", "Grid"), _col("pollutant", "污染物", "Pollutant"),
                         _col("period", "平均时段", "Period"),
                         _col("contribution_ug_m3", "最大贡献值", "Max. contribution", _UG, ".4g"),
                         _col("x_m", "X", "X", "m", ".0f"), _col("y_m", "Y", "Y", "m", ".0f"),
                         _col("contribution_pct", "贡献占标率", "Contribution/limit", "%", ".3g"),
                         _col("total_ug_m3", "最大叠加值", "Max. total", _UG, ".4g"),
                         _col("total_pct", "叠加占标率", "Total/limit", "%", ".3g"),
                         _col("complies", "达标", "Complies")], rows))
        if pr["regional_change"]:
            rows = [{**r, "pollutant": _name(r["pollutant"]),
                     "improved": None if r["improved"] is None else
                     ({"zh": "整体改善", "en": "improves"} if r["improved"] else {"zh": "未达改善要求", "en": "not improved"})}
                    for r in pr["regional_change"]]
            T.append(_table("air.regional_change", "不达标因子区域环境质量变化评价", "Regional change for non-attainment pollutants",
                            [_col("pollutant", "污染物", "Pollutant"),
                             _col("background_annual_ug_m3", "现状年均", "Background (annual)", _UG, ".4g"),
                             _col("limit_annual_ug_m3", "年均标准", "Annual limit", _UG, ".4g"),
                             _col("project_mean_ug_m3", "规划贡献网格均值", "Plan contribution, grid mean", _UG, ".4g"),
                             _col("reduction_mean_ug_m3", "区域削减网格均值", "Reduction, grid mean", _UG, ".4g"),
                             _col("k_pct", "变化率k", "k", "%", ".3g"), _col("improved", "结论", "Conclusion")], rows,
                            ["k = (规划贡献年均浓度网格均值 − 区域削减年均浓度网格均值) / 区域削减年均浓度网格均值 × 100%，k ≤ −20% 为整体改善（HJ 2.2-2018 8.8.4）；无削减源时k无法计算。"],
                            ["k = (grid-mean annual contribution of the plan − grid-mean annual contribution of the removed sources) / "
                             "the latter x 100 %; k <= −20 %: overall improvement (HJ 2.2-2018 8.8.4); undefined without removed sources."]))
        bad = [r for r in pr["receptors"] if r["complies"] is False]
        P.append({"chapter": "air",
                  "zh": ("各环境空气保护目标叠加后浓度均满足标准要求。" if not bad else
                         "以下保护目标叠加后超标：" + "；".join(f"{r['receptor']}（{_name(r['pollutant'])} "
                                                            f"{_PERIOD_LABEL[r['period']]['zh']}，{r['total_pct']:.3g}%）" for r in bad) + "。"),
                  "en": ("Superposed concentrations comply at every sensitive receptor." if not bad else
                         "Superposed exceedances at: " + "; ".join(f"{r['receptor']} ({_name(r['pollutant'])} "
                                                                  f"{r['period']}, {r['total_pct']:.3g} %)" for r in bad) + ".")})
        _contours(out, sc, air, rs, sup_by_p, limits, work_dir)
    # protection distance
    pdres = out["protection_distance"]
    if pdres is not None:
        rows = [{"pollutant": _name(p), "period": _PERIOD_LABEL[per], **{k: v[k] for k in
                ("distance_m", "max_outside_ug_m3", "limit_ug_m3", "exceeding_cells", "at_grid_edge")}}
                for p, d in pdres["by_pollutant"].items() for per, v in d.items()]
        T.append(_table("air.protection_distance", "大气环境防护距离计算结果", "Atmospheric protection distance",
                        [_col("pollutant", "污染物", "Pollutant"), _col("period", "平均时段", "Period"),
                         _col("max_outside_ug_m3", "厂界外最大贡献", "Max. beyond boundary", _UG, ".4g"),
                         _col("limit_ug_m3", "标准值", "Limit", _UG, ".4g"),
                         _col("exceeding_cells", "超标网格数", "Exceeding cells"),
                         _col("distance_m", "防护距离", "Distance", "m", ".0f"),
                         _col("at_grid_edge", "超标达网格边缘", "At grid edge")], rows,
                        [f"网格分辨率{pdres['grid']['resolution_m']:g} m，厂界外延{pdres['grid']['margin_m']:g} m。"],
                        [f"Grid {pdres['grid']['resolution_m']:g} m, extending {pdres['grid']['margin_m']:g} m beyond the boundary."]))
        d = pdres["distance_m"]
        P.append({"chapter": "air",
                  "zh": ("厂界外短期贡献浓度均未超过环境质量浓度限值，无需设置大气环境防护距离。" if d <= 0 else
                         f"厂界外短期贡献浓度存在超标区域，大气环境防护距离为自厂界起{d:.0f} m"
                         f"（{_name(pdres['governing']['pollutant'])} {_PERIOD_LABEL[pdres['governing']['averaging_period']]['zh']}）。"),
                  "en": ("No short-term contribution beyond the boundary exceeds the ambient limit: no protection distance "
                         "is needed." if d <= 0 else
                         f"Short-term contributions exceed the limit beyond the boundary: protection distance {d:.0f} m "
                         f"from the boundary ({_name(pdres['governing']['pollutant'])} "
                         f"{pdres['governing']['averaging_period']}).")})


def _contours(out, sc, air, rs, sup_by_p, limits, work_dir):
    boundary = [list(map(float, p)) for p in sc.cluster.boundary.coordinates_m] if sc.cluster.boundary else None
    srcs = [{"id": s.id, "x_m": float(_source_xy(s)[0]), "y_m": float(_source_xy(s)[1])} for s in air.all_sources()]
    recs = [{"name": m["name"], "x_m": m["x_m"], "y_m": m["y_m"]} for m in rs.sensitive_meta]
    what = {"1h": ({"zh": "1小时最大贡献浓度", "en": "maximum 1-hour contribution"}, 0),
            "24h": ({"zh": "保证率日均叠加浓度", "en": "guarantee-rate daily total"}, 1),
            "annual": ({"zh": "年均贡献浓度", "en": "annual mean contribution"}, 0)}
    for g in rs.grids:
        if g.kind != "cartesian":
            continue
        ny, nx = g.shape
        for p, sup in sup_by_p.items():
            for per in ("1h", "24h", "annual"):
                if per not in limits.get(p, {}):
                    continue
                label, which = what[per]
                field = _grid_fields(sup, per)[which][g.indices].reshape(ny, nx)
                vals = _round_sig(field)
                fid = f"air.contour.{p}.{per}" + ("" if g is rs.grids[0] else f".{g.name}")
                fig = {"id": fid, "chapter": "air", "kind": "contour",
                       "title": {"zh": f"{_name(p)} {label['zh']}分布", "en": f"{_name(p)} {label['en']}"},
                       "data": {"unit": _UG, "levels": None, "limit": limits[p][per]["value_ug_m3"],
                                "boundary_m": boundary, "sources": srcs, "receptors": recs, "redline_m": None}}
                if ny * nx > INLINE_CONTOUR_CELLS:
                    # large grids travel as a long table (x_m, y_m, value) referenced by data_file
                    import pandas as pd

                    gx, gy = np.meshgrid(g.x_axis_m, g.y_axis_m)
                    rel = Path("air") / f"contour_{_safe(p)}_{per}_{_safe(g.name)}.parquet"
                    (Path(work_dir) / rel).parent.mkdir(parents=True, exist_ok=True)
                    pd.DataFrame({"x_m": gx.ravel(), "y_m": gy.ravel(), "value": vals.ravel()}).to_parquet(
                        Path(work_dir) / rel, index=False)
                    fig["data_file"] = rel.as_posix()
                    out["artefacts"].append(rel.as_posix())
                else:
                    fig["data"].update(x_m=g.x_axis_m.tolist(), y_m=g.y_axis_m.tolist(),
                                       values=[[None if not np.isfinite(v) else float(v) for v in row] for row in vals])
                out["figures"].append(fig)
