"""Writes of classes: creating, changing, archiving and deleting them, their sessions, and enrolling
residents (found by name, or added at the door)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso.accounts import jurisdiction
from langso.accounts.jurisdiction import Action
from langso.accounts.models import User
from langso.learning.models import Skill
from langso.people.models import Ethnicity, Organization, Person
from langso.people.services.registry import PersonData, register_person
from langso.places.models import Unit, UnitKind
from langso.training.models import Attendance, ClassSession, ClassStatus, Enrolment, TrainingClass
from langso.training.selectors.classes import MENTOR_ROLES, TRAINER_ROLES, eligible_in_commune


@dataclass
class ClassData:
    """What the class form says."""

    title: str
    organizer: Organization
    village: Unit
    venue_name: str
    skills: list[Skill] = field(default_factory=list)
    trainers: list[User] = field(default_factory=list)
    mentors: list[User] = field(default_factory=list)


def _check_class_data(actor: User, data: ClassData) -> None:
    jurisdiction.require(actor, Action.MANAGE_CLASSES, data.village)
    jurisdiction.require(actor, Action.MANAGE_CLASSES, data.organizer.unit)
    if data.village.kind != UnitKind.VILLAGE:
        raise ValidationError({"village": _("Choose a village.")})
    if not data.village.path.startswith(data.organizer.unit.path):
        raise ValidationError(
            {"village": _("Choose a village in the area of %(organizer)s.") % {"organizer": data.organizer}}
        )
    if not data.skills:
        raise ValidationError({"skills": _("Choose at least one skill.")})
    commune = data.village.parent
    assert commune is not None
    for name, people, roles in (
        ("trainers", data.trainers, TRAINER_ROLES),
        ("mentors", data.mentors, MENTOR_ROLES),
    ):
        eligible = eligible_in_commune(commune, roles)
        outside = [str(user) for user in people if user.pk not in eligible]
        if outside:
            raise ValidationError(
                {
                    name: _("Not assigned in %(commune)s: %(names)s.")
                    % {"commune": commune, "names": ", ".join(outside)}
                }
            )


def _apply(training_class: TrainingClass, data: ClassData) -> None:
    training_class.title = " ".join(data.title.split())
    training_class.organizer = data.organizer
    training_class.village = data.village
    commune = data.village.parent
    assert commune is not None and commune.parent_id is not None
    training_class.commune, training_class.province_id = commune, commune.parent_id
    training_class.venue_name = " ".join(data.venue_name.split())


def _set_people(training_class: TrainingClass, data: ClassData) -> None:
    training_class.skills.set(data.skills)
    training_class.trainers.set(data.trainers)
    training_class.mentors.set(data.mentors)


@transaction.atomic
def create_class(*, actor: User, data: ClassData) -> TrainingClass:
    """A new class at a village where the actor manages classes, run by an organization of that area."""
    _check_class_data(actor, data)
    training_class = TrainingClass(created_by=actor)
    _apply(training_class, data)
    training_class.full_clean()
    training_class.save()
    _set_people(training_class, data)
    return training_class


@transaction.atomic
def update_class(*, actor: User, training_class: TrainingClass, data: ClassData) -> TrainingClass:
    """Change a class; the actor must manage classes at both the old and the new venue."""
    jurisdiction.require(actor, Action.MANAGE_CLASSES, training_class.village)
    _refuse_if_archived(training_class)
    _check_class_data(actor, data)
    _apply(training_class, data)
    training_class.full_clean()
    training_class.save()
    _set_people(training_class, data)
    return training_class


def _moves_a_marked_day(session: ClassSession, starts_at: datetime.datetime) -> bool:
    moved = timezone.localdate(session.starts_at) != timezone.localdate(starts_at)
    return moved and session.attendances.exists()


def _refuse_if_archived(training_class: TrainingClass) -> None:
    if training_class.status == ClassStatus.ARCHIVED:
        raise ValidationError(_("This class is archived: it can no longer change."))


@transaction.atomic
def archive_class(*, actor: User, training_class: TrainingClass) -> TrainingClass:
    """Put a class away: it keeps its records but leaves the lists and takes no more marks."""
    jurisdiction.require(actor, Action.MANAGE_CLASSES, training_class.village)
    if training_class.status != ClassStatus.ARCHIVED:
        training_class.status = ClassStatus.ARCHIVED
        training_class.archived_at = timezone.now()
        training_class.full_clean()
        training_class.save(update_fields=["status", "archived_at"])
    return training_class


@transaction.atomic
def delete_class(*, actor: User, training_class: TrainingClass) -> None:
    """Delete a class set up by mistake; one with recorded attendance is kept (archive it instead)."""
    jurisdiction.require(actor, Action.MANAGE_CLASSES, training_class.village)
    if Attendance.objects.filter(session__training_class=training_class).exists():
        raise ValidationError(
            _("This class has recorded attendance, so it cannot be deleted. Archive it instead.")
        )
    training_class.delete()


@transaction.atomic
def save_session(
    *,
    actor: User,
    training_class: TrainingClass,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    topic: str = "",
    session: ClassSession | None = None,
) -> ClassSession:
    """Add a session to a class, or change one of its sessions."""
    jurisdiction.require(actor, Action.MANAGE_CLASSES, training_class.village)
    _refuse_if_archived(training_class)
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The session must end after it starts.")})
    session = session or ClassSession(training_class=training_class)
    if session.training_class_id != training_class.pk:
        raise ValidationError(_("This session belongs to another class."))
    if session.pk is not None and _moves_a_marked_day(session, starts_at):
        raise ValidationError(_("Attendance was recorded on this day: the session cannot move to another."))
    session.starts_at, session.ends_at, session.topic = starts_at, ends_at, " ".join(topic.split())
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def delete_session(*, actor: User, session: ClassSession) -> None:
    """Delete a session with no attendance recorded yet."""
    jurisdiction.require(actor, Action.MANAGE_CLASSES, session.training_class.village)
    if session.attendances.exists():
        raise ValidationError(_("Attendance was recorded at this session, so it cannot be deleted."))
    session.delete()


def _check_enrollable(actor: User, training_class: TrainingClass, person: Person) -> None:
    jurisdiction.require(actor, Action.MANAGE_CLASSES, training_class.village)
    jurisdiction.require(actor, Action.VIEW_PEOPLE, person.village)
    if training_class.status != ClassStatus.ACTIVE:
        raise ValidationError(_("This class is archived."))
    if not person.village.path.startswith(training_class.organizer.unit.path):
        raise ValidationError(
            _("%(name)s does not live in the area of %(organizer)s.")
            % {"name": person.full_name, "organizer": training_class.organizer}
        )


@transaction.atomic
def enrol_person(*, actor: User, training_class: TrainingClass, person: Person) -> Enrolment:
    """Enrol a resident of the organizer's area; enrolling them again returns the first enrolment."""
    _check_enrollable(actor, training_class, person)
    existing = Enrolment.objects.filter(training_class=training_class, person=person).first()
    if existing is not None:
        return existing
    enrolment = Enrolment(training_class=training_class, person=person, enrolled_by=actor)
    enrolment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # the same tap sent twice at once
            enrolment.save()
    except IntegrityError:
        return Enrolment.objects.get(training_class=training_class, person=person)
    return enrolment


@dataclass
class NewcomerData:
    """The fewest facts to register a resident at the door."""

    full_name: str
    birth_year: int
    gender: str
    village: Unit
    ethnicity: Ethnicity


@transaction.atomic
def quick_add_and_enrol(
    *, actor: User, training_class: TrainingClass, data: NewcomerData, client_uuid: uuid.UUID
) -> Enrolment:
    """Register a new resident and enrol them; the same form sent again (same `client_uuid`) enrols
    the person registered the first time instead of a second one."""
    jurisdiction.require(actor, Action.MANAGE_CLASSES, training_class.village)
    if not data.village.path.startswith(training_class.organizer.unit.path):
        raise ValidationError(
            {
                "village": _("Choose a village in the area of %(organizer)s.")
                % {"organizer": training_class.organizer}
            }
        )
    person = register_person(
        actor=actor,
        data=PersonData(
            full_name=data.full_name,
            gender=data.gender,
            birth_year=data.birth_year,
            ethnicity=data.ethnicity,
            village=data.village,
        ),
        client_uuid=client_uuid,
    )
    return enrol_person(actor=actor, training_class=training_class, person=person)
