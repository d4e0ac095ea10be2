"""Team pages: the list, a team with who is on duty today, and managing members and duty days."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from langso.accounts.http import AuthenticatedRequest
from langso.accounts.jurisdiction import Action
from langso.common.forms import add_validation_errors
from langso.people.selectors import get_unit_visible_to
from langso.training.forms.field import MemberAddForm, MemberForm, TeamForm
from langso.training.selectors import teams as selectors
from langso.training.services import teams as services

#: a longer choice of places is narrowed to communes (a team of a village is made from its commune)
MAX_UNIT_CHOICES = 300


@require_GET
def team_list(request: AuthenticatedRequest) -> HttpResponse:
    teams = selectors.teams_visible_to(request.user)
    can_create = selectors.units_for_new_team(request.user).exists()
    return render(request, "training/field/team_list.html", {"teams": teams, "can_create": can_create})


@require_http_methods(["GET", "POST"])
def team_create(request: AuthenticatedRequest) -> HttpResponse:
    within = get_unit_visible_to(request.user, request.GET["unit"]) if request.GET.get("unit") else None
    units = selectors.units_for_new_team(request.user, within=within)
    if units.count() > MAX_UNIT_CHOICES:
        communes = units.filter(kind="commune")
        units = communes.filter(id__in=list(communes.values_list("id", flat=True)[:MAX_UNIT_CHOICES]))
    if not units:
        raise Http404
    form = TeamForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.create_team(
                actor=request.user, unit=form.cleaned_data["unit"], name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The team was created. Now add its members."))
            return redirect("training:team_detail", pk=team.pk)
    status = 400 if form.errors else 200
    return render(request, "training/field/team_form.html", {"form": form}, status=status)


@require_GET
def team_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    team = selectors.get_team_visible_to(request.user, pk)
    can_manage = selectors.may_manage_team(request.user, team)
    context = {
        "team": team,
        "roster": selectors.team_roster(team),
        "can_manage": can_manage,
        "add_form": MemberAddForm(candidates=selectors.member_candidates(team)) if can_manage else None,
    }
    return render(request, "training/field/team_detail.html", context)


@require_http_methods(["GET", "POST"])
def team_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    team = selectors.get_team_visible_to(request.user, pk, Action.MANAGE_TEAMS)
    form = TeamForm(request.POST or None, units=None, initial={"name": team.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.rename_team(actor=request.user, team=team, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("training:team_detail", pk=team.pk)
    status = 400 if form.errors else 200
    return render(request, "training/field/team_form.html", {"form": form, "team": team}, status=status)


@require_POST
def team_member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    team = selectors.get_team_visible_to(request.user, pk, Action.MANAGE_TEAMS)
    form = MemberAddForm(request.POST, candidates=selectors.member_candidates(team))
    if form.is_valid():
        try:
            member = services.add_team_member(
                actor=request.user,
                team=team,
                user=form.cleaned_data["user"],
                is_leader=form.cleaned_data["is_leader"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s joined the team.") % {"name": member.user.display_name})
            return redirect("training:team_member", pk=member.pk)
    else:
        messages.error(request, _("Choose who joins the team."))
    return redirect("training:team_detail", pk=team.pk)


@require_http_methods(["GET", "POST"])
def team_member(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    member = selectors.get_member_visible_to(request.user, pk)
    initial = {"is_leader": member.is_leader, "weekdays": [d.weekday for d in member.duty_days.all()]}
    form = MemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_team_member(
            actor=request.user,
            member=member,
            is_leader=form.cleaned_data["is_leader"],
            weekdays=form.cleaned_data["weekdays"],
        )
        messages.success(request, _("The changes were saved."))
        return redirect("training:team_detail", pk=member.team_id)
    status = 400 if form.errors else 200
    return render(request, "training/field/member_form.html", {"form": form, "member": member}, status=status)


@require_POST
def team_member_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    member = selectors.get_member_visible_to(request.user, pk)
    services.remove_team_member(actor=request.user, member=member)
    messages.success(request, _("%(name)s left the team.") % {"name": member.user.display_name})
    return redirect("training:team_detail", pk=member.team_id)
