"""Atomic output: a report directory is either complete or absent.

Everything is written into a temporary sibling directory; only when every file is written is it
renamed into place. An interrupted or failed run leaves no complete-looking output behind (the
temporary directory is removed, or, after a hard kill, left under a name that says it is partial).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from eia.errors import EiaError

__all__ = ["atomic_output_dir", "write_json", "write_text_atomic", "to_jsonable", "sha256_files"]


@contextlib.contextmanager
def atomic_output_dir(target: str | Path, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary directory that becomes ``target`` only if the block completes.

    Raises
    ------
    EiaError
        (exit code 4) if ``target`` exists and ``force`` is false.
    """
    target = Path(target)
    if target.exists() and not force:
        raise EiaError(f"output directory {target} already exists; use --force to replace it", exit_code=4)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if target.exists():
        old = target.parent / f".{target.name}.old-{os.getpid()}"
        os.replace(target, old)
    os.replace(tmp, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def to_jsonable(obj: Any) -> Any:
    """Convert numpy/pandas/path objects to JSON types; NaN and inf become None."""
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return to_jsonable(obj.tolist())
    if isinstance(obj, (np.bool_,)):
        return bool(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        f = float(obj)
        return f if math.isfinite(f) else None
    if isinstance(obj, Path):
        return str(obj)
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    if hasattr(obj, "model_dump"):
        return to_jsonable(obj.model_dump(mode="json"))
    return obj


def write_text_atomic(path: str | Path, text: str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_json(path: str | Path, obj: Any) -> None:
    """Deterministic JSON (sorted keys, UTF-8, no NaN), written atomically."""
    write_text_atomic(path, json.dumps(to_jsonable(obj), ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n")


def sha256_files(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(set(Path(x).resolve() for x in paths)):
        h.update(str(p.name).encode())
        h.update(p.read_bytes())
    return h.hexdigest()
