"""The reporting models, one module per area, re-exported here."""

from langso.reporting.models.catalog import (
    Direction,
    Indicator,
    IndicatorGroup,
    IndicatorSource,
    Measure,
    ReportInput,
)
from langso.reporting.models.exports import PENDING_STATUSES, ExportFormat, ExportJob, ExportStatus
from langso.reporting.models.reports import (
    EDITABLE_STATUSES,
    ReportEvent,
    ReportEventKind,
    ReportForm,
    ReportStatus,
    ReportValue,
    VillageReport,
)
from langso.reporting.models.targets import Target

__all__ = [
    "EDITABLE_STATUSES",
    "PENDING_STATUSES",
    "Direction",
    "ExportFormat",
    "ExportJob",
    "ExportStatus",
    "Indicator",
    "IndicatorGroup",
    "IndicatorSource",
    "Measure",
    "ReportEvent",
    "ReportEventKind",
    "ReportForm",
    "ReportInput",
    "ReportStatus",
    "ReportValue",
    "Target",
    "VillageReport",
]
