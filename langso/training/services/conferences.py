"""Writes of conferences: creating and changing them, registering cadres, marking who came
(which links them into the cascade), and the materials handed out."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso.accounts import jurisdiction
from langso.accounts.jurisdiction import Action
from langso.accounts.models import User
from langso.people.models import MilestoneKind, Organization, Person
from langso.people.services.milestones import note_milestone
from langso.training.models import (
    Conference,
    ConferenceMaterial,
    ConferenceRegistration,
    TrainingLink,
)
from langso.training.selectors.conferences import conferences_visible_to
from langso.training.services.cascade import record_training
from langso.training.services.tallies import refresh_cascade_milestone, refresh_conference_milestone

MAX_MATERIAL_BYTES = 20 * 1024 * 1024
ZIP = b"PK\x03\x04"
#: allowed extensions and the first bytes their content starts with (mp4: "ftyp" at offset 4)
MATERIAL_SIGNATURES: dict[str, tuple[int, bytes]] = {
    ".pdf": (0, b"%PDF-"),
    ".docx": (0, ZIP),
    ".xlsx": (0, ZIP),
    ".pptx": (0, ZIP),
    ".jpg": (0, b"\xff\xd8\xff"),
    ".jpeg": (0, b"\xff\xd8\xff"),
    ".png": (0, b"\x89PNG\r\n\x1a\n"),
    ".mp4": (4, b"ftyp"),
}


@dataclass
class ConferenceData:
    """What the conference form says."""

    title: str
    organizer: Organization
    starts_on: datetime.date
    ends_on: datetime.date
    venue: str = ""
    online_url: str = ""
    description: str = ""


def _apply(conference: Conference, data: ConferenceData) -> None:
    conference.title = " ".join(data.title.split())
    conference.organizer = data.organizer
    conference.unit = data.organizer.unit
    conference.starts_on, conference.ends_on = data.starts_on, data.ends_on
    conference.venue = data.venue.strip()
    conference.online_url = data.online_url.strip()
    conference.description = data.description.strip()
    if conference.ends_on < conference.starts_on:
        raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
    if not conference.venue and not conference.online_url:
        raise ValidationError({"venue": _("Give a place, an online link, or both.")})
    conference.full_clean()


@transaction.atomic
def create_conference(*, actor: User, data: ConferenceData) -> Conference:
    """A new conference of an organization the actor may run conferences for."""
    jurisdiction.require(actor, Action.MANAGE_CONFERENCES, data.organizer.unit)
    conference = Conference(created_by=actor)
    _apply(conference, data)
    conference.save()
    return conference


@transaction.atomic
def update_conference(*, actor: User, conference: Conference, data: ConferenceData) -> Conference:
    """Correct a conference; the actor must manage conferences both where it was and where it goes."""
    jurisdiction.require(actor, Action.MANAGE_CONFERENCES, conference.unit)
    jurisdiction.require(actor, Action.MANAGE_CONFERENCES, data.organizer.unit)
    _apply(conference, data)
    conference.save()
    return conference


def may_register(user: User, person: Person) -> bool:
    """Whether `user` may register `person` to a conference they can see: a resident they manage,
    where they run conferences."""
    return jurisdiction.may(user, Action.MANAGE_CONFERENCES, person.village) and jurisdiction.may(
        user, Action.MANAGE_PEOPLE, person.village
    )


@transaction.atomic
def register_for_conference(*, actor: User, conference: Conference, person: Person) -> ConferenceRegistration:
    """Register `person` to `conference`; registering them again returns the first registration."""
    if not may_register(actor, person):
        raise PermissionDenied
    if not conferences_visible_to(actor).filter(pk=conference.pk).exists():
        raise PermissionDenied
    registration, _created = ConferenceRegistration.objects.get_or_create(
        conference=conference, person=person, defaults={"registered_by": actor}
    )
    return registration


@transaction.atomic
def mark_conference_attendance(
    *, actor: User, registration: ConferenceRegistration
) -> ConferenceRegistration:
    """Mark that a registered person came (once: a second tap changes nothing) and link them into
    the cascade as trained at the conference. A past conference can still record who came."""
    conference = registration.conference
    jurisdiction.require(actor, Action.MANAGE_CONFERENCES, conference.unit)
    today = timezone.localdate()
    if today < conference.starts_on:
        raise ValidationError(_("The conference has not started yet: mark who came on the day."))
    registration = ConferenceRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.attended_at is None:
        registration.attended_at = timezone.now()
        registration.save(update_fields=["attended_at"])
        note_milestone(
            person=registration.person,
            kind=MilestoneKind.CONFERENCE,
            on=timezone.localdate(registration.attended_at),
        )
    record_training(
        trainee=registration.person,
        recorded_by=actor,
        taught_on=min(today, conference.ends_on),
        conference=conference,
    )
    return registration


@transaction.atomic
def undo_conference_attendance(
    *, actor: User, registration: ConferenceRegistration
) -> ConferenceRegistration:
    """Take back a tap made by mistake, on the day it was made. The conference's link to the
    person goes too, which is refused once the person has trained others (they would drop out
    of the conference's reach)."""
    conference = registration.conference
    jurisdiction.require(actor, Action.MANAGE_CONFERENCES, conference.unit)
    registration = ConferenceRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.attended_at is None:
        return registration
    if timezone.localdate(registration.attended_at) != timezone.localdate():
        raise ValidationError(_("Attendance can only be undone on the day it was marked."))
    person = registration.person
    if TrainingLink.objects.filter(trainer=person).exists():
        raise ValidationError(
            _("%(name)s has already trained other people since: the attendance stays.")
            % {"name": person.full_name}
        )
    TrainingLink.objects.filter(conference=conference, trainee=person).delete()
    registration.attended_at = None
    registration.save(update_fields=["attended_at"])
    refresh_cascade_milestone(person)
    refresh_conference_milestone(person)
    return registration


def check_material_file(name: str, size: int, head: bytes) -> None:
    """Refuse a file that is too large, of a kind not allowed, or whose content is not what its
    name says (checked on its first bytes)."""
    if size > MAX_MATERIAL_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."))
    extension = PurePath(name).suffix.lower()
    signature = MATERIAL_SIGNATURES.get(extension)
    if signature is None:
        raise ValidationError(_("Upload a PDF, Word, Excel, PowerPoint, JPG, PNG or MP4 file."))
    offset, magic = signature
    if head[offset : offset + len(magic)] != magic:
        raise ValidationError(_("The file’s content does not match its name (%(ext)s).") % {"ext": extension})


def _head_of(upload: IO[bytes]) -> bytes:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return head


@transaction.atomic
def add_conference_material(
    *, actor: User, conference: Conference, title: str, upload: File[bytes]
) -> ConferenceMaterial:
    """Store a file handed out at the conference, after checking its size and kind."""
    jurisdiction.require(actor, Action.MANAGE_CONFERENCES, conference.unit)
    name = upload.name or ""
    check_material_file(name, upload.size or 0, _head_of(upload))
    material = ConferenceMaterial(
        conference=conference, title=" ".join(title.split()) or PurePath(name).stem, uploaded_by=actor
    )
    material.full_clean(exclude=["file"])
    material.file.save(PurePath(name).name, upload, save=False)
    material.save()
    return material


@transaction.atomic
def delete_conference_material(*, actor: User, material: ConferenceMaterial) -> None:
    """Remove a material and, once the deletion is committed, its file."""
    jurisdiction.require(actor, Action.MANAGE_CONFERENCES, material.conference.unit)
    storage, file_name = material.file.storage, material.file.name
    material.delete()
    if file_name:
        transaction.on_commit(lambda: storage.delete(file_name))
