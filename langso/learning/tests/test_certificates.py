"""Certificates: issued once a whole set of skills is mastered, printed as an A4 landscape PDF with
the name exactly as written, downloadable by the holder and by staff in reach, and verifiable by
anyone at /verify/<code>/."""

from __future__ import annotations

import re
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest
from django.utils import timezone, translation

from langso.accounts.models import AuditEvent
from langso.common.codes import CODE_ALPHABET
from langso.learning.models import Certificate, CertificateSet, Mastery, MasterySource, Skill
from langso.learning.pdf import render_certificate_pdf
from langso.learning.services import certificates as certificate_services
from langso.learning.services.certificates import (
    CODE_LENGTH,
    issue_due_certificates,
    issue_missing_certificates,
)
from langso.learning.services.learners import KIOSK_PERSON, KIOSK_UNIT
from langso.learning.services.progress import record_mentor_mastery
from langso.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

#: the skills of "Công dân số cơ bản", in course order
BASIC_SKILLS = [
    ("smartphone-basics", "Làm quen với điện thoại thông minh", "Smartphone basics", "Dasar ponsel pintar"),
    ("vneid", "Tài khoản định danh điện tử VNeID", "VNeID electronic identity", "Identitas VNeID"),
    ("cashless-payment", "Thanh toán không dùng tiền mặt", "Cashless payment", "Pembayaran nontunai"),
    ("zalo", "Nhắn tin và gọi video với Zalo", "Messages and calls on Zalo", "Pesan di Zalo"),
    ("scams", "Nhận biết lừa đảo trên mạng", "Spotting online scams", "Mengenali penipuan daring"),
]
HUONG = "Nguyễn Thị Hường"
SENH = "Hoàng Thị Sểnh"  # a Tày name


@pytest.fixture
def basic_set(world) -> CertificateSet:
    """The set "Công dân số cơ bản", its skills created out of course order."""
    skills = []
    for order, (code, vi, en, id_) in reversed(list(enumerate(BASIC_SKILLS, start=1))):
        skills.append(
            Skill.objects.create(
                code=code, order=order, title={"vi": vi, "en": en, "id": id_}, summary={"vi": vi}
            )
        )
    certificate_set = CertificateSet.objects.create(
        code="basic-digital-citizen",
        title={"vi": "Công dân số cơ bản", "en": "Basic digital citizen", "id": "Warga digital dasar"},
    )
    certificate_set.skills.set(skills)
    return certificate_set


@pytest.fixture
def huong(world):
    """Bà Hường of Thôn Thống Nhất (Hải Lạng), signed in as the world's learner account."""
    learner = world.user("learner")
    return PersonFactory(full_name=HUONG, village=world.thong_nhat, birth_year=1947, user=learner)


def master(person, skills) -> None:
    for skill in skills:
        Mastery.objects.create(
            person=person,
            skill=skill,
            source=MasterySource.PRACTICE,
            mastered_at=timezone.now(),
            village=person.village,
            commune=person.commune,
            province=person.province,
        )


def skills_of(certificate_set) -> list[Skill]:
    return list(certificate_set.skills.order_by("order"))


@pytest.fixture
def certificate(basic_set, huong) -> Certificate:
    master(huong, skills_of(basic_set))
    (issued,) = issue_due_certificates(person=huong)
    return issued


def pdf_text(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        Path(file.name).write_bytes(pdf)
        text = subprocess.run(["pdftotext", file.name, "-"], capture_output=True, check=True).stdout
    return unicodedata.normalize("NFC", text.decode())


def pdf_info(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        Path(file.name).write_bytes(pdf)
        return subprocess.run(["pdfinfo", file.name], capture_output=True, check=True, text=True).stdout


# Issuing


def test_no_certificate_before_every_skill_of_the_set_is_mastered(basic_set, huong):
    master(huong, skills_of(basic_set)[:-1])
    assert issue_due_certificates(person=huong) == []
    assert not Certificate.objects.exists()


def test_mastering_the_last_skill_issues_the_certificate(basic_set, huong, world):
    # given four skills mastered
    master(huong, skills_of(basic_set)[:-1])
    issue_due_certificates(person=huong)
    # when the last one is mastered
    master(huong, skills_of(basic_set)[-1:])
    (certificate,) = issue_due_certificates(person=huong)
    # then the certificate copies what it certifies, in course order, in every language
    assert certificate.certificate_set == basic_set
    assert certificate.holder_name == HUONG
    assert certificate.skill_titles["vi"] == [vi for _code, vi, _en, _id in BASIC_SKILLS]
    assert certificate.skill_titles["en"] == [en for _code, _vi, en, _id in BASIC_SKILLS]
    assert certificate.skill_titles["id"][0] == "Dasar ponsel pintar"
    assert certificate.issuing_unit == world.hai_lang
    assert re.fullmatch(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}", certificate.code)


def test_issuing_again_issues_nothing_new(certificate, huong):
    assert issue_due_certificates(person=huong) == []
    assert Certificate.objects.filter(person=huong).count() == 1


def test_the_name_is_stored_composed_whatever_the_keyboard_sent(basic_set, world):
    typed = unicodedata.normalize("NFD", SENH)
    senh = PersonFactory(full_name=typed, village=world.na_lang)
    master(senh, skills_of(basic_set))
    (certificate,) = issue_due_certificates(person=senh)
    assert certificate.holder_name == SENH and unicodedata.is_normalized("NFC", certificate.holder_name)


def test_each_certificate_gets_its_own_code(basic_set, world):
    people = [PersonFactory(village=world.thong_nhat) for _ in range(5)]
    for person in people:
        master(person, skills_of(basic_set))
        issue_due_certificates(person=person)
    codes = list(Certificate.objects.values_list("code", flat=True))
    assert len(codes) == 5 and len(set(codes)) == 5


def test_a_code_already_taken_is_drawn_again(certificate, basic_set, world, monkeypatch):
    draws = iter([certificate.code, "NEWCERT234"])
    monkeypatch.setattr(certificate_services, "new_certificate_code", lambda: next(draws))
    lan = world.lan
    master(lan, skills_of(basic_set))
    (second,) = issue_due_certificates(person=lan)
    assert second.code == "NEWCERT234"


def test_a_set_without_skills_certifies_nothing(basic_set, huong):
    CertificateSet.objects.create(code="empty", title={"vi": "Trống"})
    master(huong, skills_of(basic_set))
    assert [c.certificate_set.code for c in issue_due_certificates(person=huong)] == ["basic-digital-citizen"]


def test_a_mentor_checking_the_last_skill_issues_the_certificate_at_once(basic_set, huong, world):
    """The wiring: progress records mastery, and every new mastery issues what it completes."""
    for skill in skills_of(basic_set):
        assert not Certificate.objects.filter(person=huong).exists()
        record_mentor_mastery(actor=world.user("mentor"), person=huong, skill=skill)
    assert Certificate.objects.filter(person=huong, certificate_set=basic_set).count() == 1


def test_a_set_added_later_is_issued_to_those_who_already_mastered_its_skills(basic_set, huong, world):
    # given Hường and Lan mastered two skills before any set contained just those two
    two = skills_of(basic_set)[:2]
    master(huong, two)
    master(world.lan, two[:1])
    later = CertificateSet.objects.create(code="first-steps", title={"vi": "Những bước đầu"})
    later.skills.set(two)
    # when the missing certificates are issued (after loading the curriculum)
    issued = issue_missing_certificates()
    # then Hường alone gets it, once
    assert [(c.person, c.certificate_set) for c in issued] == [(huong, later)]
    assert issue_missing_certificates() == []


# The PDF


def test_the_pdf_is_one_a4_landscape_page(certificate):
    info = pdf_info(render_certificate_pdf(certificate, verify_url="https://langso.example/verify/X/"))
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(width, 1), round(height, 1)) == (841.9, 595.3)  # A4, wider than tall


@pytest.mark.parametrize("name", [HUONG, SENH])
def test_the_pdf_writes_the_name_with_every_diacritic(basic_set, world, name):
    person = PersonFactory(full_name=name, village=world.thong_nhat)
    master(person, skills_of(basic_set))
    (certificate,) = issue_due_certificates(person=person)
    with translation.override("vi"):
        text = pdf_text(render_certificate_pdf(certificate, verify_url="https://langso.example/verify/X/"))
    assert unicodedata.normalize("NFC", name) in text


def test_the_pdf_shows_set_skills_vietnamese_date_unit_code_and_address(certificate):
    verify_url = f"https://langso.example/verify/{certificate.code}/"
    with translation.override("vi"):
        text = pdf_text(render_certificate_pdf(certificate, verify_url=verify_url))
    issued = timezone.localtime(certificate.issued_at)
    assert "Công dân số cơ bản" in text
    assert all(vi in text for _code, vi, _en, _id in BASIC_SKILLS)
    assert f"Ngày {issued:%d} tháng {issued.month} năm {issued.year}" in text
    assert "Xã Hải Lạng, Quảng Ninh" in text
    assert certificate.code in text and verify_url in text


def test_the_pdf_speaks_the_language_of_the_download(certificate):
    with translation.override("en"):
        text = pdf_text(render_certificate_pdf(certificate, verify_url="https://langso.example/verify/X/"))
    assert "Basic digital citizen" in text and "Cashless payment" in text
    assert "Thanh toán không dùng tiền mặt" not in text


# Downloading


def test_the_holder_downloads_the_pdf_without_an_audit_entry(client, world, certificate):
    client.force_login(world.user("learner"))
    response = client.get(f"/learn/certificates/{certificate.code}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="giay-chung-nhan-{certificate.code}.pdf"'
    assert response.content.startswith(b"%PDF")
    assert f"http://testserver/verify/{certificate.code}/" in pdf_text(response.content)
    assert not AuditEvent.objects.filter(action="certificate.download").exists()


def test_a_lower_case_code_downloads_the_same_pdf(client, world, certificate):
    client.force_login(world.user("learner"))
    assert client.get(f"/learn/certificates/{certificate.code.lower()}.pdf").status_code == 200


def test_a_commune_officer_downloads_it_and_the_download_is_audit_logged(client, world, certificate, huong):
    client.force_login(world.user("commune"))
    assert client.get(f"/learn/certificates/{certificate.code}.pdf").status_code == 200
    event = AuditEvent.objects.get(action="certificate.download")
    assert event.actor == world.user("commune") and event.target == f"person:{huong.pk}"
    assert event.detail == {"code": certificate.code}


@pytest.mark.parametrize("who", ["other_commune", "clerk", "cooperative_manager", "nobody"])
def test_nobody_else_gets_the_pdf(client, world, certificate, who):
    client.force_login(world.user(who))
    assert client.get(f"/learn/certificates/{certificate.code}.pdf").status_code == 404


def test_another_learner_does_not_get_the_pdf(client, world, certificate):
    other = PersonFactory(village=world.thong_nhat, user=world.user("nobody"))
    assert other.user is not None
    client.force_login(world.user("nobody"))
    assert client.get(f"/learn/certificates/{certificate.code}.pdf").status_code == 404


def test_an_anonymous_visitor_is_asked_to_sign_in_for_the_pdf(client, certificate):
    response = client.get(f"/learn/certificates/{certificate.code}.pdf")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_resident_on_the_shared_device_downloads_their_pdf(client, world, certificate, huong):
    session = client.session
    session[KIOSK_UNIT] = world.thong_nhat.path
    session[KIOSK_PERSON] = huong.pk
    session.save()
    assert client.get(f"/learn/certificates/{certificate.code}.pdf").status_code == 200


# The learner's page


def test_the_learner_sees_their_certificate_with_a_download_button(client, world, certificate):
    client.force_login(world.user("learner"))
    response = client.get("/learn/certificates/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Công dân số cơ bản" in body and "Làm quen với điện thoại thông minh" in body
    assert f'href="/learn/certificates/{certificate.code}.pdf"' in body


def test_the_certificates_page_is_kept_out_of_every_cache(client, world, certificate):
    """On a shared device the offline cache serves everyone: a resident's certificates stay out of it."""
    client.force_login(world.user("learner"))
    response = client.get("/learn/certificates/")
    assert "no-store" in response["Cache-Control"] and "learn.js" not in response.content.decode()
    assert "no-store" in client.get(f"/learn/certificates/{certificate.code}.pdf")["Cache-Control"]


def test_the_learner_sees_how_far_they_are_from_a_certificate(client, world, basic_set, huong):
    master(huong, skills_of(basic_set)[:3])
    client.force_login(world.user("learner"))
    client.cookies["langso_language"] = "en"
    body = client.get("/learn/certificates/").content.decode()
    assert "Basic digital citizen" in body and "3 of 5 skills mastered" in body


def test_anonymous_visitors_are_told_certificates_need_an_account(client, world):
    response = client.get("/learn/certificates/")
    assert response.status_code == 200
    assert 'href="/accounts/login/?next=/learn/certificates/"' in response.content.decode()


# Verifying


def test_anyone_can_verify_a_real_code_and_sees_only_name_set_skills_and_date(client, certificate, world):
    response = client.get(f"/verify/{certificate.code}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert HUONG in body and "Công dân số cơ bản" in body
    assert all(vi in body for _code, vi, _en, _id in BASIC_SKILLS)
    assert timezone.localtime(certificate.issued_at).strftime("%Y") in body
    for private in ["1947", world.thong_nhat.name, world.hai_lang.name, "Hải Lạng", "Quảng Ninh"]:
        assert private not in body, private


def test_codes_are_verified_whatever_their_case(client, certificate):
    assert client.get(f"/verify/{certificate.code.lower()}/").status_code == 200


def test_a_forged_code_is_not_a_certificate(client, certificate):
    client.cookies["langso_language"] = "en"
    response = client.get("/verify/ABCDEFGH23/")
    assert response.status_code == 404
    assert "This code is not a certificate of Làng Số." in response.content.decode()
