"""The geometry of the dashboard's server-rendered SVG charts (the templates draw them): a trend
sparkline per tile, and a bar per child unit for one indicator with its target marked."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from langso.reporting.status import Status

SPARK_WIDTH = 120
SPARK_HEIGHT = 36
SPARK_PAD = 3


@dataclass(frozen=True)
class Sparkline:
    """Polylines (a gap where a period has no value), the last point, and the target's height."""

    segments: list[str]
    last: tuple[float, float] | None
    target_y: float | None
    width: int = SPARK_WIDTH
    height: int = SPARK_HEIGHT


def sparkline_of(values: list[Decimal | None], target: Decimal | None) -> Sparkline | None:
    """The trend of `values` (oldest first) from zero up to the highest value or the target; None
    when no period has a value."""
    known = [value for value in values if value is not None]
    if not known:
        return None
    top = max([*known, target or Decimal(0)]) or Decimal(1)
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(values) - 1, 1)

    def y_of(value: Decimal) -> float:
        return round(SPARK_HEIGHT - SPARK_PAD - float(value / top) * (SPARK_HEIGHT - 2 * SPARK_PAD), 1)

    segments: list[str] = []
    current: list[str] = []
    last = None
    for index, value in enumerate(values):
        if value is None:
            if current:
                segments.append(" ".join(current))
            current = []
            continue
        last = (round(SPARK_PAD + index * step, 1), y_of(value))
        current.append(f"{last[0]},{last[1]}")
    if current:
        segments.append(" ".join(current))
    # A lone point draws nothing as a polyline: the dot at `last` shows it.
    segments = [segment for segment in segments if " " in segment]
    return Sparkline(segments, last, y_of(target) if target is not None else None)


BAR_LENGTH = 180
BAR_HEIGHT = 30
LABEL_WIDTH = 130


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None
    status: Status
    length: int
    y: int


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    target_x: float | None
    height: int
    label_width: int = LABEL_WIDTH
    bar_length: int = BAR_LENGTH

    @property
    def width(self) -> int:
        return self.label_width + self.bar_length + 60


def bar_chart_of(
    rows: list[tuple[str, Decimal | None, Status]], *, target: Decimal | None, ceiling: Decimal | None = None
) -> BarChart:
    """One bar per (label, value, status), longest value first; the target as a vertical mark."""
    ordered = sorted(rows, key=lambda row: (row[1] is None, -(row[1] or 0), row[0]))
    known = [value for _label, value, _status in ordered if value is not None]
    top = ceiling or max([*known, target or Decimal(0)], default=Decimal(0)) or Decimal(1)
    bars = [
        Bar(label, value, status, round(BAR_LENGTH * float((value or 0) / top)), index * BAR_HEIGHT)
        for index, (label, value, status) in enumerate(ordered)
    ]
    target_x = LABEL_WIDTH + round(BAR_LENGTH * float(target / top), 1) if target is not None else None
    return BarChart(bars, target_x, max(len(bars), 1) * BAR_HEIGHT)


__all__ = ["BarChart", "Sparkline", "bar_chart_of", "sparkline_of"]
