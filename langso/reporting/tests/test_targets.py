"""Targets: set by the level above, inherited downward; values summed from approved village reports
(numerators and denominators, never an average of percentages); green coverage; the targets page."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from langso.common.periods import Period, PeriodKind
from langso.places.models import Unit
from langso.reporting.models import Indicator, ReportForm, ReportStatus, ReportValue, Target, VillageReport
from langso.reporting.selectors.targets import effective_targets, green_coverage, unit_statuses
from langso.reporting.selectors.values import Fraction, indicator_values
from langso.reporting.services.catalog import load_indicators
from langso.reporting.services.rollups import rebuild_rollups
from langso.reporting.services.targets import clear_target, set_target
from langso.reporting.status import Status

pytestmark = pytest.mark.django_db

OCTOBER = Period.parse(PeriodKind.MONTH, "2026-10")
SMARTPHONE = "households-with-smartphone"
VNEID = "vneid-level-2"


@pytest.fixture
def catalog(db) -> dict[str, Indicator]:  # type: ignore[no-untyped-def]
    load_indicators()
    Indicator.objects.update(is_required=False)  # the catalog's required indicators are mostly computed
    Indicator.objects.filter(code__in=[SMARTPHONE, VNEID]).update(is_required=True)
    return {indicator.code: indicator for indicator in Indicator.objects.all()}


def report(
    village: Unit, values: dict[Indicator, tuple[int, int]], status: str = ReportStatus.APPROVED
) -> None:
    """A village's October report in `status` with (numerator, denominator) per indicator."""
    form = ReportForm.objects.get(code="front-digital-monthly")
    made = VillageReport.objects.create(
        form=form,
        village=village,
        commune=village.parent,
        province=village.parent.parent,  # type: ignore[union-attr]
        period_kind=OCTOBER.kind,
        period_start=OCTOBER.start,
        due_on=OCTOBER.end,
        status=status,
    )
    for indicator, (numerator, denominator) in values.items():
        ReportValue.objects.create(
            report=made, indicator=indicator, entered=numerator, numerator=numerator, denominator=denominator
        )
    rebuild_rollups()  # made without the services: the roll-ups are recomputed from the reports


def smartphone_values(unit: Unit, catalog: dict[str, Indicator]) -> dict[int, Fraction]:
    return indicator_values(unit=unit, period=OCTOBER, indicators=[catalog[SMARTPHONE]])


def target(unit: Unit, indicator: Indicator, value: int | str, period: Period = OCTOBER) -> Target:
    return Target.objects.create(
        indicator=indicator,
        unit=unit,
        period_kind=period.kind,
        period_start=period.start,
        value=Decimal(value),
    )


# Setting targets: by the level above


def test_commune_officer_sets_a_village_target(world, catalog) -> None:  # type: ignore[no-untyped-def]
    made = set_target(
        actor=world.user("commune"),
        indicator=catalog[SMARTPHONE],
        unit=world.thong_nhat,
        period=OCTOBER,
        value=Decimal(70),
    )
    assert Target.objects.get(pk=made.pk).value == Decimal(70)


def test_commune_officer_may_not_set_the_own_commune_target(world, catalog) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        set_target(
            actor=world.user("commune"),
            indicator=catalog[SMARTPHONE],
            unit=world.hai_lang,
            period=OCTOBER,
            value=Decimal(70),
        )


def test_commune_officer_may_not_set_a_sibling_commune_village_target(world, catalog) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        set_target(
            actor=world.user("commune"),
            indicator=catalog[SMARTPHONE],
            unit=world.na_lang,
            period=OCTOBER,
            value=Decimal(70),
        )


def test_province_officer_sets_a_commune_target(world, catalog) -> None:  # type: ignore[no-untyped-def]
    set_target(
        actor=world.user("province"),
        indicator=catalog[SMARTPHONE],
        unit=world.hai_lang,
        period=OCTOBER,
        value=Decimal(60),
    )
    assert Target.objects.filter(unit=world.hai_lang).count() == 1


def test_a_trainer_may_not_set_targets(world, catalog) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        set_target(
            actor=world.user("trainer"),
            indicator=catalog[SMARTPHONE],
            unit=world.thong_nhat,
            period=OCTOBER,
            value=Decimal(60),
        )


def test_setting_again_changes_the_one_target(world, catalog) -> None:  # type: ignore[no-untyped-def]
    for value in (60, 65):
        set_target(
            actor=world.user("commune"),
            indicator=catalog[SMARTPHONE],
            unit=world.thong_nhat,
            period=OCTOBER,
            value=Decimal(value),
        )
    assert list(Target.objects.values_list("value", flat=True)) == [Decimal(65)]


def test_a_percentage_target_above_100_is_refused(world, catalog) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as excinfo:
        set_target(
            actor=world.user("commune"),
            indicator=catalog[SMARTPHONE],
            unit=world.thong_nhat,
            period=OCTOBER,
            value=Decimal(101),
        )
    assert "value" in excinfo.value.message_dict


def test_a_negative_count_target_is_refused(world, catalog) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        set_target(
            actor=world.user("commune"),
            indicator=catalog["active-mentors"],
            unit=world.thong_nhat,
            period=OCTOBER,
            value=Decimal(-1),
        )


def test_a_count_target_above_100_is_accepted(world, catalog) -> None:  # type: ignore[no-untyped-def]
    made = set_target(
        actor=world.user("commune"),
        indicator=catalog["active-mentors"],
        unit=world.thong_nhat,
        period=OCTOBER,
        value=Decimal(250),
    )
    assert made.value == Decimal(250)


def test_clearing_removes_the_own_target(world, catalog) -> None:  # type: ignore[no-untyped-def]
    target(world.thong_nhat, catalog[SMARTPHONE], 70)
    assert clear_target(
        actor=world.user("commune"), indicator=catalog[SMARTPHONE], unit=world.thong_nhat, period=OCTOBER
    )
    assert not Target.objects.exists()


def test_clearing_is_refused_outside_the_level_above(world, catalog) -> None:  # type: ignore[no-untyped-def]
    target(world.na_lang, catalog[SMARTPHONE], 70)
    with pytest.raises(PermissionDenied):
        clear_target(
            actor=world.user("commune"), indicator=catalog[SMARTPHONE], unit=world.na_lang, period=OCTOBER
        )


# Inheritance


def test_a_village_inherits_the_commune_target(world, catalog) -> None:  # type: ignore[no-untyped-def]
    target(world.hai_lang, catalog[SMARTPHONE], 60)
    effective = effective_targets(unit=world.thong_nhat, period=OCTOBER)[catalog[SMARTPHONE].pk]
    assert (effective.value, effective.set_at_unit, effective.is_inherited) == (
        Decimal(60),
        world.hai_lang,
        True,
    )


def test_a_village_own_target_overrides_the_commune_one(world, catalog) -> None:  # type: ignore[no-untyped-def]
    target(world.province, catalog[SMARTPHONE], 50)
    target(world.hai_lang, catalog[SMARTPHONE], 60)
    target(world.thong_nhat, catalog[SMARTPHONE], 75)
    effective = effective_targets(unit=world.thong_nhat, period=OCTOBER)[catalog[SMARTPHONE].pk]
    assert (effective.value, effective.is_inherited) == (Decimal(75), False)


def test_the_nearest_ancestor_wins(world, catalog) -> None:  # type: ignore[no-untyped-def]
    target(world.province, catalog[SMARTPHONE], 50)
    target(world.hai_lang, catalog[SMARTPHONE], 60)
    assert effective_targets(unit=world.thong_nhat, period=OCTOBER)[catalog[SMARTPHONE].pk].value == Decimal(
        60
    )


def test_a_sibling_commune_target_is_not_inherited(world, catalog) -> None:  # type: ignore[no-untyped-def]
    target(world.hoanh_mo, catalog[SMARTPHONE], 60)
    assert effective_targets(unit=world.thong_nhat, period=OCTOBER) == {}


def test_another_period_target_is_not_inherited(world, catalog) -> None:  # type: ignore[no-untyped-def]
    target(world.hai_lang, catalog[SMARTPHONE], 60, period=OCTOBER.next())
    assert effective_targets(unit=world.thong_nhat, period=OCTOBER) == {}


# Values


def test_a_percentage_sums_numerators_and_denominators(world, catalog) -> None:  # type: ignore[no-untyped-def]
    report(world.thong_nhat, {catalog[SMARTPHONE]: (90, 100)})
    report(world.hai_lang_2, {catalog[SMARTPHONE]: (5, 10)})
    fraction = smartphone_values(world.hai_lang, catalog)[catalog[SMARTPHONE].pk]
    assert fraction.value(catalog[SMARTPHONE].measure) == Decimal("86.4")  # 95/110, not (90 % + 50 %) / 2


def test_reports_not_yet_approved_do_not_count(world, catalog) -> None:  # type: ignore[no-untyped-def]
    report(world.thong_nhat, {catalog[SMARTPHONE]: (90, 100)}, status=ReportStatus.SUBMITTED)
    assert smartphone_values(world.hai_lang, catalog) == {}


def test_a_unit_value_leaves_out_a_sibling_commune(world, catalog) -> None:  # type: ignore[no-untyped-def]
    report(world.thong_nhat, {catalog[SMARTPHONE]: (90, 100)})
    report(world.na_lang, {catalog[SMARTPHONE]: (0, 50)})
    fraction = smartphone_values(world.hai_lang, catalog)[catalog[SMARTPHONE].pk]
    assert (fraction.numerator, fraction.denominator) == (90, 100)


def test_a_unit_status_compares_its_value_with_its_target(world, catalog) -> None:  # type: ignore[no-untyped-def]
    report(world.thong_nhat, {catalog[SMARTPHONE]: (45, 100)})
    target(world.hai_lang, catalog[SMARTPHONE], 50)
    rows = unit_statuses(unit=world.hai_lang, period=OCTOBER, indicators=[catalog[SMARTPHONE]])
    assert (rows[0].value, rows[0].status) == (Decimal("45.0"), Status.AMBER)


# Green coverage


def test_green_coverage_counts_children_green_on_every_required_indicator(world, catalog) -> None:  # type: ignore[no-untyped-def]
    target(world.hai_lang, catalog[SMARTPHONE], 50)
    target(world.hai_lang, catalog[VNEID], 50)
    report(world.thong_nhat, {catalog[SMARTPHONE]: (60, 100), catalog[VNEID]: (55, 100)})  # both green
    report(world.hai_lang_2, {catalog[SMARTPHONE]: (60, 100), catalog[VNEID]: (45, 100)})  # one amber
    coverage = green_coverage(unit=world.hai_lang, period=OCTOBER)
    assert (coverage.children, coverage.green_children, coverage.share) == (2, 1, Decimal("0.5"))


def test_a_child_without_data_is_not_green(world, catalog) -> None:  # type: ignore[no-untyped-def]
    target(world.hai_lang, catalog[SMARTPHONE], 50)
    target(world.hai_lang, catalog[VNEID], 50)
    report(world.thong_nhat, {catalog[SMARTPHONE]: (60, 100)})  # VNeID missing: grey
    assert green_coverage(unit=world.hai_lang, period=OCTOBER).green_children == 0


def test_a_province_sees_how_many_communes_are_fully_green(world, catalog) -> None:  # type: ignore[no-untyped-def]
    target(world.province, catalog[SMARTPHONE], 50)
    target(world.province, catalog[VNEID], 50)
    report(world.thong_nhat, {catalog[SMARTPHONE]: (60, 100), catalog[VNEID]: (60, 100)})
    report(
        world.hai_lang_2, {catalog[SMARTPHONE]: (40, 100), catalog[VNEID]: (60, 100)}
    )  # commune: 50 %, 60 %
    report(world.na_lang, {catalog[SMARTPHONE]: (10, 100), catalog[VNEID]: (60, 100)})
    coverage = green_coverage(unit=world.province, period=OCTOBER)
    assert coverage.green_children == 1


def test_green_coverage_takes_a_bounded_number_of_queries(world, catalog) -> None:  # type: ignore[no-untyped-def]
    target(world.hai_lang, catalog[SMARTPHONE], 50)
    for index in range(6):
        Unit.objects.create(
            code=f"T{index}",
            name=f"Thôn {index}",
            kind="village",
            parent=world.hai_lang,
            path=f"{world.hai_lang.path}T{index}/",
            depth=world.hai_lang.depth + 1,
        )
    with CaptureQueriesContext(connection) as queries:
        green_coverage(unit=world.hai_lang, period=OCTOBER)
    assert len(queries) <= 4


# The page


def targets_url(unit: Unit) -> str:
    return reverse("reporting:targets", kwargs={"code": unit.code}) + "?kind=month&period=2026-10"


def test_the_page_shows_value_inherited_target_and_status(client, world, catalog) -> None:  # type: ignore[no-untyped-def]
    report(world.thong_nhat, {catalog[SMARTPHONE]: (60, 100)})
    target(world.hai_lang, catalog[SMARTPHONE], 50)
    client.force_login(world.user("commune"))
    page = client.get(targets_url(world.thong_nhat)).content.decode()
    assert "60.0 %" in page and f"inherited from {world.hai_lang.name}" in page
    assert "✓</span> Target met" in page


def test_the_page_shows_green_coverage_of_the_children(client, world, catalog) -> None:  # type: ignore[no-untyped-def]
    target(world.hai_lang, catalog[SMARTPHONE], 50)
    target(world.hai_lang, catalog[VNEID], 50)
    report(world.thong_nhat, {catalog[SMARTPHONE]: (60, 100), catalog[VNEID]: (55, 100)})
    client.force_login(world.user("commune"))
    response = client.get(targets_url(world.hai_lang))
    assert response.context["coverage"].green_children == 1
    assert "1 / 2" in response.content.decode()


def test_the_page_of_a_sibling_commune_village_is_not_found(client, world, catalog) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("commune"))
    assert client.get(targets_url(world.na_lang)).status_code == 404


def test_the_page_of_the_own_commune_village_opens(client, world, catalog) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("commune"))
    assert client.get(targets_url(world.thong_nhat)).status_code == 200


def test_a_malformed_period_is_not_found(client, world, catalog) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("commune"))
    url = reverse("reporting:targets", kwargs={"code": world.hai_lang.code}) + "?kind=month&period=2026-13"
    assert client.get(url).status_code == 404


def test_the_page_sets_a_village_target(client, world, catalog) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("commune"))
    data = {
        "unit": world.thong_nhat.code,
        "indicator": catalog[SMARTPHONE].pk,
        "value": "70",
        "action": "set",
    }
    response = client.post(targets_url(world.hai_lang), data)
    assert response.status_code == 302
    assert Target.objects.get(unit=world.thong_nhat).value == Decimal(70)


def test_the_page_keeps_the_typed_value_on_error(client, world, catalog) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("commune"))
    data = {
        "unit": world.thong_nhat.code,
        "indicator": catalog[SMARTPHONE].pk,
        "value": "120",
        "action": "set",
    }
    response = client.post(targets_url(world.hai_lang), data)
    assert response.status_code == 400
    assert 'value="120"' in response.content.decode() and not Target.objects.exists()


def test_the_form_does_not_offer_the_commune_own_target_to_its_officer(client, world, catalog) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("commune"))
    data = {"unit": world.hai_lang.code, "indicator": catalog[SMARTPHONE].pk, "value": "70", "action": "set"}
    response = client.post(targets_url(world.hai_lang), data)
    assert response.status_code == 400 and not Target.objects.exists()


def test_a_user_who_may_not_set_targets_gets_no_form(client, world, catalog) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("trainer"))
    response = client.get(targets_url(world.hai_lang))
    assert response.status_code == 200 and response.context["form"] is None


def test_a_user_who_may_not_set_targets_cannot_post(client, world, catalog) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.user("trainer"))
    data = {
        "unit": world.thong_nhat.code,
        "indicator": catalog[SMARTPHONE].pk,
        "value": "70",
        "action": "set",
    }
    assert client.post(targets_url(world.hai_lang), data).status_code == 404


def test_the_page_takes_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, world, catalog
) -> None:  # type: ignore[no-untyped-def]
    target(world.province, catalog[SMARTPHONE], 50)
    for village in (world.thong_nhat, world.hai_lang_2, world.na_lang):
        report(village, {catalog[SMARTPHONE]: (60, 100), catalog[VNEID]: (60, 100)})
    client.force_login(world.user("province"))
    with django_assert_max_num_queries(14):
        assert client.get(targets_url(world.province)).status_code == 200
