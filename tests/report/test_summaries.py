"""General-chapter summaries copied from the sections' machine-readable fields."""
from eia.report.document import build_document
from eia.report.summaries import derived_models, grades_table, item_label, receptors_table
from eia.report.tables import table_matrix
from fixtures import synthetic_results


def test_grades_table_copies_section_values():
    r = synthetic_results()
    t = grades_table(r, "zh")
    _, body = table_matrix(t, "zh")
    air, water = body
    assert air[:2] == ["大气环境", "一级"]
    assert "Pmax = 12.35%（SO2，P1）" in air[2] and "D10% = 2450 m" in air[2]
    assert "5.3.3.1（适用）" in air[2] and "5.3.3.2" not in air[2]  # only applied special cases
    assert air[3] == "自厂界外延 D10%（2.45 km）的矩形区域"
    assert water[:2] == ["地表水环境", "一级"] and "表 1 注 1" in water[2] and "Q = 62500 m³/d" in water[2]
    assert table_matrix(grades_table(r, "en"), "en")[1][1][1] == "Grade 1"


def test_receptors_unique_and_translated():
    t = receptors_table(synthetic_results(), "zh")
    _, body = table_matrix(t, "zh")
    assert body == [["张庄", "村庄", "1500", "900", "2", "大气环境"], ["李庄", "学校", "-1200", "-600", "2", "大气环境"]]


def test_models_listed_by_section_win_over_derived():
    r = synthetic_results()
    assert derived_models(r, "zh") == []  # both sections list their models
    r["air"].pop("models")
    rows = derived_models(r, "en")
    assert [x["model"] for x in rows] == ["Screening: Gaussian plume (dispersion isc3-rural)",
                                          "Hourly prediction: Gaussian plume (dispersion isc3-rural)", "Stability"]
    assert rows[2]["reference"] == "GB/T 3840-91 from cloud cover"


def test_general_chapter_holds_the_summaries():
    d = build_document(synthetic_results(), "zh", render_figures=False)
    ids = [b.table["id"] for b in d.chapters[0].blocks if hasattr(b, "table")]
    assert ids[:4] == ["general.cluster", "general.standards", "general.grades", "air.grade"]
    assert "general.receptors" in ids and "air.receptors" in ids and "general.models" in ids


def test_item_label():
    assert item_label("no2 24h", "zh") == "NO2 24小时平均"
    assert item_label("pm10 annual", "en") == "PM10 annual"
    assert item_label("COD", "zh") == "COD"
    assert item_label("nh3-n", "zh") == "NH3-N"
    assert item_label("厂界 1h", "zh") == "厂界 1小时平均"


def test_formulas_listed_or_inferred_from_section_fields():
    from eia.report.formulas import FORMULAS, formulas_in_use

    r = synthetic_results()
    d = build_document(r, "en", render_figures=False)
    t = [b for b in d.tables() if b.table["id"] == "appendix.formulas"][0]
    assert [row["id"] for row in t.table["rows"]] == ["air.pmax", "air.custom", "water.complete_mixing"]
    assert t.table["rows"][0]["source"] == FORMULAS["air.pmax"]["source"]
    r["water"].pop("formulas")
    assert formulas_in_use("water", r["water"]) == ["water.capacity"]  # the fixture has capacity, no profiles
    r["water"]["profiles"] = {"huiji": {"do": {"x_m": [0.0], "do_mg_l": [7.0]}}}
    assert formulas_in_use("water", r["water"]) == ["water.complete_mixing", "water.first_order_decay",
                                                     "water.rate_temperature", "water.streeter_phelps",
                                                     "water.do_saturation", "water.capacity"]
    assert formulas_in_use("air", {"estimation": {}}) == ["air.pmax", "air.d10", "air.gaussian_point"]
    assert all(i in FORMULAS for i in formulas_in_use("air", {"estimation": {}}))


def test_default_subsections_by_id():
    from eia.report.document import Heading, _default_subsection

    assert _default_subsection({"id": "water.capacity.uncertainty"})["zh"] == "不确定性分析"
    assert _default_subsection({"id": "water.capacity.bar.cod"})["zh"] == "水环境容量"
    assert _default_subsection({"id": "air.contour.no2.1h"})["en"] == "Prediction results"
    assert _default_subsection({"id": "air.metx"}) is None  # prefixes match whole id parts
    d = build_document(synthetic_results(), "zh", render_figures=False)
    heads = [b.text for c in d.chapters for b in c.blocks if isinstance(b, Heading)]
    assert "2.1 估算模式与评价等级" in heads and "2.2 逐时结果" in heads and "2.3 预测与评价结果" in heads
    # a chapter whose items fall in one group gets no subsection heading
    assert not [h for h in heads if h.startswith("5.")]


def test_summaries_tolerate_missing_or_odd_fields():
    r = synthetic_results()
    r["air"]["estimation"] = {"grade": 2, "pmax": {"pmax_pct": None}, "d10_max_m": "n/a"}
    r["water"]["grade"] = {"grade": "二级", "q_m3_d": "unknown"}
    _, body = table_matrix(grades_table(r, "zh"), "zh")
    assert body[0][:3] == ["大气环境", "2", ""] and body[1][:3] == ["地表水环境", "二级", ""]
    r["air"]["predictions"] = {"receptors": [{"pollutant": "so2"}]}
    assert receptors_table(r, "zh") is None
