"""Steady 1-D water quality of a river tree: complete mixing at outfalls and junctions, decay between.

The solver is linear in the loads, so it carries a trailing *state* axis: state 0 is the base case
(background at every reach head plus the loads of the outfalls included), state ``1 + i`` is the
response to 1 g/s added at the i-th *unit outfall* with zero background. The latter are the
response (transfer) coefficients a_ij (mg/L per g/s) used by the capacity allocation.

Flows: a reach's design flow enters at its head; outfalls add their effluent flow, withdrawals
remove flow (concentration unchanged), a tributary adds its end-of-reach flow and load at the
chainage where it joins. Between events the concentration decays as exp(-k dx/u) (plug flow).

References
----------
.. [1] HJ 2.3-2018, Appendix E: 河流完全混合模型 C = (Cp Qp + Ch Qh)/(Qp + Qh); 河流一维稳态模型
   C = C0 exp(-k x/u) (对流降解, dispersion negligible).
.. [2] Chapra, S. C. (1997). Surface Water-Quality Modeling. McGraw-Hill, Lectures 9-10 (mass
   balance at junctions, plug flow with first-order decay).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from models.water import complete_mix, hydraulic_geometry, temperature_correction

__all__ = ["ReachHydraulics", "Segment", "NetworkSolution", "solve_network", "topological_order", "reach_k_per_day"]

SECONDS_PER_DAY = 86_400.0


@dataclass
class ReachHydraulics:
    """Design flow at the head and the hydraulic geometry of a reach."""

    design_flow_m3_s: float
    velocity_m_s: float | None = None
    velocity_a: float | None = None
    velocity_b: float | None = None
    depth_m: float | None = None
    depth_c: float | None = None
    depth_d: float | None = None
    width_m: float | None = None

    def velocity(self, q_m3_s: float) -> float:
        if self.velocity_m_s is not None:
            return float(self.velocity_m_s)
        u, _ = hydraulic_geometry(q_m3_s, self.velocity_a, self.velocity_b, 1.0, 0.0)
        return float(u)

    def depth(self, q_m3_s: float) -> float | None:
        if self.depth_m is not None:
            return float(self.depth_m)
        if self.depth_c is not None:
            _, h = hydraulic_geometry(q_m3_s, 1.0, 0.0, self.depth_c, self.depth_d)
            return float(h)
        return None


@dataclass
class Segment:
    """A stretch [x0, x1] of a reach with constant flow, velocity and decay rate."""

    reach: str
    x0_m: float
    x1_m: float
    flow_m3_s: float
    velocity_m_s: float
    k_per_day: float
    c0: np.ndarray  # (S,) concentration at x0 (after any mixing there), mg/L

    def at(self, x_m: float | np.ndarray) -> np.ndarray:
        dx = np.asarray(x_m, dtype=float) - self.x0_m
        return self.c0 * np.exp(-self.k_per_day / SECONDS_PER_DAY * dx[..., None] / self.velocity_m_s)


@dataclass
class NetworkSolution:
    """Segments of every reach, in chainage order, for one pollutant."""

    pollutant: str
    unit_outfalls: list[str]
    segments: dict[str, list[Segment]] = field(default_factory=dict)
    head: dict[str, tuple] = field(default_factory=dict)  # boundary (c, q, u) at x = 0
    mix_points: list[dict] = field(default_factory=list)  # mass-balance record of every mixing

    def at(self, reach: str, x_m: float) -> np.ndarray:
        """Concentration (S,) at chainage x; at an event point, the value just downstream of it."""
        segs = self.segments[reach]
        seg = segs[0]
        for s in segs:
            if s.x0_m <= x_m + 1e-9:
                seg = s
            else:
                break
        return seg.at(x_m)

    def before(self, reach: str, x_m: float) -> tuple[np.ndarray, float, float]:
        """(c (S,), flow, velocity) just upstream of chainage x (before any mixing at x)."""
        segs = self.segments[reach]
        if x_m <= 1e-9:
            c, q, u = self.head[reach]
            return c.copy(), q, u
        seg = None
        for s in segs:
            if s.x0_m < x_m - 1e-9:
                seg = s
            else:
                break
        return seg.at(x_m), seg.flow_m3_s, seg.velocity_m_s

    def flow_at(self, reach: str, x_m: float) -> float:
        segs = self.segments[reach]
        seg = segs[0]
        for s in segs:
            if s.x0_m <= x_m + 1e-9:
                seg = s
        return seg.flow_m3_s

    def velocity_at(self, reach: str, x_m: float) -> float:
        seg = self.segments[reach][0]
        for s in self.segments[reach]:
            if s.x0_m <= x_m + 1e-9:
                seg = s
        return seg.velocity_m_s

    def profile(self, reach: str, points_per_segment: int = 12):
        """(x_m, c (n, S), q (n,)) sampled along the reach, event points duplicated (before/after)."""
        xs, cs, qs = [], [], []
        for s in self.segments[reach]:
            n = max(2, points_per_segment if s.x1_m > s.x0_m else 1)
            x = np.linspace(s.x0_m, s.x1_m, n)
            xs.append(x)
            cs.append(s.at(x))
            qs.append(np.full(x.size, s.flow_m3_s))
        return np.concatenate(xs), np.concatenate(cs), np.concatenate(qs)


def topological_order(reaches) -> list:
    """Reaches ordered so that every tributary comes before the reach it joins."""
    by_id = {r.id: r for r in reaches}
    done: list = []
    seen: set = set()

    def visit(rid, stack=()):
        if rid in seen:
            return
        if rid in stack:
            raise ValueError(f"reaches form a cycle: {' -> '.join(stack + (rid,))}")
        for t in reaches:
            if t.downstream == rid:
                visit(t.id, stack + (rid,))
        seen.add(rid)
        done.append(by_id[rid])

    for r in reaches:
        visit(r.id)
    return done


def reach_k_per_day(reach, pollutant: str) -> float:
    """Decay rate at the reach temperature: k_T = k20 theta^(T - 20) (k as given when T is not).

    References
    ----------
    .. [1] HJ 2.3-2018, Appendix F (温度校正); Chapra (1997), Lecture 2.
    """
    if pollutant not in reach.decay:
        raise ValueError(f"reach {reach.id!r}: no decay rate for {pollutant!r}")
    k20 = reach.decay[pollutant]
    if reach.temperature_c is None:
        return float(k20)
    return float(temperature_correction(k20, reach.temperature_c, reach.theta))


def solve_network(water, hydraulics: dict[str, ReachHydraulics], pollutant: str, *,
                  statuses=("existing", "approved", "planned"), unit_outfalls=(),
                  k_override: dict[str, float] | None = None,
                  background_scale: float = 1.0,
                  extra_loads_g_s: dict[str, float] | None = None) -> NetworkSolution:
    """Solve the steady profile of one pollutant over the whole river tree.

    Parameters
    ----------
    water : WaterSection
    hydraulics : dict
        Reach id -> :class:`ReachHydraulics` (design flow resolved).
    pollutant : str
    statuses : iterable of str
        Outfall statuses whose flow and load are included in the base state.
    unit_outfalls : sequence of str
        Outfalls receiving a unit (1 g/s) load in states 1..n (their flow is included whatever
        their status).
    k_override : dict, optional
        Reach id -> k (1/day) replacing the temperature-corrected rate.
    background_scale : float
        Factor on every head concentration (for sensitivity runs).
    extra_loads_g_s : dict, optional
        Outfall id -> additional load in g/s added to the base state (the outfall's flow is
        included whatever its status).

    Returns
    -------
    NetworkSolution
    """
    statuses = set(statuses)
    unit_index = {oid: 1 + i for i, oid in enumerate(unit_outfalls)}
    n_states = 1 + len(unit_index)
    sol = NetworkSolution(pollutant=pollutant, unit_outfalls=list(unit_outfalls))
    end_state: dict[str, tuple[np.ndarray, float]] = {}
    for reach in topological_order(water.reaches):
        hyd = hydraulics[reach.id]
        k = (k_override or {}).get(reach.id, None)
        if k is None:
            k = reach_k_per_day(reach, pollutant)
        events = []
        for o in water.outfalls:
            if o.reach == reach.id and (o.status in statuses or o.id in unit_index or o.id in (extra_loads_g_s or {})):
                events.append((o.chainage_m, 0, "outfall", o))
        for w in water.withdrawals:
            if w.reach == reach.id:
                events.append((w.chainage_m, 1, "withdrawal", w))
        for t in water.reaches:
            if t.downstream == reach.id:
                events.append((t.joins_at_m, 0, "junction", t))
        events.sort(key=lambda e: (e[0], e[1], e[3].id))
        q = hyd.design_flow_m3_s
        c = np.zeros(n_states)
        c[0] = reach.upstream_concentrations_mg_l.get(pollutant, 0.0) * background_scale
        x = 0.0
        sol.head[reach.id] = (c.copy(), q, hyd.velocity(q))
        segs: list[Segment] = []
        seg = Segment(reach.id, 0.0, reach.length_m, q, hyd.velocity(q), k, c.copy())
        for xe, _, kind, item in events:
            if xe > x:
                seg.x1_m = xe
                c = seg.at(xe)
                segs.append(seg)
                x = xe
            else:
                seg = None  # zero-length: replaced below
            if kind == "outfall":
                qe = item.flow_m3_d / SECONDS_PER_DAY
                ce = np.zeros(n_states)
                if item.status in statuses:
                    ce[0] = item.concentrations_mg_l.get(pollutant, 0.0)
                if extra_loads_g_s and item.id in extra_loads_g_s:
                    ce[0] += extra_loads_g_s[item.id] / qe
                if item.id in unit_index:
                    ce[unit_index[item.id]] = 1.0 / qe  # 1 g/s in the effluent
                c_new = np.asarray(complete_mix(c_upstream_mg_l=c, q_upstream_m3_s=q, c_effluent_mg_l=ce,
                                                q_effluent_m3_s=qe), dtype=float)
                sol.mix_points.append({"reach": reach.id, "x_m": xe, "kind": kind, "id": item.id, "q_in": [q, qe],
                                       "c_in": [c[0], ce[0]], "q_out": q + qe, "c_out": c_new[0]})
                q, c = q + qe, c_new
            elif kind == "withdrawal":
                if item.flow_m3_s >= q:
                    raise ValueError(
                        f"withdrawal {item.id!r} ({item.flow_m3_s:g} m3/s) takes all the flow of reach {reach.id!r} "
                        f"at {xe:g} m ({q:.4g} m3/s at design flow)"
                    )
                q = q - item.flow_m3_s
            else:  # tributary junction
                ct, qt = end_state[item.id]
                c_new = np.asarray(complete_mix(c_upstream_mg_l=c, q_upstream_m3_s=q, c_effluent_mg_l=ct,
                                                q_effluent_m3_s=qt), dtype=float)
                sol.mix_points.append({"reach": reach.id, "x_m": xe, "kind": kind, "id": item.id, "q_in": [q, qt],
                                       "c_in": [c[0], ct[0]], "q_out": q + qt, "c_out": c_new[0]})
                q, c = q + qt, c_new
            seg = Segment(reach.id, xe, reach.length_m, q, hyd.velocity(q), k, c.copy())
        if seg.x1_m >= seg.x0_m:
            seg.x1_m = reach.length_m
            segs.append(seg)
        sol.segments[reach.id] = segs
        end_state[reach.id] = (segs[-1].at(reach.length_m), segs[-1].flow_m3_s)
    return sol
