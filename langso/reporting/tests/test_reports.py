"""Periodic village reports: opening, validation, the workflow with its lock and logs, deadlines, and
who sees which report."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from langso.accounts.models import AuditEvent
from langso.common.periods import Period, PeriodKind
from langso.people.tests.factories import PersonFactory
from langso.reporting.models import ReportEventKind, ReportForm, ReportStatus, VillageReport
from langso.reporting.selectors.reports import (
    get_report_visible_to,
    report_on_time_counts,
    report_slots,
    reports_visible_to,
    review_queue,
)
from langso.reporting.services.catalog import load_indicators
from langso.reporting.services.reports import (
    ReportConflict,
    ReportEntry,
    approve_report,
    open_report,
    return_report,
    save_report,
    submit_report,
    unlock_report,
)

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
OCTOBER = Period.parse(PeriodKind.MONTH, "2026-10")
EARLY_NOVEMBER = datetime(2026, 11, 3, 9, 0, tzinfo=HANOI)  # October's report is due on 5 November
LATE_NOVEMBER = datetime(2026, 11, 6, 9, 0, tzinfo=HANOI)
GOOD = ReportEntry(
    households=120,
    adult_residents=300,
    values={
        "households-with-smartphone": 90,
        "vneid-level-2": 150,
        "cashless-payers": 60,
        "shared-computer": 1,
    },
)


@pytest.fixture
def monthly(db) -> ReportForm:  # type: ignore[no-untyped-def]
    load_indicators()
    return ReportForm.objects.get(code="front-digital-monthly")


def opened(world, form: ReportForm, village=None, period: Period = OCTOBER) -> VillageReport:  # type: ignore[no-untyped-def]
    return open_report(
        actor=world.user("village_head"),
        form=form,
        village=village or world.thong_nhat,
        period=period,
        now=EARLY_NOVEMBER,
    )


def submitted(world, form: ReportForm, now: datetime = EARLY_NOVEMBER) -> VillageReport:  # type: ignore[no-untyped-def]
    return submit_report(actor=world.user("village_head"), report=opened(world, form), entry=GOOD, now=now)


def error_fields(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# Opening


def test_the_forms_are_loaded_with_their_indicators_in_catalog_order(monthly):
    quarterly = ReportForm.objects.get(code="front-digital-quarterly")

    assert (monthly.period_kind, monthly.deadline_days) == (PeriodKind.MONTH, 5)
    assert sorted(monthly.indicators.values_list("code", flat=True)) == sorted(
        ["households-with-smartphone", "vneid-level-2", "cashless-payers", "shared-computer"]
    )
    assert (quarterly.period_kind, quarterly.deadline_days, quarterly.indicators.count()) == (
        "quarter",
        10,
        5,
    )


def test_opening_a_report_prefills_the_adult_residents_from_the_register(world, monthly):
    PersonFactory(village=world.thong_nhat, birth_year=1990)
    PersonFactory(village=world.thong_nhat, birth_year=2016)  # ten years old
    PersonFactory(village=world.hai_lang_2, birth_year=1990)  # another village

    report = opened(world, monthly)

    assert report.adult_residents == 2  # Hương and the one born in 1990
    assert (report.status, report.due_on, report.commune, report.province) == (
        ReportStatus.DRAFT,
        date(2026, 11, 5),
        world.hai_lang,
        world.province,
    )
    assert list(report.events.values_list("kind", flat=True)) == [ReportEventKind.CREATED]


def test_opening_the_same_report_again_creates_nothing(world, monthly):
    first = opened(world, monthly)

    again = opened(world, monthly)

    assert again.pk == first.pk
    assert VillageReport.objects.count() == 1
    assert first.events.count() == 1


def test_a_report_for_a_period_that_has_not_started_is_refused(world, monthly):
    with pytest.raises(ValidationError):
        opened(world, monthly, period=Period.parse(PeriodKind.MONTH, "2026-12"))


def test_a_monthly_form_refuses_a_quarter(world, monthly):
    with pytest.raises(ValidationError):
        opened(world, monthly, period=Period.parse(PeriodKind.QUARTER, "2026-Q3"))


def test_a_village_head_cannot_open_a_report_for_another_village(world, monthly):
    with pytest.raises(PermissionDenied):
        opened(world, monthly, village=world.hai_lang_2)


# Validation


def test_a_negative_number_is_refused_beside_its_field(world, monthly):
    report = opened(world, monthly)

    with pytest.raises(ValidationError) as excinfo:
        save_report(actor=world.user("village_head"), report=report, entry=ReportEntry(households=-3))

    assert error_fields(excinfo) == {"households": ["A number cannot be negative."]}


def test_a_household_count_cannot_exceed_the_households(world, monthly):
    report = opened(world, monthly)
    entry = ReportEntry(households=100, adult_residents=300, values={"households-with-smartphone": 101})

    with pytest.raises(ValidationError) as excinfo:
        save_report(actor=world.user("village_head"), report=report, entry=entry)

    assert error_fields(excinfo) == {
        "value-households-with-smartphone": ["This cannot be more than the village's 100 households."]
    }


def test_a_residents_count_cannot_exceed_the_adult_residents(world, monthly):
    report = opened(world, monthly)
    entry = ReportEntry(households=100, adult_residents=300, values={"vneid-level-2": 301})

    with pytest.raises(ValidationError) as excinfo:
        save_report(actor=world.user("village_head"), report=report, entry=entry)

    assert list(error_fields(excinfo)) == ["value-vneid-level-2"]


def test_a_count_without_its_basis_asks_for_the_basis(world, monthly):
    report = opened(world, monthly)

    with pytest.raises(ValidationError) as excinfo:
        save_report(
            actor=world.user("village_head"),
            report=report,
            entry=ReportEntry(values={"households-with-smartphone": 5}),
        )

    assert list(error_fields(excinfo)) == ["households"]


@pytest.mark.parametrize("share", [-1, 101])
def test_a_share_lies_between_0_and_100(world, share):
    load_indicators()
    quarterly = ReportForm.objects.get(code="front-digital-quarterly")
    report = opened(world, quarterly, period=Period.parse(PeriodKind.QUARTER, "2026-Q3"))

    with pytest.raises(ValidationError) as excinfo:
        save_report(
            actor=world.user("village_head"),
            report=report,
            entry=ReportEntry(surveyed=40, values={"understanding-rate": share}),
        )

    assert error_fields(excinfo) == {"value-understanding-rate": ["A share lies between 0 and 100."]}


def test_a_share_is_stored_as_a_count_of_the_people_surveyed(world):
    load_indicators()
    quarterly = ReportForm.objects.get(code="front-digital-quarterly")
    report = opened(world, quarterly, period=Period.parse(PeriodKind.QUARTER, "2026-Q3"))

    save_report(
        actor=world.user("village_head"),
        report=report,
        entry=ReportEntry(surveyed=40, values={"understanding-rate": 33}),
    )

    value = report.values.get()
    assert (value.entered, value.numerator, value.denominator) == (33, 13, 40)


def test_saving_keeps_counts_as_fractions_of_the_basis(world, monthly):
    report = opened(world, monthly)

    save_report(actor=world.user("village_head"), report=report, entry=GOOD)

    fractions = {
        v.indicator.code: (v.numerator, v.denominator) for v in report.values.select_related("indicator")
    }
    assert fractions == {
        "households-with-smartphone": (90, 120),
        "vneid-level-2": (150, 300),
        "cashless-payers": (60, 300),
        "shared-computer": (1, 1),
    }


def test_a_draft_may_be_incomplete_but_submitting_it_names_what_is_missing(world, monthly):
    report = opened(world, monthly)
    save_report(
        actor=world.user("village_head"), report=report, entry=ReportEntry(households=120, adult_residents=1)
    )

    with pytest.raises(ValidationError) as excinfo:
        submit_report(actor=world.user("village_head"), report=report)

    assert set(error_fields(excinfo)) == {
        "value-households-with-smartphone",
        "value-vneid-level-2",
        "value-cashless-payers",
        "value-shared-computer",
    }
    report.refresh_from_db()
    assert (report.status, report.households) == (ReportStatus.DRAFT, 120)


# Workflow


def test_a_report_goes_from_draft_to_returned_to_approved_and_every_step_is_logged(world, monthly):
    head, commune = world.user("village_head"), world.user("commune")
    report = submitted(world, monthly)

    report = return_report(
        actor=commune, report=report, comment="Số hộ chưa khớp với sổ.", now=EARLY_NOVEMBER
    )
    assert (report.status, report.return_comment) == (ReportStatus.RETURNED, "Số hộ chưa khớp với sổ.")
    report = submit_report(actor=head, report=report, entry=GOOD, revision=report.revision, now=LATE_NOVEMBER)
    report = approve_report(actor=commune, report=report, now=LATE_NOVEMBER)

    assert report.status == ReportStatus.APPROVED
    assert list(report.events.values_list("kind", flat=True)) == [
        "created",
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "report.returned",
        "report.approved",
    ]


def test_submitting_twice_is_one_submission(world, monthly):
    report = submitted(world, monthly)

    again = submit_report(actor=world.user("village_head"), report=report, entry=GOOD, now=LATE_NOVEMBER)

    assert again.submitted_at == EARLY_NOVEMBER
    assert report.events.filter(kind=ReportEventKind.SUBMITTED).count() == 1


def test_a_submission_sent_before_the_report_was_returned_is_refused(world, monthly):
    report = submitted(world, monthly)
    stale = report.revision - 1
    return_report(actor=world.user("commune"), report=report, comment="Sửa lại")

    with pytest.raises(ReportConflict):
        submit_report(actor=world.user("village_head"), report=report, entry=GOOD, revision=stale)


def test_a_submitted_report_cannot_be_changed_by_the_village(world, monthly):
    report = submitted(world, monthly)

    with pytest.raises(ReportConflict):
        save_report(actor=world.user("village_head"), report=report, entry=ReportEntry(households=1))


def test_returning_a_report_needs_a_comment(world, monthly):
    report = submitted(world, monthly)

    with pytest.raises(ValidationError) as excinfo:
        return_report(actor=world.user("commune"), report=report, comment="  ")

    assert list(error_fields(excinfo)) == ["comment"]


def test_an_approved_report_is_locked(world, monthly):
    report = approve_report(actor=world.user("commune"), report=submitted(world, monthly))

    with pytest.raises(ReportConflict):
        save_report(actor=world.user("commune"), report=report, entry=GOOD)
    with pytest.raises(ReportConflict):
        return_report(actor=world.user("commune"), report=report, comment="Muộn rồi")


def test_unlocking_reopens_the_report_for_correction_and_is_logged_with_its_reason(world, monthly):
    commune = world.user("commune")
    report = approve_report(actor=commune, report=submitted(world, monthly))

    report = unlock_report(actor=commune, report=report, reason="Huyện yêu cầu đối chiếu lại")
    save_report(actor=world.user("village_head"), report=report, entry=GOOD)

    assert report.status == ReportStatus.RETURNED
    assert report.events.filter(kind=ReportEventKind.UNLOCKED, comment="Huyện yêu cầu đối chiếu lại").exists()
    assert AuditEvent.objects.filter(action="report.unlocked", target=f"village_report:{report.pk}").exists()


def test_unlocking_needs_a_reason(world, monthly):
    report = approve_report(actor=world.user("commune"), report=submitted(world, monthly))

    with pytest.raises(ValidationError):
        unlock_report(actor=world.user("commune"), report=report, reason="")


def test_a_village_head_cannot_approve(world, monthly):
    report = submitted(world, monthly)

    with pytest.raises(PermissionDenied):
        approve_report(actor=world.user("village_head"), report=report)


def test_another_communes_officer_cannot_review(world, monthly):
    report = submitted(world, monthly)

    with pytest.raises(PermissionDenied):
        approve_report(actor=world.user("other_commune"), report=report)


# Deadlines


def test_a_report_submitted_by_its_due_date_is_on_time(world, monthly):
    report = submitted(world, monthly, now=datetime(2026, 11, 5, 23, 0, tzinfo=HANOI))

    assert report.is_on_time is True


def test_a_report_submitted_after_its_due_date_is_late_even_after_a_return(world, monthly):
    report = submitted(world, monthly, now=LATE_NOVEMBER)
    return_report(actor=world.user("commune"), report=report, comment="Sửa lại")
    report.refresh_from_db()

    report = submit_report(actor=world.user("village_head"), report=report, entry=GOOD, now=LATE_NOVEMBER)

    assert report.is_on_time is False


def test_on_time_counts_count_every_village_due_and_those_on_time(world, monthly):
    submitted(world, monthly)  # Thống Nhất on time; Đồng Cậy never opened its report

    counts = report_on_time_counts(unit=world.hai_lang, start=date(2026, 11, 1), end=date(2026, 11, 30))

    assert (counts.due, counts.on_time) == (2, 1)


def test_on_time_counts_leave_out_other_communes(world, monthly):
    submitted(world, monthly)

    counts = report_on_time_counts(unit=world.hoanh_mo, start=date(2026, 11, 1), end=date(2026, 11, 30))

    assert (counts.due, counts.on_time) == (1, 0)


# Scope


def test_a_village_head_sees_the_own_villages_report_but_not_a_sibling_communes(world, monthly):
    own = opened(world, monthly)
    elsewhere = open_report(
        actor=world.user("other_commune"),
        form=monthly,
        village=world.na_lang,
        period=OCTOBER,
        now=EARLY_NOVEMBER,
    )

    visible = set(reports_visible_to(world.user("village_head")))

    assert own in visible and elsewhere not in visible
    with pytest.raises(Http404):
        get_report_visible_to(world.user("village_head"), elsewhere.pk)


def test_a_commune_officer_sees_the_communes_villages_but_not_a_sibling_communes(world, monthly):
    own = opened(world, monthly)
    elsewhere = open_report(
        actor=world.user("other_commune"),
        form=monthly,
        village=world.na_lang,
        period=OCTOBER,
        now=EARLY_NOVEMBER,
    )

    visible = set(reports_visible_to(world.user("commune")))

    assert own in visible and elsewhere not in visible
    assert get_report_visible_to(world.user("other_commune"), elsewhere.pk) == elsewhere


def test_users_without_a_reporting_role_see_no_report(world, monthly):
    opened(world, monthly)

    assert not reports_visible_to(world.user("mentor")).exists()
    assert not reports_visible_to(world.user("trainer")).exists()


def test_the_review_queue_holds_the_communes_submitted_reports_only(world, monthly):
    report = submitted(world, monthly)

    assert list(review_queue(world.user("commune"))) == [report]
    assert list(review_queue(world.user("other_commune"))) == []
    assert list(review_queue(world.user("village_head"))) == []


def test_the_village_heads_list_shows_recent_periods_with_the_overdue_ones(world, monthly):
    opened(world, monthly)

    slots = report_slots(world.user("village_head"), today=date(2026, 11, 23))

    monthly_slots = [(s.village, s.period.key, s.is_overdue) for s in slots if s.form == monthly]
    assert monthly_slots == [
        (world.thong_nhat, "2026-11", False),
        (world.thong_nhat, "2026-10", True),
        (world.thong_nhat, "2026-09", True),
    ]


def test_the_commune_officers_list_holds_the_communes_villages_only(world, monthly):
    slots = report_slots(world.user("commune"), today=date(2026, 11, 23))

    assert {slot.village for slot in slots} == {world.thong_nhat, world.hai_lang_2}
