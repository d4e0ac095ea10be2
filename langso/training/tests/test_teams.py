"""Digital technology teams: who may set one up, its members, duty days and who is on duty today."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from langso.accounts.models import Role
from langso.conftest import make_user
from langso.training.models import DigitalTeam, TeamMember
from langso.training.selectors.teams import get_team_visible_to, team_roster, teams_visible_to
from langso.training.services.teams import add_team_member, create_team, update_team_member

pytestmark = pytest.mark.django_db
MONDAY = datetime.date(2025, 6, 2)


def make_team(world, unit=None, name="Tổ công nghệ số thôn Thống Nhất"):
    return create_team(actor=world.user("commune"), unit=unit or world.thong_nhat, name=name)


def test_a_village_head_sets_up_the_team_of_their_village(world):
    team = create_team(actor=world.user("village_head"), unit=world.thong_nhat, name="Tổ CNS Thống Nhất")
    assert team.unit == world.thong_nhat


def test_a_mentor_cannot_set_up_a_team(world):
    with pytest.raises(PermissionDenied):
        create_team(actor=world.user("mentor"), unit=world.thong_nhat, name="Tổ")


def test_a_unit_has_one_team(world):
    make_team(world)
    with pytest.raises(ValidationError):
        make_team(world, name="Tổ thứ hai")


def test_a_province_cannot_have_a_team(world):
    with pytest.raises(ValidationError):
        create_team(actor=world.user("province"), unit=world.province, name="Tổ tỉnh")


def test_a_member_needs_a_role_in_the_teams_place(world):
    team = make_team(world)
    with pytest.raises(ValidationError):
        add_team_member(actor=world.user("commune"), team=team, user=world.user("nobody"))


def test_adding_a_member_twice_keeps_one_membership(world):
    team = make_team(world)
    add_team_member(actor=world.user("commune"), team=team, user=world.user("mentor"))
    add_team_member(actor=world.user("commune"), team=team, user=world.user("mentor"))
    assert TeamMember.objects.filter(team=team).count() == 1


def test_the_team_page_shows_who_is_on_duty_today(world):
    team = make_team(world)
    other = make_user("mentor_2", Role.MENTOR, world.thong_nhat, full_name="Lý Văn Tú")
    on_monday = add_team_member(actor=world.user("commune"), team=team, user=world.user("mentor"))
    on_sunday = add_team_member(actor=world.user("commune"), team=team, user=other)
    update_team_member(actor=world.user("commune"), member=on_monday, is_leader=True, weekdays=[0, 2])
    update_team_member(actor=world.user("commune"), member=on_sunday, is_leader=False, weekdays=[6])
    roster = team_roster(get_team_visible_to(world.user("mentor"), team.pk), today=MONDAY)
    assert [m.user.username for m in roster.on_duty] == ["mentor"]


def test_changing_duty_days_replaces_the_old_ones(world):
    team = make_team(world)
    member = add_team_member(actor=world.user("commune"), team=team, user=world.user("mentor"))
    update_team_member(actor=world.user("commune"), member=member, is_leader=False, weekdays=[0, 1])
    update_team_member(actor=world.user("commune"), member=member, is_leader=False, weekdays=[1, 4])
    assert sorted(member.duty_days.values_list("weekday", flat=True)) == [1, 4]


def test_teams_are_visible_in_own_subtree_and_not_in_a_sibling_commune(world):
    make_team(world)
    create_team(actor=world.user("other_commune"), unit=world.na_lang, name="Tổ CNS Nà Làng")
    assert [t.unit for t in teams_visible_to(world.user("commune"))] == [world.thong_nhat]
    assert [t.unit for t in teams_visible_to(world.user("other_commune"))] == [world.na_lang]


def test_the_team_page_of_another_commune_is_not_found(client, world):
    team = create_team(actor=world.user("other_commune"), unit=world.na_lang, name="Tổ CNS Nà Làng")
    client.force_login(world.user("mentor"))
    assert client.get(f"/training/teams/{team.pk}/").status_code == 404


def test_a_commune_officer_creates_a_team_through_the_page(client, world):
    client.force_login(world.user("commune"))
    response = client.post(
        "/training/teams/new/", {"unit": world.thong_nhat.pk, "name": "Tổ công nghệ số thôn Thống Nhất"}
    )
    team = DigitalTeam.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/training/teams/{team.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Tổ công nghệ số thôn Thống Nhất" in page


def test_a_manager_sets_duty_days_through_the_member_page(client, world):
    team = make_team(world)
    member = add_team_member(actor=world.user("commune"), team=team, user=world.user("mentor"))
    client.force_login(world.user("village_head"))
    response = client.post(
        f"/training/team-members/{member.pk}/", {"weekdays": ["0", "5"], "is_leader": "on"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_leader and sorted(member.duty_days.values_list("weekday", flat=True)) == [0, 5]


def test_a_mentor_cannot_open_the_member_page(client, world):
    team = make_team(world)
    member = add_team_member(actor=world.user("commune"), team=team, user=world.user("mentor"))
    client.force_login(world.user("mentor"))
    assert client.get(f"/training/team-members/{member.pk}/").status_code == 404


def test_a_national_admin_creates_a_commune_team_from_a_narrowed_choice(client, world):
    client.force_login(world.user("national"))
    page = client.get("/training/teams/new/")  # thousands of places: communes only, a few hundred
    assert page.status_code == 200 and "Thôn Thống Nhất" not in page.content.decode()
    narrowed = client.get(f"/training/teams/new/?unit={world.hai_lang.code}").content.decode()
    assert "Thôn Thống Nhất" in narrowed
    response = client.post(
        f"/training/teams/new/?unit={world.hai_lang.code}", {"unit": world.hai_lang.pk, "name": "Tổ CNS xã"}
    )
    assert response.status_code == 302 and DigitalTeam.objects.get().unit == world.hai_lang


def test_the_team_pages_render_for_a_manager(client, world):
    team = make_team(world)
    add_team_member(actor=world.user("commune"), team=team, user=world.user("mentor"))
    client.force_login(world.user("commune"))
    assert "Tổ công nghệ số thôn Thống Nhất" in client.get("/training/teams/").content.decode()
    detail = client.get(f"/training/teams/{team.pk}/").content.decode()
    assert 'name="user"' in detail  # the add-member form: the trainer and others may join
    client.post(f"/training/teams/{team.pk}/edit/", {"name": "Tổ CNS Thống Nhất mới"})
    team.refresh_from_db()
    assert team.name == "Tổ CNS Thống Nhất mới"


def test_adding_and_removing_a_member_through_the_pages(client, world):
    team = make_team(world)
    client.force_login(world.user("commune"))
    client.post(f"/training/teams/{team.pk}/members/add/", {"user": world.user("mentor").pk})
    member = TeamMember.objects.get(team=team)
    client.post(f"/training/team-members/{member.pk}/remove/")
    assert not TeamMember.objects.filter(team=team).exists()


def test_a_communes_trainer_may_join_a_village_team_but_a_learner_may_not(world):
    team = make_team(world)
    add_team_member(actor=world.user("commune"), team=team, user=world.user("trainer"))
    with pytest.raises(ValidationError):
        add_team_member(actor=world.user("commune"), team=team, user=world.user("learner"))


def test_a_villages_mentor_may_join_the_communes_team(world):
    team = make_team(world, unit=world.hai_lang, name="Tổ CNS xã Hải Lạng")
    assert add_team_member(actor=world.user("commune"), team=team, user=world.user("mentor")).team == team
