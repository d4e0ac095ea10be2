"""The training URLs: one module per area, all under the "training" namespace."""

from langso.training.urls import cascade, classes, competitions, field

app_name = "training"
urlpatterns = [*classes.urlpatterns, *field.urlpatterns, *cascade.urlpatterns, *competitions.urlpatterns]
