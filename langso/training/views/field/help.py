"""Help pages for helpers: the queue, one request with its history and actions, and asking on a
resident's behalf."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from langso.accounts.http import AuthenticatedRequest
from langso.accounts.jurisdiction import Action, may
from langso.accounts.models import User
from langso.common.forms import add_validation_errors
from langso.common.text import parse_number
from langso.people.selectors import get_person_visible_to, people_visible_to, search_people
from langso.training.forms.field import (
    HandOnForm,
    HelpeeSearchForm,
    HelpFieldsForm,
    NoteForm,
    QueueFilterForm,
)
from langso.training.models import DigitalTeam, HelpChannel, HelpRequest, HelpStatus
from langso.training.selectors import help as selectors
from langso.training.services import help as services

PAGE_SIZE = 25
#: how many residents a name search offers on the on-behalf form
PEOPLE_LIMIT = 20


@require_GET
def help_queue(request: AuthenticatedRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = Paginator(selectors.help_queue(request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page, "items": selectors.queue_items(page.object_list), "status": status}
    template = "training/field/help_queue.html" + ("#queue" if request.htmx else "")
    return render(request, template, context)


@require_GET
def help_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    help_request = selectors.get_help_request_visible_to(request.user, pk)
    return _detail(request, help_request)


def _detail(
    request: AuthenticatedRequest,
    help_request: HelpRequest,
    *,
    note_form: NoteForm | None = None,
    hand_on_form: HandOnForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_handle = may(request.user, Action.HANDLE_HELP, help_request.village)
    is_in_hand = help_request.status == HelpStatus.OPEN or help_request.claimed_by_id == request.user.pk
    context = {
        "item": selectors.queue_items([help_request])[0],
        "help_request": help_request,
        "can_act": can_handle and help_request.status != HelpStatus.RESOLVED and is_in_hand,
        "is_mine": help_request.claimed_by_id == request.user.pk
        and help_request.status == HelpStatus.CLAIMED,
        "note_form": note_form or NoteForm(),
        "hand_on_form": hand_on_form or HandOnForm(choices=_hand_on_choices(help_request, request.user)),
    }
    return render(request, "training/field/help_detail.html", context, status=status)


def _hand_on_choices(help_request: HelpRequest, actor: User) -> list[tuple[str, str]]:
    members, commune_team = services.hand_on_targets(help_request, actor)
    choices = [(f"user:{member.user_id}", member.user.display_name) for member in members]
    if commune_team is not None:
        choices.append((f"team:{commune_team.pk}", commune_team.name))
    return choices


def _acted(request: AuthenticatedRequest, pk: int) -> HelpRequest:
    """The request an action is about: visible to the user, who may handle help at its village."""
    help_request = selectors.get_help_request_visible_to(request.user, pk)
    if not may(request.user, Action.HANDLE_HELP, help_request.village):
        raise Http404
    return help_request


@require_POST
def help_claim(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    help_request = _acted(request, pk)
    try:
        services.claim_help_request(actor=request.user, help_request=help_request)
    except services.HelpConflict as conflict:
        messages.warning(request, conflict.message)
    else:
        messages.success(request, _("You are helping with this request now."))
    return redirect("training:help_detail", pk=pk)


@require_POST
def help_release(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    help_request = _acted(request, pk)
    try:
        services.release_help_request(actor=request.user, help_request=help_request)
    except services.HelpConflict as conflict:
        messages.warning(request, conflict.message)
    else:
        messages.success(request, _("The request is back in the team's queue."))
    return redirect("training:help_detail", pk=pk)


@require_POST
def help_resolve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    help_request = _acted(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.resolve_help_request(
                actor=request.user, help_request=help_request, note=form.cleaned_data["note"]
            )
        except services.HelpConflict as conflict:
            messages.warning(request, conflict.message)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("Resolved. Thank you!"))
            return redirect("training:help_detail", pk=pk)
    if not form.errors:
        return redirect("training:help_detail", pk=pk)
    return _detail(request, _refetched(request, pk), note_form=form, status=400)


@require_POST
def help_hand_on(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    help_request = _acted(request, pk)
    form = HandOnForm(request.POST, choices=_hand_on_choices(help_request, request.user))
    if form.is_valid():
        kind, _sep, target_id = form.cleaned_data["to"].partition(":")
        to_user = User.objects.filter(pk=target_id).first() if kind == "user" else None
        to_team = DigitalTeam.objects.filter(pk=target_id).first() if kind == "team" else None
        try:
            services.hand_on_help_request(
                actor=request.user,
                help_request=help_request,
                note=form.cleaned_data["note"],
                to_user=to_user,
                to_team=to_team,
            )
        except services.HelpConflict as conflict:
            messages.warning(request, conflict.message)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The request was handed on."))
            return redirect("training:help_detail", pk=pk)
    if not form.errors:
        return redirect("training:help_detail", pk=pk)
    return _detail(request, _refetched(request, pk), hand_on_form=form, status=400)


def _refetched(request: AuthenticatedRequest, pk: int) -> HelpRequest:
    return selectors.get_help_request_visible_to(request.user, pk)


@require_http_methods(["GET", "POST"])
def help_new(request: AuthenticatedRequest) -> HttpResponse:
    """Step 1: find the resident by name; step 2 (?person=<id>): the request for them."""
    people = people_visible_to(request.user, Action.HANDLE_HELP)
    person_id = parse_number(request.POST.get("person") or request.GET.get("person"))
    if person_id is None:
        search = HelpeeSearchForm(request.GET)
        query = search.query()
        found = list(search_people(people, query=query)[:PEOPLE_LIMIT]) if query else []
        return render(
            request, "training/field/help_new.html", {"search": search, "found": found, "query": query}
        )
    person = get_person_visible_to(request.user, person_id, Action.HANDLE_HELP)
    form = HelpFieldsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ask = services.HelpAsk(
            name=person.full_name,
            village=person.village,
            topic=form.cleaned_data["topic"],
            description=form.cleaned_data["description"],
            phone=person.phone,
            phone_consent=bool(person.phone_consent_at),
            person=person,
        )
        try:
            help_request = services.ask_for_help(
                actor=request.user,
                ask=ask,
                channel=HelpChannel.MENTOR,
                client_uuid=form.cleaned_data["client_uuid"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The request is in the team's queue."))
            return redirect("training:help_detail", pk=help_request.pk)
    status = 400 if form.errors else 200
    return render(request, "training/field/help_new.html", {"form": form, "person": person}, status=status)
