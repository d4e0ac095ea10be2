"""Reads of people and units, always through the viewing user's jurisdiction."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from langso.accounts.jurisdiction import Action, may, scope_filter, top_units_ids
from langso.accounts.models import User
from langso.common.text import normalize_text
from langso.people.models import ImportBatch, Membership, Organization, Person
from langso.people.services.tallies import RESIDENTS_BORN
from langso.places.models import Unit, UnitKind
from langso.places.selectors import ancestors_of, subtree_filter, units_in_subtree
from langso.rollups.selectors import totals_of
from langso.rollups.services import COHORT

#: the Person column that holds a unit of each kind: counts group on it without a join
PERSON_FIELD_OF_KIND = {
    UnitKind.PROVINCE: "province",
    UnitKind.COMMUNE: "commune",
    UnitKind.VILLAGE: "village",
}


def units_visible_to(user: User) -> QuerySet[Unit]:
    """Every unit at or below one of the user's assignments that lets them browse."""
    return Unit.objects.filter(scope_filter(user, Action.VIEW_UNITS))


def home_units_of(user: User) -> list[Unit]:
    """The highest units the user may browse: where the hierarchy starts for them."""
    return list(Unit.objects.filter(id__in=top_units_ids(user, Action.VIEW_UNITS)).order_by("path"))


def get_unit_visible_to(user: User, code: str) -> Unit:
    """The unit with `code` if the user may browse it; 404 otherwise (never confirm it exists)."""
    unit = units_visible_to(user).filter(code=code).select_related("parent").first()
    if unit is None:
        raise Http404
    return unit


def breadcrumb_for(user: User, unit: Unit) -> list[Unit]:
    """The units above `unit` that the user may open, root first."""
    return [ancestor for ancestor in ancestors_of(unit) if may(user, Action.VIEW_UNITS, ancestor)]


def child_units_with_counts(user: User, unit: Unit) -> list[Unit]:
    """The children of `unit` with `resident_count` and `village_count` on each, in two queries."""
    children = list(units_visible_to(user).filter(parent=unit).order_by("name"))
    if not children:
        return children
    counts = residents_in(children)
    villages = dict(
        Unit.objects.filter(parent__in=children).values_list("parent").annotate(n=Count("id")).order_by()
    )
    for child in children:
        child.resident_count = counts.get(child.id, 0)  # type: ignore[attr-defined]
        child.village_count = villages.get(child.id, 0)  # type: ignore[attr-defined]
    return children


def villages_in(unit: Unit) -> QuerySet[Unit]:
    """The villages at or below `unit`, by name."""
    return units_in_subtree(unit, kind=UnitKind.VILLAGE).order_by("name")


def people_visible_to(user: User, action: Action = Action.VIEW_PEOPLE) -> QuerySet[Person]:
    """Residents of every village in the user's jurisdiction for `action`."""
    return Person.objects.filter(scope_filter(user, action, via="village"))


def search_people(people: QuerySet[Person], *, query: str = "", unit: Unit | None = None) -> QuerySet[Person]:
    """`people` whose name contains every word of `query`, ignoring case and diacritics."""
    if unit is not None:
        people = people.filter(subtree_filter(unit.path, via="village"))
    for word in normalize_text(query).split():
        people = people.filter(search_name__contains=word)
    return people.select_related("village", "ethnicity").order_by("search_name", "id")


def people_page(
    user: User, *, unit: Unit | None, query: str, number: str | None, per_page: int
) -> Page[Person]:
    """One page of the residents the user may see, below `unit` and matching `query`, by name. When
    the page lists a whole unit, how many there are comes from the roll-ups instead of a count over
    its people (a province's 1.5 M rows on every page turn)."""
    paginator = Paginator(search_people(people_visible_to(user), query=query, unit=unit), per_page)
    if unit is not None and not normalize_text(query).split() and may(user, Action.VIEW_PEOPLE, unit):
        paginator.count = count_people_in(unit)  # the whole unit is listed
    return paginator.get_page(number)


def get_person_visible_to(user: User, person_id: int, action: Action = Action.VIEW_PEOPLE) -> Person:
    """One resident with village, commune, ethnicity and memberships; 404 when out of reach."""
    memberships = Prefetch("memberships", Membership.objects.select_related("organization"))
    person = (
        people_visible_to(user, action)
        .select_related("village", "commune", "ethnicity")
        .prefetch_related(memberships)
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise Http404
    return person


def count_people_in(unit: Unit) -> int:
    """How many residents live at or below `unit`."""
    return residents_in([unit])[unit.pk]


def residents_in(units: list[Unit]) -> dict[int, int]:
    """Per unit id, how many residents live at or below it, read from the roll-ups (a few dozen
    birth-cohort rows per unit instead of counting a province's million people; every registration,
    move and import keeps them current in its own transaction)."""
    return totals_of(RESIDENTS_BORN, COHORT, units)


def organizations_at(unit: Unit) -> QuerySet[Organization]:
    """The organizations of `unit` and of the units above it (a villager may join the commune's)."""
    return Organization.objects.filter(unit__path__in=unit.ancestor_paths).select_related("unit")


def get_import_batch_for(user: User, batch_id: int) -> ImportBatch:
    """An import the user started, while they may still import into its unit; 404 otherwise."""
    batch = ImportBatch.objects.filter(pk=batch_id, created_by=user).select_related("scope_unit").first()
    if batch is None or not may(user, Action.IMPORT_PEOPLE, batch.scope_unit):
        raise Http404
    return batch


def units_where(user: User, action: Action) -> QuerySet[Unit]:
    """The top units where the user may `action` (to offer as choices, e.g. for an import)."""
    return Unit.objects.filter(id__in=top_units_ids(user, action)).order_by("path")
