"""The scenario model tree: one pydantic v2 model describing a whole assessment.

Sections: ``meta`` and ``cluster`` (always), ``air``, ``water``, ``enterprises`` and ``criteria``
(optional; each defined in its own package). Every model rejects unknown keys. Fields carry their
unit in their name or accept strings with units (see :mod:`eia.units`).

The scenario-file reference in ``docs/scenario-reference.md`` is generated from these models
(``python -m eia.docs_gen``), so it cannot drift from the code.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from eia.admission.schema import CriteriaSection, EnterpriseApplication
from eia.air.schema import AirSection
from eia.schema_base import StrictModel
from eia.units import Q
from eia.water.schema import WaterSection

__all__ = [
    "Scenario",
    "Meta",
    "StandardsSelection",
    "Cluster",
    "Location",
    "Boundary",
    "Industry",
    "PlanningHorizon",
    "SCHEMA_VERSION",
]

SCHEMA_VERSION = "1.0"

_GBT4754 = re.compile(r"^[A-T](\d{2}(\d{1,2})?)?$")


class StandardsSelection(StrictModel):
    """Which editions of the standards the assessment applies.

    ``"by-date"`` picks the edition in force on ``meta.assessment_date`` (e.g. GB 3095-2012 or
    GB 3095-2026 for ambient air); a standard id pins one edition.
    """

    ambient_air: str = Field("by-date", description="'by-date', 'GB 3095-2012' or 'GB 3095-2026'")
    ambient_air_class: Literal["1", "2"] = Field("2", description="Ambient-air functional class of the cluster (GB 3095: 一类区/二类区)")
    surface_water: str = Field("GB 3838-2002", description="Surface-water quality standard")
    other_air_pollutants: str = Field("HJ 2.2-2018", description="Reference limits for pollutants GB 3095 does not list (HJ 2.2-2018 Appendix D)")


class Meta(StrictModel):
    """What the assessment is, when, and in which language its chapters are written."""

    title: str = Field(..., min_length=1, description="Assessment title, as on the report cover")
    title_en: str | None = Field(None, description="English title (used when language is 'en')")
    assessment_date: dt.date = Field(..., description="Date the assessment refers to (selects standards 'by-date')")
    language: Literal["zh", "en"] = Field("zh", description="Language of the chapters")
    standards: StandardsSelection = Field(default_factory=StandardsSelection)
    prepared_by: str | None = Field(None, description="Organisation preparing the assessment")
    data_note: str | None = Field(
        None, description="Statement on data provenance, printed in every chapter (e.g. which values are illustrative)"
    )


class Location(StrictModel):
    """Where the cluster is. Latitude/longitude of the local origin of all x/y coordinates (WGS 84)."""

    province: str
    city: str
    county: str | None = None
    latitude_deg: float = Field(..., ge=-90, le=90)
    longitude_deg: float = Field(..., ge=-180, le=180)
    elevation_m: float = Field(0.0, description="Ground elevation of the origin, m above sea level")
    timezone_offset_h: float = Field(8.0, description="Local standard time offset from UTC (Beijing time = 8)")


class Boundary(StrictModel):
    """Cluster boundary polygon.

    ``crs: local`` means metres east (x) and north (y) of ``cluster.location`` — the frame in which
    every source, receptor and enterprise coordinate of the scenario is given.
    """

    crs: Literal["local"] = Field("local", description="Coordinate frame of the vertices")
    coordinates_m: list[tuple[float, float]] = Field(..., min_length=3, description="Polygon vertices [[x, y], ...] in metres")

    @field_validator("coordinates_m")
    @classmethod
    def _valid_polygon(cls, v):
        from shapely.geometry import Polygon

        poly = Polygon(v)
        if not poly.is_valid:
            from shapely.validation import explain_validity

            raise ValueError(f"boundary polygon is not valid: {explain_validity(poly)}")
        if poly.area <= 0:
            raise ValueError("boundary polygon has zero area")
        return v


class Industry(StrictModel):
    """A leading industry (主导产业) of the cluster with its GB/T 4754-2017 codes."""

    name: str = Field(..., description="Name (Chinese)")
    name_en: str | None = None
    gbt4754_codes: list[str] = Field(
        ..., min_length=1, description="GB/T 4754-2017 codes: section letter + division/group/class digits, e.g. 'C27', 'C3099'"
    )

    @field_validator("gbt4754_codes")
    @classmethod
    def _codes(cls, v):
        bad = [c for c in v if not _GBT4754.match(c)]
        if bad:
            raise ValueError(
                f"not GB/T 4754-2017 codes: {bad}; expected a section letter A-T followed by 2, 3 or 4 digits (e.g. 'C27', 'C2710')"
            )
        return v


class PlanningHorizon(StrictModel):
    base_year: int = Field(..., ge=1990, le=2100)
    near_term_year: int | None = Field(None, ge=1990, le=2100)
    long_term_year: int = Field(..., ge=1990, le=2100)

    @model_validator(mode="after")
    def _order(self):
        years = [y for y in (self.base_year, self.near_term_year, self.long_term_year) if y is not None]
        if years != sorted(years):
            raise ValueError(f"planning years must be in order base <= near term <= long term, got {years}")
        return self


class Cluster(StrictModel):
    """The industrial cluster (产业集聚区 / 产业园区) under assessment."""

    name: str
    name_en: str | None = None
    location: Location
    area_km2: Q["km2"] = Field(..., gt=0, description="Planned area")
    built_area_km2: Q["km2"] | None = Field(None, ge=0, description="Built-up area (建成区)")
    development_area_km2: Q["km2"] | None = Field(None, ge=0, description="Area for development and control (发展区/控制区)")
    boundary: Boundary | None = None
    leading_industries: list[Industry] = Field(..., min_length=1)
    planning_horizon: PlanningHorizon
    enterprise_count: int | None = Field(None, ge=0)
    employees: int | None = Field(None, ge=0)
    description: str | None = None

    @model_validator(mode="after")
    def _areas(self):
        parts = [a for a in (self.built_area_km2, self.development_area_km2) if a is not None]
        if parts and sum(parts) > self.area_km2 * 1.001:
            raise ValueError(
                f"built + development area ({sum(parts):g} km2) exceeds the planned area ({self.area_km2:g} km2)"
            )
        return self


class Scenario(StrictModel):
    """A whole assessment scenario."""

    meta: Meta
    cluster: Cluster
    air: AirSection | None = None
    water: WaterSection | None = None
    enterprises: list[EnterpriseApplication] | None = None
    criteria: CriteriaSection | None = None
