"""The demo's village reports: the promised mix of statuses, consistent with the services' rules,
and idempotent."""

from __future__ import annotations

import pytest
from django.utils import timezone

from langso.common.periods import Period, PeriodKind
from langso.core import demo
from langso.reporting.demo import RETURN_COMMENT, seed_reports
from langso.reporting.models import ReportStatus, VillageReport
from langso.reporting.services.catalog import load_indicators

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> int:
    demo.load_demo(residents=300, seed=2025, password="demo-test-password")
    load_indicators()
    return seed_reports(seed=2025)


def test_nothing_is_seeded_before_the_catalog_is_loaded():
    demo.load_demo(residents=50, seed=2025, password="demo-test-password")

    assert seed_reports(seed=2025) == 0


def test_every_village_of_both_communes_reports_the_last_three_months(seeded):
    this_month = Period.containing(timezone.localdate(), PeriodKind.MONTH)
    past = VillageReport.objects.exclude(period_start=this_month.start)
    villages = {code for code in past.values_list("village__code", flat=True)}

    assert seeded == past.count() + 1
    assert {r.commune.code for r in past.select_related("commune")} == {"06886", "06841"}
    assert past.count() == 3 * len(villages)
    assert VillageReport.objects.get(period_start=this_month.start).village.name == "Thôn Thống Nhất"


def test_the_demo_holds_approved_late_returned_and_waiting_reports(seeded):
    statuses = list(VillageReport.objects.values_list("status", flat=True))

    assert statuses.count(ReportStatus.APPROVED) > len(statuses) / 2
    assert statuses.count(ReportStatus.RETURNED) == 1 and statuses.count(ReportStatus.SUBMITTED) == 1
    assert statuses.count(ReportStatus.DRAFT) == 1
    assert VillageReport.objects.get(status=ReportStatus.RETURNED).return_comment == RETURN_COMMENT
    assert VillageReport.objects.filter(is_on_time=False).exists()


def test_demo_submissions_are_on_time_exactly_when_sent_by_their_due_date(seeded):
    for report in VillageReport.objects.exclude(status=ReportStatus.DRAFT):
        assert report.is_on_time == (timezone.localdate(report.submitted_at) <= report.due_on)


def test_a_second_run_creates_nothing(seeded):
    assert seeded > 0
    assert seed_reports(seed=2025) == 0
