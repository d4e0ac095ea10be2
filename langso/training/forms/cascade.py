"""Forms of the cascade and conferences. They parse input; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from langso.people.models import Organization
from langso.training.models import Conference
from langso.training.services.conferences import MATERIAL_SIGNATURES, ConferenceData, check_material_file

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConferenceForm(forms.Form):
    """A conference. `organizers` limits the choice to the organizations the user runs conferences for."""

    title = forms.CharField(label=_("Title"), max_length=200)
    organizer = forms.ModelChoiceField(label=_("Organizer"), queryset=Organization.objects.none())
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE)
    venue = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Online link"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, organizers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organizer_field = self.fields["organizer"]
        assert isinstance(organizer_field, forms.ModelChoiceField)
        organizer_field.queryset = organizers

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        if not data.get("venue", "").strip() and not data.get("online_url"):
            self.add_error("venue", _("Give a place, an online link, or both."))
        return data

    @classmethod
    def initial_from(cls, conference: Conference) -> dict[str, Any]:
        return {
            "title": conference.title,
            "organizer": conference.organizer_id,
            "starts_on": conference.starts_on,
            "ends_on": conference.ends_on,
            "venue": conference.venue,
            "online_url": conference.online_url,
            "description": conference.description,
        }

    def to_data(self) -> ConferenceData:
        data = self.cleaned_data
        return ConferenceData(
            title=data["title"],
            organizer=data["organizer"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            venue=data["venue"],
            online_url=data["online_url"],
            description=data["description"],
        )


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File (PDF, Word, Excel, PowerPoint, JPG, PNG or MP4; at most 20 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(sorted(MATERIAL_SIGNATURES))}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        check_material_file(upload.name or "", upload.size or 0, head)
        return upload


class PersonChoiceForm(forms.Form):
    """One person picked by id (the registration and attendance taps)."""

    person = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class HomeTrainingForm(forms.Form):
    """ "X taught Y at home": the trainer is chosen first, then each tap records one trainee."""

    trainee = forms.IntegerField(min_value=1)
    taught_on = forms.DateField(label=_("Taught on"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("taught_on", timezone.localdate())

    def clean_taught_on(self) -> Any:
        taught_on = self.cleaned_data["taught_on"]
        if taught_on > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return taught_on
