"""Users, their roles at units, and the audit log of sensitive reads and exports."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. Signs in with the username or the phone number."""

    phone = models.CharField(_("phone number"), max_length=20, unique=True, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class Role(models.TextChoices):
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    PROVINCE_OFFICER = "province_officer", _("Province officer")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    VILLAGE_HEAD = "village_head", _("Village head")
    UNION_CADRE = "union_cadre", _("Union cadre")
    TRAINER = "trainer", _("Trainer")
    MENTOR = "mentor", _("Youth mentor")
    CLERK = "clerk", _("Office clerk")
    COOPERATIVE_MANAGER = "cooperative_manager", _("Cooperative manager")
    LEARNER = "learner", _("Learner")


class RoleAssignment(models.Model):
    """`user` holds `role` at `unit` and everything below it, optionally for one organization."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "people.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"], name="one_assignment_per_user_role_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class AuditEvent(models.Model):
    """Who read or exported what, and over which scope. Written by `accounts.audit`."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=64)
    target = models.CharField(_("target"), max_length=200, blank=True)
    scope = models.CharField(_("scope"), max_length=255, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target}"
