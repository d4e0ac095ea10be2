"""Language choice: the site's language unless the user picked another one."""

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware


class SiteLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, minus the browser's Accept-Language header (unless configured).

    Many first phones are sold set to English; a villager should still meet Vietnamese until they
    choose otherwise with the switcher (remembered in a cookie).
    """

    def process_request(self, request: HttpRequest) -> None:
        if not settings.LANGSO_USE_BROWSER_LANGUAGE:
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
