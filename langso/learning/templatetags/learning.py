"""Template filters for the curriculum's per-language texts."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from langso.learning.content import localized as localized_text
from langso.learning.content import render_markdown

register = template.Library()


@register.filter
def localized(texts: dict[str, Any] | None) -> Any:
    """The text in the active language: {{ skill.title|localized }}."""
    return localized_text(texts)


@register.filter
def markdown(text: str) -> SafeString:
    return render_markdown(text or "")


@register.filter
def item(sequence: list[Any], index: int) -> Any:
    """sequence[index], for lists the template language cannot index with a variable."""
    try:
        return sequence[int(index)]
    except (IndexError, TypeError, ValueError):
        return ""
