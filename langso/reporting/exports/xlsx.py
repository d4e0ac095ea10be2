"""The Excel workbook of a unit's indicators: one sheet per indicator group, the unit itself on the
first row and its child units below, five columns per indicator (value, numerator, denominator,
target, status). A title row, then two header rows (the indicator, then its columns), frozen with
the units' names. Written with xlsxwriter in constant memory, so row by row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import IO, Any

import xlsxwriter
from django.utils.translation import gettext as _
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from langso.common.text import nfc
from langso.places.models import Unit
from langso.reporting.exports.content import (
    ExportContent,
    Group,
    Progress,
    as_fraction_of_one,
    indicator_name,
    is_percent,
    status_text,
    statuses_by_indicator,
)
from langso.reporting.selectors.targets import IndicatorStatus
from langso.reporting.status import Status

TITLE_ROW, INDICATOR_ROW, COLUMN_ROW, FIRST_UNIT_ROW = 0, 1, 2, 3
COLUMNS_PER_INDICATOR = 5
#: Excel refuses these in a sheet's name, and names longer than 31 characters
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31
STATUS_COLOURS = {
    Status.GREEN: ("#DCEFE2", "#1E6B3A"),
    Status.AMBER: ("#FCEBC8", "#7A4F00"),
    Status.RED: ("#F8DAD5", "#A12A1E"),
    Status.GREY: ("#ECEEED", "#4F5B55"),
}
HEADER_FILL = "#E8F0E8"


def write_workbook(content: ExportContent, output: IO[bytes], *, progress: Progress) -> None:
    """Write the workbook to `output`, calling `progress` after the unit's own row, after each
    child unit's row (written on every sheet) and once the file is finished."""
    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "in_memory": False})
    title = _("Indicators of %(unit)s · %(period)s") % {
        "unit": content.unit.name,
        "period": content.period.label,
    }
    workbook.set_properties({"title": nfc(title), "subject": nfc(content.period.label)})
    styles = _Styles(workbook)
    names = sheet_names([group.label for group in content.groups])
    sheets = [
        _GroupSheet.start(workbook, styles, name, group, nfc(title))
        for name, group in zip(names, content.groups, strict=True)
    ]
    total = content.steps_total
    own = content.own_by_indicator()
    for sheet in sheets:
        sheet.write_unit(FIRST_UNIT_ROW, content.unit, own, is_own=True)
    progress(1, total)
    for number, child in enumerate(content.children, start=1):
        statuses = statuses_by_indicator(child)
        for sheet in sheets:
            sheet.write_unit(FIRST_UNIT_ROW + number, child.unit, statuses, is_own=False)
        progress(1 + number, total)
    workbook.close()
    progress(total, total)


def sheet_names(labels: list[str]) -> list[str]:
    """Names Excel accepts: without []:*?/\\, at most 31 characters, unique whatever the case."""
    names: list[str] = []
    for label in labels:
        base = (
            _shortened(_NOT_IN_SHEET_NAMES.sub(" ", nfc(label)).strip().strip("'"), SHEET_NAME_LENGTH) or "?"
        )
        name, number = base, 2
        while name.casefold() in {taken.casefold() for taken in names}:
            suffix = f" ({number})"
            name, number = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix, number + 1
        names.append(name)
    return names


def _shortened(text: str, length: int) -> str:
    """At most `length` characters, cut after a whole word when there is one."""
    if len(text) <= length:
        return text
    cut = text[:length]
    return cut.rsplit(" ", 1)[0] if text[length] != " " and " " in cut else cut.rstrip()


@dataclass
class _Styles:
    """The workbook's cell formats, made once (xlsxwriter keeps every format it is given)."""

    workbook: Workbook
    cache: dict[tuple[str, bool], Format] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.title = self.workbook.add_format({"bold": True, "font_size": 14})
        header = {"bold": True, "bg_color": HEADER_FILL, "border": 1, "text_wrap": True, "valign": "top"}
        self.indicator = self.workbook.add_format({**header, "align": "center"})
        self.column = self.workbook.add_format(header)

    def get(self, kind: str, *, bold: bool) -> Format:
        """A format for a unit's cell: "name", "percent", "count", or a status."""
        key = (kind, bold)
        if key not in self.cache:
            properties: dict[str, Any] = {"bold": bold, "border": 1, "valign": "top"}
            if kind == "percent":
                properties["num_format"] = "0.0%"
            elif kind == "count":
                properties["num_format"] = "#,##0"
            elif kind in STATUS_COLOURS:
                fill, ink = STATUS_COLOURS[Status(kind)]
                properties.update({"bg_color": fill, "font_color": ink})
            self.cache[key] = self.workbook.add_format(properties)
        return self.cache[key]


@dataclass
class _GroupSheet:
    """The sheet of one indicator group."""

    worksheet: Worksheet
    styles: _Styles
    group: Group

    @classmethod
    def start(cls, workbook: Workbook, styles: _Styles, name: str, group: Group, title: str) -> _GroupSheet:
        """A new sheet with its title, its two header rows and the panes frozen below them."""
        worksheet = workbook.add_worksheet(name)
        sheet = cls(worksheet, styles, group)
        worksheet.freeze_panes(FIRST_UNIT_ROW, 1)
        worksheet.set_column(0, 0, 32)
        worksheet.write_string(TITLE_ROW, 0, title, styles.title)
        worksheet.set_row(INDICATOR_ROW, 48)
        worksheet.write_blank(INDICATOR_ROW, 0, None, styles.indicator)
        for position, indicator in enumerate(group.indicators):
            first = 1 + position * COLUMNS_PER_INDICATOR
            last = first + COLUMNS_PER_INDICATOR - 1
            worksheet.merge_range(
                INDICATOR_ROW, first, INDICATOR_ROW, last, indicator_name(indicator), styles.indicator
            )
            worksheet.set_column(first, first + 3, 12)
            worksheet.set_column(last, last, 20)
        worksheet.write_string(COLUMN_ROW, 0, _("Unit"), styles.column)
        headers = [_("Value"), _("Numerator"), _("Denominator"), _("Target"), _("Status")]
        for position in range(len(group.indicators)):
            worksheet.write_row(COLUMN_ROW, 1 + position * COLUMNS_PER_INDICATOR, headers, styles.column)
        return sheet

    def write_unit(self, row: int, unit: Unit, statuses: dict[int, IndicatorStatus], *, is_own: bool) -> None:
        """The unit's row: its name, then the five cells of each indicator of the group."""
        self.worksheet.write_string(row, 0, nfc(unit.name), self.styles.get("name", bold=is_own))
        for position, indicator in enumerate(self.group.indicators):
            self._write_indicator(row, 1 + position * COLUMNS_PER_INDICATOR, statuses[indicator.pk], is_own)

    def _write_indicator(self, row: int, column: int, status: IndicatorStatus, bold: bool) -> None:
        percent = is_percent(status.indicator)
        measure = self.styles.get("percent" if percent else "count", bold=bold)
        count = self.styles.get("count", bold=bold)
        sheet = self.worksheet
        if status.value is None:
            sheet.write_blank(row, column, None, measure)
        else:
            sheet.write_number(
                row, column, as_fraction_of_one(status.value) if percent else float(status.value), measure
            )
        if status.fraction is None:
            sheet.write_blank(row, column + 1, None, count)
            sheet.write_blank(row, column + 2, None, count)
        else:
            sheet.write_number(row, column + 1, status.fraction.numerator, count)
            sheet.write_number(row, column + 2, status.fraction.denominator, count)
        if status.target is None:
            sheet.write_blank(row, column + 3, None, measure)
        else:
            target = status.target.value
            sheet.write_number(
                row, column + 3, as_fraction_of_one(target) if percent else float(target), measure
            )
        sheet.write_string(
            row, column + 4, status_text(status.status), self.styles.get(status.status, bold=bold)
        )
