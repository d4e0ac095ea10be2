"""Training URLs: cascade and conferences."""

from django.urls import URLPattern, path

from langso.training.views import cascade as views

urlpatterns: list[URLPattern] = [
    path("training/cascade/", views.cascade, name="cascade"),
    path("training/cascade/people/<int:person_id>/", views.cascade_person, name="cascade_person"),
    path("training/cascade/record/", views.record_home_training, name="record_home_training"),
    path("training/conferences/", views.conference_list, name="conference_list"),
    path("training/conferences/new/", views.conference_create, name="conference_create"),
    path("training/conferences/<int:pk>/", views.conference_detail, name="conference_detail"),
    path("training/conferences/<int:pk>/edit/", views.conference_edit, name="conference_edit"),
    path("training/conferences/<int:pk>/register/", views.conference_register, name="conference_register"),
    path("training/conferences/<int:pk>/attend/", views.conference_attend, name="conference_attend"),
    path("training/conferences/<int:pk>/unattend/", views.conference_unattend, name="conference_unattend"),
    path(
        "training/conferences/<int:pk>/materials/new/",
        views.conference_material_upload,
        name="conference_material_upload",
    ),
    path("training/conferences/<int:pk>/reach/", views.conference_reach, name="conference_reach"),
    path("training/conferences/materials/<int:pk>/", views.conference_material, name="conference_material"),
    path(
        "training/conferences/materials/<int:pk>/delete/",
        views.conference_material_delete,
        name="conference_material_delete",
    ),
]
