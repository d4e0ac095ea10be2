"""Training URLs: online competitions. Staff pages under /training/competitions/, the residents'
contest under /contests/ (public for reading; playing needs a current learner)."""

from django.urls import URLPattern, path

from langso.training.views.competitions import player, staff

urlpatterns: list[URLPattern] = [
    path("training/competitions/", staff.competition_list, name="competition_list"),
    path("training/competitions/new/", staff.competition_create, name="competition_create"),
    path("training/competitions/<int:pk>/", staff.competition_detail, name="competition_detail"),
    path("training/competitions/<int:pk>/edit/", staff.competition_edit, name="competition_edit"),
    path(
        "training/competitions/<int:pk>/questions/", staff.competition_questions, name="competition_questions"
    ),
    path(
        "training/competitions/<int:pk>/questions/skills/",
        staff.competition_questions_add_skills,
        name="competition_questions_add_skills",
    ),
    path(
        "training/competitions/<int:pk>/questions/add/",
        staff.competition_question_add,
        name="competition_question_add",
    ),
    path(
        "training/competitions/<int:pk>/questions/write/",
        staff.competition_question_write,
        name="competition_question_write",
    ),
    path(
        "training/competitions/<int:pk>/questions/<int:question_id>/remove/",
        staff.competition_question_remove,
        name="competition_question_remove",
    ),
    path("contests/", player.contest_list, name="contest_list"),
    path("contests/<str:code>/", player.contest_detail, name="contest_detail"),
    path("contests/<str:code>/start/", player.contest_start, name="contest_start"),
    path("contests/<str:code>/submit/", player.contest_submit, name="contest_submit"),
    path("contests/<str:code>/results/", player.contest_results, name="contest_results"),
    path("contests/<str:code>/<int:n>/", player.contest_question, name="contest_question"),
    path("contests/<str:code>/<int:n>/answer/", player.contest_answer, name="contest_answer"),
]
