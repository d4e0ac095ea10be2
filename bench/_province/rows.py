"""Rows on their way into COPY: ids handed out per table, times and UUIDs as PostgreSQL reads them,
weighted draws, and the buffered stream (or temporary file) each table's rows go to."""

from __future__ import annotations

import json
import random
import tempfile
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import IO, Any, Generic, TypeVar
from zoneinfo import ZoneInfo

import psycopg
from django.apps import apps
from django.conf import settings
from psycopg import sql

from _province.shape import FIRST_DAY, LAST_DAY, REFERENCE_YEAR

T = TypeVar("T")
Statement = str | sql.SQL | sql.Composed
NULL = "\\N"
DAY = 1440
#: minute 0 of every time the province is written with: local midnight
ORIGIN = date(2024, 1, 1)


class ProvinceError(Exception):
    """The database cannot take the province (not migrated, catalog missing, already built…)."""


def columns(names: str) -> tuple[str, ...]:
    """The columns of a table's COPY, in the order its rows are written, from one line of names."""
    return tuple(names.split())


def table_of(label: str) -> str:
    """The table of a model, "app.Model"."""
    return str(apps.get_model(label)._meta.db_table)


def through_table(label: str, field_name: str) -> str:
    """The table of a many-to-many field of a model."""
    model: Any = apps.get_model(label)
    return str(model._meta.get_field(field_name).remote_field.through._meta.db_table)


def scalar(cursor: psycopg.Cursor[Any], query: Statement, params: Sequence[Any] = ()) -> Any:
    """The first column of the first row of `query`."""
    cursor.execute(query, params)
    row = cursor.fetchone()
    assert row is not None, "the query returns one row"
    return row[0]


class Clock:
    """Times as whole minutes since ORIGIN, local time, written as PostgreSQL reads them (a table of
    day texts and one of minute-of-day texts: no datetime arithmetic per row)."""

    def __init__(self) -> None:
        offset = ZoneInfo(settings.TIME_ZONE).utcoffset(datetime(2025, 6, 1)) or timedelta(0)
        hours, minutes = divmod(abs(int(offset.total_seconds())) // 60, 60)
        suffix = f"{'-' if offset < timedelta(0) else '+'}{hours:02d}:{minutes:02d}"
        span = (date(REFERENCE_YEAR + 1, 12, 31) - ORIGIN).days
        self.days = [(ORIGIN + timedelta(days=day)).isoformat() for day in range(span)]
        self.times = [f" {minute // 60:02d}:{minute % 60:02d}:00{suffix}" for minute in range(DAY)]
        self.first = self.minute(FIRST_DAY)
        self.last = self.minute(LAST_DAY) + DAY - 1

    @staticmethod
    def minute(day: date, minute_of_day: int = 0) -> int:
        return (day - ORIGIN).days * DAY + minute_of_day

    def text(self, minute: int) -> str:
        return self.days[minute // DAY] + self.times[minute % DAY]

    def day(self, minute: int) -> str:
        return self.days[minute // DAY]

    def date_of(self, minute: int) -> date:
        return ORIGIN + timedelta(days=minute // DAY)


def sitting(rng: random.Random, minute: int) -> int:
    """A moment on `minute`'s day between 06:30 and 21:30, when people practise or ask for help."""
    return minute - minute % DAY + 390 + int(rng.random() * 900)


def office_hours(rng: random.Random, minute: int) -> int:
    """A moment on `minute`'s day between 07:00 and 19:00."""
    return minute - minute % DAY + 420 + int(rng.random() * 720)


_UUID_MASK = ~((0xF000 << 64) | (0xC000 << 48))
_UUID_BITS = (0x4000 << 64) | (0x8000 << 48)


def uuid4_text(rng: random.Random) -> str:
    """A version-4 UUID drawn from `rng` (so that a seed gives the same ones), as 32 hex digits."""
    return f"{(rng.getrandbits(128) & _UUID_MASK) | _UUID_BITS:032x}"


def copy_text(value: str) -> str:
    """`value` escaped for COPY's text format."""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def json_text(value: object) -> str:
    return copy_text(json.dumps(value, ensure_ascii=False))


class Weighted(Generic[T]):
    """One of `pairs`' items drawn with its weight: one random number and a bisection."""

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self.items = [item for item, _weight in pairs]
        self.cumulative = list(accumulate(weight for _item, weight in pairs))

    def draw(self, rng: random.Random) -> T:
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


class Table:
    """One table's rows on their way into COPY, as tab-separated lines. Ids are handed out here, from
    the table's next free id, so that rows of other tables can point at a row before it is sent."""

    def __init__(self, name: str, columns: Sequence[str]) -> None:
        self.name, self.columns = name, tuple(columns)
        self.first_id = self.next_id = 1
        self._lines: list[str] = []
        self._sink: Callable[[str], object] | None = None
        self._spool: IO[str] | None = None

    def start_at(self, first_id: int) -> None:
        self.first_id = self.next_id = first_id

    @property
    def rows(self) -> int:
        return self.next_id - self.first_id

    def take_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def add(self, line: str) -> None:
        """One row, its columns in `columns`' order, ending with a newline."""
        self._lines.append(line)
        if len(self._lines) >= 4096:
            self._flush()

    def _flush(self) -> None:
        if self._lines:
            assert self._sink is not None, "rows are added while streaming or spooling"
            self._sink("".join(self._lines))
            self._lines.clear()

    def _copy(self) -> sql.Composed:
        columns = sql.SQL(", ").join(map(sql.Identifier, self.columns))
        return sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(self.name), columns)

    @contextmanager
    def streaming(self, cursor: psycopg.Cursor[Any]) -> Iterator[None]:
        """Send the rows added meanwhile straight into a COPY."""
        with cursor.copy(self._copy()) as copy:
            self._sink = copy.write
            yield
            self._flush()
        self._sink = None

    @contextmanager
    def spooling(self) -> Iterator[None]:
        """Keep the rows added meanwhile in a temporary file, for `copy_spool` before the block ends
        (for tables generated in the same pass as another one, which streams)."""
        with tempfile.TemporaryFile("w+", encoding="utf-8", buffering=1 << 20) as spool:
            self._spool, self._sink = spool, spool.write
            yield
            self._spool = self._sink = None

    def copy_spool(self, cursor: psycopg.Cursor[Any]) -> None:
        assert self._spool is not None, "copy while spooling"
        self._flush()
        self._spool.seek(0)
        with cursor.copy(self._copy()) as copy:
            while chunk := self._spool.read(1 << 20):
                copy.write(chunk)
