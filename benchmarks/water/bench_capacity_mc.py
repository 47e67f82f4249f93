"""Benchmark: Monte Carlo capacity, 50 zones x 4 pollutants x 10,000 samples (target < 5 s, < 1 GB).

Run:  .venv/bin/python benchmarks/water/bench_capacity_mc.py [--samples N] [--zones Z]

Prints wall time of the vectorised Monte Carlo (eia.water.uncertainty.capacity_percentiles, the
function run_water uses), the peak traced allocation (tracemalloc: numpy reports its buffers) and
the process peak RSS.
"""
from __future__ import annotations

import argparse
import resource
import time
import tracemalloc

import numpy as np

from eia.water.uncertainty import capacity_percentiles


def synthetic_rows(n_zones: int, pollutants=("cod", "nh3-n", "tp", "bod5"), seed: int = 1) -> list[dict]:
    rng = np.random.default_rng(seed)
    cs = {"cod": 20.0, "nh3-n": 1.0, "tp": 0.2, "bod5": 4.0}
    modes = ("segment-head", "segment-end", "zone-end")
    rows = []
    for z in range(n_zones):
        q = rng.uniform(0.5, 50)
        L = rng.uniform(1000, 20000)
        for p in pollutants:
            rows.append({"zone": f"Z{z}", "pollutant": p, "control_mode": modes[z % 3], "design_flow_m3_s": q,
                         "velocity_m_s": rng.uniform(0.05, 1.0), "c0_mg_l": cs[p] * rng.uniform(0.2, 0.8),
                         "cs_mg_l": cs[p], "k_per_day": rng.uniform(0.02, 0.4), "length_m": L,
                         "q_effluent_m3_s": rng.uniform(0, 0.5), "outfall_distance_m": L / 2})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--zones", type=int, default=50)
    ap.add_argument("--samples", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    rows = synthetic_rows(a.zones)
    kw = dict(samples=a.samples, seed=20240601, decay_cv=0.3, design_flow_cv=0.2, background_cv=0.2, safety_margin_pct=10)
    capacity_percentiles(rows[:4], **{**kw, "samples": 100})  # warm-up (imports, first calls)
    times = []
    tracemalloc.start()
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        res = capacity_percentiles(rows, **kw)
        times.append(time.perf_counter() - t0)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(rows) * a.samples
    print(f"rows (zone x pollutant): {len(rows)}; samples: {a.samples}; evaluations: {n:,}")
    print(f"wall time: best {min(times):.3f} s, mean {np.mean(times):.3f} s over {a.repeat} runs")
    print(f"peak traced allocation: {peak / 2**20:.1f} MiB; process peak RSS: {rss_mb:.1f} MiB")
    print(f"P5/P50/P95 of row 0: {np.round(res['values'][0], 2).tolist()} t/a")


if __name__ == "__main__":
    main()
