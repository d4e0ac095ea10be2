"""The staff pages of learning: a unit's progress matrix and its export."""

from django.urls import path

from langso.learning.views import staff

urlpatterns = [
    path("learn/progress/<str:code>/", staff.progress_matrix, name="progress_matrix"),
    path("learn/progress/<str:code>/export.xlsx", staff.progress_export, name="progress_export"),
]
