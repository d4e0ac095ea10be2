"""Reading an uploaded CSV or XLSX file into rows of text, with clear errors for unreadable files."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

#: why a file as a whole cannot be read, and what to do about it
UNREADABLE_REASONS = {
    "not_utf8": _("The file is not in UTF-8. In Excel choose “Save as” › “CSV UTF-8”, then upload it again."),
    "empty": _("The file is empty."),
    "not_xlsx": _("This is not an Excel (.xlsx) file that can be read."),
    "no_sheet": _(
        "No sheet in this workbook starts with the expected column names. Download the template and "
        "copy your rows into it."
    ),
    "not_table": _("Upload a .csv or .xlsx file."),
}


class UnreadableFile(Exception):
    """The file as a whole cannot be read; `reason` is a key of UNREADABLE_REASONS."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Sheet:
    """The header and the data rows of a table, each row with its number in the file (from 2)."""

    header: list[str]
    rows: Iterator[tuple[int, list[str]]]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_csv(content: bytes) -> Sheet:
    """A UTF-8 CSV (with or without the BOM Excel adds), comma or semicolon separated."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile("not_utf8") from error
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise UnreadableFile("empty")
    rows = ((number, [cell.strip() for cell in row]) for number, row in enumerate(reader, start=2))
    return Sheet([h.strip() for h in header], rows)


def read_xlsx(content: bytes, *, is_header: Callable[[list[str]], bool]) -> Sheet:
    """The first sheet of a workbook whose first row `is_header` accepts (extra sheets are ignored)."""
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile("not_xlsx") from error
    for worksheet in workbook.worksheets:
        rows = worksheet.iter_rows(values_only=True)
        first = next(rows, None)
        header = [_cell_text(cell) for cell in first] if first else []
        if header and is_header(header):
            data = ((number, [_cell_text(cell) for cell in row]) for number, row in enumerate(rows, start=2))
            return Sheet(header, data)
    raise UnreadableFile("no_sheet")


def read_table(file_name: str, content: bytes, *, is_header: Callable[[list[str]], bool]) -> Sheet:
    """Read a .csv or .xlsx upload by its extension."""
    lowered = file_name.lower()
    if lowered.endswith(".xlsx"):
        return read_xlsx(content, is_header=is_header)
    if lowered.endswith(".csv"):
        return read_csv(content)
    raise UnreadableFile("not_table")
