"""The home page: a card per role assignment, with the actions of that role first."""

from __future__ import annotations

import uuid

import pytest
from django.utils import translation

from langso.core.home import HomeCard, cards_for
from langso.training.models import HelpChannel
from langso.training.services.help import HelpAsk, ask_for_help

pytestmark = pytest.mark.django_db


def figures_in_english(card: HomeCard) -> dict[str, int]:
    with translation.override("en"):
        return {str(label): value for label, value in card.figures}


def test_a_mentors_card_opens_on_today_and_counts_the_help_requests_waiting(world):
    ask_for_help(
        actor=None,
        ask=HelpAsk(name="Nguyễn Thị Hương", village=world.thong_nhat, topic="vneid", person=world.huong),
        channel=HelpChannel.RESIDENT,
        client_uuid=uuid.uuid4(),
    )

    [card] = cards_for(world.user("mentor"))

    assert card.links[0].url == "/training/today/" and card.links[0].primary
    assert [link for link in card.links if link.primary] == [card.links[0]]
    assert figures_in_english(card)["Help requests waiting"] == 1


def test_a_commune_officer_reaches_every_training_register_but_has_no_today_screen(world):
    [card] = cards_for(world.user("commune"))

    urls = {link.url for link in card.links}
    assert "/training/today/" not in urls
    for url in ("/training/classes/", "/training/help/", "/training/teams/", "/training/conferences/"):
        assert url in urls
    assert {"/training/cascade/", "/training/competitions/"} <= urls


def test_officers_reach_their_units_targets_and_green_coverage(world):
    [card] = cards_for(world.user("commune"))

    assert f"/reports/targets/{world.hai_lang.code}/" in {link.url for link in card.links}


def test_a_learners_card_offers_competitions_and_help(world):
    [card] = cards_for(world.user("learner"))

    assert {"/contests/", "/help/"} <= {link.url for link in card.links}


def test_the_help_figure_counts_only_the_cards_own_area(world):
    ask_for_help(
        actor=None,
        ask=HelpAsk(name="Hoàng Văn Páo", village=world.na_lang, topic="zalo", person=world.pao),
        channel=HelpChannel.RESIDENT,
        client_uuid=uuid.uuid4(),
    )

    [card] = cards_for(world.user("mentor"))

    assert figures_in_english(card)["Help requests waiting"] == 0
