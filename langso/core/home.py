"""The home page of each role: what a user with these assignments needs first."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from langso.accounts.jurisdiction import ROLE_ACTIONS, Action, grants_of
from langso.accounts.models import Role, User
from langso.people.models import Organization
from langso.people.selectors import count_people_in
from langso.places.models import Unit, UnitKind
from langso.training.selectors.help import help_request_counts


@dataclass
class Link:
    label: str | Promise
    url: str
    icon: str
    primary: bool = False


@dataclass
class HomeCard:
    """One assignment of the user, shown as a card with its figures and its main actions."""

    role: str
    role_label: str | Promise
    unit: Unit
    organization: Organization | None
    intro: str | Promise
    figures: list[tuple[str | Promise, int]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


INTROS = {
    Role.NATIONAL_ADMIN: _("You look after the whole platform: units, accounts and content."),
    Role.PROVINCE_OFFICER: _("Follow your province's communes and villages, and the people they reach."),
    Role.COMMUNE_OFFICER: _(
        "Manage your commune's villages and residents, and import lists from the villages."
    ),
    Role.VILLAGE_HEAD: _("Keep your village's list of residents up to date."),
    Role.UNION_CADRE: _("Register your organization's members and the residents you train."),
    Role.TRAINER: _("Find and register the residents who come to your classes."),
    Role.MENTOR: _("See the residents of your village whom your digital team helps."),
    Role.CLERK: _("You handle your union office's documents."),
    Role.COOPERATIVE_MANAGER: _("You manage your cooperative's products, outlets and orders."),
    Role.LEARNER: _("Welcome! Your village's digital team is here to help you learn, step by step."),
}


#: roles whose home card opens on their field work of the day
FIELD_ROLES = frozenset({Role.MENTOR, Role.TRAINER, Role.UNION_CADRE})


def cards_for(user: User) -> list[HomeCard]:
    """One card per assignment, in the order of the hierarchy (highest unit first)."""
    grants = sorted(grants_of(user), key=lambda grant: (grant.unit_path, grant.role))
    units = Unit.objects.in_bulk([grant.unit_id for grant in grants])
    organizations = Organization.objects.in_bulk([g.organization_id for g in grants if g.organization_id])
    cards = []
    for grant in grants:
        unit = units[grant.unit_id]
        card = HomeCard(
            role=grant.role,
            role_label=Role(grant.role).label,
            unit=unit,
            organization=organizations.get(grant.organization_id or 0),
            intro=INTROS[Role(grant.role)],
        )
        _add_figures_and_links(card, ROLE_ACTIONS[grant.role])
        cards.append(card)
    return cards


def _add_figures_and_links(card: HomeCard, actions: frozenset[Action]) -> None:
    unit = card.unit
    if Action.VIEW_PEOPLE in actions:
        card.figures.append((_("Residents"), count_people_in(unit)))
    if unit.kind in (UnitKind.COUNTRY, UnitKind.PROVINCE, UnitKind.COMMUNE) and Action.VIEW_UNITS in actions:
        child_label = {
            UnitKind.COUNTRY: _("Provinces"),
            UnitKind.PROVINCE: _("Communes"),
            UnitKind.COMMUNE: _("Villages"),
        }[UnitKind(unit.kind)]
        card.figures.append((child_label, unit.children.count()))
    people_url = reverse("people:person_list") + f"?unit={unit.code}"
    if Action.VIEW_UNITS in actions:
        card.links.append(
            Link(
                _("Browse villages") if unit.kind != UnitKind.VILLAGE else _("Open the village"),
                reverse("people:unit_detail", args=[unit.code]),
                "map",
                primary=True,
            )
        )
    if Action.VIEW_PEOPLE in actions:
        card.links.append(Link(_("Find a resident"), people_url, "search"))
    if Action.MANAGE_PEOPLE in actions and unit.kind in (UnitKind.COMMUNE, UnitKind.VILLAGE):
        card.links.append(
            Link(_("Add a resident"), reverse("people:person_create") + f"?unit={unit.code}", "plus")
        )
    if Action.IMPORT_PEOPLE in actions:
        card.links.append(Link(_("Import a list"), reverse("people:import_upload"), "upload"))
    if Action.EXPORT_PEOPLE in actions:
        card.links.append(Link(_("Export to Excel"), reverse("people:export", args=[unit.code]), "download"))
    if Action.VIEW_PROGRESS in actions:
        card.links.append(
            Link(_("Learning progress"), reverse("learning:progress_matrix", args=[unit.code]), "check")
        )
    if Action.REVIEW_NARRATION in actions:
        card.links.append(
            Link(_("Review recorded narrations"), reverse("learning:narration_review"), "speaker")
        )
    if Action.OPEN_KIOSK in actions:
        card.links.append(
            Link(_("Shared device"), reverse("learning:kiosk_open", args=[unit.code]), "person")
        )
    _add_training(card, actions)
    if Action.VIEW_DASHBOARD in actions:
        card.links.append(Link(_("Dashboard"), reverse("reporting:dashboard", args=[unit.code]), "trophy"))
    if Action.SUBMIT_REPORT in actions or Action.REVIEW_REPORT in actions:
        card.links.append(Link(_("Village reports"), reverse("reporting:report_list"), "edit"))
    if Action.SET_TARGETS in actions and unit.kind != UnitKind.VILLAGE:
        card.links.append(Link(_("Targets"), reverse("reporting:targets", args=[unit.code]), "check"))


def _add_training(card: HomeCard, actions: frozenset[Action]) -> None:
    """Field work first for those who teach (their "today" screen), then the training registers."""
    if Action.HANDLE_HELP in actions:
        today = timezone.localdate()
        waiting = help_request_counts(unit=card.unit, start=today, end=today)
        card.figures.append((_("Help requests waiting"), waiting.open))
    if Action.MARK_ATTENDANCE in actions and card.role in FIELD_ROLES:
        for link in card.links:
            link.primary = False
        card.links.insert(0, Link(_("Today"), reverse("training:today"), "calendar", primary=True))
    if Action.VIEW_TRAINING in actions:
        card.links.append(Link(_("Classes"), reverse("training:class_list"), "calendar"))
        card.links.append(Link(_("Help requests"), reverse("training:help_queue"), "chat"))
    if Action.MANAGE_TEAMS in actions:
        card.links.append(Link(_("Digital teams"), reverse("training:team_list"), "team"))
    if Action.MANAGE_CONFERENCES in actions or Action.MANAGE_CLASSES in actions:
        card.links.append(Link(_("Conferences"), reverse("training:conference_list"), "building"))
        card.links.append(Link(_("Training cascade"), reverse("training:cascade"), "tree"))
    if Action.MANAGE_COMPETITIONS in actions:
        card.links.append(Link(_("Competitions"), reverse("training:competition_list"), "trophy"))
    if card.role == Role.LEARNER:
        card.links.append(Link(_("Competitions"), reverse("training:contest_list"), "trophy"))
        card.links.append(Link(_("Ask for help"), reverse("training:ask_help"), "chat"))
