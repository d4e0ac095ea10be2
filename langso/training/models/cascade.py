"""The cascade of training: conferences for cadres, and every link of who trained whom."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from langso.learning.models import FactLocation


class Conference(models.Model):
    """A training event for cadres (e.g. the province Women's Union training 100 commune cadres),
    held at a place, online, or both. Scoped by its organizer's unit."""

    title = models.CharField(_("title"), max_length=200)
    organizer = models.ForeignKey(
        "people.Organization", verbose_name=_("organizer"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("places.Unit", on_delete=models.PROTECT, related_name="+", editable=False)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    venue = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="conference_ends_after_start"
            ),
            models.CheckConstraint(condition=~Q(venue="") | ~Q(online_url=""), name="conference_has_a_place"),
        ]

    def __str__(self) -> str:
        return self.title


class ConferenceRegistration(models.Model):
    """A cadre registered for a conference; `attended_at` is set when they came."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="conference_registrations"
    )
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["conference", "person"], name="one_registration_per_conference")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.conference}"


class ConferenceMaterial(models.Model):
    """A file handed out at a conference (slides, a guide)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="conferences/")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title


class TrainingLink(FactLocation):
    """One edge of the cascade: `trainee` was trained by `trainer` (a person), or at `conference`.
    The trainee's village, commune and province are kept on the row for roll-ups.

    A pair is linked once (the first training counts); the cascade is the graph of these links."""

    trainee = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="trained_by_links")
    trainer = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="trained_links"
    )
    conference = models.ForeignKey(
        Conference, null=True, blank=True, on_delete=models.CASCADE, related_name="training_links"
    )
    training_class = models.ForeignKey(
        "training.TrainingClass", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    taught_on = models.DateField(_("trained on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training link")
        verbose_name_plural = _("training links")
        constraints = [
            models.CheckConstraint(
                condition=Q(trainer__isnull=False, conference__isnull=True)
                | Q(trainer__isnull=True, conference__isnull=False),
                name="link_from_a_trainer_or_a_conference",
            ),
            models.CheckConstraint(
                condition=~Q(trainer=models.F("trainee")), name="nobody_trains_themselves"
            ),
            models.UniqueConstraint(
                fields=["trainer", "trainee"], condition=Q(trainer__isnull=False), name="one_link_per_trainer"
            ),
            models.UniqueConstraint(
                fields=["conference", "trainee"],
                condition=Q(conference__isnull=False),
                name="one_link_per_conference",
            ),
        ]
        indexes = [models.Index(fields=["trainer"], name="training_link_trainer")]

    def __str__(self) -> str:
        return f"{self.trainer or self.conference} → {self.trainee}"
