"""Benchmark: screen 10,000 applications against one cluster (target < 10 s on 2 cores).

Applications are generated reproducibly (seed 20240601) with varied codes, products, levels,
emissions, wastewater, resources and sites, screened cumulatively against the bundled
``generic-park-2024`` set in the test cluster of tests/admission/data (capacities from its
results.json, scaled up so that the quota binds part-way through the batch).

Timed separately: validation of the 10,000 applications (pydantic), cumulative screening, the
CSV round trip (write + read_applications), and — excluded from the target — a run where the
protection distance is computed by the air model for 5 distinct source sets (one model run per
distinct set and site; every other applicant hits the cache).

Run: .venv/bin/python benchmarks/admission/bench_screening.py [N]
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from eia.admission.batch import batch_rows, read_applications, write_batch_table  # noqa: E402
from eia.admission.engine import build_environment, resolve_criteria, screen_batch  # noqa: E402
from eia.admission.schema import EnterpriseApplication  # noqa: E402
from eia.pipeline import load_scenario  # noqa: E402

DATA = ROOT / "tests" / "admission" / "data"
CODES = ["C1353", "C1392", "C1351", "C2710", "C2720", "C1713", "C3311", "C1440"]
PRODUCTS = [("熟肉制品", "万t/a"), ("生猪屠宰", "万头/a"), ("淀粉糖", "万t/a"), ("中成药", "t/a"), ("化学木浆", "万t/a"), ("棉纱", "万t/a")]


def make_rows(n: int, seed: int = 20240601, with_sources: bool = False) -> list[dict]:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        pname, unit = PRODUCTS[rng.integers(len(PRODUCTS))]
        d = {
            "name": f"企业{i:05d}",
            "gbt4754_codes": [CODES[rng.integers(len(CODES))]],
            "products": [{"name": pname, "capacity": float(rng.uniform(0.5, 60)), "unit": unit}],
            "processes": ["蒸煮"] if rng.random() < 0.98 else ["手工屠宰"],
            "x_m": float(rng.uniform(-200, 2200)), "y_m": float(rng.uniform(0, 2000)),
            "clean_production_level": ["I", "II", "III"][rng.integers(3)],
            "emissions_t_a": {"so2": float(rng.uniform(0, 0.5)), "cod": float(rng.uniform(0, 2)), "nh3n": float(rng.uniform(0, 0.2))},
            "wastewater": {"flow_m3_d": float(rng.uniform(0, 200)), "destination": "park_wwtp"},
            "resources": {"water_m3_a": float(rng.uniform(1e3, 1e5)), "energy_tce_a": float(rng.uniform(10, 3000)),
                          "output_value_1e4_yuan_a": float(rng.uniform(1e3, 5e4))},
            "risk_q": float(rng.uniform(0, 150)),
        }
        if rng.random() < 0.03:
            d.pop("risk_q")  # some incomplete applications
        if with_sources:
            q = [0.2, 0.5, 1.0, 2.0, 4.0][i % 5]
            d["air_sources"] = [{"kind": "volume", "id": f"v{i}", "x_m": 1000, "y_m": 1000, "release_height_m": 3,
                                 "initial_sigma_y_m": 5, "initial_sigma_z_m": 2, "emissions_g_s": {"so2": q}}]
            d["site_polygon_m"] = [(900, 900), (1100, 900), (1100, 1100), (900, 1100)]
            d.pop("x_m"), d.pop("y_m")
        else:
            d["atmospheric_protection_distance_m"] = float(rng.uniform(0, 800))
        rows.append(d)
    return rows


def main(n: int = 10_000) -> None:
    sc, _ = load_scenario(DATA / "cluster.yaml")
    results = json.loads((DATA / "results.json").read_text(encoding="utf-8"))
    for v in results["air"]["total_load"].values():
        v["remaining_t_a"] *= 20
    for zones in results["water"]["remaining_capacity_t_a"].values():
        for z in zones:
            zones[z] *= 20
    results["water"]["treatment_plant"]["remaining_m3_d"] *= 40
    cset, _ = resolve_criteria(sc.criteria)
    env = build_environment(sc, results)

    rows = make_rows(n)
    t0 = time.perf_counter()
    apps = [EnterpriseApplication.model_validate(r) for r in rows]
    t_val = time.perf_counter() - t0

    t0 = time.perf_counter()
    screenings, ledger = screen_batch(apps, cset, env)
    t_screen = time.perf_counter() - t0

    counts: dict[str, int] = {}
    for s in screenings:
        counts[s.verdict] = counts.get(s.verdict, 0) + 1

    with tempfile.TemporaryDirectory() as tmp:
        import pandas as pd

        flat = []
        for r in rows:
            f = {k: v for k, v in r.items() if not isinstance(v, (list, dict))}
            f["gbt4754_codes"] = ";".join(r["gbt4754_codes"])
            f["products"] = ";".join(f"{p['name']}:{p['capacity']:.3f} {p['unit']}" for p in r["products"])
            f["processes"] = ";".join(r["processes"])
            f.update({f"{k}_t_a": v for k, v in r["emissions_t_a"].items()})
            f["wastewater_m3_d"], f["wastewater_destination"] = r["wastewater"]["flow_m3_d"], "park_wwtp"
            f.update(r["resources"])
            flat.append(f)
        csv = Path(tmp) / "apps.csv"
        pd.DataFrame(flat).to_csv(csv, index=False)
        t0 = time.perf_counter()
        apps_csv = read_applications(csv)
        t_csv = time.perf_counter() - t0
        t0 = time.perf_counter()
        write_batch_table(batch_rows(screenings, [r.id for r in cset.rules]), Path(tmp) / "out")
        t_out = time.perf_counter() - t0
    assert len(apps_csv) == n

    total = t_val + t_screen
    print(f"admission screening benchmark: {n} applications, criteria {cset.id} ({len(cset.rules)} rules)")
    print(f"  validation (pydantic)          {t_val:7.2f} s  ({1e6 * t_val / n:6.1f} us/application)")
    print(f"  cumulative screening            {t_screen:7.2f} s  ({1e6 * t_screen / n:6.1f} us/application)")
    print(f"  validation + screening          {total:7.2f} s  (target < 10 s)  {'OK' if total < 10 else 'OVER TARGET'}")
    print(f"  CSV read (read_applications)    {t_csv:7.2f} s")
    print(f"  CSV + XLSX result table         {t_out:7.2f} s")
    print(f"  verdicts: {counts}")
    print(f"  consumed: " + ", ".join(f"{'/'.join(k)}={v:.1f}" for k, v in sorted(ledger.consumed.items())))

    # with the air model (excluded from the target): 5 distinct source sets
    sc_air, _ = load_scenario(DATA / "cluster_air.yaml")
    env_air = build_environment(sc_air, results)
    m = min(n, 2000)
    apps_air = [EnterpriseApplication.model_validate(r) for r in make_rows(m, with_sources=True)]
    t0 = time.perf_counter()
    screen_batch(apps_air, cset, env_air)
    t_air = time.perf_counter() - t0
    print(f"  with the air model: {m} applications, {env_air.apd_model_calls} model runs (5 distinct source sets), {t_air:.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
