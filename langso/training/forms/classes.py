"""Forms of classes, sessions, enrolment and attendance. They parse input; services decide."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from langso.learning.content import localized
from langso.learning.models import Skill
from langso.people.models import Ethnicity, Gender
from langso.places.models import Unit
from langso.training.models import CheckInMethod, ClassSession, TrainingClass
from langso.training.services.classes import ClassData, NewcomerData


class SkillChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Skill)
        return str(localized(obj.title))


class VillageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        assert isinstance(obj, Unit)
        return f"{obj.name} · {obj.parent.name}" if obj.parent else obj.name


def _set_queryset(form: forms.Form, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class ClassForm(forms.Form):
    """A class: what, by whom, where, who teaches. The choices are limited to the user's area."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Using VNeID and paying by QR code")}),
    )
    organizer = forms.ModelChoiceField(label=_("Organizer"), queryset=Unit.objects.none())
    village = VillageChoiceField(label=_("Village of the venue"), queryset=Unit.objects.none())
    venue_name = forms.CharField(
        label=_("Place"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Nhà văn hóa thôn Thống Nhất")}),
    )
    skills = SkillChoiceField(
        label=_("Skills taught"), queryset=Skill.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers"), queryset=Unit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    mentors = forms.ModelMultipleChoiceField(
        label=_("Youth mentors"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        organizers: Any,
        villages: Any,
        skills: Any,
        trainers: Any,
        mentors: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("organizer", organizers),
            ("village", villages),
            ("skills", skills),
            ("trainers", trainers),
            ("mentors", mentors),
        ):
            _set_queryset(self, name, queryset)

    @classmethod
    def initial_from(cls, training_class: TrainingClass) -> dict[str, Any]:
        return {
            "title": training_class.title,
            "organizer": training_class.organizer_id,
            "village": training_class.village_id,
            "venue_name": training_class.venue_name,
            "skills": [skill.pk for skill in training_class.skills.all()],
            "trainers": [user.pk for user in training_class.trainers.all()],
            "mentors": [user.pk for user in training_class.mentors.all()],
        }

    def to_data(self) -> ClassData:
        data = self.cleaned_data
        return ClassData(
            title=data["title"],
            organizer=data["organizer"],
            village=data["village"],
            venue_name=data["venue_name"],
            skills=list(data["skills"]),
            trainers=list(data["trainers"]),
            mentors=list(data["mentors"]),
        )


class SessionForm(forms.Form):
    """A session's day and times, in local time."""

    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    topic = forms.CharField(label=_("Topic (optional)"), max_length=200, required=False)

    @classmethod
    def initial_from(cls, session: ClassSession) -> dict[str, Any]:
        starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        return {"day": starts.date(), "starts": starts.time(), "ends": ends.time(), "topic": session.topic}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", _("The session must end after it starts."))
        return data

    def times(self) -> tuple[datetime.datetime, datetime.datetime]:
        day = self.cleaned_data["day"]
        starts = timezone.make_aware(datetime.datetime.combine(day, self.cleaned_data["starts"]))
        ends = timezone.make_aware(datetime.datetime.combine(day, self.cleaned_data["ends"]))
        return starts, ends


class NewcomerForm(forms.Form):
    """A resident added at the door: name, birth year, gender, village; the ethnic group comes
    pre-filled with the village's most common one."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    birth_year = forms.IntegerField(
        label=_("Birth year"),
        min_value=1900,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, widget=forms.RadioSelect)
    village = VillageChoiceField(label=_("Village"), queryset=Unit.objects.none())
    ethnicity = forms.ModelChoiceField(
        label=_("Ethnic group"), queryset=Ethnicity.objects.all(), empty_label=None
    )

    def __init__(self, *args: Any, villages: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "village", villages)
        if not self.is_bound and not self.initial.get("client_uuid"):
            self.initial["client_uuid"] = uuid.uuid4()

    def to_data(self) -> NewcomerData:
        data = self.cleaned_data
        return NewcomerData(
            full_name=data["full_name"],
            birth_year=data["birth_year"],
            gender=data["gender"],
            village=data["village"],
            ethnicity=data["ethnicity"],
        )


#: "<person id>.<client uuid>", the uuid in its canonical 8-4-4-4-12 form
MARK_VALUE = r"^[0-9]{1,12}\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


class MarkForm(forms.Form):
    """A roster tap: "<person id>.<client uuid>" in the tapped button's value, so that one form with
    one CSRF token holds the whole roster; `enrol` confirms enrolling someone not on it."""

    mark = forms.RegexField(regex=MARK_VALUE)
    enrol = forms.BooleanField(required=False)

    def person_id(self) -> int:
        return int(self.cleaned_data["mark"].split(".", 1)[0])

    def client_uuid(self) -> uuid.UUID:
        return uuid.UUID(self.cleaned_data["mark"].split(".", 1)[1])


class UnmarkForm(forms.Form):
    person = forms.IntegerField(min_value=1)


class CheckInForm(forms.Form):
    """A learner card's code, typed or read from its QR code by the camera."""

    code = forms.CharField(
        label=_("Card code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    method = forms.ChoiceField(
        choices=[(CheckInMethod.CODE, CheckInMethod.CODE), (CheckInMethod.CARD, CheckInMethod.CARD)],
        required=False,
        widget=forms.HiddenInput,
    )
    client_uuid = forms.UUIDField(widget=forms.HiddenInput)
    enrol = forms.BooleanField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("client_uuid", uuid.uuid4())
            self.initial.setdefault("method", CheckInMethod.CODE)
