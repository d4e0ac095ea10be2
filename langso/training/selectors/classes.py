"""Reads of classes, sessions, enrolments and attendance, always through the viewing user's
jurisdiction: a class is seen by whoever may view training at its venue village."""

from __future__ import annotations

import datetime
import difflib
import uuid
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from langso.accounts.jurisdiction import Action, may, scope_filter
from langso.accounts.models import Role, RoleAssignment, User
from langso.common.codes import normalize_code
from langso.common.text import normalize_text
from langso.learning.models import Skill
from langso.people.models import Ethnicity, Organization, Person
from langso.people.selectors import people_visible_to
from langso.places.models import Unit, UnitKind
from langso.places.selectors import subtree_filter
from langso.training.models import Attendance, ClassSession, ClassStatus, Enrolment, TrainingClass

TRAINER_ROLES = (Role.TRAINER, Role.UNION_CADRE)
MENTOR_ROLES = (Role.MENTOR,)
#: how close two folded names must be (difflib ratio) to be suggested as the same person
NAME_SIMILARITY = 0.85
#: how many years apart two birth years may be and still suggest the same person
BIRTH_YEAR_SLACK = 2
MAJORITY_ETHNICITY_CODE = "01"  # Kinh


def classes_visible_to(user: User) -> QuerySet[TrainingClass]:
    """Every class whose venue village the user may view training at, newest first, with the
    organizer and the venue loaded. Public: other areas may start from it."""
    return TrainingClass.objects.filter(
        scope_filter(user, Action.VIEW_TRAINING, via="village")
    ).select_related("organizer", "village", "commune")


def class_list_for(user: User, *, include_archived: bool = False) -> QuerySet[TrainingClass]:
    """The classes a user sees on the list, with their counts of sessions and enrolled people."""
    classes = classes_visible_to(user)
    if not include_archived:
        classes = classes.filter(status=ClassStatus.ACTIVE)
    return classes.annotate(
        session_count=Count("sessions", distinct=True), enrolled_count=Count("enrolments", distinct=True)
    ).order_by("-created_at", "-pk")


def get_class_visible_to(user: User, class_id: int) -> TrainingClass:
    """One class with its skills, trainers and mentors; 404 when out of the user's reach."""
    training_class = (
        classes_visible_to(user).prefetch_related("skills", "trainers", "mentors").filter(pk=class_id).first()
    )
    if training_class is None:
        raise Http404
    return training_class


def get_class_to_manage(user: User, class_id: int) -> TrainingClass:
    """A class the user may change (MANAGE_CLASSES at its village); 404 otherwise."""
    training_class = get_class_visible_to(user, class_id)
    if not may(user, Action.MANAGE_CLASSES, training_class.village):
        raise Http404
    return training_class


def present_count(session: ClassSession) -> int:
    """How many residents were marked present at the session."""
    return Attendance.objects.filter(session=session).count()


def sessions_of(training_class: TrainingClass) -> list[ClassSession]:
    """The class's sessions in time order, each with `present_count`."""
    return list(training_class.sessions.annotate(present_count=Count("attendances")).order_by("starts_at"))


def enrolments_of(training_class: TrainingClass) -> list[Enrolment]:
    """The class's enrolled residents by name, with their villages. Whoever may see the class sees
    everyone enrolled in it, also residents of a neighbouring village: the mentor marking the roster
    must see every name on it. (Their progress and records stay behind the people scope.)"""
    return list(
        training_class.enrolments.select_related("person__village").order_by(
            "person__search_name", "person_id"
        )
    )


def get_session_visible_to(user: User, session_id: int) -> ClassSession:
    """One session with its class, organizer and venue; 404 when out of the user's reach."""
    session = (
        ClassSession.objects.filter(training_class__in=classes_visible_to(user), pk=session_id)
        .select_related("training_class__organizer", "training_class__village", "training_class__commune")
        .first()
    )
    if session is None:
        raise Http404
    return session


def sessions_for(user: User, day: datetime.date) -> list[ClassSession]:
    """Sessions on `day` (local time) of active classes the user teaches or mentors, within the
    user's reach, in time order, with class, organizer and venue loaded. Public: the mentor's field
    screens list them."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    classes = (
        classes_visible_to(user).filter(status=ClassStatus.ACTIVE).filter(Q(trainers=user) | Q(mentors=user))
    )
    return list(
        ClassSession.objects.filter(
            training_class__in=classes.values("pk"), starts_at__gte=start, starts_at__lt=end
        )
        .select_related("training_class__organizer", "training_class__village")
        .order_by("starts_at")
    )


@dataclass(frozen=True)
class RosterRow:
    """One enrolled resident on a session's roster, and their attendance if marked."""

    person: Person
    attendance: Attendance | None
    #: made at render: the tap's identity, so that a resent tap finds the first mark
    client_uuid: uuid.UUID = field(default_factory=uuid.uuid4)

    @property
    def is_present(self) -> bool:
        return self.attendance is not None


def roster(session: ClassSession) -> list[RosterRow]:
    """The enrolled residents of the session's class by name, each with their attendance: two
    queries whatever the size of the class."""
    enrolments = enrolments_of(session.training_class)
    marked = {row.person_id: row for row in Attendance.objects.filter(session=session)}
    return [RosterRow(enrolment.person, marked.get(enrolment.person_id)) for enrolment in enrolments]


def roster_row(session: ClassSession, person: Person) -> RosterRow:
    """One resident's row on the roster (after a tap)."""
    return RosterRow(person, Attendance.objects.filter(session=session, person=person).first())


def attendees_of(session: ClassSession) -> list[Attendance]:
    """Who was marked present at the session, by name."""
    return list(
        session.attendances.select_related("person__village").order_by("person__search_name", "person_id")
    )


def is_enrolled(training_class: TrainingClass, person: Person) -> bool:
    return Enrolment.objects.filter(training_class=training_class, person=person).exists()


def person_by_card(user: User, training_class: TrainingClass, raw_code: str) -> Person | None:
    """The resident whose learner card carries this code (typed or scanned): one enrolled in the
    class, or else one the user may see."""
    code = normalize_code(raw_code)
    if not code:
        return None
    enrolled = Person.objects.filter(enrolments__training_class=training_class, card_code=code)
    visible = people_visible_to(user).filter(card_code=code)
    return enrolled.select_related("village").first() or visible.select_related("village").first()


def get_person_to_mark(user: User, training_class: TrainingClass, person_id: int) -> Person:
    """A resident enrolled in the class, or one the user could enrol; 404 otherwise."""
    person = (
        Person.objects.filter(enrolments__training_class=training_class, pk=person_id)
        .select_related("village")
        .first()
        or enrollable_people(user, training_class).filter(pk=person_id).select_related("village").first()
    )
    if person is None:
        raise Http404
    return person


def get_enrollable_person(user: User, training_class: TrainingClass, person_id: int) -> Person:
    """A resident the user may see, living in the organizer's area; 404 otherwise."""
    person = enrollable_people(user, training_class).filter(pk=person_id).select_related("village").first()
    if person is None:
        raise Http404
    return person


def enrollable_people(user: User, training_class: TrainingClass) -> QuerySet[Person]:
    """Residents the user may see who live in the area of the class's organizer."""
    area = training_class.organizer.unit.path
    return people_visible_to(user).filter(subtree_filter(area, via="village"))


def enrolled_ids(training_class: TrainingClass) -> set[int]:
    return set(training_class.enrolments.values_list("person_id", flat=True))


def likely_matches(
    user: User, *, village: Unit, full_name: str, birth_year: int, limit: int = 5
) -> list[Person]:
    """Residents the user may see who are probably the person being added: in the village's commune,
    born within two years, with the same or a very close name (ignoring case and diacritics)."""
    wanted = normalize_text(full_name)
    commune_id = village.parent_id
    candidates = people_visible_to(user).filter(
        commune_id=commune_id,
        birth_year__gte=birth_year - BIRTH_YEAR_SLACK,
        birth_year__lte=birth_year + BIRTH_YEAR_SLACK,
    )
    scored = []
    for person in candidates.select_related("village").only(
        "id", "full_name", "search_name", "birth_year", "gender", "village__name"
    ):
        score = difflib.SequenceMatcher(None, wanted, person.search_name).ratio()
        if score >= NAME_SIMILARITY:
            scored.append((-score, person.search_name, person.pk, person))
    return [person for *_key, person in sorted(scored)[:limit]]


def default_ethnicity_for(village: Unit) -> Ethnicity | None:
    """The most common ethnic group among the village's residents; Kinh when it has none."""
    top = (
        Person.objects.filter(village=village)
        .values("ethnicity_id")
        .annotate(n=Count("id"))
        .order_by("-n", "ethnicity_id")
        .first()
    )
    if top is not None:
        return Ethnicity.objects.filter(pk=top["ethnicity_id"]).first()
    return Ethnicity.objects.filter(code=MAJORITY_ETHNICITY_CODE).first()


def organizers_for(user: User) -> QuerySet[Organization]:
    """Organizations whose unit lies where the user may manage classes."""
    return Organization.objects.filter(scope_filter(user, Action.MANAGE_CLASSES, via="unit")).select_related(
        "unit"
    )


def venue_villages_for(user: User) -> QuerySet[Unit]:
    """Villages where the user may hold a class, by commune then name."""
    return (
        Unit.objects.filter(scope_filter(user, Action.MANAGE_CLASSES), kind=UnitKind.VILLAGE)
        .select_related("parent")
        .order_by("parent__name", "name")
    )


def _holders(roles: tuple[str, ...], scope: Q) -> QuerySet[User]:
    assignments = RoleAssignment.objects.filter(scope, role__in=roles)
    return User.objects.filter(pk__in=assignments.values("user_id"), is_active=True).order_by(
        "full_name", "pk"
    )


def trainer_candidates(user: User) -> QuerySet[User]:
    """Trainers and union cadres assigned where the user may manage classes."""
    return _holders(TRAINER_ROLES, scope_filter(user, Action.MANAGE_CLASSES, via="unit"))


def mentor_candidates(user: User) -> QuerySet[User]:
    """Youth mentors assigned where the user may manage classes."""
    return _holders(MENTOR_ROLES, scope_filter(user, Action.MANAGE_CLASSES, via="unit"))


def eligible_in_commune(commune: Unit, roles: tuple[str, ...]) -> set[int]:
    """Ids of users holding one of `roles` at the commune or a unit within it."""
    return set(
        RoleAssignment.objects.filter(subtree_filter(commune.path, via="unit"), role__in=roles).values_list(
            "user_id", flat=True
        )
    )


def skills() -> QuerySet[Skill]:
    return Skill.objects.order_by("order")


def trainers_with_person(training_class: TrainingClass) -> list[Person]:
    """The resident records of the class's trainers (a trainer without one is left out)."""
    return list(Person.objects.filter(user__in=training_class.trainers.all()))


def sessions_with_attendance(training_class: TrainingClass) -> bool:
    return Attendance.objects.filter(session__training_class=training_class).exists()
