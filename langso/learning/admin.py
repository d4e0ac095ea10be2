"""The admin, where national admins correct the curriculum (texts are JSON per language:
{"vi": "…", "en": "…", "id": "…"}) and look at learning records. Lasting fixes belong in the
content files under curriculum/: loading them again overwrites the admin's corrections. Attempts,
masteries and certificates are shown only: the services that write them keep the roll-ups current,
and a certificate is a document its holder may show."""

from django.contrib import admin

from langso.common.admin import ReadOnlyAdmin
from langso.learning.models import (
    Attempt,
    Certificate,
    CertificateSet,
    Lesson,
    Mastery,
    Narration,
    NarrationLanguage,
    Question,
    Skill,
    Step,
)


class LessonInline(admin.TabularInline):
    model = Lesson
    extra = 0
    fields = ["order", "code", "title"]


class StepInline(admin.StackedInline):
    model = Step
    extra = 0
    fields = ["order", "text", "illustration"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "__str__", "practice_size"]
    inlines = [LessonInline]


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "order"]
    list_filter = ["skill"]
    inlines = [StepInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "lesson"]
    list_filter = ["skill", "kind"]


@admin.register(CertificateSet)
class CertificateSetAdmin(admin.ModelAdmin):
    list_display = ["code", "__str__"]
    filter_horizontal = ["skills"]


@admin.register(Attempt)
class AttemptAdmin(ReadOnlyAdmin):
    list_display = ["person", "skill", "number", "correct", "total", "passed", "taken_at"]
    list_filter = ["skill", "passed"]
    list_select_related = ["person", "skill"]
    raw_id_fields = ["person"]


@admin.register(Mastery)
class MasteryAdmin(ReadOnlyAdmin):
    list_display = ["person", "skill", "source", "mastered_at"]
    list_filter = ["skill", "source"]
    list_select_related = ["person", "skill"]
    raw_id_fields = ["person"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = ["code", "holder_name", "certificate_set", "issued_at"]
    search_fields = ["code", "holder_name"]


@admin.register(NarrationLanguage)
class NarrationLanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit", "espeak_voice"]
    raw_id_fields = ["unit"]


@admin.register(Narration)
class NarrationAdmin(admin.ModelAdmin):
    list_display = ["step", "language", "source", "status", "duration_ms", "created_at"]
    list_filter = ["source", "status", "language"]
    raw_id_fields = ["step", "recorded_by", "reviewed_by"]
