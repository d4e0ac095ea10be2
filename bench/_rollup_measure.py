"""The reporting benchmark's measurements on a built province: the full rebuild of the roll-ups, the
dashboards' server time read from the roll-ups, the same figures by a naive GROUP BY over the raw
facts (checked equal), and the cost of the incremental update per fact."""

from __future__ import annotations

import random
import statistics
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

TZ = "Asia/Ho_Chi_Minh"


@dataclass(frozen=True)
class Timing:
    runs: int
    p50_ms: float
    p95_ms: float


def timing_of(samples: list[float]) -> Timing:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return Timing(len(samples), 1000 * statistics.median(ordered), 1000 * p95)


def timed(action: Callable[[], object], runs: int) -> Timing:
    samples = []
    for _run in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return timing_of(samples)


def measure_rebuild() -> tuple[float, int, int]:
    from django.db import connection

    from langso.reporting.services.rollups import rebuild_rollups

    started = time.perf_counter()
    figures = rebuild_rollups()
    seconds = time.perf_counter() - started
    # What autovacuum would do after a table is rewritten, before the dashboards are timed.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE rollups_tally")
        cursor.execute("VACUUM ANALYZE rollups_distinctmark")
        cursor.execute("VACUUM ANALYZE people_milestone")
    return seconds, figures.tallies, figures.marks


def dashboard_timing(unit_code: str, username: str, period_key: str, runs: int) -> Timing:
    """Server time of the dashboard page (the view, its queries and the template) through Django's
    test client, in this process: no network, no browser."""
    from django.test import Client

    from langso.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    url = f"/dashboard/{unit_code}/?kind=month&period={period_key}"

    def get() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    get()  # warm the grants cache and the templates
    return timed(get, runs)


def baseline_timings(runs: int) -> dict[str, Timing]:
    """What this machine charges for nothing much, to read the other figures against: one trivial
    query's round trip, and the home page of the province officer (a light page) on the server."""
    from django.db import connection
    from django.test import Client

    from langso.accounts.models import User

    def trivial_query() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    client = Client()
    client.force_login(User.objects.filter(assignments__role="province_officer").first())
    client.get("/")
    return {"SELECT 1": timed(trivial_query, 200), "home page": timed(lambda: client.get("/"), runs)}


# The naive dashboard: the computed indicators of a unit's children straight from the raw facts.

NAIVE_SQL = {
    "adults": """
        SELECT {child}, count(*) FROM people_person WHERE {parent} = %(unit)s AND birth_year <= %(adult_year)s
        GROUP BY {child}""",
    "reached": """
        SELECT p.{child}, count(*),
               count(*) FILTER (WHERE p.birth_year <= extract(year FROM f.first) - 15),
               count(*) FILTER (WHERE p.gender = 'female'),
               count(*) FILTER (WHERE NOT e.is_majority)
        FROM people_person p
        JOIN people_ethnicity e ON e.id = p.ethnicity_id
        JOIN (SELECT person_id, min((mastered_at AT TIME ZONE %(tz)s)::date) AS first
              FROM learning_mastery GROUP BY person_id) f ON f.person_id = p.id
        WHERE p.{parent} = %(unit)s AND f.first <= %(end)s
        GROUP BY p.{child}""",
    "basic": """
        SELECT p.{child}, count(*) FROM people_person p
        JOIN learning_certificate c ON c.person_id = p.id
        JOIN learning_certificateset s ON s.id = c.certificate_set_id AND s.code = 'basic-digital-citizen'
        WHERE p.{parent} = %(unit)s AND (c.issued_at AT TIME ZONE %(tz)s)::date <= %(end)s
          AND p.birth_year <= extract(year FROM (c.issued_at AT TIME ZONE %(tz)s)) - 15
        GROUP BY p.{child}""",
    "cadres": """
        SELECT p.{child}, count(DISTINCT p.id) FROM people_person p
        JOIN training_conferenceregistration r ON r.person_id = p.id
        WHERE p.{parent} = %(unit)s AND p.is_cadre AND (r.attended_at AT TIME ZONE %(tz)s)::date <= %(end)s
        GROUP BY p.{child}""",
    "help": """
        SELECT {child}, count(*), count(*) FILTER (WHERE resolved_at <= created_at + interval '3 days')
        FROM training_helprequest
        WHERE {parent} = %(unit)s AND (created_at AT TIME ZONE %(tz)s)::date BETWEEN %(start)s AND %(end)s
        GROUP BY {child}""",
    "mentors": """
        SELECT {child}, count(DISTINCT actor) FROM (
            SELECT {child}, marked_by_id AS actor, marked_at AS at
            FROM training_attendance WHERE {parent} = %(unit)s
            UNION ALL
            SELECT {child}, checked_by_id, checked_at FROM training_skillcheck WHERE {parent} = %(unit)s
            UNION ALL
            SELECT {child}, resolved_by_id, resolved_at FROM training_helprequest
            WHERE {parent} = %(unit)s AND resolved_by_id IS NOT NULL
        ) acts WHERE (at AT TIME ZONE %(tz)s)::date BETWEEN %(start)s AND %(end)s
        GROUP BY {child}""",
}


def naive_dashboard(*, unit_id: int, parent_column: str, child_column: str, start: date, end: date) -> dict:  # type: ignore[type-arg]
    """Per child unit id, the raw counts behind the computed indicators (six GROUP BY queries)."""
    from django.db import connection

    params = {"unit": unit_id, "adult_year": end.year - 15, "tz": TZ, "start": start, "end": end}
    result: dict[int, dict[str, tuple[int, ...]]] = {}
    with connection.cursor() as cursor:
        for name, sql in NAIVE_SQL.items():
            cursor.execute(sql.format(child=child_column, parent=parent_column), params)
            for child_id, *counts in cursor.fetchall():
                result.setdefault(child_id, {})[name] = tuple(counts)
    return result


def naive_timing(
    unit_id: int, parent_column: str, child_column: str, start: date, end: date, runs: int
) -> Timing:
    return timed(
        lambda: naive_dashboard(
            unit_id=unit_id, parent_column=parent_column, child_column=child_column, start=start, end=end
        ),
        runs,
    )


def mismatches(unit_id: int, parent_column: str, child_column: str, start: date, end: date) -> list[str]:
    """Where the roll-ups' figures differ from the naive ones, per child and indicator (none expected)."""
    from langso.common.periods import Period, PeriodKind
    from langso.places.models import Unit
    from langso.reporting.models import Indicator
    from langso.reporting.selectors.values import values_for

    period = Period.containing(start, PeriodKind.MONTH)
    children = list(Unit.objects.filter(parent_id=unit_id))
    indicators = {indicator.code: indicator for indicator in Indicator.objects.filter(source="computed")}
    rolled = values_for(children, period, list(indicators.values()))
    naive = naive_dashboard(
        unit_id=unit_id, parent_column=parent_column, child_column=child_column, start=start, end=end
    )
    problems = []
    for child in children:
        raw = naive.get(child.pk, {})
        reached, reached_adults, women, minorities = raw.get("reached", (0, 0, 0, 0))
        asked, in_time = raw.get("help", (0, 0))
        expected = {
            "residents-reached": (reached_adults, raw.get("adults", (0,))[0]),
            "basic-digital-citizen": (raw.get("basic", (0,))[0], raw.get("adults", (0,))[0]),
            "women-among-reached": (women, reached),
            "minorities-among-reached": (minorities, reached),
            "cadres-trained": (raw.get("cadres", (0,))[0], 0),
            "help-resolved-in-3-days": (in_time, asked),
            "active-mentors": (raw.get("mentors", (0,))[0], 0),
        }
        for code, (numerator, denominator) in expected.items():
            fraction = rolled[child.pk].get(indicators[code].pk)
            got = (fraction.numerator, fraction.denominator) if fraction else (0, 0)
            if code == "help-resolved-in-3-days" and not asked:
                continue  # no request: the roll-ups say "no data", the naive query says nothing
            if got != (numerator, denominator):
                problems.append(f"{child.code} {code}: roll-ups {got}, raw facts {(numerator, denominator)}")
    return problems


def incremental_timings(samples: int) -> dict[str, Timing]:
    """The roll-up writes of one fact, in the transaction a service would run them in (rolled back):
    a resident's first mastery re-counting them (milestone, standing, upsert), a mentor's attendance
    mark counted once per unit and period, a help request asked."""
    from django.db import transaction
    from django.db.models import Exists, Max, Min, OuterRef
    from django.utils import timezone

    from langso.people.models import Milestone, MilestoneKind, Person
    from langso.people.services.milestones import note_milestone
    from langso.rollups.selectors import ancestry_by_village
    from langso.rollups.services import Change, apply_changes, count_distinct

    low, high = Person.objects.aggregate(low=Min("pk"), high=Max("pk")).values()
    drawn = random.Random(2025).sample(range(low, high + 1), min(20 * samples, high - low + 1))
    people = list(
        Person.objects.filter(pk__in=drawn)
        .exclude(Exists(Milestone.objects.filter(person=OuterRef("pk"), kind=MilestoneKind.MASTERED)))
        .values_list("pk", "village_id")[:samples]
    )
    today = timezone.localdate()
    results: dict[str, list[float]] = {
        "first mastery of a resident": [],
        "attendance mark": [],
        "help request": [],
    }
    # Each fact in a transaction of its own, rolled back, as a service runs it: one long transaction
    # would pile the versions of the same hot rows (the province's current month) onto each other.
    for person_id, village_id in people:
        with transaction.atomic():
            person = Person(pk=person_id)
            started = time.perf_counter()
            note_milestone(person=person, kind=MilestoneKind.MASTERED, on=today)
            results["first mastery of a resident"].append(time.perf_counter() - started)
            transaction.set_rollback(True)
        with transaction.atomic():
            started = time.perf_counter()
            units = ancestry_by_village([village_id])[village_id]
            count_distinct(
                metric="active-mentors", subject=uuid.uuid4().int % 10**9, unit_ids=units, day=today, delta=1
            )
            results["attendance mark"].append(time.perf_counter() - started)
            transaction.set_rollback(True)
        with transaction.atomic():
            started = time.perf_counter()
            units = ancestry_by_village([village_id])[village_id]
            apply_changes([Change("help-asked", units, today)])
            results["help request"].append(time.perf_counter() - started)
            transaction.set_rollback(True)
    return {name: timing_of(values) for name, values in results.items()}
