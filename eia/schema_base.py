"""Base classes and shared field types for every scenario section."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

__all__ = ["StrictModel", "DataFile", "DATA_FILE_KEYS"]

#: Keys whose (relative) string values the loader resolves against the directory of the file
#: that names them, so that a scenario can be moved together with its tables.
DATA_FILE_KEYS = ("file", "path")


def is_data_file_key(key: str) -> bool:
    return key in DATA_FILE_KEYS or key.endswith("_file") or key.endswith("_path")


class StrictModel(BaseModel):
    """Pydantic model that rejects unknown keys (typos) and validates assignments."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, populate_by_name=True)


def _existing_file(value: Path) -> Path:
    if not value.exists():
        raise ValueError(f"file not found: {value}")
    if not value.is_file():
        raise ValueError(f"not a file: {value}")
    return value


#: A path to a data file (CSV, Parquet, XLSX, YAML...). Name the field ``*_file`` (or ``file``/``path``)
#: so the loader resolves it relative to the scenario file that names it.
DataFile = Annotated[Path, AfterValidator(_existing_file)]
