"""The learning URLs: one module per area, all under the "learning" namespace."""

from langso.learning.urls import certificates, learner, narration, staff

app_name = "learning"
urlpatterns = [*learner.urlpatterns, *certificates.urlpatterns, *narration.urlpatterns, *staff.urlpatterns]
