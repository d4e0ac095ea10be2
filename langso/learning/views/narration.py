"""Thin views of read-aloud narration: the audio files, the learner's choice of narration language,
recording a step in a human voice, adding a local language, and reviewing recordings.

Also `step_narration_context`, which the lesson-step view merges into its context for the
"Nghe" (listen) button and the narration-language picker.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from langso.accounts.http import AuthenticatedRequest
from langso.common.forms import add_validation_errors
from langso.learning.content import CONTENT_LANGUAGES, localized, render_markdown
from langso.learning.models import Narration, NarrationLanguage, Step
from langso.learning.selectors import narration as selectors
from langso.learning.services import narration as services
from langso.learning.speech import speech_text
from langso.people.models import Person
from langso.places.models import Unit

NARRATION_COOKIE = "langso_narration"
NARRATION_COOKIE_AGE = 60 * 60 * 24 * 365
_LANGUAGE_CODE = re.compile(r"^[-a-z0-9_]{1,16}$")
REVIEW_PAGE_SIZE = 50


# --- What the lesson-step page needs --------------------------------------------------------


def _text_language() -> str:
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def narration_language_of(request: HttpRequest) -> str:
    """The language the learner listens in: their choice (a cookie), else the text language."""
    chosen = request.COOKIES.get(NARRATION_COOKIE, "")
    return chosen if _LANGUAGE_CODE.match(chosen) else _text_language()


def step_narration_context(request: HttpRequest, *, step: Step, learner: Person | None) -> dict[str, Any]:
    """The context of `learning/narration/_listen.html` and `_language_picker.html` for one step.

    The audio is the chosen language's narration; for a local language nobody has recorded this
    step in yet, the text language's. Without audio, the browser reads the text in the chosen
    language (or in the text language, when the chosen one is local: browsers know no Tày)."""
    language = narration_language_of(request)
    text_language = _text_language()
    narration = selectors.narration_for(step, language)
    if narration is None and language not in CONTENT_LANGUAGES:
        narration = selectors.narration_for(step, text_language)
    spoken = language if language in CONTENT_LANGUAGES else text_language
    return {
        "narration": narration,
        "narration_language": language,
        "narration_languages": selectors.narration_languages_for(learner, current=language),
        "speech_language": spoken,
        "speech_text": speech_text(str(localized(step.text, spoken))),
        "can_record_narration": selectors.may_record(request.user),
    }


# --- Public: the audio, and the learner's choice --------------------------------------------


_BYTE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _audio_response(request: HttpRequest, narration: Narration, *, cache_control: str) -> HttpResponseBase:
    """The narration's file, whole or the one byte range asked for (Safari plays audio only from
    servers that answer ranges)."""
    try:
        stream = narration.audio.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = (narration.audio.name or "").rsplit(".", 1)[-1]
    content_type = services.AUDIO_CONTENT_TYPES.get(extension, "application/octet-stream")
    # Opus is compressed already: GZipMiddleware would only spend CPU and drop the Content-Length
    # that audio players use to seek.
    request.META.pop("HTTP_ACCEPT_ENCODING", None)
    wanted = _BYTE_RANGE.match(request.headers.get("Range", "").strip())
    response: HttpResponseBase
    if wanted and (wanted[1] or wanted[2]):
        size = narration.audio.size
        start, end = _byte_range(wanted[1], wanted[2], size)
        if start > end:
            stream.close()
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        with stream:
            stream.seek(start)
            response = HttpResponse(stream.read(end - start + 1), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = FileResponse(stream, content_type=content_type)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = cache_control
    return response


def _byte_range(first: str, last: str, size: int) -> tuple[int, int]:
    """The first and last byte of "bytes=first-last" in a file of `size` bytes (first > last when
    the range cannot be satisfied)."""
    if not first:  # "bytes=-500": the last 500 bytes
        return max(0, size - int(last)), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    return start, end if start < size else -1


@login_not_required
@require_safe
def narration_audio(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A published narration's audio. A changed text makes a new narration (a new URL), so the
    file at a URL never changes and may be cached for a year."""
    narration = selectors.get_published_narration(pk)
    return _audio_response(request, narration, cache_control="public, max-age=31536000, immutable")


class NarrationLanguageChoiceForm(forms.Form):
    language = forms.SlugField(max_length=16)
    next = forms.CharField(required=False, max_length=2000)


@login_not_required
@require_POST
def narration_language(request: HttpRequest) -> HttpResponse:
    """Remember the narration language the learner picked (a cookie), and go back to the lesson."""
    form = NarrationLanguageChoiceForm(request.POST)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("learning:skill_list")
    response = redirect(target)
    if form.is_valid() and selectors.is_narration_language(form.cleaned_data["language"]):
        response.set_cookie(
            NARRATION_COOKIE,
            form.cleaned_data["language"],
            max_age=NARRATION_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
    return response


# --- Recording ------------------------------------------------------------------------------


class RecordingForm(forms.Form):
    """A recording of one step: made in the browser (MediaRecorder) or chosen as a file."""

    language = forms.ChoiceField(label=gettext_lazy("Language of the recording"))
    audio = forms.FileField(
        label=gettext_lazy("Recording"),
        widget=forms.FileInput(attrs={"accept": "audio/*", "capture": "user"}),
    )
    duration_ms = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, languages: list[NarrationLanguage], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.languages = {language.code: language for language in languages}
        field = self.fields["language"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(language.code, language.name) for language in languages]

    def clean_language(self) -> NarrationLanguage:
        return self.languages[self.cleaned_data["language"]]


@require_http_methods(["GET", "POST"])
def narration_record(request: AuthenticatedRequest, step_id: int) -> HttpResponse:
    step = selectors.get_step_to_record(request.user, step_id)
    languages = selectors.recordable_languages(request.user)
    initial = {"language": request.GET.get("language", "vi")}
    form = RecordingForm(request.POST or None, request.FILES or None, languages=languages, initial=initial)
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        try:
            services.record_narration(
                actor=request.user,
                step=step,
                language=language,
                audio=form.cleaned_data["audio"],
                content_type=form.cleaned_data["audio"].content_type or "",
                duration_ms=form.cleaned_data["duration_ms"] or 0,
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, _("Thank you! The recording will be heard by learners once it is reviewed.")
            )
            return redirect(
                f"{reverse('learning:narration_record', args=[step.pk])}?language={language.code}"
            )
    context = {
        "step": step,
        "step_html": render_markdown(str(localized(step.text))),
        "form": form,
        "recordings": selectors.recordings_of(request.user, step),
        "next_step": selectors.next_step_of(step),
        "language_code": request.GET.get("language", ""),
        "can_add_language": selectors.language_units_for(request.user).exists(),
        "max_seconds": services.MAX_RECORDING_MS // 1000,
        "max_minutes": services.MAX_RECORDING_MS // 60_000,
    }
    return render(request, "learning/narration/record.html", context, status=400 if form.errors else 200)


@require_safe
def narration_recording_audio(request: AuthenticatedRequest, pk: int) -> HttpResponseBase:
    """A recording not public yet (or rejected), for its recorder and its reviewers."""
    narration = selectors.get_recording_to_hear(request.user, pk)
    return _audio_response(request, narration, cache_control="private, no-cache")


# --- Local languages ------------------------------------------------------------------------


class LocalLanguageForm(forms.Form):
    unit = forms.ChoiceField(label=gettext_lazy("For the area of"))
    code = forms.CharField(
        label=gettext_lazy("Short code"),
        max_length=16,
        help_text=gettext_lazy("Letters without marks, e.g. tay, dao, hmong."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    name = forms.CharField(
        label=gettext_lazy("Name"), max_length=100, help_text=gettext_lazy("e.g. Tiếng Tày")
    )

    def __init__(self, *args: Any, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(unit.pk): unit for unit in units}
        field = self.fields["unit"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(unit.pk), unit.name) for unit in units]
        if len(units) == 1:
            self.fields["unit"].widget = forms.HiddenInput()
            self.fields["unit"].initial = str(units[0].pk)

    def clean_unit(self) -> Unit:
        return self.units[self.cleaned_data["unit"]]


@require_http_methods(["GET", "POST"])
def narration_language_add(request: AuthenticatedRequest) -> HttpResponse:
    """Add a local language (Tày, Dao, H'Mông…) for the user's commune, or the area above it."""
    units = list(selectors.language_units_for(request.user))
    if not units:
        raise Http404
    form = LocalLanguageForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            language = services.add_narration_language(
                actor=request.user,
                unit=form.cleaned_data["unit"],
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(
                request, _("“%(name)s” can now be recorded and chosen.") % {"name": language.name}
            )
            return redirect("learning:narration_language_add")
    context = {"form": form, "area_languages": selectors.recordable_languages(request.user)}
    return render(
        request, "learning/narration/language_form.html", context, status=400 if form.errors else 200
    )


# --- Review ---------------------------------------------------------------------------------


@require_safe
def narration_review(request: AuthenticatedRequest) -> HttpResponse:
    """The recordings waiting for this reviewer, oldest first, each with its step's text."""
    narrations = list(selectors.narrations_reviewable_by(request.user)[:REVIEW_PAGE_SIZE])
    if not narrations and not selectors.may_review(request.user):
        raise Http404
    items = [(narration, render_markdown(str(_text_for(narration)))) for narration in narrations]
    return render(request, "learning/narration/review.html", {"items": items})


def _text_for(narration: Narration) -> Any:
    """The step text a reviewer compares a recording with: its own language, or Vietnamese for a
    local one (recorders read the Vietnamese text in their language)."""
    code = narration.language.code
    return localized(narration.step.text, code if code in CONTENT_LANGUAGES else settings.LANGUAGE_CODE)


def _review(request: AuthenticatedRequest, pk: int, *, publish: bool) -> HttpResponse:
    narration = selectors.get_narration_to_review(request.user, pk)
    review = services.publish_narration if publish else services.reject_narration
    try:
        review(actor=request.user, narration=narration)
    except PermissionDenied:
        raise Http404 from None
    if publish:
        messages.success(request, _("Published: learners hear this recording from now on."))
    else:
        messages.success(request, _("Rejected: learners will not hear this recording."))
    return redirect("learning:narration_review")


@require_POST
def narration_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _review(request, pk, publish=True)


@require_POST
def narration_reject(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _review(request, pk, publish=False)
