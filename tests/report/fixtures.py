"""Synthetic results dicts following the report contract (docs/architecture.md)."""
from __future__ import annotations

import math


def _bi(zh, en):
    return {"zh": zh, "en": en}


def contour_grid(n=31, extent_m=6000.0):
    xs = [(-extent_m / 2) + i * extent_m / (n - 1) for i in range(n)]
    ys = list(xs)
    vals = [[round(80.0 * math.exp(-((x - 600) ** 2 / 2 / 900.0**2 + (y + 300) ** 2 / 2 / 1400.0**2)) + 5.0, 4) for x in xs] for y in ys]
    return xs, ys, vals


def synthetic_results(language="zh", wide_cols=16):
    xs, ys, vals = contour_grid()
    boundary = [[-2000.0, -1500.0], [2200.0, -1500.0], [2200.0, 1800.0], [-2000.0, 1800.0]]
    wide_columns = [{"key": "receptor", "label": _bi("敏感目标", "Receptor"), "unit": None, "format": None}] + [
        {"key": f"h{i:02d}", "label": _bi(f"{i:02d}时", f"{i:02d}h"), "unit": "μg/m³", "format": ".2f"} for i in range(wide_cols)
    ]
    wide_rows = [{"receptor": _bi(f"村庄{k}", f"Village {k}"), **{f"h{i:02d}": 10.0 + k * 3.217 + i * 0.5 for i in range(wide_cols)}} for k in range(4)]
    return {
        "schema_version": "1.0",
        "engine": {"name": "eia-engine", "version": "0.1.0", "python": "3.11"},
        "scenario": {
            "file": "scenario.yaml",
            "sha256": "ab12cd34" * 8,
            "schema_version": "1.0",
            "meta": {
                "title": "测试产业集聚区总体规划环境影响评价",
                "title_en": "Planning EIA of the Test Cluster",
                "assessment_date": "2026-11-01",
                "language": language,
                "standards": {"ambient_air": "by-date", "ambient_air_class": "2", "surface_water": "GB 3838-2002"},
                "prepared_by": None,
                "data_note": "排放与水文数据为示意值（illustrative），非实测。",
            },
            "cluster": {
                "name": "测试产业集聚区",
                "name_en": "Test Cluster",
                "location": {"province": "河南省", "city": "商丘市", "county": "柘城县", "latitude_deg": 34.09,
                             "longitude_deg": 115.31, "elevation_m": 45.0, "timezone_offset_h": 8.0},
                "area_km2": 14.0,
                "built_area_km2": 5.7,
                "development_area_km2": 8.3,
                "boundary": {"crs": "local", "coordinates_m": boundary},
                "leading_industries": [
                    {"name": "医药制造", "name_en": "Pharmaceutical manufacturing", "gbt4754_codes": ["C27"]},
                    {"name": "纺织服装", "name_en": "Textiles and garments", "gbt4754_codes": ["C17", "C18"]},
                ],
                "planning_horizon": {"base_year": 2020, "near_term_year": 2025, "long_term_year": 2030},
                "enterprise_count": 118,
                "employees": 32000,
                "description": None,
            },
        },
        "standards": [
            {"standard_id": "GB 3095-2026", "items": ["NO2 1h", "SO2 1h"], "unconfirmed": ["NO2 1h"]},
            {"standard_id": "GB 3838-2002", "items": ["COD", "NH3-N"], "unconfirmed": []},
        ],
        "warnings": [
            {"code": "unconfirmed-standard-value", "message": "GB 3095-2026 NO2 1h: the value used is marked unconfirmed"},
            {"code": "illustrative-data", "message": _bi("水文数据为示意值", "Hydrology is illustrative")},
        ],
        "air": {
            "estimation": {"grade": 1, "grade_label": _bi("一级", "Level 1"),
                           "pmax": {"pollutant": "so2", "pmax_pct": 12.3456, "source_id": "P1"}, "d10_max_m": 2450.0,
                           "special_cases": [{"clause": "HJ 2.2-2018 5.3.3.1", "applied": True}, {"clause": "HJ 2.2-2018 5.3.3.2", "applied": False}],
                           "range": {"basis": _bi("自厂界外延 D10%（2.45 km）的矩形区域", "Site extended by D10% (2.45 km)")}},
            "predictions": {"engine": {"scheme": "isc3-rural", "backend": "numpy"}, "receptors": [
                {"receptor": "张庄", "kind": "village", "x_m": 1500.0, "y_m": 900.0, "air_class": "2", "pollutant": "so2"},
                {"receptor": "张庄", "kind": "village", "x_m": 1500.0, "y_m": 900.0, "air_class": "2", "pollutant": "no2"},
                {"receptor": "李庄", "kind": "school", "x_m": -1200.0, "y_m": -600.0, "air_class": "2", "pollutant": "so2"}]},
            "meteorology": {"stability_source": "GB/T 3840-91 from cloud cover"},
            "models": [{"name": _bi("高斯烟羽模式（ISC3 农村）", "Gaussian plume (ISC3 rural)"), "version": "eia-engine 0.1.0",
                        "reference": "HJ 2.2-2018 附录 B; GB/T 3840-1991"}],
            "formulas": ["air.pmax", {"id": "air.custom", "name": _bi("自定义", "Custom"), "expression": "C = Q/u", "source": "test"}],
            "paragraphs": [{"chapter": "air", "zh": "大气预测采用估算模式与进一步预测。", "en": "Screening and refined prediction were used."}],
            "tables": [
                {"id": "air.grade", "chapter": "general", "title": _bi("大气评价等级判定", "Air assessment grade"),
                 "columns": [{"key": "pollutant", "label": _bi("污染物", "Pollutant"), "unit": None, "format": None},
                             {"key": "pmax_pct", "label": _bi("最大占标率", "Pmax"), "unit": "%", "format": ".2f"},
                             {"key": "d10_m", "label": "D10%", "unit": "m", "format": ".0f"},
                             {"key": "grade", "label": _bi("等级", "Grade"), "unit": None, "format": None}],
                 "rows": [{"pollutant": "SO2", "pmax_pct": 12.3456, "d10_m": 2450.0, "grade": _bi("一级", "Grade 1")},
                          {"pollutant": "NO2", "pmax_pct": 0.000012345, "d10_m": None, "grade": _bi("三级", "Grade 3")}],
                 "notes": {"zh": ["Pmax 按 HJ 2.2-2018 式 (1) 计算。"], "en": ["Pmax by HJ 2.2-2018 eq. (1)."]}},
                {"id": "air.receptors", "chapter": "general", "title": _bi("大气环境敏感目标", "Air sensitive receptors"),
                 "columns": [{"key": "name", "label": _bi("名称", "Name"), "unit": None, "format": None},
                             {"key": "x_m", "label": "x", "unit": "m", "format": ".0f"},
                             {"key": "y_m", "label": "y", "unit": "m", "format": ".0f"}],
                 "rows": [{"name": "张庄", "x_m": 1500.0, "y_m": 900.0}, {"name": "李庄", "x_m": -1200.0, "y_m": -600.0}]},
                {"id": "air.estimation", "chapter": "air", "title": _bi("估算模式计算结果", "Screening (estimation) results"),
                 "columns": [{"key": "pollutant", "label": _bi("污染物", "Pollutant"), "unit": None, "format": None},
                             {"key": "cmax_ug_m3", "label": _bi("最大浓度", "Max. concentration"), "unit": "μg/m³", "format": ".4g"},
                             {"key": "exceeds", "label": _bi("超标", "Exceeds"), "unit": None, "format": None}],
                 "rows": [{"pollutant": "SO2", "cmax_ug_m3": 12.3, "exceeds": False},
                          {"pollutant": "NO2", "cmax_ug_m3": 123456.7, "exceeds": True}]},
                {"id": "air.hourly_wide", "chapter": "air", "title": _bi("敏感目标逐时浓度", "Hourly concentrations at receptors"),
                 "subsection": _bi("逐时结果", "Hourly results"), "columns": wide_columns, "rows": wide_rows},
            ],
            "figures": [
                {"id": "air.contour.so2.1h", "chapter": "air", "kind": "contour",
                 "title": _bi("SO₂ 最大 1 小时平均浓度分布", "Maximum 1-h SO₂ concentration"),
                 "data": {"x_m": xs, "y_m": ys, "values": vals, "unit": "μg/m³", "levels": None, "limit": 50.0,
                          "boundary_m": boundary, "sources": [{"id": "P1", "x_m": 600.0, "y_m": -300.0}],
                          "receptors": [{"name": "张庄", "x_m": 1500.0, "y_m": 900.0}, {"name": "李庄", "x_m": -1200.0, "y_m": -600.0}],
                          "redline_m": [[[-2900.0, 2000.0], [-2200.0, 2000.0], [-2200.0, 2800.0], [-2900.0, 2800.0]]]}},
                {"id": "air.windrose", "chapter": "air", "kind": "wind_rose", "title": _bi("风向玫瑰图", "Wind rose"),
                 "data": {"directions_deg": [i * 22.5 for i in range(16)], "speed_bins_m_s": [0.5, 2, 4, 6, None],
                          "frequency_pct": [[1.0 + (i % 4), 2.0, 1.0, 0.5 * (i % 3)] for i in range(16)], "calm_pct": 6.5}},
            ],
            "geojson": [{"id": "air.contour.so2.1h", "chapter": "air", "title": _bi("SO₂ 等值线", "SO2 contours"),
                         "features": {"type": "FeatureCollection", "features": [
                             {"type": "Feature", "properties": {"level": 50.0},
                              "geometry": {"type": "LineString", "coordinates": [[0.0, 0.0], [100.0, 50.0]]}}]}}],
        },
        "water": {
            "grade": {"grade": "一级", "grade_en": "Grade 1", "discharge": "direct", "q_m3_d": 62500.0, "w": 695325.0,
                      "notes": [{"note": 1, "status": "applied"}, {"note": 2, "status": "undecided"}]},
            "capacity": {"control_mode": "zone-end"},
            "design_flows": {"huiji": {"basis": "90% driest-month flow", "basis_zh": "90% 保证率最枯月流量"}},
            "models": [{"name": _bi("一维稳态衰减模式", "1-D steady-state decay"), "version": "0.1.0", "reference": "HJ 2.3-2018 附录 E"}],
            "formulas": ["water.complete_mixing"],
            "tables": [
                {"id": "water.profile", "chapter": "water", "title": _bi("沿程 COD 浓度", "COD along the river"),
                 "columns": [{"key": "x_km", "label": _bi("距排口距离", "Distance"), "unit": "km", "format": ".1f"},
                             {"key": "cod_mg_l", "label": "COD", "unit": "mg/L", "format": ".3f"}],
                 "rows": [{"x_km": float(k), "cod_mg_l": 20.0 * math.exp(-0.1 * k) + 5} for k in range(6)]},
                {"id": "water.capacity", "chapter": "capacity", "title": _bi("水环境容量", "Assimilative capacity"),
                 "columns": [{"key": "pollutant", "label": _bi("污染物", "Pollutant"), "unit": None, "format": None},
                             {"key": "capacity_t_a", "label": _bi("容量", "Capacity"), "unit": "t/a", "format": ",.1f"}],
                 "rows": [{"pollutant": "COD", "capacity_t_a": 12345.678}, {"pollutant": "NH3-N", "capacity_t_a": -0.0001}]},
                {"id": "water.inputs", "chapter": "appendix", "title": _bi("水文输入", "Hydrology inputs"),
                 "columns": [{"key": "q", "label": _bi("设计流量", "Design flow"), "unit": "m³/s", "format": ".3g"}],
                 "rows": [{"q": 1.25}]},
            ],
            "figures": [
                {"id": "water.profile.cod", "chapter": "water", "kind": "profile", "title": _bi("COD 沿程变化", "COD along the river"),
                 "data": {"x_label": _bi("距排口距离（km）", "Distance (km)"), "x": [0, 1, 2, 3, 4, 5],
                          "series": [{"label": _bi("预测值", "Predicted"), "y": [25, 23.1, 21.4, 19.8, 18.4, 17.1]}],
                          "y_label": _bi("COD 浓度", "COD"), "unit": "mg/L",
                          "hlines": [{"label": _bi("Ⅲ类标准", "Class III"), "y": 20}]}},
                {"id": "water.capacity.bar", "chapter": "capacity", "kind": "bar", "title": _bi("容量与排放量", "Capacity and load"),
                 "data": {"categories": ["COD", "NH3-N"], "series": [{"label": _bi("容量", "Capacity"), "values": [120.0, 12.0]},
                                                                   {"label": _bi("排放量", "Load"), "values": [80.0, 14.0]}], "unit": "t/a"}},
            ],
            "paragraphs": [{"chapter": "capacity", "zh": "COD 尚有余量，氨氮超出容量。", "en": "COD has headroom; NH3-N exceeds capacity."}],
        },
        "admission": {
            "tables": [{"id": "admission.list", "chapter": "admission", "title": _bi("准入清单", "Admission list"),
                        "columns": [{"key": "ent", "label": _bi("企业", "Enterprise"), "unit": None, "format": None},
                                    {"key": "decision", "label": _bi("结论", "Decision"), "unit": None, "format": None}],
                        "rows": [{"ent": "甲公司", "decision": _bi("准入", "admit")}, {"ent": "乙公司", "decision": _bi("不予准入", "reject")}]}],
        },
        "checklist": {
            "tables": [{"id": "checklist.hj130", "chapter": "checklist", "title": _bi("HJ 130 核查", "HJ 130 checklist"),
                        "columns": [{"key": "item", "label": _bi("核查项", "Item"), "unit": None, "format": None},
                                    {"key": "ok", "label": _bi("符合", "Compliant"), "unit": None, "format": None}],
                        "rows": [{"item": "规划协调性分析 | 已开展", "ok": True}, {"item": "公众参与", "ok": None}]}],
        },
    }
