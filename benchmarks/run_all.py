"""Run every benchmark script benchmarks/*/bench*.py in turn and print its output.

Usage: .venv/bin/python benchmarks/run_all.py [-k SUBSTRING]

Each script runs in its own interpreter (so peak-memory figures are per benchmark); the exit code
is non-zero when any benchmark fails.
"""
from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-k", default="", help="only scripts whose path contains this text")
    args = ap.parse_args(argv)
    scripts = sorted(p for p in HERE.glob("*/bench*.py") if args.k in str(p))
    failed = 0
    for script in scripts:
        print(f"=== {script.relative_to(HERE.parent)}", flush=True)
        t0 = time.perf_counter()
        rc = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(f"=== exit {rc}, {time.perf_counter() - t0:.1f} s\n", flush=True)
        failed += rc != 0
    if not scripts:
        print("no benchmark scripts found")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
