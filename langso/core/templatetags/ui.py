"""Small presentation helpers shared by every template."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def icon(name: str) -> str:
    """An icon from the shared sprite; always placed beside a word, so hidden from screen readers."""
    return format_html(
        '<svg class="icon" aria-hidden="true"><use href="{}#{}"></use></svg>', static("core/icons.svg"), name
    )
