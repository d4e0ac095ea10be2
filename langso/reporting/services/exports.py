"""Exports of a unit's indicators: asking for one (checked, audit-logged, queued once committed),
building its file in a background worker while reporting progress, and handing the file over."""

from __future__ import annotations

import logging
import tempfile
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from langso.accounts import audit, jurisdiction
from langso.accounts.jurisdiction import Action
from langso.accounts.models import User
from langso.common.periods import Period
from langso.places.models import Unit
from langso.reporting.exports.content import ExportContent, collect_content
from langso.reporting.exports.pdf import render_report
from langso.reporting.exports.xlsx import write_workbook
from langso.reporting.models import PENDING_STATUSES, ExportFormat, ExportJob, ExportStatus

logger = logging.getLogger(__name__)

#: what the user reads when the file could not be made (the traceback goes to the worker's log)
COULD_NOT_MAKE = gettext_noop(
    "The file could not be made. Please try again later; if it fails again, tell the administrator."
)
COULD_NOT_START = gettext_noop("The file could not be started: the background service does not answer.")
NO_LONGER_ALLOWED = gettext_noop("You may no longer see this unit’s figures, so the file was not made.")


@transaction.atomic
def request_export(*, actor: User, unit: Unit, period: Period, fmt: str) -> ExportJob:
    """Ask for the unit's indicators for the period as a file, made in the background once this
    transaction commits. The same export already waiting or being made for the same user is returned
    instead of a second one (a double tap, a resent form)."""
    jurisdiction.require(actor, Action.VIEW_DASHBOARD, unit)
    waiting = ExportJob.objects.filter(
        requested_by=actor,
        unit=unit,
        period_kind=period.kind,
        period_start=period.start,
        format=fmt,
        status__in=PENDING_STATUSES,
    ).first()
    if waiting is not None:
        return waiting
    job = ExportJob(
        requested_by=actor,
        unit=unit,
        period_kind=period.kind,
        period_start=period.start,
        format=fmt,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    job.full_clean()
    job.save()
    audit.record_event(
        actor=actor,
        action="indicators.export",
        target=unit.name,
        scope=unit.path,
        detail={"job": str(job.pk), "format": fmt, "period": period.key, "unit_code": unit.code},
    )
    transaction.on_commit(lambda: enqueue_export(job_id=job.pk))
    return job


def enqueue_export(*, job_id: UUID) -> None:
    """Hand the job to the task backend (the database, or RQ on Redis). A backend that cannot take it
    fails the job with a message, rather than the request that asked for it."""
    from langso.reporting.tasks import build_export  # tasks.py calls this module's run_export

    try:
        result = build_export.using(queue_name=settings.LANGSO_EXPORT_QUEUE).enqueue(job_id=str(job_id))
    except Exception:
        logger.exception("Export %s could not be queued", job_id)
        _mark_failed(job_id, COULD_NOT_START)
        return
    ExportJob.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


def run_export(*, job_id: str | UUID) -> None:
    """Build the job's file in the asker's language, reporting progress on the job as it goes. A job
    that is gone or already done is left alone; one whose asker may no longer see the unit fails.
    Any other error fails the job with a message for the user and is raised again for the worker."""
    job = ExportJob.objects.select_related("unit__parent", "requested_by").filter(pk=job_id).first()
    if job is None or job.status == ExportStatus.DONE:
        return
    if not jurisdiction.may(job.requested_by, Action.VIEW_DASHBOARD, job.unit):
        _mark_failed(job.pk, NO_LONGER_ALLOWED)
        return
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.RUNNING, started_at=timezone.now(), steps_done=0, error=""
    )
    try:
        with translation.override(job.language):
            content = collect_content(unit=job.unit, period=job.period)
            _record_progress(job.pk, 0, content.steps_total)
            stored_name = _build_file(job, content)
    except Exception:
        _mark_failed(job.pk, COULD_NOT_MAKE)
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE, file=stored_name, steps_done=F("steps_total"), finished_at=timezone.now()
    )


def _build_file(job: ExportJob, content: ExportContent) -> str:
    """Write the file into private storage under the job's id; returns its stored name."""

    def progress(done: int, total: int) -> None:
        _record_progress(job.pk, done, total)

    if job.format == ExportFormat.XLSX:
        with tempfile.TemporaryFile() as output:
            write_workbook(content, output, progress=progress)
            output.seek(0)
            job.file.save(f"{job.pk}.xlsx", File(output), save=False)
    else:
        job.file.save(f"{job.pk}.pdf", ContentFile(render_report(content, progress=progress)), save=False)
    return job.file.name or ""


def _record_progress(job_id: UUID, done: int, total: int) -> None:
    """Saved at once (workers run outside transactions), so the job's page sees it move."""
    ExportJob.objects.filter(pk=job_id).update(steps_done=min(done, total), steps_total=total)


def _mark_failed(job_id: UUID, message: str) -> None:
    """Fail the job with `message` (an untranslated text) in the asker's language."""
    job = ExportJob.objects.filter(pk=job_id).only("language").first()
    if job is None:
        return
    with translation.override(job.language):
        error = _(message)
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportStatus.FAILED, error=error, finished_at=timezone.now()
    )


def open_export_file(*, actor: User, job: ExportJob) -> File[bytes]:
    """The finished file of the actor's own job, opened for reading; the download is audit-logged.
    FileNotFoundError when the stored file has gone."""
    if job.requested_by_id != actor.pk:
        raise PermissionDenied
    jurisdiction.require(actor, Action.VIEW_DASHBOARD, job.unit)
    handle = job.file.open("rb")
    audit.record_event(
        actor=actor,
        action="indicators.export.download",
        target=job.unit.name,
        scope=job.unit.path,
        detail={
            "job": str(job.pk),
            "format": job.format,
            "period": job.period.key,
            "unit_code": job.unit.code,
        },
    )
    return handle
