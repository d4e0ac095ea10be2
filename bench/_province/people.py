"""The residents (`people.Person`), village after village, and the compact index of them that the
later passes draw on."""

from __future__ import annotations

import random
from array import array
from dataclasses import dataclass, field

from _province.catalog import Catalog
from _province.names import NamePool
from _province.places import Province
from _province.rows import DAY, NULL, Clock, Table, Weighted, columns, uuid4_text
from _province.shape import (
    AGE_BANDS,
    CADRE_SHARE,
    ETHNIC_MIX,
    OCOP_SHARE,
    REFERENCE_YEAR,
    REGISTERED_DAYS,
    REGISTERED_FROM,
)
from langso.core.demo.data import MOBILE_PREFIXES, PHONE_SHARE_BY_AGE
from langso.reporting.services.reports import ADULT_AGE

PERSON_COLUMNS = columns(
    "id full_name search_name gender birth_year phone phone_consent_at is_cadre is_ocop_subject client_uuid "
    "created_at updated_at ethnicity_id village_id commune_id province_id user_id card_code"
)
#: bits of PeopleIndex.flags
FEMALE, MINORITY, CADRE, OCOP = 1, 2, 4, 8


@dataclass
class PeopleIndex:
    """What later passes need of each resident, in arrays indexed by `id - first_id`: a few bytes each."""

    first_id: int
    birth_years: array[int] = field(default_factory=lambda: array("H"))
    flags: array[int] = field(default_factory=lambda: array("B"))
    names: array[int] = field(default_factory=lambda: array("L"))
    villages: array[int] = field(default_factory=lambda: array("L"))
    #: the phone of each resident who gave one
    phones: dict[int, str] = field(default_factory=dict)
    cadres: array[int] = field(default_factory=lambda: array("q"))

    def __len__(self) -> int:
        return len(self.birth_years)


def phone_share(age: int) -> float:
    """The share of residents of this age who gave a phone number and agreed to keep it."""
    if age < 16:
        return 0.0
    return next(share for youngest, share in reversed(PHONE_SHARE_BY_AGE) if age >= youngest)


def draw_phone(rng: random.Random) -> str:
    """A Vietnamese mobile number in E.164, as `normalize_phone` stores it ("+84912345678")."""
    return f"+84{rng.choice(MOBILE_PREFIXES)[1:]}{int(rng.random() * 10**7):07d}"


def write_people(
    table: Table, province: Province, catalog: Catalog, rng: random.Random, clock: Clock, pool: NamePool
) -> PeopleIndex:
    """Rows of people.Person: ~51 % women, birth years 1935–2024 (~20 % under 15), the commune's ethnic
    mix, some cadres and OCOP subjects, a phone only with consent; the name folded as the app folds it,
    no card code yet, commune and province those of the village."""
    people = PeopleIndex(first_id=table.next_id)
    years = Weighted(
        [
            (year, weight / (last - first + 1))
            for first, last, weight in AGE_BANDS
            for year in range(first, last + 1)
        ]
    )
    mixes = {kind: Weighted(mix) for kind, mix in ETHNIC_MIX.items()}
    registered = clock.minute(REGISTERED_FROM) + 7 * 60
    days, times = clock.days, clock.times
    for position, village in enumerate(province.villages):
        village.first = len(people)
        groups = mixes[province.commune_of(village).kind]
        ending = village.location[:-1] + f"\t{NULL}\t{NULL}\n"
        for _resident in range(village.residents):
            person_id = table.take_id()
            female = rng.random() < 0.51
            year = years.draw(rng)
            age = REFERENCE_YEAR - year
            group = groups.draw(rng)
            name = pool.draw(rng, group, female, age)
            minute = registered + int(rng.random() * REGISTERED_DAYS) * DAY + int(rng.random() * 720)
            created = days[minute // DAY] + times[minute % DAY]
            phone, consent = "", NULL
            if rng.random() < phone_share(age):
                phone, consent = draw_phone(rng), created
                people.phones[person_id] = phone
            cadre = 22 <= age <= 65 and rng.random() < CADRE_SHARE
            ocop = 25 <= age <= 70 and rng.random() < OCOP_SHARE
            gender = "female" if female else "male"
            table.add(
                f"{person_id}\t{pool.text(name)}\t{pool.folded(name)}\t{gender}\t{year}\t{phone}\t{consent}\t"
                f"{'t' if cadre else 'f'}\t{'t' if ocop else 'f'}\t{uuid4_text(rng)}\t{created}\t{created}\t"
                f"{catalog.ethnicities[group]}{ending}"
            )
            flags = (FEMALE if female else 0) | (CADRE if cadre else 0) | (OCOP if ocop else 0)
            people.flags.append(flags | (MINORITY if group != "Kinh" else 0))
            people.birth_years.append(year)
            people.names.append(name)
            people.villages.append(position)
            if cadre:
                people.cadres.append(person_id)
            if age >= ADULT_AGE:
                village.adults += 1
    return people
