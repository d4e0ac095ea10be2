"""Importing residents: every bad row reported with its reason, then all good rows or nothing."""

import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from langso.people import services
from langso.people.models import ImportStatus, OrganizationKind, Person
from langso.people.services.imports import ImportConflict, error_message

pytestmark = pytest.mark.django_db

# Semicolons, as Vietnamese Excel writes CSV: the organizations column itself holds commas.
HEADER = ";".join(
    [
        "Họ và tên",
        "Giới tính",
        "Năm sinh",
        "Dân tộc",
        "Mã thôn",
        "Số điện thoại",
        "Đồng ý lưu SĐT",
        "Cán bộ",
        "Chủ thể OCOP",
        "Hội, đoàn thể",
    ]
)


def csv_bytes(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def preview(world, content: bytes, name: str = "cu-dan.csv"):
    return services.preview_import(
        actor=world.user("commune"), scope_unit=world.hai_lang, file_name=name, content=content
    )


def messages_by_row(batch) -> dict[int, list[str]]:
    with translation.override("en"):
        result: dict[int, list[str]] = {}
        for error in batch.errors:
            result.setdefault(error["row"], []).append(error_message(error))
        return result


def test_a_good_file_imports_every_row(world):
    code = world.thong_nhat.code
    batch = preview(
        world,
        csv_bytes(
            f"Lục Thị Mai;Nữ;1955;Tày;{code};0912 000 111;x;;x;Hội LHPN, Hội Nông dân",
            f"Bàn Văn Sử;Nam;1949;Dao;{code};;;x;;",
        ),
    )
    assert batch.errors == []
    services.commit_import(actor=world.user("commune"), batch=batch)
    mai = Person.objects.get(full_name="Lục Thị Mai")
    assert (mai.ethnicity.name, mai.phone, mai.is_ocop_subject) == ("Tày", "+84912000111", True)
    assert sorted(m.organization.kind for m in mai.memberships.all()) == ["farmers", "women"]
    assert Person.objects.get(full_name="Bàn Văn Sử").is_cadre


def test_each_bad_row_is_reported_with_its_reason(world):
    code = world.thong_nhat.code
    batch = preview(
        world,
        csv_bytes(
            f";Nữ;1950;Kinh;{code};;;;;",  # 2: missing name
            "Vi Thị Ngọc;Nữ;1950;Kinh;99999-999;;;;;",  # 3: unknown village code
            f"Đinh Văn Tâm;Nam;2999;Kinh;{code};;;;;",  # 4: birth year in the future
            f"Hà Thị Nhung;Nữ;1961;Kinh;{code};12345;x;;;",  # 5: bad phone
            f"Hà Thị Nhung;Nữ;1961;Kinh;{code};;;;;",  # 6: fine
            f"Hà Thị Nhung;Nữ;1961;Kinh;{code};;;;;",  # 7: duplicate of row 6
            f"Lò Thị Sen;Nữ;1961;Mèo;{code};;;;;",  # 8: unknown ethnic group
            f"Nguyễn Thị Hương;Nữ;1952;Kinh;{code};;;;;",  # 9: already registered
            f"Lò Văn Cường;Nam;1961;Kinh;{code};0912345678;;;;",  # 10: phone without consent
        ),
    )
    errors = messages_by_row(batch)
    assert errors[2] == ["This value is required."]
    assert errors[3] == ["No village with code “99999-999” in your area."]
    assert errors[4] == ["The birth year 2999 is in the future."]
    assert errors[5] == ["“12345” is not a valid phone number."]
    assert 6 not in errors
    assert errors[7] == ["The same person as row 6."]
    assert errors[8] == ["“Mèo” is not one of the official ethnic groups."]
    assert errors[9] == ["This person is already registered in this village."]
    assert errors[10][0].startswith("A phone number is kept only with the person's consent")
    assert [row["full_name"] for row in batch.valid_rows] == ["Hà Thị Nhung"]


def test_nothing_is_saved_until_the_import_is_confirmed(world):
    preview(world, csv_bytes(f"Lục Thị Mai;Nữ;1955;Tày;{world.thong_nhat.code};;;;;"))
    assert not Person.objects.filter(full_name="Lục Thị Mai").exists()


def test_errors_are_translated_into_vietnamese(world):
    batch = preview(world, csv_bytes(f";Nữ;1950;Kinh;{world.thong_nhat.code};;;;;"))
    with translation.override("vi"):
        assert error_message(batch.errors[0]) == "Cần điền giá trị này."


def test_a_village_of_another_commune_is_unknown_to_the_importer(world):
    batch = preview(world, csv_bytes(f"Vi Thị Ngọc;Nữ;1950;Tày;{world.na_lang.code};;;;;"))
    assert messages_by_row(batch)[2] == [f"No village with code “{world.na_lang.code}” in your area."]


def test_a_file_that_is_not_utf8_is_refused_with_advice(world):
    text = csv_bytes(f"Lục Thị Mai;Nữ;1955;Tày;{world.thong_nhat.code};;;;;").decode()
    content = text.encode("utf-16")  # what Excel saves as "Unicode Text"
    batch = preview(world, content)
    assert batch.valid_rows == []
    assert "UTF-8" in messages_by_row(batch)[0][0]


def test_a_csv_without_the_required_columns_is_refused(world):
    batch = preview(world, "Tuổi;Địa chỉ\n60;Hải Lạng\n".encode())
    assert messages_by_row(batch)[1] == [
        "Required columns are missing: Full name, Gender, Birth year, Ethnic group, Village code."
    ]


def test_an_xlsx_with_extra_sheets_uses_the_sheet_with_the_columns(world):
    workbook = Workbook()
    notes = workbook.active
    notes.title = "Hướng dẫn"
    notes.append(["Điền danh sách ở trang sau"])
    sheet = workbook.create_sheet("Danh sách")
    sheet.append(HEADER.split(";"))
    sheet.append(
        ["Chìu Thị Sểnh", "Nữ", 1957, "Dao", world.thong_nhat.code, None, None, None, None, "Phụ nữ"]
    )
    sheet.append(["Chìu Văn Tòn", "Nam", 2999, "Dao", world.thong_nhat.code, None, None, None, None, None])
    workbook.create_sheet("Ghi chú").append(["không liên quan"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    batch = preview(world, buffer.getvalue(), "danh-sach.xlsx")
    assert [row["full_name"] for row in batch.valid_rows] == ["Chìu Thị Sểnh"]
    assert messages_by_row(batch)[3] == ["The birth year 2999 is in the future."]


def test_a_broken_xlsx_is_refused(world):
    batch = preview(world, b"not a zip", "hong.xlsx")
    assert messages_by_row(batch)[0] == ["This is not an Excel (.xlsx) file that can be read."]


def test_committing_twice_imports_once(world):
    batch = preview(world, csv_bytes(f"Lục Thị Mai;Nữ;1955;Tày;{world.thong_nhat.code};;;;;"))
    services.commit_import(actor=world.user("commune"), batch=batch)
    services.commit_import(actor=world.user("commune"), batch=batch)
    assert Person.objects.filter(full_name="Lục Thị Mai").count() == 1


def test_if_someone_registered_the_same_person_meanwhile_nothing_is_imported(world):
    code = world.thong_nhat.code
    batch = preview(
        world, csv_bytes(f"Lục Thị Mai;Nữ;1955;Tày;{code};;;;;", f"Bàn Văn Sử;Nam;1949;Dao;{code};;;;;")
    )
    second = preview(world, csv_bytes(f"Bàn Văn Sử;Nam;1949;Dao;{code};;;;;"))
    services.commit_import(actor=world.user("commune"), batch=second)
    with pytest.raises(ImportConflict):
        services.commit_import(actor=world.user("commune"), batch=batch)
    assert not Person.objects.filter(full_name="Lục Thị Mai").exists()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED


def test_cancelling_saves_nothing(world):
    batch = preview(world, csv_bytes(f"Lục Thị Mai;Nữ;1955;Tày;{world.thong_nhat.code};;;;;"))
    services.cancel_import(actor=world.user("commune"), batch=batch)
    services.commit_import(actor=world.user("commune"), batch=batch)
    assert not Person.objects.filter(full_name="Lục Thị Mai").exists()


def test_export_reads_back_with_the_import_columns(world):
    from openpyxl import load_workbook

    output = services.export_people_xlsx(actor=world.user("commune"), unit=world.hai_lang)
    rows = list(load_workbook(output, read_only=True).active.iter_rows(values_only=True))
    assert rows[0][:5] == ("Họ và tên", "Giới tính", "Năm sinh", "Dân tộc", "Mã thôn")
    assert sorted(row[0] for row in rows[1:]) == ["Nguyễn Thị Hương", "Trần Thị Lan"]


def test_an_exported_file_imports_back_with_every_organization(world):
    officer = world.user("commune")
    services.update_person(
        actor=officer,
        person=world.lan,
        data=services.PersonData(
            full_name=world.lan.full_name,
            gender="female",
            birth_year=1960,
            ethnicity=world.lan.ethnicity,
            village=world.lan.village,
            organization_kinds=[kind.value for kind in OrganizationKind],
        ),
    )
    exported = services.export_people_xlsx(actor=officer, unit=world.hai_lang).read()
    Person.objects.filter(village__parent=world.hai_lang).delete()
    batch = preview(world, exported, "xuat.xlsx")
    assert batch.errors == []
    services.commit_import(actor=officer, batch=batch)
    lan = Person.objects.get(full_name="Trần Thị Lan")
    assert sorted(m.organization.kind for m in lan.memberships.all()) == sorted(OrganizationKind.values)
