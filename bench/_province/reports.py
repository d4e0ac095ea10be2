"""The villages' approved periodic reports ("Front Digital"), as `reporting.services.reports` leaves
them after open → submit → approve: the basis, the values, the transitions and the audit log."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from _province.catalog import Catalog, ReportFormRow
from _province.places import Province, Village
from _province.rows import DAY, NULL, Clock, Table, columns, json_text, office_hours
from _province.shape import (
    LAST_DAY,
    MONTHLY_REPORTS,
    ON_TIME_SHARE,
    OTHER_REPORTED_SHARE,
    QUARTERLY_REPORTS,
    REPORTED_SHARES,
)
from langso.common.periods import Period, PeriodKind

REPORT_COLUMNS = columns(
    "id form_id village_id commune_id province_id period_kind period_start status revision households "
    "adult_residents surveyed due_on submitted_at submitted_by_id is_on_time reviewed_at reviewed_by_id "
    "return_comment created_at updated_at"
)
VALUE_COLUMNS = columns("id report_id indicator_id entered numerator denominator")
EVENT_COLUMNS = columns("id report_id kind actor_id comment at")
AUDIT_COLUMNS = columns("id actor_id action target scope detail created_at")


@dataclass
class ReportTables:
    reports: Table
    values: Table
    events: Table
    audit: Table


def report_periods(kind: str) -> list[Period]:
    """The last complete months (or quarters) before the period's last day, oldest first."""
    period = Period.containing(LAST_DAY, kind)
    periods = []
    for _back in range(MONTHLY_REPORTS if kind == PeriodKind.MONTH else QUARTERLY_REPORTS):
        period = Period.containing(period.start - timedelta(days=1), kind)
        periods.append(period)
    return periods[::-1]


@dataclass(frozen=True)
class VillageFigures:
    """One village's real state, which its reports approach month by month."""

    adults: int
    households: int
    shares: dict[str, float]
    has_computer: bool
    understanding: float

    @classmethod
    def draw(cls, village: Village, form: ReportFormRow, rng: random.Random) -> VillageFigures:
        return cls(
            adults=village.adults,
            households=max(1, round(village.adults / rng.uniform(2.2, 2.8))),
            shares={
                code: rng.uniform(*REPORTED_SHARES.get(code, OTHER_REPORTED_SHARE)[:2])
                for _id, code, _kind in form.indicators
            },
            has_computer=rng.random() < 0.4,
            understanding=rng.uniform(0.45, 0.8),
        )

    def value(self, code: str, kind: str, progress: float, surveyed: int) -> tuple[int, int, int]:
        """(entered, numerator, denominator) of one indicator, as `_fraction` turns what was typed."""
        cap = REPORTED_SHARES.get(code, OTHER_REPORTED_SHARE)[2]
        if kind == "households":
            entered = round(self.households * min(cap, self.shares[code] * progress))
            return entered, entered, self.households
        if kind == "residents":
            entered = round(self.adults * min(cap, self.shares[code] * progress))
            return entered, entered, self.adults
        if kind == "yes_no":
            return int(self.has_computer), int(self.has_computer), 1
        entered = round(100 * min(0.95, self.understanding * progress))
        return entered, round(entered * surveyed / 100), surveyed


def write_reports(
    tables: ReportTables, province: Province, catalog: Catalog, rng: random.Random, clock: Clock
) -> None:
    """Every village's reports on the monthly and quarterly forms for their last periods: opened by the
    commune officer in the period's last days with the registry's adults as the basis, submitted (85 %
    by the deadline), approved a day or two later; figures that grow from period to period."""
    for form in catalog.forms:
        if form.period_kind not in (PeriodKind.MONTH, PeriodKind.QUARTER):
            continue
        periods = report_periods(form.period_kind)
        asks_share = any(kind == "share_of_surveyed" for _id, _code, kind in form.indicators)
        for village in province.villages:
            figures = VillageFigures.draw(village, form, rng)
            for number, period in enumerate(periods, start=1):
                surveyed = rng.randint(20, 60) if asks_share else 0
                report_id = _write_report(
                    tables, province, village, form, period, figures, surveyed, rng, clock
                )
                progress = 0.8 + 0.2 * number / len(periods)
                for indicator_id, code, kind in form.indicators:
                    entered, numerator, denominator = figures.value(code, kind, progress, surveyed)
                    tables.values.add(
                        f"{tables.values.take_id()}\t{report_id}\t{indicator_id}\t{entered}\t{numerator}\t"
                        f"{denominator}\n"
                    )


def _write_report(
    tables: ReportTables, province: Province, village: Village, form: ReportFormRow, period: Period,
    figures: VillageFigures, surveyed: int, rng: random.Random, clock: Clock,
) -> int:  # fmt: skip
    """The report, its three transitions (opened, submitted, approved) and the approval's audit event."""
    commune = province.commune_of(village)
    officer, end = commune.officer_id, clock.minute(period.end)
    due = period.end + timedelta(days=form.deadline_days)
    days_after = rng.randint(0, form.deadline_days)
    if rng.random() >= ON_TIME_SHARE:
        days_after = form.deadline_days + rng.randint(2, 7)
    opened = office_hours(rng, end - rng.randint(1, 4) * DAY)
    submitted = office_hours(rng, end + days_after * DAY)
    approved = office_hours(rng, submitted + rng.randint(1, 2) * DAY)
    report_id = tables.reports.take_id()
    tables.reports.add(
        f"{report_id}\t{form.id}\t{village.id}\t{commune.id}\t{province.id}\t{form.period_kind}\t{period.start}\t"
        f"approved\t2\t{figures.households}\t{figures.adults}\t{surveyed or NULL}\t{due}\t"
        f"{clock.text(submitted)}\t{officer}\t{'t' if clock.date_of(submitted) <= due else 'f'}\t"
        f"{clock.text(approved)}\t{officer}\t\t{clock.text(opened)}\t{clock.text(approved)}\n"
    )
    for kind, minute in (("created", opened), ("submitted", submitted), ("approved", approved)):
        tables.events.add(
            f"{tables.events.take_id()}\t{report_id}\t{kind}\t{officer}\t\t{clock.text(minute)}\n"
        )
    detail = json_text({"form": form.code, "period": period.key, "comment": ""})
    tables.audit.add(
        f"{tables.audit.take_id()}\t{officer}\treport.approved\tvillage_report:{report_id}\t"
        f"{commune.path}{village.code}/\t{detail}\t{clock.text(approved)}\n"
    )
    return report_id
