"""The dashboard of a unit: tiles, trend, child units with statuses and ranking, coverage, charts."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from langso.accounts.http import AuthenticatedRequest
from langso.accounts.jurisdiction import Action, may, top_units_ids
from langso.common.periods import PeriodKind
from langso.learning.content import localized
from langso.people.selectors import get_unit_visible_to
from langso.places.models import Unit
from langso.places.selectors import ancestors_of
from langso.reporting.charts import BarChart, bar_chart_of
from langso.reporting.dashboard_html import PageTexts, chart_bar, child_row, trend_svg
from langso.reporting.periods_query import period_in_query
from langso.reporting.selectors.dashboard import RANKING_TIE_BREAKER as CHART_INDICATOR
from langso.reporting.selectors.dashboard import SORT_KEYS, Dashboard, dashboard_of, sorted_lines


@require_GET
def my_dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """The dashboard of the highest unit the user may see one for."""
    top = top_units_ids(request.user, Action.VIEW_DASHBOARD)
    unit = Unit.objects.filter(pk__in=top).order_by("depth", "name").first()
    if unit is None:
        raise Http404
    return redirect("reporting:dashboard", code=unit.code)


@require_GET
def unit_dashboard(request: AuthenticatedRequest, code: str) -> HttpResponse:
    unit = get_unit_visible_to(request.user, code)
    if not may(request.user, Action.VIEW_DASHBOARD, unit):
        raise Http404
    period = period_in_query(request)
    board = dashboard_of(unit=unit, period=period)
    sort, descending = _sort_of(request, board)
    texts = PageTexts.active()
    chart = _chart(board)
    context = {
        "board": board,
        "unit": unit,
        "period": period,
        "kinds": PeriodKind.choices,
        "rows": [
            child_row(line, period, texts)
            for line in sorted_lines(board.children, key=sort, descending=descending, columns=board.columns)
        ],
        "headers": _headers(request, board, sort, descending),
        "chart": chart,
        "bars": [chart_bar(bar, chart, texts) for bar in chart.bars] if chart else [],
        "groups": [
            (group, [(tile, trend_svg(tile, texts)) for tile in group.tiles]) for group in board.groups
        ],
        "trail": [
            ancestor for ancestor in ancestors_of(unit) if may(request.user, Action.VIEW_DASHBOARD, ancestor)
        ],
    }
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    return render(request, "reporting/dashboard.html" + ("#children" if partial else ""), context)


def _sort_of(request: AuthenticatedRequest, board: Dashboard) -> tuple[str, bool]:
    """The table's sort from ?sort=…&order=…: rank, name or a column's indicator code."""
    keys = {*SORT_KEYS, *(column.code for column in board.columns)}
    sort = request.GET.get("sort", "rank")
    if sort not in keys:
        sort = "rank"
    return sort, request.GET.get("order") == "desc"


@dataclass(frozen=True)
class Header:
    """A sortable column heading: the link sorts by it (the other way when it is the current sort)."""

    label: str
    query: str
    aria_sort: str


def _headers(request: AuthenticatedRequest, board: Dashboard, sort: str, descending: bool) -> list[Header]:
    columns = [("rank", gettext("Rank")), ("name", gettext("Unit"))]
    columns += [(column.code, localized(column.name)) for column in board.columns]
    headers = []
    for key, label in columns:
        is_current = key == sort
        query = request.GET.copy()
        query["sort"], query["order"] = key, "desc" if is_current and not descending else "asc"
        aria_sort = ("descending" if descending else "ascending") if is_current else "none"
        headers.append(Header(label, query.urlencode(), aria_sort))
    return headers


def _chart(board: Dashboard) -> BarChart | None:
    """Bars of the children's share of residents reached, with the unit's target."""
    tile = board.tile(CHART_INDICATOR)
    if tile is None or not board.children:
        return None
    indicator_id = tile.row.indicator.pk
    rows = [
        (line.unit.name, status.value, status.status)
        for line in board.children
        for status in line.row.statuses
        if status.indicator.pk == indicator_id
    ]
    if not rows:
        return None
    target = tile.row.target.value if tile.row.target else None
    return bar_chart_of(rows, target=target)
