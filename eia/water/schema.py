"""Scenario section ``water`` (placeholder until the water assessment lands; accepts only an empty mapping)."""
from eia.schema_base import StrictModel


class WaterSection(StrictModel):
    """River system, zones, outfalls and capacity settings (defined by the water assessment)."""
