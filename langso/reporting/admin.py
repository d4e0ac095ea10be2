"""The admin, where national admins correct an indicator's texts (JSON per language). Lasting fixes
belong in reporting/catalog/indicators.yaml: loading it again overwrites the admin's corrections."""

from django.contrib import admin

from langso.reporting.models import Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "__str__", "source", "measure", "is_required"]
    list_filter = ["source", "group", "is_required"]
