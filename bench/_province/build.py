"""The build: one transaction that writes the province pass by pass, and the figures it reports."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg import sql

from _province.catalog import Catalog, read_catalog
from _province.learning import Learning, LearningTables
from _province.names import NamePool
from _province.people import PeopleIndex, write_people
from _province.places import Province, StaffTables, plan_province, write_staff, write_units
from _province.reports import ReportTables, write_reports
from _province.rows import Clock, ProvinceError, Table, scalar
from _province.schema import SET_ASIDE, SetAside, make_tables, reset_sequences, restore, set_aside
from _province.shape import PROVINCE_CODE, Size
from _province.training import TrainingTables, write_classes, write_conferences, write_help_requests
from langso.places.sources import vietnam_country


@dataclass(frozen=True)
class TableFigure:
    """One table of the build. `load_seconds`: the residents and the attempts stream into COPY as they are
    generated, so theirs includes generating them (the attempts' also the masteries, certificates and
    skill checks drawn beside them, into temporary files); every other table's is its COPY from such a
    file. `index_seconds` rebuilds the indexes and constraints set aside during the load."""

    table: str
    rows: int
    load_seconds: float
    index_seconds: float = 0.0


@dataclass(frozen=True)
class BuildFigures:
    """How long the build took, table by table, step by step and in total, and the database's size."""

    scale: float
    seed: int
    tables: tuple[TableFigure, ...]
    #: (step, seconds) in the order they ran
    steps: tuple[tuple[str, float], ...]
    total_seconds: float
    database_bytes: int

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.total_seconds if self.total_seconds else 0.0

    def rows_of(self, table: str) -> int:
        """The rows written to `table` (its database name, e.g. "learning_attempt")."""
        return sum(figure.rows for figure in self.tables if figure.table == table)


@dataclass
class Recorder:
    """The figures, collected as the build goes."""

    log: Callable[[str], None]
    steps: list[tuple[str, float]] = field(default_factory=list)
    loads: dict[str, float] = field(default_factory=dict)
    indexes: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        seconds = time.perf_counter() - started
        self.steps.append((name, seconds))
        self.log(f"{name}: {seconds:.1f} s")

    @contextmanager
    def streaming(self, table: Table, cursor: psycopg.Cursor[Any]) -> Iterator[None]:
        """Rows added in the block go straight into the table's COPY; the block's time is the table's."""
        started = time.perf_counter()
        with table.streaming(cursor):
            yield
        self.loads[table.name] = time.perf_counter() - started

    def copy(self, table: Table, cursor: psycopg.Cursor[Any]) -> None:
        started = time.perf_counter()
        table.copy_spool(cursor)
        self.loads[table.name] = time.perf_counter() - started


def conninfo_of(database: str | Mapping[str, str]) -> str:
    """A connection string, given one or an environment that holds DATABASE_URL."""
    if isinstance(database, str):
        return database
    if not database.get("DATABASE_URL"):
        raise ProvinceError("DATABASE_URL is not set: the province is built on PostgreSQL.")
    return database["DATABASE_URL"]


@dataclass
class Build:
    """What the passes of one build share."""

    cursor: psycopg.Cursor[Any]
    tables: dict[str, Table]
    record: Recorder
    size: Size
    seed: int
    catalog: Catalog
    clock: Clock = field(default_factory=Clock)
    pool: NamePool = field(default_factory=NamePool)

    def rng(self, purpose: str) -> random.Random:
        """A random stream of its own for each purpose, so that changing one pass leaves the others."""
        return random.Random(f"{self.seed}:{purpose}")

    @contextmanager
    def spooled(self, *keys: str) -> Iterator[list[Table]]:
        """Tables whose rows the block generates into temporary files, then copied in one by one."""
        with ExitStack() as spools:
            for key in keys:
                spools.enter_context(self.tables[key].spooling())
            yield [self.tables[key] for key in keys]
            for key in keys:
                self.record.copy(self.tables[key], self.cursor)


def build_province(
    database: str | Mapping[str, str],
    scale: float = 1.0,
    seed: int = 2025,
    *,
    log: Callable[[str], None] = lambda _message: None,
) -> BuildFigures:
    """Build the province into `database` (a PostgreSQL URL or conninfo, or an environment holding
    DATABASE_URL), migrated and with the curriculum and the indicator catalog loaded; `log` hears each
    step as it ends. One transaction: a failure leaves the database as it was."""
    conninfo, record = conninfo_of(database), Recorder(log)
    started = time.perf_counter()
    with psycopg.connect(conninfo) as connection, connection.cursor() as cursor:
        with record.step("read the catalog, set the big tables' indexes and constraints aside"):
            tables, catalog, country, set_asides = prepare(cursor)
        build = Build(cursor, tables, record, Size.at(scale), seed, catalog)
        with record.step("units, staff, organizations, teams"):
            province = write_reference(build, country)
        with record.step("residents"), record.streaming(tables["people"], cursor):
            people = write_people(
                tables["people"], province, catalog, build.rng("people"), build.clock, build.pool
            )
        with record.step("practice attempts, masteries, certificates, skill checks"):
            write_learning(build, province, people)
        with record.step("classes, attendance, help requests, conferences"):
            write_training(build, province, people)
        with (
            record.step("village reports"),
            build.spooled("reports", "report_values", "report_events", "audit") as t,
        ):
            write_reports(ReportTables(*t), province, catalog, build.rng("reports"), build.clock)
        with record.step("rebuild the indexes and constraints set aside"):
            for aside in set_asides:
                began = time.perf_counter()
                restore(cursor, aside)
                record.indexes[aside.table] = time.perf_counter() - began
        with record.step("move the sequences past the loaded ids"):
            reset_sequences(cursor, tables.values())
    with record.step("VACUUM ANALYZE"), psycopg.connect(conninfo, autocommit=True) as connection:
        for table in dict.fromkeys(table.name for table in tables.values() if table.rows):
            connection.execute(sql.SQL("VACUUM (ANALYZE) {}").format(sql.Identifier(table)))
        database_bytes = int(scalar(connection.cursor(), "SELECT pg_database_size(current_database())"))
    figures = tuple(
        TableFigure(
            table.name, table.rows, record.loads.get(table.name, 0.0), record.indexes.get(table.name, 0.0)
        )
        for table in tables.values()
    )
    return BuildFigures(
        scale, seed, figures, tuple(record.steps), time.perf_counter() - started, database_bytes
    )


def prepare(cursor: psycopg.Cursor[Any]) -> tuple[dict[str, Table], Catalog, tuple[int, str], list[SetAside]]:
    """Settings for a bulk load, the tables from their next ids, the catalog, the country unit, and the
    big tables' indexes and constraints dropped."""
    cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
    cursor.execute("SET LOCAL work_mem = '256MB'")
    # Checked at the end of each statement, no check is pending when constraints are dropped or added.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    tables = make_tables(cursor)
    cursor.execute(f"SELECT 1 FROM {tables['units'].name} WHERE code = %s", [PROVINCE_CODE])
    if cursor.fetchone():
        raise ProvinceError(f"The database already has a unit {PROVINCE_CODE}: build into a fresh database.")
    catalog = read_catalog(cursor)
    country = country_unit(cursor, tables["units"])
    return tables, catalog, country, [set_aside(cursor, tables[key].name) for key in SET_ASIDE]


def country_unit(cursor: psycopg.Cursor[Any], units: Table) -> tuple[int, str]:
    """The id and path of the country unit, made as `load_vietnam_units` makes it when it is missing."""
    country = vietnam_country()
    cursor.execute(f"SELECT id, path FROM {units.name} WHERE code = %s", [country.code])
    row = cursor.fetchone()
    if row is not None:
        return int(row[0]), str(row[1])
    country_id, path = units.take_id(), f"{country.code}/"
    cursor.execute(
        f"INSERT INTO {units.name} (id, code, name, kind, division_type, path, depth, created_at) "
        "VALUES (%s, %s, %s, 'country', %s, %s, 0, %s)",
        [country_id, country.code, country.name, country.division_type, path, datetime.now(UTC)],
    )
    units.start_at(units.next_id)  # the country is no row of the province's
    return country_id, path


def write_reference(build: Build, country: tuple[int, str]) -> Province:
    """The units below the country (id, path), the staff accounts and their roles, the organizations and
    the digital teams."""
    country_id, country_path = country
    province = plan_province(build.size, build.rng("units"), build.tables["units"], country_path)
    with build.spooled("units", "users", "organizations", "assignments", "teams", "members") as tables:
        write_units(tables[0], province, country_id, build.clock)
        write_staff(StaffTables(*tables[1:]), province, build.rng("staff"), build.clock, build.pool)
    return province


def write_learning(build: Build, province: Province, people: PeopleIndex) -> None:
    """The attempts stream into COPY while the masteries, certificates and checks drawn with them spool."""
    attempts = build.tables["attempts"]
    with build.spooled("masteries", "certificates", "checks") as spooled:
        tables = LearningTables(attempts, *spooled)
        with build.record.streaming(attempts, build.cursor):
            Learning(tables, province, build.catalog, build.clock, build.pool, build.seed).write_all(people)


def write_training(build: Build, province: Province, people: PeopleIndex) -> None:
    keys = (
        "classes", "class_skills", "class_mentors", "sessions", "enrolments", "attendance", "help_requests",
        "help_events", "conferences", "registrations", "links",
    )  # fmt: skip
    with build.spooled(*keys) as spooled:
        tables = TrainingTables(*spooled)
        write_classes(tables, province, people, build.catalog, build.rng("classes"), build.clock, build.size)
        write_help_requests(tables, province, people, build.rng("help"), build.clock, build.pool, build.size)
        write_conferences(tables, province, people, build.rng("conferences"), build.clock, build.size)
