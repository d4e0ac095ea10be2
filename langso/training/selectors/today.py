"""The mentor's "today" screen: their sessions of today, the people who still need a skill in their
classes, and their help queue. Every list is capped so that the page stays small."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from langso.accounts.jurisdiction import Action, scope_filter
from langso.accounts.models import User
from langso.learning.content import localized
from langso.learning.models import Mastery, Skill
from langso.people.models import Person
from langso.training.models import CheckOutcome, ClassSession, ClassStatus, SkillCheck, TrainingClass
from langso.training.selectors.help import QueueItem, queue_items, queue_of

#: how many rows each list of the today screen shows before "see all"
TODAY_LIMIT = 10


def classes_of(user: User) -> QuerySet[TrainingClass]:
    """Active classes the user teaches or mentors, in villages they may see training at."""
    return (
        TrainingClass.objects.filter(Q(trainers=user) | Q(mentors=user), status=ClassStatus.ACTIVE)
        .filter(scope_filter(user, Action.VIEW_TRAINING, via="village"))
        .distinct()
    )


def sessions_on(user: User, day: datetime.date) -> QuerySet[ClassSession]:
    """The user's sessions starting on `day` (local time), earliest first."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    return (
        ClassSession.objects.filter(
            training_class__in=classes_of(user).values("id"),
            starts_at__gte=start,
            starts_at__lt=start + datetime.timedelta(days=1),
        )
        .select_related("training_class")
        .order_by("starts_at", "id")
    )


@dataclass(frozen=True)
class Need:
    """A skill one person still needs, and how their last hands-on try went."""

    skill_code: str
    skill_title: str
    last_outcome: str
    last_outcome_label: str


@dataclass(frozen=True)
class PersonNeeds:
    person: Person
    needs: list[Need]


def people_needing_skills(user: User) -> list[PersonNeeds]:
    """Everyone enrolled in the user's active classes (and within their progress scope) with the
    class skills they have not mastered, by name: five queries however many classes."""
    classes = classes_of(user).values("id")
    skills_of_class: dict[int, set[int]] = {}
    for class_id, skill_id in TrainingClass.skills.through.objects.filter(
        trainingclass_id__in=classes
    ).values_list("trainingclass_id", "skill_id"):
        skills_of_class.setdefault(class_id, set()).add(skill_id)
    people = (
        Person.objects.filter(scope_filter(user, Action.VIEW_PROGRESS, via="village"))
        .filter(enrolments__training_class_id__in=classes)
        .select_related("village")
        .prefetch_related("enrolments")
        .distinct()
        .order_by("search_name", "id")
    )
    wanted: dict[Person, set[int]] = {}
    for person in people:
        wanted[person] = set().union(
            *(skills_of_class.get(e.training_class_id, set()) for e in person.enrolments.all())
        )
    ids = [p.pk for p in wanted]
    mastered = set(Mastery.objects.filter(person_id__in=ids).values_list("person_id", "skill_id"))
    last = {
        (person_id, skill_id): outcome
        for person_id, skill_id, outcome in SkillCheck.objects.filter(person_id__in=ids)
        .order_by("number")
        .values_list("person_id", "skill_id", "outcome")
    }
    skills = {s.pk: s for s in Skill.objects.filter(pk__in=set().union(*wanted.values()))}
    result = []
    for person, skill_ids in wanted.items():
        needs = [
            _need(skills[skill_id], last.get((person.pk, skill_id), ""))
            for skill_id in sorted(skill_ids, key=lambda pk: skills[pk].order)
            if (person.pk, skill_id) not in mastered
        ]
        if needs:
            result.append(PersonNeeds(person=person, needs=needs))
    return result


def _need(skill: Skill, outcome: str) -> Need:
    return Need(
        skill_code=skill.code,
        skill_title=localized(skill.title),
        last_outcome=outcome,
        last_outcome_label=str(CheckOutcome(outcome).label) if outcome else "",
    )


@dataclass(frozen=True)
class TodayScreen:
    sessions: list[ClassSession]
    needs: list[PersonNeeds]
    needs_total: int
    queue: list[QueueItem]
    queue_total: int


def today_for(user: User, *, day: datetime.date | None = None) -> TodayScreen:
    """What a mentor sees first in the field, each list capped at TODAY_LIMIT rows."""
    day = day or timezone.localdate()
    needs = people_needing_skills(user)
    queue = queue_of(user)
    return TodayScreen(
        sessions=list(sessions_on(user, day)[: TODAY_LIMIT * 2]),
        needs=needs[:TODAY_LIMIT],
        needs_total=len(needs),
        queue=queue_items(queue[:TODAY_LIMIT]),
        queue_total=queue.count(),
    )
