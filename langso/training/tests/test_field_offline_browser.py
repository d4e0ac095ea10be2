"""A mentor in the field loses the network on a phone-sized Chromium: a roster tap and a skill check
are saved on the phone, the roster still opens from the service worker's cache, and each record
is sent exactly once when the network returns."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from django.core.management import call_command
from django.core.signals import request_started
from playwright.sync_api import Page, expect

from langso.conftest import PASSWORD
from langso.learning.tests.factories import make_skill
from langso.people.tests.factories import PersonFactory
from langso.training.models import Attendance, Enrolment, SkillCheck
from langso.training.tests.test_checks import make_class

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

KEPT = """async (url) => {
  for (const key of await caches.keys()) {
    if (key.startsWith("training-field-") && await (await caches.open(key)).match(url)) return true;
  }
  return false;
}"""
KEPT_TEXT = KEPT.replace(
    "return true;", "return (await (await caches.open(key)).match(url)).text();"
).replace("return false;", "return null;")

#: the phone's queue: read it (no argument), or put items back in it
QUEUE = """(items) => new Promise((ok, fail) => {
  const open = indexedDB.open("langso-training", 1);
  open.onupgradeneeded = () => open.result.createObjectStore("queue", { keyPath: "client_uuid" });
  open.onsuccess = () => {
    const tx = open.result.transaction("queue", "readwrite"), store = tx.objectStore("queue");
    const all = items ? (items.forEach((item) => store.put(item)), null) : store.getAll();
    tx.oncomplete = () => ok(all ? all.result : items);
    tx.onerror = () => fail(tx.error);
  };
})"""


@pytest.fixture
def world(live_server):  # type: ignore[no-untyped-def]
    from langso.conftest import build_world

    call_command("load_units", verbosity=0)
    built = build_world()
    neighbour = PersonFactory(full_name="Lý Thị Sáu", village=built.thong_nhat)
    _class, built.session = make_class(
        built, skills=[make_skill("vneid")], people=[built.huong, neighbour], mentors=[built.user("mentor")]
    )
    return built


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size({"width": 360, "height": 740})
    return page


@pytest.fixture
def server_hits() -> Iterator[list[str]]:
    """The requests the live server is asked for ("GET /path/"), in order."""
    paths: list[str] = []

    def record(sender: object, environ: dict[str, str], **kwargs: object) -> None:
        paths.append(environ["REQUEST_METHOD"] + " " + environ["PATH_INFO"])

    request_started.connect(record)
    yield paths
    request_started.disconnect(record)


def sign_in(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill("mentor")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.card button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")


def open_and_keep(page: Page, url: str) -> None:
    """Open a field screen online and wait until the service worker has kept it."""
    page.goto(url)
    deadline = time.monotonic() + 10
    while not page.evaluate(KEPT, url) and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert page.evaluate(KEPT, url), f"{url} was not kept for offline use"


def wait_until(condition: Callable[[], bool], page: Page) -> None:
    deadline = time.monotonic() + 10
    while not condition() and time.monotonic() < deadline:
        page.wait_for_timeout(200)


def test_a_roster_tap_made_offline_is_kept_on_the_phone_and_sent_once_online(
    phone, live_server, world, server_hits
):
    base, roster = live_server.url, f"/training/sessions/{world.session.pk}/"
    sign_in(phone, base)
    open_and_keep(phone, base + roster)
    assert f"GET {roster}" in server_hits  # (the server's requests are seen)
    saved = phone.locator("#field-offline").get_attribute("data-saved") or ""

    # offline, a tap on Hương keeps the mark on the phone: the row says so, the server has nothing
    phone.context.set_offline(True)
    hương_row = phone.locator(".roster li", has_text="Nguyễn Thị Hương")
    hương_row.locator("button.tap").click()
    expect(hương_row).to_contain_text(saved)
    expect(hương_row).to_have_class("queued")
    expect(phone.locator("#field-offline")).to_contain_text("1")
    assert Attendance.objects.count() == 0

    # the roster opens again with no network, from the worker's cache, still showing the saved tap
    hits_before = len(server_hits)
    phone.reload()
    expect(hương_row).to_contain_text(saved)
    expect(phone.locator(".roster li", has_text="Lý Thị Sáu")).not_to_contain_text(saved)
    assert f"GET {roster}" not in server_hits[hits_before:]

    # back online, the tap is sent and the row shows Hương present
    phone.context.set_offline(False)
    expect(hương_row.locator(".badge.ok")).to_be_visible(timeout=10_000)
    expect(phone.locator("#present-count")).to_have_text("1")
    expect(phone.locator("#field-offline")).to_be_hidden()
    assert list(Attendance.objects.values_list("person__full_name", flat=True)) == ["Nguyễn Thị Hương"]


def test_a_tap_sent_again_after_its_answer_was_lost_is_counted_once(phone, live_server, world):
    base, roster = live_server.url, f"{live_server.url}/training/sessions/{world.session.pk}/"
    sign_in(phone, base)
    open_and_keep(phone, roster)
    phone.context.set_offline(True)
    phone.locator(".roster li", has_text="Nguyễn Thị Hương").locator("button.tap").click()
    expect(phone.locator(".roster li.queued")).to_have_count(1)
    queued = phone.evaluate(QUEUE, None)
    phone.context.set_offline(False)
    wait_until(Attendance.objects.exists, phone)
    expect(phone.locator("#field-offline")).to_be_hidden()

    # the server's answer was lost: the phone still holds the tap, and sends it again on the next page
    phone.evaluate(QUEUE, queued)
    phone.goto(f"{base}/training/today/")
    wait_until(lambda: not phone.evaluate(QUEUE, None), phone)
    assert phone.evaluate(QUEUE, None) == []
    expect(phone.locator("#field-offline")).to_be_hidden()  # nothing was refused
    assert list(Attendance.objects.values_list("person__full_name", flat=True)) == ["Nguyễn Thị Hương"]


def test_a_tap_the_server_refuses_is_dropped_and_shown_as_not_recorded(phone, live_server, world):
    base, roster = live_server.url, f"{live_server.url}/training/sessions/{world.session.pk}/"
    sign_in(phone, base)
    open_and_keep(phone, roster)
    box = phone.locator("#field-offline")
    not_recorded = box.get_attribute("data-failed") or ""
    phone.context.set_offline(True)
    hương_row = phone.locator(".roster li", has_text="Nguyễn Thị Hương")
    hương_row.locator("button.tap").click()
    expect(hương_row).to_have_class("queued")

    # while the phone is offline, Hương leaves the class: the tap can never be recorded
    Enrolment.objects.filter(person=world.huong).delete()
    phone.context.set_offline(False)
    expect(hương_row).to_have_class("failed", timeout=10_000)
    expect(hương_row).to_contain_text(not_recorded)
    expect(box).to_contain_text("Nguyễn Thị Hương")  # with the server's reason
    expect(box).to_contain_text("Lớp học VNeID thôn Thống Nhất")
    assert phone.evaluate(QUEUE, None) == []
    assert not Attendance.objects.exists()


def test_a_skill_check_made_offline_is_kept_on_the_phone_and_sent_once_online(phone, live_server, world):
    base = live_server.url
    page_url = f"{base}/training/checks/{world.huong.pk}/vneid/?session={world.session.pk}"
    sign_in(phone, base)
    open_and_keep(phone, page_url)
    saved = phone.locator("#field-offline").get_attribute("data-saved") or ""

    phone.context.set_offline(True)
    phone.locator("textarea[name=note]").fill("Tự đăng nhập được")
    phone.locator("button[value=alone]").click()
    queued = phone.locator(".tries li.queued")
    expect(queued).to_contain_text(saved)
    expect(queued).to_contain_text("Tự đăng nhập được")
    assert SkillCheck.objects.count() == 0

    phone.context.set_offline(False)
    expect(phone.locator(".tries li.queued")).to_have_count(0, timeout=10_000)
    expect(phone.locator(".tries li")).to_have_count(1)
    expect(phone.locator("p.card.ok")).to_be_visible()  # done alone: mastered
    phone.reload()
    phone.wait_for_timeout(500)
    assert list(SkillCheck.objects.values_list("number", "outcome", "note")) == [
        (1, "alone", "Tự đăng nhập được")
    ]


def test_a_skill_check_posted_as_the_network_fails_is_kept_by_the_worker(phone, live_server, world):
    base = live_server.url
    page_url = f"{base}/training/checks/{world.huong.pk}/vneid/"
    phone.add_init_script("Object.defineProperty(Navigator.prototype, 'onLine', { get: () => true })")
    sign_in(phone, base)
    open_and_keep(phone, page_url)
    phone.reload()  # now controlled by the worker
    saved = phone.locator("#field-offline").get_attribute("data-saved") or ""

    # the phone believes it is online, but the form's post never reaches the server
    phone.context.set_offline(True)
    phone.locator("button[value=with_help]").click()
    expect(phone.locator(".tries li.queued")).to_contain_text(saved)
    assert SkillCheck.objects.count() == 0

    phone.context.set_offline(False)  # the network returns: the page sends what the worker kept
    expect(phone.locator(".tries li.queued")).to_have_count(0, timeout=10_000)
    expect(phone.locator(".tries li")).to_have_count(1)
    assert list(SkillCheck.objects.values_list("number", "outcome")) == [(1, "with_help")]


def test_a_page_reopened_offline_does_not_repeat_its_one_time_message(phone, live_server, world):
    base = live_server.url
    page_url = f"{base}/training/checks/{world.huong.pk}/vneid/"
    sign_in(phone, base)
    open_and_keep(phone, page_url)
    phone.reload()  # now controlled by the worker
    phone.locator("button[value=not_yet]").click()  # online: "Try 1 recorded" once, on the next page
    expect(phone.locator(".messages")).to_be_visible()
    wait_until(lambda: "outcome-not_yet" in (phone.evaluate(KEPT_TEXT, page_url) or ""), phone)

    phone.context.set_offline(True)
    phone.reload()
    expect(phone.locator(".tries li")).to_have_count(1)
    expect(phone.locator(".messages")).to_have_count(0)
