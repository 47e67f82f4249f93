"""The regulator's recheck (复核) of an assessor's claimed capacity table.

Every claimed row (zone, pollutant, control mode, the intermediate quantities and the claimed
capacity) is recomputed from the scenario with the same closed-form capacity as ``eia capacity``.
The report gives claimed vs recomputed, absolute and relative difference, pass/fail against the
tolerance, both sides' intermediates, and a per-row diagnosis of the likely cause (a differing
design flow with a unit-slip factor, a k given per second, an arithmetic error in the claimed
row itself, ...). Rows that cannot be recomputed are reported as such, never dropped.

The claimed-table template is documented in docs/recheck-template.md.

References
----------
.. [1] 《全国水环境容量核定技术指南》(2003); GB/T 25173-2010 6.2 (the formula recomputed).
.. [2] 生态环境部办公厅 环办环评函〔2020〕347号 (环评文件复核发现问题及处理意见: the regulator's
   recheck of EIA documents, the practice this command supports).
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

from models.water.capacity import CONTROL_MODES, capacity_t_a

from eia.errors import EiaError
from eia.units import UnitParseError, to_unit
from eia.water.capacity import zone_inputs
from eia.water.network import solve_network

__all__ = ["read_claimed_table", "recheck", "parse_tolerance", "diagnose_ratio", "COLUMN_ALIASES", "REQUIRED_COLUMNS",
           "ClaimedRow"]

#: Template column -> accepted header spellings (case-insensitive; Chinese headers of common tables).
COLUMN_ALIASES = {
    "zone": ["zone", "zone_id", "水功能区", "功能区", "控制单元"],
    "pollutant": ["pollutant", "污染物", "因子"],
    "control_mode": ["control_mode", "mode", "控制方式"],
    "design_flow_m3_s": ["design_flow_m3_s", "design_flow", "q0_m3_s", "设计流量", "设计流量(m3/s)"],
    "c0_mg_l": ["c0_mg_l", "c0", "背景浓度", "上游来水浓度", "上游来水浓度(mg/l)"],
    "cs_mg_l": ["cs_mg_l", "cs", "目标浓度", "水质目标浓度", "标准浓度(mg/l)"],
    "k": ["k", "decay", "降解系数", "综合降解系数"],
    "k_unit": ["k_unit", "降解系数单位", "k单位"],
    "velocity_m_s": ["velocity_m_s", "velocity", "u", "流速", "流速(m/s)"],
    "length_m": ["length_m", "length", "河段长度", "长度(m)"],
    "q_effluent_m3_s": ["q_effluent_m3_s", "q_effluent", "排污流量", "废水量(m3/s)"],
    "outfall_distance_m": ["outfall_distance_m", "排污口距段首距离"],
    "safety_margin_pct": ["safety_margin_pct", "安全余量(%)", "安全余量"],
    "claimed_capacity_t_a": ["claimed_capacity_t_a", "capacity_t_a", "claimed", "水环境容量(t/a)", "环境容量", "容量"],
    "note": ["note", "备注"],
}
REQUIRED_COLUMNS = ("zone", "pollutant", "claimed_capacity_t_a")
NUMERIC = ("design_flow_m3_s", "c0_mg_l", "cs_mg_l", "k", "velocity_m_s", "length_m", "q_effluent_m3_s",
           "outfall_distance_m", "safety_margin_pct", "claimed_capacity_t_a")
_MODE_ALIASES = {"段首控制": "segment-head", "段首": "segment-head", "段尾控制": "segment-end", "段尾": "segment-end",
                 "功能区末端控制": "zone-end", "功能区末端": "zone-end", "末端控制": "zone-end"}
#: Factors a unit slip typically produces, with the likely slip.
SLIP_FACTORS = {
    10.0: "x10: unit slip or misplaced decimal?",
    100.0: "x100: percent or decimal slip?",
    1000.0: "x1000: L vs m3 or kg vs t slip?",
    86400.0: "x86400: per-second vs per-day slip?",
    86.4: "x86.4: g/s vs kg/d slip?",
    3600.0: "x3600: per-second vs per-hour slip?",
    24.0: "x24: per-hour vs per-day slip?",
    365.0: "x365: per-day vs per-year slip?",
    31.536: "x31.536: g/s vs t/a slip?",
    1e4: "x10000: 万 (10^4) slip?",
}


@dataclass
class ClaimedRow:
    line: int
    values: dict
    problems: list


def _norm(h: str) -> str:
    return str(h).strip().lower().replace(" ", "").replace("（", "(").replace("）", ")").replace("³", "3")


def _map_headers(headers: list[str]) -> dict[int, str]:
    lookup = {}
    for key, names in COLUMN_ALIASES.items():
        for n in names:
            lookup[_norm(n)] = key
    return {i: lookup[_norm(h)] for i, h in enumerate(headers) if h is not None and _norm(h) in lookup}


def read_claimed_table(path: str | Path) -> list[ClaimedRow]:
    """Read a claimed capacity table (CSV or XLSX, first sheet) into rows, keeping every row.

    Raises
    ------
    EiaError
        (exit code 1) if the file is missing, unreadable, or lacks a required column.
    """
    path = Path(path)
    if not path.is_file():
        raise EiaError(f"{path}: file not found", exit_code=1)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        try:
            with open(path, newline="", encoding="utf-8-sig") as fh:
                table = list(csv.reader(fh))
        except UnicodeDecodeError:
            raise EiaError(f"{path}: not UTF-8 text; save the CSV as UTF-8", exit_code=1) from None
    elif suffix in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            ws = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many types for a corrupt file
            raise EiaError(f"{path}: cannot read the workbook ({exc})", exit_code=1) from None
        table = [[("" if v is None else v) for v in row] for row in ws.iter_rows(values_only=True)]
    else:
        raise EiaError(f"{path}: expected a .csv or .xlsx claimed table (see docs/recheck-template.md)", exit_code=1)
    table = [r for r in table if any(str(c).strip() for c in r)]
    if not table:
        raise EiaError(f"{path}: empty table", exit_code=1)
    cols = _map_headers([str(h) for h in table[0]])
    missing = [c for c in REQUIRED_COLUMNS if c not in cols.values()]
    if missing:
        raise EiaError(
            f"{path}: missing required column(s) {missing}; found {table[0]} (see docs/recheck-template.md)", exit_code=1
        )
    rows = []
    for n, raw in enumerate(table[1:], start=2):
        vals, probs = {}, []
        for i, key in cols.items():
            v = raw[i] if i < len(raw) else ""
            if isinstance(v, str):
                v = v.strip()
            if v == "" or v is None:
                vals[key] = None
                continue
            if key in NUMERIC:
                try:
                    vals[key] = float(v)
                    if not math.isfinite(vals[key]):
                        raise ValueError
                except (TypeError, ValueError):
                    vals[key] = None
                    probs.append(f"{key} {v!r} is not a number")
            else:
                vals[key] = str(v)
        rows.append(ClaimedRow(line=n, values=vals, problems=probs))
    return rows


def parse_tolerance(text: str | float) -> float:
    """'1%' -> 0.01, '0.5 %' -> 0.005, 0.02 -> 0.02."""
    if isinstance(text, (int, float)):
        tol = float(text)
    else:
        t = str(text).strip()
        try:
            tol = float(t[:-1]) / 100.0 if t.endswith("%") else float(t)
        except ValueError:
            raise EiaError(f"--tolerance {text!r}: expected a fraction (0.01) or a percentage (1%)", exit_code=2) from None
    if not 0 <= tol < 1:
        raise EiaError(f"--tolerance {text!r}: expected 0 <= tolerance < 100%", exit_code=2)
    return tol


def diagnose_ratio(claimed: float, actual: float, rel_tol: float = 0.02) -> str | None:
    """Name the unit slip whose factor explains claimed/actual (either direction), if any."""
    if claimed is None or actual is None or claimed == 0 or actual == 0:
        return None
    r = abs(claimed / actual)
    for f, text in SLIP_FACTORS.items():
        if abs(r / f - 1) <= rel_tol:
            return text
        if abs(r * f - 1) <= rel_tol:
            return text.replace("x", "/", 1)
    return None


def _mode(value) -> str | None:
    if value is None:
        return None
    v = str(value).strip()
    if v in CONTROL_MODES:
        return v
    return _MODE_ALIASES.get(v) or _MODE_ALIASES.get(v.replace(" ", ""))


def _k_per_day(value, unit):
    if value is None:
        return None, None
    if unit is None or str(unit).strip() == "":
        return None, "claimed k has no unit column value; cannot tell 1/d from 1/s"
    u = str(unit).strip()
    try:
        return to_unit(f"{value!r} {u if not u.startswith('/') else '1' + u}", "1/d"), None
    except UnitParseError as exc:
        return None, f"claimed k unit {u!r}: {exc}"


_QUANTITIES = [  # key, label, unit
    ("design_flow_m3_s", "design flow", "m3/s"),
    ("c0_mg_l", "C0", "mg/L"),
    ("cs_mg_l", "Cs", "mg/L"),
    ("k_per_day", "k", "1/d"),
    ("velocity_m_s", "velocity", "m/s"),
    ("length_m", "length", "m"),
    ("q_effluent_m3_s", "effluent flow", "m3/s"),
]


def recheck(water, claimed: list[ClaimedRow], limit_fn, tolerance: float) -> dict:
    """Recompute every claimed row from the scenario; returns rows and a summary.

    Returns
    -------
    dict
        ``rows`` (one per claimed row, in order) with ``status`` "pass", "fail" or
        "not recomputed"; ``summary`` with counts and ``all_pass``.
    """
    from eia.water.hydrology import resolve_hydraulics

    hyd, _ = resolve_hydraulics(water)
    zones = {z.id: z for z in water.zones}
    zone_by_name = {z.name: z for z in water.zones if z.name}
    sols: dict = {}
    out = []
    for cr in claimed:
        v = cr.values
        row = {"line": cr.line, "zone": v.get("zone"), "pollutant": v.get("pollutant"), "control_mode": v.get("control_mode"),
               "claimed_t_a": v.get("claimed_capacity_t_a"), "diagnosis": list(cr.problems)}
        reasons = []
        zone = zones.get(v.get("zone")) or zone_by_name.get(v.get("zone"))
        if v.get("zone") is None:
            reasons.append("zone is empty")
        elif zone is None:
            reasons.append(f"unknown zone {v.get('zone')!r} (scenario zones: {sorted(zones)})")
        p = v.get("pollutant")
        if p is None:
            reasons.append("pollutant is empty")
        mode = _mode(v.get("control_mode")) if v.get("control_mode") else water.capacity.control_mode
        if v.get("control_mode") and mode is None:
            reasons.append(f"unknown control mode {v.get('control_mode')!r} (expected {sorted(CONTROL_MODES)} or 段首控制/段尾控制/功能区末端控制)")
        if row["claimed_t_a"] is None:
            reasons.append("claimed capacity is empty or not a number")
        if zone is not None and p is not None:
            missing = [r.id for r in water.reaches if p not in r.decay or p not in r.upstream_concentrations_mg_l]
            if missing:
                reasons.append(f"missing data: the scenario has no decay rate or background for {p!r} on reach(es) {missing}")
            else:
                try:
                    limit_fn(p, zone.target_class, zone.water_body)
                except (ValueError, LookupError) as exc:
                    reasons.append(f"missing data: no {p!r} limit for class {zone.target_class}: {exc}")
        row["control_mode"] = mode or v.get("control_mode")
        if reasons:
            row.update({"status": "not recomputed", "diagnosis": reasons + row["diagnosis"]})
            out.append(row)
            continue
        if p not in sols:
            sols[p] = solve_network(water, hyd, p, statuses=("existing", "approved"))
        zi = zone_inputs(water, sols[p], zone, p, limit_fn, zone_inflow=water.capacity.zone_inflow)
        # a row that does not state its safety margin is compared at the scenario's margin (as printed
        # by ``eia capacity``); a stated margin is applied as stated and a difference is diagnosed
        margin = v.get("safety_margin_pct")
        if margin is None:
            margin = water.capacity.safety_margin_pct
        scen = {"design_flow_m3_s": zi.design_flow_m3_s, "c0_mg_l": zi.c0_mg_l, "cs_mg_l": zi.cs_mg_l,
                "k_per_day": zi.k_per_day, "velocity_m_s": zi.velocity_m_s, "length_m": zi.length_m,
                "q_effluent_m3_s": zi.q_effluent_m3_s, "outfall_distance_m": zi.outfall_distance_m}
        recomputed = float(capacity_t_a(mode=mode, cs_mg_l=zi.cs_mg_l, c0_mg_l=zi.c0_mg_l, q_upstream_m3_s=zi.design_flow_m3_s,
                                        k_per_day=zi.k_per_day, velocity_m_s=zi.velocity_m_s, length_m=zi.length_m,
                                        q_effluent_m3_s=zi.q_effluent_m3_s, outfall_distance_m=zi.outfall_distance_m,
                                        safety_margin_pct=margin))
        k_claim, k_problem = _k_per_day(v.get("k"), v.get("k_unit"))
        claim = {"design_flow_m3_s": v.get("design_flow_m3_s"), "c0_mg_l": v.get("c0_mg_l"), "cs_mg_l": v.get("cs_mg_l"),
                 "k_per_day": k_claim, "velocity_m_s": v.get("velocity_m_s"), "length_m": v.get("length_m"),
                 "q_effluent_m3_s": v.get("q_effluent_m3_s"), "outfall_distance_m": v.get("outfall_distance_m")}
        diag = list(row["diagnosis"])
        if k_problem:
            diag.append(k_problem)
        for key, label, unit in _QUANTITIES:
            c, s = claim[key], scen[key]
            if c is None:
                if key not in ("q_effluent_m3_s",):
                    diag.append(f"{label} not stated in the claimed table (scenario: {s:.4g} {unit})")
                continue
            if not math.isclose(c, s, rel_tol=max(tolerance, 1e-6), abs_tol=1e-12):
                slip = diagnose_ratio(c, s)
                if key == "k_per_day" and v.get("k") is not None and slip is None:
                    slip = diagnose_ratio(v["k"], s)
                diag.append(f"{label} differs: claimed {c:.4g} vs {s:.4g} {unit}" + (f" ({slip})" if slip else ""))
        if mode == "zone-end" and claim["outfall_distance_m"] is not None and not math.isclose(
                claim["outfall_distance_m"], scen["outfall_distance_m"], rel_tol=max(tolerance, 1e-6), abs_tol=1e-6):
            diag.append(f"generalised outfall position differs: claimed {claim['outfall_distance_m']:.6g} vs "
                        f"{scen['outfall_distance_m']:.6g} m below the zone head")
        # the claimed row's own arithmetic (an unstated outfall position is taken from the scenario): the formula applied to its claimed inputs
        from_claim = None
        needed = ("design_flow_m3_s", "c0_mg_l", "cs_mg_l", "k_per_day", "velocity_m_s", "length_m")
        if all(claim[k] is not None for k in needed):
            try:
                from_claim = float(capacity_t_a(
                    mode=mode, cs_mg_l=claim["cs_mg_l"], c0_mg_l=claim["c0_mg_l"], q_upstream_m3_s=claim["design_flow_m3_s"],
                    k_per_day=claim["k_per_day"], velocity_m_s=claim["velocity_m_s"], length_m=claim["length_m"],
                    q_effluent_m3_s=claim["q_effluent_m3_s"] or 0.0,
                    outfall_distance_m=(claim["outfall_distance_m"] if claim["outfall_distance_m"] is not None
                                        else scen["outfall_distance_m"]) if mode == "zone-end" else None,
                    safety_margin_pct=margin))
            except ValueError as exc:
                diag.append(f"the claimed inputs are not valid for the formula: {exc}")
        claimed_t_a = row["claimed_t_a"]
        if from_claim is not None and not math.isclose(from_claim, claimed_t_a, rel_tol=max(tolerance, 1e-6)):
            slip = diagnose_ratio(claimed_t_a, from_claim)
            diag.append(f"arithmetic: the claimed inputs give {from_claim:.6g} t/a with the {mode} formula, but "
                        f"{claimed_t_a:.6g} t/a is claimed" + (f" ({slip})" if slip else ""))
        if abs(margin - water.capacity.safety_margin_pct) > 1e-9:
            diag.append(f"safety margin {margin:g}% differs from the scenario's {water.capacity.safety_margin_pct:g}%")
        absd = claimed_t_a - recomputed
        reld = absd / abs(recomputed) if recomputed != 0 else (0.0 if absd == 0 else math.inf)
        ok = abs(reld) <= tolerance
        if mode != water.capacity.control_mode:
            diag.append(f"control mode {mode} differs from the scenario's {water.capacity.control_mode} "
                        "(recomputed with the claimed mode)")
        if not ok:
            slip = diagnose_ratio(claimed_t_a, recomputed)
            if slip:
                diag.append(f"capacity ratio claimed/recomputed = {claimed_t_a / recomputed:.4g} ({slip})")

            def scen_capacity(m, margin_pct):
                return float(capacity_t_a(
                    mode=m, cs_mg_l=zi.cs_mg_l, c0_mg_l=zi.c0_mg_l, q_upstream_m3_s=zi.design_flow_m3_s,
                    k_per_day=zi.k_per_day, velocity_m_s=zi.velocity_m_s, length_m=zi.length_m,
                    q_effluent_m3_s=zi.q_effluent_m3_s, outfall_distance_m=zi.outfall_distance_m,
                    safety_margin_pct=margin_pct))

            # the claim may be right for another mode or margin: say so
            for m in CONTROL_MODES:
                for mg in sorted({margin, 0.0, water.capacity.safety_margin_pct}):
                    if (m, mg) == (mode, margin):
                        continue
                    alt = scen_capacity(m, mg)
                    if alt != 0 and abs(claimed_t_a - alt) / abs(alt) <= tolerance:
                        diag.append(f"the claimed value matches the scenario's {m} capacity with a {mg:g}% safety margin "
                                    f"({alt:.6g} t/a): control-mode or margin slip?")
            if not any("differs" in d or "arithmetic" in d or "matches" in d for d in diag):
                diag.append("no stated intermediate explains the difference (check the formula and the control mode)")
        row.update({"status": "pass" if ok else "fail", "recomputed_t_a": recomputed, "abs_diff_t_a": absd,
                    "rel_diff": reld, "claimed_from_inputs_t_a": from_claim, "safety_margin_pct": margin,
                    "claimed_inputs": claim, "scenario_inputs": scen,
                    "scenario_control_mode": water.capacity.control_mode, "diagnosis": diag})
        out.append(row)
    n_pass = sum(r["status"] == "pass" for r in out)
    n_fail = sum(r["status"] == "fail" for r in out)
    n_nr = sum(r["status"] == "not recomputed" for r in out)
    return {"tolerance": tolerance, "rows": out,
            "summary": {"rows": len(out), "pass": n_pass, "fail": n_fail, "not_recomputed": n_nr,
                        "all_pass": bool(out) and n_pass == len(out)}}
