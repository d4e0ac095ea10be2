"""Scope is security: every URL of the site, as every role, never shows or reaches anything
outside the role's subtree; anonymous visitors reach only the public pages.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from langso.people import services
from langso.people.models import ImportBatch

pytestmark = pytest.mark.django_db

PUBLIC_URL_NAMES = {"accounts:login", "set_language", "core:health"}
#: the Hải Lạng side of the world; Hoành Mô (Bản Nà Làng, Hoàng Văn Páo) is outside all of them
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


def site_patterns(resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""):
    """(route, name) of every URL pattern of the site outside the Django admin."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith("admin/"):
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from site_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, f"{namespace}{pattern.name}"


def outside_urls(world, batch: ImportBatch) -> list[tuple[str, str]]:
    """Every URL of the site, aimed at the objects of Hoành Mô."""
    values = {"code": world.na_lang.code, "person_id": world.pao.pk, "batch_id": batch.pk}
    urls = []
    for route, name in site_patterns():
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)
        urls.append((name, path))
        urls.append((name, f"{path}?unit={world.hoanh_mo.code}"))
        if "<code>" in route or "code>" in route:
            commune_path = "/" + re.sub(
                r"<(?:\w+:)?(\w+)>", lambda m: str({**values, "code": world.hoanh_mo.code}[m.group(1)]), route
            )
            urls.append((name, commune_path))
    return urls


@pytest.fixture
def outside_batch(world):
    content = f"Họ và tên;Giới tính;Năm sinh;Dân tộc;Mã thôn\nBàn Thị Ngân;Nữ;1950;Dao;{world.na_lang.code}\n"
    return services.preview_import(
        actor=world.user("other_commune"),
        scope_unit=world.hoanh_mo,
        file_name="hoanh-mo.csv",
        content=content.encode(),
    )


def assert_nothing_outside(response, who: str, url: str) -> None:
    assert response.status_code in (200, 302, 400, 403, 404, 405), (who, url, response.status_code)
    if response.status_code == 200 and response.get("Content-Type", "").startswith("text/"):
        body = response.content.decode()
        for marker in OUTSIDE_MARKERS:
            assert marker not in body, f"{who} sees {marker} at {url}"
    assert not response.get("Content-Type", "").startswith("application/vnd.openxml"), (who, url)


@pytest.mark.parametrize("who", HAI_LANG_SIDE)
def test_no_role_reaches_anything_outside_its_subtree(client, world, outside_batch, who):
    client.force_login(world.user(who))
    for name, url in outside_urls(world, outside_batch):
        if name in ("accounts:logout", "set_language"):
            continue
        assert_nothing_outside(client.get(url), who, url)
        assert_nothing_outside(client.post(url, {"name": "Thôn Lạ", "division_type": "thôn"}), who, url)
    assert not ImportBatch.objects.exclude(status="previewed").exists()
    assert not world.hoanh_mo.children.exclude(pk=world.na_lang.pk).exists()


def test_the_crawl_can_see_a_leak_the_province_officer_is_allowed(client, world, outside_batch):
    """The same crawl as a province officer does find Hoành Mô: the markers and URLs are right."""
    client.force_login(world.user("province"))
    found = set()
    for _name, url in outside_urls(world, outside_batch):
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            found.update(m for m in OUTSIDE_MARKERS if m in response.content.decode(errors="ignore"))
    assert found == set(OUTSIDE_MARKERS)


def test_anonymous_visitors_reach_only_public_pages(client, world, outside_batch):
    for name, url in outside_urls(world, outside_batch):
        response = client.get(url)
        if name in PUBLIC_URL_NAMES:
            assert response.status_code in (200, 302, 405), url
            assert not response.get("Location", "").startswith("/accounts/login/"), url
        else:
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_the_admin_is_for_national_admins_only(client, world):
    client.force_login(world.user("commune"))
    assert client.get("/admin/").status_code == 302
    admin = world.user("national")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    assert client.get("/admin/people/person/").status_code == 200
