"""Reads of online competitions: staff lists and pools through the jurisdiction, a resident's
contests and question screens, and the leaderboards (scoped for staff, anonymous for the public)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from langso.accounts.jurisdiction import Action, may, scope_filter, top_units_ids
from langso.accounts.models import User
from langso.learning.content import localized
from langso.learning.models import Question, QuestionKind, Skill
from langso.people.models import Organization, Person
from langso.people.selectors import PERSON_FIELD_OF_KIND, count_people_in, people_visible_to
from langso.places.models import CHILD_KIND, Unit, UnitKind
from langso.training.models import Competition, CompetitionEntry, CompetitionQuestion

#: how long a closed contest stays on the residents' list (its results stay reachable by code)
RECENTLY_CLOSED = timedelta(days=30)
WRITTEN_FIELD = "q-written"


def _count_of(rows: QuerySet[Any], group: str, aggregate: Any) -> Coalesce:
    """A correlated subquery: `aggregate` over `rows` grouped by `group` (0 when there are none)."""
    value = rows.values(group).annotate(value=aggregate).values("value").order_by()
    return Coalesce(Subquery(value, output_field=IntegerField()), Value(0))


def _with_figures(competitions: QuerySet[Competition], now: datetime | None = None) -> QuerySet[Competition]:
    """Each contest with `pool_size`, `entry_count` and `status` ("upcoming", "open", "closed")."""
    now = now or timezone.now()
    pool = CompetitionQuestion.objects.filter(competition=OuterRef("pk"))
    entries = CompetitionEntry.objects.filter(competition=OuterRef("pk"))
    return competitions.select_related("organizer", "unit").annotate(
        pool_size=_count_of(pool, "competition", Count("id")),
        entry_count=_count_of(entries, "competition", Count("id")),
        status=Case(
            When(opens_at__gt=now, then=Value("upcoming")),
            When(closes_at__lte=now, then=Value("closed")),
            default=Value("open"),
        ),
    )


# --- staff ---------------------------------------------------------------------------------------


def competitions_visible_to(user: User) -> QuerySet[Competition]:
    """Contests at or below the units where the user sees training, and those above them (a
    province contest that their residents play), newest first, with their figures."""
    scope = scope_filter(user, Action.VIEW_TRAINING, via="unit")
    tops = Unit.objects.filter(id__in=top_units_ids(user, Action.VIEW_TRAINING)).values_list(
        "path", flat=True
    )
    above = {path for top in tops for path in Unit(path=top).ancestor_paths}
    if above:
        scope |= Q(unit__path__in=above)
    return _with_figures(Competition.objects.filter(scope)).order_by("-opens_at", "-id")


def get_competition_visible_to(user: User, pk: int) -> Competition:
    """One contest the user may see; 404 otherwise (never confirm it exists)."""
    competition = competitions_visible_to(user).filter(pk=pk).first()
    if competition is None:
        raise Http404
    return competition


def get_competition_managed_by(user: User, pk: int) -> Competition:
    """One contest the user may change (its question pool too); 404 otherwise."""
    competition = get_competition_visible_to(user, pk)
    if not may(user, Action.MANAGE_COMPETITIONS, competition.unit):
        raise Http404
    return competition


def organizers_for(user: User) -> QuerySet[Organization]:
    """The organizations in whose name the user may run a contest."""
    return Organization.objects.filter(
        scope_filter(user, Action.MANAGE_COMPETITIONS, via="unit")
    ).select_related("unit")


def pool_of(competition: Competition) -> list[CompetitionQuestion]:
    """The contest's question pool, curriculum questions first (in course order), then written ones."""
    return list(
        competition.questions.select_related("question__skill").order_by(
            F("question__skill__order").asc(nulls_last=True), "question__code", "id"
        )
    )


def curriculum_skills() -> QuerySet[Skill]:
    """The skills whose questions a contest may draw on."""
    return Skill.objects.annotate(question_count=Count("questions")).order_by("order")


def skill_questions_for_pool(competition: Competition, skill: Skill) -> list[tuple[Question, bool]]:
    """The skill's questions, each with whether it is already in the contest's pool."""
    in_pool = CompetitionQuestion.objects.filter(competition=competition, question=OuterRef("pk"))
    questions = skill.questions.annotate(in_pool=Exists(in_pool)).order_by("code")
    return [(question, bool(question.in_pool)) for question in questions]


# --- leaderboards --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    """One scored entry on the leaderboard; `name` is "" where it must stay hidden."""

    rank: int
    name: str
    village: str
    score: int
    correct: int
    total: int
    seconds: int

    @property
    def time_taken(self) -> str:
        return clock(self.seconds)


def clock(seconds: float) -> str:
    """A duration as minutes:seconds, e.g. 4:05."""
    whole = max(int(seconds), 0)
    return f"{whole // 60}:{whole % 60:02d}"


def leaderboard_by_person(competition: Competition, *, user: User | None = None) -> QuerySet[Any]:
    """Scored entries, best first: score, then the shorter time, then the earlier submission. With a
    `user`, `shows_name` says whether they may see the person; without (public), names are left out."""
    entries = (
        CompetitionEntry.objects.filter(competition=competition, score__isnull=False)
        .annotate(taken=ExpressionWrapper(F("submitted_at") - F("started_at"), output_field=DurationField()))
        .order_by("-score", "taken", "submitted_at", "id")
    )
    fields = ["score", "correct", "total", "taken", "village__name"]
    if user is None:
        return entries.values(*fields)
    visible = people_visible_to(user).filter(pk=OuterRef("person_id"))
    return entries.annotate(shows_name=Exists(visible)).values(*fields, "shows_name", "person__full_name")


def ranked(rows: Any, *, first_rank: int = 1) -> list[PersonRow]:
    """A page of `leaderboard_by_person` as PersonRows numbered from `first_rank`."""
    return [
        PersonRow(
            rank=first_rank + index,
            name=row["person__full_name"] if row.get("shows_name") else "",
            village=row["village__name"],
            score=row["score"],
            correct=row["correct"],
            total=row["total"],
            seconds=int(row["taken"].total_seconds()) if row["taken"] is not None else 0,
        )
        for index, row in enumerate(rows)
    ]


@dataclass(frozen=True)
class UnitRow:
    """A unit's standing: participation = participants / eligible residents, average of scored entries."""

    name: str
    eligible: int
    participants: int
    scored: int
    score_sum: int

    @property
    def participation(self) -> int | None:
        return round(100 * self.participants / self.eligible) if self.eligible else None

    @property
    def average(self) -> int | None:
        return round(self.score_sum / self.scored) if self.scored else None


def leaderboard_by_unit(competition: Competition) -> list[UnitRow]:
    """The contest unit's child units (communes of a province, villages of a commune), in one query,
    best participation first, then best average."""
    child_kind = CHILD_KIND.get(UnitKind(competition.unit.kind))
    if child_kind is None:
        return []
    field = PERSON_FIELD_OF_KIND[child_kind]
    people = Person.objects.filter(**{field: OuterRef("pk")})
    entries = CompetitionEntry.objects.filter(competition=competition, **{field: OuterRef("pk")})
    units = Unit.objects.filter(parent=competition.unit).annotate(
        eligible=_count_of(people, field, Count("id")),
        participants=_count_of(entries, field, Count("id")),
        scored=_count_of(entries, field, Count("score")),
        score_sum=_count_of(entries, field, Sum("score")),
    )
    rows = [
        UnitRow(unit.name, unit.eligible, unit.participants, unit.scored, unit.score_sum) for unit in units
    ]
    return sorted(rows, key=lambda row: (-(row.participation or 0), -(row.average or -1), row.name))


def unit_total(competition: Competition) -> UnitRow:
    """The whole contest unit's standing (the sum row under the unit leaderboard)."""
    figures = CompetitionEntry.objects.filter(competition=competition).aggregate(
        participants=Count("id"), scored=Count("score"), score_sum=Coalesce(Sum("score"), 0)
    )
    return UnitRow(name=competition.unit.name, eligible=count_people_in(competition.unit), **figures)


# --- residents -----------------------------------------------------------------------------------


def contests_for(
    person: Person, *, now: datetime | None = None
) -> list[tuple[Competition, CompetitionEntry | None]]:
    """The ready contests open to the person's village (open, coming, or recently closed), each with
    the person's entry, in two queries."""
    now = now or timezone.now()
    contests = list(
        _with_figures(Competition.objects.filter(unit__path__in=person.village.ancestor_paths), now)
        .filter(closes_at__gt=now - RECENTLY_CLOSED, pool_size__gte=F("question_count"))  # type: ignore[misc]
        .order_by("closes_at")
    )
    entries = {
        entry.competition_id: entry for entry in person.competition_entries.filter(competition__in=contests)
    }
    return [(contest, entries.get(contest.pk)) for contest in contests]


def get_contest(code: str) -> Competition:
    """A contest by its public code, with its figures; 404 when there is none."""
    contest = _with_figures(Competition.objects.filter(code=code.upper())).first()
    if contest is None:
        raise Http404
    return contest


def entry_of(person: Person, competition: Competition) -> CompetitionEntry | None:
    return CompetitionEntry.objects.filter(person=person, competition=competition).first()


def seconds_left(entry: CompetitionEntry, *, now: datetime | None = None) -> int:
    """Whole seconds until the entry's deadline (0 when it has passed)."""
    return max(int((entry.deadline_at - (now or timezone.now())).total_seconds()), 0)


def time_taken(entry: CompetitionEntry) -> str:
    """How long a submitted entry took, as minutes:seconds ("" before it is submitted)."""
    if entry.submitted_at is None:
        return ""
    return clock((entry.submitted_at - entry.started_at).total_seconds())


def answered_numbers(entry: CompetitionEntry) -> list[tuple[int, bool]]:
    """(number, answered) for each question of the entry, in the order shown."""
    return [(n, str(qid) in entry.answers) for n, qid in enumerate(entry.question_ids, start=1)]


@dataclass(frozen=True)
class QuestionScreen:
    """What one question screen shows. `choices` are (value, text) of a single choice; `steps` are
    (original index, text, position chosen before) in a shuffled order for an ordering question."""

    number: int
    count: int
    kind: str
    prompt: str
    illustration: str
    field: str
    choices: list[tuple[int, str]]
    steps: list[tuple[int, str, int | None]]
    given: Any


def question_screen(entry: CompetitionEntry, number: int) -> QuestionScreen:
    """Question `number` (1-based) of the entry in the active language; 404 beyond its questions."""
    row = pool_question_of(entry, number)
    given = entry.answers.get(str(row.pk))
    common = {"number": number, "count": len(entry.question_ids), "given": given}
    question = row.question
    if question is None:
        choices = list(enumerate(row.options))
        return QuestionScreen(
            **common,
            kind=QuestionKind.SINGLE_CHOICE,
            prompt=row.prompt,
            illustration="",
            field=WRITTEN_FIELD,
            choices=choices,
            steps=[],
        )
    options = localized(question.options) or []
    steps: list[tuple[int, str, int | None]] = []
    choices = []
    if question.kind == QuestionKind.ORDER:
        chosen = given if isinstance(given, list) else []
        steps = [
            (index, text, chosen.index(index) + 1 if index in chosen else None)
            for index, text in enumerate(options)
        ]
        random.Random(f"{entry.pk}-{number}").shuffle(steps)  # the same order each time it is shown
    elif question.kind == QuestionKind.SINGLE_CHOICE:
        choices = list(enumerate(options))
    return QuestionScreen(
        **common,
        kind=question.kind,
        prompt=localized(question.prompt),
        illustration=question.illustration,
        field=f"q-{question.code}",
        choices=choices,
        steps=steps,
    )


def pool_question_of(entry: CompetitionEntry, number: int) -> CompetitionQuestion:
    """The pool question shown as `number` of the entry, with its curriculum question; 404 beyond."""
    if not 1 <= number <= len(entry.question_ids):
        raise Http404
    row = (
        CompetitionQuestion.objects.select_related("question")
        .filter(pk=entry.question_ids[number - 1])
        .first()
    )
    if row is None:
        raise Http404
    return row
