"""Reporting periods: a week (ISO), a month, a quarter or a year, named by a short key ("2026-W48",
"2026-11", "2026-Q4", "2026") and labelled in the reader's language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


KEY_PATTERNS = {
    PeriodKind.WEEK: re.compile(r"^(\d{4})-W(\d{2})$"),
    PeriodKind.MONTH: re.compile(r"^(\d{4})-(\d{2})$"),
    PeriodKind.QUARTER: re.compile(r"^(\d{4})-Q([1-4])$"),
    PeriodKind.YEAR: re.compile(r"^(\d{4})$"),
}


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period, identified by its kind and its first day."""

    kind: PeriodKind
    start: date

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", PeriodKind(self.kind))
        if Period.containing(self.start, self.kind).start != self.start:
            raise ValueError(f"{self.start} does not start a {self.kind}")

    @staticmethod
    def containing(day: date, kind: PeriodKind | str) -> Period:
        """The period of `kind` that `day` lies in."""
        kind = PeriodKind(kind)
        if kind == PeriodKind.WEEK:
            start = day - timedelta(days=day.weekday())
        elif kind == PeriodKind.MONTH:
            start = day.replace(day=1)
        elif kind == PeriodKind.QUARTER:
            start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        else:
            start = date(day.year, 1, 1)
        period = object.__new__(Period)
        object.__setattr__(period, "kind", kind)
        object.__setattr__(period, "start", start)
        return period

    @staticmethod
    def parse(kind: PeriodKind | str, key: str) -> Period:
        """The period of `kind` named by `key`; ValueError when the key does not name one."""
        kind = PeriodKind(kind)
        match = KEY_PATTERNS[kind].match(key.strip())
        if match is None:
            raise ValueError(f"{key!r} is not a {kind} key")
        year = int(match.group(1))
        number = int(match.group(2)) if kind != PeriodKind.YEAR else 1
        if kind == PeriodKind.WEEK:
            start = date.fromisocalendar(year, number, 1)  # refuses week 53 of a 52-week year
        elif kind == PeriodKind.MONTH:
            start = date(year, number, 1)
        elif kind == PeriodKind.QUARTER:
            start = date(year, 3 * number - 2, 1)
        else:
            start = date(year, 1, 1)
        return Period(kind, start)

    @property
    def end(self) -> date:
        """The period's last day."""
        return self.next().start - timedelta(days=1)

    @property
    def key(self) -> str:
        """The short name used in URLs and files."""
        if self.kind == PeriodKind.WEEK:
            year, week, _weekday = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        if self.kind == PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}-Q{self.quarter}"
        return str(self.start.year)

    @property
    def quarter(self) -> int:
        return (self.start.month - 1) // 3 + 1

    @property
    def label(self) -> str:
        """The period as people say it, in the active language ("Tháng 11/2026")."""
        if self.kind == PeriodKind.WEEK:
            year, week, _weekday = self.start.isocalendar()
            return gettext("Week %(week)s/%(year)s") % {"week": week, "year": year}
        if self.kind == PeriodKind.MONTH:
            return gettext("Month %(month)s/%(year)s") % {"month": self.start.month, "year": self.start.year}
        if self.kind == PeriodKind.QUARTER:
            return gettext("Quarter %(quarter)s/%(year)s") % {
                "quarter": self.quarter,
                "year": self.start.year,
            }
        return gettext("Year %(year)s") % {"year": self.start.year}

    def next(self) -> Period:
        """The period right after this one."""
        if self.kind == PeriodKind.WEEK:
            return Period.containing(self.start + timedelta(days=7), self.kind)
        if self.kind == PeriodKind.YEAR:
            return Period.containing(date(self.start.year + 1, 1, 1), self.kind)
        months = 1 if self.kind == PeriodKind.MONTH else 3
        month_index = self.start.year * 12 + self.start.month - 1 + months
        return Period.containing(date(month_index // 12, month_index % 12 + 1, 1), self.kind)

    def previous(self) -> Period:
        """The period right before this one."""
        return Period.containing(self.start - timedelta(days=1), self.kind)

    def __str__(self) -> str:
        return self.key
