"""Certificates: the learner's own list and PDF downloads, and the public verification page.

The list and the download are open without an account, because on a shared device (kiosk) the
resident who picked their name is the learner of an anonymous session.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from langso.accounts import audit
from langso.common.codes import normalize_code
from langso.learning.content import localized
from langso.learning.pdf import render_certificate_pdf
from langso.learning.selectors import certificates as selectors
from langso.learning.services import learners


@login_not_required
@require_GET
@never_cache
def certificate_list(request: HttpRequest) -> HttpResponse:
    """The current learner's certificates, and how far they are towards the others."""
    person = learners.current_learner(request)
    if person is None:
        return render(
            request,
            "learning/certificates/no_learner.html",
            {"kiosk": bool(learners.kiosk_unit_path(request))},
        )
    return render(
        request,
        "learning/certificates/certificate_list.html",
        {
            "learner": person,
            "kiosk": bool(learners.kiosk_unit_path(request)),
            "certificates": selectors.certificates_of(person),
            "in_progress": selectors.sets_in_progress_of(person),
        },
    )


@login_not_required
@require_GET
@never_cache
def certificate_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The certificate as a PDF, for its holder or for staff who may see progress in their village."""
    learner = learners.current_learner(request)
    if learner is None and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    certificate = selectors.get_certificate_for_download(
        user=request.user, learner=learner, code=normalize_code(code)
    )
    if learner is None or certificate.person_id != learner.pk:
        audit.record_event(
            actor=request.user,  # type: ignore[arg-type]
            action="certificate.download",
            target=f"person:{certificate.person_id}",
            scope=certificate.person.village.path,
            detail={"code": certificate.code},
        )
    verify_url = request.build_absolute_uri(reverse("learning:verify", args=[certificate.code]))
    response = HttpResponse(
        render_certificate_pdf(certificate, verify_url=verify_url), content_type="application/pdf"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"giay-chung-nhan-{certificate.code}.pdf"
    )
    return response


@login_not_required
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: whether `code` is a genuine certificate, showing only the name, the set, the skills
    and the date; a 404 page for any other code."""
    certificate = selectors.get_verified_certificate(normalize_code(code))
    if certificate is None:
        return render(request, "learning/certificates/verify_not_found.html", status=404)
    return render(
        request,
        "learning/certificates/verify.html",
        {
            "holder_name": certificate.holder_name,
            "set_title": localized(certificate.certificate_set.title),
            "skills": localized(certificate.skill_titles),
            "issued_at": certificate.issued_at,
            "code": certificate.code,
        },
    )
