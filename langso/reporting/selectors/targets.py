"""Effective targets (a unit's own, else its nearest ancestor's for the same period), the status of a
unit's indicators, and "green coverage": the share of a unit's children green on every required
indicator. The unit is already scoped by the caller; every read here is a bounded number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from langso.common.periods import Period
from langso.places.models import Unit
from langso.reporting.models import Indicator, Target
from langso.reporting.selectors.values import Fraction, indicator_values, value_of, values_for
from langso.reporting.status import Status, status_of


@dataclass(frozen=True)
class EffectiveTarget:
    """The target that applies to a unit, and the unit that set it."""

    value: Decimal
    set_at_unit: Unit
    is_inherited: bool


def effective_targets_for(units: list[Unit], period: Period) -> dict[int, dict[int, EffectiveTarget]]:
    """Per unit id, per indicator id, the unit's effective target (one query over all the units'
    ancestors by path)."""
    paths = {path for unit in units for path in unit.ancestor_paths}
    targets = list(
        Target.objects.filter(
            unit__path__in=paths, period_kind=period.kind, period_start=period.start
        ).select_related("unit")
    )
    targets.sort(key=lambda target: target.unit.depth)  # the deepest ancestor wins
    result: dict[int, dict[int, EffectiveTarget]] = {}
    for unit in units:
        own = result.setdefault(unit.pk, {})
        for target in targets:
            if unit.path.startswith(target.unit.path):
                own[target.indicator_id] = EffectiveTarget(
                    target.value, target.unit, is_inherited=target.unit.pk != unit.pk
                )
    return result


def effective_targets(*, unit: Unit, period: Period) -> dict[int, EffectiveTarget]:
    """Per indicator id, the unit's own target, else the nearest ancestor's for the same period."""
    return effective_targets_for([unit], period)[unit.pk]


@dataclass(frozen=True)
class IndicatorStatus:
    """One indicator of a unit: its value, its effective target and the status between them."""

    indicator: Indicator
    fraction: Fraction | None
    value: Decimal | None
    target: EffectiveTarget | None
    status: Status


def statuses_of(
    indicators: list[Indicator], values: dict[int, Fraction], targets: dict[int, EffectiveTarget]
) -> list[IndicatorStatus]:
    rows = []
    for indicator in indicators:
        fraction = values.get(indicator.pk)
        value = value_of(indicator, fraction)
        target = targets.get(indicator.pk)
        status = status_of(value, target.value if target else None, indicator.direction)
        rows.append(IndicatorStatus(indicator, fraction, value, target, status))
    return rows


def unit_statuses(*, unit: Unit, period: Period, indicators: list[Indicator]) -> list[IndicatorStatus]:
    """The unit's indicators with value, effective target and status (two queries)."""
    return statuses_of(
        indicators,
        indicator_values(unit=unit, period=period, indicators=indicators),
        effective_targets(unit=unit, period=period),
    )


@dataclass(frozen=True)
class ChildRow:
    """A child unit with the status of each required indicator; green when all are green."""

    unit: Unit
    statuses: list[IndicatorStatus]

    @property
    def is_green(self) -> bool:
        """Green on every required indicator (grey is not green; no required indicator, not green)."""
        return bool(self.statuses) and all(row.status == Status.GREEN for row in self.statuses)


@dataclass(frozen=True)
class Coverage:
    """How many of a unit's children are green on every required indicator."""

    children: int
    green_children: int
    share: Decimal | None

    @property
    def percent(self) -> Decimal | None:
        return (100 * self.share).quantize(Decimal(1)) if self.share is not None else None


def required_indicators() -> list[Indicator]:
    """The indicators a unit must meet to count as green, in the catalog's order."""
    return list(Indicator.objects.filter(is_required=True).order_by("order"))


def child_rows(*, unit: Unit, period: Period, required: list[Indicator]) -> list[ChildRow]:
    """The unit's children by name, each with its required indicators' statuses (three queries)."""
    children = list(Unit.objects.filter(parent=unit).order_by("name"))
    values = values_for(children, period, required)
    targets = effective_targets_for(children, period)
    return [ChildRow(child, statuses_of(required, values[child.pk], targets[child.pk])) for child in children]


def coverage_of(rows: list[ChildRow]) -> Coverage:
    """The green coverage of already computed child rows."""
    green = sum(1 for row in rows if row.is_green)
    share = Decimal(green) / len(rows) if rows else None
    return Coverage(children=len(rows), green_children=green, share=share)


def green_coverage(*, unit: Unit, period: Period) -> Coverage:
    """The share of the unit's children green on every required indicator (four queries)."""
    return coverage_of(child_rows(unit=unit, period=period, required=required_indicators()))


__all__ = [
    "ChildRow",
    "Coverage",
    "EffectiveTarget",
    "IndicatorStatus",
    "child_rows",
    "coverage_of",
    "effective_targets",
    "effective_targets_for",
    "green_coverage",
    "required_indicators",
    "statuses_of",
    "unit_statuses",
]
