"""Writes of hands-on skill checks: a mentor records how a resident did a skill."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from langso.accounts import jurisdiction
from langso.accounts.jurisdiction import Action
from langso.accounts.models import User
from langso.learning.models import Skill
from langso.learning.services.progress import location_of, record_mentor_mastery
from langso.people.models import Person
from langso.training.models import CheckOutcome, ClassSession, Enrolment, SkillCheck
from langso.training.services.tallies import note_skill_checked


@transaction.atomic
def record_skill_check(
    *,
    actor: User,
    person: Person,
    skill: Skill,
    outcome: str,
    note: str,
    client_uuid: uuid.UUID,
    session: ClassSession | None = None,
) -> SkillCheck:
    """Record one numbered try (1st, 2nd, 3rd…); "did it alone" masters the skill. Sending the same
    client UUID again returns the check recorded the first time."""
    jurisdiction.require(actor, Action.RECORD_SKILL_CHECK, person.village)
    if session is not None and not _belongs_to(session, person=person, skill=skill):
        session = None  # a session of another class, or without this skill, is not where it happened
    Person.objects.select_for_update().filter(pk=person.pk).first()  # numbers are drawn one at a time
    existing = SkillCheck.objects.filter(client_uuid=client_uuid).first()
    if existing is not None:
        if existing.person_id != person.pk or existing.skill_id != skill.pk:
            raise ValidationError(_("This check was already recorded for someone else."))
        return existing
    last = SkillCheck.objects.filter(person=person, skill=skill).aggregate(last=Max("number"))["last"] or 0
    check = SkillCheck(
        person=person,
        skill=skill,
        number=last + 1,
        outcome=outcome,
        note=note.strip(),
        session=session,
        checked_by=actor,
        checked_at=timezone.now(),
        client_uuid=client_uuid,
        **location_of(person),
    )
    check.full_clean()
    check.save()
    note_skill_checked(check)
    if outcome == CheckOutcome.ALONE:
        record_mentor_mastery(actor=actor, person=person, skill=skill)
    return check


def _belongs_to(session: ClassSession, *, person: Person, skill: Skill) -> bool:
    """Whether the person is enrolled in the session's class and the class teaches the skill."""
    training_class = session.training_class
    return (
        Enrolment.objects.filter(training_class=training_class, person=person).exists()
        and training_class.skills.filter(pk=skill.pk).exists()
    )
