"""The conference pages over real HTTP: list, create, register, attendance taps and materials,
for each role and across communes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from langso.people.services import ensure_organization
from langso.training.models import Conference, ConferenceMaterial, ConferenceRegistration, TrainingLink
from langso.training.services.conferences import register_for_conference
from langso.training.tests.test_cascade import make_conference

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% tai lieu tap huan\n"


@pytest.fixture(autouse=True)
def _english_and_media(client, settings, tmp_path):
    """Pages read in English; uploads go to a temporary folder."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def conference(world) -> Conference:
    return make_conference(world, starts_on=timezone.localdate(), title="Hội nghị Chi hội Phụ nữ")


@pytest.fixture
def registered(world, conference) -> ConferenceRegistration:
    return register_for_conference(actor=world.user("union_cadre"), conference=conference, person=world.huong)


def url(conference, action: str = "") -> str:
    return f"/training/conferences/{conference.pk}/{action + '/' if action else ''}"


def upload(client, conference, name="tai-lieu.pdf", content=PDF):
    return client.post(
        url(conference, "materials/new"), {"title": "Tài liệu", "file": SimpleUploadedFile(name, content)}
    )


def test_the_list_shows_the_conferences_of_the_users_area(client, world, conference):
    client.force_login(world.user("mentor"))
    assert "Hội nghị Chi hội Phụ nữ" in client.get("/training/conferences/").content.decode()


def test_the_list_hides_a_sibling_communes_conferences(client, world, conference):
    client.force_login(world.user("other_commune"))
    assert "Hội nghị Chi hội Phụ nữ" not in client.get("/training/conferences/").content.decode()


def test_a_union_cadre_creates_a_conference(client, world):
    organizer = ensure_organization(kind="youth", unit=world.hai_lang)
    client.force_login(world.user("union_cadre"))
    response = client.post(
        "/training/conferences/new/",
        {
            "title": "Tập huấn Đoàn viên",
            "organizer": organizer.pk,
            "starts_on": "2025-04-01",
            "ends_on": "2025-04-02",
            "online_url": "https://meet.example.vn/doan",
        },
    )
    conference = Conference.objects.get(title="Tập huấn Đoàn viên")
    assert response.status_code == 302 and conference.unit == world.hai_lang


def test_a_conference_without_place_or_link_keeps_what_was_typed(client, world):
    organizer = ensure_organization(kind="youth", unit=world.hai_lang)
    client.force_login(world.user("union_cadre"))
    response = client.post(
        "/training/conferences/new/",
        {
            "title": "Tập huấn Đoàn viên",
            "organizer": organizer.pk,
            "starts_on": "2025-04-01",
            "ends_on": "2025-04-01",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Give a place, an online link, or both." in page and 'value="Tập huấn Đoàn viên"' in page
    assert not Conference.objects.exists()


def test_the_create_form_offers_only_organizations_the_user_runs(client, world):
    ensure_organization(kind="youth", unit=world.hai_lang)
    ensure_organization(kind="youth", unit=world.hoanh_mo)
    client.force_login(world.user("union_cadre"))
    page = client.get("/training/conferences/new/").content.decode()
    assert "Đoàn Thanh niên xã Hải Lạng" in page and "Hoành Mô" not in page


def test_a_mentor_cannot_open_the_create_form(client, world):
    ensure_organization(kind="youth", unit=world.hai_lang)
    client.force_login(world.user("mentor"))
    assert client.get("/training/conferences/new/").status_code == 404


def test_a_conference_is_not_found_from_a_sibling_commune(client, world, conference):
    client.force_login(world.user("other_commune"))
    assert client.get(url(conference)).status_code == 404
    assert client.get(url(conference, "edit")).status_code == 404


def test_a_conference_manager_changes_the_title(client, world, conference):
    client.force_login(world.user("union_cadre"))
    data = {
        "title": "Hội nghị đã sửa",
        "organizer": conference.organizer_id,
        "starts_on": conference.starts_on.isoformat(),
        "ends_on": conference.ends_on.isoformat(),
        "venue": "Nhà văn hoá thôn",
    }
    assert client.post(url(conference, "edit"), data).status_code == 302
    conference.refresh_from_db()
    assert conference.title == "Hội nghị đã sửa"


def test_the_register_page_finds_people_without_accents(client, world, conference):
    client.force_login(world.user("union_cadre"))
    page = client.get(url(conference, "register"), {"q": "tran thi lan"}).content.decode()
    assert "Trần Thị Lan" in page


def test_registering_a_person_by_tap(client, world, conference):
    client.force_login(world.user("union_cadre"))
    response = client.post(
        url(conference, "register"), {"person": world.lan.pk}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "Registered" in response.content.decode()
    assert ConferenceRegistration.objects.filter(conference=conference, person=world.lan).exists()


def test_registering_a_person_of_a_sibling_commune_is_not_found(client, world, conference):
    client.force_login(world.user("union_cadre"))
    assert client.post(url(conference, "register"), {"person": world.pao.pk}).status_code == 404
    assert not ConferenceRegistration.objects.exists()


def test_one_tap_marks_a_registered_person_as_came(client, world, registered):
    client.force_login(world.user("union_cadre"))
    response = client.post(
        url(registered.conference, "attend"), {"person": world.huong.pk}, headers={"HX-Request": "true"}
    )
    assert "✓ Came" in response.content.decode()
    assert TrainingLink.objects.filter(conference=registered.conference, trainee=world.huong).exists()


def test_a_mentor_cannot_mark_conference_attendance(client, world, registered):
    client.force_login(world.user("mentor"))
    assert client.post(url(registered.conference, "attend"), {"person": world.huong.pk}).status_code == 404
    assert not TrainingLink.objects.exists()


def test_undo_on_the_same_day_takes_the_tap_back(client, world, registered):
    client.force_login(world.user("union_cadre"))
    client.post(url(registered.conference, "attend"), {"person": world.huong.pk})
    response = client.post(url(registered.conference, "unattend"), {"person": world.huong.pk})
    registered.refresh_from_db()
    assert response.status_code == 302 and registered.attended_at is None


def test_the_registered_list_names_only_people_the_viewer_may_see(client, world, conference):
    register_for_conference(actor=world.user("national"), conference=conference, person=world.pao)
    client.force_login(world.user("union_cadre"))
    page = client.get(url(conference)).content.decode()
    assert "Hoàng Văn Páo" not in page
    assert "And 1 person from outside your area." in page


def test_a_material_is_uploaded_and_downloaded_through_the_scoped_view(client, world, conference):
    client.force_login(world.user("union_cadre"))
    assert upload(client, conference).status_code == 302
    material = ConferenceMaterial.objects.get()
    client.force_login(world.user("mentor"))
    response = client.get(f"/training/conferences/materials/{material.pk}/")
    assert b"".join(response.streaming_content) == PDF


def test_a_material_is_not_found_from_a_sibling_commune(client, world, conference):
    client.force_login(world.user("union_cadre"))
    upload(client, conference)
    client.force_login(world.user("other_commune"))
    assert (
        client.get(f"/training/conferences/materials/{ConferenceMaterial.objects.get().pk}/").status_code
        == 404
    )


def test_a_material_whose_content_lies_about_its_kind_is_refused(client, world, conference):
    client.force_login(world.user("union_cadre"))
    response = upload(client, conference, name="slides.pdf", content=b"MZ\x90\x00 not a pdf")
    assert response.status_code == 400
    assert not ConferenceMaterial.objects.exists()


def test_a_material_is_deleted_with_its_file(
    client, world, conference, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(world.user("union_cadre"))
    upload(client, conference)
    material = ConferenceMaterial.objects.get()
    path = tmp_path / material.file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/training/conferences/materials/{material.pk}/delete/")
    assert response.status_code == 302
    assert not ConferenceMaterial.objects.exists()
    assert not path.exists()


def test_a_mentor_cannot_delete_a_material(client, world, conference):
    client.force_login(world.user("union_cadre"))
    upload(client, conference)
    client.force_login(world.user("mentor"))
    assert (
        client.post(
            f"/training/conferences/materials/{ConferenceMaterial.objects.get().pk}/delete/"
        ).status_code
        == 404
    )
    assert ConferenceMaterial.objects.exists()


def test_the_conference_page_reads_a_bounded_number_of_queries(
    client, world, conference, django_assert_max_num_queries
):
    for person in (world.huong, world.lan):
        register_for_conference(actor=world.user("union_cadre"), conference=conference, person=person)
    client.force_login(world.user("union_cadre"))
    with django_assert_max_num_queries(12):
        response = client.get(url(conference))
    assert "Trần Thị Lan" in response.content.decode()
