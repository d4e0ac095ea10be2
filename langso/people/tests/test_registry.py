"""Registering residents, searching them without accents, and adding villages."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from langso.people import selectors, services
from langso.people.models import Ethnicity, OrganizationKind, Person
from langso.people.services import PersonData

pytestmark = pytest.mark.django_db


def person_data(village, **overrides):
    values = {
        "full_name": "Lý Thị Trinh",
        "gender": "female",
        "birth_year": 1948,
        "ethnicity": Ethnicity.objects.get(name="Tày"),
        "village": village,
    }
    values.update(overrides)
    return PersonData(**values)


def test_village_head_registers_a_resident_with_commune_and_province(world):
    person = services.register_person(actor=world.user("village_head"), data=person_data(world.thong_nhat))
    assert (person.commune, person.province) == (world.hai_lang, world.province)
    assert person.search_name == "ly thi trinh"


def test_a_resent_form_does_not_create_a_duplicate(world):
    key = uuid.uuid4()
    first = services.register_person(
        actor=world.user("commune"), data=person_data(world.thong_nhat), client_uuid=key
    )
    again = services.register_person(
        actor=world.user("commune"), data=person_data(world.thong_nhat), client_uuid=key
    )
    assert first.pk == again.pk
    assert Person.objects.filter(full_name="Lý Thị Trinh").count() == 1


def test_village_head_cannot_register_in_another_village(world):
    with pytest.raises(PermissionDenied):
        services.register_person(actor=world.user("village_head"), data=person_data(world.hai_lang_2))


def test_a_phone_is_kept_only_with_consent(world):
    with pytest.raises(ValidationError) as error:
        services.register_person(
            actor=world.user("commune"), data=person_data(world.thong_nhat, phone="0912345678")
        )
    assert "phone_consent" in error.value.message_dict
    person = services.register_person(
        actor=world.user("commune"),
        data=person_data(world.thong_nhat, phone="0912 345 678", phone_consent=True),
    )
    assert person.phone == "+84912345678"
    assert person.phone_consent_at is not None


def test_a_bad_phone_number_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.register_person(
            actor=world.user("commune"), data=person_data(world.thong_nhat, phone="12345", phone_consent=True)
        )
    assert "phone" in error.value.message_dict


def test_a_birth_year_in_the_future_is_refused(world):
    with pytest.raises(ValidationError):
        services.register_person(
            actor=world.user("commune"), data=person_data(world.thong_nhat, birth_year=2999)
        )


def test_withdrawing_consent_removes_the_phone_consent(world):
    officer = world.user("commune")
    person = services.register_person(
        actor=officer, data=person_data(world.thong_nhat, phone="0912345678", phone_consent=True)
    )
    services.update_person(actor=officer, person=person, data=person_data(world.thong_nhat))
    person.refresh_from_db()
    assert (person.phone, person.phone_consent_at) == ("", None)


def test_memberships_are_in_the_commune_chapter(world):
    person = services.register_person(
        actor=world.user("commune"),
        data=person_data(
            world.thong_nhat, organization_kinds=[OrganizationKind.WOMEN, OrganizationKind.FARMERS]
        ),
    )
    names = sorted(m.organization.name for m in person.memberships.all())
    assert names == ["Hội LHPN xã Hải Lạng", "Hội Nông dân xã Hải Lạng"]


def test_moving_to_a_village_outside_the_actor_area_is_refused(world):
    with pytest.raises(PermissionDenied):
        services.update_person(
            actor=world.user("commune"), person=world.huong, data=person_data(world.na_lang)
        )


@pytest.mark.parametrize("query", ["huong", "HƯƠNG", "nguyen thi", "Nguyễn  Thị Hương", "thi huong"])
def test_search_ignores_diacritics_and_case(world, query):
    found = selectors.search_people(selectors.people_visible_to(world.user("province")), query=query)
    assert [p.full_name for p in found] == ["Nguyễn Thị Hương"]


def test_search_by_d_finds_the_letter_dj(world):
    services.register_person(
        actor=world.user("commune"), data=person_data(world.thong_nhat, full_name="Đặng Văn Đức")
    )
    found = selectors.search_people(selectors.people_visible_to(world.user("commune")), query="dang van duc")
    assert [p.full_name for p in found] == ["Đặng Văn Đức"]


def test_search_never_leaves_the_user_subtree(world):
    found = selectors.search_people(selectors.people_visible_to(world.user("commune")), query="pao")
    assert list(found) == []


def test_commune_officer_adds_a_village(world):
    village = services.add_village(
        actor=world.user("commune"), commune=world.hai_lang, name="Thôn Mới", division_type="thôn"
    )
    assert village.parent == world.hai_lang


def test_village_head_cannot_add_a_village(world):
    with pytest.raises(PermissionDenied):
        services.add_village(
            actor=world.user("village_head"), commune=world.hai_lang, name="Thôn Mới", division_type="thôn"
        )


def test_an_organization_of_a_province_names_its_type_before_the_province(world):
    organization = services.ensure_organization(kind=OrganizationKind.WOMEN, unit=world.province)

    assert organization.name == "Hội LHPN tỉnh Quảng Ninh"
