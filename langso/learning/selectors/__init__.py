"""Reads of the curriculum and of progress; progress of others only through the jurisdiction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, QuerySet
from django.http import Http404

from langso.accounts.models import User
from langso.common.codes import normalize_code
from langso.common.text import normalize_text
from langso.learning.models import Attempt, Lesson, Mastery, Question, Skill, Step
from langso.people.models import Person
from langso.places.models import Unit
from langso.places.selectors import subtree_filter


def skills() -> QuerySet[Skill]:
    """Every skill in course order, with its number of lessons."""
    return Skill.objects.annotate(lesson_count=Count("lessons", distinct=True)).order_by("order")


def get_skill(code: str) -> Skill:
    skill = Skill.objects.filter(code=code).first()
    if skill is None:
        raise Http404
    return skill


def get_lesson(skill_code: str, lesson_code: str) -> Lesson:
    """A lesson with its skill and its steps (in order), in two queries."""
    lesson = (
        Lesson.objects.select_related("skill")
        .prefetch_related(Prefetch("steps", Step.objects.order_by("order")))
        .filter(skill__code=skill_code, code=lesson_code)
        .first()
    )
    if lesson is None:
        raise Http404
    return lesson


def questions_in_order(skill: Skill, codes: list[str]) -> list[Question]:
    """The skill's questions with these codes, in the order given (unknown codes are left out)."""
    questions = {
        q.code: q for q in Question.objects.filter(skill=skill, code__in=codes).select_related("lesson")
    }
    return [questions[code] for code in codes if code in questions]


def learner_of(user: User) -> Person | None:
    """The resident record of a signed-in learner, if their account has one."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).select_related("village").first()


@dataclass(frozen=True)
class SkillProgress:
    """Where one person stands on one skill."""

    attempts: int
    best_correct: int
    mastered_by: str  # "" when not mastered, else a MasterySource value


def progress_of(person: Person) -> dict[int, SkillProgress]:
    """The person's progress per skill id, in two queries."""
    counts: dict[int, tuple[int, int]] = {
        skill_id: (n, best)
        for skill_id, n, best in Attempt.objects.filter(person=person)
        .values("skill_id")
        .annotate(n=Count("id"), best=Max("correct"))
        .values_list("skill_id", "n", "best")
        .order_by()
    }
    masteries = dict(Mastery.objects.filter(person=person).values_list("skill_id", "source"))
    return {
        skill_id: SkillProgress(
            attempts=counts.get(skill_id, (0, 0))[0],
            best_correct=counts.get(skill_id, (0, 0))[1],
            mastered_by=masteries.get(skill_id, ""),
        )
        for skill_id in set(counts) | set(masteries)
    }


def attempts_of(person: Person, skill: Skill) -> QuerySet[Attempt]:
    return Attempt.objects.filter(person=person, skill=skill).order_by("number")


def kiosk_residents(unit_path: str, *, query: str = "") -> QuerySet[Person]:
    """The residents a shared device of the unit at `unit_path` lists for picking (names only)."""
    residents = Person.objects.filter(subtree_filter(unit_path, via="village"))
    for word in normalize_text(query).split():
        residents = residents.filter(search_name__contains=word)
    return residents.select_related("village").order_by("search_name", "id")


def kiosk_resident_by_card(unit_path: str, raw_code: str) -> Person | None:
    """The resident of the kiosk's unit whose learner card carries this code (typed or scanned)."""
    code = normalize_code(raw_code)
    return kiosk_residents(unit_path).filter(card_code=code).first() if code else None


def unit_at(path: str) -> Unit:
    return Unit.objects.get(path=path)


def content_version(salt: str) -> str:
    """A short digest of every step's text and picture (and `salt`): it changes when content does."""
    digest = hashlib.sha256(salt.encode())
    for row in Step.objects.order_by("id").values_list("id", "text", "illustration"):
        digest.update(repr(row).encode())
    return digest.hexdigest()[:16]
