"""Exports of a unit's indicators for a period (XLSX or PDF), made in the background: one row per
request, with its progress while a worker builds the file and the file once it is made."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from langso.common.periods import Period, PeriodKind
from langso.common.text import normalize_text


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel workbook")
    PDF = "pdf", _("PDF report")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for its turn")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Could not be made")


#: the statuses in which a worker has still to finish the job
PENDING_STATUSES = (ExportStatus.QUEUED, ExportStatus.RUNNING)


class ExportJob(models.Model):
    """One export asked for by a user. Its id is a random UUID, so that the job's page and file are
    never guessed; the file lies in private storage and is only served to the user who asked, while
    they may still see the unit's figures. `language` is the asker's, so the worker writes in it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", editable=False
    )
    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"))
    format = models.CharField(_("format"), max_length=8, choices=ExportFormat.choices)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    steps_done = models.PositiveIntegerField(_("steps done"), default=0)
    steps_total = models.PositiveIntegerField(_("steps in all"), default=0)
    file = models.FileField(_("file"), upload_to="exports/%Y/%m/", blank=True)
    #: what the user reads when the job failed (never a traceback: that goes to the log)
    error = models.TextField(_("error"), blank=True)
    #: the id of the background task that builds the file (in the database or in Redis)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(steps_done__lte=models.F("steps_total")),
                name="export_progress_within_total",
            ),
        ]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="reporting_export_requester")]

    def __str__(self) -> str:
        return f"{self.format} {self.unit_id} {self.period_start} ({self.status})"

    @property
    def period(self) -> Period:
        return Period(PeriodKind(self.period_kind), self.period_start)

    @property
    def is_pending(self) -> bool:
        """Still waiting for a worker or being made: its page keeps asking for news."""
        return self.status in PENDING_STATUSES

    @property
    def download_name(self) -> str:
        """The file's name on the user's device: the unit's name without diacritics and the period,
        "xa-hoanh-mo-2026-10.xlsx"."""
        return f"{slugify(normalize_text(self.unit.name)) or self.unit.code}-{self.period.key}.{self.format}"

    @property
    def percent(self) -> int:
        """How far the worker has come, 0–100 (100 once the file is ready)."""
        if self.status == ExportStatus.DONE:
            return 100
        if not self.steps_total:
            return 0
        return 100 * self.steps_done // self.steps_total
