"""Writes of the cascade: recording who trained whom."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso.accounts import jurisdiction
from langso.accounts.jurisdiction import Action
from langso.accounts.models import User
from langso.learning.services.progress import location_of
from langso.people.models import MilestoneKind, Person
from langso.people.services.milestones import note_milestone
from langso.training.models import Conference, TrainingClass, TrainingLink

#: foreign keys of a link that the caller passes as loaded objects
_LOADED_KEYS = [
    "trainee",
    "trainer",
    "conference",
    "training_class",
    "recorded_by",
    "village",
    "commune",
    "province",
]


def record_training(
    *,
    trainee: Person,
    recorded_by: User,
    taught_on: datetime.date,
    trainer: Person | None = None,
    conference: Conference | None = None,
    training_class: TrainingClass | None = None,
) -> TrainingLink | None:
    """Link `trainee` to whoever trained them: a person (at a class or at home) or a conference.
    A pair already linked keeps its first link (returned unchanged); a person is never linked to
    themselves (None). Callers check the actor's rights; this only records the fact."""
    if (trainer is None) == (conference is None):
        raise ValueError("A training link has either a trainer or a conference.")
    if trainer is not None and trainer.pk == trainee.pk:
        return None
    existing = _existing_link(trainee=trainee, trainer=trainer, conference=conference)
    if existing is not None:
        return existing
    link = TrainingLink(
        trainee=trainee,
        trainer=trainer,
        conference=conference,
        training_class=training_class,
        taught_on=taught_on,
        recorded_by=recorded_by,
        **location_of(trainee),
    )
    # The people, conference and class were loaded by the caller: checking each key again would cost a
    # query per key on every roster tap; the database's constraints still hold.
    link.full_clean(exclude=_LOADED_KEYS, validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():  # a concurrent request may have linked the pair a moment ago
            link.save()
    except IntegrityError:
        return _existing_link(trainee=trainee, trainer=trainer, conference=conference)
    note_milestone(person=trainee, kind=MilestoneKind.CASCADE, on=taught_on)
    return link


def _existing_link(
    *, trainee: Person, trainer: Person | None, conference: Conference | None
) -> TrainingLink | None:
    if trainer is not None:
        return TrainingLink.objects.filter(trainer=trainer, trainee=trainee).first()
    return TrainingLink.objects.filter(conference=conference, trainee=trainee).first()


#: how far up a trainer's chain the cycle check looks (far beyond any real cascade)
MAX_CHAIN_DEPTH = 64


@transaction.atomic
def record_home_training(
    *, actor: User, trainer: Person, trainee: Person, taught_on: datetime.date
) -> TrainingLink:
    """Record that `trainer` taught `trainee` outside a class (e.g. a member teaching their family).
    Recording the same pair again returns the first link. Refuses a date in the future, a person
    training themselves, and a trainee who stands above the trainer in the trainer's own chain."""
    jurisdiction.require(actor, Action.RECORD_TRAINING, trainer.village)
    jurisdiction.require(actor, Action.RECORD_TRAINING, trainee.village)
    if taught_on > timezone.localdate():
        raise ValidationError({"taught_on": _("The date cannot be in the future.")})
    if trainer.pk == trainee.pk:
        raise ValidationError({"trainee": _("A person cannot be recorded as training themselves.")})
    if trainee.pk in trainers_above(trainer):
        raise ValidationError(
            {
                "trainee": _(
                    "%(trainee)s is above %(trainer)s in the chain of training: %(trainer)s "
                    "cannot be recorded as training them."
                )
                % {"trainee": trainee.full_name, "trainer": trainer.full_name}
            }
        )
    link = record_training(trainee=trainee, recorded_by=actor, taught_on=taught_on, trainer=trainer)
    assert link is not None  # only None for a person training themselves, refused above
    return link


def trainers_above(person: Person) -> set[int]:
    """Ids of everyone who trained `person`, who trained them, and so on up the chain."""
    above: set[int] = set()
    frontier = {person.pk}
    for _level in range(MAX_CHAIN_DEPTH):
        trainers = set(
            TrainingLink.objects.filter(trainee_id__in=frontier, trainer__isnull=False).values_list(
                "trainer_id", flat=True
            )
        )
        frontier = trainers - above - {person.pk}
        if not frontier:
            break
        above |= frontier
    return above
