"""Village classes: who organizes them, where, who teaches, which skills; their sessions, the
residents enrolled and who came to each session."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from langso.learning.models import FactLocation


class ClassStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class TrainingClass(models.Model):
    """A class run by an organization in a village's meeting place, e.g. the Women's Union of Hải Lạng
    teaching VNeID and cashless payment at "Nhà văn hóa thôn Thống Nhất".

    Scoped by its venue village (and the commune and province it lies in, kept on the row)."""

    title = models.CharField(_("title"), max_length=200)
    organizer = models.ForeignKey(
        "people.Organization", verbose_name=_("organizer"), on_delete=models.PROTECT, related_name="+"
    )
    village = models.ForeignKey(
        "places.Unit", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey("places.Unit", on_delete=models.PROTECT, related_name="+", editable=False)
    province = models.ForeignKey("places.Unit", on_delete=models.PROTECT, related_name="+", editable=False)
    venue_name = models.CharField(_("place"), max_length=200)
    skills = models.ManyToManyField("learning.Skill", verbose_name=_("skills"), related_name="+")
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("trainers"), related_name="classes_taught", blank=True
    )
    mentors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("mentors"), related_name="classes_mentored", blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ClassStatus.choices, default=ClassStatus.ACTIVE
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class ClassSession(models.Model):
    """One meeting of a class: a date and a start and end time."""

    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.training_class} · {self.starts_at:%Y-%m-%d %H:%M}"


class Enrolment(models.Model):
    """A resident taking part in a class."""

    training_class = models.ForeignKey(TrainingClass, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="enrolments")
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    enrolled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["training_class", "person"], name="one_enrolment_per_class")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.training_class}"


class CheckInMethod(models.TextChoices):
    TAP = "tap", _("Marked on the roster")
    CARD = "card", _("Learner card scanned")
    CODE = "code", _("Card code typed")
    PAPER = "paper", _("From the paper sheet")


class Attendance(FactLocation):
    """A resident present at a session. One row per (session, person): marking again changes nothing.

    Carries the resident's village, commune and province so that reporting counts without joins."""

    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="attendances")
    method = models.CharField(_("how"), max_length=8, choices=CheckInMethod.choices)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(_("marked at"))
    #: set by the phone that marked it, so that a resent tap finds the first one
    client_uuid = models.UUIDField(unique=True, default=uuid.uuid4)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_attendance_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.session}"
