"""Thin views of conferences: list, create and edit, registration, attendance taps, materials."""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from langso.accounts.http import AuthenticatedRequest
from langso.common.forms import add_validation_errors
from langso.common.responses import back_with_error
from langso.people.forms import PersonSearchForm
from langso.training.forms.cascade import ConferenceForm, MaterialForm, PersonChoiceForm
from langso.training.models import Conference, ConferenceRegistration
from langso.training.selectors import cascade as cascade_selectors
from langso.training.selectors import conferences as selectors
from langso.training.services import conferences as services

PAGE_SIZE = 20


def _person_id(request: AuthenticatedRequest) -> int:
    form = PersonChoiceForm(request.POST)
    if not form.is_valid():
        raise Http404
    person_id: int = form.cleaned_data["person"]
    return person_id


@require_GET
def conference_list(request: AuthenticatedRequest) -> HttpResponse:
    if not cascade_selectors.may_view_cascade(request.user):
        raise Http404
    conferences = selectors.conference_list_for(request.user)
    page = Paginator(conferences, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "can_create": selectors.organizers_for(request.user).exists()}
    return render(request, "training/cascade/conference_list.html", context)


@require_http_methods(["GET", "POST"])
def conference_create(request: AuthenticatedRequest) -> HttpResponse:
    organizers = selectors.organizers_for(request.user)
    if not organizers.exists():
        raise Http404
    form = ConferenceForm(request.POST or None, organizers=organizers)
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.create_conference(actor=request.user, data=form.to_data())
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, _("The conference “%(title)s” was created.") % {"title": conference.title}
            )
            return redirect("training:conference_detail", pk=conference.pk)
    return render(
        request, "training/cascade/conference_form.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def conference_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    conference = selectors.get_conference_managed_by(request.user, pk)
    form = ConferenceForm(
        request.POST or None,
        organizers=selectors.organizers_for(request.user),
        initial=ConferenceForm.initial_from(conference),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_conference(actor=request.user, conference=conference, data=form.to_data())
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("training:conference_detail", pk=conference.pk)
    context = {"form": form, "conference": conference}
    return render(
        request, "training/cascade/conference_form.html", context, status=400 if form.errors else 200
    )


@require_GET
def conference_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    conference = selectors.get_conference_visible_to(request.user, pk)
    registrations = selectors.registrations_for(request.user, conference)
    context = {
        "conference": conference,
        "registrations": registrations,
        "counts": selectors.registration_counts(conference, len(registrations)),
        "materials": list(selectors.materials_of(conference)),
        **_permissions(request, conference),
    }
    return render(request, "training/cascade/conference_detail.html", context)


def _permissions(request: AuthenticatedRequest, conference: Conference) -> dict[str, object]:
    today = timezone.localdate()
    return {
        "can_manage": selectors.may_manage_conference(request.user, conference),
        "can_register": selectors.may_register_people(request.user),
        "has_started": conference.starts_on <= today,
        "today": today,
    }


def _row(request: AuthenticatedRequest, registration: ConferenceRegistration) -> HttpResponse:
    """The htmx answer to a tap: the person's row, redrawn."""
    context = {
        "conference": registration.conference,
        "registration": selectors.with_attended_today([registration])[0],
        **_permissions(request, registration.conference),
    }
    return render(request, "training/cascade/conference_detail.html#registration-row", context)


@require_http_methods(["GET", "POST"])
def conference_register(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    conference = selectors.get_conference_visible_to(request.user, pk)
    if not selectors.may_register_people(request.user):
        raise Http404
    if request.method == "POST":
        person = selectors.get_registrable_person(request.user, _person_id(request))
        services.register_for_conference(actor=request.user, conference=conference, person=person)
        if not request.htmx:
            messages.success(request, _("%(name)s is registered.") % {"name": person.full_name})
            return redirect(f"{request.path}?{urlencode({'q': request.POST.get('q', '')})}")
        person.is_registered = True  # type: ignore[attr-defined]
        return render(
            request,
            "training/cascade/conference_register.html#candidate",
            {"conference": conference, "person": person},
        )
    form = PersonSearchForm(request.GET)
    query = form.query()
    context = {
        "conference": conference,
        "form": form,
        "query": query,
        "candidates": selectors.registration_candidates(request.user, conference, query),
    }
    template = "training/cascade/conference_register.html" + ("#results" if request.htmx else "")
    return render(request, template, context)


@require_POST
def conference_attend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    conference = selectors.get_conference_managed_by(request.user, pk)
    registration = selectors.get_registration_for_attendance(request.user, conference, _person_id(request))
    try:
        registration = services.mark_conference_attendance(actor=request.user, registration=registration)
    except ValidationError as error:
        return back_with_error(request, error, "training:conference_detail", conference.pk)
    return _row(request, registration) if request.htmx else redirect("training:conference_detail", pk=pk)


@require_POST
def conference_unattend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    conference = selectors.get_conference_managed_by(request.user, pk)
    registration = selectors.get_registration_for_attendance(request.user, conference, _person_id(request))
    try:
        registration = services.undo_conference_attendance(actor=request.user, registration=registration)
    except ValidationError as error:
        return back_with_error(request, error, "training:conference_detail", conference.pk)
    return _row(request, registration) if request.htmx else redirect("training:conference_detail", pk=pk)


@require_http_methods(["GET", "POST"])
def conference_material_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    conference = selectors.get_conference_managed_by(request.user, pk)
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            material = services.add_conference_material(
                actor=request.user,
                conference=conference,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” was added.") % {"title": material.title})
            return redirect("training:conference_detail", pk=conference.pk)
    context = {"form": form, "conference": conference}
    return render(request, "training/cascade/material_form.html", context, status=400 if form.errors else 200)


@require_GET
def conference_material(request: AuthenticatedRequest, pk: int) -> FileResponse:
    material = selectors.get_material_visible_to(request.user, pk)
    try:
        handle = material.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=PurePath(material.file.name or "").name)


@require_POST
def conference_material_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    material = selectors.get_material_visible_to(request.user, pk)
    if not selectors.may_manage_conference(request.user, material.conference):
        raise Http404
    services.delete_conference_material(actor=request.user, material=material)
    messages.success(request, _("“%(title)s” was removed.") % {"title": material.title})
    return redirect("training:conference_detail", pk=material.conference_id)
