"""The request for an export of a unit's indicators: the period (its kind and key) and the format."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from langso.common.periods import Period, PeriodKind
from langso.reporting.models import ExportFormat


class ExportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices)
    period = forms.CharField(label=_("Which one"), max_length=16)
    format = forms.ChoiceField(label=_("Format"), choices=ExportFormat.choices)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind, key = cleaned.get("kind"), cleaned.get("period")
        if kind and key:
            try:
                cleaned["period"] = Period.parse(kind, key)
            except ValueError:
                self.add_error("period", _("There is no such period."))
        return cleaned

    def chosen_period(self) -> Period:
        period: Period = self.cleaned_data["period"]
        return period
