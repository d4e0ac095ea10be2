"""The form that sets or clears a unit's target on the targets page. It only parses; the service
decides who may and what is valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from langso.learning.content import localized
from langso.places.models import Unit
from langso.reporting.models import Indicator

SET = "set"
CLEAR = "clear"


class TargetForm(forms.Form):
    """Which unit, which indicator, and the target value (not needed to clear)."""

    unit = forms.ChoiceField(label=_("Unit"))
    indicator = forms.TypedChoiceField(label=_("Indicator"), coerce=int)
    value = forms.DecimalField(
        label=_("Target"),
        required=False,
        max_digits=9,
        decimal_places=2,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.1"}),
        help_text=_("A percentage (0–100) or a count, as the indicator is measured."),
    )
    action = forms.ChoiceField(choices=[(SET, _("Save target")), (CLEAR, _("Clear target"))], initial=SET)

    def __init__(self, data: Any = None, *, units: list[Unit], indicators: list[Indicator]) -> None:
        super().__init__(data)
        self.units = {unit.code: unit for unit in units}
        self.indicators = {indicator.pk: indicator for indicator in indicators}
        unit_field, indicator_field = self.fields["unit"], self.fields["indicator"]
        assert isinstance(unit_field, forms.ChoiceField) and isinstance(indicator_field, forms.ChoiceField)
        unit_field.choices = [(unit.code, unit.name) for unit in units]
        indicator_field.choices = [(indicator.pk, localized(indicator.name)) for indicator in indicators]

    def clean(self) -> dict[str, Any]:
        """A value is needed to save a target."""
        cleaned = super().clean() or {}
        if cleaned.get("action") == SET and cleaned.get("value") is None and "value" not in self.errors:
            self.add_error("value", _("Type the target."))
        return cleaned

    def chosen_unit(self) -> Unit:
        return self.units[self.cleaned_data["unit"]]

    def chosen_indicator(self) -> Indicator:
        return self.indicators[self.cleaned_data["indicator"]]
