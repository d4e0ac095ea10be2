"""Writes of attendance: marking a resident present at a session (a roster tap, a scanned card or a
typed card code), idempotent by the phone's client UUID, and undoing a mark. Each mark also records
the cascade: the class's trainers taught the resident."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso.accounts import jurisdiction
from langso.accounts.jurisdiction import Action
from langso.accounts.models import User
from langso.learning.services.progress import location_of
from langso.people.models import Person
from langso.training.models import Attendance, CheckInMethod, ClassSession, ClassStatus, Enrolment
from langso.training.selectors.classes import trainers_with_person
from langso.training.services.cascade import record_training
from langso.training.services.classes import enrol_person
from langso.training.services.tallies import note_attendance_marked

#: foreign keys of an attendance row that the caller has just loaded: the database checks them
_LOADED_KEYS = ["session", "person", "marked_by", "village", "commune", "province"]


class NotEnrolledError(Exception):
    """The resident is not enrolled in the session's class; `may_enrol` says whether the actor could
    enrol them first."""

    def __init__(self, person: Person, *, may_enrol: bool) -> None:
        super().__init__(person.full_name)
        self.person = person
        self.may_enrol = may_enrol


def has_started(session: ClassSession) -> bool:
    """Whether the session's day has come (local time): a later session cannot be marked yet."""
    return timezone.localdate(session.starts_at) <= timezone.localdate()


def _check_markable(actor: User, session: ClassSession) -> None:
    jurisdiction.require(actor, Action.MARK_ATTENDANCE, session.training_class.village)
    if session.training_class.status != ClassStatus.ACTIVE:
        raise ValidationError(_("This class is archived: its attendance can no longer change."))
    if not has_started(session):
        raise ValidationError(_("This session has not started yet."))


@transaction.atomic
def mark_present(
    *,
    actor: User,
    session: ClassSession,
    person: Person,
    method: str = CheckInMethod.TAP,
    client_uuid: uuid.UUID | None = None,
    enrol: bool = False,
) -> Attendance:
    """Mark an enrolled resident present. The same tap sent twice (same `client_uuid`), or a second
    mark of the same person, returns the first row. A resident who is not enrolled raises
    NotEnrolledError, unless `enrol` asks to enrol them first (which needs MANAGE_CLASSES)."""
    _check_markable(actor, session)
    client_uuid = client_uuid or uuid.uuid4()
    resent = Attendance.objects.filter(client_uuid=client_uuid).first()
    if resent is not None:
        if (resent.session_id, resent.person_id) != (session.pk, person.pk):
            raise ValidationError(_("This mark was already used for someone else. Reload the page."))
        return resent
    training_class = session.training_class
    if not Enrolment.objects.filter(training_class=training_class, person=person).exists():
        may_enrol = jurisdiction.may(actor, Action.MANAGE_CLASSES, training_class.village)
        if not (enrol and may_enrol):
            raise NotEnrolledError(person, may_enrol=may_enrol)
        enrol_person(actor=actor, training_class=training_class, person=person)
    existing = Attendance.objects.filter(session=session, person=person).first()
    if existing is not None:
        return existing
    attendance = Attendance(
        session=session,
        person=person,
        method=CheckInMethod(method),
        marked_by=actor,
        marked_at=timezone.now(),
        client_uuid=client_uuid,
        **location_of(person),
    )
    attendance.full_clean(exclude=_LOADED_KEYS, validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():  # the same person marked on two phones at once
            attendance.save()
    except IntegrityError:
        return Attendance.objects.get(session=session, person=person)
    note_attendance_marked(attendance)
    _record_cascade(actor=actor, attendance=attendance)
    return attendance


def _record_cascade(*, actor: User, attendance: Attendance) -> None:
    """The class's trainers (those with a resident record) taught the attendee."""
    session = attendance.session
    taught_on = timezone.localdate(session.starts_at)
    for trainer in trainers_with_person(session.training_class):
        record_training(
            trainer=trainer,
            trainee=attendance.person,
            training_class=session.training_class,
            taught_on=taught_on,
            recorded_by=actor,
        )


@transaction.atomic
def unmark_present(*, actor: User, session: ClassSession, person: Person) -> None:
    """Undo a mark made by mistake. A cascade link stays: it keeps the first time a pair was linked,
    whatever recorded it."""
    _check_markable(actor, session)
    for attendance in Attendance.objects.select_for_update().filter(session=session, person=person):
        attendance.delete()
        note_attendance_marked(attendance, delta=-1)
