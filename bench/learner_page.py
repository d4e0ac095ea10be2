"""The learner's budget: a lesson step page on a cold cache costs at most 20 KB (20,000 bytes) of
HTML, CSS and JS on the wire in at most 5 requests (images and audio not counted); revisited, the
service worker answers it and nothing comes from the network; and it opens offline. Kolibri's
learner page is weighed the same way in the same run, for comparison.

Làng Số: a throw-away database (units, then the real curriculum, or a small test skill when
`load_curriculum` refuses the content files), the real server (gunicorn + WhiteNoise) and Debian's
Chromium through Playwright. An anonymous visitor opens the first step of the first lesson of the
first skill in a fresh browser context; a `_web.Meter` records every request of the context, the
page's and the service worker's, until `#offline-status` shows that the worker kept the page. The
same page then opens again (online) and every byte that did not come from the worker or a cache is
counted; then a new tab opens it offline.

Kolibri: installed from PyPI into a venv of its own outside the repository ($KOLIBRI_VENV, by default
/tmp/kolibri-venv, created on first use), on a throw-away KOLIBRI_HOME, provisioned with a facility
and a learner, serving on loopback only (no zeroconf, no ping). With no content channel (none can be
downloaded here) its sign-in page and its Learn page (as a guest, and signed in as the learner) are
weighed the same way, each in a fresh context.

Run from the repository root:  .venv/bin/python bench/learner_page.py
Exits non-zero if the step page is over its budget, the revisit takes bytes from the network, or
the step does not open offline.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from _report import markdown_table, write_section
from _scratch import describe_database, scratch_env, setup_django
from _web import Meter, Tally, Transfer, collect_static, free_port, kb, running_server, stop, wait_for_http
from playwright.sync_api import Browser, sync_playwright

from langso.common.browser import CHROMIUM_ARGS, CHROMIUM_PATH

BUDGET_BYTES, BUDGET_REQUESTS = 20_000, 5
SETTLE_MS = 2_000  # after a page is done: time for the worker's own requests (and any late XHR)
KOLIBRI_VERSION = "0.19.5"
KOLIBRI_VENV = Path(os.environ.get("KOLIBRI_VENV", "/tmp/kolibri-venv"))
LEARNER, LEARNER_PASSWORD = "hoc-vien", "bench-learner-2025"
#: Kolibri's learner-facing pages: (what, path, signed in as the learner)
KOLIBRI_PAGES = [
    ("sign-in page (where `/` leads)", "/en/auth/", False),
    ("Learn page, guest", "/en/learn/", False),
    ("Learn page, signed-in learner", "/en/learn/", True),
]


@dataclass
class Weighing:
    """One page in a fresh browser context: the cold visit, then a revisit in the same context."""

    page: str
    cold: list[Transfer] = field(default_factory=list)  # every request of the cold visit
    revisit: list[Transfer] = field(default_factory=list)  # every request of the revisit
    offline: str = "–"

    @property
    def cold_page(self) -> Tally:
        """The page's own requests."""
        return Tally.of([t for t in self.cold if not t.by_service_worker])

    @property
    def cold_worker(self) -> Tally:
        """Its service worker's: its script, and the copies it keeps."""
        return Tally.of([t for t in self.cold if t.by_service_worker])

    @property
    def cold_total(self) -> tuple[int, int]:
        """(requests, bytes) of HTML, CSS and JS of the cold visit, the service worker's included."""
        tally = Tally.of(self.cold)
        return tally.requests, tally.total

    @property
    def revisit_network(self) -> list[Transfer]:
        """Whatever the revisit took from the network, counted or not."""
        return [t for t in self.revisit if t.on_network]

    def listing(self, base: str) -> str:
        """Every network request, one a line, for the console."""
        lines = []
        for visit, transfers in (("cold", self.cold), ("revisit", self.revisit)):
            for t in (t for t in transfers if t.on_network):
                who = "worker" if t.by_service_worker else "page"
                path = t.url.removeprefix(base)
                lines.append(f"  {visit:<7} {who:<6} {t.resource_type:<10} {t.size:>7} B  {path}")
        return "\n".join(lines)


# --- Làng Số ---------------------------------------------------------------------------------


def seed_langso() -> tuple[str, str]:
    """Units and the curriculum (or a test skill); the path of the first step, and whence its content."""
    from django.core.management import CommandError, call_command
    from django.urls import reverse

    from langso.learning.models import Step

    call_command("load_units", stdout=io.StringIO())
    try:
        call_command("load_curriculum", stdout=io.StringIO())
        content = "the real curriculum (`load_curriculum`)"
    except CommandError as error:
        from langso.learning.tests.factories import make_skill

        make_skill()
        problems = str(error).count("\n- ")
        content = (
            f"a small test skill (`make_skill`: 2 lessons of 2 one-line steps), because `load_curriculum` "
            f"refused the content files ({problems} problems, the curriculum is being finished)"
        )
    step = Step.objects.select_related("lesson__skill").order_by(
        "lesson__skill__order", "lesson__order", "order"
    )[0]
    lesson = step.lesson
    return reverse("learning:step", args=[lesson.skill.code, lesson.code, step.order]), content


def weigh_step(browser: Browser, url: str) -> Weighing:
    context = browser.new_context()
    try:
        meter = Meter(context)
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        text = page.locator(".step-text").inner_text()
        page.locator("#offline-status").wait_for(state="visible", timeout=15_000)  # the worker kept it
        page.wait_for_timeout(SETTLE_MS)
        weighing = Weighing("lesson step, anonymous", cold=meter.take())
        page.goto(url, wait_until="networkidle")  # online again, through the worker
        page.wait_for_timeout(SETTLE_MS)
        weighing.revisit = meter.take()
        context.set_offline(True)
        tab = context.new_page()
        try:
            tab.goto(url, wait_until="load")
            opened = tab.locator(".step-text").inner_text(timeout=5_000) == text
        except Exception:  # whatever fails offline, the answer is "no"
            opened = False
        weighing.offline = "OK" if opened else "**FAILED**"
        return weighing
    finally:
        context.close()


def measure_langso() -> tuple[Weighing, str, str, str]:
    """The step page weighed; its path, where its content came from, and the database."""
    with scratch_env() as env:
        setup_django(env)
        path, content = seed_langso()
        database = describe_database()
        collect_static(env)
        with running_server(env) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
            try:
                step = weigh_step(browser, base + path)
            finally:
                browser.close()
        print(f"Làng Số, {path}: every request that went to the network\n{step.listing(base)}")
        return step, path, content, database


# --- Kolibri ---------------------------------------------------------------------------------


class KolibriUnavailable(Exception):
    """Kolibri could not be installed, provisioned or started here; the message says why."""


def _run(command: list[str], env: dict[str, str], what: str, timeout: int = 600) -> str:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise KolibriUnavailable(f"{what}: {error}") from error
    if done.returncode:
        tail = " ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
        raise KolibriUnavailable(f"{what} failed (exit code {done.returncode}): {tail}")
    return done.stdout


def kolibri_command(env: dict[str, str]) -> str:
    """bin/kolibri of the venv, installed there first if it is not yet."""
    kolibri = KOLIBRI_VENV / "bin" / "kolibri"
    if not kolibri.exists():
        print(f"Installing kolibri=={KOLIBRI_VERSION} into {KOLIBRI_VENV} …", flush=True)
        _run([sys.executable, "-m", "venv", "--clear", str(KOLIBRI_VENV)], env, "python -m venv")
        pip = [str(KOLIBRI_VENV / "bin" / "pip"), "install", "--quiet", f"kolibri=={KOLIBRI_VERSION}"]
        _run(pip, env, "pip install kolibri")
    return str(kolibri)


CREATE_LEARNER = f"""
from kolibri.core.auth.models import Facility, FacilityUser
user = FacilityUser(username={LEARNER!r}, full_name="Học Viên", facility=Facility.get_default_facility())
user.set_password({LEARNER_PASSWORD!r})
user.save()
"""


@contextmanager
def running_kolibri() -> Iterator[tuple[str, str]]:
    """(base URL, version) of a provisioned Kolibri with one learner, stopped when the block ends."""
    home = tempfile.mkdtemp(prefix="kolibri-bench-")
    port = free_port()
    env = {
        name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if name in os.environ
    }
    env |= {
        "KOLIBRI_HOME": home,
        "KOLIBRI_HTTP_PORT": str(port),
        "KOLIBRI_ZIP_CONTENT_PORT": str(free_port()),
        "KOLIBRI_LISTEN_ADDRESS": "127.0.0.1",  # loopback only,
        "KOLIBRI_ZEROCONF_ENABLED": "False",  # no announcing itself on the network,
        "KOLIBRI_DISABLE_PING": "True",  # and no statistics ping
    }
    try:
        kolibri = kolibri_command(env)
        version = _run([kolibri, "--version"], env, "kolibri --version").strip().rsplit(" ", 1)[-1]
        provision = "--facility Bench --superusername admin --superuserpassword bench-admin-2025 "
        provision += "--preset formal --language_id en --noinput"
        _run(
            [kolibri, "manage", "provisiondevice", "--", *provision.split()],
            env,
            "kolibri manage provisiondevice",
        )
        _run([kolibri, "manage", "shell", "--", "-c", CREATE_LEARNER], env, "creating the learner")
        log = open(Path(home) / "bench-server.log", "w+b")  # noqa: SIM115 (closed below)
        server = subprocess.Popen(
            [kolibri, "start", "--foreground", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            try:
                wait_for_http(f"{base}/", server, seconds=180)
            except RuntimeError as error:
                log.seek(0)
                tail = " ".join(log.read().decode(errors="replace").strip().splitlines()[-3:])
                raise KolibriUnavailable(f"kolibri start: {error}: {tail}") from error
            yield base, version
        finally:
            stop(server)
            log.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)


def weigh_kolibri(browser: Browser, base: str, name: str, path: str, signed_in: bool) -> Weighing:
    context = browser.new_context()
    try:
        meter = Meter(context)
        if signed_in:  # through the API, so that no page of Kolibri is in the cache before the cold load
            context.request.get(f"{base}/api/auth/session/current/")  # its every answer sets the CSRF cookie
            token = next(c["value"] for c in context.cookies() if c["name"].endswith("csrftoken"))
            answer = context.request.post(
                f"{base}/api/auth/session/",
                data={"username": LEARNER, "password": LEARNER_PASSWORD},
                headers={"X-CSRFToken": token, "Referer": f"{base}/en/auth/"},
            )
            if not answer.ok:
                raise KolibriUnavailable(f"the learner could not sign in: HTTP {answer.status}")
        page = context.new_page()
        meter.take()
        page.goto(base + path, wait_until="networkidle")
        page.wait_for_timeout(SETTLE_MS)
        weighing = Weighing(name, cold=meter.take())
        page.goto(base + path, wait_until="networkidle")
        page.wait_for_timeout(SETTLE_MS)
        weighing.revisit = meter.take()
        return weighing
    finally:
        context.close()


def measure_kolibri() -> tuple[list[Weighing], str]:
    """Kolibri's learner pages weighed, and its version; raises KolibriUnavailable."""
    with running_kolibri() as (base, version), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        try:
            return [weigh_kolibri(browser, base, *page) for page in KOLIBRI_PAGES], version
        finally:
            browser.close()


# --- the report ------------------------------------------------------------------------------


def cell(requests: int, size: int) -> str:
    return f"{requests} · {kb(size)}"


def row(product: str, w: Weighing, verdict: str, ratio: str) -> list[object]:
    requests, size = w.cold_total
    revisit = w.revisit_network
    return [
        product,
        w.page,
        cell(w.cold_page.requests, w.cold_page.total),
        cell(w.cold_worker.requests, w.cold_worker.total),
        f"{requests} · **{kb(size)}**",
        Tally.of(w.cold).not_counted,
        cell(len(revisit), sum(t.size for t in revisit)),
        w.offline,
        verdict,
        ratio,
    ]


def main() -> int:
    step, path, content, database = measure_langso()
    try:
        kolibri, version = measure_kolibri()
        encodings = sorted(set().union(*(Tally.of(w.cold).encodings for w in kolibri)))
        kolibri_note = (
            f"Kolibri {version} (PyPI, in a venv of its own), provisioned with `provisiondevice --preset "
            "formal --language_id en` and one learner, no content channel (none can be downloaded here), "
            "served by its own server (`kolibri start`: Cheroot) on loopback. Guest access is on, so an "
            "anonymous visitor is shown the Learn page too; the learner signs in through the API first, "
            "so nothing is cached before the cold load. Kolibri has no service worker: its revisit is "
            f"answered by the HTTP cache where it can be. Content encodings received: {', '.join(encodings)}."
        )
    except Exception as error:  # Kolibri failing must not hide Làng Số's figures
        kolibri, kolibri_note = [], f"**Kolibri not measured:** {type(error).__name__}: {error}"

    requests, size = step.cold_total
    failures = []
    if requests > BUDGET_REQUESTS or size > BUDGET_BYTES:
        worker = ", ".join(
            f"`{urlsplit(t.url).path}`" for t in step.cold if t.by_service_worker and t.on_network
        )
        failures.append(
            f"the step page costs {requests} requests · {kb(size)} KB cold: {step.cold_page.requests} by the "
            f"page, {step.cold_worker.requests} by its service worker ({worker or 'none'})"
        )
    if step.revisit_network:
        taken = ", ".join(f"`{urlsplit(t.url).path}` ({t.size} B)" for t in step.revisit_network)
        failures.append(f"the revisit took {taken} from the network")
    if step.offline != "OK":
        failures.append("the step did not open offline")
    rows = [row("Làng Số", step, "**FAILED**" if failures else "OK", "1")]
    rows += [row("Kolibri", w, "–", f"{w.cold_total[1] / size:.0f}×") for w in kolibri]
    header = ["", "page", "cold: page", "cold: worker", "cold: total", "not counted"]
    header += ["revisit: network", "offline", "budget", "cold KB ÷ Làng Số"]
    table = markdown_table(header, rows, text_columns=2)
    print(table)
    notes = (
        f"Budget for a lesson step page: ≤ {BUDGET_BYTES // 1000} KB in ≤ {BUDGET_REQUESTS} requests on a "
        "cold cache, 0 bytes from the network when revisited, and it opens offline. Cells are "
        "“requests · KB”, KB = 1,000 bytes as received (headers + body as encoded) of documents, "
        "stylesheets, scripts and XHR/fetch calls. Each page opens in a fresh browser context (empty "
        "cache): “cold: page” is what the page asked for, “cold: worker” what its service worker "
        "fetched over the network (its script, and the copies it keeps; what the HTTP cache answered "
        "is no network request), and the budget applies to their total. “not counted” is every "
        "other request of the cold visit (the icon sprite, images, fonts, prefetched chunks). "
        "“revisit: network” is every request, of any kind, that the same page opened again in the same "
        f"context (online, {SETTLE_MS / 1000:.0f} s allowed for late requests) did not get from a "
        "service worker or a cache. “offline”: a new tab opens the step with the network off and "
        "shows the same text.\n\n"
        f"Làng Số: `{path}` as an anonymous visitor; content: {content}. Server: gunicorn, 2 workers, "
        "`DEBUG=false`, WhiteNoise compressed manifest storage, GZipMiddleware; content encodings "
        f"received: {', '.join(sorted(Tally.of(step.cold).encodings))}.\n\n{kolibri_note}"
    )
    if failures:
        notes += "\n\n**Over budget or failed:** " + "; ".join(failures) + "."
    write_section("learner_page", title="Learner page", body=f"{table}\n\n{notes}", database=database)
    for failure in failures:
        print("FAILED:", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
