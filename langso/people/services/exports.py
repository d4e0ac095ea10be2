"""Exporting a unit's residents to XLSX, in the same columns the import reads."""

from __future__ import annotations

import tempfile
from typing import IO

import xlsxwriter
from django.db.models import Prefetch

from langso.accounts import audit, jurisdiction
from langso.accounts.jurisdiction import Action
from langso.accounts.models import User
from langso.common.phones import format_phone_national
from langso.people.models import Gender, Membership, OrganizationKind, Person
from langso.people.services.columns import COLUMNS, GENDER_LABEL_VI, ORGANIZATION_LABEL_VI
from langso.places.models import Unit
from langso.places.selectors import subtree_filter

_CHUNK = 2000


def export_people_xlsx(*, actor: User, unit: Unit) -> IO[bytes]:
    """A workbook of every resident at or below `unit`, written in constant memory to a temporary
    file (rewound, ready to stream). The export is audit-logged with its scope and size.
    """
    jurisdiction.require(actor, Action.EXPORT_PEOPLE, unit)
    output = tempfile.TemporaryFile()  # noqa: SIM115 (handed to the response, which closes it)
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet("Cư dân")
    bold = workbook.add_format({"bold": True, "bg_color": "#E8F0E8", "border": 1})
    for column, (_key, header) in enumerate(COLUMNS):
        sheet.write(0, column, header, bold)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, len(COLUMNS) - 1, 14)
    people = (
        Person.objects.filter(subtree_filter(unit.path, via="village"))
        .select_related("village", "ethnicity")
        .prefetch_related(Prefetch("memberships", Membership.objects.select_related("organization")))
        .order_by("village__path", "search_name", "id")
    )
    count = 0
    for count, person in enumerate(people.iterator(chunk_size=_CHUNK), start=1):
        sheet.write_row(count, 0, _row_of(person))
    workbook.close()
    output.seek(0)
    audit.record_event(
        actor=actor,
        action="people.export",
        target=unit.name,
        scope=unit.path,
        detail={"rows": count, "unit_code": unit.code},
    )
    return output


def _row_of(person: Person) -> list[object]:
    organizations = ", ".join(
        ORGANIZATION_LABEL_VI[OrganizationKind(membership.organization.kind)]
        for membership in person.memberships.all()
    )
    return [
        person.full_name,
        GENDER_LABEL_VI[Gender(person.gender)],
        person.birth_year,
        person.ethnicity.name,
        person.village.code,
        format_phone_national(person.phone) if person.phone else "",
        "x" if person.phone else "",
        "x" if person.is_cadre else "",
        "x" if person.is_ocop_subject else "",
        organizations,
    ]
