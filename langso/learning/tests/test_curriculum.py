"""The real curriculum: complete in every language, loaded idempotently; broken files are refused."""

import shutil

import pytest
import yaml

from langso.learning.content import CONTENT_LANGUAGES
from langso.learning.models import CertificateSet, Lesson, Question, Skill, Step
from langso.learning.services.curriculum import (
    CURRICULUM_DIR,
    CurriculumError,
    load_curriculum,
    read_curriculum,
)

pytestmark = pytest.mark.django_db


def test_the_curriculum_has_at_least_twelve_complete_skills():
    skills, sets = read_curriculum()
    assert len(skills) >= 12
    for skill in skills:
        lessons = skill.structure["lessons"]
        assert 3 <= len(lessons) <= 8, skill.code
        assert len(skill.structure["questions"]) >= 6, skill.code
        assert set(skill.texts) == set(CONTENT_LANGUAGES)
    assert {s["code"] for s in sets} >= {"basic-digital-citizen"}


def test_basic_digital_citizen_is_the_five_skills_of_the_movement():
    _skills, sets = read_curriculum()
    basic = next(s for s in sets if s["code"] == "basic-digital-citizen")
    assert basic["title"]["vi"] == "Công dân số cơ bản"
    assert set(basic["skills"]) == {"smartphone-basics", "vneid", "cashless-payment", "zalo", "scams"}


def test_loading_twice_gives_the_same_rows():
    load_curriculum()

    def counts() -> tuple[int, ...]:
        return tuple(model.objects.count() for model in (Skill, Lesson, Step, Question))

    first = counts()
    report = load_curriculum()
    assert counts() == first == (report.skills, report.lessons, report.steps, report.questions)
    assert CertificateSet.objects.get(code="basic-digital-citizen").skills.count() == 5


def test_every_text_exists_in_every_language_after_loading():
    load_curriculum()
    for step in Step.objects.all():
        assert all(step.text[language].strip() for language in CONTENT_LANGUAGES), step
    for question in Question.objects.all():
        assert all(question.prompt[language].strip() for language in CONTENT_LANGUAGES), question


@pytest.fixture
def curriculum_copy(tmp_path):
    copy = tmp_path / "curriculum"
    shutil.copytree(CURRICULUM_DIR, copy)
    return copy


def test_a_missing_translation_fails_the_whole_load(curriculum_copy):
    folder = sorted(p for p in curriculum_copy.iterdir() if p.is_dir())[0]
    texts = yaml.safe_load((folder / "id.yaml").read_text(encoding="utf-8"))
    first_lesson = next(iter(texts["lessons"]))
    texts["lessons"][first_lesson]["steps"][0] = ""
    (folder / "id.yaml").write_text(yaml.safe_dump(texts, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CurriculumError) as error:
        load_curriculum(curriculum_copy)
    assert any(f"{folder.name}/id.yaml: lesson {first_lesson}" in problem for problem in error.value.problems)
    assert Skill.objects.count() == 0


def test_a_question_naming_an_unknown_lesson_is_refused(curriculum_copy):
    folder = sorted(p for p in curriculum_copy.iterdir() if p.is_dir())[0]
    structure = yaml.safe_load((folder / "skill.yaml").read_text(encoding="utf-8"))
    structure["questions"][0]["lesson"] = "no-such-lesson"
    (folder / "skill.yaml").write_text(yaml.safe_dump(structure, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CurriculumError):
        read_curriculum(curriculum_copy)


def test_a_national_admin_can_open_every_curriculum_page_of_the_admin(client, world):
    load_curriculum()
    admin = world.user("national")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    skill = Skill.objects.first()
    lesson = skill.lessons.first()
    for url in [
        "/admin/learning/skill/",
        f"/admin/learning/skill/{skill.pk}/change/",
        f"/admin/learning/lesson/{lesson.pk}/change/",
        "/admin/learning/question/",
        "/admin/learning/attempt/",
        "/admin/learning/narration/",
    ]:
        assert client.get(url).status_code == 200, url
