"""Factories for residents; villages come from the real units plus places.services.create_village."""

from __future__ import annotations

import factory

from langso.common.text import normalize_text
from langso.people.models import Ethnicity, Gender, Person
from langso.people.services.tallies import tally_new_people


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Người Thử {n}")
    search_name = factory.LazyAttribute(lambda person: normalize_text(person.full_name))
    gender = Gender.FEMALE
    birth_year = 1960
    ethnicity = factory.LazyFunction(lambda: Ethnicity.objects.get(code="01"))
    commune = factory.LazyAttribute(lambda person: person.village.parent)
    province = factory.LazyAttribute(lambda person: person.village.parent.parent)

    @classmethod
    def _create(cls, model_class: type[Person], *args: object, **kwargs: object) -> Person:
        """Counted in the roll-ups, as every service that adds a resident does."""
        person = super()._create(model_class, *args, **kwargs)
        tally_new_people([person])
        return person
