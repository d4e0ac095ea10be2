"""Reads of periodic village reports, always through the viewing user's jurisdiction (except the
unit-level count for the "reports on time" indicator, whose caller has scoped the unit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from langso.accounts.jurisdiction import Action, may, scope_filter, top_units_ids
from langso.accounts.models import User
from langso.common.periods import Period
from langso.places.models import Unit, UnitKind
from langso.places.selectors import subtree_filter
from langso.reporting.models import (
    EDITABLE_STATUSES,
    Indicator,
    ReportEvent,
    ReportForm,
    ReportStatus,
    ReportValue,
    VillageReport,
)
from langso.reporting.services.reports import due_date, form_indicators

#: how many periods (the current one and those before it) a village's list shows per form
RECENT_PERIODS = 3
#: the most villages the list shows at once (a province officer reaches thousands)
VILLAGE_LIMIT = 60


def reports_visible_to(user: User) -> QuerySet[VillageReport]:
    """Reports of every village where the user may submit or review reports."""
    scope = scope_filter(user, Action.SUBMIT_REPORT, via="village") | scope_filter(
        user, Action.REVIEW_REPORT, via="village"
    )
    return VillageReport.objects.filter(scope).select_related("form", "village", "commune")


def get_report_visible_to(user: User, pk: int) -> VillageReport:
    """One report with its values and history, if the user may see it; 404 otherwise."""
    report = (
        reports_visible_to(user)
        .select_related("submitted_by", "reviewed_by")
        .prefetch_related(
            Prefetch("values", queryset=ReportValue.objects.select_related("indicator")),
            Prefetch("events", queryset=ReportEvent.objects.select_related("actor")),
            Prefetch("form__indicators", queryset=Indicator.objects.order_by("order")),
        )
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404
    return report


def get_form(code: str) -> ReportForm:
    """The report form of `code` with its indicators; 404 when there is none."""
    form = ReportForm.objects.prefetch_related("indicators").filter(code=code).first()
    if form is None:
        raise Http404
    return form


def existing_report(*, form: ReportForm, village: Unit, period: Period) -> VillageReport | None:
    """The village's report on `form` for `period`, if it was opened (the village is already scoped)."""
    return VillageReport.objects.filter(form=form, village=village, period_start=period.start).first()


def get_village_to_report(user: User, code: str) -> Unit:
    """The village of `code` if the user may report for it; 404 otherwise."""
    village = Unit.objects.filter(code=code, kind=UnitKind.VILLAGE).select_related("parent").first()
    if village is None or not may(user, Action.SUBMIT_REPORT, village):
        raise Http404
    return village


@dataclass(frozen=True)
class ReportSlot:
    """One report a village owes (or owed): on a form, for a period, whether opened yet or not."""

    form: ReportForm
    village: Unit
    period: Period
    due_on: date
    report: VillageReport | None
    is_overdue: bool

    @property
    def status(self) -> str:
        return self.report.status if self.report else ReportStatus.DRAFT


def report_slots(user: User, *, today: date) -> list[ReportSlot]:
    """The current and recent reports of every village the user reports for, newest first, with
    their status, due date and whether they are late (three queries)."""
    villages = list(
        Unit.objects.filter(scope_filter(user, Action.SUBMIT_REPORT), kind=UnitKind.VILLAGE)
        .select_related("parent")
        .order_by("path")[:VILLAGE_LIMIT]
    )
    forms = list(ReportForm.objects.order_by("code"))
    periods = {form.pk: _recent_periods(form, today) for form in forms}
    starts = {period.start for recent in periods.values() for period in recent}
    reports = {
        (report.form_id, report.village_id, report.period_start): report
        for report in VillageReport.objects.filter(village__in=villages, period_start__in=starts)
    }
    slots = []
    for form in forms:
        for period in periods[form.pk]:
            for village in villages:
                report = reports.get((form.pk, village.pk, period.start))
                due_on = report.due_on if report else due_date(form, period)
                is_open = report is None or report.status in EDITABLE_STATUSES
                slots.append(ReportSlot(form, village, period, due_on, report, is_open and today > due_on))
    return slots


def _recent_periods(form: ReportForm, today: date) -> list[Period]:
    period = Period.containing(today, form.period_kind)
    recent = [period]
    for _index in range(RECENT_PERIODS - 1):
        recent.append(recent[-1].previous())
    return recent


def review_queue(user: User) -> QuerySet[VillageReport]:
    """Submitted reports waiting for the user's review, the oldest first."""
    return (
        VillageReport.objects.filter(
            scope_filter(user, Action.REVIEW_REPORT, via="village"), status=ReportStatus.SUBMITTED
        )
        .select_related("form", "village", "commune")
        .order_by("submitted_at", "id")
    )


def may_review(user: User) -> bool:
    """Whether the user reviews reports anywhere (the list then shows the review queue)."""
    return bool(top_units_ids(user, Action.REVIEW_REPORT))


@dataclass(frozen=True)
class ValueRow:
    """One indicator of a report as the page shows it."""

    indicator: Indicator
    value: ReportValue | None


def value_rows(report: VillageReport) -> list[ValueRow]:
    """The form's indicators in the catalog's order, each with the report's value (prefetched)."""
    values = {value.indicator_id: value for value in report.values.all()}
    return [ValueRow(indicator, values.get(indicator.pk)) for indicator in form_indicators(report.form)]


@dataclass(frozen=True)
class OnTimeCounts:
    due: int
    on_time: int


def reports_due_per_village(*, start: date, end: date, forms: list[ReportForm] | None = None) -> int:
    """How many reports one village owes with a deadline in [start, end], over every form (one query
    unless the forms are given)."""
    due = 0
    for form in ReportForm.objects.all() if forms is None else forms:
        period = Period.containing(start - timedelta(days=form.deadline_days), form.period_kind)
        while due_date(form, period) <= end:
            due += 1 if start <= due_date(form, period) else 0
            period = period.next()
    return due


def report_on_time_counts(*, unit: Unit, start: date, end: date) -> OnTimeCounts:
    """Reports due in [start, end] from the villages at or below `unit`, and how many of them were
    submitted on time. A report a village never opened counts as due and not on time."""
    villages = Unit.objects.filter(subtree_filter(unit.path), kind=UnitKind.VILLAGE).count()
    due = villages * reports_due_per_village(start=start, end=end)
    on_time = VillageReport.objects.filter(
        subtree_filter(unit.path, via="village"), due_on__range=(start, end), is_on_time=True
    ).count()
    return OnTimeCounts(due=due, on_time=on_time)


__all__ = [
    "OnTimeCounts",
    "ReportSlot",
    "ValueRow",
    "existing_report",
    "get_form",
    "get_report_visible_to",
    "get_village_to_report",
    "may_review",
    "report_on_time_counts",
    "report_slots",
    "reports_due_per_village",
    "reports_visible_to",
    "review_queue",
    "value_rows",
]
