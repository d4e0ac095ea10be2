"""Issuing certificates: a resident who has mastered every skill of a certificate set earns its
certificate, once, under a short unique code that anyone can verify at /verify/<code>/."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch
from django.utils import timezone

from langso.common.codes import new_code
from langso.common.text import nfc
from langso.learning.content import CONTENT_LANGUAGES, localized
from langso.learning.models import Certificate, CertificateSet, Mastery, Skill
from langso.people.models import MilestoneKind, Person
from langso.people.services.milestones import note_milestone

#: the set whose holders the "basic digital citizen" indicator counts
BASIC_CITIZEN_SET = "basic-digital-citizen"
CODE_LENGTH = 10
#: 31**10 ≈ 8·10**14 codes: a collision is rare, so a few draws always suffice
CODE_DRAWS = 8


def new_certificate_code() -> str:
    """A fresh random certificate code of CODE_LENGTH characters."""
    return new_code(CODE_LENGTH)


@transaction.atomic
def issue_due_certificates(*, person: Person) -> list[Certificate]:
    """Issue every certificate the person has earned and does not hold yet: one per certificate set
    whose skills they have all mastered. Idempotent: a second call issues nothing new.
    Returns the certificates issued by this call."""
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one issuer per person at a time
    mastered = set(Mastery.objects.filter(person=person).values_list("skill_id", flat=True))
    if not mastered:
        return []
    held = Certificate.objects.filter(person=person).values_list("certificate_set_id", flat=True)
    due_sets = (
        CertificateSet.objects.exclude(pk__in=held)
        .prefetch_related(Prefetch("skills", Skill.objects.order_by("order")))
        .order_by("code")
    )
    issued = []
    for certificate_set in due_sets:
        skills = list(certificate_set.skills.all())
        # A set without skills certifies nothing.
        if skills and all(skill.pk in mastered for skill in skills):
            issued.append(_issue(person=person, certificate_set=certificate_set, skills=skills))
    for certificate in issued:
        if certificate.certificate_set.code == BASIC_CITIZEN_SET:
            note_milestone(
                person=person, kind=MilestoneKind.BASIC_CITIZEN, on=timezone.localdate(certificate.issued_at)
            )
    return issued


def issue_missing_certificates() -> list[Certificate]:
    """Issue, to every resident, the certificates they have earned but do not hold: needed after a
    certificate set is added or given other skills in the curriculum, since issuing otherwise
    happens only when a skill is mastered. Each resident is issued in their own transaction."""
    candidates: set[int] = set()
    for certificate_set in CertificateSet.objects.annotate(skill_count=Count("skills")).filter(
        skill_count__gt=0
    ):
        candidates.update(
            Mastery.objects.filter(skill__certificate_sets=certificate_set)
            .exclude(person__certificates__certificate_set=certificate_set)
            .values("person_id")
            .annotate(mastered=Count("skill_id", distinct=True))
            .filter(mastered=certificate_set.skill_count)
            .values_list("person_id", flat=True)
        )
    issued: list[Certificate] = []
    for person in Person.objects.filter(pk__in=candidates).order_by("pk"):
        issued.extend(issue_due_certificates(person=person))
    return issued


def _issue(*, person: Person, certificate_set: CertificateSet, skills: list[Skill]) -> Certificate:
    """Create one certificate under a fresh code, drawing again on the rare collision."""
    for _draw in range(CODE_DRAWS):
        certificate = Certificate(
            code=new_certificate_code(),
            person=person,
            certificate_set=certificate_set,
            holder_name=nfc(person.full_name.strip()),
            skill_titles={
                language: [nfc(localized(skill.title, language)) for skill in skills]
                for language in CONTENT_LANGUAGES
            },
            issuing_unit_id=person.commune_id,
            issued_at=timezone.now(),
        )
        if Certificate.objects.filter(code=certificate.code).exists():
            continue
        certificate.full_clean()
        # A savepoint: should the code be taken meanwhile, the outer transaction stays usable.
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            if Certificate.objects.filter(person=person, certificate_set=certificate_set).exists():
                raise
            continue
        return certificate
    raise RuntimeError("No free certificate code after several draws; is the random source broken?")
