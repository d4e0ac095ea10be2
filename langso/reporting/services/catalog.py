"""Loading the indicator catalog from its content file, checked whole before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from langso.common.periods import PeriodKind
from langso.common.text import nfc
from langso.learning.content import CONTENT_LANGUAGES
from langso.reporting.models import Indicator, IndicatorSource, Measure, ReportForm

CATALOG_FILE = Path(__file__).resolve().parent.parent / "catalog" / "indicators.yaml"
FORMS_FILE = CATALOG_FILE.parent / "forms.yaml"
TEXTS = ("name", "definition", "numerator")


@dataclass(frozen=True)
class CatalogReport:
    created: int
    updated: int
    #: report forms created or updated
    forms: int = 0


def read_catalog(path: Path = CATALOG_FILE) -> list[dict[str, Any]]:
    """The catalog's entries, refused whole (ValidationError listing every problem) when an entry
    lacks a text in a language, repeats a code, or a percentage lacks its denominator."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    problems = []
    seen = set()
    for entry in entries:
        code = entry.get("code", "?")
        if code in seen:
            problems.append(f"{code}: the code is used twice")
        seen.add(code)
        texts = [*TEXTS, "denominator"] if entry.get("measure") == Measure.PERCENT else TEXTS
        for field in texts:
            missing = [lang for lang in CONTENT_LANGUAGES if not (entry.get(field) or {}).get(lang)]
            if missing:
                problems.append(f"{code}: {field} has no text in {', '.join(missing)}")
        if (entry.get("source") == IndicatorSource.REPORTED) != bool(entry.get("report_input")):
            problems.append(f"{code}: a reported indicator, and only one, says how it is entered")
    if problems:
        raise ValidationError(problems)
    return entries


@transaction.atomic
def load_indicators(path: Path = CATALOG_FILE, forms_path: Path = FORMS_FILE) -> CatalogReport:
    """Create or update every indicator of the catalog (by code), then the report forms; idempotent."""
    created = updated = 0
    for order, entry in enumerate(read_catalog(path), start=1):
        indicator = Indicator.objects.filter(code=entry["code"]).first() or Indicator(code=entry["code"])
        is_new = indicator.pk is None
        indicator.order = order
        indicator.group = entry["group"]
        indicator.source = entry["source"]
        indicator.measure = entry["measure"]
        indicator.direction = entry.get("direction", "up")
        indicator.report_input = entry.get("report_input", "")
        indicator.is_required = bool(entry.get("required", False))
        for field in (*TEXTS, "denominator"):
            setattr(indicator, field, {lang: nfc(text) for lang, text in (entry.get(field) or {}).items()})
        indicator.full_clean()
        indicator.save()
        created += is_new
        updated += not is_new
    return CatalogReport(created, updated, forms=load_report_forms(forms_path))


def read_report_forms(path: Path = FORMS_FILE) -> list[dict[str, Any]]:
    """The report forms' entries, refused whole when one lacks a title in a language, names an
    unknown period, or asks an indicator that is not a reported one of the catalog."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []
    reported = set(Indicator.objects.filter(source=IndicatorSource.REPORTED).values_list("code", flat=True))
    problems = []
    for entry in entries or []:
        code = entry.get("code", "?")
        missing = [lang for lang in CONTENT_LANGUAGES if not (entry.get("title") or {}).get(lang)]
        if missing:
            problems.append(f"{code}: title has no text in {', '.join(missing)}")
        if entry.get("period") not in PeriodKind.values:
            problems.append(f"{code}: the period must be one of {', '.join(PeriodKind.values)}")
        unknown = [c for c in entry.get("indicators") or [] if c not in reported]
        if unknown or not entry.get("indicators"):
            problems.append(f"{code}: asks no reported indicator, or unknown ones: {', '.join(unknown)}")
    if problems:
        raise ValidationError(problems)
    return entries or []


def load_report_forms(path: Path = FORMS_FILE) -> int:
    """Create or update every report form (by code) with its indicators; how many there are."""
    entries = read_report_forms(path)
    for entry in entries:
        form = ReportForm.objects.filter(code=entry["code"]).first() or ReportForm(code=entry["code"])
        form.title = {lang: nfc(text) for lang, text in entry["title"].items()}
        form.period_kind = entry["period"]
        form.deadline_days = int(entry["deadline_days"])
        form.full_clean()
        form.save()
        form.indicators.set(Indicator.objects.filter(code__in=entry["indicators"]))
    return len(entries)
