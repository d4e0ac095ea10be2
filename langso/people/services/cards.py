"""Learner cards: the short code (and its QR code) a resident shows to be recognized on a shared
device or at a class, instead of typing a name."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from langso.common.codes import new_code
from langso.people.models import Person

CARD_CODE_LENGTH = 8
#: 31**8 ≈ 8.5·10**11 codes: a collision is rare, so a few draws always suffice
CARD_CODE_DRAWS = 8


@transaction.atomic
def ensure_card_code(*, person: Person) -> str:
    """The person's card code, drawn on first use and kept for good."""
    if person.card_code:
        return person.card_code
    for _draw in range(CARD_CODE_DRAWS):
        code = new_code(CARD_CODE_LENGTH)
        try:
            with transaction.atomic():
                updated = Person.objects.filter(pk=person.pk, card_code__isnull=True).update(card_code=code)
        except IntegrityError:
            continue  # someone else holds that code: draw again
        person.refresh_from_db(fields=["card_code"])
        if updated or person.card_code:
            return str(person.card_code)
    raise RuntimeError("no free card code after several draws")
