"""The learner's pages. Public: anyone can learn without an account (progress then stays in the
browser); a signed-in learner, or a resident picked on a shared device, has it on the server."""

from __future__ import annotations

import random
import uuid
from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from langso.accounts.http import AuthenticatedRequest
from langso.common.qr import qr_data_uri
from langso.learning import selectors
from langso.learning.forms import SyncedAttemptForm, answers_from_post
from langso.learning.models import Question, QuestionKind
from langso.learning.services import learners
from langso.learning.services.progress import draw_practice_set, grade, record_attempt
from langso.learning.views.narration import step_narration_context
from langso.people import selectors as people_selectors
from langso.people.models import Person
from langso.people.services.cards import ensure_card_code

SERVICE_WORKER = Path(__file__).resolve().parent.parent / "static" / "learning" / "sw.js"


def _personal(response: HttpResponse, person: Person | None) -> HttpResponse:
    """A page that shows a person's progress is never stored by a cache (nor the service worker)."""
    if person is not None:
        patch_cache_control(response, private=True, no_store=True)
    return response


def _learner_context(request: HttpRequest, person: Person | None) -> dict[str, object]:
    return {"learner": person, "kiosk": bool(learners.kiosk_unit_path(request))}


@login_not_required
@require_GET
def skill_list(request: HttpRequest) -> HttpResponse:
    person = learners.current_learner(request)
    context = _learner_context(request, person)
    progress = selectors.progress_of(person) if person else {}
    rows = [(skill, progress.get(skill.pk)) for skill in selectors.skills()]
    return _personal(render(request, "learning/skill_list.html", {**context, "rows": rows}), person)


@login_not_required
@require_GET
def skill_detail(request: HttpRequest, skill: str) -> HttpResponse:
    person = learners.current_learner(request)
    context = _learner_context(request, person)
    the_skill = selectors.get_skill(skill)
    response = render(
        request,
        "learning/skill_detail.html",
        {
            **context,
            "skill": the_skill,
            "lessons": the_skill.lessons.order_by("order"),
            "attempts": selectors.attempts_of(person, the_skill) if person else [],
            "progress": selectors.progress_of(person).get(the_skill.pk) if person else None,
        },
    )
    return _personal(response, person)


@login_not_required
@require_GET
def step(request: HttpRequest, skill: str, lesson: str, number: int) -> HttpResponse:
    the_lesson = selectors.get_lesson(skill, lesson)
    steps = list(the_lesson.steps.all())
    if not 1 <= number <= len(steps):
        raise Http404
    person = learners.current_learner(request)
    the_step = steps[number - 1]
    next_lesson = the_lesson.skill.lessons.filter(order__gt=the_lesson.order).order_by("order").first()
    response = render(
        request,
        "learning/step.html",
        {
            **_learner_context(request, person),
            **step_narration_context(request, step=the_step, learner=person),
            "skill": the_lesson.skill,
            "lesson": the_lesson,
            "step": the_step,
            "number": number,
            "count": len(steps),
            "dots": range(1, len(steps) + 1),
            "next_lesson": next_lesson,
        },
    )
    # The page is the same for every visitor; a short private cache lets the service worker keep it
    # without downloading it a second time.
    patch_cache_control(response, private=True, max_age=300)
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def practice(request: HttpRequest, skill: str) -> HttpResponse:
    """GET draws a practice set; POST grades it (and records it for a known learner)."""
    the_skill = selectors.get_skill(skill)
    person = learners.current_learner(request)
    context = {**_learner_context(request, person), "skill": the_skill}
    if request.method == "GET":
        questions = draw_practice_set(the_skill)
        shown = [(question, _shuffled_options(question)) for question in questions]
        return render(
            request, "learning/practice.html", {**context, "shown": shown, "client_uuid": uuid.uuid4()}
        )
    questions = selectors.questions_in_order(the_skill, request.POST.getlist("question"))
    answers = answers_from_post(questions, request.POST)
    try:
        graded = grade(the_skill, answers)
        client_uuid = uuid.UUID(request.POST.get("client_uuid", ""))
    except (ValidationError, ValueError):
        return redirect("learning:practice", skill=the_skill.code)
    attempt = None
    if person is not None:
        attempt = record_attempt(
            person=person, skill=the_skill, answers=answers, client_uuid=client_uuid, graded=graded
        )
    by_code = {question.code: question for question in questions}
    feedback = [(by_code[item["question"]], item) for item in graded.answers]
    return render(
        request,
        "learning/result.html",
        {
            **context,
            "graded": graded,
            "attempt": attempt,
            "feedback": feedback,
            "local_attempt": {
                "client_uuid": str(client_uuid),
                "skill": the_skill.code,
                "answers": answers,
                "taken_at": timezone.now().isoformat(),
                "passed": graded.passed,
            },
        },
    )


def _shuffled_options(question: Question) -> list[tuple[int, int]]:
    """(original index, shown position) of an ordering question's steps, shuffled; [] otherwise."""
    if question.kind != QuestionKind.ORDER:
        return []
    indexes = list(range(len(next(iter(question.options.values()), []))))
    random.shuffle(indexes)
    return [(index, position) for position, index in enumerate(indexes, start=1)]


@login_not_required
@require_POST
def attempt_api(request: HttpRequest) -> JsonResponse:
    """Record an attempt sent by a device: once per client UUID (a resend returns the same attempt)."""
    person = learners.current_learner(request)
    if person is None:
        return JsonResponse({"error": "no learner"}, status=403)
    form = SyncedAttemptForm.from_body(request.body)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    try:
        skill = selectors.get_skill(form.cleaned_data["skill"])
        attempt = record_attempt(
            person=person,
            skill=skill,
            answers=form.cleaned_data["answers"],
            client_uuid=form.cleaned_data["client_uuid"],
            taken_at=form.cleaned_data["taken_at"],
        )
    except (ValidationError, Http404) as error:
        return JsonResponse({"errors": {"__all__": [str(error)]}}, status=400)
    return JsonResponse(
        {"client_uuid": str(attempt.client_uuid), "number": attempt.number, "passed": attempt.passed},
        status=200,
    )


@login_not_required
@require_GET
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served under /learn/ so that its scope covers the learner's pages. Its
    version changes with the curriculum, so a corrected lesson replaces the cached one."""
    source = SERVICE_WORKER.read_text(encoding="utf-8")
    version = selectors.content_version(source)
    response = HttpResponse(source.replace("__VERSION__", version), content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_http_methods(["GET", "POST"])
def kiosk_open(request: AuthenticatedRequest, code: str) -> HttpResponse:
    """A mentor turns this browser into the shared device of their village (or commune)."""
    unit = people_selectors.get_unit_visible_to(request.user, code)
    if request.method == "POST":
        try:
            learners.open_kiosk(request, unit)
        except PermissionDenied as error:
            raise Http404 from error
        return redirect("learning:kiosk_pick")
    return render(request, "learning/kiosk_open.html", {"unit": unit})


@login_not_required
@require_http_methods(["GET", "POST"])
def kiosk_pick(request: HttpRequest) -> HttpResponse:
    """On a shared device: each resident picks their own name to continue their progress."""
    unit_path = learners.kiosk_unit_path(request)
    if not unit_path:
        raise Http404
    card_not_found = False
    if request.method == "POST" and "card" in request.POST:
        person = selectors.kiosk_resident_by_card(unit_path, request.POST["card"])
        if person is not None:
            learners.pick_kiosk_learner(request, person)
            return redirect("learning:skill_list")
        card_not_found = True
    elif request.method == "POST":
        person = selectors.kiosk_residents(unit_path).filter(pk=request.POST.get("person", "0") or 0).first()
        if person is None:
            raise Http404
        learners.pick_kiosk_learner(request, person)
        return redirect("learning:skill_list")
    query = request.GET.get("q", "")
    context = {
        "residents": selectors.kiosk_residents(unit_path, query=query)[:60],
        "query": query,
        "place": selectors.unit_at(unit_path),
        "kiosk": True,
        "card_not_found": card_not_found,
        "card": request.POST.get("card", ""),
    }
    return render(request, "learning/kiosk_pick.html", context, status=400 if card_not_found else 200)


@login_not_required
@require_GET
def learner_card(request: HttpRequest) -> HttpResponse:
    """The learner's card: their name, their code and its QR code, to show at a shared device or a class."""
    person = learners.current_learner(request)
    if person is None:
        return redirect_to_login(request.get_full_path())
    code = ensure_card_code(person=person)
    context = {**_learner_context(request, person), "code": code, "qr_code": qr_data_uri(code)}
    return _personal(render(request, "learning/card.html", context), person)


@login_not_required
@require_POST
def kiosk_switch(request: HttpRequest) -> HttpResponse:
    learners.switch_kiosk_learner(request)
    return redirect("learning:kiosk_pick")


@login_not_required
@require_POST
def kiosk_close(request: HttpRequest) -> HttpResponse:
    learners.close_kiosk(request)
    return redirect("accounts:login")
