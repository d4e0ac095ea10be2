"""URLs of the staff area (filled by its module)."""

urlpatterns: list = []
