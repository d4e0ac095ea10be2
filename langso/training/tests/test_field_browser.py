"""A mentor in the field on a phone-sized Chromium: today's screen, the session's roster marked, a
failed then a passed skill check for a resident, and a help request resolved."""

from __future__ import annotations

import uuid

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from langso.conftest import PASSWORD
from langso.learning.models import Mastery, MasterySource
from langso.learning.tests.factories import make_skill
from langso.people.tests.factories import PersonFactory
from langso.training.models import Attendance, HelpChannel, HelpRequest, HelpStatus, HelpTopic, SkillCheck
from langso.training.services.help import HelpAsk, ask_for_help
from langso.training.services.teams import add_team_member, create_team
from langso.training.tests.test_checks import make_class

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def world(live_server):  # type: ignore[no-untyped-def]
    from langso.conftest import build_world

    call_command("load_units", verbosity=0)
    built = build_world()
    mentor = built.user("mentor")
    neighbour = PersonFactory(full_name="Lý Thị Sáu", village=built.thong_nhat)
    make_class(built, skills=[make_skill("vneid")], people=[built.huong, neighbour], mentors=[mentor])
    team = create_team(
        actor=built.user("commune"), unit=built.thong_nhat, name="Tổ công nghệ số thôn Thống Nhất"
    )
    add_team_member(actor=built.user("commune"), team=team, user=mentor)
    ask_for_help(
        actor=None,
        ask=HelpAsk(name="Bà Đặng Thị Mận", village=built.thong_nhat, topic=HelpTopic.ZALO),
        channel=HelpChannel.PUBLIC,
        client_uuid=uuid.uuid4(),
    )
    return built


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size({"width": 360, "height": 740})
    return page


def sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")


def test_a_mentor_marks_the_roster_checks_a_skill_twice_and_resolves_a_help_request(
    phone, live_server, world
):
    base = live_server.url

    # 1. The mentor signs in; her home opens on today's field work. Hương still needs VNeID; a request waits.
    sign_in(phone, base, "mentor")
    phone.locator("a.btn.primary", has_text="Hôm nay").click()
    needs = phone.locator("#needs-title + ul")
    expect(needs).to_contain_text("Nguyễn Thị Hương")
    expect(phone.locator("#queue-title ~ ul")).to_contain_text("Bà Đặng Thị Mận")

    # 2. Today's session: one tap marks Hương present (a second tap on the same row cannot count twice).
    phone.locator("#sessions-title + ul a.primary").first.click()
    hương_row = phone.locator(".roster li", has_text="Nguyễn Thị Hương")
    hương_row.locator("button.tap").click()
    expect(hương_row.locator(".badge.ok")).to_be_visible()
    expect(phone.locator(".roster li", has_text="Lý Thị Sáu").locator("button.tap")).to_be_visible()
    assert list(Attendance.objects.values_list("person__full_name", flat=True)) == ["Nguyễn Thị Hương"]

    # 3. A first try at VNeID: not yet, with a note.
    phone.goto(f"{base}/training/today/")
    needs.locator("li", has_text="Nguyễn Thị Hương").get_by_role("link", name="Kỹ năng vneid").click()
    phone.locator("textarea[name=note]").fill("Chưa nhớ mật khẩu")
    phone.locator("button[value=not_yet]").click()
    expect(phone.locator(".tries")).to_contain_text("Chưa nhớ mật khẩu")

    # 4. A second try: she did it alone, so the skill is mastered.
    phone.locator("button[value=alone]").click()
    expect(phone.locator(".tries li")).to_have_count(2)
    expect(phone.locator("p.card.ok")).to_be_visible()
    assert list(SkillCheck.objects.order_by("number").values_list("number", "outcome")) == [
        (1, "not_yet"),
        (2, "alone"),
    ]
    assert Mastery.objects.get(person=world.huong).source == MasterySource.MENTOR

    # 5. Back on today's screen, Hương no longer needs VNeID; the mentor takes the help request.
    phone.goto(f"{base}/training/today/")
    expect(phone.locator("#needs-title + ul")).not_to_contain_text("Nguyễn Thị Hương")
    phone.locator("#queue-title ~ ul").get_by_role("link").first.click()
    phone.locator("form[action$='/claim/'] button").click()
    expect(phone.locator(".badge.status-claimed")).to_be_visible()

    # 6. She resolves it with a note of what was done.
    phone.locator("form[action$='/resolve/'] textarea[name=note]").fill("Đã cài Zalo và gọi thử cho con gái")
    phone.locator("form[action$='/resolve/'] button[type=submit]").click()
    expect(phone.locator(".badge.status-resolved")).to_be_visible()
    assert HelpRequest.objects.get().status == HelpStatus.RESOLVED
