"""Writes of periodic village reports: open the draft, save it, submit it, and the commune's review
(return with a comment, approve, unlock with a reason). Every transition is logged on the report;
approving, returning and unlocking also go to the audit log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso.accounts.audit import record_event
from langso.accounts.jurisdiction import Action, may
from langso.accounts.models import User
from langso.common.periods import Period
from langso.people.models import Person
from langso.people.services.tallies import ADULT_AGE
from langso.places.models import Unit, UnitKind
from langso.reporting.models import (
    Indicator,
    ReportEvent,
    ReportEventKind,
    ReportForm,
    ReportInput,
    ReportStatus,
    ReportValue,
    VillageReport,
)
from langso.reporting.services.rollups import note_report_approval, note_report_on_time


class ReportConflict(Exception):
    """The report is not in a state that allows the action (someone acted first, or it is locked)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ReportEntry:
    """What the village head typed: the basis, and per indicator code a count, a share or 1/0."""

    households: int | None = None
    adult_residents: int | None = None
    surveyed: int | None = None
    values: Mapping[str, int | None] = field(default_factory=dict)


def value_field(indicator: Indicator) -> str:
    """The name under which an indicator's value is typed and its errors are reported."""
    return f"value-{indicator.code}"


def form_indicators(form: ReportForm) -> list[Indicator]:
    """The indicators a form asks, in the catalog's order."""
    return sorted(form.indicators.all(), key=lambda indicator: indicator.order)


def asks_share(indicators: list[Indicator]) -> bool:
    """Whether the form asks a share of the people surveyed (so the basis includes them)."""
    return any(indicator.report_input == ReportInput.SHARE_OF_SURVEYED for indicator in indicators)


def due_date(form: ReportForm, period: Period) -> date:
    """The last day a report for `period` counts as on time."""
    return period.end + timedelta(days=form.deadline_days)


def count_adult_residents(village: Unit, *, today: date) -> int:
    """The registry's residents of `village` aged 15 or over this year (the basis's pre-filled value)."""
    return Person.objects.filter(village=village, birth_year__lte=today.year - ADULT_AGE).count()


def _require(actor: User, action: Action, report: VillageReport) -> None:
    if not may(actor, action, report.village):
        raise PermissionDenied


def _log(report: VillageReport, kind: ReportEventKind, actor: User, now: datetime, comment: str = "") -> None:
    event = ReportEvent(report=report, kind=kind, actor=actor, comment=comment, at=now)
    event.full_clean()
    event.save()


def _audit(report: VillageReport, action: str, actor: User, comment: str = "") -> None:
    record_event(
        actor=actor,
        action=f"report.{action}",
        target=f"village_report:{report.pk}",
        scope=report.village.path,
        detail={"form": report.form.code, "period": report.period.key, "comment": comment},
    )


@transaction.atomic
def open_report(
    *, actor: User, form: ReportForm, village: Unit, period: Period, now: datetime | None = None
) -> VillageReport:
    """The village's report on `form` for `period`, created as a draft with the registry's basis
    when there is none yet (so that opening it twice creates one report)."""
    if not may(actor, Action.SUBMIT_REPORT, village):
        raise PermissionDenied
    now = now or timezone.now()
    today = timezone.localdate(now)
    if village.kind != UnitKind.VILLAGE:
        raise ValidationError(_("Reports are made by villages."))
    if period.kind != form.period_kind:
        raise ValidationError(_("This form is not made for that kind of period."))
    if period.start > today:
        raise ValidationError(_("This period has not started yet."))
    existing = VillageReport.objects.filter(form=form, village=village, period_start=period.start).first()
    if existing is not None:
        return existing
    commune = village.parent
    assert commune is not None and commune.parent_id is not None
    report = VillageReport(
        form=form,
        village=village,
        commune=commune,
        province_id=commune.parent_id,
        period_kind=period.kind,
        period_start=period.start,
        adult_residents=count_adult_residents(village, today=today),
        due_on=due_date(form, period),
    )
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # another phone opened it at the same moment
        return VillageReport.objects.get(form=form, village=village, period_start=period.start)
    _log(report, ReportEventKind.CREATED, actor, now)
    return report


def validate_entry(entry: ReportEntry, indicators: list[Indicator]) -> dict[str, list[str]]:
    """Every problem of the entry, by field, in words the village head understands."""
    errors: dict[str, list[str]] = {}
    negative = _("A number cannot be negative.")
    for name in ("households", "adult_residents", "surveyed"):
        number = getattr(entry, name)
        if number is not None and number < 0:
            errors[name] = [negative]
    for indicator in indicators:
        value = entry.values.get(indicator.code)
        if value is None:
            continue
        problem = _value_problem(indicator, value, entry, errors)
        if problem:
            errors[value_field(indicator)] = [problem]
    return errors


def _value_problem(indicator: Indicator, value: int, entry: ReportEntry, errors: dict[str, list[str]]) -> str:
    """What is wrong with one typed value, or ""."""
    kind = indicator.report_input
    if kind == ReportInput.YES_NO:
        return "" if value in (0, 1) else _("Answer yes or no.")
    if kind == ReportInput.SHARE_OF_SURVEYED:
        if not 0 <= value <= 100:
            return _("A share lies between 0 and 100.")
        if not entry.surveyed and "surveyed" not in errors:
            errors["surveyed"] = [_("Say how many people were surveyed, to give a share of them.")]
        return ""
    if value < 0:
        return _("A number cannot be negative.")
    if kind == ReportInput.HOUSEHOLDS:
        basis, name = entry.households, "households"
        too_many = _("This cannot be more than the village's %(basis)s households.")
    else:
        basis, name = entry.adult_residents, "adult_residents"
        too_many = _("This cannot be more than the %(basis)s residents aged 15 and over.")
    if basis is None or basis < 0:
        errors.setdefault(name, [_("Give this number first: the counts below are parts of it.")])
        return ""
    return too_many % {"basis": basis} if value > basis else ""


def _fraction(indicator: Indicator, value: int, entry: ReportEntry) -> tuple[int, int]:
    """The numerator and denominator a typed value stands for."""
    if indicator.report_input == ReportInput.YES_NO:
        return value, 1
    if indicator.report_input == ReportInput.SHARE_OF_SURVEYED:
        surveyed = entry.surveyed or 0
        return round(value * surveyed / 100), surveyed
    basis = entry.households if indicator.report_input == ReportInput.HOUSEHOLDS else entry.adult_residents
    return value, basis or 0


def _check_revision(report: VillageReport, revision: int | None) -> None:
    if revision is not None and revision != report.revision:
        raise ReportConflict(_("The report changed since this page was opened: check it and send it again."))


def _apply(report: VillageReport, entry: ReportEntry) -> None:
    """Validate `entry` and write it on the report (basis, then every value)."""
    indicators = form_indicators(report.form)
    errors = validate_entry(entry, indicators)
    if errors:
        raise ValidationError(errors)
    report.households = entry.households
    report.adult_residents = entry.adult_residents
    report.surveyed = entry.surveyed if asks_share(indicators) else None
    report.full_clean()
    report.save()
    current = {value.indicator_id: value for value in report.values.all()}
    for indicator in indicators:
        typed = entry.values.get(indicator.code)
        row = current.get(indicator.pk)
        if typed is None:
            if row is not None:
                row.delete()
            continue
        numerator, denominator = _fraction(indicator, typed, entry)
        row = row or ReportValue(report=report, indicator=indicator)
        row.entered, row.numerator, row.denominator = typed, numerator, denominator
        row.full_clean()
        row.save()


def _require_editable(report: VillageReport) -> None:
    if not report.is_editable:
        raise ReportConflict(_("This report was sent to the commune: it can no longer be changed here."))


@transaction.atomic
def save_report(
    *,
    actor: User,
    report: VillageReport,
    entry: ReportEntry,
    revision: int | None = None,
    now: datetime | None = None,
) -> VillageReport:
    """Keep what the village head typed, as a draft (incomplete is fine; wrong is not)."""
    _require(actor, Action.SUBMIT_REPORT, report)
    report = VillageReport.objects.select_for_update().select_related("form", "village").get(pk=report.pk)
    _require_editable(report)
    _check_revision(report, revision)
    _apply(report, entry)
    _log(report, ReportEventKind.SAVED, actor, now or timezone.now())
    return report


def missing_fields(report: VillageReport) -> dict[str, list[str]]:
    """What must still be given before the report can be submitted, by field."""
    indicators = form_indicators(report.form)
    needed = _("This is needed before the report is sent.")
    missing = {name: [needed] for name in ("households", "adult_residents") if getattr(report, name) is None}
    if asks_share(indicators) and not report.surveyed:
        missing["surveyed"] = [needed]
    given = {value.indicator_id for value in report.values.all()}
    missing.update({value_field(i): [needed] for i in indicators if i.pk not in given})
    return missing


@transaction.atomic
def submit_report(
    *,
    actor: User,
    report: VillageReport,
    entry: ReportEntry | None = None,
    revision: int | None = None,
    now: datetime | None = None,
) -> VillageReport:
    """Send the report (with what was just typed) to the commune. Sending it again changes nothing."""
    _require(actor, Action.SUBMIT_REPORT, report)
    report = VillageReport.objects.select_for_update().select_related("form", "village").get(pk=report.pk)
    if report.status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED):
        return report
    _check_revision(report, revision)
    if entry is not None:
        _apply(report, entry)
    missing = missing_fields(report)
    if missing:
        raise ValidationError(missing)
    now = now or timezone.now()
    report.status = ReportStatus.SUBMITTED
    report.revision += 1
    report.submitted_at, report.submitted_by = now, actor
    is_first_submission = report.is_on_time is None
    if is_first_submission:
        report.is_on_time = timezone.localdate(now) <= report.due_on
    report.full_clean()
    report.save()
    if is_first_submission and report.is_on_time:
        note_report_on_time(report)
    _log(report, ReportEventKind.SUBMITTED, actor, now)
    return report


def _reviewed(actor: User, report: VillageReport) -> VillageReport:
    _require(actor, Action.REVIEW_REPORT, report)
    return VillageReport.objects.select_for_update().select_related("form", "village").get(pk=report.pk)


def _review(report: VillageReport, status: ReportStatus, actor: User, now: datetime, comment: str) -> None:
    report.status = status
    report.revision += 1
    report.reviewed_at, report.reviewed_by = now, actor
    if status == ReportStatus.RETURNED:
        report.return_comment = comment
    report.full_clean()
    report.save()


@transaction.atomic
def return_report(
    *, actor: User, report: VillageReport, comment: str, now: datetime | None = None
) -> VillageReport:
    """Send a submitted report back to the village with a comment saying what to correct."""
    report = _reviewed(actor, report)
    comment = comment.strip()
    if report.status == ReportStatus.RETURNED and report.return_comment == comment:
        return report  # a resent return
    if report.status != ReportStatus.SUBMITTED:
        raise ReportConflict(_("Only a submitted report can be returned."))
    if not comment:
        raise ValidationError({"comment": [_("Say what the village should correct.")]})
    now = now or timezone.now()
    _review(report, ReportStatus.RETURNED, actor, now, comment)
    _log(report, ReportEventKind.RETURNED, actor, now, comment)
    _audit(report, "returned", actor, comment)
    return report


@transaction.atomic
def approve_report(*, actor: User, report: VillageReport, now: datetime | None = None) -> VillageReport:
    """Accept a submitted report; it is locked from then on (only an unlock reopens it)."""
    report = _reviewed(actor, report)
    if report.status == ReportStatus.APPROVED:
        return report  # a resent approval
    if report.status != ReportStatus.SUBMITTED:
        raise ReportConflict(_("Only a submitted report can be approved."))
    now = now or timezone.now()
    _review(report, ReportStatus.APPROVED, actor, now, "")
    note_report_approval(report, delta=1)
    _log(report, ReportEventKind.APPROVED, actor, now)
    _audit(report, "approved", actor)
    return report


@transaction.atomic
def unlock_report(
    *, actor: User, report: VillageReport, reason: str, now: datetime | None = None
) -> VillageReport:
    """Reopen an approved report so that the village can correct it; the reason is logged."""
    report = _reviewed(actor, report)
    if report.status != ReportStatus.APPROVED:
        raise ReportConflict(_("Only an approved report can be unlocked."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the report is unlocked.")]})
    now = now or timezone.now()
    _review(report, ReportStatus.RETURNED, actor, now, reason)
    note_report_approval(report, delta=-1)
    _log(report, ReportEventKind.UNLOCKED, actor, now, reason)
    _audit(report, "unlocked", actor, reason)
    return report
