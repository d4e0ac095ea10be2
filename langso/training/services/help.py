"""Writes of help requests: asking for help, and the team's claim, resolve, hand-on and release.
Every change appends a HelpEvent; a change made on a stale page raises HelpConflict."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso.accounts import jurisdiction
from langso.accounts.jurisdiction import Action
from langso.accounts.models import User
from langso.common.phones import normalize_phone
from langso.common.text import nfc
from langso.people.models import Person
from langso.places.models import Unit, UnitKind
from langso.training.models import (
    DigitalTeam,
    HelpChannel,
    HelpEvent,
    HelpEventKind,
    HelpRequest,
    HelpStatus,
    TeamMember,
)
from langso.training.services.tallies import note_help_asked, note_help_resolved


class HelpConflict(Exception):
    """The request changed since the page was shown (e.g. someone else claimed it first)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class HelpAsk:
    """What a form says about a request for help."""

    name: str
    village: Unit
    topic: str
    description: str = ""
    phone: str = ""
    phone_consent: bool = False
    person: Person | None = None


def team_for_village(village: Unit) -> DigitalTeam | None:
    """The village's team, else its commune's team, else None."""
    teams = {t.unit_id: t for t in DigitalTeam.objects.filter(unit_id__in=[village.pk, village.parent_id])}
    return teams.get(village.pk) or teams.get(village.parent_id or 0)


def _event(request: HelpRequest, kind: str, actor: User | None, **extra: object) -> HelpEvent:
    event = HelpEvent(request=request, kind=kind, actor=actor, at=timezone.now(), **extra)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def ask_for_help(*, actor: User | None, ask: HelpAsk, channel: str, client_uuid: uuid.UUID) -> HelpRequest:
    """Put a request in the queue of the village's team. A mentor asking on a resident's behalf needs
    HANDLE_HELP at the village; anyone may ask for themselves. Resending the same client UUID returns
    the request made the first time."""
    existing = HelpRequest.objects.filter(client_uuid=client_uuid).first()
    if existing is not None:
        return existing
    if channel == HelpChannel.MENTOR:
        if actor is None:
            raise ValidationError(_("Only a signed-in helper can ask on someone's behalf."))
        jurisdiction.require(actor, Action.HANDLE_HELP, ask.village)
    if ask.village.kind != UnitKind.VILLAGE:
        raise ValidationError({"village": _("Choose a village.")})
    phone = ""
    if ask.phone.strip():
        phone = normalize_phone(ask.phone) or ""
        if not phone:
            raise ValidationError({"phone": _("Enter a valid phone number, e.g. 0912 345 678.")})
        if not ask.phone_consent:
            raise ValidationError({"phone_consent": _("Tick the box so that the team may call you.")})
    now = timezone.now()
    commune = ask.village.parent
    assert commune is not None and commune.parent_id is not None
    help_request = HelpRequest(
        team=team_for_village(ask.village),
        person=ask.person,
        name=nfc(ask.name.strip()),
        phone=phone,
        phone_consent_at=now if phone else None,
        topic=ask.topic,
        description=nfc(ask.description.strip()),
        channel=channel,
        created_by=actor,
        created_at=now,
        client_uuid=client_uuid,
        village_id=ask.village.pk,
        commune_id=commune.pk,
        province_id=commune.parent_id,
    )
    help_request.full_clean()
    help_request.save()
    note_help_asked(help_request)
    _event(help_request, HelpEventKind.ASKED, actor)
    return help_request


def _locked(actor: User, help_request: HelpRequest) -> HelpRequest:
    jurisdiction.require(actor, Action.HANDLE_HELP, help_request.village)
    return HelpRequest.objects.select_for_update(of=("self",)).select_related("team").get(pk=help_request.pk)


def _ensure_in_hand(actor: User, locked: HelpRequest, *, may_take_over: bool = True) -> None:
    """An open request, or one the actor claimed; anything else was changed by someone else. Whoever
    handles help for the whole commune may release, resolve or hand on a request another member holds
    (one who left, or who cannot reach it any more); claiming it away from them is never allowed."""
    if locked.status == HelpStatus.RESOLVED:
        raise HelpConflict(_("This request was already resolved."))
    held_by_another = locked.status == HelpStatus.CLAIMED and locked.claimed_by_id != actor.pk
    may_take_it = may_take_over and jurisdiction.may(actor, Action.HANDLE_HELP, locked.commune)
    if held_by_another and not may_take_it:
        raise HelpConflict(_("Someone else is already helping with this request."))


@transaction.atomic
def claim_help_request(*, actor: User, help_request: HelpRequest) -> HelpRequest:
    """The actor takes the request on; claiming one they already hold changes nothing."""
    locked = _locked(actor, help_request)
    if locked.status == HelpStatus.CLAIMED and locked.claimed_by_id == actor.pk:
        return locked
    if locked.status != HelpStatus.OPEN:
        _ensure_in_hand(actor, locked, may_take_over=False)
    locked.status, locked.claimed_by, locked.claimed_at = HelpStatus.CLAIMED, actor, timezone.now()
    locked.full_clean()
    locked.save(update_fields=["status", "claimed_by", "claimed_at"])
    _event(locked, HelpEventKind.CLAIMED, actor)
    return locked


@transaction.atomic
def resolve_help_request(*, actor: User, help_request: HelpRequest, note: str) -> HelpRequest:
    """Close the request with a note of what was done."""
    if not note.strip():
        raise ValidationError({"note": _("Write what was done.")})
    locked = _locked(actor, help_request)
    _ensure_in_hand(actor, locked)
    now = timezone.now()
    locked.status, locked.resolved_by, locked.resolved_at = HelpStatus.RESOLVED, actor, now
    locked.resolution_note = nfc(note.strip())
    if locked.claimed_by_id is None:
        locked.claimed_by, locked.claimed_at = actor, now
    locked.full_clean()
    locked.save()
    note_help_resolved(locked)
    _event(locked, HelpEventKind.RESOLVED, actor, note=locked.resolution_note)
    return locked


def hand_on_targets(help_request: HelpRequest, actor: User) -> tuple[list[TeamMember], DigitalTeam | None]:
    """Whom the request may go to: the other members of its team who may handle help at its village,
    and the commune's team above a village's team."""
    members: list[TeamMember] = []
    if help_request.team_id is not None:
        team_members = (
            TeamMember.objects.filter(team_id=help_request.team_id)
            .exclude(user=actor)
            .select_related("user")
            .order_by("user__full_name", "user__username")
        )
        # A commune's team may have members of one village only: they could not reach the others' requests.
        village = help_request.village
        members = [m for m in team_members if jurisdiction.may(m.user, Action.HANDLE_HELP, village)]
    commune_team = DigitalTeam.objects.filter(unit_id=help_request.commune_id).first()
    if commune_team is not None and commune_team.pk == help_request.team_id:
        commune_team = None
    return members, commune_team


@transaction.atomic
def hand_on_help_request(
    *,
    actor: User,
    help_request: HelpRequest,
    note: str,
    to_user: User | None = None,
    to_team: DigitalTeam | None = None,
) -> HelpRequest:
    """Pass the request to another member of its team (who then holds it) or up to the commune's
    team (where it waits in the queue), with a note."""
    if (to_user is None) == (to_team is None):
        raise ValidationError(_("Choose one member or the commune's team."))
    if not note.strip():
        raise ValidationError({"note": _("Write a note for whoever takes it on.")})
    locked = _locked(actor, help_request)
    _ensure_in_hand(actor, locked)
    members, commune_team = hand_on_targets(locked, actor)
    if to_user is not None:
        if to_user.pk not in {member.user_id for member in members}:
            raise ValidationError(_("Hand it on to a member of the request's team."))
        locked.status, locked.claimed_by, locked.claimed_at = HelpStatus.CLAIMED, to_user, timezone.now()
    else:
        if commune_team is None or to_team is None or to_team.pk != commune_team.pk:
            raise ValidationError(_("Hand it on to the team of the request's commune."))
        locked.team, locked.status, locked.claimed_by, locked.claimed_at = (
            to_team,
            HelpStatus.OPEN,
            None,
            None,
        )
    locked.full_clean()
    locked.save(update_fields=["team", "status", "claimed_by", "claimed_at"])
    _event(locked, HelpEventKind.HANDED_ON, actor, to_user=to_user, to_team=to_team, note=nfc(note.strip()))
    return locked


@transaction.atomic
def release_help_request(*, actor: User, help_request: HelpRequest) -> HelpRequest:
    """Give a claimed request back to the queue; releasing an open one changes nothing."""
    locked = _locked(actor, help_request)
    if locked.status == HelpStatus.OPEN:
        return locked
    _ensure_in_hand(actor, locked)
    locked.status, locked.claimed_by, locked.claimed_at = HelpStatus.OPEN, None, None
    locked.full_clean()
    locked.save(update_fields=["status", "claimed_by", "claimed_at"])
    _event(locked, HelpEventKind.RELEASED, actor)
    return locked
