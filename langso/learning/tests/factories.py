"""A small skill built with the ORM, for tests that must not depend on the real curriculum files."""

from __future__ import annotations

from langso.learning.models import Lesson, Question, QuestionKind, Skill, Step


def texts(text: str) -> dict[str, str]:
    return {"vi": text, "en": f"{text} (en)", "id": f"{text} (id)"}


def make_skill(
    code: str = "test-skill", *, order: int = 1, practice_size: int = 5, questions: int = 6
) -> Skill:
    """A skill with two lessons of two steps and `questions` questions of the three kinds; the right
    answers are: option 0 (single choice), "yes, a scam" (true/false), the written order (order)."""
    skill = Skill.objects.create(
        code=code,
        order=order,
        title=texts(f"Kỹ năng {code}"),
        summary=texts("Tóm tắt"),
        practice_size=practice_size,
    )
    lessons = []
    for lesson_order in (1, 2):
        lesson = Lesson.objects.create(
            skill=skill, code=f"bai-{lesson_order}", order=lesson_order, title=texts(f"Bài {lesson_order}")
        )
        for step_order in (1, 2):
            Step.objects.create(
                lesson=lesson, order=step_order, text=texts(f"Bước {step_order} của bài {lesson_order}")
            )
        lessons.append(lesson)
    kinds = [QuestionKind.SINGLE_CHOICE, QuestionKind.TRUE_FALSE, QuestionKind.ORDER]
    for index in range(questions):
        kind = kinds[index % 3]
        options = {
            QuestionKind.SINGLE_CHOICE: {lang: ["Đúng", "Sai", "Sai nữa"] for lang in ("vi", "en", "id")},
            QuestionKind.ORDER: {lang: ["Một", "Hai", "Ba"] for lang in ("vi", "en", "id")},
            QuestionKind.TRUE_FALSE: {},
        }[kind]
        Question.objects.create(
            skill=skill,
            lesson=lessons[index % 2],
            code=f"q{index}",
            kind=kind,
            prompt=texts(f"Câu {index}"),
            options=options,
            answer=1 if kind == QuestionKind.TRUE_FALSE else 0,
            explanation=texts("Vì thế."),
        )
    return skill


def right_answer(question: Question) -> object:
    if question.kind == QuestionKind.ORDER:
        return list(range(len(question.options["vi"])))
    return question.answer


def wrong_answer(question: Question) -> object:
    if question.kind == QuestionKind.ORDER:
        return list(reversed(range(len(question.options["vi"]))))
    return 0 if question.kind == QuestionKind.TRUE_FALSE else 1
