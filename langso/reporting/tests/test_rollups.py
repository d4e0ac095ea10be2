"""The roll-ups kept by the services as facts happen give the same numbers as `rebuild_rollups`
recomputing them from the raw facts, whatever the sequence of facts (a property-based test), and the
computed indicators read from them count what their definitions say (hand-made data)."""

from __future__ import annotations

import datetime
import io
import uuid
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from langso.common.periods import Period, PeriodKind
from langso.conftest import World
from langso.learning.models import CertificateSet, Skill
from langso.learning.services.certificates import BASIC_CITIZEN_SET
from langso.learning.services.progress import GradedSet, record_attempt
from langso.learning.tests.factories import make_skill, texts
from langso.people.models import Ethnicity, Gender, Milestone, Person
from langso.people.services.registry import PersonData, register_person, update_person
from langso.places.models import Unit
from langso.places.services import create_village
from langso.reporting.models import Indicator
from langso.reporting.selectors.values import (
    STOCK_METRICS,
    indicator_values,
    periods_up_to,
    rows_up_to,
    series_for,
    values_for,
)
from langso.reporting.services.rollups import rebuild_rollups
from langso.rollups.models import DistinctMark, Tally
from langso.rollups.services import TOTAL
from langso.training.models import Conference, ConferenceRegistration, HelpChannel, HelpTopic
from langso.training.services.attendance import mark_present, unmark_present
from langso.training.services.checks import record_skill_check
from langso.training.services.conferences import mark_conference_attendance, undo_conference_attendance
from langso.training.services.help import HelpAsk, ask_for_help, claim_help_request, resolve_help_request
from langso.training.tests.factories_classes import enrol, make_class, make_session

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def snapshot() -> dict[str, set[tuple[object, ...]]]:
    """Everything the roll-ups hold, zero tallies left out (a count that went up and down is zero)."""
    return {
        "tallies": set(
            Tally.objects.exclude(amount=0).values_list(
                "metric", "unit_id", "period_kind", "period_start", "amount"
            )
        ),
        "marks": set(
            DistinctMark.objects.values_list(
                "metric", "subject", "unit_id", "period_kind", "period_start", "facts"
            )
        ),
        "milestones": set(Milestone.objects.values_list("person_id", "kind", "reached_on")),
    }


def sums_by_unit_and_metric(tallies) -> dict[tuple[int, str], int]:  # type: ignore[no-untyped-def]
    rows = tallies.values_list("unit_id", "metric").annotate(total=Sum("amount")).order_by()
    return {(unit_id, metric): total for unit_id, metric, total in rows if total}


def assert_totals_equal_the_periods() -> None:
    """A stock's running total (read for the current period) equals its years, quarters and months
    up to now (read for past periods), and its weeks, for every unit."""
    for kind in (PeriodKind.MONTH, PeriodKind.WEEK):
        now = Period.containing(TODAY, kind)
        periods = Q()
        for part in rows_up_to(now):
            since = Q(period_start__gte=part.first) if part.first else Q()
            periods |= Q(since, period_kind=part.kind, period_start__lte=part.last)
        by_periods = sums_by_unit_and_metric(Tally.objects.filter(periods, metric__in=STOCK_METRICS))
        totals = sums_by_unit_and_metric(Tally.objects.filter(period_kind=TOTAL, metric__in=STOCK_METRICS))
        assert by_periods == totals


def assert_incremental_equals_rebuild() -> None:
    assert_totals_equal_the_periods()
    kept = snapshot()
    rebuild_rollups()
    rebuilt = snapshot()
    for part in kept:
        assert kept[part] == rebuilt[part], part


class Facts:
    """The world plus what the operations need: skills of the basic set, a class session today,
    a conference today, and the officer who may do everything in the province."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.officer = world.user("province")
        self.villages = [world.thong_nhat, world.hai_lang_2, world.na_lang]
        self.skills = [make_skill("skill-a", order=1), make_skill("skill-b", order=2)]
        basic = CertificateSet.objects.create(code=BASIC_CITIZEN_SET, title=texts("Công dân số cơ bản"))
        basic.skills.set(self.skills)
        self.kinh = Ethnicity.objects.get(code="01")
        self.minority = Ethnicity.objects.filter(is_majority=False).order_by("code").first()
        self.training_class = make_class(world)
        self.session = make_session(self.training_class)
        self.conference = Conference.objects.create(
            title="Tập huấn chuyển đổi số",
            organizer=self.training_class.organizer,
            unit=self.training_class.organizer.unit,
            starts_on=TODAY,
            ends_on=TODAY,
            venue="Nhà văn hoá",
            created_by=world.user("union_cadre"),
        )

    def person(self, index: int, *, in_class_area: bool = False) -> Person | None:
        """The index-th resident (wrapping round), or None when there is nobody to pick."""
        people = Person.objects.order_by("pk")
        if in_class_area:  # a class enrols the residents of its organizer's commune
            people = people.filter(commune=self.world.hai_lang)
        chosen = list(people)
        return chosen[index % len(chosen)] if chosen else None


def data_for(
    facts: Facts, village: int, gender: str, birth_year: int, minority: bool, cadre: bool, ocop: bool
):  # type: ignore[no-untyped-def]
    return PersonData(
        full_name="Lò Thị Mai",
        gender=gender,
        birth_year=birth_year,
        ethnicity=facts.minority if minority else facts.kinh,
        village=facts.villages[village % len(facts.villages)],
        is_cadre=cadre,
        is_ocop_subject=ocop,
    )


def passed(skill: Skill) -> GradedSet:
    return GradedSet(
        correct=5,
        total=5,
        passed=True,
        answers=[{"question": "q0", "given": 0, "right": True}],
        lessons_to_review=[],
    )


def run(facts: Facts, operation: tuple) -> None:  # type: ignore[type-arg]
    kind, *args = operation
    if kind == "register":
        register_person(actor=facts.officer, data=data_for(facts, *args))
    elif kind == "correct":
        person_index, *rest = args
        update_person(actor=facts.officer, person=facts.person(person_index), data=data_for(facts, *rest))
    elif kind == "practice":
        person_index, skill_index, days_ago = args
        skill = facts.skills[skill_index]
        record_attempt(
            person=facts.person(person_index),
            skill=skill,
            answers={},
            client_uuid=uuid.uuid4(),
            taken_at=timezone.now() - datetime.timedelta(days=days_ago),
            graded=passed(skill),
        )
    elif kind == "check":
        person_index, skill_index, alone = args
        record_skill_check(
            actor=facts.officer,
            person=facts.person(person_index),
            skill=facts.skills[skill_index],
            outcome="alone" if alone else "not_yet",
            note="",
            client_uuid=uuid.uuid4(),
        )
    elif kind == "attendance":
        person_index, undo = args
        person = facts.person(person_index, in_class_area=True)
        if person is None:
            return  # everyone moved out of the class's commune
        enrol(facts.training_class, person)
        if undo:
            unmark_present(actor=facts.officer, session=facts.session, person=person)
        else:
            mark_present(actor=facts.officer, session=facts.session, person=person)
    elif kind == "help":
        village, resolve = args
        request = ask_for_help(
            actor=None,
            ask=HelpAsk(
                name="Bà Tư", village=facts.villages[village % len(facts.villages)], topic=HelpTopic.VNEID
            ),
            channel=HelpChannel.PUBLIC,
            client_uuid=uuid.uuid4(),
        )
        if resolve:
            claim_help_request(actor=facts.officer, help_request=request)
            resolve_help_request(actor=facts.officer, help_request=request, note="Đã cài lại VNeID")
    elif kind == "conference":
        person_index, undo = args
        registration, _created = ConferenceRegistration.objects.get_or_create(
            conference=facts.conference,
            person=facts.person(person_index),
            defaults={"registered_by": facts.officer},
        )
        if undo:
            undo_conference_attendance(actor=facts.officer, registration=registration)
        else:
            mark_conference_attendance(actor=facts.officer, registration=registration)


person_fields = st.tuples(
    st.integers(0, 2),
    st.sampled_from([Gender.FEMALE, Gender.MALE]),
    st.integers(1940, TODAY.year - 5),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
operations = st.one_of(
    person_fields.map(lambda fields: ("register", *fields)),
    st.tuples(st.integers(0, 3), person_fields).map(lambda args: ("correct", args[0], *args[1])),
    st.tuples(st.just("practice"), st.integers(0, 3), st.integers(0, 1), st.integers(0, 500)),
    st.tuples(st.just("check"), st.integers(0, 3), st.integers(0, 1), st.booleans()),
    st.tuples(st.just("attendance"), st.integers(0, 3), st.booleans()),
    st.tuples(st.just("help"), st.integers(0, 2), st.booleans()),
    st.tuples(st.just("conference"), st.integers(0, 3), st.booleans()),
)


@pytest.fixture
def facts(world: World) -> Iterator[Facts]:
    yield Facts(world)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sequence=st.lists(operations, min_size=1, max_size=12))
def test_incremental_roll_ups_equal_a_rebuild_from_the_facts(facts: Facts, sequence: list[tuple]) -> None:  # type: ignore[type-arg]
    with transaction.atomic():
        rebuild_rollups()  # the world's residents were made by factories, not the services
        for operation in sequence:
            run(facts, operation)
        assert_incremental_equals_rebuild()
        transaction.set_rollback(True)  # each example starts from the same world


# Hand-made data: the formulas, in a new village of Hải Lạng where nobody lived yet.

MONTH = Period.containing(TODAY, PeriodKind.MONTH)


@pytest.fixture
def village(world: World, facts: Facts):  # type: ignore[no-untyped-def]
    call_command("load_indicators", stdout=io.StringIO())
    rebuild_rollups()  # the world's residents were made by factories, not the services
    return create_village(commune=world.hai_lang, name="Thôn Khe Mới")


def resident(facts: Facts, village, name: str, gender: str, born: int, **flags: bool) -> Person:  # type: ignore[no-untyped-def]
    minority = flags.pop("minority", False)
    data = PersonData(
        full_name=name,
        gender=gender,
        birth_year=born,
        ethnicity=facts.minority if minority else facts.kinh,
        village=village,
        **flags,
    )
    return register_person(actor=facts.officer, data=data)


def master(person: Person, skill: Skill) -> None:
    record_attempt(person=person, skill=skill, answers={}, client_uuid=uuid.uuid4(), graded=passed(skill))


def values_of(unit) -> dict[str, Decimal | None]:  # type: ignore[no-untyped-def]
    indicators = list(Indicator.objects.all())
    fractions = indicator_values(unit=unit, period=MONTH, indicators=indicators)
    return {
        indicator.code: fractions[indicator.pk].value(indicator.measure)
        if indicator.pk in fractions
        else None
        for indicator in indicators
    }


def test_the_computed_indicators_count_what_their_definitions_say(facts: Facts, village) -> None:  # type: ignore[no-untyped-def]
    skill_a, skill_b = facts.skills
    a = resident(facts, village, "Lò Thị A", Gender.FEMALE, 1960, minority=True)
    b = resident(facts, village, "Trần Văn B", Gender.MALE, 1970, is_cadre=True)
    resident(facts, village, "Vũ Thị C", Gender.FEMALE, 1980, is_cadre=True)
    d = resident(facts, village, "Đỗ Văn D", Gender.MALE, 1990, is_ocop_subject=True)
    child = resident(facts, village, "Bé K", Gender.FEMALE, TODAY.year - 10)
    master(a, skill_a)
    master(a, skill_b)  # the whole basic set: a certificate
    master(b, skill_a)
    master(child, skill_a)
    for person in (b, d):
        registration = ConferenceRegistration.objects.create(
            conference=facts.conference, person=person, registered_by=facts.officer
        )
        mark_conference_attendance(actor=facts.officer, registration=registration)
    for resolve in (True, False):
        run(facts, ("help", 0, resolve))  # the first village of the facts is Thống Nhất, not here
    got = values_of(village)
    assert got["residents-reached"] == Decimal("50.0")  # a and b of 4 adults; the child is not an adult
    assert got["basic-digital-citizen"] == Decimal("25.0")  # a
    assert got["women-among-reached"] == Decimal("66.7")  # a and the child among a, b and the child
    assert got["minorities-among-reached"] == Decimal("33.3")  # a
    assert got["cadres-trained"] == Decimal(1)  # b at the conference; c is a cadre who did not come
    assert got["ocop-subjects-trained"] == Decimal(1)  # d, trained in the cascade at the conference
    assert got["help-resolved-in-3-days"] is None  # nobody asked for help in this village
    assert got["households-with-smartphone"] is None  # no approved report
    thong_nhat = values_of(facts.world.thong_nhat)
    assert thong_nhat["help-resolved-in-3-days"] == Decimal("50.0")
    assert thong_nhat["active-mentors"] == Decimal(1)  # the officer who resolved the request
    assert_incremental_equals_rebuild()


def test_a_resident_who_moves_takes_their_counts_along(facts: Facts, village, world: World) -> None:  # type: ignore[no-untyped-def]
    a = resident(facts, village, "Lò Thị A", Gender.FEMALE, 1960)
    resident(facts, village, "Trần Văn B", Gender.MALE, 1970)
    master(a, facts.skills[0])
    assert values_of(village)["residents-reached"] == Decimal("50.0")
    data = PersonData(
        full_name=a.full_name, gender=a.gender, birth_year=1960, ethnicity=facts.kinh, village=world.na_lang
    )
    update_person(actor=facts.officer, person=a, data=data)
    assert values_of(village)["residents-reached"] == Decimal("0.0")
    assert values_of(world.hai_lang)["residents-reached"] < values_of(world.hoanh_mo)["residents-reached"]
    assert_incremental_equals_rebuild()


def test_an_undone_attendance_leaves_no_active_mentor(facts: Facts, village, world: World) -> None:  # type: ignore[no-untyped-def]
    run(facts, ("attendance", 0, False))
    assert values_of(world.thong_nhat)["active-mentors"] == Decimal(1)
    run(facts, ("attendance", 0, True))
    assert values_of(world.thong_nhat)["active-mentors"] == Decimal(0)
    assert_incremental_equals_rebuild()


def test_a_stock_counts_up_to_the_period_and_a_flow_within_it(facts: Facts, village) -> None:  # type: ignore[no-untyped-def]
    a = resident(facts, village, "Lò Thị A", Gender.FEMALE, 1960)
    record_attempt(
        person=a,
        skill=facts.skills[0],
        answers={},
        client_uuid=uuid.uuid4(),
        taken_at=timezone.now() - datetime.timedelta(days=400),
        graded=passed(facts.skills[0]),
    )
    indicator = Indicator.objects.get(code="residents-reached")
    before = Period.containing(TODAY - datetime.timedelta(days=800), PeriodKind.MONTH)
    assert indicator_values(unit=village, period=before, indicators=[indicator])[indicator.pk].numerator == 0
    assert indicator_values(unit=village, period=MONTH, indicators=[indicator])[indicator.pk].numerator == 1


@pytest.mark.parametrize("kind", [PeriodKind.WEEK, PeriodKind.MONTH, PeriodKind.YEAR])
def test_a_trend_shows_each_period_as_its_own_dashboard_would(facts: Facts, village, kind: str) -> None:  # type: ignore[no-untyped-def]
    early = resident(facts, village, "Lò Thị A", Gender.FEMALE, 1960, minority=True)
    recent = resident(facts, village, "Trần Văn B", Gender.MALE, TODAY.year - 16)
    for person, days_ago in ((early, 400), (recent, 20)):
        record_attempt(
            person=person,
            skill=facts.skills[0],
            answers={},
            client_uuid=uuid.uuid4(),
            taken_at=timezone.now() - datetime.timedelta(days=days_ago),
            graded=passed(facts.skills[0]),
        )
    run(facts, ("help", 0, True))
    indicators = list(Indicator.objects.all())
    periods = periods_up_to(Period.containing(TODAY, kind), 15)
    for unit in (village, facts.world.thong_nhat):
        trend = series_for(unit, periods, indicators)
        for index, period in enumerate(periods):
            alone = indicator_values(unit=unit, period=period, indicators=indicators)
            assert {pk: fractions[index] for pk, fractions in trend.items() if fractions[index]} == alone


def test_the_country_keeps_no_tallies_and_adds_up_its_provinces(facts: Facts, village) -> None:  # type: ignore[no-untyped-def]
    reached = resident(facts, village, "Lò Thị A", Gender.FEMALE, 1960, minority=True)
    resident(facts, village, "Trần Văn B", Gender.MALE, 1970)
    master(reached, facts.skills[0])
    run(facts, ("help", 0, True))
    country = Unit.objects.get(parent=None)
    assert not Tally.objects.filter(unit=country).exists()
    provinces = list(Unit.objects.filter(parent=country))
    indicators = list(Indicator.objects.all())
    national = values_for([country], MONTH, indicators)[country.pk]
    by_province = values_for(provinces, MONTH, indicators)
    for indicator in indicators:
        parts = [by_province[province.pk].get(indicator.pk) for province in provinces]
        added = (
            sum(part.numerator for part in parts if part),
            sum(part.denominator for part in parts if part),
        )
        whole = national.get(indicator.pk)
        assert ((whole.numerator, whole.denominator) if whole else (0, 0)) == added, indicator.code
    assert national[indicators_by_code()["residents-reached"].pk].numerator >= 1
    trend = series_for(country, periods_up_to(MONTH, 3), indicators)
    assert {pk: fractions[-1] for pk, fractions in trend.items() if fractions[-1]} == national


def indicators_by_code() -> dict[str, Indicator]:
    return {indicator.code: indicator for indicator in Indicator.objects.all()}


def test_the_command_rebuilds_and_says_how_much(facts: Facts) -> None:
    out = io.StringIO()
    Tally.objects.all().delete()
    call_command("rebuild_rollups", stdout=out)
    assert "tallies" in out.getvalue() and Tally.objects.filter(metric="residents-born").exists()
