from django.urls import path

from langso.people import views

app_name = "people"
urlpatterns = [
    path("units/", views.unit_root, name="unit_root"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("units/<str:code>/villages/new/", views.village_create, name="village_create"),
    path("units/<str:code>/export.xlsx", views.people_export, name="export"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path("people/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("people/import/", views.import_upload, name="import_upload"),
    path("people/import/template.csv", views.import_template, name="import_template"),
    path("people/import/<int:batch_id>/", views.import_preview, name="import_preview"),
    path("people/import/<int:batch_id>/commit/", views.import_commit, name="import_commit"),
    path("people/import/<int:batch_id>/cancel/", views.import_cancel, name="import_cancel"),
]
