"""Benchmark: mixed sources (areas + volumes + stacks) for a year through general_sources_year.

Scenario (the H2b target): 8,760 hours of workload A's meteorology (benchmarks/air/workload-a/met.csv),
5 polygonal area sources (4 to 8 vertices, 60 m to 400 m across, release 2 m to 12 m), 5 volume
sources, 10 stacks, 2 pollutants, a 50 x 50 receptor grid (2,500 receptors, spacing ``--spacing``).

Prints, for the compiled engine: wall time of the first call (includes numba compilation or cache
load), wall and process CPU time of a warm call, CPU seconds spent per source type (separate
warm runs of areas, volumes and stacks only), peak RSS, and the load average (other engineers
share the 2 cores: CPU time is the figure that does not depend on them). Then a check of the
compiled path against the numpy reference on the first ``--check-hours`` hours (max relative
difference of the 1-hour maxima, daily and annual sums).

Usage: .venv/bin/python benchmarks/air/bench_mixed_sources.py [--spacing 100] [--hours 8760]
       [--check-hours 24] [--threads N] [--parts] [--area-options n_panels=4,n_gauss=4]
"""
from __future__ import annotations

import argparse
import os
import pathlib
import resource
import sys
import time

import numpy as np
import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

MET = ROOT / "benchmarks" / "air" / "workload-a" / "met.csv"


def scene():
    from models.air.engine_general import AreaSources, PointSources, VolumeSources

    polys = [
        ([0, 300, 300, 0], [0, 0, 200, 200]),  # 300 x 200 m rectangle
        ([-900, -700, -650, -800, -950], [400, 380, 560, 650, 520]),  # pentagon
        ([1200, 1400, 1400, 1300, 1300, 1200], [-600, -600, -300, -300, -450, -450]),  # L-shape (concave)
        ([-400, -340, -300, -320, -380, -420, -440], [-1200, -1190, -1150, -1100, -1090, -1120, -1170]),  # heptagon
        ([600, 760, 800, 780, 700, 620, 580, 570], [900, 880, 950, 1030, 1060, 1040, 990, 940]),  # octagon
    ]
    areas = AreaSources(vertices_x_m=[p[0] for p in polys], vertices_y_m=[p[1] for p in polys],
                        release_height_m=[2.0, 5.0, 8.0, 3.0, 12.0],
                        emission_g_m2_s=[[2e-6, 1e-6], [5e-6, 0.0], [1e-6, 3e-6], [4e-6, 1e-6], [2e-6, 2e-6]],
                        initial_sigma_z_m=[0.0, 2.0, 0.0, 1.0, 3.0])
    vols = VolumeSources(x_m=[-200.0, 400.0, 1500.0, -1500.0, 0.0], y_m=[300.0, -800.0, 1500.0, 0.0, -2000.0],
                         release_height_m=[5.0, 10.0, 3.0, 15.0, 8.0], initial_sigma_y_m=[5.0, 10.0, 2.0, 8.0, 20.0],
                         initial_sigma_z_m=[3.0, 5.0, 1.0, 10.0, 4.0],
                         emission_g_s=[[1.0, 0.2], [2.0, 0.0], [0.5, 0.5], [1.5, 0.1], [3.0, 1.0]])
    rng = np.random.default_rng(3)
    points = PointSources(x_m=rng.uniform(-1500, 1500, 10), y_m=rng.uniform(-1500, 1500, 10),
                          stack_height_m=rng.uniform(20, 80, 10), stack_diameter_m=rng.uniform(0.5, 3.0, 10),
                          exit_velocity_m_s=rng.uniform(5, 20, 10), exit_temperature_k=rng.uniform(320, 450, 10),
                          emission_g_s=rng.uniform(1, 20, (10, 2)))
    return points, areas, vols


def met(hours, stride=1):
    m = pd.read_csv(MET).iloc[:hours:stride]
    return dict(wind_from_deg=m.wind_from_deg.to_numpy(), wind_speed_m_s=m.wind_speed_10m_m_s.to_numpy(),
                ambient_temperature_k=m.temperature_k.to_numpy(), stability=m.stability.to_numpy(),
                mixing_height_m=m.mixing_height_m.to_numpy(), day_index=pd.factorize(m["date"])[0])


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def timed(fn):
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - w0, time.process_time() - c0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--spacing", type=float, default=100.0, help="receptor grid spacing, m")
    ap.add_argument("--hours", type=int, default=8760)
    ap.add_argument("--stride", type=int, default=1,
                    help="run every N-th hour only (a sample across the year; times are also shown x N)")
    ap.add_argument("--check-hours", type=int, default=24)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--area-options", default="",
                    help="e.g. n_panels=4,n_gauss=4: time a coarser area quadrature and its difference "
                         "from the default one (relative to the field maximum)")
    ap.add_argument("--parts", action="store_true", help="also time areas, volumes and stacks separately")
    ap.add_argument("--round-directions", action="store_true",
                    help="round wind directions to whole degrees (as station data report them)")
    ap.add_argument("--skip-all", action="store_true", help="skip the all-sources runs (with --parts)")
    ap.add_argument("--area-cache-mb", type=float, default=128.0, help="0 disables the reuse of area integrals")
    a = ap.parse_args()

    import numba

    from models.air.engine_general import general_sources_year

    if a.threads:
        numba.set_num_threads(a.threads)
    points, areas, vols = scene()
    g = (np.arange(50) - 24.5) * a.spacing
    gx, gy = np.meshgrid(g, g)
    rec = dict(receptor_x_m=gx.ravel(), receptor_y_m=gy.ravel())
    mt = met(a.hours, a.stride)
    if a.round_directions:
        mt["wind_from_deg"] = np.round(mt["wind_from_deg"]) % 360.0
    n_h = len(mt["wind_from_deg"])
    print(f"receptors 2500 (50 x 50, spacing {a.spacing:g} m), hours {n_h} (every {a.stride}. of {a.hours}), "
          f"threads {numba.get_num_threads()}, load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    k = a.stride

    def run(**sources):
        return general_sources_year(**sources, **rec, **mt, engine="numba", area_cache_mb=a.area_cache_mb)

    all_src = dict(point_sources=points, area_sources=areas, volume_sources=vols)
    st = None
    if not a.skip_all:
        st, w, c = timed(lambda: run(**all_src))
        print(f"first call (compile or cache load + run): wall {w:.1f} s, CPU {c:.1f} s")
        st, w, c = timed(lambda: run(**all_src))
        print(f"warm call, all 20 sources: wall {w:.1f} s, CPU {c:.1f} s, kernel wall {st.extra['kernel_seconds']:.1f} s; "
              f"valid {st.valid_hours} h, calm {st.calm_hours} h, area integrals reused in "
              f"{st.extra['area_hours_reused']} h; x{k}: wall {w * k:.0f} s, CPU {c * k:.0f} s")
    for name, key, obj in (("5 areas", "area_sources", areas), ("5 volumes", "volume_sources", vols),
                           ("10 stacks", "point_sources", points)) if a.parts else ():
        part, w, c = timed(lambda: run(**{key: obj}))
        print(f"  {name:10s} only: wall {w:6.1f} s, CPU {c:6.1f} s; x{k}: CPU {c * k:.0f} s"
              + (f" (area integrals reused in {part.extra['area_hours_reused']} h)" if key == "area_sources" else ""))
    if a.area_options and st is not None:
        opts = {k: int(v) for k, v in (item.split("=") for item in a.area_options.split(","))}
        st2, w, c = timed(lambda: general_sources_year(**all_src, **rec, **mt, engine="numba", area_options=opts))
        diffs = ", ".join(
            f"{f} {np.max(np.abs(getattr(st2, f) - getattr(st, f))) / np.max(getattr(st, f)):.1e}"
            for f in ("max_1h_g_m3", "daily_sum_g_m3", "annual_sum_g_m3"))
        print(f"area_options {opts}: wall {w:.1f} s, CPU {c:.1f} s (x{k}: CPU {c * k:.0f} s); "
              f"max |difference| / field max: {diffs}")
    print(f"peak RSS {peak_rss_mb():.0f} MB")
    if st is None:
        return
    print(f"highest 1-hour (pollutant 0) {st.max_1h_g_m3[0].max() * 1e6:.4g} ug/m3, "
          f"annual mean {st.annual_mean_g_m3[0].max() * 1e6:.4g} ug/m3")

    if a.check_hours:
        mc = met(a.check_hours)
        kw = dict(**all_src, **rec, **mc)
        fast = general_sources_year(**kw, engine="numba")
        (ref, w, c) = timed(lambda: general_sources_year(**kw, engine="numpy"))
        worst = 0.0
        for f in ("max_1h_g_m3", "daily_sum_g_m3", "annual_sum_g_m3"):
            x, y = getattr(fast, f), getattr(ref, f)
            m = y > 1e-300
            worst = max(worst, float(np.max(np.abs(x[m] - y[m]) / y[m])) if m.any() else 0.0)
        print(f"check vs numpy reference on {a.check_hours} h: max relative difference {worst:.2e} "
              f"(reference took {w:.1f} s wall, {c:.1f} s CPU)")


if __name__ == "__main__":
    main()
