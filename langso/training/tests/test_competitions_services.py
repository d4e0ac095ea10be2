"""Online competitions, the writes: the contest and its pool, and a resident's one timed entry
(the server keeps the time; late answers are ignored; one scored attempt per person)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from langso.learning.tests.factories import make_skill, right_answer, wrong_answer
from langso.people.models import Organization, OrganizationKind
from langso.places.models import Unit
from langso.training.models import Competition, CompetitionEntry, CompetitionQuestion
from langso.training.services import competitions as services

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(datetime(2025, 9, 1, 9, 0))


def organization(unit: Unit, kind: str = OrganizationKind.WOMEN) -> Organization:
    organization, _created = Organization.objects.get_or_create(
        unit=unit, kind=kind, defaults={"name": f"Hội Liên hiệp Phụ nữ {unit.name}"}
    )
    return organization


def make_contest(
    world,
    *,
    unit: Unit | None = None,
    actor: str = "commune",
    count: int = 4,
    written: int = 0,
    skill_code: str = "test-skill",
    opens_at: datetime = NOW - timedelta(hours=1),
    closes_at: datetime = NOW + timedelta(days=7),
    minutes: int = 15,
) -> Competition:
    """A contest opened an hour before NOW with a pool of 6 curriculum (+ `written`) questions."""
    user = world.user(actor)
    contest = services.create_competition(
        actor=user,
        title="Hội thi Công dân số",
        organizer=organization(unit or world.hai_lang),
        opens_at=opens_at,
        closes_at=closes_at,
        time_limit_minutes=minutes,
        question_count=count,
        now=opens_at - timedelta(days=1),
    )
    skill = make_skill(skill_code) if not skill_code.startswith("existing:") else None
    if skill is not None:
        services.add_skill_questions(actor=user, competition=contest, skills=[skill])
    for index in range(written):
        services.write_question(
            actor=user, competition=contest, prompt=f"Câu tự viết {index}", choices=["Đúng", "Sai"], answer=0
        )
    return contest


def answer_all(entry: CompetitionEntry, *, wrong: int = 0, at: datetime = NOW) -> None:
    """Answer every question of the entry, the first `wrong` of them wrongly."""
    for number, qid in enumerate(entry.question_ids, start=1):
        row = CompetitionQuestion.objects.select_related("question").get(pk=qid)
        is_wrong = number <= wrong
        if row.question is not None:
            given = wrong_answer(row.question) if is_wrong else right_answer(row.question)
        else:
            given = 1 - row.answer if is_wrong else row.answer
        assert services.record_answer(entry=entry, number=number, given=given, now=at)


def test_starting_draws_the_question_count_from_the_pool_in_a_shuffled_order(world):
    contest = make_contest(world, count=4)
    entry = services.start_entry(person=world.huong, competition=contest, now=NOW, rng=random.Random(3))
    pool = set(contest.questions.values_list("id", flat=True))
    assert len(entry.question_ids) == 4 and set(entry.question_ids) <= pool
    assert entry.question_ids == random.Random(3).sample(sorted(pool), 4)


def test_the_deadline_is_the_time_limit_after_the_start(world):
    contest = make_contest(world, minutes=20)
    entry = services.start_entry(person=world.huong, competition=contest, now=NOW)
    assert entry.started_at == NOW and entry.deadline_at == NOW + timedelta(minutes=20)


def test_the_deadline_never_passes_the_closing_time(world):
    contest = make_contest(world, minutes=30, closes_at=NOW + timedelta(minutes=10))
    entry = services.start_entry(person=world.huong, competition=contest, now=NOW)
    assert entry.deadline_at == NOW + timedelta(minutes=10)


def test_starting_again_returns_the_same_entry(world):
    contest = make_contest(world)
    first = services.start_entry(person=world.huong, competition=contest, now=NOW)
    again = services.start_entry(person=world.huong, competition=contest, now=NOW + timedelta(minutes=3))
    assert again.pk == first.pk and again.started_at == NOW
    assert CompetitionEntry.objects.count() == 1


def test_a_resident_cannot_start_before_the_contest_opens(world):
    contest = make_contest(world, opens_at=NOW + timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.start_entry(person=world.huong, competition=contest, now=NOW)


def test_a_resident_cannot_start_once_the_contest_has_closed(world):
    contest = make_contest(world, closes_at=NOW + timedelta(hours=1))
    with pytest.raises(ValidationError):
        services.start_entry(person=world.huong, competition=contest, now=NOW + timedelta(hours=1))


def test_a_resident_of_another_commune_cannot_take_part(world):
    contest = make_contest(world)
    with pytest.raises(ValidationError):
        services.start_entry(person=world.pao, competition=contest, now=NOW)


def test_a_province_contest_is_open_to_every_commune_of_the_province(world):
    contest = make_contest(world, unit=world.province, actor="province")
    entry = services.start_entry(person=world.pao, competition=contest, now=NOW)
    assert entry.commune_id == world.hoanh_mo.pk and entry.province_id == world.province.pk


def test_a_contest_cannot_open_with_fewer_questions_than_an_entry_needs(world):
    with pytest.raises(ValidationError) as error:
        services.create_competition(
            actor=world.user("commune"),
            title="Thi",
            organizer=organization(world.hai_lang),
            opens_at=NOW - timedelta(minutes=1),
            closes_at=NOW + timedelta(days=1),
            time_limit_minutes=10,
            question_count=5,
            now=NOW,
        )
    assert "opens_at" in error.value.message_dict


def test_a_contest_whose_pool_fell_short_cannot_be_started(world):
    contest = make_contest(world, count=4)
    Competition.objects.filter(pk=contest.pk).update(question_count=9)  # set past the service's checks
    contest.refresh_from_db()
    with pytest.raises(ValidationError):
        services.start_entry(person=world.huong, competition=contest, now=NOW)


def test_all_right_answers_score_100_and_keep_the_submission_time(world):
    contest = make_contest(world, count=4)
    entry = services.start_entry(person=world.huong, competition=contest, now=NOW)
    answer_all(entry, at=NOW + timedelta(minutes=1))
    entry = services.submit_entry(entry=entry, now=NOW + timedelta(minutes=2))
    assert (entry.correct, entry.total, entry.score) == (4, 4, 100)
    assert entry.submitted_at == NOW + timedelta(minutes=2)


def test_written_questions_are_graded_by_the_right_choice(world):
    contest = make_contest(world, count=2, written=2, skill_code="existing:none")
    entry = services.start_entry(person=world.huong, competition=contest, now=NOW)
    answer_all(entry, wrong=1)
    assert services.submit_entry(entry=entry, now=NOW).score == 50


def test_the_score_rounds_half_up(world):
    contest = make_contest(world, count=8, written=2)
    entry = services.start_entry(person=world.huong, competition=contest, now=NOW)
    answer_all(entry, wrong=7)  # 1 of 8 = 12.5
    assert services.submit_entry(entry=entry, now=NOW).score == 13


def test_unanswered_questions_count_as_wrong(world):
    contest = make_contest(world, count=4)
    entry = services.start_entry(person=world.huong, competition=contest, now=NOW)
    assert services.submit_entry(entry=entry, now=NOW).score == 0


def test_an_answer_after_the_deadline_is_ignored_and_the_entry_scored(world):
    contest = make_contest(world, count=4, minutes=5)
    entry = services.start_entry(person=world.huong, competition=contest, now=NOW)
    row = CompetitionQuestion.objects.select_related("question").get(pk=entry.question_ids[0])
    late = NOW + timedelta(minutes=5, seconds=1)
    assert not services.record_answer(entry=entry, number=1, given=right_answer(row.question), now=late)
    entry.refresh_from_db()
    assert entry.answers == {} and entry.score == 0 and entry.submitted_at == entry.deadline_at


def test_an_answer_resent_is_kept_once(world):
    contest = make_contest(world, count=4)
    entry = services.start_entry(person=world.huong, competition=contest, now=NOW)
    row = CompetitionQuestion.objects.select_related("question").get(pk=entry.question_ids[0])
    for _ in range(2):
        services.record_answer(entry=entry, number=1, given=right_answer(row.question), now=NOW)
    entry.refresh_from_db()
    assert entry.answers == {str(row.pk): right_answer(row.question)}


def test_an_entry_cannot_be_resubmitted_or_answered_after_submission(world):
    contest = make_contest(world, count=4)
    entry = services.start_entry(person=world.huong, competition=contest, now=NOW)
    services.submit_entry(entry=entry, now=NOW + timedelta(minutes=1))
    row = CompetitionQuestion.objects.select_related("question").get(pk=entry.question_ids[0])
    assert not services.record_answer(entry=entry, number=1, given=right_answer(row.question), now=NOW)
    again = services.submit_entry(entry=entry, now=NOW + timedelta(minutes=2))
    assert again.score == 0 and again.submitted_at == NOW + timedelta(minutes=1)


def test_overdue_entries_are_scored_as_of_their_deadline(world):
    contest = make_contest(world, count=4, minutes=5)
    overdue = services.start_entry(person=world.huong, competition=contest, now=NOW)
    answer_all(overdue, wrong=2, at=NOW + timedelta(minutes=1))
    running = services.start_entry(person=world.lan, competition=contest, now=NOW + timedelta(minutes=4))
    assert services.finalize_overdue_entries(now=NOW + timedelta(minutes=6)) == 1
    overdue.refresh_from_db()
    running.refresh_from_db()
    assert overdue.score == 50 and overdue.submitted_at == NOW + timedelta(minutes=5)
    assert running.submitted_at is None


def test_questions_cannot_change_after_the_first_entry(world):
    contest = make_contest(world, count=4)
    services.start_entry(person=world.huong, competition=contest, now=NOW)
    actor = world.user("commune")
    with pytest.raises(ValidationError, match="already started"):
        services.write_question(actor=actor, competition=contest, prompt="Mới?", choices=["A", "B"], answer=0)
    with pytest.raises(ValidationError, match="already started"):
        services.remove_question(actor=actor, competition=contest, pool_question=contest.questions.first())
    assert contest.questions.count() == 6


def test_the_rules_cannot_change_after_the_first_entry_but_the_title_can(world):
    contest = make_contest(world, count=4)
    services.start_entry(person=world.huong, competition=contest, now=NOW)
    actor = world.user("commune")
    with pytest.raises(ValidationError) as error:
        services.update_competition(actor=actor, competition=contest, question_count=3, now=NOW)
    assert "question_count" in error.value.message_dict
    services.update_competition(actor=actor, competition=contest, title="Hội thi mới", now=NOW)
    contest.refresh_from_db()
    assert (contest.title, contest.question_count) == ("Hội thi mới", 4)


def test_taking_out_a_question_that_would_leave_an_open_contest_short_is_refused(world):
    contest = make_contest(world, count=6)
    with pytest.raises(ValidationError):
        services.remove_question(
            actor=world.user("commune"), competition=contest, pool_question=contest.questions.first(), now=NOW
        )


def test_adding_a_skill_twice_adds_its_questions_once(world):
    contest = make_contest(world)
    again = services.add_skill_questions(
        actor=world.user("commune"), competition=contest, skills=[contest.questions.first().question.skill]
    )
    assert again == 0 and contest.questions.count() == 6


def test_a_written_question_needs_two_to_four_choices(world):
    contest = make_contest(world)
    with pytest.raises(ValidationError):
        services.write_question(
            actor=world.user("commune"), competition=contest, prompt="Một lựa chọn?", choices=["A"], answer=0
        )


def test_no_one_runs_a_contest_for_another_communes_organization(world):
    with pytest.raises(PermissionDenied):
        services.create_competition(
            actor=world.user("trainer"),
            title="Thi",
            organizer=organization(world.hoanh_mo),
            opens_at=NOW + timedelta(days=1),
            closes_at=NOW + timedelta(days=2),
            time_limit_minutes=10,
            question_count=5,
            now=NOW,
        )


def test_a_mentor_cannot_run_a_contest(world):
    with pytest.raises(PermissionDenied):
        make_contest(world, unit=world.thong_nhat, actor="mentor")
