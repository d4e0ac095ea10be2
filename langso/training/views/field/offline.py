"""The service worker that keeps the mentor's field screens for offline use (it holds no data)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_GET

SERVICE_WORKER = Path(__file__).resolve().parents[2] / "static" / "training" / "sw.js"

#: what every field screen needs, kept when the worker installs (the first page is not yet controlled)
PRECACHE = (
    "core/site.css",
    "core/icons.svg",
    "core/vendor/htmx-2.0.11.min.js",
    "training/field-offline.js",
)

SCOPE = "/training/"


@login_not_required
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The worker for /training/; its cache name carries a digest of its own text, so a new
    version (or new static files) replaces the old cache."""
    source = worker_source()
    version = hashlib.sha256(source.encode()).hexdigest()[:16]
    etag = f'"{version}"'
    not_modified = get_conditional_response(request, etag=etag)
    response = not_modified or HttpResponse(
        source.replace("__VERSION__", version), content_type="text/javascript; charset=utf-8"
    )
    response["ETag"] = etag
    response["Service-Worker-Allowed"] = SCOPE
    patch_cache_control(response, no_cache=True)
    return response


def worker_source() -> str:
    """The worker's text with its precache list and the sign-in path filled in."""
    return (
        SERVICE_WORKER.read_text(encoding="utf-8")
        .replace("__PRECACHE__", json.dumps([static(path) for path in PRECACHE]))
        .replace("__LOGIN__", json.dumps(reverse("accounts:login")))
    )
