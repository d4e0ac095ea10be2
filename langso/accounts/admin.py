from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from langso.accounts.models import AuditEvent, RoleAssignment, User
from langso.common.admin import ReadOnlyAdmin


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    raw_id_fields = ["unit", "organization"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*(DjangoUserAdmin.fieldsets or ()), ("Làng Số", {"fields": ("full_name", "phone")}))
    list_display = ["username", "full_name", "phone", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "phone"]
    inlines = [RoleAssignmentInline]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "target", "scope"]
    list_filter = ["action"]
    search_fields = ["target", "scope", "actor__username"]
    readonly_fields = ["created_at", "actor", "action", "target", "scope", "detail"]
