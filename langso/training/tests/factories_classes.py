"""Classes, sessions and enrolments for the tests of the classes area, built through the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from langso.accounts.models import User
from langso.conftest import World
from langso.learning.models import Skill
from langso.learning.tests.factories import make_skill
from langso.people.models import OrganizationKind, Person
from langso.people.services.registry import ensure_organization
from langso.places.models import Unit
from langso.training.models import ClassSession, TrainingClass
from langso.training.services.classes import ClassData, create_class, enrol_person, save_session


def skill() -> Skill:
    return Skill.objects.filter(code="test-skill").first() or make_skill()


def make_class(
    world: World,
    *,
    commune: Unit | None = None,
    village: Unit | None = None,
    actor: User | None = None,
    trainers: list[User] | None = None,
    mentors: list[User] | None = None,
    title: str = "Dùng VNeID và thanh toán không tiền mặt",
) -> TrainingClass:
    """A Women's Union class at Thống Nhất (or at `village` of `commune`), taught by the trainer
    and mentored by the mentor of the world."""
    commune = commune or world.hai_lang
    village = village or world.thong_nhat
    in_hai_lang = commune == world.hai_lang
    actor = actor or (world.user("commune") if in_hai_lang else world.user("other_commune"))
    data = ClassData(
        title=title,
        organizer=ensure_organization(kind=OrganizationKind.WOMEN, unit=commune),
        village=village,
        venue_name=f"Nhà văn hóa {village.name.lower()}",
        skills=[skill()],
        trainers=trainers if trainers is not None else ([world.user("trainer")] if in_hai_lang else []),
        mentors=mentors if mentors is not None else ([world.user("mentor")] if in_hai_lang else []),
    )
    return create_class(actor=actor, data=data)


def make_session(
    training_class: TrainingClass, *, days_from_today: int = 0, hour: int = 8, actor: User | None = None
) -> ClassSession:
    day = timezone.localdate() + datetime.timedelta(days=days_from_today)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))
    return save_session(
        actor=actor or training_class.created_by,
        training_class=training_class,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        topic="Cài đặt VNeID",
    )


def enrol(training_class: TrainingClass, *people: Person) -> None:
    for person in people:
        enrol_person(actor=training_class.created_by, training_class=training_class, person=person)
