"""GB 3838-2002 single-factor class assessment (Table 1): thresholds and monotonicity."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from eia import standards as S

CLASSES = list(S.SURFACE_WATER_CLASSES) + ["劣V"]
RANK = {c: i for i, c in enumerate(CLASSES)}
MAX_ITEMS = ["codmn", "cod", "bod5", "nh3-n", "cu", "zn", "fluoride", "se", "as", "hg", "cd", "cr6", "pb",
             "cn", "volatile-phenol", "petroleum", "las", "sulfide", "fecal-coliform"]


@pytest.mark.parametrize("item, conc, kw, expected", [
    # GB 3838-2002 Table 1 values taken as the concentration: the value equal to a limit attains it
    ("cod", 20.0, {}, "III"), ("cod", 20.0001, {}, "IV"), ("cod", 15.0, {}, "I"), ("cod", 40.0, {}, "V"),
    ("cod", 40.1, {}, "劣V"), ("nh3-n", 1.0, {}, "III"), ("nh3-n", 0.15, {}, "I"), ("nh3-n", 0.16, {}, "II"),
    ("tp", 0.2, {"water_body": "river"}, "III"), ("tp", 0.2, {"water_body": "lake"}, "V"),
    ("tp", 0.05, {"water_body": "lake"}, "III"), ("tp", 0.21, {"water_body": "lake"}, "劣V"),
    ("tn", 1.0, {"water_body": "lake"}, "III"), ("hg", 0.00005, {}, "I"), ("hg", 0.0001, {}, "III"),
    ("do", 7.5, {}, "I"), ("do", 5.0, {}, "III"), ("do", 4.99, {}, "IV"), ("do", 2.0, {}, "V"), ("do", 1.5, {}, "劣V"),
    ("ph", 6.0, {}, "I"), ("ph", 9.0, {}, "I"), ("ph", 7.2, {}, "I"), ("ph", 5.99, {}, "劣V"), ("ph", 9.01, {}, "劣V"),
    ("fecal-coliform", 10000, {}, "III"),
])
def test_class_at_thresholds(item, conc, kw, expected):
    assert S.surface_water_class(item, conc, **kw) == expected


@pytest.mark.parametrize("item", MAX_ITEMS + ["tp"])
def test_each_limit_attains_its_class(item):
    """A concentration equal to class k's limit attains class k or better, never worse."""
    for cls in S.SURFACE_WATER_CLASSES:
        limit = S.get_limit("GB 3838-2002", class_or_grade=cls, item=item, water_body="river").value
        got = S.surface_water_class(item, limit)
        assert RANK[got] <= RANK[cls]
        # and the first class whose limit is >= the value is returned
        first = next(c for c in S.SURFACE_WATER_CLASSES
                     if S.get_limit("GB 3838-2002", class_or_grade=c, item=item, water_body="river").value >= limit)
        assert got == first


def test_class_errors():
    with pytest.raises(S.UnknownClassError, match="no class limits"):
        S.surface_water_class("sulfate", 100)
    with pytest.raises(S.UnknownWaterBodyError):
        S.surface_water_class("tn", 1.0, water_body="river")
    with pytest.raises(S.UnknownItemError, match="'cod'"):
        S.surface_water_class("cdo", 1.0)
    with pytest.raises(S.StandardsError):
        S.surface_water_class("cod", float("nan"))


@settings(max_examples=80, deadline=None)
@given(item=st.sampled_from(MAX_ITEMS), a=st.floats(0, 1e5, allow_nan=False), b=st.floats(0, 1e5, allow_nan=False))
def test_higher_concentration_never_better_class(item, a, b):
    lo, hi = sorted((a, b))
    assert RANK[S.surface_water_class(item, lo)] <= RANK[S.surface_water_class(item, hi)]


@settings(max_examples=60, deadline=None)
@given(a=st.floats(0, 20, allow_nan=False), b=st.floats(0, 20, allow_nan=False),
       body=st.sampled_from(["river", "lake"]))
def test_tp_monotone_and_lake_stricter(a, b, body):
    lo, hi = sorted((a / 10, b / 10))
    assert RANK[S.surface_water_class("tp", lo, body)] <= RANK[S.surface_water_class("tp", hi, body)]
    # lake limits are tighter, so a lake never gets a better class than a river at equal TP
    assert RANK[S.surface_water_class("tp", lo, "lake")] >= RANK[S.surface_water_class("tp", lo, "river")]


@settings(max_examples=60, deadline=None)
@given(a=st.floats(0, 15, allow_nan=False), b=st.floats(0, 15, allow_nan=False))
def test_more_oxygen_never_worse_class(a, b):
    lo, hi = sorted((a, b))
    assert RANK[S.surface_water_class("do", hi)] <= RANK[S.surface_water_class("do", lo)]
