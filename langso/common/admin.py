"""Admin pieces every app may use."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ShownOnly:
    """Rows the admin shows but never adds, changes or deletes by hand: records written by the
    services (which keep the roll-ups and the audit trail current) or by workers."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ShownOnly, admin.ModelAdmin):
    """A model whose rows are written by services or workers only."""


class ReadOnlyInline(ShownOnly, admin.TabularInline):
    """The rows of a read-only record's parts (a help request's events, a report's values)."""
