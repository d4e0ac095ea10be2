"""Reporting periods: where a day falls, their keys, labels and neighbours, at the awkward edges."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from langso.common.periods import Period, PeriodKind


def test_a_month_runs_from_its_first_to_its_last_day():
    period = Period.containing(date(2026, 11, 23), PeriodKind.MONTH)

    assert (period.start, period.end, period.key) == (date(2026, 11, 1), date(2026, 11, 30), "2026-11")


def test_february_of_a_leap_year_ends_on_the_29th():
    assert Period.containing(date(2028, 2, 10), PeriodKind.MONTH).end == date(2028, 2, 29)
    assert Period.containing(date(2026, 2, 10), PeriodKind.MONTH).end == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("day", "key", "start", "end"),
    [
        (date(2026, 3, 31), "2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), "2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 12, 31), "2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
    ],
)
def test_a_quarter_holds_three_months_and_its_boundaries(day, key, start, end):
    period = Period.containing(day, PeriodKind.QUARTER)

    assert (period.key, period.start, period.end) == (key, start, end)


def test_the_first_days_of_january_can_belong_to_the_last_iso_week_of_the_year_before():
    period = Period.containing(date(2027, 1, 1), PeriodKind.WEEK)  # a Friday

    assert (period.key, period.start, period.end) == ("2026-W53", date(2026, 12, 28), date(2027, 1, 3))


def test_iso_week_one_can_start_in_december():
    period = Period.containing(date(2025, 12, 31), PeriodKind.WEEK)

    assert (period.key, period.start) == ("2026-W01", date(2025, 12, 29))


def test_a_year_is_keyed_by_its_number():
    period = Period.containing(date(2028, 7, 4), PeriodKind.YEAR)

    assert (period.key, period.start, period.end) == ("2028", date(2028, 1, 1), date(2028, 12, 31))


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        (PeriodKind.WEEK, "2026-W53"),
        (PeriodKind.WEEK, "2026-W01"),
        (PeriodKind.MONTH, "2026-02"),
        (PeriodKind.QUARTER, "2026-Q4"),
        (PeriodKind.YEAR, "2026"),
    ],
)
def test_parsing_a_key_gives_back_the_period_of_that_key(kind, key):
    assert Period.parse(kind, key).key == key


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        (PeriodKind.WEEK, "2025-W53"),  # 2025 has 52 ISO weeks
        (PeriodKind.MONTH, "2026-13"),
        (PeriodKind.MONTH, "2026-Q1"),
        (PeriodKind.QUARTER, "2026-Q5"),
        (PeriodKind.YEAR, "26"),
    ],
)
def test_a_key_that_names_no_period_is_refused(kind, key):
    with pytest.raises(ValueError):
        Period.parse(kind, key)


def test_a_period_must_start_on_its_first_day():
    with pytest.raises(ValueError):
        Period(PeriodKind.MONTH, date(2026, 11, 2))


@pytest.mark.parametrize(
    ("kind", "key", "previous", "following"),
    [
        (PeriodKind.MONTH, "2026-01", "2025-12", "2026-02"),
        (PeriodKind.QUARTER, "2026-Q1", "2025-Q4", "2026-Q2"),
        (PeriodKind.WEEK, "2026-W53", "2026-W52", "2027-W01"),
        (PeriodKind.YEAR, "2026", "2025", "2027"),
    ],
)
def test_neighbours_cross_year_boundaries(kind, key, previous, following):
    period = Period.parse(kind, key)

    assert (period.previous().key, period.next().key) == (previous, following)


@pytest.mark.parametrize(
    ("kind", "key", "english"),
    [
        (PeriodKind.MONTH, "2026-11", "Month 11/2026"),
        (PeriodKind.QUARTER, "2026-Q4", "Quarter 4/2026"),
        (PeriodKind.WEEK, "2026-W48", "Week 48/2026"),
        (PeriodKind.YEAR, "2026", "Year 2026"),
    ],
)
def test_the_label_says_the_period_in_words(kind, key, english):
    with translation.override("en"):
        assert Period.parse(kind, key).label == english
