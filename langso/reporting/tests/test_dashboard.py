"""The dashboard of a unit: tiles from the roll-ups, the child table with statuses, ranking that
flags incomplete reports, sorting, drill-down, periods, scope and a bounded number of queries."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from langso.common.periods import Period, PeriodKind
from langso.places.services import create_village
from langso.reporting.charts import bar_chart_of, sparkline_of
from langso.reporting.dashboard_html import PageTexts
from langso.reporting.models import Indicator, ReportForm, Target
from langso.reporting.selectors.dashboard import dashboard_of
from langso.reporting.services.catalog import load_indicators
from langso.reporting.services.reports import ReportEntry, approve_report, open_report, submit_report
from langso.reporting.services.rollups import rebuild_rollups
from langso.reporting.status import Status

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
OCTOBER = Period.parse(PeriodKind.MONTH, "2026-10")
IN_TIME = datetime(2026, 11, 3, 9, 0, tzinfo=HANOI)
SMARTPHONE = "households-with-smartphone"


def entry(smartphones: int) -> ReportEntry:
    return ReportEntry(
        households=100,
        adult_residents=300,
        values={SMARTPHONE: smartphones, "vneid-level-2": 150, "cashless-payers": 60, "shared-computer": 1},
    )


def approved(world, village, smartphones: int) -> None:  # type: ignore[no-untyped-def]
    form = ReportForm.objects.get(code="front-digital-monthly")
    report = open_report(
        actor=world.user("province"), form=form, village=village, period=OCTOBER, now=IN_TIME
    )
    report = submit_report(actor=world.user("province"), report=report, entry=entry(smartphones), now=IN_TIME)
    approve_report(actor=world.user("province"), report=report, now=IN_TIME)


@pytest.fixture
def catalog(world):  # type: ignore[no-untyped-def]
    load_indicators()
    rebuild_rollups()  # the world's residents were made by factories
    return {indicator.code: indicator for indicator in Indicator.objects.all()}


def target(unit, indicator: Indicator, value: int) -> None:  # type: ignore[no-untyped-def]
    Target.objects.create(
        indicator=indicator,
        unit=unit,
        period_kind=OCTOBER.kind,
        period_start=OCTOBER.start,
        value=Decimal(value),
    )


def page(client, world, who: str, unit, **query: str):  # type: ignore[no-untyped-def]
    client.force_login(world.user(who))
    params = {"kind": "month", "period": "2026-10", **query}
    return client.get(f"/dashboard/{unit.code}/", params)


def test_the_commune_dashboard_shows_the_summed_value_its_target_and_status(client, world, catalog):
    approved(world, world.thong_nhat, 90)
    approved(world, world.hai_lang_2, 5)
    target(world.hai_lang, catalog[SMARTPHONE], 80)
    board = dashboard_of(unit=world.hai_lang, period=OCTOBER)
    tile = board.tile(SMARTPHONE)
    assert tile is not None
    assert (tile.row.value, tile.row.status) == (Decimal("47.5"), Status.RED)  # 95/200, not (90 % + 5 %)/2
    response = page(client, world, "commune", world.hai_lang)
    assert response.status_code == 200
    html = response.content.decode()
    assert "47.5 %" in html and "95 / 200" in html and "Below target" in html


def test_chart_coordinates_stay_numbers_when_the_page_writes_decimal_commas(client, world, catalog):
    approved(world, world.thong_nhat, 90)
    approved(world, world.hai_lang_2, 5)
    target(world.hai_lang, catalog[SMARTPHONE], 80)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    html = page(client, world, "commune", world.hai_lang).content.decode()
    assert "47,5 %" in html  # values in Vietnamese
    coordinates = re.findall(r'<(?:circle|line)[^>]* (?:cx|cy|x1|x2|y1|y2)="([^"]+)"', html)
    assert coordinates and all(re.fullmatch(r"-?\d+(\.\d+)?", number) for number in coordinates)


def test_a_unit_with_incomplete_reports_is_flagged_not_ranked(world, catalog):
    approved(world, world.thong_nhat, 90)  # Hải Lạng 2 has not reported October
    lines = {line.unit.name: line for line in dashboard_of(unit=world.hai_lang, period=OCTOBER).children}
    assert lines["Thôn Thống Nhất"].rank == 1 and not lines["Thôn Thống Nhất"].has_incomplete_reports
    assert lines[world.hai_lang_2.name].rank is None and lines[world.hai_lang_2.name].has_incomplete_reports


def test_the_ranking_puts_more_green_first_and_shares_a_rank_on_a_tie(world, catalog):
    approved(world, world.thong_nhat, 90)
    approved(world, world.hai_lang_2, 50)
    target(world.hai_lang, catalog[SMARTPHONE], 80)  # Thống Nhất meets it, Hải Lạng 2 does not
    lines = {line.unit.pk: line for line in dashboard_of(unit=world.hai_lang, period=OCTOBER).children}
    assert (lines[world.thong_nhat.pk].rank, lines[world.hai_lang_2.pk].rank) == (1, 2)
    Target.objects.filter(indicator=catalog[SMARTPHONE]).delete()
    lines = {line.unit.pk: line for line in dashboard_of(unit=world.hai_lang, period=OCTOBER).children}
    assert lines[world.thong_nhat.pk].rank == lines[world.hai_lang_2.pk].rank == 1


def test_the_child_table_sorts_by_a_column_with_htmx_and_links_down(client, world, catalog):
    approved(world, world.thong_nhat, 90)
    approved(world, world.hai_lang_2, 5)
    client.force_login(world.user("commune"))
    response = client.get(
        f"/dashboard/{world.hai_lang.code}/",
        {"kind": "month", "period": "2026-10", "sort": "name", "order": "desc"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="children"')  # only the table
    names = re.findall(r'<th scope="row"><a href="/dashboard/[^"]+">([^<]+)</a>', html)
    assert names == sorted(names, reverse=True) and len(names) == 2
    assert 'aria-sort="descending"' in html
    assert f'href="/dashboard/{world.thong_nhat.code}/?kind=month&period=2026-10"' in html


@pytest.mark.parametrize("code", ["06886", "06886-001", "xa.hailang", "thôn 2", "a&b"])
def test_a_childs_link_is_the_path_reverse_gives(code: str):
    assert PageTexts.active().dashboard_url(code) == reverse("reporting:dashboard", args=[code])


def test_a_village_head_sees_their_village_but_not_the_commune(client, world, catalog):
    assert page(client, world, "village_head", world.thong_nhat).status_code == 200
    assert page(client, world, "village_head", world.hai_lang).status_code == 404


def test_roles_without_the_dashboard_get_nothing(client, world, catalog):
    assert page(client, world, "mentor", world.thong_nhat).status_code == 404
    assert page(client, world, "other_commune", world.hai_lang).status_code == 404


def test_my_dashboard_opens_the_users_highest_unit(client, world, catalog):
    client.force_login(world.user("commune"))
    assert client.get("/dashboard/")["Location"] == f"/dashboard/{world.hai_lang.code}/"


def test_a_malformed_period_is_not_found(client, world, catalog):
    assert page(client, world, "commune", world.hai_lang, period="2026-13").status_code == 404


def test_the_quarter_and_the_neighbouring_periods_are_offered(client, world, catalog):
    html = page(client, world, "commune", world.hai_lang, kind="quarter", period="2026-Q4").content.decode()
    assert "Quarter 4/2026" in html and "period=2026-Q3" in html and "period=2027-Q1" in html


def test_the_dashboard_costs_the_same_queries_for_2_or_12_villages(client, world, catalog):
    def queries() -> int:
        client.force_login(world.user("commune"))
        client.get(
            f"/dashboard/{world.hai_lang.code}/", {"kind": "month", "period": "2026-10"}
        )  # warm caches
        with CaptureQueriesContext(connection) as captured:
            assert (
                client.get(
                    f"/dashboard/{world.hai_lang.code}/", {"kind": "month", "period": "2026-10"}
                ).status_code
                == 200
            )
        return len(captured)

    few = queries()
    for number in range(10):
        create_village(commune=world.hai_lang, name=f"Thôn {number}")
    assert queries() == few


def test_a_sparkline_breaks_where_a_period_has_no_value():
    line = sparkline_of([Decimal(10), None, Decimal(20), Decimal(30)], Decimal(40))
    assert line is not None and len(line.segments) == 1 and line.segments[0].count(",") == 2
    assert line.target_y is not None and line.target_y < line.last[1]  # type: ignore[index]
    assert sparkline_of([None, None], None) is None


def test_bars_go_longest_first_with_missing_values_last():
    chart = bar_chart_of(
        [("A", Decimal(10), Status.RED), ("B", None, Status.GREY), ("C", Decimal(40), Status.GREEN)],
        target=Decimal(20),
    )
    assert [bar.label for bar in chart.bars] == ["C", "A", "B"]
    assert chart.bars[0].length > chart.bars[1].length > chart.bars[2].length == 0
