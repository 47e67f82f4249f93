"""Shared fixtures: a 2 km x 2 km park, one village east of it, budgets as a run would report them."""
from __future__ import annotations

from pathlib import Path

import pytest

from eia.admission.engine import Environment
from eia.admission.schema import CriteriaSet, EnterpriseApplication, Receptor, RedlinePolygon

DATA = Path(__file__).parent / "data"
SQUARE = [(0, 0), (2000, 0), (2000, 2000), (0, 2000)]


def make_env(**kw) -> Environment:
    args = dict(
        leading_codes=["C13", "C14", "C27"],
        boundary_m=SQUARE,
        receptors=[Receptor(name="东村", x_m=2600, y_m=1000)],
        redlines=[RedlinePolygon(name="湿地", coordinates_m=[(1500, 1500), (1900, 1500), (1900, 1900), (1500, 1900)])],
        air_remaining_t_a={"so2": 50.0, "nox": 80.0, "particulates": 30.0},
        water_remaining_t_a={"COD": {"Z1": 100.0, "total": 120.0}, "NH3-N": {"total": 12.0}},
        wwtp_remaining_m3_d=5000.0,
    )
    args.update(kw)
    return Environment(**args)


def one_rule(kind: str, params: dict | None = None, severity: str = "reject", dimension: str = "spatial_layout") -> CriteriaSet:
    rule = {"id": "R1", "dimension": dimension, "clause": "测试条款", "source": {"document": "test"}, "kind": kind, "severity": severity}
    if params is not None:
        rule["parameters"] = params
    return CriteriaSet.model_validate(
        {"id": "t", "version": "1", "title": "t", "issuing_document": "d", "effective_date": "2024-01-01", "rules": [rule]}
    )


def app(**kw) -> EnterpriseApplication:
    kw.setdefault("name", "测试企业")
    return EnterpriseApplication.model_validate(kw)


@pytest.fixture
def env():
    return make_env()
