"""The site's URL map: one include per app."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("langso.core.urls")),
    path("accounts/", include("langso.accounts.urls")),
    path("", include("langso.people.urls")),
    path("", include("langso.learning.urls")),
    path("", include("langso.training.urls")),
    path("", include("langso.reporting.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

handler403 = "langso.core.views.forbidden"
handler404 = "langso.core.views.not_found"
handler500 = "langso.core.views.server_error"
