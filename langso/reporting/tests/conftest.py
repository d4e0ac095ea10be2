"""Reporting's page tests read the English interface, so that their assertions on words stay true
when translations change; Vietnamese pages are exercised by the browser tests and the translation
checks of core."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_interface(request):  # type: ignore[no-untyped-def]
    if "client" in request.fixturenames:
        request.getfixturevalue("client").cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
