"""docs/standards.md is generated from the package data and must be kept in step with it."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_standards_doc_is_current():
    spec = importlib.util.spec_from_file_location("gen_standards_doc", ROOT / "tools" / "gen_standards_doc.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    text = mod.build()
    assert "| GB 3095-2026 |" in text and "unconfirmed" in text
    current = (ROOT / "docs" / "standards.md").read_text(encoding="utf-8")
    assert current == text, "run: python tools/gen_standards_doc.py"
