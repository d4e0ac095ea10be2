"""The learning URLs: one module per area, all under the "learning" namespace."""

from langso.learning.urls import certificates, learner, narration, staff

app_name = "learning"
# The learner's catch-all "learn/<skill>/…" routes come last, after every fixed "learn/…" path.
urlpatterns = [*certificates.urlpatterns, *narration.urlpatterns, *staff.urlpatterns, *learner.urlpatterns]
