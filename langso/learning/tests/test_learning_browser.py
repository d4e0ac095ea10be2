"""A learner on a phone-sized Chromium: a lesson, a failed then a passed practice set, a visited
lesson reopened with no network, and an attempt made offline sent exactly once when back online."""

from __future__ import annotations

import re
import time

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from langso.conftest import PASSWORD
from langso.learning.models import Attempt, Mastery
from langso.learning.tests.factories import make_skill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def world(live_server):  # type: ignore[no-untyped-def]
    from langso.conftest import build_world

    call_command("load_units", verbosity=0)
    built = build_world()
    built.huong.user = built.user("learner")
    built.huong.save(update_fields=["user"])
    make_skill()
    return built


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size({"width": 360, "height": 740})
    return page


def sign_in(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill("learner")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")


def answer_practice(page: Page, *, wrong: int) -> None:
    """Answer every question on the practice page, one screen at a time; the first `wrong` wrongly."""
    fieldsets = page.locator("fieldset.question").all()
    for index, fieldset in enumerate(fieldsets):
        expect(fieldset).to_be_visible()
        for later in fieldsets[index + 1 :]:
            expect(later).to_be_hidden()
        is_wrong = index < wrong
        kind, code = fieldset.get_attribute("data-kind"), fieldset.get_attribute("data-code")
        if kind == "order":
            selects = fieldset.locator("select").all()
            for select in selects:
                option_index = int((select.get_attribute("name") or "").rsplit("-", 1)[1])
                position = len(selects) - option_index if is_wrong else option_index + 1
                select.select_option(str(position))
        else:
            right = "1" if kind == "true_false" else "0"
            value = ("0" if right == "1" else "1") if is_wrong else right
            fieldset.locator(f"input[name='q-{code}'][value='{value}']").check()
        expect(fieldset.locator(".feedback")).to_be_visible()  # immediate feedback with the explanation
        if index < len(fieldsets) - 1:
            fieldset.locator(".next-question").click()


def test_a_learner_fails_once_then_passes_and_learns_offline(phone, live_server, world):
    base = live_server.url
    sign_in(phone, base)
    phone.goto(f"{base}/learn/test-skill/bai-1/1/")
    expect(phone.locator(".step-text")).to_contain_text("Bước 1 của bài 1")
    for _ in range(3):
        phone.locator("a.next").click()
    expect(phone.locator(".step-text")).to_contain_text("Bước 2 của bài 2")
    phone.locator("a.next").click()  # the last step leads to practice
    answer_practice(phone, wrong=2)
    phone.get_by_role("button", name=re.compile("kết quả|result", re.I)).click()
    expect(phone.locator(".score")).to_contain_text("3/5")
    phone.locator(".actions a.primary").click()  # try again
    answer_practice(phone, wrong=0)
    phone.get_by_role("button", name=re.compile("kết quả|result", re.I)).click()
    expect(phone.locator(".score")).to_contain_text("5/5")
    assert list(Attempt.objects.order_by("number").values_list("number", "passed")) == [(1, False), (2, True)]
    assert Mastery.objects.filter(person=world.huong, source="practice").exists()

    phone.goto(f"{base}/learn/test-skill/bai-1/2/")
    expect(phone.locator("#offline-status")).to_be_visible(timeout=10_000)  # the worker kept the page
    phone.context.set_offline(True)
    phone.goto(f"{base}/learn/test-skill/bai-1/2/")
    expect(phone.locator(".step-text")).to_contain_text("Bước 2 của bài 1")
    phone.context.set_offline(False)


def test_an_attempt_made_offline_is_sent_exactly_once(phone, live_server, world):
    base = live_server.url
    sign_in(phone, base)
    phone.goto(f"{base}/learn/test-skill/practice/")
    expect(phone.locator("#offline-status")).to_be_hidden()  # a practice page is not kept for offline
    phone.context.set_offline(True)
    answer_practice(phone, wrong=0)
    phone.get_by_role("button", name=re.compile("kết quả|result", re.I)).click()
    expect(phone.locator("#practice")).to_contain_text("5/5")  # graded on the phone, queued
    assert Attempt.objects.count() == 0
    phone.context.set_offline(False)
    deadline = time.monotonic() + 10
    while not Attempt.objects.exists() and time.monotonic() < deadline:
        phone.wait_for_timeout(200)
    phone.goto(f"{base}/learn/")  # a new page flushes the queue again: nothing is left to send
    phone.wait_for_timeout(500)
    attempts = list(Attempt.objects.values_list("number", "passed"))
    assert attempts == [(1, True)]


def test_a_lesson_kept_offline_follows_a_new_language_choice(phone, live_server, world):
    base = live_server.url
    step = f"{base}/learn/test-skill/bai-1/1/"
    phone.goto(step)
    expect(phone.locator("#offline-status")).to_be_visible(timeout=10_000)
    phone.goto(step)  # now served by the worker from its cache
    expect(phone.locator(".step-text")).to_have_text("Bước 1 của bài 1")
    phone.select_option("#language", "en")
    phone.locator("#language-form button").click()
    phone.goto(step)
    expect(phone.locator(".step-text")).to_have_text("Bước 1 của bài 1 (en)")
