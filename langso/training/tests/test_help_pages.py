"""The help pages as a mentor uses them: the queue, the detail page and its forms."""

from __future__ import annotations

import uuid

import pytest

from langso.accounts.models import Role, User
from langso.conftest import make_user
from langso.training.models import HelpChannel, HelpRequest, HelpStatus, HelpTopic
from langso.training.services import help as services
from langso.training.services.teams import add_team_member, create_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_in_team(world):
    team = create_team(actor=world.user("commune"), unit=world.thong_nhat, name="Tổ CNS Thống Nhất")
    add_team_member(actor=world.user("commune"), team=team, user=world.user("mentor"))
    other = make_user("mentor_2", Role.MENTOR, world.thong_nhat, full_name="Lý Văn Tú")
    add_team_member(actor=world.user("commune"), team=team, user=other)
    create_team(actor=world.user("commune"), unit=world.hai_lang, name="Tổ CNS xã Hải Lạng")
    return services.ask_for_help(
        actor=None,
        ask=services.HelpAsk(name="Bà Hương", village=world.thong_nhat, topic=HelpTopic.VNEID),
        channel=HelpChannel.PUBLIC,
        client_uuid=uuid.uuid4(),
    )


def test_the_detail_page_offers_the_team_members_and_the_communes_team(client, world, request_in_team):
    client.force_login(world.user("mentor"))
    body = client.get(f"/training/help/{request_in_team.pk}/").content.decode()
    assert "Lý Văn Tú" in body and "Tổ CNS xã Hải Lạng" in body and "I will help" in body


def test_resolving_without_a_note_keeps_the_page_with_an_error(client, world, request_in_team):
    client.force_login(world.user("mentor"))
    response = client.post(f"/training/help/{request_in_team.pk}/resolve/", {"note": ""})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    request_in_team.refresh_from_db()
    assert request_in_team.status == HelpStatus.OPEN


def test_claim_and_resolve_through_the_pages(client, world, request_in_team):
    client.force_login(world.user("mentor"))
    client.post(f"/training/help/{request_in_team.pk}/claim/")
    client.post(f"/training/help/{request_in_team.pk}/resolve/", {"note": "Đã hướng dẫn cài VNeID"})
    request_in_team.refresh_from_db()
    assert (request_in_team.status, request_in_team.resolved_by) == (
        HelpStatus.RESOLVED,
        world.user("mentor"),
    )
    body = client.get(f"/training/help/{request_in_team.pk}/").content.decode()
    assert "Đã hướng dẫn cài VNeID" in body and "I will help" not in body


def test_handing_on_through_the_page(client, world, request_in_team):
    other = User.objects.get(username="mentor_2")
    client.force_login(world.user("mentor"))
    client.post(f"/training/help/{request_in_team.pk}/claim/")
    response = client.post(
        f"/training/help/{request_in_team.pk}/hand-on/", {"to": f"user:{other.pk}", "note": "Tú rành VNeID"}
    )
    assert response.status_code == 302
    request_in_team.refresh_from_db()
    assert request_in_team.claimed_by == other


def test_releasing_through_the_page(client, world, request_in_team):
    client.force_login(world.user("mentor"))
    client.post(f"/training/help/{request_in_team.pk}/claim/")
    client.post(f"/training/help/{request_in_team.pk}/release/")
    request_in_team.refresh_from_db()
    assert request_in_team.status == HelpStatus.OPEN


def test_the_queue_filters_by_status(client, world, request_in_team):
    client.force_login(world.user("mentor"))
    assert "Bà Hương" not in client.get("/training/help/?status=resolved").content.decode()
    assert "Bà Hương" in client.get("/training/help/?status=open").content.decode()


def test_the_queue_answers_htmx_with_the_list_only(client, world, request_in_team):
    client.force_login(world.user("mentor"))
    body = client.get("/training/help/?status=all", headers={"HX-Request": "true"}).content.decode()
    assert body.lstrip().startswith('<section id="queue"') and "Bà Hương" in body


def test_the_public_form_pages_render_for_an_anonymous_visitor(client, world):
    assert client.get("/help/").status_code == 200
    assert "Xã Hải Lạng" in client.get("/help/?q=hai lang").content.decode()
    page = client.get(f"/help/?commune={world.hai_lang.code}").content.decode()
    assert "Thôn Thống Nhất" in page and "Bản Nà Làng" not in page
    assert client.get("/help/sent/").status_code == 200
    assert not HelpRequest.objects.exists()
