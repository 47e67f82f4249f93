"""The protection-distance rule through the real air model (eia.air.protection, HJ 2.2-2018 8.8.5).

48 synthetic hours (tests/admission/data/met48.csv, illustrative) and one low volume source of the
applicant 100 m inside its 200 m x 200 m site; the village is 1500 m from the site boundary.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from eia.admission.engine import build_environment, screen
from eia.admission.schema import EnterpriseApplication
from eia.loader import load_model
from eia.pipeline import load_scenario

from .conftest import one_rule

D = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def setup():
    sc, _ = load_scenario(D / "cluster_air.yaml")
    a, _ = load_model(EnterpriseApplication, D / "apd.yaml")
    return sc, a


def _with_rate(a, q):
    return a.model_copy(update={"air_sources": [s.model_copy(update={"emissions_g_s": {"so2": q}}) for s in a.air_sources]})


def test_apd_monotone_in_emission_and_zero_for_tiny_source(setup):
    sc, a = setup
    env = build_environment(sc, {})
    d = [env.atmospheric_distance(_with_rate(a, q))[0] for q in (0.01, 0.5, 1.0, 2.0)]
    assert d[0] == 0.0
    assert all(x <= y for x, y in zip(d, d[1:])) and d[-1] > 0
    assert env.apd_model_calls == 4


def test_rule_with_air_model(setup):
    sc, a = setup
    env = build_environment(sc, {})
    pd = one_rule("protection_distance")
    small = screen(a, pd, env)
    assert small.rules[0]["evidence"]["distance_m"] == pytest.approx(1500)   # from the site polygon
    big = screen(_with_rate(a, 2.0), pd, env)
    d_small = small.rules[0]["evidence"]["atmospheric_protection_distance_m"]
    d_big = big.rules[0]["evidence"]["atmospheric_protection_distance_m"]
    assert (small.rules[0]["outcome"] == "pass") == (d_small <= 1500)
    assert (big.rules[0]["outcome"] == "fail") == (d_big > 1500)
    assert d_big >= d_small
    # the same sources under other ids reuse the cached model run
    calls = env.apd_model_calls
    renamed = a.model_copy(update={"air_sources": [s.model_copy(update={"id": "renamed"}) for s in a.air_sources]})
    screen(renamed, pd, env)
    assert env.apd_model_calls == calls


def test_no_meteorology_is_missing_data():
    sc, _ = load_scenario(D / "cluster.yaml")
    a, _ = load_model(EnterpriseApplication, D / "apd.yaml")
    s = screen(a, one_rule("protection_distance"), build_environment(sc, {}))
    assert s.rules[0]["outcome"] == "missing-data"
    assert "atmospheric_protection_distance_m" in s.rules[0]["message"]["zh"]
