"""manage.py load_units: load the official administrative units (idempotent)."""

import time

from django.core.management.base import BaseCommand

from langso.places import services, sources


class Command(BaseCommand):
    help = "Load Vietnam's 34 provinces and 3,321 communes from the vietnam-provinces package."

    def handle(self, *args: object, **options: object) -> None:
        started = time.perf_counter()
        result = services.load_vietnam_units()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Units (data of {sources.vietnam_data_version()}): {result.created} created, "
            f"{result.updated} updated, {result.unchanged} unchanged in {elapsed:.2f} s"
        )
