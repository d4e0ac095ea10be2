"""The home page, the public landing page and the error pages."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from langso.accounts.http import AuthenticatedRequest
from langso.core.home import cards_for


@require_GET
def home(request: AuthenticatedRequest) -> HttpResponse:
    cards = cards_for(request.user)
    # Learning is the main action of whoever has no staff tools (a learner, or no role yet).
    return render(
        request, "core/home.html", {"cards": cards, "learning_is_main": not any(c.links for c in cards)}
    )


@login_not_required
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@login_not_required
def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"code": 403}, status=403)


@login_not_required
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"code": 404}, status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "core/error.html", {"code": 500}, status=500)
