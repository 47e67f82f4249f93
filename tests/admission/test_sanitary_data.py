"""The bundled sanitary-protection-distance table (eia/admission/data/sanitary_distance.yaml) as data.

Rule enforced here: a category may carry distances only when each one is cited to a table and row of
its standard and the category is ``status: confirmed``; otherwise it has no bands, and the
protection-distance rule asks for the enterprise's own ``sanitary_distance_m`` ("needs more
information"). No category of the bundled table is confirmed (see docs/criteria-reference.md,
"Reference data provenance").
"""
from __future__ import annotations

import pytest
import yaml

from eia.admission.engine import DATA_DIR, _load_sanitary, screen

from .conftest import app, make_env, one_rule

TABLE_PATH = DATA_DIR / "sanitary_distance.yaml"
TABLE = _load_sanitary(str(TABLE_PATH))
CATS = TABLE["categories"]
RULE = one_rule("protection_distance", {"atmospheric": False, "mean_wind_speed_m_s": 2.2})


def outcome(a):
    s = screen(a, RULE, make_env())
    return s.rules[0]["outcome"], s


def test_table_loads_and_names_its_categories():
    assert TABLE["id"] == "sanitary_distance"
    assert {"slaughter_pig", "slaughter_cattle_sheep", "slaughter_poultry", "grain_feed", "automobile"} <= set(CATS)


@pytest.mark.parametrize("key", sorted(CATS))
def test_every_category_cites_its_standard(key):
    c = CATS[key]
    assert c["name"] and c["clause"]
    assert c["standard"].startswith(("GB ", "GB/T ")), c["standard"]
    assert c["status"] in {"confirmed", "unconfirmed"}
    assert c["sources"] and all(u.startswith("http") for u in c["sources"])


@pytest.mark.parametrize("key", sorted(CATS))
def test_values_only_with_a_table_and_row(key):
    c = CATS[key]
    if c["status"] != "confirmed":
        assert c["bands"] == [], f"{key}: an unconfirmed category must not carry distances"
        return
    assert c.get("table") and c["bands"]
    for band in c["bands"]:
        assert band.get("row"), f"{key}: every band cites its row"
        for w in band["wind"]:
            assert w["distance_m"] > 0 and w.get("from_m_s", 0) >= 0


@pytest.mark.parametrize("key", sorted(CATS))
def test_category_without_values_asks_for_the_enterprise_distance(key):
    out, s = outcome(app(x_m=1000, y_m=1000, air_sources=[], industry_category=key, production_scale=10))
    assert out == "missing-data"
    assert CATS[key]["standard"] in s.rules[0]["message"]["zh"] and "sanitary_distance_m" in s.rules[0]["message"]["zh"]
    # the declared distance decides, against the receptor 1600 m east of the site (conftest)
    assert outcome(app(x_m=1000, y_m=1000, air_sources=[], industry_category=key, sanitary_distance_m=1600))[0] == "pass"
    assert outcome(app(x_m=1000, y_m=1000, air_sources=[], industry_category=key, sanitary_distance_m=1600.5))[0] == "fail"


def test_heqi_vehicle_maker_category_is_the_automobile_standard():
    """HQ-05 (改装车, GB/T 4754 C3630) falls under GB 18075.1-2012 (汽车制造业)."""
    assert CATS["automobile"]["standard"].startswith("GB 18075.1-2012")
    assert CATS["automobile"]["scale_unit"] is None  # table classes not seen: nothing invented


def test_superseded_values_are_never_used():
    """GB 18075-2000 §3.1 (汽车制造厂: <2 m/s 500 m, 2~4 m/s 400 m, >4 m/s 300 m) is kept for reference
    only; the engine looks categories up under `categories`, so the key is unknown to it."""
    ref = TABLE["superseded_reference"]["automobile_gb18075_2000"]
    assert ref["distance_m"] == [500, 400, 300] and ref["clause"] == "3.1"
    assert "代替" in ref["standard"]
    out, s = outcome(app(x_m=1000, y_m=1000, air_sources=[], industry_category="automobile_gb18075_2000", production_scale=1))
    assert out == "missing-data"


def test_raw_file_top_level_keys():
    raw = yaml.safe_load(TABLE_PATH.read_text(encoding="utf-8"))
    assert set(raw) == {"id", "categories", "superseded_reference"}
