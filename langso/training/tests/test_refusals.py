"""Odd or stale input gets a clear refusal, never an error page: digits of other scripts in a query,
a malformed roster tap, a tap on a class archived meanwhile, a session of another class on a check,
a contest closed earlier while residents play, an archived class, a session moved after marking."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from langso.common.text import parse_number
from langso.learning.tests.factories import make_skill
from langso.training.models import Attendance, CheckOutcome
from langso.training.services import competitions
from langso.training.services.attendance import NotEnrolledError, mark_present
from langso.training.services.checks import record_skill_check
from langso.training.services.classes import archive_class, save_session
from langso.training.tests.factories_classes import enrol, make_class, make_session
from langso.training.tests.test_competitions_views import open_contest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("raw", "expected"), [("42", 42), (" 7 ", 7), ("²", None), ("٣", None), ("", None)])
def test_only_plain_digits_make_a_number(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize(
    "url",
    ["/training/help/new/?person=%C2%B2", "/training/cascade/record/?trainer=%C2%B2"],
)
def test_a_superscript_digit_in_a_query_is_ignored_not_an_error(client, world, url):
    client.force_login(world.user("trainer"))

    assert client.get(url).status_code == 200


def test_a_malformed_roster_tap_is_a_bad_request(client, world):
    session = make_session(make_class(world))
    client.force_login(world.user("mentor"))

    response = client.post(
        reverse("training:mark", args=[session.pk]), {"mark": f"{world.huong.pk}.{'a' * 36}"}
    )

    assert response.status_code == 400 and not Attendance.objects.exists()


def test_a_tap_on_a_class_archived_meanwhile_sends_the_phone_back_to_the_roster(client, world):
    training_class = make_class(world)
    enrol(training_class, world.huong)
    session = make_session(training_class)
    archive_class(actor=world.user("commune"), training_class=training_class)
    client.force_login(world.user("mentor"))

    response = client.post(
        reverse("training:mark", args=[session.pk]),
        {"mark": f"{world.huong.pk}.{uuid.uuid4()}"},
        HTTP_HX_REQUEST="true",
    )

    assert response["HX-Redirect"] == reverse("training:roster", args=[session.pk])
    assert not Attendance.objects.exists()


def test_a_mentor_asking_to_enrol_a_walk_in_is_told_someone_else_must(world):
    session = make_session(make_class(world))

    with pytest.raises(NotEnrolledError) as refused:
        mark_present(actor=world.user("mentor"), session=session, person=world.huong, enrol=True)

    assert refused.value.may_enrol is False


def test_a_check_keeps_a_session_only_of_the_persons_own_class(world):
    skill = make_skill()
    other_class = make_class(world, title="Lớp khác")  # Hương is not enrolled in it
    session = make_session(other_class)

    check = record_skill_check(
        actor=world.user("mentor"),
        person=world.huong,
        skill=skill,
        outcome=CheckOutcome.NOT_YET,
        note="",
        client_uuid=uuid.uuid4(),
        session=session,
    )

    assert check.session is None


def test_an_archived_class_takes_no_new_session(world):
    training_class = make_class(world)
    archive_class(actor=world.user("commune"), training_class=training_class)
    starts = timezone.now() + timedelta(days=1)

    with pytest.raises(ValidationError, match="archived"):
        save_session(
            actor=world.user("commune"), training_class=training_class, starts_at=starts, ends_at=starts
        )


def test_a_session_with_attendance_cannot_move_to_another_day(world):
    training_class = make_class(world)
    enrol(training_class, world.huong)
    session = make_session(training_class)
    mark_present(actor=world.user("mentor"), session=session, person=world.huong)
    later = session.starts_at + timedelta(days=7)

    with pytest.raises(ValidationError, match="cannot move"):
        save_session(
            actor=world.user("commune"),
            training_class=training_class,
            session=session,
            starts_at=later,
            ends_at=later + timedelta(hours=2),
        )


def test_closing_a_contest_earlier_stops_the_entries_running(world):
    contest = open_contest(world)
    entry = competitions.start_entry(person=world.huong, competition=contest)
    closes = timezone.now() + timedelta(minutes=2)

    competitions.update_competition(actor=world.user("commune"), competition=contest, closes_at=closes)

    entry.refresh_from_db()
    assert entry.deadline_at == closes
