"""Figures for the chapters, drawn with matplotlib (Agg) from the contract's figure dicts.

Kinds (docs/architecture.md, "Report-ready content in results"): ``contour`` (concentration map
with cluster boundary, sources, receptors, standard-limit isoline, scale bar and north arrow),
``wind_rose``, ``profile`` (lines with standard lines), ``bar`` and ``map``. Each kind is drawn by
a function of :data:`FIGURE_KINDS`; :func:`render_figure` picks it by name.

Chinese text uses Noto Sans CJK SC registered from the ``mplfonts`` wheel (:mod:`eia.report.fonts`),
never a system font. Output is deterministic: PNG without software/date metadata, SVG with a fixed
hash salt and no date, so the same input gives the same bytes.

References
----------
HJ 2.2-2018 《环境影响评价技术导则 大气环境》, 8.8 (图件: 浓度分布图 with 评价范围, 污染源, 敏感目标,
比例尺 and 指北针) and 附录 C (风向玫瑰图); GB/T 7713.1-2006 clause 5.4 (figures numbered by
chapter, caption below the figure).
"""
from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any, Callable

import numpy as np

from eia.report.fonts import figure_font
from eia.report.i18n import label, text

__all__ = ["FIGURE_KINDS", "render_figure", "load_figure_data", "nice_scale_length_m", "wind_speed_bin_labels",
           "contour_levels", "isolines_geojson"]

_WIDTH_IN = 6.3  # 16 cm: the text width of an A4 page with 2.5/2.5 cm margins
_DIRS16 = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"]


def _rc(font: str) -> dict:
    return {
        "font.family": [font, "DejaVu Sans"],
        "font.size": 9,
        "axes.titlesize": 10,
        "axes.labelsize": 9,
        "legend.fontsize": 8,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "axes.unicode_minus": False,  # the ASCII hyphen-minus exists in every font
        "svg.hashsalt": "eia-engine",
        "svg.fonttype": "path",  # self-contained SVG: glyphs as paths, no font needed to view
        "path.simplify": True,
    }


def nice_scale_length_m(extent_m: float) -> float:
    """A round scale-bar length (1, 2 or 5 × 10^n m) close to a fifth of ``extent_m``."""
    if not (extent_m > 0 and math.isfinite(extent_m)):
        raise ValueError(f"extent_m: got {extent_m!r}; expected a positive finite length")
    target = extent_m / 5.0
    exp = 10 ** math.floor(math.log10(target))
    for m in (5, 2, 1):
        if m * exp <= target:
            return m * exp
    return exp


def _fmt_len(length_m: float) -> str:
    return f"{length_m / 1000:g} km" if length_m >= 1000 else f"{length_m:g} m"


def _scale_bar(ax, extent_m: float, scale: float, font: str) -> None:
    """Scale bar at the lower left (``scale`` converts metres to axis units)."""
    from matplotlib.font_manager import FontProperties
    from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

    length = nice_scale_length_m(extent_m)
    bar = AnchoredSizeBar(
        ax.transData, length * scale, _fmt_len(length), "lower left", pad=0.4, borderpad=0.6,
        sep=3, frameon=True, size_vertical=0, fontproperties=FontProperties(family=font, size=8),
    )
    bar.patch.set_alpha(0.8)
    ax.add_artist(bar)


def _north_arrow(ax, lang: str) -> None:
    ax.annotate(
        label("fig.north", lang), xy=(0.95, 0.95), xytext=(0.95, 0.83), xycoords="axes fraction",
        ha="center", va="center", fontsize=11,
        arrowprops=dict(facecolor="black", edgecolor="black", width=3, headwidth=9, headlength=8),
        bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.7),
    )


def _outlined(txt) -> None:
    from matplotlib import patheffects

    txt.set_path_effects([patheffects.withStroke(linewidth=2.5, foreground="white")])


def _map_scale(xs: list[float], ys: list[float]) -> tuple[float, str, str]:
    extent = max(max(xs) - min(xs), max(ys) - min(ys)) if xs else 0.0
    if extent > 5000:
        return 1e-3, "fig.x_km", "fig.y_km"
    return 1.0, "fig.x_m", "fig.y_m"


def _draw_overlays(ax, data: dict, scale: float, lang: str, handles: list) -> None:
    """Boundary, red lines, sources and receptors (shared by contour and map)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Polygon

    b = data.get("boundary_m")
    if b:
        arr = np.asarray(b, dtype=float) * scale
        ax.add_patch(Polygon(arr, closed=True, fill=False, edgecolor="black", linewidth=1.4, zorder=4))
        handles.append(Line2D([], [], color="black", linewidth=1.4, label=label("fig.boundary", lang)))
    red = data.get("redline_m")
    if red:
        for poly in red:
            arr = np.asarray(poly, dtype=float) * scale
            ax.add_patch(Polygon(arr, closed=True, facecolor="none", edgecolor="green", hatch="///", linewidth=1.0, zorder=3))
        handles.append(Patch(facecolor="none", edgecolor="green", hatch="///", label=label("fig.redline", lang)))
    src = data.get("sources") or []
    if src:
        x = [s["x_m"] * scale for s in src]
        y = [s["y_m"] * scale for s in src]
        ax.scatter(x, y, marker="^", s=28, c="black", zorder=6)
        if len(src) <= 12:
            for s, xi, yi in zip(src, x, y):
                t = ax.annotate(str(s.get("id", "")), (xi, yi), xytext=(3, 3), textcoords="offset points", fontsize=7, zorder=7)
                _outlined(t)
        handles.append(Line2D([], [], marker="^", linestyle="none", color="black", label=label("fig.sources", lang)))
    rec = data.get("receptors") or []
    if rec:
        x = [r["x_m"] * scale for r in rec]
        y = [r["y_m"] * scale for r in rec]
        ax.scatter(x, y, marker="o", s=22, facecolors="white", edgecolors="blue", linewidths=1.2, zorder=6)
        if len(rec) <= 25:
            x_all = [v for v in x] + [v for v in ax.get_xlim()]
            right = max(x_all) - 0.3 * (max(x_all) - min(x_all))
            for r, xi, yi in zip(rec, x, y):
                # Names of receptors near the right edge go to the left of the marker (not under the colour bar).
                left = xi > right
                t = ax.annotate(text(r.get("name", ""), lang), (xi, yi), xytext=(-4 if left else 4, -9),
                                textcoords="offset points", ha="right" if left else "left", fontsize=7, color="navy", zorder=7)
                _outlined(t)
        handles.append(Line2D([], [], marker="o", linestyle="none", markerfacecolor="white", markeredgecolor="blue",
                              label=label("fig.receptors", lang)))


def _finish_map(fig, ax, xs, ys, scale, xk, yk, lang, font, handles) -> None:
    ax.set_aspect("equal")
    ax.set_xlabel(label(xk, lang))
    ax.set_ylabel(label(yk, lang))
    extent_m = (max(xs) - min(xs)) if xs else 1.0
    _scale_bar(ax, extent_m if extent_m > 0 else 1.0, scale, font)
    _north_arrow(ax, lang)
    if handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=min(4, len(handles)), frameon=False)


def _figure_for_extent(width_m: float, height_m: float, extra_in: float = 1.4):
    from matplotlib.figure import Figure

    ratio = height_m / width_m if width_m > 0 else 1.0
    h = min(max(_WIDTH_IN * 0.78 * ratio + extra_in, 3.6), 8.5)
    return Figure(figsize=(_WIDTH_IN, h))


def contour_levels(values, levels=None) -> np.ndarray:
    """Isoline levels: the given ones (sorted, unique) or about nine round values spanning the data."""
    from matplotlib.ticker import MaxNLocator

    if not levels:
        zf = np.ma.masked_invalid(np.asarray(values, dtype=float))
        zmin, zmax = float(zf.min()), float(zf.max())
        if not np.isfinite(zmax) or zmax <= zmin:
            zmax = zmin + 1.0
        levels = MaxNLocator(nbins=9).tick_values(zmin, zmax)
    out = np.asarray(sorted(set(float(v) for v in levels)))
    if out.size < 2:
        out = np.array([out[0], out[0] * 1.0001 + 1e-12])
    return out


def isolines_geojson(data: dict, figure_id: str) -> dict:
    """Isolines of a contour figure's grid as a GeoJSON FeatureCollection (local metres).

    One MultiLineString per level (the figure's levels, plus the standard limit flagged
    ``is_limit``), traced by marching squares on the same grid the figure shows.

    References
    ----------
    Lorensen & Cline (1987), Marching cubes, SIGGRAPH 21(4) (the 2-D case: marching squares), as
    implemented by contourpy (the engine behind matplotlib's contour); RFC 7946 (GeoJSON).
    """
    import contourpy

    x = np.asarray(data["x_m"], dtype=float)
    y = np.asarray(data["y_m"], dtype=float)
    z = np.ma.masked_invalid(np.asarray(data["values"], dtype=float))
    if z.shape != (y.size, x.size):
        raise ValueError(f"contour values: shape {z.shape}; expected (len(y_m), len(x_m)) = ({y.size}, {x.size})")
    gen = contourpy.contour_generator(x, y, z, line_type=contourpy.LineType.Separate)
    levels = [(float(v), False) for v in contour_levels(z, data.get("levels"))]
    if data.get("limit") is not None:
        levels.append((float(data["limit"]), True))
    features = []
    for level, is_limit in levels:
        lines = [np.round(seg, 1).tolist() for seg in gen.lines(level) if len(seg) >= 2]
        if not lines:
            continue
        features.append({"type": "Feature",
                         "properties": {"figure": figure_id, "level": level, "unit": data.get("unit"), "is_limit": is_limit},
                         "geometry": {"type": "MultiLineString", "coordinates": lines}})
    return {"type": "FeatureCollection", "features": features}


def _label_isolines(ax, cs) -> None:
    """One label per level, on its longest line: a noisy field has hundreds of small islands."""
    points = []
    for segs in cs.allsegs:
        best = max(segs, key=len, default=None)
        if best is not None and len(best) >= 8:
            points.append(tuple(best[len(best) // 2]))
    if points:
        labels = ax.clabel(cs, fontsize=6.5, fmt=lambda v: f"{v:.3g}", inline=True, manual=points)
        for t in labels:
            _outlined(t)


def _contour(data: dict, lang: str, font: str):
    from matplotlib.lines import Line2D

    x = np.asarray(data["x_m"], dtype=float)
    y = np.asarray(data["y_m"], dtype=float)
    z = np.asarray(data["values"], dtype=float)
    if z.shape != (y.size, x.size):
        raise ValueError(f"contour values: shape {z.shape}; expected (len(y_m), len(x_m)) = ({y.size}, {x.size})")
    scale, xk, yk = _map_scale(list(x), list(y))
    fig = _figure_for_extent(float(np.ptp(x)), float(np.ptp(y)))
    ax = fig.add_subplot(1, 1, 1)
    zf = np.ma.masked_invalid(z)
    levels = contour_levels(z, data.get("levels"))
    unit = data.get("unit") or ""
    X, Y = np.meshgrid(x * scale, y * scale)
    cf = ax.contourf(X, Y, zf, levels=levels, cmap="YlOrRd", extend="both", alpha=0.9, zorder=1)
    cs = ax.contour(X, Y, zf, levels=levels, colors="0.35", linewidths=0.5, zorder=2)
    _label_isolines(ax, cs)
    handles: list = []
    limit = data.get("limit")
    if limit is not None and float(np.nanmax(z)) >= float(limit) >= float(np.nanmin(z)):
        ax.contour(X, Y, zf, levels=[float(limit)], colors="red", linewidths=1.6, linestyles="--", zorder=5)
    if limit is not None:
        lab = f"{label('fig.limit', lang)} {limit:g} {unit}".strip()
        if float(limit) > float(np.nanmax(z)):
            lab += label("fig.limit_not_reached", lang)  # no red isoline to look for
        handles.append(Line2D([], [], color="red", linestyle="--", linewidth=1.6, label=lab))
    _draw_overlays(ax, data, scale, lang, handles)
    ax.set_xlim(x.min() * scale, x.max() * scale)
    ax.set_ylim(y.min() * scale, y.max() * scale)
    cb = fig.colorbar(cf, ax=ax, shrink=0.85, pad=0.02)
    cb.set_label(f"{label('fig.contour_levels', lang)}（{unit}）" if lang == "zh" and unit else
                 (f"{label('fig.contour_levels', lang)} ({unit})" if unit else label("fig.contour_levels", lang)))
    _finish_map(fig, ax, list(x), list(y), scale, xk, yk, lang, font, handles)
    return fig


def wind_speed_bin_labels(edges: list, n_bins: int) -> list[str]:
    """Legend labels of wind-speed classes from the contract's ``speed_bins_m_s``.

    ``n_bins == len(edges) - 1``: consecutive edges bound each class (``None`` = open top);
    ``n_bins == len(edges)``: each edge is the class's upper bound (first class ``< e0``).
    """
    def g(v):
        return f"{v:g}"

    if n_bins == len(edges) - 1:
        out = []
        for lo, hi in zip(edges[:-1], edges[1:]):
            out.append(f"≥{g(lo)} m/s" if hi is None else f"{g(lo)}–{g(hi)} m/s")
        return out
    if n_bins == len(edges):
        out, prev = [], None
        for e in edges:
            if e is None:
                out.append(f"≥{g(prev)} m/s" if prev is not None else "m/s")
            elif prev is None:
                out.append(f"<{g(e)} m/s")
            else:
                out.append(f"{g(prev)}–{g(e)} m/s")
            prev = e if e is not None else prev
        return out
    raise ValueError(f"wind_rose: {n_bins} speed classes do not match speed_bins_m_s {edges} (expected {len(edges) - 1} or {len(edges)})")


def _wind_rose(data: dict, lang: str, font: str):
    from matplotlib.figure import Figure

    d = np.asarray(data["directions_deg"], dtype=float)
    f = np.asarray(data["frequency_pct"], dtype=float)
    if f.ndim == 1:
        f = f[:, None]
    if f.shape[0] != d.size:
        raise ValueError(f"wind_rose frequency_pct: {f.shape[0]} rows; expected one per direction ({d.size})")
    labels = wind_speed_bin_labels(list(data.get("speed_bins_m_s") or [None] * (f.shape[1] + 1)), f.shape[1]) \
        if data.get("speed_bins_m_s") else [f"{i + 1}" for i in range(f.shape[1])]
    fig = Figure(figsize=(_WIDTH_IN * 0.8, _WIDTH_IN * 0.7))
    ax = fig.add_subplot(1, 1, 1, projection="polar")
    ax.set_theta_zero_location("N")
    ax.set_theta_direction(-1)
    width = 2 * np.pi / d.size * 0.85
    theta = np.deg2rad(d)
    bottom = np.zeros(d.size)
    from matplotlib import colormaps

    cmap = colormaps["viridis"]
    for j in range(f.shape[1]):
        ax.bar(theta, f[:, j], width=width, bottom=bottom, color=cmap(j / max(1, f.shape[1] - 1)),
               edgecolor="white", linewidth=0.4, label=labels[j])
        bottom = bottom + f[:, j]
    ax.set_xticks(np.deg2rad(np.arange(16) * 22.5))
    ax.set_xticklabels(_DIRS16)
    # Radial labels along the calmest sector, where no bar hides them.
    ax.set_rlabel_position(float(d[int(np.argmin(f.sum(axis=1)))]) + 360.0 / d.size / 2)
    ax.yaxis.set_major_formatter(lambda v, pos: f"{v:g}%")
    ax.tick_params(axis="y", labelsize=7)
    calm = data.get("calm_pct")
    if calm is not None:
        ax.set_title(label("fig.calm", lang, p=f"{calm:.3g}"), loc="left", fontsize=9)
    ax.legend(loc="center left", bbox_to_anchor=(1.1, 0.5), frameon=False, title="m/s" if lang == "en" else "风速")
    return fig


def _line_like_axes(data: dict, lang: str):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(_WIDTH_IN, _WIDTH_IN * 0.55))
    ax = fig.add_subplot(1, 1, 1)
    return fig, ax


def _y_label(data: dict, lang: str) -> str:
    yl = text(data.get("y_label"), lang)
    unit = data.get("unit")
    if unit and not yl:
        return str(unit)
    if unit:
        return f"{yl}（{unit}）" if lang == "zh" else f"{yl} ({unit})"
    return yl


def _hlines(ax, data: dict, lang: str) -> None:
    styles = ["--", "-.", ":"]
    for i, h in enumerate(data.get("hlines") or []):
        ax.axhline(float(h["y"]), color="red" if i == 0 else "darkred", linestyle=styles[i % 3], linewidth=1.2,
                   label=f"{text(h.get('label'), lang)} {h['y']:g}")


def _profile(data: dict, lang: str, font: str):
    fig, ax = _line_like_axes(data, lang)
    x = np.asarray(data["x"], dtype=float)
    for s in data.get("series", []):
        y = np.asarray([np.nan if v is None else v for v in s["y"]], dtype=float)
        if y.size != x.size:
            raise ValueError(f"profile series {text(s.get('label'), lang)!r}: {y.size} values for {x.size} x values")
        ax.plot(x, y, linewidth=1.4, marker="o" if x.size <= 30 else None, markersize=3, label=text(s.get("label"), lang))
    _hlines(ax, data, lang)
    ax.set_xlabel(text(data.get("x_label"), lang))
    ax.set_ylabel(_y_label(data, lang))
    ax.grid(True, linewidth=0.4, alpha=0.5)
    ax.set_ylim(bottom=min(0.0, ax.get_ylim()[0]))
    if ax.get_legend_handles_labels()[0]:
        ax.legend(frameon=False, loc="best")
    fig.tight_layout()
    return fig


def _bar(data: dict, lang: str, font: str):
    fig, ax = _line_like_axes(data, lang)
    cats = [text(c, lang) for c in data["categories"]]
    series = data.get("series", [])
    n = max(1, len(series))
    width = 0.8 / n
    xs = np.arange(len(cats))
    for i, s in enumerate(series):
        vals = np.asarray([np.nan if v is None else v for v in s["values"]], dtype=float)
        if vals.size != len(cats):
            raise ValueError(f"bar series {text(s.get('label'), lang)!r}: {vals.size} values for {len(cats)} categories")
        ax.bar(xs + (i - (n - 1) / 2) * width, vals, width=width, label=text(s.get("label"), lang))
    _hlines(ax, data, lang)
    ax.set_xticks(xs)
    long = max((len(c) for c in cats), default=0) * len(cats) > 60
    ax.set_xticklabels(cats, rotation=30 if long else 0, ha="right" if long else "center")
    ax.set_ylabel(_y_label(data, lang))
    values = [v for s_ in series for v in s_["values"] if v is not None]
    if values and all(float(v).is_integer() for v in values):
        from matplotlib.ticker import MaxNLocator

        ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 0.2 steps
    ax.grid(True, axis="y", linewidth=0.4, alpha=0.5)
    if len(series) > 1 or data.get("hlines"):
        ax.legend(frameon=False, loc="best")
    fig.tight_layout()
    return fig


#: Legend labels of common point kinds of ``map`` figures (other kinds are printed as given).
POINT_KINDS = {
    "receptor": {"zh": "敏感目标", "en": "receptor"},
    "source": {"zh": "污染源", "en": "source"},
    "outfall": {"zh": "排污口", "en": "outfall"},
    "wwtp": {"zh": "污水处理厂", "en": "treatment plant"},
    "section": {"zh": "控制断面", "en": "control section"},
    "admit": {"zh": "准入", "en": "admit"},
    "admit_with_conditions": {"zh": "附条件准入", "en": "admit with conditions"},
    "reject": {"zh": "不予准入", "en": "reject"},
    "needs_more_information": {"zh": "需补充资料", "en": "needs more information"},
}


def _map(data: dict, lang: str, font: str):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon

    xs: list[float] = []
    ys: list[float] = []
    for v in data.get("boundary_m") or []:
        xs.append(v[0]); ys.append(v[1])
    for p in data.get("points") or []:
        xs.append(p["x_m"]); ys.append(p["y_m"])
    for poly in data.get("polygons") or []:
        for v in poly["coordinates_m"]:
            xs.append(v[0]); ys.append(v[1])
    for line in data.get("lines") or []:
        for v in (line["coordinates_m"] if isinstance(line, dict) else line):
            xs.append(v[0]); ys.append(v[1])
    if not xs:
        raise ValueError("map: no boundary, points, polygons or lines to draw")
    scale, xk, yk = _map_scale(xs, ys)
    fig = _figure_for_extent(max(xs) - min(xs), max(ys) - min(ys))
    ax = fig.add_subplot(1, 1, 1)
    handles: list = []
    _draw_overlays(ax, {"boundary_m": data.get("boundary_m")}, scale, lang, handles)
    for i, poly in enumerate(data.get("polygons") or []):
        arr = np.asarray(poly["coordinates_m"], dtype=float) * scale
        ax.add_patch(Polygon(arr, closed=True, alpha=0.3, facecolor=f"C{i % 10}", edgecolor=f"C{i % 10}", zorder=2))
        c = arr.mean(axis=0)
        _outlined(ax.text(c[0], c[1], text(poly.get("name", ""), lang), ha="center", va="center", fontsize=7, zorder=7))
    for i, line in enumerate(data.get("lines") or []):
        coords = line["coordinates_m"] if isinstance(line, dict) else line
        arr = np.asarray(coords, dtype=float) * scale
        ax.plot(arr[:, 0], arr[:, 1], color="steelblue", linewidth=2, zorder=3)
        if isinstance(line, dict) and line.get("name"):
            _outlined(ax.text(arr[len(arr) // 2, 0], arr[len(arr) // 2, 1], text(line["name"], lang), fontsize=7, color="navy", zorder=7))
    kinds: dict[str, int] = {}
    markers = ["o", "^", "s", "D", "v", "P", "*"]
    right = max(xs) - 0.3 * (max(xs) - min(xs))
    for p in data.get("points") or []:
        kind = p.get("kind", "")
        k = text(POINT_KINDS.get(kind, kind) if isinstance(kind, str) else kind, lang)
        i = kinds.setdefault(k, len(kinds))
        ax.scatter([p["x_m"] * scale], [p["y_m"] * scale], marker=markers[i % len(markers)], color=f"C{i % 10}", s=26, zorder=6)
        if len(data.get("points") or []) <= 30:
            left = p["x_m"] > right
            _outlined(ax.annotate(text(p.get("name", ""), lang), (p["x_m"] * scale, p["y_m"] * scale),
                                  xytext=(-4 if left else 4, 3), ha="right" if left else "left",
                                  textcoords="offset points", fontsize=7, zorder=7))
    for k, i in kinds.items():
        handles.append(Line2D([], [], marker=markers[i % len(markers)], color=f"C{i % 10}", linestyle="none", label=k or "—"))
    pad = 0.05 * max(max(xs) - min(xs), max(ys) - min(ys), 1.0)
    ax.set_xlim((min(xs) - pad) * scale, (max(xs) + pad) * scale)
    ax.set_ylim((min(ys) - pad) * scale, (max(ys) + pad) * scale)
    _finish_map(fig, ax, xs, ys, scale, xk, yk, lang, font, handles)
    return fig


#: Figure kinds of the contract and the functions that draw them.
FIGURE_KINDS: dict[str, Callable[[dict, str, str], Any]] = {
    "contour": _contour,
    "wind_rose": _wind_rose,
    "profile": _profile,
    "bar": _bar,
    "map": _map,
}


def load_figure_data(figure: dict, base_dir: Path | None) -> dict:
    """The figure's ``data``, completed from its ``data_file`` (CSV or Parquet) if it has one.

    A contour ``data_file`` is a long table with columns ``x_m``, ``y_m`` and ``value`` (or
    ``values``), pivoted to the grid; for other kinds each column becomes a list under its name.
    """
    data = dict(figure.get("data") or {})
    rel = figure.get("data_file")
    if not rel:
        return data
    if base_dir is None:
        raise ValueError(f"figure {figure.get('id')!r}: data_file {rel!r} given but no base directory to resolve it")
    path = (Path(base_dir) / rel).resolve()
    if not path.is_file():
        raise ValueError(f"figure {figure.get('id')!r}: data_file {rel!r} not found under {base_dir}")
    import pandas as pd

    df = pd.read_parquet(path) if path.suffix.lower() in (".parquet", ".pq") else pd.read_csv(path)
    if figure.get("kind") == "contour" and {"x_m", "y_m"} <= set(df.columns):
        vcol = "value" if "value" in df.columns else "values"
        grid = df.pivot_table(index="y_m", columns="x_m", values=vcol, aggfunc="first").sort_index().sort_index(axis=1)
        data.update(x_m=[float(v) for v in grid.columns], y_m=[float(v) for v in grid.index], values=grid.to_numpy().tolist())
    else:
        for c in df.columns:
            data.setdefault(str(c), df[c].tolist())
    return data


def render_figure(figure: dict, lang: str, *, fmt: str = "png", dpi: int = 200, base_dir: Path | None = None) -> bytes:
    """Draw one contract figure and return the image bytes.

    Parameters
    ----------
    figure : dict
        ``{"id", "kind", "title", "data" | "data_file"}`` (docs/architecture.md).
    lang : {"zh", "en"}
    fmt : {"png", "svg"}
    dpi : int
        Resolution of PNG output.
    base_dir : Path, optional
        Directory against which ``data_file`` is resolved (the run directory).

    Raises
    ------
    ValueError
        Unknown ``kind`` (listing the known kinds) or data inconsistent with the kind.

    References
    ----------
    HJ 2.2-2018, 8.8.2 (required content of air-quality prediction figures).
    """
    kind = figure.get("kind")
    if kind not in FIGURE_KINDS:
        raise ValueError(f"figure kind: got {kind!r}; expected one of {sorted(FIGURE_KINDS)}")
    if fmt not in ("png", "svg"):
        raise ValueError(f"fmt: got {fmt!r}; expected 'png' or 'svg'")
    import matplotlib

    font = figure_font()
    data = load_figure_data(figure, base_dir)
    with matplotlib.rc_context(_rc(font)):
        fig = FIGURE_KINDS[kind](data, lang, font)
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
        buf = io.BytesIO()
        meta = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
        fig.savefig(buf, format=fmt, dpi=dpi, metadata=meta, bbox_inches="tight", pad_inches=0.08)
    return buf.getvalue()
