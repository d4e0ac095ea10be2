"""Build the synthetic province of the reporting benchmark (issue 5) on PostgreSQL and print how long
it took, table by table and in total, rows per second and the size of the database.

The province (bench/_province/) is built into a throw-away database beside the one DATABASE_URL names,
after `migrate`, `load_curriculum` and `load_indicators`; the database is dropped at the end, unless
--keep leaves it (its URL is printed) so that measurements can run against it again.

Run from the repository root:
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/langso .venv/bin/python bench/province.py --scale 0.05
"""

from __future__ import annotations

import argparse
import io
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from _report import markdown_table, write_section
from _scratch import describe_database, scratch_env, setup_django

if TYPE_CHECKING:
    from _province import BuildFigures

POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql", "psql")


def _progress(message: str) -> None:
    print(f"  {message}", flush=True)


@contextmanager
def kept_env() -> Iterator[dict[str, str]]:
    """Like `scratch_env`, but the new database stays after the run; its URL is printed at the end."""
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    parts = parts._replace(scheme="postgresql")
    name = f"{parts.path.strip('/') or 'langso'}_province_{secrets.token_hex(4)}"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(parts._replace(path=f"/{name}"))
    var_dir = tempfile.mkdtemp(prefix="langso-bench-")
    try:
        yield {
            **os.environ,
            "LANGSO_VAR_DIR": var_dir,
            "DJANGO_SETTINGS_MODULE": "langso.settings",
            "DATABASE_URL": url,
        }
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        shutil.rmtree(var_dir, ignore_errors=True)
        print(f"\nKept the database: DATABASE_URL={url}\nDrop it with: dropdb -h {parts.hostname} {name}")


@contextmanager
def province_database(*, keep: bool) -> Iterator[dict[str, str]]:
    """A fresh database, migrated, with the curriculum and the indicator catalog loaded."""
    from django.core.management import call_command

    with kept_env() if keep else scratch_env() as env:
        started = time.perf_counter()
        setup_django(env)
        call_command("load_curriculum", stdout=io.StringIO())
        call_command("load_indicators", stdout=io.StringIO())
        seconds = time.perf_counter() - started
        print(f"{describe_database()}: migrated, curriculum and indicators loaded in {seconds:.1f} s")
        yield env


def figures_table(figures: BuildFigures) -> str:
    """One row per table (rows, load time and rate, index rebuild), then the whole build."""
    rows: list[list[object]] = [
        [
            f"`{table.table}`",
            f"{table.rows:,}",
            f"{table.load_seconds:.1f}",
            f"{table.rows / table.load_seconds:,.0f}" if table.load_seconds >= 0.05 else "",
            f"{table.index_seconds:.1f}" if table.index_seconds else "",
        ]
        for table in figures.tables
        if table.rows
    ]
    rows.append(
        [
            "**whole build**",
            f"**{figures.rows:,}**",
            f"**{figures.total_seconds:.1f}**",
            f"**{figures.rows_per_second:,.0f}**",
            "",
        ]
    )
    return markdown_table(["table", "rows", "load s", "rows/s", "indexes s"], rows)


def steps_table(figures: BuildFigures) -> str:
    return markdown_table(["step", "s"], [[step, f"{seconds:.1f}"] for step, seconds in figures.steps])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1.0: 1.5 M residents (default); 0.01 for a quick run"
    )
    parser.add_argument("--seed", type=int, default=2025, help="the same seed builds the same province")
    parser.add_argument("--keep", action="store_true", help="keep the database and print its URL")
    parser.add_argument("--runs", type=int, default=100, help="dashboard requests timed per unit")
    parser.add_argument(
        "--measure-only",
        metavar="URL",
        help="measure again on a province kept by an earlier --keep run (its DATABASE_URL); no build",
    )
    args = parser.parse_args()
    if urlsplit(os.environ.get("DATABASE_URL", "")).scheme not in POSTGRES_SCHEMES:
        print("Set DATABASE_URL to a PostgreSQL server: the province is loaded with COPY.", file=sys.stderr)
        return 2
    requested_url = os.environ["DATABASE_URL"]
    if args.measure_only:
        var_dir = tempfile.mkdtemp(prefix="langso-bench-")
        settings_module = {"DJANGO_SETTINGS_MODULE": "langso.settings"}
        setup_django({"DATABASE_URL": args.measure_only, "LANGSO_VAR_DIR": var_dir, **settings_module})
        print(measure(runs=args.runs))
        shutil.rmtree(var_dir, ignore_errors=True)
        return 0
    with province_database(keep=args.keep) as env:
        from _province import build_province

        print(f"Building the province at scale {args.scale:g} (seed {args.seed}):", flush=True)
        figures = build_province(env, scale=args.scale, seed=args.seed, log=_progress)
        print()
        print(figures_table(figures))
        print()
        print(steps_table(figures))
        rate, size = f"{figures.rows_per_second:,.0f} rows/s", f"{figures.database_bytes / 2**20:,.0f} MiB"
        print(f"\n{figures.rows:,} rows in {figures.total_seconds:.1f} s ({rate}); the database is {size}.")
        measured = measure(runs=args.runs)
        print()
        print(measured)
        # The command to reproduce names the server, not the scratch database.
        os.environ["DATABASE_URL"] = requested_url
        write_section(
            "province",
            title="Reporting: roll-ups and dashboards on a synthetic province",
            body=build_summary(figures, args.scale) + "\n\n" + measured,
            database=describe_database(),
        )
    return 0


def build_summary(figures: BuildFigures, scale: float) -> str:
    rate, size = f"{figures.rows_per_second:,.0f} rows/s", f"{figures.database_bytes / 2**20:,.0f} MiB"
    return (
        f"Scale {scale:g}. The province is built with COPY: {figures.rows:,} rows in "
        f"{figures.total_seconds:.1f} s ({rate}); the database is {size}.\n\n" + figures_table(figures)
    )


def measure(*, runs: int) -> str:
    """Rebuild, dashboards from the roll-ups, the naive GROUP BY, the check that both agree, and the
    incremental update per fact; returned as the Markdown of the report."""
    from _rollup_measure import (
        baseline_timings,
        dashboard_timing,
        incremental_timings,
        measure_rebuild,
        mismatches,
        naive_timing,
    )
    from django.core.management import call_command
    from django.utils import timezone

    from langso.accounts.models import RoleAssignment
    from langso.common.periods import Period, PeriodKind
    from langso.places.models import Unit, UnitKind

    call_command("collectstatic", interactive=False, verbosity=0)  # the pages name hashed static files
    print("Rebuilding the roll-ups from the raw facts…", flush=True)
    rebuild_seconds, tallies, marks = measure_rebuild()
    period = Period.containing(timezone.localdate(), PeriodKind.MONTH)
    province = Unit.objects.get(kind=UnitKind.PROVINCE, code="99")
    commune = Unit.objects.filter(parent=province).order_by("code").first()
    assert commune is not None
    officers = {
        unit.pk: RoleAssignment.objects.filter(unit=unit).values_list("user__username", flat=True).first()
        for unit in (province, commune)
    }
    rows = []
    for unit, parent_column, child_column in (
        (province, "province_id", "commune_id"),
        (commune, "commune_id", "village_id"),
    ):
        print(f"Timing the dashboard of {unit.name}…", flush=True)
        rolled = dashboard_timing(unit.code, officers[unit.pk], period.key, runs)
        naive = naive_timing(
            unit.pk, parent_column, child_column, period.start, period.end, max(3, runs // 10)
        )
        wrong = mismatches(unit.pk, parent_column, child_column, period.start, period.end)
        children = Unit.objects.filter(parent=unit).count()
        rows.append(
            [
                f"{unit.name} ({children} units below)",
                f"{rolled.p50_ms:.1f}",
                f"{rolled.p95_ms:.1f}",
                f"{naive.p50_ms:.0f}",
                f"{naive.p95_ms:.0f}",
                f"{naive.p50_ms / rolled.p50_ms:.0f}×",
                "yes" if not wrong else f"NO: {len(wrong)} differ",
            ]
        )
        for problem in wrong[:10]:
            print("  differs:", problem)
    print("Timing the incremental update per fact…", flush=True)
    incremental = incremental_timings(samples=200)
    baseline = baseline_timings(runs)
    dashboards = markdown_table(
        [
            "dashboard, month " + period.key,
            "roll-ups p50 ms",
            "roll-ups p95 ms",
            "naive p50 ms",
            "naive p95 ms",
            "naive ÷ roll-ups",
            "same figures",
        ],
        rows,
    )
    updates = markdown_table(
        ["incremental update (one fact)", "facts", "p50 ms", "p95 ms"],
        [
            [name, timing.runs, f"{timing.p50_ms:.2f}", f"{timing.p95_ms:.2f}"]
            for name, timing in incremental.items()
        ],
    )
    rebuild = (
        f"Full rebuild (`manage.py rebuild_rollups`): {rebuild_seconds:.1f} s, "
        f"{tallies:,} tallies and {marks:,} distinct marks."
    )
    method = (
        f"Dashboard time is the whole page on the server (view, queries, template) through Django's "
        f"test client, {runs} runs after a warm-up. The naive dashboard computes the same computed "
        "indicators of the same units by GROUP BY over the raw facts (people, masteries, certificates, "
        "conference attendance, help requests, attendance and checks); “same figures” compares every "
        "child's numerators and denominators with the roll-ups'."
    )
    machine = markdown_table(
        ["on this machine, for reference", "runs", "p50 ms", "p95 ms"],
        [
            [name, timing.runs, f"{timing.p50_ms:.2f}", f"{timing.p95_ms:.2f}"]
            for name, timing in baseline.items()
        ],
    )
    return f"{rebuild}\n\n{dashboards}\n\n{method}\n\n{updates}\n\n{machine}"


if __name__ == "__main__":
    sys.exit(main())
