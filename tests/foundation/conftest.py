import textwrap
from pathlib import Path

import pytest

VALID_YAML = textwrap.dedent(
    """\
    meta:
      title: Test cluster assessment
      assessment_date: 2026-06-01
    cluster:
      name: 测试产业集聚区
      location: {province: 河南省, city: 商丘市, latitude_deg: 34.09, longitude_deg: 115.31}
      area_km2: 14
      leading_industries:
        - {name: 医药制造, gbt4754_codes: [C27]}
      planning_horizon: {base_year: 2020, long_term_year: 2030}
    """
)


@pytest.fixture
def write(tmp_path: Path):
    def _write(name: str, text: str | bytes) -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(textwrap.dedent(text), encoding="utf-8")
        return p

    return _write
