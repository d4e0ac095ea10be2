"""The values of indicators for units and a period, read from the roll-ups only (one query for a
unit and all its children, one more for the villages when reports on time are asked).

Each computed indicator has a formula over metrics kept by the apps owning the facts: a numerator,
a denominator (a metric, the adults living there, or the reports due), summed from the beginning up
to the period (a stock: residents reached so far) or within the period (a flow: help requests of
the month). A reported indicator sums the approved reports' numerators and denominators of that
period. A percentage is 100·Σnumerators/Σdenominators, never an average of children's percentages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from langso.common.periods import Period, PeriodKind
from langso.common.sql import placeholders
from langso.people.services import tallies as people_metrics
from langso.places.models import Unit, UnitKind
from langso.reporting.models import Indicator, IndicatorSource, Measure, ReportForm
from langso.reporting.selectors.reports import reports_due_per_village
from langso.reporting.services.rollups import REPORTS_ON_TIME, reported_denominator, reported_numerator
from langso.rollups.models import Tally
from langso.rollups.selectors import tallied_units
from langso.rollups.services import COHORT, TOTAL, TOTAL_START
from langso.training.services import tallies as training_metrics

HUNDRED = Decimal(100)
CENT = Decimal("0.1")
#: denominators that are not a metric of their own
ADULTS = "adults"
REPORTS_DUE = "reports-due"


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


@dataclass(frozen=True)
class Formula:
    """How a computed indicator is counted from the roll-ups."""

    numerator: str
    denominator: str | None = None
    #: summed from the beginning up to the period (a stock), else within the period (a flow)
    is_cumulative: bool = True


FORMULAS: dict[str, Formula] = {
    "residents-reached": Formula(people_metrics.REACHED_ADULTS, ADULTS),
    "basic-digital-citizen": Formula(people_metrics.BASIC_CITIZEN_ADULTS, ADULTS),
    "women-among-reached": Formula(people_metrics.REACHED_WOMEN, people_metrics.REACHED),
    "minorities-among-reached": Formula(people_metrics.REACHED_MINORITIES, people_metrics.REACHED),
    "ocop-subjects-trained": Formula(people_metrics.OCOP_TRAINED),
    "cadres-trained": Formula(people_metrics.CADRES_TRAINED),
    "active-mentors": Formula(training_metrics.ACTIVE_MENTORS, is_cumulative=False),
    "help-resolved-in-3-days": Formula(
        training_metrics.HELP_RESOLVED_IN_3_DAYS, training_metrics.HELP_ASKED, is_cumulative=False
    ),
    "reports-on-time": Formula(REPORTS_ON_TIME, REPORTS_DUE, is_cumulative=False),
}


def formula_of(indicator: Indicator) -> Formula:
    """The indicator's formula: from the table for computed ones, its reports' sums for reported ones."""
    if indicator.source == IndicatorSource.REPORTED:
        return Formula(
            reported_numerator(indicator.code), reported_denominator(indicator.code), is_cumulative=False
        )
    return FORMULAS[indicator.code]


def adults_cutoff(period: Period) -> date:
    """Adults in a period are the birth-year cohorts counted on or before this day."""
    return people_metrics.birth_day(period.end.year - people_metrics.ADULT_AGE)


@dataclass(frozen=True)
class Sums:
    """A unit's metric sums for one period: since the beginning, and within the period."""

    to_date: dict[str, int]
    in_period: dict[str, int]

    def of(self, metric: str, *, cumulative: bool) -> int | None:
        return (self.to_date if cumulative else self.in_period).get(metric)


#: the metrics read as stocks (summed since the beginning): those of the cumulative formulas
STOCK_METRICS = frozenset(
    metric
    for formula in FORMULAS.values()
    if formula.is_cumulative
    for metric in (formula.numerator, formula.denominator)
    if metric and metric != ADULTS
)


@dataclass(frozen=True)
class StartRange:
    """The tallies of one period kind whose periods start from `first` (None: any) to `last`."""

    kind: str
    first: date | None
    last: date

    @classmethod
    def one(cls, kind: str, start: date) -> StartRange:
        return cls(kind, start, start)

    def sql(self) -> tuple[str, list[str | date]]:
        if self.first is None:
            return "period_kind = %s AND period_start <= %s", [self.kind, self.last]
        return "period_kind = %s AND period_start BETWEEN %s AND %s", [self.kind, self.first, self.last]


def rows_up_to(period: Period) -> list[StartRange]:
    """The tallies that together count everything up to the end of `period`, by the coarsest periods
    that fit: whole years before its year, whole quarters of its year before its quarter, then the
    months of its quarter up to it — a stock is a dozen rows, not every month since the start. Weeks
    do not nest in months: a week's stock sums the weeks. Each part is one index range; the period's
    own row is in the last part."""
    if period.kind == PeriodKind.WEEK:
        return [StartRange(PeriodKind.WEEK, None, period.start)]
    year = Period.containing(period.start, PeriodKind.YEAR)
    parts = [StartRange(PeriodKind.YEAR, None, year.previous().start)]
    if period.kind == PeriodKind.YEAR:
        return [*parts, StartRange.one(PeriodKind.YEAR, year.start)]
    quarter = Period.containing(period.start, PeriodKind.QUARTER)
    if quarter.start > year.start:
        parts.append(StartRange(PeriodKind.QUARTER, year.start, quarter.previous().start))
    if period.kind == PeriodKind.QUARTER:
        return [*parts, StartRange.one(PeriodKind.QUARTER, quarter.start)]
    return [*parts, StartRange(PeriodKind.MONTH, quarter.start, period.start)]


def metric_sums(units: list[Unit], period: Period, metrics: Iterable[str]) -> dict[int, Sums]:
    """Per unit, the stocks up to the period (their running totals for a period that has not ended),
    the flows within it, and the adults: one statement summing the rows of a few index ranges per
    unit and metric, each metric read from one kind of range only. It is written out rather than
    built as a queryset: a province dashboard asks it for 101 units, and compiling the queryset and
    converting its thousand rows took longer than the database took to answer. The root's sums are
    its children's (it is not tallied)."""
    stocks = {metric for metric in metrics if metric in STOCK_METRICS}
    if period.end >= timezone.localdate():  # nothing has happened after it: the running totals
        stock_ranges = [StartRange.one(TOTAL, TOTAL_START)]
    else:
        stock_ranges = rows_up_to(period)
    ranges = [
        *((start_range, stocks) for start_range in stock_ranges),
        (StartRange.one(period.kind, period.start), set(metrics) - stocks),
        (StartRange(COHORT, None, adults_cutoff(period)), {people_metrics.RESIDENTS_BORN}),
    ]
    sources = tallied_units(units)
    read = sorted({source for unit_sources in sources.values() for source in unit_sources})
    sums = _sums_by_unit(read, _summed_tallies(read, ranges), stocks)
    return {unit_id: _sum_of(sums, unit_sources) for unit_id, unit_sources in sources.items()}


def _sums_by_unit(unit_ids: list[int], rows: list[tuple[int, str, int]], stocks: set[str]) -> dict[int, Sums]:
    """The (unit, metric, sum) rows sorted into each unit's stocks, flows and adults."""
    sums = {unit_id: Sums({}, {}) for unit_id in unit_ids}
    for unit_id, metric, total in rows:
        if metric == people_metrics.RESIDENTS_BORN:
            sums[unit_id].to_date[ADULTS] = total
        elif metric in stocks:
            sums[unit_id].to_date[metric] = total
        else:
            sums[unit_id].in_period[metric] = total
    return sums


def _sum_of(sums: dict[int, Sums], unit_ids: list[int]) -> Sums:
    """The sums of `unit_ids` added together (a unit's own, or the root's children's)."""
    total = Sums({}, {})
    for unit_id in unit_ids:
        for into, addend in (
            (total.to_date, sums[unit_id].to_date),
            (total.in_period, sums[unit_id].in_period),
        ):
            for metric, amount in addend.items():
                into[metric] = into.get(metric, 0) + amount
    return total


def _summed_tallies(
    unit_ids: list[int], ranges: list[tuple[StartRange, set[str]]]
) -> list[tuple[int, str, int]]:
    """(unit, metric, sum of amounts) over the tallies of the units in any of the ranges, each
    range for its own metrics."""
    conditions: list[str] = []
    params: list[str | int | date] = [*unit_ids]
    for start_range, range_metrics in ranges:
        if range_metrics:
            where, range_params = start_range.sql()
            conditions.append(f"({where} AND metric IN ({placeholders(len(range_metrics))}))")
            params += [*range_params, *sorted(range_metrics)]
    if not unit_ids or not conditions:
        return []
    table = connection.ops.quote_name(Tally._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT unit_id, metric, CAST(SUM(amount) AS BIGINT) FROM {table} "
            f"WHERE unit_id IN ({placeholders(len(unit_ids))}) AND ({' OR '.join(conditions)}) "
            "GROUP BY unit_id, metric",
            params,
        )
        return cursor.fetchall()


def village_counts(units: list[Unit]) -> dict[int, int]:
    """Per unit, how many villages lie at or below it (one query over the villages below the
    units' nearest common ancestor, which is their parent when they are siblings)."""
    counts = {unit.pk: 0 for unit in units}
    by_path = {unit.path: unit.pk for unit in units}
    lengths = sorted({len(path) for path in by_path})
    common = _common_ancestor_path(list(by_path))
    villages = Unit.objects.filter(kind=UnitKind.VILLAGE, path__startswith=common).values_list(
        "path", flat=True
    )
    for path in villages:
        for length in lengths:
            unit_id = by_path.get(path[:length])
            if unit_id is not None:
                counts[unit_id] += 1
    return counts


def _common_ancestor_path(paths: list[str]) -> str:
    """The deepest path that every one of `paths` lies at or below."""
    if not paths:
        return ""
    common = min(paths, key=len)
    while not all(path.startswith(common) for path in paths):
        common = common.rstrip("/").rsplit("/", 1)[0] + "/"
    return common


def _fraction(formula: Formula, sums: Sums, reports_due: int) -> Fraction | None:
    numerator = sums.of(formula.numerator, cumulative=formula.is_cumulative) or 0
    if formula.denominator is None:
        return Fraction(numerator, 0)
    if formula.denominator == ADULTS:
        denominator = sums.to_date.get(ADULTS, 0)
    elif formula.denominator == REPORTS_DUE:
        denominator = reports_due
    else:
        found = sums.of(formula.denominator, cumulative=formula.is_cumulative)
        if found is None:
            return None
        denominator = found
    return Fraction(numerator, denominator)


def _unit_fractions(
    indicators: list[Indicator], formulas: dict[int, Formula], sums: Sums, reports_due: int
) -> dict[int, Fraction]:
    """Per indicator id, its fraction from the unit's sums; without data, absent."""
    has_residents = bool(sums.to_date.get(ADULTS))
    fractions = {}
    for indicator in indicators:
        if indicator.source == IndicatorSource.COMPUTED and not has_residents:
            continue  # nobody registered: nothing to measure yet
        fraction = _fraction(formulas[indicator.pk], sums, reports_due)
        if fraction is not None:
            fractions[indicator.pk] = fraction
    return fractions


def _formulas(indicators: list[Indicator]) -> tuple[dict[int, Formula], set[str]]:
    formulas = {indicator.pk: formula_of(indicator) for indicator in indicators}
    metrics = {metric for formula in formulas.values() for metric in (formula.numerator, formula.denominator)}
    return formulas, {metric for metric in metrics if metric}


def values_for(
    units: list[Unit],
    period: Period,
    indicators: list[Indicator],
    *,
    forms: list[ReportForm] | None = None,
    villages: dict[int, int] | None = None,
) -> dict[int, dict[int, Fraction]]:
    """Per unit id, per indicator id, the indicator's fraction for the period; an indicator without
    data (no approved report; no resident registered for a computed one) is absent."""
    sums = metric_sums(units, period, metrics_of(indicators))
    return values_from(sums, units, period, indicators, forms=forms, villages=villages)


def metrics_of(indicators: list[Indicator]) -> set[str]:
    """The metrics the indicators' formulas read."""
    return _formulas(indicators)[1]


def values_from(
    sums: dict[int, Sums],
    units: list[Unit],
    period: Period,
    indicators: list[Indicator],
    *,
    forms: list[ReportForm] | None = None,
    villages: dict[int, int] | None = None,
) -> dict[int, dict[int, Fraction]]:
    """`values_for` from metric sums already read (they hold at least the indicators' metrics)."""
    formulas, metrics = _formulas(indicators)
    asks_due = REPORTS_DUE in metrics
    due_each = reports_due_per_village(start=period.start, end=period.end, forms=forms) if asks_due else 0
    if villages is None:
        villages = village_counts(units) if asks_due else {}
    return {
        unit.pk: _unit_fractions(indicators, formulas, sums[unit.pk], due_each * villages.get(unit.pk, 0))
        for unit in units
    }


def indicator_values(*, unit: Unit, period: Period, indicators: list[Indicator]) -> dict[int, Fraction]:
    """Per indicator id, the unit's fraction for the period."""
    return values_for([unit], period, indicators)[unit.pk]


def periods_up_to(period: Period, count: int) -> list[Period]:
    """The `count` periods of the same kind ending with `period`, oldest first."""
    periods = [period]
    while len(periods) < count:
        periods.insert(0, periods[0].previous())
    return periods


def series_for(
    unit: Unit,
    periods: list[Period],
    indicators: list[Indicator],
    *,
    forms: list[ReportForm] | None = None,
    villages: int | None = None,
) -> dict[int, list[Fraction | None]]:
    """Per indicator id, the unit's fraction in each of `periods` (consecutive, of one kind), from
    one query over the unit's tallies (its children's for the root)."""
    formulas, metrics = _formulas(indicators)
    last = periods[-1]
    rows = list(
        Tally.objects.filter(
            Q(metric__in=metrics, period_kind=last.kind, period_start__lte=last.start)
            | Q(metric=people_metrics.RESIDENTS_BORN, period_kind=COHORT),
            unit_id__in=tallied_units([unit])[unit.pk],
        ).values_list("metric", "period_start", "amount")
    )
    if villages is None:
        villages = village_counts([unit])[unit.pk] if REPORTS_DUE in metrics else 0
    series: dict[int, list[Fraction | None]] = {indicator.pk: [] for indicator in indicators}
    for period, sums in zip(periods, _running_sums(rows, periods), strict=True):
        due = (
            villages * reports_due_per_village(start=period.start, end=period.end, forms=forms)
            if villages
            else 0
        )
        fractions = _unit_fractions(indicators, formulas, sums, due)
        for indicator in indicators:
            series[indicator.pk].append(fractions.get(indicator.pk))
    return series


def _running_sums(rows: list[tuple[str, date, int]], periods: list[Period]) -> list[Sums]:
    """A unit's sums for each of `periods` (consecutive, oldest first) in one pass over its rows of
    the periods' kind and its birth cohorts: each period adds the rows that start up to it."""
    facts = sorted(
        (start, metric, amount) for metric, start, amount in rows if metric != people_metrics.RESIDENTS_BORN
    )
    cohorts = sorted(
        (start, amount) for metric, start, amount in rows if metric == people_metrics.RESIDENTS_BORN
    )
    to_date: dict[str, int] = {}
    adults = next_fact = next_cohort = 0
    result = []
    for period in periods:
        in_period: dict[str, int] = {}
        while next_fact < len(facts) and facts[next_fact][0] <= period.start:
            start, metric, amount = facts[next_fact]
            to_date[metric] = to_date.get(metric, 0) + amount
            if start == period.start:
                in_period[metric] = in_period.get(metric, 0) + amount
            next_fact += 1
        cutoff = adults_cutoff(period)
        while next_cohort < len(cohorts) and cohorts[next_cohort][0] <= cutoff:
            adults += cohorts[next_cohort][1]
            next_cohort += 1
        result.append(Sums({**to_date, ADULTS: adults}, in_period))
    return result


__all__ = [
    "FORMULAS",
    "Formula",
    "Fraction",
    "StartRange",
    "Sums",
    "adults_cutoff",
    "formula_of",
    "indicator_values",
    "metric_sums",
    "metrics_of",
    "periods_up_to",
    "series_for",
    "value_of",
    "values_for",
    "values_from",
    "village_counts",
]
