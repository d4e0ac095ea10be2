"""Writes of online competitions: the contest and its question pool (staff), and a resident's one
timed entry: started, answered, submitted and scored on the server."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from langso.accounts import jurisdiction
from langso.accounts.jurisdiction import Action
from langso.accounts.models import User
from langso.common.codes import new_code
from langso.learning.models import Question, Skill
from langso.learning.services.progress import is_right, location_of
from langso.people.models import Organization, Person
from langso.training.models import Competition, CompetitionEntry, CompetitionQuestion

CODE_LENGTH = 8
#: settings that cannot change once a resident has started: every entry must play by the same rules
RULES = ("organizer", "time_limit_minutes", "question_count")
#: an entry's links never change after its start: re-checking them on every answer would cost 5 queries
FIXED_LINKS = ["competition", "person", "village", "commune", "province"]


def _require_manage(actor: User, competition: Competition) -> None:
    jurisdiction.require(actor, Action.MANAGE_COMPETITIONS, competition.unit)


def has_started(competition: Competition) -> bool:
    """Whether any resident has started the contest (its questions and rules are then frozen)."""
    return CompetitionEntry.objects.filter(competition=competition).exists()


def _check_pool_ready(competition: Competition, *, now: datetime, pool_size: int | None = None) -> None:
    """An open (or opened) contest must hold enough questions for a full entry."""
    size = competition.questions.count() if pool_size is None else pool_size
    if competition.opens_at <= now and size < competition.question_count:
        raise ValidationError(
            {
                "opens_at": _(
                    "The question pool holds %(size)s questions but each entry needs %(count)s: "
                    "add questions first, or open the contest later."
                )
                % {"size": size, "count": competition.question_count}
            }
        )


@transaction.atomic
def create_competition(
    *,
    actor: User,
    title: str,
    organizer: Organization,
    opens_at: datetime,
    closes_at: datetime,
    time_limit_minutes: int,
    question_count: int,
    description: str = "",
    now: datetime | None = None,
) -> Competition:
    """A new contest for the residents of the organizer's unit (its questions are added next)."""
    jurisdiction.require(actor, Action.MANAGE_COMPETITIONS, organizer.unit)
    competition = Competition(
        code=_free_code(),
        title=title,
        description=description,
        organizer=organizer,
        unit=organizer.unit,
        opens_at=opens_at,
        closes_at=closes_at,
        time_limit_minutes=time_limit_minutes,
        question_count=question_count,
        created_by=actor,
    )
    competition.full_clean()
    _check_pool_ready(competition, now=now or timezone.now(), pool_size=0)
    competition.save()
    return competition


def _free_code() -> str:
    while True:
        code = new_code(CODE_LENGTH)
        if not Competition.objects.filter(code=code).exists():
            return code


@transaction.atomic
def update_competition(
    *, actor: User, competition: Competition, now: datetime | None = None, **changes: Any
) -> Competition:
    """Change a contest's title, description, window or rules; the rules (organizer, time limit,
    questions per entry) are frozen once a resident has started."""
    _require_manage(actor, competition)
    changed_rules = [f for f in RULES if f in changes and changes[f] != getattr(competition, f)]
    if changed_rules and has_started(competition):
        raise ValidationError(
            {
                f: _("Residents have already started this contest: this cannot change now.")
                for f in changed_rules
            }
        )
    if "organizer" in changes:
        jurisdiction.require(actor, Action.MANAGE_COMPETITIONS, changes["organizer"].unit)
        competition.unit = changes["organizer"].unit
    for field, value in changes.items():
        setattr(competition, field, value)
    competition.full_clean()
    _check_pool_ready(competition, now=now or timezone.now())
    competition.save()
    # An entry running when the contest is made to close earlier must stop at the new close too.
    competition.entries.filter(submitted_at__isnull=True, deadline_at__gt=competition.closes_at).update(
        deadline_at=competition.closes_at
    )
    return competition


def _require_editable_pool(actor: User, competition: Competition) -> None:
    _require_manage(actor, competition)
    Competition.objects.select_for_update().filter(pk=competition.pk).first()  # one pool change at a time
    if has_started(competition):
        raise ValidationError(
            _("Residents have already started this contest: its questions cannot change now.")
        )


@transaction.atomic
def add_skill_questions(*, actor: User, competition: Competition, skills: Iterable[Skill]) -> int:
    """Add every curriculum question of `skills` to the pool; returns how many were new."""
    _require_editable_pool(actor, competition)
    present = set(competition.questions.exclude(question=None).values_list("question_id", flat=True))
    new = (
        Question.objects.filter(skill__in=list(skills))
        .exclude(pk__in=present)
        .order_by("skill__order", "code")
    )
    rows = [CompetitionQuestion(competition=competition, question=question) for question in new]
    for row in rows:
        row.full_clean(validate_constraints=False)
    CompetitionQuestion.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def add_curriculum_question(
    *, actor: User, competition: Competition, question: Question
) -> CompetitionQuestion:
    """Add one curriculum question to the pool (once: adding it again returns the same row)."""
    _require_editable_pool(actor, competition)
    row, _created = CompetitionQuestion.objects.get_or_create(competition=competition, question=question)
    return row


@transaction.atomic
def write_question(
    *, actor: User, competition: Competition, prompt: str, choices: list[str], answer: int
) -> CompetitionQuestion:
    """A single-choice question written for the contest: 2 to 4 choices, `answer` the right one's index."""
    _require_editable_pool(actor, competition)
    choices = [choice.strip() for choice in choices]
    if not 2 <= len(choices) <= 4 or not all(choices):
        raise ValidationError(_("Give two to four choices."))
    if not 0 <= answer < len(choices):
        raise ValidationError({"answer": _("Choose which of the choices is right.")})
    row = CompetitionQuestion(competition=competition, prompt=prompt.strip(), options=choices, answer=answer)
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def remove_question(
    *, actor: User, competition: Competition, pool_question: CompetitionQuestion, now: datetime | None = None
) -> None:
    """Take a question out of the pool, unless the contest is open and would be left short."""
    if pool_question.competition_id != competition.pk:
        raise PermissionDenied
    _require_editable_pool(actor, competition)
    _check_pool_ready(competition, now=now or timezone.now(), pool_size=competition.questions.count() - 1)
    pool_question.delete()


# --- a resident's entry ------------------------------------------------------------------------


def is_eligible(person: Person, competition: Competition) -> bool:
    """Whether the person lives in the contest's unit."""
    return person.village.path.startswith(competition.unit.path)


@transaction.atomic
def start_entry(
    *, person: Person, competition: Competition, now: datetime | None = None, rng: random.Random | None = None
) -> CompetitionEntry:
    """The person's one entry: made on the first start with its questions drawn and shuffled, and
    its deadline set; starting again returns the same entry."""
    existing = CompetitionEntry.objects.filter(competition=competition, person=person).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    if not is_eligible(person, competition):
        raise ValidationError(
            _("This contest is for the residents of %(unit)s.") % {"unit": competition.unit}
        )
    if now < competition.opens_at:
        raise ValidationError(_("This contest has not opened yet."))
    if now >= competition.closes_at:
        raise ValidationError(_("This contest has closed."))
    pool = list(competition.questions.order_by("id").values_list("id", flat=True))
    if len(pool) < competition.question_count:
        raise ValidationError(_("This contest is not ready yet."))
    entry = CompetitionEntry(
        competition=competition,
        person=person,
        question_ids=(rng or random.Random()).sample(pool, competition.question_count),
        started_at=now,
        deadline_at=min(now + timedelta(minutes=competition.time_limit_minutes), competition.closes_at),
        total=competition.question_count,
        **location_of(person),
    )
    entry.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # the same start sent twice at once: the second finds the first
            entry.save()
    except IntegrityError:
        return CompetitionEntry.objects.get(competition=competition, person=person)
    return entry


def _locked(entry: CompetitionEntry) -> CompetitionEntry:
    return CompetitionEntry.objects.select_for_update().get(pk=entry.pk)


@transaction.atomic
def record_answer(*, entry: CompetitionEntry, number: int, given: Any, now: datetime | None = None) -> bool:
    """Keep the answer to question `number` (1-based) of the entry; False when it arrives after the
    deadline or the submission (it is then ignored), or answers nothing."""
    now = now or timezone.now()
    entry = _locked(entry)
    if entry.submitted_at is not None or not 1 <= number <= len(entry.question_ids) or given in (None, []):
        return False
    if now >= entry.deadline_at:
        _score(entry, at=entry.deadline_at)
        return False
    entry.answers = {**entry.answers, str(entry.question_ids[number - 1]): given}
    entry.full_clean(exclude=FIXED_LINKS, validate_constraints=False)
    entry.save(update_fields=["answers"])
    return True


@transaction.atomic
def submit_entry(*, entry: CompetitionEntry, now: datetime | None = None) -> CompetitionEntry:
    """Score the entry now (once: submitting again changes nothing)."""
    entry = _locked(entry)
    if entry.submitted_at is None:
        _score(entry, at=min(now or timezone.now(), entry.deadline_at))
    return entry


@transaction.atomic
def finalize_if_overdue(*, entry: CompetitionEntry, now: datetime | None = None) -> CompetitionEntry:
    """Score an entry whose time ran out without a submission, as of its deadline."""
    if entry.submitted_at is not None or (now or timezone.now()) < entry.deadline_at:
        return entry
    entry = _locked(entry)
    if entry.submitted_at is None:
        _score(entry, at=entry.deadline_at)
    return entry


def finalize_overdue_entries(*, competition: Competition | None = None, now: datetime | None = None) -> int:
    """Score every entry whose time ran out (of one contest, or of all); returns how many."""
    now = now or timezone.now()
    overdue = CompetitionEntry.objects.filter(submitted_at=None, deadline_at__lte=now)
    if competition is not None:
        overdue = overdue.filter(competition=competition)
    count = 0
    for entry in overdue.only("pk", "submitted_at", "deadline_at").iterator():
        count += finalize_if_overdue(entry=entry, now=now).submitted_at is not None
    return count


def _score(entry: CompetitionEntry, *, at: datetime) -> None:
    pool = CompetitionQuestion.objects.filter(pk__in=entry.question_ids).select_related("question")
    questions = {row.pk: row for row in pool}
    answers = entry.answers
    entry.correct = sum(
        is_correct(questions[qid], answers[str(qid)])
        for qid in entry.question_ids
        if qid in questions and str(qid) in answers
    )
    entry.total = len(entry.question_ids)
    entry.score = (200 * entry.correct + entry.total) // (2 * entry.total) if entry.total else 0  # half up
    entry.submitted_at = at
    entry.full_clean(exclude=FIXED_LINKS, validate_constraints=False)
    entry.save(update_fields=["correct", "total", "score", "submitted_at"])


def is_correct(pool_question: CompetitionQuestion, given: Any) -> bool:
    """Whether `given` answers a pool question: learning's grading for a curriculum question, the
    choice's index for a written one."""
    if pool_question.question is not None:
        return is_right(pool_question.question, given)
    try:
        return int(given) == pool_question.answer
    except (TypeError, ValueError):
        return False
