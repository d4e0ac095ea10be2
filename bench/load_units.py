"""How long `load_vietnam_units()` takes: the first load on an empty database, then the idempotent
re-run on the loaded one (which must change nothing). Each repetition runs in its own process on a
fresh throw-away database, so every first load is a true first load.

Run from the repository root:  .venv/bin/python bench/load_units.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from _report import markdown_table, write_section
from _scratch import describe_database, scratch_env, setup_django

EXPECTED_UNITS = 3_356  # Việt Nam, 34 provinces and 3,321 communes, wards and special zones


def measure_once() -> dict[str, object]:
    """In a child process whose environment already names a fresh database: time both loads."""
    from langso.places.models import Unit
    from langso.places.services import load_vietnam_units

    started = time.perf_counter()
    first = load_vietnam_units()
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = load_vietnam_units()
    again_seconds = time.perf_counter() - started
    return {
        "first_s": first_seconds,
        "again_s": again_seconds,
        "created": first.created,
        "again": [again.created, again.updated, again.unchanged],
        "units": Unit.objects.count(),
        "database": describe_database(),
    }


def run_repetition() -> dict[str, object]:
    with scratch_env() as env:
        child = subprocess.run(
            [sys.executable, __file__, "--child"], env=env, capture_output=True, text=True, check=False
        )
    if child.returncode != 0:
        sys.exit(f"A repetition failed:\n{child.stdout}{child.stderr}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="fresh databases to load (default 5)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        setup_django(dict(os.environ))
        print(json.dumps(measure_once()))
        return 0

    runs = []
    for number in range(1, args.repeat + 1):
        run = run_repetition()
        runs.append(run)
        print(f"run {number}: first load {run['first_s']:.3f} s, re-run {run['again_s']:.3f} s")
    problems = [
        f"run {n}: {run['units']} units, {run['created']} created, re-run (created, updated, unchanged) "
        f"= {run['again']}"
        for n, run in enumerate(runs, 1)
        if run["units"] != EXPECTED_UNITS
        or run["created"] != EXPECTED_UNITS
        or run["again"] != [0, 0, EXPECTED_UNITS]
    ]
    first = [float(run["first_s"]) for run in runs]
    again = [float(run["again_s"]) for run in runs]
    rows = [
        [label, *(f"{1000 * value:.0f}" for value in (statistics.median(times), min(times), max(times)))]
        for label, times in (("first load (empty database)", first), ("re-run (nothing to change)", again))
    ]
    table = markdown_table(["`load_vietnam_units()`", "median ms", "min ms", "max ms"], rows)
    counts = (
        f"{args.repeat} repetitions, each in a new process on a fresh migrated database. Every first load "
        f"created {runs[0]['created']:,} units ({runs[0]['units']:,} in the table, the country included); "
        f"every re-run created 0, updated 0 and left {runs[0]['again'][2]:,} unchanged."
    )
    print(table)
    if problems:
        print("Unexpected counts:\n" + "\n".join(problems), file=sys.stderr)
        counts = "**Unexpected counts:** " + "; ".join(problems)
    write_section(
        "load_units",
        title="Loading the administrative units",
        body=f"{table}\n\n{counts}",
        database=str(runs[0]["database"]),
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
