"""Forms of the learner's pages: reading a practice set's answers and a synced attempt."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.http import QueryDict

from langso.common.text import parse_number
from langso.learning.models import Question, QuestionKind


def answers_from_post(questions: list[Question], data: QueryDict) -> dict[str, Any]:
    """The answers of a submitted practice form, keyed by question code. An ordering question's
    answer is its option indexes sorted by the positions the learner chose (a repeated or missing
    position makes it wrong)."""
    answers: dict[str, Any] = {}
    for question in questions:
        if question.kind == QuestionKind.ORDER:
            positions = {}
            for index in range(len(next(iter(question.options.values()), []))):
                raw = data.get(f"q-{question.code}-{index}", "")
                positions[index] = parse_number(raw)
            if None in positions.values() or len(set(positions.values())) != len(positions):
                answers[question.code] = []
            else:
                answers[question.code] = sorted(positions, key=lambda index: positions[index] or 0)
        else:
            raw = data.get(f"q-{question.code}", "")
            answers[question.code] = parse_number(raw)
    return answers


class SyncedAttemptForm(forms.Form):
    """An attempt a device sends (after taking it offline, or made before signing in)."""

    client_uuid = forms.UUIDField()
    skill = forms.SlugField(max_length=64)
    answers = forms.JSONField()
    taken_at = forms.DateTimeField()

    @classmethod
    def from_body(cls, body: bytes) -> SyncedAttemptForm:
        try:
            data = json.loads(body or b"{}")
        except json.JSONDecodeError:
            data = {}
        if isinstance(data, dict) and not isinstance(data.get("answers"), str):
            data["answers"] = json.dumps(data.get("answers"))
        return cls(data if isinstance(data, dict) else {})

    def clean_answers(self) -> dict[str, Any]:
        answers = self.cleaned_data["answers"]
        if not isinstance(answers, dict):
            raise forms.ValidationError("answers must be an object of question codes")
        return answers
