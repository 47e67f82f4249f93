"""`eia standards list|show` through the typer sub-app registered by eia.standards.cli.register."""
from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from eia.standards import cli as scli
from eia.standards.registry import StandardsError

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _root():  # a callback makes "standards" a sub-command, as in eia.cli
        pass

    scli.register(app)
    return app


def test_list_json():
    r = runner.invoke(_app(), ["standards", "list", "--json"])
    assert r.exit_code == 0, r.output
    ids = [d["id"] for d in json.loads(r.output)]
    assert ids[:2] == ["GB 3095-2012", "GB 3095-2026"] and "GB 3838-2002" in ids


def test_list_table():
    r = runner.invoke(_app(), ["standards", "list"], env={"COLUMNS": "220"})
    assert r.exit_code == 0 and "GB 3838-2002" in r.output and "ambient-air" in r.output


def test_show_item_class_json():
    r = runner.invoke(_app(), ["standards", "show", "GB 3095-2012", "--item", "SO2", "--class", "2", "--json",
                               "--date", "2020-01-01"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    vals = {x["averaging_period"]: x["value"] for x in d["limits"]}
    assert vals == {"annual": 60.0, "24h": 150.0, "1h": 500.0}
    assert all(x["status"] == "in force" for x in d["limits"])


def test_show_phase_statuses_2026():
    r = runner.invoke(_app(), ["standards", "show", "GB 3095-2026", "--item", "pm2.5", "--class", "2",
                               "--date", "2027-01-01", "--json"])
    d = json.loads(r.output)
    got = {(x["phase"], x["averaging_period"]): (x["value"], x["status"]) for x in d["limits"]}
    assert got[("transitional", "annual")] == (30.0, "in force")
    assert got[("final", "annual")] == (25.0, "not yet in force")


def test_show_table_marks_unconfirmed():
    r = runner.invoke(_app(), ["standards", "show", "HJ 2.2-2018", "--item", "tvoc"], env={"COLUMNS": "220"})
    assert r.exit_code == 0 and "unconfirmed" in r.output and "600" in r.output


def test_show_equivalents():
    r = runner.invoke(_app(), ["standards", "show", "环境保护税法 附表二", "--item", "nh3-n", "--json"])
    d = json.loads(r.output)
    assert [e["value_kg"] for e in d["equivalents"]] == [0.8]


def test_show_errors_are_user_errors():
    r = runner.invoke(_app(), ["standards", "show", "GB 3838-2002", "--item", "tq"])
    assert isinstance(r.exception, StandardsError) and r.exception.exit_code == 1
    assert "'tp'" in str(r.exception)
    r = runner.invoke(_app(), ["standards", "show", "GB 3838-2002", "--class", "VII"])
    assert isinstance(r.exception, StandardsError) and "I, II, III, IV, V" in str(r.exception)
    r = runner.invoke(_app(), ["standards", "show", "GB 9999-2000"])
    assert isinstance(r.exception, StandardsError)
