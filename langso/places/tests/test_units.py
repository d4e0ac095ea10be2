"""The real administrative units: counts from the data set, idempotent loading, subtree queries."""

import json

import pytest
import vietnam_provinces
from django.core.exceptions import ValidationError

from langso.places import selectors, services
from langso.places.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


def _package_counts() -> tuple[int, int]:
    provinces = json.loads(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    return len(provinces), sum(len(p["wards"]) for p in provinces)


def test_loaded_units_match_the_package_counts():
    provinces, communes = _package_counts()
    assert (provinces, communes) == (34, 3321)
    assert Unit.objects.filter(kind=UnitKind.PROVINCE).count() == provinces
    assert Unit.objects.filter(kind=UnitKind.COMMUNE).count() == communes
    assert Unit.objects.filter(kind=UnitKind.COUNTRY).count() == 1


def test_loading_again_creates_nothing_and_changes_nothing():
    before = list(Unit.objects.order_by("code").values_list("code", "name", "path"))
    result = services.load_vietnam_units()
    assert (result.created, result.updated) == (0, 0)
    assert list(Unit.objects.order_by("code").values_list("code", "name", "path")) == before


def test_loading_restores_a_renamed_unit_in_place():
    commune = Unit.objects.get(code="06886")
    Unit.objects.filter(pk=commune.pk).update(name="Tên cũ")
    result = services.load_vietnam_units()
    assert result.updated == 1
    assert Unit.objects.get(pk=commune.pk).name == "Xã Hải Lạng"


def test_paths_nest_country_province_commune():
    commune = Unit.objects.get(code="06886")
    assert commune.path == "VN/22/06886/"
    assert commune.depth == 2
    assert [u.code for u in selectors.ancestors_of(commune)] == ["VN", "22"]


def test_subtree_of_a_province_holds_its_communes_only():
    quang_ninh = Unit.objects.get(code="22")
    communes = selectors.units_in_subtree(quang_ninh, kind=UnitKind.COMMUNE)
    assert communes.count() == 54
    assert not communes.exclude(parent=quang_ninh).exists()


def test_a_province_code_is_not_a_prefix_of_another_province():
    # "VN/2/" must never match "VN/22/": the separator ends every path
    assert not Unit.objects.filter(path__startswith="VN/2/").exists()


def test_village_gets_the_next_code_of_its_commune():
    commune = Unit.objects.get(code="06886")
    first = services.create_village(commune=commune, name="Thôn Thống Nhất")
    second = services.create_village(commune=commune, name="Thôn Đồng Cậy")
    assert (first.code, second.code) == ("06886-001", "06886-002")
    assert second.path == "VN/22/06886/06886-002/"
    assert second.kind == UnitKind.VILLAGE


def test_village_name_must_be_new_in_its_commune_ignoring_accents():
    commune = Unit.objects.get(code="06886")
    services.create_village(commune=commune, name="Thôn Thống Nhất")
    with pytest.raises(ValidationError):
        services.create_village(commune=commune, name="thon thong  nhat")


def test_village_cannot_be_created_under_a_province():
    with pytest.raises(ValidationError):
        services.create_village(commune=Unit.objects.get(code="22"), name="Thôn Lạc")
