"""Argument checks shared by the surface-water models (private).

Every public function converts its inputs with :func:`as_array` and validates ranges with the
``require_*`` helpers so that bad input raises ``ValueError`` naming the argument, the offending
value and what was expected (docs/architecture.md, "Conventions").
"""
from __future__ import annotations

import numpy as np

SECONDS_PER_DAY = 86400.0


def as_array(name: str, value) -> np.ndarray:
    """Return ``value`` as a float ndarray, rejecting NaN and infinities."""
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)):
        bad = arr[~np.isfinite(arr)].flat[0].item()
        raise ValueError(f"{name}={bad!r}: expected a finite number")
    return arr


def _first(arr: np.ndarray, mask: np.ndarray):
    return np.broadcast_to(arr, mask.shape)[mask].flat[0].item()


def require_nonnegative(name: str, arr: np.ndarray) -> None:
    """Raise ``ValueError`` unless every element is >= 0."""
    mask = arr < 0
    if np.any(mask):
        raise ValueError(f"{name}={_first(arr, mask)!r}: expected a value >= 0")


def require_positive(name: str, arr: np.ndarray) -> None:
    """Raise ``ValueError`` unless every element is > 0."""
    mask = arr <= 0
    if np.any(mask):
        raise ValueError(f"{name}={_first(arr, mask)!r}: expected a value > 0")


def choose(registry: dict, kind: str, name: str):
    """Look ``name`` up in ``registry``; unknown names list the known ones."""
    try:
        return registry[name]
    except (KeyError, TypeError):
        known = ", ".join(repr(k) for k in registry)
        raise ValueError(f"{kind}={name!r}: unknown; expected one of {known}") from None


def scalar_or_array(arr: np.ndarray):
    """0-d arrays come back as numpy scalars, everything else unchanged."""
    return arr[()] if arr.ndim == 0 else arr
