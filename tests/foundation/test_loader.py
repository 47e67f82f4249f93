"""The scenario loader: every malformed case gets file:line: field.path: message, never a traceback."""
import json
import os

import pytest
from typer.testing import CliRunner

from eia.cli import app
from eia.errors import ScenarioInvalid
from eia.loader import MAX_FILE_BYTES
from eia.pipeline import load_scenario

from .conftest import VALID_YAML

runner = CliRunner()


def problems_of(path):
    with pytest.raises(ScenarioInvalid) as info:
        load_scenario(path)
    return info.value.problems


def test_valid_yaml_loads(write):
    sc, doc = load_scenario(write("s.yaml", VALID_YAML))
    assert sc.cluster.area_km2 == 14
    assert sc.meta.language == "zh"


def test_wrong_type_names_line_and_path(write):
    p = write("s.yaml", VALID_YAML.replace("area_km2: 14", "area_km2: [1, 2]"))
    (pr,) = problems_of(p)
    assert pr.line == 7 and pr.path == "cluster.area_km2"


def test_missing_field(write):
    p = write("s.yaml", VALID_YAML.replace("  assessment_date: 2026-06-01\n", ""))
    (pr,) = problems_of(p)
    assert pr.path == "meta.assessment_date" and "missing" in pr.message


def test_unknown_key_suggests_the_right_one(write):
    p = write("s.yaml", VALID_YAML.replace("  area_km2: 14", "  area_km2: 14\n  aera_km2: 3"))
    (pr,) = problems_of(p)
    assert pr.path == "cluster.aera_km2" and pr.line == 8
    assert "unknown key" in pr.message and "area_km2" in pr.message


def test_all_problems_reported_at_once(write):
    text = VALID_YAML.replace("area_km2: 14", "area_km2: -3").replace("2026-06-01", "June").replace("C27", "27C")
    probs = problems_of(write("s.yaml", text))
    assert {p.path for p in probs} == {"meta.assessment_date", "cluster.area_km2", "cluster.leading_industries[0].gbt4754_codes"}
    assert [p.line for p in probs] == sorted(p.line for p in probs)


@pytest.mark.parametrize(
    "value, fragment",
    [("'14 furlongs'", "cannot be converted"), ("'14 kg'", "different dimension"), ("'fourteen'", "cannot read"), ("'14 blargs'", "unknown unit")],
)
def test_unparseable_units(write, value, fragment):
    (pr,) = problems_of(write("s.yaml", VALID_YAML.replace("area_km2: 14", f"area_km2: {value}")))
    assert pr.path == "cluster.area_km2" and fragment in pr.message


def test_units_are_converted(write):
    sc, _ = load_scenario(write("s.yaml", VALID_YAML.replace("area_km2: 14", "area_km2: '1400 ha'")))
    assert sc.cluster.area_km2 == pytest.approx(14.0)


def test_missing_include(write):
    p = write("s.yaml", VALID_YAML + "include: [common/missing.yaml]\n")
    (pr,) = problems_of(p)
    assert pr.path == "include" and "not found" in pr.message and pr.line == 11


def test_include_merges_and_keeps_lines_of_the_included_file(write):
    write("parts/cluster.yaml", VALID_YAML.split("cluster:\n")[1].replace("  area_km2: 14", "  area_km2: -1").replace("\n  ", "\n").lstrip())
    main = write("s.yaml", VALID_YAML.split("cluster:")[0] + "cluster:\n  include: parts/cluster.yaml\n  name: 覆盖\n")
    probs = problems_of(main)
    (pr,) = probs
    assert pr.file.endswith("parts/cluster.yaml") and pr.path == "cluster.area_km2" and pr.line == 3


def test_include_override(write):
    write("base.yaml", VALID_YAML)
    sc, doc = load_scenario(write("s.yaml", "include: base.yaml\ncluster:\n  area_km2: 20\n"))
    assert sc.cluster.area_km2 == 20 and sc.cluster.name == "测试产业集聚区"
    assert len(doc.files) == 2


def test_include_cycle(write):
    write("a.yaml", "include: b.yaml\n")
    p = write("b.yaml", "include: a.yaml\n")
    probs = problems_of(p)
    assert any("cycle" in x.message for x in probs)


def test_empty_file(write):
    (pr,) = problems_of(write("s.yaml", "   \n"))
    assert "empty" in pr.message


def test_binary_file(write):
    (pr,) = problems_of(write("s.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert "binary" in pr.message


def test_non_utf8_file(write):
    (pr,) = problems_of(write("s.yaml", "meta: {title: 标题}".encode("gbk")))
    assert "UTF-8" in pr.message


def test_huge_file_is_refused_without_reading_it(write, tmp_path):
    p = tmp_path / "big.yaml"
    with open(p, "wb") as fh:  # a sparse 50 MB file: fast to make, and must not be parsed
        fh.truncate(50 * 1024 * 1024)
    (pr,) = problems_of(p)
    assert "MB" in pr.message and str(MAX_FILE_BYTES // (1024 * 1024)) in pr.message


def test_yaml_syntax_error_has_line(write):
    (pr,) = problems_of(write("s.yaml", "meta:\n  title: [unclosed\ncluster: {}\n"))
    assert "YAML syntax error" in pr.message and pr.line is not None


def test_top_level_list(write):
    (pr,) = problems_of(write("s.yaml", "- a\n- b\n"))
    assert "mapping" in pr.message


def test_unknown_extension(write):
    (pr,) = problems_of(write("s.ini", "[meta]\n"))
    assert ".yaml" in pr.message


TOML = """\
[meta]
title = "Test"
assessment_date = 2026-06-01

[cluster]
name = "c"
area_km2 = "fourteen"
planning_horizon = { base_year = 2020, long_term_year = 2030 }

[cluster.location]
province = "p"
city = "c"
latitude_deg = 34.0
longitude_deg = 115.0

[[cluster.leading_industries]]
name = "a"
gbt4754_codes = ["C27"]

[[cluster.leading_industries]]
name = "b"
gbt4754_codes = ["bad"]
"""


def test_toml_line_numbers(write):
    probs = problems_of(write("s.toml", TOML))
    by_path = {p.path: p.line for p in probs}
    assert by_path == {"cluster.area_km2": 7, "cluster.leading_industries[1].gbt4754_codes": 22}


def test_toml_syntax_error(write):
    (pr,) = problems_of(write("s.toml", "[meta\ntitle = 1\n"))
    assert "TOML syntax error" in pr.message and pr.line == 1


def test_json_line_numbers(write):
    import yaml

    data = yaml.safe_load(VALID_YAML)
    data["meta"]["assessment_date"] = "2026-06-01"
    data["cluster"]["area_km2"] = "14 kg"
    p = write("s.json", json.dumps(data, ensure_ascii=False, indent=2))
    (pr,) = problems_of(p)
    assert pr.path == "cluster.area_km2" and pr.line is not None
    assert '"area_km2"' in p.read_text().splitlines()[pr.line - 1]


def test_data_file_paths_are_relative_to_the_naming_file(write, tmp_path):
    from eia.loader import read_document

    write("tables/met.csv", "a\n1\n")
    write("parts/air.yaml", "meteorology_file: ../tables/met.csv\n")
    doc = read_document(write("s.yaml", "air:\n  include: parts/air.yaml\n"))
    assert doc.data["air"]["meteorology_file"] == str((tmp_path / "tables/met.csv").resolve())


# ---------------------------------------------------------------------------------------- the CLI
def test_cli_validate_ok(write):
    r = runner.invoke(app, ["validate", str(write("s.yaml", VALID_YAML))])
    assert r.exit_code == 0 and "valid" in r.output


def test_cli_validate_reports_problems_without_traceback(write):
    p = write("s.yaml", VALID_YAML.replace("area_km2: 14", "area_km2: '14 kg'").replace("2026-06-01", "soon"))
    r = runner.invoke(app, ["validate", str(p)])
    assert r.exit_code == 1
    assert "Traceback" not in r.output
    lines = [ln for ln in r.output.splitlines() if ln.startswith(str(p))]
    assert len(lines) == 2 and lines[0].startswith(f"{p}:3: meta.assessment_date:")


def test_cli_validate_json(write):
    r = runner.invoke(app, ["validate", "--json", str(write("s.yaml", "meta: {}\n"))])
    payload = json.loads(r.output)
    assert r.exit_code == 1 and payload["ok"] is False
    assert {p["path"] for p in payload["problems"]} == {"meta.title", "meta.assessment_date", "cluster"}


def test_cli_missing_file():
    r = runner.invoke(app, ["validate", "/nonexistent/s.yaml"])
    assert r.exit_code == 1 and "file not found" in r.output


def test_cli_validate_an_application_file(write):
    ok = write("app.yaml", "name: 某食品公司\ngbt4754_codes: [C13]\n")
    r = runner.invoke(app, ["validate", "--as", "application", str(ok)])
    assert r.exit_code == 0 and "valid application" in r.output
    bad = write("bad.yaml", "name: x\nemisions_t_a: {cod: 1}\n")
    r = runner.invoke(app, ["validate", "--as", "application", str(bad)])
    assert r.exit_code == 1 and f"{bad}:2: emisions_t_a: unknown key" in r.output and "emissions_t_a" in r.output


def test_cli_validate_unknown_kind(write):
    r = runner.invoke(app, ["validate", "--as", "report", str(write("s.yaml", VALID_YAML))])
    assert r.exit_code == 2 and "scenario, application, criteria" in r.output
