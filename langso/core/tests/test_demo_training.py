"""The demo's training records: consistent with the rules the services enforce, and idempotent."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.utils import timezone

from langso.core import demo
from langso.learning.models import Mastery
from langso.learning.services.curriculum import load_curriculum
from langso.training.models import (
    Attendance,
    CheckOutcome,
    CompetitionEntry,
    Enrolment,
    HelpRequest,
    HelpStatus,
    SkillCheck,
    TrainingClass,
    TrainingLink,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def report() -> demo.DemoReport:
    load_curriculum()
    return demo.load_demo(residents=2000, seed=2025, password="demo-test-password")


def test_the_demo_class_meets_today_in_thong_nhats_cultural_house(report):
    training_class = TrainingClass.objects.get(village__name="Thôn Thống Nhất")

    assert training_class.venue_name == "Nhà văn hóa thôn Thống Nhất"
    assert training_class.sessions.filter(starts_at__date=timezone.localdate()).exists()
    assert training_class.enrolments.count() > 0
    assert training_class.mentors.filter(username="doanvien").exists()


def test_demo_attendance_is_of_enrolled_residents_at_past_sessions_only(report):
    attendances = Attendance.objects.select_related("session")
    enrolled = set(Enrolment.objects.values_list("training_class_id", "person_id"))

    assert report.training is not None and report.training.attendances_created == attendances.count() > 0
    assert all((a.session.training_class_id, a.person_id) in enrolled for a in attendances)
    assert all(a.session.starts_at < timezone.now() for a in attendances)


def test_demo_checks_are_numbered_from_one_and_alone_means_mastered(report):
    numbers = defaultdict(list)
    for check in SkillCheck.objects.order_by("number"):
        numbers[(check.person_id, check.skill_id)].append(check.number)
    mastered = set(Mastery.objects.values_list("person_id", "skill_id"))

    assert numbers and all(tries == list(range(1, len(tries) + 1)) for tries in numbers.values())
    alone = SkillCheck.objects.filter(outcome=CheckOutcome.ALONE).values_list("person_id", "skill_id")
    assert alone and set(alone) <= mastered


def test_the_demo_help_queue_has_a_request_waiting_more_than_three_days(report):
    waiting = HelpRequest.objects.exclude(status=HelpStatus.RESOLVED).filter(
        team__unit__name="Thôn Thống Nhất", created_at__lt=timezone.now() - timezone.timedelta(days=3)
    )

    assert waiting.exists()


def test_the_demo_cascade_goes_three_levels_below_the_conference(report):
    cadres = set(TrainingLink.objects.filter(conference__isnull=False).values_list("trainee_id", flat=True))
    members = set(TrainingLink.objects.filter(trainer_id__in=cadres).values_list("trainee_id", flat=True))
    families = TrainingLink.objects.filter(trainer_id__in=members)

    assert cadres and members and families.exists()


def test_demo_competition_scores_follow_their_answers(report):
    entries = CompetitionEntry.objects.select_related("commune")

    assert entries.exists()
    assert all(entry.commune.code == "06886" for entry in entries)
    assert all(entry.score == round(100 * entry.correct / entry.total) for entry in entries)


def test_a_second_demo_run_adds_no_training_record(report):
    counts = [
        model.objects.count() for model in (TrainingClass, Attendance, SkillCheck, HelpRequest, TrainingLink)
    ]

    again = demo.load_demo(residents=2000, seed=2025, password="demo-test-password")

    assert again.training == demo.TrainingReport(0, 0, 0, 0, 0)
    assert counts == [
        model.objects.count() for model in (TrainingClass, Attendance, SkillCheck, HelpRequest, TrainingLink)
    ]
