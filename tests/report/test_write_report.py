"""write_report outputs (CSV, XLSX, GeoJSON, Markdown, HTML) and the `eia report` command."""
import csv
import io
import json

import pytest
from typer.testing import CliRunner

from eia.report import write_report
from eia.report.document import build_document
from eia.report.tables import column_header
from fixtures import synthetic_results


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("rep")
    results = synthetic_results()
    files = write_report(results, out, dpi=60)
    return out, results, files


def test_files_listed_and_present(written):
    out, _, files = written
    for f in ("chapters/chapters.docx", "chapters/chapters.md", "chapters/chapters.html", "chapters/tables.xlsx",
              "chapters/geojson/air.contour.so2.1h.geojson", "chapters/figures/fig-02-01.png"):
        assert f in files
    assert all((out / f).is_file() for f in files)
    assert files == sorted(files)


def test_csv_has_bom_and_raw_values(written):
    out, results, _ = written
    raw = (out / "chapters/tables/T02-01_air.estimation.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    t = results["air"]["tables"][2]
    assert rows[0] == [column_header(c, "zh") for c in t["columns"]]
    assert float(rows[2][1]) == t["rows"][1]["cmax_ug_m3"]  # full precision, not the printed 1.235E+05


def test_xlsx_sheet_per_table(written):
    from openpyxl import load_workbook

    out, results, _ = written
    wb = load_workbook(out / "chapters/tables.xlsx")
    n_tables = len(build_document(results, render_figures=False).tables())
    assert len(wb.sheetnames) == n_tables + 1 and wb.sheetnames[0] == "index"
    ws = wb[[s for s in wb.sheetnames if "water.capacity" in s][0]]
    assert ws.cell(2, 2).value == 12345.678
    assert ws.cell(2, 2).number_format == "#,##0.0"  # shows 12,345.7 as in the chapters
    assert all(len(s) <= 31 for s in wb.sheetnames)


def test_geojson_written(written):
    out, results, _ = written
    g = json.loads((out / "chapters/geojson/air.contour.so2.1h.geojson").read_text(encoding="utf-8"))
    assert g["type"] == "FeatureCollection"
    assert g["features"] == results["air"]["geojson"][0]["features"]["features"]


def test_markdown_and_html(written):
    out, _, _ = written
    md = (out / "chapters/chapters.md").read_text(encoding="utf-8")
    assert "**表 2-1 估算模式计算结果**" in md and "![图 2-1" in md
    assert "规划协调性分析 \\| 已开展" in md  # pipe escaped inside a cell
    html = (out / "chapters/chapters.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 4
    assert "<caption>表 4-1 水环境容量</caption>" in html
    assert "http://" not in html and "https://" not in html and "<link" not in html


def test_deterministic_output(tmp_path):
    results = synthetic_results()
    a = write_report(results, tmp_path / "a", dpi=40)
    b = write_report(results, tmp_path / "b", dpi=40)
    assert a == b
    for f in a:
        assert (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes(), f


def test_minimal_results_and_english(tmp_path):
    r = synthetic_results(language="en")
    for k in ("air", "water", "admission", "checklist", "standards", "warnings"):
        r.pop(k)
    files = write_report(r, tmp_path, formats=("md",))
    md = (tmp_path / "chapters/chapters.md").read_text(encoding="utf-8")
    assert md.startswith("# Planning EIA of the Test Cluster")
    assert "## 1 General" in md and "## Appendix" in md and "## 2 " not in md
    assert "The run raised no warnings." in md
    assert "chapters/chapters.docx" not in files


def test_bad_figure_is_reported_not_fatal(tmp_path):
    r = synthetic_results()
    r["air"]["figures"][0]["data"]["values"] = [[1.0]]
    write_report(r, tmp_path, formats=("md",), dpi=40)
    md = (tmp_path / "chapters/chapters.md").read_text(encoding="utf-8")
    assert "图 2-2 无法绘制" in md and "shape" in md  # the contour map (the wind rose, ungrouped, is 图 2-1)


def test_contract_violations_name_the_place(tmp_path):
    r = synthetic_results()
    r["water"]["tables"][0].pop("columns")
    with pytest.raises(ValueError, match=r"results\['water'\]\['tables'\]\[0\]"):
        write_report(r, tmp_path)
    with pytest.raises(ValueError, match="formats"):
        write_report(synthetic_results(), tmp_path, formats=("pdf",))
    r = synthetic_results()
    r["air"]["formulas"] = ["air.nope"]
    with pytest.raises(ValueError, match="known ids"):
        build_document(r, render_figures=False)


def test_cli_report(tmp_path):
    from eia.cli import app

    res = tmp_path / "results.json"
    results = synthetic_results()
    for sec in ("air", "water"):
        results[sec]["figures"] = []  # figures are tested elsewhere; keep the CLI test quick
    res.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    r1 = runner.invoke(app, ["report", str(res), "--out", str(out), "--formats", "md", "--language", "en"])
    assert r1.exit_code == 0, r1.output
    assert (out / "chapters/chapters.md").read_text(encoding="utf-8").startswith("# Planning EIA")
    r2 = runner.invoke(app, ["report", str(res), "--out", str(out), "--formats", "md"])
    assert r2.exit_code == 4
    r3 = runner.invoke(app, ["report", str(res), "--out", str(out), "--formats", "md,docx", "--force", "--body-font", "FangSong"])
    assert r3.exit_code == 0, r3.output
    import docx as _docx
    from docx.oxml.ns import qn

    styles = _docx.Document(out / "chapters/chapters.docx").styles
    assert styles["Normal"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "FangSong"
    assert (out / "chapters/chapters.md").read_text(encoding="utf-8").startswith("# 测试产业集聚区")
    assert runner.invoke(app, ["report", str(res), "--out", str(tmp_path / "x"), "--formats", "pdf"]).exit_code == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert runner.invoke(app, ["report", str(bad), "--out", str(tmp_path / "y")]).exit_code == 1
    broken = json.loads(res.read_text(encoding="utf-8"))
    broken["air"]["tables"][0]["chapter"] = "nowhere"
    res.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    r4 = runner.invoke(app, ["report", str(res), "--out", str(tmp_path / "z")])
    assert r4.exit_code == 1
    assert not (tmp_path / "z").exists()  # atomic: nothing half-written
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".z.partial")]


def test_excel_number_format():
    from eia.report.exports import excel_number_format

    assert excel_number_format(".2f") == "0.00"
    assert excel_number_format(",.1f") == "#,##0.0"
    assert excel_number_format(".0f") == "0"
    assert excel_number_format(".4g") is None and excel_number_format(None) is None


def test_files_table_points_at_written_files(written):
    from eia.report.document import build_document

    out, results, files = written
    d = build_document(results, render_figures=False)
    t = [b for b in d.tables() if b.table["id"] == "appendix.files"][0]
    listed = [r["file"] for r in t.table["rows"]]
    assert len(listed) == len(d.tables()) - 1 + len(d.figures()) + len(d.geojson)
    for f in listed:
        assert f"chapters/{f}" in files, f
