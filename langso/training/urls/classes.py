"""Training URLs: classes, their sessions, enrolment, rosters, card check-in and attendance sheets."""

from django.urls import URLPattern, path

from langso.training.views import classes

urlpatterns: list[URLPattern] = [
    path("training/classes/", classes.class_list, name="class_list"),
    path("training/classes/new/", classes.class_create, name="class_create"),
    path("training/classes/<int:pk>/", classes.class_detail, name="class_detail"),
    path("training/classes/<int:pk>/edit/", classes.class_edit, name="class_edit"),
    path("training/classes/<int:pk>/archive/", classes.class_archive, name="class_archive"),
    path("training/classes/<int:pk>/delete/", classes.class_delete, name="class_delete"),
    path("training/classes/<int:pk>/sessions/new/", classes.session_create, name="session_create"),
    path("training/classes/<int:pk>/enrol/", classes.enrol, name="enrol"),
    path("training/sessions/<int:pk>/edit/", classes.session_edit, name="session_edit"),
    path("training/sessions/<int:pk>/delete/", classes.session_delete, name="session_delete"),
    path("training/sessions/<int:pk>/", classes.roster, name="roster"),
    path("training/sessions/<int:pk>/mark/", classes.mark, name="mark"),
    path("training/sessions/<int:pk>/unmark/", classes.unmark, name="unmark"),
    path("training/sessions/<int:pk>/check-in/", classes.checkin, name="checkin"),
    path("training/sessions/<int:pk>/sheet.pdf", classes.attendance_sheet, name="attendance_sheet"),
]
