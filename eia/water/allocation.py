"""Allocation of the remaining capacity to outfalls: linear programming and equal ratio (等比例分配).

Response (transfer) coefficients a_ij (mg/L per g/s) from the 1-D network model relate an
additional load x_i at candidate outfall i to the concentration at control point j. With the
base concentrations b_j (existing + approved loads) and targets Cs_j:

* linear programming: maximise sum_i x_i subject to sum_i a_ij x_i <= (Cs_j - b_j)(1 - m/100)
  for every control point j, 0 <= x_i <= x_i,max (scipy.optimize.linprog, HiGHS);
* equal ratio: x_i = r w_i with w_i the planned load of outfall i (its effluent flow if no outfall
  has a planned load) and r the largest ratio meeting every control point:
  r = min_j (Cs_j - b_j)(1 - m/100) / sum_i a_ij w_i.

A control point already above its target (Cs_j <= b_j) admits no additional load from any
candidate that reaches it; those candidates get zero and the point is reported.

Control points follow the control mode: ``zone-end`` the end of every zone; ``segment-end`` the
section just above the next outfall and the zone end; ``segment-head`` the section just below
each outfall (after mixing) and the zone end; every explicit control section is always added.

References
----------
.. [1] 国家环境保护总局 (2003). 《全国水环境容量核定技术指南》, 容量分配 (等比例分配; 优化分配).
.. [2] 逄勇 等 (2010). 《水环境容量计算理论及应用》. 科学出版社, 第6章 (线性规划 最大允许排放量,
   响应系数矩阵).
.. [3] Loucks, D. P. and van Beek, E. (2017). Water Resource Systems Planning and Management.
   Springer, ch. 10 (water-quality management LP with transfer coefficients).
"""
from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from models.water.capacity import G_S_TO_T_A

from eia.water.capacity import outfall_load_t_a, zone_outfalls
from eia.water.network import solve_network

__all__ = ["control_points", "response_matrix", "allocate_lp", "allocate_equal_ratio", "allocation_for_pollutant",
           "candidate_outfalls"]


def candidate_outfalls(water) -> list:
    """Outfalls receiving an allocation: planned ones and the park treatment plant's."""
    return [o for o in water.outfalls if o.discharge == "direct" and (o.status == "planned" or o.park_treatment_plant)]


def control_points(water, mode: str, limit_fn, pollutant: str) -> list[dict]:
    """Control points (reach, chainage, side 'before'/'after' mixing, target mg/L, label)."""
    pts: list[dict] = []
    for z in water.zones:
        cs, _ = limit_fn(pollutant, z.target_class, z.water_body)
        outs = sorted(zone_outfalls(water, z), key=lambda o: o.chainage_m)
        if mode == "segment-head":
            for o in outs:
                pts.append({"id": f"{z.id}@{o.id}", "zone": z.id, "reach": z.reach, "x_m": o.chainage_m, "side": "after",
                            "cs_mg_l": cs, "kind": "below outfall (段首)"})
        elif mode == "segment-end":
            for a, b in zip(outs, outs[1:]):
                if b.chainage_m > a.chainage_m:
                    pts.append({"id": f"{z.id}@{b.id}-", "zone": z.id, "reach": z.reach, "x_m": b.chainage_m, "side": "before",
                                "cs_mg_l": cs, "kind": "segment end (段尾)"})
        pts.append({"id": f"{z.id}:end", "zone": z.id, "reach": z.reach, "x_m": z.end_m, "side": "before", "cs_mg_l": cs,
                    "kind": "zone end (功能区末端)"})
    for c in water.control_sections:
        zone = next((z for z in water.zones if z.reach == c.reach and z.start_m <= c.chainage_m <= z.end_m), None)
        cls = c.target_class or (zone.target_class if zone else None)
        if cls is None:
            continue
        cs, _ = limit_fn(pollutant, cls, zone.water_body if zone else "river")
        pts.append({"id": c.id, "zone": zone.id if zone else None, "reach": c.reach, "x_m": c.chainage_m, "side": "after",
                    "cs_mg_l": cs, "kind": "control section (控制断面)"})
    return pts


def response_matrix(solution, points) -> tuple[np.ndarray, np.ndarray]:
    """(b (n_points,), A (n_points, n_candidates)) from a solution with unit-load states."""
    rows = []
    for p in points:
        c = solution.at(p["reach"], p["x_m"]) if p["side"] == "after" else solution.before(p["reach"], p["x_m"])[0]
        rows.append(np.asarray(c, dtype=float))
    m = np.vstack(rows) if rows else np.zeros((0, 1 + len(solution.unit_outfalls)))
    return m[:, 0], m[:, 1:]


def allocate_lp(a, headroom, upper=None) -> dict:
    """Maximise sum(x) subject to a x <= headroom, 0 <= x <= upper (None: unbounded).

    Columns of ``a`` that are all zero (candidates reaching no control point) are left out and
    reported, since nothing in the model limits them. Rows with negative headroom force every
    candidate reaching them (a_ij > 0) to zero.

    Returns
    -------
    dict
        ``x`` (array, NaN for unconstrained candidates), ``status``, ``message``, ``binding``
        (indices of rows at their bound), ``unconstrained`` (indices), ``blocked`` (indices of
        rows with negative headroom).

    References
    ----------
    .. [1] scipy.optimize.linprog (HiGHS dual simplex).
    """
    a = np.asarray(a, dtype=float)
    h = np.asarray(headroom, dtype=float)
    n = a.shape[1]
    ub = np.full(n, np.inf) if upper is None else np.asarray(upper, dtype=float)
    reach_any = np.any(a > 0, axis=0)
    x = np.full(n, np.nan)
    blocked_rows = np.where(h < 0)[0]
    fixed_zero = np.zeros(n, dtype=bool)
    for j in blocked_rows:
        fixed_zero |= a[j] > 0
    free = reach_any & ~fixed_zero
    x[fixed_zero] = 0.0
    unconstrained = np.where(~reach_any & ~np.isfinite(ub))[0]
    bounded_only = ~reach_any & np.isfinite(ub)
    x[bounded_only] = ub[bounded_only]
    ok_rows = h >= 0
    status, message = 0, "optimal"
    if np.any(free):
        res = linprog(-np.ones(int(free.sum())), A_ub=a[np.ix_(ok_rows, free)], b_ub=h[ok_rows],
                      bounds=list(zip(np.zeros(int(free.sum())), ub[free])), method="highs")
        status, message = int(res.status), str(res.message)
        if res.status == 0:
            x[free] = res.x
        else:
            raise ValueError(f"allocation LP failed: {res.message}")
    lhs = a @ np.nan_to_num(x)
    binding = [int(j) for j in np.where(ok_rows & (np.abs(lhs - h) <= 1e-9 * np.maximum(1.0, np.abs(h))))[0]]
    return {"x": x, "status": status, "message": message, "binding": binding,
            "unconstrained": [int(i) for i in unconstrained], "blocked": [int(j) for j in blocked_rows]}


def allocate_equal_ratio(a, headroom, weights) -> dict:
    """Equal-ratio allocation x = r w with the largest r meeting every control point.

    References
    ----------
    .. [1] 《全国水环境容量核定技术指南》(2003), 等比例分配.
    """
    a = np.asarray(a, dtype=float)
    h = np.asarray(headroom, dtype=float)
    w = np.asarray(weights, dtype=float)
    if np.any(w < 0):
        raise ValueError(f"weights={w.tolist()}: expected non-negative weights")
    demand = a @ w
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(demand > 0, h / demand, np.inf)
    if not np.isfinite(ratios).any():
        return {"ratio": None, "x": np.full(w.shape, np.nan), "binding": []}
    r = max(float(np.min(ratios)), 0.0)
    binding = [int(j) for j in np.where(np.isclose(ratios, np.min(ratios)))[0]]
    return {"ratio": r, "x": r * w, "binding": binding}


def allocation_for_pollutant(water, hydraulics, pollutant: str, limit_fn) -> dict:
    """Both allocations for one pollutant, in t/a per candidate outfall."""
    settings = water.capacity
    cands = candidate_outfalls(water)
    if not cands:
        return {"pollutant": pollutant, "candidates": [], "note": "no planned outfall and no park treatment plant outfall"}
    ids = [o.id for o in cands]
    sol = solve_network(water, hydraulics, pollutant, statuses=("existing", "approved"), unit_outfalls=ids)
    pts = control_points(water, settings.control_mode, limit_fn, pollutant)
    b, a = response_matrix(sol, pts)
    cs = np.array([p["cs_mg_l"] for p in pts])
    margin = settings.safety_margin_pct / 100.0
    head = cs - b
    headroom = np.where(head > 0, head * (1 - margin), head)
    upper = np.array([o.max_load_t_a.get(pollutant, np.inf) / G_S_TO_T_A for o in cands])
    out = {"pollutant": pollutant, "control_mode": settings.control_mode, "candidates": ids,
           "points": [{**p, "base_mg_l": float(bi), "headroom_mg_l": float(hi)} for p, bi, hi in zip(pts, b, headroom)],
           "response_mg_l_per_g_s": a.tolist()}
    if settings.allocation in ("linprog", "both"):
        lp = allocate_lp(a, headroom, upper)
        out["linprog"] = {
            "allocated_t_a": {i: (None if not np.isfinite(v) else float(v * G_S_TO_T_A)) for i, v in zip(ids, lp["x"])},
            "total_t_a": float(np.nansum(lp["x"]) * G_S_TO_T_A),
            "binding_points": [pts[j]["id"] for j in lp["binding"]],
            "blocked_points": [pts[j]["id"] for j in lp["blocked"]],
            "unconstrained_outfalls": [ids[i] for i in lp["unconstrained"]],
            "message": lp["message"],
        }
    if settings.allocation in ("equal-ratio", "both"):
        w = np.array([outfall_load_t_a(o, pollutant) for o in cands])
        basis = "load of each outfall as given in the scenario (C x Q)"
        if not np.any(w > 0):
            w = np.array([o.flow_m3_d for o in cands], dtype=float)
            basis = "effluent flow of each outfall"
        else:
            w = w / G_S_TO_T_A  # t/a -> g/s, the unit of the response coefficients
        er = allocate_equal_ratio(a, np.maximum(headroom, 0.0), w)
        x = er["x"]  # g/s
        scale = G_S_TO_T_A
        out["equal_ratio"] = {
            "weights_basis": basis, "ratio": er["ratio"],
            "allocated_t_a": {i: (None if not np.isfinite(v) else float(v * scale)) for i, v in zip(ids, x)},
            "total_t_a": float(np.nansum(x) * scale),
            "binding_points": [pts[j]["id"] for j in er["binding"]],
        }
    return out
