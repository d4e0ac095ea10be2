"""Report pages: the list of a village's (or a commune's) reports, opening a period's draft, filling
and sending it, and the commune's review (approve, return with a comment, unlock with a reason)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from langso.accounts.http import AuthenticatedRequest
from langso.accounts.jurisdiction import Action, may
from langso.common.forms import add_validation_errors
from langso.common.periods import Period
from langso.reporting.forms import ReportEntryForm, ReturnForm, UnlockForm
from langso.reporting.models import ReportStatus, VillageReport
from langso.reporting.selectors import reports as selectors
from langso.reporting.services import reports as services


@require_GET
def report_list(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "slots": selectors.report_slots(request.user, today=today),
        "queue": list(selectors.review_queue(request.user)[:50])
        if selectors.may_review(request.user)
        else [],
        "may_review": selectors.may_review(request.user),
    }
    return render(request, "reporting/report_list.html", context)


@require_http_methods(["GET", "POST"])
def report_open(request: AuthenticatedRequest) -> HttpResponse:
    """GET names the report (form, village, period) and offers to start it; POST opens the draft."""
    params = request.POST if request.method == "POST" else request.GET
    form = selectors.get_form(params.get("form", ""))
    village = selectors.get_village_to_report(request.user, params.get("village", ""))
    try:
        period = Period.parse(form.period_kind, params.get("period", ""))
    except ValueError:
        raise Http404 from None
    existing = selectors.existing_report(form=form, village=village, period=period)
    if existing is not None:
        return redirect("reporting:report_detail", pk=existing.pk)
    if request.method == "GET":
        return render(
            request, "reporting/report_open.html", {"form": form, "village": village, "period": period}
        )
    try:
        report = services.open_report(actor=request.user, form=form, village=village, period=period)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
        return redirect("reporting:report_list")
    return redirect("reporting:report_detail", pk=report.pk)


@require_http_methods(["GET", "POST"])
def report_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = selectors.get_report_visible_to(request.user, pk)
    may_submit = may(request.user, Action.SUBMIT_REPORT, report.village)
    indicators = services.form_indicators(report.form)
    if request.method == "GET" or not may_submit:
        if request.method == "POST":
            raise Http404
        return _detail(request, report, ReportEntryForm(report=report, indicators=indicators))
    entry_form = ReportEntryForm(request.POST, report=report, indicators=indicators)
    if entry_form.is_valid():
        is_submit = "submit" in request.POST
        action = services.submit_report if is_submit else services.save_report
        try:
            action(
                actor=request.user,
                report=report,
                entry=entry_form.entry(),
                revision=entry_form.cleaned_data["revision"],
            )
        except services.ReportConflict as conflict:
            messages.warning(request, conflict.message)
            return redirect("reporting:report_detail", pk=pk)
        except ValidationError as error:
            add_validation_errors(entry_form, error)
        else:
            messages.success(
                request, _("Sent to the commune. Thank you!") if is_submit else _("Saved as a draft.")
            )
            return redirect("reporting:report_detail", pk=pk)
    report = selectors.get_report_visible_to(request.user, pk)  # the page shows what is stored
    return _detail(request, report, entry_form, status=400)


def _detail(
    request: AuthenticatedRequest,
    report: VillageReport,
    entry_form: ReportEntryForm,
    *,
    return_form: ReturnForm | None = None,
    unlock_form: UnlockForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_review = may(request.user, Action.REVIEW_REPORT, report.village)
    context = {
        "report": report,
        "rows": selectors.value_rows(report),
        "entry_form": entry_form,
        "can_edit": report.is_editable and may(request.user, Action.SUBMIT_REPORT, report.village),
        "can_review": may_review and report.status == ReportStatus.SUBMITTED,
        "can_unlock": may_review and report.status == ReportStatus.APPROVED,
        "return_form": return_form or ReturnForm(),
        "unlock_form": unlock_form or UnlockForm(),
        "is_overdue": report.is_editable and timezone.localdate() > report.due_on,
    }
    return render(request, "reporting/report_detail.html", context, status=status)


def _reviewed(request: AuthenticatedRequest, pk: int) -> VillageReport:
    """The report a review action is about: visible to the user, who reviews at its village."""
    report = selectors.get_report_visible_to(request.user, pk)
    if not may(request.user, Action.REVIEW_REPORT, report.village):
        raise Http404
    return report


@require_POST
def report_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _reviewed(request, pk)
    try:
        services.approve_report(actor=request.user, report=report)
    except services.ReportConflict as conflict:
        messages.warning(request, conflict.message)
    else:
        messages.success(request, _("Approved. The report is locked now."))
    return redirect("reporting:report_detail", pk=pk)


@require_POST
def report_return(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _review_with_text(
        request,
        pk,
        ReturnForm,
        lambda report, comment: services.return_report(actor=request.user, report=report, comment=comment),
        text_field="comment",
        done=_("Returned to the village with your comment."),
    )


@require_POST
def report_unlock(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _review_with_text(
        request,
        pk,
        UnlockForm,
        lambda report, reason: services.unlock_report(actor=request.user, report=report, reason=reason),
        text_field="reason",
        done=_("Unlocked: the village can correct the report."),
    )


def _review_with_text(
    request: AuthenticatedRequest,
    pk: int,
    form_class: type[ReturnForm] | type[UnlockForm],
    review: Callable[[VillageReport, str], object],
    *,
    text_field: str,
    done: str,
) -> HttpResponse:
    """A review that needs a text (the return's comment, the unlock's reason): done, refused as a
    conflict (a message), or the report page again with the text kept and the error beside it."""
    report = _reviewed(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            review(report, form.cleaned_data[text_field])
        except services.ReportConflict as conflict:
            messages.warning(request, conflict.message)
            return redirect("reporting:report_detail", pk=pk)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("reporting:report_detail", pk=pk)
    indicators = services.form_indicators(report.form)
    entry_form = ReportEntryForm(report=report, indicators=indicators)
    return _detail(
        request,
        report,
        entry_form,
        return_form=form if isinstance(form, ReturnForm) else None,
        unlock_form=form if isinstance(form, UnlockForm) else None,
        status=400,
    )
