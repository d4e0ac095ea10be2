"""Writing to the roll-up store. Each app that owns facts says what changed (`Change`) in the same
transaction as the facts; `apply_changes` adds it to the village, every unit above and every period
kind in one statement. `count_distinct` counts a subject once per unit and period."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice

from django.db import connection, transaction
from django.db.models import F, Q

from langso.common.periods import Period, PeriodKind
from langso.common.sql import placeholders
from langso.rollups.models import DistinctMark, Tally

ALL_KINDS: tuple[str, ...] = tuple(PeriodKind)
#: a stock's running total since the beginning, one row per unit: what the current period reads
TOTAL = "total"
TOTAL_START = date(1970, 1, 1)
#: a count kept by the day it names (a birth cohort), not by period
COHORT = "cohort"
#: a stock goes into every period kind, and into its running total
STOCK_KINDS: tuple[str, ...] = (*ALL_KINDS, TOTAL)
TallyKey = tuple[str, int, str, date]
#: a value the store writes to a column, and what a statement takes for it (an array on PostgreSQL)
ColumnValue = str | int | date
Parameter = ColumnValue | list[ColumnValue]
INSERT_CHUNK = 5000


@dataclass(frozen=True)
class Change:
    """`delta` more of `metric` on `day` in the units `unit_ids` (a village and every unit above)."""

    metric: str
    unit_ids: tuple[int, ...]
    day: date
    delta: int = 1
    kinds: tuple[str, ...] = ALL_KINDS

    def negated(self) -> Change:
        return Change(self.metric, self.unit_ids, self.day, -self.delta, self.kinds)


def tally_keys(change: Change) -> Iterable[TallyKey]:
    """Every (metric, unit, period kind, period start) a change adds to."""
    for kind in change.kinds:
        start = bucket_start(change.day, kind)
        for unit_id in change.unit_ids:
            yield change.metric, unit_id, str(kind), start


def bucket_start(day: date, kind: str) -> date:
    """The first day of the row a fact of `day` goes to in `kind` (a period, the total, a cohort)."""
    if kind == TOTAL:
        return TOTAL_START
    if kind == COHORT:
        return day
    return Period.containing(day, kind).start


def sum_changes(changes: Iterable[Change]) -> Counter[TallyKey]:
    """The net amount each tally key receives from the changes (zero sums dropped)."""
    deltas: Counter[TallyKey] = Counter()
    for change in changes:
        for key in tally_keys(change):
            deltas[key] += change.delta
    return Counter({key: amount for key, amount in deltas.items() if amount})


#: the store's writes join the transaction of the fact they count, without a savepoint of their own:
#: if they fail, the fact must not be kept either (and a savepoint costs two round trips)
joins_the_fact = transaction.atomic(savepoint=False)


@joins_the_fact
def apply_changes(changes: Iterable[Change]) -> None:
    """Add the changes to the tallies (one upsert statement, nothing when they cancel out)."""
    _add_to_tallies(sum_changes(changes))


def _add_to_tallies(deltas: Counter[TallyKey]) -> None:
    if not deltas:
        return
    table = connection.ops.quote_name(Tally._meta.db_table)
    rows = [(*key, amount) for key, amount in sorted(deltas.items())]  # one lock order for all writers
    source, params = _rows_source(rows, ("varchar", "bigint", "varchar", "date", "bigint"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (metric, unit_id, period_kind, period_start, amount) {source} "
            "ON CONFLICT (unit_id, metric, period_kind, period_start) "
            f"DO UPDATE SET amount = {table}.amount + excluded.amount",
            params,
        )


def _rows_source(
    rows: Sequence[Sequence[ColumnValue]], types: tuple[str, ...]
) -> tuple[str, list[Parameter]]:
    """The SELECT that yields `rows` to an INSERT, and its parameters. PostgreSQL takes a column per
    parameter (an array each, unnested in order): a short statement that psycopg does not have to
    parse again for each of a hundred rows. SQLite takes the rows as VALUES."""
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%s::{sql_type}[]" for sql_type in types)
        return f"SELECT * FROM unnest({arrays})", [list(column) for column in zip(*rows, strict=True)]
    row = f"({placeholders(len(types))})"
    return "VALUES " + ", ".join([row] * len(rows)), [value for values in rows for value in values]


@joins_the_fact
def count_distinct(*, metric: str, subject: int, unit_ids: tuple[int, ...], day: date, delta: int) -> None:
    """One more (delta=1) or one fewer (delta=-1) fact supporting `subject` in `metric` on `day`: the
    tally of each unit and period counts the subject once while at least one fact supports it."""
    if delta == 1:
        firsts = _add_fact(metric, subject, unit_ids, day)
        _add_to_tallies(Counter({(metric, unit_id, kind, start): 1 for unit_id, kind, start in firsts}))
    elif delta == -1:
        lasts = _take_fact(metric, subject, unit_ids, day)
        _add_to_tallies(Counter({(metric, unit_id, kind, start): -1 for unit_id, kind, start in lasts}))
    else:
        raise ValueError("a distinct count moves one fact at a time")


def _mark_keys(metric: str, unit_ids: tuple[int, ...], day: date) -> list[tuple[int, str, date]]:
    return sorted(
        (unit_id, kind, start) for _metric, unit_id, kind, start in tally_keys(Change(metric, unit_ids, day))
    )


def _add_fact(metric: str, subject: int, unit_ids: tuple[int, ...], day: date) -> list[tuple[int, str, date]]:
    """Count one more fact on each mark (one upsert); returns the marks that this fact created."""
    rows = [(metric, subject, *key, 1) for key in _mark_keys(metric, unit_ids, day)]
    source, params = _rows_source(rows, ("varchar", "bigint", "bigint", "varchar", "date", "integer"))
    table = connection.ops.quote_name(DistinctMark._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (metric, subject, unit_id, period_kind, period_start, facts) {source} "
            "ON CONFLICT (metric, subject, unit_id, period_kind, period_start) "
            f"DO UPDATE SET facts = {table}.facts + 1 "
            "RETURNING unit_id, period_kind, period_start, facts",
            params,
        )
        returned = cursor.fetchall()
    return [(unit_id, kind, _as_date(start)) for unit_id, kind, start, facts in returned if facts == 1]


def _take_fact(
    metric: str, subject: int, unit_ids: tuple[int, ...], day: date
) -> list[tuple[int, str, date]]:
    """Count one fact fewer on each mark; returns (and deletes) the marks no fact supports any more."""
    periods = Q()
    for kind in ALL_KINDS:
        periods |= Q(period_kind=kind, period_start=Period.containing(day, kind).start)
    marks = DistinctMark.objects.filter(periods, metric=metric, subject=subject, unit_id__in=unit_ids)
    marks.update(facts=F("facts") - 1)
    emptied = marks.filter(facts=0)
    lasts = list(emptied.values_list("unit_id", "period_kind", "period_start"))
    emptied.delete()
    return lasts


def _reading_order(item: tuple[TallyKey, int]) -> tuple[int, str, date, str]:
    (metric, unit_id, kind, start), _amount = item
    return unit_id, kind, start, metric


def _as_date(value: date | str) -> date:
    """SQLite returns dates from RETURNING as text."""
    return value if isinstance(value, date) else date.fromisoformat(value)


@transaction.atomic
def replace_metrics(
    metrics: Iterable[str], tallies: Counter[TallyKey], marks: Iterable[DistinctMark] = ()
) -> None:
    """Throw away every tally (and distinct mark) of `metrics` and store these instead: the rebuild."""
    metrics = list(metrics)
    Tally.objects.filter(metric__in=metrics).delete()
    DistinctMark.objects.filter(metric__in=metrics).delete()
    # In the order a dashboard reads them (a unit's rows of a period together): each unit's rows
    # then sit on a few pages of the table instead of one page each.
    rows = (
        Tally(metric=metric, unit_id=unit_id, period_kind=kind, period_start=start, amount=amount)
        for (metric, unit_id, kind, start), amount in sorted(tallies.items(), key=_reading_order)
        if amount
    )
    # bulk_create makes a list of what it is given: chunks keep a province's million rows out of memory
    for chunk in iter(lambda: list(islice(rows, INSERT_CHUNK)), []):
        Tally.objects.bulk_create(chunk)
    marks = iter(marks)
    for chunk_of_marks in iter(lambda: list(islice(marks, INSERT_CHUNK)), []):
        DistinctMark.objects.bulk_create(chunk_of_marks)


__all__ = [
    "ALL_KINDS",
    "COHORT",
    "STOCK_KINDS",
    "TOTAL",
    "TOTAL_START",
    "Change",
    "TallyKey",
    "apply_changes",
    "bucket_start",
    "count_distinct",
    "joins_the_fact",
    "replace_metrics",
    "sum_changes",
    "tally_keys",
]
