"""The page-weight budget: every key page must cost at most 30 KB (30,000 bytes) of HTML, CSS and JS
on the wire on a cold load, compressed as sent and headers included; images and audio are not counted.

On a throw-away database (units, 12 villages of Xã Hải Lạng, 200 residents, one user per role) it
runs the real server (gunicorn + WhiteNoise + GZipMiddleware) and Debian's Chromium through
Playwright. Each page gets a fresh browser context, signs in through the form, clears the cache,
then loads the page while a CDP session adds up `Network.loadingFinished` encodedDataLength per
request of type Document, Stylesheet, Script, XHR or Fetch. Exits non-zero if a page is over.

Run from the repository root:  .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from _report import REPO, markdown_table, write_section
from _residents import COMMUNE_CODE, VILLAGE_NAMES, residents
from _scratch import describe_database, scratch_env, setup_django
from playwright.sync_api import Browser, sync_playwright

from langso.common.browser import CHROMIUM_ARGS, CHROMIUM_PATH

BUDGET_BYTES = 30_000
PASSWORD = "bench-pages-2025"
COUNTED = {"Document": "html", "Stylesheet": "css", "Script": "js", "XHR": "html", "Fetch": "html"}
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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(env: dict[str, str]) -> Iterator[str]:
    """gunicorn serving the app on a free loopback port, stopped when the block ends."""
    port = _free_port()
    log = open(Path(env["LANGSO_VAR_DIR"]) / "gunicorn.log", "w+b")  # noqa: SIM115 (closed below)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "langso.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5).close()
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not answer within 20 s")
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError("gunicorn stopped:\n" + log.read().decode(errors="replace"))
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def kb(size: int) -> str:
    return f"{size / 1000:.1f}"


@dataclass
class Weight:
    page: str
    user: str
    status: int = 0
    requests: int = 0
    bytes_by_kind: dict[str, int] = field(default_factory=lambda: {"html": 0, "css": 0, "js": 0})
    other_requests: int = 0
    other_bytes: int = 0
    encodings: set[str] = field(default_factory=set)

    @property
    def total(self) -> int:
        return sum(self.bytes_by_kind.values())

    @property
    def is_ok(self) -> bool:
        return self.status == 200 and self.total <= BUDGET_BYTES


def _kind(event: dict) -> tuple[str, str]:
    headers = {name.lower(): value for name, value in event["response"]["headers"].items()}
    return event["type"], headers.get("content-encoding", "")


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
        cdp = context.new_cdp_session(page)
        responses: dict[str, tuple[str, str]] = {}  # request id -> (resource type, content encoding)
        sizes: dict[str, int] = {}
        cdp.on(
            "Network.responseReceived", lambda event: responses.__setitem__(event["requestId"], _kind(event))
        )
        cdp.on(
            "Network.loadingFinished",
            lambda event: sizes.__setitem__(event["requestId"], int(event["encodedDataLength"])),
        )
        cdp.send("Network.enable")
        cdp.send("Network.clearBrowserCache")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        response = page.goto(base + path, wait_until="networkidle")
        page.wait_for_timeout(200)  # let the last loadingFinished events arrive
        weight = Weight(page_name, USERS[username][0].replace("_", " ") if username else "nobody")
        weight.status = response.status if response and page.url == base + path else 0
        for request_id, size in sizes.items():
            resource_type, encoding = responses.get(request_id, ("Other", ""))
            kind = COUNTED.get(resource_type)
            if kind:
                weight.encodings.add(encoding or "identity")
                weight.requests += 1
                weight.bytes_by_kind[kind] += size
            else:
                weight.other_requests += 1
                weight.other_bytes += size
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
        from django.db import connections

        connections.close_all()  # the server gets the database to itself
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=REPO,
            env=env,
            check=True,
        )
        with running_server(env) as base:
            weights = weigh_pages(base, person_id)

    rows = [
        [
            w.page,
            w.user,
            w.requests,
            *(kb(w.bytes_by_kind[kind]) for kind in ("html", "css", "js")),
            f"**{kb(w.total)}**",
            f"{w.other_requests} · {kb(w.other_bytes)}",
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
        f"{', '.join(sorted(set().union(*(w.encodings for w in weights))))}."
    )
    if failed:
        notes += "\n\n**Over budget or failed:** " + ", ".join(f"{w.page} ({w.user})" for w in failed)
    write_section("page_weight", title="Page weight", body=f"{table}\n\n{notes}", database=database)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
