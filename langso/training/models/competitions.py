"""Online competitions: a timed quiz open for a window, one scored entry per resident."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from langso.learning.models import FactLocation


class Competition(models.Model):
    """A quiz contest for the residents of the organizer's unit ("Hội thi tìm hiểu Công dân số")."""

    code = models.CharField(_("code"), max_length=12, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organizer = models.ForeignKey(
        "people.Organization", verbose_name=_("organizer"), on_delete=models.PROTECT, related_name="+"
    )
    #: whose residents may take part (the organizer's unit); leaderboards count within it
    unit = models.ForeignKey("places.Unit", on_delete=models.PROTECT, related_name="+", editable=False)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), default=15)
    question_count = models.PositiveSmallIntegerField(_("questions per entry"), default=10)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="competition_closes_after_open"
            ),
            models.CheckConstraint(condition=Q(time_limit_minutes__gte=1), name="competition_has_time"),
            models.CheckConstraint(condition=Q(question_count__gte=1), name="competition_has_questions"),
        ]

    def __str__(self) -> str:
        return self.title


class CompetitionQuestion(models.Model):
    """A question of a competition's pool: a curriculum question, or one written for the contest
    (single choice, in the contest's language)."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="questions")
    question = models.ForeignKey(
        "learning.Question", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    prompt = models.TextField(_("question"), blank=True)
    options = models.JSONField(_("choices"), default=list, blank=True)
    answer = models.PositiveSmallIntegerField(_("right choice"), default=0)

    class Meta:
        verbose_name = _("competition question")
        verbose_name_plural = _("competition questions")
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False) | ~Q(prompt=""), name="competition_question_has_text"
            ),
            models.UniqueConstraint(
                fields=["competition", "question"],
                condition=Q(question__isnull=False),
                name="curriculum_question_once",
            ),
        ]

    def __str__(self) -> str:
        return self.prompt[:60] or str(self.question)


class CompetitionEntry(FactLocation):
    """A resident's one scored attempt: started and timed on the server, questions in their own
    shuffled order. The resident's village, commune and province are kept for unit leaderboards."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="competition_entries")
    #: ids of the CompetitionQuestion rows drawn for this entry, in the order shown
    question_ids = models.JSONField(default=list)
    answers = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(_("started at"))
    deadline_at = models.DateTimeField(_("must finish by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    correct = models.PositiveSmallIntegerField(_("right answers"), default=0)
    total = models.PositiveSmallIntegerField(_("questions"), default=0)
    #: 0–100, set when submitted (or when the time ran out)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)

    class Meta:
        verbose_name = _("competition entry")
        verbose_name_plural = _("competition entries")
        constraints = [
            models.UniqueConstraint(fields=["competition", "person"], name="one_entry_per_person"),
        ]
        indexes = [models.Index(fields=["competition", "-score"], name="training_entry_score")]

    def __str__(self) -> str:
        return f"{self.person} · {self.competition}"
