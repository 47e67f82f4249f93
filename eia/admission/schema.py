"""Scenario sections ``enterprises`` and ``criteria``, and the criteria-set file model.

An :class:`EnterpriseApplication` is what an enterprise applying to enter the cluster declares.
Every field but ``name`` is optional: a rule that needs a missing value yields "missing data"
(-> verdict "needs more information"), never a crash and never a silent pass.

A criteria set (生态环境准入清单) is a versioned YAML file (:class:`CriteriaSet`) whose rules are
organised in the four dimensions of the "three lines, one list" system (三线一单, 《关于实施"三线
一单"生态环境分区管控的指导意见（试行）》环环评〔2021〕108号): spatial layout constraints, pollutant
emission control, environmental-risk prevention and resource-use efficiency.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Union

from pydantic import BeforeValidator, Field, field_validator, model_validator

from eia.air.schema import AreaSource, PointSource, VolumeSource
from eia.schema_base import DataFile, StrictModel
from eia.units import Q

__all__ = [
    "EnterpriseApplication",
    "CriteriaSection",
    "CriteriaSet",
    "Rule",
    "RuleOverride",
    "Product",
    "Wastewater",
    "Resources",
    "Receptor",
    "RedlinePolygon",
    "PolicyEntry",
    "POLLUTANTS",
    "AIR_POLLUTANTS",
    "WATER_POLLUTANTS",
    "DIMENSIONS",
    "canonical_pollutant",
    "canonical_level",
]

_GBT4754 = re.compile(r"^[A-T](\d{2}(\d{1,2})?)?$")

#: Pollutants of total-load control (总量控制) the engine screens, canonical keys.
AIR_POLLUTANTS = ("so2", "nox", "particulates", "vocs")
WATER_POLLUTANTS = ("cod", "nh3n", "tp")
POLLUTANTS = AIR_POLLUTANTS + WATER_POLLUTANTS

_POLLUTANT_ALIASES = {
    "so2": "so2", "二氧化硫": "so2",
    "nox": "nox", "no2": "nox", "氮氧化物": "nox",
    "particulates": "particulates", "particulate": "particulates", "pm": "particulates", "pm10": "particulates",
    "tsp": "particulates", "dust": "particulates", "颗粒物": "particulates", "烟粉尘": "particulates",
    "vocs": "vocs", "voc": "vocs", "nmhc": "vocs", "挥发性有机物": "vocs",
    "cod": "cod", "codcr": "cod", "化学需氧量": "cod",
    "nh3n": "nh3n", "nh3": "nh3n", "ammonia": "nh3n", "氨氮": "nh3n",
    "tp": "tp", "totalphosphorus": "tp", "总磷": "tp",
}


def canonical_pollutant(name: str) -> str:
    """Canonical pollutant key ('NH3-N' -> 'nh3n', 'COD_Cr' -> 'cod', '颗粒物' -> 'particulates').

    Raises
    ------
    ValueError
        If ``name`` is not one of the total-load pollutants, listing the known ones.
    """
    key = re.sub(r"[\s\-_.()（）]", "", str(name)).lower()
    if key not in _POLLUTANT_ALIASES:
        raise ValueError(f"unknown pollutant {name!r}; expected one of {', '.join(POLLUTANTS)} (or aliases such as 'NH3-N', 'COD')")
    return _POLLUTANT_ALIASES[key]


#: Four dimensions of the 生态环境准入清单 (HJ 131-2021 §9.2; 环环评〔2021〕108号).
DIMENSIONS = {
    "spatial_layout": {"zh": "空间布局约束", "en": "Spatial layout constraints"},
    "emission_control": {"zh": "污染物排放管控", "en": "Pollutant emission control"},
    "risk_prevention": {"zh": "环境风险防控", "en": "Environmental risk prevention"},
    "resource_efficiency": {"zh": "资源开发效率要求", "en": "Resource-use efficiency"},
}
_DIMENSION_ALIASES = {v["zh"]: k for k, v in DIMENSIONS.items()}


def _dimension(v: Any) -> Any:
    return _DIMENSION_ALIASES.get(v, v) if isinstance(v, str) else v


#: Clean-production levels: I 国际清洁生产领先/国际先进, II 国内清洁生产先进, III 国内清洁生产一般
#: (清洁生产评价指标体系编制通则（试行稿）, 国家发展改革委 环境保护部 工业和信息化部 2013年第33号公告).
_LEVEL_ALIASES = {
    "i": "I", "1": "I", "i级": "I", "一级": "I", "国际先进": "I", "国际领先": "I", "国际清洁生产领先水平": "I",
    "ii": "II", "2": "II", "ii级": "II", "二级": "II", "国内先进": "II", "国内清洁生产先进水平": "II",
    "iii": "III", "3": "III", "iii级": "III", "三级": "III", "国内一般": "III", "国内清洁生产一般水平": "III",
    "below": "below", "未达到": "below", "未达三级": "below",
}


def canonical_level(v: Any) -> str:
    """Canonical clean-production level 'I', 'II', 'III' or 'below' (worse than III)."""
    key = str(v).strip().replace("Ⅰ", "I").replace("Ⅱ", "II").replace("Ⅲ", "III").lower().replace(" ", "")
    if key not in _LEVEL_ALIASES:
        raise ValueError(
            f"unknown clean-production level {v!r}; expected I (国际先进), II (国内先进), III (国内一般) or 'below'"
        )
    return _LEVEL_ALIASES[key]


Level = Annotated[Literal["I", "II", "III", "below"], BeforeValidator(lambda v: canonical_level(v) if v is not None else v)]


def _codes(v: list[str]) -> list[str]:
    v = [c.strip().upper() for c in v]
    bad = [c for c in v if not _GBT4754.match(c)]
    if bad:
        raise ValueError(f"not GB/T 4754-2017 codes: {bad}; expected a section letter A-T followed by 2, 3 or 4 digits (e.g. 'C27', 'C2710')")
    return v


def _split_list(v: Any) -> Any:
    if isinstance(v, str):
        return [s.strip() for s in re.split(r"[;,；，、]", v) if s.strip()]
    return v


StrList = Annotated[list[str], BeforeValidator(_split_list)]


# ------------------------------------------------------------------------------- enterprise side
class Product(StrictModel):
    """A product with its design capacity, e.g. ``{name: 瓦楞原纸, capacity: 5, unit: 万t/a}``."""

    name: str = Field(..., min_length=1)
    capacity: float | None = Field(None, ge=0, description="Design capacity (in `unit`)")
    unit: str | None = Field(None, description="Unit of the capacity, e.g. 't/a', '万t/a', '辆/a', '万头/a'")
    keywords: StrList = Field(default_factory=list, description="Further keywords (process, equipment) for the policy check")


class Wastewater(StrictModel):
    """Where the wastewater goes and how much."""

    flow_m3_d: Q["m3/d"] | None = Field(None, ge=0, description="Wastewater flow (m3/d)")
    destination: Literal["park_wwtp", "direct", "none"] | None = Field(
        None, description="'park_wwtp' (to the park treatment plant), 'direct' (own outfall), 'none' (zero discharge)"
    )
    receiving_zone: str | None = Field(None, description="Water functional zone id receiving the (treated) load; default: 'total'")


class Resources(StrictModel):
    """Resource use and output, for the resource-intensity rules."""

    water_m3_a: Q["m3/a"] | None = Field(None, ge=0, description="Fresh-water intake (新鲜水用量)")
    energy_tce_a: float | None = Field(None, ge=0, description="Comprehensive energy consumption, tonnes of coal equivalent per year (GB/T 2589-2020)")
    output_value_1e4_yuan_a: float | None = Field(None, ge=0, description="Industrial output value, 10^4 yuan per year (万元/a)")
    output_quantity_a: float | None = Field(None, ge=0, description="Annual output quantity (in `output_unit`)")
    output_unit: str | None = Field(None, description="Unit of the output quantity, e.g. 't', '万t', '辆', '头'")


class EnterpriseApplication(StrictModel):
    """An enterprise applying to enter the cluster (入园申请). Only ``name`` is required."""

    name: str = Field(..., min_length=1)
    id: str | None = Field(None, description="Application id (defaults to the name)")
    gbt4754_codes: StrList = Field(
        default_factory=list, description="GB/T 4754-2017 industry codes, e.g. ['C1351']"
    )
    products: list[Product] = Field(default_factory=list)
    processes: StrList = Field(default_factory=list, description="Processes and equipment (工艺/装备), free text")
    keywords: StrList = Field(default_factory=list, description="Further keywords for the industrial-policy check")
    x_m: float | None = Field(None, description="Site location, metres east of the cluster origin")
    y_m: float | None = Field(None, description="Site location, metres north of the cluster origin")
    site_polygon_m: list[tuple[float, float]] | None = Field(None, min_length=3, description="Site boundary (厂界) [[x, y], ...] in metres")
    clean_production_level: Level | None = Field(None, description="I 国际先进, II 国内先进, III 国内一般, or 'below'")
    emissions_t_a: dict[str, Q["t/a"]] | None = Field(
        None,
        description="Declared annual emissions to the environment per pollutant (so2, nox, particulates, vocs, cod, nh3n, tp); "
        "a pollutant not listed is declared as not emitted; omit the whole mapping when not known",
    )
    wastewater: Wastewater | None = None
    resources: Resources | None = None
    air_sources: list[Annotated[Union[PointSource, AreaSource, VolumeSource], Field(discriminator="kind")]] | None = Field(
        None,
        description="The enterprise's air sources for the protection-distance model, in the air section's source format "
        "(eia/air/schema.py: PointSource, AreaSource, VolumeSource; each with 'kind': point, area or volume); "
        "[] = no air sources; omit when not known",
    )
    atmospheric_protection_distance_m: float | None = Field(
        None, ge=0, description="Atmospheric protection distance from the enterprise's own EIA (used instead of computing it)"
    )
    industry_category: str | None = Field(None, description="Key of the sanitary-protection-distance table (e.g. 'slaughter_pig')")
    production_scale: float | None = Field(None, ge=0, description="Scale used by the sanitary-distance table (in the table's unit)")
    sanitary_distance_m: float | None = Field(None, ge=0, description="Sanitary protection distance stated by the enterprise's EIA")
    risk_q: float | None = Field(None, ge=0, description="Ratio of hazardous-substance quantity to critical quantity Q (HJ 169-2018 附录C)")
    notes: str | None = None

    @field_validator("gbt4754_codes")
    @classmethod
    def _check_codes(cls, v):
        return _codes(v)

    @field_validator("emissions_t_a")
    @classmethod
    def _pollutant_keys(cls, v):
        if v is None:
            return v
        out: dict[str, float] = {}
        for k, val in v.items():
            key = canonical_pollutant(k)
            if val < 0:
                raise ValueError(f"emission of {k} is negative ({val} t/a); expected >= 0")
            out[key] = out.get(key, 0.0) + val
        return out

    @field_validator("site_polygon_m")
    @classmethod
    def _valid_polygon(cls, v):
        if v is None:
            return v
        from shapely.geometry import Polygon

        if not Polygon(v).is_valid:
            raise ValueError("site polygon is not a valid (simple, non-self-intersecting) polygon")
        return v

    @model_validator(mode="after")
    def _xy_pair(self):
        if (self.x_m is None) != (self.y_m is None):
            raise ValueError("give both x_m and y_m (or neither)")
        return self

    @property
    def key(self) -> str:
        return self.id or self.name


# ------------------------------------------------------------------------------- criteria side
class Source(StrictModel):
    """Where a rule comes from: document and clause."""

    document: str = Field(..., min_length=1)
    clause: str | None = None


class PolicyEntry(StrictModel):
    """One entry of 产业结构调整指导目录 (restricted or eliminated), as matched by the policy rule."""

    id: str = Field(..., min_length=1)
    category: Literal["restricted", "eliminated"]
    document: str | None = Field(None, description="Issuing document if not the catalogue itself")
    section: str = Field(..., description="Catalogue section, e.g. '第二类 限制类 十二、轻工'")
    item: str = Field(..., description="Item number within the section")
    text: str = Field(..., min_length=1, description="Entry wording (Chinese)")
    keywords: StrList = Field(..., min_length=1, description="Any of these in the products/processes/keywords triggers the entry")
    all_keywords: StrList = Field(default_factory=list, description="All of these must also appear")
    gbt4754_prefixes: StrList = Field(default_factory=list, description="If given, the enterprise's code must start with one")
    capacity_max: float | None = Field(None, ge=0, description="Entry applies at or below this capacity ('…以下' includes the number)")
    capacity_min: float | None = Field(None, ge=0, description="Entry applies strictly above this capacity (a line of exactly this capacity is outside the entry)")
    capacity_unit: str | None = None
    wording: Literal["verified", "paraphrase"] = Field(
        "paraphrase", description="'verified' if checked against the published text; 'paraphrase' otherwise"
    )

    @model_validator(mode="after")
    def _unit(self):
        if (self.capacity_max is not None or self.capacity_min is not None) and not self.capacity_unit:
            raise ValueError(f"entry {self.id}: capacity_max/capacity_min need capacity_unit")
        return self


class PolicyCatalogue(StrictModel):
    """A maintained list of catalogue entries (eia/admission/data/industrial_policy_2024.yaml)."""

    id: str
    title: str
    issuing_document: str
    effective_date: dt.date
    note: str | None = None
    entries: list[PolicyEntry]

    @model_validator(mode="after")
    def _unique(self):
        seen: set[str] = set()
        for e in self.entries:
            if e.id in seen:
                raise ValueError(f"duplicate entry id {e.id!r}")
            seen.add(e.id)
        return self


class _RuleBase(StrictModel):
    id: str = Field(..., min_length=1, pattern=r"^[A-Za-z0-9_.\-]+$")
    dimension: Annotated[
        Literal["spatial_layout", "emission_control", "risk_prevention", "resource_efficiency"], BeforeValidator(_dimension)
    ]
    clause: str = Field(..., min_length=1, description="Clause text (Chinese)")
    clause_en: str | None = None
    source: Source
    severity: Literal["reject", "condition"] = Field(
        "reject", description="'reject': a violation rejects; 'condition': a violation admits with the condition stated"
    )
    condition: str | None = Field(None, description="Condition imposed when a 'condition' rule is violated (Chinese)")
    enabled: bool = True


class IndustryFitParams(StrictModel):
    use_leading_industries: bool = Field(True, description="Accept codes of the cluster's leading industries")
    allowed_codes: StrList = Field(default_factory=list)
    excluded_codes: StrList = Field(default_factory=list)

    @field_validator("allowed_codes", "excluded_codes")
    @classmethod
    def _c(cls, v):
        return _codes(v)


class IndustrialPolicyParams(StrictModel):
    catalogue: str = Field("industrial_policy_2024", description="Bundled catalogue id")
    catalogue_file: DataFile | None = Field(None, description="A user catalogue (same format) used instead of the bundled one")
    extra_entries: list[PolicyEntry] = Field(default_factory=list, description="Entries added to the catalogue")
    categories: list[Literal["restricted", "eliminated"]] = Field(default_factory=lambda: ["restricted", "eliminated"])


class CleanProductionParams(StrictModel):
    min_level: Level = Field("II", description="Lowest acceptable level ('II' = 国内先进 or better)")


class PollutantQuotaParams(StrictModel):
    pollutants: list[Annotated[str, BeforeValidator(canonical_pollutant)]] = Field(default_factory=lambda: list(POLLUTANTS))
    max_share_of_remaining: float = Field(1.0, gt=0, le=1, description="Largest share of the remaining capacity one enterprise may take")
    water_zone: str = Field("total", description="Zone of results['water']['remaining_capacity_t_a'] used when the application names none")


class WwtpCapacityParams(StrictModel):
    max_share_of_remaining: float = Field(1.0, gt=0, le=1)
    allow_direct_discharge: bool = Field(False, description="Whether an own outfall (direct discharge) is acceptable")


class ResourceIntensityParams(StrictModel):
    max_water_m3_per_unit: float | None = Field(None, gt=0, description="Fresh water per unit of output (m3 per output_unit)")
    output_unit: str | None = Field(None, description="Unit of output the water threshold refers to, e.g. 't'")
    max_water_m3_per_1e4_yuan: float | None = Field(None, gt=0, description="Fresh water per 10^4 yuan of output value")
    max_energy_tce_per_1e4_yuan: float | None = Field(None, gt=0, description="Energy per 10^4 yuan of output value (tce/万元)")

    @model_validator(mode="after")
    def _some(self):
        if self.max_water_m3_per_unit is None and self.max_water_m3_per_1e4_yuan is None and self.max_energy_tce_per_1e4_yuan is None:
            raise ValueError("give at least one threshold: max_water_m3_per_unit, max_water_m3_per_1e4_yuan, max_energy_tce_per_1e4_yuan")
        if self.max_water_m3_per_unit is not None and not self.output_unit:
            raise ValueError("max_water_m3_per_unit needs output_unit (e.g. 't')")
        return self


class ProtectionDistanceParams(StrictModel):
    atmospheric: bool = Field(True, description="Check the atmospheric environmental protection distance (HJ 2.2-2018 §8.8.5)")
    sanitary: bool = Field(True, description="Check the sanitary protection distance of the industry standard")
    sanitary_table_file: DataFile | None = Field(None, description="A user sanitary-distance table (same format as the bundled one)")
    mean_wind_speed_m_s: float | None = Field(None, gt=0, description="Long-term mean wind speed for the sanitary table; default: from the scenario meteorology")


class LocationParams(StrictModel):
    require_inside_boundary: bool = True
    redline_buffer_m: float = Field(0.0, ge=0, description="Extra clearance from ecological red lines")


class NegativeListParams(StrictModel):
    keywords: StrList = Field(default_factory=list, description="Prohibited products/processes (any match)")
    codes: StrList = Field(default_factory=list, description="Prohibited GB/T 4754 code prefixes")

    @field_validator("codes")
    @classmethod
    def _c(cls, v):
        return _codes(v)

    @model_validator(mode="after")
    def _some(self):
        if not self.keywords and not self.codes:
            raise ValueError("give keywords and/or codes")
        return self


_THRESHOLD_FIELDS = ("risk_q", "wastewater.flow_m3_d", "resources.water_m3_a", "resources.energy_tce_a", "production_scale")


class FieldThresholdParams(StrictModel):
    field: Literal[_THRESHOLD_FIELDS] = Field(..., description=f"One of {', '.join(_THRESHOLD_FIELDS)}")
    op: Literal["<", "<=", ">", ">="] = Field(..., description="Comparison the value must satisfy, e.g. '<' for '小于'")
    value: float


class IndustryFitRule(_RuleBase):
    kind: Literal["industry_fit"]
    parameters: IndustryFitParams = Field(default_factory=IndustryFitParams)


class IndustrialPolicyRule(_RuleBase):
    kind: Literal["industrial_policy"]
    parameters: IndustrialPolicyParams = Field(default_factory=IndustrialPolicyParams)


class CleanProductionRule(_RuleBase):
    kind: Literal["clean_production"]
    parameters: CleanProductionParams = Field(default_factory=CleanProductionParams)


class PollutantQuotaRule(_RuleBase):
    kind: Literal["pollutant_quota"]
    parameters: PollutantQuotaParams = Field(default_factory=PollutantQuotaParams)


class WwtpCapacityRule(_RuleBase):
    kind: Literal["wwtp_capacity"]
    parameters: WwtpCapacityParams = Field(default_factory=WwtpCapacityParams)


class ResourceIntensityRule(_RuleBase):
    kind: Literal["resource_intensity"]
    parameters: ResourceIntensityParams


class ProtectionDistanceRule(_RuleBase):
    kind: Literal["protection_distance"]
    parameters: ProtectionDistanceParams = Field(default_factory=ProtectionDistanceParams)


class LocationRule(_RuleBase):
    kind: Literal["location"]
    parameters: LocationParams = Field(default_factory=LocationParams)


class NegativeListRule(_RuleBase):
    kind: Literal["negative_list"]
    parameters: NegativeListParams


class FieldThresholdRule(_RuleBase):
    kind: Literal["field_threshold"]
    parameters: FieldThresholdParams


Rule = Annotated[
    Union[
        IndustryFitRule,
        IndustrialPolicyRule,
        CleanProductionRule,
        PollutantQuotaRule,
        WwtpCapacityRule,
        ResourceIntensityRule,
        ProtectionDistanceRule,
        LocationRule,
        NegativeListRule,
        FieldThresholdRule,
    ],
    Field(discriminator="kind"),
]


class CriteriaSet(StrictModel):
    """A versioned criteria set file (生态环境准入清单)."""

    id: str = Field(..., min_length=1)
    version: str = Field(..., min_length=1)
    title: str = Field(..., min_length=1)
    title_en: str | None = None
    issuing_document: str = Field(..., min_length=1, description="Document that issues the list (文号)")
    effective_date: dt.date
    note: str | None = None
    rules: list[Rule] = Field(..., min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self):
        seen: set[str] = set()
        for r in self.rules:
            if r.id in seen:
                raise ValueError(f"duplicate rule id {r.id!r}")
            seen.add(r.id)
        return self


class RuleOverride(StrictModel):
    """Change a rule of the referenced set by id; ``parameters`` are merged key by key."""

    id: str = Field(..., min_length=1)
    enabled: bool | None = None
    severity: Literal["reject", "condition"] | None = None
    condition: str | None = None
    clause: str | None = None
    clause_en: str | None = None
    source: Source | None = None
    parameters: dict[str, Any] | None = None


class Receptor(StrictModel):
    """An environmentally sensitive receptor (环境敏感目标): residential area, school, hospital."""

    name: str
    x_m: float
    y_m: float
    kind: str | None = None


class RedlinePolygon(StrictModel):
    """An ecological protection red-line polygon (生态保护红线) in the local frame."""

    name: str
    coordinates_m: list[tuple[float, float]] = Field(..., min_length=3)

    @field_validator("coordinates_m")
    @classmethod
    def _valid(cls, v):
        from shapely.geometry import Polygon

        if not Polygon(v).is_valid:
            raise ValueError("red-line polygon is not valid (self-intersecting or degenerate)")
        return v


class CriteriaSection(StrictModel):
    """The cluster's admission criteria: a set (bundled id or file) with overrides and additions.

    Give ``set_id`` (a bundled set, see ``docs/criteria-reference.md``) or ``set_file``; with
    neither, the bundled ``generic-park-2024`` set is used.
    """

    set_id: str | None = Field(None, description="Bundled set id, e.g. 'generic-park-2024'")
    set_file: DataFile | None = Field(None, description="A criteria-set YAML file")
    overrides: list[RuleOverride] = Field(default_factory=list)
    add_rules: list[Rule] = Field(default_factory=list)
    sensitive_receptors: list[Receptor] = Field(default_factory=list, description="Receptors for the protection-distance rule")
    ecological_redlines: list[RedlinePolygon] = Field(default_factory=list)
    applications_file: DataFile | None = Field(None, description="CSV/XLSX of applications screened after `enterprises`, in row order")

    @model_validator(mode="after")
    def _one_set(self):
        if self.set_id is not None and self.set_file is not None:
            raise ValueError("give set_id or set_file, not both")
        return self

