"""Exporting a unit's progress matrix to XLSX: the same people, filters and cells as the page."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from itertools import islice
from typing import IO

import xlsxwriter
from django.utils.translation import gettext as _

from langso.accounts import audit, jurisdiction
from langso.accounts.jurisdiction import Action
from langso.accounts.models import User
from langso.learning.content import localized
from langso.learning.models import Skill
from langso.learning.selectors.matrix import ProgressFilters, people_for_progress, progress_matrix
from langso.people.models import Person
from langso.places.models import Unit

#: people read, and their cells computed (two queries), per batch
_BATCH = 500


def export_progress_xlsx(*, actor: User, unit: Unit, filters: ProgressFilters) -> IO[bytes]:
    """A workbook of the progress of every resident at or below `unit` that `filters` keep, one row
    per person and one column per skill, written in constant memory to a temporary file (rewound,
    ready to stream). The export is audit-logged with its scope, filters and size.
    """
    jurisdiction.require(actor, Action.VIEW_PROGRESS, unit)
    skills = list(Skill.objects.order_by("order"))
    headers = [_("Full name"), _("Village"), _("Gender"), _("Birth year"), _("Ethnic group")]
    headers += [localized(skill.title) for skill in skills]

    output = tempfile.TemporaryFile()  # noqa: SIM115 (handed to the response, which closes it)
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "in_memory": False})
    sheet = workbook.add_worksheet(_("Progress")[:31])
    bold = workbook.add_format({"bold": True, "bg_color": "#E8F0E8", "border": 1, "text_wrap": True})
    sheet.write_row(0, 0, headers, bold)
    sheet.freeze_panes(1, 1)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 20)
    sheet.set_column(2, 4, 12)
    sheet.set_column(5, 5 + max(len(skills) - 1, 0), 18)

    people = people_for_progress(actor, unit, filters).iterator(chunk_size=_BATCH)
    count = 0
    for batch in _batches(people, _BATCH):
        for row in progress_matrix(batch, skills):
            count += 1
            sheet.write_row(count, 0, [*_person_columns(row.person), *(cell.label for cell in row.cells)])
    workbook.close()
    output.seek(0)
    audit.record_event(
        actor=actor,
        action="progress.export",
        target=unit.name,
        scope=unit.path,
        detail={"rows": count, "unit_code": unit.code, "filters": filters.as_detail()},
    )
    return output


def _person_columns(person: Person) -> list[object]:
    return [
        person.full_name,
        person.village.name,
        person.get_gender_display(),
        person.birth_year,
        person.ethnicity.name,
    ]


def _batches(people: Iterator[Person], size: int) -> Iterator[list[Person]]:
    while batch := list(islice(people, size)):
        yield batch
