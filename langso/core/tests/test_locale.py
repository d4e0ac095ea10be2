"""Numbers and dates follow the active language."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

TEMPLATE = Template("{% load humanize %}{{ value|intcomma }}")


@pytest.mark.parametrize(
    ("language", "expected"), [("vi", "1.234.567"), ("en", "1,234,567"), ("id", "1.234.567")]
)
def test_large_numbers_are_grouped_the_local_way(language, expected):
    with translation.override(language):
        assert TEMPLATE.render(Context({"value": 1234567})) == expected


@pytest.mark.parametrize(("language", "expected"), [("vi", "23/11/2026"), ("en", "11/23/2026")])
def test_short_dates_are_written_the_local_way(language, expected):
    template = Template('{{ day|date:"SHORT_DATE_FORMAT" }}')
    with translation.override(language):
        assert template.render(Context({"day": datetime.date(2026, 11, 23)})) == expected
