"""Exports end to end through a real worker: a commune officer presses "Excel", the job waits in the
queue, a worker builds it, the job's page says it is ready and the download is a valid workbook.
Once through the database backend and `db_worker`, once through RQ on the machine's Redis.

The workers read what the request committed, so these tests commit (transaction=True) and run in
the serial pass."""

from __future__ import annotations

import io
import os
import signal
from collections.abc import Iterator

import pytest
import redis
from django.core.management import call_command
from django.test import override_settings
from openpyxl import load_workbook

from langso.conftest import build_world
from langso.reporting.models import ExportJob, ExportStatus
from langso.reporting.tests.test_exports import (
    ENGLISH_SHEETS,
    XLSX_TYPE,
    hoanh_mo_in_october,
    indicator_column,
)

pytestmark = [pytest.mark.serial, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

#: RQ's keys of these tests live in their own Redis database, under a queue name of this run only
REDIS_TEST_URL = "redis://127.0.0.1:6379/13"
QUEUE = f"langso-test-exports-{os.getpid()}"
RQ_SETTINGS = {
    "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [QUEUE]}},
    # "default" too: django-tasks-rq reads results through django-rq's default connection
    "RQ_QUEUES": {name: {"URL": REDIS_TEST_URL, "DEFAULT_TIMEOUT": 120} for name in (QUEUE, "default")},
    "LANGSO_EXPORT_QUEUE": QUEUE,
}


@pytest.fixture
def world(settings, tmp_path):  # type: ignore[no-untyped-def]
    """The shared world, built here because an earlier transactional test may have flushed the units."""
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_units", verbosity=0)
    built = build_world()
    hoanh_mo_in_october(built)
    return built


@pytest.fixture(autouse=True)
def _signal_handlers_kept() -> Iterator[None]:
    """Workers take over SIGINT and SIGTERM to stop gracefully; the test process gets its own back."""
    kept = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for number, handler in kept.items():
        signal.signal(number, handler)


@pytest.fixture
def redis_db() -> Iterator[redis.Redis]:
    """The test database of the machine's Redis; this run's keys (and only those) are removed after."""
    connection = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.fail("The RQ path needs Redis on 127.0.0.1:6379 (Debian's redis-server).")
    existing = set(connection.scan_iter())
    yield connection
    remove_own_keys(connection, existing)
    connection.close()


def remove_own_keys(connection: redis.Redis, existing: set[bytes]) -> None:
    """Delete the keys that name this run's queue, worker or jobs, drop them from RQ's registries
    of queues and workers, and delete RQ's bookkeeping keys that this run created."""
    job_ids = [task_id for task_id in ExportJob.objects.exclude(task_id="").values_list("task_id", flat=True)]
    for pattern in [f"*{QUEUE}*", *(f"*{job_id}*" for job_id in job_ids)]:
        for key in connection.scan_iter(match=pattern):
            connection.delete(key)
    for registry in (b"rq:queues", b"rq:workers"):
        own = [member for member in connection.smembers(registry) if QUEUE.encode() in member]
        if own:
            connection.srem(registry, *own)
    for key in set(connection.scan_iter(match="rq:*")) - existing:
        connection.delete(key)


def press_excel(client, world) -> ExportJob:  # type: ignore[no-untyped-def]
    """The commune officer of Hoành Mô asks for October's workbook from the dashboard's button."""
    client.force_login(world.user("other_commune"))
    response = client.post(
        f"/reports/exports/{world.hoanh_mo.code}/new/",
        {"kind": "month", "period": "2026-10", "format": "xlsx"},
    )
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/exports/{job.pk}/"
    return job


def assert_ready_and_downloaded(client, job: ExportJob) -> None:  # type: ignore[no-untyped-def]
    """The job's page offers the file, and the file is the unit's workbook."""
    job.refresh_from_db()
    assert (job.status, job.percent, job.error) == (ExportStatus.DONE, 100, "")
    page = client.get(f"/reports/exports/{job.pk}/").content.decode()
    assert "Your file is ready" in page and f"/reports/exports/{job.pk}/download/" in page
    response = client.get(f"/reports/exports/{job.pk}/download/")
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ENGLISH_SHEETS
    sheet = workbook["Devices and services"]
    first = indicator_column(sheet, "Households with a smartphone")
    assert sheet.cell(4, 1).value == "Xã Hoành Mô" and sheet.cell(4, first).value == 0.469


def test_an_export_goes_through_the_database_worker(client, world):
    from django_tasks_db.models import DBTaskResult

    job = press_excel(client, world)
    waiting = client.get(f"/reports/exports/{job.pk}/").content.decode()
    assert "Waiting for its turn" in waiting and 'hx-trigger="every 1s"' in waiting
    task = DBTaskResult.objects.get()
    assert task.status == "READY" and str(task.id) == ExportJob.objects.get().task_id

    call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False, verbosity=0)

    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert_ready_and_downloaded(client, job)


def test_an_export_goes_through_rq_on_redis(client, world, redis_db):
    with override_settings(**RQ_SETTINGS):
        job = press_excel(client, world)
        job.refresh_from_db()
        assert job.status == ExportStatus.QUEUED and job.task_id
        assert redis_db.lrange(f"rq:queue:{QUEUE}", 0, -1) == [job.task_id.encode()]

        call_command(
            "rqworker",
            QUEUE,
            burst=True,
            worker_class="rq.SimpleWorker",  # in this process, which holds the test database
            job_class="django_tasks_rq.Job",
            name=f"{QUEUE}-worker",
            verbosity=0,
        )

        assert redis_db.llen(f"rq:queue:{QUEUE}") == 0
        assert_ready_and_downloaded(client, job)
