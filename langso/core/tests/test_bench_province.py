"""The benchmark's synthetic province (bench/_province/), built small into the test database: its rows
keep the invariants the app relies on, as if its services had written them."""

from __future__ import annotations

import io
import sys
import uuid
from collections import defaultdict
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F, Max, Min, Q

from langso.accounts.models import User
from langso.common.phones import normalize_phone
from langso.common.text import normalize_text
from langso.learning.models import Attempt, Certificate, CertificateSet, Mastery, MasterySource, Skill
from langso.learning.services.progress import record_mentor_mastery
from langso.people.models import Person
from langso.people.services.registry import PersonData, register_person
from langso.places.models import Unit, UnitKind
from langso.places.services import create_village
from langso.reporting.models import ReportStatus, ReportValue, VillageReport
from langso.training.models import (
    Attendance,
    ConferenceRegistration,
    Enrolment,
    HelpRequest,
    HelpStatus,
    SkillCheck,
    TrainingLink,
)

pytestmark = [pytest.mark.serial, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BENCH = Path(__file__).resolve().parents[3] / "bench"
SCALE = 0.001  # 2 communes, 4 villages, 1,500 residents


def province_package() -> ModuleType:
    """bench/_province, imported as the benchmark scripts import it."""
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    import _province

    return _province


def database_conninfo() -> str:
    """The test database, as psycopg connects to it."""
    from psycopg.conninfo import make_conninfo

    settings = connection.settings_dict
    parts = {
        "dbname": settings["NAME"],
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        "host": settings["HOST"],
        "port": str(settings["PORT"] or ""),
    }
    return make_conninfo(**{key: value for key, value in parts.items() if value})


@pytest.fixture
def figures():  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("The province generator loads with COPY, which is PostgreSQL's")
    call_command("load_curriculum", stdout=io.StringIO())
    call_command("load_indicators", stdout=io.StringIO())
    return province_package().build_province(database_conninfo(), scale=SCALE, seed=7)


def province() -> Unit:
    return Unit.objects.get(code="99")


def test_the_province_is_a_tree_whose_residents_live_where_their_rows_say(figures):
    assert_units_form_a_tree_under_the_country()
    assert_residents_live_in_a_village_of_their_commune_and_province(figures)


def assert_units_form_a_tree_under_the_country() -> None:
    size = province_package().Size.at(SCALE)
    units = Unit.objects.filter(path__startswith=province().path)
    assert units.filter(kind=UnitKind.PROVINCE).count() == 1
    assert units.filter(kind=UnitKind.COMMUNE, depth=2).count() == size.communes
    assert units.filter(kind=UnitKind.VILLAGE, depth=3).count() == size.villages
    assert province().parent == Unit.objects.get(code="VN", kind=UnitKind.COUNTRY)
    for unit in units.select_related("parent"):
        assert unit.parent is not None
        assert unit.path == f"{unit.parent.path}{unit.code}/" and unit.depth == unit.parent.depth + 1
    # when a commune officer adds a village, it takes the next number after the generated ones
    commune = units.filter(kind=UnitKind.COMMUNE).first()
    added = create_village(commune=commune, name="Thôn Mới Lập")
    assert added.code == f"{commune.code}-{commune.children.count():03d}"


def assert_residents_live_in_a_village_of_their_commune_and_province(figures: Any) -> None:
    people = Person.objects.filter(province=province())
    assert people.count() == figures.rows_of("people_person") == province_package().Size.at(SCALE).residents
    assert not people.exclude(village__kind=UnitKind.VILLAGE).exists()
    assert not people.exclude(commune=F("village__parent"), province=F("village__parent__parent")).exists()
    assert not people.exclude(card_code=None).exists()
    with_phone = people.exclude(phone="")
    assert with_phone.exists() and not with_phone.filter(phone_consent_at=None).exists()
    assert all(normalize_phone(phone) == phone for phone in with_phone.values_list("phone", flat=True))
    assert all(p.search_name == normalize_text(p.full_name) for p in people.only("full_name", "search_name"))
    assert 0.45 < people.filter(gender="female").count() / people.count() < 0.57
    assert 0.15 < people.filter(birth_year__gte=2012).count() / people.count() < 0.25


def test_practice_masteries_and_certificates_are_those_the_learning_services_write(figures):
    assert_attempts_are_numbered_from_one_per_person_and_skill_and_pass_at_80_percent()
    assert_each_mastery_comes_from_the_first_passed_attempt_or_from_a_mentors_check()
    assert_certificates_are_issued_for_each_completed_set_at_the_completing_mastery()


def assert_attempts_are_numbered_from_one_per_person_and_skill_and_pass_at_80_percent() -> None:
    assert Attempt.objects.count() > 1000
    numbering = Attempt.objects.values("person", "skill").annotate(
        first=Min("number"), last=Max("number"), count=Count("id")
    )
    assert all(row["first"] == 1 and row["last"] == row["count"] for row in numbering)
    assert not Attempt.objects.filter(Q(passed=True, correct__lt=0.8 * F("total"))).exists()
    assert not Attempt.objects.filter(Q(passed=False, correct__gte=0.8 * F("total"))).exists()
    at_home = Q(village=F("person__village"), commune=F("person__commune"), province=F("person__province"))
    assert not Attempt.objects.exclude(at_home).exists()


def assert_each_mastery_comes_from_the_first_passed_attempt_or_from_a_mentors_check() -> None:
    first_passes = {
        (row["person"], row["skill"]): row["first"]
        for row in Attempt.objects.filter(passed=True).values("person", "skill").annotate(first=Min("number"))
    }
    masteries = Mastery.objects.select_related("attempt")
    by_practice = [m for m in masteries if m.source == MasterySource.PRACTICE]
    by_mentor = [m for m in masteries if m.source == MasterySource.MENTOR]
    assert by_practice and by_mentor
    for mastery in by_practice:
        attempt = mastery.attempt
        assert attempt is not None and attempt.passed
        assert (attempt.person_id, attempt.skill_id) == (mastery.person_id, mastery.skill_id)
        assert attempt.number == first_passes[(mastery.person_id, mastery.skill_id)]
        assert attempt.taken_at == mastery.mastered_at
    alone = set(
        SkillCheck.objects.filter(outcome="alone").values_list("person", "skill", "checked_at", "checked_by")
    )
    first_passed_at = {
        (row["person"], row["skill"]): row["at"]
        for row in Attempt.objects.filter(passed=True).values("person", "skill").annotate(at=Min("taken_at"))
    }
    for mastery in by_mentor:
        assert mastery.attempt_id is None
        assert (mastery.person_id, mastery.skill_id, mastery.mastered_at, mastery.recorded_by_id) in alone
        assert (
            first_passed_at.get((mastery.person_id, mastery.skill_id), mastery.mastered_at)
            >= mastery.mastered_at
        )
    assert set(first_passes) <= {(m.person_id, m.skill_id) for m in masteries}  # a pass always masters


def assert_certificates_are_issued_for_each_completed_set_at_the_completing_mastery() -> None:
    mastered: dict[int, dict[int, object]] = defaultdict(dict)
    for person_id, skill_id, at in Mastery.objects.values_list("person_id", "skill_id", "mastered_at"):
        mastered[person_id][skill_id] = at
    due = {}
    for certificate_set in CertificateSet.objects.prefetch_related("skills"):
        skills = {skill.pk for skill in certificate_set.skills.all()}
        for person_id, times in mastered.items():
            if skills <= set(times):
                due[(person_id, certificate_set.pk)] = max(times[skill] for skill in skills)
    certificates = Certificate.objects.select_related("person")
    issued = {(c.person_id, c.certificate_set_id): c.issued_at for c in certificates}
    assert due and issued == due
    assert all(
        c.holder_name == c.person.full_name and c.issuing_unit_id == c.person.commune_id for c in certificates
    )


def test_training_and_report_rows_are_those_the_services_write(figures):
    enrolled = set(Enrolment.objects.values_list("training_class_id", "person_id"))
    attendance = Attendance.objects.values_list(
        "session__training_class_id", "person_id", "village", "person__village"
    )
    assert attendance and all(
        (cls, person) in enrolled and here == home for cls, person, here, home in attendance
    )
    requests = HelpRequest.objects.all()
    assert (
        not requests.filter(status=HelpStatus.RESOLVED)
        .filter(Q(resolved_at=None) | Q(claimed_at=None))
        .exists()
    )
    assert not requests.filter(status=HelpStatus.OPEN).exclude(claimed_at=None, resolved_at=None).exists()
    came = set(ConferenceRegistration.objects.exclude(attended_at=None).values_list("conference", "person"))
    links = TrainingLink.objects.values_list("conference", "trainee")
    assert came and set(links) == came
    reports = VillageReport.objects.all()
    assert reports.count() == figures.rows_of("reporting_villagereport") > 0
    assert not reports.exclude(status=ReportStatus.APPROVED).exists()
    assert not reports.exclude(commune=F("village__parent"), province=F("village__parent__parent")).exists()
    assert not ReportValue.objects.filter(numerator__gt=F("denominator")).exists()


def test_the_services_work_on_the_province_and_add_rows_after_the_loaded_ones(figures):
    last_person, last_mastery = (
        Person.objects.aggregate(m=Max("id"))["m"],
        Mastery.objects.aggregate(m=Max("id"))["m"],
    )
    commune = Unit.objects.filter(kind=UnitKind.COMMUNE, path__startswith=province().path).first()
    village, resident = commune.children.first(), Person.objects.filter(commune=commune).first()
    officer, mentor = (
        User.objects.get(username=f"bench.{role}.{commune.code}") for role in ("xa", "doanvien")
    )
    data = PersonData("Nguyễn Thị Mới", "female", 1960, resident.ethnicity, village)
    newcomer = register_person(actor=officer, data=data, client_uuid=uuid.uuid4())
    mastery = record_mentor_mastery(actor=mentor, person=newcomer, skill=Skill.objects.first())
    assert (newcomer.pk, mastery.pk) == (last_person + 1, last_mastery + 1)
