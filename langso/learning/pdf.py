"""The printable certificate: an HTML template rendered to an A4 landscape PDF with WeasyPrint, in
the active language, with a QR code of its public verification page.

Only system fonts are used (Noto, DejaVu: both draw every Vietnamese diacritic), and nothing is
fetched while rendering: the QR code is an inline data URI and every other URL is refused.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import get_language

from langso.common.qr import qr_data_uri
from langso.learning.content import localized
from langso.learning.models import Certificate
from langso.places.models import Unit, UnitKind

TEMPLATE = "learning/certificates/certificate_pdf.html"


def render_certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    """The certificate as PDF bytes, in the active language; its QR code encodes `verify_url`."""
    html = unicodedata.normalize(
        "NFC", render_to_string(TEMPLATE, certificate_context(certificate, verify_url=verify_url))
    )
    # A certificate loads nothing from outside: only the inline QR code (a data: URI).
    # Imported here, not at the top: WeasyPrint loads Debian's Pango when imported, and the rest of
    # the site must start on a machine without it (`apt install libpango-1.0-0 libpangoft2-1.0-0`).
    from weasyprint import HTML, URLFetcher

    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"}))
    return document.write_pdf()


def certificate_context(certificate: Certificate, *, verify_url: str) -> dict[str, Any]:
    """What the certificate shows, every text in NFC and in the active language."""
    return {
        "language": (get_language() or "vi").split("-")[0],
        "certificate": certificate,
        "holder_name": unicodedata.normalize("NFC", certificate.holder_name),
        "set_title": unicodedata.normalize("NFC", localized(certificate.certificate_set.title)),
        "skills": [
            unicodedata.normalize("NFC", title) for title in localized(certificate.skill_titles) or []
        ],
        "issuing_unit": issuing_unit_label(certificate.issuing_unit),
        "verify_url": verify_url,
        "qr_code": qr_data_uri(verify_url),
    }


def issuing_unit_label(unit: Unit) -> str:
    """The unit and its province, as written on a certificate: "Xã Hải Lạng, Quảng Ninh"."""
    parent = unit.parent
    if parent is not None and parent.kind == UnitKind.PROVINCE and unit.kind != UnitKind.PROVINCE:
        return unicodedata.normalize("NFC", f"{unit.name}, {parent.name}")
    return unicodedata.normalize("NFC", unit.name)
