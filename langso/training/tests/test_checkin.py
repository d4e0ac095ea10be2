"""Card check-in: the code typed or read from the learner card's QR code marks the learner present;
a card of someone not in the class is refused with a clear message."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from langso.people.services.cards import ensure_card_code
from langso.training.models import Attendance, CheckInMethod, Enrolment
from langso.training.tests.factories_classes import enrol, make_class, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(world):  # type: ignore[no-untyped-def]
    training_class = make_class(world)
    enrol(training_class, world.huong)
    return make_session(training_class)


def check_in(client, session, code, **extra):  # type: ignore[no-untyped-def]
    data = {"code": code, "client_uuid": str(uuid.uuid4()), "method": "code", **extra}
    return client.post(reverse("training:checkin", kwargs={"pk": session.pk}), data)


def test_the_checkin_page_offers_the_scanner_and_the_code_field(client, world, session):
    client.force_login(world.user("mentor"))
    page = client.get(reverse("training:checkin", kwargs={"pk": session.pk})).content.decode()
    assert 'id="scan-card"' in page and 'name="code"' in page
    assert "core/vendor/qr/zxing_reader-3.1.3.wasm" in page and "training/checkin.js" in page


def test_a_typed_card_code_marks_the_learner_present(client, world, session):
    code = ensure_card_code(person=world.huong)
    client.force_login(world.user("mentor"))
    response = check_in(client, session, code.lower()[:4] + " " + code[4:])
    assert response.status_code == 200
    attendance = Attendance.objects.get()
    assert (attendance.person, attendance.method) == (world.huong, CheckInMethod.CODE)
    assert "Nguyễn Thị Hương" in response.content.decode()


def test_a_scanned_card_is_recorded_as_scanned(client, world, session):
    code = ensure_card_code(person=world.huong)
    client.force_login(world.user("mentor"))
    check_in(client, session, code, method="card")
    assert Attendance.objects.get().method == CheckInMethod.CARD


def test_an_unknown_code_says_no_one_was_found(client, world, session):
    client.force_login(world.user("mentor"))
    response = check_in(client, session, "ZZZZZZZZ")
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_a_card_of_another_classs_learner_is_refused_with_an_offer_to_enrol(client, world, session):
    # given Lan has a card but is not enrolled in this class
    code = ensure_card_code(person=world.lan)
    client.force_login(world.user("trainer"))
    # when her card is scanned
    response = check_in(client, session, code, method="card")
    # then she is not marked, the page says she is not enrolled, and offers to enrol her
    page = response.content.decode()
    assert not Attendance.objects.exists()
    assert "Trần Thị Lan" in page and 'name="enrol" value="1"' in page


def test_a_mentor_is_told_to_ask_the_trainer_instead(client, world, session):
    code = ensure_card_code(person=world.lan)
    client.force_login(world.user("mentor"))
    page = check_in(client, session, code).content.decode()
    assert 'name="enrol"' not in page
    assert not Attendance.objects.exists()


def test_enrol_and_mark_from_the_checkin_page(client, world, session):
    code = ensure_card_code(person=world.lan)
    client.force_login(world.user("trainer"))
    check_in(client, session, code, enrol="1")
    assert Enrolment.objects.filter(person=world.lan).exists()
    assert Attendance.objects.filter(person=world.lan).exists()


def test_a_card_of_another_commune_is_not_found(client, world, session):
    code = ensure_card_code(person=world.pao)
    client.force_login(world.user("trainer"))
    response = check_in(client, session, code, enrol="1")
    assert response.status_code == 400
    assert "Hoàng Văn Páo" not in response.content.decode()
    assert not Enrolment.objects.filter(person=world.pao).exists()


def test_a_resent_checkin_records_one_row(client, world, session):
    code = ensure_card_code(person=world.huong)
    client.force_login(world.user("mentor"))
    same = str(uuid.uuid4())
    check_in(client, session, code, client_uuid=same)
    check_in(client, session, code, client_uuid=same)
    assert Attendance.objects.count() == 1
