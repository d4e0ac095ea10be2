"""The targets page of a unit: its indicators' values, effective targets and statuses, its children's
statuses with the green coverage, and the form to set or clear targets for those who may."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from langso.accounts.http import AuthenticatedRequest
from langso.accounts.jurisdiction import Action, may
from langso.common.forms import add_validation_errors
from langso.common.periods import Period, PeriodKind
from langso.people.selectors import get_unit_visible_to
from langso.places.models import Unit
from langso.reporting.forms_targets import CLEAR, TargetForm
from langso.reporting.models import Indicator
from langso.reporting.periods_query import period_in_query
from langso.reporting.selectors import targets as selectors
from langso.reporting.services import targets as services


def _settable_units(request: AuthenticatedRequest, unit: Unit, children: list[Unit]) -> list[Unit]:
    """The units whose targets the user sets from this page: the unit itself and its children."""
    own = [unit] if services.may_set_target(request.user, unit) else []
    return own + (children if may(request.user, Action.SET_TARGETS, unit) else [])


@require_http_methods(["GET", "POST"])
def unit_targets(request: AuthenticatedRequest, code: str) -> HttpResponse:
    unit = get_unit_visible_to(request.user, code)
    period = period_in_query(request)
    indicators = list(Indicator.objects.order_by("order"))
    required = [indicator for indicator in indicators if indicator.is_required]
    rows = selectors.child_rows(unit=unit, period=period, required=required)
    settable = _settable_units(request, unit, [row.unit for row in rows])
    form = TargetForm(request.POST or None, units=settable, indicators=indicators)
    if request.method == "POST":
        if not settable:
            raise Http404
        if form.is_valid() and _save(request, form, period):
            return redirect(f"{request.path}?kind={period.kind}&period={period.key}")
    context = {
        "unit": unit,
        "parent": unit.parent if unit.parent and may(request.user, Action.VIEW_UNITS, unit.parent) else None,
        "period": period,
        "kinds": PeriodKind.choices,
        "statuses": selectors.unit_statuses(unit=unit, period=period, indicators=indicators),
        "required": required,
        "children": rows,
        "coverage": selectors.coverage_of(rows),
        "form": form if settable else None,
    }
    return render(request, "reporting/targets.html", context, status=400 if form.errors else 200)


def _save(request: AuthenticatedRequest, form: TargetForm, period: Period) -> bool:
    """Set or clear the chosen target; False (with the error on the form) when it is refused."""
    indicator, unit = form.chosen_indicator(), form.chosen_unit()
    try:
        if form.cleaned_data["action"] == CLEAR:
            services.clear_target(actor=request.user, indicator=indicator, unit=unit, period=period)
            messages.success(request, _("Target cleared: the unit follows the level above again."))
        else:
            value = form.cleaned_data["value"]
            services.set_target(
                actor=request.user, indicator=indicator, unit=unit, period=period, value=value
            )
            messages.success(request, _("Target saved."))
    except ValidationError as error:
        add_validation_errors(form, error)
        return False
    return True
