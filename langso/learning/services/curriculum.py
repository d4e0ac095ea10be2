"""Loading the curriculum from its content files (see curriculum/README.md), checked first:
every skill complete in every language, every reference resolved. Loading is idempotent."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.contrib.staticfiles import finders
from django.db import transaction

from langso.common.text import nfc
from langso.learning.content import CONTENT_LANGUAGES
from langso.learning.models import CertificateSet, Lesson, Question, QuestionKind, Skill, Step

CURRICULUM_DIR = Path(__file__).resolve().parent.parent / "curriculum"
ILLUSTRATIONS_DIR = Path(__file__).resolve().parent.parent / "static" / "learning" / "illustrations"
MIN_LESSONS, MAX_LESSONS, MIN_QUESTIONS = 3, 8, 6


class CurriculumError(Exception):
    """The content files are incomplete or inconsistent; `problems` lists every one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class SkillContent:
    """One skill as its files describe it: the structure and the texts per language."""

    folder: Path
    structure: dict[str, Any]
    texts: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return str(self.structure.get("code", self.folder.name))


@dataclass(frozen=True)
class LoadReport:
    skills: int
    lessons: int
    steps: int
    questions: int
    certificate_sets: int


def read_curriculum(directory: Path = CURRICULUM_DIR) -> tuple[list[SkillContent], list[dict[str, Any]]]:
    """The skills and certificate sets of a curriculum folder, checked; raises CurriculumError."""
    skills = []
    for folder in sorted(p for p in directory.iterdir() if p.is_dir() and (p / "skill.yaml").exists()):
        content = SkillContent(folder, _read_yaml(folder / "skill.yaml"))
        for language in CONTENT_LANGUAGES:
            path = folder / f"{language}.yaml"
            content.texts[language] = _read_yaml(path) if path.exists() else {}
        skills.append(content)
    certificate_sets = _read_yaml(directory / "certificates.yaml") or []
    problems = [problem for skill in skills for problem in check_skill(skill)]
    problems += check_certificate_sets(certificate_sets, {skill.code for skill in skills})
    if len({skill.code for skill in skills}) != len(skills):
        problems.append("two skill folders have the same code")
    if problems:
        raise CurriculumError(problems)
    return skills, certificate_sets


def _read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def check_skill(skill: SkillContent) -> list[str]:
    """Every problem of one skill: shape, references, illustrations and every language's texts."""
    where = skill.folder.name
    structure = skill.structure or {}
    lessons = structure.get("lessons") or []
    questions = structure.get("questions") or []
    problems = []
    if not MIN_LESSONS <= len(lessons) <= MAX_LESSONS:
        problems.append(f"{where}: {len(lessons)} lessons, expected {MIN_LESSONS} to {MAX_LESSONS}")
    if len(questions) < MIN_QUESTIONS:
        problems.append(f"{where}: {len(questions)} questions, expected at least {MIN_QUESTIONS}")
    if int(structure.get("practice_size", 5)) > len(questions):
        problems.append(f"{where}: practice_size is larger than the question pool")
    icon = structure.get("icon")
    if icon and icon not in sprite_icons():
        problems.append(f"{where}: icon {icon} is not in the icon sprite (core/icons.svg)")
    lesson_codes = [lesson["code"] for lesson in lessons]
    if len(set(lesson_codes)) != len(lesson_codes):
        problems.append(f"{where}: two lessons have the same code")
    question_codes = [question["code"] for question in questions]
    if len(set(question_codes)) != len(question_codes):
        problems.append(f"{where}: two questions have the same code")
    for lesson in lessons:
        for step in lesson.get("steps") or []:
            problems += _check_illustration(where, (step or {}).get("illustration"))
        if not lesson.get("steps"):
            problems.append(f"{where}: lesson {lesson['code']} has no steps")
    for question in questions:
        if question.get("lesson") not in lesson_codes:
            problems.append(f"{where}: question {question['code']} names an unknown lesson")
        if question.get("kind") not in QuestionKind.values:
            problems.append(f"{where}: question {question['code']} has an unknown kind")
        problems += _check_illustration(where, question.get("illustration"))
    for language in CONTENT_LANGUAGES:
        problems += _check_texts(skill, language, lessons, questions)
    return problems


@cache
def sprite_icons() -> frozenset[str]:
    """The symbol ids of the site's icon sprite."""
    path = finders.find("core/icons.svg")
    text = Path(str(path)).read_text(encoding="utf-8") if path else ""
    return frozenset(re.findall(r'<symbol id="([\w-]+)"', text))


def _check_illustration(where: str, name: str | None) -> list[str]:
    if name and not (ILLUSTRATIONS_DIR / name).exists():
        return [f"{where}: illustration {name} is missing"]
    return []


def _check_texts(skill: SkillContent, language: str, lessons: list[dict], questions: list[dict]) -> list[str]:
    where = f"{skill.folder.name}/{language}.yaml"
    texts = skill.texts.get(language) or {}
    if not texts:
        return [f"{where}: missing"]
    problems = [f"{where}: no {key}" for key in ("title", "summary") if not str(texts.get(key) or "").strip()]
    for lesson in lessons:
        lesson_texts = (texts.get("lessons") or {}).get(lesson["code"]) or {}
        if not str(lesson_texts.get("title") or "").strip():
            problems.append(f"{where}: lesson {lesson['code']} has no title")
        steps = lesson_texts.get("steps") or []
        if len(steps) != len(lesson.get("steps") or []) or not all(str(s or "").strip() for s in steps):
            problems.append(
                f"{where}: lesson {lesson['code']} needs {len(lesson.get('steps') or [])} step texts"
            )
    for question in questions:
        question_texts = (texts.get("questions") or {}).get(question["code"]) or {}
        problems += [
            f"{where}: question {question['code']} has no {key}"
            for key in ("prompt", "explanation")
            if not str(question_texts.get(key) or "").strip()
        ]
        problems += _check_options(where, question, question_texts.get("options") or [])
    return problems


def _check_options(where: str, question: dict[str, Any], options: list[Any]) -> list[str]:
    kind, code = question.get("kind"), question["code"]
    if kind == QuestionKind.SINGLE_CHOICE:
        if len(options) < 2:
            return [f"{where}: question {code} needs at least 2 options"]
        if not 0 <= int(question.get("answer", -1)) < len(options):
            return [f"{where}: question {code} has an answer outside its options"]
    elif kind == QuestionKind.ORDER:
        if len(options) < 3:
            return [f"{where}: question {code} needs at least 3 steps to order"]
    elif kind == QuestionKind.TRUE_FALSE and int(question.get("answer", -1)) not in (0, 1):
        return [f"{where}: question {code} needs answer 0 or 1"]
    return []


def check_certificate_sets(sets: list[dict[str, Any]], skill_codes: set[str]) -> list[str]:
    problems = []
    for entry in sets:
        missing = [code for code in entry.get("skills", []) if code not in skill_codes]
        if missing:
            problems.append(f"certificates.yaml: {entry.get('code')} names unknown skills {missing}")
        problems += [
            f"certificates.yaml: {entry.get('code')} has no {language} title"
            for language in CONTENT_LANGUAGES
            if not (entry.get("title") or {}).get(language)
        ]
    return problems


def _per_language(skill: SkillContent, *path: str) -> dict[str, Any]:
    """{"vi": …, "en": …, "id": …} for the text at `path` in each language file (NFC)."""
    result = {}
    for language in CONTENT_LANGUAGES:
        value: Any = skill.texts[language]
        for key in path:
            value = value[key] if not isinstance(value, list) else value[int(key)]
        result[language] = (
            [nfc(str(v)).strip() for v in value] if isinstance(value, list) else nfc(str(value)).strip()
        )
    return result


@transaction.atomic
def load_curriculum(directory: Path = CURRICULUM_DIR) -> LoadReport:
    """Check the content files, then create or update every skill, lesson, step, question and
    certificate set. Steps, lessons and questions that the files no longer have are removed;
    skills are kept (attempts and masteries refer to them)."""
    skills, certificate_sets = read_curriculum(directory)
    counts = {"lessons": 0, "steps": 0, "questions": 0}
    for content in skills:
        _load_skill(content, counts)
    for entry in certificate_sets:
        certificate_set, _created = CertificateSet.objects.update_or_create(
            code=entry["code"], defaults={"title": {k: nfc(v) for k, v in entry["title"].items()}}
        )
        certificate_set.skills.set(Skill.objects.filter(code__in=entry["skills"]))
    return LoadReport(
        len(skills), counts["lessons"], counts["steps"], counts["questions"], len(certificate_sets)
    )


def _load_skill(content: SkillContent, counts: dict[str, int]) -> None:
    structure = content.structure
    skill, _created = Skill.objects.update_or_create(
        code=content.code,
        defaults={
            "order": structure["order"],
            "icon": structure.get("icon", ""),
            "practice_size": structure.get("practice_size", 5),
            "title": _per_language(content, "title"),
            "summary": _per_language(content, "summary"),
        },
    )
    lessons = {}
    for order, lesson_structure in enumerate(structure["lessons"], start=1):
        code = lesson_structure["code"]
        lesson, _created = Lesson.objects.update_or_create(
            skill=skill,
            code=code,
            defaults={"order": order, "title": _per_language(content, "lessons", code, "title")},
        )
        lessons[code] = lesson
        step_texts = _per_language(content, "lessons", code, "steps")
        for index, step_structure in enumerate(lesson_structure["steps"]):
            Step.objects.update_or_create(
                lesson=lesson,
                order=index + 1,
                defaults={
                    "text": {language: texts[index] for language, texts in step_texts.items()},
                    "illustration": (step_structure or {}).get("illustration", ""),
                },
            )
        lesson.steps.filter(order__gt=len(lesson_structure["steps"])).delete()
        counts["lessons"] += 1
        counts["steps"] += len(lesson_structure["steps"])
    skill.lessons.exclude(code__in=lessons).delete()
    for question_structure in structure["questions"]:
        code = question_structure["code"]
        texts = content.texts
        options = {
            language: [nfc(str(o)).strip() for o in (texts[language]["questions"][code].get("options") or [])]
            for language in CONTENT_LANGUAGES
        }
        Question.objects.update_or_create(
            skill=skill,
            code=code,
            defaults={
                "lesson": lessons[question_structure["lesson"]],
                "kind": question_structure["kind"],
                "answer": int(question_structure.get("answer", 0)),
                "illustration": question_structure.get("illustration", ""),
                "prompt": _per_language(content, "questions", code, "prompt"),
                "explanation": _per_language(content, "questions", code, "explanation"),
                "options": options if any(options.values()) else {},
            },
        )
        counts["questions"] += 1
    skill.questions.exclude(code__in=[q["code"] for q in structure["questions"]]).delete()
