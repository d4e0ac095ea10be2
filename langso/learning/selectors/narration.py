"""Reads of narrations: which audio a learner hears, which languages each user may pick or record
in, and which recordings a reviewer may publish.

Who reviews what: a pending recording is reviewable by a user holding REVIEW_NARRATION at a unit
that contains one of the recorder's assigned units (the recorder's area, read from their role
assignments at review time; nothing extra is stored). Nobody reviews their own recording.
A published recording does not retire older published ones: the most recently published wins.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from langso.accounts import jurisdiction
from langso.accounts.jurisdiction import ROLE_ACTIONS, Action
from langso.accounts.models import User
from langso.learning.content import CONTENT_LANGUAGES
from langso.learning.models import (
    Narration,
    NarrationLanguage,
    NarrationSource,
    NarrationStatus,
    Step,
)
from langso.people.models import Person
from langso.places.models import PATH_SEPARATOR, Unit, UnitKind

#: a local language is added by a commune or a unit above it, never by a village
LANGUAGE_UNIT_KINDS = (UnitKind.COUNTRY, UnitKind.PROVINCE, UnitKind.COMMUNE)


def _preferred_first(narrations: QuerySet[Narration]) -> QuerySet[Narration]:
    """A recorded human voice before the synthetic one; among recordings, the latest published."""
    return narrations.order_by(
        Case(
            When(source=NarrationSource.RECORDED, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        F("reviewed_at").desc(nulls_last=True),
        "-created_at",
        "-pk",
    )


def _published(language_code: str) -> QuerySet[Narration]:
    return Narration.objects.filter(status=NarrationStatus.PUBLISHED, language__code=language_code)


def narration_for(step: Step, language_code: str) -> Narration | None:
    """The narration a learner hears for `step` in `language_code`, or None (the browser reads)."""
    return _preferred_first(_published(language_code).filter(step=step)).select_related("language").first()


def narrations_for_steps(steps: Iterable[Step], language_code: str) -> dict[int, Narration]:
    """`narration_for` for many steps (a whole lesson) in one query: step id → narration."""
    chosen: dict[int, Narration] = {}
    step_ids = [step.pk for step in steps]
    for narration in _preferred_first(_published(language_code).filter(step_id__in=step_ids)).select_related(
        "language"
    ):
        chosen.setdefault(narration.step_id, narration)
    return chosen


def get_published_narration(pk: int) -> Narration:
    """A published narration, for the public audio URL; anything else is a 404."""
    narration = Narration.objects.filter(pk=pk, status=NarrationStatus.PUBLISHED).first()
    if narration is None:
        raise Http404
    return narration


# --- Languages ------------------------------------------------------------------------------


def _ancestor_paths(path: str) -> list[str]:
    parts = path.rstrip(PATH_SEPARATOR).split(PATH_SEPARATOR)
    return [PATH_SEPARATOR.join(parts[: i + 1]) + PATH_SEPARATOR for i in range(len(parts))]


def _paths_for(user: User | AnonymousUser, action: Action) -> list[str]:
    return sorted(
        {
            grant.unit_path
            for grant in jurisdiction.grants_of(user)
            if action in ROLE_ACTIONS.get(grant.role, frozenset())
        }
    )


def is_narration_language(code: str) -> bool:
    return NarrationLanguage.objects.filter(code=code).exists()


def built_in_languages() -> QuerySet[NarrationLanguage]:
    """The platform's own languages (vi, en, id)."""
    return NarrationLanguage.objects.filter(unit__isnull=True)


def narration_languages_for(learner: Person | None, *, current: str = "") -> list[NarrationLanguage]:
    """The languages a learner may hear: the built-in ones, the local languages added by the units
    above the learner's village, and the one currently chosen."""
    wanted = Q(unit__isnull=True) | Q(code=current)
    if learner is not None:
        wanted |= Q(unit__path__in=_ancestor_paths(learner.village.path))
    return _in_display_order(NarrationLanguage.objects.filter(wanted))


def _in_display_order(languages: Iterable[NarrationLanguage]) -> list[NarrationLanguage]:
    """The text languages first, in their usual order, then local languages by name."""

    def key(language: NarrationLanguage) -> tuple[int, str]:
        if language.unit_id is None and language.code in CONTENT_LANGUAGES:
            return CONTENT_LANGUAGES.index(language.code), ""
        return len(CONTENT_LANGUAGES), language.name

    return sorted(languages, key=key)


def recordable_languages(user: User) -> list[NarrationLanguage]:
    """The languages a user may record in: the built-in ones and the local languages of their area
    (added at a unit above theirs or inside it). Empty for a user who may not record."""
    paths = _paths_for(user, Action.RECORD_NARRATION)
    if not paths:
        return []
    wanted = Q(unit__isnull=True) | Q(unit__path__in=[a for p in paths for a in _ancestor_paths(p)])
    for path in paths:
        wanted |= Q(unit__path__startswith=path)
    return _in_display_order(NarrationLanguage.objects.filter(wanted))


def may_record(user: User | AnonymousUser) -> bool:
    """Whether the user may record narrations anywhere."""
    return bool(_paths_for(user, Action.RECORD_NARRATION))


def may_review(user: User | AnonymousUser) -> bool:
    """Whether the user may review recordings anywhere."""
    return bool(_paths_for(user, Action.REVIEW_NARRATION))


def language_units_for(user: User) -> QuerySet[Unit]:
    """The units for which the user may add a local language: the highest units where they may
    record, when these are communes or above."""
    ids = jurisdiction.top_units_ids(user, Action.RECORD_NARRATION)
    return Unit.objects.filter(pk__in=ids, kind__in=LANGUAGE_UNIT_KINDS).order_by("path")


# --- Recording and review -------------------------------------------------------------------


def get_step_to_record(user: User, step_id: int) -> Step:
    """A step the user may record, with its lesson and skill; a 404 for a user who may not record."""
    step = Step.objects.select_related("lesson__skill").filter(pk=step_id).first()
    if step is None or not may_record(user):
        raise Http404
    return step


def next_step_of(step: Step) -> Step | None:
    """The step after `step` in its lesson, so that a recorder can go through a lesson in one sitting."""
    return Step.objects.filter(lesson_id=step.lesson_id, order__gt=step.order).order_by("order").first()


def recordings_of(user: User, step: Step) -> QuerySet[Narration]:
    """The user's own recordings of a step, newest first, with their review status."""
    return (
        Narration.objects.filter(step=step, source=NarrationSource.RECORDED, recorded_by=user)
        .select_related("language")
        .order_by("-created_at")
    )


def narrations_reviewable_by(user: User) -> QuerySet[Narration]:
    """Pending recordings made by users assigned inside the reviewer's area, except their own."""
    in_area = Narration.objects.filter(
        jurisdiction.scope_filter(user, Action.REVIEW_NARRATION, via="recorded_by__assignments__unit")
    ).values("pk")
    return (
        Narration.objects.filter(
            status=NarrationStatus.PENDING, source=NarrationSource.RECORDED, pk__in=in_area
        )
        .exclude(recorded_by=user)
        .select_related("step__lesson__skill", "language", "recorded_by")
        .order_by("created_at")
    )


def get_narration_to_review(user: User, pk: int) -> Narration:
    narration = narrations_reviewable_by(user).filter(pk=pk).first()
    if narration is None:
        raise Http404
    return narration


def get_recording_to_hear(user: User, pk: int) -> Narration:
    """A recording that is not public yet, for its recorder and its reviewers only."""
    narration = (
        Narration.objects.filter(pk=pk, source=NarrationSource.RECORDED, recorded_by=user).first()
        or narrations_reviewable_by(user).filter(pk=pk).first()
    )
    if narration is None:
        raise Http404
    return narration
