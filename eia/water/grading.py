"""Assessment grade of a water-pollution-type project, HJ 2.3-2018 Table 1 and its notes.

Table 1 (水污染影响型建设项目评价等级判定):

===========  ==========  =================================================
discharge    grade       criterion (Q: wastewater m3/d; W: equivalents, -)
===========  ==========  =================================================
direct       一级        Q >= 20 000 or W >= 600 000
direct       二级        otherwise
direct       三级A       Q < 200 and W < 6 000
indirect     三级B       (any)
===========  ==========  =================================================

Note 1 defines W: the number of pollution equivalents of a pollutant is its annual discharge
(kg) divided by its pollution-equivalent value (kg, Environmental Protection Tax Law Annex 2);
the class-1 pollutants (第一类水污染物) are summed, the other pollutants ranked individually, and
the largest of these numbers is W.

The notes that the scenario's data can decide are applied and reported; the rest are reported
as undecided with the fact that would decide them.

References
----------
.. [1] HJ 2.3-2018, 环境影响评价技术导则 地表水环境, 5.2 (评价等级确定), Table 1 with notes 1-10 and
   Appendix A (水污染当量: 第一类水污染物当量数求和, 与其他类污染物按当量数排序取最大).
.. [2] 中华人民共和国环境保护税法 (2016), 附表二 应税污染物和当量值表.
"""
from __future__ import annotations

from typing import Callable

__all__ = ["GRADES", "table1_grade", "pollutant_equivalents", "assess_grade", "NOTE_TEXT"]

GRADES = ("三级B", "三级A", "二级", "一级")  # increasing stringency
_EN = {"一级": "Grade 1", "二级": "Grade 2", "三级A": "Grade 3A", "三级B": "Grade 3B"}

NOTE_TEXT = {
    1: "W = largest of: the summed equivalents of class-1 pollutants, and each other pollutant's equivalents",
    2: "wastewater volume counts heat-laden cooling water; indirect cooling/circulating water and clean drainage may be excluded",
    3: "where the site has open stockpiles or dust deposition, first-flush rainwater and its pollutants are counted",
    4: "direct discharge of class-1 pollutants -> 一级; direct discharge of a pollutant exceeding the receiving water's standard -> not lower than 二级",
    5: "direct discharge whose influence reaches drinking-water sources/intakes or protected aquatic habitats -> not lower than 二级",
    6: "thermal discharge changing water temperature beyond the standard with temperature-sensitive targets -> 一级",
    7: "sea water used as cooling medium: discharge >= 5 000 000 m3/d -> 一级, otherwise 二级",
    8: "only clean drainage meeting the receiving water standard -> 三级A",
    9: "relying on an existing outfall with no new pollutant discharged to the environment -> 三级B (as indirect)",
    10: "wastewater fully reused, nothing discharged -> 三级B",
}


def table1_grade(discharge: str, q_m3_d: float, w: float) -> str:
    """Grade from HJ 2.3-2018 Table 1 alone.

    References
    ----------
    .. [1] HJ 2.3-2018, Table 1.
    """
    if discharge not in ("direct", "indirect"):
        raise ValueError(f"discharge={discharge!r}: expected 'direct' or 'indirect'")
    if q_m3_d < 0 or w < 0:
        raise ValueError(f"q_m3_d={q_m3_d}, w={w}: expected values >= 0")
    if discharge == "indirect":
        return "三级B"
    if q_m3_d >= 20_000 or w >= 600_000:
        return "一级"
    if q_m3_d < 200 and w < 6_000:
        return "三级A"
    return "二级"


def pollutant_equivalents(annual_kg: dict[str, float], equivalent_fn: Callable[[str], tuple]) -> dict:
    """Pollution equivalents per pollutant and W per HJ 2.3-2018 Table 1 note 1.

    Parameters
    ----------
    annual_kg : dict
        Pollutant -> annual discharge, kg/a.
    equivalent_fn : callable
        item -> (equivalent value kg, is_class_1: bool); raises for an unknown item.

    Returns
    -------
    dict
        ``items`` (per pollutant), ``class1_sum``, ``w``, ``w_basis``, ``unknown`` (no equivalent value).
    """
    items, unknown = {}, []
    class1 = 0.0
    for p, kg in annual_kg.items():
        try:
            eq_kg, is1 = equivalent_fn(p)
        except (ValueError, KeyError, LookupError):
            unknown.append(p)
            continue
        n = kg / eq_kg
        items[p] = {"annual_kg": kg, "equivalent_kg": eq_kg, "equivalents": n, "class_1": bool(is1)}
        if is1:
            class1 += n
    candidates = [("class-1 pollutants (sum)", class1)] if class1 > 0 else []
    candidates += [(p, v["equivalents"]) for p, v in items.items() if not v["class_1"]]
    basis, w = max(candidates, key=lambda t: t[1]) if candidates else ("none", 0.0)
    return {"items": items, "class1_sum": class1, "w": w, "w_basis": basis, "unknown": unknown}


def _raise_to(grade: str, floor: str) -> str:
    return grade if GRADES.index(grade) >= GRADES.index(floor) else floor


def assess_grade(water, equivalent_fn, limit_fn) -> dict:
    """Grade of the scenario's discharges with the notes applied, not applicable or undecided.

    Q is the summed flow of the direct outfalls of every status (the plan's build-out); annual
    loads are C x Q x operating days.
    """
    facts = water.grading
    if not water.outfalls:
        return {"discharge": "none", "q_m3_d": 0.0, "w": 0.0, "w_basis": "none", "equivalents": {}, "class1_sum": 0.0,
                "no_equivalent_value": [], "table1_grade": None, "grade": None, "grade_en": None,
                "notes": [{"note": 0, "status": "undecided", "text": "HJ 2.3-2018 Table 1",
                           "reason": "the scenario has no outfall: the grade of a water-pollution-type project cannot be determined"}],
                "applied": [], "not_applicable": [], "undecided": [0]}
    direct = [o for o in water.outfalls if o.discharge == "direct"]
    discharge = "direct" if direct else "indirect"
    q = sum(o.flow_m3_d for o in direct)
    annual: dict[str, float] = {}
    for o in direct:
        for p, c in o.concentrations_mg_l.items():
            if p.lower() in ("do", "ph", "temperature"):
                continue
            annual[p] = annual.get(p, 0.0) + c * o.flow_m3_d * o.operating_days / 1000.0  # kg/a
    eq = pollutant_equivalents(annual, equivalent_fn)
    base = table1_grade(discharge, q, eq["w"])
    grade = base
    notes = [{"note": 1, "status": "applied", "reason": f"W = {eq['w']:.4g} from {eq['w_basis']}"}]

    def rec(n, status, reason):
        notes.append({"note": n, "status": status, "reason": reason})

    rec(2, "undecided" if facts.cooling_water_excluded is None else "applied",
        "the scenario does not say whether cooling water / clean drainage is in the outfall flows"
        if facts.cooling_water_excluded is None else
        ("outfall flows exclude indirect cooling water and clean drainage" if facts.cooling_water_excluded
         else "outfall flows include cooling water"))
    if facts.stockpile_initial_rainwater_included is None:
        rec(3, "undecided", "the scenario does not say whether first-flush rainwater from stockpiles is counted")
    else:
        rec(3, "applied", "first-flush rainwater is counted in the outfall flows" if facts.stockpile_initial_rainwater_included
            else "no stockpile first-flush rainwater to count (per scenario)")
    if discharge == "direct":
        c1 = [p for p, v in eq["items"].items() if v["class_1"] and v["annual_kg"] > 0]
        if c1:
            grade = _raise_to(grade, "一级")
            rec(4, "applied", f"class-1 pollutants discharged directly: {sorted(c1)} -> 一级")
        else:
            exceed = []
            for o in direct:
                reach = next(r for r in water.reaches if r.id == o.reach)
                zone = next((z for z in water.zones if z.reach == o.reach and z.start_m <= o.chainage_m <= z.end_m), None)
                if zone is None:
                    continue
                for p in o.concentrations_mg_l:
                    bg = reach.upstream_concentrations_mg_l.get(p)
                    if bg is None:
                        continue
                    try:
                        cs, _ = limit_fn(p, zone.target_class, zone.water_body)
                    except (ValueError, LookupError):
                        continue
                    if bg > cs:
                        exceed.append(f"{p} in {zone.id} (background {bg:g} > {cs:g} mg/L)")
            if exceed:
                grade = _raise_to(grade, "二级")
                rec(4, "applied", "no class-1 pollutant; receiving water already exceeds its target for "
                    + "; ".join(sorted(set(exceed))) + " -> not lower than 二级")
            else:
                rec(4, "not applicable", "no class-1 pollutant discharged and no discharged pollutant exceeds the receiving zone target at the background")
        prot = []
        for o in direct:
            for z in water.zones:
                if z.protected and _downstream_of(water, o.reach, o.chainage_m, z):
                    prot.append(f"{z.id} below {o.id}")
        if prot:
            grade = _raise_to(grade, "二级")
            rec(5, "applied", "protected zone(s) downstream of direct outfalls: " + ", ".join(sorted(set(prot))) + " -> not lower than 二级")
        else:
            rec(5, "not applicable", "no zone flagged 'protected' lies downstream of a direct outfall (per scenario data)")
    else:
        for n in (4, 5):
            rec(n, "not applicable", "indirect discharge")
    if facts.thermal_discharge_exceeds_with_sensitive_target is None:
        rec(6, "undecided", "the scenario gives no thermal-discharge assessment (grading.thermal_discharge_exceeds_with_sensitive_target)")
    elif facts.thermal_discharge_exceeds_with_sensitive_target:
        grade = _raise_to(grade, "一级")
        rec(6, "applied", "thermal discharge beyond the standard with sensitive targets -> 一级")
    else:
        rec(6, "not applicable", "no thermal discharge beyond the standard with sensitive targets (per scenario)")
    if facts.seawater_cooling_m3_d is None:
        rec(7, "not applicable", "no sea-water cooling in the scenario")
    elif facts.seawater_cooling_m3_d >= 5e6:
        grade = _raise_to(grade, "一级")
        rec(7, "applied", f"sea-water cooling discharge {facts.seawater_cooling_m3_d:.4g} m3/d >= 5e6 -> 一级")
    else:
        grade = _raise_to(grade, "二级")
        rec(7, "applied", f"sea-water cooling discharge {facts.seawater_cooling_m3_d:.4g} m3/d < 5e6 -> 二级")
    overrides = [(10, facts.all_wastewater_reused, "三级B"), (9, facts.existing_outfall_no_new_load, "三级B"),
                 (8, facts.only_clean_drainage_meeting_standard, "三级A")]
    override = None
    for n, val, g in overrides:
        if val is None:
            rec(n, "undecided", f"the scenario does not state it (grading fact for note {n})")
        elif val:
            if override is None:
                override = (n, g)
            rec(n, "applied", f"-> {g}")
        else:
            rec(n, "not applicable", "stated false in the scenario")
    if override is not None:
        grade = override[1]
    notes.sort(key=lambda d: d["note"])
    for n in notes:
        n["text"] = NOTE_TEXT[n["note"]]
    return {
        "discharge": discharge, "q_m3_d": q, "w": eq["w"], "w_basis": eq["w_basis"], "equivalents": eq["items"],
        "class1_sum": eq["class1_sum"], "no_equivalent_value": eq["unknown"], "table1_grade": base, "grade": grade,
        "grade_en": _EN[grade], "notes": notes,
        "applied": [n["note"] for n in notes if n["status"] == "applied"],
        "not_applicable": [n["note"] for n in notes if n["status"] == "not applicable"],
        "undecided": [n["note"] for n in notes if n["status"] == "undecided"],
    }


def _downstream_of(water, reach_id: str, x_m: float, zone) -> bool:
    """Is (any part of) ``zone`` downstream of chainage x on reach ``reach_id``?"""
    by_id = {r.id: r for r in water.reaches}
    rid, x = reach_id, x_m
    while rid is not None:
        if zone.reach == rid and zone.end_m > x:
            return True
        r = by_id[rid]
        rid, x = r.downstream, (r.joins_at_m or 0.0)
    return False
