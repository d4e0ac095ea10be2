"""Responses every app's views share."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django_htmx.http import HttpResponseClientRedirect


def back_with_error(request: HttpRequest, error: ValidationError, to: str, *args: object) -> HttpResponse:
    """Show a refused action's message on the page `to` (a URL name and its arguments). An htmx tap
    is sent there by the browser as a whole page: swapping the page into the tapped row would not do."""
    messages.error(request, " ".join(error.messages))
    url = resolve_url(to, *args)
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)
