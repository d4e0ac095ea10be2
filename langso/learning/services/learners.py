"""Who is learning on this device: a signed-in learner, or a resident picked on a shared device."""

from __future__ import annotations

from django.contrib.auth import logout
from django.http import HttpRequest

from langso.accounts import jurisdiction
from langso.accounts.jurisdiction import Action
from langso.learning.selectors import kiosk_residents, learner_of
from langso.people.models import Person
from langso.places.models import Unit

KIOSK_UNIT = "langso_kiosk_unit"
KIOSK_PERSON = "langso_kiosk_person"


def current_learner(request: HttpRequest) -> Person | None:
    """The resident whose progress this request reads and writes, or None (anonymous: progress
    stays in the browser)."""
    person_id = request.session.get(KIOSK_PERSON)
    unit_path = kiosk_unit_path(request)
    if person_id and unit_path:
        return kiosk_residents(unit_path).filter(pk=person_id).first()
    return learner_of(request.user)  # type: ignore[arg-type]


def kiosk_unit_path(request: HttpRequest) -> str:
    """The path of the unit whose residents may use this shared device, when it is in kiosk mode."""
    return str(request.session.get(KIOSK_UNIT, ""))


def open_kiosk(request: HttpRequest, unit: Unit) -> None:
    """Turn this browser into the shared device of `unit`: the staff member is signed out first, so
    that residents using the device can never reach staff pages."""
    jurisdiction.require(request.user, Action.OPEN_KIOSK, unit)
    logout(request)  # also flushes the session
    request.session[KIOSK_UNIT] = unit.path


def pick_kiosk_learner(request: HttpRequest, person: Person) -> None:
    request.session.cycle_key()
    request.session[KIOSK_PERSON] = person.pk


def switch_kiosk_learner(request: HttpRequest) -> None:
    """Forget the current resident (a new session key, so nothing of theirs stays reachable)."""
    unit_path = kiosk_unit_path(request)
    request.session.flush()
    request.session[KIOSK_UNIT] = unit_path


def close_kiosk(request: HttpRequest) -> None:
    request.session.flush()
