"""Milestones: the first time a resident mastered a skill, became a basic digital citizen, was
trained in the cascade or attended a training conference. The apps owning those facts report them
here; each change re-counts the person in the roll-ups in the same transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.db import connection, transaction
from django.db.models import QuerySet

from langso.people.models import Milestone, MilestoneKind, Person
from langso.people.services.tallies import retally_person, standing_of
from langso.rollups.services import joins_the_fact


@joins_the_fact
def note_milestone(*, person: Person, kind: MilestoneKind, on: date) -> None:
    """The person reached `kind` on `on` (their local day): kept when it is their first time."""
    _change_milestone(person.pk, kind, on, keep_earlier=True)


@joins_the_fact
def set_milestone(*, person: Person, kind: MilestoneKind, on: date | None) -> None:
    """Set when the person first reached `kind`, or None when no fact supports it any more (the
    owning app took its fact back and computed what remains)."""
    _change_milestone(person.pk, kind, on, keep_earlier=False)


def _change_milestone(person_id: int, kind: MilestoneKind, on: date | None, *, keep_earlier: bool) -> None:
    """Write the milestone and re-count the person in the roll-ups (four queries when it changes)."""
    before = standing_of(person_id, lock=True)
    if before is None:
        return
    current = before.milestones.get(kind)
    if current == on or (keep_earlier and current is not None and on is not None and current <= on):
        return
    milestones = Milestone.objects.filter(person_id=person_id, kind=kind)
    if on is None:
        milestones.delete()
    elif current is None:
        Milestone.objects.create(person_id=person_id, kind=kind, reached_on=on)
    else:
        milestones.update(reached_on=on)
    after = (
        {**before.milestones, kind: on}
        if on is not None
        else {k: v for k, v in before.milestones.items() if k != kind}
    )
    retally_person(before, replace(before, milestones=after))


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
