"""Practice and mastery: drawing a practice set, grading it, recording attempts (idempotent by the
device's client UUID, numbered 1st, 2nd, 3rd… per person and skill) and mastery from either source."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from langso.accounts import jurisdiction
from langso.accounts.jurisdiction import Action
from langso.accounts.models import User
from langso.learning.models import Attempt, Lesson, Mastery, MasterySource, Question, QuestionKind, Skill
from langso.learning.services.certificates import issue_due_certificates
from langso.people.models import MilestoneKind, Person
from langso.people.services.milestones import note_milestone

#: the share of right answers that passes a practice set
PASS_SHARE = 0.8


def practice_size(skill: Skill, pool: int) -> int:
    return min(skill.practice_size, pool)


def draw_practice_set(skill: Skill, *, rng: random.Random | None = None) -> list[Question]:
    """A practice set drawn from the skill's question pool, in a shuffled order."""
    pool = list(skill.questions.select_related("lesson"))
    return (rng or random.Random()).sample(pool, practice_size(skill, len(pool)))


def is_right(question: Question, given: Any) -> bool:
    """Whether `given` answers `question`: an option index (single choice), a list of option indexes
    in the order the learner put them (order: right when it is 0, 1, 2…), or 0/1 (true/false)."""
    if question.kind == QuestionKind.ORDER:
        options: list[str] = next(iter(question.options.values()), [])
        try:
            return [int(v) for v in given] == list(range(len(options)))
        except (TypeError, ValueError):
            return False
    try:
        return int(given) == question.answer
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class GradedSet:
    correct: int
    total: int
    passed: bool
    #: [{"question": code, "given": …, "right": bool}] in the order the questions were shown
    answers: list[dict[str, Any]]
    #: the lessons behind the missed questions, in course order: what to review
    lessons_to_review: list[Lesson]


def grade(skill: Skill, answers: dict[str, Any]) -> GradedSet:
    """Grade answers keyed by question code; the set must be a full practice set of this skill."""
    questions = {question.code: question for question in skill.questions.select_related("lesson")}
    unknown = [code for code in answers if code not in questions]
    if unknown or len(answers) != practice_size(skill, len(questions)):
        raise ValidationError(_("This practice set does not match the skill's questions."))
    graded = [
        {"question": code, "given": given, "right": is_right(questions[code], given)}
        for code, given in answers.items()
    ]
    correct = sum(item["right"] for item in graded)
    missed_lessons = {questions[item["question"]].lesson for item in graded if not item["right"]}
    return GradedSet(
        correct=correct,
        total=len(graded),
        passed=correct >= PASS_SHARE * len(graded),
        answers=graded,
        lessons_to_review=sorted(missed_lessons, key=lambda lesson: lesson.order),
    )


def location_of(person: Person) -> dict[str, int]:
    """The village, commune and province ids of a fact about `person` (see FactLocation)."""
    return {
        "village_id": person.village_id,
        "commune_id": person.commune_id,
        "province_id": person.province_id,
    }


@transaction.atomic
def record_attempt(
    *,
    person: Person,
    skill: Skill,
    answers: dict[str, Any],
    client_uuid: uuid.UUID,
    taken_at: datetime | None = None,
    graded: GradedSet | None = None,
) -> Attempt:
    """Record a practice set the person took, graded here whatever the device said (`graded`: the
    caller's own `grade(skill, answers)`, so as not to grade twice). Sending the same client UUID
    again returns the attempt recorded the first time. A passed set masters the skill."""
    existing = Attempt.objects.filter(client_uuid=client_uuid).first()
    if existing is not None:
        if existing.person_id != person.pk:
            raise ValidationError(_("This attempt belongs to someone else."))
        return existing
    graded = graded or grade(skill, answers)
    Person.objects.select_for_update().filter(pk=person.pk).first()  # numbers are drawn one at a time
    last = Attempt.objects.filter(person=person, skill=skill).aggregate(last=Max("number"))["last"] or 0
    attempt = Attempt(
        person=person,
        skill=skill,
        number=last + 1,
        correct=graded.correct,
        total=graded.total,
        passed=graded.passed,
        answers=graded.answers,
        client_uuid=client_uuid,
        taken_at=min(taken_at or timezone.now(), timezone.now()),
        **location_of(person),
    )
    attempt.full_clean()
    attempt.save()
    if graded.passed:
        _master(
            person=person, skill=skill, source=MasterySource.PRACTICE, attempt=attempt, at=attempt.taken_at
        )
    return attempt


def _master(
    *,
    person: Person,
    skill: Skill,
    source: str,
    at: datetime,
    attempt: Attempt | None = None,
    by: User | None = None,
) -> Mastery:
    mastery, created = Mastery.objects.get_or_create(
        person=person,
        skill=skill,
        defaults={
            "source": source,
            "attempt": attempt,
            "recorded_by": by,
            "mastered_at": at,
            **location_of(person),
        },
    )
    if created:
        note_milestone(person=person, kind=MilestoneKind.MASTERED, on=timezone.localdate(at))
        issue_due_certificates(person=person)
    return mastery


@transaction.atomic
def record_mentor_mastery(*, actor: User, person: Person, skill: Skill) -> Mastery:
    """A mentor saw the person do the skill alone: the skill is mastered (once; the first source stays)."""
    jurisdiction.require(actor, Action.RECORD_SKILL_CHECK, person.village)
    return _master(person=person, skill=skill, source=MasterySource.MENTOR, at=timezone.now(), by=actor)
