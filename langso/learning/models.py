"""The curriculum, and what residents do with it: attempts, mastery, certificates, narration.

Curriculum texts are stored per language in JSON objects ({"vi": "…", "en": "…", "id": "…"}),
loaded from the content files under `curriculum/` and correctable in the admin;
`learning.content.localized` picks the active language.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Skill(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    order = models.PositiveSmallIntegerField(_("order"))
    icon = models.CharField(_("icon"), max_length=32, blank=True)
    title = models.JSONField(_("title"))
    summary = models.JSONField(_("summary"))
    #: how many questions a practice set draws from the skill's pool
    practice_size = models.PositiveSmallIntegerField(_("questions per practice set"), default=5)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["order"]

    def __str__(self) -> str:
        return str(self.title.get("vi", self.code))


class Lesson(models.Model):
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="lessons")
    code = models.SlugField(_("code"), max_length=64)
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.JSONField(_("title"))

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["skill__order", "order"]
        constraints = [models.UniqueConstraint(fields=["skill", "code"], name="lesson_code_unique_in_skill")]

    def __str__(self) -> str:
        return f"{self.skill.code}/{self.code}"


class Step(models.Model):
    """One screen of a lesson: a short text (Markdown) and, where a picture helps, an illustration."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    text = models.JSONField(_("text"))
    #: file name of an SVG under learning/static/learning/illustrations/
    illustration = models.CharField(_("illustration"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["lesson", "order"]
        constraints = [
            models.UniqueConstraint(fields=["lesson", "order"], name="step_order_unique_in_lesson")
        ]

    def __str__(self) -> str:
        return f"{self.lesson} #{self.order}"


class QuestionKind(models.TextChoices):
    SINGLE_CHOICE = "single_choice", _("Choose one answer")
    ORDER = "order", _("Put the steps in order")
    TRUE_FALSE = "true_false", _("Is this a scam?")


class Question(models.Model):
    """A practice question. `options` holds the texts per language: the choices (single choice),
    the steps in their right order (order), or nothing (true/false); `answer` is the index of the
    right choice, or 1 for "yes, a scam" and 0 for "no".
    """

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="questions")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("code"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind.choices)
    prompt = models.JSONField(_("prompt"))
    options = models.JSONField(_("options"), default=dict, blank=True)
    answer = models.PositiveSmallIntegerField(_("answer"), default=0)
    explanation = models.JSONField(_("explanation"))
    illustration = models.CharField(_("illustration"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["skill__order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["skill", "code"], name="question_code_unique_in_skill")
        ]

    def __str__(self) -> str:
        return f"{self.skill.code}/{self.code}"


class CertificateSet(models.Model):
    """A set of skills whose mastery earns a certificate, e.g. "Công dân số cơ bản"."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    title = models.JSONField(_("title"))
    skills = models.ManyToManyField(Skill, related_name="certificate_sets")

    class Meta:
        verbose_name = _("certificate set")
        verbose_name_plural = _("certificate sets")

    def __str__(self) -> str:
        return str(self.title.get("vi", self.code))


class FactLocation(models.Model):
    """The village, commune and province of a fact, so that roll-ups group without joins and a
    national deployment can shard by province."""

    village = models.ForeignKey("places.Unit", on_delete=models.PROTECT, related_name="+")
    commune = models.ForeignKey("places.Unit", on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey("places.Unit", on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class Attempt(FactLocation):
    """One practice set taken by a resident: numbered per person and skill (1st, 2nd, 3rd…)."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="attempts")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="attempts")
    number = models.PositiveIntegerField(_("attempt number"))
    correct = models.PositiveSmallIntegerField(_("right answers"))
    total = models.PositiveSmallIntegerField(_("questions"))
    passed = models.BooleanField(_("passed"))
    #: [{"question": "code", "given": …, "right": true}] — what review is built from
    answers = models.JSONField(_("answers"), default=list)
    #: made by the device that took the set, so that a resent attempt is recorded once
    client_uuid = models.UUIDField(unique=True, default=uuid.uuid4)
    taken_at = models.DateTimeField(_("taken at"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["person", "skill", "number"]
        constraints = [
            models.UniqueConstraint(fields=["person", "skill", "number"], name="attempt_number_unique"),
            models.CheckConstraint(
                condition=Q(correct__lte=models.F("total")), name="attempt_correct_le_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.skill} · #{self.number}"


class MasterySource(models.TextChoices):
    PRACTICE = "practice", _("Practice passed")
    MENTOR = "mentor", _("Hands-on check by a mentor")


class Mastery(FactLocation):
    """A resident has mastered a skill, once: through a passed practice set or a mentor's check."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="masteries")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="masteries")
    source = models.CharField(_("how it was mastered"), max_length=16, choices=MasterySource.choices)
    attempt = models.OneToOneField(
        Attempt, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mastered_at = models.DateTimeField(_("mastered at"))

    class Meta:
        verbose_name = _("mastery")
        verbose_name_plural = _("masteries")
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="one_mastery_per_person_skill")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.skill}"


class Certificate(models.Model):
    """Issued once per person and set. Holds a copy of what it certifies, so that it stays true."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="certificates")
    certificate_set = models.ForeignKey(CertificateSet, on_delete=models.PROTECT, related_name="certificates")
    holder_name = models.CharField(_("name"), max_length=200)
    skill_titles = models.JSONField(_("skills"))
    issuing_unit = models.ForeignKey("places.Unit", on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField(_("issued at"))

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "certificate_set"], name="one_certificate_per_person_set"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.holder_name}"


class NarrationLanguage(models.Model):
    """A language a step can be heard in: the text languages, and local ones a unit adds (Tày, Dao…)."""

    code = models.SlugField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=100)
    #: the unit that added a local language; empty for the platform's own languages
    unit = models.ForeignKey("places.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    #: the espeak-ng voice that can synthesize it, if any ("vi", "en", "id")
    espeak_voice = models.CharField(_("synthetic voice"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("narration language")
        verbose_name_plural = _("narration languages")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class NarrationSource(models.TextChoices):
    SYNTHETIC = "synthetic", _("Synthetic voice")
    RECORDED = "recorded", _("Recorded voice")


class NarrationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class Narration(models.Model):
    """An audio file reading one step aloud in one language. A published recorded voice is preferred
    over the synthetic one; `text_digest` ties a synthetic file to the text it was made from."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="narrations")
    language = models.ForeignKey(NarrationLanguage, on_delete=models.PROTECT, related_name="narrations")
    source = models.CharField(_("source"), max_length=16, choices=NarrationSource.choices)
    status = models.CharField(_("status"), max_length=16, choices=NarrationStatus.choices)
    audio = models.FileField(_("audio"), upload_to="narration/")
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    text_digest = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("narration")
        verbose_name_plural = _("narrations")
        ordering = ["step", "language", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["step", "language"],
                condition=Q(source="synthetic"),
                name="one_synthetic_narration_per_step_language",
            )
        ]

    def __str__(self) -> str:
        return f"{self.step} · {self.language.code} · {self.get_source_display()}"
