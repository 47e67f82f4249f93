"""Summary tables of the general chapter, read from the sections' machine-readable fields.

HJ 130-2019 and HJ 131-2021 put the assessment grades and ranges, the sensitive receptors and the
models used in the general chapter (总则). The sections report them in their own fields
(docs/results/air.md, docs/results/water.md); the functions here collect them into contract tables
without computing anything — values are copied, only their presentation (labels, joins) is added.
A section that lists ``models`` itself is taken as it is.

References
----------
HJ 130-2019 《规划环境影响评价技术导则 总纲》, 附录 (总则: 评价范围, 环境敏感目标, 评价方法);
HJ 2.2-2018, 5.3 (大气评价等级) and 5.4 (评价范围); HJ 2.3-2018, 5.2 and Table 1 (地表水评价等级).
"""
from __future__ import annotations

from typing import Any

from eia.report.i18n import label, text

__all__ = ["grades_table", "receptors_table", "derived_models", "item_label"]

#: Display names of pollutant codes used by the sections (subscripts kept ASCII for every font).
_POLLUTANTS = {
    "so2": "SO2", "no2": "NO2", "nox": "NOx", "pm10": "PM10", "pm2.5": "PM2.5", "pm25": "PM2.5", "co": "CO",
    "o3": "O3", "tsp": "TSP", "h2s": "H2S", "nh3": "NH3", "hcl": "HCl", "vocs": "VOCs", "tvoc": "TVOC",
    "cod": "COD", "bod5": "BOD5", "nh3-n": "NH3-N", "tp": "TP", "tn": "TN", "do": "DO",
}
_PERIODS = {
    "1h": {"zh": "1小时平均", "en": "1-h"}, "8h": {"zh": "8小时平均", "en": "8-h"},
    "24h": {"zh": "24小时平均", "en": "24-h"}, "annual": {"zh": "年平均", "en": "annual"},
}


def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _pollutant(code: str) -> str:
    return _POLLUTANTS.get(str(code).lower(), str(code))


def item_label(item: str, lang: str) -> str:
    """``"no2 24h"`` -> ``"NO2 24小时平均"`` (known codes only; anything else is kept as written)."""
    parts = str(item).split()
    if not parts:
        return str(item)
    out = [_POLLUTANTS.get(parts[0].lower(), parts[0])]
    out += [text(_PERIODS[p], lang) if p in _PERIODS else p for p in parts[1:]]
    return " ".join(out)

_RECEPTOR_KINDS = {
    "village": {"zh": "村庄", "en": "village"},
    "school": {"zh": "学校", "en": "school"},
    "hospital": {"zh": "医院", "en": "hospital"},
    "residential": {"zh": "居住区", "en": "residential"},
    "town": {"zh": "城镇", "en": "town"},
    "nature_reserve": {"zh": "自然保护区", "en": "nature reserve"},
    "water_source": {"zh": "饮用水水源保护区", "en": "drinking-water source"},
}

_ELEMENTS = {"air": {"zh": "大气环境", "en": "Air"}, "water": {"zh": "地表水环境", "en": "Surface water"}}


def _bi(zh: str, en: str) -> dict:
    return {"zh": zh, "en": en}


def _col(key: str, zh: str, en: str, unit: str | None = None, fmt: str | None = None) -> dict:
    return {"key": key, "label": _bi(zh, en), "unit": unit, "format": fmt}


def _air_grade_row(air: dict, lang: str) -> dict | None:
    est = air.get("estimation")
    if not isinstance(est, dict) or est.get("grade") is None:
        return None
    pm = est.get("pmax") or {}
    basis = []
    if _num(pm.get("pmax_pct")):
        basis.append(f"Pmax = {pm['pmax_pct']:.2f}%（{_pollutant(pm.get('pollutant', ''))}，{pm.get('source_id', '')}）"
                     if lang == "zh" else
                     f"Pmax = {pm['pmax_pct']:.2f}% ({_pollutant(pm.get('pollutant', ''))}, {pm.get('source_id', '')})")
    if _num(est.get("d10_max_m")):
        basis.append(f"D10% = {est['d10_max_m']:.0f} m")
    for sc in est.get("special_cases") or []:
        if sc.get("applied") is True and sc.get("clause"):
            basis.append(f"{sc['clause']}" + ("（适用）" if lang == "zh" else " (applied)"))
    rng = est.get("range") or {}
    return {
        "element": text(_ELEMENTS["air"], lang),
        "grade": text(est.get("grade_label") or str(est.get("grade")), lang),
        "basis": "；".join(basis) if lang == "zh" else "; ".join(basis),
        "range": text(rng.get("basis"), lang) or None,
    }


def _water_grade_row(water: dict, lang: str) -> dict | None:
    g = water.get("grade")
    if not isinstance(g, dict) or not g.get("grade"):
        return None
    grade = g.get("grade") if lang == "zh" else (g.get("grade_en") or g.get("grade"))
    basis = []
    disc = g.get("discharge")
    if disc:
        basis.append({"direct": _bi("直接排放", "direct discharge"), "indirect": _bi("间接排放", "indirect discharge")}
                     .get(disc, _bi(str(disc), str(disc)))[lang])
    if _num(g.get("q_m3_d")):
        basis.append(f"Q = {g['q_m3_d']:g} m³/d")
    if _num(g.get("w")):
        basis.append(f"W = {g['w']:g}")
    applied = [str(n.get("note")) for n in g.get("notes") or [] if n.get("status") == "applied"]
    if applied:
        basis.append(("表 1 注 " if lang == "zh" else "Table 1 note(s) ") + ", ".join(applied))
    return {
        "element": text(_ELEMENTS["water"], lang),
        "grade": grade,
        "basis": "；".join(basis) if lang == "zh" else "; ".join(basis),
        "range": None,
    }


def grades_table(results: dict, lang: str) -> dict | None:
    """Assessment grade, its basis and the assessment range of each element (None if none known)."""
    rows = []
    if isinstance(results.get("air"), dict):
        r = _air_grade_row(results["air"], lang)
        if r:
            rows.append(r)
    if isinstance(results.get("water"), dict):
        r = _water_grade_row(results["water"], lang)
        if r:
            rows.append(r)
    if not rows:
        return None
    return {
        "id": "general.grades", "chapter": "general", "title": _bi("评价等级与评价范围", "Assessment grades and ranges"),
        "columns": [_col("element", "环境要素", "Element"), _col("grade", "评价等级", "Grade"),
                    _col("basis", "判定依据", "Basis"), _col("range", "评价范围", "Range")],
        "rows": rows,
    }


def receptors_table(results: dict, lang: str) -> dict | None:
    """Sensitive receptors named by the sections (air prediction receptors), one row each."""
    air = results.get("air")
    preds = (air or {}).get("predictions") if isinstance(air, dict) else None
    seen: dict[str, dict] = {}
    for r in (preds or {}).get("receptors") or []:
        name = r.get("receptor")
        if name is None or name in seen:
            continue
        kind = r.get("kind")
        seen[name] = {
            "name": name,
            "kind": text(_RECEPTOR_KINDS.get(kind, kind), lang) if kind else None,
            "x_m": r.get("x_m"),
            "y_m": r.get("y_m"),
            "air_class": r.get("air_class"),
            "element": text(_ELEMENTS["air"], lang),
        }
    if not seen:
        return None
    return {
        "id": "general.receptors", "chapter": "general", "title": _bi("环境敏感目标", "Sensitive receptors"),
        "columns": [_col("name", "名称", "Name"), _col("kind", "类型", "Kind"), _col("x_m", "x", "x", "m", ".0f"),
                    _col("y_m", "y", "y", "m", ".0f"), _col("air_class", "环境空气功能区", "Air quality class"),
                    _col("element", "环境要素", "Element")],
        "rows": list(seen.values()),
    }


def derived_models(results: dict, lang: str) -> list[dict[str, Any]]:
    """Model rows (chapter, model, version, reference) for sections that do not list ``models``."""
    eng = results.get("engine") or {}
    version = f"{eng.get('name', 'eia-engine')} {eng.get('version', '')}".strip()
    rows: list[dict[str, Any]] = []
    air = results.get("air")
    if isinstance(air, dict) and not air.get("models"):
        ch = label("m.air", lang)
        pe = ((air.get("predictions") or {}).get("engine") or {})
        scheme = pe.get("scheme")
        if isinstance(air.get("estimation"), dict):
            rows.append({"chapter": ch, "model": text(_bi(
                "估算：高斯烟羽筛选" + (f"（扩散参数 {scheme}）" if scheme else ""),
                "Screening: Gaussian plume" + (f" (dispersion {scheme})" if scheme else "")), lang),
                "version": version, "reference": "HJ 2.2-2018 5.3; docs/methods/air-assessment.md"})
        if pe:
            backend = pe.get("backend")
            rows.append({"chapter": ch, "model": text(_bi(
                f"逐时预测：高斯烟羽（扩散参数 {scheme}）", f"Hourly prediction: Gaussian plume (dispersion {scheme})"), lang),
                "version": version + (f" ({backend})" if backend else ""),
                "reference": text(_bi("HJ 2.2-2018 第 8 章", "HJ 2.2-2018 ch. 8"), lang)
                + "; docs/methods/air-gbt3840.md, air-area-volume.md"})
        met = air.get("meteorology")
        if isinstance(met, dict):
            for key, zh, en in (("stability_source", "大气稳定度", "Stability"), ("mixing_height_source", "混合层高度", "Mixing height")):
                if met.get(key):
                    rows.append({"chapter": ch, "model": text(_bi(zh, en), lang), "version": None, "reference": str(met[key])})
    water = results.get("water")
    if isinstance(water, dict) and not water.get("models"):
        ch = label("m.water", lang)
        if water.get("profiles") or water.get("sections"):
            rows.append({"chapter": ch, "model": text(_bi(
                "河网一维稳态水质模型（完全混合 + 一阶衰减）；溶解氧 Streeter–Phelps",
                "1-D steady river network (complete mixing + first-order decay); DO by Streeter–Phelps"), lang),
                "version": version, "reference": "HJ 2.3-2018 附录 E; docs/methods/water-capacity.md"})
        cap = water.get("capacity")
        if isinstance(cap, dict) and cap.get("control_mode"):
            rows.append({"chapter": text(_bi("水环境容量", "Capacity"), lang), "model": text(_bi(
                f"水环境容量（控制方式 {cap['control_mode']}）", f"Assimilative capacity (control mode {cap['control_mode']})"), lang),
                "version": version, "reference": "GB/T 25173-2010; HJ 2.3-2018; docs/methods/water-capacity.md"})
        for reach, df in sorted((water.get("design_flows") or {}).items()):
            basis = df.get("basis_zh") if lang == "zh" else df.get("basis")
            if basis or df.get("basis"):
                rows.append({"chapter": ch, "model": text(_bi(f"设计流量（{reach}）", f"Design flow ({reach})"), lang),
                             "version": None, "reference": basis or df.get("basis")})
    return rows
