"""docs/scenario-reference.md is generated from the models: it must equal the generated text."""
from pathlib import Path

from eia.docs_gen import scenario_reference

ROOT = Path(__file__).resolve().parents[2]


def test_scenario_reference_is_current():
    committed = (ROOT / "docs" / "scenario-reference.md").read_text(encoding="utf-8")
    assert committed == scenario_reference(), "run `python -m eia.docs_gen` to regenerate docs/scenario-reference.md"
