"""Reads of hands-on skill checks: a person's tries at a skill, and a session's check grid."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from langso.accounts.jurisdiction import Action, scope_filter
from langso.accounts.models import User
from langso.learning.content import localized
from langso.learning.models import Mastery, Skill
from langso.people.models import Person
from langso.people.selectors import get_person_visible_to, people_visible_to
from langso.training.models import CheckOutcome, ClassSession, SkillCheck


def get_person_for_checks(user: User, person_id: int) -> Person:
    """A resident whose progress the user may see (checks are part of it); 404 otherwise."""
    return get_person_visible_to(user, person_id, Action.VIEW_PROGRESS)


def get_skill_by_code(code: str) -> Skill:
    skill = Skill.objects.filter(code=code).first()
    if skill is None:
        raise Http404
    return skill


def checks_of(person: Person, skill: Skill) -> QuerySet[SkillCheck]:
    """The person's tries at the skill, 1st first, with who checked."""
    return (
        SkillCheck.objects.filter(person=person, skill=skill).select_related("checked_by").order_by("number")
    )


def mastery_of(person: Person, skill: Skill) -> Mastery | None:
    return Mastery.objects.filter(person=person, skill=skill).first()


def get_session_visible_to(user: User, pk: int) -> ClassSession:
    """A session of a class whose village the user may see training at; 404 otherwise."""
    session = (
        ClassSession.objects.filter(
            scope_filter(user, Action.VIEW_TRAINING, via="training_class__village"), pk=pk
        )
        .select_related("training_class__village")
        .first()
    )
    if session is None:
        raise Http404
    return session


@dataclass(frozen=True)
class CheckCell:
    """Where one person stands on one skill in the grid: the last try's outcome and mastery."""

    skill: Skill
    last_outcome: str = ""  # "" when never checked, else a CheckOutcome value
    last_outcome_label: str = ""
    tries: int = 0
    is_mastered: bool = False


@dataclass(frozen=True)
class CheckRow:
    person: Person
    cells: list[CheckCell]


@dataclass(frozen=True)
class CheckGrid:
    skills: list[tuple[Skill, str]]  # (skill, title in the active language)
    rows: list[CheckRow]


def session_check_grid(user: User, session: ClassSession) -> CheckGrid:
    """The class's enrolled people (those the user may see progress of) × its skills, in four
    queries whatever their number."""
    training_class = session.training_class
    skills = list(training_class.skills.order_by("order"))
    people = list(
        people_visible_to(user, Action.VIEW_PROGRESS)
        .filter(enrolments__training_class=training_class)
        .select_related("village")
        .order_by("search_name", "id")
    )
    ids, skill_ids = [p.pk for p in people], [s.pk for s in skills]
    last: dict[tuple[int, int], tuple[str, int]] = {}
    rows = SkillCheck.objects.filter(person_id__in=ids, skill_id__in=skill_ids).order_by("number")
    for person_id, skill_id, outcome, number in rows.values_list(
        "person_id", "skill_id", "outcome", "number"
    ):
        last[(person_id, skill_id)] = (outcome, number)
    mastered = set(
        Mastery.objects.filter(person_id__in=ids, skill_id__in=skill_ids).values_list("person_id", "skill_id")
    )
    return CheckGrid(
        skills=[(skill, localized(skill.title)) for skill in skills],
        rows=[
            CheckRow(
                person=person,
                cells=[
                    _cell(skill, last.get((person.pk, skill.pk)), (person.pk, skill.pk) in mastered)
                    for skill in skills
                ],
            )
            for person in people
        ],
    )


def _cell(skill: Skill, last: tuple[str, int] | None, is_mastered: bool) -> CheckCell:
    if last is None:
        return CheckCell(skill=skill, is_mastered=is_mastered)
    outcome, number = last
    return CheckCell(
        skill=skill,
        last_outcome=outcome,
        last_outcome_label=str(CheckOutcome(outcome).label),
        tries=number,
        is_mastered=is_mastered,
    )
