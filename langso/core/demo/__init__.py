"""The demo province: real communes of Quảng Ninh, invented villages and residents, one account per role.

Everything is derived from a seed, so two runs give the same people; and a run adds only what is
missing (villages by name, residents by a client UUID derived from their commune and rank,
accounts by username), so running it again creates nothing new. The names, villages and
figures are invented for a local demo; they describe no real person.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction

from langso.accounts.models import Role, User
from langso.accounts.services import assign_role, create_user
from langso.common.phones import normalize_phone
from langso.common.text import nfc, normalize_text
from langso.core.demo.data import (
    ACCOUNTS,
    AGE_BANDS,
    CADRE_SHARE,
    CLIENT_UUID_NAMESPACE,
    COMMUNES,
    CONSENT_PERIOD_START,
    DEFAULT_RESIDENTS,
    DIVISION_TYPES,
    FAMILY_NAMES,
    FEMALE_GIVEN_NAMES,
    FEMALE_MIDDLE_NAMES,
    MALE_GIVEN_NAMES,
    MALE_MIDDLE_NAMES,
    MINORITY_FEMALE_GIVEN_NAMES,
    MINORITY_MALE_GIVEN_NAMES,
    MINORITY_NAME_SHARE,
    MOBILE_PREFIXES,
    OCOP_SHARE,
    PEOPLE_BATCH_SIZE,
    PHONE_SHARE_BY_AGE,
    PROVINCE_CODE,
    REFERENCE_YEAR,
    UUID_LOOKUP_CHUNK,
    CommuneProfile,
    DemoAccount,
)
from langso.core.demo.progress import link_learner, seed_progress
from langso.core.demo.training import TrainingReport, seed_training
from langso.people.models import Ethnicity, Gender, Membership, OrganizationKind, Person
from langso.people.services import ensure_organization
from langso.places.models import Unit, UnitKind
from langso.places.services import create_village
from langso.reporting.demo import seed_reports
from langso.reporting.services.rollups import rebuild_rollups


@dataclass(frozen=True)
class ResidentSketch:
    """One invented resident, before it becomes a row."""

    client_uuid: uuid.UUID
    full_name: str
    gender: str
    birth_year: int
    ethnicity: str
    village: str
    phone: str
    phone_consent_at: datetime | None
    is_cadre: bool
    is_ocop_subject: bool
    organization_kinds: tuple[str, ...]


@dataclass(frozen=True)
class AccountLine:
    """How one demo account stands after a run."""

    account: DemoAccount
    unit: Unit
    is_new: bool
    has_demo_password: bool


@dataclass(frozen=True)
class DemoReport:
    """What a run created and what was already there."""

    villages_created: int
    villages_existing: int
    residents_created: int
    residents_existing: int
    memberships_created: int
    accounts: tuple[AccountLine, ...]
    #: practice attempts of the demo's learners (none until the curriculum is loaded)
    attempts_created: int = 0
    #: classes, attendance, help requests, the cascade and a competition (needs the curriculum too)
    training: TrainingReport | None = None
    #: village reports of the last months (needs the indicator catalog: manage.py load_indicators)
    reports_created: int = 0

    @property
    def accounts_created(self) -> int:
        return sum(line.is_new for line in self.accounts)


class DemoUnavailable(Exception):
    """The database lacks what the demo builds on (the official units, the ethnic groups)."""


def demo_password() -> str:
    """The one password of every demo account (the LANGSO_DEMO_PASSWORD setting)."""
    return str(settings.LANGSO_DEMO_PASSWORD)


@transaction.atomic
def load_demo(*, residents: int = DEFAULT_RESIDENTS, seed: int, password: str) -> DemoReport:
    """Build the demo province (villages, residents, memberships, accounts); idempotent."""
    if residents < 0:
        raise ValueError("residents must not be negative")
    communes = demo_communes()
    ethnicities = demo_ethnicities()
    villages_created = villages_existing = 0
    residents_created = residents_existing = memberships_created = 0
    for profile, count in zip(COMMUNES, split_residents(residents), strict=True):
        commune = communes[profile.code]
        villages, created = ensure_villages(commune, profile.villages)
        villages_created += created
        villages_existing += len(villages) - created
        sketches = sketch_residents(profile, count=count, seed=seed)
        new_people, new_memberships = insert_residents(
            commune, sketches, villages=villages, ethnicities=ethnicities
        )
        residents_created += new_people
        residents_existing += len(sketches) - new_people
        memberships_created += new_memberships
    accounts = tuple(ensure_account(account, password=password) for account in ACCOUNTS)
    for line in accounts:
        if line.account.role == Role.LEARNER:
            link_learner(User.objects.get(username=line.account.username), line.unit)
    report = DemoReport(
        villages_created,
        villages_existing,
        residents_created,
        residents_existing,
        memberships_created,
        accounts,
        attempts_created=seed_progress(seed=seed),
        training=seed_training(seed=seed),
        reports_created=seed_reports(seed=seed),
    )
    rebuild_rollups()  # the residents and their records went in by the thousand, not through the services
    return report


def demo_communes() -> dict[str, Unit]:
    """The demo's communes by code; raises DemoUnavailable when the units were not loaded."""
    codes = [profile.code for profile in COMMUNES]
    communes = {
        unit.code: unit
        for unit in Unit.objects.filter(code__in=codes, kind=UnitKind.COMMUNE, parent__code=PROVINCE_CODE)
    }
    missing = sorted(set(codes) - set(communes))
    if missing:
        raise DemoUnavailable(
            f"Quảng Ninh (unit {PROVINCE_CODE}) or its communes {', '.join(missing)} are not in the "
            "database: run `manage.py load_units` first."
        )
    return communes


def demo_ethnicities() -> dict[str, Ethnicity]:
    """The ethnic groups the demo uses, by name; raises DemoUnavailable when one is missing."""
    names = {name for profile in COMMUNES for name, _weight in profile.ethnic_mix}
    found = {ethnicity.name: ethnicity for ethnicity in Ethnicity.objects.filter(name__in=names)}
    missing = sorted(names - set(found))
    if missing:
        raise DemoUnavailable(f"Ethnic groups {', '.join(missing)} are missing: run `manage.py migrate`.")
    return found


def split_residents(total: int) -> list[int]:
    """How many of `total` residents live in each demo commune, in the order of COMMUNES."""
    counts = [int(total * profile.share) for profile in COMMUNES]
    counts[0] += total - sum(counts)
    return counts


def division_type_of(village_name: str) -> str:
    """ "Bản Nà Làng" is a "bản", "Tổ dân phố 3" a "tổ dân phố"; anything else a "thôn"."""
    for prefix, division_type in DIVISION_TYPES:
        if village_name.startswith(prefix):
            return division_type
    return "thôn"


def ensure_villages(commune: Unit, names: Sequence[str]) -> tuple[dict[str, Unit], int]:
    """The commune's villages of these names (by name), creating the missing ones; and how many were new."""
    existing = {normalize_text(village.name): village for village in commune.children.all()}
    villages, created = {}, 0
    for name in names:
        village = existing.get(normalize_text(name))
        if village is None:
            village = create_village(commune=commune, name=name, division_type=division_type_of(name))
            created += 1
        villages[name] = village
    return villages, created


def resident_uuid(commune_code: str, index: int) -> uuid.UUID:
    """The client UUID of the commune's `index`-th demo resident: the same on every run."""
    return uuid.uuid5(CLIENT_UUID_NAMESPACE, f"demo:{commune_code}:{index}")


def sketch_residents(profile: CommuneProfile, *, count: int, seed: int) -> list[ResidentSketch]:
    """The commune's first `count` demo residents. One random stream per commune and seed, drawn
    in order, so a smaller count gives a prefix of a larger one and the same people every run.
    """
    rng = random.Random(f"{seed}:{profile.code}")
    village_weights = [rng.uniform(0.6, 1.6) for _village in profile.villages]
    groups = [name for name, _weight in profile.ethnic_mix]
    group_weights = [weight for _name, weight in profile.ethnic_mix]
    sketches = []
    for index in range(count):
        village = rng.choices(profile.villages, weights=village_weights)[0]
        ethnicity = rng.choices(groups, weights=group_weights)[0]
        sketches.append(sketch_resident(rng, profile, index=index, village=village, ethnicity=ethnicity))
    return sketches


def sketch_resident(
    rng: random.Random, profile: CommuneProfile, *, index: int, village: str, ethnicity: str
) -> ResidentSketch:
    """One resident of `village`: name, age, phone, roles and organizations drawn from `rng`."""
    gender = Gender.FEMALE if rng.random() < 0.52 else Gender.MALE
    age = draw_age(rng)
    phone = draw_phone(rng) if rng.random() < phone_share(age) else ""
    consent_at = CONSENT_PERIOD_START + timedelta(minutes=rng.randrange(365 * 24 * 60)) if phone else None
    return ResidentSketch(
        client_uuid=resident_uuid(profile.code, index),
        full_name=draw_full_name(rng, ethnicity=ethnicity, gender=gender, age=age),
        gender=gender,
        birth_year=REFERENCE_YEAR - age,
        ethnicity=ethnicity,
        village=village,
        phone=phone,
        phone_consent_at=consent_at,
        is_cadre=20 <= age <= 70 and rng.random() < CADRE_SHARE,
        is_ocop_subject=20 <= age <= 75 and rng.random() < OCOP_SHARE,
        organization_kinds=draw_organization_kinds(rng, gender=gender, age=age, is_urban=profile.is_urban),
    )


def draw_age(rng: random.Random) -> int:
    """An age from 16 to 95, most often between 60 and 85."""
    youngest, oldest, _weight = rng.choices(AGE_BANDS, weights=[band[2] for band in AGE_BANDS])[0]
    return rng.randint(youngest, oldest)


def draw_full_name(rng: random.Random, *, ethnicity: str, gender: str, age: int) -> str:
    """A full name in the order family, middle, given, with the group's family names; older people
    carry the plain "Thị"/"Văn" middle name more often than the young.
    """
    families = FAMILY_NAMES[ethnicity]
    family = rng.choices([name for name, _w in families], weights=[w for _name, w in families])[0]
    is_female = gender == Gender.FEMALE
    plain_share = 0.85 if age >= 55 or ethnicity != "Kinh" else 0.45
    if rng.random() < plain_share:
        middle = "Thị" if is_female else "Văn"
    else:
        middle = rng.choice(FEMALE_MIDDLE_NAMES if is_female else MALE_MIDDLE_NAMES)
    if ethnicity != "Kinh" and rng.random() < MINORITY_NAME_SHARE:
        given = rng.choice(MINORITY_FEMALE_GIVEN_NAMES if is_female else MINORITY_MALE_GIVEN_NAMES)
    else:
        given = rng.choice(FEMALE_GIVEN_NAMES if is_female else MALE_GIVEN_NAMES)
    if given == middle:
        middle = "Thị" if is_female else "Văn"
    return nfc(f"{family} {middle} {given}")


def phone_share(age: int) -> float:
    """The share of residents of this age who gave a phone number and agreed to keep it."""
    return next(share for youngest, share in reversed(PHONE_SHARE_BY_AGE) if age >= youngest)


def draw_phone(rng: random.Random) -> str:
    """A valid Vietnamese mobile number in E.164, e.g. "+84912345678"."""
    phone = normalize_phone(f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**7):07d}", region="VN")
    assert phone is not None, "every MOBILE_PREFIXES number with 7 more digits is valid"
    return phone


def draw_organization_kinds(rng: random.Random, *, gender: str, age: int, is_urban: bool) -> tuple[str, ...]:
    """The mass organizations a resident belongs to: most women in the Women's Union, the young in
    the Youth Union, many villagers in the Farmers' Association, the old in the Elderly Association
    and some old men in the Veterans' Association.
    """
    kinds = []
    if gender == Gender.FEMALE and age >= 18 and rng.random() < (0.7 if is_urban else 0.85):
        kinds.append(OrganizationKind.WOMEN)
    if age <= 35 and rng.random() < 0.7:
        kinds.append(OrganizationKind.YOUTH)
    if age >= 18 and rng.random() < (0.08 if is_urban else 0.55):
        kinds.append(OrganizationKind.FARMERS)
    if age >= 60 and rng.random() < 0.9:
        kinds.append(OrganizationKind.ELDERLY)
    if gender == Gender.MALE and age >= 60 and rng.random() < 0.25:
        kinds.append(OrganizationKind.VETERANS)
    return tuple(str(kind) for kind in kinds)


def existing_client_uuids(client_uuids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these client UUIDs some resident already has, wherever they live now."""
    found: set[uuid.UUID] = set()
    for start in range(0, len(client_uuids), UUID_LOOKUP_CHUNK):
        chunk = client_uuids[start : start + UUID_LOOKUP_CHUNK]
        found.update(Person.objects.filter(client_uuid__in=chunk).values_list("client_uuid", flat=True))
    return found


def insert_residents(
    commune: Unit,
    sketches: Sequence[ResidentSketch],
    *,
    villages: dict[str, Unit],
    ethnicities: dict[str, Ethnicity],
) -> tuple[int, int]:
    """Insert the sketched residents the commune does not have yet, with their memberships in the
    commune's chapters; returns (residents created, memberships created).
    """
    assert commune.parent_id is not None
    existing = existing_client_uuids([sketch.client_uuid for sketch in sketches])
    new = [sketch for sketch in sketches if sketch.client_uuid not in existing]
    people = [
        Person(
            client_uuid=sketch.client_uuid,
            full_name=sketch.full_name,
            search_name=normalize_text(sketch.full_name),
            gender=sketch.gender,
            birth_year=sketch.birth_year,
            ethnicity=ethnicities[sketch.ethnicity],
            village=villages[sketch.village],
            commune_id=commune.pk,
            province_id=commune.parent_id,
            phone=sketch.phone,
            phone_consent_at=sketch.phone_consent_at,
            is_cadre=sketch.is_cadre,
            is_ocop_subject=sketch.is_ocop_subject,
        )
        for sketch in new
    ]
    # SQLite (3.35+) and PostgreSQL set the new primary keys, which the memberships need.
    Person.objects.bulk_create(people, batch_size=PEOPLE_BATCH_SIZE)
    kinds = {kind for sketch in new for kind in sketch.organization_kinds}
    organization_ids = {kind: ensure_organization(kind=kind, unit=commune).pk for kind in sorted(kinds)}
    memberships = [
        Membership(person_id=person.pk, organization_id=organization_ids[kind])
        for person, sketch in zip(people, new, strict=True)
        for kind in sketch.organization_kinds
    ]
    Membership.objects.bulk_create(memberships, batch_size=PEOPLE_BATCH_SIZE)
    return len(people), len(memberships)


def account_unit(account: DemoAccount) -> Unit:
    """The unit where the account's role applies: a commune's village, or the unit of that code."""
    unit = Unit.objects.get(code=account.unit_code)
    if not account.village:
        return unit
    wanted = normalize_text(account.village)
    return next(village for village in unit.children.all() if normalize_text(village.name) == wanted)


def ensure_account(account: DemoAccount, *, password: str) -> AccountLine:
    """The demo user of `account`, created unless the username exists, and (re)granted its role.
    An existing user keeps their password: the line says whether it is still the demo one.
    """
    unit = account_unit(account)
    user = User.objects.filter(username=account.username).first()
    is_new = user is None
    if user is None:
        user = create_user(
            username=account.username,
            password=password,
            full_name=account.full_name,
            phone=account.phone,
            is_staff=account.is_superuser,
        )
    if account.is_superuser and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    organization_id = None
    if account.organization_kind:
        organization_id = ensure_organization(kind=account.organization_kind, unit=unit).pk
    assign_role(user=user, role=account.role, unit=unit, organization_id=organization_id)
    return AccountLine(account, unit, is_new, has_demo_password=is_new or user.check_password(password))
