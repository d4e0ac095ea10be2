from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from langso.people.models import Ethnicity, ImportBatch, Membership, Organization, Person
from langso.people.services.registry import save_person_edited_by_hand


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["organization"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "gender", "birth_year", "ethnicity", "village"]
    list_filter = ["gender", "is_cadre", "is_ocop_subject"]
    search_fields = ["search_name", "full_name"]
    raw_id_fields = ["village"]
    list_select_related = ["ethnicity", "village"]
    readonly_fields = ["search_name", "commune", "province", "client_uuid", "phone_consent_at"]
    inlines = [MembershipInline]

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        save_person_edited_by_hand(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Person | None = None) -> bool:
        """A resident is never deleted here: their attempts, masteries and attendance would go with
        them while the roll-ups kept counting them, and a certificate holder cannot go at all."""
        return False


@admin.register(Ethnicity)
class EthnicityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_majority"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "unit"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["unit"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "file_name",
        "created_by",
        "scope_unit",
        "status",
        "total_rows",
        "imported_count",
        "created_at",
    ]
    list_filter = ["status"]
    readonly_fields = ["valid_rows", "errors"]
    raw_id_fields = ["scope_unit", "created_by"]
