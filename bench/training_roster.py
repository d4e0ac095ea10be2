"""The mentor's field pages — the class roster and the "today" screen: their page weight (budget
30 KB on the wire, cold cache, as bench/page_weight.py measures it) — and the database queries of
marking a whole session present, one tap at a time, for a class of 40 and of 80 residents (the
cost of one tap must not grow with the class).

On a throw-away database (units, the villages of Xã Hải Lạng, 200 residents, a Women's Union class
at Thôn Thống Nhất with a trainer who has a resident record, so every tap also records the cascade,
plus the mentor's village team with 12 help requests waiting) it runs the real server (gunicorn +
WhiteNoise) and Debian's Chromium to weigh the roster of 40 and the today screen, and Django's test
client in-process to count the queries of each tap (the view, the service, the cascade).

Run from the repository root:  .venv/bin/python bench/training_roster.py
"""

from __future__ import annotations

import statistics
import sys
import uuid

from _report import markdown_table, write_section
from _residents import COMMUNE_CODE, VILLAGE_NAMES, residents
from _scratch import describe_database, scratch_env, setup_django
from _web import Meter, Tally, collect_static, kb, running_server
from playwright.sync_api import sync_playwright

from langso.common.browser import CHROMIUM_ARGS, CHROMIUM_PATH

BUDGET_BYTES = 30_000
PASSWORD = "bench-roster-2025"
SIZES = (40, 80)


def seed_database() -> dict[int, int]:
    """Units, villages, residents, a trainer and a mentor; one class per size with a session today
    and its residents enrolled. Returns size -> session id."""
    import datetime

    from django.utils import timezone

    from langso.accounts.models import Role
    from langso.accounts.services import assign_role, create_user
    from langso.learning.models import Skill
    from langso.people.models import Ethnicity, Gender, OrganizationKind, Person
    from langso.people.services import PersonData, register_person
    from langso.people.services.registry import ensure_organization
    from langso.places.models import Unit
    from langso.places.services import create_village, load_vietnam_units
    from langso.training.services.classes import ClassData, create_class, enrol_person, save_session

    load_vietnam_units()
    commune = Unit.objects.get(code=COMMUNE_CODE)
    villages = {v.code: v for v in (create_village(commune=commune, name=n) for n in VILLAGE_NAMES[:12])}
    first_village = next(iter(villages.values()))
    officer = create_user(username="can-bo-xa", password=PASSWORD)
    assign_role(user=officer, role=Role.COMMUNE_OFFICER, unit=commune)
    trainer = create_user(username="giang-vien", password=PASSWORD, full_name="Giảng viên")
    assign_role(user=trainer, role=Role.TRAINER, unit=commune)
    mentor = create_user(username="co-van", password=PASSWORD, full_name="Cố vấn")
    assign_role(user=mentor, role=Role.MENTOR, unit=first_village)
    ethnicities = {e.name: e for e in Ethnicity.objects.all()}
    for row in residents(200, list(villages)):
        data = PersonData(
            full_name=str(row["full_name"]),
            gender=Gender.FEMALE if row["gender"] == "Nữ" else Gender.MALE,
            birth_year=int(str(row["birth_year"])),
            ethnicity=ethnicities[str(row["ethnicity"])],
            village=villages[str(row["village_code"])],
        )
        register_person(actor=officer, data=data)
    people = list(Person.objects.filter(commune=commune).order_by("id"))
    people[-1].user = trainer
    people[-1].save(update_fields=["user"])
    skill = Skill.objects.create(code="bench", order=1, title={"vi": "Kỹ năng"}, summary={"vi": "Tóm tắt"})
    organizer = ensure_organization(kind=OrganizationKind.WOMEN, unit=commune)
    sessions = {}
    start = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(8)))
    for size in SIZES:
        training_class = create_class(
            actor=officer,
            data=ClassData(
                title=f"Lớp VNeID ({size} học viên)",
                organizer=organizer,
                village=first_village,
                venue_name="Nhà văn hóa thôn Thống Nhất",
                skills=[skill],
                trainers=[trainer],
                mentors=[mentor],
            ),
        )
        for person in people[:size]:
            enrol_person(actor=officer, training_class=training_class, person=person)
        session = save_session(
            actor=officer,
            training_class=training_class,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
        )
        sessions[size] = session.pk
    seed_help_queue(officer, mentor, first_village, people[:12])
    return sessions


def seed_help_queue(officer, mentor, village, people) -> None:  # type: ignore[no-untyped-def]
    """The mentor's village team, with a request waiting from each of `people`."""
    from langso.training.models import HelpChannel, HelpTopic
    from langso.training.services.help import HelpAsk, ask_for_help
    from langso.training.services.teams import add_team_member, create_team

    team = create_team(actor=officer, unit=village, name="Tổ công nghệ số cộng đồng")
    add_team_member(actor=officer, team=team, user=mentor, is_leader=True)
    topics = list(HelpTopic)
    for index, person in enumerate(people):
        ask = HelpAsk(
            name=person.full_name, village=village, topic=topics[index % len(topics)], person=person
        )
        ask_for_help(actor=None, ask=ask, channel=HelpChannel.RESIDENT, client_uuid=uuid.uuid4())


def count_mark_queries(session_id: int) -> list[int]:
    """Tap every row of the roster present through the real view (htmx, as the phone sends it);
    the number of queries of each tap."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from langso.accounts.models import User
    from langso.training.models import Enrolment

    client = Client()
    client.force_login(User.objects.get(username="co-van"))
    person_ids = list(
        Enrolment.objects.filter(training_class__sessions=session_id).values_list("person_id", flat=True)
    )
    url = reverse("training:mark", kwargs={"pk": session_id})
    counts = []
    for person_id in person_ids:
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, {"mark": f"{person_id}.{uuid.uuid4()}"}, HTTP_HX_REQUEST="true")
        if response.status_code != 200:
            raise RuntimeError(f"marking answered HTTP {response.status_code}")
        counts.append(len(captured))
    return counts


def weigh_pages(base: str, paths: list[str]) -> list[tuple[int, Tally]]:
    """For each page, a new browser profile (no cache, no service worker yet): sign the mentor in,
    then load the page cold and weigh everything it makes the phone download, the worker included."""
    weighed = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        try:
            for path in paths:
                context = browser.new_context()
                page = context.new_page()
                page.goto(f"{base}/accounts/login/")
                page.fill('input[name="username"]', "co-van")
                page.fill('input[name="password"]', PASSWORD)
                with page.expect_navigation():
                    page.press('input[name="password"]', "Enter")
                meter = Meter(context)
                cdp = context.new_cdp_session(page)
                cdp.send("Network.clearBrowserCache")
                cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                page.wait_for_timeout(200)
                meter.take()
                response = page.goto(f"{base}{path}", wait_until="networkidle")
                page.wait_for_timeout(500)
                weighed.append(((response.status if response else 0), Tally.of(meter.take())))
                context.close()
        finally:
            browser.close()
    return weighed


def verdict(status: int, total: int) -> str:
    if status != 200:
        return f"**HTTP {status}**"
    return "OK" if total <= BUDGET_BYTES else "**OVER**"


def main() -> int:
    with scratch_env() as env:
        setup_django(env)
        sessions = seed_database()
        database = describe_database()
        collect_static(env)
        pages = {
            f"roster of {SIZES[0]} (mentor)": f"/training/sessions/{sessions[SIZES[0]]}/",
            f"today: 2 sessions, {sum(SIZES)} enrolled, 12 requests (mentor)": "/training/today/",
        }
        with running_server(env) as base:
            weighed = dict(zip(pages, weigh_pages(base, list(pages.values())), strict=True))
        queries = {size: count_mark_queries(session_id) for size, session_id in sessions.items()}

    weight_ok = all(status == 200 and tally.total <= BUDGET_BYTES for status, tally in weighed.values())
    weight_table = markdown_table(
        [
            "page",
            "requests",
            "HTML KB",
            "CSS KB",
            "JS KB",
            "total KB",
            "not counted",
            f"≤ {BUDGET_BYTES // 1000} KB",
        ],
        [
            [
                label,
                tally.requests,
                *(kb(tally.bytes_by_kind[kind]) for kind in ("html", "css", "js")),
                f"**{kb(tally.total)}**",
                tally.not_counted,
                verdict(status, tally.total),
            ]
            for label, (status, tally) in weighed.items()
        ],
        text_columns=1,
    )
    query_rows = [
        [f"{size} residents", len(counts), min(counts), statistics.median(counts), max(counts), sum(counts)]
        for size, counts in queries.items()
    ]
    query_table = markdown_table(
        ["session", "taps", "queries per tap: min", "median", "max", "total"], query_rows, text_columns=1
    )
    per_tap_max = {size: max(counts) for size, counts in queries.items()}
    bounded = len(set(per_tap_max.values())) == 1
    print(weight_table, "\n\n" + query_table)
    notes = (
        "Page weight as in the “Page weight” section (KB = 1,000 bytes as received, cold cache, signed in "
        "first; htmx included), each page in a new browser profile: it includes the offline worker "
        "(training/sw.js) and what the worker keeps when it installs (the stylesheet, htmx, the offline "
        "script), a one-time cost of the first field page a phone opens — which is why the today screen, "
        "which itself uses no htmx, weighs as much as the roster. Queries: every enrolled resident "
        "tapped present once through the real view with an htmx request (session, CSRF-exempt test "
        "client, the resident's row rendered back), each tap counted with Django's "
        "CaptureQueriesContext; a tap includes the jurisdiction check, the idempotency look-ups, the "
        "insert and the cascade link for the class's trainer. "
        + (
            "The most queries one tap costs is the same for 40 and for 80 residents: "
            "it does not grow with the roster."
            if bounded
            else "**The cost of a tap grows with the roster size.**"
        )
    )
    write_section(
        "training_roster",
        title="Mentor's field pages: weight, and queries per roster tap",
        body=f"{weight_table}\n\n{query_table}\n\n{notes}",
        database=database,
    )
    return 0 if weight_ok and bounded else 1


if __name__ == "__main__":
    sys.exit(main())
