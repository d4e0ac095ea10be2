"""Reading the curriculum's per-language texts, and rendering a step's Markdown."""

from __future__ import annotations

from typing import Any

import markdown
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

#: the languages every text of the curriculum must exist in
CONTENT_LANGUAGES = ("vi", "en", "id")


def localized(texts: dict[str, Any] | None, language: str | None = None) -> Any:
    """The text in `language` (default: the active one), else in the site's default language."""
    if not texts:
        return ""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return texts.get(language) or texts.get(settings.LANGUAGE_CODE) or next(iter(texts.values()))


def render_markdown(text: str) -> SafeString:
    """A step's Markdown as HTML. The curriculum is trusted content from the repository and from
    national admins, so raw HTML in it is kept."""
    return mark_safe(markdown.markdown(text, extensions=["sane_lists"]))
