"""A village head and the commune officer on phone-sized Chromium: the monthly report filled (one
number refused, nothing lost), sent, returned with a comment, corrected, sent again and approved,
after which it is locked; then the province officer finds the new figure on the province dashboard
and drills down to the commune."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from langso.common.periods import Period, PeriodKind
from langso.conftest import PASSWORD
from langso.reporting.models import ReportStatus, VillageReport
from langso.reporting.services.catalog import load_indicators

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def world(live_server):  # type: ignore[no-untyped-def]
    from langso.conftest import build_world

    call_command("load_units", verbosity=0)
    built = build_world()
    load_indicators()
    return built


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size({"width": 360, "height": 740})
    return page


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")


def test_a_monthly_report_is_filled_returned_corrected_and_approved(phone, live_server, world):
    base = live_server.url
    last_month = Period.containing(timezone.localdate(), PeriodKind.MONTH).previous()

    # 1. The village head opens last month's report of Thống Nhất from her list.
    sign_in(phone, base, "village_head")
    phone.goto(f"{base}/reports/")
    slot = phone.locator(
        f"form:has(input[name=form][value=front-digital-monthly]):has(input[name=period][value='{last_month.key}'])"
    )
    slot.locator("button").click()
    expect(phone.locator("h1")).to_contain_text("Mặt trận số")

    # 2. More smartphone households than households: refused beside the field, nothing typed lost.
    phone.locator("input[name=households]").fill("120")
    phone.locator("input[name=adult_residents]").fill("300")
    phone.locator("input[name='value-households-with-smartphone']").fill("130")
    phone.locator("input[name='value-vneid-level-2']").fill("150")
    phone.locator("input[name='value-cashless-payers']").fill("60")
    phone.locator("input[name='value-shared-computer'][value='1']").check()
    phone.locator("button[name=submit]").click()
    expect(phone.locator(".errorlist")).to_contain_text("120")
    expect(phone.locator("input[name='value-vneid-level-2']")).to_have_value("150")
    expect(phone.locator("input[name='value-shared-computer'][value='1']")).to_be_checked()

    # 3. Corrected and sent.
    phone.locator("input[name='value-households-with-smartphone']").fill("90")
    phone.locator("button[name=submit]").click()
    expect(phone.locator(".badge.report-submitted")).to_be_visible()
    expect(phone.locator("input[name=households]")).to_have_count(0)

    # 4. The commune officer finds it in the queue and returns it with a comment.
    sign_in(phone, base, "commune")
    phone.goto(f"{base}/reports/")
    phone.locator("#queue-title + ul a").first.click()
    phone.locator("textarea[name=comment]").fill("Số hộ có máy tính chưa đúng, thôn kiểm tra lại.")
    phone.locator("form[action$='/return/'] button").click()
    expect(phone.locator(".badge.report-returned")).to_be_visible()

    # 5. The village head reads the comment, corrects and sends again.
    sign_in(phone, base, "village_head")
    report = VillageReport.objects.get()
    phone.goto(f"{base}/reports/{report.pk}/")
    expect(phone.locator(".card.bad")).to_contain_text("Số hộ có máy tính chưa đúng")
    phone.locator("input[name=households]").fill("125")
    phone.locator("button[name=submit]").click()
    expect(phone.locator(".badge.report-submitted")).to_be_visible()

    # 6. The commune officer approves; the report is locked for the village.
    sign_in(phone, base, "commune")
    phone.goto(f"{base}/reports/{report.pk}/")
    phone.locator("form[action$='/approve/'] button").click()
    expect(phone.locator(".badge.report-approved")).to_be_visible()
    sign_in(phone, base, "village_head")
    phone.goto(f"{base}/reports/{report.pk}/")
    expect(phone.locator(".badge.report-approved")).to_be_visible()
    expect(phone.locator("input[name=households]")).to_have_count(0)
    report.refresh_from_db()
    assert (report.status, report.households) == (ReportStatus.APPROVED, 125)
    assert list(report.events.values_list("kind", flat=True)) == [
        "created",
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]

    # 7. The province officer opens the dashboard from her home page, steps back to last month and
    #    sees the village's figure in the province's tile: 90 of 125 households (72,0 % in Vietnamese).
    sign_in(phone, base, "province")
    phone.locator(f"a[href='/dashboard/{world.province.code}/']").click()
    expect(phone.locator("h1")).to_contain_text(world.province.name)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the dashboard scrolls sideways on a phone (only its wide table should)"
    phone.locator("a[rel=prev]").click()
    with translation.override("vi"):
        expect(phone.locator(".period-steps strong")).to_have_text(last_month.label)
    tile = phone.locator(".tile", has_text="Hộ gia đình có điện thoại thông minh")
    expect(tile.locator(".tile-value")).to_have_text("72,0 %")
    expect(tile).to_contain_text("90 / 125")

    # 8. Down to the commune: Thống Nhất is ranked, its neighbour flagged for its missing report.
    phone.locator("#children").get_by_role("link", name=world.hai_lang.name).click()
    expect(phone.locator("h1")).to_contain_text(world.hai_lang.name)
    row = phone.locator("#children tbody tr", has_text="Thôn Thống Nhất")
    expect(row.locator("td").first).to_have_text("1")
    neighbour = phone.locator("#children tbody tr", has_text=world.hai_lang_2.name)
    expect(neighbour.locator("td").first.locator(".badge.target-amber")).to_be_visible()
