"""A value's status against its target: green (met), amber (from 80 % of it), red (below), grey
(no value or no target). Each status has a word and a symbol, so it never relies on colour."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from langso.reporting.models import Direction

#: amber starts at this share of the target
AMBER_SHARE = Decimal("0.8")


class Status(models.TextChoices):
    GREEN = "green", _("Target met")
    AMBER = "amber", _("Close to target")
    RED = "red", _("Below target")
    GREY = "grey", _("No data")

    @property
    def symbol(self) -> str:
        """A sign that tells the status without colour."""
        return _SYMBOLS[self]


_SYMBOLS = {Status.GREEN: "✓", Status.AMBER: "!", Status.RED: "✗", Status.GREY: "–"}


def status_of(value: Decimal | None, target: Decimal | None, direction: str) -> Status:
    """The status of `value` against `target`; for "down" indicators lower is better."""
    if value is None or target is None:
        return Status.GREY
    if direction == Direction.DOWN:
        if value <= target:
            return Status.GREEN
        return Status.AMBER if value * AMBER_SHARE <= target else Status.RED
    if value >= target:
        return Status.GREEN
    return Status.AMBER if value >= target * AMBER_SHARE else Status.RED
