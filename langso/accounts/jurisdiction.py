"""The one place that answers "what may this user see" and "may this user do X at unit U".

A user's reach is the union of their role assignments: each assignment grants its role's actions
on its unit and everything below it (a prefix match on the unit's materialized path). A user
with no assignment, or an anonymous visitor, reaches nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q

from langso.accounts.models import Role, User
from langso.places.models import Unit
from langso.places.selectors import subtree_filter

NOTHING = Q(pk__in=[])  # matches no row and costs no query


class Action(StrEnum):
    VIEW_UNITS = "view_units"
    VIEW_PEOPLE = "view_people"
    MANAGE_PEOPLE = "manage_people"
    IMPORT_PEOPLE = "import_people"
    EXPORT_PEOPLE = "export_people"
    CREATE_VILLAGE = "create_village"
    #: see residents' learning progress (the progress matrix) and export it
    VIEW_PROGRESS = "view_progress"
    #: record a hands-on skill check (a mentor watching a resident do it)
    RECORD_SKILL_CHECK = "record_skill_check"
    #: record a lesson step's narration in a human voice
    RECORD_NARRATION = "record_narration"
    #: publish or reject recorded narrations
    REVIEW_NARRATION = "review_narration"
    #: open the shared-device (kiosk) mode of a cultural house for the residents of a unit
    OPEN_KIOSK = "open_kiosk"
    #: see classes, sessions, digital teams, the help queue, the cascade, conferences, competitions
    VIEW_TRAINING = "view_training"
    #: create, change and archive classes and their sessions; enrol residents
    MANAGE_CLASSES = "manage_classes"
    #: mark who came to a session (roster taps, card check-in)
    MARK_ATTENDANCE = "mark_attendance"
    #: set up digital technology teams, their members and duty days
    MANAGE_TEAMS = "manage_teams"
    #: ask for help on a resident's behalf, claim, resolve and hand on help requests
    HANDLE_HELP = "handle_help"
    #: record who taught whom outside a class (a member teaching their family)
    RECORD_TRAINING = "record_training"
    #: create conferences, register cadres, mark their attendance, add materials
    MANAGE_CONFERENCES = "manage_conferences"
    #: create online competitions and their question sets
    MANAGE_COMPETITIONS = "manage_competitions"
    #: fill and submit the village's periodic report
    SUBMIT_REPORT = "submit_report"
    #: approve, return or unlock the villages' periodic reports
    REVIEW_REPORT = "review_report"
    #: set or clear the indicator targets of the units below one's own
    SET_TARGETS = "set_targets"
    #: see the indicators dashboard of one's unit and the units below, and export it
    VIEW_DASHBOARD = "view_dashboard"


_OFFICER = frozenset(Action)
_TEACHING = frozenset(
    {
        Action.VIEW_PROGRESS,
        Action.RECORD_SKILL_CHECK,
        Action.RECORD_NARRATION,
        Action.OPEN_KIOSK,
        Action.VIEW_TRAINING,
        Action.MARK_ATTENDANCE,
        Action.HANDLE_HELP,
        Action.RECORD_TRAINING,
    }
)
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.NATIONAL_ADMIN: _OFFICER,
    Role.PROVINCE_OFFICER: _OFFICER,
    Role.COMMUNE_OFFICER: _OFFICER,
    Role.VILLAGE_HEAD: frozenset(
        {
            Action.VIEW_UNITS,
            Action.VIEW_PEOPLE,
            Action.MANAGE_PEOPLE,
            Action.VIEW_PROGRESS,
            Action.VIEW_TRAINING,
            Action.MANAGE_TEAMS,
            Action.SUBMIT_REPORT,
            Action.VIEW_DASHBOARD,
        }
    ),
    Role.UNION_CADRE: frozenset(
        {
            Action.VIEW_UNITS,
            Action.VIEW_PEOPLE,
            Action.MANAGE_PEOPLE,
            Action.IMPORT_PEOPLE,
            Action.REVIEW_NARRATION,
            Action.MANAGE_CLASSES,
            Action.MANAGE_TEAMS,
            Action.MANAGE_CONFERENCES,
            Action.MANAGE_COMPETITIONS,
        }
    )
    | _TEACHING,
    Role.TRAINER: frozenset(
        {
            Action.VIEW_UNITS,
            Action.VIEW_PEOPLE,
            Action.MANAGE_PEOPLE,
            Action.REVIEW_NARRATION,
            Action.MANAGE_CLASSES,
            Action.MANAGE_COMPETITIONS,
        }
    )
    | _TEACHING,
    Role.MENTOR: frozenset({Action.VIEW_UNITS, Action.VIEW_PEOPLE}) | _TEACHING,
    Role.CLERK: frozenset(),
    Role.COOPERATIVE_MANAGER: frozenset(),
    Role.LEARNER: frozenset(),
}


@dataclass(frozen=True)
class Grant:
    """One role assignment, reduced to what scoping needs."""

    role: str
    unit_id: int
    unit_path: str
    organization_id: int | None


def grants_of(user: User | AnonymousUser) -> tuple[Grant, ...]:
    """The user's assignments, read once per user object (so once per request)."""
    if not user.is_authenticated or not user.is_active:
        return ()
    cached: tuple[Grant, ...] | None = user.__dict__.get("_langso_grants")
    if cached is None:
        rows = user.assignments.values_list("role", "unit_id", "unit__path", "organization_id")
        cached = tuple(Grant(*row) for row in rows)
        user.__dict__["_langso_grants"] = cached
    return cached


def forget_grants(user: User) -> None:
    """Drop the cached assignments after they change."""
    user.__dict__.pop("_langso_grants", None)


def roles_of(user: User | AnonymousUser) -> set[str]:
    return {grant.role for grant in grants_of(user)}


def _paths_for(user: User | AnonymousUser, action: Action) -> list[str]:
    paths = sorted({g.unit_path for g in grants_of(user) if action in ROLE_ACTIONS.get(g.role, ())})
    # A path below another already granted adds nothing to the filter.
    return [p for i, p in enumerate(paths) if not any(p.startswith(q) for q in paths[:i])]


def scope_filter(user: User | AnonymousUser, action: Action, *, via: str = "") -> Q:
    """Rows whose unit (reached through `via`, e.g. "village") the user may `action` on."""
    q = NOTHING
    for path in _paths_for(user, action):
        q |= subtree_filter(path, via=via)
    return q


def may(user: User | AnonymousUser, action: Action, unit: Unit) -> bool:
    """Whether the user may `action` at `unit` (at it, or through an assignment above it)."""
    return any(unit.path.startswith(path) for path in _paths_for(user, action))


def require(user: User | AnonymousUser, action: Action, unit: Unit) -> None:
    """Raise PermissionDenied unless the user may `action` at `unit`."""
    if not may(user, action, unit):
        raise PermissionDenied


def top_units_ids(user: User | AnonymousUser, action: Action) -> list[int]:
    """Ids of the highest units where the user may `action` (the roots of their reach)."""
    paths = set(_paths_for(user, action))
    return sorted({g.unit_id for g in grants_of(user) if g.unit_path in paths})
