"""Training URLs: field work (today, teams, skill checks, help requests, the public help form)."""

from django.urls import path

from langso.training.views.field import checks, help, offline, public, teams, today

urlpatterns = [
    path("training/sw.js", offline.service_worker, name="service_worker"),
    path("training/today/", today.today, name="today"),
    path("training/today/needs/", today.today_needs, name="today_needs"),
    path("training/teams/", teams.team_list, name="team_list"),
    path("training/teams/new/", teams.team_create, name="team_create"),
    path("training/teams/<int:pk>/", teams.team_detail, name="team_detail"),
    path("training/teams/<int:pk>/edit/", teams.team_edit, name="team_edit"),
    path("training/teams/<int:pk>/members/add/", teams.team_member_add, name="team_member_add"),
    path("training/team-members/<int:pk>/", teams.team_member, name="team_member"),
    path("training/team-members/<int:pk>/remove/", teams.team_member_remove, name="team_member_remove"),
    path("training/checks/<int:person_id>/<slug:skill_code>/", checks.skill_check, name="skill_check"),
    path("training/sessions/<int:pk>/checks/", checks.session_checks, name="session_checks"),
    path("training/help/", help.help_queue, name="help_queue"),
    path("training/help/new/", help.help_new, name="help_new"),
    path("training/help/<int:pk>/", help.help_detail, name="help_detail"),
    path("training/help/<int:pk>/claim/", help.help_claim, name="help_claim"),
    path("training/help/<int:pk>/resolve/", help.help_resolve, name="help_resolve"),
    path("training/help/<int:pk>/hand-on/", help.help_hand_on, name="help_hand_on"),
    path("training/help/<int:pk>/release/", help.help_release, name="help_release"),
    path("help/", public.ask_help, name="ask_help"),
    path("help/sent/", public.ask_help_sent, name="ask_help_sent"),
    path("help/communes/", public.ask_help_communes, name="ask_help_communes"),
]
