"""Residents, their ethnic groups, the mass organizations and memberships, and import batches."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Ethnicity(models.Model):
    """An officially recognized ethnic group (Vietnam: the 54 in the statistics office's list)."""

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)
    #: the majority group of the country (Kinh in Vietnam); every other group is a minority
    is_majority = models.BooleanField(_("majority group"), default=False)

    class Meta:
        verbose_name = _("ethnic group")
        verbose_name_plural = _("ethnic groups")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


class OrganizationKind(models.TextChoices):
    WOMEN = "women", _("Women's Union")
    YOUTH = "youth", _("Youth Union")
    FARMERS = "farmers", _("Farmers' Association")
    FRONT = "front", _("Fatherland Front")
    VETERANS = "veterans", _("Veterans' Association")
    ELDERLY = "elderly", _("Elderly Association")


class Organization(models.Model):
    """A mass organization's chapter at one unit, e.g. "Hội LHPN xã Hải Lạng"."""

    kind = models.CharField(_("kind"), max_length=16, choices=OrganizationKind.choices)
    unit = models.ForeignKey(
        "places.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["unit__path", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind"], name="one_organization_per_kind_and_unit")
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A resident. Holds no citizen-ID number; a phone is kept only with recorded consent.

    `commune` and `province` repeat what `village` implies, so that roll-ups group without joins
    and a national deployment can shard by province.
    """

    full_name = models.CharField(_("full name"), max_length=200)
    #: the name folded for search (lower case, no diacritics): see langso.common.text.normalize_text
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    ethnicity = models.ForeignKey(Ethnicity, verbose_name=_("ethnic group"), on_delete=models.PROTECT)
    village = models.ForeignKey(
        "places.Unit", verbose_name=_("village"), on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey("places.Unit", on_delete=models.PROTECT, related_name="+", editable=False)
    province = models.ForeignKey("places.Unit", on_delete=models.PROTECT, related_name="+", editable=False)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    phone_consent_at = models.DateTimeField(_("consent to keep the phone number"), null=True, blank=True)
    is_cadre = models.BooleanField(_("cadre"), default=False)
    is_ocop_subject = models.BooleanField(_("OCOP subject"), default=False)
    #: the person's own account, when they sign in as a learner
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    #: the short code printed on the person's learner card (and in its QR code), made on first use
    card_code = models.CharField(
        _("card code"), max_length=12, unique=True, null=True, blank=True, editable=False
    )
    #: set by the device that first recorded the person, so that a resent form creates nothing new
    client_uuid = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["search_name", "id"]
        indexes = [models.Index(fields=["village", "search_name"], name="people_person_village_name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(phone="") | Q(phone_consent_at__isnull=False), name="phone_only_with_consent"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name


class Membership(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="memberships")
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["person", "organization"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.organization}"


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Checked, waiting for confirmation")
    COMMITTED = "committed", _("Imported")
    CANCELLED = "cancelled", _("Cancelled")


class ImportBatch(models.Model):
    """An uploaded file of residents, checked row by row, then imported whole or not at all."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scope_unit = models.ForeignKey("places.Unit", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    #: rows that passed every check, ready to insert: a list of plain dicts
    valid_rows = models.JSONField(default=list, blank=True)
    #: every problem found: [{"row": 7, "column": "birth_year", "message": "…"}]
    errors = models.JSONField(default=list, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    imported_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def bad_row_count(self) -> int:
        return len({error["row"] for error in self.errors})


class MilestoneKind(models.TextChoices):
    MASTERED = "mastered", _("First skill mastered")
    BASIC_CITIZEN = "basic-citizen", _("Basic digital citizen")
    CASCADE = "cascade", _("Trained in the cascade")
    CONFERENCE = "conference", _("Attended a training conference")


class Milestone(models.Model):
    """The first time a resident reached a step the indicators count (first skill mastered, basic
    digital citizen, trained in the cascade, at a training conference). Kept by the apps that own
    the facts, so that the people app can count a person once wherever they live now."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=16, choices=MilestoneKind.choices)
    reached_on = models.DateField(_("reached on"))

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [models.UniqueConstraint(fields=["person", "kind"], name="one_milestone_per_kind")]
        indexes = [models.Index(fields=["kind", "reached_on"], name="people_milestone_kind_on")]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.kind} · {self.reached_on}"
