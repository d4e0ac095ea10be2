"""Thin views of the cascade: the area's figures, a person's or a conference's reach, and recording
who taught whom at home."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from langso.accounts import audit
from langso.accounts.http import AuthenticatedRequest
from langso.accounts.jurisdiction import Action
from langso.common.text import parse_number
from langso.people.forms import PersonSearchForm
from langso.training.forms.cascade import HomeTrainingForm
from langso.training.selectors import cascade as selectors
from langso.training.selectors.conferences import get_conference_visible_to
from langso.training.services.cascade import record_home_training as record_home_training_service

ORGANIZATIONS_PER_PAGE = 10


@require_GET
def cascade(request: AuthenticatedRequest) -> HttpResponse:
    if not selectors.may_view_cascade(request.user):
        raise Http404
    page = Paginator(selectors.organizers_visible_to(request.user), ORGANIZATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    form = PersonSearchForm(request.GET)
    context = {
        "page": page,
        "organizations": selectors.organization_reach(page.object_list),
        "form": form,
        "people": selectors.find_people(request.user, Action.VIEW_TRAINING, form.query()),
        "can_record": selectors.may_record_training(request.user),
    }
    return render(request, "training/cascade/cascade.html", context)


def _reach_context(request: AuthenticatedRequest, reach: selectors.Reach) -> dict[str, object]:
    names = selectors.names_by_level(request.user, reach)
    return {
        "reach": reach,
        "rows": [
            {"level": level, "names": level_names, "unnamed": level.people - len(level_names)}
            for level, level_names in zip(reach.levels, names, strict=True)
        ],
        "bars": selectors.bars_of(reach),
        "chart_height": len(reach.levels) * selectors.BAR_HEIGHT,
        "minority_percent": selectors.percent(reach.total.minorities, reach.total.people),
        "ocop_percent": selectors.percent(reach.total.ocop_subjects, reach.total.people),
    }


@require_GET
def cascade_person(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = selectors.get_person_for_reach(request.user, person_id)
    audit.record_event(
        actor=request.user,
        action="training.cascade_person",
        target=f"person:{person.pk}",
        scope=person.village.path,
    )
    reach = selectors.reach_of_person(person)
    context = {
        "person": person,
        "trainers": selectors.trainers_of(request.user, person),
        **_reach_context(request, reach),
    }
    return render(request, "training/cascade/reach.html", context)


@require_GET
def conference_reach(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    conference = get_conference_visible_to(request.user, pk)
    reach = selectors.reach_of_conference(conference)
    return render(
        request, "training/cascade/reach.html", {"conference": conference, **_reach_context(request, reach)}
    )


@require_http_methods(["GET", "POST"])
def record_home_training(request: AuthenticatedRequest) -> HttpResponse:
    if not selectors.may_record_training(request.user):
        raise Http404
    trainer_id = parse_number(request.POST.get("trainer") or request.GET.get("trainer"))
    search = PersonSearchForm(request.GET)
    if trainer_id is None:
        context = {
            "form": search,
            "people": selectors.find_people(request.user, Action.RECORD_TRAINING, search.query()),
        }
        return render(request, "training/cascade/record_trainer.html", context)
    trainer = selectors.get_person_for_recording(request.user, trainer_id)
    form = HomeTrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        trainee = selectors.get_person_for_recording(request.user, form.cleaned_data["trainee"])
        try:
            record_home_training_service(
                actor=request.user, trainer=trainer, trainee=trainee, taught_on=form.cleaned_data["taught_on"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Recorded: %(trainer)s taught %(trainee)s.")
                % {"trainer": trainer.full_name, "trainee": trainee.full_name},
            )
            params = urlencode({"trainer": trainer.pk, "q": request.POST.get("q", "")})
            return redirect(f"{reverse('training:record_home_training')}?{params}")
    query = search.query() or request.POST.get("q", "")
    context = {
        "trainer": trainer,
        "form": form,
        "search": search,
        "query": query,
        "people": selectors.trainee_choices(request.user, trainer, query),
    }
    return render(
        request, "training/cascade/record_trainees.html", context, status=400 if form.errors else 200
    )
