"""Reads of the progress matrix (people × skills), always through the viewing user's jurisdiction.

The matrix is built in two steps so that a class can reuse it later: `people_for_progress` gives the
scoped, filtered people of a unit (a class will give its enrolled people instead), and
`progress_matrix` reads attempts and masteries for just the people of one page.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from langso.accounts.jurisdiction import Action, scope_filter
from langso.accounts.models import User
from langso.learning.content import localized
from langso.learning.models import Attempt, Mastery, MasterySource, Skill
from langso.people.models import Ethnicity, Person
from langso.places.models import Unit
from langso.places.selectors import subtree_filter

#: age bands of the filter: key -> (youngest, oldest or None for "and over"), in years
AGE_BANDS: dict[str, tuple[int, int | None]] = {
    "16-39": (16, 39),
    "40-59": (40, 59),
    "60-74": (60, 74),
    "75+": (75, None),
}


@dataclass(frozen=True)
class ProgressFilters:
    """Which of a unit's residents the matrix shows; an empty field does not filter."""

    village: Unit | None = None
    gender: str = ""
    ethnicity: Ethnicity | None = None
    age_band: str = ""

    def as_detail(self) -> dict[str, str]:
        """The filters as plain text, for the audit log."""
        return {
            "village": self.village.code if self.village else "",
            "gender": self.gender,
            "ethnicity": self.ethnicity.code if self.ethnicity else "",
            "age_band": self.age_band,
        }


def get_unit_for_progress(user: User, code: str) -> Unit:
    """The unit with `code` if the user may see its progress; 404 otherwise (never confirm it exists)."""
    unit = Unit.objects.filter(scope_filter(user, Action.VIEW_PROGRESS), code=code).first()
    if unit is None:
        raise Http404
    return unit


def people_for_progress(
    user: User, unit: Unit, filters: ProgressFilters, *, today: datetime.date | None = None
) -> QuerySet[Person]:
    """The residents at or below `unit` whose progress the user may see, narrowed by `filters`,
    by name, with their village and ethnic group."""
    people = Person.objects.filter(scope_filter(user, Action.VIEW_PROGRESS, via="village")).filter(
        subtree_filter(unit.path, via="village")
    )
    return filter_people(people, filters, today=today)


def filter_people(
    people: QuerySet[Person], filters: ProgressFilters, *, today: datetime.date | None = None
) -> QuerySet[Person]:
    """`people` (already scoped: a unit's, or later a class's) narrowed by `filters`, by name. Ages
    count from the birth year to `today`'s year (default: today)."""
    if filters.village is not None:
        people = people.filter(subtree_filter(filters.village.path, via="village"))
    if filters.gender:
        people = people.filter(gender=filters.gender)
    if filters.ethnicity is not None:
        people = people.filter(ethnicity=filters.ethnicity)
    if filters.age_band in AGE_BANDS:
        youngest, oldest = AGE_BANDS[filters.age_band]
        year = (today or timezone.localdate()).year
        people = people.filter(birth_year__lte=year - youngest)
        if oldest is not None:
            people = people.filter(birth_year__gte=year - oldest)
    return people.select_related("village", "ethnicity").order_by("search_name", "id")


class CellStatus(StrEnum):
    NOT_STARTED = "not_started"
    TRIED = "tried"
    MASTERED = "mastered"


@dataclass(frozen=True)
class Cell:
    """Where one person stands on one skill: practice sets taken, and how it was mastered, if it was."""

    attempts: int = 0
    mastered_by: str = ""  # "" when not mastered, else a MasterySource value

    @property
    def status(self) -> CellStatus:
        if self.mastered_by:
            return CellStatus.MASTERED
        return CellStatus.TRIED if self.attempts else CellStatus.NOT_STARTED

    @property
    def label(self) -> str:
        """What the cell says, in the active language; the page and the export show the same text."""
        if self.mastered_by == MasterySource.MENTOR:
            # Translators: a cell of the progress matrix: mastered in a mentor's hands-on check
            return gettext("✓ hands-on check")
        if self.mastered_by:
            # Translators: a cell of the progress matrix: mastered by passing a practice set
            return gettext("✓ practice")
        if self.attempts:
            # Translators: a cell of the progress matrix: practice sets taken, not mastered yet
            return ngettext("%(count)s attempt", "%(count)s attempts", self.attempts) % {
                "count": self.attempts
            }
        return "—"

    @property
    def meaning(self) -> str:
        """What the cell's status means, in words (for the legend and screen readers)."""
        if self.mastered_by == MasterySource.MENTOR:
            return gettext("Mastered: a mentor watched them do it (hands-on check)")
        if self.mastered_by:
            return gettext("Mastered: passed a practice set")
        if self.attempts:
            return gettext("Practising, not mastered yet: practice sets taken so far")
        return gettext("Not started")


@dataclass(frozen=True)
class MatrixRow:
    person: Person
    #: one cell per skill, in the order of the skills given
    cells: list[Cell]


@dataclass(frozen=True)
class SkillColumn:
    skill: Skill
    title: str
    #: how many of the (filtered) people have mastered the skill
    mastered: int


def skill_columns(people: QuerySet[Person]) -> list[SkillColumn]:
    """Every skill in course order, with how many of `people` have mastered it, in two queries."""
    mastered = dict(
        Mastery.objects.filter(person__in=people.order_by().values("id"))
        .values_list("skill_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        SkillColumn(skill=skill, title=localized(skill.title), mastered=mastered.get(skill.pk, 0))
        for skill in Skill.objects.order_by("order")
    ]


def progress_matrix(people_page: Iterable[Person], skills: Sequence[Skill]) -> list[MatrixRow]:
    """One row per person of the page, one cell per skill: attempts are counted and masteries read
    for just these people, in two queries whatever their number."""
    people = list(people_page)
    ids = [person.pk for person in people]
    skill_ids = [skill.pk for skill in skills]
    attempts: dict[tuple[int, int], int] = {
        (person_id, skill_id): n
        for person_id, skill_id, n in Attempt.objects.filter(person_id__in=ids, skill_id__in=skill_ids)
        .values("person_id", "skill_id")
        .annotate(n=Count("id"))
        .values_list("person_id", "skill_id", "n")
        .order_by()
    }
    masteries: dict[tuple[int, int], str] = {
        (person_id, skill_id): source
        for person_id, skill_id, source in Mastery.objects.filter(
            person_id__in=ids, skill_id__in=skill_ids
        ).values_list("person_id", "skill_id", "source")
    }
    return [
        MatrixRow(
            person=person,
            cells=[
                Cell(
                    attempts=attempts.get((person.pk, skill_id), 0),
                    mastered_by=masteries.get((person.pk, skill_id), ""),
                )
                for skill_id in skill_ids
            ],
        )
        for person in people
    ]


def legend() -> list[Cell]:
    """One example cell of each kind, for the legend beside the matrix."""
    return [
        Cell(),
        Cell(attempts=2),
        Cell(attempts=1, mastered_by=MasterySource.PRACTICE),
        Cell(attempts=3, mastered_by=MasterySource.MENTOR),
    ]
