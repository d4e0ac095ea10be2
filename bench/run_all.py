"""Run every benchmark under bench/ in turn; each prints its figures and rewrites its own section of
docs/BENCHMARKS.md. Exits non-zero if any of them failed (e.g. a page over its weight budget).

Run from the repository root:  .venv/bin/python bench/run_all.py   (or `make bench`)
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
BENCHMARKS = [
    "load_units.py",
    "import_people.py",
    "page_weight.py",
    "learner_page.py",
    "narration.py",
    "training_roster.py",
]


def main() -> int:
    results = []
    for script in BENCHMARKS:
        print(f"\n=== bench/{script} ===", flush=True)
        started = time.perf_counter()
        code = subprocess.run([sys.executable, str(BENCH / script)], cwd=BENCH.parent, check=False).returncode
        results.append((script, code, time.perf_counter() - started))
    print("\n=== summary ===")
    for script, code, seconds in results:
        print(f"{'ok    ' if code == 0 else 'FAILED'} bench/{script} ({seconds:.0f} s)")
    return 1 if any(code for _script, code, _seconds in results) else 0


if __name__ == "__main__":
    sys.exit(main())
