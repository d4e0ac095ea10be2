"""Phone numbers, parsed and formatted by the `phonenumbers` library for the configured region."""

from __future__ import annotations

import phonenumbers
from django.conf import settings


def normalize_phone(raw: str, *, region: str | None = None) -> str | None:
    """The E.164 form ("+84912345678") of a valid number, or None when it is not a valid number."""
    try:
        number = phonenumbers.parse(raw.strip(), region or settings.LANGSO_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone_national(e164: str) -> str:
    """How people write the number at home: "0912 345 678"."""
    number = phonenumbers.parse(e164, None)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
