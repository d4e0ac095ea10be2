"""manage.py rebuild_rollups: recompute every roll-up from the raw facts."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from langso.reporting.services.rollups import rebuild_rollups


class Command(BaseCommand):
    help = (
        "Recompute the milestones and every roll-up (tallies per metric, unit and period) from the raw "
        "facts, in one transaction. Day to day the services keep them current; run this after loading "
        "data in bulk or to check that the incremental numbers hold."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        figures = rebuild_rollups()
        self.stdout.write(
            f"Rebuilt {figures.tallies} tallies and {figures.marks} distinct marks "
            f"in {time.perf_counter() - started:.1f} s."
        )
