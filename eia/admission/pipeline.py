"""Section runner ``admission``: screen the scenario's enterprises against its criteria set.

``run_admission(ctx, results) -> dict`` is called by :func:`eia.pipeline.compute_results` after the
air and water sections, so the remaining capacities it screens against are those of this run.
The dict layout is documented in ``docs/results/admission.md``.
"""
from __future__ import annotations

from typing import Any

from eia.admission.batch import read_applications
from eia.admission.engine import (
    OUTCOME_LABELS,
    VERDICTS,
    Environment,
    Ledger,
    Screening,
    build_environment,
    resolve_criteria,
    screen_batch,
)
from eia.admission.schema import DIMENSIONS, CriteriaSet

__all__ = ["run_admission", "admission_results", "criteria_table", "screening_table", "detail_table"]

#: Per-enterprise rule tables are included for at most this many applications (the batch table
#: always has every application).
MAX_DETAIL_TABLES = 50

_KIND_LABELS = {
    "industry_fit": {"zh": "产业定位", "en": "Industry fit"},
    "industrial_policy": {"zh": "产业政策", "en": "Industrial policy"},
    "clean_production": {"zh": "清洁生产水平", "en": "Clean production"},
    "pollutant_quota": {"zh": "总量指标", "en": "Total-load quota"},
    "wwtp_capacity": {"zh": "污水处理厂能力", "en": "WWTP capacity"},
    "resource_intensity": {"zh": "资源能源效率", "en": "Resource intensity"},
    "protection_distance": {"zh": "防护距离", "en": "Protection distance"},
    "location": {"zh": "选址", "en": "Location"},
    "negative_list": {"zh": "禁止准入", "en": "Negative list"},
    "field_threshold": {"zh": "阈值", "en": "Threshold"},
}
_SEVERITY = {"reject": {"zh": "否决", "en": "reject"}, "condition": {"zh": "附条件", "en": "condition"}}


def _col(key: str, zh: str, en: str, unit: str | None = None, fmt: str | None = None) -> dict:
    return {"key": key, "label": {"zh": zh, "en": en}, "unit": unit, "format": fmt}


def criteria_table(cset: CriteriaSet, origin: str) -> dict:
    """The criteria set as a report table (chapter ``admission``)."""
    rows = [
        {
            "id": r.id,
            "dimension": DIMENSIONS[r.dimension],
            "clause": {"zh": r.clause, "en": r.clause_en or r.clause},
            "kind": _KIND_LABELS[r.kind],
            "severity": _SEVERITY[r.severity],
            "source": f"{r.source.document}" + (f" {r.source.clause}" if r.source.clause else ""),
            "enabled": r.enabled,
        }
        for r in cset.rules
    ]
    return {
        "id": "admission.criteria",
        "chapter": "admission",
        "title": {"zh": f"生态环境准入清单（{cset.title}，版本 {cset.version}）", "en": f"Admission criteria ({cset.title_en or cset.title}, version {cset.version})"},
        "columns": [
            _col("id", "编号", "Id"), _col("dimension", "管控维度", "Dimension"), _col("clause", "管控要求", "Requirement"),
            _col("kind", "判定方式", "Check"), _col("severity", "不符合时", "If violated"), _col("source", "依据", "Source"),
            _col("enabled", "启用", "Enabled"),
        ],
        "rows": rows,
        "notes": {
            "zh": [f"发布文件：{cset.issuing_document}；生效日期：{cset.effective_date.isoformat()}；来源：{origin}。",
                   "判定优先级：任一否决项不符合→不予准入；否则任一项缺少资料→需补充资料；否则任一附条件项不符合→有条件准入；否则准入。"],
            "en": [f"Issued by: {cset.issuing_document}; effective {cset.effective_date.isoformat()}; from {origin}.",
                   "Precedence: any failed reject rule -> reject; else any missing data -> needs more information; else any condition -> admit with conditions; else admit."],
        },
    }


def screening_table(screenings: list[Screening]) -> dict:
    """One row per application with its verdict and deciding rules (chapter ``admission``)."""
    rows = []
    for s in screenings:
        by_id = {r["rule_id"]: r for r in s.rules}
        rows.append({
            "index": (s.index or 0) + 1,
            "name": s.name,
            "verdict": VERDICTS[s.verdict],
            "deciding_rules": ", ".join(s.deciding_rules) or "—",
            "reasons": {"zh": "；".join(by_id[r]["message"]["zh"] for r in s.deciding_rules) or "—",
                        "en": "; ".join(by_id[r]["message"]["en"] for r in s.deciding_rules) or "—"},
        })
    return {
        "id": "admission.screening",
        "chapter": "admission",
        "title": {"zh": "入园项目生态环境准入筛查结果", "en": "Admission screening of applicant enterprises"},
        "columns": [_col("index", "序号", "No."), _col("name", "企业", "Enterprise"), _col("verdict", "结论", "Verdict"),
                    _col("deciding_rules", "决定性条款", "Deciding rules"), _col("reasons", "理由", "Reasons")],
        "rows": rows,
        "notes": {"zh": ["按申请顺序累计筛查：准入（含有条件准入）的企业占用总量指标和污水处理厂能力，后续申请以剩余部分判定。"],
                  "en": ["Screened cumulatively in arrival order: admitted applicants consume quota and WWTP capacity; later ones see what is left."]},
    }


def _evidence_text(ev: dict) -> str:
    parts = []
    for k, v in ev.items():
        if isinstance(v, float):
            parts.append(f"{k}={v:.4g}")
        elif isinstance(v, (list, dict)):
            if not v:
                continue
            if k == "checks":
                parts.extend(f"{c['pollutant']}: {c['emission_t_a']:.4g} ≤ {c['allowed_t_a']:.4g} t/a ({c['budget']})" if c["fits"]
                             else f"{c['pollutant']}: {c['emission_t_a']:.4g} > {c['allowed_t_a']:.4g} t/a ({c['budget']})" for c in v)
            elif k in ("triggered", "undecided"):
                parts.extend(f"{e['id']} {e['text']}" for e in v)
            else:
                parts.append(f"{k}={v}")
        else:
            parts.append(f"{k}={v}")
    return "; ".join(parts)


def detail_table(s: Screening, n: int) -> dict:
    """Every rule's outcome, evidence and clause for one application."""
    rows = [
        {
            "rule_id": r["rule_id"],
            "dimension": r["dimension_label"],
            "outcome": r["outcome_label"],
            "finding": r["message"],
            "evidence": _evidence_text(r["evidence"]),
            "clause": r["clause"],
        }
        for r in s.rules
    ]
    return {
        "id": f"admission.detail.{n}",
        "chapter": "admission",
        "title": {"zh": f"{s.name}准入筛查明细（结论：{VERDICTS[s.verdict]['zh']}）", "en": f"{s.name}: screening detail (verdict: {VERDICTS[s.verdict]['en']})"},
        "columns": [_col("rule_id", "条款", "Rule"), _col("dimension", "维度", "Dimension"), _col("outcome", "判定", "Outcome"),
                    _col("finding", "结果", "Finding"), _col("evidence", "依据数据", "Evidence"), _col("clause", "管控要求", "Requirement")],
        "rows": rows,
    }


def _budgets(env: Environment, ledger: Ledger) -> tuple[list[dict], dict]:
    rows = []
    for pol, rem in env.air_remaining.items():
        k = ("air", pol)
        rows.append({"budget": f"air/{pol}", "unit": "t/a", "remaining_before": rem, "consumed": ledger.consumed.get(k, 0.0), "remaining_after": rem - ledger.consumed.get(k, 0.0)})
    for pol, zones in env.water_remaining.items():
        for z, rem in zones.items():
            k = ("water", pol, z)
            rows.append({"budget": f"water/{pol}/{z}", "unit": "t/a", "remaining_before": rem, "consumed": ledger.consumed.get(k, 0.0), "remaining_after": rem - ledger.consumed.get(k, 0.0)})
    if env.wwtp_remaining_m3_d is not None:
        k = ("wwtp", "m3_d")
        rows.append({"budget": "wwtp", "unit": "m3/d", "remaining_before": env.wwtp_remaining_m3_d, "consumed": ledger.consumed.get(k, 0.0),
                     "remaining_after": env.wwtp_remaining_m3_d - ledger.consumed.get(k, 0.0)})
    table = {
        "id": "admission.budgets",
        "chapter": "admission",
        "title": {"zh": "准入企业占用的总量指标与污水处理能力", "en": "Quota and WWTP capacity taken by admitted applicants"},
        "columns": [_col("budget", "指标", "Budget"), _col("unit", "单位", "Unit"), _col("remaining_before", "筛查前剩余", "Remaining before", None, ".4g"),
                    _col("consumed", "准入企业占用", "Taken", None, ".4g"), _col("remaining_after", "筛查后剩余", "Remaining after", None, ".4g")],
        "rows": rows,
    }
    return rows, table


def _figures(screenings: list[Screening], counts: dict, env: Environment, apps: list | None) -> list[dict]:
    """Bar chart of verdict counts; map of applicants (by verdict), boundary, receptors, red lines."""
    figs = [{
        "id": "admission.verdicts", "chapter": "admission", "kind": "bar",
        "title": {"zh": "入园申请筛查结论统计", "en": "Screening verdicts"},
        "data": {"categories": [VERDICTS[v]["zh"] for v in VERDICTS],
                 "series": [{"label": {"zh": "企业数", "en": "Applicants"}, "values": [counts[v] for v in VERDICTS]}],
                 "unit": "家"},
    }]
    if apps:
        points = []
        for s, a in zip(screenings, apps):
            if a.x_m is not None:
                points.append({"name": s.name, "x_m": a.x_m, "y_m": a.y_m, "kind": s.verdict})
            elif a.site_polygon_m:
                xs, ys = zip(*a.site_polygon_m)
                points.append({"name": s.name, "x_m": sum(xs) / len(xs), "y_m": sum(ys) / len(ys), "kind": s.verdict})
        points += [{"name": r.name, "x_m": r.x_m, "y_m": r.y_m, "kind": "receptor"} for r in env.receptors]
        if points and len(screenings) <= 500:
            figs.append({
                "id": "admission.map", "chapter": "admission", "kind": "map",
                "title": {"zh": "入园申请企业位置及筛查结论", "en": "Applicants' sites and verdicts"},
                "data": {"boundary_m": [list(c) for c in env.boundary.exterior.coords[:-1]] if env.boundary is not None else None,
                         "points": points,
                         "polygons": [{"name": n, "coordinates_m": [list(c) for c in g.exterior.coords[:-1]]} for n, g in env.redlines],
                         "lines": []},
            })
    return figs


def admission_results(cset: CriteriaSet, origin: str, screenings: list[Screening], env: Environment, ledger: Ledger,
                      apps: list | None = None) -> dict:
    """Assemble ``results['admission']`` (machine fields and report-ready tables)."""
    counts = {v: 0 for v in VERDICTS}
    for s in screenings:
        counts[s.verdict] += 1
    budget_rows, budget_table = _budgets(env, ledger)
    tables = [criteria_table(cset, origin)]
    if screenings:
        tables.append(screening_table(screenings))
        if budget_rows:
            tables.append(budget_table)
        if len(screenings) <= MAX_DETAIL_TABLES:
            tables += [detail_table(s, i + 1) for i, s in enumerate(screenings)]
    n = len(screenings)
    figures = _figures(screenings, counts, env, apps) if screenings else []
    para_zh = (f"依据{cset.title}（{cset.issuing_document}，版本{cset.version}），按申请顺序对{n}家入园企业进行生态环境准入筛查："
               f"准入{counts['admit']}家，有条件准入{counts['admit_with_conditions']}家，不予准入{counts['reject']}家，需补充资料{counts['needs_more_information']}家。")
    para_en = (f"{n} applicant(s) screened in arrival order against {cset.title_en or cset.title} (version {cset.version}): "
               f"{counts['admit']} admitted, {counts['admit_with_conditions']} admitted with conditions, {counts['reject']} rejected, "
               f"{counts['needs_more_information']} need more information.")
    return {
        "criteria_set": {
            "id": cset.id, "version": cset.version, "title": cset.title, "title_en": cset.title_en,
            "issuing_document": cset.issuing_document, "effective_date": cset.effective_date.isoformat(), "origin": origin,
            "rules": [r.model_dump(mode="json") for r in cset.rules],
        },
        "screenings": [s.to_dict() for s in screenings],
        "summary": {"n_applications": n, "by_verdict": counts},
        "budgets": budget_rows,
        "outcome_labels": OUTCOME_LABELS,
        "tables": tables,
        "figures": figures,
        "paragraphs": [{"chapter": "admission", "zh": para_zh, "en": para_en}] if n else [],
        "artefacts": [],
    }


def run_admission(ctx, results: dict) -> dict[str, Any]:
    """Screen ``scenario.enterprises`` (then ``criteria.applications_file`` rows) cumulatively.

    Warnings (``ctx.warn``): capacities absent from the results, policy entries used whose wording
    is unconfirmed, sanitary values marked unconfirmed.
    """
    sc = ctx.scenario
    cset, origin = resolve_criteria(sc.criteria)
    env = build_environment(sc, results, ctx)
    apps = list(sc.enterprises or [])
    if sc.criteria is not None and sc.criteria.applications_file is not None:
        apps += read_applications(sc.criteria.applications_file)
    kinds = {r.kind for r in cset.rules if r.enabled}
    if "pollutant_quota" in kinds and not env.air_remaining and not env.water_remaining:
        ctx.warn("admission-no-capacity", "准入筛查：本次运行结果中无剩余总量容量（air.total_load / water.remaining_capacity_t_a），排放企业的总量条款判为“缺少资料”")
    if "wwtp_capacity" in kinds and env.wwtp_remaining_m3_d is None:
        ctx.warn("admission-no-wwtp", "准入筛查：本次运行结果中无污水处理厂剩余能力（water.treatment_plant），废水条款判为“缺少资料”")
    screenings, ledger = screen_batch(apps, cset, env)
    for s in screenings:
        for code, msg in s.warnings:
            ctx.warn(code, msg)
    return admission_results(cset, origin, screenings, env, ledger, apps)
