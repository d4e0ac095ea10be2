"""What training facts add to the roll-ups: help requests asked and resolved within 3 days (by the
day they were asked, in their village), and the mentors active in a unit and period (counted once
each, however much they did, from the attendance they marked, the skill checks they recorded and
the help requests they resolved). The services call the `note_*` functions in the same transaction
as the fact; `training_tallies` recomputes the same numbers from the raw facts (the rebuild)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from django.db.models import Count, F, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from langso.people.models import MilestoneKind, Person
from langso.people.services.milestones import replace_milestones, set_milestone
from langso.rollups.models import DistinctMark
from langso.rollups.selectors import ancestry_by_village
from langso.rollups.services import Change, TallyKey, apply_changes, count_distinct, sum_changes, tally_keys
from langso.training.models import Attendance, ConferenceRegistration, HelpRequest, SkillCheck, TrainingLink
from langso.training.selectors.help import FLAG_AFTER

HELP_ASKED = "help-asked"
HELP_RESOLVED_IN_3_DAYS = "help-resolved-in-3-days"
ACTIVE_MENTORS = "active-mentors"
TRAINING_METRICS = (HELP_ASKED, HELP_RESOLVED_IN_3_DAYS, ACTIVE_MENTORS)


def _units(village_id: int) -> tuple[int, ...]:
    return ancestry_by_village([village_id])[village_id]


def note_help_asked(help_request: HelpRequest) -> None:
    """A request was asked: one more asked on its day."""
    apply_changes(
        [Change(HELP_ASKED, _units(help_request.village_id), timezone.localdate(help_request.created_at))]
    )


def note_help_resolved(help_request: HelpRequest) -> None:
    """A request was resolved: counted on the day it was asked when within 3 days, and its resolver
    was active on the day of resolving."""
    assert help_request.resolved_at is not None and help_request.resolved_by_id is not None
    units = _units(help_request.village_id)
    if is_resolved_in_time(help_request.created_at, help_request.resolved_at):
        apply_changes([Change(HELP_RESOLVED_IN_3_DAYS, units, timezone.localdate(help_request.created_at))])
    _note_activity(help_request.resolved_by_id, units, help_request.resolved_at, delta=1)


def is_resolved_in_time(asked_at: datetime, resolved_at: datetime) -> bool:
    return resolved_at <= asked_at + FLAG_AFTER


def note_attendance_marked(attendance: Attendance, *, delta: int = 1) -> None:
    """The mentor who marked (delta=1) or took back (delta=-1) an attendance."""
    _note_activity(attendance.marked_by_id, _units(attendance.village_id), attendance.marked_at, delta=delta)


def note_skill_checked(check: SkillCheck) -> None:
    """The mentor who recorded a hands-on check was active that day."""
    _note_activity(check.checked_by_id, _units(check.village_id), check.checked_at, delta=1)


def _note_activity(user_id: int, units: tuple[int, ...], at: datetime, *, delta: int) -> None:
    count_distinct(
        metric=ACTIVE_MENTORS, subject=user_id, unit_ids=units, day=timezone.localdate(at), delta=delta
    )


def refresh_cascade_milestone(person: Person) -> None:
    """The first day the person was trained in the cascade, from the links that remain."""
    first = TrainingLink.objects.filter(trainee=person).aggregate(first=Min("taught_on"))["first"]
    set_milestone(person=person, kind=MilestoneKind.CASCADE, on=first)


def refresh_conference_milestone(person: Person) -> None:
    """The first day the person attended a training conference, from the attendance that remains."""
    first = ConferenceRegistration.objects.filter(person=person, attended_at__isnull=False).aggregate(
        first=Min(TruncDate("attended_at"))
    )["first"]
    set_milestone(person=person, kind=MilestoneKind.CONFERENCE, on=first)


# The rebuild.


def rebuild_training_milestones() -> None:
    """Every person's first cascade link and first conference attended, from the raw facts."""
    replace_milestones(
        kind=MilestoneKind.CASCADE,
        source=TrainingLink.objects.values(person_id=F("trainee_id"))
        .annotate(reached_on=Min("taught_on"))
        .order_by(),
    )
    replace_milestones(
        kind=MilestoneKind.CONFERENCE,
        source=ConferenceRegistration.objects.filter(attended_at__isnull=False)
        .values("person_id")
        .annotate(reached_on=Min(TruncDate("attended_at")))
        .order_by(),
    )


def training_tallies() -> tuple[Counter[TallyKey], list[DistinctMark]]:
    """The training metrics' tallies and the active mentors' marks, from the raw facts."""
    ancestry = ancestry_by_village(None)
    asked = (
        HelpRequest.objects.values_list("village_id", TruncDate("created_at"))
        .annotate(
            asked=Count("id"),
            in_time=Count(
                "id", filter=Q(resolved_at__isnull=False, resolved_at__lte=F("created_at") + FLAG_AFTER)
            ),
        )
        .order_by()
    )
    tallies = sum_changes(
        change
        for village_id, day, asked_count, in_time in asked
        for change in (
            Change(HELP_ASKED, ancestry[village_id], day, asked_count),
            Change(HELP_RESOLVED_IN_3_DAYS, ancestry[village_id], day, in_time),
        )
    )
    marks = _mentor_marks(ancestry)
    for mark in marks:
        tallies[(ACTIVE_MENTORS, mark.unit_id, mark.period_kind, mark.period_start)] += 1
    return tallies, marks


def _activity_days() -> Iterable[tuple[int, int, date, int]]:
    """(mentor, village, day, how many facts) from the three kinds of mentor activity."""
    sources = [
        Attendance.objects.values_list("marked_by_id", "village_id", TruncDate("marked_at")),
        SkillCheck.objects.values_list("checked_by_id", "village_id", TruncDate("checked_at")),
        HelpRequest.objects.filter(resolved_by__isnull=False, resolved_at__isnull=False).values_list(
            "resolved_by_id", "village_id", TruncDate("resolved_at")
        ),
    ]
    for source in sources:
        yield from source.annotate(n=Count("id")).order_by()


def _mentor_marks(ancestry: Mapping[int, tuple[int, ...]]) -> list[DistinctMark]:
    facts: Counter[tuple[int, int, str, date]] = Counter()
    for user_id, village_id, day, count in _activity_days():
        for _metric, unit_id, kind, start in tally_keys(Change(ACTIVE_MENTORS, ancestry[village_id], day)):
            facts[(user_id, unit_id, kind, start)] += count
    return [
        DistinctMark(
            metric=ACTIVE_MENTORS,
            subject=user_id,
            unit_id=unit_id,
            period_kind=kind,
            period_start=start,
            facts=count,
        )
        for (user_id, unit_id, kind, start), count in facts.items()
    ]


__all__ = [
    "TRAINING_METRICS",
    "is_resolved_in_time",
    "note_attendance_marked",
    "note_help_asked",
    "note_help_resolved",
    "note_skill_checked",
    "rebuild_training_milestones",
    "refresh_cascade_milestone",
    "refresh_conference_milestone",
    "training_tallies",
]
