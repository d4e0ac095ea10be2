"""Scope is security: every URL of the site, as every role, never shows or reaches anything
outside the role's subtree; anonymous visitors reach only the pages declared public.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from langso.common.periods import Period, PeriodKind
from langso.learning.models import CertificateSet, Narration, NarrationLanguage
from langso.learning.services.progress import record_mentor_mastery
from langso.learning.tests.factories import make_skill
from langso.people import services
from langso.people.models import ImportBatch
from langso.reporting.models import ExportJob, ReportForm, ReportStatus, VillageReport
from langso.reporting.services.catalog import load_indicators
from langso.reporting.services.exports import request_export, run_export
from langso.reporting.services.reports import open_report
from langso.training.tests.factories_training import TrainingOutside, make_training_outside

pytestmark = pytest.mark.django_db

#: every page an anonymous visitor may open: changing this set is a security decision
PUBLIC_URL_NAMES = {
    "accounts:login",
    "set_language",
    "core:health",
    # learning is open to everyone; progress stays in the browser until someone signs in
    "learning:skill_list",
    "learning:skill_detail",
    "learning:step",
    "learning:practice",
    "learning:service_worker",
    "learning:attempt_api",
    "learning:narration_audio",
    "learning:narration_language",
    # a shared device is used by residents who have no account
    "learning:kiosk_pick",
    "learning:kiosk_switch",
    "learning:kiosk_close",
    # certificates: the holder's own (on their device or a kiosk) and the public verification
    "learning:certificates",
    "learning:certificate_pdf",
    "learning:verify",
    "learning:learner_card",
    # anyone may ask the digital team for help: the form, its commune search and its thank-you page
    "training:ask_help",
    "training:ask_help_sent",
    "training:ask_help_communes",
    # the mentors' offline worker script holds no data (it caches pages for whoever is signed in)
    "training:service_worker",
    # residents take part in competitions from their own phone or a shared device; results are public
    "training:contest_list",
    "training:contest_detail",
    "training:contest_start",
    "training:contest_question",
    "training:contest_answer",
    "training:contest_submit",
    "training:contest_results",
}
#: the public verification shows the holder's name to whoever has the certificate's code, by design
SHOWS_NAMES_BY_DESIGN = {"learning:verify"}
#: public pages of a competition name its place and its entrants' villages (never a person), by design
SHOWS_PLACES_BY_DESIGN = {"training:contest_detail", "training:contest_results"}
#: the Hải Lạng side of the world; Hoành Mô (Bản Nà Làng, Hoàng Văn Páo) is outside all of them
HAI_LANG_SIDE = [
    "commune",
    "village_head",
    "union_cadre",
    "trainer",
    "mentor",
    "clerk",
    "cooperative_manager",
    "learner",
    "nobody",
]
OUTSIDE_MARKERS = ["Hoàng Văn Páo", "Bản Nà Làng", "Xã Hoành Mô"]


def site_patterns(resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""):
    """(route, name, view) of every URL pattern of the site outside the Django admin."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith("admin/"):
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from site_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, f"{namespace}{pattern.name}", pattern.callback


@dataclass
class Outside:
    """Objects of Hoành Mô that the Hải Lạng side must never reach."""

    batch: ImportBatch
    skill_code: str
    step_id: int
    certificate_code: str
    narration_id: int
    training: TrainingOutside
    report: VillageReport
    export_job: ExportJob


@pytest.fixture
def outside(world, tmp_path, settings) -> Outside:
    settings.MEDIA_ROOT = tmp_path
    content = f"Họ và tên;Giới tính;Năm sinh;Dân tộc;Mã thôn\nBàn Thị Ngân;Nữ;1950;Dao;{world.na_lang.code}\n"
    batch = services.preview_import(
        actor=world.user("other_commune"),
        scope_unit=world.hoanh_mo,
        file_name="hoanh-mo.csv",
        content=content.encode(),
    )
    skill = make_skill()
    certificate_set = CertificateSet.objects.create(
        code="test-set", title={"vi": "Bộ", "en": "Set", "id": "Set"}
    )
    certificate_set.skills.add(skill)
    record_mentor_mastery(actor=world.user("other_commune"), person=world.pao, skill=skill)
    step = skill.lessons.first().steps.first()
    narration = Narration(
        step=step,
        language=NarrationLanguage.objects.get(code="vi"),
        source="recorded",
        status="pending",
        recorded_by=world.user("other_commune"),
    )
    narration.audio.save("pao.webm", ContentFile(b"not really audio"), save=True)
    training = make_training_outside(world, skill=skill)
    load_indicators()
    report = open_report(
        actor=world.user("other_commune"),
        form=ReportForm.objects.get(code="front-digital-monthly"),
        village=world.na_lang,
        period=Period.containing(timezone.localdate(), PeriodKind.MONTH).previous(),
    )
    export_job = request_export(
        actor=world.user("other_commune"), unit=world.hoanh_mo, period=report.period, fmt="xlsx"
    )
    run_export(job_id=export_job.pk)  # done, with its workbook of Hoành Mô ready to download
    return Outside(
        batch,
        skill.code,
        step.pk,
        world.pao.certificates.get().code,
        narration.pk,
        training,
        report,
        export_job,
    )


def fill_route(route: str, values: dict) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


def outside_urls(world, outside: Outside) -> list[tuple[str, str]]:
    """Every URL of the site, aimed at the objects of Hoành Mô."""
    values = {
        "code": world.na_lang.code,
        "person_id": world.pao.pk,
        "batch_id": outside.batch.pk,
        "skill": outside.skill_code,
        "lesson": "bai-1",
        "number": 1,
        "step_id": outside.step_id,
        "pk": outside.narration_id,
        "skill_code": outside.skill_code,
        "n": 1,
        "question_id": outside.training.competition_question_id,
        "job_id": outside.export_job.pk,
    }
    urls = []
    for route, name, _view in site_patterns():
        aimed = (
            {"pk": outside.report.pk} if name.startswith("reporting:") else outside.training.values_for(name)
        )
        path = fill_route(route, {**values, **aimed})
        urls += [(name, path), (name, f"{path}?unit={world.hoanh_mo.code}")]
        if "code>" in route:
            urls += [
                (name, fill_route(route, {**values, "code": world.hoanh_mo.code})),
                (name, fill_route(route, {**values, "code": outside.certificate_code})),
            ]
    return urls


def assert_nothing_outside(response, who: str, name: str, url: str) -> None:
    assert response.status_code in (200, 302, 400, 403, 404, 405), (who, url, response.status_code)
    content_type = response.get("Content-Type", "")
    if response.status_code == 200 and content_type.startswith("text/") and name not in SHOWS_NAMES_BY_DESIGN:
        body = response.content.decode()
        markers = OUTSIDE_MARKERS[:1] if name in SHOWS_PLACES_BY_DESIGN else OUTSIDE_MARKERS
        for marker in markers:
            assert marker not in body, f"{who} sees {marker} at {url}"
    assert not content_type.startswith(("application/vnd.openxml", "application/pdf", "audio/")), (who, url)


@pytest.mark.parametrize("who", HAI_LANG_SIDE)
def test_no_role_reaches_anything_outside_its_subtree(client, world, outside, who):
    client.force_login(world.user(who))
    for name, url in outside_urls(world, outside):
        if name in (
            "accounts:logout",
            "set_language",
            "learning:kiosk_open",
            "learning:kiosk_close",
            "learning:kiosk_switch",
        ):
            continue  # these end the session; kiosk_open is tested on its own
        assert_nothing_outside(client.get(url), who, name, url)
        assert_nothing_outside(client.post(url, outside.training.post_data(name)), who, name, url)
    assert not ImportBatch.objects.exclude(status="previewed").exists()
    assert not world.hoanh_mo.children.exclude(pk=world.na_lang.pk).exists()
    assert Narration.objects.get(pk=outside.narration_id).status == "pending"
    assert outside.training.is_untouched()
    assert outside.report.events.count() == 1 and VillageReport.objects.get().status == ReportStatus.DRAFT
    assert ExportJob.objects.count() == 1


def test_no_one_opens_a_kiosk_outside_their_subtree(client, world, outside):
    for who in HAI_LANG_SIDE:
        client.force_login(world.user(who))
        assert client.post(f"/learn/kiosk/open/{world.na_lang.code}/").status_code in (302, 404)
        assert "langso_kiosk_unit" not in client.session


def test_the_crawl_can_see_a_leak_the_province_officer_is_allowed(client, world, outside):
    """The same crawl as a province officer does find Hoành Mô: the markers and URLs are right."""
    client.force_login(world.user("province"))
    found = set()
    for name, url in outside_urls(world, outside):
        if name in (
            "accounts:logout",
            "learning:kiosk_open",
            "learning:kiosk_close",
            "learning:kiosk_switch",
        ):
            continue
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            found.update(m for m in OUTSIDE_MARKERS if m in response.content.decode(errors="ignore"))
    assert found == set(OUTSIDE_MARKERS)


def test_only_the_declared_pages_are_public(client, world, outside):
    public = {name for _route, name, view in site_patterns() if not getattr(view, "login_required", True)}
    assert public == PUBLIC_URL_NAMES
    for name, url in outside_urls(world, outside):
        response = client.get(url)
        if name in PUBLIC_URL_NAMES:
            assert_nothing_outside(response, "anonymous", name, url)
        else:
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url


def test_the_admin_is_for_national_admins_only(client, world):
    client.force_login(world.user("commune"))
    assert client.get("/admin/").status_code == 302
    admin = world.user("national")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    assert client.get("/admin/people/person/").status_code == 200


def test_the_crawl_aims_the_training_urls_at_hoanh_mos_objects(client, world, outside):
    """The province officer, who may see Hoành Mô, finds it on every training page the crawl aims
    at an object: so the crawl's values for the Hải Lạng side point where they should."""
    client.force_login(world.user("province"))
    names = ["class_detail", "roster", "session_checks", "team_detail", "help_detail"]
    names += ["conference_detail", "competition_detail"]
    for name in names:
        route = next(route for route, full_name, _view in site_patterns() if full_name == f"training:{name}")
        url = fill_route(route, outside.training.values_for(f"training:{name}"))
        body = client.get(url).content.decode()
        assert any(marker in body for marker in OUTSIDE_MARKERS), url
