"""Exports of a unit's indicators: the workbook (a sheet per group, frozen headers, the figures) and
the PDF (Vietnamese read back with pdftotext) made by the export service, its progress, who may ask
for, follow and download a job, and the pages. The workers end to end are in test_exports_workers."""

from __future__ import annotations

import io
import subprocess
import unicodedata
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from langso.accounts.models import AuditEvent
from langso.common.periods import Period, PeriodKind
from langso.places.models import Unit
from langso.places.services import create_village
from langso.reporting.exports.content import collect_content
from langso.reporting.exports.xlsx import sheet_names, write_workbook
from langso.reporting.models import (
    ExportJob,
    ExportStatus,
    Indicator,
    ReportForm,
    ReportStatus,
    ReportValue,
    Target,
    VillageReport,
)
from langso.reporting.services import exports as services
from langso.reporting.services.catalog import load_indicators
from langso.reporting.services.exports import request_export, run_export
from langso.reporting.services.rollups import rebuild_rollups

pytestmark = pytest.mark.django_db

OCTOBER = Period.parse(PeriodKind.MONTH, "2026-10")
SMARTPHONE = "households-with-smartphone"
VNEID = "vneid-level-2"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ENGLISH_SHEETS = [
    "Reach and skills",
    "Women and ethnic minorities",
    "Training and support",
    "Devices and services",
    "Reporting",
]


def report(village: Unit, values: dict[str, tuple[int, int]]) -> None:
    """The village's approved October report, (numerator, denominator) per indicator code."""
    made = VillageReport.objects.create(
        form=ReportForm.objects.get(code="front-digital-monthly"),
        village=village,
        commune=village.parent,
        province=village.parent.parent,  # type: ignore[union-attr]
        period_kind=OCTOBER.kind,
        period_start=OCTOBER.start,
        due_on=OCTOBER.end,
        status=ReportStatus.APPROVED,
    )
    for code, (numerator, denominator) in values.items():
        ReportValue.objects.create(
            report=made,
            indicator=Indicator.objects.get(code=code),
            entered=numerator,
            numerator=numerator,
            denominator=denominator,
        )


def hoanh_mo_in_october(world) -> Unit:  # type: ignore[no-untyped-def]
    """Xã Hoành Mô with two villages that reported October: Thôn Đồng Văn 60 of 100 households with a
    smartphone (green against the commune's 50 %), Bản Nà Làng 15 of 60 (red); the commune 75 of 160
    = 46.9 % (amber). VNeID: 50 of 200 in Đồng Văn, without a target (grey)."""
    load_indicators()
    dong_van = create_village(commune=world.hoanh_mo, name="Thôn Đồng Văn")
    report(dong_van, {SMARTPHONE: (60, 100), VNEID: (50, 200)})
    report(world.na_lang, {SMARTPHONE: (15, 60)})
    Target.objects.create(
        indicator=Indicator.objects.get(code=SMARTPHONE),
        unit=world.hoanh_mo,
        period_kind=OCTOBER.kind,
        period_start=OCTOBER.start,
        value=Decimal(50),
    )
    rebuild_rollups()  # the reports were made without the services: the roll-ups are recomputed
    return dong_van


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def made_export(world, fmt: str, *, who: str = "other_commune", unit: Unit | None = None) -> ExportJob:  # type: ignore[no-untyped-def]
    """An export asked for and built by the service, as a worker would."""
    job = request_export(actor=world.user(who), unit=unit or world.hoanh_mo, period=OCTOBER, fmt=fmt)
    run_export(job_id=job.pk)
    job.refresh_from_db()
    return job


def indicator_column(sheet: Worksheet, name: str) -> int:
    """The first column of an indicator, found by its name in the header row."""
    return next(cell.column for cell in sheet[2] if cell.value == name)


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


# The workbook


def test_the_workbook_has_a_sheet_per_indicator_group_with_the_header_frozen(world):
    hoanh_mo_in_october(world)
    job = made_export(world, "xlsx")
    workbook = load_workbook(job.file.path)
    assert workbook.sheetnames == ENGLISH_SHEETS
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "B4"  # title, indicator names and column names stay; so do unit names
        assert sheet["A1"].value == "Indicators of Xã Hoành Mô · Month 10/2026"
        assert sheet["A3"].value == "Unit"
        assert [sheet.cell(row, 1).value for row in (4, 5, 6)] == [
            "Xã Hoành Mô",
            "Bản Nà Làng",
            "Thôn Đồng Văn",
        ]


def test_the_workbook_gives_value_numerator_denominator_target_and_status_of_every_unit(world):
    hoanh_mo_in_october(world)
    sheet = load_workbook(made_export(world, "xlsx").file.path)["Devices and services"]
    first = indicator_column(sheet, "Households with a smartphone")
    assert [sheet.cell(3, first + offset).value for offset in range(5)] == [
        "Value",
        "Numerator",
        "Denominator",
        "Target",
        "Status",
    ]

    def unit_row(row: int) -> list[object]:
        return [sheet.cell(row, first + offset).value for offset in range(5)]

    assert unit_row(4) == [0.469, 75, 160, 0.5, "! Close to target"]  # the commune: 75 / 160, not an average
    assert unit_row(5) == [0.25, 15, 60, 0.5, "✗ Below target"]  # Bản Nà Làng, the commune's target inherited
    assert unit_row(6) == [0.6, 60, 100, 0.5, "✓ Target met"]  # Thôn Đồng Văn
    assert sheet.cell(4, first).number_format == "0.0%"
    assert sheet.cell(4, first + 1).number_format == "#,##0"
    assert sheet.cell(4, 1).font.b and not sheet.cell(5, 1).font.b


def test_a_unit_without_data_shows_empty_numbers_and_the_grey_status(world):
    hoanh_mo_in_october(world)
    sheet = load_workbook(made_export(world, "xlsx").file.path)["Devices and services"]
    first = indicator_column(sheet, "Residents with a level-2 VNeID account")
    assert [sheet.cell(5, first + offset).value for offset in range(5)] == [
        None,
        None,
        None,
        None,
        "– No data",
    ]
    assert [sheet.cell(6, first + offset).value for offset in range(5)] == [0.25, 50, 200, None, "– No data"]


def test_sheet_names_are_cut_to_31_characters_without_forbidden_signs_and_unique():
    names = sheet_names(
        [
            "Phụ nữ và người dân tộc thiểu số vùng cao",
            "Phụ nữ và người dân tộc thiểu số vùng xa",
            "Ai/gì: [x]?",
        ]
    )
    assert all(len(name) <= 31 for name in names)
    assert len({name.casefold() for name in names}) == 3
    assert names[0] == "Phụ nữ và người dân tộc thiểu"  # cut after a whole word
    assert names[1].endswith(" (2)")
    assert not set("[]:*?/\\") & set(names[2])


def test_the_sheets_are_named_in_the_askers_language(world):
    hoanh_mo_in_october(world)
    with translation.override("vi"):
        job = request_export(
            actor=world.user("other_commune"), unit=world.hoanh_mo, period=OCTOBER, fmt="xlsx"
        )
    run_export(job_id=job.pk)  # run in another language: the job carries the asker's
    job.refresh_from_db()
    workbook = load_workbook(job.file.path)
    assert "Thiết bị và dịch vụ" in workbook.sheetnames
    assert len(workbook.sheetnames) == len(ENGLISH_SHEETS)
    assert all(len(name) <= 31 for name in workbook.sheetnames)


# The PDF


def test_the_pdf_report_reads_back_with_its_vietnamese_diacritics(world):
    hoanh_mo_in_october(world)
    with translation.override("vi"):
        job = request_export(
            actor=world.user("other_commune"), unit=world.hoanh_mo, period=OCTOBER, fmt="pdf"
        )
    run_export(job_id=job.pk)
    job.refresh_from_db()
    data = job.file.read()
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for words in (
        "Xã Hoành Mô",
        "Thôn Đồng Văn",
        "Bản Nà Làng",
        "Tháng 10/2026",
        "Hộ gia đình có điện thoại thông minh",
    ):
        assert words in text, words
    assert "46,9 %" in text and "Gần đạt mục tiêu" in text  # the commune's value and status, in Vietnamese
    assert "Đạt mục tiêu" in text and "Chưa đạt mục tiêu" in text  # the legend


def test_a_village_name_typed_decomposed_prints_composed(world):
    load_indicators()
    village = create_village(commune=world.hoanh_mo, name="Thôn Đồng Văn")
    Unit.objects.filter(pk=village.pk).update(name=unicodedata.normalize("NFD", "Thôn Đồng Văn"))
    with translation.override("vi"):
        job = request_export(
            actor=world.user("other_commune"), unit=world.hoanh_mo, period=OCTOBER, fmt="pdf"
        )
    run_export(job_id=job.pk)
    job.refresh_from_db()
    assert "Thôn Đồng Văn" in pdf_text(job.file.read())


def test_a_village_has_no_child_table_in_its_report(world):
    load_indicators()
    job = made_export(world, "pdf", who="village_head", unit=world.thong_nhat)
    text = pdf_text(job.file.read())
    assert "Indicators of Thôn Thống Nhất" in text
    assert "The units of" not in text


# Progress


def test_the_workbook_reports_progress_after_the_unit_and_each_child_unit(world):
    hoanh_mo_in_october(world)
    content = collect_content(unit=world.hoanh_mo, period=OCTOBER)
    calls: list[tuple[int, int]] = []
    write_workbook(content, io.BytesIO(), progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]  # the commune, two villages, the finished file


def test_the_job_shows_its_progress_while_it_is_made_and_reaches_100_percent(world, monkeypatch):
    hoanh_mo_in_october(world)
    job = request_export(actor=world.user("other_commune"), unit=world.hoanh_mo, period=OCTOBER, fmt="xlsx")
    seen: list[tuple[str, int]] = []

    def watched(content, output, *, progress):  # type: ignore[no-untyped-def]
        def spy(done: int, total: int) -> None:
            progress(done, total)
            saved = ExportJob.objects.get(pk=job.pk)
            seen.append((saved.status, saved.percent))

        write_workbook(content, output, progress=spy)

    monkeypatch.setattr(services, "write_workbook", watched)
    run_export(job_id=job.pk)
    assert seen == [("running", 25), ("running", 50), ("running", 75), ("running", 100)]
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE and job.steps_done == job.steps_total == 4 and job.percent == 100


def test_the_pdf_reports_progress_up_to_its_last_step(world):
    from langso.reporting.exports.pdf import render_report

    hoanh_mo_in_october(world)
    calls: list[tuple[int, int]] = []
    render_report(
        collect_content(unit=world.hoanh_mo, period=OCTOBER), progress=lambda *step: calls.append(step)
    )
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


# Asking for an export


def test_asking_twice_while_the_first_is_waiting_gives_the_same_job(world):
    first = request_export(actor=world.user("commune"), unit=world.hai_lang, period=OCTOBER, fmt="xlsx")
    again = request_export(actor=world.user("commune"), unit=world.hai_lang, period=OCTOBER, fmt="xlsx")
    pdf = request_export(actor=world.user("commune"), unit=world.hai_lang, period=OCTOBER, fmt="pdf")
    assert first.pk == again.pk != pdf.pk
    assert ExportJob.objects.count() == 2


def test_asking_is_audit_logged_with_the_unit_period_and_format(world):
    job = request_export(actor=world.user("commune"), unit=world.hai_lang, period=OCTOBER, fmt="pdf")
    event = AuditEvent.objects.get(action="indicators.export")
    assert event.actor == world.user("commune") and event.scope == world.hai_lang.path
    assert event.detail == {
        "job": str(job.pk),
        "format": "pdf",
        "period": "2026-10",
        "unit_code": world.hai_lang.code,
    }


def test_the_job_is_queued_for_the_worker_once_the_request_commits(world, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    with django_capture_on_commit_callbacks(execute=True):
        job = request_export(actor=world.user("commune"), unit=world.hai_lang, period=OCTOBER, fmt="xlsx")
    job.refresh_from_db()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "langso.reporting.tasks.build_export"
    assert queued.args_kwargs == {"args": [], "kwargs": {"job_id": str(job.pk)}}
    assert job.task_id == str(queued.id) and job.status == ExportStatus.QUEUED


def test_a_backend_that_cannot_be_reached_fails_the_job_with_a_message(
    world, django_capture_on_commit_callbacks
):
    unreachable = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    with (
        override_settings(
            TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
            RQ_QUEUES={"default": {"URL": unreachable}},
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        job = request_export(actor=world.user("commune"), unit=world.hai_lang, period=OCTOBER, fmt="xlsx")
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert job.error == "The file could not be started: the background service does not answer."


def test_a_village_head_cannot_export_the_commune(world):
    with pytest.raises(PermissionDenied):
        request_export(actor=world.user("village_head"), unit=world.hai_lang, period=OCTOBER, fmt="xlsx")
    assert not ExportJob.objects.exists()


def test_a_mentor_cannot_export_the_village_they_work_in(world):
    with pytest.raises(PermissionDenied):
        request_export(actor=world.user("mentor"), unit=world.thong_nhat, period=OCTOBER, fmt="xlsx")


# Building it


def test_a_job_whose_asker_lost_the_unit_fails_without_a_file(world):
    job = request_export(actor=world.user("commune"), unit=world.hai_lang, period=OCTOBER, fmt="xlsx")
    world.user("commune").assignments.all().delete()
    run_export(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and not job.file
    assert job.error == "You may no longer see this unit’s figures, so the file was not made."


def test_a_build_that_breaks_fails_the_job_with_words_not_a_traceback(world, monkeypatch):
    job = request_export(actor=world.user("commune"), unit=world.hai_lang, period=OCTOBER, fmt="xlsx")

    def broken(**_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "collect_content", broken)
    with pytest.raises(RuntimeError):  # raised again, so that the worker records and logs it
        run_export(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert job.error.startswith("The file could not be made.") and "disk full" not in job.error


def test_a_finished_job_is_not_built_again_and_a_missing_one_is_ignored(world):
    hoanh_mo_in_october(world)
    job = made_export(world, "xlsx")
    stored = job.file.name
    run_export(job_id=job.pk)
    job.refresh_from_db()
    assert job.file.name == stored
    run_export(job_id="0b0e7a0c-0000-4000-8000-000000000000")  # gone: nothing happens


def test_the_download_name_is_the_unit_without_diacritics_and_the_period(world):
    hoanh_mo_in_october(world)
    assert made_export(world, "xlsx").download_name == "xa-hoanh-mo-2026-10.xlsx"
    village = Unit.objects.get(name="Thôn Đồng Văn")
    assert made_export(world, "pdf", unit=village).download_name == "thon-dong-van-2026-10.pdf"


# The pages


def test_the_buttons_post_the_unit_and_period_with_a_format_each(world):
    html = render_to_string("reporting/_export_buttons.html", {"unit": world.hai_lang, "period": OCTOBER})
    assert f'action="/reports/exports/{world.hai_lang.code}/new/"' in html
    assert 'name="kind" value="month"' in html and 'name="period" value="2026-10"' in html
    assert 'name="format" value="xlsx"' in html and 'name="format" value="pdf"' in html
    assert "Excel</button>" in html and "PDF</button>" in html


def test_pressing_excel_starts_a_job_and_opens_its_page(client, world):
    client.force_login(world.user("commune"))
    response = client.post(
        f"/reports/exports/{world.hai_lang.code}/new/",
        {"kind": "month", "period": "2026-10", "format": "xlsx"},
    )
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/exports/{job.pk}/"
    assert (job.requested_by, job.unit, job.period, job.format) == (
        world.user("commune"),
        world.hai_lang,
        OCTOBER,
        "xlsx",
    )
    assert job.language == "en"


def test_a_period_that_does_not_exist_is_refused(client, world):
    client.force_login(world.user("commune"))
    url = f"/reports/exports/{world.hai_lang.code}/new/"
    response = client.post(url, {"kind": "month", "period": "2026-13", "format": "xlsx"})
    assert response.status_code == 400 and "There is no such period." in response.content.decode()
    assert client.post(url, {"kind": "month", "period": "2026-10", "format": "docx"}).status_code == 400
    assert not ExportJob.objects.exists()


def test_a_village_head_cannot_start_an_export_of_the_commune_page(client, world):
    client.force_login(world.user("village_head"))
    body = {"kind": "month", "period": "2026-10", "format": "xlsx"}
    assert client.post(f"/reports/exports/{world.hai_lang.code}/new/", body).status_code == 404
    assert client.post(f"/reports/exports/{world.thong_nhat.code}/new/", body).status_code == 302


def test_a_waiting_job_page_shows_a_progress_bar_that_htmx_refreshes_every_second(client, world):
    job = request_export(actor=world.user("commune"), unit=world.hai_lang, period=OCTOBER, fmt="pdf")
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING, steps_done=3, steps_total=4)
    client.force_login(world.user("commune"))
    page = client.get(f"/reports/exports/{job.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and "no-cache" in page["Cache-Control"]
    assert f'hx-get="/reports/exports/{job.pk}/" hx-trigger="every 1s"' in body
    assert '<progress id="export-progress" class="export-progress" max="100" value="75">' in body
    partial = client.get(f"/reports/exports/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<section id="export-status"') and "<html" not in partial


def test_a_finished_job_page_stops_polling_and_offers_the_download(client, world):
    hoanh_mo_in_october(world)
    job = made_export(world, "xlsx")
    client.force_login(world.user("other_commune"))
    body = client.get(f"/reports/exports/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in body and "<progress" not in body
    assert f'href="/reports/exports/{job.pk}/download/"' in body and "Download the file" in body


def test_a_failed_job_page_shows_the_error(client, world):
    job = request_export(actor=world.user("commune"), unit=world.hai_lang, period=OCTOBER, fmt="xlsx")
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.FAILED, error="Tệp không tạo được.")
    client.force_login(world.user("commune"))
    body = client.get(f"/reports/exports/{job.pk}/").content.decode()
    assert "Tệp không tạo được." in body and "hx-trigger" not in body and "/download/" not in body


def test_the_download_streams_the_workbook_with_its_name_and_is_audit_logged(client, world):
    hoanh_mo_in_october(world)
    job = made_export(world, "xlsx")
    client.force_login(world.user("other_commune"))
    response = client.get(f"/reports/exports/{job.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="xa-hoanh-mo-2026-10.xlsx"'
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ENGLISH_SHEETS
    event = AuditEvent.objects.get(action="indicators.export.download")
    assert event.actor == world.user("other_commune") and event.detail["job"] == str(job.pk)


def test_a_job_not_yet_done_has_nothing_to_download(client, world):
    job = request_export(actor=world.user("commune"), unit=world.hai_lang, period=OCTOBER, fmt="xlsx")
    client.force_login(world.user("commune"))
    assert client.get(f"/reports/exports/{job.pk}/download/").status_code == 404


@pytest.mark.parametrize("who", ["province", "other_commune", "village_head", "nobody"])
def test_nobody_else_reads_or_downloads_someones_job(client, world, who):
    load_indicators()
    job = made_export(world, "xlsx", who="commune", unit=world.hai_lang)
    client.force_login(world.user(who))
    assert client.get(f"/reports/exports/{job.pk}/").status_code == 404
    assert client.get(f"/reports/exports/{job.pk}/download/").status_code == 404
    assert not AuditEvent.objects.filter(action="indicators.export.download").exists()


def test_the_asker_loses_the_job_once_they_may_no_longer_see_the_unit(client, world):
    load_indicators()
    job = made_export(world, "xlsx", who="commune", unit=world.hai_lang)
    client.force_login(world.user("commune"))
    assert client.get(f"/reports/exports/{job.pk}/download/").status_code == 200
    world.user("commune").assignments.all().delete()
    assert client.get(f"/reports/exports/{job.pk}/").status_code == 404
    assert client.get(f"/reports/exports/{job.pk}/download/").status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    job = request_export(actor=world.user("commune"), unit=world.hai_lang, period=OCTOBER, fmt="xlsx")
    for response in (
        client.post(
            f"/reports/exports/{world.hai_lang.code}/new/",
            {"kind": "month", "period": "2026-10", "format": "xlsx"},
        ),
        client.get(f"/reports/exports/{job.pk}/"),
        client.get(f"/reports/exports/{job.pk}/download/"),
    ):
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert ExportJob.objects.count() == 1
