"""The admin, where national admins correct an indicator's texts (JSON per language). Lasting fixes
belong in reporting/catalog/indicators.yaml: loading it again overwrites the admin's corrections."""

from django.contrib import admin

from langso.reporting.models import Indicator, ReportEvent, ReportForm, ReportValue, VillageReport


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "__str__", "source", "measure", "is_required"]
    list_filter = ["source", "group", "is_required"]


class ReportValueInline(admin.TabularInline):
    model = ReportValue
    extra = 0


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    raw_id_fields = ["actor"]


@admin.register(ReportForm)
class ReportFormAdmin(admin.ModelAdmin):
    list_display = ["code", "__str__", "period_kind", "deadline_days"]
    filter_horizontal = ["indicators"]


@admin.register(VillageReport)
class VillageReportAdmin(admin.ModelAdmin):
    list_display = ["village", "form", "period_start", "status", "is_on_time"]
    list_filter = ["status", "form"]
    raw_id_fields = ["village", "commune", "province", "submitted_by", "reviewed_by"]
    inlines = [ReportValueInline, ReportEventInline]
