"""Practice, attempt numbering and mastery, including random sequences of attempts (hypothesis)."""

import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from langso.learning.models import Attempt, Mastery, MasterySource
from langso.learning.services.progress import grade, record_attempt, record_mentor_mastery
from langso.learning.tests.factories import make_skill, right_answer, wrong_answer

pytestmark = pytest.mark.django_db


def answers(skill, *, wrong: int = 0) -> dict:
    """A full practice set of the skill's first questions with `wrong` of them answered wrongly."""
    questions = list(skill.questions.order_by("code")[: skill.practice_size])
    return {q.code: (wrong_answer(q) if i < wrong else right_answer(q)) for i, q in enumerate(questions)}


def test_four_of_five_passes_and_three_of_five_does_not(world):
    skill = make_skill()
    assert grade(skill, answers(skill, wrong=1)).passed
    assert not grade(skill, answers(skill, wrong=2)).passed


def test_a_failed_set_names_the_lessons_to_review(world):
    skill = make_skill()
    graded = grade(skill, answers(skill, wrong=2))
    assert [lesson.code for lesson in graded.lessons_to_review] == ["bai-1", "bai-2"]


def test_a_set_with_foreign_or_missing_questions_is_refused(world):
    skill = make_skill()
    with pytest.raises(ValidationError):
        grade(skill, {"not-a-question": 0})


def test_attempts_are_numbered_and_the_first_pass_masters(world):
    skill, huong = make_skill(), world.huong
    first = record_attempt(
        person=huong, skill=skill, answers=answers(skill, wrong=3), client_uuid=uuid.uuid4()
    )
    second = record_attempt(person=huong, skill=skill, answers=answers(skill), client_uuid=uuid.uuid4())
    third = record_attempt(person=huong, skill=skill, answers=answers(skill), client_uuid=uuid.uuid4())
    assert [first.number, second.number, third.number] == [1, 2, 3]
    assert (first.passed, second.passed) == (False, True)
    mastery = Mastery.objects.get(person=huong, skill=skill)
    assert (mastery.source, mastery.attempt) == (MasterySource.PRACTICE, second)
    assert (mastery.commune_id, mastery.province_id) == (world.hai_lang.pk, world.province.pk)


def test_a_resent_attempt_is_recorded_once(world):
    skill, key = make_skill(), uuid.uuid4()
    first = record_attempt(person=world.huong, skill=skill, answers=answers(skill), client_uuid=key)
    again = record_attempt(person=world.huong, skill=skill, answers=answers(skill), client_uuid=key)
    assert first.pk == again.pk and Attempt.objects.count() == 1


def test_a_mentor_check_masters_the_skill(world):
    skill = make_skill()
    mastery = record_mentor_mastery(actor=world.user("mentor"), person=world.huong, skill=skill)
    assert (mastery.source, mastery.recorded_by) == (MasterySource.MENTOR, world.user("mentor"))


def test_a_mentor_of_another_village_cannot_record_a_check(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        record_mentor_mastery(actor=world.user("mentor"), person=world.pao, skill=make_skill())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(outcomes=st.lists(st.sampled_from(["pass", "fail", "resend"]), min_size=1, max_size=8))
def test_any_sequence_of_attempts_numbers_them_one_by_one(world, outcomes):
    skill = make_skill(code=f"s-{uuid.uuid4().hex[:8]}")
    sent: list[uuid.UUID] = []
    for outcome in outcomes:
        if outcome == "resend" and sent:
            record_attempt(person=world.huong, skill=skill, answers=answers(skill), client_uuid=sent[-1])
            continue
        key = uuid.uuid4()
        sent.append(key)
        record_attempt(
            person=world.huong,
            skill=skill,
            answers=answers(skill, wrong=0 if outcome == "pass" else 3),
            client_uuid=key,
        )
    attempts = list(Attempt.objects.filter(person=world.huong, skill=skill).order_by("number"))
    assert [a.number for a in attempts] == list(range(1, len(sent) + 1))
    passed = [a for a in attempts if a.passed]
    masteries = list(Mastery.objects.filter(person=world.huong, skill=skill))
    assert len(masteries) == (1 if passed else 0)
    if passed:
        assert masteries[0].attempt == passed[0]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    anonymous=st.integers(min_value=0, max_value=4),
    server=st.integers(min_value=0, max_value=3),
    resends=st.integers(min_value=0, max_value=2),
)
def test_merging_anonymous_progress_loses_nothing_and_doubles_nothing(
    client, world, anonymous, server, resends
):
    """Attempts made before signing in (kept in the browser) are sent after sign-in, perhaps more
    than once: each is recorded exactly once, after those already on the server."""
    skill = make_skill(code=f"m-{uuid.uuid4().hex[:8]}")
    learner = world.user("learner")
    world.huong.user = learner
    world.huong.save(update_fields=["user"])
    for _ in range(server):
        record_attempt(
            person=world.huong, skill=skill, answers=answers(skill, wrong=3), client_uuid=uuid.uuid4()
        )
    kept_in_browser = [
        {
            "client_uuid": str(uuid.uuid4()),
            "skill": skill.code,
            "answers": answers(skill, wrong=3),
            "taken_at": "2026-11-01T08:00:00+07:00",
        }
        for _ in range(anonymous)
    ]
    client.force_login(learner)
    for _round in range(1 + resends):
        for attempt in kept_in_browser:
            response = client.post(
                "/learn/api/attempts/", json.dumps(attempt), content_type="application/json"
            )
            assert response.status_code == 200
    numbers = list(Attempt.objects.filter(person=world.huong, skill=skill).values_list("number", flat=True))
    assert sorted(numbers) == list(range(1, server + anonymous + 1))
