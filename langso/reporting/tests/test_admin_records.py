"""The Django admin cannot make the roll-ups lie: a resident added or corrected there is re-counted as
the forms' services would, a resident is never deleted there, and the records the roll-ups count
(and the village reports, whose workflow locks an approved period) are shown but never edited."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from langso.conftest import World
from langso.learning.tests.factories import make_skill
from langso.people.models import Ethnicity, MilestoneKind, Person
from langso.places.models import Unit
from langso.reporting.models import ReportForm, ReportStatus
from langso.reporting.services.catalog import load_indicators
from langso.reporting.services.reports import approve_report
from langso.reporting.tests.test_reports import GOOD, submitted
from langso.reporting.tests.test_rollups import assert_incremental_equals_rebuild
from langso.rollups.models import Tally
from langso.training.services.checks import record_skill_check

pytestmark = pytest.mark.django_db

#: the admin pages of every record the roll-ups count or a workflow guards
SHOWN_ONLY = [
    "learning/attempt",
    "learning/mastery",
    "learning/certificate",
    "training/attendance",
    "training/skillcheck",
    "training/helprequest",
    "training/conferenceregistration",
    "training/traininglink",
    "reporting/villagereport",
]


@pytest.fixture
def admin_client(client: Client, world: World) -> Client:
    admin = world.user("national")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    return client


def person_form(person: Person, **changes: object) -> dict[str, object]:
    """The admin's change form for `person` as the page would send it, with `changes` typed in."""
    fields = {
        "full_name": person.full_name,
        "gender": person.gender,
        "birth_year": person.birth_year,
        "ethnicity": person.ethnicity_id,
        "village": person.village_id,
        "phone": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    return {**fields, **changes}


def test_moving_and_correcting_a_resident_in_the_admin_recounts_them(admin_client, world):
    huong = world.huong
    record_skill_check(  # her first skill: she counts among the residents reached
        actor=world.user("province"),
        person=huong,
        skill=make_skill("vneid", order=1),
        outcome="alone",
        note="",
        client_uuid=uuid.uuid4(),
    )
    assert huong.milestones.filter(kind=MilestoneKind.MASTERED).exists()
    minority = Ethnicity.objects.filter(is_majority=False).order_by("code").first()

    response = admin_client.post(
        f"/admin/people/person/{huong.pk}/change/",
        person_form(huong, village=world.na_lang.pk, gender="male", birth_year=2001, ethnicity=minority.pk),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    huong.refresh_from_db()
    assert (huong.village, huong.commune, huong.province) == (world.na_lang, world.hoanh_mo, world.province)
    assert_incremental_equals_rebuild()


def test_a_resident_added_in_the_admin_is_counted_where_they_live(admin_client, world):
    before = born_in(world.na_lang)

    response = admin_client.post(
        "/admin/people/person/add/",
        person_form(world.pao, full_name="Lý Thị  Mỷ", birth_year=1990),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    added = Person.objects.get(full_name="Lý Thị Mỷ")
    assert (added.commune, added.province) == (world.hoanh_mo, world.province)
    assert born_in(world.na_lang) == before + 1
    assert_incremental_equals_rebuild()


def born_in(village: Unit) -> int:
    tallies = Tally.objects.filter(metric="residents-born", unit=village)
    return sum(tallies.values_list("amount", flat=True))


def test_a_resident_cannot_be_deleted_in_the_admin(admin_client, world):
    response = admin_client.post(f"/admin/people/person/{world.lan.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert Person.objects.filter(pk=world.lan.pk).exists()


@pytest.mark.parametrize("records", SHOWN_ONLY)
def test_counted_records_are_listed_but_cannot_be_added_in_the_admin(admin_client, records):
    assert admin_client.get(f"/admin/{records}/").status_code == 200
    assert admin_client.get(f"/admin/{records}/add/").status_code == 403


def test_an_approved_report_cannot_be_changed_or_deleted_in_the_admin(admin_client, world):
    load_indicators()
    form = ReportForm.objects.get(code="front-digital-monthly")
    report = approve_report(actor=world.user("commune"), report=submitted(world, form))
    url = f"/admin/reporting/villagereport/{report.pk}/"

    page = admin_client.get(f"{url}change/")
    changed = admin_client.post(f"{url}change/", {"status": ReportStatus.DRAFT, "households": "999"})
    deleted = admin_client.post(f"{url}delete/", {"post": "yes"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert (changed.status_code, deleted.status_code) == (403, 403)
    report.refresh_from_db()
    assert (report.status, report.households) == (ReportStatus.APPROVED, GOOD.households)


def test_a_unit_keeps_its_place_in_the_tree_when_corrected_in_the_admin(admin_client, world):
    village = world.thong_nhat
    url = f"/admin/places/unit/{village.pk}/change/"

    response = admin_client.post(
        url,
        {"name": "Thôn Thống Nhất Mới", "division_type": "thôn", "parent": world.hoanh_mo.pk, "code": "X1"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    village.refresh_from_db()
    assert (village.name, village.parent, village.path.startswith(world.hai_lang.path)) == (
        "Thôn Thống Nhất Mới",
        world.hai_lang,
        True,
    )
    assert admin_client.get("/admin/places/unit/add/").status_code == 403
