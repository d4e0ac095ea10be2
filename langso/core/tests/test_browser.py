"""Real browser runs (Playwright + Debian's Chromium) of the pages that matter, on a phone-sized screen."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from langso.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def world(live_server, django_db_blocker):  # type: ignore[no-untyped-def]
    """The shared world, rebuilt for each browser test (a live server needs committed data)."""
    from langso.conftest import build_world

    call_command("load_units", verbosity=0)
    return build_world()


@pytest.fixture
def phone_page(page: Page) -> Page:
    page.set_viewport_size(PHONE)
    return page


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label(re.compile("Số điện thoại hoặc tên đăng nhập|Phone number or username")).fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")


@pytest.mark.parametrize(
    ("who", "heading"),
    [
        ("province", "Quảng Ninh"),
        ("commune", "Xã Hải Lạng"),
        ("village_head", "Thôn Thống Nhất"),
    ],
)
def test_three_roles_sign_in_and_land_on_their_home_page(phone_page, live_server, world, who, heading):
    sign_in(phone_page, live_server.url, who)
    expect(phone_page.locator("html")).to_have_attribute("lang", "vi")
    expect(phone_page.locator("section.card h2").first).to_contain_text(heading)


def test_switching_language_translates_the_page(phone_page, live_server, world):
    sign_in(phone_page, live_server.url, "commune")
    phone_page.select_option("#language", "en")
    phone_page.locator("#language-form button").click()
    expect(phone_page.locator("html")).to_have_attribute("lang", "en")
    expect(phone_page.locator("section.card h2").first).to_contain_text("Commune officer")
    phone_page.select_option("#language", "id")
    phone_page.locator("#language-form button").click()
    expect(phone_page.locator("html")).to_have_attribute("lang", "id")


def test_searching_a_resident_without_accents_updates_the_results(phone_page, live_server, world):
    sign_in(phone_page, live_server.url, "commune")
    phone_page.goto(f"{live_server.url}/people/?unit={world.hai_lang.code}")
    expect(phone_page.locator("#results")).to_contain_text("Trần Thị Lan")
    phone_page.locator("#id_q").fill("huong")
    expect(phone_page.locator("#results")).not_to_contain_text("Trần Thị Lan")  # htmx swapped the results
    expect(phone_page.locator("#results")).to_contain_text("Nguyễn Thị Hương")
    phone_page.get_by_role("link", name=re.compile("Nguyễn Thị Hương")).click()
    expect(phone_page.locator("h1")).to_contain_text("Nguyễn Thị Hương")


def test_importing_a_small_file_through_the_form(phone_page, live_server, world, tmp_path):
    from langso.people.models import Person

    csv_file = tmp_path / "danh-sach.csv"
    csv_file.write_text(
        "Họ và tên;Giới tính;Năm sinh;Dân tộc;Mã thôn\n"
        f"Lục Thị Mai;Nữ;1955;Tày;{world.thong_nhat.code}\n"
        f"Bàn Văn Sử;Nam;2999;Dao;{world.thong_nhat.code}\n",
        encoding="utf-8",
    )
    sign_in(phone_page, live_server.url, "commune")
    phone_page.goto(f"{live_server.url}/people/import/")
    phone_page.locator("input[type=file]").set_input_files(str(csv_file))
    phone_page.locator("form.card button[type=submit]").click()
    expect(phone_page.locator("table").first).to_contain_text("2999")  # the bad row and its reason
    assert not Person.objects.filter(full_name="Lục Thị Mai").exists()
    phone_page.locator("form[action$='/commit/'] button").click()
    expect(phone_page.locator(".messages")).to_contain_text("1")
    assert Person.objects.filter(full_name="Lục Thị Mai").exists()
    assert not Person.objects.filter(full_name="Bàn Văn Sử").exists()


def test_tap_targets_are_at_least_48_pixels_on_a_phone(phone_page, live_server, world):
    sign_in(phone_page, live_server.url, "commune")
    phone_page.goto(f"{live_server.url}/units/{world.hai_lang.code}/")
    for element in phone_page.locator("main .btn, main button").all():
        box = element.bounding_box()
        assert box is not None and box["height"] >= 48, element.inner_text()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "the page scrolls sideways on a phone"


LARGE_TYPE = "html{font-size:200% !important}"  # what a phone's largest text setting does to rem


def read_in(page: Page, base_url: str, language: str) -> None:
    from django.conf import settings

    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}])


def assert_fits_the_phone_at_large_type(page: Page, url: str) -> None:
    page.goto(url)
    page.add_style_tag(content=LARGE_TYPE)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{url} scrolls sideways at large type ({width} px)"


@pytest.mark.parametrize("language", ["vi", "id"])  # Indonesian has the longest words
def test_staff_pages_fit_a_phone_at_twice_the_type_size(phone_page, live_server, world, language):
    """Wide tables scroll inside their box; everything else wraps: the header's language choice, the
    dashboard's period steps, a list row's date, the progress legend, a roster's names, buttons."""
    from langso.reporting.services.catalog import load_indicators
    from langso.training.models import Conference
    from langso.training.tests.factories_classes import enrol, make_class, make_session

    load_indicators()
    call_command("load_curriculum", verbosity=0)  # the skill list's long titles
    training_class = make_class(world)
    session = make_session(training_class)
    enrol(training_class, world.huong, world.lan)
    Conference.objects.create(
        title="Tập huấn chuyển đổi số cho cán bộ Hội",
        organizer=training_class.organizer,
        unit=training_class.organizer.unit,
        starts_on=session.starts_at.date(),
        ends_on=session.starts_at.date(),
        venue="Nhà văn hoá",
        created_by=world.user("union_cadre"),
    )
    base = live_server.url
    sign_in(phone_page, base, "province")
    read_in(phone_page, base, language)
    for path in (
        "/",
        f"/units/{world.province.code}/",
        f"/dashboard/{world.province.code}/",
        f"/learn/progress/{world.hai_lang.code}/",
        "/training/cascade/",
    ):
        assert_fits_the_phone_at_large_type(phone_page, base + path)
    phone_page.context.clear_cookies()
    sign_in(phone_page, base, "mentor")
    read_in(phone_page, base, language)
    assert_fits_the_phone_at_large_type(phone_page, f"{base}/training/sessions/{session.pk}/")
    assert_fits_the_phone_at_large_type(phone_page, f"{base}/learn/")


def test_a_learner_card_fits_a_phone_at_twice_the_type_size(phone_page, live_server, world):
    """The card's code is one long word: it shrinks with the screen and breaks rather than overflow."""
    world.huong.user = world.user("learner")
    world.huong.save(update_fields=["user"])
    sign_in(phone_page, live_server.url, "learner")
    assert_fits_the_phone_at_large_type(phone_page, f"{live_server.url}/learn/card/")
    world.huong.refresh_from_db()  # the card's code is made on the first visit
    assert world.huong.card_code
    expect(phone_page.locator(".card-code")).to_have_text(world.huong.card_code)
