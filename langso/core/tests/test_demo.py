"""The demo province: real communes of Quảng Ninh, invented residents, one account per role;
deterministic for a seed and idempotent.
"""

from __future__ import annotations

import unicodedata
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F
from django.test import RequestFactory

from langso.accounts.models import Role, RoleAssignment, User
from langso.accounts.services import create_user
from langso.common.text import normalize_text
from langso.core import demo
from langso.people.models import Membership, OrganizationKind, Person
from langso.places.models import Unit, UnitKind
from langso.places.services import create_village

pytestmark = pytest.mark.django_db

RESIDENTS = 600
SEED = 2025
PASSWORD = "demo-test-password"
DEMO_COMMUNE_CODES = {profile.code for profile in demo.COMMUNES}


def load(residents: int = RESIDENTS, seed: int = SEED) -> demo.DemoReport:
    return demo.load_demo(residents=residents, seed=seed, password=PASSWORD)


def resident_facts() -> list[tuple[str, str, int, str, str, str]]:
    rows = Person.objects.values_list(
        "full_name", "gender", "birth_year", "ethnicity__name", "village__name", "phone"
    )
    return sorted(rows)


def test_demo_adds_villages_and_residents_only_under_the_chosen_communes():
    report = load()

    villages = Unit.objects.filter(kind=UnitKind.VILLAGE)
    assert report.villages_created == villages.count() == sum(len(p.villages) for p in demo.COMMUNES)
    assert set(villages.values_list("parent__code", flat=True)) == DEMO_COMMUNE_CODES
    for code in DEMO_COMMUNE_CODES:
        assert 8 <= villages.filter(parent__code=code).count() <= 15
    thong_nhat = villages.get(parent__code="06886", name="Thôn Thống Nhất")
    assert thong_nhat.code == "06886-001" and thong_nhat.division_type == "thôn"
    assert villages.get(name="Tổ dân phố 3").division_type == "tổ dân phố"
    assert villages.get(name="Bản Nà Làng").parent.code == "06841"
    assert report.residents_created == Person.objects.count() == RESIDENTS
    assert not Person.objects.exclude(commune__code__in=DEMO_COMMUNE_CODES).exists()
    assert not Person.objects.exclude(province__code=demo.PROVINCE_CODE).exists()
    assert all(p.village.parent_id == p.commune_id for p in Person.objects.select_related("village"))


def test_a_second_run_creates_nothing():
    first = load()

    second = load()

    assert (
        second.villages_created,
        second.residents_created,
        second.memberships_created,
        second.accounts_created,
    ) == (0, 0, 0, 0)
    assert second.villages_existing == first.villages_created
    assert second.residents_existing == first.residents_created == Person.objects.count()
    assert Membership.objects.count() == first.memberships_created
    assert User.objects.count() == len(demo.ACCOUNTS)


def test_the_same_seed_gives_the_same_residents():
    load()
    first = resident_facts()
    Person.objects.all().delete()

    load()

    assert resident_facts() == first


def test_another_seed_gives_other_residents():
    load()
    first = resident_facts()
    Person.objects.all().delete()

    load(seed=SEED + 1)

    assert resident_facts() != first


def test_a_larger_run_adds_only_the_missing_residents():
    load(residents=300)
    first = resident_facts()

    report = load(residents=RESIDENTS)

    assert report.residents_created == RESIDENTS - 300 and report.residents_existing == 300
    assert set(first) <= set(resident_facts())


def test_a_resident_who_moved_to_another_commune_is_not_added_again():
    load()
    na_lang = Unit.objects.get(parent__code="06841", name="Bản Nà Làng")
    Person.objects.filter(pk=Person.objects.filter(commune__code="06886").first().pk).update(
        village=na_lang, commune=na_lang.parent
    )

    report = load()

    assert report.residents_created == 0 and Person.objects.count() == RESIDENTS


def test_villages_already_there_are_kept_and_reused():
    hai_lang = Unit.objects.get(code="06886")
    thong_nhat = create_village(commune=hai_lang, name="Thôn Thống Nhất")

    report = load()

    assert report.villages_existing == 1
    assert hai_lang.children.filter(name="Thôn Thống Nhất").get() == thong_nhat
    assert Person.objects.filter(village=thong_nhat).exists()


def test_border_commune_hoanh_mo_is_mostly_ethnic_minority():
    load()

    residents = Person.objects.filter(commune__code="06841")
    minority = residents.filter(ethnicity__is_majority=False).count()

    assert minority / residents.count() > 0.8
    assert {"Tày", "Dao", "Sán Chay"} <= set(residents.values_list("ethnicity__name", flat=True))


def test_urban_ward_ha_long_is_mostly_kinh():
    load()

    residents = Person.objects.filter(commune__code="06688")

    assert residents.filter(ethnicity__name="Kinh").count() / residents.count() > 0.85


def test_names_are_vietnamese_with_diacritics_in_nfc():
    load()

    names = list(Person.objects.values_list("full_name", "search_name"))

    assert all(unicodedata.is_normalized("NFC", name) for name, _search in names)
    assert all(search == normalize_text(name) for name, search in names)
    assert all(len(name.split()) == 3 for name, _search in names)
    with_diacritics = [name for name, _search in names if not name.isascii()]
    assert len(with_diacritics) / len(names) > 0.9


def test_residents_look_like_the_classes_public():
    load()
    people = Person.objects.all()
    count = people.count()

    female = people.filter(gender="female").count() / count
    elderly = people.filter(birth_year__lte=1965).count() / count

    assert 0.45 < female < 0.6
    assert elderly > 0.5
    assert (
        people.filter(
            birth_year__gte=demo.REFERENCE_YEAR - 95, birth_year__lte=demo.REFERENCE_YEAR - 16
        ).count()
        == count
    )
    assert not people.filter(gender="female", full_name__contains=" Văn ").exists()
    assert not people.filter(gender="male", full_name__contains=" Thị ").exists()


def test_phones_are_kept_only_with_consent_in_e164():
    load()

    with_phone = Person.objects.exclude(phone="")

    assert 0.2 < with_phone.count() / Person.objects.count() < 0.4
    assert not with_phone.filter(phone_consent_at__isnull=True).exists()
    phones = with_phone.values_list("phone", flat=True)
    assert all(phone.startswith("+849") and len(phone) == 12 for phone in phones)


def test_residents_are_valid_records():
    load()

    for person in Person.objects.order_by("id")[:: RESIDENTS // 20]:
        person.full_clean()


def test_members_belong_to_their_communes_chapters_by_age_and_gender():
    load()

    women = Membership.objects.filter(organization__kind=OrganizationKind.WOMEN)
    youth = Membership.objects.filter(organization__kind=OrganizationKind.YOUTH)
    elderly = Membership.objects.filter(organization__kind=OrganizationKind.ELDERLY)

    assert women.exists() and not women.exclude(person__gender="female").exists()
    assert youth.exists() and not youth.filter(person__birth_year__lt=demo.REFERENCE_YEAR - 35).exists()
    assert elderly.exists() and not elderly.filter(person__birth_year__gt=demo.REFERENCE_YEAR - 60).exists()
    assert not Membership.objects.exclude(organization__unit=F("person__commune")).exists()


def test_every_role_has_a_demo_account_that_can_sign_in():
    load()
    request = RequestFactory().post("/accounts/login/")

    for account in demo.ACCOUNTS:
        user = authenticate(request, username=account.username, password=PASSWORD)
        assert user is not None and user.username == account.username
    usernames = [account.username for account in demo.ACCOUNTS]
    roles = RoleAssignment.objects.filter(user__username__in=usernames).values_list("role", flat=True)
    assert set(roles) == set(Role)


def test_the_learner_can_sign_in_with_their_phone():
    load()

    user = authenticate(RequestFactory().post("/accounts/login/"), username="0987 654 321", password=PASSWORD)

    assert user is not None and user.username == "hocvien"


def test_the_national_admin_can_use_the_django_admin():
    load()

    admin = User.objects.get(username="admin")

    assert admin.is_staff and admin.is_superuser
    assert admin.assignments.get().unit.code == "VN"


def test_demo_accounts_sit_where_the_news_report_puts_them():
    load()

    village_head = RoleAssignment.objects.get(user__username="truongthon")
    union_cadre = RoleAssignment.objects.get(user__username="hoiphunu")

    assert village_head.user.full_name == "Phạm Hồng Phong"
    assert (village_head.role, village_head.unit.name, village_head.unit.parent.code) == (
        Role.VILLAGE_HEAD,
        "Thôn Thống Nhất",
        "06886",
    )
    assert union_cadre.organization.kind == OrganizationKind.WOMEN
    assert union_cadre.organization.unit.code == "06886"


def test_an_existing_user_keeps_their_password_and_gets_their_role_back():
    create_user(username="tinh", password="their-own-password", full_name="Vũ Thanh Mai")

    report = load()

    line = next(line for line in report.accounts if line.account.username == "tinh")
    assert not line.is_new and not line.has_demo_password
    assert User.objects.get(username="tinh").check_password("their-own-password")
    assert RoleAssignment.objects.filter(
        user__username="tinh", role=Role.PROVINCE_OFFICER, unit__code=demo.PROVINCE_CODE
    ).exists()


def test_command_prints_the_summary_and_the_accounts_then_adds_nothing_the_second_time():
    first, second = StringIO(), StringIO()

    call_command("load_demo", residents=300, stdout=first)
    call_command("load_demo", residents=300, stdout=second)

    assert "residents 300 created, 0 already there" in first.getvalue()
    assert "residents 0 created, 300 already there" in second.getvalue()
    assert "accounts 0 created" in second.getvalue()
    for account in demo.ACCOUNTS:
        assert account.username in second.getvalue()


def test_command_fails_clearly_when_the_units_are_not_loaded():
    Unit.objects.filter(code="06841").update(code="moved-06841")

    with pytest.raises(CommandError, match="load_units"):
        call_command("load_demo", residents=10, stdout=StringIO())
