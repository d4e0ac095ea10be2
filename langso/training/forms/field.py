"""Forms of field work: teams and duty days, skill checks, help requests. They parse input;
services decide."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from langso.accounts.models import User
from langso.people.forms import PersonSearchForm
from langso.places.models import Unit
from langso.training.models import CheckOutcome, HelpTopic, Weekday
from langso.training.services.help import HelpAsk

NOTE_WIDGET = forms.Textarea(attrs={"rows": 3})


class ClientUUIDForm(forms.Form):
    """A form whose rendering carries a fresh client UUID, so that a resent submit is recorded once."""

    client_uuid = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.initial.get("client_uuid"):
            self.initial["client_uuid"] = uuid.uuid4()


class UnitChoiceField(forms.ModelChoiceField):
    """A place, named with the unit above it ("Thôn Thống Nhất · Xã Hải Lạng")."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} · {obj.parent.name}" if obj.parent else str(obj.name)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class TeamForm(forms.Form):
    unit = UnitChoiceField(label=_("Village or commune"), queryset=Unit.objects.none())
    name = forms.CharField(
        label=_("Team name"),
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Tổ công nghệ số thôn Thống Nhất")}),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is None:
            del self.fields["unit"]
        else:
            unit_field = self.fields["unit"]
            assert isinstance(unit_field, forms.ModelChoiceField)
            unit_field.queryset = units


class MemberAddForm(forms.Form):
    user = UserChoiceField(label=_("Who joins"), queryset=User.objects.none())
    is_leader = forms.BooleanField(label=_("Team leader"), required=False)

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user_field = self.fields["user"]
        assert isinstance(user_field, forms.ModelChoiceField)
        user_field.queryset = candidates


class MemberForm(forms.Form):
    is_leader = forms.BooleanField(label=_("Team leader"), required=False)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On duty on"),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class SkillCheckForm(ClientUUIDForm):
    outcome = forms.ChoiceField(label=_("How did it go?"), choices=CheckOutcome.choices)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000, widget=NOTE_WIDGET)
    session = forms.IntegerField(widget=forms.HiddenInput, required=False)


class HelpFieldsForm(ClientUUIDForm):
    """The fields every way of asking for help shares."""

    topic = forms.ChoiceField(label=_("What do you need help with?"), choices=HelpTopic.choices)
    description = forms.CharField(
        label=_("Tell us more (optional)"), required=False, max_length=2000, widget=NOTE_WIDGET
    )


class AskHelpForm(HelpFieldsForm):
    """The public form: anyone gives a name, a phone the team will call and their village."""

    commune = forms.CharField(widget=forms.HiddenInput)
    village = forms.ModelChoiceField(label=_("Your village"), queryset=Unit.objects.none())
    name = forms.CharField(label=_("Your name"), max_length=200)
    phone = forms.CharField(
        label=_("Phone number the team can call"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    phone_consent = forms.BooleanField(
        label=_("I agree that the digital team keeps my phone number to call me about this request")
    )
    #: left empty by people; filled in by bots that fill every field
    website = forms.CharField(label=_("Leave this empty"), required=False)

    def __init__(self, *args: Any, villages: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        village_field = self.fields["village"]
        assert isinstance(village_field, forms.ModelChoiceField)
        village_field.queryset = villages

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def to_ask(self, person: Any = None) -> HelpAsk:
        data = self.cleaned_data
        return HelpAsk(
            name=data["name"],
            village=data["village"],
            topic=data["topic"],
            description=data["description"],
            phone=data["phone"],
            phone_consent=data["phone_consent"],
            person=person,
        )


class HelpeeSearchForm(PersonSearchForm):
    """The resident search of the on-behalf form, asking its question in its label."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("Who needs help? Search by name")


class CommuneSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Your commune"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "placeholder": _("e.g. hai lang")}
        ),
    )


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("Not resolved yet")),
            ("open", _("Waiting")),
            ("claimed", _("Being helped")),
            ("resolved", _("Resolved")),
            ("all", _("All")),
        ],
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("What was done"), max_length=2000, widget=NOTE_WIDGET)


class HandOnForm(forms.Form):
    """Hand a request on: `to` is "user:<id>" (a member of the team) or "team:<id>" (the commune's)."""

    to = forms.ChoiceField(label=_("Hand it on to"), choices=[])
    note = forms.CharField(label=_("Note for them"), max_length=2000, widget=NOTE_WIDGET)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        to_field = self.fields["to"]
        assert isinstance(to_field, forms.ChoiceField)
        to_field.choices = choices
