"""Help requests: a resident asks the digital team for help on a topic; a member claims it,
resolves it or hands it on."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from langso.learning.models import FactLocation


class HelpTopic(models.TextChoices):
    VNEID = "vneid", _("VNeID")
    PAYMENT = "payment", _("Cashless payment")
    ZALO = "zalo", _("Zalo")
    PUBLIC_SERVICES = "public_services", _("Online public services")
    SCAMS = "scams", _("Scams")
    OTHER = "other", _("Something else")


class HelpStatus(models.TextChoices):
    OPEN = "open", _("Waiting")
    CLAIMED = "claimed", _("Being helped")
    RESOLVED = "resolved", _("Resolved")


class HelpChannel(models.TextChoices):
    RESIDENT = "resident", _("Asked by the resident")
    MENTOR = "mentor", _("Asked by a mentor on their behalf")
    PUBLIC = "public", _("Public form")


class HelpRequest(FactLocation):
    """A request for help, in the queue of the team of its village (or of its commune when the
    village has no team). Its village, commune and province are kept on the row for roll-ups."""

    team = models.ForeignKey(
        "training.DigitalTeam", null=True, blank=True, on_delete=models.SET_NULL, related_name="help_requests"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="help_requests"
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    phone_consent_at = models.DateTimeField(_("consent to keep the phone number"), null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=32, choices=HelpTopic.choices)
    description = models.TextField(_("what is the problem"), blank=True)
    channel = models.CharField(_("asked through"), max_length=16, choices=HelpChannel.choices)
    status = models.CharField(_("status"), max_length=16, choices=HelpStatus.choices, default=HelpStatus.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution_note = models.TextField(_("what was done"), blank=True)
    created_at = models.DateTimeField(_("asked at"))
    claimed_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    client_uuid = models.UUIDField(unique=True, default=uuid.uuid4)

    class Meta:
        verbose_name = _("help request")
        verbose_name_plural = _("help requests")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["team", "status"], name="training_help_team_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone_consent_at__isnull=False), name="help_phone_only_with_consent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.get_topic_display()}"


class HelpEventKind(models.TextChoices):
    ASKED = "asked", _("Asked")
    CLAIMED = "claimed", _("Claimed")
    HANDED_ON = "handed_on", _("Handed on")
    RESOLVED = "resolved", _("Resolved")
    RELEASED = "released", _("Given back to the queue")


class HelpEvent(models.Model):
    """What happened to a request, in order: who asked, claimed, handed it on (to whom), resolved."""

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=16, choices=HelpEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: for a hand-on: the member or team it went to
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_team = models.ForeignKey(
        "training.DigitalTeam", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("help request event")
        verbose_name_plural = _("help request events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request} · {self.get_kind_display()}"
