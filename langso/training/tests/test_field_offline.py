"""The mentor's field screens offline: the /training/ service worker and the pages that use it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from langso.learning.tests.factories import make_skill
from langso.training.tests.test_checks import make_class
from langso.training.views.field.offline import SERVICE_WORKER

pytestmark = pytest.mark.django_db

SCRIPT = "training/field-offline.js"


@pytest.fixture
def session(world):  # type: ignore[no-untyped-def]
    skill = make_skill("vneid")
    _class, session = make_class(world, skills=[skill], people=[world.huong], mentors=[world.user("mentor")])
    return session


def kept_pages() -> list[re.Pattern[str]]:
    """The page patterns the worker keeps for offline use, read from its source."""
    block = re.search(r"const FIELD = \[(.*?)\];", SERVICE_WORKER.read_text(), re.S)
    assert block is not None
    return [re.compile(pattern) for pattern in re.findall(r"/(\^.*?\$)/", block.group(1))]


def test_the_service_worker_is_served_to_anyone_with_its_scope(client):
    response = client.get("/training/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/training/"


def test_the_service_worker_has_its_version_precache_list_and_sign_in_path_filled_in(client):
    body = client.get(reverse("training:service_worker")).content.decode()
    assert not re.search(r"__[A-Z]+__", body)
    assert f'"/static/{SCRIPT}"' in body and '"/accounts/login/"' in body


def test_the_cache_name_carries_the_digest_that_is_also_the_etag(client):
    response = client.get("/training/sw.js")
    version = re.search(r'const VERSION = "([0-9a-f]{16})"', response.content.decode())
    assert version is not None and response["ETag"] == f'"{version.group(1)}"'


def test_an_unchanged_service_worker_is_not_sent_again(client):
    etag = client.get("/training/sw.js")["ETag"]
    assert client.get("/training/sw.js", headers={"If-None-Match": etag}).status_code == 304


def test_the_worker_keeps_only_the_four_field_screens(world, session):
    kept = [
        reverse("training:today"),
        reverse("training:roster", args=[session.pk]),
        reverse("training:session_checks", args=[session.pk]),
        reverse("training:skill_check", args=[world.huong.pk, "vneid"]),
    ]
    not_kept = [
        reverse("training:today_needs"),
        reverse("training:mark", args=[session.pk]),
        reverse("training:checkin", args=[session.pk]),
        reverse("training:help_queue"),
        reverse("training:class_list"),
        reverse("training:service_worker"),
    ]
    patterns = kept_pages()
    assert [path for path in kept if not any(p.match(path) for p in patterns)] == []
    assert [path for path in not_kept if any(p.match(path) for p in patterns)] == []


@pytest.mark.parametrize("page", ["today", "roster", "session_checks", "skill_check"])
def test_each_field_screen_loads_the_offline_script_with_its_words(client, world, session, page):
    client.force_login(world.user("mentor"))
    args = {"today": [], "skill_check": [world.huong.pk, "vneid"]}.get(page, [session.pk])
    html = client.get(reverse(f"training:{page}", args=args)).content.decode()
    assert SCRIPT in html
    assert 'data-saved="Saved on this phone — will be sent"' in html
    assert 'data-waiting="Records waiting to be sent: {n}"' in html


def test_other_training_pages_do_not_load_the_offline_script(client, world, session):
    client.force_login(world.user("mentor"))
    assert SCRIPT not in client.get(reverse("training:help_queue")).content.decode()
    assert SCRIPT not in client.get(reverse("training:checkin", args=[session.pk])).content.decode()
