"""Scenario section ``air``: sources, meteorology, receptors, background and HJ 2.2-2018 options.

Coordinates are local metres east (x) and north (y) of ``cluster.location`` (the frame of
``cluster.boundary``). Emission rates accept a number in g/s or a string with a unit: ``"2.5 kg/h"``
is an hourly rate; an annual amount such as ``"12 t/a"`` is spread over the source's
``operating_hours_h_a`` (default 8,760 h), i.e. ``g/s = t/a x 10^6 / (hours x 3600)``.

Source ``status`` drives the superposition of HJ 2.2-2018 8.8 (see ``docs/methods/air-assessment.md``):
``planned`` sources are the plan's new sources, ``to-be-removed`` sources are subtracted
(区域削减/以新带老), ``approved`` sources (other approved, not yet operating projects: 在建、拟建)
are added, and ``existing`` sources are represented by the monitored background unless
``superposition.add_existing_sources`` is set.

References
----------
.. [1] HJ 2.2-2018 环境影响评价技术导则 大气环境, 5.3 (grading), 5.4 (range), 8.8 (superposition,
   protection distance).
.. [2] GB 3095-2012 环境空气质量标准 (pollutant items and averaging periods).
"""
from __future__ import annotations

import math
import re
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from eia.schema_base import DataFile, StrictModel
from eia.units import Q, UnitParseError, to_unit

__all__ = [
    "AirSection",
    "PointSource",
    "AreaSource",
    "VolumeSource",
    "Meteorology",
    "MeteorologyColumns",
    "DispersionOptions",
    "CartesianGrid",
    "PolarGrid",
    "SensitiveReceptor",
    "Receptors",
    "BackgroundValue",
    "NO2Conversion",
    "EstimationSettings",
    "HJ22Options",
    "SuperpositionOptions",
    "ProtectionDistanceOptions",
    "TotalLoadCap",
    "SourceStatus",
    "KNOWN_AIR_POLLUTANTS",
    "canonical_pollutant",
    "parse_emission_g_s",
    "SIGMA_SCHEME_NAMES",
]

SourceStatus = Literal["existing", "planned", "approved", "to-be-removed"]

#: Dispersion schemes the hourly engine accepts (``models.air.sigmas.SIGMA_SCHEMES``).
SIGMA_SCHEME_NAMES = ("isc3-rural", "isc3-urban", "briggs-rural", "briggs-urban", "gbt3840")

#: Air items this section knows without the standards registry (canonical codes of
#: ``eia/standards/data/aliases.yaml``); spellings are matched case-insensitively.
KNOWN_AIR_POLLUTANTS: dict[str, tuple[str, ...]] = {
    "so2": ("so2", "二氧化硫"),
    "no2": ("no2", "二氧化氮"),
    "nox": ("nox", "氮氧化物"),
    "co": ("co", "一氧化碳"),
    "o3": ("o3", "臭氧"),
    "pm10": ("pm10", "pm-10", "可吸入颗粒物"),
    "pm2.5": ("pm2.5", "pm25", "pm-2.5", "细颗粒物"),
    "tsp": ("tsp", "总悬浮颗粒物"),
    "pb": ("pb", "铅"),
    "bap": ("bap", "苯并[a]芘", "苯并(a)芘"),
    "nh3": ("nh3", "氨", "氨气"),
    "h2s": ("h2s", "硫化氢"),
    "hcl": ("hcl", "氯化氢"),
    "hcho": ("hcho", "甲醛"),
    "cs2": ("cs2", "二硫化碳"),
    "h2so4": ("h2so4", "硫酸", "硫酸雾"),
    "cl2": ("cl2", "氯", "氯气"),
    "mn": ("mn", "锰"),
    "tvoc": ("tvoc", "vocs", "voc", "总挥发性有机物"),
    "nmhc": ("nmhc", "非甲烷总烃"),
    "benzene": ("benzene", "苯"),
    "toluene": ("toluene", "甲苯"),
    "xylene": ("xylene", "xylenes", "二甲苯"),
    "methanol": ("methanol", "甲醇"),
    "fluoride": ("fluoride", "f", "氟化物"),
    "hf": ("hf", "氟化氢"),
}
_SUBSCRIPTS = str.maketrans({"₂": "2", "₃": "3", "₀": "0", "₁": "1", "₅": "5", "ₓ": "x"})
_SPELLINGS = {s.lower(): code for code, names in KNOWN_AIR_POLLUTANTS.items() for s in names}


def canonical_pollutant(code: str) -> str:
    """Canonical pollutant code for a spelling (``"SO2"`` -> ``"so2"``, ``"VOCs"`` -> ``"tvoc"``).

    Looks in the built-in list :data:`KNOWN_AIR_POLLUTANTS`, then among the items with an
    ambient-air limit in the standards registry (``eia.standards.normalise_item``).

    Raises
    ------
    ValueError
        Naming the code and listing the known codes.
    """
    if not isinstance(code, str) or not code.strip():
        raise ValueError(f"pollutant code: expected a non-empty string, got {code!r}")
    key = re.sub(r"\s+", "", code.strip().translate(_SUBSCRIPTS)).lower()
    if key in _SPELLINGS:
        return _SPELLINGS[key]
    air_items = _registry_air_items()
    if air_items:  # the registry knows more items (HJ 2.2-2018 Appendix D)
        from eia import standards

        try:
            item = standards.normalise_item(code)
        except standards.StandardsError:
            item = None
        if item in air_items:
            return item
    known = sorted(set(KNOWN_AIR_POLLUTANTS) | air_items)
    raise ValueError(f"unknown pollutant code {code!r}; known: {', '.join(known)}")


def _registry_air_items() -> set[str]:
    """Items with an ambient-air limit in the standards registry (empty if it is unavailable)."""
    global _AIR_ITEMS
    if _AIR_ITEMS is None:
        try:
            from eia import standards

            _AIR_ITEMS = {it for info in standards.list_standards() if info.family.startswith("ambient-air")
                          for it in standards.items(info.id)}
        except Exception:  # the registry is optional for schema validation
            _AIR_ITEMS = set()
    return _AIR_ITEMS


_AIR_ITEMS: set[str] | None = None


_ANNUAL_UNIT = re.compile(r"/\s*(a|yr|year|annum|年)\s*$", re.IGNORECASE)
_NUM_UNIT = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")


def parse_emission_g_s(value, operating_hours_h_a: float = 8760.0) -> float:
    """Emission rate in g/s from a number (g/s) or a string with a unit.

    An annual amount (unit ending in ``/a``, ``/yr``, ``/year``, ``/年``) is spread evenly over the
    operating hours; any other rate (``kg/h``, ``g/s``, ``t/d``) is taken as the rate while emitting.

    Raises
    ------
    ValueError
        When the value is not a quantity of mass per time, is negative or not finite.
    """
    if isinstance(value, str):
        m = _NUM_UNIT.match(value)
        unit = m.group(2) if m else ""
        if m and _ANNUAL_UNIT.search(unit):
            mass_unit = _ANNUAL_UNIT.sub("", unit).strip() or "t"
            try:
                mass_g = to_unit(f"{m.group(1)} {mass_unit}", "g")
            except UnitParseError as exc:
                raise ValueError(f"emission {value!r}: {exc}") from None
            out = mass_g / (operating_hours_h_a * 3600.0)
        else:
            try:
                out = to_unit(value, "g/s")
            except UnitParseError as exc:
                raise ValueError(f"emission {value!r}: {exc}") from None
    elif isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"emission: expected a number in g/s or a string such as '12 t/a', got {value!r}")
    else:
        out = float(value)
    if not math.isfinite(out) or out < 0:
        raise ValueError(f"emission {value!r}: expected a finite rate >= 0")
    return out


def _normalise_emissions(v, hours: float) -> dict[str, float]:
    if not isinstance(v, dict):
        raise ValueError("emissions_g_s: expected a mapping {pollutant: rate}, e.g. {so2: '12 t/a'}")
    out: dict[str, float] = {}
    for key, val in v.items():
        code = canonical_pollutant(str(key))
        if code in out:
            raise ValueError(f"emissions_g_s: pollutant {key!r} given twice (as {code!r})")
        try:
            out[code] = parse_emission_g_s(val, hours)
        except ValueError as exc:
            raise ValueError(f"emissions_g_s.{key}: {exc}") from None
    return out


class _SourceBase(StrictModel):
    id: str = Field(..., min_length=1, description="Unique source id (used in tables and by admission screening)")
    name: str | None = Field(None, description="Name, e.g. '1# boiler stack' / '1#锅炉烟囱'")
    enterprise: str | None = Field(None, description="Id or name of the enterprise owning the source")
    status: SourceStatus = Field(
        "planned",
        description="existing (in the background), planned (the plan's new sources), approved (other approved "
        "projects, added), to-be-removed (subtracted)",
    )
    base_elevation_m: float = Field(0.0, description="Ground elevation at the source, m (flat terrain: informational)")
    operating_hours_h_a: float = Field(8760.0, gt=0, le=8784, description="Operating hours per year (t/a -> g/s)")
    emissions_g_s: dict[str, float] = Field(
        ..., description="Emission rate per pollutant: number in g/s, or '12 t/a', '2.5 kg/h' (see section notes)"
    )
    illustrative: bool = Field(False, description="Values are invented for illustration (flagged in the report)")

    @field_validator("emissions_g_s", mode="before")
    @classmethod
    def _emissions(cls, v, info: ValidationInfo):
        hours = info.data.get("operating_hours_h_a", 8760.0)
        return _normalise_emissions(v, hours)

    def annual_t_a(self, pollutant: str) -> float:
        """Annual emission, t/a (rate x operating hours)."""
        return self.emissions_g_s.get(pollutant, 0.0) * self.operating_hours_h_a * 3600.0 / 1e6


class PointSource(_SourceBase):
    """A stack (点源)."""

    kind: Literal["point"] = "point"
    x_m: float = Field(..., description="Stack position, m east of the origin")
    y_m: float = Field(..., description="Stack position, m north of the origin")
    stack_height_m: Q["m"] = Field(..., gt=0, le=500, description="Stack height above ground, m")
    stack_diameter_m: Q["m"] = Field(..., gt=0, le=30, description="Inner diameter at the exit, m")
    exit_velocity_m_s: Q["m/s"] = Field(..., ge=0, le=100, description="Exit gas velocity, m/s")
    exit_temperature_k: float = Field(..., description="Exit gas temperature, K (or '120 °C')")

    @field_validator("exit_temperature_k", mode="before")
    @classmethod
    def _temperature(cls, v):
        if isinstance(v, str):
            m = _NUM_UNIT.match(v)
            unit = (m.group(2) if m else "").strip()
            if m and unit in ("°C", "℃", "C", "degC"):
                return float(m.group(1)) + 273.15
            return to_unit(v, "K")
        return v

    @field_validator("exit_temperature_k")
    @classmethod
    def _temperature_range(cls, v):
        if not (200.0 <= v <= 2000.0):
            raise ValueError(f"exit_temperature_k: expected 200..2000 K (a temperature in kelvin), got {v}")
        return v


class AreaSource(_SourceBase):
    """An area source (面源): a rectangle (ISC3 style, SW corner + side lengths + rotation) or a polygon.

    ``emissions_g_s`` is the TOTAL rate of the area; the engine divides by the area.
    """

    kind: Literal["area"] = "area"
    x_m: float | None = Field(None, description="Rectangle: x of the south-west corner before rotation, m")
    y_m: float | None = Field(None, description="Rectangle: y of the south-west corner before rotation, m")
    length_x_m: Q["m"] | None = Field(None, gt=0, description="Rectangle side along x (before rotation), m")
    length_y_m: Q["m"] | None = Field(None, gt=0, description="Rectangle side along y (before rotation), m")
    angle_deg: float = Field(0.0, description="Rotation of the rectangle, degrees clockwise from north about the SW corner")
    vertices_m: list[tuple[float, float]] | None = Field(None, min_length=3, description="Polygon vertices [[x, y], ...], m")
    release_height_m: Q["m"] = Field(0.0, ge=0, le=200, description="Release height above ground, m")
    initial_sigma_z_m: Q["m"] = Field(0.0, ge=0, description="Initial vertical dimension sigma_z0, m")

    @field_validator("vertices_m")
    @classmethod
    def _polygon(cls, v):
        if v is None:
            return v
        from shapely.geometry import Polygon
        from shapely.validation import explain_validity

        poly = Polygon(v)
        if not poly.is_valid:
            raise ValueError(f"vertices_m: polygon is not valid: {explain_validity(poly)}")
        if poly.area <= 0:
            raise ValueError("vertices_m: polygon has zero area")
        return v

    @model_validator(mode="after")
    def _shape(self):
        rect = [self.x_m, self.y_m, self.length_x_m, self.length_y_m]
        if self.vertices_m is not None:
            if any(r is not None for r in rect):
                raise ValueError("give either vertices_m or the rectangle (x_m, y_m, length_x_m, length_y_m), not both")
        elif any(r is None for r in rect):
            missing = [n for n, r in zip(("x_m", "y_m", "length_x_m", "length_y_m"), rect) if r is None]
            raise ValueError(f"area source needs vertices_m or a rectangle; missing: {', '.join(missing)}")
        return self

    def polygon_m(self) -> list[tuple[float, float]]:
        """Vertices (x, y) of the area, m (the rectangle rotated clockwise about its SW corner)."""
        if self.vertices_m is not None:
            return [tuple(p) for p in self.vertices_m]
        a = math.radians(self.angle_deg)
        # local axes: side "x" points east rotated clockwise by angle, side "y" points north rotated likewise
        ex = (math.cos(a), -math.sin(a))
        ey = (math.sin(a), math.cos(a))
        x0, y0, lx, ly = self.x_m, self.y_m, self.length_x_m, self.length_y_m
        return [
            (x0, y0),
            (x0 + lx * ex[0], y0 + lx * ex[1]),
            (x0 + lx * ex[0] + ly * ey[0], y0 + lx * ex[1] + ly * ey[1]),
            (x0 + ly * ey[0], y0 + ly * ey[1]),
        ]

    def area_m2(self) -> float:
        from shapely.geometry import Polygon

        return float(Polygon(self.polygon_m()).area)

    def centroid_m(self) -> tuple[float, float]:
        from shapely.geometry import Polygon

        c = Polygon(self.polygon_m()).centroid
        return float(c.x), float(c.y)


class VolumeSource(_SourceBase):
    """A volume source (体源), e.g. a building with fugitive emissions (ISC3 volume source)."""

    kind: Literal["volume"] = "volume"
    x_m: float = Field(..., description="Centre, m east")
    y_m: float = Field(..., description="Centre, m north")
    release_height_m: Q["m"] = Field(..., ge=0, le=200, description="Centre height above ground, m")
    initial_sigma_y_m: Q["m"] = Field(..., gt=0, description="Initial lateral dimension sigma_y0, m (side / 4.3 for a single volume)")
    initial_sigma_z_m: Q["m"] = Field(..., gt=0, description="Initial vertical dimension sigma_z0, m (height / 2.15 on the ground)")


class MeteorologyColumns(StrictModel):
    """Column names of the hourly table (defaults are the canonical names).

    Time is either one column ``time`` (ISO timestamps, local standard time, the hour ENDING at the
    stamp is not assumed: the stamp is the start of the hour) or ``date`` + ``hour_ending`` (1..24,
    the convention of Chinese surface stations). Temperature in K (``temperature_k``) or °C
    (``temperature_c``).
    """

    time: str | None = "time"
    date: str | None = "date"
    hour_ending: str | None = "hour_ending"
    wind_from_deg: str = "wind_from_deg"
    wind_speed_m_s: str = "wind_speed_m_s"
    temperature_k: str | None = "temperature_k"
    temperature_c: str | None = "temperature_c"
    total_cloud_tenths: str | None = "total_cloud_tenths"
    low_cloud_tenths: str | None = "low_cloud_tenths"
    stability: str | None = "stability"
    mixing_height_m: str | None = "mixing_height_m"
    anemometer_height_m: str | None = "anemometer_height_m"


class Meteorology(StrictModel):
    """Hourly surface meteorology (HJ 2.2-2018 7: one year of hourly data for further prediction)."""

    file: DataFile = Field(..., description="CSV or Parquet hourly table (column mapping: 'columns')")
    columns: MeteorologyColumns = Field(default_factory=MeteorologyColumns)
    station_name: str = Field(..., min_length=1, description="Surface station name")
    station_id: str | None = Field(None, description="Station id (WMO or national)")
    station_x_m: float | None = Field(None, description="Station position, m east of the origin")
    station_y_m: float | None = Field(None, description="Station position, m north of the origin")
    anemometer_height_m: Q["m"] = Field(10.0, gt=0, le=200, description="Anemometer height when the table has no column")
    year: int | None = Field(None, ge=1950, le=2100, description="Year of the data (checked against the table)")
    calm_threshold_m_s: Q["m/s"] = Field(0.5, ge=0, le=1.5, description="Wind speeds below this are calm hours")
    default_mixing_height_m: Q["m"] | None = Field(
        None, gt=0, description="Mixing height used when the table has none (else a per-stability estimate, see methods)"
    )
    illustrative: bool = Field(False, description="The table is synthetic/illustrative")


class DispersionOptions(StrictModel):
    """Gaussian engine options (models.air)."""

    scheme: Literal["isc3-rural", "isc3-urban", "briggs-rural", "briggs-urban", "gbt3840"] = Field(
        "isc3-rural", description="Dispersion-parameter scheme"
    )
    plume_rise: Literal["briggs", "gbt3840"] = Field("briggs", description="Final plume-rise formula")
    stack_tip_downwash: bool = True
    buoyancy_induced_dispersion: bool = True


class CartesianGrid(StrictModel):
    """A regular grid of receptors (网格点)."""

    name: str = "grid"
    x_min_m: float
    x_max_m: float
    dx_m: float = Field(..., gt=0)
    y_min_m: float
    y_max_m: float
    dy_m: float = Field(..., gt=0)
    flagpole_m: float = Field(0.0, ge=0, le=100)

    @model_validator(mode="after")
    def _extent(self):
        if self.x_max_m <= self.x_min_m:
            raise ValueError(f"x_max_m ({self.x_max_m}) must exceed x_min_m ({self.x_min_m})")
        if self.y_max_m <= self.y_min_m:
            raise ValueError(f"y_max_m ({self.y_max_m}) must exceed y_min_m ({self.y_min_m})")
        n = self.shape[0] * self.shape[1]
        if n > 250_000:
            raise ValueError(f"grid has {n} receptors, more than 250,000; use a coarser dx_m/dy_m")
        return self

    @property
    def shape(self) -> tuple[int, int]:
        """(ny, nx)."""
        nx = int(math.floor((self.x_max_m - self.x_min_m) / self.dx_m + 1e-9)) + 1
        ny = int(math.floor((self.y_max_m - self.y_min_m) / self.dy_m + 1e-9)) + 1
        return ny, nx


class PolarGrid(StrictModel):
    """Rings of receptors around a centre (极坐标网格)."""

    name: str = "polar"
    centre_x_m: float = 0.0
    centre_y_m: float = 0.0
    ring_radii_m: list[float] = Field(..., min_length=1)
    n_directions: int = Field(36, ge=4, le=360, description="Directions evenly spaced from north, clockwise")
    flagpole_m: float = Field(0.0, ge=0, le=100)

    @field_validator("ring_radii_m")
    @classmethod
    def _radii(cls, v):
        if any(r <= 0 for r in v):
            raise ValueError(f"ring_radii_m: radii must be > 0, got {v}")
        if sorted(set(v)) != list(v):
            raise ValueError(f"ring_radii_m: radii must be strictly increasing, got {v}")
        return v


class SensitiveReceptor(StrictModel):
    """A named sensitive receptor (环境空气保护目标)."""

    name: str = Field(..., min_length=1)
    kind: Literal[
        "residential", "village", "school", "hospital", "nursing-home", "office", "government",
        "cultural-heritage", "nature-reserve", "scenic-area", "other"
    ] = "residential"
    x_m: float
    y_m: float
    flagpole_m: float = Field(0.0, ge=0, le=100)
    air_class: Literal["1", "2"] = Field("2", description="Ambient-air functional class at the receptor (GB 3095)")
    population: int | None = Field(None, ge=0)
    illustrative: bool = False


class Receptors(StrictModel):
    grids: list[CartesianGrid] = Field(default_factory=list)
    polar: list[PolarGrid] = Field(default_factory=list)
    sensitive: list[SensitiveReceptor] = Field(default_factory=list)

    @model_validator(mode="after")
    def _names(self):
        names = [r.name for r in self.sensitive]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"sensitive receptor names must be unique; repeated: {', '.join(dup)}")
        if not (self.grids or self.polar or self.sensitive):
            raise ValueError("at least one grid, polar grid or sensitive receptor is needed")
        return self


class BackgroundValue(StrictModel):
    """Background (现状) concentration of one pollutant and averaging period.

    HJ 2.2-2018 8.8 superposes, for each averaging period, the background of the SAME period:
    ``value_ug_m3`` for a 1-hour or annual check; for daily checks either a constant (e.g. the
    monitored guarantee-rate daily value) or ``daily_file`` with a date-by-date series (columns
    ``date``, ``value_ug_m3``), added day by day before the percentile is taken.
    """

    pollutant: str
    averaging_period: Literal["1h", "24h", "8h", "annual"]
    value_ug_m3: Q["ug/m3"] | None = Field(None, ge=0, description="Uniform value")
    daily_file: DataFile | None = Field(None, description="24h only: CSV/Parquet with columns date, value_ug_m3")
    receptor: str | None = Field(None, description="Name of a sensitive receptor; omitted = every receptor")
    source: str | None = Field(None, description="Monitoring source (station, year, supplementary monitoring)")
    illustrative: bool = False

    @field_validator("pollutant")
    @classmethod
    def _code(cls, v):
        return canonical_pollutant(v)

    @model_validator(mode="after")
    def _one_value(self):
        if (self.value_ug_m3 is None) == (self.daily_file is None):
            raise ValueError("give exactly one of value_ug_m3 or daily_file")
        if self.daily_file is not None and self.averaging_period != "24h":
            raise ValueError("daily_file is only for averaging_period '24h'")
        return self


class NO2Conversion(StrictModel):
    """NO2 from modelled NOx by a constant ratio (HJ 2.2-2018 prediction of NO2; see methods page)."""

    ratio_1h: float = Field(0.9, gt=0, le=1, description="NO2/NOx for 1-hour values")
    ratio_24h: float = Field(0.75, gt=0, le=1, description="NO2/NOx for daily values")
    ratio_annual: float = Field(0.75, gt=0, le=1, description="NO2/NOx for annual values")


class EstimationSettings(StrictModel):
    """Screening (估算模式) settings: a synthetic meteorology set replacing AERSCREEN's MAKEMET."""

    wind_speeds_m_s: list[float] = Field(
        default_factory=lambda: [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 7.0, 10.0, 15.0],
        description="10 m wind speeds of the screening set",
    )
    stability_classes: list[str] = Field(
        default_factory=lambda: ["A", "B", "C", "D", "E", "F"], description="Stability classes of the set"
    )
    mixing_heights_m: list[float] = Field(
        default_factory=lambda: [300.0, 600.0, 1000.0, 2000.0, 5000.0], description="Mixing heights for A-D"
    )
    max_wind_speed_by_class_m_s: dict[str, float] = Field(
        default_factory=lambda: {"A": 3.0, "B": 5.0, "C": 10.0, "D": 20.0, "E": 5.0, "F": 4.0},
        description="Highest 10 m wind speed combined with each class (SCREEN3's class/wind-speed combinations)",
    )
    ambient_temperature_k: float = Field(293.15, ge=200, le=330)
    min_distance_m: float = Field(10.0, gt=0)
    max_distance_m: float = Field(25_000.0, gt=0, le=50_000)
    n_distances: int = Field(600, ge=50, le=5000, description="Log-spaced distances between min and max")
    statuses: list[SourceStatus] = Field(
        default_factory=lambda: ["planned"], description="Which sources the grade is determined for"
    )

    @field_validator("wind_speeds_m_s", "mixing_heights_m")
    @classmethod
    def _positive(cls, v):
        if not v or any(not (x > 0) for x in v):
            raise ValueError(f"expected a non-empty list of positive values, got {v}")
        return v

    @field_validator("stability_classes")
    @classmethod
    def _classes(cls, v):
        bad = [c for c in v if c not in ("A", "B", "C", "D", "E", "F")]
        if bad or not v:
            raise ValueError(f"stability classes must be among A..F, got {v}")
        return v

    @model_validator(mode="after")
    def _range(self):
        if self.max_distance_m <= self.min_distance_m:
            raise ValueError("max_distance_m must exceed min_distance_m")
        return self


class HJ22Options(StrictModel):
    """Facts that decide the special cases of HJ 2.2-2018 5.3.3 (grade raised or fixed).

    ``None`` means "let the engine decide from the scenario" where it can (industries from
    ``cluster.leading_industries`` GB/T 4754 codes, number of sources); what cannot be decided is
    reported, never guessed.
    """

    high_energy_industry: bool | None = Field(
        None, description="电力、钢铁、水泥、石化、化工、平板玻璃、有色 etc. (None: from GB/T 4754 codes)"
    )
    high_polluting_fuel: bool | None = Field(None, description="Mainly burns high-polluting fuel (高污染燃料)")
    report_form: Literal["report", "table"] = Field(
        "report", description="环境影响报告书 (report) or 报告表 (table); planning EIAs produce a report"
    )
    airport: bool = Field(False, description="New/relocated hub or trunk airport (grade fixed at 一级)")
    urban_road_tunnel: bool = Field(False, description="Urban road with >= 1 km tunnel (grade from vents and portals)")
    estimation: EstimationSettings = Field(default_factory=EstimationSettings)


class SuperpositionOptions(StrictModel):
    add_existing_sources: bool = Field(
        False, description="Model existing sources too (only when the background does NOT already contain them)"
    )


class ProtectionDistanceOptions(StrictModel):
    """Atmospheric environmental protection distance (HJ 2.2-2018 8.8.5)."""

    enabled: bool = True
    resolution_m: float = Field(50.0, gt=0, le=50, description="Grid spacing; HJ 2.2-2018 asks for <= 50 m")
    margin_m: float = Field(2000.0, gt=0, le=20_000, description="Grid extends this far beyond the boundary")
    statuses: list[SourceStatus] = Field(default_factory=lambda: ["planned"])
    averaging_periods: list[Literal["1h", "24h"]] = Field(default_factory=lambda: ["1h", "24h"])


class TotalLoadCap(StrictModel):
    """Planned total-load cap (大气污染物总量控制指标) of one pollutant."""

    pollutant: str
    cap_t_a: Q["t/a"] = Field(..., ge=0)
    source: str | None = Field(None, description="Where the cap comes from (plan document, permit)")

    @field_validator("pollutant")
    @classmethod
    def _code(cls, v):
        return canonical_pollutant(v)


class AirSection(StrictModel):
    """Air sources, meteorology, receptors, background and HJ 2.2-2018 options."""

    pollutants: list[str] = Field(..., min_length=1, description="Pollutants assessed (canonical codes: so2, no2, pm10...)")
    no2_from_nox: NO2Conversion | None = Field(
        default_factory=NO2Conversion, description="Derive NO2 from NOx emissions (null: NO2 emissions given directly)"
    )
    point_sources: list[PointSource] = Field(default_factory=list)
    area_sources: list[AreaSource] = Field(default_factory=list)
    volume_sources: list[VolumeSource] = Field(default_factory=list)
    meteorology: Meteorology | None = Field(None, description="Hourly data for predictions (omit: estimation only)")
    dispersion: DispersionOptions = Field(default_factory=DispersionOptions)
    receptors: Receptors | None = None
    background: list[BackgroundValue] = Field(default_factory=list)
    hj22: HJ22Options = Field(default_factory=HJ22Options)
    superposition: SuperpositionOptions = Field(default_factory=SuperpositionOptions)
    protection_distance: ProtectionDistanceOptions = Field(default_factory=ProtectionDistanceOptions)
    total_load: list[TotalLoadCap] = Field(default_factory=list)

    @field_validator("pollutants")
    @classmethod
    def _codes(cls, v):
        out = [canonical_pollutant(c) for c in v]
        dup = sorted({c for c in out if out.count(c) > 1})
        if dup:
            raise ValueError(f"pollutants repeated: {', '.join(dup)}")
        return out

    @model_validator(mode="after")
    def _consistency(self):
        sources = self.all_sources()
        ids = [s.id for s in sources]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"source ids must be unique across point, area and volume sources; repeated: {', '.join(dup)}")
        if not sources:
            raise ValueError("at least one point, area or volume source is needed")
        names = {r.name for r in (self.receptors.sensitive if self.receptors else [])}
        for i, b in enumerate(self.background):
            if b.receptor is not None and b.receptor not in names:
                raise ValueError(f"background[{i}].receptor {b.receptor!r} is not a sensitive receptor name")
        if self.meteorology is not None and self.receptors is None:
            raise ValueError("receptors are needed when meteorology is given (hourly predictions)")
        keys = [(b.pollutant, b.averaging_period, b.receptor) for b in self.background]
        dup = sorted({f"{k[0]} {k[1]}" + (f" at {k[2]}" if k[2] else "") for k in keys if keys.count(k) > 1})
        if dup:
            raise ValueError(f"background: given twice for {', '.join(dup)}")
        caps = [c.pollutant for c in self.total_load]
        dup = sorted({c for c in caps if caps.count(c) > 1})
        if dup:
            raise ValueError(f"total_load: pollutant given twice: {', '.join(dup)}")
        return self

    def all_sources(self) -> list[PointSource | AreaSource | VolumeSource]:
        return [*self.point_sources, *self.area_sources, *self.volume_sources]
