"""The indicator catalog: what the movement measures, how, and from which source."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorSource(models.TextChoices):
    COMPUTED = "computed", _("Computed from the platform's records")
    REPORTED = "reported", _("Reported by the village")


class Measure(models.TextChoices):
    PERCENT = "percent", _("Percentage")
    COUNT = "count", _("Count")


class Direction(models.TextChoices):
    UP = "up", _("Higher is better")
    DOWN = "down", _("Lower is better")


class ReportInput(models.TextChoices):
    """How a village head enters a reported indicator (its numerator; the denominator is the
    village's households, adult residents or people surveyed)."""

    HOUSEHOLDS = "households", _("A number of households")
    RESIDENTS = "residents", _("A number of adult residents")
    YES_NO = "yes_no", _("Yes or no")
    SHARE_OF_SURVEYED = "share_of_surveyed", _("A share (0–100) of the people surveyed")


class IndicatorGroup(models.TextChoices):
    REACH = "reach", _("Reach and skills")
    INCLUSION = "inclusion", _("Women and ethnic minorities")
    TRAINING = "training", _("Training and support")
    INFRASTRUCTURE = "infrastructure", _("Devices and services")
    REPORTING = "reporting", _("Reporting")


class Indicator(models.Model):
    """One indicator of the movement. Texts are per language ({"vi": …, "en": …, "id": …}), loaded
    from `reporting/catalog/indicators.yaml`. A percentage is always numerator / denominator of
    aggregated counts, never an average of percentages."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    order = models.PositiveSmallIntegerField(_("order"))
    group = models.CharField(_("group"), max_length=16, choices=IndicatorGroup.choices)
    source = models.CharField(_("source"), max_length=16, choices=IndicatorSource.choices)
    measure = models.CharField(_("measure"), max_length=16, choices=Measure.choices)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.UP
    )
    #: for reported indicators: what the village head types
    report_input = models.CharField(_("entered as"), max_length=24, choices=ReportInput.choices, blank=True)
    #: counts towards a unit's "green" status (green coverage needs every required indicator green)
    is_required = models.BooleanField(_("required for green"), default=False)
    name = models.JSONField(_("name"))
    definition = models.JSONField(_("definition"))
    numerator = models.JSONField(_("numerator"))
    denominator = models.JSONField(_("denominator"), default=dict, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source="computed", report_input="")
                | (models.Q(source="reported") & ~models.Q(report_input="")),
                name="reported_indicators_say_how_they_are_entered",
            )
        ]

    def __str__(self) -> str:
        return str(self.name.get("vi", self.code))
