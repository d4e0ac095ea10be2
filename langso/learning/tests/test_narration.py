"""Read-aloud narration: generated voice files, the audio URL, the learner's narration language,
recordings in a human voice, local languages and review within the reviewer's area."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from langso.accounts.models import Role
from langso.common.browser import CHROMIUM_ARGS, CHROMIUM_PATH
from langso.conftest import PASSWORD, build_world, make_user
from langso.learning.models import (
    Lesson,
    Narration,
    NarrationLanguage,
    NarrationSource,
    NarrationStatus,
    Skill,
    Step,
)
from langso.learning.selectors.narration import (
    narration_for,
    narration_languages_for,
    narrations_for_steps,
    narrations_reviewable_by,
    recordable_languages,
)
from langso.learning.services.narration import add_narration_language, publish_narration, record_narration
from langso.learning.speech import EspeakOpusSynthesizer, speech_text
from langso.learning.views.narration import NARRATION_COOKIE, step_narration_context

pytestmark = pytest.mark.django_db

TEXTS = {
    "vi": "Bấm vào **biểu tượng Zalo** màu xanh trên màn hình. Chờ một chút để ứng dụng mở ra.",
    "en": "Tap the blue **Zalo icon** on the screen. Wait a moment for the app to open.",
    "id": "Ketuk **ikon Zalo** berwarna biru di layar. Tunggu sebentar sampai aplikasinya terbuka.",
}
#: the smallest WebM (EBML) header a browser's MediaRecorder starts its files with
WEBM = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04" + bytes(64)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Audio files go to a throw-away folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def step(db) -> Step:
    skill = Skill.objects.create(
        code="nghe-thu", order=99, title={"vi": "Zalo"}, summary={"vi": "Gọi điện và nhắn tin"}
    )
    lesson = Lesson.objects.create(skill=skill, code="mo-zalo", order=1, title={"vi": "Mở Zalo"})
    return Step.objects.create(lesson=lesson, order=1, text=dict(TEXTS))


def language(code: str) -> NarrationLanguage:
    return NarrationLanguage.objects.get(code=code)


def require_espeak() -> None:
    assert shutil.which("espeak-ng") and shutil.which("opusenc"), (
        "espeak-ng and opusenc must be installed (Debian: apt-get install espeak-ng opus-tools); "
        ".ci/run installs them"
    )


def generate(*args: str) -> str:
    out = io.StringIO()
    call_command("generate_narration", *args, stdout=out)
    return out.getvalue()


def synthetic(step: Step, code: str = "vi") -> Narration:
    return Narration.objects.get(step=step, language__code=code, source=NarrationSource.SYNTHETIC)


def a_narration(step: Step, code: str, *, source: str, status: str, **extra) -> Narration:
    """A narration with a small stand-in file (not generated: for tests about choosing and serving)."""
    name = default_storage.save(f"narration/{code}/{step.pk}-test.opus", ContentFile(b"OggS" + bytes(100)))
    return Narration.objects.create(
        step=step, language=language(code), source=source, status=status, audio=name, **extra
    )


def recording_upload(data: bytes = WEBM, content_type: str = "audio/webm", name: str = "narration.webm"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- Generating the synthetic voice ---------------------------------------------------------


def test_the_command_makes_a_small_opus_file_for_each_step_and_language(step):
    require_espeak()
    output = generate()
    for code in ("vi", "en", "id"):
        narration = synthetic(step, code)
        assert narration.status == NarrationStatus.PUBLISHED
        assert narration.audio.name.startswith(f"narration/{code}/{step.pk}-{narration.text_digest[:12]}")
        assert narration.audio.name.endswith(".opus")
        data = default_storage.open(narration.audio.name).read()
        assert data.startswith(b"OggS")
        seconds = narration.duration_ms / 1000
        assert 2 < seconds < 30
        assert 1 <= len(data) / 1024 / seconds <= 6, f"{len(data) / 1024 / seconds:.1f} KB per second"
    assert "3 created" in output


def test_a_second_run_changes_nothing(step):
    require_espeak()
    generate("--language", "vi")
    first = synthetic(step)
    output = generate("--language", "vi")
    again = synthetic(step)
    assert (again.pk, again.audio.name) == (first.pk, first.audio.name)
    assert "0 created, 0 regenerated, 1 unchanged" in output


def test_a_changed_text_is_generated_again_under_a_new_address(step, django_capture_on_commit_callbacks):
    require_espeak()
    generate("--language", "vi")
    old = synthetic(step)
    step.text = {**step.text, "vi": "Bấm vào nút gọi màu xanh."}
    step.save()
    with django_capture_on_commit_callbacks(execute=True):
        output = generate("--language", "vi")
    new = synthetic(step)
    assert "1 regenerated" in output
    assert new.pk != old.pk and new.audio.name != old.audio.name
    assert new.text_digest != old.text_digest
    assert not default_storage.exists(old.audio.name)
    assert default_storage.exists(new.audio.name)


def test_without_espeak_the_command_says_so_and_does_nothing(step, monkeypatch):
    monkeypatch.setattr("langso.learning.speech.shutil.which", lambda program: None)
    output = generate()
    assert "espeak-ng" in output and "browser" in output
    assert not Narration.objects.exists()


def test_a_voice_that_fails_is_reported_and_the_others_are_still_made(step):
    require_espeak()
    NarrationLanguage.objects.filter(code="en").update(espeak_voice="zz-no-such-voice")
    out, err = io.StringIO(), io.StringIO()
    call_command("generate_narration", stdout=out, stderr=err)
    assert "2 created" in out.getvalue() and "1 failed" in out.getvalue()
    assert "en step" in err.getvalue() and "voice does not exist" in err.getvalue()
    assert set(Narration.objects.values_list("language__code", flat=True)) == {"vi", "id"}


def test_the_spoken_text_has_no_markdown():
    assert speech_text("## Bước 1\n\n- Mở **Zalo**\n- Bấm *Gọi*") == "Bước 1. Mở Zalo. Bấm Gọi."


def test_the_synthesizer_reads_vietnamese(tmp_path):
    require_espeak()
    speech = EspeakOpusSynthesizer().synthesize("Xin chào bà con.", voice="vi", target=tmp_path / "a.opus")
    assert speech.duration_ms > 500 and speech.size == (tmp_path / "a.opus").stat().st_size


# --- Serving and choosing -------------------------------------------------------------------


def test_a_published_narration_is_served_to_anyone_and_cached_for_a_year(client, step):
    narration = a_narration(step, "vi", source=NarrationSource.SYNTHETIC, status=NarrationStatus.PUBLISHED)
    response = client.get(f"/learn/audio/{narration.pk}.opus", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/ogg"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Content-Encoding" not in response and response["Accept-Ranges"] == "bytes"
    assert b"".join(response.streaming_content).startswith(b"OggS")


@pytest.mark.parametrize(
    ("asked", "status", "content_range", "length"),
    [
        ("bytes=0-1", 206, "bytes 0-1/104", 2),
        ("bytes=100-", 206, "bytes 100-103/104", 4),
        ("bytes=-4", 206, "bytes 100-103/104", 4),
        ("bytes=0-999", 206, "bytes 0-103/104", 104),
        ("bytes=200-", 416, "bytes */104", 0),
    ],
)
def test_an_audio_player_may_ask_for_a_byte_range(client, step, asked, status, content_range, length):
    narration = a_narration(step, "vi", source=NarrationSource.SYNTHETIC, status=NarrationStatus.PUBLISHED)
    response = client.get(f"/learn/audio/{narration.pk}.opus", HTTP_RANGE=asked)
    assert (response.status_code, response["Content-Range"], len(response.content)) == (
        status,
        content_range,
        length,
    )


@pytest.mark.parametrize("status", [NarrationStatus.PENDING, NarrationStatus.REJECTED])
def test_a_recording_not_published_is_not_served(client, world, step, status):
    narration = a_narration(
        step, "vi", source=NarrationSource.RECORDED, status=status, recorded_by=world.user("mentor")
    )
    assert client.get(f"/learn/audio/{narration.pk}.opus").status_code == 404


def test_a_published_recording_is_preferred_over_the_synthetic_voice(world, step):
    a_narration(step, "vi", source=NarrationSource.SYNTHETIC, status=NarrationStatus.PUBLISHED)
    recorded = a_narration(
        step,
        "vi",
        source=NarrationSource.RECORDED,
        status=NarrationStatus.PUBLISHED,
        recorded_by=world.user("mentor"),
    )
    a_narration(
        step,
        "vi",
        source=NarrationSource.RECORDED,
        status=NarrationStatus.PENDING,
        recorded_by=world.user("mentor"),
    )
    assert narration_for(step, "vi") == recorded
    assert narrations_for_steps([step], "vi") == {step.pk: recorded}


def test_the_latest_published_recording_wins(world, step):
    mentor, trainer = world.user("mentor"), world.user("trainer")
    first = record_narration(
        actor=mentor, step=step, language=language("vi"), audio=recording_upload(), content_type="audio/webm"
    )
    second = record_narration(
        actor=mentor, step=step, language=language("vi"), audio=recording_upload(), content_type="audio/webm"
    )
    publish_narration(actor=trainer, narration=second)
    publish_narration(actor=trainer, narration=first)
    assert narration_for(step, "vi") == first


def test_a_whole_lesson_is_chosen_in_one_query(step, django_assert_num_queries):
    other = Step.objects.create(lesson=step.lesson, order=2, text={"vi": "Bước hai."})
    for each in (step, other):
        a_narration(each, "vi", source=NarrationSource.SYNTHETIC, status=NarrationStatus.PUBLISHED)
    with django_assert_num_queries(1):
        chosen = narrations_for_steps([step, other], "vi")
    assert set(chosen) == {step.pk, other.pk}


def test_the_learners_narration_language_cookie_chooses_the_narration(client, step):
    vi = a_narration(step, "vi", source=NarrationSource.SYNTHETIC, status=NarrationStatus.PUBLISHED)
    en = a_narration(step, "en", source=NarrationSource.SYNTHETIC, status=NarrationStatus.PUBLISHED)
    page = f"/learn/{step.lesson.skill.code}/{step.lesson.code}/1/"
    request = RequestFactory().get(page)
    request.user = AnonymousUser()
    with translation.override("vi"):
        assert step_narration_context(request, step=step, learner=None)["narration"] == vi

        response = client.post("/learn/narration/language/", {"language": "en", "next": page})
        assert response.status_code == 302 and response["Location"] == page
        request.COOKIES[NARRATION_COOKIE] = response.cookies[NARRATION_COOKIE].value
        context = step_narration_context(request, step=step, learner=None)
    assert context["narration"] == en
    assert (context["speech_language"], context["speech_text"]) == ("en", speech_text(TEXTS["en"]))


def test_a_local_language_without_a_recording_falls_back_to_the_text_language(world, step):
    add_narration_language(actor=world.user("trainer"), unit=world.hai_lang, code="tay", name="Tiếng Tày")
    vi = a_narration(step, "vi", source=NarrationSource.SYNTHETIC, status=NarrationStatus.PUBLISHED)
    request = RequestFactory().get("/", HTTP_COOKIE=f"{NARRATION_COOKIE}=tay")
    request.user = AnonymousUser()
    with translation.override("vi"):
        context = step_narration_context(request, step=step, learner=world.huong)
    assert (context["narration"], context["narration_language"], context["speech_language"]) == (
        vi,
        "tay",
        "vi",
    )
    assert "tay" in [language.code for language in context["narration_languages"]]


def test_the_language_choice_never_sends_the_learner_to_another_site(client):
    response = client.post("/learn/narration/language/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302 and not response["Location"].startswith("https://evil")


def test_the_listen_button_falls_back_to_the_browser_voice(step):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override("vi"):
        context = {**step_narration_context(request, step=step, learner=None), "step": step}
        html = render_to_string("learning/narration/_listen.html", context)
    assert 'data-speech-lang="vi"' in html and "biểu tượng Zalo" in html and "data-audio" not in html


# --- Recording ------------------------------------------------------------------------------


def test_a_mentor_uploads_a_recording_which_waits_for_review(client, world, step):
    client.force_login(world.user("mentor"))
    response = client.post(
        f"/learn/narration/record/{step.pk}/",
        {"language": "vi", "audio": recording_upload(), "duration_ms": "4200"},
    )
    assert response.status_code == 302
    narration = Narration.objects.get(step=step)
    assert (narration.source, narration.status) == (NarrationSource.RECORDED, NarrationStatus.PENDING)
    assert (narration.recorded_by, narration.duration_ms) == (world.user("mentor"), 4200)
    assert narration.audio.name.startswith(f"narration/vi/{step.pk}-rec-") and narration.audio.name.endswith(
        ".webm"
    )
    assert narration_for(step, "vi") is None


def test_an_ogg_recording_is_measured_from_the_file_itself(world, step, tmp_path):
    require_espeak()
    EspeakOpusSynthesizer().synthesize("Xin chào bà con.", voice="vi", target=tmp_path / "a.opus")
    data = (tmp_path / "a.opus").read_bytes()
    narration = record_narration(
        actor=world.user("mentor"),
        step=step,
        language=language("vi"),
        audio=recording_upload(data, "audio/ogg", "a.ogg"),
        content_type="audio/ogg",
        duration_ms=999_999,  # what a browser claims does not matter when the file says
    )
    assert 500 < narration.duration_ms < 5000


@pytest.mark.parametrize(
    ("data", "content_type"),
    [(WEBM, "text/plain"), (b"\x89PNG\r\n\x1a\n" + bytes(64), "audio/webm"), (b"", "audio/webm")],
    ids=["declared-as-text", "a-picture", "empty"],
)
def test_what_is_not_a_sound_recording_is_refused_with_a_message(client, world, step, data, content_type):
    client.force_login(world.user("mentor"))
    response = client.post(
        f"/learn/narration/record/{step.pk}/",
        {"language": "vi", "audio": recording_upload(data, content_type)},
    )
    assert response.status_code == 400
    assert not Narration.objects.exists()


def test_a_recording_longer_than_three_minutes_is_refused(client, world, step):
    client.force_login(world.user("mentor"))
    response = client.post(
        f"/learn/narration/record/{step.pk}/",
        {"language": "vi", "audio": recording_upload(), "duration_ms": str(3 * 60_000 + 1)},
    )
    assert response.status_code == 400 and 'class="errorlist' in response.content.decode()
    assert not Narration.objects.exists()


def test_a_recording_larger_than_two_megabytes_is_refused(client, world, step):
    client.force_login(world.user("mentor"))
    big = WEBM + bytes(2 * 1024 * 1024)
    response = client.post(
        f"/learn/narration/record/{step.pk}/", {"language": "vi", "audio": recording_upload(big)}
    )
    assert response.status_code == 400
    assert not Narration.objects.exists()


@pytest.mark.parametrize("who", ["learner", "nobody", "village_head", "clerk"])
def test_who_may_not_record_cannot_reach_the_recorder(client, world, step, who):
    client.force_login(world.user(who))
    assert client.get(f"/learn/narration/record/{step.pk}/").status_code == 404
    response = client.post(
        f"/learn/narration/record/{step.pk}/", {"language": "vi", "audio": recording_upload()}
    )
    assert response.status_code == 404
    assert not Narration.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, step):
    response = client.post(
        f"/learn/narration/record/{step.pk}/", {"language": "vi", "audio": recording_upload()}
    )
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not Narration.objects.exists()


def test_the_recorder_page_shows_the_step_and_the_record_button(client, world, step):
    client.force_login(world.user("mentor"))
    body = client.get(f"/learn/narration/record/{step.pk}/").content.decode()
    assert "biểu tượng Zalo" in body and "record-btn" in body and "learning/recorder.js" in body


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mentor_records_a_step_in_the_browser(live_server, playwright):
    """Chromium with a fake microphone: record, stop, hear it back, send; it waits for review."""
    call_command("load_units", verbosity=0)
    build_world()
    skill = Skill.objects.create(code="ghi-am", order=98, title={"vi": "Zalo"}, summary={"vi": "Zalo"})
    lesson = Lesson.objects.create(skill=skill, code="mo-zalo", order=1, title={"vi": "Mở Zalo"})
    step = Step.objects.create(lesson=lesson, order=1, text=dict(TEXTS))
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM_PATH,
        args=[*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"],
    )
    try:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.goto(f"{live_server.url}/accounts/login/")
        page.locator("input[name=username]").fill("mentor")
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form button[type=submit]").last.click()
        page.goto(f"{live_server.url}/learn/narration/record/{step.pk}/")
        assert page.locator(".record-file").is_hidden()  # the script records; no file to choose
        page.locator(".record-btn").click()
        page.wait_for_timeout(2000)
        page.locator(".record-btn").click()
        page.wait_for_selector(".record-playback:not([hidden])")
        page.locator(".recorder-form button[type=submit]").click()
        page.wait_for_selector(".messages")
    finally:
        browser.close()
    narration = Narration.objects.get()
    assert (narration.status, narration.source) == (NarrationStatus.PENDING, NarrationSource.RECORDED)
    assert narration.audio.name.endswith(".webm") and 1500 < narration.duration_ms < 5000


# --- Local languages ------------------------------------------------------------------------


def test_a_trainer_adds_a_local_language_for_the_commune(client, world):
    client.force_login(world.user("trainer"))
    response = client.post(
        "/learn/narration/languages/new/", {"unit": world.hai_lang.pk, "code": "Tày", "name": "Tiếng Tày"}
    )
    assert response.status_code == 302
    tay = NarrationLanguage.objects.get(code="tay")
    assert (tay.name, tay.unit, tay.espeak_voice) == ("Tiếng Tày", world.hai_lang, "")


def test_a_village_mentor_cannot_add_a_language(client, world):
    client.force_login(world.user("mentor"))
    assert client.get("/learn/narration/languages/new/").status_code == 404


def test_a_local_language_is_offered_in_its_area_only(world):
    tay = add_narration_language(
        actor=world.user("trainer"), unit=world.hai_lang, code="tay", name="Tiếng Tày"
    )
    assert tay in recordable_languages(world.user("mentor"))
    assert tay not in recordable_languages(make_user("hoanh_mo_mentor", Role.MENTOR, world.na_lang))
    assert tay in narration_languages_for(world.huong)
    assert tay not in narration_languages_for(world.pao)
    assert [language.code for language in narration_languages_for(None)] == ["vi", "en", "id"]


def test_a_mentor_records_in_the_local_language_and_learners_hear_it(client, world, step):
    add_narration_language(actor=world.user("trainer"), unit=world.hai_lang, code="tay", name="Tiếng Tày")
    client.force_login(world.user("mentor"))
    client.post(f"/learn/narration/record/{step.pk}/", {"language": "tay", "audio": recording_upload()})
    publish_narration(actor=world.user("trainer"), narration=Narration.objects.get(language__code="tay"))
    assert narration_for(step, "tay").language.code == "tay"


def test_a_recorder_outside_the_area_cannot_record_in_its_local_language(world, step):
    tay = add_narration_language(
        actor=world.user("trainer"), unit=world.hai_lang, code="tay", name="Tiếng Tày"
    )
    outsider = make_user("hoanh_mo_mentor", Role.MENTOR, world.na_lang)
    with pytest.raises(PermissionDenied):
        record_narration(
            actor=outsider, step=step, language=tay, audio=recording_upload(), content_type="audio/webm"
        )
    assert not Narration.objects.exists()


# --- Review ---------------------------------------------------------------------------------


@pytest.fixture
def pending(world, step) -> Narration:
    """A recording by the mentor of Thống Nhất (Hải Lạng), waiting for review."""
    return record_narration(
        actor=world.user("mentor"),
        step=step,
        language=language("vi"),
        audio=recording_upload(),
        content_type="audio/webm",
    )


def test_a_trainer_of_the_commune_publishes_a_recording(client, world, pending):
    client.force_login(world.user("trainer"))
    assert "Tiếng Việt" in client.get("/learn/narration/review/").content.decode()
    response = client.post(f"/learn/narration/review/{pending.pk}/publish/")
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.status, pending.reviewed_by) == (NarrationStatus.PUBLISHED, world.user("trainer"))
    assert pending.reviewed_at is not None
    assert client.get(f"/learn/audio/{pending.pk}.opus").status_code == 200


def test_a_reviewer_rejects_a_recording(client, world, pending):
    client.force_login(world.user("union_cadre"))
    assert client.post(f"/learn/narration/review/{pending.pk}/reject/").status_code == 302
    pending.refresh_from_db()
    assert pending.status == NarrationStatus.REJECTED
    assert narration_for(pending.step, "vi") is None


def test_a_reviewer_outside_the_area_cannot_publish(client, world, pending):
    client.force_login(world.user("other_commune"))
    assert str(pending.step.lesson.title["vi"]) not in client.get("/learn/narration/review/").content.decode()
    assert client.post(f"/learn/narration/review/{pending.pk}/publish/").status_code == 404
    assert client.get(f"/learn/narration/recordings/{pending.pk}/audio/").status_code == 404
    pending.refresh_from_db()
    assert pending.status == NarrationStatus.PENDING


def test_reviewers_see_their_own_subtree_and_not_a_sibling(world, pending, step):
    sibling_mentor = make_user("hoanh_mo_mentor", Role.MENTOR, world.na_lang)
    outside = record_narration(
        actor=sibling_mentor,
        step=step,
        language=language("vi"),
        audio=recording_upload(),
        content_type="audio/webm",
    )
    assert list(narrations_reviewable_by(world.user("commune"))) == [pending]
    assert list(narrations_reviewable_by(world.user("other_commune"))) == [outside]
    assert set(narrations_reviewable_by(world.user("province"))) == {pending, outside}


def test_nobody_publishes_their_own_recording(client, world, step):
    trainer = world.user("trainer")
    own = record_narration(
        actor=trainer, step=step, language=language("vi"), audio=recording_upload(), content_type="audio/webm"
    )
    client.force_login(trainer)
    assert client.post(f"/learn/narration/review/{own.pk}/publish/").status_code == 404
    assert client.get(f"/learn/narration/recordings/{own.pk}/audio/").status_code == 200  # but may hear it


@pytest.mark.parametrize("who", ["mentor", "learner", "village_head"])
def test_who_may_not_review_cannot_publish(client, world, pending, who):
    client.force_login(world.user(who))
    assert client.post(f"/learn/narration/review/{pending.pk}/publish/").status_code == 404
    pending.refresh_from_db()
    assert pending.status == NarrationStatus.PENDING


def test_a_pending_recording_is_heard_by_its_recorder_and_not_cached_publicly(client, world, pending):
    client.force_login(world.user("mentor"))
    response = client.get(f"/learn/narration/recordings/{pending.pk}/audio/")
    assert response.status_code == 200
    assert (response["Content-Type"], response["Cache-Control"]) == ("audio/webm", "private, no-cache")


def test_a_missing_file_is_a_404(client, step):
    narration = a_narration(step, "vi", source=NarrationSource.SYNTHETIC, status=NarrationStatus.PUBLISHED)
    Path(default_storage.path(narration.audio.name)).unlink()
    assert client.get(f"/learn/audio/{narration.pk}.opus").status_code == 404
