"""Reads of digital technology teams, scoped by VIEW_TRAINING at the team's unit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from langso.accounts.jurisdiction import ROLE_ACTIONS, Action, may, scope_filter
from langso.accounts.models import User
from langso.places.models import Unit, UnitKind
from langso.training.models import DigitalTeam, DutyDay, TeamMember


def teams_visible_to(user: User) -> QuerySet[DigitalTeam]:
    """The teams of every unit the user may see training at, with their unit and member count."""
    return (
        DigitalTeam.objects.filter(scope_filter(user, Action.VIEW_TRAINING, via="unit"))
        .select_related("unit")
        .annotate(member_count=Count("members"))
        .order_by("unit__path")
    )


def get_team_visible_to(user: User, pk: int, action: Action = Action.VIEW_TRAINING) -> DigitalTeam:
    """One team with its members, their accounts and duty days; 404 when out of reach."""
    members = Prefetch(
        "members",
        TeamMember.objects.select_related("user")
        .prefetch_related(Prefetch("duty_days", DutyDay.objects.order_by("weekday")))
        .order_by("-is_leader", "user__full_name", "user__username"),
    )
    team = (
        DigitalTeam.objects.filter(scope_filter(user, action, via="unit"), pk=pk)
        .select_related("unit")
        .prefetch_related(members)
        .first()
    )
    if team is None:
        raise Http404
    return team


def get_member_visible_to(user: User, pk: int, action: Action = Action.MANAGE_TEAMS) -> TeamMember:
    """One membership with its team, user and duty days, if the user may `action` at the team."""
    member = (
        TeamMember.objects.filter(scope_filter(user, action, via="team__unit"), pk=pk)
        .select_related("team__unit", "user")
        .prefetch_related("duty_days")
        .first()
    )
    if member is None:
        raise Http404
    return member


@dataclass(frozen=True)
class TeamRoster:
    """A team's members, and who of them is on duty on a day."""

    members: list[TeamMember]
    on_duty: list[TeamMember]
    weekday: int


def team_roster(team: DigitalTeam, *, today: datetime.date | None = None) -> TeamRoster:
    """The members of a team fetched by get_team_visible_to, and those on duty `today`."""
    weekday = (today or timezone.localdate()).weekday()
    members = list(team.members.all())
    on_duty = [m for m in members if any(d.weekday == weekday for d in m.duty_days.all())]
    return TeamRoster(members=members, on_duty=on_duty, weekday=weekday)


def may_join_filter(team: DigitalTeam) -> Q:
    """Users who may join the team: a role that handles help requests, at the team's unit, above it
    or below it (a village's mentors join their commune's team; a commune's trainer a village's)."""
    roles = [role for role, actions in ROLE_ACTIONS.items() if Action.HANDLE_HELP in actions]
    place = Q(assignments__unit__path__startswith=team.unit.path) | Q(
        assignments__unit__path__in=team.unit.ancestor_paths
    )
    return Q(assignments__role__in=roles) & place


def member_candidates(team: DigitalTeam) -> QuerySet[User]:
    """Users who may join the team and are not members yet."""
    return (
        User.objects.filter(may_join_filter(team), is_active=True)
        .exclude(team_memberships__team=team)
        .distinct()
        .order_by("full_name", "username")
    )


def units_for_new_team(user: User, *, within: Unit | None = None) -> QuerySet[Unit]:
    """Villages and communes where the user may set up a team and none exists yet."""
    units = Unit.objects.filter(
        scope_filter(user, Action.MANAGE_TEAMS),
        kind__in=[UnitKind.VILLAGE, UnitKind.COMMUNE],
        digital_team__isnull=True,
    )
    if within is not None:
        units = units.filter(path__startswith=within.path)
    return units.select_related("parent").order_by("path")


def may_manage_team(user: User, team: DigitalTeam) -> bool:
    return may(user, Action.MANAGE_TEAMS, team.unit)
