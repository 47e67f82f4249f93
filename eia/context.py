"""What every section runner receives: the scenario, where to write, standards, progress, warnings."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from eia.scenario import Scenario

__all__ = ["RunContext"]


def _no_progress(message: str, fraction: float | None = None) -> None:
    return None


@dataclass
class RunContext:
    """Shared state of one run.

    Attributes
    ----------
    scenario : Scenario
    scenario_path : Path
        The scenario file (relative data paths were already resolved by the loader).
    work_dir : Path
        Directory (temporary until the run completes) where runners may write artefacts.
    progress : callable(message, fraction)
        Report progress on long work; a no-op with ``--quiet``.
    warnings : list of dict
        Everything the reader must know: filled by :meth:`warn`.
    """

    scenario: Scenario
    scenario_path: Path
    work_dir: Path
    progress: Callable[[str, float | None], None] = _no_progress
    warnings: list[dict[str, Any]] = field(default_factory=list)
    timings_s: dict[str, float] = field(default_factory=dict)
    standards_used: dict[str, dict] = field(default_factory=dict)

    def warn(self, code: str, message: str, **details: Any) -> None:
        """Record a warning for results.json and the chapters (deduplicated by code+message)."""
        entry = {"code": code, "message": message, **details}
        if entry not in self.warnings:
            self.warnings.append(entry)

    def use_standard(self, limit: Any) -> None:
        """Record a standard value used, so the chapters list the editions (and unconfirmed values)."""
        sid = getattr(limit, "standard_id", None) or str(limit)
        info = self.standards_used.setdefault(sid, {"standard_id": sid, "items": set(), "unconfirmed": set()})
        item = f"{getattr(limit, 'item', '')} {getattr(limit, 'averaging_period', '') or ''}".strip()
        info["items"].add(item)
        if getattr(limit, "status", "") == "unconfirmed":
            info["unconfirmed"].add(item)
            self.warn(
                "unconfirmed-standard-value",
                f"{sid} {item}: the value used is marked unconfirmed in the standards registry",
                standard_id=sid,
                item=item,
            )
