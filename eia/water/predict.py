"""Predictions along the river: concentration and DO profiles, indices, classes, mixing zones.

References
----------
.. [1] HJ 2.3-2018, Appendix E (完全混合, 一维稳态, S-P 模型, 混合过程段长度, 二维稳态混合),
   Appendix D (水质指数法).
.. [2] GB 3838-2002, 4.x and Table 1 (single-factor class assessment).
"""
from __future__ import annotations

import numpy as np

from models.water import (
    do_saturation,
    mixing_zone_length,
    reaeration,
    river_2d,
    shear_velocity,
    streeter_phelps,
    temperature_correction,
    transverse_dispersion,
)
from models.water.kinetics import THETA_REAERATION

from eia.water.assessment import index_do, index_ph, index_single
from eia.water.network import SECONDS_PER_DAY, solve_network, topological_order

__all__ = ["predicted_pollutants", "solve_all", "do_profiles", "section_assessment", "mixing_zones", "near_field"]

SCENARIOS = {"present": ("existing", "approved"), "planned": ("existing", "approved", "planned")}


def predicted_pollutants(water) -> list[str]:
    """Capacity pollutants plus BOD5 when every reach has its decay rate and background."""
    out = list(water.capacity.pollutants)
    if "bod5" not in out and all("bod5" in r.decay and "bod5" in r.upstream_concentrations_mg_l for r in water.reaches):
        out.append("bod5")
    return out


def solve_all(water, hydraulics, pollutants) -> dict:
    """{scenario: {pollutant: NetworkSolution}} for the present and planned states."""
    return {name: {p: solve_network(water, hydraulics, p, statuses=st) for p in pollutants} for name, st in SCENARIOS.items()}


def _temperature(reach) -> float:
    return 20.0 if reach.temperature_c is None else float(reach.temperature_c)


def do_profiles(water, hydraulics, bod_solution, warn) -> dict:
    """DO along every reach by Streeter-Phelps on the BOD5 solution (state 0), or a note why not.

    BOD5 is taken as the oxidisable load L (HJ 2.3-2018 S-P uses BOD); effluent DO is the outfall's
    ``do`` concentration, or 0 mg/L (conservative) with a warning when it is not given.
    """
    out: dict = {}
    end_do: dict[str, float] = {}
    by_id = {r.id: r for r in water.reaches}
    outfalls = {o.id: o for o in water.outfalls}
    for reach in topological_order(water.reaches):
        hyd = hydraulics[reach.id]
        if reach.upstream_do_mg_l is None:
            out[reach.id] = {"skipped": "no upstream_do_mg_l for the reach"}
            continue
        t_c = _temperature(reach)
        dosat = float(do_saturation(t_c, method="hj2.3"))
        segs = bod_solution.segments[reach.id]
        mixes = [m for m in bod_solution.mix_points if m["reach"] == reach.id]
        do = float(reach.upstream_do_mg_l)
        xs, dos = [], []
        for seg in segs:
            for m in [m for m in mixes if abs(m["x_m"] - seg.x0_m) < 1e-9 and not m.get("_used")]:
                if m["kind"] == "outfall":
                    o = outfalls[m["id"]]
                    if "do" in o.concentrations_mg_l:
                        do_e = o.concentrations_mg_l["do"]
                    else:
                        do_e = 0.0
                        warn("water-effluent-do-assumed", f"outfall {o.id}: no effluent DO given; 0 mg/L assumed (conservative) in the DO profile", outfall=o.id)
                else:
                    if m["id"] not in end_do:
                        do_e = None
                    else:
                        do_e = end_do[m["id"]]
                if do_e is None:
                    continue
                qu, qe = m["q_in"]
                do = (do * qu + do_e * qe) / (qu + qe)
                m["_used"] = True
            depth = hyd.depth(seg.flow_m3_s)
            if reach.reaeration_per_day is not None:
                ka20 = reach.reaeration_per_day
            elif depth is not None:
                ka20 = float(reaeration(velocity_m_s=seg.velocity_m_s, depth_m=depth, method=reach.reaeration_method))
            else:
                out[reach.id] = {"skipped": "no depth and no reaeration_per_day: k_a cannot be estimated"}
                break
            ka = float(temperature_correction(ka20, t_c, THETA_REAERATION))
            n = 12 if seg.x1_m > seg.x0_m else 1
            x = np.linspace(seg.x0_m, seg.x1_m, n)
            t_day = (x - seg.x0_m) / seg.velocity_m_s / SECONDS_PER_DAY
            deficit = np.asarray(streeter_phelps(bod0_mg_l=float(seg.c0[0]), deficit0_mg_l=dosat - do,
                                                 kd_per_day=seg.k_per_day, ka_per_day=ka, t_day=t_day), dtype=float)
            prof = dosat - deficit
            xs.append(x)
            dos.append(prof)
            do = float(prof[-1])
        else:
            out[reach.id] = {"x_m": np.concatenate(xs), "do_mg_l": np.concatenate(dos), "do_saturation_mg_l": dosat,
                             "temperature_c": t_c}
            end_do[reach.id] = do
    for m in bod_solution.mix_points:
        m.pop("_used", None)
    del by_id
    return out


def section_assessment(water, solutions: dict, do_prof: dict, limit_fn, class_fn) -> list[dict]:
    """Concentration, index S and class attained at every control section and zone end."""
    rows = []
    sections = [(c.id, c.reach, c.chainage_m, c.target_class) for c in water.control_sections]
    sections += [(f"{z.id}:end", z.reach, z.end_m, z.target_class) for z in water.zones]
    for sid, reach, x, cls in sections:
        zone = next((z for z in water.zones if z.reach == reach and z.start_m <= x <= z.end_m), None)
        cls = cls or (zone.target_class if zone else None)
        wb = zone.water_body if zone else "river"
        for scen, sols in solutions.items():
            for p, sol in sols.items():
                c = float(sol.at(reach, x)[0]) if not sid.endswith(":end") else float(sol.before(reach, x)[0][0])
                row = {"section": sid, "reach": reach, "x_m": x, "scenario": scen, "pollutant": p, "c_mg_l": c,
                       "target_class": cls}
                if cls is not None:
                    cs, _ = limit_fn(p, cls, wb)
                    row.update({"cs_mg_l": cs, "index": float(index_single(c, cs)), "meets": bool(c <= cs)})
                try:
                    row["class"] = class_fn(p, c, wb)
                except (ValueError, LookupError):
                    row["class"] = None
                rows.append(row)
        if water.ph is not None and cls is not None:
            lim = limit_fn("ph", cls, wb)[1]
            lo, hi = (lim.value, lim.value_high) if lim is not None and lim.value_high is not None else (6.0, 9.0)
            rows.append({"section": sid, "reach": reach, "x_m": x, "scenario": "present", "pollutant": "ph", "c_mg_l": water.ph,
                         "target_class": cls, "cs_mg_l": None, "index": float(index_ph(water.ph, lo, hi)),
                         "meets": bool(lo <= water.ph <= hi), "class": class_fn("ph", water.ph, wb)})
        prof = do_prof.get(reach, {})
        if cls is not None and "do_mg_l" in prof:
            do = float(np.interp(x, prof["x_m"], prof["do_mg_l"]))
            dos, _ = limit_fn("do", cls, wb)
            rows.append({"section": sid, "reach": reach, "x_m": x, "scenario": "planned", "pollutant": "do", "c_mg_l": do,
                         "target_class": cls, "cs_mg_l": dos,
                         "index": float(index_do(do, dos, prof["temperature_c"])), "meets": bool(do >= dos),
                         "class": class_fn("do", do, wb)})
    return rows


def _ey(reach, hyd, q):
    g = reach.geometry
    if g.transverse_dispersion_m2_s is not None:
        return float(g.transverse_dispersion_m2_s), "given"
    depth = hyd.depth(q)
    if depth is not None and g.slope is not None:
        us = float(shear_velocity(depth_m=depth, slope=g.slope))
        return float(transverse_dispersion(depth_m=depth, shear_velocity_m_s=us, method="fischer")), "Fischer 0.6 h u*"
    return None, "no transverse_dispersion_m2_s and no depth+slope"


def mixing_zones(water, hydraulics, solution) -> list[dict]:
    """Length of the transverse mixing zone below every outfall where the reach width is known."""
    rows = []
    by_id = {r.id: r for r in water.reaches}
    for o in water.outfalls:
        if o.discharge != "direct":
            continue
        reach, hyd = by_id[o.reach], hydraulics[o.reach]
        width = reach.geometry.width_m
        q = solution.flow_at(o.reach, o.chainage_m)
        u = solution.velocity_at(o.reach, o.chainage_m)
        ey, basis = _ey(reach, hyd, q)
        row = {"outfall": o.id, "reach": o.reach, "chainage_m": o.chainage_m, "width_m": width, "velocity_m_s": u,
               "transverse_dispersion_m2_s": ey, "ey_basis": basis}
        if width is None or ey is None:
            row["mixing_length_m"] = None
            row["note"] = "width not given" if width is None else basis
        else:
            row["mixing_length_m"] = float(mixing_zone_length(width_m=width, velocity_m_s=u, transverse_dispersion_m2_s=ey,
                                                              outfall_distance_from_bank_m=o.distance_from_bank_m))
        rows.append(row)
    return rows


def near_field(water, hydraulics, solution, outfall, pollutant, limit_fn, nx=60, ny=25) -> dict | None:
    """2-D steady near-field concentration below one outfall (HJ 2.3-2018 二维稳态混合), or None."""
    reach = next(r for r in water.reaches if r.id == outfall.reach)
    hyd = hydraulics[reach.id]
    width = reach.geometry.width_m
    q = solution.flow_at(reach.id, outfall.chainage_m)
    depth = hyd.depth(q)
    ey, _ = _ey(reach, hyd, q)
    if width is None or depth is None or ey is None:
        return None
    u = solution.velocity_at(reach.id, outfall.chainage_m)
    c_bg, _, _ = solution.before(reach.id, outfall.chainage_m)
    y0 = outfall.distance_from_bank_m if outfall.bank != "right" else width - outfall.distance_from_bank_m
    if outfall.bank == "centre":
        y0 = width / 2.0
    mz = float(mixing_zone_length(width_m=width, velocity_m_s=u, transverse_dispersion_m2_s=ey,
                                  outfall_distance_from_bank_m=outfall.distance_from_bank_m))
    remaining = reach.length_m - outfall.chainage_m
    x_max = max(min(mz, remaining), 10.0)
    x = np.geomspace(max(1.0, x_max / 1000.0), x_max, nx)  # dense near the outfall, where the plume is narrow
    y = np.linspace(0.0, width, ny)
    load = outfall.concentrations_mg_l.get(pollutant, 0.0) * outfall.flow_m3_d / SECONDS_PER_DAY
    xx, yy = np.meshgrid(x, y)
    k = solution.segments[reach.id][0].k_per_day
    c = river_2d(load_g_s=load, depth_m=depth, velocity_m_s=u, width_m=width, transverse_dispersion_m2_s=ey,
                 x_m=xx, y_m=yy, outfall_y_m=y0, k_per_day=k, c_background_mg_l=float(c_bg[0]))
    zone = next((z for z in water.zones if z.reach == reach.id and z.start_m <= outfall.chainage_m <= z.end_m), None)
    limit = limit_fn(pollutant, zone.target_class, zone.water_body)[0] if zone else None
    return {"x_m": x.tolist(), "y_m": y.tolist(), "values": np.asarray(c).tolist(), "unit": "mg/L", "levels": None,
            "limit": limit, "boundary_m": None, "sources": [{"id": outfall.id, "x_m": 0.0, "y_m": float(y0)}],
            "receptors": [], "redline_m": None, "mixing_length_m": mz}
