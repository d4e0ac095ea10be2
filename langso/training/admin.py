"""The admin, where national admins set up classes, teams, conferences and competitions and look at
the training records. The records counted in the roll-ups (attendance, skill checks, help requests,
conference attendance, cascade links) are shown only: a mistake is undone on the training pages,
whose services take the counts back in the same transaction (DECISIONS 38)."""

from django.contrib import admin

from langso.common.admin import ReadOnlyAdmin, ReadOnlyInline
from langso.training.models import (
    Attendance,
    ClassSession,
    Competition,
    CompetitionEntry,
    CompetitionQuestion,
    Conference,
    ConferenceMaterial,
    ConferenceRegistration,
    DigitalTeam,
    DutyDay,
    Enrolment,
    HelpEvent,
    HelpRequest,
    SkillCheck,
    TeamMember,
    TrainingClass,
    TrainingLink,
)

FACT_FIELDS = ["village", "commune", "province"]


class ClassSessionInline(admin.TabularInline):
    model = ClassSession
    extra = 0


@admin.register(TrainingClass)
class TrainingClassAdmin(admin.ModelAdmin):
    list_display = ["title", "organizer", "village", "venue_name", "status"]
    list_filter = ["status"]
    search_fields = ["title", "venue_name"]
    raw_id_fields = ["organizer", "village", "created_by"]
    filter_horizontal = ["skills", "trainers", "mentors"]
    inlines = [ClassSessionInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["person", "training_class", "enrolled_at"]
    raw_id_fields = ["person", "training_class", "enrolled_by"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ["person", "session", "method", "marked_at"]
    list_filter = ["method"]
    raw_id_fields = ["person", "session", "marked_by", *FACT_FIELDS]


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(DigitalTeam)
class DigitalTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "unit"]
    raw_id_fields = ["unit"]
    inlines = [TeamMemberInline]


@admin.register(DutyDay)
class DutyDayAdmin(admin.ModelAdmin):
    list_display = ["member", "weekday"]


@admin.register(SkillCheck)
class SkillCheckAdmin(ReadOnlyAdmin):
    list_display = ["person", "skill", "number", "outcome", "checked_at"]
    list_filter = ["outcome", "skill"]
    raw_id_fields = ["person", "session", "checked_by", *FACT_FIELDS]


class HelpEventInline(ReadOnlyInline):
    model = HelpEvent
    extra = 0
    raw_id_fields = ["actor", "to_user", "to_team"]


@admin.register(HelpRequest)
class HelpRequestAdmin(ReadOnlyAdmin):
    list_display = ["name", "topic", "status", "team", "created_at"]
    list_filter = ["status", "topic", "channel"]
    raw_id_fields = ["team", "person", "created_by", "claimed_by", "resolved_by", *FACT_FIELDS]
    inlines = [HelpEventInline]


class ConferenceMaterialInline(admin.TabularInline):
    model = ConferenceMaterial
    extra = 0
    raw_id_fields = ["uploaded_by"]


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
    list_display = ["title", "organizer", "starts_on", "ends_on"]
    raw_id_fields = ["organizer", "created_by"]
    inlines = [ConferenceMaterialInline]


@admin.register(ConferenceRegistration)
class ConferenceRegistrationAdmin(ReadOnlyAdmin):
    list_display = ["person", "conference", "attended_at"]
    raw_id_fields = ["person", "conference", "registered_by"]


@admin.register(TrainingLink)
class TrainingLinkAdmin(ReadOnlyAdmin):
    list_display = ["trainee", "trainer", "conference", "taught_on"]
    raw_id_fields = ["trainee", "trainer", "conference", "training_class", "recorded_by", *FACT_FIELDS]


class CompetitionQuestionInline(admin.TabularInline):
    model = CompetitionQuestion
    extra = 0
    raw_id_fields = ["question"]


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["title", "organizer", "opens_at", "closes_at"]
    raw_id_fields = ["organizer", "created_by"]
    inlines = [CompetitionQuestionInline]


@admin.register(CompetitionEntry)
class CompetitionEntryAdmin(admin.ModelAdmin):
    list_display = ["person", "competition", "score", "submitted_at"]
    raw_id_fields = ["person", "competition", *FACT_FIELDS]
