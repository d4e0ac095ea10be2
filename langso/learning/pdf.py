"""The printable certificate: an HTML template rendered to an A4 landscape PDF (`langso.common.pdf`),
in the active language, with a QR code of its public verification page as an inline data: URI (the
renderer fetches nothing else)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import get_language

from langso.common.pdf import html_to_pdf
from langso.common.qr import qr_data_uri
from langso.common.text import nfc
from langso.learning.content import localized
from langso.learning.models import Certificate
from langso.places.models import Unit, UnitKind

TEMPLATE = "learning/certificates/certificate_pdf.html"


def render_certificate_pdf(certificate: Certificate, *, verify_url: str) -> bytes:
    """The certificate as PDF bytes, in the active language; its QR code encodes `verify_url`."""
    return html_to_pdf(render_to_string(TEMPLATE, certificate_context(certificate, verify_url=verify_url)))


def certificate_context(certificate: Certificate, *, verify_url: str) -> dict[str, Any]:
    """What the certificate shows, every text in NFC and in the active language."""
    return {
        "language": (get_language() or "vi").split("-")[0],
        "certificate": certificate,
        "holder_name": nfc(certificate.holder_name),
        "set_title": nfc(localized(certificate.certificate_set.title)),
        "skills": [nfc(title) for title in localized(certificate.skill_titles) or []],
        "issuing_unit": issuing_unit_label(certificate.issuing_unit),
        "verify_url": verify_url,
        "qr_code": qr_data_uri(verify_url),
    }


def issuing_unit_label(unit: Unit) -> str:
    """The unit and its province, as written on a certificate: "Xã Hải Lạng, Quảng Ninh"."""
    parent = unit.parent
    if parent is not None and parent.kind == UnitKind.PROVINCE and unit.kind != UnitKind.PROVINCE:
        return nfc(f"{unit.name}, {parent.name}")
    return nfc(unit.name)
