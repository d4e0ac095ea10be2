"""The dashboard of a unit for a period: a tile per indicator (value, target, status, the trend over
the last periods), its child units with their statuses, green coverage and the emulation ranking.
Everything is read from the roll-ups and the targets, in a fixed number of queries whatever the
number of children or facts. The caller has already checked that the user may see the unit."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from langso.common.periods import Period
from langso.places.models import Unit
from langso.reporting.charts import Sparkline, sparkline_of
from langso.reporting.models import Indicator, ReportForm
from langso.reporting.selectors.targets import (
    ChildRow,
    Coverage,
    IndicatorStatus,
    coverage_of,
    effective_targets_for,
    statuses_of,
)
from langso.reporting.selectors.values import (
    Sums,
    metric_sums,
    metrics_of,
    periods_up_to,
    series_for,
    value_of,
    values_from,
    village_counts,
)
from langso.reporting.services.rollups import REPORTS_APPROVED
from langso.reporting.status import Status

#: how many periods a tile's trend shows, the current one last
TREND_LENGTH = 12
#: the indicator that breaks ties in the ranking, after the number of green indicators
RANKING_TIE_BREAKER = "residents-reached"


@dataclass(frozen=True)
class Tile:
    """One indicator of the unit: where it stands now and its values over the last periods."""

    row: IndicatorStatus
    trend: list[Decimal | None]

    @property
    def previous(self) -> Decimal | None:
        return self.trend[-2] if len(self.trend) > 1 else None

    @property
    def sparkline(self) -> Sparkline | None:
        return sparkline_of(self.trend, self.row.target.value if self.row.target else None)

    @property
    def change(self) -> Decimal | None:
        """The change since the previous period, when both are known."""
        now, before = self.row.value, self.previous
        return now - before if now is not None and before is not None else None


@dataclass(frozen=True)
class TileGroup:
    group: str
    label: str
    tiles: list[Tile]


@dataclass(frozen=True)
class ChildLine:
    """A child unit in the table: its statuses, how many required indicators are green, whether its
    villages' reports for the period are all approved, and its rank (None when not ranked)."""

    row: ChildRow
    required_green: int
    reports_expected: int
    reports_approved: int
    rank: int | None = None

    @property
    def unit(self) -> Unit:
        return self.row.unit

    @property
    def has_incomplete_reports(self) -> bool:
        """Some village has no approved report for the period: ranking it would be unfair."""
        return self.reports_approved < self.reports_expected

    def value(self, indicator_id: int) -> Decimal | None:
        for status in self.row.statuses:
            if status.indicator.pk == indicator_id:
                return status.value
        return None


@dataclass(frozen=True)
class Dashboard:
    unit: Unit
    period: Period
    groups: list[TileGroup]
    columns: list[Indicator]
    children: list[ChildLine]
    coverage: Coverage

    def tile(self, code: str) -> Tile | None:
        """The tile of the indicator with `code`, if the catalog has it."""
        return next(
            (tile for group in self.groups for tile in group.tiles if tile.row.indicator.code == code), None
        )


def dashboard_of(*, unit: Unit, period: Period) -> Dashboard:
    """The unit's dashboard for the period (about nine queries, whatever the unit's size)."""
    indicators = list(Indicator.objects.order_by("order"))
    forms = list(ReportForm.objects.all())
    children = list(Unit.objects.filter(parent=unit).order_by("name"))
    columns = [indicator for indicator in indicators if indicator.is_required]
    villages = village_counts([unit, *children])
    sums = metric_sums([unit, *children], period, metrics_of(indicators) | {REPORTS_APPROVED})
    targets = effective_targets_for([unit, *children], period)
    own = statuses_of(
        indicators,
        values_from(sums, [unit], period, indicators, forms=forms, villages=villages)[unit.pk],
        targets[unit.pk],
    )
    series = series_for(
        unit, periods_up_to(period, TREND_LENGTH), indicators, forms=forms, villages=villages[unit.pk]
    )
    tiles = [
        Tile(row, [value_of(row.indicator, fraction) for fraction in series[row.indicator.pk]]) for row in own
    ]
    # The children show only the required indicators: their other values are not computed.
    values = values_from(sums, children, period, columns, forms=forms, villages=villages)
    rows = [ChildRow(child, statuses_of(columns, values[child.pk], targets[child.pk])) for child in children]
    return Dashboard(
        unit=unit,
        period=period,
        groups=_groups(tiles),
        columns=columns,
        children=ranked(_child_lines(rows, period, forms, villages, sums)),
        coverage=coverage_of(rows),
    )


def _groups(tiles: list[Tile]) -> list[TileGroup]:
    groups: dict[str, TileGroup] = {}
    for tile in tiles:
        indicator = tile.row.indicator
        group = groups.setdefault(
            indicator.group, TileGroup(indicator.group, indicator.get_group_display(), [])
        )
        group.tiles.append(tile)
    return list(groups.values())


def _child_lines(
    rows: list[ChildRow],
    period: Period,
    forms: list[ReportForm],
    villages: dict[int, int],
    sums: dict[int, Sums],
) -> list[ChildLine]:
    """Each child with the reports its villages owe for this period and how many are approved."""
    forms_of_period = sum(1 for form in forms if form.period_kind == period.kind)
    return [
        ChildLine(
            row=row,
            required_green=sum(1 for status in row.statuses if status.status == Status.GREEN),
            reports_expected=villages.get(row.unit.pk, 0) * forms_of_period,
            reports_approved=sums[row.unit.pk].of(REPORTS_APPROVED, cumulative=False) or 0,
        )
        for row in rows
    ]


def ranked(lines: list[ChildLine]) -> list[ChildLine]:
    """The emulation ranking: most required indicators green first, then the higher share of
    residents reached; units whose reports are incomplete are flagged and left unranked (never
    ranked as if they had scored zero). Returned in name order, each with its rank."""
    tie_breaker = next(
        (
            status.indicator.pk
            for line in lines
            for status in line.row.statuses
            if status.indicator.code == RANKING_TIE_BREAKER
        ),
        None,
    )

    def score(line: ChildLine) -> tuple[int, Decimal]:
        reached = line.value(tie_breaker) if tie_breaker is not None else None
        return (line.required_green, reached if reached is not None else Decimal(-1))

    competing = sorted((line for line in lines if not line.has_incomplete_reports), key=score, reverse=True)
    ranks: dict[int, int] = {}
    rank, last_score = 0, None
    for position, line in enumerate(competing, start=1):
        if score(line) != last_score:  # a tie shares the rank of the first of its kind
            rank, last_score = position, score(line)
        ranks[line.unit.pk] = rank
    return [replace(line, rank=ranks.get(line.unit.pk)) for line in lines]


SORT_KEYS = ("rank", "name")


def sorted_lines(
    lines: list[ChildLine], *, key: str, descending: bool, columns: list[Indicator]
) -> list[ChildLine]:
    """The table's rows sorted by rank, name or an indicator's value (missing values last)."""
    if key == "name":
        return sorted(lines, key=lambda line: line.unit.name, reverse=descending)
    if key == "rank":
        ranked_first = sorted(
            (line for line in lines if line.rank is not None), key=lambda line: line.rank or 0
        )
        unranked = [line for line in lines if line.rank is None]
        return (ranked_first[::-1] if descending else ranked_first) + unranked
    indicator = next((column for column in columns if column.code == key), None)
    if indicator is None:
        return lines
    known = [line for line in lines if line.value(indicator.pk) is not None]
    unknown = [line for line in lines if line.value(indicator.pk) is None]
    return sorted(known, key=lambda line: line.value(indicator.pk) or 0, reverse=descending) + unknown


__all__ = [
    "SORT_KEYS",
    "ChildLine",
    "Dashboard",
    "Tile",
    "TileGroup",
    "dashboard_of",
    "ranked",
    "sorted_lines",
]
