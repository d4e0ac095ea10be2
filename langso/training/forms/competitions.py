"""Forms of online competitions: the contest, its question pool, and reading a resident's answer.
They parse input; the services decide."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from langso.common.text import parse_number
from langso.learning.content import localized
from langso.learning.forms import answers_from_post
from langso.learning.models import Question, Skill
from langso.training.models import Competition, CompetitionQuestion
from langso.training.selectors.competitions import WRITTEN_FIELD

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


class OrganizerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class CompetitionForm(forms.Form):
    """A contest's settings. `organizers` limits the choice to the organizations the user may run one for."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What the contest is about (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    organizer = OrganizerField(label=_("Organized by"), queryset=None, empty_label=None)
    opens_at = forms.DateTimeField(label=_("Opens at"), widget=DateTimeLocalInput())
    closes_at = forms.DateTimeField(label=_("Closes at"), widget=DateTimeLocalInput())
    time_limit_minutes = forms.IntegerField(
        label=_("Time to answer (minutes)"),
        min_value=1,
        max_value=180,
        initial=15,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    question_count = forms.IntegerField(
        label=_("Questions per entry"),
        min_value=1,
        max_value=100,
        initial=10,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, organizers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organizer_field = self.fields["organizer"]
        assert isinstance(organizer_field, forms.ModelChoiceField)
        organizer_field.queryset = organizers
        if not self.is_bound and "opens_at" not in self.initial:
            tomorrow = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
            self.initial["opens_at"] = tomorrow + datetime.timedelta(days=1)
            self.initial["closes_at"] = tomorrow + datetime.timedelta(days=8)

    @classmethod
    def initial_from(cls, competition: Competition) -> dict[str, Any]:
        return {
            "title": competition.title,
            "description": competition.description,
            "organizer": competition.organizer_id,
            "opens_at": timezone.localtime(competition.opens_at),
            "closes_at": timezone.localtime(competition.closes_at),
            "time_limit_minutes": competition.time_limit_minutes,
            "question_count": competition.question_count,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The contest must close after it opens."))
        return data


class SkillsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(localized(obj.title))


class AddSkillsForm(forms.Form):
    """Every question of the chosen skills goes into the pool."""

    skills = SkillsField(
        label=_("Add all the questions of these skills"),
        queryset=Skill.objects.order_by("order"),
        widget=forms.CheckboxSelectMultiple,
    )


class AddQuestionForm(forms.Form):
    """One curriculum question goes into the pool."""

    question = forms.ModelChoiceField(queryset=Question.objects.all(), widget=forms.HiddenInput)


RIGHT_CHOICES = [(str(n), _("Choice %(n)s") % {"n": n + 1}) for n in range(4)]


class WrittenQuestionForm(forms.Form):
    """A single-choice question written for the contest: two to four choices, one of them right."""

    prompt = forms.CharField(label=_("Question"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    choice_1 = forms.CharField(label=_("Choice 1"), max_length=300)
    choice_2 = forms.CharField(label=_("Choice 2"), max_length=300)
    choice_3 = forms.CharField(label=_("Choice 3 (optional)"), max_length=300, required=False)
    choice_4 = forms.CharField(label=_("Choice 4 (optional)"), max_length=300, required=False)
    answer = forms.TypedChoiceField(
        label=_("Which choice is right?"), choices=RIGHT_CHOICES, coerce=int, widget=forms.RadioSelect
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answer = data.get("answer")
        if answer is not None and not (data.get(f"choice_{answer + 1}") or "").strip():
            self.add_error("answer", _("The right choice must have a text."))
        return data

    def choices_and_answer(self) -> tuple[list[str], int]:
        """The filled-in choices in order, and the index of the right one among them."""
        filled = [n for n in range(4) if (self.cleaned_data.get(f"choice_{n + 1}") or "").strip()]
        choices = [self.cleaned_data[f"choice_{n + 1}"].strip() for n in filled]
        return choices, filled.index(self.cleaned_data["answer"])


def answer_from_post(pool_question: CompetitionQuestion, data: QueryDict) -> Any:
    """The answer a question screen sent: learning's own reading for a curriculum question (an option
    index, 0/1, or the steps' indexes in the chosen order), a choice index for a written one; None
    when nothing usable was chosen (nor every step given its own number)."""
    question = pool_question.question
    if question is not None:
        given = answers_from_post([question], data)[question.code]
        return None if given == [] else given  # an ordering left incomplete or with a repeated number
    raw = data.get(WRITTEN_FIELD, "")
    choice = parse_number(raw)
    return choice if choice is not None and choice < len(pool_question.options) else None
