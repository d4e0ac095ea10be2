"""What an export of a unit's indicators holds: the unit's own figures, then each child unit's, for
one period, with the indicators grouped as the catalog groups them; and the texts that both the
workbook and the PDF write (names, values, statuses), in the active language and in NFC."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format

from langso.common.periods import Period
from langso.common.text import nfc
from langso.learning.content import localized
from langso.places.models import Unit
from langso.reporting.models import Indicator, IndicatorGroup, Measure
from langso.reporting.selectors.targets import ChildRow, IndicatorStatus, child_rows, unit_statuses
from langso.reporting.status import Status

#: called as progress(steps done, steps in all) while a file is built
Progress = Callable[[int, int], None]
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Group:
    """One group of the catalog (one sheet of the workbook, one table of the PDF)."""

    key: str
    label: str
    indicators: list[Indicator]


@dataclass(frozen=True)
class ExportContent:
    """Everything an export writes. Building a file takes `steps_total` steps: the unit's own
    figures, one per child unit, and finishing the file."""

    unit: Unit
    period: Period
    groups: list[Group]
    own: list[IndicatorStatus]
    children: list[ChildRow]

    @property
    def steps_total(self) -> int:
        return len(self.children) + 2

    def own_by_indicator(self) -> dict[int, IndicatorStatus]:
        return {row.indicator.pk: row for row in self.own}


def collect_content(*, unit: Unit, period: Period) -> ExportContent:
    """The unit's figures for the period and its children's, on every indicator of the catalog."""
    indicators = list(Indicator.objects.order_by("order"))
    return ExportContent(
        unit=unit,
        period=period,
        groups=groups_of(indicators),
        own=unit_statuses(unit=unit, period=period, indicators=indicators),
        children=child_rows(unit=unit, period=period, required=indicators),
    )


def groups_of(indicators: list[Indicator]) -> list[Group]:
    """The catalog's groups that hold an indicator, in the catalog's order of groups."""
    groups = []
    for key, label in IndicatorGroup.choices:
        members = [indicator for indicator in indicators if indicator.group == key]
        if members:
            groups.append(Group(key=key, label=nfc(str(label)), indicators=members))
    return groups


def statuses_by_indicator(row: ChildRow) -> dict[int, IndicatorStatus]:
    return {status.indicator.pk: status for status in row.statuses}


def indicator_name(indicator: Indicator) -> str:
    return nfc(str(localized(indicator.name)))


def is_percent(indicator: Indicator) -> bool:
    return indicator.measure == Measure.PERCENT


def number_text(indicator: Indicator, number: Decimal | None) -> str:
    """A value or target as the reader's language writes it: "45,3 %" or "1.234" in Vietnamese."""
    if number is None:
        return "–"
    if is_percent(indicator):
        return f"{number_format(number, decimal_pos=1, force_grouping=True)} %"
    return number_format(number, decimal_pos=0, force_grouping=True)


def status_text(status: Status) -> str:
    """The status as a sign and a word ("✓ Target met"), never by colour alone."""
    return f"{status.symbol} {status.label}"


def as_fraction_of_one(number: Decimal) -> float:
    """A percentage as spreadsheets store it (45.3 → 0.453)."""
    return float(number / HUNDRED)
