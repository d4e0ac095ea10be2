"""The shared test world: real administrative units, two communes with villages and residents,
and a named cast of users, one per role, so that every test reads like a scene.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from langso.accounts.models import Role, User
from langso.accounts.services import assign_role, create_user
from langso.common.browser import CHROMIUM_ARGS, CHROMIUM_PATH
from langso.people.models import Person
from langso.people.tests.factories import PersonFactory
from langso.places.models import Unit
from langso.places.services import create_village

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

PASSWORD = "lang-so-test-2025"
QUANG_NINH = "22"
HAI_LANG = "06886"  # Xã Hải Lạng
HOANH_MO = "06841"  # Xã Hoành Mô, a border commune


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Every test database starts with Vietnam's real 34 provinces and 3,321 communes."""
    with django_db_blocker.unblock():
        call_command("load_units", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _test_settings(settings):  # type: ignore[no-untyped-def]
    """Tests do not run collectstatic, so they use storage without a manifest; and they hash
    passwords with a fast hasher (Argon2 is deliberately slow; test_security checks it is the default)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    province: Unit
    hai_lang: Unit
    hoanh_mo: Unit
    thong_nhat: Unit  # a village of Hải Lạng
    hai_lang_2: Unit  # another village of Hải Lạng
    na_lang: Unit  # a village of Hoành Mô
    huong: Person  # lives in Thống Nhất, Hải Lạng
    lan: Person  # lives in Hải Lạng's second village
    pao: Person  # lives in Nà Làng, Hoành Mô
    users: dict[str, User]

    def user(self, name: str) -> User:
        return self.users[name]


def make_user(username: str, role: str | None = None, unit: Unit | None = None, **extra: object) -> User:
    user = create_user(
        username=username, password=PASSWORD, full_name=extra.pop("full_name", username), **extra
    )  # type: ignore[arg-type]
    if role and unit:
        assign_role(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def world(db) -> World:  # type: ignore[no-untyped-def]
    return build_world()


def build_world() -> World:
    """Two communes of Quảng Ninh with villages, three residents and one user per role."""
    province = Unit.objects.get(code=QUANG_NINH)
    hai_lang = Unit.objects.get(code=HAI_LANG)
    hoanh_mo = Unit.objects.get(code=HOANH_MO)
    thong_nhat = create_village(commune=hai_lang, name="Thôn Thống Nhất")
    hai_lang_2 = create_village(commune=hai_lang, name="Thôn Đồng Cậy")
    na_lang = create_village(commune=hoanh_mo, name="Bản Nà Làng", division_type="bản")
    huong = PersonFactory(full_name="Nguyễn Thị Hương", village=thong_nhat, birth_year=1952)
    lan = PersonFactory(full_name="Trần Thị Lan", village=hai_lang_2)
    pao = PersonFactory(full_name="Hoàng Văn Páo", village=na_lang)
    users = {
        "national": make_user("national", Role.NATIONAL_ADMIN, province.parent),
        "province": make_user("province", Role.PROVINCE_OFFICER, province),
        "commune": make_user("commune", Role.COMMUNE_OFFICER, hai_lang),
        "other_commune": make_user("other_commune", Role.COMMUNE_OFFICER, hoanh_mo),
        "village_head": make_user("village_head", Role.VILLAGE_HEAD, thong_nhat, phone="0912345678"),
        "union_cadre": make_user("union_cadre", Role.UNION_CADRE, hai_lang),
        "trainer": make_user("trainer", Role.TRAINER, hai_lang),
        "mentor": make_user("mentor", Role.MENTOR, thong_nhat),
        "clerk": make_user("clerk", Role.CLERK, province),
        "cooperative_manager": make_user("cooperative_manager", Role.COOPERATIVE_MANAGER, hai_lang),
        "learner": make_user("learner", Role.LEARNER, thong_nhat),
        "nobody": make_user("nobody"),
    }
    return World(province, hai_lang, hoanh_mo, thong_nhat, hai_lang_2, na_lang, huong, lan, pao, users)


def read_the_english_interface(request: pytest.FixtureRequest) -> Iterator[None]:
    """For an app's tests/conftest.py to make autouse: its page tests read the English interface, so
    that their assertions on words stay true when translations change (Vietnamese pages are exercised
    by the browser tests and the translation checks of core)."""
    if "client" in request.fixturenames:
        request.getfixturevalue("client").cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # type: ignore[no-untyped-def]
    """Playwright drives Debian's Chromium: its own browser download cannot work here."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM_PATH, "args": CHROMIUM_ARGS}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `serial` run last: they commit from several threads and flush the database after
    them, which leaves the next transactional test without the ethnic groups the migrations load."""
    items.sort(key=lambda item: item.get_closest_marker("serial") is not None)
