"""Shared helpers for the air-assessment tests."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"

BASE = """
meta:
  title: t
  assessment_date: 2025-06-01
cluster:
  name: c
  location: {province: p, city: c, latitude_deg: 34.0, longitude_deg: 115.0}
  area_km2: 4
  boundary: {coordinates_m: [[0, 0], [2000, 0], [2000, 2000], [0, 2000]]}
  leading_industries: [{name: x, gbt4754_codes: [C27]}]
  planning_horizon: {base_year: 2020, long_term_year: 2030}
"""


@pytest.fixture
def write_scenario(tmp_path):
    """Write BASE + an ``air:`` block (YAML text, indented as given) and return the path."""

    def _write(air_yaml: str) -> Path:
        p = tmp_path / "s.yaml"
        p.write_text(BASE + "air:\n" + textwrap.indent(textwrap.dedent(air_yaml), "  "), encoding="utf-8")
        return p

    return _write
