"""Digital technology teams: the youth of a village (or a commune) who help residents, and the days
each member is on duty."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigitalTeam(models.Model):
    """The digital technology team of one village or one commune ("Tổ công nghệ số cộng đồng")."""

    unit = models.OneToOneField(
        "places.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="digital_team"
    )
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("digital technology team")
        verbose_name_plural = _("digital technology teams")
        ordering = ["unit__path"]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A member of a team, with an account (they claim help requests and record checks)."""

    team = models.ForeignKey(DigitalTeam, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    is_leader = models.BooleanField(_("team leader"), default=False)
    joined_on = models.DateField(_("joined on"), auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [models.UniqueConstraint(fields=["team", "user"], name="one_membership_per_team")]

    def __str__(self) -> str:
        return f"{self.user} · {self.team}"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class DutyDay(models.Model):
    """A day of the week on which a member is on duty for the team."""

    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="duty_days")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)

    class Meta:
        verbose_name = _("duty day")
        verbose_name_plural = _("duty days")
        ordering = ["weekday"]
        constraints = [
            models.UniqueConstraint(fields=["member", "weekday"], name="one_duty_per_member_and_day")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.get_weekday_display()}"
