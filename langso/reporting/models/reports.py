"""Periodic village reports ("Front Digital"): the forms a village fills, each village's report for a
period with its basis and values, and the log of its transitions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from langso.common.periods import Period, PeriodKind


class ReportForm(models.Model):
    """A report form: which reported indicators a village gives, for which kind of period, and how
    many days after the period's end it is due. Loaded from `reporting/catalog/forms.yaml`."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    title = models.JSONField(_("title"))
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    indicators = models.ManyToManyField(
        "reporting.Indicator",
        verbose_name=_("indicators"),
        related_name="report_forms",
        limit_choices_to={"source": "reported"},
    )
    deadline_days = models.PositiveSmallIntegerField(_("days to report after the period"))

    class Meta:
        verbose_name = _("report form")
        verbose_name_plural = _("report forms")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.title.get("vi", self.code))


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")


#: the statuses in which the village may still change what it typed
EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)


class VillageReport(models.Model):
    """One village's report on one form for one period (there is only ever one). `commune` and
    `province` repeat what `village` implies, so that roll-ups group without joins."""

    form = models.ForeignKey(
        ReportForm, verbose_name=_("form"), on_delete=models.PROTECT, related_name="reports"
    )
    village = models.ForeignKey(
        "places.Unit", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey("places.Unit", on_delete=models.PROTECT, related_name="+", editable=False)
    province = models.ForeignKey("places.Unit", on_delete=models.PROTECT, related_name="+", editable=False)
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"))
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    #: bumped on every change of status, so that a form sent before the change is refused
    revision = models.PositiveIntegerField(default=0, editable=False)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    adult_residents = models.PositiveIntegerField(_("residents aged 15 and over"), null=True, blank=True)
    surveyed = models.PositiveIntegerField(_("people surveyed"), null=True, blank=True)
    due_on = models.DateField(_("due on"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: set once, at the first submission
    is_on_time = models.BooleanField(_("submitted on time"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    return_comment = models.TextField(_("comment for the village"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("village report")
        verbose_name_plural = _("village reports")
        ordering = ["-period_start", "village__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "village", "period_start"], name="one_report_per_form_village_period"
            ),
        ]
        indexes = [
            models.Index(fields=["commune", "status"], name="reporting_report_commune"),
            models.Index(fields=["due_on"], name="reporting_report_due"),
        ]

    def __str__(self) -> str:
        return f"{self.form.code} {self.village.name} {self.period.key}"

    @property
    def period(self) -> Period:
        return Period(PeriodKind(self.period_kind), self.period_start)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class ReportValue(models.Model):
    """One reported indicator of a report. The percentage is always numerator / denominator; `entered`
    keeps what the village head typed (a count, a share 0–100, or 1/0 for yes/no) to show it again."""

    report = models.ForeignKey(VillageReport, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey("reporting.Indicator", on_delete=models.PROTECT, related_name="+")
    entered = models.PositiveIntegerField(_("entered"))
    numerator = models.PositiveIntegerField(_("numerator"))
    denominator = models.PositiveIntegerField(_("denominator"))

    class Meta:
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="one_value_per_report_indicator"),
            models.CheckConstraint(
                condition=models.Q(numerator__lte=models.F("denominator")), name="value_within_its_basis"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.numerator}/{self.denominator}"

    @property
    def percent(self) -> float | None:
        return 100 * self.numerator / self.denominator if self.denominator else None


class ReportEventKind(models.TextChoices):
    CREATED = "created", _("Opened")
    SAVED = "saved", _("Saved")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    UNLOCKED = "unlocked", _("Unlocked")


class ReportEvent(models.Model):
    """One step in a report's life, with who took it and why (never changed afterwards)."""

    report = models.ForeignKey(VillageReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=ReportEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"
