"""The period a reporting page shows, named in its query string (?kind=month&period=2026-11)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone

from langso.common.periods import Period, PeriodKind


def period_in_query(request: HttpRequest) -> Period:
    """The period named by ?kind=…&period=…, the current month by default; 404 when malformed."""
    try:
        kind = PeriodKind(request.GET.get("kind", PeriodKind.MONTH))
        key = request.GET.get("period")
        return Period.parse(kind, key) if key else Period.containing(timezone.localdate(), kind)
    except ValueError:
        raise Http404 from None
