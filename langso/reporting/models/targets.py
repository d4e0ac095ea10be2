"""Targets: the value an indicator should reach in a unit for a period, set by the level above."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from langso.common.periods import Period, PeriodKind
from langso.reporting.models.catalog import Measure


class Target(models.Model):
    """One unit's target on one indicator for one period. A unit without its own target inherits
    the nearest ancestor's for the same period (see selectors.targets)."""

    indicator = models.ForeignKey(
        "reporting.Indicator", verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"))
    value = models.DecimalField(
        _("target"), max_digits=9, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(_("set at"), default=timezone.now)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["-period_start", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "period_kind", "period_start"],
                name="one_target_per_indicator_unit_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.unit_id} {self.period_start}: {self.value}"

    @property
    def period(self) -> Period:
        return Period(PeriodKind(self.period_kind), self.period_start)

    def clean(self) -> None:
        """A percentage target lies in 0–100."""
        if self.value is not None and self.indicator.measure == Measure.PERCENT and self.value > 100:
            raise ValidationError({"value": _("A percentage target lies between 0 and 100.")})
