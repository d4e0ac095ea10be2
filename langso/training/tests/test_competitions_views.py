"""Online competitions through real HTTP: the staff's pages (scoped by role) and a resident playing
a contest under /contests/ (one question per screen, the server keeping the time)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from langso.learning.tests.factories import right_answer
from langso.people.tests.factories import PersonFactory
from langso.training.models import Competition, CompetitionEntry, CompetitionQuestion
from langso.training.services import competitions as services
from langso.training.tests.test_competitions_services import make_contest, organization

pytestmark = pytest.mark.django_db


def open_contest(world, **kwargs) -> Competition:
    now = timezone.now()
    return make_contest(world, opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=7), **kwargs)


@pytest.fixture
def learner_client(client, world):
    world.huong.user = world.user("learner")
    world.huong.save(update_fields=["user"])
    client.force_login(world.user("learner"))
    return client


def right_post(row: CompetitionQuestion) -> dict[str, str]:
    """The form data a question screen sends when answered rightly."""
    question = row.question
    if question is None:
        return {"q-written": str(row.answer)}
    given = right_answer(question)
    if isinstance(given, list):
        return {f"q-{question.code}-{index}": str(position + 1) for position, index in enumerate(given)}
    return {f"q-{question.code}": str(given)}


def contest_form(world, **changes) -> dict[str, str]:
    start = timezone.localtime() + timedelta(days=1)
    return {
        "title": "Hội thi tìm hiểu Công dân số",
        "description": "",
        "organizer": str(organization(world.hai_lang).pk),
        "opens_at": start.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (start + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
        "time_limit_minutes": "15",
        "question_count": "10",
        **changes,
    }


# --- staff ---------------------------------------------------------------------------------------


def test_a_trainer_creates_a_contest_and_is_led_to_its_questions(client, world):
    client.force_login(world.user("trainer"))
    response = client.post("/training/competitions/new/", contest_form(world))
    contest = Competition.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"/training/competitions/{contest.pk}/questions/"
    )
    assert (
        contest.unit == world.hai_lang
        and contest.created_by == world.user("trainer")
        and len(contest.code) == 8
    )


def test_the_contest_form_keeps_what_was_typed_on_error(client, world):
    client.force_login(world.user("trainer"))
    form = contest_form(world, closes_at=contest_form(world)["opens_at"], title="Thi Hải Lạng")
    response = client.post("/training/competitions/new/", form)
    assert response.status_code == 400 and not Competition.objects.exists()
    assert 'value="Thi Hải Lạng"' in response.content.decode()
    assert response.context["form"].errors["closes_at"]


def test_a_contest_cannot_be_made_for_an_organization_out_of_reach(client, world):
    client.force_login(world.user("trainer"))
    response = client.post(
        "/training/competitions/new/", contest_form(world, organizer=str(organization(world.hoanh_mo).pk))
    )
    assert response.status_code == 400 and not Competition.objects.exists()


def test_a_mentor_cannot_open_the_contest_form(client, world):
    client.force_login(world.user("mentor"))
    assert client.get("/training/competitions/new/").status_code == 404


def test_staff_of_another_commune_reach_none_of_a_contests_pages(client, world):
    contest = open_contest(world)
    pool_question = contest.questions.first()
    client.force_login(world.user("other_commune"))
    base = f"/training/competitions/{contest.pk}"
    for url in (f"{base}/", f"{base}/edit/", f"{base}/questions/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{base}/questions/{pool_question.pk}/remove/").status_code == 404
    assert contest.questions.count() == 6
    assert contest.title not in client.get("/training/competitions/").content.decode()


def test_a_mentor_sees_the_leaderboard_but_cannot_change_the_contest(client, world):
    contest = open_contest(world)
    client.force_login(world.user("mentor"))
    assert client.get(f"/training/competitions/{contest.pk}/").status_code == 200
    assert client.get(f"/training/competitions/{contest.pk}/questions/").status_code == 404
    assert client.get(f"/training/competitions/{contest.pk}/edit/").status_code == 404


def test_staff_add_every_question_of_a_skill_to_the_pool(client, world):
    contest = open_contest(world, skill_code="existing:none", count=1, written=1)
    skill = make_contest(world, skill_code="pool-skill").questions.first().question.skill
    client.force_login(world.user("union_cadre"))
    response = client.post(f"/training/competitions/{contest.pk}/questions/skills/", {"skills": [skill.pk]})
    assert response.status_code == 302 and contest.questions.count() == 1 + 6


def test_the_pool_page_marks_the_skill_questions_already_in_the_pool(client, world):
    contest = open_contest(world, count=1)
    client.force_login(world.user("trainer"))
    response = client.get(f"/training/competitions/{contest.pk}/questions/?skill=test-skill")
    assert response.status_code == 200
    assert [in_pool for _question, in_pool in response.context["skill_questions"]] == [True] * 6
    client.post(f"/training/competitions/{contest.pk}/questions/{contest.questions.first().pk}/remove/")
    response = client.get(f"/training/competitions/{contest.pk}/questions/?skill=test-skill")
    assert (
        sorted(in_pool for _question, in_pool in response.context["skill_questions"]) == [False] + [True] * 5
    )


def test_taking_a_question_out_with_htmx_returns_the_refreshed_editor(client, world):
    contest = open_contest(world, count=2)
    pool_question = contest.questions.first()
    client.force_login(world.user("commune"))
    response = client.post(
        f"/training/competitions/{contest.pk}/questions/{pool_question.pk}/remove/", HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith('<div id="editor">')
    assert not contest.questions.filter(pk=pool_question.pk).exists()


def test_staff_write_a_question_with_its_right_choice(client, world):
    contest = open_contest(world)
    client.force_login(world.user("commune"))
    data = {"prompt": "Đưa mã OTP cho người lạ?", "choice_1": "Có", "choice_2": "Tùy", "choice_4": "Không"}
    response = client.post(f"/training/competitions/{contest.pk}/questions/write/", {**data, "answer": "3"})
    written = contest.questions.get(question=None)
    assert response.status_code == 302 and (written.options, written.answer) == (["Có", "Tùy", "Không"], 2)


def test_changing_questions_after_the_first_entry_is_refused_with_a_message(client, world):
    contest = open_contest(world)
    services.start_entry(person=world.huong, competition=contest)
    pool_question = contest.questions.first()
    client.force_login(world.user("commune"))
    response = client.post(
        f"/training/competitions/{contest.pk}/questions/{pool_question.pk}/remove/", follow=True
    )
    assert "already started" in response.content.decode() and contest.questions.count() == 6


def test_the_staff_leaderboard_costs_the_same_queries_for_more_entries(client, world):
    contest = open_contest(world, count=4)
    client.force_login(world.user("commune"))

    def queries_with(people: int) -> int:
        for _ in range(people):
            entry = services.start_entry(person=PersonFactory(village=world.thong_nhat), competition=contest)
            services.submit_entry(entry=entry)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/training/competitions/{contest.pk}/").status_code == 200
        return len(queries)

    assert queries_with(2) == queries_with(3)


# --- residents -----------------------------------------------------------------------------------


def test_without_a_learner_the_contest_list_asks_to_sign_in(client, world):
    body = client.get("/contests/").content.decode()
    assert "/accounts/login/?next=/contests/" in body


def test_starting_without_a_learner_leads_to_sign_in(client, world):
    contest = open_contest(world)
    response = client.post(f"/contests/{contest.code}/start/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not CompetitionEntry.objects.exists()


def test_a_resident_plays_a_whole_contest_one_question_per_screen(learner_client, world):
    contest = open_contest(world, count=4, written=1)
    assert contest.title in learner_client.get("/contests/").content.decode()
    response = learner_client.post(f"/contests/{contest.code}/start/")
    assert response["Location"] == f"/contests/{contest.code}/1/"
    entry = CompetitionEntry.objects.get()
    for number, qid in enumerate(entry.question_ids, start=1):
        page = learner_client.get(f"/contests/{contest.code}/{number}/")
        assert page.context["screen"].number == number and "Time left" in page.content.decode()
        row = CompetitionQuestion.objects.select_related("question").get(pk=qid)
        learner_client.post(f"/contests/{contest.code}/{number}/answer/", right_post(row))
    learner_client.post(f"/contests/{contest.code}/submit/")
    entry.refresh_from_db()
    assert (entry.correct, entry.score) == (4, 100)
    assert "<b>100</b>/100" in learner_client.get(f"/contests/{contest.code}/").content.decode()


def test_an_answer_with_nothing_chosen_asks_again_and_keeps_nothing(learner_client, world):
    contest = open_contest(world, count=6)  # every question of the pool, so every kind
    learner_client.post(f"/contests/{contest.code}/start/")
    for number in range(1, 7):
        response = learner_client.post(f"/contests/{contest.code}/{number}/answer/", {})
        assert response.status_code == 400, number
    assert CompetitionEntry.objects.get().answers == {}


def test_starting_twice_over_http_keeps_one_entry(learner_client, world):
    contest = open_contest(world)
    learner_client.post(f"/contests/{contest.code}/start/")
    learner_client.post(f"/contests/{contest.code}/start/")
    assert CompetitionEntry.objects.count() == 1


def test_an_answer_sent_after_the_deadline_is_ignored(learner_client, world):
    contest = open_contest(world)
    learner_client.post(f"/contests/{contest.code}/start/")
    entry = CompetitionEntry.objects.get()
    CompetitionEntry.objects.filter(pk=entry.pk).update(deadline_at=timezone.now() - timedelta(seconds=1))
    row = CompetitionQuestion.objects.select_related("question").get(pk=entry.question_ids[0])
    response = learner_client.post(f"/contests/{contest.code}/1/answer/", right_post(row))
    entry.refresh_from_db()
    assert response["Location"] == f"/contests/{contest.code}/"
    assert entry.answers == {} and entry.score == 0


def test_an_overdue_entry_is_scored_when_its_page_is_next_read(learner_client, world):
    contest = open_contest(world)
    learner_client.post(f"/contests/{contest.code}/start/")
    CompetitionEntry.objects.update(deadline_at=timezone.now() - timedelta(seconds=1))
    response = learner_client.get(f"/contests/{contest.code}/2/")
    assert response["Location"] == f"/contests/{contest.code}/"
    assert CompetitionEntry.objects.get().score == 0


def test_a_resident_of_another_commune_is_told_the_contest_is_not_theirs(client, world):
    contest = open_contest(world)
    world.pao.user = world.user("learner")
    world.pao.save(update_fields=["user"])
    client.force_login(world.user("learner"))
    assert "is for the residents of" in client.get(f"/contests/{contest.code}/").content.decode()
    client.post(f"/contests/{contest.code}/start/")
    assert not CompetitionEntry.objects.exists()


def test_the_public_results_show_villages_and_scores_but_no_names(client, world):
    contest = open_contest(world)
    entry = services.start_entry(person=world.huong, competition=contest)
    services.submit_entry(entry=entry)
    body = client.get(f"/contests/{contest.code}/results/").content.decode()
    assert "Thôn Thống Nhất" in body and "Nguyễn Thị Hương" not in body


def test_the_staff_leaderboard_shows_the_names_the_user_may_see(client, world):
    contest = open_contest(world)
    services.submit_entry(entry=services.start_entry(person=world.huong, competition=contest))
    client.force_login(world.user("commune"))
    assert "Nguyễn Thị Hương" in client.get(f"/training/competitions/{contest.pk}/").content.decode()
