"""Practice, mastery and certificates, as `learning.services.progress` and `.certificates` record them."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from _province.catalog import Catalog
from _province.names import NamePool
from _province.people import FEMALE, MINORITY, OCOP, PeopleIndex
from _province.places import Province, Village
from _province.rows import DAY, NULL, Clock, Table, Weighted, columns, sitting, uuid4_text
from _province.shape import (
    CHECK_NOTES,
    COMMITTED_SHARE,
    COURSE_JITTER,
    LEARNER_SHARE_BY_AGE,
    MENTOR_SHARE,
    MENTOR_SHARE_ELDERLY,
    PASS_CHANCES,
    QUIT_AFTER_FAIL,
    REFERENCE_YEAR,
    REFRESHER_SHARE,
    SELLING_HEAD_START,
    SELLING_SKILLS,
    SKILLS_TAKEN_WEIGHTS,
)
from langso.common.codes import CODE_ALPHABET
from langso.learning.services.certificates import CODE_LENGTH
from langso.learning.services.progress import PASS_SHARE

ATTEMPT_COLUMNS = columns(
    "id person_id skill_id number correct total passed answers client_uuid taken_at created_at village_id "
    "commune_id province_id"
)
MASTERY_COLUMNS = columns(
    "id person_id skill_id source attempt_id recorded_by_id mastered_at village_id commune_id province_id"
)
CERTIFICATE_COLUMNS = columns(
    "id code person_id certificate_set_id holder_name skill_titles issuing_unit_id issued_at"
)
CHECK_COLUMNS = columns(
    "id person_id skill_id number outcome note session_id checked_by_id checked_at client_uuid village_id "
    "commune_id province_id"
)


@dataclass
class LearningTables:
    attempts: Table
    masteries: Table
    certificates: Table
    checks: Table


def retry_after(rng: random.Random, minute: int) -> int:
    """The next try: often in the same sitting, otherwise one to ten days later."""
    share = rng.random()
    if share < 0.45:
        return minute + 3 + int(share * 50)
    return sitting(rng, minute + (1 + int(rng.random() * 10)) * DAY)


class Learning:
    """Each learner takes up some skills, mostly in the course's order, from a day of the period: numbered
    practice sets until one passes (the practice mastery links it) or they give up, sometimes one more set
    later; a few skills are mastered at the commune mentor's hands-on check instead (numbered checks, the
    last "did it alone", no attempt linked). Each certificate set completed earns its certificate, issued
    at the mastery that completed it. A learner whose next try would fall after the period stops there."""

    def __init__(
        self,
        tables: LearningTables,
        province: Province,
        catalog: Catalog,
        clock: Clock,
        pool: NamePool,
        seed: int,
    ) -> None:
        self.tables, self.province, self.catalog, self.clock, self.pool = (
            tables,
            province,
            catalog,
            clock,
            pool,
        )
        self.rng = random.Random(f"{seed}:learning")
        self.code_rng = random.Random(f"{seed}:certificate-codes")
        self.taken_codes = set(catalog.taken_certificate_codes)
        self.skills_taken = Weighted(list(enumerate(SKILLS_TAKEN_WEIGHTS[: len(catalog.skills)], start=1)))
        self.course = [float(position) for position in range(len(catalog.skills))]
        self.ocop_course = [
            position - (SELLING_HEAD_START if skill.code in SELLING_SKILLS else 0)
            for position, skill in enumerate(catalog.skills)
        ]
        self.pass_marks = [math.ceil(PASS_SHARE * skill.total - 1e-9) for skill in catalog.skills]

    def write_all(self, people: PeopleIndex) -> None:
        villages, random_share = self.province.villages, self.rng.random
        for index in range(len(people)):
            age = REFERENCE_YEAR - people.birth_years[index]
            flags = people.flags[index]
            share = next(share for youngest, share in reversed(LEARNER_SHARE_BY_AGE) if age >= youngest)
            share += (0.03 if flags & FEMALE else 0.0) - (0.05 if flags & MINORITY else 0.0)
            if random_share() < share:
                village = villages[people.villages[index]]
                self.learn(people.first_id + index, village, age, flags, people.names[index])

    def skills_of(self, flags: int) -> list[int]:
        """The positions of the skills a learner takes up, in the order they take them up."""
        rng = self.rng
        course = self.ocop_course if flags & OCOP else self.course
        keys = sorted((start + rng.random() * COURSE_JITTER, skill) for skill, start in enumerate(course))
        return sorted(skill for _key, skill in keys[: self.skills_taken.draw(rng)])

    def learn(self, person_id: int, village: Village, age: int, flags: int, name: int) -> None:
        rng, last = self.rng, self.clock.last
        mentor_share = MENTOR_SHARE_ELDERLY if age >= 75 else MENTOR_SHARE
        quit_share = QUIT_AFTER_FAIL[rng.random() < COMMITTED_SHARE]
        mastered: dict[int, int] = {}
        minute = self.clock.first + int((last - self.clock.first) * rng.random() ** 0.75)  # more of late
        for skill in self.skills_of(flags):
            minute = sitting(rng, minute + int(rng.expovariate(1 / 12) * DAY))
            if minute > last:
                break
            if rng.random() < mentor_share:
                outcome = self._by_mentor(person_id, village, skill, minute)
            else:
                outcome = self._by_practice(person_id, village, skill, minute, quit_share)
            if outcome is None:
                break
            minute, is_mastered = outcome
            if is_mastered:
                mastered[skill] = minute
        if mastered:
            self._certify(person_id, village, name, mastered)

    def _attempt(
        self, person_id: int, village: Village, skill: int, number: int, passed: bool, minute: int
    ) -> int:
        """One practice set; passed exactly when ≥ 80 % of its answers are right."""
        random_share = self.rng.random
        total, mark = self.catalog.skills[skill].total, self.pass_marks[skill]
        if passed:
            correct = mark + int(random_share() * (total - mark + 1))
        else:  # most failed sets miss by one or two
            correct = int(max(random_share(), random_share()) * mark)
        attempt_id = self.tables.attempts.take_id()
        taken = self.clock.text(minute)
        self.tables.attempts.add(
            f"{attempt_id}\t{person_id}\t{self.catalog.skills[skill].id}\t{number}\t{correct}\t{total}\t"
            f"{'t' if passed else 'f'}\t[]\t{uuid4_text(self.rng)}\t{taken}\t{taken}{village.location}"
        )
        return attempt_id

    def _by_practice(
        self, person_id: int, village: Village, skill: int, minute: int, quit_share: float
    ) -> tuple[int, bool] | None:
        """Sets until one passes or the learner gives up: (the last set's minute, mastered), or None when
        the period ends first."""
        rng, last = self.rng, self.clock.last
        number = 0
        while True:
            number += 1
            passed = rng.random() < PASS_CHANCES[min(number, len(PASS_CHANCES)) - 1]
            attempt_id = self._attempt(person_id, village, skill, number, passed, minute)
            if passed:
                self._master(person_id, village, skill, minute, attempt_id=attempt_id)
                again = retry_after(rng, minute)
                if rng.random() < REFRESHER_SHARE and again <= last:
                    self._attempt(person_id, village, skill, number + 1, rng.random() < 0.9, again)
                return minute, True
            if rng.random() < quit_share:
                return minute, False
            minute = retry_after(rng, minute)
            if minute > last:
                return None

    def _by_mentor(
        self, person_id: int, village: Village, skill: int, minute: int
    ) -> tuple[int, bool] | None:
        """Up to two failed sets, then tries watched by the commune's mentor, the last one alone."""
        rng, last = self.rng, self.clock.last
        for number in range(1, rng.choice((1, 1, 2, 3))):
            if minute > last:
                return None
            self._attempt(person_id, village, skill, number, False, minute)
            minute = retry_after(rng, minute)
        mentor = self.province.commune_of(village).mentor_id
        skill_id, checks = self.catalog.skills[skill].id, self.tables.checks
        for number, outcome in enumerate(
            ("not_yet", "with_help", "alone")[-rng.choice((1, 2, 2, 3)) :], start=1
        ):
            minute = sitting(rng, minute + (2 + int(rng.random() * 13)) * DAY)
            if minute > last:
                return None
            checks.add(
                f"{checks.take_id()}\t{person_id}\t{skill_id}\t{number}\t{outcome}\t{CHECK_NOTES[outcome]}\t{NULL}\t"
                f"{mentor}\t{self.clock.text(minute)}\t{uuid4_text(rng)}{village.location}"
            )
        self._master(person_id, village, skill, minute, mentor=mentor)
        return minute, True

    def _master(
        self,
        person_id: int,
        village: Village,
        skill: int,
        minute: int,
        *,
        attempt_id: int = 0,
        mentor: int = 0,
    ) -> None:
        source, attempt, recorded_by = (
            ("practice", attempt_id, NULL) if attempt_id else ("mentor", NULL, mentor)
        )
        self.tables.masteries.add(
            f"{self.tables.masteries.take_id()}\t{person_id}\t{self.catalog.skills[skill].id}\t{source}\t{attempt}\t"
            f"{recorded_by}\t{self.clock.text(minute)}{village.location}"
        )

    def _certify(self, person_id: int, village: Village, name: int, mastered: dict[int, int]) -> None:
        """A certificate per completed set, from the commune, with a copy of the holder's name and the
        set's skill titles, issued at the mastery that completed the set."""
        commune_id = self.province.commune_of(village).id
        for certificate_set in self.catalog.certificate_sets:
            if all(skill in mastered for skill in certificate_set.skills):
                issued = self.clock.text(max(mastered[skill] for skill in certificate_set.skills))
                self.tables.certificates.add(
                    f"{self.tables.certificates.take_id()}\t{self._new_code()}\t{person_id}\t{certificate_set.id}\t"
                    f"{self.pool.text(name)}\t{certificate_set.skill_titles}\t{commune_id}\t{issued}\n"
                )

    def _new_code(self) -> str:
        """A code as `new_certificate_code` makes them, but drawn from the seed; never one already taken."""
        while True:
            code = "".join(self.code_rng.choices(CODE_ALPHABET, k=CODE_LENGTH))
            if code not in self.taken_codes:
                self.taken_codes.add(code)
                return code
