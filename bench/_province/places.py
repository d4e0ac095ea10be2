"""The province's units (under the country, with `path`, `depth` and `parent` as the loader and
`create_village` make them), its staff accounts, the mass organizations' chapters and the digital
teams."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from _province.names import NamePool
from _province.rows import DAY, NULL, Clock, Table, columns
from _province.shape import (
    CONFERENCES,
    LOWLAND,
    MOUNTAIN,
    MOUNTAIN_SHARE,
    PLACE_WORDS,
    PROVINCE_CODE,
    PROVINCE_NAME,
    REGISTERED_FROM,
    URBAN,
    URBAN_SHARE,
    Size,
)
from langso.common.codes import CODE_ALPHABET
from langso.common.text import normalize_text
from langso.people.models import OrganizationKind
from langso.people.services.registry import ORGANIZATION_NAME_PREFIX

UNIT_COLUMNS = columns("id code name kind division_type parent_id path depth created_at")
USER_COLUMNS = columns(
    "id password last_login is_superuser username first_name last_name email is_staff is_active date_joined "
    "phone full_name"
)
ORGANIZATION_COLUMNS = columns("id kind unit_id name")
ASSIGNMENT_COLUMNS = columns("id user_id role unit_id organization_id created_at")
TEAM_COLUMNS = columns("id unit_id name created_at")
MEMBER_COLUMNS = columns("id team_id user_id is_leader joined_on")
#: the organizations whose commune chapters run classes
CLASS_ORGANIZERS = ("women", "youth")


@dataclass
class Commune:
    id: int
    code: str
    name: str
    kind: str
    path: str
    officer_id: int = 0
    mentor_id: int = 0
    team_id: int = 0
    organizations: dict[str, int] = field(default_factory=dict)


@dataclass
class Village:
    id: int
    code: str
    name: str
    #: the commune's position in Province.communes
    commune: int
    residents: int = 0
    #: the position of the village's first resident in the people index (its residents follow it)
    first: int = 0
    #: residents aged 15 and over, the registry's basis of the village reports
    adults: int = 0
    #: "\t<village id>\t<commune id>\t<province id>\n": how a fact row about a resident here ends
    location: str = ""


@dataclass
class Province:
    id: int
    path: str
    communes: list[Commune] = field(default_factory=list)
    villages: list[Village] = field(default_factory=list)
    officer_id: int = 0
    organizations: dict[str, int] = field(default_factory=dict)

    def commune_of(self, village: Village) -> Commune:
        return self.communes[village.commune]


def place_names(rng: random.Random) -> Iterator[str]:
    """Invented two-word place names ("Đồng Tâm"), each folded form once."""
    seen: set[str] = set()
    first_words, second_words = PLACE_WORDS
    while True:
        name = f"{rng.choice(first_words)} {rng.choice(second_words)}"
        folded = normalize_text(name)
        if folded not in seen and len(set(folded.split())) == 2:
            seen.add(folded)
            yield name


def split(total: int, weights: Sequence[float], minimum: int = 0) -> list[int]:
    """`total` split in proportion to `weights` (largest remainders), each part at least `minimum`."""
    spare = total - minimum * len(weights)
    shares = [spare * weight / sum(weights) for weight in weights]
    parts = [int(share) for share in shares]
    for index in sorted(range(len(weights)), key=lambda i: parts[i] - shares[i])[: spare - sum(parts)]:
        parts[index] += 1
    return [part + minimum for part in parts]


def plan_province(size: Size, rng: random.Random, units: Table, country_path: str) -> Province:
    """The province, its communes (mountain, lowland, urban wards) and their villages (thôn, bản, tổ dân
    phố), with how many residents live in each village."""
    province = Province(units.take_id(), f"{country_path}{PROVINCE_CODE}/")
    mountains = max(1, round(MOUNTAIN_SHARE * size.communes))
    urban = min(size.communes - mountains, round(URBAN_SHARE * size.communes))
    kinds = [MOUNTAIN] * mountains + [URBAN] * urban + [LOWLAND] * (size.communes - mountains - urban)
    rng.shuffle(kinds)
    commune_names = place_names(rng)
    for number, kind in enumerate(kinds, start=1):
        code = f"{PROVINCE_CODE}{number:03d}"
        name = f"{'Phường' if kind == URBAN else 'Xã'} {next(commune_names)}"
        province.communes.append(Commune(units.take_id(), code, name, kind, f"{province.path}{code}/"))
    village_counts = split(size.villages, [rng.uniform(0.6, 1.4) for _kind in kinds], minimum=2)
    for position, (commune, count) in enumerate(zip(province.communes, village_counts, strict=True)):
        village_names = place_names(rng)
        for serial in range(1, count + 1):
            if commune.kind == URBAN:
                name = f"Tổ dân phố {serial}"
            else:
                word = "Bản" if commune.kind == MOUNTAIN and rng.random() < 0.5 else "Thôn"
                name = f"{word} {next(village_names)}"
            code = f"{commune.code}-{serial:03d}"  # as places.services.next_village_code numbers them
            province.villages.append(Village(units.take_id(), code, name, position))
    weights = [
        rng.uniform(0.5, 1.5) * (1.6 if province.commune_of(village).kind == URBAN else 1.0)
        for village in province.villages
    ]
    for village, residents in zip(province.villages, split(size.residents, weights), strict=True):
        village.residents = residents
        village.location = f"\t{village.id}\t{province.commune_of(village).id}\t{province.id}\n"
    return province


def division_type(name: str) -> str:
    """ "Bản Nà Làng" is a "bản", "Tổ dân phố 3" a "tổ dân phố", "Phường Đồng Tâm" a "phường"…"""
    for prefix in ("Tổ dân phố", "Phường", "Xã", "Bản", "Thôn"):
        if name.startswith(prefix + " "):
            return prefix.lower()
    return "thôn"


def unit_phrase(name: str) -> str:
    """A unit's name inside a sentence: "thôn Đồng Tâm", "xã Khe Lặc"."""
    return name[:1].lower() + name[1:]


def write_units(units: Table, province: Province, country_id: int, clock: Clock) -> None:
    """Rows of places.Unit: each path is the parent's path, the code and "/", one level deeper."""
    created = clock.text(clock.minute(REGISTERED_FROM) - 60 * DAY)
    units.add(
        f"{province.id}\t{PROVINCE_CODE}\t{PROVINCE_NAME}\tprovince\ttỉnh\t{country_id}\t{province.path}\t1\t"
        f"{created}\n"
    )
    for commune in province.communes:
        units.add(
            f"{commune.id}\t{commune.code}\t{commune.name}\tcommune\t{division_type(commune.name)}\t"
            f"{province.id}\t{commune.path}\t2\t{created}\n"
        )
    for village in province.villages:
        commune = province.commune_of(village)
        units.add(
            f"{village.id}\t{village.code}\t{village.name}\tvillage\t{division_type(village.name)}\t"
            f"{commune.id}\t{commune.path}{village.code}/\t3\t{created}\n"
        )


@dataclass
class StaffTables:
    users: Table
    organizations: Table
    assignments: Table
    teams: Table
    members: Table


def write_staff(
    tables: StaffTables, province: Province, rng: random.Random, clock: Clock, pool: NamePool
) -> None:
    """A province officer; in each commune a commune officer and a youth mentor, who is the member of
    the commune's digital team; the organizations' chapters that run conferences (province) and classes
    (communes). Accounts have unusable passwords: nobody signs in to the benchmark's province."""
    joined = clock.minute(REGISTERED_FROM) - 30 * DAY

    def user(username: str, role: str, unit_id: int) -> int:
        user_id = tables.users.take_id()
        full_name = pool.text(pool.draw(rng, "Kinh", rng.random() < 0.5, 35))
        password = "!" + "".join(rng.choices(CODE_ALPHABET, k=40))  # "!" starts an unusable password
        tables.users.add(
            f"{user_id}\t{password}\t{NULL}\tf\t{username}\t\t\t\tf\tt\t{clock.text(joined)}\t{NULL}\t"
            f"{full_name}\n"
        )
        assignment_id = tables.assignments.take_id()
        tables.assignments.add(
            f"{assignment_id}\t{user_id}\t{role}\t{unit_id}\t{NULL}\t{clock.text(joined)}\n"
        )
        return user_id

    def organization(kind: str, unit_id: int, phrase: str) -> int:
        organization_id = tables.organizations.take_id()
        prefix = ORGANIZATION_NAME_PREFIX[OrganizationKind(kind)]
        tables.organizations.add(f"{organization_id}\t{kind}\t{unit_id}\t{prefix} {phrase}\n")
        return organization_id

    province.officer_id = user(f"bench.tinh.{PROVINCE_CODE}", "province_officer", province.id)
    for kind, _title in CONFERENCES:
        province.organizations[kind] = organization(kind, province.id, f"tỉnh {PROVINCE_NAME}")
    for commune in province.communes:
        commune.officer_id = user(f"bench.xa.{commune.code}", "commune_officer", commune.id)
        commune.mentor_id = user(f"bench.doanvien.{commune.code}", "mentor", commune.id)
        for kind in CLASS_ORGANIZERS:
            commune.organizations[kind] = organization(kind, commune.id, unit_phrase(commune.name))
        commune.team_id = tables.teams.take_id()
        team_name = f"Tổ công nghệ số cộng đồng {unit_phrase(commune.name)}"
        tables.teams.add(f"{commune.team_id}\t{commune.id}\t{team_name}\t{clock.text(joined)}\n")
        tables.members.add(
            f"{tables.members.take_id()}\t{commune.team_id}\t{commune.mentor_id}\tt\t{clock.day(joined)}\n"
        )
