"""Staff pages of learning: a unit's progress matrix (people × skills), its filters and its export."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from langso.accounts.http import AuthenticatedRequest
from langso.learning.selectors import matrix
from langso.learning.services.exports import export_progress_xlsx
from langso.people.models import Ethnicity, Gender
from langso.people.selectors import breadcrumb_for, villages_in
from langso.places.models import Unit, UnitKind

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ProgressFilterForm(forms.Form):
    """The matrix's filters. Every field may stay empty; a field that does not parse filters nothing.
    The village choice is offered on a commune's matrix, limited to its villages (a province's
    would list hundreds: open the commune instead)."""

    village = forms.ModelChoiceField(
        label=_("Village"), queryset=Unit.objects.none(), required=False, empty_label=_("All villages")
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=[("", pgettext_lazy("gender filter", "All")), *Gender.choices],
        required=False,
    )
    ethnicity = forms.ModelChoiceField(
        label=_("Ethnic group"),
        queryset=Ethnicity.objects.all(),
        required=False,
        empty_label=_("All ethnic groups"),
    )
    age_band = forms.ChoiceField(
        label=_("Age"),
        choices=[("", _("All ages")), *((key, key.replace("-", "–")) for key in matrix.AGE_BANDS)],
        required=False,
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        village_field = self.fields["village"]
        assert isinstance(village_field, forms.ModelChoiceField)
        if unit.kind == UnitKind.COMMUNE:
            village_field.queryset = villages_in(unit)
        else:
            del self.fields["village"]

    def to_filters(self) -> matrix.ProgressFilters:
        self.is_valid()  # fills cleaned_data with the fields that parse; the others filter nothing
        data = self.cleaned_data
        return matrix.ProgressFilters(
            village=data.get("village"),
            gender=data.get("gender", ""),
            ethnicity=data.get("ethnicity"),
            age_band=data.get("age_band", ""),
        )


@require_GET
@vary_on_headers("HX-Request")
def progress_matrix(request: AuthenticatedRequest, code: str) -> HttpResponse:
    unit = matrix.get_unit_for_progress(request.user, code)
    form = ProgressFilterForm(request.GET, unit=unit)
    people = matrix.people_for_progress(request.user, unit, form.to_filters())
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    columns = matrix.skill_columns(people)
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context = {
        "unit": unit,
        "form": form,
        "page": page,
        "columns": columns,
        "rows": matrix.progress_matrix(page.object_list, [column.skill for column in columns]),
        "legend": matrix.legend(),
        "breadcrumb": [] if partial else [*breadcrumb_for(request.user, unit), unit],
    }
    template = "learning/staff/progress_matrix.html" + ("#matrix" if partial else "")
    return render(request, template, context)


@require_GET
def progress_export(request: AuthenticatedRequest, code: str) -> FileResponse:
    unit = matrix.get_unit_for_progress(request.user, code)
    form = ProgressFilterForm(request.GET, unit=unit)
    output = export_progress_xlsx(actor=request.user, unit=unit, filters=form.to_filters())
    return FileResponse(
        output,
        as_attachment=True,
        filename=f"tien-do-{unit.code}-{timezone.localdate():%Y%m%d}.xlsx",
        content_type=XLSX,
    )
