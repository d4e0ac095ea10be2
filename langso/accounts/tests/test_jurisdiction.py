"""The one scoping module: own subtree yes, sibling no, nothing without an assignment."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from langso.accounts.jurisdiction import Action, may, require, scope_filter
from langso.accounts.models import Role
from langso.accounts.services import assign_role
from langso.people.models import Person
from langso.places.models import Unit

pytestmark = pytest.mark.django_db


def visible_people(user, action=Action.VIEW_PEOPLE):
    return set(
        Person.objects.filter(scope_filter(user, action, via="village")).values_list("full_name", flat=True)
    )


def test_commune_officer_sees_own_commune_residents(world):
    assert visible_people(world.user("commune")) == {"Nguyễn Thị Hương", "Trần Thị Lan"}


def test_commune_officer_cannot_see_neighbouring_commune(world):
    officer = world.user("commune")
    assert "Hoàng Văn Páo" not in visible_people(officer)
    assert not may(officer, Action.VIEW_PEOPLE, world.na_lang)


def test_province_officer_sees_every_commune_of_the_province(world):
    assert visible_people(world.user("province")) == {"Nguyễn Thị Hương", "Trần Thị Lan", "Hoàng Văn Páo"}


def test_village_head_sees_own_village_only(world):
    head = world.user("village_head")
    assert visible_people(head) == {"Nguyễn Thị Hương"}
    assert may(head, Action.MANAGE_PEOPLE, world.thong_nhat)
    assert not may(head, Action.MANAGE_PEOPLE, world.hai_lang_2)


def test_mentor_may_view_but_not_edit_residents(world):
    mentor = world.user("mentor")
    assert visible_people(mentor) == {"Nguyễn Thị Hương"}
    assert not may(mentor, Action.MANAGE_PEOPLE, world.thong_nhat)


@pytest.mark.parametrize("name", ["clerk", "cooperative_manager", "learner", "nobody"])
def test_roles_without_people_access_see_no_one(world, name):
    assert visible_people(world.user(name)) == set()


def test_anonymous_visitor_reaches_nothing(world):
    assert (
        Person.objects.filter(scope_filter(AnonymousUser(), Action.VIEW_PEOPLE, via="village")).count() == 0
    )
    assert not may(AnonymousUser(), Action.VIEW_UNITS, world.province)


def test_an_inactive_user_reaches_nothing(world):
    officer = world.user("province")
    officer.is_active = False
    assert visible_people(officer) == set()


def test_two_assignments_add_up(world):
    officer = world.user("commune")
    assign_role(user=officer, role=Role.COMMUNE_OFFICER, unit=world.hoanh_mo)
    assert "Hoàng Văn Páo" in visible_people(officer)


def test_require_raises_outside_the_subtree(world):
    with pytest.raises(PermissionDenied):
        require(world.user("commune"), Action.CREATE_VILLAGE, world.hoanh_mo)
    require(world.user("commune"), Action.CREATE_VILLAGE, world.hai_lang)


def test_only_officers_may_export(world):
    assert may(world.user("commune"), Action.EXPORT_PEOPLE, world.hai_lang)
    for name in ("village_head", "union_cadre", "trainer", "mentor"):
        assert not may(world.user(name), Action.EXPORT_PEOPLE, world.thong_nhat)


def test_scope_filter_is_one_query_per_user(world, django_assert_num_queries):
    officer = world.user("commune")
    with django_assert_num_queries(1):
        scope_filter(officer, Action.VIEW_PEOPLE)
        scope_filter(officer, Action.EXPORT_PEOPLE)
        may(officer, Action.VIEW_UNITS, Unit(path="VN/22/06886/"))
