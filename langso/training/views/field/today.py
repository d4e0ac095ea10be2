"""The mentor's today screen, and the whole list of people who still need a skill."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from langso.accounts.http import AuthenticatedRequest
from langso.training.selectors.today import people_needing_skills, today_for

PAGE_SIZE = 30


@require_GET
def today(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "training/field/today.html", {"screen": today_for(request.user)})


@require_GET
def today_needs(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(people_needing_skills(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "training/field/today_needs.html", {"page": page})
