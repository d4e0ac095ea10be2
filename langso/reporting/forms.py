"""Forms of the report pages: the village's entry (built from the report form's indicators) and the
commune's review comments. They only parse; the services decide what is valid."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from langso.learning.content import localized
from langso.reporting.models import Indicator, ReportInput, ReportValue, VillageReport
from langso.reporting.services.reports import ReportEntry, asks_share, value_field

YES_NO = [("1", _("Yes")), ("0", _("No"))]


class NumberInput(forms.NumberInput):
    """A big number field that opens the phone's digit keypad."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "numeric", "step": "1", **(attrs or {})})


class ReportEntryForm(forms.Form):
    """The basis and one field per indicator of the report's form, pre-filled from the report."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    households = forms.IntegerField(label=_("Households in the village"), required=False, widget=NumberInput)
    adult_residents = forms.IntegerField(
        label=_("Residents aged 15 and over"),
        required=False,
        widget=NumberInput,
        help_text=_("Filled in from the village's register; correct it if it is wrong."),
    )
    surveyed = forms.IntegerField(
        label=_("People surveyed in the period"), required=False, widget=NumberInput
    )

    def __init__(self, data: Any = None, *, report: VillageReport, indicators: list[Indicator]) -> None:
        values: dict[int, ReportValue] = {value.indicator_id: value for value in report.values.all()}
        initial = {
            "revision": report.revision,
            "households": report.households,
            "adult_residents": report.adult_residents,
            "surveyed": report.surveyed,
        }
        for indicator in indicators:
            value = values.get(indicator.pk)
            initial[value_field(indicator)] = None if value is None else value.entered
        super().__init__(data, initial=initial)
        self.indicators = indicators
        if not asks_share(indicators):
            del self.fields["surveyed"]
        for indicator in indicators:
            self.fields[value_field(indicator)] = _indicator_field(indicator)

    def basis_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("households", "adult_residents", "surveyed") if name in self.fields]

    def indicator_fields(self) -> list[forms.BoundField]:
        return [self[value_field(indicator)] for indicator in self.indicators]

    def entry(self) -> ReportEntry:
        """What was typed, for the services (call after is_valid)."""
        data = self.cleaned_data
        values = {}
        for indicator in self.indicators:
            typed = data.get(value_field(indicator))
            values[indicator.code] = None if typed in (None, "") else int(typed)
        return ReportEntry(
            households=data.get("households"),
            adult_residents=data.get("adult_residents"),
            surveyed=data.get("surveyed"),
            values=values,
        )


def _indicator_field(indicator: Indicator) -> forms.Field:
    label = localized(indicator.name)
    help_text = localized(indicator.definition)
    if indicator.report_input == ReportInput.YES_NO:
        return forms.TypedChoiceField(
            label=label,
            help_text=help_text,
            choices=YES_NO,
            coerce=int,
            required=False,
            widget=forms.RadioSelect,
        )
    if indicator.report_input == ReportInput.SHARE_OF_SURVEYED:
        label = _("%(name)s (%% of the people surveyed)") % {"name": label}
    return forms.IntegerField(label=label, help_text=help_text, required=False, widget=NumberInput)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the village correct?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UnlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Why unlock this report?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
