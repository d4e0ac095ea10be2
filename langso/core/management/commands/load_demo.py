"""manage.py load_demo: the demo province of Quảng Ninh, its residents and one account per role."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from langso.core import demo
from langso.core.demo.training import TrainingReport


class Command(BaseCommand):
    help = (
        "Add villages, about 20,000 invented residents and one demo account per role to Quảng Ninh "
        "(run load_units first). Deterministic for a seed; running it again adds nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--residents",
            type=int,
            default=demo.DEFAULT_RESIDENTS,
            help="how many residents the demo has in all (default %(default)s)",
        )
        parser.add_argument(
            "--seed", type=int, default=None, help="the random seed (default: the LANGSO_DEMO_SEED setting)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["residents"] < 0:
            raise CommandError("--residents must not be negative.")
        seed = settings.LANGSO_DEMO_SEED if options["seed"] is None else options["seed"]
        password = demo.demo_password()
        started = time.perf_counter()
        try:
            report = demo.load_demo(residents=options["residents"], seed=seed, password=password)
        except demo.DemoUnavailable as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Demo province Quảng Ninh (seed {seed}): villages {report.villages_created} created, "
            f"{report.villages_existing} already there; residents {report.residents_created} created, "
            f"{report.residents_existing} already there; memberships {report.memberships_created} created; "
            f"practice attempts {report.attempts_created} created; "
            f"{training_line(report.training)}"
            f"village reports {report.reports_created} created; "
            f"accounts {report.accounts_created} created, {len(report.accounts) - report.accounts_created} "
            f"already there; in {elapsed:.2f} s"
        )
        self.write_accounts(report, password)

    def write_accounts(self, report: demo.DemoReport, password: str) -> None:
        """The table of demo accounts, with the shared password (for this local demo only)."""
        rows = [("username", "password", "role", "unit", "name", "")]
        for line in report.accounts:
            shown = password if line.has_demo_password else "(kept: not the demo password)"
            rows.append(
                (
                    line.account.username,
                    shown,
                    str(line.account.role.label),
                    line.unit.name,
                    line.account.full_name,
                    line.account.note,
                )
            )
        widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
        self.stdout.write("")
        self.stdout.write(f"Demo accounts (password {password!r}, for this local demo only):")
        for row in rows:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            self.stdout.write(("  " + "  ".join(cells)).rstrip())


def training_line(training: TrainingReport | None) -> str:
    if training is None:
        return ""
    return (
        f"classes {training.classes_created}, attendance records {training.attendances_created}, "
        f"help requests {training.help_requests_created}, cascade links {training.links_created}, "
        f"competition entries {training.entries_created} created; "
    )
