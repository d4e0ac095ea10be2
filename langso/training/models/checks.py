"""Hands-on skill checks: a mentor watches a resident try a skill on their own phone."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from langso.learning.models import FactLocation


class CheckOutcome(models.TextChoices):
    """The movement's scale, from the mentor's eyes."""

    NOT_YET = "not_yet", pgettext_lazy("skill check outcome", "Not yet")
    WITH_HELP = "with_help", _("Did it with help")
    ALONE = "alone", _("Did it alone")


class SkillCheck(FactLocation):
    """One try of a skill watched by a mentor, numbered per resident and skill (1st, 2nd, 3rd…).
    "Did it alone" masters the skill through learning's service."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="skill_checks")
    skill = models.ForeignKey("learning.Skill", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(_("try number"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=CheckOutcome.choices)
    note = models.TextField(_("note"), blank=True)
    session = models.ForeignKey(
        "training.ClassSession", null=True, blank=True, on_delete=models.SET_NULL, related_name="skill_checks"
    )
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    checked_at = models.DateTimeField(_("checked at"))
    client_uuid = models.UUIDField(unique=True, default=uuid.uuid4)

    class Meta:
        verbose_name = _("skill check")
        verbose_name_plural = _("skill checks")
        ordering = ["person", "skill", "number"]
        constraints = [
            models.UniqueConstraint(fields=["person", "skill", "number"], name="one_check_number_per_skill")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.skill} · {self.number}"
