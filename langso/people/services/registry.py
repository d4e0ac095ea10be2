"""Registering and correcting residents, adding villages, and the reference data they need."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso.accounts import jurisdiction
from langso.accounts.jurisdiction import Action
from langso.accounts.models import User
from langso.common.phones import normalize_phone
from langso.common.text import nfc, normalize_text
from langso.people.models import Ethnicity, Membership, Organization, OrganizationKind, Person
from langso.people.services.tallies import retally_person, standing_of
from langso.places import services as places_services
from langso.places.models import Unit, UnitKind

#: how each organization's chapter is named in Vietnamese, before the unit's name
ORGANIZATION_NAME_PREFIX = {
    OrganizationKind.WOMEN: "Hội LHPN",
    OrganizationKind.YOUTH: "Đoàn Thanh niên",
    OrganizationKind.FARMERS: "Hội Nông dân",
    OrganizationKind.FRONT: "Ủy ban MTTQ",
    OrganizationKind.VETERANS: "Hội Cựu chiến binh",
    OrganizationKind.ELDERLY: "Hội Người cao tuổi",
}


@dataclass
class PersonData:
    """What a form or an import row says about a resident."""

    full_name: str
    gender: str
    birth_year: int
    ethnicity: Ethnicity
    village: Unit
    phone: str = ""
    phone_consent: bool = False
    is_cadre: bool = False
    is_ocop_subject: bool = False
    organization_kinds: list[str] = field(default_factory=list)


def organization_name(kind: str, unit: Unit) -> str:
    """ "Hội LHPN xã Hải Lạng", "Hội LHPN tỉnh Quảng Ninh": the chapter's prefix, then the unit's
    name after its division type in lower case (added when the name does not start with it)."""
    return f"{ORGANIZATION_NAME_PREFIX[OrganizationKind(kind)]} {unit_phrase(unit)}"


def unit_phrase(unit: Unit) -> str:
    """The unit as named inside a sentence: "xã Hải Lạng", "tỉnh Quảng Ninh", "thành phố Hà Nội"."""
    name, division = unit.name, unit.division_type.lower()
    first_word = name.split()[0].lower() if name.split() else ""
    if division and not division.startswith(first_word):
        return f"{division} {name}"  # province names carry no type: "Quảng Ninh"
    return f"{name[:1].lower()}{name[1:]}"


def ensure_organization(*, kind: str, unit: Unit) -> Organization:
    """The chapter of organization `kind` at `unit`, created on first use."""
    organization, _created = Organization.objects.get_or_create(
        unit=unit, kind=kind, defaults={"name": organization_name(kind, unit)}
    )
    return organization


def _clean_phone(data: PersonData) -> tuple[str, bool]:
    if not data.phone.strip():
        return "", False
    phone = normalize_phone(data.phone)
    if phone is None:
        raise ValidationError({"phone": _("Enter a valid phone number, e.g. 0912 345 678.")})
    if not data.phone_consent:
        raise ValidationError(
            {
                "phone_consent": _(
                    "A phone number is kept only when the person agrees. Tick the box or "
                    "leave the phone empty."
                )
            }
        )
    return phone, True


def refresh_derived_fields(person: Person) -> None:
    """Tidy the name (NFC, single spaces) and recompute what the name and village imply:
    the search key, the commune and the province."""
    person.full_name = nfc(" ".join(person.full_name.split()))
    person.search_name = normalize_text(person.full_name)
    commune = person.village.parent
    assert commune is not None and commune.parent_id is not None, "a village lies in a commune of a province"
    person.commune, person.province_id = commune, commune.parent_id


def _apply(person: Person, data: PersonData) -> None:
    if data.village.kind != UnitKind.VILLAGE:
        raise ValidationError({"village": _("Choose a village.")})
    phone, consented = _clean_phone(data)
    person.full_name = data.full_name
    person.gender = data.gender
    person.birth_year = data.birth_year
    person.ethnicity = data.ethnicity
    person.village = data.village
    refresh_derived_fields(person)
    if not consented:
        person.phone_consent_at = None
    elif phone != person.phone or person.phone_consent_at is None:
        person.phone_consent_at = timezone.now()
    person.phone = phone
    person.is_cadre = data.is_cadre
    person.is_ocop_subject = data.is_ocop_subject


def _set_memberships(person: Person, kinds: list[str]) -> None:
    """Membership in the commune chapter of each organization kind; others are removed."""
    commune = person.village.parent
    assert commune is not None
    wanted = {ensure_organization(kind=kind, unit=commune).pk for kind in kinds}
    person.memberships.filter(organization__unit=commune).exclude(organization_id__in=wanted).delete()
    have = set(person.memberships.values_list("organization_id", flat=True))
    Membership.objects.bulk_create(
        [Membership(person=person, organization_id=org_id) for org_id in wanted - have]
    )


def _validate_birth_year(year: int) -> None:
    this_year = timezone.localdate().year
    if year > this_year:
        raise ValidationError({"birth_year": _("The birth year cannot be in the future.")})
    if year < this_year - 120:
        raise ValidationError({"birth_year": _("The birth year is too far in the past.")})


@transaction.atomic
def register_person(*, actor: User, data: PersonData, client_uuid: uuid.UUID | None = None) -> Person:
    """Add a resident to a village the actor manages. The same `client_uuid` sent twice (a phone
    resending a form) returns the person recorded the first time instead of a duplicate.
    """
    jurisdiction.require(actor, Action.MANAGE_PEOPLE, data.village)
    if client_uuid is not None:
        already = Person.objects.filter(client_uuid=client_uuid).first()
        if already is not None:
            jurisdiction.require(actor, Action.MANAGE_PEOPLE, already.village)
            return already
    _validate_birth_year(data.birth_year)
    person = Person(client_uuid=client_uuid or uuid.uuid4())
    _apply(person, data)
    person.full_clean()
    person.save()
    _set_memberships(person, data.organization_kinds)
    retally_person(None, standing_of(person.pk))
    return person


@transaction.atomic
def update_person(*, actor: User, person: Person, data: PersonData) -> Person:
    """Correct a resident's record; the actor must manage both the old and the new village."""
    jurisdiction.require(actor, Action.MANAGE_PEOPLE, person.village)
    jurisdiction.require(actor, Action.MANAGE_PEOPLE, data.village)
    _validate_birth_year(data.birth_year)
    before = standing_of(person.pk, lock=True)
    _apply(person, data)
    person.full_clean()
    person.save()
    _set_memberships(person, data.organization_kinds)
    retally_person(before, standing_of(person.pk))
    return person


@transaction.atomic
def save_person_edited_by_hand(person: Person) -> None:
    """Save a person added or corrected in the admin site as the forms' services would: the name
    tidied, the commune and province recomputed, and the person re-counted in the roll-ups."""
    before = standing_of(person.pk, lock=True) if person.pk else None
    refresh_derived_fields(person)
    person.save()
    retally_person(before, standing_of(person.pk))


@transaction.atomic
def add_village(*, actor: User, commune: Unit, name: str, division_type: str) -> Unit:
    """Create a village under a commune the actor may add villages to."""
    if not jurisdiction.may(actor, Action.CREATE_VILLAGE, commune):
        raise PermissionDenied
    return places_services.create_village(commune=commune, name=name, division_type=division_type)
