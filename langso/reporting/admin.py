"""The admin, where national admins correct an indicator's texts (JSON per language). Lasting fixes
belong in reporting/catalog/indicators.yaml: loading it again overwrites the admin's corrections.
Village reports are shown only: they change through their workflow (submitted, returned, approved,
unlocked by the commune), which logs each step, locks an approved period and keeps the roll-ups
current. Export jobs are shown read-only, to follow what the workers do."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from langso.common.admin import ReadOnlyAdmin, ReadOnlyInline
from langso.reporting.models import (
    ExportJob,
    Indicator,
    ReportEvent,
    ReportForm,
    ReportValue,
    VillageReport,
)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "__str__", "source", "measure", "is_required"]
    list_filter = ["source", "group", "is_required"]


class ReportValueInline(ReadOnlyInline):
    model = ReportValue
    extra = 0


class ReportEventInline(ReadOnlyInline):
    model = ReportEvent
    extra = 0
    raw_id_fields = ["actor"]


@admin.register(ReportForm)
class ReportFormAdmin(admin.ModelAdmin):
    list_display = ["code", "__str__", "period_kind", "deadline_days"]
    filter_horizontal = ["indicators"]


@admin.register(VillageReport)
class VillageReportAdmin(ReadOnlyAdmin):
    list_display = ["village", "form", "period_start", "status", "is_on_time"]
    list_filter = ["status", "form"]
    raw_id_fields = ["village", "commune", "province", "submitted_by", "reviewed_by"]
    inlines = [ReportValueInline, ReportEventInline]


@admin.register(ExportJob)
class ExportJobAdmin(ReadOnlyAdmin):
    """Jobs are made by the export service and run by a worker, never written by hand."""

    list_display = ["created_at", "requested_by", "unit", "format", "status", "progress"]
    list_filter = ["status", "format"]
    list_select_related = ["requested_by", "unit"]

    @admin.display(description=_("progress"))
    def progress(self, job: ExportJob) -> str:
        return f"{job.percent} %"
