"""The registry through real HTTP requests: pages, forms that keep what was typed, imports, exports."""

import io

import pytest
from openpyxl import load_workbook

from langso.accounts.models import AuditEvent
from langso.people.models import ImportBatch, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, world):
    client.force_login(world.user("commune"))
    return client


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("province", "Province officer · Quảng Ninh"),
        ("commune", "Commune officer · Xã Hải Lạng"),
        ("village_head", "Village head · Thôn Thống Nhất"),
        ("union_cadre", "Union cadre · Xã Hải Lạng"),
        ("trainer", "Trainer · Xã Hải Lạng"),
        ("mentor", "Youth mentor · Thôn Thống Nhất"),
        ("learner", "Learner · Thôn Thống Nhất"),
    ],
)
def test_each_role_lands_on_its_own_home_page(client, world, who, expected):
    client.force_login(world.user(who))
    client.cookies["langso_language"] = "en"
    body = client.get("/").content.decode()
    assert expected in body


def test_home_page_is_vietnamese_by_default_even_on_an_english_phone(client, world):
    client.force_login(world.user("commune"))
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in body


def test_language_switch_remembers_the_choice(client, world):
    client.force_login(world.user("commune"))
    client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert '<html lang="id">' in client.get("/").content.decode()


def test_unit_page_lists_the_villages(officer, world):
    body = officer.get(f"/units/{world.hai_lang.code}/").content.decode()
    assert "Thôn Thống Nhất" in body and "Thôn Đồng Cậy" in body


def test_breadcrumb_climbs_only_as_high_as_the_user_may_go(client, world):
    client.force_login(world.user("province"))
    body = client.get(f"/units/{world.thong_nhat.code}/").content.decode()
    assert f'href="/units/{world.province.code}/"' in body and f'href="/units/{world.hai_lang.code}/"' in body
    client.force_login(world.user("commune"))
    body = client.get(f"/units/{world.thong_nhat.code}/").content.decode()
    assert f'href="/units/{world.hai_lang.code}/"' in body
    assert f'href="/units/{world.province.code}/"' not in body


def test_commune_officer_creates_a_village_through_htmx(officer, world):
    response = officer.post(
        f"/units/{world.hai_lang.code}/villages/new/",
        {"name": "Thôn Khe Lạc", "division_type": "thôn"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and response["HX-Redirect"] == f"/units/{world.hai_lang.code}/"
    assert world.hai_lang.children.filter(name="Thôn Khe Lạc").exists()


def test_a_duplicate_village_name_returns_the_form_with_the_error_and_the_text(officer, world):
    officer.cookies["langso_language"] = "en"
    response = officer.post(
        f"/units/{world.hai_lang.code}/villages/new/",
        {"name": "thôn thống nhất", "division_type": "thôn"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "already has a village with that name" in body
    assert 'value="thôn thống nhất"' in body
    assert "<html" not in body  # only the form partial is swapped in


def test_search_page_returns_only_the_results_partial_to_htmx(officer, world):
    response = officer.get("/people/", {"q": "huong"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Nguyễn Thị Hương" in body and "Trần Thị Lan" not in body
    assert body.lstrip().startswith('<section id="results"')


def test_adding_a_resident_keeps_what_was_typed_on_error(officer, world):
    response = officer.post(
        f"/people/new/?unit={world.thong_nhat.code}",
        {
            "full_name": "Lục Thị Mai",
            "gender": "female",
            "birth_year": "2999",
            "ethnicity": "2",
            "village": world.thong_nhat.pk,
            "phone": "0912 000 111",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert 'value="Lục Thị Mai"' in body and 'value="0912 000 111"' in body
    assert not Person.objects.filter(full_name="Lục Thị Mai").exists()


def test_adding_a_resident_twice_with_the_same_form_creates_one(officer, world):
    form = {
        "client_uuid": "7d0e6a0e-8a43-4b7e-9d8e-0c2c7b2f1a11",
        "full_name": "Lục Thị Mai",
        "gender": "female",
        "birth_year": "1955",
        "ethnicity": "2",
        "village": world.thong_nhat.pk,
    }
    first = officer.post(f"/people/new/?unit={world.thong_nhat.code}", form)
    second = officer.post(f"/people/new/?unit={world.thong_nhat.code}", form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Person.objects.filter(full_name="Lục Thị Mai").count() == 1


def test_viewing_a_record_is_audit_logged(officer, world):
    officer.get(f"/people/{world.huong.pk}/")
    event = AuditEvent.objects.get(action="people.view")
    assert (event.actor, event.target) == (world.user("commune"), f"person:{world.huong.pk}")


def test_export_downloads_the_commune_and_is_audit_logged(officer, world):
    response = officer.get(f"/units/{world.hai_lang.code}/export.xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    names = sorted(row[0] for row in list(workbook.active.iter_rows(values_only=True))[1:])
    assert names == ["Nguyễn Thị Hương", "Trần Thị Lan"]
    event = AuditEvent.objects.get(action="people.export")
    assert (event.scope, event.detail["rows"]) == (world.hai_lang.path, 2)


def test_import_through_the_form_previews_then_commits(officer, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = (
        f"Họ và tên;Giới tính;Năm sinh;Dân tộc;Mã thôn\nLục Thị Mai;Nữ;1955;Tày;{world.thong_nhat.code}\n"
    )
    upload = SimpleUploadedFile("danh-sach.csv", content.encode(), content_type="text/csv")
    response = officer.post("/people/import/", {"unit": world.hai_lang.pk, "file": upload})
    batch = ImportBatch.objects.get()
    assert response["Location"] == f"/people/import/{batch.pk}/"
    assert "Lục Thị Mai" in officer.get(response["Location"]).content.decode()
    assert not Person.objects.filter(full_name="Lục Thị Mai").exists()
    officer.post(f"/people/import/{batch.pk}/commit/")
    assert Person.objects.filter(full_name="Lục Thị Mai").exists()


def test_import_refuses_a_file_of_another_type(officer, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff", content_type="image/jpeg")
    officer.cookies["langso_language"] = "en"
    response = officer.post("/people/import/", {"unit": world.hai_lang.pk, "file": upload})
    assert response.status_code == 400 and "Upload a .csv or .xlsx file." in response.content.decode()


def test_person_list_pages_do_not_query_per_row(officer, world, django_assert_max_num_queries):
    from langso.people.tests.factories import PersonFactory

    PersonFactory.create_batch(60, village=world.thong_nhat)
    with django_assert_max_num_queries(8):
        officer.get("/people/", {"unit": world.hai_lang.code})


def test_the_country_page_counts_residents_per_province(client, world):
    client.force_login(world.user("national"))
    response = client.get("/units/VN/")
    quang_ninh = next(child for child in response.context["children"] if child.code == world.province.code)
    assert quang_ninh.resident_count == 3
    assert response.context["resident_count"] == 3


def test_the_province_page_counts_residents_per_commune(client, world):
    client.force_login(world.user("province"))
    response = client.get(f"/units/{world.province.code}/")
    children = {child.code: child for child in response.context["children"]}
    hai_lang, hoanh_mo = children[world.hai_lang.code], children[world.hoanh_mo.code]
    assert (hai_lang.resident_count, hoanh_mo.resident_count) == (2, 1)
    assert hai_lang.village_count == 2


def test_resident_counts_follow_a_registration_and_a_move_as_they_happen(client, world):
    """The counts are read from the roll-ups, which the registry keeps current in each change's own
    transaction: no recount, no rebuild in between."""
    from langso.people.services.registry import PersonData, register_person, update_person

    officer = world.user("province")
    client.force_login(officer)
    data = PersonData(
        full_name="Lò Thị Mai",
        gender="female",
        birth_year=1988,
        ethnicity=world.huong.ethnicity,
        village=world.thong_nhat,
    )

    def counts() -> tuple[int, int, int]:
        page = client.get(f"/units/{world.province.code}/").context
        children = {child.code: child.resident_count for child in page["children"]}
        return page["resident_count"], children[world.hai_lang.code], children[world.hoanh_mo.code]

    assert counts() == (3, 2, 1)
    mai = register_person(actor=officer, data=data)
    assert counts() == (4, 3, 1)
    data.village = world.na_lang
    update_person(actor=officer, person=mai, data=data)
    assert counts() == (4, 2, 2)


def test_a_whole_unit_is_listed_without_counting_its_people_but_a_search_is_counted(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.user("province"))

    def listed(**params: str) -> tuple[int, bool]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/people/", {"unit": world.province.code, **params}).context["page"]
        counted = any("COUNT(" in q["sql"].upper() and "people_person" in q["sql"] for q in queries)
        return page.paginator.count, counted

    assert listed() == (3, False)  # from the roll-ups
    assert listed(q="Hương") == (1, True)
