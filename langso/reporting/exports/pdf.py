"""The PDF report of a unit's indicators: an HTML template rendered to A4 portrait
(`langso.common.pdf`), in the active language. The unit and the period, each indicator's value,
target and status, then a table of the child units per indicator group, with a legend of the status
signs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from langso.common.pdf import html_to_pdf
from langso.common.text import nfc
from langso.places.models import Unit
from langso.reporting.exports.content import (
    ExportContent,
    Group,
    Progress,
    indicator_name,
    number_text,
    statuses_by_indicator,
)
from langso.reporting.selectors.targets import IndicatorStatus
from langso.reporting.status import Status

TEMPLATE = "reporting/export_pdf.html"


@dataclass(frozen=True)
class Cell:
    """One indicator of one unit, as the report prints it."""

    name: str
    has_value: bool
    value: str
    target: str
    status: str
    word: str
    symbol: str
    is_inherited_target: bool


@dataclass
class GroupSection:
    """One group of indicators: the unit's own rows and one row of cells per child unit."""

    label: str
    names: list[str]
    own: list[Cell]
    children: list[tuple[str, list[Cell]]]


def render_report(content: ExportContent, *, progress: Progress) -> bytes:
    """The report as PDF bytes, calling `progress` after the unit's own figures, after each child unit
    and once the PDF is rendered."""
    total = content.steps_total
    own = content.own_by_indicator()
    sections = [
        GroupSection(
            label=group.label,
            names=[indicator_name(indicator) for indicator in group.indicators],
            own=_cells(group, own),
            children=[],
        )
        for group in content.groups
    ]
    progress(1, total)
    for number, child in enumerate(content.children, start=1):
        statuses = statuses_by_indicator(child)
        for section, group in zip(sections, content.groups, strict=True):
            section.children.append((nfc(child.unit.name), _cells(group, statuses)))
        progress(1 + number, total)
    pdf = html_to_pdf(render_to_string(TEMPLATE, report_context(content, sections)))
    progress(total, total)
    return pdf


def report_context(content: ExportContent, sections: list[GroupSection]) -> dict[str, Any]:
    """What the report's template shows."""
    return {
        "language": (get_language() or "vi").split("-")[0],
        "unit": nfc(content.unit.name),
        "parent": _parent_name(content.unit),
        "period": content.period.label,
        "made_at": timezone.localtime(),
        "sections": sections,
        "has_children": bool(content.children),
        "legend": [(status.symbol, status.label, status.value) for status in Status],
    }


def _cells(group: Group, statuses: dict[int, IndicatorStatus]) -> list[Cell]:
    return [_cell(statuses[indicator.pk]) for indicator in group.indicators]


def _cell(row: IndicatorStatus) -> Cell:
    return Cell(
        name=indicator_name(row.indicator),
        has_value=row.value is not None,
        value=number_text(row.indicator, row.value),
        target=number_text(row.indicator, row.target.value if row.target else None),
        status=row.status.value,
        word=str(row.status.label),
        symbol=row.status.symbol,
        is_inherited_target=bool(row.target and row.target.is_inherited),
    )


def _parent_name(unit: Unit) -> str:
    return nfc(unit.parent.name) if unit.parent is not None else ""
