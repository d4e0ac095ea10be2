"""Background jobs of reporting, run through Django's Tasks API (a database worker by default, RQ
on Redis when configured). Each takes ids, calls one service and may safely run twice."""

from __future__ import annotations

from django_tasks import task

from langso.reporting.services import exports


@task()
def build_export(job_id: str) -> None:
    """Build the file of export job `job_id`, reporting its progress on the job."""
    exports.run_export(job_id=job_id)
