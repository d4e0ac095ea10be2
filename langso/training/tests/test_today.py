"""The mentor's today screen: today's sessions, people who still need a skill, the help queue."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from langso.conftest import make_user
from langso.learning.tests.factories import make_skill
from langso.people.tests.factories import PersonFactory
from langso.training.models import CheckOutcome, HelpChannel, HelpTopic
from langso.training.selectors.today import TODAY_LIMIT, people_needing_skills, today_for
from langso.training.services import help as help_services
from langso.training.services.checks import record_skill_check
from langso.training.services.teams import add_team_member, create_team
from langso.training.tests.test_checks import make_class

pytestmark = pytest.mark.django_db


def ask(world, village=None, name="Bà Hương"):
    return help_services.ask_for_help(
        actor=None,
        ask=help_services.HelpAsk(name=name, village=village or world.thong_nhat, topic=HelpTopic.ZALO),
        channel=HelpChannel.PUBLIC,
        client_uuid=uuid.uuid4(),
    )


def test_today_lists_the_sessions_of_classes_the_user_mentors(world):
    mentor = world.user("mentor")
    _mine, today_session = make_class(world, skills=[make_skill()], people=[], mentors=[mentor])
    make_class(world, skills=[], people=[])  # not theirs
    make_class(
        world, skills=[], people=[], mentors=[mentor], starts_at=timezone.now() + datetime.timedelta(days=2)
    )
    assert today_for(mentor).sessions == [today_session]


def test_people_still_needing_a_skill_leave_the_list_once_mastered(world):
    vneid, zalo = make_skill("vneid"), make_skill("zalo", order=2)
    make_class(world, skills=[vneid, zalo], people=[world.huong], mentors=[world.user("mentor")])
    record_skill_check(
        actor=world.user("mentor"),
        person=world.huong,
        skill=vneid,
        outcome=CheckOutcome.ALONE,
        note="",
        client_uuid=uuid.uuid4(),
    )
    record_skill_check(
        actor=world.user("mentor"),
        person=world.huong,
        skill=zalo,
        outcome=CheckOutcome.WITH_HELP,
        note="",
        client_uuid=uuid.uuid4(),
    )
    [row] = people_needing_skills(world.user("mentor"))
    assert [(n.skill_code, n.last_outcome) for n in row.needs] == [("zalo", "with_help")]


def test_people_needing_skills_are_only_those_the_user_may_see(world):
    skill = make_skill()
    make_class(world, skills=[skill], people=[world.huong, world.lan], mentors=[world.user("mentor")])
    assert [row.person for row in people_needing_skills(world.user("mentor"))] == [world.huong]


def test_the_help_queue_holds_open_requests_of_my_teams_and_those_i_hold(world):
    team = create_team(actor=world.user("commune"), unit=world.thong_nhat, name="Tổ CNS Thống Nhất")
    add_team_member(actor=world.user("commune"), team=team, user=world.user("mentor"))
    waiting = ask(world)
    held = ask(world, village=world.hai_lang_2, name="Bà Lan")  # no team there
    help_services.claim_help_request(actor=world.user("commune"), help_request=held)  # someone else holds it
    ask(world, village=world.na_lang, name="Ông Páo")  # another commune
    queue = [item.request for item in today_for(world.user("mentor")).queue]
    assert queue == [waiting]


def test_a_request_i_claimed_stays_on_my_today_screen(world):
    request = ask(world)
    help_services.claim_help_request(actor=world.user("mentor"), help_request=request)
    assert [item.request for item in today_for(world.user("mentor")).queue] == [request]


def test_the_today_lists_are_capped_with_a_total(world):
    skill = make_skill()
    people = [PersonFactory(village=world.thong_nhat) for _ in range(TODAY_LIMIT + 3)]
    make_class(world, skills=[skill], people=people, mentors=[world.user("mentor")])
    screen = today_for(world.user("mentor"))
    assert (len(screen.needs), screen.needs_total) == (TODAY_LIMIT, TODAY_LIMIT + 3)


def test_the_today_page_takes_the_same_queries_for_many_people(client, world):
    skill, mentor = make_skill(), world.user("mentor")
    make_class(world, skills=[skill], people=[world.huong], mentors=[mentor])
    client.force_login(mentor)
    client.get("/training/today/")
    with CaptureQueriesContext(connection) as few:
        client.get("/training/today/")
    more = [PersonFactory(village=world.thong_nhat) for _ in range(20)]
    make_class(world, skills=[skill, make_skill("other", order=2)], people=more, mentors=[mentor])
    with CaptureQueriesContext(connection) as many:
        client.get("/training/today/")
    assert len(many) == len(few)  # its weight is measured in bench/training_roster.py


def test_the_today_page_shows_names_with_diacritics(client, world):
    make_class(world, skills=[make_skill()], people=[world.huong], mentors=[world.user("mentor")])
    client.force_login(world.user("mentor"))
    assert "Nguyễn Thị Hương" in client.get("/training/today/").content.decode()


def test_a_user_without_classes_sees_an_empty_today(client, world):
    client.force_login(make_user("newcomer"))
    assert client.get("/training/today/").status_code == 200
