"""HJ 2.2-2018 screening (估算模式): Pmax, D10%, assessment grade and range.

For every source the maximum 1-hour ground concentration per unit emission is found along the
plume axis over a screening meteorology set (every stability class with the wind speeds allowed
for it, and every mixing height for A-D), at log-spaced distances from ``min_distance_m`` to
``max_distance_m``. Dispersion is linear in the emission rate, so ``C_i(x) = Q_i chi/Q(x)``.

* ``P_i = C_i / C_0i x 100 %`` (HJ 2.2-2018 5.3.1, eq. (1)); ``C_0i`` is the 1-hour limit of the
  project's air class, or 2x the 8-hour, 3x the daily, 6x the annual limit where no 1-hour limit
  exists (:meth:`eia.air.limits.LimitResolver.one_hour_c0`).
* ``D10%`` is the farthest distance at which the screening envelope reaches 10 % of ``C_0i``
  (linear interpolation between the computed distances).
* Grade (HJ 2.2-2018 Table 2): 一级 ``Pmax >= 10 %``; 二级 ``1 % <= Pmax < 10 %``; 三级 ``Pmax < 1 %``.
* 5.3.3 special cases: the project grade is the highest of its sources; high energy-intensity
  industries (电力、钢铁、水泥、石化、化工、平板玻璃、有色) with several sources, or several sources
  burning mainly high-polluting fuel, writing a report (报告书) raise the grade by one; new hub
  airports are 一级. Facts the scenario does not give are reported as undecided.
* Range (HJ 2.2-2018 5.4): 一级 — the site extended by D10% on every side, at least a 5 km square
  (D10% < 2.5 km), a 50 km square when D10% > 25 km; 二级 — a 5 km square centred on the site;
  三级 — none.

This is NOT AERSCREEN: see ``docs/methods/air-assessment.md`` (no building downwash, no terrain,
no fumigation, a synthetic met set instead of MAKEMET's surface-characteristics-based set).

References
----------
.. [1] HJ 2.2-2018 环境影响评价技术导则 大气环境, 5.3 (grading: eq. (1), Table 2, 5.3.3) and 5.4
   (assessment range). Clause numbers as recalled by the engineers; not verified against a copy.
.. [2] U.S. EPA (1995). SCREEN3 Model User's Guide, EPA-454/B-95-004 (stability/wind-speed
   combinations of a screening met set).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = [
    "GRADES",
    "grade_from_pmax",
    "d10_distance_m",
    "screening_chi_q",
    "screening_met_set",
    "estimate_sources",
    "special_cases",
    "assessment_range",
    "HIGH_ENERGY_GBT4754_PREFIXES",
    "raise_grade",
]

#: Grade labels (zh, en) by number.
GRADES = {1: ("一级", "Level 1"), 2: ("二级", "Level 2"), 3: ("三级", "Level 3")}

#: GB/T 4754-2017 codes of the industries HJ 2.2-2018 5.3.3 names (电力、钢铁、水泥、石化、化工、平板玻璃、有色).
HIGH_ENERGY_GBT4754_PREFIXES = {
    "D441": "电力 (electric power generation)",
    "C31": "钢铁 (ferrous metal smelting and rolling)",
    "C3011": "水泥 (cement)",
    "C25": "石化 (petroleum, coal and other fuel processing)",
    "C26": "化工 (chemical raw materials and products)",
    "C3041": "平板玻璃 (flat glass)",
    "C32": "有色 (non-ferrous metal smelting and rolling)",
}


def grade_from_pmax(pmax_pct: float) -> int:
    """Assessment grade from Pmax (%) by HJ 2.2-2018 Table 2.

    Parameters
    ----------
    pmax_pct : float
        Largest maximum ground-level concentration ratio, % (>= 0).

    Returns
    -------
    int
        1 (一级, Pmax >= 10 %), 2 (二级, 1 % <= Pmax < 10 %) or 3 (三级, Pmax < 1 %).

    References
    ----------
    .. [1] HJ 2.2-2018, 5.3.2, Table 2 (评价等级判别表).
    """
    p = float(pmax_pct)
    if not math.isfinite(p) or p < 0:
        raise ValueError(f"pmax_pct: expected a finite percentage >= 0, got {pmax_pct!r}")
    if p >= 10.0:
        return 1
    if p >= 1.0:
        return 2
    return 3


def raise_grade(grade: int) -> int:
    """One grade higher (三级 -> 二级 -> 一级; 一级 stays)."""
    return max(1, int(grade) - 1)


def d10_distance_m(distances_m, concentration, c0) -> tuple[float | None, bool]:
    """Farthest distance at which ``concentration`` reaches 10 % of ``c0``.

    Parameters
    ----------
    distances_m : array_like, increasing
    concentration : array_like
        Screening envelope at those distances (same unit as ``c0``).
    c0 : float
        Standard (C0i), > 0.

    Returns
    -------
    (float or None, bool)
        D10% in m (linear interpolation to the 10 % crossing beyond the last point at or above
        10 %); None when the envelope never reaches 10 %. The flag is True when the envelope is
        still at or above 10 % at the last distance (D10% is at least that distance).

    References
    ----------
    .. [1] HJ 2.2-2018, 5.3.2 (D10%: 最远距离 at which the concentration reaches 10 % of the standard).
    """
    x = np.asarray(distances_m, dtype=float)
    c = np.asarray(concentration, dtype=float)
    if x.shape != c.shape or x.ndim != 1 or x.size < 2:
        raise ValueError("distances_m and concentration: expected 1-D arrays of the same length >= 2")
    if np.any(np.diff(x) <= 0):
        raise ValueError("distances_m: expected strictly increasing distances")
    if not c0 > 0:
        raise ValueError(f"c0: expected > 0, got {c0!r}")
    thr = 0.1 * float(c0)
    above = np.flatnonzero(c >= thr)
    if above.size == 0:
        return None, False
    i = int(above[-1])
    if i == x.size - 1:
        return float(x[-1]), True
    # c[i] >= thr > c[i+1]: interpolate linearly
    f = (c[i] - thr) / (c[i] - c[i + 1])
    return float(x[i] + f * (x[i + 1] - x[i])), False


def screening_met_set(settings) -> list[tuple[str, float, float]]:
    """(stability, 10 m wind speed, mixing height) combinations of the screening set.

    Each class is combined with the wind speeds not above its maximum
    (``settings.max_wind_speed_by_class_m_s``); classes A-D with every mixing height, E and F
    (no lid in ISC3) with one.

    References
    ----------
    .. [1] SCREEN3 Model User's Guide, EPA-454/B-95-004 (class/wind-speed combinations).
    """
    out = []
    for s in settings.stability_classes:
        umax = settings.max_wind_speed_by_class_m_s.get(s, math.inf)
        speeds = [u for u in settings.wind_speeds_m_s if u <= umax] or [min(settings.wind_speeds_m_s)]
        heights = settings.mixing_heights_m if s in "ABCD" else [max(settings.mixing_heights_m)]
        for u in speeds:
            for zi in heights:
                out.append((s, float(u), float(zi)))
    return out


@dataclass
class ScreeningProfile:
    """Screening envelope of one source per unit emission (g/m3 per g/s = s/m3)."""

    distances_m: np.ndarray
    chi_q_s_m3: np.ndarray
    met_at_max: tuple


def _rotate(xs, ys, theta_rad):
    """Coordinates in a frame whose +x axis points to bearing theta (clockwise from north)."""
    s, c = math.sin(theta_rad), math.cos(theta_rad)
    return xs * s + ys * c, xs * c - ys * s


def screening_chi_q(source, settings, dispersion, *, n_area_directions: int = 4) -> ScreeningProfile:
    """Screening envelope chi/Q (s/m3) along the plume axis of one source.

    Point sources: :func:`models.air.point_source.point_source_hourly` at y = 0, z = 0.
    Volume sources: :func:`models.air.volume.volume_source_hourly`. Area sources:
    :func:`models.air.area.area_source_hourly` along the axis through the centroid, for
    ``n_area_directions`` wind directions over 180 degrees (twice as many over 360 degrees unless
    the polygon is centrally symmetric); distances are from the centroid. Non-buoyant (area,
    volume) sources are evaluated only at the lowest wind speed and mixing height of each class,
    which bound the others (chi ~ 1/u; lid reflections only add).

    References
    ----------
    .. [1] HJ 2.2-2018 5.3.1 (maximum ground-level concentration by the estimation model).
    .. [2] EPA-454/B-95-003b (ISC3 vol. II) sec. 1.1, 1.2.2, 1.2.3 (the kernels called).
    """
    x = np.geomspace(settings.min_distance_m, settings.max_distance_m, settings.n_distances)
    env = np.zeros_like(x)
    best = (0.0, None)
    kind = getattr(source, "kind", "point")
    met_set = screening_met_set(settings)
    if kind in ("area", "volume"):
        # No plume rise: chi is proportional to 1/u (release-height wind, floored at 1 m/s) and
        # does not decrease as the lid lowers, so per class the lowest wind speed and the lowest
        # mixing height give the envelope.
        lowest = {}
        for stab, u, zi in met_set:
            lo = lowest.get(stab)
            lowest[stab] = (stab, min(u, lo[1]) if lo else u, min(zi, lo[2]) if lo else zi)
        met_set = list(lowest.values())
    for stab, u, zi in met_set:
        if kind == "point":
            from models.air.point_source import point_source_hourly

            fields = [point_source_hourly(
                emission_g_s=1.0, stack_height_m=source.stack_height_m, stack_diameter_m=source.stack_diameter_m,
                exit_velocity_m_s=source.exit_velocity_m_s, exit_temperature_k=source.exit_temperature_k,
                ambient_temperature_k=settings.ambient_temperature_k, wind_speed_m_s=u, anemometer_height_m=10.0,
                stability=stab, mixing_height_m=zi, x_m=x, y_m=0.0, z_m=0.0, scheme=dispersion.scheme,
                stack_tip_downwash=dispersion.stack_tip_downwash,
                buoyancy_induced_dispersion=dispersion.buoyancy_induced_dispersion,
                plume_rise_method=dispersion.plume_rise)]
        elif kind == "volume":
            from models.air.volume import volume_source_hourly

            fields = [volume_source_hourly(
                emission_g_s=1.0, release_height_m=source.release_height_m,
                initial_sigma_y_m=source.initial_sigma_y_m, initial_sigma_z_m=source.initial_sigma_z_m,
                wind_speed_m_s=u, stability=stab, mixing_height_m=zi, x_m=x, y_m=0.0, z_m=0.0,
                scheme=dispersion.scheme)]
        elif kind == "area":
            from models.air.area import area_source_hourly

            poly = np.asarray(source.polygon_m(), dtype=float)
            cx, cy = source.centroid_m()
            qa = 1.0 / source.area_m2()
            fields = []
            # a polygon symmetric about its centroid (every rectangle) looks the same from opposite sides
            symmetric = poly.shape[0] == 4 and np.allclose(poly[0] + poly[2], poly[1] + poly[3])
            n_dir = n_area_directions if symmetric else 2 * n_area_directions
            for k in range(n_dir):
                theta = math.radians(k * 180.0 / n_area_directions)  # bearing the wind blows toward
                vx, vy = _rotate(poly[:, 0] - cx, poly[:, 1] - cy, theta)
                fields.append(area_source_hourly(
                    emission_g_m2_s=qa, vertices_x_m=vx, vertices_y_m=vy, release_height_m=source.release_height_m,
                    wind_speed_m_s=u, stability=stab, mixing_height_m=zi, x_m=x, y_m=0.0, z_m=0.0,
                    scheme=dispersion.scheme, initial_sigma_z_m=source.initial_sigma_z_m))
        else:
            raise ValueError(f"source kind: unknown {kind!r}; known: point, area, volume")
        for f in fields:
            f = np.asarray(f, dtype=float)
            env = np.maximum(env, f)
            m = float(f.max())
            if m > best[0]:
                best = (m, (stab, u, zi, float(x[int(f.argmax())])))
    return ScreeningProfile(distances_m=x, chi_q_s_m3=env, met_at_max=best[1] or ("", 0.0, 0.0, 0.0))


def estimate_sources(sources, pollutants, *, c0_ug_m3: dict, settings, dispersion, no2_ratio_1h=None,
                     profiles: dict | None = None) -> list[dict]:
    """Cmax, distance, Pi and D10% for every source and pollutant.

    Parameters
    ----------
    sources : list of PointSource / AreaSource / VolumeSource
    pollutants : list of str
        Pollutants assessed; NO2 is derived from NOx emissions when ``no2_ratio_1h`` is given and
        the source emits no NO2 directly.
    c0_ug_m3 : dict
        C0i per pollutant, μg/m³ (pollutants without one are skipped).
    settings : EstimationSettings
    dispersion : DispersionOptions
    no2_ratio_1h : float, optional
        NO2/NOx for 1-hour values.
    profiles : dict, optional
        Cache of :class:`ScreeningProfile` by source id (filled here).

    Returns
    -------
    list of dict
        One row per (source, pollutant) with ``cmax_ug_m3``, ``distance_m``, ``pmax_pct``,
        ``d10_m``, ``d10_beyond_range``, ``grade``, ``c0_ug_m3`` and the met of the maximum.

    References
    ----------
    .. [1] HJ 2.2-2018, 5.3.1-5.3.2 (eq. (1), Table 2).
    """
    profiles = {} if profiles is None else profiles
    rows = []
    for src in sources:
        rates = {}
        for p in pollutants:
            if p in src.emissions_g_s:
                rates[p] = (src.emissions_g_s[p], False)
            elif p == "no2" and no2_ratio_1h is not None and "nox" in src.emissions_g_s:
                rates[p] = (src.emissions_g_s["nox"] * no2_ratio_1h, True)
        rates = {p: r for p, r in rates.items() if p in c0_ug_m3}
        if not rates:
            continue
        prof = profiles.get(src.id)
        if prof is None:
            prof = profiles[src.id] = screening_chi_q(src, settings, dispersion)
        imax = int(np.argmax(prof.chi_q_s_m3))
        for p, (q_g_s, from_nox) in rates.items():
            c = prof.chi_q_s_m3 * q_g_s * 1e6  # μg/m3
            c0 = float(c0_ug_m3[p])
            cmax = float(c[imax])
            pmax = 100.0 * cmax / c0
            d10, beyond = d10_distance_m(prof.distances_m, c, c0) if cmax > 0 else (None, False)
            rows.append({
                "source_id": src.id,
                "source_kind": getattr(src, "kind", "point"),
                "pollutant": p,
                "emission_g_s": q_g_s,
                "no2_from_nox": from_nox,
                "cmax_ug_m3": cmax,
                "distance_m": float(prof.distances_m[imax]),
                "c0_ug_m3": c0,
                "pmax_pct": pmax,
                "d10_m": d10,
                "d10_beyond_range": beyond,
                "grade": grade_from_pmax(pmax),
                "met_at_max": {"stability": prof.met_at_max[0], "wind_speed_m_s": prof.met_at_max[1],
                               # E and F have no lid in ISC3
                               "mixing_height_m": None if prof.met_at_max[0] in ("E", "F") else prof.met_at_max[2]},
            })
    return rows


def special_cases(*, base_grade: int, n_sources: int, hj22, industry_codes: list[str]) -> tuple[int, list[dict]]:
    """Apply the HJ 2.2-2018 5.3.3 special cases the scenario can decide.

    Returns
    -------
    (int, list of dict)
        Final grade and one entry per case: ``clause``, ``applied`` (True, False or None when
        undecidable), ``reason`` (zh/en).

    References
    ----------
    .. [1] HJ 2.2-2018, 5.3.3.1-5.3.3.4 (clause numbers as recalled; unverified).
    """
    grade = base_grade
    cases = []
    cases.append({
        "clause": "HJ 2.2-2018 5.3.3.1", "applied": n_sources > 1,
        "reason": {"zh": "同一项目有多个污染源时，取各源评价等级最高者", "en": "several sources: the highest grade of the sources applies"},
    })
    matched = sorted({desc for code in industry_codes for pre, desc in HIGH_ENERGY_GBT4754_PREFIXES.items()
                      if code.upper().startswith(pre) or (len(code) < len(pre) and pre.startswith(code.upper()) and len(code) >= 3)})
    high_energy = hj22.high_energy_industry
    basis = "scenario option hj22.high_energy_industry"
    if high_energy is None:
        high_energy = bool(matched)
        basis = ("GB/T 4754 codes of cluster.leading_industries: " + "; ".join(matched)) if matched else \
            "no leading-industry GB/T 4754 code among 电力/钢铁/水泥/石化/化工/平板玻璃/有色"
    fuel = hj22.high_polluting_fuel
    multi = n_sources >= 2
    report = hj22.report_form == "report"
    if not multi or not report:
        applied = False
    elif high_energy or fuel:
        applied = True
    elif fuel is None:
        applied = None
    else:
        applied = False
    if applied:
        grade = raise_grade(grade)
    cases.append({
        "clause": "HJ 2.2-2018 5.3.3.2", "applied": applied,
        "reason": {
            "zh": "电力、钢铁、水泥、石化、化工、平板玻璃、有色等高耗能行业的多源项目或以使用高污染燃料为主的多源项目，"
                  f"编制报告书的评价等级提高一级（依据：{basis}；多源：{'是' if multi else '否'}；"
                  f"高污染燃料：{'未给出' if fuel is None else ('是' if fuel else '否')}）",
            "en": "multi-source projects of high energy-intensity industries, or mainly burning high-polluting fuel, "
                  f"with a report: grade raised by one (basis: {basis}; several sources: {multi}; "
                  f"high-polluting fuel: {'not given' if fuel is None else fuel})",
        },
    })
    if hj22.airport:
        grade = 1
    cases.append({
        "clause": "HJ 2.2-2018 5.3.3.4", "applied": bool(hj22.airport),
        "reason": {"zh": "新建、迁建及扩建枢纽及干线机场项目评价等级取一级", "en": "new/relocated hub or trunk airports: 一级"},
    })
    if hj22.urban_road_tunnel:
        cases.append({
            "clause": "HJ 2.2-2018 5.3.3.3", "applied": True,
            "reason": {"zh": "含1 km及以上隧道的城市道路项目，按隧道通风竖井及出口排放的污染物计算评价等级（由所列污染源体现）",
                       "en": "urban roads with >= 1 km tunnels: grade from the ventilation shafts and portals (the sources given)"},
        })
    return grade, cases


def assessment_range(grade: int, d10_m: float | None, site_bbox_m: tuple[float, float, float, float]) -> dict | None:
    """Assessment range of HJ 2.2-2018 5.4 as a rectangle in local metres.

    Parameters
    ----------
    grade : int
        1, 2 or 3.
    d10_m : float or None
        Largest D10% of the project, m (一级 only).
    site_bbox_m : (x_min, y_min, x_max, y_max)
        Extent of the site (boundary, or the sources when no boundary is given), m.

    Returns
    -------
    dict or None
        ``{"x_min_m", "y_min_m", "x_max_m", "y_max_m", "side_x_m", "side_y_m", "basis"}``;
        None for 三级 (no range needed).

    References
    ----------
    .. [1] HJ 2.2-2018, 5.4.1-5.4.3 (一级: 厂界外延 D10%, 50 km when D10% > 25 km, 5 km when
       D10% < 2.5 km; 二级: 边长 5 km; 三级: 不需设置).
    """
    if grade not in (1, 2, 3):
        raise ValueError(f"grade: expected 1, 2 or 3, got {grade!r}")
    if grade == 3:
        return None
    x0, y0, x1, y1 = map(float, site_bbox_m)
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0

    def square(side, basis):
        return {"x_min_m": cx - side / 2, "y_min_m": cy - side / 2, "x_max_m": cx + side / 2,
                "y_max_m": cy + side / 2, "side_x_m": side, "side_y_m": side, "basis": basis}

    if grade == 2:
        return square(5000.0, {"zh": "二级评价：以厂址为中心边长5 km的矩形区域", "en": "Level 2: 5 km square centred on the site"})
    d = 0.0 if d10_m is None else float(d10_m)
    if d > 25_000.0:
        return square(50_000.0, {"zh": "D10%超过25 km，评价范围为边长50 km的矩形区域", "en": "D10% > 25 km: 50 km square"})
    if d < 2_500.0:
        return square(5000.0, {"zh": "D10%小于2.5 km，评价范围边长取5 km", "en": "D10% < 2.5 km: 5 km square"})
    return {"x_min_m": x0 - d, "y_min_m": y0 - d, "x_max_m": x1 + d, "y_max_m": y1 + d,
            "side_x_m": x1 - x0 + 2 * d, "side_y_m": y1 - y0 + 2 * d,
            "basis": {"zh": f"一级评价：自厂界外延D10%（{d / 1000:.2f} km）的矩形区域",
                      "en": f"Level 1: site extended by D10% ({d / 1000:.2f} km) on every side"}}
