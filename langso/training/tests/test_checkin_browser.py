"""A mentor's phone reads a learner card's QR code with the camera (Chromium fed a fake camera from a
video file of the card's QR code) and the learner is marked present."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import segno
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import Playwright, expect

from langso.common.browser import CHROMIUM_ARGS, CHROMIUM_PATH
from langso.conftest import PASSWORD
from langso.people.services.cards import ensure_card_code
from langso.training.models import Attendance, CheckInMethod

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTH, HEIGHT = 640, 480


def write_camera_feed(text: str, path: Path, frames: int = 10) -> None:
    """A Y4M video (what Chromium's fake camera plays, looping) showing the QR code of `text`."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=10, border=4)
    qr = Image.open(buffer).convert("L")
    frame = Image.new("L", (WIDTH, HEIGHT), 255)
    frame.paste(qr, ((WIDTH - qr.width) // 2, (HEIGHT - qr.height) // 2))
    chroma = bytes([128]) * (WIDTH * HEIGHT // 2)  # 4:2:0: two planes of a quarter each, no colour
    with path.open("wb") as video:
        video.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            video.write(b"FRAME\n" + frame.tobytes() + chroma)


@pytest.fixture
def world(live_server):  # type: ignore[no-untyped-def]
    from langso.conftest import build_world
    from langso.training.tests.factories_classes import enrol, make_class, make_session

    call_command("load_units", verbosity=0)
    built = build_world()
    training_class = make_class(built)
    enrol(training_class, built.huong)
    built.session = make_session(training_class)  # type: ignore[attr-defined]
    return built


def test_the_camera_reads_a_learner_card_and_marks_them_present(
    playwright: Playwright, live_server, world, tmp_path
):
    # given Hương's learner card code, shown to the mentor's phone camera
    code = ensure_card_code(person=world.huong)
    feed = tmp_path / "card.y4m"
    write_camera_feed(code, feed)
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM_PATH,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={feed}",
        ],
    )
    try:
        context = browser.new_context(viewport={"width": 360, "height": 740})
        context.grant_permissions(["camera"], origin=live_server.url)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.locator("input[name=username]").fill("mentor")
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form.card button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/")
        # when the mentor opens the check-in page and taps "Scan"
        page.goto(f"{live_server.url}/training/sessions/{world.session.pk}/check-in/")
        has_native_reader = page.evaluate("'BarcodeDetector' in window")
        fetched: list[str] = []
        page.on("request", lambda request: fetched.append(request.url))
        page.locator("#scan-card").click()
        # then the card is read and Hương is marked present, as scanned
        expect(page.locator(".card.ok")).to_contain_text("Nguyễn Thị Hương", timeout=20_000)
        # (through the vendored reader from our own static files where the browser has none)
        assert has_native_reader or any(
            url.endswith("/static/core/vendor/qr/zxing_reader-3.1.3.wasm") for url in fetched
        )
    finally:
        browser.close()
    attendance = Attendance.objects.get()
    assert (attendance.person, attendance.method) == (world.huong, CheckInMethod.CARD)
