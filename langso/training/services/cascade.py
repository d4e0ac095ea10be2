"""Writes of the cascade: recording who trained whom."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from langso.accounts.models import User
from langso.learning.services.progress import location_of
from langso.people.models import Person
from langso.training.models import Conference, TrainingClass, TrainingLink


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
    link.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # a concurrent request may have linked the pair a moment ago
            link.save()
    except IntegrityError:
        return _existing_link(trainee=trainee, trainer=trainer, conference=conference)
    return link


def _existing_link(
    *, trainee: Person, trainer: Person | None, conference: Conference | None
) -> TrainingLink | None:
    if trainer is not None:
        return TrainingLink.objects.filter(trainer=trainer, trainee=trainee).first()
    return TrainingLink.objects.filter(conference=conference, trainee=trainee).first()
