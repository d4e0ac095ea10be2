"""Online competitions, the reads: who sees which contest, and the leaderboards by person and by
unit (names only for people the viewer may see; none on the public board)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from langso.people.tests.factories import PersonFactory
from langso.training.models import CompetitionEntry
from langso.training.selectors import competitions as selectors
from langso.training.services import competitions as services
from langso.training.tests.test_competitions_services import NOW, answer_all, make_contest, organization

pytestmark = pytest.mark.django_db


def finished(contest, person, *, wrong: int = 0, seconds: int = 60) -> CompetitionEntry:
    entry = services.start_entry(person=person, competition=contest, now=NOW)
    answer_all(entry, wrong=wrong)
    return services.submit_entry(entry=entry, now=NOW + timedelta(seconds=seconds))


@pytest.fixture
def contests(world):
    """One contest in each commune."""
    return {
        "hai_lang": make_contest(world),
        "hoanh_mo": make_contest(world, unit=world.hoanh_mo, actor="other_commune", skill_code="other-skill"),
    }


def visible_titles(world, who: str, contests) -> set[str]:
    ids = set(selectors.competitions_visible_to(world.user(who)).values_list("id", flat=True))
    return {name for name, contest in contests.items() if contest.pk in ids}


def test_a_commune_officer_sees_their_communes_contest_and_not_the_neighbours(world, contests):
    assert visible_titles(world, "commune", contests) == {"hai_lang"}


def test_a_mentor_of_a_village_sees_the_contest_of_the_commune_above(world, contests):
    assert visible_titles(world, "mentor", contests) == {"hai_lang"}


def test_the_province_officer_sees_every_contest_of_the_province(world, contests):
    assert visible_titles(world, "province", contests) == {"hai_lang", "hoanh_mo"}


@pytest.mark.parametrize("who", ["learner", "clerk", "cooperative_manager", "nobody"])
def test_roles_without_training_see_no_contest(world, contests, who):
    assert visible_titles(world, who, contests) == set()


def test_a_province_contest_is_seen_from_each_commune(world):
    contest = make_contest(world, unit=world.province, actor="province")
    for who in ("commune", "other_commune", "village_head"):
        assert selectors.competitions_visible_to(world.user(who)).filter(pk=contest.pk).exists(), who


def test_contests_are_managed_only_for_organizations_in_reach(world):
    own, other = organization(world.hai_lang), organization(world.hoanh_mo)
    assert list(selectors.organizers_for(world.user("union_cadre"))) == [own]
    assert list(selectors.organizers_for(world.user("other_commune"))) == [other]
    assert not selectors.organizers_for(world.user("mentor")).exists()


def test_the_person_leaderboard_puts_the_best_score_first_then_the_shorter_time(world):
    contest = make_contest(world, count=4)
    nga = PersonFactory(full_name="Lý Thị Nga", village=world.thong_nhat)
    finished(contest, world.huong, wrong=1, seconds=60)
    finished(contest, world.lan, seconds=200)
    finished(contest, nga, seconds=90)
    rows = selectors.ranked(selectors.leaderboard_by_person(contest, user=world.user("commune")))
    assert [(r.rank, r.name, r.score, r.time_taken) for r in rows] == [
        (1, "Lý Thị Nga", 100, "1:30"),
        (2, "Trần Thị Lan", 100, "3:20"),
        (3, "Nguyễn Thị Hương", 75, "1:00"),
    ]


def test_entries_not_yet_scored_are_not_ranked(world):
    contest = make_contest(world)
    services.start_entry(person=world.huong, competition=contest, now=NOW)
    assert selectors.ranked(selectors.leaderboard_by_person(contest, user=world.user("commune"))) == []


def test_staff_see_only_the_names_of_people_in_their_reach(world):
    contest = make_contest(world, unit=world.province, actor="province")
    finished(contest, world.huong)
    finished(contest, world.pao, wrong=1)
    rows = selectors.ranked(selectors.leaderboard_by_person(contest, user=world.user("other_commune")))
    assert [(r.name, r.village) for r in rows] == [("", "Thôn Thống Nhất"), ("Hoàng Văn Páo", "Bản Nà Làng")]


def test_the_public_leaderboard_carries_no_names(world):
    contest = make_contest(world)
    finished(contest, world.huong)
    rows = list(selectors.leaderboard_by_person(contest))
    assert not any("Hương" in str(value) for row in rows for value in row.values())
    assert selectors.ranked(rows)[0].name == "" and selectors.ranked(rows)[0].village == "Thôn Thống Nhất"


def test_the_unit_leaderboard_gives_participation_and_average_per_village_in_one_query(world):
    contest = make_contest(world, count=4)
    PersonFactory(village=world.thong_nhat)  # Thống Nhất: Hương and one more resident
    finished(contest, world.huong, wrong=1)  # 75
    finished(contest, world.lan)  # Đồng Cậy: Lan alone, 100
    with CaptureQueriesContext(connection) as queries:
        rows = selectors.leaderboard_by_unit(contest)
    assert len(queries) == 1
    assert [(r.name, r.participants, r.eligible, r.participation, r.average) for r in rows] == [
        ("Thôn Đồng Cậy", 1, 1, 100, 100),
        ("Thôn Thống Nhất", 1, 2, 50, 75),
    ]


def test_the_unit_total_adds_up_the_whole_contest_unit(world):
    contest = make_contest(world, count=4)
    finished(contest, world.huong, wrong=1)
    services.start_entry(person=world.lan, competition=contest, now=NOW)  # started, not scored yet
    total = selectors.unit_total(contest)
    assert (total.participants, total.eligible, total.participation, total.average) == (2, 2, 100, 75)


def test_a_province_contest_ranks_its_communes(world):
    contest = make_contest(world, unit=world.province, actor="province")
    finished(contest, world.pao)
    names = [row.name for row in selectors.leaderboard_by_unit(contest)]
    assert names[0] == world.hoanh_mo.name and world.hai_lang.name in names


def test_a_resident_is_offered_the_ready_contests_of_their_own_units_only(world, contests):
    province = make_contest(world, unit=world.province, actor="province", skill_code="province-skill")
    unready = make_contest(world, skill_code="existing:none")  # no questions at all
    offered = [contest.pk for contest, _entry in selectors.contests_for(world.huong, now=NOW)]
    assert set(offered) == {contests["hai_lang"].pk, province.pk}
    assert unready.pk not in offered


def test_a_residents_contests_carry_their_own_entry(world, contests):
    entry = services.start_entry(person=world.huong, competition=contests["hai_lang"], now=NOW)
    assert selectors.contests_for(world.huong, now=NOW) == [(contests["hai_lang"], entry)]
