"""URLs of the narration area (filled by its module)."""

urlpatterns: list = []
