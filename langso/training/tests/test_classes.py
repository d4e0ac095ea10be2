"""Classes and their sessions: who sees them, who may change them, and the rules of deleting."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from langso.people.models import OrganizationKind
from langso.people.services.registry import ensure_organization
from langso.training.models import ClassSession, ClassStatus, TrainingClass
from langso.training.selectors.classes import classes_visible_to, sessions_for
from langso.training.services.attendance import mark_present
from langso.training.services.classes import ClassData, create_class
from langso.training.tests.factories_classes import enrol, make_class, make_session, skill

pytestmark = pytest.mark.django_db


def test_classes_visible_to_own_commune_yes_sibling_commune_no(world):
    # given a class in Hải Lạng and one in Hoành Mô
    ours = make_class(world)
    theirs = make_class(world, commune=world.hoanh_mo, village=world.na_lang)
    # when Hải Lạng's commune officer lists what they may see
    visible = set(classes_visible_to(world.user("commune")))
    # then only Hải Lạng's class is there
    assert visible == {ours}
    assert theirs not in visible


def test_a_village_mentor_sees_the_classes_of_their_village_only(world):
    at_thong_nhat = make_class(world)
    at_dong_cay = make_class(world, village=world.hai_lang_2, mentors=[])
    assert set(classes_visible_to(world.user("mentor"))) == {at_thong_nhat}
    assert at_dong_cay not in set(classes_visible_to(world.user("mentor")))


def test_sessions_for_lists_today_sessions_of_classes_the_user_mentors(world):
    # given a class the mentor mentors with a session today and one tomorrow, and a class without them
    mentored = make_class(world)
    today = make_session(mentored)
    make_session(mentored, days_from_today=1)
    other = make_class(world, mentors=[])
    make_session(other)
    # when the mentor's sessions of today are read
    sessions = sessions_for(world.user("mentor"), timezone.localdate())
    # then only today's session of their class is there
    assert sessions == [today]


def test_sessions_for_leaves_out_classes_of_another_commune(world):
    make_session(make_class(world, commune=world.hoanh_mo, village=world.na_lang))
    assert sessions_for(world.user("other_commune"), timezone.localdate()) == []
    assert sessions_for(world.user("mentor"), timezone.localdate()) == []


def test_a_commune_officer_creates_a_class_through_the_form(client, world):
    # given the Women's Union of Hải Lạng and a skill
    organizer = ensure_organization(kind=OrganizationKind.WOMEN, unit=world.hai_lang)
    client.force_login(world.user("commune"))
    # when the officer fills in the form
    response = client.post(
        reverse("training:class_create"),
        {
            "title": "Thanh toán bằng mã QR",
            "organizer": organizer.pk,
            "village": world.thong_nhat.pk,
            "venue_name": "Nhà văn hóa thôn Thống Nhất",
            "skills": [skill().pk],
            "trainers": [world.user("trainer").pk],
            "mentors": [world.user("mentor").pk],
        },
    )
    # then the class exists at its venue, in its commune, and the next step is adding sessions
    training_class = TrainingClass.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("training:session_create", kwargs={"pk": training_class.pk})
    assert (training_class.village, training_class.commune) == (world.thong_nhat, world.hai_lang)
    assert list(training_class.trainers.all()) == [world.user("trainer")]


def test_the_class_form_offers_only_organizers_and_villages_of_the_users_area(client, world):
    ensure_organization(kind=OrganizationKind.WOMEN, unit=world.hai_lang)
    ensure_organization(kind=OrganizationKind.YOUTH, unit=world.hoanh_mo)
    client.force_login(world.user("trainer"))
    page = client.get(reverse("training:class_create")).content.decode()
    assert "Hội LHPN xã Hải Lạng" in page and "Thôn Thống Nhất" in page
    assert "Hoành Mô" not in page and "Nà Làng" not in page


def test_a_class_form_with_a_missing_title_keeps_what_was_typed(client, world):
    client.force_login(world.user("commune"))
    response = client.post(reverse("training:class_create"), {"venue_name": "Nhà văn hóa thôn Thống Nhất"})
    assert response.status_code == 400
    assert "Nhà văn hóa thôn Thống Nhất" in response.content.decode()


def test_a_mentor_cannot_open_the_new_class_form(client, world):
    client.force_login(world.user("mentor"))
    assert client.get(reverse("training:class_create")).status_code == 404


def test_a_class_venue_must_lie_in_the_organizers_area(world):
    organizer = ensure_organization(kind=OrganizationKind.WOMEN, unit=world.hai_lang)
    data = ClassData(
        title="Lớp", organizer=organizer, village=world.na_lang, venue_name="Nhà văn hóa", skills=[skill()]
    )
    with pytest.raises(ValidationError):
        create_class(actor=world.user("province"), data=data)


def test_a_trainer_assigned_in_another_commune_cannot_teach_the_class(world):
    organizer = ensure_organization(kind=OrganizationKind.WOMEN, unit=world.hai_lang)
    data = ClassData(
        title="Lớp",
        organizer=organizer,
        village=world.thong_nhat,
        venue_name="Nhà văn hóa",
        skills=[skill()],
        trainers=[world.user("other_commune")],
    )
    with pytest.raises(ValidationError) as error:
        create_class(actor=world.user("province"), data=data)
    assert "trainers" in error.value.message_dict


def test_class_detail_of_another_commune_is_not_found(client, world):
    theirs = make_class(world, commune=world.hoanh_mo, village=world.na_lang)
    client.force_login(world.user("commune"))
    assert client.get(reverse("training:class_detail", kwargs={"pk": theirs.pk})).status_code == 404


def test_class_detail_shows_sessions_and_enrolled_people(client, world):
    training_class = make_class(world)
    make_session(training_class)
    enrol(training_class, world.huong)
    client.force_login(world.user("mentor"))
    page = client.get(reverse("training:class_detail", kwargs={"pk": training_class.pk})).content.decode()
    assert "Nguyễn Thị Hương" in page and "Cài đặt VNeID" in page


def test_a_mentor_cannot_edit_a_class(client, world):
    training_class = make_class(world)
    client.force_login(world.user("mentor"))
    assert client.get(reverse("training:class_edit", kwargs={"pk": training_class.pk})).status_code == 404


def test_a_trainer_renames_a_class(client, world):
    training_class = make_class(world)
    client.force_login(world.user("trainer"))
    response = client.post(
        reverse("training:class_edit", kwargs={"pk": training_class.pk}),
        {
            "title": "Lớp mới",
            "organizer": training_class.organizer_id,
            "village": training_class.village_id,
            "venue_name": training_class.venue_name,
            "skills": [skill().pk],
            "trainers": [world.user("trainer").pk],
        },
    )
    assert response.status_code == 302
    training_class.refresh_from_db()
    assert training_class.title == "Lớp mới"
    assert not training_class.mentors.exists()


def test_deleting_a_class_with_recorded_attendance_is_refused(client, world):
    # given a class where Hương was marked present
    training_class = make_class(world)
    session = make_session(training_class)
    enrol(training_class, world.huong)
    mark_present(actor=world.user("mentor"), session=session, person=world.huong)
    client.force_login(world.user("commune"))
    # when the officer tries to delete it
    response = client.post(reverse("training:class_delete", kwargs={"pk": training_class.pk}), follow=True)
    # then it stays, with a message that says to archive it instead
    assert TrainingClass.objects.filter(pk=training_class.pk).exists()
    assert "Archive" in response.content.decode() or "Lưu trữ" in response.content.decode()


def test_a_class_without_attendance_can_be_deleted(client, world):
    training_class = make_class(world)
    make_session(training_class)
    client.force_login(world.user("commune"))
    response = client.post(reverse("training:class_delete", kwargs={"pk": training_class.pk}))
    assert response.status_code == 302
    assert not TrainingClass.objects.filter(pk=training_class.pk).exists()


def test_archiving_a_class_keeps_it_out_of_the_list(client, world):
    training_class = make_class(world)
    client.force_login(world.user("commune"))
    client.post(reverse("training:class_archive", kwargs={"pk": training_class.pk}))
    training_class.refresh_from_db()
    assert training_class.status == ClassStatus.ARCHIVED
    assert training_class.title not in client.get(reverse("training:class_list")).content.decode()
    assert training_class.title in client.get(reverse("training:class_list") + "?archived=1").content.decode()


def test_another_communes_officer_cannot_archive_a_class(client, world):
    training_class = make_class(world)
    client.force_login(world.user("other_commune"))
    assert client.post(reverse("training:class_archive", kwargs={"pk": training_class.pk})).status_code == 404


def test_a_trainer_adds_a_session_in_local_time(client, world):
    training_class = make_class(world)
    client.force_login(world.user("trainer"))
    response = client.post(
        reverse("training:session_create", kwargs={"pk": training_class.pk}),
        {"day": "2025-03-08", "starts": "08:00", "ends": "10:30", "topic": "Cài VNeID"},
    )
    assert response.status_code == 302
    session = ClassSession.objects.get()
    assert timezone.localtime(session.starts_at).replace(tzinfo=None) == datetime.datetime(2025, 3, 8, 8, 0)


def test_a_session_ending_before_it_starts_is_refused(client, world):
    training_class = make_class(world)
    client.force_login(world.user("trainer"))
    response = client.post(
        reverse("training:session_create", kwargs={"pk": training_class.pk}),
        {"day": "2025-03-08", "starts": "10:00", "ends": "09:00"},
    )
    assert response.status_code == 400
    assert not ClassSession.objects.exists()


def test_a_session_time_is_changed(client, world):
    session = make_session(make_class(world))
    client.force_login(world.user("trainer"))
    client.post(
        reverse("training:session_edit", kwargs={"pk": session.pk}),
        {"day": "2025-03-09", "starts": "14:00", "ends": "16:00", "topic": ""},
    )
    session.refresh_from_db()
    assert timezone.localtime(session.starts_at).hour == 14


def test_a_session_with_attendance_cannot_be_deleted(client, world):
    training_class = make_class(world)
    session = make_session(training_class)
    enrol(training_class, world.huong)
    mark_present(actor=world.user("mentor"), session=session, person=world.huong)
    client.force_login(world.user("trainer"))
    client.post(reverse("training:session_delete", kwargs={"pk": session.pk}))
    assert ClassSession.objects.filter(pk=session.pk).exists()


def test_an_empty_session_is_deleted(client, world):
    session = make_session(make_class(world))
    client.force_login(world.user("trainer"))
    client.post(reverse("training:session_delete", kwargs={"pk": session.pk}))
    assert not ClassSession.objects.filter(pk=session.pk).exists()


def test_the_class_list_shows_the_mentors_sessions_of_today(client, world):
    make_session(make_class(world), hour=9)
    client.force_login(world.user("mentor"))
    page = client.get(reverse("training:class_list")).content.decode()
    assert "09:00" in page and "Dùng VNeID" in page
