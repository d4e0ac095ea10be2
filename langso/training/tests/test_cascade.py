"""The cascade: recording who taught whom, and walking the reach of a person, a conference or an
organization level by level."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from langso.people.models import Ethnicity, Gender
from langso.people.services import ensure_organization
from langso.people.tests.factories import PersonFactory
from langso.training.models import Conference, TrainingLink
from langso.training.selectors.cascade import (
    cascade_figures,
    organization_reach,
    reach_of,
    reach_of_conference,
    reach_of_person,
)
from langso.training.services.cascade import record_home_training, record_training

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 8)


def make_conference(world, *, unit=None, starts_on=DAY, title="Tập huấn chuyển đổi số") -> Conference:
    organizer = ensure_organization(kind="women", unit=unit or world.hai_lang)
    return Conference.objects.create(
        title=title,
        organizer=organizer,
        unit=organizer.unit,
        starts_on=starts_on,
        ends_on=starts_on,
        venue="Nhà văn hoá",
        created_by=world.user("union_cadre"),
    )


def link(world, trainer, trainee) -> TrainingLink:
    made = record_training(trainee=trainee, trainer=trainer, recorded_by=world.user("mentor"), taught_on=DAY)
    assert made is not None
    return made


@pytest.fixture
def tree(world):
    """A conference trained a cadre, who trained two members, who taught three family members
    (one minority woman taught by both: a diamond), one of whom taught a neighbour (an OCOP subject)."""
    tay = Ethnicity.objects.get(code="02")
    conference = make_conference(world)
    cadre = PersonFactory(full_name="Cán bộ Hội", village=world.thong_nhat, is_cadre=True)
    member_1 = PersonFactory(full_name="Hội viên Một", village=world.thong_nhat, gender=Gender.MALE)
    member_2 = PersonFactory(full_name="Hội viên Hai", village=world.hai_lang_2)
    family_1 = PersonFactory(full_name="Con Một", village=world.thong_nhat, ethnicity=tay)
    family_2 = PersonFactory(full_name="Con Hai", village=world.thong_nhat, gender=Gender.MALE)
    family_3 = PersonFactory(full_name="Cháu Ba", village=world.hai_lang_2, ethnicity=tay)
    neighbour = PersonFactory(full_name="Hàng Xóm", village=world.thong_nhat, is_ocop_subject=True)
    record_training(
        trainee=cadre, conference=conference, recorded_by=world.user("union_cadre"), taught_on=DAY
    )
    link(world, cadre, member_1)
    link(world, cadre, member_2)
    link(world, member_1, family_1)
    link(world, member_2, family_1)  # the diamond: counted once
    link(world, member_1, family_2)
    link(world, member_2, family_3)
    link(world, family_1, neighbour)
    return {"conference": conference, "cadre": cadre, "member_1": member_1, "neighbour": neighbour}


def test_reach_of_a_conference_counts_each_level_of_a_four_level_tree(tree):
    reach = reach_of_conference(tree["conference"])
    assert [level.people for level in reach.levels] == [1, 2, 3, 1]
    assert [level.women for level in reach.levels] == [1, 1, 2, 1]
    assert [level.minorities for level in reach.levels] == [0, 0, 2, 0]
    assert [level.ocop_subjects for level in reach.levels] == [0, 0, 0, 1]
    assert [level.cadres for level in reach.levels] == [1, 0, 0, 0]
    assert (reach.total.people, reach.total.women, reach.total.minorities) == (7, 5, 2)
    assert (reach.total.ocop_subjects, reach.total.cadres) == (1, 1)


def test_reach_of_a_person_starts_with_the_people_they_trained(tree):
    reach = reach_of_person(tree["cadre"])
    assert [level.people for level in reach.levels] == [2, 3, 1]
    assert reach.total.people == 6


def test_reach_groups_people_by_ethnic_group(tree):
    reach = reach_of_conference(tree["conference"])
    assert reach.by_ethnicity == [("Kinh", 5), ("Tày", 2)]


def test_reach_counts_a_person_at_their_shortest_depth(world, tree):
    link(world, tree["cadre"], tree["neighbour"])  # the neighbour is also trained directly
    reach = reach_of_person(tree["cadre"])
    assert [level.people for level in reach.levels] == [3, 3]


def test_reach_ignores_a_cycle_back_to_the_root(world, tree):
    link(world, tree["neighbour"], tree["cadre"])  # written past the service's check
    reach = reach_of_person(tree["cadre"])
    assert reach.total.people == 6


def test_reach_stops_at_the_depth_cap_and_says_so(tree):
    reach = reach_of(conferences=[tree["conference"].pk], max_depth=2)
    assert [level.people for level in reach.levels] == [1, 2]
    assert reach.is_capped


def test_reach_of_the_whole_tree_is_not_capped(tree):
    assert not reach_of_conference(tree["conference"]).is_capped


def test_reach_reads_two_queries_per_level_and_one_for_ethnic_groups(tree, django_assert_num_queries):
    # first level, then for each of the 4 levels: the next level's ids and its figures; then groups
    with django_assert_num_queries(1 + 4 * 2 + 1):
        reach_of(conferences=[tree["conference"].pk])


def test_organization_reach_speaks_in_the_unions_words(world, tree):
    organization = tree["conference"].organizer
    (figures,) = organization_reach([organization])
    assert len(figures.conferences) == 1
    assert figures.cadres_trained == 1
    assert figures.members_reached == 6
    assert figures.minority_percent == 33  # 2 of 6
    assert figures.ocop_percent == 17  # 1 of 6


def test_cascade_figures_count_a_units_conferences_in_the_period(world, tree):
    figures = cascade_figures(unit=world.province, start=DAY, end=DAY)
    assert (figures.conferences, figures.cadres_trained, figures.people_reached) == (1, 1, 6)
    assert (figures.minorities, figures.ocop_subjects) == (2, 1)


def test_cascade_figures_leave_out_a_sibling_commune_and_other_dates(world, tree):
    make_conference(world, unit=world.hoanh_mo)
    assert cascade_figures(unit=world.hoanh_mo, start=DAY, end=DAY).cadres_trained == 0
    later = cascade_figures(
        unit=world.hai_lang, start=DAY + datetime.timedelta(days=1), end=DAY.replace(year=2026)
    )
    assert later.conferences == 0


def test_a_mentor_records_a_member_teaching_her_family(world):
    grandson = PersonFactory(full_name="Nguyễn Văn Bình", village=world.thong_nhat)
    link_made = record_home_training(
        actor=world.user("mentor"), trainer=world.huong, trainee=grandson, taught_on=DAY
    )
    assert (link_made.trainer, link_made.trainee, link_made.village) == (
        world.huong,
        grandson,
        world.thong_nhat,
    )


def test_recording_the_same_pair_twice_keeps_one_link(world):
    for _ in range(2):
        record_home_training(
            actor=world.user("trainer"), trainer=world.huong, trainee=world.lan, taught_on=DAY
        )
    assert TrainingLink.objects.filter(trainer=world.huong, trainee=world.lan).count() == 1


def test_a_training_in_the_future_is_refused(world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        record_home_training(
            actor=world.user("trainer"), trainer=world.huong, trainee=world.lan, taught_on=tomorrow
        )


def test_nobody_is_recorded_as_training_themselves(world):
    with pytest.raises(ValidationError):
        record_home_training(
            actor=world.user("trainer"), trainer=world.huong, trainee=world.huong, taught_on=DAY
        )


def test_a_trainee_above_the_trainer_in_their_chain_is_refused(world, tree):
    with pytest.raises(ValidationError, match="Cán bộ Hội"):
        record_home_training(
            actor=world.user("commune"), trainer=tree["neighbour"], trainee=tree["cadre"], taught_on=DAY
        )
    assert not TrainingLink.objects.filter(trainer=tree["neighbour"]).exists()


def test_a_mentor_cannot_record_a_training_in_another_village(world):
    with pytest.raises(PermissionDenied):
        record_home_training(
            actor=world.user("mentor"), trainer=world.lan, trainee=world.huong, taught_on=DAY
        )


def test_a_trainer_cannot_record_a_training_in_a_sibling_commune(world):
    with pytest.raises(PermissionDenied):
        record_home_training(
            actor=world.user("trainer"), trainer=world.huong, trainee=world.pao, taught_on=DAY
        )
