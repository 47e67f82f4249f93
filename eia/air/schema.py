"""Scenario section ``air`` (placeholder until the air assessment lands; accepts only an empty mapping)."""
from eia.schema_base import StrictModel


class AirSection(StrictModel):
    """Air sources, meteorology, receptors and background (defined by the air assessment)."""
