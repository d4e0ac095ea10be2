"""Thin views of classes: the list, a class and its sessions, enrolment, a session's roster, card
check-in and the printable attendance sheet."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from langso.accounts import audit
from langso.accounts.http import AuthenticatedRequest
from langso.accounts.jurisdiction import Action, may, top_units_ids
from langso.common.forms import add_validation_errors
from langso.common.responses import back_with_error
from langso.learning.content import localized
from langso.people.forms import PersonSearchForm
from langso.people.models import Person
from langso.people.selectors import search_people
from langso.training.forms.classes import (
    CheckInForm,
    ClassForm,
    MarkForm,
    NewcomerForm,
    SessionForm,
    UnmarkForm,
)
from langso.training.models import CheckInMethod, ClassSession, ClassStatus, TrainingClass
from langso.training.pdf import render_attendance_sheet_pdf
from langso.training.selectors import classes as selectors
from langso.training.services import attendance as attendance_services
from langso.training.services import classes as services

SEARCH_LIMIT = 30


def _class_form(request: AuthenticatedRequest, **kwargs: Any) -> ClassForm:
    user = request.user
    return ClassForm(
        request.POST or None,
        organizers=selectors.organizers_for(user),
        villages=selectors.venue_villages_for(user),
        skills=selectors.skills(),
        trainers=selectors.trainer_candidates(user),
        mentors=selectors.mentor_candidates(user),
        **kwargs,
    )


@require_GET
def class_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    show_archived = request.GET.get("archived") == "1"
    classes = selectors.class_list_for(user, include_archived=show_archived)
    context = {
        "page": Paginator(classes, 50).get_page(request.GET.get("page")),
        "today": selectors.sessions_for(user, timezone.localdate()),
        "can_create": bool(top_units_ids(user, Action.MANAGE_CLASSES)),
        "show_archived": show_archived,
    }
    return render(request, "training/classes/class_list.html", context)


@require_http_methods(["GET", "POST"])
def class_create(request: AuthenticatedRequest) -> HttpResponse:
    if not top_units_ids(request.user, Action.MANAGE_CLASSES):
        raise Http404
    form = _class_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            training_class = services.create_class(actor=request.user, data=form.to_data())
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The class was created. Now add its sessions."))
            return redirect("training:session_create", pk=training_class.pk)
    status = 400 if form.errors else 200
    return render(request, "training/classes/class_form.html", {"form": form}, status=status)


@require_GET
def class_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    training_class = selectors.get_class_visible_to(request.user, pk)
    village = training_class.village
    context = {
        "class": training_class,
        "skill_titles": [localized(skill.title) for skill in training_class.skills.all()],
        "sessions": selectors.sessions_of(training_class),
        "enrolments": selectors.enrolments_of(training_class),
        "can_manage": may(request.user, Action.MANAGE_CLASSES, village),
        "is_active": training_class.status == ClassStatus.ACTIVE,
        "has_attendance": selectors.sessions_with_attendance(training_class),
    }
    return render(request, "training/classes/class_detail.html", context)


@require_http_methods(["GET", "POST"])
def class_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    training_class = selectors.get_class_to_manage(request.user, pk)
    form = _class_form(request, initial=ClassForm.initial_from(training_class))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_class(actor=request.user, training_class=training_class, data=form.to_data())
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("training:class_detail", pk=training_class.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "class": training_class}
    return render(request, "training/classes/class_form.html", context, status=status)


@require_POST
def class_archive(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    training_class = selectors.get_class_to_manage(request.user, pk)
    services.archive_class(actor=request.user, training_class=training_class)
    messages.success(request, _("The class was archived. Its records are kept."))
    return redirect("training:class_detail", pk=training_class.pk)


@require_POST
def class_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    training_class = selectors.get_class_to_manage(request.user, pk)
    try:
        services.delete_class(actor=request.user, training_class=training_class)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("training:class_detail", pk=training_class.pk)
    messages.success(request, _("The class was deleted."))
    return redirect("training:class_list")


def _session_form_page(
    request: AuthenticatedRequest, training_class: TrainingClass, session: ClassSession | None
) -> HttpResponse:
    initial = SessionForm.initial_from(session) if session else {}
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.times()
        try:
            services.save_session(
                actor=request.user,
                training_class=training_class,
                session=session,
                starts_at=starts_at,
                ends_at=ends_at,
                topic=form.cleaned_data["topic"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, _("The session was saved."))
            return redirect("training:class_detail", pk=training_class.pk)
    context = {"form": form, "class": training_class, "session": session}
    return render(request, "training/classes/session_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def session_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    training_class = selectors.get_class_to_manage(request.user, pk)
    return _session_form_page(request, training_class, None)


@require_http_methods(["GET", "POST"])
def session_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_visible_to(request.user, pk)
    training_class = selectors.get_class_to_manage(request.user, session.training_class_id)
    return _session_form_page(request, training_class, session)


@require_POST
def session_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_visible_to(request.user, pk)
    training_class = selectors.get_class_to_manage(request.user, session.training_class_id)
    try:
        services.delete_session(actor=request.user, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The session was deleted."))
    return redirect("training:class_detail", pk=training_class.pk)


@require_http_methods(["GET", "POST"])
def enrol(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Find residents by name and enrol them, or add a newcomer at the door (after checking that
    they are not already registered)."""
    training_class = selectors.get_class_to_manage(request.user, pk)
    user = request.user
    villages = selectors.venue_villages_for(user).filter(path__startswith=training_class.organizer.unit.path)
    newcomer = NewcomerForm(
        request.POST if "full_name" in request.POST else None,
        villages=villages,
        initial={"village": training_class.village_id, "ethnicity": _default_ethnicity(training_class)},
    )
    matches: list[Any] = []
    if request.method == "POST" and "person" in request.POST:
        return _enrol_existing(request, training_class)
    if request.method == "POST" and newcomer.is_valid():
        data = newcomer.to_data()
        if request.POST.get("decision") != "new":  # the user has not yet said "a new person"
            matches = selectors.likely_matches(
                user, village=data.village, full_name=data.full_name, birth_year=data.birth_year
            )
        if not matches:
            try:
                enrolment = services.quick_add_and_enrol(
                    actor=user,
                    training_class=training_class,
                    data=data,
                    client_uuid=newcomer.cleaned_data["client_uuid"],
                )
            except ValidationError as error:
                add_validation_errors(newcomer, error)
            else:
                messages.success(
                    request, _("%(name)s was added and enrolled.") % {"name": enrolment.person.full_name}
                )
                return redirect("training:enrol", pk=training_class.pk)
    search = PersonSearchForm(request.GET)
    query = search.query()
    results = (
        search_people(selectors.enrollable_people(user, training_class), query=query)[:SEARCH_LIMIT]
        if query
        else []
    )
    context = {
        "class": training_class,
        "search": search,
        "query": query,
        "results": results,
        "enrolled_ids": selectors.enrolled_ids(training_class),
        "newcomer": newcomer,
        "matches": matches,
        "enrolments": selectors.enrolments_of(training_class),
    }
    status = 400 if newcomer.errors else 200
    return render(request, "training/classes/enrol.html", context, status=status)


def _default_ethnicity(training_class: TrainingClass) -> int | None:
    ethnicity = selectors.default_ethnicity_for(training_class.village)
    return ethnicity.pk if ethnicity else None


def _enrol_existing(request: AuthenticatedRequest, training_class: TrainingClass) -> HttpResponse:
    try:
        person_id = int(request.POST["person"])
    except ValueError as error:
        raise Http404 from error
    person = selectors.get_enrollable_person(request.user, training_class, person_id)
    try:
        services.enrol_person(actor=request.user, training_class=training_class, person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is enrolled.") % {"name": person.full_name})
    back = request.POST.get("next", "")
    if back.startswith("/training/"):
        return redirect(back)
    return redirect("training:enrol", pk=training_class.pk)


@require_GET
def roster(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_visible_to(request.user, pk)
    rows = selectors.roster(session)
    context = {
        "session": session,
        "class": session.training_class,
        "rows": rows,
        "present_count": sum(row.is_present for row in rows),
        **_marking_context(request, session),
    }
    return render(request, "training/classes/roster.html", context)


def _marking_context(request: AuthenticatedRequest, session: ClassSession) -> dict[str, Any]:
    village = session.training_class.village
    return {
        "can_mark": may(request.user, Action.MARK_ATTENDANCE, village)
        and session.training_class.status == ClassStatus.ACTIVE,
        "has_started": attendance_services.has_started(session),
        "can_enrol": may(request.user, Action.MANAGE_CLASSES, village),
    }


@require_POST
def mark(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One tap on a roster row: mark the resident present and answer with the row (htmx) or the roster."""
    session = selectors.get_session_visible_to(request.user, pk)
    form = MarkForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    person = selectors.get_person_to_mark(request.user, session.training_class, form.person_id())
    context = {"session": session, "class": session.training_class, **_marking_context(request, session)}
    try:
        attendance_services.mark_present(
            actor=request.user,
            session=session,
            person=person,
            client_uuid=form.client_uuid(),
            enrol=form.cleaned_data["enrol"],
        )
    except attendance_services.NotEnrolledError as error:
        context |= {"person": person, "may_enrol": error.may_enrol, "mark_value": form.cleaned_data["mark"]}
        return render(request, "training/classes/not_enrolled.html", context, status=409)
    except ValidationError as error:
        return back_with_error(request, error, "training:roster", session.pk)
    if request.htmx:
        return _tapped_row(request, session, person, context)
    return redirect("training:roster", pk=session.pk)


def _tapped_row(
    request: AuthenticatedRequest, session: ClassSession, person: Person, context: dict[str, Any]
) -> HttpResponse:
    """The tapped row, and the roster's "present" figure swapped in beside it (htmx out of band)."""
    context |= {
        "row": selectors.roster_row(session, person),
        "present_count": selectors.present_count(session),
    }
    return render(request, "training/classes/roster.html#tapped", context)


@require_POST
def unmark(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    session = selectors.get_session_visible_to(request.user, pk)
    form = UnmarkForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    person = selectors.get_person_to_mark(request.user, session.training_class, form.cleaned_data["person"])
    try:
        attendance_services.unmark_present(actor=request.user, session=session, person=person)
    except ValidationError as error:
        return back_with_error(request, error, "training:roster", session.pk)
    if request.htmx:
        return _tapped_row(
            request, session, person, {"session": session, **_marking_context(request, session)}
        )
    return redirect("training:roster", pk=session.pk)


@require_http_methods(["GET", "POST"])
def checkin(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Check learners in by their card: the camera reads its QR code, or the code is typed."""
    session = selectors.get_session_visible_to(request.user, pk)
    form = CheckInForm(request.POST or None)
    context: dict[str, Any] = {
        "session": session,
        "class": session.training_class,
        **_marking_context(request, session),
    }
    if request.method == "POST" and form.is_valid():
        context |= _check_in(request, session, form)
        if context.get("marked"):
            form = CheckInForm()  # ready for the next learner
    context["form"] = form
    status = 400 if form.errors or context.get("not_found") else 200
    return render(request, "training/classes/checkin.html", context, status=status)


def _check_in(request: AuthenticatedRequest, session: ClassSession, form: CheckInForm) -> dict[str, Any]:
    data = form.cleaned_data
    person = selectors.person_by_card(request.user, session.training_class, data["code"])
    if person is None:
        return {"not_found": True}
    try:
        attendance = attendance_services.mark_present(
            actor=request.user,
            session=session,
            person=person,
            method=data["method"] or CheckInMethod.CODE,
            client_uuid=data["client_uuid"],
            enrol=data["enrol"],
        )
    except attendance_services.NotEnrolledError as error:
        return {"not_enrolled": person, "may_enrol": error.may_enrol}
    except ValidationError as error:
        form.add_error(None, error.messages)
        return {}
    return {"marked": attendance, "person": person}


@require_GET
def attendance_sheet(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The printable sheet of a session (for a class held on paper), audit-logged: it lists people."""
    session = selectors.get_session_visible_to(request.user, pk)
    rows = selectors.roster(session)
    pdf = render_attendance_sheet_pdf(session, rows)
    audit.record_event(
        actor=request.user,
        action="training.attendance_sheet",
        target=f"session:{session.pk}",
        scope=session.training_class.village.path,
        detail={"people": len(rows)},
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    day = timezone.localtime(session.starts_at)
    response["Content-Disposition"] = f'inline; filename="diem-danh-{session.pk}-{day:%Y%m%d}.pdf"'
    return response
