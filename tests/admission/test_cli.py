"""``eia screen`` exit codes and outputs; batch tables (CSV/XLSX) in arrival order."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eia.admission.batch import read_applications
from eia.cli import app as cli_app
from eia.errors import ScenarioInvalid

D = Path(__file__).parent / "data"
runner = CliRunner()


def run(*args):
    return runner.invoke(cli_app, ["screen", *map(str, args), "--scenario", str(D / "cluster.yaml"), "--results", str(D / "results.json")])


@pytest.mark.parametrize(
    "file, code",
    [("good.yaml", 0), ("conditions.yaml", 10), ("reject.yaml", 11), ("incomplete.yaml", 12), ("invalid.yaml", 1), ("absent.yaml", 1)],
)
def test_exit_codes(file, code):
    r = run(D / file)
    assert r.exit_code == code, r.output


def test_outputs_written(tmp_path):
    out = tmp_path / "note"
    r = run(D / "conditions.yaml", "--out", out)
    assert r.exit_code == 10, r.output
    data = json.loads((out / "screening.json").read_text(encoding="utf-8"))
    assert data["screening"]["verdict"] == "admit_with_conditions"
    assert set(data["screening"]["deciding_rules"]) == {"EC-03", "RP-01"}
    md = (out / "screening.md").read_text(encoding="utf-8")
    assert "有条件准入" in md and "准入条件" in md and "HJ 169-2018" in md
    from docx import Document

    text = "\n".join(p.text for p in Document(out / "screening.docx").paragraphs)
    assert "有条件准入" in text
    # an existing output directory is not replaced without --force
    assert run(D / "conditions.yaml", "--out", out).exit_code == 4


def test_invalid_input_message():
    r = run(D / "invalid.yaml")
    assert "invalid.yaml:2: gbt4754_codes" in r.output and "mercury" in r.output


def test_batch_cumulative(tmp_path):
    out = tmp_path / "batch"
    r = run(D / "batch.csv", "--out", out)
    assert r.exit_code == 11, r.output   # a rejection decides the batch code
    import pandas as pd

    df = pd.read_csv(out / "screening.csv")
    v = dict(zip(df["name"], df["verdict"]))
    # 甲 takes 30 of 50 t/a SO2 and 3000 of 5000 m3/d; 乙 (30 t/a SO2) no longer fits -> reject
    assert v["甲肉制品"] == "admit"
    assert v["乙肉制品"] == "reject"
    assert "EC-01" in df.set_index("name").loc["乙肉制品", "deciding_rules"]
    assert v["丙制药"] == "admit_with_conditions"
    assert v["丁食品"] == "needs_more_information"
    assert (out / "screening.xlsx").exists()
    assert list(df["index"]) == [1, 2, 3, 4]


def test_batch_exit_code_precedence(tmp_path):
    lines = (D / "batch.csv").read_text(encoding="utf-8").splitlines()
    f = tmp_path / "b.csv"
    # without 乙 (the rejection): admit, conditions, needs information -> 12
    f.write_text("\n".join(lines[:2] + lines[3:]) + "\n", encoding="utf-8")
    assert run(f).exit_code == 12
    # without 乙 and 丁: admit, conditions -> 10
    f.write_text("\n".join(lines[:2] + lines[3:4]) + "\n", encoding="utf-8")
    assert run(f).exit_code == 10
    f.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    assert run(f).exit_code == 0


def test_batch_xlsx_and_errors(tmp_path):
    import pandas as pd

    df = pd.read_csv(D / "batch.csv", dtype=str, keep_default_na=False)
    x = tmp_path / "apps.xlsx"
    df.to_excel(x, index=False)
    apps = read_applications(x)
    assert [a.name for a in apps] == list(df["name"])
    assert apps[0].products[0].capacity == 2 and apps[0].products[0].unit == "万t/a"
    assert apps[3].emissions_t_a is None          # all emission cells blank: not given
    assert apps[0].emissions_t_a == {"so2": 30.0, "cod": 60.0, "nh3n": 6.0}
    bad = tmp_path / "bad.csv"
    bad.write_text("name,gbt4754_codes,colour\nA,C13,red\n,C13,\nB,Q9,\n", encoding="utf-8")
    with pytest.raises(ScenarioInvalid) as ei:
        read_applications(bad)
    msg = ei.value.message
    assert "bad.csv:2" in msg and "colour" in msg


def test_checklist_cli():
    r = runner.invoke(cli_app, ["checklist", str(D / "cluster.yaml"), "--results", str(D / "results.json"), "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    ids = {i["id"]: i["status"] for i in data["items"]}
    assert ids["HJ130-5-boundary"] == "satisfied"
    assert ids["HJ22-grade"] == "not_applicable"
