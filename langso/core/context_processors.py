"""What every page's layout needs."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": settings.LANGSO_SITE_NAME,
        "languages": settings.LANGUAGES,
        "source_url": settings.LANGSO_SOURCE_URL,
    }
