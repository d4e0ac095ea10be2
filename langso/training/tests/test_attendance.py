"""Attendance: one tap marks a resident present, a resent tap never double-counts, a walk-in is
enrolled first, the cascade is recorded, and the paper sheet prints names right."""

from __future__ import annotations

import subprocess
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from langso.accounts.models import AuditEvent
from langso.people.tests.factories import PersonFactory
from langso.training.models import Attendance, CheckInMethod, Enrolment, TrainingLink
from langso.training.selectors.classes import roster
from langso.training.services.attendance import NotEnrolledError, mark_present
from langso.training.services.classes import archive_class
from langso.training.tests.factories_classes import enrol, make_class, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(world):  # type: ignore[no-untyped-def]
    training_class = make_class(world)
    enrol(training_class, world.huong, world.lan)
    return make_session(training_class)


def tap(client, session, person, client_uuid=None, **extra):  # type: ignore[no-untyped-def]
    value = f"{person.pk}.{client_uuid or uuid.uuid4()}"
    return client.post(
        reverse("training:mark", kwargs={"pk": session.pk}),
        {"mark": value, **extra},
        **{"HTTP_HX_REQUEST": "true"},
    )


def test_the_roster_lists_enrolled_people_with_a_tap_button(client, world, session):
    client.force_login(world.user("mentor"))
    page = client.get(reverse("training:roster", kwargs={"pk": session.pk})).content.decode()
    assert "Nguyễn Thị Hương" in page and "Trần Thị Lan" in page
    assert f'name="mark" value="{world.huong.pk}.' in page


def test_one_tap_marks_present_and_answers_with_the_row(client, world, session):
    client.force_login(world.user("mentor"))
    response = tap(client, session, world.huong)
    assert response.status_code == 200
    assert "Nguyễn Thị Hương" in response.content.decode() and "✓" in response.content.decode()
    attendance = Attendance.objects.get()
    assert (attendance.person, attendance.method, attendance.village) == (
        world.huong,
        CheckInMethod.TAP,
        world.thong_nhat,
    )


def test_a_tap_also_updates_the_present_figure_of_the_roster(client, world, session):
    client.force_login(world.user("mentor"))
    tap(client, session, world.lan)

    body = tap(client, session, world.huong).content.decode()

    assert '<b id="present-count" hx-swap-oob="true">2</b>' in body


def test_a_double_tap_records_one_row(client, world, session):
    client.force_login(world.user("mentor"))
    same = uuid.uuid4()
    tap(client, session, world.huong, same)
    tap(client, session, world.huong, same)
    assert Attendance.objects.count() == 1


def test_marking_a_present_person_again_returns_the_first_row(world, session):
    first = mark_present(
        actor=world.user("mentor"), session=session, person=world.huong, client_uuid=uuid.uuid4()
    )
    again = mark_present(
        actor=world.user("mentor"), session=session, person=world.huong, client_uuid=uuid.uuid4()
    )
    assert again.pk == first.pk
    assert Attendance.objects.count() == 1


def test_a_tap_without_javascript_returns_to_the_roster(client, world, session):
    client.force_login(world.user("mentor"))
    response = client.post(
        reverse("training:mark", kwargs={"pk": session.pk}), {"mark": f"{world.huong.pk}.{uuid.uuid4()}"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("training:roster", kwargs={"pk": session.pk})


def test_undo_removes_a_mark(client, world, session):
    mark_present(actor=world.user("mentor"), session=session, person=world.huong)
    client.force_login(world.user("mentor"))
    client.post(reverse("training:unmark", kwargs={"pk": session.pk}), {"person": world.huong.pk})
    assert not Attendance.objects.exists()


def test_a_past_session_refuses_someone_not_enrolled_and_offers_to_enrol(client, world):
    # given a session of last week and a resident of the commune who is not enrolled
    training_class = make_class(world)
    past = make_session(training_class, days_from_today=-7)
    walk_in = PersonFactory(full_name="Đặng Thị Thu", village=world.thong_nhat)
    client.force_login(world.user("trainer"))
    # when the trainer marks her
    response = tap(client, past, walk_in)
    # then nothing is recorded, and enrolling first is offered
    assert response.status_code == 409
    assert not Attendance.objects.exists()
    assert 'name="enrol" value="1"' in response.content.decode()


def test_enrol_and_mark_enrols_first(client, world):
    training_class = make_class(world)
    past = make_session(training_class, days_from_today=-7)
    walk_in = PersonFactory(full_name="Đặng Thị Thu", village=world.thong_nhat)
    client.force_login(world.user("trainer"))
    tap(client, past, walk_in, enrol="1")
    assert Enrolment.objects.filter(training_class=training_class, person=walk_in).exists()
    assert Attendance.objects.filter(session=past, person=walk_in).exists()


def test_a_mentor_is_not_offered_to_enrol(world):
    training_class = make_class(world)
    walk_in = PersonFactory(village=world.thong_nhat)
    with pytest.raises(NotEnrolledError) as error:
        mark_present(actor=world.user("mentor"), session=make_session(training_class), person=walk_in)
    assert error.value.may_enrol is False


def test_a_session_of_a_later_day_cannot_be_marked_yet(client, world):
    training_class = make_class(world)
    enrol(training_class, world.huong)
    later = make_session(training_class, days_from_today=2)
    client.force_login(world.user("mentor"))
    tap(client, later, world.huong)
    assert not Attendance.objects.exists()


def test_an_archived_class_takes_no_marks(client, world, session):
    archive_class(actor=world.user("commune"), training_class=session.training_class)
    client.force_login(world.user("mentor"))
    tap(client, session, world.huong)
    assert not Attendance.objects.exists()


def test_a_village_head_sees_the_roster_but_cannot_mark(client, world, session):
    client.force_login(world.user("village_head"))
    assert client.get(reverse("training:roster", kwargs={"pk": session.pk})).status_code == 200
    assert tap(client, session, world.huong).status_code == 403
    assert not Attendance.objects.exists()


def test_another_communes_officer_cannot_see_or_mark_the_roster(client, world, session):
    client.force_login(world.user("other_commune"))
    assert client.get(reverse("training:roster", kwargs={"pk": session.pk})).status_code == 404
    assert tap(client, session, world.huong).status_code == 404


def test_marking_records_that_the_trainer_taught_the_attendee(world, session):
    # given the class's trainer has a resident record
    trainer_person = PersonFactory(full_name="Vũ Văn Thầy", village=world.hai_lang_2)
    trainer_person.user = world.user("trainer")
    trainer_person.save()
    # when Hương is marked present
    mark_present(actor=world.user("mentor"), session=session, person=world.huong)
    # then the cascade links the trainer to Hương through this class
    link = TrainingLink.objects.get()
    assert (link.trainer, link.trainee, link.training_class) == (
        trainer_person,
        world.huong,
        session.training_class,
    )


def test_a_trainer_without_a_resident_record_is_skipped_in_the_cascade(world, session):
    mark_present(actor=world.user("mentor"), session=session, person=world.huong)
    assert not TrainingLink.objects.exists()


def test_marking_costs_the_same_queries_whatever_the_roster_size(world):
    def queries_to_mark(size: int) -> int:
        training_class = make_class(world, title=f"Lớp {size}")
        people = PersonFactory.create_batch(size, village=world.thong_nhat)
        enrol(training_class, *people)
        session = make_session(training_class)
        mentor = world.user("mentor")
        mark_present(actor=mentor, session=session, person=people[0])  # warm the grants cache
        with CaptureQueriesContext(connection) as captured:
            mark_present(actor=mentor, session=session, person=people[-1], client_uuid=uuid.uuid4())
        return len(captured)

    # 11 for the mark, 2 for the roll-ups in the same transaction (the village's ancestry, one upsert)
    assert queries_to_mark(5) == queries_to_mark(40) <= 13


def test_the_roster_reads_in_two_queries(world, session):
    with CaptureQueriesContext(connection) as captured:
        rows = roster(session)
        [row.person.village.name for row in rows]
    assert len(captured) == 2


def test_the_attendance_sheet_prints_vietnamese_names_and_is_logged(client, world, session, tmp_path):
    mark_present(actor=world.user("mentor"), session=session, person=world.huong)
    client.force_login(world.user("mentor"))
    response = client.get(reverse("training:attendance_sheet", kwargs={"pk": session.pk}))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Nguyễn Thị Hương" in text and "Trần Thị Lan" in text and "Thôn Thống Nhất" in text
    assert "Dùng VNeID và thanh toán không tiền mặt" in text
    assert "✓" in text
    assert AuditEvent.objects.filter(action="training.attendance_sheet", actor=world.user("mentor")).exists()


def test_the_attendance_sheet_of_another_commune_is_not_found(client, world, session):
    client.force_login(world.user("other_commune"))
    assert client.get(reverse("training:attendance_sheet", kwargs={"pk": session.pk})).status_code == 404


def test_the_roster_shows_who_is_present_in_words(client, world, session):
    mark_present(actor=world.user("mentor"), session=session, person=world.huong)
    client.force_login(world.user("mentor"))
    page = client.get(reverse("training:roster", kwargs={"pk": session.pk})).content.decode()
    assert page.count('class="badge ok"') == 1
    assert (
        f'name="mark" value="{world.lan.pk}.' in page and f'name="mark" value="{world.huong.pk}.' not in page
    )


def test_the_roster_of_a_later_session_offers_no_tap(client, world):
    training_class = make_class(world)
    enrol(training_class, world.huong)
    later = make_session(training_class, days_from_today=3)
    client.force_login(world.user("mentor"))
    page = client.get(reverse("training:roster", kwargs={"pk": later.pk})).content.decode()
    assert "Nguyễn Thị Hương" in page and 'name="mark"' not in page
