"""Conferences: who sees them, creating them, registering cadres, marking who came (and so linking
them into the cascade), and checking the materials' files."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from langso.people.services import ensure_organization
from langso.people.tests.factories import PersonFactory
from langso.training.models import ConferenceRegistration, TrainingLink
from langso.training.selectors.conferences import conferences_visible_to, registration_candidates
from langso.training.services.cascade import record_training
from langso.training.services.conferences import (
    MAX_MATERIAL_BYTES,
    ConferenceData,
    check_material_file,
    create_conference,
    mark_conference_attendance,
    register_for_conference,
    undo_conference_attendance,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def data_for(world, *, unit=None, starts_on=TODAY, **changes) -> ConferenceData:
    values = {
        "title": "Hội nghị  tập huấn chuyển đổi số",
        "organizer": ensure_organization(kind="women", unit=unit or world.hai_lang),
        "starts_on": starts_on,
        "ends_on": starts_on,
        "venue": "Hội trường xã",
        **changes,
    }
    return ConferenceData(**values)


@pytest.fixture
def conference(world):
    return create_conference(actor=world.user("union_cadre"), data=data_for(world))


@pytest.fixture
def registration(world, conference):
    return register_for_conference(actor=world.user("union_cadre"), conference=conference, person=world.huong)


def test_a_union_cadre_creates_a_conference_of_their_commune_union(world, conference):
    assert conference.unit == world.hai_lang
    assert conference.title == "Hội nghị tập huấn chuyển đổi số"


def test_a_conference_of_a_sibling_communes_union_is_refused(world):
    with pytest.raises(PermissionDenied):
        create_conference(actor=world.user("union_cadre"), data=data_for(world, unit=world.hoanh_mo))


def test_a_conference_needs_a_place_or_an_online_link(world):
    with pytest.raises(ValidationError):
        create_conference(actor=world.user("union_cadre"), data=data_for(world, venue=""))


def test_an_online_conference_needs_no_place(world):
    online = create_conference(
        actor=world.user("union_cadre"),
        data=data_for(world, venue="", online_url="https://meet.example.vn/a"),
    )
    assert online.online_url == "https://meet.example.vn/a"


def test_a_conference_cannot_end_before_it_starts(world):
    with pytest.raises(ValidationError):
        create_conference(
            actor=world.user("union_cadre"), data=data_for(world, ends_on=TODAY - datetime.timedelta(days=1))
        )


def test_a_communes_conference_is_visible_in_its_commune_and_above(world, conference):
    for name in ("commune", "mentor", "province", "national"):
        assert conference in conferences_visible_to(world.user(name)), name


def test_a_communes_conference_is_hidden_from_a_sibling_commune(world, conference):
    assert conference not in conferences_visible_to(world.user("other_commune"))
    assert conference not in conferences_visible_to(world.user("nobody"))


def test_a_province_conference_is_visible_to_the_communes_below(world):
    province_conference = create_conference(
        actor=world.user("province"), data=data_for(world, unit=world.province)
    )
    assert province_conference in conferences_visible_to(world.user("other_commune"))
    assert province_conference in conferences_visible_to(world.user("mentor"))


def test_a_commune_cadre_registers_a_resident_to_a_province_conference(world):
    province_conference = create_conference(
        actor=world.user("province"), data=data_for(world, unit=world.province)
    )
    registration = register_for_conference(
        actor=world.user("union_cadre"), conference=province_conference, person=world.lan
    )
    assert registration.person == world.lan


def test_registering_twice_keeps_one_registration(world, conference):
    for _ in range(2):
        register_for_conference(actor=world.user("union_cadre"), conference=conference, person=world.huong)
    assert ConferenceRegistration.objects.filter(conference=conference).count() == 1


def test_a_cadre_cannot_register_a_resident_of_a_sibling_commune(world, conference):
    with pytest.raises(PermissionDenied):
        register_for_conference(actor=world.user("union_cadre"), conference=conference, person=world.pao)


def test_a_mentor_cannot_register_people(world, conference):
    with pytest.raises(PermissionDenied):
        register_for_conference(actor=world.user("mentor"), conference=conference, person=world.huong)


def test_nobody_registers_people_to_a_conference_they_cannot_see(world, conference):
    with pytest.raises(PermissionDenied):
        register_for_conference(actor=world.user("other_commune"), conference=conference, person=world.pao)


def test_registration_candidates_are_found_without_accents_among_managed_people(world, conference):
    found = registration_candidates(world.user("union_cadre"), conference, "thi")
    assert {person.full_name for person in found} == {"Nguyễn Thị Hương", "Trần Thị Lan"}


def test_marking_attendance_links_the_person_to_the_conference(world, registration):
    marked = mark_conference_attendance(actor=world.user("union_cadre"), registration=registration)
    assert marked.attended_at is not None
    assert TrainingLink.objects.filter(conference=registration.conference, trainee=world.huong).count() == 1


def test_marking_attendance_twice_changes_nothing(world, registration):
    first = mark_conference_attendance(actor=world.user("union_cadre"), registration=registration)
    second = mark_conference_attendance(actor=world.user("union_cadre"), registration=registration)
    assert second.attended_at == first.attended_at
    assert TrainingLink.objects.filter(trainee=world.huong).count() == 1


def test_attendance_cannot_be_marked_before_the_conference_starts(world):
    later = create_conference(
        actor=world.user("union_cadre"), data=data_for(world, starts_on=TODAY + datetime.timedelta(days=3))
    )
    registration = register_for_conference(
        actor=world.user("union_cadre"), conference=later, person=world.huong
    )
    with pytest.raises(ValidationError):
        mark_conference_attendance(actor=world.user("union_cadre"), registration=registration)


def test_a_past_conference_still_records_attendance_on_its_last_day(world):
    past = create_conference(
        actor=world.user("union_cadre"), data=data_for(world, starts_on=datetime.date(2025, 3, 8))
    )
    registration = register_for_conference(
        actor=world.user("union_cadre"), conference=past, person=world.huong
    )
    mark_conference_attendance(actor=world.user("union_cadre"), registration=registration)
    assert TrainingLink.objects.get(conference=past).taught_on == datetime.date(2025, 3, 8)


def test_a_mentor_cannot_mark_conference_attendance(world, registration):
    with pytest.raises(PermissionDenied):
        mark_conference_attendance(actor=world.user("mentor"), registration=registration)


def test_undo_on_the_same_day_removes_the_attendance_and_the_link(world, registration):
    mark_conference_attendance(actor=world.user("union_cadre"), registration=registration)
    undone = undo_conference_attendance(actor=world.user("union_cadre"), registration=registration)
    assert undone.attended_at is None
    assert not TrainingLink.objects.filter(trainee=world.huong).exists()


def test_undo_on_a_later_day_is_refused(world, registration):
    mark_conference_attendance(actor=world.user("union_cadre"), registration=registration)
    ConferenceRegistration.objects.filter(pk=registration.pk).update(
        attended_at=timezone.now() - datetime.timedelta(days=2)
    )
    registration.refresh_from_db()
    with pytest.raises(ValidationError):
        undo_conference_attendance(actor=world.user("union_cadre"), registration=registration)


def test_undo_is_refused_once_the_person_has_trained_others(world, registration):
    registration = mark_conference_attendance(actor=world.user("union_cadre"), registration=registration)
    daughter = PersonFactory(full_name="Lê Thị Mai", village=world.thong_nhat)
    record_training(trainee=daughter, trainer=world.huong, recorded_by=world.user("mentor"), taught_on=TODAY)
    with pytest.raises(ValidationError, match="Nguyễn Thị Hương"):
        undo_conference_attendance(actor=world.user("union_cadre"), registration=registration)
    assert TrainingLink.objects.filter(conference=registration.conference, trainee=world.huong).exists()


def test_a_pdf_material_is_accepted():
    check_material_file("Tai lieu.PDF", 1000, b"%PDF-1.7\n")


def test_a_material_of_a_kind_not_allowed_is_refused():
    with pytest.raises(ValidationError):
        check_material_file("setup.exe", 1000, b"MZ\x90\x00")


def test_a_material_whose_content_does_not_match_its_name_is_refused():
    with pytest.raises(ValidationError):
        check_material_file("slides.pptx", 1000, b"%PDF-1.7\n")


def test_an_mp4_material_is_recognised_by_its_ftyp_box():
    check_material_file("video.mp4", 1000, b"\x00\x00\x00\x18ftypmp42")


def test_a_material_over_20_mb_is_refused():
    with pytest.raises(ValidationError):
        check_material_file("big.pdf", MAX_MATERIAL_BYTES + 1, b"%PDF-1.7\n")
