"""The residents' contest pages under /contests/: open to everyone for reading; playing needs a
current learner (a signed-in resident, or the resident picked on a shared device). The server keeps
the time: every page reads the deadline, and an entry whose time ran out is scored when next read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from langso.learning.services.learners import current_learner
from langso.people.models import Person
from langso.training.forms.competitions import answer_from_post
from langso.training.models import Competition, CompetitionEntry
from langso.training.selectors import competitions as selectors
from langso.training.services import competitions as services

RESULTS_PAGE_SIZE = 50


def _personal(response: HttpResponse) -> HttpResponse:
    """A page about one resident's entry is never stored by a cache."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def _detail_url(contest: Competition) -> str:
    return reverse("training:contest_detail", kwargs={"code": contest.code})


def _sign_in(request: HttpRequest, contest: Competition | None = None) -> HttpResponse:
    return redirect_to_login(_detail_url(contest) if contest else request.get_full_path())


@login_not_required
@require_GET
def contest_list(request: HttpRequest) -> HttpResponse:
    person = current_learner(request)
    rows = selectors.contests_for(person) if person else []
    return _personal(
        render(request, "training/competitions/contest_list.html", {"learner": person, "rows": rows})
    )


@login_not_required
@require_GET
def contest_detail(request: HttpRequest, code: str) -> HttpResponse:
    contest = selectors.get_contest(code)
    person = current_learner(request)
    entry = selectors.entry_of(person, contest) if person else None
    if entry is not None:
        entry = services.finalize_if_overdue(entry=entry)
    context = {
        "contest": contest,
        "learner": person,
        "entry": entry,
        "is_eligible": person is not None and services.is_eligible(person, contest),
        "is_ready": contest.pool_size >= contest.question_count,  # type: ignore[attr-defined]
        "answered": selectors.answered_numbers(entry) if entry else [],
        "time_left": selectors.clock(selectors.seconds_left(entry)) if entry else "",
        "taken": selectors.time_taken(entry) if entry else "",
        "login_url": f"{reverse('accounts:login')}?next={_detail_url(contest)}",
    }
    return _personal(render(request, "training/competitions/contest_detail.html", context))


def _entry_or_none(
    request: HttpRequest, code: str
) -> tuple[Competition, Person | None, CompetitionEntry | None]:
    contest = selectors.get_contest(code)
    person = current_learner(request)
    return contest, person, selectors.entry_of(person, contest) if person else None


@login_not_required
@require_POST
def contest_start(request: HttpRequest, code: str) -> HttpResponse:
    contest = selectors.get_contest(code)
    person = current_learner(request)
    if person is None:
        return _sign_in(request, contest)
    try:
        entry = services.start_entry(person=person, competition=contest)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_detail_url(contest))
    if entry.submitted_at is not None:
        return redirect(_detail_url(contest))
    return redirect("training:contest_question", code=contest.code, n=_first_unanswered(entry))


def _first_unanswered(entry: CompetitionEntry) -> int:
    return next((n for n, answered in selectors.answered_numbers(entry) if not answered), 1)


@login_not_required
@require_GET
def contest_question(request: HttpRequest, code: str, n: int) -> HttpResponse:
    contest, person, entry = _entry_or_none(request, code)
    if person is None:
        return _sign_in(request)
    if entry is None or services.finalize_if_overdue(entry=entry).submitted_at is not None:
        return redirect(_detail_url(contest))
    return _personal(_render_question(request, contest, entry, n))


def _render_question(
    request: HttpRequest, contest: Competition, entry: CompetitionEntry, n: int, *, error: str = ""
) -> HttpResponse:
    seconds = selectors.seconds_left(entry)
    context = {
        "contest": contest,
        "screen": selectors.question_screen(entry, n),
        "seconds_left": seconds,
        "time_left": selectors.clock(seconds),
        "error": error,
    }
    return render(
        request, "training/competitions/contest_question.html", context, status=400 if error else 200
    )


@login_not_required
@require_POST
def contest_answer(request: HttpRequest, code: str, n: int) -> HttpResponse:
    contest, person, entry = _entry_or_none(request, code)
    if person is None:
        return _sign_in(request, contest)
    if entry is None or entry.submitted_at is not None:
        return redirect(_detail_url(contest))
    given = answer_from_post(selectors.pool_question_of(entry, n), request.POST)
    if given is None and selectors.seconds_left(entry) > 0:
        return _personal(_render_question(request, contest, entry, n, error=_("Choose an answer first.")))
    if not services.record_answer(entry=entry, number=n, given=given):
        messages.warning(request, _("The time is up: answers sent after it are not counted."))
        return redirect(_detail_url(contest))
    if n < len(entry.question_ids):
        return redirect("training:contest_question", code=contest.code, n=n + 1)
    return redirect(_detail_url(contest))


@login_not_required
@require_POST
def contest_submit(request: HttpRequest, code: str) -> HttpResponse:
    contest, person, entry = _entry_or_none(request, code)
    if person is None:
        return _sign_in(request, contest)
    if entry is not None:
        services.submit_entry(entry=entry)
    return redirect(_detail_url(contest))


@login_not_required
@require_GET
@vary_on_headers("HX-Request")
def contest_results(request: HttpRequest, code: str) -> HttpResponse:
    """The public leaderboards: rank, village, score and time, never a name."""
    contest = selectors.get_contest(code)
    services.finalize_overdue_entries(competition=contest)
    page = Paginator(selectors.leaderboard_by_person(contest), RESULTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "contest": contest,
        "page": page,
        "people": selectors.ranked(page.object_list, first_rank=page.start_index()),
        "units": selectors.leaderboard_by_unit(contest),
        "total": selectors.unit_total(contest),
    }
    partial = bool(getattr(request, "htmx", False)) and not request.htmx.history_restore_request  # type: ignore[attr-defined]
    return render(request, "training/competitions/results.html" + ("#people" if partial else ""), context)
