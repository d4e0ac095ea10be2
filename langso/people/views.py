"""Thin views: the hierarchy browser, residents, imports and exports."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from langso.accounts import audit
from langso.accounts.http import AuthenticatedRequest
from langso.accounts.jurisdiction import Action, may
from langso.common.forms import add_validation_errors
from langso.people import selectors, services
from langso.people.forms import ImportUploadForm, PersonForm, PersonSearchForm, VillageForm
from langso.people.models import ImportStatus
from langso.people.services.columns import COLUMN_LABELS, COLUMNS
from langso.people.services.imports import ImportConflict, error_message
from langso.places.models import Unit, UnitKind

PAGE_SIZE = 50


@require_GET
def unit_root(request: AuthenticatedRequest) -> HttpResponse:
    """Where browsing starts: the user's one top unit, or a choice when they have several."""
    units = selectors.home_units_of(request.user)
    if len(units) == 1:
        return redirect("people:unit_detail", code=units[0].code)
    return render(request, "people/unit_root.html", {"units": units})


@require_GET
def unit_detail(request: AuthenticatedRequest, code: str) -> HttpResponse:
    unit = selectors.get_unit_visible_to(request.user, code)
    user = request.user
    context = {
        "unit": unit,
        "breadcrumb": selectors.breadcrumb_for(user, unit),
        "children": selectors.child_units_with_counts(user, unit),
        "resident_count": selectors.count_people_in(unit),
        "can_view_people": may(user, Action.VIEW_PEOPLE, unit),
        "can_manage_people": may(user, Action.MANAGE_PEOPLE, unit)
        and unit.kind in (UnitKind.COMMUNE, UnitKind.VILLAGE),
        "can_import": may(user, Action.IMPORT_PEOPLE, unit),
        "can_export": may(user, Action.EXPORT_PEOPLE, unit),
        "village_form": VillageForm() if _can_add_village(request, unit) else None,
    }
    return render(request, "people/unit_detail.html", context)


def _can_add_village(request: AuthenticatedRequest, unit: Unit) -> bool:
    return unit.kind == UnitKind.COMMUNE and may(request.user, Action.CREATE_VILLAGE, unit)


@require_POST
def village_create(request: AuthenticatedRequest, code: str) -> HttpResponse:
    commune = selectors.get_unit_visible_to(request.user, code)
    if not _can_add_village(request, commune):
        raise Http404
    form = VillageForm(request.POST)
    if form.is_valid():
        try:
            village = services.add_village(
                actor=request.user,
                commune=commune,
                name=form.cleaned_data["name"],
                division_type=form.cleaned_data["division_type"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(name)s” was created with code %(code)s.")
                % {"name": village.name, "code": village.code},
            )
            url = reverse("people:unit_detail", args=[commune.code])
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    template = "people/unit_detail.html#village-form" if request.htmx else "people/village_form.html"
    return render(
        request, template, {"unit": commune, "village_form": form}, status=200 if request.htmx else 400
    )


@require_GET
def person_list(request: AuthenticatedRequest) -> HttpResponse:
    unit = None
    if request.GET.get("unit"):
        unit = selectors.get_unit_visible_to(request.user, request.GET["unit"])
    form = PersonSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = selectors.people_page(
        request.user, unit=unit, query=query, number=request.GET.get("page"), per_page=PAGE_SIZE
    )
    context = {
        "form": form,
        "page": page,
        "unit": unit,
        "query": query,
        "breadcrumb": selectors.breadcrumb_for(request.user, unit) if unit else [],
    }
    template = "people/person_list.html#results" if request.htmx else "people/person_list.html"
    return render(request, template, context)


@require_GET
def person_detail(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = selectors.get_person_visible_to(request.user, person_id)
    audit.record_event(
        actor=request.user, action="people.view", target=f"person:{person.pk}", scope=person.village.path
    )
    context = {
        "person": person,
        "can_edit": may(request.user, Action.MANAGE_PEOPLE, person.village),
        "breadcrumb": [*selectors.breadcrumb_for(request.user, person.village), person.village],
    }
    return render(request, "people/person_detail.html", context)


@require_http_methods(["GET", "POST"])
def person_create(request: AuthenticatedRequest) -> HttpResponse:
    unit = selectors.get_unit_visible_to(request.user, request.GET.get("unit", ""))
    if not may(request.user, Action.MANAGE_PEOPLE, unit) or unit.kind not in (
        UnitKind.COMMUNE,
        UnitKind.VILLAGE,
    ):
        raise Http404
    commune = unit.parent if unit.kind == UnitKind.VILLAGE else unit
    assert commune is not None
    villages = selectors.villages_in(commune)
    initial = {"village": unit.pk} if unit.kind == UnitKind.VILLAGE else {}
    form = PersonForm(request.POST or None, villages=villages, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.register_person(
                actor=request.user, data=form.to_data(), client_uuid=form.cleaned_data["client_uuid"]
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": person.full_name})
            return redirect("people:person_detail", person_id=person.pk)
    return render(
        request,
        "people/person_form.html",
        {"form": form, "unit": unit, "breadcrumb": [*selectors.breadcrumb_for(request.user, unit), unit]},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedRequest, person_id: int) -> HttpResponse:
    person = selectors.get_person_visible_to(request.user, person_id, Action.MANAGE_PEOPLE)
    commune = person.commune
    form = PersonForm(
        request.POST or None, villages=selectors.villages_in(commune), initial=PersonForm.initial_from(person)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(actor=request.user, person=person, data=form.to_data())
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("people:person_detail", person_id=person.pk)
    return render(
        request,
        "people/person_form.html",
        {
            "form": form,
            "person": person,
            "unit": person.village,
            "breadcrumb": [*selectors.breadcrumb_for(request.user, person.village), person.village],
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    units = selectors.units_where(request.user, Action.IMPORT_PEOPLE)
    if not units.exists():
        raise Http404
    form = ImportUploadForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = services.preview_import(
            actor=request.user,
            scope_unit=form.cleaned_data["unit"],
            file_name=upload.name,
            content=upload.read(),
        )
        return redirect("people:import_preview", batch_id=batch.pk)
    return render(
        request,
        "people/import_upload.html",
        {"form": form, "columns": COLUMNS, "column_labels": COLUMN_LABELS},
        status=400 if form.errors else 200,
    )


@require_GET
def import_preview(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = selectors.get_import_batch_for(request.user, batch_id)
    errors = [
        {**error, "message": error_message(error), "label": COLUMN_LABELS.get(error["column"], "")}
        for error in batch.errors
    ]
    return render(
        request,
        "people/import_preview.html",
        {
            "batch": batch,
            "errors": errors,
            "good_count": len(batch.valid_rows),
            "sample": batch.valid_rows[:10],
            "is_previewed": batch.status == ImportStatus.PREVIEWED,
        },
    )


@require_POST
def import_commit(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = selectors.get_import_batch_for(request.user, batch_id)
    try:
        batch = services.commit_import(actor=request.user, batch=batch)
    except (ImportConflict, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        count = batch.imported_count
        messages.success(
            request,
            ngettext("%(count)s resident was imported.", "%(count)s residents were imported.", count)
            % {"count": count},
        )
    return redirect("people:import_preview", batch_id=batch.pk)


@require_POST
def import_cancel(request: AuthenticatedRequest, batch_id: int) -> HttpResponse:
    batch = selectors.get_import_batch_for(request.user, batch_id)
    services.cancel_import(actor=request.user, batch=batch)
    messages.info(request, _("The import was cancelled. Nothing was saved."))
    return redirect("people:import_upload")


@require_GET
def import_template(request: AuthenticatedRequest) -> HttpResponse:
    """An empty CSV with the column names and one example row, in UTF-8 with BOM for Excel."""
    if not selectors.units_where(request.user, Action.IMPORT_PEOPLE).exists():
        raise Http404
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([header for _key, header in COLUMNS])
    writer.writerow(
        [
            "Nguyễn Thị Hương",
            "Nữ",
            "1958",
            "Kinh",
            "06886-001",
            "0912 345 678",
            "x",
            "",
            "x",
            "Hội LHPN, Hội Nông dân",
        ]
    )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-cu-dan.csv"'
    return response


@require_GET
def people_export(request: AuthenticatedRequest, code: str) -> FileResponse:
    unit = selectors.get_unit_visible_to(request.user, code)
    if not may(request.user, Action.EXPORT_PEOPLE, unit):
        raise Http404
    output = services.export_people_xlsx(actor=request.user, unit=unit)
    file_name = f"cu-dan-{unit.code}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(
        output,
        as_attachment=True,
        filename=file_name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
