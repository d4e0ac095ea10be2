"""The dashboard's repeated pieces as HTML: a row of the child table and a bar of the chart for each
child unit, and each tile's trend. A province has a hundred communes; drawn by the template engine,
their dozen nodes each took half of the page's server time. Here the markup that is the same on
every row (a status cell's start and end, the flag) is escaped once per page, and each piece escapes
only what varies: a unit's name, its link, values and labels. The rest of the page stays in the
template."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from django.urls import reverse
from django.utils.formats import get_format
from django.utils.html import escape, format_html
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.numberformat import format as format_number
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from langso.common.periods import Period
from langso.reporting.charts import Bar, BarChart
from langso.reporting.models import Measure
from langso.reporting.selectors.dashboard import ChildLine, Tile
from langso.reporting.selectors.targets import IndicatorStatus
from langso.reporting.status import Status

#: a bar's label is cut to this many characters so that the bars line up
BAR_LABEL_LENGTH = 18
#: stands for a unit's code in the dashboard route reversed once per page
CODE_SLOT = "unit-code"


@dataclass(frozen=True)
class PageTexts:
    """What every row writes alike, translated, escaped and looked up once per page."""

    decimal_separator: str
    #: a child's dashboard link is this path with the child's code between them (reversed once for
    #: the page: reversing the route for each of a hundred rows took a tenth of their time)
    dashboard_path: tuple[str, str]
    #: per status, the start of its table cell (up to the value) and the end (after it)
    cell_parts: dict[Status, tuple[str, str]]
    incomplete_badge: str

    @classmethod
    def active(cls) -> PageTexts:
        """The texts in the active language."""
        return cls(
            decimal_separator=get_format("DECIMAL_SEPARATOR"),
            dashboard_path=_split_at_code(reverse("reporting:dashboard", args=[CODE_SLOT])),
            cell_parts={
                status: (
                    format_html(
                        '<td class="cell-status target-{}"><span aria-hidden="true">{}</span> ',
                        status.value,
                        status.symbol,
                    ),
                    format_html('<span class="sr-only"> {}</span></td>', status.label),
                )
                for status in Status
            },
            incomplete_badge=format_html(
                '<span class="badge target-amber" title="{0}">! {0}</span>', gettext("Reports incomplete")
            ),
        )

    def dashboard_url(self, code: str) -> str:
        """The path of a unit's dashboard, quoted as `reverse` quotes it."""
        before, after = self.dashboard_path
        return before + quote(code, safe=RFC3986_SUBDELIMS + "/~:@") + after

    def value(self, value: Decimal | None, measure: str) -> str:
        """A value as the page shows it, in the reader's number format ("47,5 %" in Vietnamese)."""
        if value is None:
            return "–"
        return format_number(value, self.decimal_separator) + (" %" if measure == Measure.PERCENT else "")


def _split_at_code(path: str) -> tuple[str, str]:
    before, after = path.split(CODE_SLOT)
    return before, after


def child_row(line: ChildLine, period: Period, texts: PageTexts) -> SafeString:
    """The table row of a child unit: its rank (or the incomplete-reports flag), its name linking to
    its own dashboard for the same period, and a status cell per required indicator."""
    rank = str(line.rank) if line.rank is not None else texts.incomplete_badge
    note = ""
    if line.has_incomplete_reports:
        approved = gettext("%(approved)s of %(expected)s reports approved") % {
            "approved": line.reports_approved,
            "expected": line.reports_expected,
        }
        note = f'<br><small class="muted">{escape(approved)}</small>'
    path = escape(texts.dashboard_url(line.unit.code))
    href = f"{path}?kind={period.kind}&period={period.key}"  # a period's kind and key are plain words
    cells = "".join(_status_cell(row, texts) for row in line.row.statuses)
    return SafeString(
        f'<tr><td class="num">{rank}</td>'
        f'<th scope="row"><a href="{href}">{escape(line.unit.name)}</a>{note}</th>{cells}</tr>'
    )


def _status_cell(row: IndicatorStatus, texts: PageTexts) -> str:
    """A value with its status as a colour, a sign and (for screen readers) a word."""
    start, end = texts.cell_parts[row.status]
    return start + escape(texts.value(row.value, row.indicator.measure)) + end


def trend_svg(tile: Tile, texts: PageTexts) -> SafeString:
    """A tile's sparkline (the target as a line, the last value as a dot) and its change since the
    previous period; nothing when no period of the trend has a value."""
    spark = tile.sparkline
    if spark is None:
        return SafeString("")
    periods = len(tile.trend)
    label = ngettext("Trend over the last period", "Trend over the last %(counter)s periods", periods) % {
        "counter": periods
    }
    change = tile.change
    if change is not None:
        label += ": " + _signed(change, texts)
    target = ""
    if spark.target_y is not None:
        y = spark.target_y
        target = f'<line class="spark-target" x1="0" x2="{spark.width}" y1="{y}" y2="{y}"></line>'
    lines = "".join(f'<polyline points="{points}"></polyline>' for points in spark.segments)
    dot = f'<circle cx="{spark.last[0]}" cy="{spark.last[1]}" r="3"></circle>' if spark.last else ""
    svg = (
        f'<svg class="spark" viewBox="0 0 {spark.width} {spark.height}" width="{spark.width}" '
        f'height="{spark.height}" role="img" aria-label="{escape(label)}">{target}{lines}{dot}</svg>'
    )
    if change is not None:
        arrow = "▲" if change >= 0 else "▼"
        since = gettext("since the previous period")
        svg += f'<small class="muted">{arrow} {escape(_signed(change, texts))} {escape(since)}</small>'
    return SafeString(svg)


def _signed(change: Decimal, texts: PageTexts) -> str:
    return ("+" if change >= 0 else "") + format_number(change, texts.decimal_separator)


def chart_bar(bar: Bar, chart: BarChart, texts: PageTexts) -> SafeString:
    """A bar of the chart: the unit's name, a bar coloured by its status and the value after it."""
    label = escape(Truncator(bar.label).chars(BAR_LABEL_LENGTH))
    value = escape(texts.value(bar.value, Measure.PERCENT))
    return SafeString(
        f'<g transform="translate(0,{bar.y})"><text x="0" y="20">{label}</text>'
        f'<rect class="bar-{bar.status.value}" x="{chart.label_width}" y="5" width="{bar.length}" '
        f'height="20" rx="3"></rect><text x="{chart.label_width + bar.length + 4}" y="20">{value}</text></g>'
    )


__all__ = ["PageTexts", "chart_bar", "child_row", "trend_svg"]
