"""Reporting URLs: the periodic village reports, the units' targets, dashboards and exports."""

from django.urls import path

from langso.reporting import views, views_dashboard, views_exports, views_targets

app_name = "reporting"

urlpatterns = [
    path("reports/", views.report_list, name="report_list"),
    path("reports/new/", views.report_open, name="report_open"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/approve/", views.report_approve, name="report_approve"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("reports/<int:pk>/unlock/", views.report_unlock, name="report_unlock"),
    path("reports/targets/<str:code>/", views_targets.unit_targets, name="targets"),
    path("dashboard/", views_dashboard.my_dashboard, name="my_dashboard"),
    path("dashboard/<str:code>/", views_dashboard.unit_dashboard, name="dashboard"),
    path("reports/exports/<str:code>/new/", views_exports.export_start, name="export_start"),
    path("reports/exports/<uuid:job_id>/", views_exports.export_detail, name="export_detail"),
    path("reports/exports/<uuid:job_id>/download/", views_exports.export_download, name="export_download"),
]
