"""Allocation of remaining capacity: linear programming and equal ratio (eia.water.allocation)."""
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from eia.pipeline import load_scenario
from eia.water.allocation import allocate_equal_ratio, allocate_lp, allocation_for_pollutant, control_points
from eia.water.hydrology import resolve_hydraulics
from eia.water.network import ReachHydraulics, solve_network
from eia.water.schema import WaterSection
from models.water.capacity import capacity_t_a
from eia.water.pipeline import make_limit_fn
from models.water.capacity import G_S_TO_T_A

DATA = Path(__file__).parent / "data_capacity" / "scenario.yaml"


def test_lp_hand_derived_optimum():
    # Two outfalls on one reach; point 1 just below outfall 1, point 2 at the zone end.
    # a11 = 0.10, a21 = 0.05 (outfall 1 decays more before point 2), a22 = 0.08; headroom 1 mg/L each.
    # At point 2 a unit of x1 costs 0.05 and a unit of x2 costs 0.08, so x1 is filled first up to its
    # own limit x1 = h1/a11 = 10; then x2 = (h2 - a21 x1)/a22 = (1 - 0.5)/0.08 = 6.25. Total 16.25
    # (the other vertices: (0, 12.5) -> 12.5; (10, 0) -> 10).
    a = np.array([[0.10, 0.0], [0.05, 0.08]])
    res = allocate_lp(a, [1.0, 1.0])
    assert res["x"] == pytest.approx([10.0, 6.25])
    assert sorted(res["binding"]) == [0, 1]


def test_lp_upper_bound_and_blocked_point():
    a = np.array([[0.10, 0.0], [0.05, 0.08]])
    res = allocate_lp(a, [1.0, 1.0], upper=[4.0, np.inf])
    # x1 capped at 4 -> x2 = (1 - 0.2)/0.08 = 10
    assert res["x"] == pytest.approx([4.0, 10.0])
    blocked = allocate_lp(a, [-0.1, 1.0])
    assert blocked["x"][0] == 0.0 and blocked["x"][1] == pytest.approx(12.5)
    assert blocked["blocked"] == [0]


def test_lp_unconstrained_candidate_reported():
    res = allocate_lp(np.array([[0.1, 0.0]]), [1.0])
    assert res["unconstrained"] == [1] and np.isnan(res["x"][1])


def test_equal_ratio_hand():
    # weights 1:3; demands at points: [0.1*1, 0.05*1 + 0.08*3] = [0.1, 0.29]; r = min(1/0.1, 1/0.29) = 3.448
    er = allocate_equal_ratio(np.array([[0.10, 0.0], [0.05, 0.08]]), [1.0, 1.0], [1.0, 3.0])
    assert er["ratio"] == pytest.approx(1 / 0.29)
    assert er["x"] == pytest.approx([1 / 0.29, 3 / 0.29])
    assert er["binding"] == [1]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.01, 1.0), min_size=4, max_size=4), st.lists(st.floats(0.1, 5), min_size=2, max_size=2))
def test_lp_at_least_equal_ratio(avals, h):
    a = np.array(avals).reshape(2, 2)
    lp = allocate_lp(a, h)
    er = allocate_equal_ratio(a, h, [1.0, 1.0])
    assert np.all(a @ lp["x"] <= np.array(h) * (1 + 1e-9) + 1e-12)
    assert lp["x"].sum() >= er["x"].sum() - 1e-9


def test_scenario_allocation_meets_every_target():
    sc, _ = load_scenario(DATA)
    water = sc.water
    hyd, _ = resolve_hydraulics(water)
    limit_fn = make_limit_fn()
    for p in water.capacity.pollutants:
        al = allocation_for_pollutant(water, hyd, p, limit_fn)
        # every candidate carries its effluent flow in the LP, so all are passed (zero loads included)
        loads = {o: v / G_S_TO_T_A for o, v in al["linprog"]["allocated_t_a"].items()}
        sol = solve_network(water, hyd, p, statuses=("existing", "approved"), extra_loads_g_s=loads)
        margin = water.capacity.safety_margin_pct / 100
        for pt in al["points"]:
            c = sol.at(pt["reach"], pt["x_m"])[0] if pt["side"] == "after" else sol.before(pt["reach"], pt["x_m"])[0][0]
            allowed = pt["base_mg_l"] + (pt["cs_mg_l"] - pt["base_mg_l"]) * (1 - margin)
            assert c <= allowed * (1 + 1e-7)
        # some control point is binding at the optimum
        assert al["linprog"]["binding_points"]
        assert al["linprog"]["total_t_a"] >= al["equal_ratio"]["total_t_a"] - 1e-6


def test_control_points_per_mode():
    sc, _ = load_scenario(DATA)
    lf = make_limit_fn()
    kinds = {m: {p["kind"] for p in control_points(sc.water, m, lf, "cod")} for m in ("segment-head", "segment-end", "zone-end")}
    assert any("段首" in k for k in kinds["segment-head"])
    assert all("段首" not in k for k in kinds["zone-end"])


def _one_zone_water(q0, qe_m3_s, c0, cs_class, k, u, L, mode):
    return WaterSection.model_validate({
        "reaches": [{"id": "r", "length_m": L, "hydrology": {"design_flow_m3_s": q0}, "geometry": {"velocity_m_s": u},
                     "decay": {"cod": f"{k} /d"}, "upstream_concentrations_mg_l": {"cod": c0}}],
        "zones": [{"id": "z", "reach": "r", "start_m": 0, "end_m": L, "target_class": cs_class}],
        "outfalls": [{"id": "new", "reach": "r", "chainage_m": 0, "flow_m3_d": qe_m3_s * 86400,
                      "concentrations_mg_l": {"cod": 0.0}, "status": "planned"}],
        "capacity": {"pollutants": ["cod"], "control_mode": mode, "allocation": "linprog"},
    })


@settings(max_examples=40, deadline=None)
@given(q0=st.floats(0.2, 50), qe=st.floats(0.001, 2), c0f=st.floats(0, 0.95), k=st.floats(0, 1), u=st.floats(0.05, 1.5),
       L=st.floats(500, 40000), cls=st.sampled_from(["II", "III", "IV", "V"]), mode=st.sampled_from(["segment-head", "segment-end"]))
def test_lp_on_network_equals_closed_form_capacity(q0, qe, c0f, k, u, L, cls, mode):
    """One outfall at the zone head: the LP on the network model reproduces the guide's closed form."""
    lf = make_limit_fn()
    cs = lf("cod", cls, "river")[0]
    w = _one_zone_water(q0, qe, c0f * cs, cls, k, u, L, mode)
    hyd = {"r": ReachHydraulics(design_flow_m3_s=q0, velocity_m_s=u)}
    al = allocation_for_pollutant(w, hyd, "cod", lf)
    closed = capacity_t_a(mode=mode, cs_mg_l=cs, c0_mg_l=c0f * cs, q_upstream_m3_s=q0, q_effluent_m3_s=qe, k_per_day=k,
                          velocity_m_s=u, length_m=L)
    assert al["linprog"]["total_t_a"] == pytest.approx(closed, rel=1e-7)
