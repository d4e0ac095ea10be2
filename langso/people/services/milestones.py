"""Milestones: the first time a resident mastered a skill, became a basic digital citizen, was
trained in the cascade or attended a training conference. The apps owning those facts report them
here; each change re-counts the person in the roll-ups in the same transaction."""

from __future__ import annotations

from datetime import date

from django.db import connection, transaction
from django.db.models import QuerySet

from langso.people.models import Milestone, MilestoneKind, Person
from langso.people.services.tallies import retally_person, standing_of


@transaction.atomic
def note_milestone(*, person: Person, kind: MilestoneKind, on: date) -> None:
    """The person reached `kind` on `on` (their local day): kept when it is their first time."""
    current = Milestone.objects.filter(person=person, kind=kind).values_list("reached_on", flat=True).first()
    if current is None or on < current:
        set_milestone(person=person, kind=kind, on=on)


@transaction.atomic
def set_milestone(*, person: Person, kind: MilestoneKind, on: date | None) -> None:
    """Set when the person first reached `kind`, or None when no fact supports it any more (the
    owning app took its fact back and computed what remains)."""
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one re-count per person at a time
    before = standing_of(person.pk)
    if on is None:
        deleted, _rows = Milestone.objects.filter(person=person, kind=kind).delete()
        if not deleted:
            return
    else:
        Milestone.objects.update_or_create(person=person, kind=kind, defaults={"reached_on": on})
    retally_person(before, standing_of(person.pk))


@transaction.atomic
def replace_milestones(*, kind: MilestoneKind, source: QuerySet) -> int:
    """The rebuild: every milestone of `kind` recomputed from the owning app's raw facts, given as a
    query of (person_id, reached_on) rows, one per person. Returns how many there are now."""
    Milestone.objects.filter(kind=kind).delete()
    select, params = source.query.sql_with_params()
    table = connection.ops.quote_name(Milestone._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (person_id, kind, reached_on) "
            f"SELECT source.person_id, %s, source.reached_on FROM ({select}) source",
            [str(kind), *params],
        )
        return cursor.rowcount


__all__ = ["note_milestone", "replace_milestones", "set_milestone"]
