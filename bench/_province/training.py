"""Classes and their attendance, help requests, and the province's conferences with their cascade
links, as `training.services` record them."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from _province.catalog import Catalog
from _province.names import NamePool
from _province.people import FEMALE, PeopleIndex, draw_phone
from _province.places import Commune, Province, Village, unit_phrase
from _province.rows import DAY, NULL, Clock, Table, Weighted, columns, copy_text, sitting, uuid4_text
from _province.shape import (
    CHECK_IN_METHODS,
    CLASS_SKILL_CHOICES,
    CLASS_SKILLS,
    CLASS_TITLES,
    CONFERENCES,
    FIRST_DAY,
    HELP_CHANNELS,
    HELP_FATES,
    HELP_PROBLEMS,
    HELP_RESOLUTION,
    HELP_TOPICS,
    LAST_DAY,
    PRESENT_SHARE,
    PROVINCE_NAME,
    REFERENCE_YEAR,
    SESSION_STARTS,
    SESSION_TOPICS,
    Size,
)
from langso.people.models import OrganizationKind
from langso.people.services.registry import ORGANIZATION_NAME_PREFIX
from langso.reporting.services.reports import ADULT_AGE

CLASS_COLUMNS = columns(
    "id title organizer_id village_id commune_id province_id venue_name status created_by_id created_at "
    "archived_at"
)
CLASS_SKILL_COLUMNS = columns("id trainingclass_id skill_id")
CLASS_MENTOR_COLUMNS = columns("id trainingclass_id user_id")
SESSION_COLUMNS = columns("id training_class_id starts_at ends_at topic")
ENROLMENT_COLUMNS = columns("id training_class_id person_id enrolled_by_id enrolled_at")
ATTENDANCE_COLUMNS = columns(
    "id session_id person_id method marked_by_id marked_at client_uuid village_id commune_id province_id"
)
HELP_REQUEST_COLUMNS = columns(
    "id team_id person_id name phone phone_consent_at topic description channel status created_by_id "
    "claimed_by_id resolved_by_id resolution_note created_at claimed_at resolved_at client_uuid village_id "
    "commune_id province_id"
)
HELP_EVENT_COLUMNS = columns("id request_id kind actor_id to_user_id to_team_id note at")
CONFERENCE_COLUMNS = columns(
    "id title organizer_id unit_id starts_on ends_on venue online_url description created_by_id created_at"
)
REGISTRATION_COLUMNS = columns("id conference_id person_id registered_by_id registered_at attended_at")
LINK_COLUMNS = columns(
    "id trainee_id trainer_id conference_id training_class_id taught_on recorded_by_id recorded_at "
    "village_id commune_id province_id"
)
PERIOD_DAYS = (LAST_DAY - FIRST_DAY).days + 1


@dataclass
class TrainingTables:
    classes: Table
    class_skills: Table
    class_mentors: Table
    sessions: Table
    enrolments: Table
    attendance: Table
    help_requests: Table
    help_events: Table
    conferences: Table
    registrations: Table
    links: Table


def villages_by_residents(province: Province) -> Weighted[Village]:
    return Weighted([(village, village.residents) for village in province.villages])


def write_classes(
    tables: TrainingTables, province: Province, people: PeopleIndex, catalog: Catalog, rng: random.Random,
    clock: Clock, size: Size,
) -> None:  # fmt: skip
    """Classes of the communes' Women's and Youth Unions at village cultural houses, set up by the commune
    officer: 3–6 weekly sessions over the period, 12–28 residents of the village enrolled, each present at a
    session with a chance of 78 %, marked by the commune's mentor (the class's mentor). Older classes are
    often archived; a class has no trainers, so marks link nobody into the cascade."""
    villages, methods = villages_by_residents(province), Weighted(CHECK_IN_METHODS)
    choices = range(min(CLASS_SKILL_CHOICES, len(catalog.skills)))
    for _class in range(size.classes):
        village = villages.draw(rng)
        commune = province.commune_of(village)
        kind = "women" if rng.random() < 0.6 else "youth"
        sessions = rng.randint(3, 6)
        first_day, start = rng.randrange(PERIOD_DAYS - 7 * sessions - 1), rng.choice(SESSION_STARTS)
        starts = [
            clock.minute(
                FIRST_DAY + timedelta(days=first_day + 7 * week + (rng.randint(-1, 1) if week else 0)), start
            )
            for week in range(sessions)
        ]
        created = starts[0] - rng.randint(3, 20) * DAY
        archived = NULL
        if starts[-1] < clock.last - 60 * DAY and rng.random() < 0.5:
            archived = clock.text(starts[-1] + rng.randint(7, 30) * DAY)
        class_id, place = tables.classes.take_id(), unit_phrase(village.name)
        status = "active" if archived == NULL else "archived"
        tables.classes.add(
            f"{class_id}\t{CLASS_TITLES[kind].format(place=place)}\t{commune.organizations[kind]}\t{village.id}\t"
            f"{commune.id}\t{province.id}\tNhà văn hóa {place}\t{status}\t{commune.officer_id}\t"
            f"{clock.text(created)}\t{archived}\n"
        )
        for skill in sorted(rng.sample(choices, min(rng.choice(CLASS_SKILLS), len(choices)))):
            tables.class_skills.add(
                f"{tables.class_skills.take_id()}\t{class_id}\t{catalog.skills[skill].id}\n"
            )
        tables.class_mentors.add(f"{tables.class_mentors.take_id()}\t{class_id}\t{commune.mentor_id}\n")
        enrolled = enrol(
            tables.enrolments, class_id, village, commune, people, kind, rng, clock, created, starts[0]
        )
        for number, start_minute in enumerate(starts):
            session_id = tables.sessions.take_id()
            tables.sessions.add(
                f"{session_id}\t{class_id}\t{clock.text(start_minute)}\t{clock.text(start_minute + 120)}\t"
                f"{SESSION_TOPICS[number % len(SESSION_TOPICS)]}\n"
            )
            for person_id in enrolled:
                if rng.random() < PRESENT_SHARE:
                    marked = clock.text(start_minute + rng.randint(0, 40))
                    tables.attendance.add(
                        f"{tables.attendance.take_id()}\t{session_id}\t{person_id}\t{methods.draw(rng)}\t"
                        f"{commune.mentor_id}\t{marked}\t{uuid4_text(rng)}{village.location}"
                    )


def enrol(
    table: Table, class_id: int, village: Village, commune: Commune, people: PeopleIndex, kind: str,
    rng: random.Random, clock: Clock, created: int, first_session: int,
) -> list[int]:  # fmt: skip
    """Residents of the village enrolled in the class between its creation and its first session: women
    from 18 in the Women's Union's, anyone from 15 in the Youth Union's. A small village gives what it has."""
    wanted, chosen = rng.randint(12, 28), set()
    youngest_year = REFERENCE_YEAR - (18 if kind == "women" else ADULT_AGE)
    for _draw in range(8 * wanted):
        index = village.first + int(rng.random() * village.residents)
        if people.birth_years[index] > youngest_year or (
            kind == "women" and not people.flags[index] & FEMALE
        ):
            continue
        chosen.add(people.first_id + index)
        if len(chosen) == wanted:
            break
    enrolled = sorted(chosen)
    for person_id in enrolled:
        at = clock.text(created + int(rng.random() * (first_session - created)))
        table.add(f"{table.take_id()}\t{class_id}\t{person_id}\t{commune.officer_id}\t{at}\n")
    return enrolled


def write_help_requests(
    tables: TrainingTables, province: Province, people: PeopleIndex, rng: random.Random, clock: Clock,
    pool: NamePool, size: Size,
) -> None:  # fmt: skip
    """Requests in the queue of the commune's team (villages have none): asked by the mentor for a
    resident, by the resident on a shared device, or by anyone on the public form; ~60 % resolved within
    3 days, some later, the recent ones still being helped or waiting. Each step is a HelpEvent."""
    villages, topics = villages_by_residents(province), Weighted(HELP_TOPICS)
    channels, fates = Weighted(HELP_CHANNELS), Weighted(HELP_FATES)
    for _request in range(size.help_requests):
        village = villages.draw(rng)
        commune = province.commune_of(village)
        mentor, fate, channel = commune.mentor_id, fates.draw(rng), channels.draw(rng)
        if fate in ("claimed", "open"):  # what is still in the queue was asked recently
            asked = sitting(rng, clock.last - int(rng.random() * 40) * DAY)
        else:
            asked = sitting(rng, clock.first + int(rng.random() * (clock.last - clock.first - 20 * DAY)))
        person, phone = NULL, ""
        if channel == "public":
            name = pool.text(pool.draw(rng, "Kinh", rng.random() < 0.6, 50))
            phone = draw_phone(rng) if rng.random() < 0.5 else ""
        else:
            index = village.first + int(rng.random() * village.residents)
            person, name = str(people.first_id + index), pool.text(people.names[index])
            if channel == "resident":
                phone = people.phones.get(people.first_id + index, "")
        claimed = resolved = 0
        if fate == "quick":
            claimed = asked + rng.randint(10, DAY)
            resolved = claimed + rng.randint(10, asked + 3 * DAY - claimed - 1)
        elif fate == "late":
            claimed = asked + rng.randint(DAY, 4 * DAY)
            resolved = max(claimed + 60, asked + rng.randint(3 * DAY + 60, 15 * DAY))
        elif fate == "claimed":
            claimed = min(asked + rng.randint(30, 2 * DAY), clock.last)
        asker = str(mentor) if channel == "mentor" else NULL
        request_id, topic = tables.help_requests.take_id(), topics.draw(rng)
        status = "resolved" if resolved else "claimed" if claimed else "open"
        tables.help_requests.add(
            f"{request_id}\t{commune.team_id}\t{person}\t{name}\t{phone}\t"
            f"{clock.text(asked) if phone else NULL}\t"
            f"{topic}\t{HELP_PROBLEMS[topic]}\t{channel}\t{status}\t{asker}\t{mentor if claimed else NULL}\t"
            f"{mentor if resolved else NULL}\t{HELP_RESOLUTION if resolved else ''}\t{clock.text(asked)}\t"
            f"{clock.text(claimed) if claimed else NULL}\t{clock.text(resolved) if resolved else NULL}\t"
            f"{uuid4_text(rng)}{village.location}"
        )
        steps = [("asked", asker, "", asked), ("claimed", str(mentor), "", claimed)]
        steps.append(("resolved", str(mentor), HELP_RESOLUTION, resolved))
        for kind, actor, note, minute in steps:
            if minute:
                tables.help_events.add(
                    f"{tables.help_events.take_id()}\t{request_id}\t{kind}\t{actor}\t{NULL}\t{NULL}\t{note}\t"
                    f"{clock.text(minute)}\n"
                )


def write_conferences(
    tables: TrainingTables,
    province: Province,
    people: PeopleIndex,
    rng: random.Random,
    clock: Clock,
    size: Size,
) -> None:
    """Conferences of the province's organizations spread over the period, set up by the province officer,
    each registering a fifth to a third of the province's cadres; ~90 % came on the first day, each then
    linked into the cascade as trained at the conference (as `mark_conference_attendance` links them)."""
    for number in range(size.conferences):
        kind, title = CONFERENCES[number % len(CONFERENCES)]
        if number >= len(CONFERENCES):
            title = f"{title} (đợt {number // len(CONFERENCES) + 1})"
        first = FIRST_DAY + timedelta(
            days=int(PERIOD_DAYS * (number + rng.uniform(0.1, 0.7)) / size.conferences)
        )
        last = min(first + timedelta(days=rng.randint(0, 1)), LAST_DAY)
        opening = clock.minute(first, 7 * 60 + 30)
        conference_id = tables.conferences.take_id()
        venue = f"Hội trường {ORGANIZATION_NAME_PREFIX[OrganizationKind(kind)]} tỉnh {PROVINCE_NAME}"
        tables.conferences.add(
            f"{conference_id}\t{copy_text(title)}\t{province.organizations[kind]}\t{province.id}\t{first}\t{last}\t"
            f"{venue}\t\t\t{province.officer_id}\t{clock.text(opening - 30 * DAY)}\n"
        )
        cadres = people.cadres
        for position in sorted(rng.sample(range(len(cadres)), round(len(cadres) * rng.uniform(0.2, 0.35)))):
            person_id, came = cadres[position], rng.random() < 0.9
            registered = opening - rng.randint(3, 20) * DAY + rng.randint(60, 540)
            attended = opening + rng.randint(0, 45)
            tables.registrations.add(
                f"{tables.registrations.take_id()}\t{conference_id}\t{person_id}\t{province.officer_id}\t"
                f"{clock.text(registered)}\t{clock.text(attended) if came else NULL}\n"
            )
            if came:
                village = province.villages[people.villages[person_id - people.first_id]]
                tables.links.add(
                    f"{tables.links.take_id()}\t{person_id}\t{NULL}\t{conference_id}\t{NULL}\t{first}\t"
                    f"{province.officer_id}\t{clock.text(attended)}{village.location}"
                )
