"""The printable attendance sheet of a session, for a class held on paper: an HTML template rendered
to an A4 portrait PDF with WeasyPrint, in the active language.

Only system fonts are used (Noto, DejaVu: both draw every Vietnamese diacritic), every text is NFC,
and nothing is fetched while rendering (every URL but data: is refused).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from langso.training.models import ClassSession
from langso.training.selectors.classes import RosterRow

TEMPLATE = "training/classes/attendance_sheet_pdf.html"
#: empty numbered rows after the enrolled residents, for people who walk in
BLANK_ROWS = 8


def render_attendance_sheet_pdf(session: ClassSession, rows: Sequence[RosterRow]) -> bytes:
    """The session's attendance sheet as PDF bytes: the enrolled residents, ✓ for those already
    marked present, then blank rows for walk-ins."""
    html = unicodedata.normalize("NFC", render_to_string(TEMPLATE, attendance_sheet_context(session, rows)))
    # Imported here, not at the top: WeasyPrint loads Debian's Pango when imported, and the rest of
    # the site must start on a machine without it.
    from weasyprint import HTML, URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()


def attendance_sheet_context(session: ClassSession, rows: Sequence[RosterRow]) -> dict[str, Any]:
    """What the sheet shows, every name in NFC."""
    training_class = session.training_class
    return {
        "language": (get_language() or "vi").split("-")[0],
        "session": session,
        "title": _nfc(training_class.title),
        "organizer": _nfc(training_class.organizer.name),
        "venue": _nfc(f"{training_class.venue_name}, {training_class.village.name}"),
        "starts_at": timezone.localtime(session.starts_at),
        "ends_at": timezone.localtime(session.ends_at),
        "rows": [
            {
                "name": _nfc(row.person.full_name),
                "birth_year": row.person.birth_year,
                "village": _nfc(row.person.village.name),
                "is_present": row.is_present,
            }
            for row in rows
        ],
        "blank_rows": range(len(rows) + 1, len(rows) + 1 + BLANK_ROWS),
    }


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
