"""Demo learning progress: the learner account's own resident record, and a seeded share of the
demo residents who have practised some skills (so that progress pages show a living province)."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

from langso.accounts.models import User
from langso.learning.models import Attempt, Mastery, MasterySource, Skill
from langso.learning.services.certificates import issue_missing_certificates
from langso.people.models import Gender, Person
from langso.people.services.registry import refresh_derived_fields
from langso.places.models import Unit

#: the communes whose residents have started learning in the demo: the two of the news report
LEARNING_COMMUNES = ("06886", "06841")
LEARNING_SHARE = 0.3
PROGRESS_NAMESPACE = uuid.UUID("6a1f3b0e-5c1d-5e0a-9f63-2d7e8b1c4a90")
PERIOD_START = datetime(2025, 9, 1, tzinfo=UTC)
BATCH = 2000


def link_learner(user: User, village: Unit) -> Person | None:
    """Give the learner account a resident record: one of the oldest women of its village who has
    no account yet (the classes are for them)."""
    person = Person.objects.filter(user=user).first()
    if person is not None:
        return person
    person = (
        Person.objects.filter(village=village, gender=Gender.FEMALE, user__isnull=True)
        .order_by("birth_year", "id")
        .first()
    )
    if person is None:
        return None
    # The demo learner is the account's person: the resident takes the account's name.
    person.user, person.full_name = user, user.full_name
    refresh_derived_fields(person)
    person.save(update_fields=["user", "full_name", "search_name"])
    return person


def seed_progress(*, seed: int) -> int:
    """Attempts (1st, 2nd, 3rd…) and masteries for a share of the learning communes' residents;
    idempotent through deterministic client UUIDs. Returns how many attempts were created."""
    skills = list(Skill.objects.order_by("order"))
    if not skills:
        return 0
    rng = random.Random(f"{seed}:progress")
    people = (
        Person.objects.filter(commune__code__in=LEARNING_COMMUNES)
        .order_by("id")
        .only("id", "village_id", "commune_id", "province_id", "birth_year")
    )
    attempts: list[Attempt] = []
    masteries: list[Mastery] = []
    for person in people:
        if rng.random() >= LEARNING_SHARE:
            continue
        for skill in skills[: rng.randint(1, 6)]:
            _practise(rng, person, skill, attempts, masteries)
    existing = set(
        Attempt.objects.filter(client_uuid__in=[a.client_uuid for a in attempts]).values_list(
            "client_uuid", flat=True
        )
    )
    new = [attempt for attempt in attempts if attempt.client_uuid not in existing]
    Attempt.objects.bulk_create(new, batch_size=BATCH)
    Mastery.objects.bulk_create(masteries, batch_size=BATCH, ignore_conflicts=True)
    issue_missing_certificates()
    return len(new)


def _practise(
    rng: random.Random, person: Person, skill: Skill, attempts: list[Attempt], masteries: list[Mastery]
) -> None:
    tries = rng.choices([1, 2, 3, 4], weights=[40, 35, 18, 7])[0]
    passes = rng.random() < 0.75
    taken = PERIOD_START + timedelta(days=rng.randrange(80), hours=rng.randrange(8, 17))
    location = {
        "village_id": person.village_id,
        "commune_id": person.commune_id,
        "province_id": person.province_id,
    }
    total = min(skill.practice_size, 5)
    for number in range(1, tries + 1):
        is_last = number == tries
        passed = passes and is_last
        correct = rng.randint(4, total) if passed else rng.randint(1, 3)
        attempts.append(
            Attempt(
                person_id=person.pk,
                skill=skill,
                number=number,
                correct=correct,
                total=total,
                passed=passed,
                answers=[],
                client_uuid=uuid.uuid5(PROGRESS_NAMESPACE, f"{person.pk}:{skill.code}:{number}"),
                taken_at=taken + timedelta(days=7 * (number - 1)),
                **location,
            )
        )
    if passes:
        masteries.append(
            Mastery(
                person_id=person.pk,
                skill=skill,
                source=MasterySource.PRACTICE,
                mastered_at=taken + timedelta(days=7 * (tries - 1)),
                **location,
            )
        )
    elif rng.random() < 0.3:  # a mentor saw them do it alone at the cultural house
        masteries.append(
            Mastery(
                person_id=person.pk,
                skill=skill,
                source=MasterySource.MENTOR,
                mastered_at=taken + timedelta(days=10),
                **location,
            )
        )
