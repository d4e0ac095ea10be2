"""Tallies (how many of a metric in a unit during a period) and the marks behind distinct counts."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from langso.common.periods import PeriodKind


class Tally(models.Model):
    """How many of a metric happened in a unit (and everything below it) during one period.

    A fact is added to its village and every unit above it, in each period kind (week, month,
    quarter, year) that contains its day, and a stock also to its running total: a dashboard reads a
    handful of rows, never the facts."""

    metric = models.CharField(_("metric"), max_length=40)
    unit = models.ForeignKey("places.Unit", on_delete=models.CASCADE, related_name="+")
    #: a period kind (week, month, quarter, year), "total" (a stock since the beginning) or
    #: "cohort" (counted by the day it names: residents by birth year)
    period_kind = models.CharField(_("period kind"), max_length=8)
    period_start = models.DateField(_("period start"))
    amount = models.BigIntegerField(_("amount"), default=0)

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            # Also the index of a stock's rows: one unit and metric, a range of periods.
            models.UniqueConstraint(
                fields=["unit", "metric", "period_kind", "period_start"], name="one_tally_per_key"
            )
        ]
        indexes = [
            # Every metric of a unit in one period (the flows of a dashboard): one range per unit.
            models.Index(fields=["unit", "period_kind", "period_start"], name="rollups_tally_unit_period")
        ]

    def __str__(self) -> str:
        return f"{self.metric} · {self.unit_id} · {self.period_kind} {self.period_start}: {self.amount}"


class DistinctMark(models.Model):
    """A subject (a mentor) counted once in a distinct metric for a unit and period, with how many
    facts support it: the tally goes up when the first fact arrives and down when the last goes."""

    metric = models.CharField(_("metric"), max_length=40)
    subject = models.BigIntegerField(_("subject"))
    unit = models.ForeignKey("places.Unit", on_delete=models.CASCADE, related_name="+")
    period_kind = models.CharField(_("period kind"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"))
    facts = models.PositiveIntegerField(_("facts"), default=0)

    class Meta:
        verbose_name = _("distinct mark")
        verbose_name_plural = _("distinct marks")
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "subject", "unit", "period_kind", "period_start"],
                name="one_distinct_mark_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.metric} · {self.subject} · {self.unit_id} · {self.period_start}: {self.facts}"
