"""The report pages over real HTTP: the village head's list, opening, filling and sending a report,
and the commune's review, each only within the user's jurisdiction."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from langso.common.periods import Period, PeriodKind
from langso.reporting.models import ReportForm, ReportStatus, VillageReport
from langso.reporting.services.catalog import load_indicators
from langso.reporting.services.reports import approve_report, open_report, submit_report
from langso.reporting.tests.test_reports import GOOD

pytestmark = pytest.mark.django_db


@pytest.fixture
def monthly(db) -> ReportForm:  # type: ignore[no-untyped-def]
    load_indicators()
    return ReportForm.objects.get(code="front-digital-monthly")


def last_month() -> Period:
    return Period.containing(timezone.localdate(), PeriodKind.MONTH).previous()


def draft(world, form: ReportForm, village=None) -> VillageReport:  # type: ignore[no-untyped-def]
    village = village or world.thong_nhat
    actor = world.user(
        {world.na_lang: "other_commune", world.hai_lang_2: "commune"}.get(village, "village_head")
    )
    return open_report(actor=actor, form=form, village=village, period=last_month())


def filled(report: VillageReport, **changes: str) -> dict[str, str]:
    data = {
        "revision": str(report.revision),
        "households": "120",
        "adult_residents": "300",
        "value-households-with-smartphone": "90",
        "value-vneid-level-2": "150",
        "value-cashless-payers": "60",
        "value-shared-computer": "1",
    }
    return {**data, **changes}


def detail_url(report: VillageReport) -> str:
    return reverse("reporting:report_detail", args=[report.pk])


def test_the_village_head_lists_the_own_villages_reports_to_fill(client, world, monthly):
    client.force_login(world.user("village_head"))

    page = client.get(reverse("reporting:report_list")).content.decode()

    assert "Thôn Thống Nhất" in page and "Fill in" in page
    assert "Bản Nà Làng" not in page and "Thôn Đồng Cậy" not in page


def test_the_commune_officer_sees_the_communes_villages_and_the_reports_waiting(client, world, monthly):
    report = draft(world, monthly)
    submit_report(actor=world.user("village_head"), report=report, entry=GOOD)
    client.force_login(world.user("commune"))

    page = client.get(reverse("reporting:report_list")).content.decode()

    assert "Waiting for your review" in page and detail_url(report) in page
    assert "Thôn Đồng Cậy" in page and "Bản Nà Làng" not in page


def test_a_link_to_a_new_report_offers_to_start_it_without_creating_it(client, world, monthly):
    client.force_login(world.user("village_head"))
    query = {"form": monthly.code, "village": world.thong_nhat.code, "period": last_month().key}

    response = client.get(reverse("reporting:report_open"), query)

    assert response.status_code == 200 and "Start the report" in response.content.decode()
    assert not VillageReport.objects.exists()


def test_starting_a_report_twice_opens_one_draft(client, world, monthly):
    client.force_login(world.user("village_head"))
    data = {"form": monthly.code, "village": world.thong_nhat.code, "period": last_month().key}

    first = client.post(reverse("reporting:report_open"), data)
    second = client.post(reverse("reporting:report_open"), data)

    report = VillageReport.objects.get()
    assert first.url == second.url == detail_url(report)
    assert report.status == ReportStatus.DRAFT


def test_a_report_cannot_be_started_for_a_village_of_another_commune(client, world, monthly):
    client.force_login(world.user("village_head"))
    data = {"form": monthly.code, "village": world.na_lang.code, "period": last_month().key}

    response = client.post(reverse("reporting:report_open"), data)

    assert response.status_code == 404
    assert not VillageReport.objects.exists()


def test_an_unknown_period_key_is_not_found(client, world, monthly):
    client.force_login(world.user("village_head"))
    data = {"form": monthly.code, "village": world.thong_nhat.code, "period": "2026-Q4"}

    assert client.post(reverse("reporting:report_open"), data).status_code == 404


def test_the_form_asks_the_basis_first_with_numeric_keypads_and_each_indicators_definition(
    client, world, monthly
):
    report = draft(world, monthly)
    client.force_login(world.user("village_head"))

    page = client.get(detail_url(report)).content.decode()

    assert page.index('name="households"') < page.index('name="value-households-with-smartphone"')
    assert page.count('inputmode="numeric"') == 5  # households, adults and three counts
    assert "Households with at least one smartphone, out of all households of the village." in page
    assert 'name="value-shared-computer"' in page and 'type="radio"' in page


def test_a_wrong_number_is_shown_beside_its_field_and_nothing_typed_is_lost(client, world, monthly):
    report = draft(world, monthly)
    client.force_login(world.user("village_head"))

    response = client.post(
        detail_url(report),
        filled(report, **{"value-vneid-level-2": "301", "households": "-4"}) | {"save": "1"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "A number cannot be negative." in page
    assert "This cannot be more than the 300 residents aged 15 and over." in page
    assert 'value="-4"' in page and 'value="301"' in page and 'value="60"' in page
    assert not report.values.exists()


def test_saving_a_draft_keeps_it_open_for_changes(client, world, monthly):
    report = draft(world, monthly)
    client.force_login(world.user("village_head"))

    response = client.post(detail_url(report), filled(report) | {"save": "1"})

    report.refresh_from_db()
    assert response.status_code == 302
    assert (report.status, report.households, report.values.count()) == (ReportStatus.DRAFT, 120, 4)


def test_sending_the_report_submits_it_and_shows_it_read_only(client, world, monthly):
    report = draft(world, monthly)
    client.force_login(world.user("village_head"))

    client.post(detail_url(report), filled(report) | {"submit": "1"})
    page = client.get(detail_url(report)).content.decode()

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert "Submitted" in page and "90/120 · 75%" in page
    assert 'name="households"' not in page and "Approve the report" not in page


def test_a_resent_submission_is_one_submission(client, world, monthly):
    report = draft(world, monthly)
    client.force_login(world.user("village_head"))
    data = filled(report) | {"submit": "1"}

    client.post(detail_url(report), data)
    client.post(detail_url(report), data)

    assert report.events.filter(kind="submitted").count() == 1


def test_the_commune_returns_a_report_with_a_comment_the_village_head_then_reads(client, world, monthly):
    report = submit_report(actor=world.user("village_head"), report=draft(world, monthly), entry=GOOD)
    client.force_login(world.user("commune"))

    refused = client.post(reverse("reporting:report_return", args=[report.pk]), {"comment": ""})
    client.post(reverse("reporting:report_return", args=[report.pk]), {"comment": "Kiểm tra lại số hộ."})
    client.force_login(world.user("village_head"))
    page = client.get(detail_url(report)).content.decode()

    assert refused.status_code == 400 and "Say what the village should correct." in refused.content.decode()
    assert "Kiểm tra lại số hộ." in page and 'name="households"' in page


def test_an_approved_report_is_locked_for_the_village(client, world, monthly):
    report = submit_report(actor=world.user("village_head"), report=draft(world, monthly), entry=GOOD)
    client.force_login(world.user("commune"))
    client.post(reverse("reporting:report_approve", args=[report.pk]))
    client.force_login(world.user("village_head"))

    response = client.post(detail_url(report), filled(report, households="999") | {"save": "1"}, follow=True)

    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.households == 120
    assert "can no longer be changed" in response.content.decode()


def test_the_commune_unlocks_an_approved_report_with_a_reason(client, world, monthly):
    report = submit_report(actor=world.user("village_head"), report=draft(world, monthly), entry=GOOD)
    approve_report(actor=world.user("commune"), report=report)
    client.force_login(world.user("commune"))

    client.post(reverse("reporting:report_unlock", args=[report.pk]), {"reason": "Sai số hộ"})

    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert "Sai số hộ" in client.get(detail_url(report)).content.decode()


def test_a_village_head_cannot_review(client, world, monthly):
    report = submit_report(actor=world.user("village_head"), report=draft(world, monthly), entry=GOOD)
    client.force_login(world.user("village_head"))

    response = client.post(reverse("reporting:report_approve", args=[report.pk]))

    report.refresh_from_db()
    assert response.status_code == 404 and report.status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("username", ["other_commune", "mentor", "nobody"])
def test_a_report_outside_the_users_jurisdiction_is_not_found(client, world, monthly, username):
    report = draft(world, monthly)
    client.force_login(world.user(username))

    assert client.get(detail_url(report)).status_code == 404
    assert client.post(detail_url(report), filled(report) | {"submit": "1"}).status_code == 404
    assert client.post(reverse("reporting:report_approve", args=[report.pk])).status_code == 404


def test_the_list_is_read_in_a_few_queries(client, world, monthly, django_assert_max_num_queries):
    for village in (world.thong_nhat, world.hai_lang_2):
        draft(world, monthly, village=village)
    client.force_login(world.user("commune"))

    with django_assert_max_num_queries(12):
        client.get(reverse("reporting:report_list"))


def test_the_pages_ask_for_a_sign_in(client, world, monthly):
    response = client.get(reverse("reporting:report_list"))

    assert response.status_code == 302 and "/accounts/login/" in response.url
