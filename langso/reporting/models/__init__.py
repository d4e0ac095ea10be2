"""The reporting models, one module per area, re-exported here."""

from langso.reporting.models.catalog import (
    Direction,
    Indicator,
    IndicatorGroup,
    IndicatorSource,
    Measure,
    ReportInput,
)

__all__ = ["Direction", "Indicator", "IndicatorGroup", "IndicatorSource", "Measure", "ReportInput"]
