"""Unit-aware quantities for scenario fields.

A field whose name carries its unit (``area_km2``, ``emission_g_s``) accepts either a bare number,
taken to be in that unit, or a string with any unit of the same dimension (``"1400 ha"``,
``"12 t/a"``, ``"2.5 kg/h"``, ``"5 万m3/d"``, ``"25 °C"``), converted with pint.

Conventions (stated because they change numbers):
- a year (``a``, ``yr``) is 365 days = 8,760 hours, the convention of Chinese total-load
  accounting (t/a with 8,760 h of operation unless the source states its operating hours);
- ``万`` is the Chinese myriad prefix (x 10^4), ``亩`` (mu) is 10,000/15 m²;
- ``m3``, ``km2`` and superscripts ``m³``, ``km²`` are read as powers.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Annotated, Any

import pint
from pydantic import BeforeValidator, WithJsonSchema

__all__ = ["ureg", "to_unit", "Q", "UnitParseError"]

ureg = pint.UnitRegistry(on_redefinition="ignore")
ureg.define("year = 365 * day = a = yr = annum")
ureg.define("mu = 10000 / 15 * meter ** 2 = 亩")
ureg.define("percent = 0.01 = pct")


class UnitParseError(ValueError):
    pass


_NUM = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")
_SUPERSCRIPTS = str.maketrans({"²": "2", "³": "3", "⁻": "-", "¹": "1"})


def _normalise_unit(text: str) -> tuple[float, str]:
    """Return (multiplier, pint unit expression) for a human unit string."""
    u = text.strip().translate(_SUPERSCRIPTS)
    factor = 1.0
    if u.startswith("万"):
        factor, u = 1e4, u[1:].strip()
    u = u.replace("℃", "degC").replace("°C", "degC").replace("°", "deg")
    u = u.replace("μ", "u").replace("µ", "u")
    # m3 -> m**3, km2 -> km**2 (a letter followed by a digit is a power here)
    u = re.sub(r"(?<=[A-Za-z])(\d)", r"**\1", u)
    u = u.replace("^", "**")
    if u.startswith("/"):
        u = "1" + u
    return factor, u


@lru_cache(maxsize=512)
def _unit(expr: str) -> pint.Unit:
    return ureg.parse_units(expr)


def to_unit(value: Any, unit: str) -> float:
    """Convert ``value`` (a number in ``unit`` or a string with a unit) to a float in ``unit``.

    Raises
    ------
    UnitParseError
        If the string cannot be parsed or has a different dimension, with what was expected.
    """
    if isinstance(value, bool):
        raise UnitParseError(f"expected a number in {unit} or a string such as '12 {unit}', got a boolean")
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        raise UnitParseError(f"expected a number in {unit} or a string with a unit, got {type(value).__name__}")
    m = _NUM.match(value)
    if not m:
        raise UnitParseError(f"cannot read {value!r} as a quantity: expected a number then a unit, e.g. '12 {unit}'")
    number = float(m.group(1))
    unit_text = m.group(2)
    if not unit_text:
        return number
    try:
        factor, expr = _normalise_unit(unit_text)
        q = ureg.Quantity(number * factor, _unit(expr))
        target = _unit(_normalise_unit(unit)[1])
        out = q.to(target).magnitude
    except pint.DimensionalityError:
        raise UnitParseError(
            f"{value!r} is in {unit_text!r}, which cannot be converted to {unit} (different dimension)"
        ) from None
    except Exception:
        raise UnitParseError(f"unknown unit {unit_text!r} in {value!r}; expected a unit convertible to {unit}") from None
    out = float(out)
    if not math.isfinite(out):
        raise UnitParseError(f"{value!r} is not a finite quantity")
    return out


class _QuantityFactory:
    """``Q["km2"]`` is a float field in km² that also accepts strings with units."""

    def __getitem__(self, unit: str):
        return Annotated[
            float,
            BeforeValidator(lambda v, _u=unit: to_unit(v, _u)),
            WithJsonSchema(
                {
                    "anyOf": [{"type": "number"}, {"type": "string"}],
                    "description": f"number in {unit}, or a string with a unit convertible to {unit}",
                    "x-unit": unit,
                }
            ),
        ]


Q = _QuantityFactory()
