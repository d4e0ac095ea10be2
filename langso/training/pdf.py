"""The printable attendance sheet of a session, for a class held on paper: an HTML template rendered
to an A4 portrait PDF (`langso.common.pdf`), in the active language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from langso.common.pdf import html_to_pdf
from langso.common.text import nfc
from langso.training.models import ClassSession
from langso.training.selectors.classes import RosterRow

TEMPLATE = "training/classes/attendance_sheet_pdf.html"
#: empty numbered rows after the enrolled residents, for people who walk in
BLANK_ROWS = 8


def render_attendance_sheet_pdf(session: ClassSession, rows: Sequence[RosterRow]) -> bytes:
    """The session's attendance sheet as PDF bytes: the enrolled residents, ✓ for those already
    marked present, then blank rows for walk-ins."""
    return html_to_pdf(render_to_string(TEMPLATE, attendance_sheet_context(session, rows)))


def attendance_sheet_context(session: ClassSession, rows: Sequence[RosterRow]) -> dict[str, Any]:
    """What the sheet shows, every name in NFC."""
    training_class = session.training_class
    return {
        "language": (get_language() or "vi").split("-")[0],
        "session": session,
        "title": nfc(training_class.title),
        "organizer": nfc(training_class.organizer.name),
        "venue": nfc(f"{training_class.venue_name}, {training_class.village.name}"),
        "starts_at": timezone.localtime(session.starts_at),
        "ends_at": timezone.localtime(session.ends_at),
        "rows": [
            {
                "name": nfc(row.person.full_name),
                "birth_year": row.person.birth_year,
                "village": nfc(row.person.village.name),
                "is_present": row.is_present,
            }
            for row in rows
        ],
        "blank_rows": range(len(rows) + 1, len(rows) + 1 + BLANK_ROWS),
    }
