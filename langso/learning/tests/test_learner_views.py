"""The learner's pages through real HTTP requests: lessons, practice, the sync endpoint, the kiosk."""

import json
import uuid

import pytest

from langso.learning.models import Attempt, Question
from langso.learning.tests.factories import make_skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def skill(world):
    return make_skill()


@pytest.fixture
def learner_client(client, world):
    world.huong.user = world.user("learner")
    world.huong.save(update_fields=["user"])
    client.force_login(world.user("learner"))
    return client


def practice_form(client, skill, *, wrong: int = 0) -> dict:
    """Open the practice page and fill in what it shows, `wrong` answers wrongly."""
    page = client.get(f"/learn/{skill.code}/practice/")
    shown = [item[0] for item in page.context["shown"]]
    form = {"client_uuid": str(page.context["client_uuid"]), "question": [q.code for q in shown]}
    for index, question in enumerate(shown):
        is_wrong = index < wrong
        if question.kind == "order":
            for position in range(len(question.options["vi"])):
                form[f"q-{question.code}-{position}"] = str(
                    len(question.options["vi"]) - position if is_wrong else position + 1
                )
        elif question.kind == "true_false":
            form[f"q-{question.code}"] = "0" if is_wrong else "1"
        else:
            form[f"q-{question.code}"] = "1" if is_wrong else "0"
    return form


def test_lessons_are_open_to_everyone_one_step_per_screen(client, skill):
    page = client.get(f"/learn/{skill.code}/bai-1/1/")
    body = page.content.decode()
    assert page.status_code == 200 and "Bước 1 của bài 1" in body and "Bước 2 của bài 1" not in body
    assert f'href="/learn/{skill.code}/bai-1/2/"' in body


def test_the_last_step_leads_to_the_next_lesson_then_to_practice(client, skill):
    assert (
        f'href="/learn/{skill.code}/bai-2/1/"' in client.get(f"/learn/{skill.code}/bai-1/2/").content.decode()
    )
    assert (
        f'href="/learn/{skill.code}/practice/"'
        in client.get(f"/learn/{skill.code}/bai-2/2/").content.decode()
    )


def test_steps_are_shown_in_the_chosen_language(client, skill):
    client.cookies["langso_language"] = "id"
    assert "Bước 1 của bài 1 (id)" in client.get(f"/learn/{skill.code}/bai-1/1/").content.decode()


def test_anonymous_practice_is_graded_but_kept_in_the_browser(client, skill):
    response = client.post(f"/learn/{skill.code}/practice/", practice_form(client, skill))
    assert response.context["graded"].passed
    assert 'id="local-attempt"' in response.content.decode()
    assert Attempt.objects.count() == 0


def test_a_learner_fails_once_then_passes_on_the_second_try(learner_client, skill, world):
    failed = learner_client.post(
        f"/learn/{skill.code}/practice/", practice_form(learner_client, skill, wrong=2)
    )
    assert not failed.context["graded"].passed
    assert [lesson.code for lesson in failed.context["graded"].lessons_to_review]
    passed = learner_client.post(f"/learn/{skill.code}/practice/", practice_form(learner_client, skill))
    assert (passed.context["attempt"].number, passed.context["attempt"].passed) == (2, True)
    detail = learner_client.get(f"/learn/{skill.code}/")
    assert detail.context["progress"].mastered_by == "practice"


def test_resubmitting_the_same_practice_form_records_one_attempt(learner_client, skill):
    form = practice_form(learner_client, skill)
    learner_client.post(f"/learn/{skill.code}/practice/", form)
    learner_client.post(f"/learn/{skill.code}/practice/", form)
    assert Attempt.objects.count() == 1


def test_the_sync_endpoint_needs_a_learner(client, skill):
    response = client.post("/learn/api/attempts/", "{}", content_type="application/json")
    assert response.status_code == 403


def test_the_sync_endpoint_rejects_bad_input_clearly(learner_client, skill):
    response = learner_client.post(
        "/learn/api/attempts/", json.dumps({"skill": skill.code}), content_type="application/json"
    )
    assert response.status_code == 400 and "client_uuid" in response.json()["errors"]


def test_the_service_worker_is_served_for_the_learn_scope(client, skill):
    response = client.get("/learn/sw.js")
    assert response["Content-Type"].startswith("text/javascript")
    assert "__VERSION__" not in response.content.decode()


def test_a_mentor_opens_a_kiosk_and_is_signed_out(client, world, skill):
    client.force_login(world.user("mentor"))
    response = client.post(f"/learn/kiosk/open/{world.thong_nhat.code}/")
    assert response["Location"] == "/learn/kiosk/"
    assert "_auth_user_id" not in client.session
    assert client.get("/people/").status_code == 302  # staff pages are out of reach from the kiosk


def test_on_a_kiosk_each_resident_continues_their_own_progress(client, world, skill):
    client.force_login(world.user("mentor"))
    client.post(f"/learn/kiosk/open/{world.thong_nhat.code}/")
    picker = client.get("/learn/kiosk/").content.decode()
    assert "Nguyễn Thị Hương" in picker and "Trần Thị Lan" not in picker  # only this village's residents
    client.post("/learn/kiosk/", {"person": world.huong.pk})
    client.post(f"/learn/{skill.code}/practice/", practice_form(client, skill))
    assert Attempt.objects.get().person == world.huong
    client.post("/learn/kiosk/switch/")
    assert "Nguyễn Thị Hương" not in client.get("/learn/").content.decode()  # nothing of hers stays
    assert client.get(f"/learn/{skill.code}/").context["learner"] is None


def test_a_kiosk_cannot_pick_a_resident_of_another_village(client, world, skill):
    client.force_login(world.user("mentor"))
    client.post(f"/learn/kiosk/open/{world.thong_nhat.code}/")
    assert client.post("/learn/kiosk/", {"person": world.pao.pk}).status_code == 404


def test_a_learner_cannot_open_a_kiosk(client, world):
    client.force_login(world.user("learner"))
    assert client.post(f"/learn/kiosk/open/{world.thong_nhat.code}/").status_code == 404


def test_practice_questions_carry_no_answers_for_other_skills(client, skill):
    other = make_skill(code="other-skill", order=2)
    page = client.get(f"/learn/{skill.code}/practice/")
    assert all(q.skill_id == skill.pk for q, _order in page.context["shown"])
    assert Question.objects.filter(skill=other).exists()


def test_an_unknown_client_uuid_format_is_refused_without_recording(learner_client, skill):
    form = practice_form(learner_client, skill)
    form["client_uuid"] = "not-a-uuid"
    learner_client.post(f"/learn/{skill.code}/practice/", form)
    assert Attempt.objects.count() == 0
    assert uuid.UUID(practice_form(learner_client, skill)["client_uuid"])


def test_pages_about_a_person_are_never_stored_but_lessons_are_the_same_for_everyone(learner_client, skill):
    assert "no-store" in learner_client.get("/learn/")["Cache-Control"]
    assert "no-store" in learner_client.get(f"/learn/{skill.code}/")["Cache-Control"]
    step = learner_client.get(f"/learn/{skill.code}/bai-1/1/")
    assert "no-store" not in step.get("Cache-Control", "")
    assert "Nguyễn Thị Hương" not in step.content.decode()


def test_a_learner_card_shows_a_lasting_code_and_its_qr(learner_client, world):
    first = learner_client.get("/learn/card/")
    code = first.context["code"]
    assert len(code) == 8 and first.context["qr_code"].startswith("data:image/svg+xml")
    assert learner_client.get("/learn/card/").context["code"] == code
    world.huong.refresh_from_db()
    assert world.huong.card_code == code
    assert "no-store" in first["Cache-Control"]


def test_a_visitor_without_a_learner_record_is_asked_to_sign_in_for_a_card(client):
    response = client.get("/learn/card/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_on_a_kiosk_a_resident_continues_with_their_card_code(client, world, skill):
    from langso.people.services.cards import ensure_card_code

    code = ensure_card_code(person=world.huong)
    client.force_login(world.user("mentor"))
    client.post(f"/learn/kiosk/open/{world.thong_nhat.code}/")
    response = client.post("/learn/kiosk/", {"card": f" {code[:4].lower()}-{code[4:]} "})
    assert response["Location"] == "/learn/"
    assert client.get("/learn/").context["learner"] == world.huong


def test_on_a_kiosk_a_card_of_another_village_is_refused_and_the_code_kept(client, world, skill):
    from langso.people.services.cards import ensure_card_code

    code = ensure_card_code(person=world.pao)
    client.force_login(world.user("mentor"))
    client.post(f"/learn/kiosk/open/{world.thong_nhat.code}/")
    response = client.post("/learn/kiosk/", {"card": code})
    assert response.status_code == 400 and f'value="{code}"' in response.content.decode()
    assert "langso_kiosk_person" not in client.session
