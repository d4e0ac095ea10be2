"""A resident plays a contest on a phone-sized Chromium: start, one question per screen with the
time left shown, submit, and the score."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from langso.conftest import PASSWORD
from langso.training.models import CompetitionEntry, CompetitionQuestion
from langso.training.tests.test_competitions_services import make_contest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def world(live_server):  # type: ignore[no-untyped-def]
    from langso.conftest import build_world

    call_command("load_units", verbosity=0)
    built = build_world()
    built.huong.user = built.user("learner")
    built.huong.save(update_fields=["user"])
    return built


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size({"width": 360, "height": 740})
    return page


def test_a_resident_plays_a_contest_on_a_phone(phone, live_server, world):
    now = timezone.now()
    contest = make_contest(
        world, count=3, opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=1)
    )
    base = live_server.url
    phone.goto(f"{base}/accounts/login/?next=/contests/")
    phone.locator("input[name=username]").fill("learner")
    phone.locator("input[name=password]").fill(PASSWORD)
    phone.locator("form.card button[type=submit]").click()
    phone.get_by_text(contest.title).click()
    phone.locator("form[action$='/start/'] button").click()
    entry = CompetitionEntry.objects.get()
    for number, qid in enumerate(entry.question_ids, start=1):
        expect(phone.locator(".timer b")).to_have_text(re.compile(r"^1[45]:\d\d$"))
        question = CompetitionQuestion.objects.select_related("question").get(pk=qid).question
        screen = phone.locator("form.question")
        if question.kind == "order":
            for select in screen.locator("select").all():
                index = int((select.get_attribute("name") or "").rsplit("-", 1)[1])
                select.select_option(str(index + 1))
        else:
            screen.locator(f"input[type=radio][value='{question.answer}']").check()
        box = screen.locator("button[type=submit]").bounding_box()
        assert box is not None and box["height"] >= 48 and box["x"] + box["width"] <= 360
        screen.locator("button[type=submit]").click()
        if number < len(entry.question_ids):
            phone.wait_for_url(f"{base}/contests/{contest.code}/{number + 1}/")
    phone.locator("form[action$='/submit/'] button").click()
    expect(phone.locator(".score")).to_contain_text("100")
    assert CompetitionEntry.objects.get().score == 100
