"""Receptor sets: cartesian grids, polar grids and named sensitive receptors as flat arrays.

Every receptor has an index in one flat array (the order the hourly engines use); the
:class:`ReceptorSet` remembers which indices form each grid (and its shape, for contour maps) and
which are sensitive receptors.

References
----------
.. [1] HJ 2.2-2018, 8.5 (预测范围与计算点: 网格点与环境空气保护目标; grid spacing near the
   sources), 8.8.5 (<= 50 m grid for the protection distance).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

__all__ = ["ReceptorSet", "GridBlock", "build_receptors", "cartesian_points", "polar_points", "boundary_grid"]


@dataclass
class GridBlock:
    """One grid inside a :class:`ReceptorSet`: flat indices and, for cartesian grids, axes."""

    name: str
    kind: str  # "cartesian" or "polar"
    indices: np.ndarray
    x_axis_m: np.ndarray | None = None
    y_axis_m: np.ndarray | None = None

    @property
    def shape(self) -> tuple[int, int] | None:
        if self.x_axis_m is None:
            return None
        return (self.y_axis_m.size, self.x_axis_m.size)


@dataclass
class ReceptorSet:
    x_m: np.ndarray
    y_m: np.ndarray
    z_m: np.ndarray
    grids: list[GridBlock] = field(default_factory=list)
    sensitive_names: list[str] = field(default_factory=list)
    sensitive_indices: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    sensitive_meta: list[dict] = field(default_factory=list)

    @property
    def n(self) -> int:
        return int(self.x_m.size)

    @property
    def grid_indices(self) -> np.ndarray:
        if not self.grids:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate([g.indices for g in self.grids])


def cartesian_points(x_min_m, x_max_m, dx_m, y_min_m, y_max_m, dy_m):
    """Axes and flattened (row-major, y outer) points of a regular grid, both ends included."""
    if dx_m <= 0 or dy_m <= 0:
        raise ValueError(f"dx_m, dy_m: expected > 0, got {dx_m}, {dy_m}")
    nx = int(math.floor((x_max_m - x_min_m) / dx_m + 1e-9)) + 1
    ny = int(math.floor((y_max_m - y_min_m) / dy_m + 1e-9)) + 1
    xs = x_min_m + dx_m * np.arange(nx)
    ys = y_min_m + dy_m * np.arange(ny)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, gx.ravel(), gy.ravel()


def polar_points(centre_x_m, centre_y_m, ring_radii_m, n_directions):
    """Points on rings; directions clockwise from north starting at north."""
    r = np.asarray(ring_radii_m, dtype=float)
    th = np.radians(np.arange(n_directions) * 360.0 / n_directions)
    rr, tt = np.meshgrid(r, th, indexing="ij")
    return (centre_x_m + rr * np.sin(tt)).ravel(), (centre_y_m + rr * np.cos(tt)).ravel()


def build_receptors(receptors) -> ReceptorSet:
    """Flatten a :class:`eia.air.schema.Receptors` section."""
    xs, ys, zs, grids = [], [], [], []
    n = 0
    for g in receptors.grids:
        ax, ay, px, py = cartesian_points(g.x_min_m, g.x_max_m, g.dx_m, g.y_min_m, g.y_max_m, g.dy_m)
        grids.append(GridBlock(g.name, "cartesian", np.arange(n, n + px.size), ax, ay))
        xs.append(px), ys.append(py), zs.append(np.full(px.size, g.flagpole_m))
        n += px.size
    for g in receptors.polar:
        px, py = polar_points(g.centre_x_m, g.centre_y_m, g.ring_radii_m, g.n_directions)
        grids.append(GridBlock(g.name, "polar", np.arange(n, n + px.size)))
        xs.append(px), ys.append(py), zs.append(np.full(px.size, g.flagpole_m))
        n += px.size
    sens = receptors.sensitive
    if sens:
        xs.append(np.array([r.x_m for r in sens], dtype=float))
        ys.append(np.array([r.y_m for r in sens], dtype=float))
        zs.append(np.array([r.flagpole_m for r in sens], dtype=float))
    rs = ReceptorSet(
        x_m=np.concatenate(xs) if xs else np.zeros(0),
        y_m=np.concatenate(ys) if ys else np.zeros(0),
        z_m=np.concatenate(zs) if zs else np.zeros(0),
        grids=grids,
        sensitive_names=[r.name for r in sens],
        sensitive_indices=np.arange(n, n + len(sens), dtype=np.int64),
        sensitive_meta=[{"name": r.name, "kind": r.kind, "x_m": r.x_m, "y_m": r.y_m, "air_class": r.air_class,
                         "population": r.population} for r in sens],
    )
    return rs


def boundary_grid(boundary_m, *, resolution_m: float, margin_m: float):
    """Cells of a regular grid around a boundary polygon, and which lie outside it.

    Returns
    -------
    (xs, ys, px, py, outside)
        Axes, flattened cell centres and a boolean mask of centres strictly outside the polygon.
    """
    from shapely import contains_xy
    from shapely.geometry import Polygon

    poly = Polygon(boundary_m)
    if not poly.is_valid or poly.area <= 0:
        raise ValueError("boundary_m: expected a valid polygon with positive area")
    x0, y0, x1, y1 = poly.bounds
    # centre the lattice on the boundary box so that results do not depend on the origin
    nx = int(math.ceil((x1 - x0 + 2 * margin_m) / resolution_m)) + 1
    ny = int(math.ceil((y1 - y0 + 2 * margin_m) / resolution_m)) + 1
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    xs = cx + (np.arange(nx) - (nx - 1) / 2) * resolution_m
    ys = cy + (np.arange(ny) - (ny - 1) / 2) * resolution_m
    gx, gy = np.meshgrid(xs, ys)
    px, py = gx.ravel(), gy.ravel()
    outside = ~contains_xy(poly, px, py)
    return xs, ys, px, py, outside
