"""Reads of help requests: the queue (scoped by VIEW_TRAINING at the request's village), one
request with its history, the public place search of the ask-for-help form, and counts for
reporting."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from langso.accounts.jurisdiction import Action, scope_filter
from langso.accounts.models import User
from langso.common.text import normalize_text
from langso.places.models import Unit, UnitKind
from langso.places.selectors import subtree_filter
from langso.training.models import HelpEvent, HelpRequest, HelpStatus

#: a request still waiting after this long is flagged
FLAG_AFTER = datetime.timedelta(days=3)
#: the statuses a queue filter may ask for; "" is every request not resolved yet
QUEUE_FILTERS = ("", HelpStatus.OPEN, HelpStatus.CLAIMED, HelpStatus.RESOLVED, "all")


@dataclass(frozen=True)
class QueueItem:
    """A request as the queue shows it: how many days it has waited and whether that is too long."""

    request: HelpRequest
    days_waiting: int
    is_flagged: bool


def queue_items(requests: Iterable[HelpRequest], *, now: datetime.datetime | None = None) -> list[QueueItem]:
    """Wrap requests with their waiting time (none once resolved)."""
    now = now or timezone.now()
    items = []
    for help_request in requests:
        waiting = now - help_request.created_at
        is_open = help_request.status != HelpStatus.RESOLVED
        items.append(
            QueueItem(
                request=help_request,
                days_waiting=waiting.days if is_open else 0,
                is_flagged=is_open and waiting > FLAG_AFTER,
            )
        )
    return items


def help_requests_visible_to(user: User) -> QuerySet[HelpRequest]:
    """Requests of every village the user may see training at."""
    return HelpRequest.objects.filter(scope_filter(user, Action.VIEW_TRAINING, via="village"))


def help_queue(user: User, *, status: str = "") -> QuerySet[HelpRequest]:
    """The user's visible requests, oldest first (so the flagged ones lead); by default those not
    resolved yet."""
    requests = help_requests_visible_to(user)
    if status == "all":
        pass
    elif status in (HelpStatus.OPEN, HelpStatus.CLAIMED, HelpStatus.RESOLVED):
        requests = requests.filter(status=status)
    else:
        requests = requests.exclude(status=HelpStatus.RESOLVED)
    ordering = ["-resolved_at", "-id"] if status == HelpStatus.RESOLVED else ["created_at", "id"]
    return requests.select_related("village", "team", "claimed_by").order_by(*ordering)


def get_help_request_visible_to(user: User, pk: int) -> HelpRequest:
    """One request with its village, team, people involved and event history; 404 when out of reach."""
    events = Prefetch("events", HelpEvent.objects.select_related("actor", "to_user", "to_team"))
    help_request = (
        help_requests_visible_to(user)
        .filter(pk=pk)
        .select_related("village", "commune", "team", "person", "claimed_by", "resolved_by")
        .prefetch_related(events)
        .first()
    )
    if help_request is None:
        raise Http404
    return help_request


def queue_of(user: User) -> QuerySet[HelpRequest]:
    """The user's own queue: open requests of their teams, and those they hold; oldest first."""
    mine = Q(team__members__user=user, status=HelpStatus.OPEN) | Q(claimed_by=user, status=HelpStatus.CLAIMED)
    ids = HelpRequest.objects.filter(mine).values("id")
    return (
        help_requests_visible_to(user)
        .filter(id__in=ids)
        .select_related("village", "claimed_by")
        .order_by("created_at", "id")
    )


@dataclass(frozen=True)
class HelpCounts:
    """Help requests of a unit's subtree over a period (see help_request_counts)."""

    asked: int
    resolved: int
    resolved_within_3_days: int
    open: int
    flagged: int


def help_request_counts(*, unit: Unit, start: datetime.date, end: datetime.date) -> HelpCounts:
    """For the requests of `unit`'s subtree, in one query: asked and resolved from `start` to `end`
    (both days included), how many of those resolved within 3 days of being asked, and how many were
    still open, and open for more than 3 days (flagged), at the end of `end`."""
    tz = timezone.get_current_timezone()
    since = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    resolved = Q(resolved_at__gte=since, resolved_at__lt=until)
    still_open = Q(created_at__lt=until) & (Q(resolved_at__isnull=True) | Q(resolved_at__gte=until))
    counts = HelpRequest.objects.filter(subtree_filter(unit.path, via="village")).aggregate(
        asked=Count("id", filter=Q(created_at__gte=since, created_at__lt=until)),
        resolved=Count("id", filter=resolved),
        resolved_within_3_days=Count(
            "id", filter=resolved & Q(resolved_at__lte=F("created_at") + FLAG_AFTER)
        ),
        open=Count("id", filter=still_open),
        flagged=Count("id", filter=still_open & Q(created_at__lt=until - FLAG_AFTER)),
    )
    return HelpCounts(**counts)


#: how many communes a place search lists at most
PLACE_RESULTS = 12


def communes_matching(query: str) -> list[Unit]:
    """Communes whose name (with their province's) contains every word of `query`, ignoring case
    and diacritics. Public data: only the names of units."""
    words = normalize_text(query).split()
    if not words or len(" ".join(words)) < 2:
        return []
    found = [unit for unit, key in _folded_communes() if all(word in key for word in words)]
    return found[:PLACE_RESULTS]


_COMMUNE_CACHE: dict[tuple[int, int], list[tuple[Unit, str]]] = {}


def _folded_communes() -> list[tuple[Unit, str]]:
    """Every commune with its folded search key, kept in memory until a commune is added."""
    stamp = Unit.objects.filter(kind=UnitKind.COMMUNE).aggregate(n=Count("id"), last=Max("id"))
    version = (stamp["n"], stamp["last"] or 0)
    if version not in _COMMUNE_CACHE:
        communes = Unit.objects.filter(kind=UnitKind.COMMUNE).select_related("parent").order_by("name")
        _COMMUNE_CACHE.clear()
        _COMMUNE_CACHE[version] = [
            (unit, normalize_text(f"{unit.name} {unit.parent.name if unit.parent else ''}"))
            for unit in communes
        ]
    return _COMMUNE_CACHE[version]


def get_commune(code: str) -> Unit | None:
    return Unit.objects.filter(kind=UnitKind.COMMUNE, code=code).select_related("parent").first()


def villages_of(commune: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(parent=commune, kind=UnitKind.VILLAGE).order_by("name")
