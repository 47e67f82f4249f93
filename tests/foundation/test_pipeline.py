"""eia run: complete-or-absent output, manifest, determinism, clear failures."""
import json

import pytest
from typer.testing import CliRunner

from eia.cli import app
from eia.errors import EiaError
from eia.pipeline import run_scenario

from .conftest import VALID_YAML

runner = CliRunner()


@pytest.fixture
def scenario(write):
    return write("cluster/s.yaml", VALID_YAML)


def test_run_writes_results_manifest_and_chapters(scenario, tmp_path):
    out = tmp_path / "out"
    manifest = run_scenario(scenario, out, formats=("md",))
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["schema_version"] == "1.0"
    assert results["scenario"]["sha256"] == manifest["scenario_sha256"]
    assert results["scenario"]["cluster"]["area_km2"] == 14
    assert "checklist" in results and "air" not in results
    assert set(manifest["outputs"]) >= {"results.json", "manifest.json", "chapters/chapters.md"}
    assert all((out / p).is_file() for p in manifest["outputs"])
    assert manifest["input_files"] == ["s.yaml"]


def test_same_input_same_results_bytes(scenario, tmp_path):
    run_scenario(scenario, tmp_path / "a", formats=("md",))
    run_scenario(scenario, tmp_path / "b", formats=("md",))
    assert (tmp_path / "a/results.json").read_bytes() == (tmp_path / "b/results.json").read_bytes()
    assert (tmp_path / "a/chapters/chapters.md").read_bytes() == (tmp_path / "b/chapters/chapters.md").read_bytes()


def test_failing_section_leaves_no_output(scenario, tmp_path, monkeypatch):
    import eia.checklists

    def boom(ctx, results):
        raise RuntimeError("model diverged")

    monkeypatch.setattr(eia.checklists, "evaluate", boom)
    out = tmp_path / "out"
    with pytest.raises(EiaError) as info:
        run_scenario(scenario, out, formats=("md",))
    assert info.value.exit_code == 3 and "checklist" in info.value.message and "model diverged" in info.value.message
    assert not out.exists() and not any(p.name.startswith(".out") for p in tmp_path.iterdir())


def test_cli_run_refuses_to_overwrite_without_force(scenario, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    r = runner.invoke(app, ["run", str(scenario), "--out", str(out), "--quiet"])
    assert r.exit_code == 4 and "--force" in r.output


def test_cli_run_json_and_invalid_scenario(write, tmp_path):
    bad = write("bad.yaml", VALID_YAML.replace("area_km2: 14", "area_km2: -1"))
    r = runner.invoke(app, ["run", str(bad), "--out", str(tmp_path / "o"), "--json"])
    payload = json.loads(r.output)
    assert r.exit_code == 1 and payload["problems"][0]["path"] == "cluster.area_km2"
    assert not (tmp_path / "o").exists()


def test_cli_bad_format_is_a_usage_error(scenario, tmp_path):
    r = runner.invoke(app, ["run", str(scenario), "--out", str(tmp_path / "o"), "--formats", "pdf"])
    assert r.exit_code == 2 and "pdf" in r.output
