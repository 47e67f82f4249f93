"""Schema errors name the field (file:line: field: message) for each kind of bad input."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eia.air.schema import PointSource, canonical_pollutant, parse_emission_g_s
from eia.errors import ScenarioInvalid
from eia.pipeline import load_scenario

STACK = "{id: %s, x_m: 0, y_m: 0, stack_height_m: %s, stack_diameter_m: 1, exit_velocity_m_s: 10, exit_temperature_k: 400, emissions_g_s: %s}"


def problems(path):
    with pytest.raises(ScenarioInvalid) as exc:
        load_scenario(path)
    return exc.value.problems


def test_valid_minimal_section(write_scenario):
    p = write_scenario("pollutants: [SO2, NOx]\npoint_sources:\n  - " + STACK % ("s1", 40, "{so2: '12 t/a'}") + "\n")
    sc, _ = load_scenario(p)
    assert sc.air.pollutants == ["so2", "nox"]
    assert sc.air.point_sources[0].emissions_g_s["so2"] == pytest.approx(12e6 / (8760 * 3600))


def test_duplicate_source_ids(write_scenario):
    p = write_scenario("pollutants: [so2]\npoint_sources:\n  - " + STACK % ("s1", 40, "{so2: 1}") + "\n  - "
                       + STACK % ("s1", 30, "{so2: 1}") + "\n")
    (pr,) = problems(p)
    assert pr.path == "air" and "repeated: s1" in pr.message and pr.line is not None


def test_negative_emission_names_pollutant(write_scenario):
    p = write_scenario("pollutants: [so2]\npoint_sources:\n  - " + STACK % ("s1", 40, "{so2: -1}") + "\n")
    (pr,) = problems(p)
    assert pr.path == "air.point_sources[0].emissions_g_s" and "so2" in pr.message and ">= 0" in pr.message


def test_emission_wrong_dimension(write_scenario):
    p = write_scenario("pollutants: [so2]\npoint_sources:\n  - " + STACK % ("s1", 40, "{so2: '3 m/s'}") + "\n")
    (pr,) = problems(p)
    assert pr.path.endswith("emissions_g_s") and "cannot be converted" in pr.message


def test_unknown_pollutant_code(write_scenario):
    p = write_scenario("pollutants: [so2, unobtainium]\npoint_sources:\n  - " + STACK % ("s1", 40, "{so2: 1}") + "\n")
    (pr,) = problems(p)
    assert pr.path == "air.pollutants" and "unobtainium" in pr.message


def test_unphysical_stack_height(write_scenario):
    p = write_scenario("pollutants: [so2]\npoint_sources:\n  - " + STACK % ("s1", -5, "{so2: 1}") + "\n")
    (pr,) = problems(p)
    assert pr.path == "air.point_sources[0].stack_height_m"


def test_exit_temperature_in_celsius_number_rejected(write_scenario):
    p = write_scenario("pollutants: [so2]\npoint_sources:\n  - " + STACK.replace("400", "120") % ("s1", 40, "{so2: 1}") + "\n")
    (pr,) = problems(p)
    assert pr.path == "air.point_sources[0].exit_temperature_k" and "kelvin" in pr.message


def test_invalid_area_polygon(write_scenario):
    p = write_scenario("""
        pollutants: [pm10]
        area_sources:
          - {id: a, vertices_m: [[0, 0], [10, 10], [10, 0], [0, 10]], emissions_g_s: {pm10: 1}}
        """)
    (pr,) = problems(p)
    assert pr.path == "air.area_sources[0].vertices_m" and "not valid" in pr.message


def test_area_needs_shape(write_scenario):
    p = write_scenario("""
        pollutants: [pm10]
        area_sources:
          - {id: a, x_m: 0, y_m: 0, length_x_m: 10, emissions_g_s: {pm10: 1}}
        """)
    (pr,) = problems(p)
    assert pr.path == "air.area_sources[0]" and "length_y_m" in pr.message


def test_missing_meteorology_file(write_scenario):
    p = write_scenario("pollutants: [so2]\npoint_sources:\n  - " + STACK % ("s1", 40, "{so2: 1}") + """
meteorology: {file: nowhere.csv, station_name: x}
receptors: {sensitive: [{name: r, x_m: 1, y_m: 1}]}
""")
    (pr,) = problems(p)
    assert pr.path == "air.meteorology.file" and "file not found" in pr.message


def test_unknown_key_suggests(write_scenario):
    p = write_scenario("pollutants: [so2]\npoint_sources:\n  - " + STACK.replace("stack_height_m", "stack_hieght_m")
                       % ("s1", 40, "{so2: 1}") + "\n")
    msgs = {pr.path: pr.message for pr in problems(p)}
    assert "did you mean 'stack_height_m'" in msgs["air.point_sources[0].stack_hieght_m"]


def test_background_needs_exactly_one_value(write_scenario):
    p = write_scenario("pollutants: [so2]\npoint_sources:\n  - " + STACK % ("s1", 40, "{so2: 1}") + """
background:
  - {pollutant: so2, averaging_period: 24h}
""")
    (pr,) = problems(p)
    assert pr.path == "air.background[0]" and "exactly one" in pr.message


def test_background_receptor_must_exist(write_scenario):
    p = write_scenario("pollutants: [so2]\npoint_sources:\n  - " + STACK % ("s1", 40, "{so2: 1}") + """
receptors: {sensitive: [{name: r, x_m: 1, y_m: 1}]}
background:
  - {pollutant: so2, averaging_period: 24h, value_ug_m3: 5, receptor: nobody}
""")
    (pr,) = problems(p)
    assert "background[0].receptor 'nobody'" in pr.message


def test_emission_conversions():
    assert parse_emission_g_s("12 t/a", 4000) == pytest.approx(12e6 / (4000 * 3600))
    assert parse_emission_g_s("2.5 kg/h", 4000) == pytest.approx(2500 / 3600)
    assert parse_emission_g_s(1.5) == 1.5
    assert parse_emission_g_s("300 kg/a") == pytest.approx(300e3 / (8760 * 3600))
    with pytest.raises(ValueError):
        parse_emission_g_s("12 m")


def test_pollutant_spellings():
    assert canonical_pollutant("SO₂") == "so2"
    assert canonical_pollutant("PM2.5") == "pm2.5"
    assert canonical_pollutant("VOCs") == "tvoc"
    assert canonical_pollutant("氮氧化物") == "nox"


@settings(max_examples=60, deadline=None)
@given(t_a=st.floats(0, 1e4), hours=st.floats(100, 8760))
def test_annual_round_trip(t_a, hours):
    """t/a -> g/s -> t/a with the same operating hours is the identity."""
    s = PointSource(id="s", x_m=0, y_m=0, stack_height_m=10, stack_diameter_m=1, exit_velocity_m_s=5,
                    exit_temperature_k=300, operating_hours_h_a=hours, emissions_g_s={"so2": f"{t_a!r} t/a"})
    assert math.isclose(s.annual_t_a("so2"), t_a, rel_tol=1e-9, abs_tol=1e-12)


def test_docs_example_validates(tmp_path):
    """The YAML example of docs/scenario-air.md is a valid air section."""
    import re
    import shutil
    from pathlib import Path

    from tests.air_assessment.conftest import BASE

    doc = (Path(__file__).parents[2] / "docs" / "scenario-air.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", doc, re.S).group(1)
    (tmp_path / "met").mkdir()
    (tmp_path / "bg").mkdir()
    shutil.copy(Path(__file__).parent / "data" / "met_72h.csv", tmp_path / "met" / "2023_hourly.csv")
    (tmp_path / "bg" / "pm10_daily_2023.csv").write_text("date,value_ug_m3\n2023-01-01,80\n", encoding="utf-8")
    p = tmp_path / "s.yaml"
    p.write_text(BASE + block, encoding="utf-8")
    sc, _ = load_scenario(p)
    assert [s.id for s in sc.air.all_sources()] == ["P1", "A1", "A2", "V1"]
    assert sc.air.point_sources[0].emissions_g_s["so2"] == pytest.approx(60e6 / (6000 * 3600))
