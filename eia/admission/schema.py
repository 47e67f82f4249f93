"""Scenario sections ``enterprises`` and ``criteria`` (placeholders until admission screening lands)."""
from eia.schema_base import StrictModel


class EnterpriseApplication(StrictModel):
    """An enterprise applying to enter the cluster (defined by admission screening)."""

    name: str


class CriteriaSection(StrictModel):
    """The cluster's admission criteria set (defined by admission screening)."""
