"""Scope across roles: every staff page of a Hoành Mô contest, as every role of the Hải Lạng side,
is a 404 (or the sign-in page) and shows nothing of Hoành Mô; the residents' pages never name a person."""

from __future__ import annotations

import pytest
from django.urls import reverse

from langso.training.models import Competition
from langso.training.services import competitions as services
from langso.training.tests.test_competitions_views import open_contest

pytestmark = pytest.mark.django_db

HAI_LANG_SIDE = [
    "commune",
    "village_head",
    "union_cadre",
    "trainer",
    "mentor",
    "clerk",
    "cooperative_manager",
    "learner",
    "nobody",
]
OUTSIDE_MARKERS = ["Hoàng Văn Páo", "Bản Nà Làng", "Xã Hoành Mô"]


@pytest.fixture
def outside(world) -> Competition:
    """A Hoành Mô contest that Páo has finished."""
    contest = open_contest(world, unit=world.hoanh_mo, actor="other_commune")
    services.submit_entry(entry=services.start_entry(person=world.pao, competition=contest))
    return contest


def staff_urls(contest: Competition) -> list[str]:
    pk, question = {"pk": contest.pk}, contest.questions.first()
    names = [
        "competition_detail",
        "competition_edit",
        "competition_questions",
        "competition_questions_add_skills",
        "competition_question_add",
        "competition_question_write",
    ]
    urls = [reverse(f"training:{name}", kwargs=pk) for name in names]
    urls.append(reverse("training:competition_question_remove", kwargs={**pk, "question_id": question.pk}))
    return urls


@pytest.mark.parametrize("who", HAI_LANG_SIDE)
def test_no_hai_lang_role_reaches_a_hoanh_mo_contests_staff_pages(client, world, outside, who):
    client.force_login(world.user(who))
    for url in staff_urls(outside):
        assert client.get(url).status_code in (404, 405), url
        assert client.post(
            url, {"title": "Đổi", "prompt": "?", "choice_1": "A", "choice_2": "B"}
        ).status_code in (
            404,
            405,
        ), url
    listing = client.get(reverse("training:competition_list")).content.decode()
    assert not any(marker in listing for marker in OUTSIDE_MARKERS) and outside.title not in listing
    assert outside.questions.count() == 6 and Competition.objects.get().title == outside.title


def test_the_crawl_finds_the_contest_as_the_province_officer(client, world, outside):
    """The same pages as a province officer do show Hoành Mô: the markers and URLs are right."""
    client.force_login(world.user("province"))
    body = client.get(reverse("training:competition_detail", kwargs={"pk": outside.pk})).content.decode()
    assert all(marker in body for marker in OUTSIDE_MARKERS)


@pytest.mark.parametrize("who", [*HAI_LANG_SIDE, None])
def test_the_residents_pages_of_a_contest_never_name_a_person(client, world, outside, who):
    if who:
        client.force_login(world.user(who))
    for name in ("contest_detail", "contest_results"):
        body = client.get(reverse(f"training:{name}", kwargs={"code": outside.code})).content.decode()
        assert "Hoàng Văn Páo" not in body, name
    for name in ("contest_start", "contest_submit"):
        client.post(reverse(f"training:{name}", kwargs={"code": outside.code}))
    assert outside.entries.count() == 1
