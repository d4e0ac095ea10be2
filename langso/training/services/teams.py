"""Writes of digital technology teams: creating a team, its members, their duty days."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from langso.accounts import jurisdiction
from langso.accounts.jurisdiction import Action
from langso.accounts.models import User
from langso.common.text import nfc
from langso.places.models import Unit, UnitKind
from langso.training.models import DigitalTeam, DutyDay, TeamMember
from langso.training.selectors.teams import may_join_filter

TEAM_UNIT_KINDS = (UnitKind.VILLAGE, UnitKind.COMMUNE)


@transaction.atomic
def create_team(*, actor: User, unit: Unit, name: str) -> DigitalTeam:
    """The digital team of a village or a commune (one per unit)."""
    jurisdiction.require(actor, Action.MANAGE_TEAMS, unit)
    if unit.kind not in TEAM_UNIT_KINDS:
        raise ValidationError({"unit": _("A team belongs to a village or a commune.")})
    if DigitalTeam.objects.filter(unit=unit).exists():
        raise ValidationError({"unit": _("This place already has a digital team.")})
    team = DigitalTeam(unit=unit, name=nfc(name.strip()))
    team.full_clean()
    team.save()
    return team


@transaction.atomic
def rename_team(*, actor: User, team: DigitalTeam, name: str) -> DigitalTeam:
    """Give the team a new name."""
    jurisdiction.require(actor, Action.MANAGE_TEAMS, team.unit)
    team.name = nfc(name.strip())
    team.full_clean()
    team.save(update_fields=["name"])
    return team


def may_join(user: User, team: DigitalTeam) -> bool:
    """Whether `user` may join the team (see selectors.teams.may_join_filter)."""
    return User.objects.filter(may_join_filter(team), pk=user.pk).exists()


@transaction.atomic
def add_team_member(*, actor: User, team: DigitalTeam, user: User, is_leader: bool = False) -> TeamMember:
    """Add a user with a role in the team's area; adding them again returns the first membership."""
    jurisdiction.require(actor, Action.MANAGE_TEAMS, team.unit)
    existing = TeamMember.objects.filter(team=team, user=user).first()
    if existing is not None:
        return existing
    if not may_join(user, team):
        raise ValidationError({"user": _("Only a helper with a role in this place can join its team.")})
    member = TeamMember(team=team, user=user, is_leader=is_leader)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def update_team_member(
    *, actor: User, member: TeamMember, is_leader: bool, weekdays: Iterable[int]
) -> TeamMember:
    """Set whether the member leads the team and the days of the week they are on duty."""
    jurisdiction.require(actor, Action.MANAGE_TEAMS, member.team.unit)
    days = set(weekdays)
    if not days <= set(range(7)):
        raise ValidationError({"weekdays": _("Choose days of the week.")})
    member.is_leader = is_leader
    member.full_clean()
    member.save(update_fields=["is_leader"])
    member.duty_days.exclude(weekday__in=days).delete()
    kept = set(member.duty_days.values_list("weekday", flat=True))
    DutyDay.objects.bulk_create([DutyDay(member=member, weekday=day) for day in sorted(days - kept)])
    return member


@transaction.atomic
def remove_team_member(*, actor: User, member: TeamMember) -> None:
    """Take a member off the team (their duty days go with them)."""
    jurisdiction.require(actor, Action.MANAGE_TEAMS, member.team.unit)
    member.delete()
