"""Runner of the ``water`` section: predictions, HJ 2.3-2018 grade, capacity, allocation, uncertainty.

``run_water(ctx) -> dict`` returns the machine-readable results and the report-ready tables,
figures and paragraphs (docs/architecture.md; fields documented in docs/results/water.md).
``compute_capacity(water, limit_fn)`` is the part shared with ``eia capacity`` and ``eia recheck``.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np

from models.water import lake_phosphorus

from eia.water.allocation import allocation_for_pollutant
from eia.water.capacity import capacity_rows
from eia.water.grading import assess_grade
from eia.water.hydrology import resolve_hydraulics
from eia.water.network import solve_network
from eia.water.predict import (
    do_profiles,
    mixing_zones,
    near_field,
    predicted_pollutants,
    section_assessment,
    solve_all,
)
from eia.water.uncertainty import capacity_percentiles

__all__ = ["run_water", "compute_capacity", "make_limit_fn", "CAPACITY_COLUMNS", "write_capacity_table", "MODE_ZH"]

MODE_ZH = {"segment-head": "段首控制", "segment-end": "段尾控制", "zone-end": "功能区末端控制"}
CAPACITY_COLUMNS = [
    ("zone", "水功能区", "Zone", None, None),
    ("pollutant", "污染物", "Pollutant", None, None),
    ("control_mode", "控制方式", "Control mode", None, None),
    ("target_class", "目标水质", "Target class", None, None),
    ("design_flow_m3_s", "设计流量", "Design flow", "m³/s", ".4g"),
    ("velocity_m_s", "流速", "Velocity", "m/s", ".3g"),
    ("c0_mg_l", "上游来水浓度C0", "Inflow conc. C0", "mg/L", ".4g"),
    ("cs_mg_l", "目标浓度Cs", "Target Cs", "mg/L", ".4g"),
    ("k_per_day", "降解系数k", "Decay k", "1/d", ".3g"),
    ("length_m", "河段长度", "Length", "m", ".6g"),
    ("q_effluent_m3_s", "排污流量q", "Effluent flow q", "m³/s", ".4g"),
    ("capacity_gross_t_a", "理想容量", "Capacity (gross)", "t/a", ".5g"),
    ("capacity_t_a", "容量(扣安全余量)", "Capacity (net of margin)", "t/a", ".5g"),
    ("existing_t_a", "现状负荷", "Existing load", "t/a", ".5g"),
    ("approved_t_a", "已批复负荷", "Approved load", "t/a", ".5g"),
    ("remaining_t_a", "剩余容量", "Remaining capacity", "t/a", ".5g"),
    ("planned_t_a", "规划新增负荷", "Planned load", "t/a", ".5g"),
]


def make_limit_fn(standard: str = "GB 3838-2002", record=None):
    """(item, class, water_body) -> (value, Limit) from the standards registry; records each use."""
    from eia.standards import get_limit

    cache: dict = {}

    def limit_fn(item: str, cls: str, water_body: str = "river"):
        key = (item, cls, water_body)
        if key not in cache:
            try:
                lim = get_limit(standard, class_or_grade=cls, item=item, water_body=water_body)
            except ValueError:
                if water_body != "river":
                    raise
                lim = get_limit(standard, class_or_grade=cls, item=item)
            cache[key] = (float(lim.value), lim)
        if record is not None:
            record(cache[key][1])
        return cache[key]

    return limit_fn


def _class_fn(standard):
    from eia.standards import surface_water_class

    return lambda item, c, wb: surface_water_class(item, c, water_body=wb, standard=standard)


def _equivalent_fn(item: str):
    from eia.standards import pollutant_equivalent

    pe = pollutant_equivalent(item, "water")
    return pe.value_kg, "class 1" in pe.category or "第一类" in pe.category


def compute_capacity(water, limit_fn) -> dict:
    """Hydraulics, present-state solutions and capacity rows (all control modes) of a water section."""
    hyd, flows = resolve_hydraulics(water)
    sols = {p: solve_network(water, hyd, p, statuses=("existing", "approved")) for p in water.capacity.pollutants}
    rows = capacity_rows(water, sols, limit_fn)
    return {"hydraulics": hyd, "design_flows": flows, "solutions": sols, "rows": rows}


def write_capacity_table(rows: list[dict], out_dir: Path, stem: str = "capacity") -> list[Path]:
    """Write the capacity rows as CSV, XLSX and Markdown; returns the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    keys = [c[0] for c in CAPACITY_COLUMNS] + ["primary", "safety_margin_pct", "outfall_distance_m", "c0_basis", "outfall_basis"]
    paths = []
    p = out_dir / f"{stem}.csv"
    with open(p, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=keys, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    paths.append(p)
    try:
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "capacity"
        ws.append([f"{c[1]} ({c[3]})" if c[3] else c[1] for c in CAPACITY_COLUMNS] + keys[len(CAPACITY_COLUMNS):])
        for r in rows:
            ws.append([r.get(k) for k in keys])
        px = out_dir / f"{stem}.xlsx"
        wb.save(px)
        paths.append(px)
    except ImportError:  # pragma: no cover - openpyxl is a dependency
        pass
    md = ["| " + " | ".join(f"{c[1]} ({c[3]})" if c[3] else c[1] for c in CAPACITY_COLUMNS) + " |",
          "|" + "---|" * len(CAPACITY_COLUMNS)]
    for r in rows:
        cells = []
        for key, _, _, _, fmt in CAPACITY_COLUMNS:
            v = r.get(key)
            cells.append(format(v, fmt) if fmt and isinstance(v, (int, float)) else str(v))
        md.append("| " + " | ".join(cells) + " |")
    pm = out_dir / f"{stem}.md"
    pm.write_text("\n".join(md) + "\n", encoding="utf-8")
    paths.append(pm)
    return paths


def _lakes(water, limit_fn) -> list[dict]:
    out = []
    for lk in water.lakes:
        depth = lk.mean_depth_m or lk.volume_m3 / lk.area_m2
        rho = lk.inflow_m3_s * 86_400 * 365 / lk.volume_m3
        unit = float(lake_phosphorus(areal_load_g_m2_yr=1.0, mean_depth_m=depth, flushing_rate_per_yr=rho, method=lk.method))
        cs, _ = limit_fn("tp", lk.target_class, "lake")
        areal = lk.tp_loading_t_a * 1e6 / lk.area_m2
        cap = cs / unit * lk.area_m2 / 1e6
        out.append({"lake": lk.id, "name": lk.name or lk.id, "method": lk.method, "mean_depth_m": depth,
                    "flushing_rate_per_yr": rho, "cs_mg_l": cs, "tp_present_mg_l": unit * areal,
                    "tp_loading_t_a": lk.tp_loading_t_a, "capacity_t_a": cap, "remaining_t_a": cap - lk.tp_loading_t_a,
                    "class_present": None})
    return out


def _bi(zh, en):
    return {"zh": zh, "en": en}


def run_water(ctx) -> dict:
    """Run the water section for ``ctx.scenario.water``; see docs/results/water.md."""
    water = ctx.scenario.water
    standard = ctx.scenario.meta.standards.surface_water
    limit_fn = make_limit_fn(standard, record=ctx.use_standard)
    class_fn = _class_fn(standard)
    settings = water.capacity

    # say which inputs are stand-ins, as the air section does for its sources
    for r in water.reaches:
        if r.illustrative:
            ctx.warn("water-illustrative-reach", f"reach {r.id}: hydrology, geometry and rates are illustrative", reach=r.id)
    for o in water.outfalls:
        if o.illustrative:
            ctx.warn("water-illustrative-outfall", f"outfall {o.id}: flow and concentrations are illustrative", outfall=o.id)
    if water.treatment_plant is not None and water.treatment_plant.illustrative:
        ctx.warn("water-illustrative-treatment-plant", "park treatment plant capacities are illustrative")

    ctx.progress("water: design flows and network", None)
    cap = compute_capacity(water, limit_fn)
    hyd, flows = cap["hydraulics"], cap["design_flows"]
    pols = predicted_pollutants(water)
    sols = solve_all(water, hyd, pols)
    for r in water.reaches:
        if r.geometry.dispersion_m2_s > 0:
            from models.water import dispersion_negligible

            for p in pols:
                if not bool(dispersion_negligible(k_per_day=r.decay[p], dispersion_m2_s=r.geometry.dispersion_m2_s,
                                                  velocity_m_s=hyd[r.id].velocity(hyd[r.id].design_flow_m3_s))):
                    ctx.warn("water-dispersion-not-negligible",
                             f"reach {r.id}, {p}: longitudinal dispersion is not negligible (O'Connor number); the "
                             "network uses plug flow, which overestimates the peak below outfalls", reach=r.id, pollutant=p)
    do_prof = {}
    if "bod5" in sols["planned"]:
        do_prof = do_profiles(water, hyd, sols["planned"]["bod5"], ctx.warn)
    sections = section_assessment(water, sols, do_prof, limit_fn, class_fn)
    mz = mixing_zones(water, hyd, sols["planned"][pols[0]])

    rows = cap["rows"]
    primary = [r for r in rows if r["primary"]]
    mc = None
    if settings.monte_carlo is not None:
        ctx.progress("water: Monte Carlo capacity", None)
        m = settings.monte_carlo
        res = capacity_percentiles(primary, samples=m.samples, seed=m.seed, decay_cv=m.decay_cv,
                                   design_flow_cv=m.design_flow_cv, background_cv=m.background_cv,
                                   safety_margin_pct=settings.safety_margin_pct)
        mc = {"samples": m.samples, "seed": m.seed, "decay_cv": m.decay_cv, "design_flow_cv": m.design_flow_cv,
              "background_cv": m.background_cv, "rows": []}
        for r, v, pp in zip(primary, res["values"], res["probability_positive"]):
            mc["rows"].append({"zone": r["zone"], "pollutant": r["pollutant"], "control_mode": r["control_mode"],
                               "p5_t_a": v[0], "p50_t_a": v[1], "p95_t_a": v[2], "deterministic_t_a": r["capacity_t_a"],
                               "probability_positive": pp})
    alloc = {}
    if settings.allocation != "none":
        ctx.progress("water: allocation", None)
        for p in settings.pollutants:
            alloc[p] = allocation_for_pollutant(water, hyd, p, limit_fn)
    grade = assess_grade(water, _equivalent_fn, limit_fn)
    for n in grade["notes"]:
        if n["note"] == 0:
            ctx.warn("water-grade-undetermined", n["reason"])
        elif n["status"] == "undecided":
            ctx.warn("hj2.3-note-undecided", f"HJ 2.3-2018 Table 1 note {n['note']} could not be decided: {n['reason']}",
                     note=n["note"])
    for p in grade["no_equivalent_value"]:
        ctx.warn("water-no-pollution-equivalent", f"{p}: no pollution-equivalent value; left out of W", pollutant=p)
    lakes = _lakes(water, limit_fn) if water.lakes else []

    remaining: dict[str, dict[str, float]] = {}
    for r in primary:
        d = remaining.setdefault(r["pollutant"], {})
        d[r["zone"]] = r["remaining_t_a"]
    for p, d in remaining.items():
        d["total"] = float(sum(v for k, v in d.items()))
    capacity_by: dict[str, dict[str, float]] = {}
    for r in primary:
        capacity_by.setdefault(r["pollutant"], {})[r["zone"]] = r["capacity_t_a"]

    tp = None
    if water.treatment_plant is not None:
        t = water.treatment_plant
        tp = {"name": t.name, "design_m3_d": t.design_m3_d, "current_m3_d": t.current_m3_d,
              "remaining_m3_d": t.design_m3_d - t.current_m3_d, "outfall": t.outfall}
        if t.current_m3_d > t.design_m3_d:
            ctx.warn("water-wwtp-over-capacity", f"treatment plant {t.name or ''}: current {t.current_m3_d:g} m3/d exceeds design {t.design_m3_d:g} m3/d")

    artefacts = []
    wdir = Path(ctx.work_dir) / "water"
    for pth in write_capacity_table(rows, wdir):
        artefacts.append(str(pth.relative_to(ctx.work_dir)))

    profiles = {}
    for scen, by_p in sols.items():
        for p, sol in by_p.items():
            for rid in sol.segments:
                x, c, q = sol.profile(rid)
                profiles.setdefault(rid, {"x_m": x.tolist(), "flow_m3_s": q.tolist()}).setdefault(scen, {})[p] = c[:, 0].tolist()
    for rid, pr in do_prof.items():
        if "do_mg_l" in pr:
            profiles[rid]["do"] = {"x_m": pr["x_m"].tolist(), "do_mg_l": pr["do_mg_l"].tolist(),
                                   "saturation_mg_l": pr["do_saturation_mg_l"]}
        else:
            profiles[rid]["do"] = pr

    out: dict[str, Any] = {
        "standard": standard,
        "pollutants": pols,
        "design_flows": flows,
        "profiles": profiles,
        "sections": sections,
        "mixing_zones": mz,
        "grade": grade,
        "capacity": {"control_mode": settings.control_mode, "safety_margin_pct": settings.safety_margin_pct,
                     "zone_inflow": settings.zone_inflow, "rows": rows},
        "capacity_t_a": capacity_by,
        "remaining_capacity_t_a": remaining,
        "uncertainty": mc,
        "allocation": alloc,
        "lakes": lakes,
        "treatment_plant": tp,
        "artefacts": artefacts,
    }
    out.update(_report_content(water, out, sols, do_prof, limit_fn, hyd))
    return out


def _report_content(water, res, sols, do_prof, limit_fn, hyd) -> dict:
    tables, figures, paragraphs = [], [], []
    cols = [{"key": k, "label": _bi(zh, en), "unit": u, "format": f} for k, zh, en, u, f in CAPACITY_COLUMNS]
    primary_rows = [r for r in res["capacity"]["rows"] if r["primary"]]
    mode = res["capacity"]["control_mode"]

    def cell_rows(rows):
        return [{k: (_bi(MODE_ZH[r[k]], r[k]) if k == "control_mode" else r[k]) for k, *_ in CAPACITY_COLUMNS} for r in rows]

    tables.append({"id": "water.capacity", "chapter": "capacity",
                   "title": _bi(f"水环境容量及剩余容量（{MODE_ZH[mode]}）", f"Water-environment capacity and remaining capacity ({mode})"),
                   "columns": cols, "rows": cell_rows(primary_rows),
                   "notes": {"zh": [f"安全余量 {res['capacity']['safety_margin_pct']:g}%；剩余容量 = 容量 − 现状负荷 − 已批复负荷。",
                                    "容量公式：W = 31.536[Cs(Q0+q)exp(k·xd/86400u) − C0·Q0·exp(−k·xu/86400u)]（《全国水环境容量核定技术指南》）。"],
                             "en": [f"Safety margin {res['capacity']['safety_margin_pct']:g} %; remaining = capacity - existing - approved loads.",
                                    "Capacity: W = 31.536[Cs(Q0+q)exp(k xd/86400u) - C0 Q0 exp(-k xu/86400u)] (national capacity guide, 2003)."]}})
    tables.append({"id": "water.capacity.modes", "chapter": "capacity",
                   "title": _bi("不同控制方式下的水环境容量", "Capacity under each control mode"),
                   "columns": cols, "rows": cell_rows(res["capacity"]["rows"]), "notes": None})
    g = res["grade"]
    tables.append({"id": "water.grade", "chapter": "water", "title": _bi("地表水环境影响评价等级判定", "HJ 2.3-2018 assessment grade"),
                   "columns": [{"key": "note", "label": _bi("表1注", "Table 1 note"), "unit": None, "format": "d"},
                               {"key": "status", "label": _bi("适用情况", "Status"), "unit": None, "format": None},
                               {"key": "reason", "label": _bi("依据", "Basis"), "unit": None, "format": None}],
                   "rows": [{"note": n["note"], "status": _bi({"applied": "已适用", "not applicable": "不适用", "undecided": "无法判定"}[n["status"]], n["status"]),
                             "reason": n["reason"]} for n in g["notes"]],
                   "notes": {"zh": [f"废水排放量 Q = {g['q_m3_d']:.6g} m³/d，水污染物当量数 W = {g['w']:.6g}；按表1 为{g['table1_grade']}，综合各注后为{g['grade']}。"],
                             "en": [f"Q = {g['q_m3_d']:.6g} m3/d, W = {g['w']:.6g}; Table 1 gives {g['table1_grade']}, after the notes {g['grade_en']}."]}})
    sec_cols = [("section", "断面", "Section", None, None), ("scenario", "情景", "Scenario", None, None),
                ("pollutant", "因子", "Item", None, None), ("c_mg_l", "预测浓度", "Predicted", "mg/L", ".4g"),
                ("cs_mg_l", "标准值", "Standard", "mg/L", ".4g"), ("index", "标准指数", "Index S", None, ".3f"),
                ("class", "水质类别", "Class", None, None), ("meets", "达标", "Meets", None, None)]
    tables.append({"id": "water.sections", "chapter": "water", "title": _bi("控制断面预测结果与水质评价", "Predicted quality at control sections"),
                   "columns": [{"key": k, "label": _bi(zh, en), "unit": u, "format": f} for k, zh, en, u, f in sec_cols],
                   "rows": [{k: r.get(k) for k, *_ in sec_cols} for r in res["sections"]], "notes": None})
    if res["uncertainty"]:
        mc = res["uncertainty"]
        tables.append({"id": "water.capacity.uncertainty", "chapter": "capacity",
                       "title": _bi("水环境容量不确定性（蒙特卡罗）", "Capacity uncertainty (Monte Carlo)"),
                       "columns": [{"key": k, "label": _bi(zh, en), "unit": u, "format": f} for k, zh, en, u, f in [
                           ("zone", "水功能区", "Zone", None, None), ("pollutant", "污染物", "Pollutant", None, None),
                           ("p5_t_a", "P5", "P5", "t/a", ".4g"), ("p50_t_a", "P50", "P50", "t/a", ".4g"),
                           ("p95_t_a", "P95", "P95", "t/a", ".4g"), ("deterministic_t_a", "确定性值", "Deterministic", "t/a", ".4g")]],
                       "rows": [{k: r[k] for k in ("zone", "pollutant", "p5_t_a", "p50_t_a", "p95_t_a", "deterministic_t_a")} for r in mc["rows"]],
                       "notes": {"zh": [f"样本数 {mc['samples']}，随机种子 {mc['seed']}；k、设计流量、背景浓度取对数正态分布，变异系数 {mc['decay_cv']}/{mc['design_flow_cv']}/{mc['background_cv']}。"],
                                 "en": [f"{mc['samples']} samples, seed {mc['seed']}; lognormal k, design flow, background with CV {mc['decay_cv']}/{mc['design_flow_cv']}/{mc['background_cv']}."]}})
    for p, al in res["allocation"].items():
        if not al.get("candidates"):
            continue
        rows = []
        for oid in al["candidates"]:
            rows.append({"outfall": oid, "linprog_t_a": (al.get("linprog") or {}).get("allocated_t_a", {}).get(oid),
                         "equal_ratio_t_a": (al.get("equal_ratio") or {}).get("allocated_t_a", {}).get(oid)})
        tables.append({"id": f"water.allocation.{p}", "chapter": "capacity",
                       "title": _bi(f"{p} 允许排放量分配", f"Allocation of allowable {p} load"),
                       "columns": [{"key": "outfall", "label": _bi("排污口", "Outfall"), "unit": None, "format": None},
                                   {"key": "linprog_t_a", "label": _bi("线性规划", "Linear programming"), "unit": "t/a", "format": ".4g"},
                                   {"key": "equal_ratio_t_a", "label": _bi("等比例分配", "Equal ratio"), "unit": "t/a", "format": ".4g"}],
                       "rows": rows, "notes": None})
    # figures: profiles with zone standards, capacity bars
    for rid, pr in res["profiles"].items():
        x_km = [v / 1000 for v in pr["x_m"]]
        zones = [z for z in water.zones if z.reach == rid]
        for p in res["pollutants"]:
            hl = []
            for z in zones:
                try:
                    hl.append({"label": _bi(f"{z.name or z.id} {z.target_class}类", f"{z.id} class {z.target_class}"),
                               "y": limit_fn(p, z.target_class, z.water_body)[0]})
                except (ValueError, LookupError):
                    pass
            figures.append({"id": f"water.profile.{rid}.{p}", "chapter": "water", "kind": "profile",
                            "title": _bi(f"{rid} {p} 沿程浓度", f"{p} along reach {rid}"),
                            "data": {"x_label": _bi("里程 (km)", "Chainage (km)"), "x": x_km,
                                     "series": [{"label": _bi("现状", "Present"), "y": pr["present"][p]},
                                                {"label": _bi("规划", "Planned"), "y": pr["planned"][p]}],
                                     "y_label": _bi(f"{p} 浓度", f"{p} concentration"), "unit": "mg/L", "hlines": hl}})
        do = pr.get("do", {})
        if "do_mg_l" in do:
            hl = [{"label": _bi(f"{z.name or z.id} {z.target_class}类", f"{z.id} class {z.target_class}"),
                   "y": limit_fn("do", z.target_class, z.water_body)[0]} for z in zones]
            figures.append({"id": f"water.profile.{rid}.do", "chapter": "water", "kind": "profile",
                            "title": _bi(f"{rid} 溶解氧沿程变化 (S-P)", f"Dissolved oxygen along reach {rid} (Streeter-Phelps)"),
                            "data": {"x_label": _bi("里程 (km)", "Chainage (km)"), "x": [v / 1000 for v in do["x_m"]],
                                     "series": [{"label": _bi("规划", "Planned"), "y": do["do_mg_l"]}],
                                     "y_label": _bi("溶解氧", "DO"), "unit": "mg/L", "hlines": hl}})
    for p in res["capacity_t_a"]:
        zs = list(res["capacity_t_a"][p])
        figures.append({"id": f"water.capacity.bar.{p}", "chapter": "capacity", "kind": "bar",
                        "title": _bi(f"{p} 水环境容量与剩余容量", f"{p} capacity and remaining capacity"),
                        "data": {"categories": zs,
                                 "series": [{"label": _bi("容量", "Capacity"), "values": [res["capacity_t_a"][p][z] for z in zs]},
                                            {"label": _bi("剩余容量", "Remaining"), "values": [res["remaining_capacity_t_a"][p][z] for z in zs]}],
                                 "unit": "t/a"}})
    wwtp = next((o for o in water.outfalls if o.park_treatment_plant), None) or (water.outfalls[0] if water.outfalls else None)
    if wwtp is not None and wwtp.discharge == "direct":
        p0 = water.capacity.pollutants[0]
        nf = near_field(water, hyd, sols["planned"][p0], wwtp, p0, limit_fn)
        if nf is not None:
            # a river's near field is long and narrow: shown as lateral cuts (near bank, quarter, centre,
            # far bank) along the distance below the outfall; the full grid stays in results
            y = np.asarray(nf["y_m"])
            vals = np.asarray(nf["values"])
            cuts = [("近岸", "near bank", 0), ("1/4 河宽", "quarter width", len(y) // 4),
                    ("河中", "centre", len(y) // 2), ("对岸", "far bank", len(y) - 1)]
            res["near_field"] = {"outfall": wwtp.id, "pollutant": p0, "mixing_length_m": nf["mixing_length_m"],
                                 "x_m": nf["x_m"], "y_m": nf["y_m"], "values_mg_l": nf["values"], "limit_mg_l": nf["limit"],
                                 "outfall_y_m": nf["sources"][0]["y_m"]}
            figures.append({"id": f"water.nearfield.{wwtp.id}.{p0}", "chapter": "water", "kind": "profile",
                            "title": _bi(f"{wwtp.id} 排口下游 {p0} 二维稳态浓度（横向断面）", f"2-D steady {p0} below outfall {wwtp.id} (lateral cuts)"),
                            "data": {"x_label": _bi("距排口距离 (m)", "Distance below outfall (m)"), "x": nf["x_m"],
                                     "series": [{"label": _bi(f"{zh} y={y[i]:.0f} m", f"{en} y={y[i]:.0f} m"), "y": vals[i].tolist()}
                                                for zh, en, i in cuts],
                                     "y_label": _bi(f"{p0} 浓度", f"{p0} concentration"), "unit": "mg/L",
                                     "hlines": ([{"label": _bi("标准值", "Standard"), "y": nf["limit"]}] if nf["limit"] is not None else [])}})
    # paragraphs
    over = [f"{r['zone']}/{r['pollutant']}" for r in primary_rows if r["remaining_t_a"] < 0]
    flows_txt = "; ".join(f"{k}: {v['design_flow_m3_s']:.4g} m3/s ({v['basis']})" for k, v in res["design_flows"].items())
    flows_zh = "；".join(f"{k}：{v['design_flow_m3_s']:.4g} m³/s（{v.get('basis_zh', v['basis'])}）" for k, v in res["design_flows"].items())
    if g["grade"] is None:
        paragraphs.append({"chapter": "water", "zh": "情景中无排污口，未判定地表水环境影响评价等级（HJ 2.3-2018 表1）。",
                           "en": "The scenario has no outfall; the HJ 2.3-2018 grade was not determined."})
    else:
        paragraphs.append({"chapter": "water",
                       "zh": f"按 HJ 2.3-2018 表1，园区废水直接排放量 {g['q_m3_d']:.6g} m³/d、水污染物当量数 {g['w']:.6g}，"
                             f"评价等级为{g['grade']}（表1本身为{g['table1_grade']}；已适用注 {g['applied']}，不适用注 {g['not_applicable']}，无法判定注 {g['undecided']}）。",
                       "en": f"By HJ 2.3-2018 Table 1 (Q = {g['q_m3_d']:.6g} m3/d, W = {g['w']:.6g}) the grade is {g['grade_en']} "
                             f"(table alone: {g['table1_grade']}; notes applied {g['applied']}, not applicable {g['not_applicable']}, undecided {g['undecided']})."})
    paragraphs.append({"chapter": "capacity",
                       "zh": f"设计水文条件：{flows_zh}。按{MODE_ZH[mode]}计算各水功能区水环境容量，"
                             + (f"{'、'.join(over)} 已无剩余容量。" if over else "各水功能区均有剩余容量。"),
                       "en": f"Design flows: {flows_txt}. Capacities computed with {mode} control; "
                             + (f"no remaining capacity in {', '.join(over)}." if over else "every zone has remaining capacity.")})
    return {"tables": tables, "figures": figures, "paragraphs": paragraphs}
