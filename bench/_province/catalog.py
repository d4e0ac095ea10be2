"""What the province builds on, read from the migrated database: the ethnic groups, the curriculum's
skills (completed with synthetic ones up to SKILLS), the certificate sets and the report forms."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import psycopg

from _province.rows import ProvinceError, json_text, scalar, table_of, through_table
from _province.shape import ETHNIC_MIX, SKILLS
from langso.common.periods import PeriodKind
from langso.common.text import nfc
from langso.learning.content import CONTENT_LANGUAGES, localized

#: the size of a synthetic skill's question pool (and of its practice sets)
SYNTHETIC_QUESTIONS = 5


@dataclass(frozen=True)
class SkillRow:
    id: int
    code: str
    title: dict[str, str]
    #: questions in a practice set: the skill's `practice_size`, or fewer if its pool is smaller
    total: int


@dataclass(frozen=True)
class CertificateSetRow:
    id: int
    #: positions in the skill list, and the titles a certificate copies (per language, in skill order)
    skills: tuple[int, ...]
    skill_titles: str


@dataclass(frozen=True)
class ReportFormRow:
    id: int
    code: str
    period_kind: str
    deadline_days: int
    #: (indicator id, code, report_input), in the catalog's order
    indicators: tuple[tuple[int, str, str], ...]


@dataclass(frozen=True)
class Catalog:
    ethnicities: dict[str, int]
    skills: list[SkillRow]
    certificate_sets: list[CertificateSetRow]
    forms: list[ReportFormRow]
    #: codes of certificates already in the database, which new ones must not take
    taken_certificate_codes: frozenset[str]


def read_catalog(cursor: psycopg.Cursor[Any]) -> Catalog:
    """The catalog, after adding synthetic skills when the curriculum has fewer than SKILLS."""
    cursor.execute(f"SELECT name, id FROM {table_of('people.Ethnicity')}")
    ethnicities = dict(cursor.fetchall())
    wanted = {group for mix in ETHNIC_MIX.values() for group, _weight in mix}
    if not wanted <= set(ethnicities):
        raise ProvinceError(f"Ethnic groups {sorted(wanted - set(ethnicities))} are missing: run migrate.")
    skills = _skills(cursor)
    if len(skills) < SKILLS:
        add_synthetic_skills(cursor, SKILLS - len(skills))
        skills = _skills(cursor)
    skills = skills[:SKILLS]
    cursor.execute(f"SELECT code FROM {table_of('learning.Certificate')}")
    taken = frozenset(code for (code,) in cursor.fetchall())
    return Catalog(ethnicities, skills, _certificate_sets(cursor, skills), _forms(cursor), taken)


def _skills(cursor: psycopg.Cursor[Any]) -> list[SkillRow]:
    """The skills that can be practised (their pool has questions), in the course's order."""
    cursor.execute(
        f"""SELECT s.id, s.code, s.title, LEAST(s.practice_size, COUNT(q.id))
            FROM {table_of("learning.Skill")} s
            LEFT JOIN {table_of("learning.Question")} q ON q.skill_id = s.id
            GROUP BY s.id ORDER BY s."order", s.id"""
    )
    return [SkillRow(id, code, title, int(total)) for id, code, title, total in cursor.fetchall() if total]


def add_synthetic_skills(cursor: psycopg.Cursor[Any], count: int) -> None:
    """`count` skills "bench-skill-NN" after the curriculum's, each with a lesson and a pool of
    SYNTHETIC_QUESTIONS single-choice questions, as the curriculum loader would store them."""
    skill_table, lesson_table = table_of("learning.Skill"), table_of("learning.Lesson")
    question_table = table_of("learning.Question")
    order = int(scalar(cursor, f'SELECT COALESCE(MAX("order"), 0) FROM {skill_table}'))
    options = json.dumps({language: ["A", "B", "C"] for language in CONTENT_LANGUAGES})
    for number in range(order + 1, order + count + 1):
        title = {
            "vi": f"Kỹ năng số {number}",
            "en": f"Digital skill {number}",
            "id": f"Keterampilan digital {number}",
        }
        skill_id = scalar(
            cursor,
            f'INSERT INTO {skill_table} (code, "order", icon, title, summary, practice_size) '
            "VALUES (%s, %s, '', %s, %s, %s) RETURNING id",
            [f"bench-skill-{number:02d}", number, json.dumps(title), json.dumps(title), SYNTHETIC_QUESTIONS],
        )
        lesson_id = scalar(
            cursor,
            f'INSERT INTO {lesson_table} (skill_id, code, "order", title) VALUES (%s, %s, 1, %s) '
            "RETURNING id",
            [skill_id, "basics", json.dumps(title)],
        )
        for question in range(1, SYNTHETIC_QUESTIONS + 1):
            prompt = json.dumps({language: f"{text} · {question}" for language, text in title.items()})
            cursor.execute(
                f"INSERT INTO {question_table} (skill_id, lesson_id, code, kind, prompt, options, answer, "
                "explanation, illustration) VALUES (%s, %s, %s, 'single_choice', %s, %s, 0, %s, '')",
                [skill_id, lesson_id, f"q{question}", prompt, options, prompt],
            )


def _certificate_sets(cursor: psycopg.Cursor[Any], skills: list[SkillRow]) -> list[CertificateSetRow]:
    """The sets whose skills are all among the province's, with the titles a certificate copies."""
    position = {skill.id: index for index, skill in enumerate(skills)}
    members_table = through_table("learning.CertificateSet", "skills")
    cursor.execute(
        f"""SELECT certificateset_id, array_agg(skill_id) FROM {members_table}
            GROUP BY certificateset_id ORDER BY certificateset_id"""
    )
    sets = []
    for set_id, skill_ids in cursor.fetchall():
        if not all(skill_id in position for skill_id in skill_ids):
            continue
        members = tuple(sorted(position[skill_id] for skill_id in skill_ids))
        titles = {
            language: [nfc(localized(skills[member].title, language)) for member in members]
            for language in CONTENT_LANGUAGES
        }
        sets.append(CertificateSetRow(set_id, members, json_text(titles)))
    return sets


def _forms(cursor: psycopg.Cursor[Any]) -> list[ReportFormRow]:
    cursor.execute(
        f"""SELECT f.id, f.code, f.period_kind, f.deadline_days,
                   array_agg(ARRAY[i.id::text, i.code, i.report_input] ORDER BY i."order")
            FROM {table_of("reporting.ReportForm")} f
            JOIN {through_table("reporting.ReportForm", "indicators")} fi ON fi.reportform_id = f.id
            JOIN {table_of("reporting.Indicator")} i ON i.id = fi.indicator_id
            GROUP BY f.id ORDER BY f.code"""
    )
    forms = [
        ReportFormRow(id, code, kind, days, tuple((int(i), c, r) for i, c, r in indicators))
        for id, code, kind, days, indicators in cursor.fetchall()
    ]
    if not any(form.period_kind == PeriodKind.MONTH for form in forms):
        raise ProvinceError("No monthly village report form: run `manage.py load_indicators` first.")
    return forms
