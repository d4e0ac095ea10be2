"""Demo village reports: the monthly "Front Digital" reports of the last three months for the villages
of Xã Hải Lạng and Xã Hoành Mô (mostly approved, a few late, one returned with a comment, one waiting
for review), and this month's draft for Thôn Thống Nhất.

Dates follow the day the demo is loaded; a report is keyed by (form, village, period), so a second
run adds nothing. Runs after load_indicators and does nothing when the catalog is not loaded.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from langso.accounts.models import User
from langso.common.periods import Period, PeriodKind
from langso.places.models import Unit, UnitKind
from langso.reporting.models import ReportForm, VillageReport
from langso.reporting.services.reports import (
    ReportEntry,
    approve_report,
    open_report,
    return_report,
    save_report,
    submit_report,
)

FORM_CODE = "front-digital-monthly"
HAI_LANG, HOANH_MO = "06886", "06841"
#: who sends each commune's reports (the village head sends Thôn Thống Nhất's), and who reviews them
SENDERS = {HAI_LANG: "xa.hailang", HOANH_MO: "tinh"}
REVIEWERS = {HAI_LANG: "xa.hailang", HOANH_MO: "tinh"}
VILLAGE_HEAD, HEAD_VILLAGE = "truongthon", "Thôn Thống Nhất"
RETURN_COMMENT = (
    "Số hộ có điện thoại thông minh tăng nhiều so với tháng trước, đề nghị thôn kiểm tra lại với sổ theo dõi."
)


def seed_reports(*, seed: int) -> int:
    """Every demo report (idempotent); how many were created. Nothing when the catalog is not loaded."""
    form = ReportForm.objects.filter(code=FORM_CODE).prefetch_related("indicators").first()
    users = {
        user.username: user for user in User.objects.filter(username__in=[*SENDERS.values(), VILLAGE_HEAD])
    }
    if form is None or len(users) < 3:
        return 0
    now = timezone.now()
    this_month = Period.containing(timezone.localdate(now), PeriodKind.MONTH)
    months = [
        this_month.previous().previous().previous(),
        this_month.previous().previous(),
        this_month.previous(),
    ]
    created = 0
    for commune_code in (HAI_LANG, HOANH_MO):
        villages = list(
            Unit.objects.filter(parent__code=commune_code, kind=UnitKind.VILLAGE).order_by("path")
        )
        for rank, village in enumerate(villages):
            sender = users[VILLAGE_HEAD] if village.name == HEAD_VILLAGE else users[SENDERS[commune_code]]
            reviewer = users[REVIEWERS[commune_code]]
            rng = random.Random(f"{seed}:reports:{village.code}")
            for age, period in enumerate(reversed(months)):  # age 0 is last month
                if VillageReport.objects.filter(
                    form=form, village=village, period_start=period.start
                ).exists():
                    continue
                fate = _fate(commune_code, rank, age, rng)
                _seed_one(
                    form, village, period, (sender, reviewer), fate, rng, progress=1 - age / 20, now=now
                )
                created += 1
            if (
                village.name == HEAD_VILLAGE
                and not VillageReport.objects.filter(
                    form=form, village=village, period_start=this_month.start
                ).exists()
            ):
                report = open_report(actor=sender, form=form, village=village, period=this_month, now=now)
                typed = _entry(report.adult_residents or 0, rng, progress=1.0)
                so_far = {"households-with-smartphone": typed.values["households-with-smartphone"]}
                save_report(
                    actor=sender,
                    report=report,
                    entry=ReportEntry(typed.households, typed.adult_residents, values=so_far),
                )
                created += 1
    return created


def _fate(commune_code: str, rank: int, age: int, rng: random.Random) -> str:
    """What happens to one report: approved on time, approved late, returned, or waiting."""
    if age == 0 and commune_code == HAI_LANG and rank == 1:
        return "returned"
    if age == 0 and commune_code == HOANH_MO and rank == 0:
        return "waiting"
    return "late" if rng.random() < 0.15 else "on_time"


def _entry(adults: int, rng: random.Random, *, progress: float) -> ReportEntry:
    """Plausible figures for a village of `adults` residents aged 15 and over."""
    adults = adults or rng.randint(120, 400)
    households = max(1, round(adults / rng.uniform(2.2, 2.8)))
    return ReportEntry(
        households=households,
        adult_residents=adults,
        values={
            "households-with-smartphone": round(households * min(0.95, rng.uniform(0.6, 0.8) * progress)),
            "vneid-level-2": round(adults * min(0.9, rng.uniform(0.35, 0.6) * progress)),
            "cashless-payers": round(adults * min(0.8, rng.uniform(0.15, 0.35) * progress)),
            "shared-computer": int(rng.random() < 0.4),
        },
    )


def _seed_one(
    form: ReportForm,
    village: Unit,
    period: Period,
    actors: tuple[User, User],
    fate: str,
    rng: random.Random,
    *,
    progress: float,
    now: datetime,
) -> None:
    """One month's report of a village, opened, sent and reviewed as `fate` says."""
    sender, reviewer = actors

    def moment(day_offset: int) -> datetime:
        day = period.end + timedelta(days=day_offset)
        at = timezone.make_aware(datetime.combine(day, time(rng.randint(7, 19), rng.randint(0, 59))))
        return min(at, now - timedelta(hours=1))

    opened_at = moment(-rng.randint(1, 4))
    report = open_report(actor=sender, form=form, village=village, period=period, now=opened_at)
    entry = _entry(report.adult_residents or 0, rng, progress=progress)
    days_after = (
        form.deadline_days + rng.randint(2, 7) if fate == "late" else rng.randint(0, form.deadline_days)
    )
    sent_at = moment(days_after)
    report = submit_report(actor=sender, report=report, entry=entry, now=max(sent_at, opened_at))
    if fate == "waiting":
        return
    reviewed_at = (
        min(report.submitted_at + timedelta(days=rng.randint(1, 2)), now) if report.submitted_at else now
    )
    if fate == "returned":
        return_report(actor=reviewer, report=report, comment=RETURN_COMMENT, now=reviewed_at)
        return
    approve_report(actor=reviewer, report=report, now=reviewed_at)
