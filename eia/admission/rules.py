"""Rule kinds of an admission criteria set: one small evaluator per kind, chosen from ``RULE_KINDS``.

Each evaluator takes ``(rule, application, env, ledger)`` and returns a :class:`Finding`: the raw
status (``pass``, ``violated``, ``missing``, ``not_applicable``), the evidence values, the
threshold, and what an admitted enterprise would consume (``consumes``) from cumulative budgets.
The rule's severity turns a violation into the outcome ``fail`` (severity ``reject``) or
``condition`` (severity ``condition``) — see :func:`outcome_of`.

Comparison conventions (docs/criteria-reference.md): the clause wording decides whether the
threshold is inclusive. "不超过"/"不大于"/"以下"/"以内" include the threshold (民法典 第一千二百五十九条:
"以上、以下、以内、届满，包括本数；不满、超过、以外，不包括本数"), so an emission exactly equal to
the remaining capacity passes, a distance exactly equal to the protection distance passes
("不小于"), and a clean-production level equal to the minimum passes ("不低于").
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from eia.admission.schema import EnterpriseApplication

if TYPE_CHECKING:  # pragma: no cover
    from eia.admission.engine import Environment, Ledger

__all__ = ["Finding", "RULE_KINDS", "evaluate_rule", "outcome_of", "capacity_in_unit", "LEVEL_RANK"]

#: Clean-production levels, best first (清洁生产评价指标体系编制通则（试行稿）2013: I 国际清洁生产领先水平,
#: II 国内清洁生产先进水平, III 国内清洁生产一般水平).
LEVEL_RANK = {"I": 1, "II": 2, "III": 3, "below": 4}
LEVEL_LABEL = {"I": "I级（国际清洁生产领先水平）", "II": "II级（国内清洁生产先进水平）", "III": "III级（国内清洁生产一般水平）", "below": "未达到III级"}


@dataclass
class Finding:
    """What one rule found for one application."""

    status: str  # pass | violated | missing | not_applicable
    message_zh: str
    message_en: str
    evidence: dict[str, Any] = field(default_factory=dict)
    threshold: Any = None
    consumes: dict[tuple, float] = field(default_factory=dict)
    warnings: list[tuple[str, str]] = field(default_factory=list)


def outcome_of(status: str, severity: str) -> str:
    """Map a raw status and the rule severity to the reported outcome.

    ``violated`` -> ``fail`` (severity ``reject``) or ``condition`` (severity ``condition``);
    ``missing`` -> ``missing-data``; ``pass`` and ``not_applicable`` stay.
    """
    if status == "violated":
        return "fail" if severity == "reject" else "condition"
    if status == "missing":
        return "missing-data"
    if status == "not_applicable":
        return "not-applicable"
    if status == "pass":
        return "pass"
    raise ValueError(f"status={status!r}: expected pass, violated, missing or not_applicable")


# ------------------------------------------------------------------------------------ helpers
_UNIT_YEAR = re.compile(r"(/|每)(年|a|yr|year)$")


def _split_factor(unit: str) -> tuple[float, str]:
    u = unit.strip().replace(" ", "")
    factor = 1.0
    if u.startswith("万"):
        factor, u = 1e4, u[1:]
    elif u.startswith("亿"):
        factor, u = 1e8, u[1:]
    u = _UNIT_YEAR.sub("/a", u)
    u = u.replace("吨", "t").replace("立方米", "m3")
    return factor, u


def capacity_in_unit(value: float, unit: str | None, target_unit: str) -> float | None:
    """Convert a capacity ``value`` in ``unit`` to ``target_unit``; None when not convertible.

    Physical units go through pint (``万t/a`` -> ``t/a``); counted units (头/a, 只/a, 辆/a) are
    compared after removing the Chinese multiplier prefixes 万 (10^4) and 亿 (10^8). Capacity
    units are multiplicative, so the factor is computed once per unit pair.
    """
    if unit is None:
        return None
    f = _unit_factor(unit, target_unit)
    return None if f is None else value * f


@lru_cache(maxsize=1024)
def _unit_factor(unit: str, target_unit: str) -> float | None:
    from eia.units import UnitParseError, to_unit

    f1, u1 = _split_factor(unit)
    f2, u2 = _split_factor(target_unit)
    if u1 == u2:
        return f1 / f2
    try:
        return to_unit(f"{f1} {u1}", u2) / f2
    except UnitParseError:
        return None


def _fmt(x: float | None, nd: int = 4) -> str:
    if x is None:
        return "—"
    return f"{x:.{nd}g}"


def _le(a: float, b: float) -> bool:
    """a <= b with a relative tolerance of 1e-9 (so that unit conversions at the threshold pass)."""
    return a <= b or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


# ------------------------------------------------------------------------------------ kinds
def industry_fit(rule, app: EnterpriseApplication, env: "Environment", ledger: "Ledger") -> Finding:
    """GB/T 4754-2017 code of the enterprise prefix-matches a leading industry or an allowed code.

    References
    ----------
    GB/T 4754-2017 国民经济行业分类, §4 (code structure: section letter, 2-digit division,
    3-digit group, 4-digit class); HJ 131-2021 §9.2 (准入清单: 产业准入).
    """
    p = rule.parameters
    allowed = list(p.allowed_codes) + (list(env.leading_codes) if p.use_leading_industries else [])
    threshold = {"allowed_codes": allowed, "excluded_codes": list(p.excluded_codes)}
    if not app.gbt4754_codes:
        return Finding("missing", "未提供国民经济行业分类代码（GB/T 4754-2017）", "No GB/T 4754-2017 code given", {}, threshold)
    codes = [c.upper() for c in app.gbt4754_codes]
    excluded = sorted({c for c in codes for x in p.excluded_codes if c.startswith(x)})
    if excluded:
        return Finding("violated", f"行业代码{'、'.join(excluded)}属于禁止引入的行业", f"code(s) {', '.join(excluded)} are excluded",
                       {"codes": codes, "excluded_matches": excluded}, threshold)
    matches = {c: sorted(a for a in allowed if c.startswith(a)) for c in codes}
    fitting = [c for c, m in matches.items() if m]
    ev = {"codes": codes, "matches": {c: m for c, m in matches.items() if m}}
    if fitting:
        return Finding("pass", f"行业代码{'、'.join(fitting)}符合集聚区主导产业定位", f"code(s) {', '.join(fitting)} fit the leading industries", ev, threshold)
    return Finding("violated", f"行业代码{'、'.join(codes)}不属于集聚区主导产业或允许引入的行业",
                   f"code(s) {', '.join(codes)} match no leading industry or allowed code", ev, threshold)


def _app_text(app: EnterpriseApplication) -> str:
    """Products, product keywords, processes and keywords, lower-cased (the name is left out: a
    company name such as '高炉镇食品厂' must not trigger an entry)."""
    parts = [*app.processes, *app.keywords]
    for pr in app.products:
        parts.append(pr.name)
        parts.extend(pr.keywords)
    return "\n".join(parts).lower()


def industrial_policy(rule, app: EnterpriseApplication, env: "Environment", ledger: "Ledger") -> Finding:
    """Not in the restricted (限制类) or eliminated (淘汰类) categories of 产业结构调整指导目录.

    An entry is triggered by any of its keywords in the products, processes and keywords (and all
    of ``all_keywords``, and a matching GB/T 4754 prefix when the entry names some). An entry with
    a capacity band applies only when the matching product's capacity lies in it (bounds
    included: "以下" includes the number); an unknown capacity gives "missing data".

    References
    ----------
    产业结构调整指导目录（2024年本）, 国家发展和改革委员会令2023年第7号, 第二类 限制类 (preamble:
    "对属于限制类的新建项目,禁止投资") and 第三类 淘汰类; 促进产业结构调整暂行规定 (国发〔2005〕40号)
    第十八、十九条.
    """
    entries = env.policy_entries(rule)
    cats = set(rule.parameters.categories)
    text = _app_text(app)
    if not text.strip():
        return Finding("missing", "未提供产品、工艺或关键词，无法核对产业政策", "No products, processes or keywords to check against the catalogue",
                       {}, {"catalogue": env.policy_title(rule)})
    hits, undecided = [], []
    for e, kws, all_kws in entries:
        if e.category not in cats:
            continue
        kw = [k for k in kws if k in text]
        if not kw or any(k not in text for k in all_kws):
            continue
        if e.gbt4754_prefixes and app.gbt4754_codes and not any(c.startswith(x) for c in app.gbt4754_codes for x in e.gbt4754_prefixes):
            continue
        if e.capacity_max is None and e.capacity_min is None:
            hits.append((e, kw, None))
            continue
        prods = [pr for pr in app.products if any(k in (pr.name + " " + " ".join(pr.keywords)).lower() for k in kws)] or list(app.products)
        caps = [capacity_in_unit(pr.capacity, pr.unit, e.capacity_unit) for pr in prods if pr.capacity is not None]
        caps = [c for c in caps if c is not None]
        if not caps:
            undecided.append((e, kw))
            continue
        inside = [c for c in caps if (e.capacity_max is None or _le(c, e.capacity_max)) and (e.capacity_min is None or c > e.capacity_min)]
        if inside:
            hits.append((e, kw, inside[0]))
    entry_ev = lambda e, kw, cap=None: {  # noqa: E731
        "id": e.id, "category": e.category, "section": e.section, "item": e.item, "text": e.text,
        "document": e.document or env.policy_title(rule), "matched_keywords": kw, "capacity": cap, "capacity_unit": e.capacity_unit,
        "wording": e.wording,
    }
    ev = {"triggered": [entry_ev(*h) for h in hits], "undecided": [entry_ev(e, kw) for e, kw in undecided]}
    threshold = {"catalogue": env.policy_title(rule), "categories": sorted(cats)}
    warns = [("policy-entry-paraphrase", f"产业政策条目 {e.id} 的条目编号/措辞未经与原文核对（{e.text}）")
             for e, *_ in hits + undecided if e.wording != "verified"]
    if hits:
        def _item(e):  # an item number we could not check is not printed as if it were one
            return f"第{e.item}条" if e.item and str(e.item).strip().lower() != "unconfirmed" else "（条目编号未核实）"

        names = "；".join(f"{'淘汰类' if e.category == 'eliminated' else '限制类'}《{e.section}》{_item(e)}：{e.text}" for e, *_ in hits)
        return Finding("violated", f"属于{names}", f"matches catalogue entries {', '.join(e.id for e, *_ in hits)}", ev, threshold, warnings=warns)
    if undecided:
        return Finding("missing", "可能属于" + "；".join(e.text for e, _ in undecided) + "，需提供产能（规模）以判定",
                       f"capacity needed to decide entries {', '.join(e.id for e, _ in undecided)}", ev, threshold, warnings=warns)
    return Finding("pass", "未列入限制类、淘汰类", "not in the restricted or eliminated categories", ev, threshold)


def clean_production(rule, app: EnterpriseApplication, env, ledger) -> Finding:
    """Clean-production level not lower than the required level ("不低于" includes the level).

    References
    ----------
    清洁生产评价指标体系编制通则（试行稿）, 国家发展改革委 环境保护部 工业和信息化部 2013年第33号公告 (I/II/III
    levels); HJ 131-2021 §9.2 (资源开发效率 / 清洁生产水平准入要求).
    """
    req = rule.parameters.min_level
    th = {"min_level": req, "label": LEVEL_LABEL[req]}
    if app.clean_production_level is None:
        return Finding("missing", "未提供清洁生产水平", "clean-production level not given", {}, th)
    lvl = app.clean_production_level
    ev = {"level": lvl, "label": LEVEL_LABEL[lvl]}
    if LEVEL_RANK[lvl] <= LEVEL_RANK[req]:
        return Finding("pass", f"清洁生产水平{LEVEL_LABEL[lvl]}，不低于{LEVEL_LABEL[req]}", f"level {lvl} meets {req}", ev, th)
    return Finding("violated", f"清洁生产水平{LEVEL_LABEL[lvl]}，低于{LEVEL_LABEL[req]}", f"level {lvl} is below {req}", ev, th)


def pollutant_quota(rule, app: EnterpriseApplication, env: "Environment", ledger: "Ledger") -> Finding:
    """Declared annual emissions fit the REMAINING total-load capacity (cumulative in a batch).

    For each pollutant the enterprise emits: emission <= share x (remaining - consumed by earlier
    admitted applicants), "不超过" (inclusive). Water pollutants are checked in the receiving zone
    and in the cluster total when both exist. The remaining capacity comes from the run's results
    (``results['air']['total_load'][p]['remaining_t_a']``, ``results['water']
    ['remaining_capacity_t_a'][p][zone]``), never from the criteria.

    References
    ----------
    HJ 131-2021 §8 (环境容量/污染物允许排放量) and §9.2 (污染物排放管控); 控制污染物排放许可制实施方案
    (国办发〔2016〕81号) on total-load control.
    """
    p = rule.parameters
    th: dict[str, Any] = {"max_share_of_remaining": p.max_share_of_remaining}
    if app.emissions_t_a is None:
        return Finding("missing", "未提供年排放量（t/a）", "annual emissions not given", {}, th)
    em = app.emissions_t_a
    flow = app.wastewater.flow_m3_d if app.wastewater is not None else None
    discharges_water = flow is not None and flow > 0 and (app.wastewater.destination or "park_wwtp") != "none"
    zone = (app.wastewater.receiving_zone if app.wastewater is not None else None) or p.water_zone
    ev: dict[str, Any] = {"emissions_t_a": {k: em[k] for k in p.pollutants if k in em}}
    over, missing, consumes, rows = [], [], {}, []
    for pol in p.pollutants:
        e = em.get(pol)
        if e is None:
            if discharges_water and pol in ("cod", "nh3n"):
                missing.append((pol, "排放量未申报（有废水排放）", "emission not declared although wastewater is discharged"))
            continue
        if e <= 0:
            continue
        keys = env.budget_keys(pol, zone)
        if keys and keys[0][0] == "water" and zone != "total" and keys[0][2] != zone:
            missing.append((pol, f"受纳水功能区 {zone} 不在剩余容量结果中", f"receiving zone {zone!r} not in the remaining-capacity results"))
            continue
        if not keys:
            missing.append((pol, "集聚区剩余容量未计算（结果中无该污染物）", "remaining capacity not in the run's results"))
            continue
        for key in keys:
            rem = env.remaining(key) - ledger.consumed.get(key, 0.0)
            allowed = p.max_share_of_remaining * rem
            ok = _le(e, allowed)
            rows.append({"pollutant": pol, "budget": "/".join(key), "emission_t_a": e, "remaining_t_a": rem, "allowed_t_a": allowed, "fits": ok})
            consumes[key] = e
            if not ok:
                over.append((pol, key, e, allowed))
    ev["checks"] = rows
    th["remaining_from"] = "results (air.total_load, water.remaining_capacity_t_a)"
    if over:
        txt = "；".join(f"{pol}排放量{_fmt(e)} t/a超过剩余容量{_fmt(a)} t/a（{'/'.join(k)}）" for pol, k, e, a in over)
        return Finding("violated", txt, "; ".join(f"{pol} {_fmt(e)} t/a > {_fmt(a)} t/a ({'/'.join(k)})" for pol, k, e, a in over), ev, th)
    if missing:
        return Finding("missing", "；".join(f"{pol}：{z}" for pol, z, _ in missing), "; ".join(f"{pol}: {e}" for pol, _, e in missing), ev, th)
    if not rows:
        return Finding("not_applicable", "不排放总量控制污染物", "emits none of the total-load pollutants", ev, th)
    return Finding("pass", "排放量在剩余总量容量之内", "emissions fit the remaining capacity", ev, th, consumes=consumes)


def wwtp_capacity(rule, app: EnterpriseApplication, env: "Environment", ledger: "Ledger") -> Finding:
    """Wastewater goes to the park treatment plant and fits its remaining capacity ("不超过").

    References
    ----------
    HJ 131-2021 §6.3 / §9.2 (依托园区污水集中处理设施的可行性); 水污染防治行动计划 (国发〔2015〕17号)
    第二条 (集聚区污水集中处理).
    """
    p = rule.parameters
    th: dict[str, Any] = {"max_share_of_remaining": p.max_share_of_remaining, "allow_direct_discharge": p.allow_direct_discharge}
    ww = app.wastewater
    if ww is None or ww.flow_m3_d is None:
        return Finding("missing", "未提供废水产生量及去向", "wastewater flow and destination not given", {}, th)
    ev: dict[str, Any] = {"flow_m3_d": ww.flow_m3_d, "destination": ww.destination}
    if ww.flow_m3_d == 0 or ww.destination == "none":
        return Finding("not_applicable", "无废水外排", "no wastewater discharged", ev, th)
    if ww.destination is None:
        return Finding("missing", "未说明废水去向", "wastewater destination not given", ev, th)
    if ww.destination == "direct":
        if p.allow_direct_discharge:
            return Finding("pass", "废水自行排放（准入清单允许）", "direct discharge is allowed", ev, th)
        return Finding("violated", "废水未接入园区污水处理厂，拟自行设排污口", "wastewater not sent to the park WWTP (own outfall)", ev, th)
    rem0 = env.wwtp_remaining_m3_d
    if rem0 is None:
        return Finding("missing", "园区污水处理厂剩余处理能力未计算（结果中无 water.treatment_plant）",
                       "remaining WWTP capacity not in the run's results", ev, th)
    key = ("wwtp", "m3_d")
    rem = rem0 - ledger.consumed.get(key, 0.0)
    allowed = p.max_share_of_remaining * rem
    ev.update({"remaining_m3_d": rem, "allowed_m3_d": allowed})
    if _le(ww.flow_m3_d, allowed):
        return Finding("pass", f"废水量{_fmt(ww.flow_m3_d)} m³/d不超过污水处理厂剩余能力{_fmt(allowed)} m³/d",
                       f"{_fmt(ww.flow_m3_d)} m3/d fits the remaining {_fmt(allowed)} m3/d", ev, th, consumes={key: ww.flow_m3_d})
    return Finding("violated", f"废水量{_fmt(ww.flow_m3_d)} m³/d超过污水处理厂剩余能力{_fmt(allowed)} m³/d",
                   f"{_fmt(ww.flow_m3_d)} m3/d exceeds the remaining {_fmt(allowed)} m3/d", ev, th)


def resource_intensity(rule, app: EnterpriseApplication, env, ledger) -> Finding:
    """Water per unit output / per 10^4 yuan and energy per 10^4 yuan not above thresholds ("不高于").

    References
    ----------
    HJ 131-2021 §9.2 (资源开发效率要求: 单位产品/单位产值水耗、能耗); GB/T 2589-2020 (综合能耗计算通则, tce).
    """
    p = rule.parameters
    r = app.resources
    th = {k: v for k, v in p.model_dump().items() if v is not None}
    ev: dict[str, Any] = {}
    missing, over, checks = [], [], 0
    if p.max_water_m3_per_unit is not None:
        if r is None or r.water_m3_a is None or r.output_quantity_a is None or not r.output_unit:
            missing.append("单位产品取水量（需新鲜水量、产量及单位）")
        else:
            q = capacity_in_unit(r.output_quantity_a, r.output_unit, p.output_unit)
            if q is None or q <= 0:
                missing.append(f"产量单位{r.output_unit}无法换算为{p.output_unit}")
            else:
                v = r.water_m3_a / q
                ev["water_m3_per_unit"] = v
                checks += 1
                if not _le(v, p.max_water_m3_per_unit):
                    over.append(f"单位产品取水量{_fmt(v)} m³/{p.output_unit} > {_fmt(p.max_water_m3_per_unit)}")
    for attr, lim, label in (
        ("water_m3_a", p.max_water_m3_per_1e4_yuan, "万元产值取水量 m³/万元"),
        ("energy_tce_a", p.max_energy_tce_per_1e4_yuan, "万元产值综合能耗 tce/万元"),
    ):
        if lim is None:
            continue
        num = getattr(r, attr) if r is not None else None
        den = r.output_value_1e4_yuan_a if r is not None else None
        if num is None or den is None or den <= 0:
            missing.append(label)
            continue
        v = num / den
        ev[attr.replace("_a", "") + "_per_1e4_yuan"] = v
        checks += 1
        if not _le(v, lim):
            over.append(f"{label} {_fmt(v)} > {_fmt(lim)}")
    if over:
        return Finding("violated", "；".join(over), "resource intensity above threshold: " + "; ".join(over), ev, th)
    if missing:
        return Finding("missing", "缺少：" + "、".join(missing), "missing: " + ", ".join(missing), ev, th)
    return Finding("pass", "资源能源利用效率满足要求", "resource intensity within thresholds", ev, th)


def protection_distance(rule, app: EnterpriseApplication, env: "Environment", ledger) -> Finding:
    """Nearest sensitive receptor lies at or beyond the larger of the atmospheric environmental
    protection distance and the sanitary protection distance ("不小于"; a receptor on the envelope
    counts as outside).

    References
    ----------
    HJ 2.2-2018 §8.8.5 (大气环境防护距离: 厂界外短期贡献浓度超过环境质量浓度限值的区域, 不应有长期居住人群);
    GB 18078.1-2012 and the other 2012 卫生防护距离 standards (distance from the unit producing the
    harmful factor to the sensitive area).
    """
    p = rule.parameters
    th: dict[str, Any] = {}
    ev: dict[str, Any] = {}
    missing: list[str] = []
    warns: list[tuple[str, str]] = []
    required = 0.0
    if p.atmospheric:
        apd, how, w = env.atmospheric_distance(app)
        warns += w
        if apd is None:
            missing.append(how)
        else:
            ev["atmospheric_protection_distance_m"] = apd
            ev["atmospheric_from"] = how
            required = max(required, apd)
    if p.sanitary:
        sd, how, w = env.sanitary_distance(app, rule)
        warns += w
        if sd is None and how:
            missing.append(how)
        elif sd is not None:
            ev["sanitary_protection_distance_m"] = sd
            ev["sanitary_from"] = how
            required = max(required, sd)
    th["required_distance_m"] = required
    if not missing and required == 0:
        return Finding("pass", "无需设置大气环境防护距离和卫生防护距离", "no protection distance required", ev, th, warnings=warns)
    d, frm, name = env.receptor_distance(app)
    if d is None:
        missing.append(frm)
    else:
        ev.update({"nearest_receptor": name, "distance_m": d, "measured_from": frm})
    if d is not None and required > 0 and not (d >= required or math.isclose(d, required, rel_tol=1e-9)):
        return Finding("violated", f"最近敏感目标{name}距离{_fmt(d)} m，小于防护距离{_fmt(required)} m",
                       f"nearest receptor {name} at {_fmt(d)} m < protection distance {_fmt(required)} m", ev, th, warnings=warns)
    if missing:
        return Finding("missing", "；".join(missing), "; ".join(missing), ev, th, warnings=warns)
    return Finding("pass", f"最近敏感目标{name}距离{_fmt(d)} m，不小于防护距离{_fmt(required)} m",
                   f"nearest receptor {name} at {_fmt(d)} m >= {_fmt(required)} m", ev, th, warnings=warns)


def location(rule, app: EnterpriseApplication, env: "Environment", ledger) -> Finding:
    """Site inside the cluster boundary (boundary points count as inside) and clear of ecological
    red-line polygons (touching a red line counts as inside it).

    References
    ----------
    关于加强生态保护红线管理的通知（试行）(自然资发〔2022〕142号) (no industrial development inside red
    lines); HJ 131-2021 §9.2 (空间布局约束).
    """
    p = rule.parameters
    site = env.site_geometry(app)
    th = {"inside_boundary": p.require_inside_boundary, "redline_buffer_m": p.redline_buffer_m}
    if site is None:
        return Finding("missing", "未提供厂址坐标或厂界", "site location not given", {}, th)
    ev: dict[str, Any] = {"site": "polygon" if app.site_polygon_m else "point"}
    problems_zh, problems_en, missing = [], [], []
    if p.require_inside_boundary:
        if env.boundary is None:
            missing.append("集聚区边界未在情景中给出")
        else:
            inside = env.boundary_prepared.covers(site)
            ev["inside_boundary"] = bool(inside)
            if not inside:
                problems_zh.append("厂址位于集聚区边界之外")
                problems_en.append("site outside the cluster boundary")
    hit = env.redlines_hit(site, p.redline_buffer_m)
    ev["redlines_intersected"] = hit
    if hit:
        problems_zh.append("厂址与生态保护红线（" + "、".join(hit) + "）相交")
        problems_en.append("site intersects red line(s) " + ", ".join(hit))
    if problems_zh:
        return Finding("violated", "；".join(problems_zh), "; ".join(problems_en), ev, th)
    if missing:
        return Finding("missing", "；".join(missing), "cluster boundary not given in the scenario", ev, th)
    return Finding("pass", "厂址位于集聚区内且不涉及生态保护红线", "inside the cluster, clear of red lines", ev, th)


def negative_list(rule, app: EnterpriseApplication, env, ledger) -> Finding:
    """Prohibited products/processes (keywords) or industries (GB/T 4754 prefixes) of the list.

    References
    ----------
    HJ 131-2021 §9.2 (生态环境准入清单: 禁止准入的产业、工艺、产品).
    """
    p = rule.parameters
    th = {"keywords": list(p.keywords), "codes": list(p.codes)}
    text = _app_text(app)
    has_text = bool(text.strip())
    kw = [k for k in p.keywords if k.lower() in text]
    codes = sorted({c for c in app.gbt4754_codes for x in p.codes if c.startswith(x)})
    ev = {"matched_keywords": kw, "matched_codes": codes}
    if kw or codes:
        return Finding("violated", "属于禁止准入：" + "、".join(kw + codes), "prohibited: " + ", ".join(kw + codes), ev, th)
    if (p.keywords and not has_text) or (p.codes and not app.gbt4754_codes):
        return Finding("missing", "缺少产品/工艺或行业代码，无法核对禁止准入清单", "products/processes or codes missing", ev, th)
    return Finding("pass", "不属于禁止准入的产业、工艺或产品", "not on the negative list", ev, th)


_OPS: dict[str, tuple[Callable[[float, float], bool], str]] = {
    "<": (lambda a, b: a < b, "小于"),
    "<=": (lambda a, b: _le(a, b), "不大于"),
    ">": (lambda a, b: a > b, "大于"),
    ">=": (lambda a, b: a >= b or math.isclose(a, b, rel_tol=1e-9), "不小于"),
}


def field_threshold(rule, app: EnterpriseApplication, env, ledger) -> Finding:
    """A numeric field of the application must satisfy ``op value`` (e.g. ``risk_q < 100``).

    References
    ----------
    HJ 169-2018 附录C (危险物质数量与临界量比值 Q; Q >= 100 is the highest band of C.1.1); HJ 131-2021
    §9.2 (环境风险防控).
    """
    p = rule.parameters
    obj: Any = app
    for part in p.field.split("."):
        obj = getattr(obj, part, None) if obj is not None else None
    fn, word = _OPS[p.op]
    th = {"field": p.field, "op": p.op, "value": p.value}
    if obj is None:
        return Finding("missing", f"未提供{p.field}", f"{p.field} not given", {}, th)
    ev = {p.field: obj}
    if fn(float(obj), p.value):
        return Finding("pass", f"{p.field} = {_fmt(obj)}，{word}{_fmt(p.value)}", f"{p.field} = {_fmt(obj)} {p.op} {_fmt(p.value)}", ev, th)
    return Finding("violated", f"{p.field} = {_fmt(obj)}，不满足{word}{_fmt(p.value)}", f"{p.field} = {_fmt(obj)} fails {p.op} {_fmt(p.value)}", ev, th)


#: Registry of rule kinds -> evaluator.
RULE_KINDS: dict[str, Callable[..., Finding]] = {
    "industry_fit": industry_fit,
    "industrial_policy": industrial_policy,
    "clean_production": clean_production,
    "pollutant_quota": pollutant_quota,
    "wwtp_capacity": wwtp_capacity,
    "resource_intensity": resource_intensity,
    "protection_distance": protection_distance,
    "location": location,
    "negative_list": negative_list,
    "field_threshold": field_threshold,
}

#: Rule kinds whose outcome depends on budgets consumed by earlier admitted applicants.
QUOTA_KINDS = frozenset({"pollutant_quota", "wwtp_capacity"})

def evaluate_rule(rule, app: EnterpriseApplication, env: "Environment", ledger: "Ledger") -> Finding:
    """Evaluate one rule; unknown kinds raise ValueError listing the known ones."""
    fn = RULE_KINDS.get(rule.kind)
    if fn is None:
        raise ValueError(f"rule kind {rule.kind!r} unknown; expected one of {', '.join(RULE_KINDS)}")
    return fn(rule, app, env, ledger)
