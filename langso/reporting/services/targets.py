"""Writes of targets. A unit's target is set by the level above: whoever may set targets at the
unit's parent (a commune officer sets its villages', a province officer its communes')."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from langso.accounts.jurisdiction import Action, may
from langso.accounts.models import User
from langso.common.periods import Period
from langso.places.models import Unit
from langso.reporting.models import Indicator, Target


def may_set_target(actor: User, unit: Unit) -> bool:
    """Whether the actor sets `unit`'s targets (the level above it)."""
    return unit.parent is not None and may(actor, Action.SET_TARGETS, unit.parent)


def _require(actor: User, unit: Unit) -> None:
    if not may_set_target(actor, unit):
        raise PermissionDenied


@transaction.atomic
def set_target(*, actor: User, indicator: Indicator, unit: Unit, period: Period, value: Decimal) -> Target:
    """Set (or change) the unit's target on `indicator` for `period`; sending it twice changes nothing."""
    _require(actor, unit)
    target = (
        Target.objects.select_for_update()
        .filter(indicator=indicator, unit=unit, period_kind=period.kind, period_start=period.start)
        .first()
    )
    if target is None:
        target = Target(indicator=indicator, unit=unit, period_kind=period.kind, period_start=period.start)
    target.value = value
    target.set_by = actor
    target.set_at = timezone.now()
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def clear_target(*, actor: User, indicator: Indicator, unit: Unit, period: Period) -> bool:
    """Remove the unit's own target (it inherits again); whether there was one."""
    _require(actor, unit)
    deleted, _rows = Target.objects.filter(
        indicator=indicator, unit=unit, period_kind=period.kind, period_start=period.start
    ).delete()
    return deleted > 0
