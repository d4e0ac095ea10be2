"""manage.py load_indicators: load the indicator catalog (reporting/catalog/indicators.yaml) and the
report forms (reporting/catalog/forms.yaml)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from langso.reporting.services.catalog import load_indicators


class Command(BaseCommand):
    help = "Load the indicator catalog and the report forms; idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_indicators()
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(f"Indicators: {report.created} created, {report.updated} updated.")
        self.stdout.write(f"Report forms: {report.forms} loaded.")
