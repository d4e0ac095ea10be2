"""Hands-on skill checks: numbered tries, mastery through learning's service, the check page and a
session's check grid."""

from __future__ import annotations

import datetime
import threading
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from langso.conftest import build_world
from langso.learning.models import Mastery, MasterySource
from langso.learning.selectors import progress_of
from langso.learning.selectors.matrix import CellStatus, progress_matrix
from langso.learning.tests.factories import make_skill
from langso.people.models import OrganizationKind
from langso.people.services.registry import ensure_organization
from langso.training.models import CheckOutcome, ClassSession, Enrolment, SkillCheck, TrainingClass
from langso.training.selectors.checks import session_check_grid
from langso.training.services.checks import record_skill_check

pytestmark = pytest.mark.django_db


def make_class(world, *, skills, people, mentors=(), trainers=(), village=None, starts_at=None):
    """A class at Thống Nhất (by default) with its skills, enrolled people and one session."""
    village = village or world.thong_nhat
    training_class = TrainingClass.objects.create(
        title="Lớp học VNeID thôn Thống Nhất",
        organizer=ensure_organization(kind=OrganizationKind.WOMEN, unit=village.parent),
        village=village,
        commune=village.parent,
        province=village.parent.parent,
        venue_name="Nhà văn hóa thôn",
        created_by=world.user("commune"),
    )
    training_class.skills.set(skills)
    training_class.mentors.set(mentors)
    training_class.trainers.set(trainers)
    for person in people:
        Enrolment.objects.create(
            training_class=training_class, person=person, enrolled_by=world.user("commune")
        )
    starts_at = starts_at or timezone.now()
    session = ClassSession.objects.create(
        training_class=training_class, starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
    )
    return training_class, session


def check(world, outcome, *, who="mentor", person=None, skill, client_uuid=None, note=""):
    return record_skill_check(
        actor=world.user(who),
        person=person or world.huong,
        skill=skill,
        outcome=outcome,
        note=note,
        client_uuid=client_uuid or uuid.uuid4(),
    )


def test_tries_are_numbered_per_person_and_skill(world):
    skill, other = make_skill(), make_skill("other", order=2)
    check(world, CheckOutcome.NOT_YET, skill=skill)
    check(world, CheckOutcome.WITH_HELP, skill=skill)
    third = check(world, CheckOutcome.NOT_YET, skill=skill)
    first_of_other = check(world, CheckOutcome.NOT_YET, skill=other)
    assert (third.number, first_of_other.number) == (3, 1)


def test_did_it_alone_masters_the_skill_through_learning(world):
    skill = make_skill()
    check(world, CheckOutcome.NOT_YET, skill=skill)
    check(world, CheckOutcome.ALONE, skill=skill)
    mastery = Mastery.objects.get(person=world.huong, skill=skill)
    assert (mastery.source, mastery.recorded_by) == (MasterySource.MENTOR, world.user("mentor"))


def test_a_mastery_from_a_check_shows_in_the_progress_matrix_and_the_learners_skills(world):
    skill = make_skill()
    check(world, CheckOutcome.ALONE, skill=skill)
    [row] = progress_matrix([world.huong], [skill])
    assert row.cells[0].status == CellStatus.MASTERED and row.cells[0].mastered_by == MasterySource.MENTOR
    assert progress_of(world.huong)[skill.pk].mastered_by == MasterySource.MENTOR


def test_with_help_does_not_master_the_skill(world):
    skill = make_skill()
    check(world, CheckOutcome.WITH_HELP, skill=skill)
    assert not Mastery.objects.exists()


def test_a_check_after_mastery_is_recorded_and_mastery_stays(world):
    skill = make_skill()
    check(world, CheckOutcome.ALONE, skill=skill)
    refresher = check(world, CheckOutcome.NOT_YET, skill=skill)
    assert refresher.number == 2
    assert Mastery.objects.filter(person=world.huong, skill=skill).count() == 1


def test_resending_the_same_check_records_it_once(world):
    skill, sent = make_skill(), uuid.uuid4()
    first = check(world, CheckOutcome.NOT_YET, skill=skill, client_uuid=sent)
    again = check(world, CheckOutcome.NOT_YET, skill=skill, client_uuid=sent)
    assert first.pk == again.pk and SkillCheck.objects.count() == 1


def test_a_mentor_cannot_check_a_resident_of_another_village(world):
    with pytest.raises(PermissionDenied):
        check(world, CheckOutcome.ALONE, person=world.lan, skill=make_skill())


def test_a_village_head_cannot_record_a_check(world):
    with pytest.raises(PermissionDenied):
        check(world, CheckOutcome.ALONE, who="village_head", skill=make_skill())


@pytest.mark.serial
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # brings back the ethnic groups
def test_two_mentors_checking_at_once_get_different_numbers():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serializes writers by itself; the row lock matters on PostgreSQL")
    call_command("load_units", verbosity=0)  # an earlier test of this pass may have flushed them
    world = build_world()
    skill = make_skill()
    errors: list[BaseException] = []

    def record() -> None:
        try:
            check(world, CheckOutcome.NOT_YET, skill=skill)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=record) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(SkillCheck.objects.values_list("number", flat=True)) == [1, 2, 3, 4]


def test_the_check_page_records_a_try_and_shows_the_history(client, world):
    skill = make_skill()
    client.force_login(world.user("mentor"))
    url = f"/training/checks/{world.huong.pk}/{skill.code}/"
    page = client.get(url)
    uuid_value = page.context["form"].initial["client_uuid"]
    response = client.post(url, {"outcome": "not_yet", "note": "Quên mật khẩu", "client_uuid": uuid_value})
    assert response.status_code == 302
    client.post(url, {"outcome": "not_yet", "note": "Quên mật khẩu", "client_uuid": uuid_value})  # resent
    body = client.get(url).content.decode()
    assert SkillCheck.objects.count() == 1
    assert "Nguyễn Thị Hương" in body and "Quên mật khẩu" in body


def test_the_check_page_of_a_resident_of_another_commune_is_not_found(client, world):
    skill = make_skill()
    client.force_login(world.user("mentor"))
    assert client.get(f"/training/checks/{world.pao.pk}/{skill.code}/").status_code == 404
    assert (
        client.post(f"/training/checks/{world.pao.pk}/{skill.code}/", {"outcome": "alone"}).status_code == 404
    )


def test_the_session_grid_shows_the_last_outcome_and_mastery_per_cell(world):
    skill, other = make_skill(), make_skill("other", order=2)
    _class, session = make_class(world, skills=[skill, other], people=[world.huong])
    check(world, CheckOutcome.NOT_YET, skill=skill)
    check(world, CheckOutcome.WITH_HELP, skill=skill)
    check(world, CheckOutcome.ALONE, skill=other)
    [row] = session_check_grid(world.user("mentor"), session).rows
    assert [(c.last_outcome, c.tries, c.is_mastered) for c in row.cells] == [
        ("with_help", 2, False),
        ("alone", 1, True),
    ]


def test_the_session_grid_lists_only_people_the_user_may_see(world):
    skill = make_skill()
    _class, session = make_class(world, skills=[skill], people=[world.huong, world.lan])
    mentor_rows = session_check_grid(world.user("mentor"), session).rows
    commune_rows = session_check_grid(world.user("commune"), session).rows
    assert [r.person for r in mentor_rows] == [world.huong]
    assert {r.person for r in commune_rows} == {world.huong, world.lan}


def test_the_session_grid_page_of_another_commune_is_not_found(client, world):
    skill = make_skill()
    _class, session = make_class(world, skills=[skill], people=[world.pao], village=world.na_lang)
    client.force_login(world.user("commune"))
    assert client.get(f"/training/sessions/{session.pk}/checks/").status_code == 404
    client.force_login(world.user("other_commune"))
    assert "Hoàng Văn Páo" in client.get(f"/training/sessions/{session.pk}/checks/").content.decode()
