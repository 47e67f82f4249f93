"""Unit parsing: numbers are in the field's unit; strings with units are converted (pint)."""
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eia.units import UnitParseError, to_unit


@pytest.mark.parametrize(
    "text, unit, expected",
    [
        ("12 t/a", "g/s", 12e6 / (365 * 86400)),  # Chinese total-load convention: a = 365 d
        ("2.5 kg/h", "g/s", 2500 / 3600),
        ("1400 ha", "km2", 14.0),
        ("5 万m3/d", "m3/s", 5e4 / 86400),
        ("25 °C", "K", 298.15),
        ("25 ℃", "K", 298.15),
        ("0.2 /d", "1/s", 0.2 / 86400),
        ("100 μg/m³", "mg/m3", 0.1),
        ("30 亩", "m2", 20000.0),
        ("3", "m", 3.0),
        (7, "m", 7.0),
    ],
)
def test_conversions(text, unit, expected):
    assert to_unit(text, unit) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("bad", ["", "kg", "12 kg", "12 zorks", True, None, [1]])
def test_errors_say_what_was_expected(bad):
    with pytest.raises(UnitParseError) as info:
        to_unit(bad, "g/s")
    assert "g/s" in str(info.value) or "quantity" in str(info.value)


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=1e-6, max_value=1e9, allow_nan=False))
def test_round_trip_t_a_to_g_s(x):
    g_s = to_unit(f"{x!r} t/a", "g/s")
    assert to_unit(f"{g_s!r} g/s", "t/a") == pytest.approx(x, rel=1e-9)
    assert math.isclose(g_s * 8760 * 3600 / 1e6, x, rel_tol=1e-9)
