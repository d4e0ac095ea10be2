"""The tables the province is written to, checked against the models; setting the big tables'
indexes and constraints aside for the load and restoring them; moving the sequences on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import psycopg
from django.apps import apps
from psycopg import sql

from _province import learning, people, places, reports, training
from _province.rows import ProvinceError, Statement, Table, scalar

#: (key, model, the columns in the order the generator writes them); an M2M table is "app.Model.field"
TABLES = (
    ("units", "places.Unit", places.UNIT_COLUMNS),
    ("users", "accounts.User", places.USER_COLUMNS),
    ("organizations", "people.Organization", places.ORGANIZATION_COLUMNS),
    ("assignments", "accounts.RoleAssignment", places.ASSIGNMENT_COLUMNS),
    ("teams", "training.DigitalTeam", places.TEAM_COLUMNS),
    ("members", "training.TeamMember", places.MEMBER_COLUMNS),
    ("people", "people.Person", people.PERSON_COLUMNS),
    ("attempts", "learning.Attempt", learning.ATTEMPT_COLUMNS),
    ("masteries", "learning.Mastery", learning.MASTERY_COLUMNS),
    ("certificates", "learning.Certificate", learning.CERTIFICATE_COLUMNS),
    ("checks", "training.SkillCheck", learning.CHECK_COLUMNS),
    ("classes", "training.TrainingClass", training.CLASS_COLUMNS),
    ("class_skills", "training.TrainingClass.skills", training.CLASS_SKILL_COLUMNS),
    ("class_mentors", "training.TrainingClass.mentors", training.CLASS_MENTOR_COLUMNS),
    ("sessions", "training.ClassSession", training.SESSION_COLUMNS),
    ("enrolments", "training.Enrolment", training.ENROLMENT_COLUMNS),
    ("attendance", "training.Attendance", training.ATTENDANCE_COLUMNS),
    ("help_requests", "training.HelpRequest", training.HELP_REQUEST_COLUMNS),
    ("help_events", "training.HelpEvent", training.HELP_EVENT_COLUMNS),
    ("conferences", "training.Conference", training.CONFERENCE_COLUMNS),
    ("registrations", "training.ConferenceRegistration", training.REGISTRATION_COLUMNS),
    ("links", "training.TrainingLink", training.LINK_COLUMNS),
    ("reports", "reporting.VillageReport", reports.REPORT_COLUMNS),
    ("report_values", "reporting.ReportValue", reports.VALUE_COLUMNS),
    ("report_events", "reporting.ReportEvent", reports.EVENT_COLUMNS),
    ("audit", "accounts.AuditEvent", reports.AUDIT_COLUMNS),
)
#: the big tables, loaded without their secondary indexes and constraints (rebuilt after the load)
SET_ASIDE = ("people", "attempts", "masteries", "certificates", "checks", "enrolments", "attendance")


def model_columns(label: str) -> tuple[str, set[str]]:
    """The table of a model (or of an M2M field's through model) and its columns."""
    app_label, model_name, *field_name = label.split(".")
    model: Any = apps.get_model(app_label, model_name)
    if field_name:
        model = model._meta.get_field(field_name[0]).remote_field.through
    return str(model._meta.db_table), {str(field.column) for field in model._meta.concrete_fields}


def make_tables(cursor: psycopg.Cursor[Any]) -> dict[str, Table]:
    """Every table the province writes, each from its next free id. A model whose columns are not those
    the generator writes (a migration it does not know yet) stops the build before anything is written."""
    tables = {}
    for key, label, columns in TABLES:
        name, expected = model_columns(label)
        if expected != set(columns):
            raise ProvinceError(
                f"{label}: the generator writes {sorted(set(columns) - expected)} that the model lacks and "
                f"lacks {sorted(expected - set(columns))} that the model has: update bench/_province."
            )
        table = tables[key] = Table(name, columns)
        table.start_at(
            int(
                scalar(
                    cursor, sql.SQL("SELECT COALESCE(MAX(id), 0) + 1 FROM {}").format(sql.Identifier(name))
                )
            )
        )
    return tables


@dataclass(frozen=True)
class SetAside:
    """A table's secondary indexes and unique and foreign-key constraints as PostgreSQL defines them:
    dropped before a bulk load, recreated identically after it (which checks every row)."""

    table: str
    drops: tuple[Statement, ...]
    restores: tuple[Statement, ...]


def set_aside(cursor: psycopg.Cursor[Any], table: str) -> SetAside:
    """Read the definitions and drop them."""
    cursor.execute(
        """SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY conname""",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        """SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index i
           WHERE indrelid = %s::regclass AND NOT indisprimary AND NOT EXISTS (
               SELECT 1 FROM pg_constraint c WHERE c.conrelid = i.indrelid AND c.conindid = i.indexrelid)
           ORDER BY 1""",
        [table],
    )
    indexes = cursor.fetchall()
    name = sql.Identifier(table)
    unique = [(conname, definition) for conname, kind, definition in constraints if kind == "u"]
    foreign = [(conname, definition) for conname, kind, definition in constraints if kind == "f"]
    drops: list[Statement] = [
        sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(name, sql.Identifier(conname))
        for conname, _definition in foreign + unique
    ]
    drops += [sql.SQL("DROP INDEX {}").format(sql.SQL(index)) for index, _definition in indexes]
    restores: list[Statement] = [sql.SQL(definition) for _index, definition in indexes]
    restores += [
        sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} {}").format(
            name, sql.Identifier(conname), sql.SQL(definition)
        )
        for conname, definition in unique + foreign
    ]
    for statement in drops:
        cursor.execute(statement)
    return SetAside(table, tuple(drops), tuple(restores))


def restore(cursor: psycopg.Cursor[Any], aside: SetAside) -> None:
    for statement in aside.restores:
        cursor.execute(statement)


def reset_sequences(cursor: psycopg.Cursor[Any], tables: Iterable[Table]) -> None:
    """Rows the app adds after the build get ids after the loaded ones."""
    for table in tables:
        if table.rows:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [table.name, table.next_id - 1]
            )
