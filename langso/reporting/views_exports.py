"""Export pages: asking for a unit's indicators as an Excel workbook or a PDF, the job's page with its
progress bar (refreshed by htmx every second until the file is ready) and the download."""

from __future__ import annotations

from uuid import UUID

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from langso.accounts.http import AuthenticatedRequest
from langso.people.selectors import get_unit_visible_to
from langso.reporting.forms_exports import ExportRequestForm
from langso.reporting.models import ExportFormat
from langso.reporting.selectors import exports as selectors
from langso.reporting.services import exports as services

CONTENT_TYPES = {
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.PDF: "application/pdf",
}


@require_POST
def export_start(request: AuthenticatedRequest, code: str) -> HttpResponse:
    unit = get_unit_visible_to(request.user, code)
    form = ExportRequestForm(request.POST)
    if not form.is_valid():
        return render(request, "reporting/export_refused.html", {"unit": unit, "form": form}, status=400)
    job = services.request_export(
        actor=request.user, unit=unit, period=form.chosen_period(), fmt=form.cleaned_data["format"]
    )
    return redirect("reporting:export_detail", job_id=job.pk)


@require_GET
@never_cache
def export_detail(request: AuthenticatedRequest, job_id: UUID) -> HttpResponse:
    job = selectors.get_export_job_visible_to(request.user, job_id)
    template = "reporting/export_detail.html" + ("#status" if request.htmx else "")
    return render(request, template, {"job": job, "period": job.period})


@require_GET
def export_download(request: AuthenticatedRequest, job_id: UUID) -> FileResponse:
    job = selectors.get_export_job_visible_to(request.user, job_id, ready=True)
    try:
        handle = services.open_export_file(actor=request.user, job=job)
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(
        handle,
        as_attachment=True,
        filename=job.download_name,
        content_type=CONTENT_TYPES[ExportFormat(job.format)],
    )
