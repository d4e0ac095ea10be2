"""The admin, where national admins correct a unit's name or division type. Units come from the
official data set (`load_units`) and from a commune's "add a village" page; their place in the tree
is not edited here: the paths below a unit, every subtree query and the roll-ups follow it."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from langso.places.models import Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "division_type", "path"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    readonly_fields = ["code", "kind", "parent", "path", "depth"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
