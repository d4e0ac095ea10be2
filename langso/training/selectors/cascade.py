"""Reads of the cascade: how far a person's, a conference's or an organization's training reached.

The reach is walked level by level (one query for the next level's ids, one aggregate for its
figures), with a visited set, so a cycle or a diamond counts each person once, at their shortest
depth."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from langso.accounts.jurisdiction import Action, top_units_ids
from langso.accounts.models import User
from langso.people.models import Gender, Organization, Person
from langso.people.selectors import people_visible_to, search_people
from langso.places.models import Unit
from langso.places.selectors import subtree_filter
from langso.training.models import Conference, TrainingLink
from langso.training.selectors.conferences import conferences_visible_to

MAX_DEPTH = 12
#: ids sent in one IN (…) list: well under SQLite's limit on query parameters
CHUNK = 5000
NAMES_PER_LEVEL = 50
BAR_HEIGHT = 36
LEVEL_NAMES = {1: _("Direct"), 2: _("Second level"), 3: _("Third level"), 4: _("Fourth level")}


@dataclass
class Level:
    """The people at one depth of a reach (or, with depth 0, at every depth)."""

    depth: int
    people: int = 0
    women: int = 0
    minorities: int = 0
    ocop_subjects: int = 0
    cadres: int = 0

    @property
    def label(self) -> str | Promise:
        return LEVEL_NAMES.get(self.depth) or _("Level %(depth)s") % {"depth": self.depth}

    def add(self, other: Level) -> None:
        self.people += other.people
        self.women += other.women
        self.minorities += other.minorities
        self.ocop_subjects += other.ocop_subjects
        self.cadres += other.cadres


@dataclass
class Reach:
    """Everyone below a root of the cascade, by depth, with totals and ethnic groups."""

    levels: list[Level]
    total: Level
    by_ethnicity: list[tuple[str, int]]
    ids_by_level: list[set[int]] = field(repr=False)
    #: whether people lie deeper than MAX_DEPTH (not counted)
    is_capped: bool = False

    @property
    def below_first_level(self) -> Level:
        """Everyone reached through those trained directly (the unions' "members reached")."""
        rest = Level(depth=0)
        for level in self.levels[1:]:
            rest.add(level)
        return rest


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _trainees_of(links: Q, frontier: set[int], *, via: str) -> set[int]:
    found: set[int] = set()
    for chunk in _chunks(frontier):
        found.update(
            TrainingLink.objects.filter(links, **{f"{via}__in": chunk}).values_list("trainee_id", flat=True)
        )
    return found


def _figures_of(depth: int, ids: set[int]) -> Level:
    level = Level(depth=depth)
    for chunk in _chunks(ids):
        row = Person.objects.filter(id__in=chunk).aggregate(
            people=Count("id"),
            women=Count("id", filter=Q(gender=Gender.FEMALE)),
            minorities=Count("id", filter=Q(ethnicity__is_majority=False)),
            ocop_subjects=Count("id", filter=Q(is_ocop_subject=True)),
            cadres=Count("id", filter=Q(is_cadre=True)),
        )
        level.add(Level(depth=depth, **row))
    return level


def _by_ethnicity(ids: set[int]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for chunk in _chunks(ids):
        rows = (
            Person.objects.filter(id__in=chunk)
            .values_list("ethnicity__name")
            .annotate(n=Count("id"))
            .order_by()
        )
        for name, n in rows:
            counts[name] = counts.get(name, 0) + n
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def reach_of(
    *, people: Iterable[int] = (), conferences: Iterable[int] = (), max_depth: int = MAX_DEPTH
) -> Reach:
    """Everyone trained by the given people or at the given conferences, and by those in turn,
    down to `max_depth` levels. The root people themselves are never counted."""
    root_people, root_conferences = set(people), set(conferences)
    visited = set(root_people)
    frontier = _trainees_of(Q(), root_people, via="trainer_id") | _trainees_of(
        Q(), root_conferences, via="conference_id"
    )
    ids_by_level: list[set[int]] = []
    while frontier and len(ids_by_level) < max_depth:
        level_ids = frontier - visited
        if not level_ids:
            break
        ids_by_level.append(level_ids)
        visited |= level_ids
        frontier = _trainees_of(Q(), level_ids, via="trainer_id")
    is_capped = bool(frontier - visited) and len(ids_by_level) == max_depth
    levels = [_figures_of(depth, ids) for depth, ids in enumerate(ids_by_level, start=1)]
    total = Level(depth=0)
    for level in levels:
        total.add(level)
    everyone = set().union(*ids_by_level) if ids_by_level else set()
    return Reach(levels, total, _by_ethnicity(everyone), ids_by_level, is_capped)


def reach_of_person(person: Person) -> Reach:
    """Everyone below `person` in the cascade."""
    return reach_of(people=[person.pk])


def reach_of_conference(conference: Conference) -> Reach:
    """The cadres trained at `conference` (level 1) and everyone below them."""
    return reach_of(conferences=[conference.pk])


def names_by_level(user: User, reach: Reach, limit: int = NAMES_PER_LEVEL) -> list[list[Person]]:
    """For each level, up to `limit` of its people the user may see, by name (one query a level,
    more only for a level of thousands)."""
    visible = people_visible_to(user, Action.VIEW_TRAINING).select_related("village")
    names: list[list[Person]] = []
    for ids in reach.ids_by_level:
        shown: list[Person] = []
        for chunk in _chunks(ids):
            shown += visible.filter(id__in=chunk).order_by("search_name", "id")[: limit - len(shown)]
            if len(shown) >= limit:
                break
        names.append(sorted(shown, key=lambda person: (person.search_name, person.pk)))
    return names


@dataclass
class Bar:
    label: str | Promise
    people: int
    length: int  # in the chart's units, the longest bar being `max_length`
    y: int


def bars_of(reach: Reach, *, max_length: int = 160, height: int = BAR_HEIGHT) -> list[Bar]:
    """The bars of the chart of people per level (the SVG is drawn by the template)."""
    longest = max((level.people for level in reach.levels), default=0) or 1
    return [
        Bar(level.label, level.people, max(1, round(max_length * level.people / longest)), index * height)
        for index, level in enumerate(reach.levels)
    ]


def percent(part: int, whole: int) -> int | None:
    """`part` as a rounded percentage of `whole`; None when there is no whole."""
    return round(100 * part / whole) if whole else None


@dataclass
class OrganizationReach:
    """An organization's conferences and what they reached, in the unions' words."""

    organization: Organization
    conferences: list[Conference]
    reach: Reach

    @property
    def cadres_trained(self) -> int:
        return self.reach.levels[0].people if self.reach.levels else 0

    @property
    def members_reached(self) -> int:
        return self.reach.below_first_level.people

    @property
    def minority_percent(self) -> int | None:
        rest = self.reach.below_first_level
        return percent(rest.minorities, rest.people)

    @property
    def ocop_percent(self) -> int | None:
        rest = self.reach.below_first_level
        return percent(rest.ocop_subjects, rest.people)


def may_view_cascade(user: User) -> bool:
    """Whether the user may see the cascade anywhere."""
    return bool(top_units_ids(user, Action.VIEW_TRAINING))


def organizers_visible_to(user: User) -> QuerySet[Organization]:
    """The organizations with a conference the user may see."""
    return (
        Organization.objects.filter(pk__in=conferences_visible_to(user).values("organizer_id"))
        .select_related("unit")
        .order_by("unit__path", "kind")
    )


def organization_reach(organizations: Iterable[Organization]) -> list[OrganizationReach]:
    """Each organization's conferences and their reach (a walk per organization: call it on a
    page of a few organizations)."""
    chosen = list(organizations)
    conferences: dict[int, list[Conference]] = {org.pk: [] for org in chosen}
    for conference in Conference.objects.filter(organizer__in=chosen).order_by("-starts_on", "title"):
        conferences[conference.organizer_id].append(conference)
    return [
        OrganizationReach(org, conferences[org.pk], reach_of(conferences=[c.pk for c in conferences[org.pk]]))
        for org in chosen
    ]


def get_person_for_reach(user: User, person_id: int) -> Person:
    """A person whose training the user may see; 404 otherwise."""
    person = (
        people_visible_to(user, Action.VIEW_TRAINING)
        .select_related("village", "ethnicity")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise Http404
    return person


def trainers_of(user: User, person: Person) -> list[TrainingLink]:
    """Who trained `person` (people the user may see, and conferences), first links first."""
    visible = Q(trainer__isnull=True) | Q(trainer__in=people_visible_to(user, Action.VIEW_TRAINING))
    return list(
        person.trained_by_links.filter(visible)
        .select_related("trainer", "conference")
        .order_by("taught_on", "id")
    )


@dataclass
class CascadeFigures:
    """What a unit's conferences did in a period, for reports."""

    conferences: int
    cadres_trained: int
    people_reached: int
    minorities: int
    ocop_subjects: int


def cascade_figures(*, unit: Unit, start: datetime.date, end: datetime.date) -> CascadeFigures:
    """Conferences held in `unit`'s subtree starting between `start` and `end`, the cadres trained
    at them, and the people reached through the cascade below those cadres."""
    conference_ids = list(
        Conference.objects.filter(
            subtree_filter(unit.path, via="unit"), starts_on__range=(start, end)
        ).values_list("id", flat=True)
    )
    reach = reach_of(conferences=conference_ids)
    rest = reach.below_first_level
    return CascadeFigures(
        conferences=len(conference_ids),
        cadres_trained=reach.levels[0].people if reach.levels else 0,
        people_reached=rest.people,
        minorities=rest.minorities,
        ocop_subjects=rest.ocop_subjects,
    )


def people_for_recording(user: User) -> QuerySet[Person]:
    """Residents the user may record trainings for."""
    return people_visible_to(user, Action.RECORD_TRAINING)


def may_record_training(user: User) -> bool:
    """Whether the user may record trainings anywhere."""
    return bool(top_units_ids(user, Action.RECORD_TRAINING))


def get_person_for_recording(user: User, person_id: int) -> Person:
    """A person the user may record a training for; 404 otherwise."""
    person = people_for_recording(user).select_related("village").filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person


def trainee_choices(user: User, trainer: Person, query: str = "", limit: int = 40) -> list[Person]:
    """People the trainer might have taught: matching `query`, or else the trainer's village
    neighbours; each with `is_trained` (already linked to this trainer)."""
    people = people_for_recording(user).exclude(pk=trainer.pk)
    if query.strip():
        chosen = list(search_people(people, query=query)[:limit])
    else:
        chosen = list(
            people.filter(village_id=trainer.village_id)
            .select_related("village")
            .order_by("search_name", "id")[:limit]
        )
    trained = set(
        TrainingLink.objects.filter(trainer=trainer, trainee__in=[p.pk for p in chosen]).values_list(
            "trainee_id", flat=True
        )
    )
    for person in chosen:
        person.is_trained = person.pk in trained  # type: ignore[attr-defined]
    return chosen


def find_people(user: User, action: Action, query: str, limit: int = 20) -> list[Person]:
    """Up to `limit` people the user may `action` on whose name matches `query` (accents optional)."""
    if not query.strip():
        return []
    return list(search_people(people_visible_to(user, action), query=query)[:limit])
