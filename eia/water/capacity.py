"""Capacity of every water-function zone and pollutant, per control mode, and the remaining capacity.

For each zone the inputs of the closed-form 1-D capacity (models.water.capacity) are taken from
the scenario: the design flow Q0 and velocity u entering the zone head (after every upstream
outfall, withdrawal and tributary), the concentration C0 entering the zone, the target Cs of the
zone's GB 3838-2002 class, the reach decay rate k at the reach temperature, the zone length L and
the effluent flow q of the outfalls in the zone. For ``zone-end`` control the outfalls of the zone
are generalised to their load-weighted centre of gravity (重心法), or to the zone's midpoint when
the zone has none.

Remaining capacity = capacity (net of the safety margin) - existing load - approved load, where
loads are the outfalls' C x Q x operating days plus any ``other_loads`` (non-point sources).

References
----------
.. [1] 国家环境保护总局 (2003). 《全国水环境容量核定技术指南》.
.. [2] GB/T 25173-2010, 水域纳污能力计算规程, 6.2.
.. [3] HJ 2.3-2018, Appendix E; HJ 131-2021 (剩余环境容量).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from models.water.capacity import (
    CONTROL_MODES,
    G_S_TO_T_A,
    apply_safety_margin,
    capacity_t_a,
    remaining_capacity_t_a,
)

from eia.water.network import reach_k_per_day

__all__ = ["ZoneInputs", "zone_inputs", "outfall_load_t_a", "zone_loads_t_a", "capacity_rows", "LimitFn"]

#: (item, class, water_body) -> (value mg/L, Limit object or None)
LimitFn = Callable[[str, str, str], tuple]


@dataclass
class ZoneInputs:
    """The intermediate quantities of one zone x pollutant capacity calculation."""

    zone: str
    pollutant: str
    reach: str
    design_flow_m3_s: float
    velocity_m_s: float
    c0_mg_l: float
    cs_mg_l: float
    k_per_day: float
    length_m: float
    q_effluent_m3_s: float
    outfall_distance_m: float
    c0_basis: str
    outfall_basis: str


def outfall_load_t_a(outfall, pollutant: str) -> float:
    """Annual load of an outfall, t/a = C (mg/L = g/m3) x Q (m3/d) x days / 10^6."""
    c = outfall.concentrations_mg_l.get(pollutant, 0.0)
    return c * outfall.flow_m3_d * outfall.operating_days / 1e6


def _in_zone(zone, reach_length_m: float, reach: str, x: float) -> bool:
    if reach != zone.reach:
        return False
    at_reach_end = abs(zone.end_m - reach_length_m) < 1e-9
    return zone.start_m - 1e-9 <= x and (x < zone.end_m - 1e-9 or (at_reach_end and x <= zone.end_m + 1e-9))


def zone_outfalls(water, zone):
    """Direct outfalls discharging into the zone: chainage in [start, end) (an outfall at the very
    end of a zone belongs to the next one, except at the end of the reach)."""
    length = next(r.length_m for r in water.reaches if r.id == zone.reach)
    return [o for o in water.outfalls if o.discharge == "direct" and _in_zone(zone, length, o.reach, o.chainage_m)]


def zone_loads_t_a(water, zone, pollutant: str) -> dict:
    """Existing, approved and planned loads of a zone (t/a), with their sources."""
    out = {"existing": 0.0, "approved": 0.0, "planned": 0.0, "sources": []}
    for o in zone_outfalls(water, zone):
        w = outfall_load_t_a(o, pollutant)
        out[o.status] += w
        out["sources"].append({"id": o.id, "status": o.status, "load_t_a": w})
    for ol in water.other_loads:
        if ol.zone == zone.id and ol.pollutant == pollutant:
            out[ol.status] += ol.load_t_a
            out["sources"].append({"id": ol.description or "other load", "status": ol.status, "load_t_a": ol.load_t_a})
    return out


def _upstream_zone(water, zone):
    for z in water.zones:
        if z.reach == zone.reach and abs(z.end_m - zone.start_m) < 1e-9:
            return z
    return None


def zone_inputs(water, solution, zone, pollutant: str, limit_fn: LimitFn, *, zone_inflow: str = "predicted") -> ZoneInputs:
    """Collect Q0, u, C0, Cs, k, L, q and the generalised outfall position for one zone."""
    reach = next(r for r in water.reaches if r.id == zone.reach)
    c, q0, u = solution.before(zone.reach, zone.start_m)
    c0 = float(c[0])
    c0_basis = "predicted concentration entering the zone (existing + approved loads upstream)"
    cs, _ = limit_fn(pollutant, zone.target_class, zone.water_body)
    if zone_inflow == "upstream-target":
        up = _upstream_zone(water, zone)
        if up is not None:
            c0, _ = limit_fn(pollutant, up.target_class, up.water_body)
            c0_basis = f"target of the upstream zone {up.id} (class {up.target_class})"
        else:
            c0_basis = "no upstream zone on the reach: predicted concentration entering the zone"
    outs = zone_outfalls(water, zone)
    q_eff = sum(o.flow_m3_d for o in outs) / 86_400.0
    length = zone.end_m - zone.start_m
    weights = np.array([o.flow_m3_d * o.concentrations_mg_l.get(pollutant, 0.0) for o in outs], dtype=float)
    if outs and weights.sum() > 0:
        xg = float(np.sum(weights * np.array([o.chainage_m - zone.start_m for o in outs])) / weights.sum())
        basis = f"load-weighted centre of gravity of {len(outs)} outfall(s) (重心法)"
    elif outs:
        xg = float(np.mean([o.chainage_m - zone.start_m for o in outs]))
        basis = f"mean position of {len(outs)} outfall(s)"
    else:
        xg = length / 2.0
        basis = "no outfall in the zone: generalised to the midpoint (L/2)"
    return ZoneInputs(
        zone=zone.id, pollutant=pollutant, reach=zone.reach, design_flow_m3_s=float(q0), velocity_m_s=float(u),
        c0_mg_l=c0, cs_mg_l=float(cs), k_per_day=reach_k_per_day(reach, pollutant), length_m=float(length),
        q_effluent_m3_s=q_eff, outfall_distance_m=xg, c0_basis=c0_basis, outfall_basis=basis,
    )


def _velocity_exponent(water, reach_id: str) -> float:
    """b of u = aQ^b for a reach with a rating curve, 0 for a given velocity."""
    g = next(r for r in water.reaches if r.id == reach_id).geometry
    return float(g.velocity_b) if g.velocity_a is not None else 0.0


def capacity_rows(water, solutions: dict, limit_fn: LimitFn) -> list[dict]:
    """One row per zone x pollutant x control mode with capacity, loads and remaining capacity (t/a)."""
    settings = water.capacity
    rows = []
    for zone in water.zones:
        for p in settings.pollutants:
            zi = zone_inputs(water, solutions[p], zone, p, limit_fn, zone_inflow=settings.zone_inflow)
            loads = zone_loads_t_a(water, zone, p)
            for mode in CONTROL_MODES:
                gross = float(capacity_t_a(
                    mode=mode, cs_mg_l=zi.cs_mg_l, c0_mg_l=zi.c0_mg_l, q_upstream_m3_s=zi.design_flow_m3_s,
                    k_per_day=zi.k_per_day, velocity_m_s=zi.velocity_m_s, length_m=zi.length_m,
                    q_effluent_m3_s=zi.q_effluent_m3_s, outfall_distance_m=zi.outfall_distance_m,
                ))
                net = float(apply_safety_margin(gross, settings.safety_margin_pct))
                rem = float(remaining_capacity_t_a(net, loads["existing"], loads["approved"]))
                rows.append({
                    "zone": zone.id, "zone_name": zone.name or zone.id, "pollutant": p, "control_mode": mode,
                    "primary": mode == settings.control_mode, "target_class": zone.target_class,
                    "reach": zone.reach, "start_m": zone.start_m, "end_m": zone.end_m,
                    "design_flow_m3_s": zi.design_flow_m3_s, "velocity_m_s": zi.velocity_m_s,
                    "c0_mg_l": zi.c0_mg_l, "cs_mg_l": zi.cs_mg_l, "k_per_day": zi.k_per_day,
                    "length_m": zi.length_m, "q_effluent_m3_s": zi.q_effluent_m3_s,
                    "outfall_distance_m": zi.outfall_distance_m if mode == "zone-end" else (0.0),
                    "c0_basis": zi.c0_basis, "outfall_basis": zi.outfall_basis if mode == "zone-end" else "outfall at the zone head",
                    "capacity_gross_t_a": gross, "safety_margin_pct": settings.safety_margin_pct,
                    "capacity_t_a": net, "existing_t_a": loads["existing"], "approved_t_a": loads["approved"],
                    "planned_t_a": loads["planned"], "remaining_t_a": rem,
                    "planned_fits": bool(loads["planned"] <= max(rem, 0.0) + 1e-12),
                    "velocity_exponent_b": _velocity_exponent(water, zone.reach),
                    "g_s_to_t_a": G_S_TO_T_A,
                })
    return rows
