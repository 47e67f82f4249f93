"""Tests of the standards registry against the published tables.

Sources of the expected values (the standards themselves; see docs/standards.md):
- GB 3095-2012 Table 1 and Table 2 (concentration limits, classes 1 and 2);
- GB 3095-2026 as reported at its release (Xinhua / People's Daily 2026-02-24/25; China Daily);
- GB 3838-2002 Table 1 and Table 2;
- Environmental Protection Tax Law, Annex 2 (应税污染物和当量值表);
- HJ 2.2-2018 5.3.1 (2x / 3x / 6x conversion to 1h limits).
"""
from __future__ import annotations

import datetime as dt

import pytest

from eia import standards as S
from eia.standards import registry as R

REG = S.default_registry()


def lim(std, item, cls=None, per=None, **kw):
    return S.get_limit(std, class_or_grade=cls, item=item, averaging_period=per, **kw)


# ----------------------------------------------------------------------------- row counts
@pytest.mark.parametrize("sid, n", [
    ("GB 3095-2012", 46),      # T1: 6 items x periods x 2 classes = 28; T2: 18
    ("GB 3095-2026", 92),      # the same 46 cells x 2 phases
    ("HJ 2.2-2018", 30),       # 24 pollutants, 6 with both 1h and 24h (TVOC 8h only)
    ("GB 16297-1996 详解", 1),
    ("GB 3838-2002", 125),     # T1: 23 items x 5 classes + TP lake 5 = 120; T2: 5
])
def test_row_counts(sid, n):
    assert len(S.table(sid)) == n
    assert S.standard_info(sid).n_rows == n


def test_table_split_counts():
    t = S.table("GB 3095-2012")
    assert (t["table"] == "Table 1").sum() == 28 and (t["table"] == "Table 2").sum() == 18
    w = S.table("GB 3838-2002")
    assert (w["table"] == "Table 1").sum() == 120 and (w["table"] == "Table 2").sum() == 5
    assert len(REG.pollutant_equivalents("water")) == 61   # Annex 2 tables 一 (1-10) and 二 (11-61)
    assert len(REG.pollutant_equivalents("air")) == 44     # Annex 2 table 五


def test_items_in_table_order():
    assert S.items("GB 3095-2012") == ["so2", "no2", "co", "o3", "pm10", "pm2.5", "tsp", "nox", "pb", "bap"]
    assert S.items("GB 3838-2002")[:8] == ["ph", "do", "codmn", "cod", "bod5", "nh3-n", "tp", "tn"]


def test_no_duplicate_cells_and_every_row_cited():
    for info in S.list_standards():
        if info.kind != "limits":
            continue
        t = S.table(info.id)
        key = ["table", "class_or_grade", "item", "averaging_period", "water_body", "phase"]
        assert not t.duplicated(key).any(), info.id
        assert (t["citation"].str.len() > 20).all(), info.id
        if not info.id.endswith("详解"):
            assert t["citation"].str.startswith(info.id).all(), info.id
        unconf = t[t["status"] == "unconfirmed"]
        assert unconf["note"].str.contains("UNCONFIRMED").all(), info.id


def test_every_row_loads_as_limit():
    n = 0
    for info in S.list_standards():
        if info.kind == "limits":
            for row in R._iter_limits(REG, info.id, dt.date(2027, 1, 1)):
                assert row.kind in ("max", "min", "range") and row.value >= 0
                n += 1
    assert n == 46 + 92 + 30 + 1 + 125


# ----------------------------------------------------------------------------- GB 3095-2012
@pytest.mark.parametrize("item, per, cls, value, unit", [
    ("so2", "1h", "2", 500, "ug/m3"), ("so2", "24h", "2", 150, "ug/m3"), ("so2", "annual", "2", 60, "ug/m3"),
    ("so2", "1h", "1", 150, "ug/m3"), ("so2", "annual", "1", 20, "ug/m3"),
    ("no2", "1h", "2", 200, "ug/m3"), ("no2", "24h", "2", 80, "ug/m3"), ("no2", "annual", "2", 40, "ug/m3"),
    ("co", "1h", "2", 10, "mg/m3"), ("co", "24h", "2", 4, "mg/m3"),
    ("o3", "8h", "2", 160, "ug/m3"), ("o3", "1h", "2", 200, "ug/m3"), ("o3", "8h", "1", 100, "ug/m3"),
    ("pm10", "annual", "2", 70, "ug/m3"), ("pm10", "24h", "2", 150, "ug/m3"),
    ("pm2.5", "annual", "2", 35, "ug/m3"), ("pm2.5", "24h", "2", 75, "ug/m3"),
    ("pm2.5", "annual", "1", 15, "ug/m3"), ("pm2.5", "24h", "1", 35, "ug/m3"),
    ("tsp", "annual", "2", 200, "ug/m3"), ("tsp", "24h", "2", 300, "ug/m3"),
    ("nox", "1h", "2", 250, "ug/m3"), ("nox", "24h", "2", 100, "ug/m3"), ("nox", "annual", "2", 50, "ug/m3"),
    ("pb", "season", "2", 1, "ug/m3"), ("pb", "annual", "2", 0.5, "ug/m3"),
    ("bap", "24h", "2", 0.0025, "ug/m3"), ("bap", "annual", "2", 0.001, "ug/m3"),
])
def test_gb3095_2012_values(item, per, cls, value, unit):
    """GB 3095-2012 Tables 1-2."""
    x = lim("GB 3095-2012", item, cls, per, assessment_date="2020-06-01")
    assert x.value == pytest.approx(value) and x.unit == unit and x.kind == "max"
    assert x.status == "in force" and x.standard_id == "GB 3095-2012"
    assert "GB 3095-2012" in x.citation and ("表1" in x.citation or "表2" in x.citation)


def test_gb3095_2012_dates():
    info = S.standard_info("GB 3095-2012")
    assert info.effective_date == dt.date(2016, 1, 1)
    assert info.superseded_on == dt.date(2026, 3, 1) and info.superseded_by == "GB 3095-2026"


def test_class1_never_looser_than_class2():
    for sid in ("GB 3095-2012", "GB 3095-2026"):
        t = S.table(sid)
        piv = t.pivot_table(index=["item", "averaging_period", "phase"], columns="class_or_grade", values="value")
        assert (piv["1"] <= piv["2"]).all(), sid


# ----------------------------------------------------------------------------- GB 3095-2026 and dates
def test_family_for_date_around_2026_edition():
    assert S.family_for_date("ambient-air", "2016-01-01") == "GB 3095-2012"
    assert S.family_for_date("ambient-air", dt.date(2026, 2, 28)) == "GB 3095-2012"
    assert S.family_for_date("ambient-air", dt.date(2026, 3, 1)) == "GB 3095-2026"
    assert S.family_for_date("ambient-air", "2035-01-01") == "GB 3095-2026"
    with pytest.raises(S.UnknownStandardError, match="2015-12-31"):
        S.family_for_date("ambient-air", "2015-12-31")
    with pytest.raises(S.UnknownStandardError, match="ambient-air"):
        S.family_for_date("ambient-ari", "2020-01-01")


@pytest.mark.parametrize("date, value, sid, phase", [
    ("2026-02-28", 35, "GB 3095-2012", ""),            # last day of GB 3095-2012
    ("2026-03-01", 30, "GB 3095-2026", "transitional"),  # press: phase 1 class-2 PM2.5 annual 30
    ("2030-12-31", 30, "GB 3095-2026", "transitional"),
    ("2031-01-01", 25, "GB 3095-2026", "final"),         # press: revised class-2 annual 25
])
def test_pm25_annual_by_assessment_date(date, value, sid, phase):
    x = S.get_limit("ambient-air", assessment_date=date, class_or_grade="2", item="pm2.5",
                    averaging_period="annual")
    assert (x.value, x.standard_id, x.phase, x.status) == (value, sid, phase, "in force")


def test_gb3095_2026_confirmed_press_values():
    """Values stated in the press reports of the 2026-02-24 release."""
    f = dict(assessment_date="2031-06-01")
    t = dict(assessment_date="2027-06-01")
    assert lim("GB 3095-2026", "pm2.5", "1", "annual", **f).value == 10
    assert lim("GB 3095-2026", "pm2.5", "2", "annual", **f).value == 25
    assert lim("GB 3095-2026", "pm2.5", "1", "24h", **f).value == 25
    assert lim("GB 3095-2026", "pm2.5", "2", "24h", **f).value == 50
    assert lim("GB 3095-2026", "pm2.5", "2", "24h", **t).value == 60
    assert lim("GB 3095-2026", "pm10", "2", "annual", **f).value == 50
    assert lim("GB 3095-2026", "pm10", "2", "24h", **f).value == 100
    assert lim("GB 3095-2026", "pm10", "2", "annual", **t).value == 60
    assert lim("GB 3095-2026", "pm10", "2", "24h", **t).value == 120
    for x in (lim("GB 3095-2026", "pm2.5", "2", "annual", **f), lim("GB 3095-2026", "pm10", "2", "24h", **t)):
        assert not x.unconfirmed and "744319" in x.citation and "tdminews" in x.citation


def test_gb3095_2026_values_agreed_by_two_transcriptions():
    """Table 1 cells agreed by two independent transcriptions (file ids 70228742665, 71272966419)."""
    f, t = dict(assessment_date="2031-06-01"), dict(assessment_date="2027-06-01")
    cases = [("pm10", "1", "annual", f, 20), ("pm10", "1", "24h", f, 50), ("pm10", "1", "annual", t, 40),
             ("pm2.5", "1", "annual", t, 15), ("pm2.5", "1", "24h", t, 35), ("so2", "2", "1h", f, 150),
             ("so2", "2", "1h", t, 500), ("no2", "2", "annual", f, 30), ("no2", "2", "1h", f, 200),
             ("o3", "2", "8h", f, 160), ("co", "2", "1h", f, 10)]
    for item, cls, per, when, value in cases:
        x = lim("GB 3095-2026", item, cls, per, **when)
        assert (x.value, x.status) == (value, "in force"), (item, cls, per)
        assert "71272966419" in x.citation


def test_unconfirmed_status_propagates():
    x = lim("GB 3095-2026", "so2", "2", "annual", assessment_date="2031-06-01")
    assert x.status == "unconfirmed" and x.unconfirmed and x.validity == "in force"
    assert "UNCONFIRMED" in x.note and x.value == 20
    y = lim("GB 3095-2026", "nox", "2", "24h", assessment_date="2027-01-01")
    assert y.unconfirmed and y.phase == "transitional"
    z = S.get_limit("HJ 2.2-2018", item="nh3", averaging_period="1h")
    assert z.status == "unconfirmed" and z.value == 200
    e = S.pollutant_equivalent("so2", "air")
    assert e.unconfirmed and e.value_kg == pytest.approx(0.95)
    assert S.standard_info("GB 3095-2026").n_unconfirmed == 39


def test_explicit_edition_outside_its_dates_reports_validity():
    old = lim("GB 3095-2012", "so2", "2", "1h", assessment_date="2027-01-01")
    assert old.value == 500 and old.status == "superseded" and old.validity == "superseded"
    early = lim("GB 3095-2026", "pm2.5", "2", "annual", assessment_date="2025-01-01")
    assert early.phase == "transitional" and early.status == "not yet in force" and early.value == 30


def test_family_requires_date():
    with pytest.raises(S.StandardsError, match="assessment_date"):
        S.get_limit("ambient-air", class_or_grade=2, item="so2", averaging_period="1h")
    with pytest.raises(S.UnknownStandardError):
        S.get_limit(class_or_grade=2, item="so2", averaging_period="1h")


# ----------------------------------------------------------------------------- errors
def test_unknown_item_suggests_close_matches():
    with pytest.raises(S.UnknownItemError) as e:
        lim("GB 3095-2012", "so3", "2", "1h")
    msg = str(e.value)
    assert "'so3'" in msg and "'so2'" in msg and "GB 3095-2012 defines" in msg
    assert isinstance(e.value, ValueError) and e.value.exit_code == 1


def test_unknown_item_points_to_other_standard():
    with pytest.raises(S.UnknownItemError, match="HJ 2.2-2018"):
        lim("GB 3095-2012", "nh3", "2", "1h")


def test_unknown_period_lists_defined_periods():
    with pytest.raises(S.UnknownPeriodError) as e:
        lim("GB 3095-2012", "so2", "2", "8h")
    assert "annual, 24h, 1h" in str(e.value)
    with pytest.raises(S.UnknownPeriodError, match="averaging_period is required"):
        lim("GB 3095-2012", "so2", "2")
    with pytest.raises(S.UnknownPeriodError, match="not a known averaging period"):
        lim("GB 3095-2012", "so2", "2", "fortnightly")


def test_unknown_class_and_standard():
    with pytest.raises(S.UnknownClassError, match="defined: 1, 2"):
        lim("GB 3095-2012", "so2", "3", "1h")
    with pytest.raises(S.UnknownClassError, match="I, II, III, IV, V"):
        lim("GB 3838-2002", "cod", "VI")
    with pytest.raises(S.UnknownClassError, match="required"):
        lim("GB 3838-2002", "cod")
    with pytest.raises(S.UnknownStandardError, match="GB 3095-2012"):
        lim("GB 3095-2013", "so2", "2", "1h")


def test_eia_error_integration():
    from eia.errors import EiaError
    with pytest.raises(EiaError):
        lim("GB 3095-2012", "xx", "2", "1h")


# ----------------------------------------------------------------------------- normalisation
@pytest.mark.parametrize("spelling, code", [
    ("SO2", "so2"), ("二氧化硫", "so2"), ("PM2.5", "pm2.5"), ("pm25", "pm2.5"), ("PM₂.₅", "pm2.5"),
    ("NH3-N", "nh3-n"), ("氨氮", "nh3-n"), ("COD", "cod"), ("CODMn", "codmn"), ("溶解氧", "do"),
    ("苯并[a]芘", "bap"), ("NMHC", "nmhc"), ("非甲烷总烃", "nmhc"), ("总磷", "tp"),
])
def test_item_spellings(spelling, code):
    assert S.normalise_item(spelling) == code


@pytest.mark.parametrize("cls", ["III", "iii", "Ⅲ", "III类", "class III"])
def test_class_spellings_gb3838(cls):
    assert lim("GB 3838-2002", "cod", cls).value == 20


@pytest.mark.parametrize("cls", [2, "2", "二类区", "二级", "二类"])
def test_class_spellings_air(cls):
    assert lim("GB 3095-2012", "so2", cls, "1h").value == 500


@pytest.mark.parametrize("per", ["1小时平均", "hourly", "1-hour", "1 h"])
def test_period_spellings(per):
    assert lim("GB 3095-2012", "so2", "2", per).value == 500


def test_standard_aliases():
    assert S.standard_info("GB3095—2026").id == "GB 3095-2026"
    assert S.standard_info("gb 3838-2002").id == "GB 3838-2002"


def test_aliases_file_has_no_conflicts():
    import yaml
    from importlib import resources
    data = yaml.safe_load(resources.files("eia.standards").joinpath("data", "aliases.yaml").read_text("utf-8"))
    seen = {}
    for code, spellings in data.items():
        for s in (code, *spellings):
            k = R._key(s)
            assert seen.setdefault(k, code) == code, f"{s!r} declared for {seen[k]} and {code}"


# ----------------------------------------------------------------------------- GB 3838
@pytest.mark.parametrize("item, cls, value, kw", [
    ("cod", "III", 20, {}), ("nh3-n", "III", 1.0, {}), ("tp", "III", 0.2, {"water_body": "river"}),
    ("tp", "III", 0.05, {"water_body": "lake"}), ("tp", "I", 0.01, {"water_body": "reservoir"}),
    ("tn", "III", 1.0, {}), ("bod5", "III", 4, {}), ("codmn", "III", 6, {}), ("do", "III", 5, {}),
    ("do", "I", 7.5, {}), ("hg", "III", 0.0001, {}), ("cr6", "V", 0.1, {}), ("fecal-coliform", "III", 10000, {}),
    ("cod", "I", 15, {}), ("cod", "V", 40, {}), ("nh3-n", "V", 2.0, {}), ("petroleum", "IV", 0.5, {}),
])
def test_gb3838_values(item, cls, value, kw):
    """GB 3838-2002 Table 1."""
    x = lim("GB 3838-2002", item, cls, **kw)
    assert x.value == pytest.approx(value) and x.status == "in force"
    assert "GB 3838-2002 表1" in x.citation


def test_gb3838_kinds_and_notes():
    do = lim("GB 3838-2002", "do", "III")
    assert do.kind == "min" and do.complies(5.0) and not do.complies(4.99)
    ph = lim("GB 3838-2002", "ph", "III")
    assert (ph.kind, ph.value, ph.value_high, ph.unit) == ("range", 6, 9, "dimensionless")
    tp_lake = lim("GB 3838-2002", "tp", "III", water_body="lake")
    assert "lake/reservoir" in tp_lake.note
    with pytest.raises(S.UnknownWaterBodyError, match="river"):
        lim("GB 3838-2002", "tp", "III")
    with pytest.raises(S.UnknownWaterBodyError, match="lake"):
        lim("GB 3838-2002", "tn", "III", water_body="river")
    with pytest.raises(S.UnknownWaterBodyError):
        lim("GB 3838-2002", "tp", "III", water_body="ocean")


@pytest.mark.parametrize("item, value", [("sulfate", 250), ("chloride", 250), ("nitrate-n", 10), ("fe", 0.3),
                                         ("mn", 0.1)])
def test_gb3838_table2(item, value):
    """GB 3838-2002 Table 2: class-free, any requested class accepted."""
    assert lim("GB 3838-2002", item).value == value
    assert lim("GB 3838-2002", item, "III").value == value


def test_class_monotone_in_gb3838():
    t = S.table("GB 3838-2002")
    t1 = t[t["table"] == "Table 1"]
    for (item, wb), g in t1.groupby(["item", "water_body"]):
        v = g.set_index("class_or_grade").loc[list(S.SURFACE_WATER_CLASSES), "value"].tolist()
        kind = g["kind"].iloc[0]
        if kind == "max":
            assert v == sorted(v), item
        elif kind == "min":
            assert v == sorted(v, reverse=True), item


# ----------------------------------------------------------------------------- one-hour equivalents
@pytest.mark.parametrize("item, std, cls, value, factor, period", [
    ("so2", "GB 3095-2012", "2", 500, 1, "1h"),
    ("co", "GB 3095-2012", "2", 10, 1, "1h"),
    ("pm10", "GB 3095-2012", "2", 450, 3, "24h"),       # 150 x 3
    ("pm2.5", "GB 3095-2012", "2", 225, 3, "24h"),      # 75 x 3
    ("pm2.5", "GB 3095-2012", "1", 105, 3, "24h"),      # 35 x 3
    ("tsp", "GB 3095-2012", "2", 900, 3, "24h"),        # 300 x 3
    ("pb", "GB 3095-2012", "2", 3.0, 6, "annual"),      # 0.5 x 6 (quarterly not convertible)
    ("tvoc", "HJ 2.2-2018", "2", 1200, 2, "8h"),        # 600 x 2
    ("mn", "HJ 2.2-2018", "2", 30, 3, "24h"),           # 10 x 3
    ("nh3", "HJ 2.2-2018", "2", 200, 1, "1h"),
])
def test_one_hour_equivalent(item, std, cls, value, factor, period):
    """HJ 2.2-2018 5.3.1: 8h x2, 24h x3, annual x6."""
    x = S.one_hour_equivalent(item, cls, std, assessment_date="2020-01-01")
    assert (x.value, x.factor, x.source_period) == (pytest.approx(value), factor, period)
    if factor != 1:
        assert "HJ 2.2-2018 5.3.1" in x.citation and f"x {factor:g}" in x.description


def test_one_hour_equivalent_by_date_and_search_order():
    x = S.one_hour_equivalent("pm2.5", "2", assessment_date="2031-01-01")
    assert x.limit.standard_id == "GB 3095-2026" and x.value == 150      # 50 x 3
    y = S.one_hour_equivalent("h2s", "2", assessment_date="2024-01-01")
    assert y.limit.standard_id == "HJ 2.2-2018" and y.value == 10 and y.unconfirmed
    z = S.one_hour_equivalent("非甲烷总烃", "2", assessment_date="2024-01-01")
    assert z.limit.standard_id == "GB 16297-1996 详解" and z.value == 2 and z.unit == "mg/m3"
    assert z.unconfirmed
    with pytest.raises(S.UnknownItemError, match="5.2.3"):
        S.ambient_air_standard_for("dioxin", "2024-01-01")


def test_limit_unit_conversion():
    co = lim("GB 3095-2012", "co", "2", "1h").to("ug/m3")
    assert co.value == 10000 and co.unit == "ug/m3"
    with pytest.raises(S.StandardsError):
        co.to("mg/L")


# ----------------------------------------------------------------------------- equivalents
@pytest.mark.parametrize("item, kg", [
    ("cod", 1), ("nh3-n", 0.8), ("tp", 0.25), ("bod5", 0.5), ("ss", 4), ("petroleum", 0.1),
    ("hg", 0.0005), ("cd", 0.005), ("cr6", 0.02), ("bap", 0.0000003), ("toc", 0.49),
    ("animal-vegetable-oil", 0.16), ("volatile-phenol", 0.08), ("sulfide", 0.125), ("fluoride", 0.5),
    ("acrylonitrile", 0.125), ("se", 0.02), ("氨氮", 0.8),
])
def test_water_pollutant_equivalents(item, kg):
    """Environmental Protection Tax Law Annex 2, tables 一 and 二."""
    assert S.pollutant_equivalent_kg(item) == pytest.approx(kg, rel=1e-12)
    assert S.pollutant_equivalent(item).status == "in force"


def test_equivalent_errors():
    with pytest.raises(S.UnknownItemError, match="medium='air'"):
        S.pollutant_equivalent_kg("so2")
    with pytest.raises(S.UnknownItemError, match="'cod'"):
        S.pollutant_equivalent_kg("cdo")
    with pytest.raises(S.StandardsError, match="medium"):
        S.pollutant_equivalent_kg("cod", medium="soil")


# ----------------------------------------------------------------------------- pipeline helpers
def test_warning_for():
    assert S.warning_for(lim("GB 3095-2012", "so2", "2", "1h", assessment_date="2020-01-01")) is None
    code, msg, det = S.warning_for(lim("GB 3095-2026", "no2", "2", "24h", assessment_date="2032-01-01"))
    assert code == "standard-unconfirmed" and "UNCONFIRMED" in msg and det["value"] == 50
    code, msg, _ = S.warning_for(lim("GB 3095-2012", "so2", "2", "1h", assessment_date="2027-01-01"))
    assert code == "standard-not-in-force" and "superseded" in msg
    assert S.warning_for(S.one_hour_equivalent("tvoc", "2", "HJ 2.2-2018"))[0] == "standard-unconfirmed"
    assert S.warning_for(S.pollutant_equivalent("nh3", "air"))[0] == "standard-unconfirmed"
    assert S.warning_for(S.pollutant_equivalent("nh3-n")) is None


def test_registry_manifest():
    m = S.registry_manifest()
    ids = [x["id"] for x in m]
    assert ids == [i.id for i in S.list_standards()]
    assert all(len(x["sha256"]) == 64 for x in m)
    assert next(x for x in m if x["id"] == "GB 3095-2026")["unconfirmed_rows"] == 39
    import json
    json.dumps(m)


def test_limit_as_dict_is_json():
    import json
    d = lim("GB 3838-2002", "ph", "III").as_dict()
    assert json.loads(json.dumps(d, ensure_ascii=False))["value_high"] == 9


def test_pollution_equivalents_count():
    """W of HJ 2.3-2018 Table 1: 100 t/a COD = 100000 kg / 1 kg = 1e5 equivalents; NH3-N 8 t/a -> 1e4."""
    assert S.pollution_equivalents("cod", 100_000) == pytest.approx(1e5)
    assert S.pollution_equivalents("nh3-n", 8_000) == pytest.approx(1e4)
    assert S.pollution_equivalents("hg", 1.0) == pytest.approx(2000)
    with pytest.raises(S.StandardsError, match="mass_kg"):
        S.pollution_equivalents("cod", -1)


def test_registry_rejects_malformed_data(tmp_path):
    """Data errors are caught at load time, naming the file and row."""
    import shutil
    from importlib import resources
    src = resources.files("eia.standards").joinpath("data")
    for name in ("standards.yaml", "aliases.yaml", "gb3095_2012.csv", "gb3095_2026.csv", "gb3838_2002.csv",
                 "hj2_2_2018_appendix_d.csv", "pollutant_equivalents.csv"):
        (tmp_path / name).write_text(src.joinpath(name).read_text("utf-8"), "utf-8")
    assert len(R.StandardsRegistry(tmp_path).table("GB 3838-2002")) == 125
    bad = (tmp_path / "gb3838_2002.csv").read_text("utf-8").replace(",range,", ",between,", 1)
    (tmp_path / "gb3838_2002.csv").write_text(bad, "utf-8")
    with pytest.raises(S.StandardsError, match="gb3838_2002.csv.*kind 'between'"):
        R.StandardsRegistry(tmp_path)
    shutil.rmtree(tmp_path)
