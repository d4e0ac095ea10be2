"""The page-weight budget: every key page must cost at most 30 KB (30,000 bytes) of HTML, CSS and JS
on the wire on a cold load, compressed as sent and headers included; images and audio are not counted.

On a throw-away database (units, 12 villages of Xã Hải Lạng, 200 residents, one user per role) it
runs the real server (gunicorn + WhiteNoise + GZipMiddleware) and Debian's Chromium through
Playwright. Each page gets a fresh browser context, signs in through the form, clears the cache,
then loads the page while a `_web.Meter` adds up the bytes received (CDP's encodedDataLength) per
request of type document, stylesheet, script, XHR or fetch. Exits non-zero if a page is over.

Run from the repository root:  .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from _report import markdown_table, write_section
from _residents import COMMUNE_CODE, VILLAGE_NAMES, residents
from _scratch import describe_database, scratch_env, setup_django
from _web import Meter, Tally, collect_static, kb, running_server
from playwright.sync_api import Browser, sync_playwright

from langso.common.browser import CHROMIUM_ARGS, CHROMIUM_PATH

BUDGET_BYTES = 30_000
PASSWORD = "bench-pages-2025"
#: username -> (role, unit code or None for the first village)
USERS = {
    "can-bo-tinh": ("province_officer", "22"),
    "can-bo-xa": ("commune_officer", COMMUNE_CODE),
    "truong-thon": ("village_head", None),
    "hoc-vien": ("learner", None),
}
PAGES = [  # (page, who signs in, path)
    ("sign-in page", None, "/accounts/login/"),
    ("home", "can-bo-tinh", "/"),
    ("home", "can-bo-xa", "/"),
    ("home", "truong-thon", "/"),
    ("home", "hoc-vien", "/"),
    ("province unit", "can-bo-tinh", "/units/22/"),
    ("commune unit", "can-bo-xa", f"/units/{COMMUNE_CODE}/"),
    ("residents list", "can-bo-xa", f"/people/?unit={COMMUNE_CODE}"),
    ("residents search", "can-bo-xa", f"/people/?unit={COMMUNE_CODE}&q=nguyen"),
    ("person detail", "can-bo-xa", "/people/{person}/"),
    ("add a resident", "can-bo-xa", f"/people/new/?unit={COMMUNE_CODE}"),
    ("import page", "can-bo-xa", "/people/import/"),
]


def seed_database(resident_count: int = 200) -> int:
    """Units, villages, residents (registered through the service) and users; a person's id."""
    from langso.accounts.services import assign_role, create_user
    from langso.common.text import normalize_text
    from langso.people.models import Ethnicity, Gender, Person
    from langso.people.services import PersonData, register_person
    from langso.people.services.columns import ORGANIZATION_KEYS
    from langso.places.models import Unit
    from langso.places.services import create_village, load_vietnam_units

    load_vietnam_units()
    commune = Unit.objects.get(code=COMMUNE_CODE)
    villages = {v.code: v for v in (create_village(commune=commune, name=n) for n in VILLAGE_NAMES[:12])}
    first_village = next(iter(villages.values()))
    users = {}
    for username, (role, code) in USERS.items():
        users[username] = create_user(username=username, password=PASSWORD)
        unit = Unit.objects.get(code=code) if code else first_village
        assign_role(user=users[username], role=role, unit=unit)
    ethnicities = {e.name: e for e in Ethnicity.objects.all()}
    for row in residents(resident_count, list(villages)):
        data = PersonData(
            full_name=str(row["full_name"]),
            gender=Gender.FEMALE if row["gender"] == "Nữ" else Gender.MALE,
            birth_year=int(str(row["birth_year"])),
            ethnicity=ethnicities[str(row["ethnicity"])],
            village=villages[str(row["village_code"])],
            phone=str(row["phone"]),
            phone_consent=bool(row["phone_consent"]),
            is_cadre=bool(row["is_cadre"]),
            is_ocop_subject=bool(row["is_ocop_subject"]),
            organization_kinds=[
                ORGANIZATION_KEYS[normalize_text(word)]
                for word in str(row["organizations"]).split(", ")
                if word
            ],
        )
        register_person(actor=users["can-bo-xa"], data=data)
    return Person.objects.filter(commune=commune).order_by("id").values_list("id", flat=True)[0]


@dataclass
class Weight:
    page: str
    user: str
    status: int = 0
    tally: Tally = field(default_factory=Tally)

    @property
    def is_ok(self) -> bool:
        return self.status == 200 and self.tally.total <= BUDGET_BYTES


def weigh(browser: Browser, base: str, page_name: str, username: str | None, path: str) -> Weight:
    """Sign in (if a user is given) in a fresh context, then load `path` cold and weigh it."""
    context = browser.new_context()
    try:
        page = context.new_page()
        if username:
            page.goto(f"{base}/accounts/login/")
            page.fill('input[name="username"]', username)
            page.fill('input[name="password"]', PASSWORD)
            with page.expect_navigation():
                page.press('input[name="password"]', "Enter")
            if "/accounts/login/" in page.url:
                raise RuntimeError(f"{username} could not sign in")
        meter = Meter(context)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.clearBrowserCache")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        page.wait_for_timeout(200)
        meter.take()  # the sign-in's requests are not this page's
        response = page.goto(base + path, wait_until="networkidle")
        page.wait_for_timeout(200)  # let the last requestfinished events arrive
        weight = Weight(page_name, USERS[username][0].replace("_", " ") if username else "nobody")
        weight.status = response.status if response and page.url == base + path else 0
        weight.tally = Tally.of(meter.take())
        return weight
    finally:
        context.close()


def weigh_pages(base: str, person_id: int) -> list[Weight]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        try:
            return [
                weigh(browser, base, name, user, path.format(person=person_id)) for name, user, path in PAGES
            ]
        finally:
            browser.close()


def main() -> int:
    with scratch_env() as env:
        setup_django(env)
        person_id = seed_database()
        database = describe_database()
        collect_static(env)
        with running_server(env) as base:
            weights = weigh_pages(base, person_id)

    rows = [
        [
            w.page,
            w.user,
            w.tally.requests,
            *(kb(w.tally.bytes_by_kind[kind]) for kind in ("html", "css", "js")),
            f"**{kb(w.tally.total)}**",
            w.tally.not_counted,
            "OK" if w.is_ok else ("**OVER**" if w.status == 200 else f"**HTTP {w.status or 'redirected'}**"),
        ]
        for w in weights
    ]
    sizes = [f"{kind} KB" for kind in ("HTML", "CSS", "JS", "total")]
    header = ["page", "signed in as", "requests", *sizes, "not counted", f"≤ {BUDGET_BYTES // 1000} KB"]
    table = markdown_table(header, rows, text_columns=2)
    print(table)
    failed = [w for w in weights if not w.is_ok]
    notes = (
        "KB = 1,000 bytes as received (compressed body + response headers), cold cache, one fresh "
        "browser context per page, signed in first. “requests” counts documents, stylesheets, scripts and "
        "htmx/fetch calls; “not counted” is the rest (the SVG icon sprite, images, audio): requests · KB. "
        "Server: gunicorn, 2 workers, `DEBUG=false`, WhiteNoise compressed manifest storage; "
        "Chromium offers gzip, br and zstd; content encodings received: "
        f"{', '.join(sorted(set().union(*(w.tally.encodings for w in weights))))}."
    )
    if failed:
        notes += "\n\n**Over budget or failed:** " + ", ".join(f"{w.page} ({w.user})" for w in failed)
    write_section("page_weight", title="Page weight", body=f"{table}\n\n{notes}", database=database)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
