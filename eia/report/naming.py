"""File names of the chapters' figures, tables and layers (one place, used by every writer).

Numbers are zero-padded so that names sort in reading order (``fig-02-10`` after ``fig-02-09``).
"""
from __future__ import annotations

import re

__all__ = ["figure_filename", "table_filename", "geojson_filename"]

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _padded(number: str) -> str:
    chapter, _, n = number.partition("-")
    return f"{chapter.zfill(2)}-{n.zfill(2)}"


def figure_filename(number: str) -> str:
    """``"2-1"`` -> ``fig-02-01.png`` (under ``figures/``)."""
    return f"fig-{_padded(number)}.png"


def table_filename(number: str, table_id: str) -> str:
    """``("2-1", "air.estimation")`` -> ``T02-01_air.estimation.csv`` (under ``tables/``)."""
    return f"T{_padded(number)}_{_SAFE.sub('_', str(table_id))}.csv"


def geojson_filename(layer_id: str) -> str:
    """``air.protection_envelope`` -> ``air.protection_envelope.geojson`` (under ``geojson/``)."""
    return f"{_SAFE.sub('_', str(layer_id))}.geojson"
