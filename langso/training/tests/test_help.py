"""Help requests: asking (public, resident, mentor), the team's queue, claim/resolve/hand-on/release,
the 3-day flag, scope, and counts for reporting."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from langso.accounts.models import Role
from langso.conftest import make_user
from langso.training.models import HelpChannel, HelpEventKind, HelpRequest, HelpStatus, HelpTopic
from langso.training.selectors.help import (
    HelpCounts,
    communes_matching,
    get_help_request_visible_to,
    help_queue,
    help_request_counts,
    queue_items,
)
from langso.training.services import help as services
from langso.training.services.teams import add_team_member, create_team

pytestmark = pytest.mark.django_db


def ask(world, *, village=None, channel=HelpChannel.PUBLIC, actor=None, client_uuid=None, **extra):
    fields = {"name": "Bà Hương", "village": village or world.thong_nhat, "topic": HelpTopic.VNEID, **extra}
    return services.ask_for_help(
        actor=actor, ask=services.HelpAsk(**fields), channel=channel, client_uuid=client_uuid or uuid.uuid4()
    )


def village_team(world):
    team = create_team(actor=world.user("commune"), unit=world.thong_nhat, name="Tổ CNS Thống Nhất")
    add_team_member(actor=world.user("commune"), team=team, user=world.user("mentor"))
    return team


def aged(help_request, days):
    HelpRequest.objects.filter(pk=help_request.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )
    help_request.refresh_from_db()
    return help_request


def test_a_request_lands_in_the_villages_team(world):
    team = village_team(world)
    assert ask(world).team == team


def test_without_a_village_team_a_request_lands_in_the_communes_team(world):
    commune_team = create_team(actor=world.user("commune"), unit=world.hai_lang, name="Tổ CNS xã Hải Lạng")
    assert ask(world).team == commune_team


def test_without_any_team_a_request_is_still_kept(world):
    assert ask(world).team is None


def test_a_phone_is_kept_only_with_consent(world):
    with pytest.raises(ValidationError):
        ask(world, phone="0912 345 678")
    kept = ask(world, phone="0912 345 678", phone_consent=True)
    assert kept.phone == "+84912345678" and kept.phone_consent_at is not None


def test_resending_a_request_creates_nothing_new(world):
    sent = uuid.uuid4()
    ask(world, client_uuid=sent)
    ask(world, client_uuid=sent)
    assert HelpRequest.objects.count() == 1


def test_a_mentor_asks_only_for_residents_of_their_area(world):
    with pytest.raises(PermissionDenied):
        ask(world, village=world.hai_lang_2, channel=HelpChannel.MENTOR, actor=world.user("mentor"))


def test_claim_then_resolve_writes_the_history(world):
    village_team(world)
    request = ask(world)
    services.claim_help_request(actor=world.user("mentor"), help_request=request)
    services.resolve_help_request(actor=world.user("mentor"), help_request=request, note="Đã cài VNeID")
    request.refresh_from_db()
    assert request.status == HelpStatus.RESOLVED and request.resolution_note == "Đã cài VNeID"
    assert list(request.events.values_list("kind", flat=True)) == ["asked", "claimed", "resolved"]


def test_resolving_needs_a_note(world):
    request = ask(world)
    with pytest.raises(ValidationError):
        services.resolve_help_request(actor=world.user("mentor"), help_request=request, note=" ")


def test_a_second_claim_by_someone_else_is_a_conflict(world):
    request = ask(world)
    services.claim_help_request(actor=world.user("mentor"), help_request=request)
    with pytest.raises(services.HelpConflict):
        services.claim_help_request(actor=world.user("trainer"), help_request=request)


def test_a_stale_claim_on_the_page_gives_a_clear_message(client, world):
    request = ask(world)
    services.claim_help_request(actor=world.user("trainer"), help_request=request)
    client.force_login(world.user("mentor"))
    response = client.post(f"/training/help/{request.pk}/claim/", follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and request.events.filter(kind="claimed").count() == 1


def test_handing_on_to_another_member_gives_it_to_them(world):
    team = village_team(world)
    other = make_user("mentor_2", Role.MENTOR, world.thong_nhat, full_name="Lý Văn Tú")
    add_team_member(actor=world.user("commune"), team=team, user=other)
    request = ask(world)
    services.claim_help_request(actor=world.user("mentor"), help_request=request)
    services.hand_on_help_request(
        actor=world.user("mentor"), help_request=request, note="Tú rành Zalo", to_user=other
    )
    request.refresh_from_db()
    assert (request.status, request.claimed_by) == (HelpStatus.CLAIMED, other)


def test_handing_on_up_puts_it_in_the_communes_queue(world):
    village_team(world)
    commune_team = create_team(actor=world.user("commune"), unit=world.hai_lang, name="Tổ CNS xã Hải Lạng")
    request = ask(world)
    services.hand_on_help_request(
        actor=world.user("mentor"), help_request=request, note="Cần cán bộ xã", to_team=commune_team
    )
    request.refresh_from_db()
    assert (request.team, request.status, request.claimed_by) == (commune_team, HelpStatus.OPEN, None)
    event = request.events.get(kind=HelpEventKind.HANDED_ON)
    assert (event.to_team, event.note) == (commune_team, "Cần cán bộ xã")


def test_handing_on_to_someone_outside_the_team_is_refused(world):
    village_team(world)
    request = ask(world)
    with pytest.raises(ValidationError):
        services.hand_on_help_request(
            actor=world.user("mentor"), help_request=request, note="x", to_user=world.user("trainer")
        )


def test_a_commune_team_member_of_one_village_is_not_offered_the_other_villages_requests(world):
    commune_team = create_team(actor=world.user("commune"), unit=world.hai_lang, name="Tổ CNS xã Hải Lạng")
    add_team_member(actor=world.user("commune"), team=commune_team, user=world.user("trainer"))
    add_team_member(actor=world.user("commune"), team=commune_team, user=world.user("mentor"))
    request = ask(world, village=world.hai_lang_2)  # Đồng Cậy has no team: the commune's team has it
    services.claim_help_request(actor=world.user("trainer"), help_request=request)

    members, _team = services.hand_on_targets(request, world.user("trainer"))

    assert members == []  # the mentor of Thống Nhất could not even open it
    with pytest.raises(ValidationError):
        services.hand_on_help_request(
            actor=world.user("trainer"), help_request=request, note="x", to_user=world.user("mentor")
        )


def test_the_commune_can_release_a_request_someone_else_holds_but_a_villager_cannot(world):
    village_team(world)
    request = ask(world)
    services.claim_help_request(actor=world.user("mentor"), help_request=request)
    other = make_user("mentor_2", Role.MENTOR, world.thong_nhat)

    with pytest.raises(services.HelpConflict):
        services.release_help_request(actor=other, help_request=request)
    services.release_help_request(actor=world.user("commune"), help_request=request)

    request.refresh_from_db()
    assert (request.status, request.claimed_by) == (HelpStatus.OPEN, None)


def test_releasing_puts_it_back_in_the_queue(world):
    request = ask(world)
    services.claim_help_request(actor=world.user("mentor"), help_request=request)
    services.release_help_request(actor=world.user("mentor"), help_request=request)
    request.refresh_from_db()
    assert (request.status, request.claimed_by) == (HelpStatus.OPEN, None)
    assert request.events.last().kind == HelpEventKind.RELEASED


def test_a_request_waiting_more_than_3_days_is_flagged(world):
    fresh, old = ask(world), aged(ask(world), 4)
    items = {item.request.pk: item for item in queue_items([fresh, old])}
    assert not items[fresh.pk].is_flagged
    assert items[old.pk].is_flagged and items[old.pk].days_waiting == 4


def test_a_resolved_request_is_never_flagged(world):
    request = aged(ask(world), 5)
    services.resolve_help_request(actor=world.user("mentor"), help_request=request, note="Xong")
    request.refresh_from_db()
    assert not queue_items([request])[0].is_flagged


def test_the_queue_page_shows_the_flag_in_words(client, world):
    aged(ask(world), 4)
    client.force_login(world.user("mentor"))
    body = client.get("/training/help/").content.decode()
    assert "Bà Hương" in body and 'class="flagged"' in body


def test_the_queue_is_scoped_to_own_subtree_and_not_a_sibling_commune(world):
    ours, theirs = ask(world), ask(world, village=world.na_lang, name="Ông Páo")
    assert list(help_queue(world.user("commune"))) == [ours]
    assert list(help_queue(world.user("other_commune"))) == [theirs]
    assert list(help_queue(world.user("province"))) == [ours, theirs]


@pytest.mark.parametrize("who", ["mentor", "village_head", "union_cadre", "trainer", "commune"])
def test_every_hai_lang_role_with_training_sees_the_request_but_not_hoanh_mos(world, who):
    ours, theirs = ask(world), ask(world, village=world.na_lang, name="Ông Páo")
    assert get_help_request_visible_to(world.user(who), ours.pk) == ours
    with pytest.raises(Http404):
        get_help_request_visible_to(world.user(who), theirs.pk)


@pytest.mark.parametrize("who", ["clerk", "cooperative_manager", "learner", "nobody"])
def test_roles_without_training_see_no_request(world, who):
    ask(world)
    assert not help_queue(world.user(who)).exists()


def test_a_village_head_sees_but_cannot_claim(client, world):
    request = ask(world)
    client.force_login(world.user("village_head"))
    assert client.get(f"/training/help/{request.pk}/").status_code == 200
    assert client.post(f"/training/help/{request.pk}/claim/").status_code == 404
    request.refresh_from_db()
    assert request.status == HelpStatus.OPEN


def test_the_public_form_sends_a_request_once(client, world):
    village_team(world)
    page = client.get(f"/help/?commune={world.hai_lang.code}")
    data = {
        "client_uuid": page.context["form"].initial["client_uuid"],
        "commune": world.hai_lang.code,
        "village": world.thong_nhat.pk,
        "topic": "zalo",
        "name": "Đặng Thị Mận",
        "phone": "0912 345 678",
        "phone_consent": "on",
    }
    assert client.post("/help/", data)["Location"] == "/help/sent/"
    client.post("/help/", data)
    request = HelpRequest.objects.get()
    assert (request.name, request.channel, request.phone) == ("Đặng Thị Mận", "public", "+84912345678")


def test_the_public_form_keeps_what_was_typed_on_error(client, world):
    data = {
        "commune": world.hai_lang.code,
        "village": world.thong_nhat.pk,
        "topic": "zalo",
        "name": "Đặng Thị Mận",
    }
    response = client.post("/help/", {**data, "client_uuid": str(uuid.uuid4()), "phone": "12"})
    assert response.status_code == 400 and 'value="Đặng Thị Mận"' in response.content.decode()
    assert not HelpRequest.objects.exists()


def test_a_bot_filling_the_honeypot_creates_nothing(client, world):
    data = {
        "client_uuid": str(uuid.uuid4()),
        "commune": world.hai_lang.code,
        "village": world.thong_nhat.pk,
        "topic": "zalo",
        "name": "Bot",
        "phone": "0912345678",
        "phone_consent": "on",
        "website": "http://spam.example",
    }
    assert client.post("/help/", data).status_code == 302
    assert not HelpRequest.objects.exists()


def test_a_village_of_another_commune_is_not_a_choice(client, world):
    data = {
        "client_uuid": str(uuid.uuid4()),
        "commune": world.hai_lang.code,
        "village": world.na_lang.pk,
        "topic": "zalo",
        "name": "Ai đó",
        "phone": "0912345678",
        "phone_consent": "on",
    }
    assert client.post("/help/", data).status_code == 400


def test_a_signed_in_learner_is_linked_to_their_request(client, world):
    world.huong.user = world.user("learner")
    world.huong.save(update_fields=["user"])
    client.force_login(world.user("learner"))
    page = client.get("/help/")
    assert page.context["form"].initial["name"] == "Nguyễn Thị Hương"
    client.post(
        "/help/",
        {
            "client_uuid": page.context["form"].initial["client_uuid"],
            "commune": world.hai_lang.code,
            "village": world.thong_nhat.pk,
            "topic": "payment",
            "name": "Nguyễn Thị Hương",
            "phone": "0912345678",
            "phone_consent": "on",
        },
    )
    request = HelpRequest.objects.get()
    assert (request.person, request.channel) == (world.huong, HelpChannel.RESIDENT)


def test_the_commune_search_ignores_diacritics(world):
    names = [unit.name for unit in communes_matching("hai lang")]
    assert "Xã Hải Lạng" in names


def test_the_commune_search_endpoint_is_public(client, world):
    body = client.get("/help/communes/?q=hoanh mo").content.decode()
    assert "Xã Hoành Mô" in body


def test_a_mentor_asks_on_a_residents_behalf(client, world):
    client.force_login(world.user("mentor"))
    assert "Nguyễn Thị Hương" in client.get("/training/help/new/?q=huong").content.decode()
    page = client.get(f"/training/help/new/?person={world.huong.pk}")
    response = client.post(
        "/training/help/new/",
        {
            "person": world.huong.pk,
            "topic": "scams",
            "client_uuid": page.context["form"].initial["client_uuid"],
        },
    )
    request = HelpRequest.objects.get()
    assert response["Location"] == f"/training/help/{request.pk}/"
    assert (request.person, request.channel, request.created_by) == (
        world.huong,
        "mentor",
        world.user("mentor"),
    )


def test_the_on_behalf_search_does_not_find_residents_of_another_commune(client, world):
    client.force_login(world.user("commune"))
    assert "Hoàng Văn Páo" not in client.get("/training/help/new/?q=pao").content.decode()
    assert client.get(f"/training/help/new/?person={world.pao.pk}").status_code == 404


def test_counts_for_reporting(world):
    today = timezone.localdate()
    quick = ask(world)
    services.resolve_help_request(actor=world.user("mentor"), help_request=quick, note="Xong")
    slow = aged(ask(world), 5)
    services.resolve_help_request(actor=world.user("mentor"), help_request=slow, note="Xong")
    aged(ask(world), 4)  # still waiting: flagged
    ask(world)  # still waiting
    ask(world, village=world.na_lang)  # another commune
    counts = help_request_counts(unit=world.hai_lang, start=today - datetime.timedelta(days=2), end=today)
    # asked in the window: the quick one and the fresh one (the others were asked 4 and 5 days ago)
    assert counts == HelpCounts(asked=2, resolved=2, resolved_within_3_days=1, open=2, flagged=1)
