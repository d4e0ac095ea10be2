"""Staff pages of online competitions: the list, a contest's settings, its question pool and its
scoped leaderboards."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from langso.accounts.http import AuthenticatedRequest
from langso.accounts.jurisdiction import Action, may
from langso.common.forms import add_validation_errors
from langso.training.forms.competitions import (
    AddQuestionForm,
    AddSkillsForm,
    CompetitionForm,
    WrittenQuestionForm,
)
from langso.training.models import Competition
from langso.training.selectors import competitions as selectors
from langso.training.services import competitions as services

PAGE_SIZE = 30
LEADERBOARD_PAGE_SIZE = 50


@require_GET
def competition_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(selectors.competitions_visible_to(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    can_create = selectors.organizers_for(request.user).exists()
    return render(request, "training/competitions/list.html", {"page": page, "can_create": can_create})


@require_http_methods(["GET", "POST"])
def competition_create(request: AuthenticatedRequest) -> HttpResponse:
    organizers = selectors.organizers_for(request.user)
    if not organizers.exists():
        raise Http404
    form = CompetitionForm(request.POST or None, organizers=organizers)
    if request.method == "POST" and form.is_valid():
        try:
            competition = services.create_competition(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The contest was created. Now add its questions."))
            return redirect("training:competition_questions", pk=competition.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "training/competitions/form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def competition_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    competition = selectors.get_competition_managed_by(request.user, pk)
    organizers = selectors.organizers_for(request.user)
    initial = CompetitionForm.initial_from(competition)
    form = CompetitionForm(request.POST or None, organizers=organizers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_competition(actor=request.user, competition=competition, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The contest was saved."))
            return redirect("training:competition_detail", pk=competition.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "competition": competition}
    return render(request, "training/competitions/form.html", context, status=status)


@require_GET
@vary_on_headers("HX-Request")
def competition_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    competition = selectors.get_competition_visible_to(request.user, pk)
    services.finalize_overdue_entries(competition=competition)
    rows = selectors.leaderboard_by_person(competition, user=request.user)
    page = Paginator(rows, LEADERBOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "competition": competition,
        "page": page,
        "people": selectors.ranked(page.object_list, first_rank=page.start_index()),
        "units": selectors.leaderboard_by_unit(competition),
        "total": selectors.unit_total(competition),
        "can_manage": may(request.user, Action.MANAGE_COMPETITIONS, competition.unit),
    }
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    template = "training/competitions/detail.html" + ("#people" if partial else "")
    return render(request, template, context)


def _questions_context(
    request: AuthenticatedRequest, competition: Competition, **extra: Any
) -> dict[str, Any]:
    skills = list(selectors.curriculum_skills())
    chosen = next((skill for skill in skills if skill.code == request.GET.get("skill")), None)
    return {
        "competition": competition,
        "pool": selectors.pool_of(competition),
        "is_frozen": services.has_started(competition),
        "skills": skills,
        "chosen_skill": chosen,
        "skill_questions": selectors.skill_questions_for_pool(competition, chosen) if chosen else [],
        "skills_form": AddSkillsForm(),
        "write_form": WrittenQuestionForm(),
        **extra,
    }


@require_GET
def competition_questions(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    competition = selectors.get_competition_managed_by(request.user, pk)
    return render(request, "training/competitions/questions.html", _questions_context(request, competition))


def _after_pool_change(request: AuthenticatedRequest, competition: Competition, notice: str) -> HttpResponse:
    """An htmx request gets the refreshed editor; a plain form goes back to the pool page."""
    if request.htmx:
        context = _questions_context(request, competition, notice=notice)
        return render(request, "training/competitions/questions.html#editor", context)
    messages.info(request, notice)
    url = reverse("training:competition_questions", kwargs={"pk": competition.pk})
    skill = request.GET.get("skill")
    return redirect(f"{url}?skill={skill}" if skill else url)


def _refused(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_POST
def competition_questions_add_skills(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    competition = selectors.get_competition_managed_by(request.user, pk)
    form = AddSkillsForm(request.POST)
    if not form.is_valid():
        return _after_pool_change(request, competition, _("Choose at least one skill."))
    try:
        added = services.add_skill_questions(
            actor=request.user, competition=competition, skills=form.cleaned_data["skills"]
        )
    except ValidationError as error:
        return _after_pool_change(request, competition, _refused(error))
    notice = ngettext("%(n)s question was added.", "%(n)s questions were added.", added) % {"n": added}
    return _after_pool_change(request, competition, notice)


@require_POST
def competition_question_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    competition = selectors.get_competition_managed_by(request.user, pk)
    form = AddQuestionForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        services.add_curriculum_question(
            actor=request.user, competition=competition, question=form.cleaned_data["question"]
        )
    except ValidationError as error:
        return _after_pool_change(request, competition, _refused(error))
    return _after_pool_change(request, competition, _("The question was added."))


@require_POST
def competition_question_remove(request: AuthenticatedRequest, pk: int, question_id: int) -> HttpResponse:
    competition = selectors.get_competition_managed_by(request.user, pk)
    pool_question = competition.questions.filter(pk=question_id).first()
    if pool_question is None:
        raise Http404
    try:
        services.remove_question(actor=request.user, competition=competition, pool_question=pool_question)
    except ValidationError as error:
        return _after_pool_change(request, competition, _refused(error))
    except PermissionDenied as error:
        raise Http404 from error
    return _after_pool_change(request, competition, _("The question was taken out."))


@require_POST
def competition_question_write(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    competition = selectors.get_competition_managed_by(request.user, pk)
    form = WrittenQuestionForm(request.POST)
    if form.is_valid():
        choices, answer = form.choices_and_answer()
        try:
            services.write_question(
                actor=request.user,
                competition=competition,
                prompt=form.cleaned_data["prompt"],
                choices=choices,
                answer=answer,
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return _after_pool_change(request, competition, _("Your question was added."))
    context = _questions_context(request, competition, write_form=form)
    return render(request, "training/competitions/questions.html", context, status=400)
