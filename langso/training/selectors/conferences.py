"""Reads of conferences, always through the viewing user's jurisdiction.

A conference is visible to users whose scope contains its unit, and also to users below it: a
province conference is seen by the commune cadres who send people to it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from langso.accounts.jurisdiction import ROLE_ACTIONS, Action, grants_of, may, scope_filter
from langso.accounts.models import User
from langso.people.models import Organization, Person
from langso.people.selectors import people_visible_to, search_people
from langso.places.models import Unit
from langso.training.models import Conference, ConferenceMaterial, ConferenceRegistration

CANDIDATE_LIMIT = 30


def _units_above_scope(user: User, action: Action) -> Q:
    """Rows whose unit lies above (or at) one of the user's assignments for `action`."""
    paths: set[str] = set()
    for grant in grants_of(user):
        if action in ROLE_ACTIONS.get(grant.role, ()):
            paths.update(Unit(path=grant.unit_path).ancestor_paths)
    return Q(unit__path__in=sorted(paths)) if paths else Q(pk__in=[])


def conferences_visible_to(user: User) -> QuerySet[Conference]:
    """Conferences held in the user's training scope or by a unit above it."""
    visible = scope_filter(user, Action.VIEW_TRAINING, via="unit") | _units_above_scope(
        user, Action.VIEW_TRAINING
    )
    return Conference.objects.filter(visible).select_related("organizer", "unit")


def conference_list_for(user: User) -> QuerySet[Conference]:
    """The visible conferences with their registered and attended counts, latest first."""
    return (
        conferences_visible_to(user)
        .annotate(
            registered_count=Count("registrations"),
            attended_count=Count("registrations", filter=Q(registrations__attended_at__isnull=False)),
        )
        .order_by("-starts_on", "title", "id")
    )


def get_conference_visible_to(user: User, conference_id: int) -> Conference:
    """One visible conference; 404 when out of reach (never confirm it exists)."""
    conference = conferences_visible_to(user).filter(pk=conference_id).first()
    if conference is None:
        raise Http404
    return conference


def get_conference_managed_by(user: User, conference_id: int) -> Conference:
    """A conference the user may change; 404 otherwise."""
    conference = get_conference_visible_to(user, conference_id)
    if not may_manage_conference(user, conference):
        raise Http404
    return conference


def may_manage_conference(user: User, conference: Conference) -> bool:
    """Whether the user may change the conference, mark attendance and handle its materials."""
    return may(user, Action.MANAGE_CONFERENCES, conference.unit)


def may_register_people(user: User) -> bool:
    """Whether the user runs conferences anywhere (and so may register the people they manage)."""
    return any(Action.MANAGE_CONFERENCES in ROLE_ACTIONS.get(g.role, ()) for g in grants_of(user))


def organizers_for(user: User) -> QuerySet[Organization]:
    """The organizations the user may run conferences for."""
    return Organization.objects.filter(
        scope_filter(user, Action.MANAGE_CONFERENCES, via="unit")
    ).select_related("unit")


@dataclass
class RegistrationCounts:
    registered: int
    attended: int
    hidden: int  # registered people outside the viewer's reach: counted, not named


def registrations_for(user: User, conference: Conference) -> list[ConferenceRegistration]:
    """The conference's registrations of people the user may see, by name, each with
    `attended_today` (an attendance that may still be undone)."""
    return with_attended_today(
        conference.registrations.filter(scope_filter(user, Action.VIEW_PEOPLE, via="person__village"))
        .select_related("person__village")
        .order_by("person__search_name", "person_id")
    )


def with_attended_today(registrations: Iterable[ConferenceRegistration]) -> list[ConferenceRegistration]:
    """The registrations, each with `attended_today` set."""
    today = timezone.localdate()
    chosen = list(registrations)
    for registration in chosen:
        attended_at = registration.attended_at
        registration.attended_today = (  # type: ignore[attr-defined]
            attended_at is not None and timezone.localdate(attended_at) == today
        )
    return chosen


def registration_counts(conference: Conference, shown: int) -> RegistrationCounts:
    """How many are registered and came (everyone, named or not), in one query."""
    counts = conference.registrations.aggregate(
        registered=Count("id"), attended=Count("id", filter=Q(attended_at__isnull=False))
    )
    return RegistrationCounts(counts["registered"], counts["attended"], counts["registered"] - shown)


def get_registration_for_attendance(
    user: User, conference: Conference, person_id: int
) -> ConferenceRegistration:
    """The registration of a person the user may see at a conference they manage; 404 otherwise."""
    registration = (
        conference.registrations.filter(scope_filter(user, Action.VIEW_PEOPLE, via="person__village"))
        .select_related("person__village", "conference__unit")
        .filter(person_id=person_id)
        .first()
    )
    if registration is None or not may_manage_conference(user, conference):
        raise Http404
    return registration


def people_registrable_by(user: User) -> QuerySet[Person]:
    """Residents the user may register to a conference: people they manage, where they run conferences."""
    return people_visible_to(user, Action.MANAGE_PEOPLE).filter(
        scope_filter(user, Action.MANAGE_CONFERENCES, via="village")
    )


def registration_candidates(user: User, conference: Conference, query: str) -> list[Person]:
    """Up to CANDIDATE_LIMIT registrable people matching `query` (accents optional), each with
    `is_registered`."""
    if not query.strip():
        return []
    people = list(search_people(people_registrable_by(user), query=query)[:CANDIDATE_LIMIT])
    registered = set(
        conference.registrations.filter(person__in=[p.pk for p in people]).values_list("person_id", flat=True)
    )
    for person in people:
        person.is_registered = person.pk in registered  # type: ignore[attr-defined]
    return people


def get_registrable_person(user: User, person_id: int) -> Person:
    """A person the user may register; 404 otherwise."""
    person = people_registrable_by(user).select_related("village").filter(pk=person_id).first()
    if person is None:
        raise Http404
    return person


def materials_of(conference: Conference) -> QuerySet[ConferenceMaterial]:
    """The files handed out at the conference, in upload order."""
    return conference.materials.order_by("uploaded_at", "id")


def get_material_visible_to(user: User, material_id: int) -> ConferenceMaterial:
    """A material of a visible conference; 404 otherwise."""
    material = (
        ConferenceMaterial.objects.filter(conference__in=conferences_visible_to(user))
        .select_related("conference__unit")
        .filter(pk=material_id)
        .first()
    )
    if material is None:
        raise Http404
    return material
