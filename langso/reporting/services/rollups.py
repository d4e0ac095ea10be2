"""What village reports add to the roll-ups, and the rebuild of every roll-up from the raw facts.

A report submitted on time counts on its due day. An approved report adds each value's numerator
and denominator to its village and every unit above, in its own period only (a month's count of
households is not added into the quarter); an unlock takes them back. `rebuild_rollups` recomputes
the milestones and every tally from the raw facts: it must give the numbers kept incrementally."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Sum

from langso.common.periods import PeriodKind
from langso.learning.services.milestones import rebuild_learning_milestones
from langso.people.services.tallies import PERSON_METRICS, person_tallies
from langso.reporting.models import Indicator, IndicatorSource, ReportStatus, ReportValue, VillageReport
from langso.rollups.models import Tally
from langso.rollups.selectors import ancestry_by_village
from langso.rollups.services import Change, TallyKey, apply_changes, replace_metrics, sum_changes
from langso.training.services.tallies import TRAINING_METRICS, rebuild_training_milestones, training_tallies

REPORTS_ON_TIME = "reports-on-time"
#: approved village reports, in their own period: a unit's reports are complete when every village's are in
REPORTS_APPROVED = "reports-approved"


def reported_numerator(code: str) -> str:
    """The metric that sums a reported indicator's numerators."""
    return f"{code}:num"


def reported_denominator(code: str) -> str:
    """The metric that sums a reported indicator's denominators."""
    return f"{code}:den"


def note_report_on_time(report: VillageReport) -> None:
    """The report was submitted by its deadline: one more on time on its due day."""
    units = ancestry_by_village([report.village_id])[report.village_id]
    apply_changes([Change(REPORTS_ON_TIME, units, report.due_on)])


def note_report_approval(report: VillageReport, *, delta: int) -> None:
    """Add (delta=1, approved) or take back (delta=-1, unlocked) the report's values."""
    apply_changes(_value_changes(report, delta))


def _value_changes(report: VillageReport, delta: int) -> list[Change]:
    units = ancestry_by_village([report.village_id])[report.village_id]
    kinds = (PeriodKind(report.period_kind),)
    changes = [Change(REPORTS_APPROVED, units, report.period_start, delta, kinds)]
    for value in ReportValue.objects.filter(report=report).select_related("indicator"):
        code = value.indicator.code
        changes.append(
            Change(reported_numerator(code), units, report.period_start, delta * value.numerator, kinds)
        )
        changes.append(
            Change(reported_denominator(code), units, report.period_start, delta * value.denominator, kinds)
        )
    return changes


def reported_metrics() -> list[str]:
    codes = Indicator.objects.filter(source=IndicatorSource.REPORTED).values_list("code", flat=True)
    return [metric for code in codes for metric in (reported_numerator(code), reported_denominator(code))]


def report_tallies() -> Counter[TallyKey]:
    """Reports on time and the approved reports' values, from the reports."""
    ancestry = ancestry_by_village(None)
    changes: list[Change] = []
    on_time = (
        VillageReport.objects.filter(is_on_time=True)
        .values_list("village_id", "due_on")
        .annotate(n=Count("id"))
    )
    for village_id, due_on, count in on_time.order_by():
        changes.append(Change(REPORTS_ON_TIME, ancestry[village_id], due_on, count))
    approved = (
        ReportValue.objects.filter(report__status=ReportStatus.APPROVED)
        .values_list("report__village_id", "report__period_kind", "report__period_start", "indicator__code")
        .annotate(num=Sum("numerator"), den=Sum("denominator"))
        .order_by()
    )
    reports = (
        VillageReport.objects.filter(status=ReportStatus.APPROVED)
        .values_list("village_id", "period_kind", "period_start")
        .annotate(n=Count("id"))
        .order_by()
    )
    for village_id, kind, start, count in reports:
        changes.append(Change(REPORTS_APPROVED, ancestry[village_id], start, count, (PeriodKind(kind),)))
    for village_id, kind, start, code, num, den in approved:
        units, kinds = ancestry[village_id], (PeriodKind(kind),)
        changes.append(Change(reported_numerator(code), units, start, num, kinds))
        changes.append(Change(reported_denominator(code), units, start, den, kinds))
    return sum_changes(changes)


@dataclass(frozen=True)
class RebuildFigures:
    """What a rebuild wrote."""

    tallies: int
    marks: int


@transaction.atomic
def rebuild_rollups() -> RebuildFigures:
    """Recompute the milestones, then every tally and distinct mark, from the raw facts."""
    rebuild_learning_milestones()
    rebuild_training_milestones()
    training, marks = training_tallies()
    tallies = person_tallies() + training + report_tallies()
    metrics = [*PERSON_METRICS, *TRAINING_METRICS, REPORTS_ON_TIME, REPORTS_APPROVED, *reported_metrics()]
    # Any other metric left in the store is no longer kept by anyone: it goes too.
    stale = set(Tally.objects.exclude(metric__in=metrics).values_list("metric", flat=True).distinct())
    replace_metrics([*metrics, *stale], tallies, marks)
    return RebuildFigures(tallies=sum(1 for amount in tallies.values() if amount), marks=len(marks))


__all__ = [
    "REPORTS_APPROVED",
    "REPORTS_ON_TIME",
    "RebuildFigures",
    "note_report_approval",
    "note_report_on_time",
    "rebuild_rollups",
    "report_tallies",
    "reported_denominator",
    "reported_numerator",
]
