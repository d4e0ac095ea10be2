"""The indicator catalog: complete in every language, loaded idempotently, refused when broken."""

from __future__ import annotations

import pytest
import yaml
from django.core.exceptions import ValidationError

from langso.reporting.models import Indicator, IndicatorSource, Measure
from langso.reporting.services.catalog import CATALOG_FILE, load_indicators

pytestmark = pytest.mark.django_db


def test_the_catalog_holds_the_movements_computed_and_reported_indicators():
    load_indicators()

    computed = set(Indicator.objects.filter(source=IndicatorSource.COMPUTED).values_list("code", flat=True))
    reported = set(Indicator.objects.filter(source=IndicatorSource.REPORTED).values_list("code", flat=True))
    assert computed == {
        "residents-reached",
        "basic-digital-citizen",
        "women-among-reached",
        "minorities-among-reached",
        "ocop-subjects-trained",
        "cadres-trained",
        "active-mentors",
        "help-resolved-in-3-days",
        "reports-on-time",
    }
    assert reported == {
        "households-with-smartphone",
        "vneid-level-2",
        "cashless-payers",
        "shared-computer",
        "understanding-rate",
    }


def test_every_percentage_names_its_numerator_and_denominator_in_every_language():
    load_indicators()

    for indicator in Indicator.objects.filter(measure=Measure.PERCENT):
        for texts in (indicator.name, indicator.numerator, indicator.denominator):
            assert set(texts) == {"vi", "en", "id"} and all(texts.values()), indicator.code


def test_loading_twice_changes_nothing():
    first = load_indicators()
    rows = list(Indicator.objects.values())

    second = load_indicators()

    assert (first.created, second.created, second.updated) == (14, 0, 14)
    assert list(Indicator.objects.values()) == rows


def test_a_catalog_missing_a_translation_is_refused_whole(tmp_path):
    entries = yaml.safe_load(CATALOG_FILE.read_text(encoding="utf-8"))
    del entries[3]["name"]["id"]
    broken = tmp_path / "indicators.yaml"
    broken.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")

    with pytest.raises(ValidationError, match="name has no text in id"):
        load_indicators(broken)
    assert not Indicator.objects.exists()
