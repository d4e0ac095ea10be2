"""What a resident counts for in the roll-ups, wherever they live now: born in a year (the adult
population), reached (first skill mastered: as an adult, a woman, a member of a minority), a basic
digital citizen, an OCOP subject trained, a cadre trained. A change to a person (registered, moved,
corrected, a milestone reached) takes back what they counted for before and adds what they count for
now, in the same transaction; `person_tallies` recomputes the same numbers from the register."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from itertools import chain

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear, TruncMonth, TruncWeek

from langso.common.periods import PeriodKind
from langso.people.models import Gender, Milestone, MilestoneKind, Person
from langso.rollups.selectors import ancestry_by_path, ancestry_by_village
from langso.rollups.services import (
    COHORT,
    STOCK_KINDS,
    TOTAL,
    Change,
    TallyKey,
    apply_changes,
    sum_changes,
)

ADULT_AGE = 15
RESIDENTS_BORN = "residents-born"
REACHED = "reached"
REACHED_ADULTS = "reached-adults"
REACHED_WOMEN = "reached-women"
REACHED_MINORITIES = "reached-minorities"
BASIC_CITIZEN_ADULTS = "basic-citizen-adults"
OCOP_TRAINED = "ocop-trained"
CADRES_TRAINED = "cadres-trained"
PERSON_METRICS = (
    RESIDENTS_BORN,
    REACHED,
    REACHED_ADULTS,
    REACHED_WOMEN,
    REACHED_MINORITIES,
    BASIC_CITIZEN_ADULTS,
    OCOP_TRAINED,
    CADRES_TRAINED,
)
COHORTS = (COHORT,)


def is_adult_in(birth_year: int, year: int) -> bool:
    """Aged 15 or more at some point of `year` (by birth year: the register has no birth dates)."""
    return birth_year <= year - ADULT_AGE


#: cohorts born up to this year share one tally: they are adults in every period since 2005, and a
#: dashboard then sums a couple of dozen cohorts instead of ninety
OLDEST_COHORT = 1990


def birth_day(birth_year: int) -> date:
    """The day a birth-year cohort is counted on: adults in year Y are the cohorts up to Y − 15."""
    return date(max(birth_year, OLDEST_COHORT), 1, 1)


@dataclass(frozen=True)
class Standing:
    """What of a person the roll-ups count: where they live and the facts about them."""

    unit_ids: tuple[int, ...]
    gender: str
    birth_year: int
    is_minority: bool
    is_cadre: bool
    is_ocop_subject: bool
    milestones: Mapping[str, date] = field(default_factory=dict)


_STANDING_FIELDS = [
    "gender",
    "birth_year",
    "ethnicity__is_majority",
    "is_cadre",
    "is_ocop_subject",
    "village_id",
    "village__path",
]


def standing_of(person_id: int, *, lock: bool = False) -> Standing | None:
    """The person as stored now, or None when there is no such person (two queries: the person with a
    row per milestone, then where their village lies). `lock` holds the person's row until the
    transaction ends, so that two changes to them re-count in turn."""
    people = Person.objects.filter(pk=person_id)
    if lock:
        people = people.select_for_update(of=("self",))
    rows = list(people.values_list(*_STANDING_FIELDS, "milestones__kind", "milestones__reached_on"))
    if not rows:
        return None
    gender, birth_year, is_majority, is_cadre, is_ocop_subject, village_id, village_path, *_milestone = rows[
        0
    ]
    return Standing(
        unit_ids=ancestry_by_path({village_id: village_path})[village_id],
        gender=gender,
        birth_year=birth_year,
        is_minority=not is_majority,
        is_cadre=is_cadre,
        is_ocop_subject=is_ocop_subject,
        milestones={kind: day for *_person, kind, day in rows if kind is not None},
    )


def changes_of(standing: Standing) -> list[Change]:
    """Everything a person in this standing adds to the tallies."""
    units, milestones = standing.unit_ids, standing.milestones
    changes = [Change(RESIDENTS_BORN, units, birth_day(standing.birth_year), kinds=COHORTS)]
    mastered = milestones.get(MilestoneKind.MASTERED)
    if mastered is not None:
        changes.append(Change(REACHED, units, mastered, kinds=STOCK_KINDS))
        if is_adult_in(standing.birth_year, mastered.year):
            changes.append(Change(REACHED_ADULTS, units, mastered, kinds=STOCK_KINDS))
        if standing.gender == Gender.FEMALE:
            changes.append(Change(REACHED_WOMEN, units, mastered, kinds=STOCK_KINDS))
        if standing.is_minority:
            changes.append(Change(REACHED_MINORITIES, units, mastered, kinds=STOCK_KINDS))
    basic = milestones.get(MilestoneKind.BASIC_CITIZEN)
    if basic is not None and is_adult_in(standing.birth_year, basic.year):
        changes.append(Change(BASIC_CITIZEN_ADULTS, units, basic, kinds=STOCK_KINDS))
    trained = [day for day in (mastered, milestones.get(MilestoneKind.CASCADE)) if day is not None]
    if standing.is_ocop_subject and trained:
        changes.append(Change(OCOP_TRAINED, units, min(trained), kinds=STOCK_KINDS))
    conference = milestones.get(MilestoneKind.CONFERENCE)
    if standing.is_cadre and conference is not None:
        changes.append(Change(CADRES_TRAINED, units, conference, kinds=STOCK_KINDS))
    return changes


def retally_person(before: Standing | None, after: Standing | None) -> None:
    """Take back what the person counted for and add what they count for now (one statement)."""
    taken_back = [change.negated() for change in changes_of(before)] if before else []
    apply_changes([*taken_back, *(changes_of(after) if after else [])])


def tally_new_people(people: Iterable[Person]) -> None:
    """Count people just created in bulk (an import): they have no milestones yet."""
    people = list(people)
    ancestry = ancestry_by_village({person.village_id for person in people})
    apply_changes(
        Change(RESIDENTS_BORN, ancestry[person.village_id], birth_day(person.birth_year), kinds=COHORTS)
        for person in people
    )


# The rebuild: the same numbers from the register and the milestones, grouped in the database.


def person_tallies() -> Counter[TallyKey]:
    """Every person metric's tallies recomputed from the register and the milestones."""
    ancestry = ancestry_by_village(None)
    return sum_changes(
        chain(
            _born(ancestry),
            _reached(ancestry),
            _milestone_counts(
                ancestry,
                Milestone.objects.filter(ADULT_WHEN_REACHED, kind=MilestoneKind.BASIC_CITIZEN),
                BASIC_CITIZEN_ADULTS,
            ),
            _milestone_counts(
                ancestry,
                Milestone.objects.filter(kind=MilestoneKind.CONFERENCE, person__is_cadre=True),
                CADRES_TRAINED,
            ),
            _ocop_trained(ancestry),
        )
    )


Ancestry = Mapping[int, tuple[int, ...]]
#: the milestone was reached in a year when the person was an adult (`is_adult_in`, in the database)
ADULT_WHEN_REACHED = Q(person__birth_year__lte=ExtractYear("reached_on") - ADULT_AGE)
#: milestones are grouped by week (counted in that week) and by month (counted in its month, quarter
#: and year, and in the stock's running total): a stock goes into every bucket once
BUCKETS = {
    TruncWeek: (PeriodKind.WEEK,),
    TruncMonth: (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR, TOTAL),
}


def _born(ancestry: Ancestry) -> Iterator[Change]:
    born = Person.objects.values_list("village_id", "birth_year").annotate(n=Count("id")).order_by()
    for village_id, birth_year, count in born:
        yield Change(RESIDENTS_BORN, ancestry[village_id], birth_day(birth_year), count, COHORTS)


def _reached(ancestry: Ancestry) -> Iterator[Change]:
    mastered = Milestone.objects.filter(kind=MilestoneKind.MASTERED)
    for trunc, kinds in BUCKETS.items():
        rows = (
            mastered.values_list("person__village_id", trunc("reached_on"))
            .annotate(
                reached=Count("id"),
                adults=Count("id", filter=ADULT_WHEN_REACHED),
                women=Count("id", filter=Q(person__gender=Gender.FEMALE)),
                minorities=Count("id", filter=Q(person__ethnicity__is_majority=False)),
            )
            .order_by()
        )
        for village_id, start, reached, adults, women, minorities in rows:
            units = ancestry[village_id]
            yield Change(REACHED, units, start, reached, kinds)
            yield Change(REACHED_ADULTS, units, start, adults, kinds)
            yield Change(REACHED_WOMEN, units, start, women, kinds)
            yield Change(REACHED_MINORITIES, units, start, minorities, kinds)


def _milestone_counts(ancestry: Ancestry, milestones: QuerySet[Milestone], metric: str) -> Iterator[Change]:
    for trunc, kinds in BUCKETS.items():
        rows = milestones.values_list("person__village_id", trunc("reached_on")).annotate(n=Count("id"))
        for village_id, start, count in rows.order_by():
            yield Change(metric, ancestry[village_id], start, count, kinds)


def _ocop_trained(ancestry: Ancestry) -> Iterator[Change]:
    """OCOP subjects are few: their first training day is taken person by person."""
    first: dict[int, tuple[int, date]] = {}
    rows = Milestone.objects.filter(
        person__is_ocop_subject=True, kind__in=[MilestoneKind.MASTERED, MilestoneKind.CASCADE]
    ).values_list("person_id", "person__village_id", "reached_on")
    for person_id, village_id, day in rows.iterator(chunk_size=5000):
        if person_id not in first or day < first[person_id][1]:
            first[person_id] = (village_id, day)
    for village_id, day in first.values():
        yield Change(OCOP_TRAINED, ancestry[village_id], day, 1, STOCK_KINDS)


__all__ = [
    "ADULT_AGE",
    "PERSON_METRICS",
    "Standing",
    "birth_day",
    "changes_of",
    "is_adult_in",
    "person_tallies",
    "retally_person",
    "standing_of",
    "tally_new_people",
]
