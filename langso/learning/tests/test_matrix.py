"""The progress matrix of a unit: its cells, filters, scope, query count and export."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from langso.accounts.models import AuditEvent
from langso.learning.models import Attempt, Mastery, MasterySource, Skill
from langso.learning.selectors.matrix import (
    Cell,
    ProgressFilters,
    people_for_progress,
    progress_matrix,
)
from langso.people.models import Ethnicity, Gender, Person
from langso.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 1)


def matrix_url(unit) -> str:
    return f"/learn/progress/{unit.code}/"


def export_url(unit) -> str:
    return f"/learn/progress/{unit.code}/export.xlsx"


def make_skill(code: str, order: int, title: str) -> Skill:
    return Skill.objects.create(
        code=code, order=order, title={"vi": title, "en": title, "id": title}, summary={"vi": title}
    )


def take_practice(person: Person, skill: Skill, number: int, *, passed: bool = False) -> Attempt:
    return Attempt.objects.create(
        person=person,
        skill=skill,
        number=number,
        correct=5 if passed else 2,
        total=5,
        passed=passed,
        taken_at=timezone.now(),
        village_id=person.village_id,
        commune_id=person.commune_id,
        province_id=person.province_id,
    )


def master(person: Person, skill: Skill, source: str, attempt: Attempt | None = None) -> Mastery:
    return Mastery.objects.create(
        person=person,
        skill=skill,
        source=source,
        attempt=attempt,
        mastered_at=timezone.now(),
        village_id=person.village_id,
        commune_id=person.commune_id,
        province_id=person.province_id,
    )


@pytest.fixture
def skills() -> list[Skill]:
    return [
        make_skill("dien-thoai", 1, "Dùng điện thoại"),
        make_skill("goi-video", 2, "Gọi video"),
        make_skill("lua-dao", 3, "Nhận biết lừa đảo"),
    ]


@pytest.fixture
def progress(world, skills):
    """Hương passed the first skill at her 2nd practice set and is on her 3rd set of the second;
    Lan showed a mentor the first skill without practising; nobody has started the third."""
    phone, video, _scams = skills
    take_practice(world.huong, phone, 1)
    master(world.huong, phone, MasterySource.PRACTICE, take_practice(world.huong, phone, 2, passed=True))
    for number in (1, 2, 3):
        take_practice(world.huong, video, number)
    master(world.lan, phone, MasterySource.MENTOR)
    take_practice(world.pao, phone, 1)  # Hoành Mô: never on Hải Lạng's matrix


@pytest.fixture
def officer(client, world):
    client.force_login(world.user("commune"))
    client.cookies["langso_language"] = "en"
    return client


def labels_by_name(rows) -> dict[str, list[str]]:
    return {row.person.full_name: [cell.label for cell in row.cells] for row in rows}


def test_matrix_shows_not_started_attempts_and_how_each_skill_was_mastered(officer, world, progress):
    response = officer.get(matrix_url(world.hai_lang))
    assert response.status_code == 200
    assert labels_by_name(response.context["rows"]) == {
        "Nguyễn Thị Hương": ["✓ practice", "3 attempts", "—"],
        "Trần Thị Lan": ["✓ hands-on check", "—", "—"],
    }
    body = response.content.decode()
    assert "✓ practice" in body and "3 attempts" in body and "✓ hands-on check" in body
    assert 'class="cell cell-mastered"' in body and 'class="cell cell-tried"' in body


def test_matrix_counts_who_mastered_each_skill_at_the_top(officer, world, progress):
    columns = officer.get(matrix_url(world.hai_lang)).context["columns"]
    assert [(column.title, column.mastered) for column in columns] == [
        ("Dùng điện thoại", 2),
        ("Gọi video", 0),
        ("Nhận biết lừa đảo", 0),
    ]


def test_a_cell_says_its_status_by_text_as_well_as_by_colour():
    assert Cell().status == "not_started" and Cell().label == "—"
    assert Cell(attempts=1).status == "tried"
    assert Cell(attempts=1, mastered_by=MasterySource.PRACTICE).status == "mastered"


def test_matrix_never_shows_people_outside_the_users_subtree(world, progress):
    people = people_for_progress(world.user("commune"), world.province, ProgressFilters())
    assert set(people) == {world.huong, world.lan}
    people = people_for_progress(world.user("village_head"), world.thong_nhat, ProgressFilters())
    assert list(people) == [world.huong]


@pytest.fixture
def more_residents(world):
    minh = PersonFactory(
        full_name="Lục Văn Minh",
        village=world.thong_nhat,
        gender=Gender.MALE,
        birth_year=1990,
        ethnicity=Ethnicity.objects.get(name="Tày"),
    )
    old = PersonFactory(full_name="Đỗ Thị Tám", village=world.hai_lang_2, birth_year=1945)
    return minh, old


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"village": "thong_nhat"}, {"Nguyễn Thị Hương", "Lục Văn Minh"}),
        ({"gender": Gender.MALE}, {"Lục Văn Minh"}),
        ({"ethnicity": "Tày"}, {"Lục Văn Minh"}),
        ({"age_band": "16-39"}, {"Lục Văn Minh"}),
        ({"age_band": "40-59"}, set()),
        ({"age_band": "60-74"}, {"Nguyễn Thị Hương", "Trần Thị Lan"}),
        ({"age_band": "75+"}, {"Đỗ Thị Tám"}),
        ({"village": "hai_lang_2", "age_band": "75+"}, {"Đỗ Thị Tám"}),
    ],
)
def test_filters_narrow_the_rows(world, more_residents, filters, expected):
    if "village" in filters:
        filters["village"] = getattr(world, filters["village"])
    if "ethnicity" in filters:
        filters["ethnicity"] = Ethnicity.objects.get(name=filters["ethnicity"])
    people = people_for_progress(
        world.user("commune"), world.hai_lang, ProgressFilters(**filters), today=TODAY
    )
    assert {person.full_name for person in people} == expected


def test_filters_apply_through_htmx_and_return_only_the_matrix(officer, world, more_residents):
    response = officer.get(
        matrix_url(world.hai_lang),
        {"village": world.thong_nhat.pk, "gender": "male", "ethnicity": "", "age_band": ""},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="matrix"') and "<html" not in body
    assert "Lục Văn Minh" in body and "Nguyễn Thị Hương" not in body


def test_filters_work_without_javascript_and_keep_the_choice(officer, world, more_residents):
    response = officer.get(matrix_url(world.hai_lang), {"gender": "male"})
    body = response.content.decode()
    assert "<html" in body and '<option value="male" selected>' in body
    assert "Lục Văn Minh" in body and "Nguyễn Thị Hương" not in body
    assert f"{export_url(world.hai_lang)}?gender=male" in body


def test_a_villages_matrix_offers_no_village_filter(client, world):
    client.force_login(world.user("village_head"))
    response = client.get(matrix_url(world.thong_nhat))
    assert response.status_code == 200 and "village" not in response.context["form"].fields


def test_the_matrix_pages_by_fifty_people(officer, world):
    PersonFactory.create_batch(55, village=world.thong_nhat)
    first = officer.get(matrix_url(world.hai_lang)).context
    second = officer.get(matrix_url(world.hai_lang), {"page": 2}).context
    assert (len(first["rows"]), len(second["rows"])) == (50, 7)
    assert first["page"].paginator.count == 57


def test_page_rows_are_read_in_two_queries(world, skills, progress, django_assert_num_queries):
    people = list(people_for_progress(world.user("commune"), world.hai_lang, ProgressFilters()))
    with django_assert_num_queries(2):
        rows = progress_matrix(people, skills)
    assert [row.person for row in rows] == people


def _queries_for_a_page(client, world) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(matrix_url(world.hai_lang))
    assert response.status_code == 200
    return len(queries)


def test_the_query_count_of_a_page_does_not_grow_with_people(
    officer, world, skills, progress, django_assert_max_num_queries
):
    def add_learners(count: int) -> None:
        for person in PersonFactory.create_batch(count, village=world.hai_lang_2):
            for skill in skills:
                take_practice(person, skill, 1)
            master(person, skills[0], MasterySource.MENTOR)

    add_learners(10)
    with django_assert_max_num_queries(14):
        few = _queries_for_a_page(officer, world)
    add_learners(90)
    many = _queries_for_a_page(officer, world)
    assert many == few


def test_export_has_the_cells_of_the_matrix_and_is_audit_logged(officer, world, progress):
    rows = officer.get(matrix_url(world.hai_lang)).context["rows"]
    response = officer.get(export_url(world.hai_lang))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    header, *lines = workbook.active.iter_rows(values_only=True)
    assert header == (
        "Full name",
        "Village",
        "Gender",
        "Birth year",
        "Ethnic group",
        "Dùng điện thoại",
        "Gọi video",
        "Nhận biết lừa đảo",
    )
    assert {line[0]: list(line[5:]) for line in lines} == labels_by_name(rows)
    assert lines[0][1:5] == ("Thôn Thống Nhất", "Female", 1952, "Kinh")
    event = AuditEvent.objects.get(action="progress.export")
    assert (event.actor, event.scope, event.detail["rows"]) == (
        world.user("commune"),
        world.hai_lang.path,
        2,
    )


def test_export_keeps_the_filters_and_logs_them(officer, world, progress, more_residents):
    response = officer.get(export_url(world.hai_lang), {"gender": "male"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    names = [line[0] for line in list(workbook.active.iter_rows(values_only=True))[1:]]
    assert names == ["Lục Văn Minh"]
    event = AuditEvent.objects.get(action="progress.export")
    assert event.detail["filters"] == {"village": "", "gender": "male", "ethnicity": "", "age_band": ""}


@pytest.mark.parametrize(
    ("who", "unit"),
    [
        ("province", "hai_lang"),
        ("commune", "hai_lang"),
        ("union_cadre", "hai_lang"),
        ("trainer", "hai_lang"),
        ("village_head", "thong_nhat"),
        ("mentor", "thong_nhat"),
    ],
)
def test_each_role_that_follows_progress_sees_its_own_units_matrix(client, world, who, unit):
    client.force_login(world.user(who))
    assert client.get(matrix_url(getattr(world, unit))).status_code == 200


def test_commune_officer_of_another_commune_gets_404_for_the_matrix_and_the_export(client, world, progress):
    client.force_login(world.user("other_commune"))
    assert client.get(matrix_url(world.hai_lang)).status_code == 404
    assert client.get(export_url(world.hai_lang)).status_code == 404
    assert not AuditEvent.objects.filter(action="progress.export").exists()


def test_mentor_of_a_village_cannot_open_the_communes_or_a_sibling_villages_matrix(client, world):
    client.force_login(world.user("mentor"))
    assert client.get(matrix_url(world.hai_lang)).status_code == 404
    assert client.get(matrix_url(world.hai_lang_2)).status_code == 404


@pytest.mark.parametrize("who", ["learner", "clerk", "cooperative_manager", "nobody"])
def test_roles_without_progress_rights_get_404(client, world, who):
    client.force_login(world.user(who))
    assert client.get(matrix_url(world.thong_nhat)).status_code == 404
    assert client.get(export_url(world.thong_nhat)).status_code == 404
