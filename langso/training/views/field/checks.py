"""Skill-check pages: one person's tries at one skill with the three outcome buttons, and a
session's grid of enrolled people × the class's skills."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from langso.accounts import audit
from langso.accounts.http import AuthenticatedRequest
from langso.accounts.jurisdiction import Action, may
from langso.common.forms import add_validation_errors
from langso.common.text import parse_number
from langso.learning.content import localized
from langso.training.forms.field import SkillCheckForm
from langso.training.models import CheckOutcome, ClassSession
from langso.training.selectors import checks as selectors
from langso.training.services.checks import record_skill_check

#: the three big buttons, in the order of the scale, with their icon
OUTCOME_BUTTONS = [
    (CheckOutcome.NOT_YET, "cross"),
    (CheckOutcome.WITH_HELP, "person"),
    (CheckOutcome.ALONE, "check"),
]


@require_http_methods(["GET", "POST"])
def skill_check(request: AuthenticatedRequest, person_id: int, skill_code: str) -> HttpResponse:
    person = selectors.get_person_for_checks(request.user, person_id)
    skill = selectors.get_skill_by_code(skill_code)
    session = _session(request)
    can_record = may(request.user, Action.RECORD_SKILL_CHECK, person.village)
    form = SkillCheckForm(request.POST or None, initial={"session": session.pk if session else None})
    if request.method == "POST" and can_record and form.is_valid():
        try:
            check = record_skill_check(
                actor=request.user,
                person=person,
                skill=skill,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                client_uuid=form.cleaned_data["client_uuid"],
                session=session,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                _("Try %(number)s recorded: %(outcome)s.")
                % {"number": check.number, "outcome": check.get_outcome_display()},
            )
            url = reverse("training:skill_check", args=[person.pk, skill.code])
            return redirect(f"{url}?session={session.pk}" if session else url)
    audit.record_event(
        actor=request.user,
        action="training.skill_checks.view",
        target=f"person:{person.pk}",
        scope=person.village.path,
    )
    context = {
        "person": person,
        "skill": skill,
        "skill_title": localized(skill.title),
        "checks": selectors.checks_of(person, skill),
        "mastery": selectors.mastery_of(person, skill),
        "form": form,
        "can_record": can_record,
        "session": session,
        "buttons": [(outcome.value, outcome.label, icon) for outcome, icon in OUTCOME_BUTTONS],
    }
    status = 400 if form.errors else (403 if request.method == "POST" and not can_record else 200)
    return render(request, "training/field/skill_check.html", context, status=status)


def _session(request: AuthenticatedRequest) -> ClassSession | None:
    raw = request.POST.get("session") or request.GET.get("session") or ""
    session_id = parse_number(raw)
    return selectors.get_session_visible_to(request.user, session_id) if session_id is not None else None


@require_GET
def session_checks(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_visible_to(request.user, pk)
    grid = selectors.session_check_grid(request.user, session)
    return render(request, "training/field/session_checks.html", {"session": session, "grid": grid})
