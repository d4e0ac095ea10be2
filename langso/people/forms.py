"""Forms for residents, villages, imports and search. They parse input; services decide."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from langso.people.models import Ethnicity, Gender, OrganizationKind, Person
from langso.people.services import PersonData
from langso.places.models import Unit

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("e.g. nguyen thi huong"), "autocomplete": "off"}
        ),
    )

    def query(self) -> str:
        """What was typed, or "" when the form does not parse."""
        return str(self.cleaned_data["q"]) if self.is_valid() else ""


class PersonForm(forms.Form):
    """A resident's record. `villages` limits the choice to the villages the user manages."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput, required=False)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, widget=forms.RadioSelect)
    birth_year = forms.IntegerField(
        label=_("Birth year"),
        min_value=1900,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    ethnicity = forms.ModelChoiceField(
        label=_("Ethnic group"), queryset=Ethnicity.objects.all(), empty_label=None
    )
    village = forms.ModelChoiceField(label=_("Village"), queryset=Unit.objects.none())
    phone = forms.CharField(
        label=_("Phone number (optional)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )
    phone_consent = forms.BooleanField(
        label=_("The person agrees that we keep this phone number"), required=False
    )
    is_cadre = forms.BooleanField(label=_("Cadre"), required=False)
    is_ocop_subject = forms.BooleanField(label=_("OCOP subject (makes an OCOP product)"), required=False)
    organizations = forms.MultipleChoiceField(
        label=_("Member of"),
        choices=OrganizationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        village_field = self.fields["village"]
        assert isinstance(village_field, forms.ModelChoiceField)
        village_field.queryset = villages
        if not self.is_bound and not self.initial.get("client_uuid"):
            self.initial["client_uuid"] = uuid.uuid4()

    @classmethod
    def initial_from(cls, person: Person) -> dict[str, Any]:
        return {
            "full_name": person.full_name,
            "gender": person.gender,
            "birth_year": person.birth_year,
            "ethnicity": person.ethnicity_id,
            "village": person.village_id,
            "phone": person.phone,
            "phone_consent": bool(person.phone_consent_at),
            "is_cadre": person.is_cadre,
            "is_ocop_subject": person.is_ocop_subject,
            "organizations": [m.organization.kind for m in person.memberships.all()],
        }

    def to_data(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(
            full_name=data["full_name"],
            gender=data["gender"],
            birth_year=data["birth_year"],
            ethnicity=data["ethnicity"],
            village=data["village"],
            phone=data["phone"],
            phone_consent=data["phone_consent"],
            is_cadre=data["is_cadre"],
            is_ocop_subject=data["is_ocop_subject"],
            organization_kinds=list(data["organizations"]),
        )


class VillageForm(forms.Form):
    DIVISION_TYPES = [
        ("thôn", _("Thôn (hamlet)")),
        ("bản", _("Bản (highland hamlet)")),
        ("tổ dân phố", _("Tổ dân phố (residential group)")),
        ("khu", _("Khu (quarter)")),
    ]
    name = forms.CharField(
        label=_("Village name"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Thôn Thống Nhất")}),
    )
    division_type = forms.ChoiceField(label=_("Type"), choices=DIVISION_TYPES)


class ImportUploadForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Import into"), queryset=Unit.objects.none(), empty_label=None)
    file = forms.FileField(
        label=_("File (.csv or .xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"})
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB. Split it into smaller files."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload
