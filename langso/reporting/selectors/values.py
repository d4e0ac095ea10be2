"""The values of indicators for a unit and period. For now only reported indicators: the sums of
the approved village reports below the unit. Computed indicators return nothing yet (they show
grey) until the incremental roll-ups exist."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum

from langso.places.models import Unit, UnitKind
from langso.places.selectors import subtree_filter
from langso.reporting.models import Indicator, Measure, ReportStatus, ReportValue
from langso.common.periods import Period

#: the column of a village report that names the unit of each kind
REPORT_UNIT_FIELD = {
    UnitKind.PROVINCE: "report__province",
    UnitKind.COMMUNE: "report__commune",
    UnitKind.VILLAGE: "report__village",
}
HUNDRED = Decimal(100)
CENT = Decimal("0.1")


@dataclass(frozen=True)
class Fraction:
    """An indicator's aggregated numerator and denominator."""

    numerator: int
    denominator: int

    def value(self, measure: str) -> Decimal | None:
        """A count is the numerator; a percentage 100·Σnum/Σden (None when nothing is counted)."""
        if measure == Measure.COUNT:
            return Decimal(self.numerator)
        if not self.denominator:
            return None
        return (HUNDRED * self.numerator / self.denominator).quantize(CENT)


def value_of(indicator: Indicator, fraction: Fraction | None) -> Decimal | None:
    """The indicator's value from its fraction, or None without data."""
    return fraction.value(indicator.measure) if fraction is not None else None


def _approved_values(unit: Unit, period: Period) -> QuerySet[ReportValue]:
    return ReportValue.objects.filter(
        subtree_filter(unit.path, via="report__village"),
        report__status=ReportStatus.APPROVED,
        report__period_kind=period.kind,
        report__period_start=period.start,
    )


def reported_values(*, unit: Unit, period: Period) -> dict[int, Fraction]:
    """Per reported indicator id, the sums over the approved village reports at or below `unit`
    (one aggregate query). Computed indicators are absent (no roll-ups yet)."""
    rows = (
        _approved_values(unit, period)
        .values_list("indicator_id")
        .annotate(num=Sum("numerator"), den=Sum("denominator"))
        .order_by()
    )
    return {indicator_id: Fraction(num, den) for indicator_id, num, den in rows}


def reported_values_by_child(
    *, unit: Unit, children: list[Unit], period: Period
) -> dict[int, dict[int, Fraction]]:
    """Per child unit id (children of one kind), per indicator id, the sums of its approved village
    reports (one query)."""
    by_child: dict[int, dict[int, Fraction]] = {child.pk: {} for child in children}
    if not children or children[0].kind not in REPORT_UNIT_FIELD:
        return by_child
    field = REPORT_UNIT_FIELD[UnitKind(children[0].kind)]
    rows = (
        _approved_values(unit, period)
        .values_list(f"{field}_id", "indicator_id")
        .annotate(num=Sum("numerator"), den=Sum("denominator"))
        .order_by()
    )
    for child_id, indicator_id, num, den in rows:
        if child_id in by_child:
            by_child[child_id][indicator_id] = Fraction(num, den)
    return by_child


__all__ = ["Fraction", "reported_values", "reported_values_by_child", "value_of"]
