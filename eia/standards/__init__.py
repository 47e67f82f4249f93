"""Standards registry: environmental quality standards and pollutant equivalents as data.

Quick use::

    from eia import standards
    lim = standards.get_limit("GB 3095-2012", class_or_grade="2", item="so2", averaging_period="1h")
    lim.value, lim.unit, lim.status, lim.citation       # 500.0, 'ug/m3', 'in force'/'superseded', ...
    standards.get_limit("ambient-air", assessment_date="2027-06-01", class_or_grade=2,
                        item="pm2.5", averaging_period="annual").value   # 30.0 (GB 3095-2026 phase 1)
    standards.surface_water_class("tp", 0.05, water_body="lake")          # 'III'
    standards.pollutant_equivalent_kg("cod")                               # 1.0

See ``docs/standards.md`` for the tables, their sources and how "in force" is decided.
"""
from eia.standards.registry import (  # noqa: F401
    ONE_HOUR_FACTORS,
    PERIODS,
    SURFACE_WATER_CLASSES,
    Limit,
    OneHourEquivalent,
    PollutantEquivalent,
    StandardInfo,
    StandardsError,
    StandardsRegistry,
    UnknownClassError,
    UnknownItemError,
    UnknownPeriodError,
    UnknownStandardError,
    UnknownWaterBodyError,
    ambient_air_standard_for,
    default_registry,
    family_for_date,
    get_limit,
    items,
    list_standards,
    normalise_item,
    normalise_period,
    one_hour_equivalent,
    pollutant_equivalent,
    pollutant_equivalent_kg,
    pollution_equivalents,
    registry_manifest,
    standard_info,
    surface_water_class,
    table,
    warning_for,
)
from eia.standards.registry import __all__ as __all__  # noqa: F401
