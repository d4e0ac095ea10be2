"""Reads of export jobs: a user reads only their own, and only while they may still see the figures
of the unit exported."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404

from langso.accounts.jurisdiction import Action, may
from langso.accounts.models import User
from langso.reporting.models import ExportJob, ExportStatus


def get_export_job_visible_to(user: User, job_id: UUID, *, ready: bool = False) -> ExportJob:
    """The user's own export job (only a finished one when `ready`), while they may still see the
    unit's figures; 404 otherwise, never confirming that someone else's job exists."""
    jobs = ExportJob.objects.filter(pk=job_id, requested_by=user).select_related("unit")
    if ready:
        jobs = jobs.filter(status=ExportStatus.DONE).exclude(file="")
    job = jobs.first()
    if job is None or not may(user, Action.VIEW_DASHBOARD, job.unit):
        raise Http404
    return job
