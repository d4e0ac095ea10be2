"""Enrolment: finding residents by name, and adding a newcomer at the door without duplicates."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from langso.people.models import Ethnicity, Person
from langso.people.tests.factories import PersonFactory
from langso.training.models import Enrolment
from langso.training.selectors.classes import default_ethnicity_for, likely_matches
from langso.training.tests.factories_classes import make_class

pytestmark = pytest.mark.django_db


def newcomer(world, **changes):  # type: ignore[no-untyped-def]
    return {
        "client_uuid": str(uuid.uuid4()),
        "full_name": "Lý Thị Mai",
        "birth_year": "1970",
        "gender": "female",
        "village": str(world.thong_nhat.pk),
        "ethnicity": str(Ethnicity.objects.get(code="01").pk),
        **changes,
    }


def test_searching_without_accents_finds_a_resident_to_enrol(client, world):
    training_class = make_class(world)
    client.force_login(world.user("trainer"))
    page = client.get(
        reverse("training:enrol", kwargs={"pk": training_class.pk}), {"q": "huong"}
    ).content.decode()
    assert "Nguyễn Thị Hương" in page


def test_the_search_leaves_out_residents_of_another_commune(client, world):
    training_class = make_class(world)
    client.force_login(world.user("province"))
    page = client.get(
        reverse("training:enrol", kwargs={"pk": training_class.pk}), {"q": "pao"}
    ).content.decode()
    assert "Hoàng Văn Páo" not in page


def test_a_trainer_enrols_a_found_resident_once(client, world):
    training_class = make_class(world)
    client.force_login(world.user("trainer"))
    url = reverse("training:enrol", kwargs={"pk": training_class.pk})
    client.post(url, {"person": world.huong.pk})
    client.post(url, {"person": world.huong.pk})
    assert list(Enrolment.objects.values_list("person_id", flat=True)) == [world.huong.pk]


def test_a_resident_of_another_commune_cannot_be_enrolled(client, world):
    training_class = make_class(world)
    client.force_login(world.user("province"))
    response = client.post(
        reverse("training:enrol", kwargs={"pk": training_class.pk}), {"person": world.pao.pk}
    )
    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def test_a_mentor_cannot_enrol(client, world):
    training_class = make_class(world)
    client.force_login(world.user("mentor"))
    response = client.post(
        reverse("training:enrol", kwargs={"pk": training_class.pk}), {"person": world.huong.pk}
    )
    assert response.status_code == 404


def test_a_newcomer_is_registered_and_enrolled(client, world):
    training_class = make_class(world)
    client.force_login(world.user("trainer"))
    response = client.post(reverse("training:enrol", kwargs={"pk": training_class.pk}), newcomer(world))
    assert response.status_code == 302
    mai = Person.objects.get(full_name="Lý Thị Mai")
    assert Enrolment.objects.filter(training_class=training_class, person=mai).exists()


def test_resending_the_same_newcomer_form_creates_one_person(client, world):
    training_class = make_class(world)
    client.force_login(world.user("trainer"))
    form = newcomer(world)
    url = reverse("training:enrol", kwargs={"pk": training_class.pk})
    client.post(url, form)
    client.post(url, {**form, "decision": "new"})
    assert Person.objects.filter(full_name="Lý Thị Mai").count() == 1
    assert Enrolment.objects.count() == 1


def test_a_newcomer_like_a_registered_resident_is_suggested_instead_of_added(client, world):
    # given Hương (born 1952) is registered; the trainer types her name without accents, born 1953
    training_class = make_class(world)
    client.force_login(world.user("trainer"))
    form = newcomer(world, full_name="nguyen thi huong", birth_year="1953")
    # when the form is sent
    response = client.post(reverse("training:enrol", kwargs={"pk": training_class.pk}), form)
    # then nobody is added, and Hương is offered with "this is them"
    page = response.content.decode()
    assert Person.objects.count() == 3
    assert "Nguyễn Thị Hương" in page and f'name="person" value="{world.huong.pk}"' in page
    assert 'name="decision" value="new"' in page
    assert 'value="nguyen thi huong"' in page  # what was typed is kept


def test_saying_a_new_person_after_the_suggestions_adds_them(client, world):
    training_class = make_class(world)
    client.force_login(world.user("trainer"))
    form = newcomer(world, full_name="Nguyễn Thị Hương", birth_year="1953", decision="new")
    client.post(reverse("training:enrol", kwargs={"pk": training_class.pk}), form)
    assert Person.objects.filter(search_name="nguyen thi huong").count() == 2


def test_likely_matches_allow_a_typo_and_two_years(world):
    matches = likely_matches(
        world.user("trainer"), village=world.thong_nhat, full_name="Nguyen Thi Huog", birth_year=1954
    )
    assert matches == [world.huong]


def test_likely_matches_ignore_other_birth_years_and_other_communes(world):
    PersonFactory(full_name="Nguyễn Thị Hương", village=world.na_lang, birth_year=1952)
    trainer = world.user("province")
    assert (
        likely_matches(trainer, village=world.thong_nhat, full_name="Nguyễn Thị Hương", birth_year=1960) == []
    )
    assert likely_matches(
        trainer, village=world.thong_nhat, full_name="Nguyễn Thị Hương", birth_year=1952
    ) == [world.huong]


def test_the_default_ethnic_group_is_the_villages_most_common(world):
    tay = Ethnicity.objects.exclude(code="01").order_by("code").first()
    PersonFactory.create_batch(2, village=world.hai_lang_2, ethnicity=tay)
    assert default_ethnicity_for(world.hai_lang_2) == tay
    assert default_ethnicity_for(world.na_lang) == Ethnicity.objects.get(code="01")  # Páo is Kinh here


def test_an_empty_village_defaults_to_kinh(world):
    from langso.places.services import create_village

    empty = create_village(commune=world.hai_lang, name="Thôn Mới")
    assert default_ethnicity_for(empty) == Ethnicity.objects.get(code="01")
