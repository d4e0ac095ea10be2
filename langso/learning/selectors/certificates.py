"""Reads of certificates: a learner's own, one for download (holder or staff in reach), and the
public verification of a code."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from langso.accounts import jurisdiction
from langso.accounts.jurisdiction import Action
from langso.accounts.models import User
from langso.learning.models import Certificate, CertificateSet, Mastery, Skill
from langso.people.models import Person


def certificates_of(person: Person) -> QuerySet[Certificate]:
    """The person's certificates, newest first, with what their pages show."""
    return (
        Certificate.objects.filter(person=person)
        .select_related("certificate_set", "issuing_unit__parent")
        .order_by("-issued_at", "code")
    )


@dataclass(frozen=True)
class SetProgress:
    """How far a person is towards a certificate they do not hold yet."""

    certificate_set: CertificateSet
    #: (skill, mastered) in course order
    skills: list[tuple[Skill, bool]]

    @property
    def mastered_count(self) -> int:
        return sum(mastered for _skill, mastered in self.skills)


def sets_in_progress_of(person: Person) -> list[SetProgress]:
    """The certificate sets the person does not hold yet, each with its skills marked mastered or
    not, in three queries."""
    mastered = set(Mastery.objects.filter(person=person).values_list("skill_id", flat=True))
    held = Certificate.objects.filter(person=person).values_list("certificate_set_id", flat=True)
    sets = (
        CertificateSet.objects.exclude(pk__in=held)
        .prefetch_related(Prefetch("skills", Skill.objects.order_by("order")))
        .order_by("code")
    )
    return [
        SetProgress(
            certificate_set, [(skill, skill.pk in mastered) for skill in certificate_set.skills.all()]
        )
        for certificate_set in sets
    ]


def get_certificate_for_download(
    *, user: User | AnonymousUser, learner: Person | None, code: str
) -> Certificate:
    """The certificate with `code` if the learner on this device holds it, or if the user may see
    progress in the holder's village; 404 otherwise (never confirm that it exists)."""
    certificate = (
        Certificate.objects.select_related("certificate_set", "issuing_unit__parent", "person__village")
        .filter(code=code)
        .first()
    )
    if certificate is None:
        raise Http404
    is_holder = learner is not None and certificate.person_id == learner.pk
    if not is_holder and not jurisdiction.may(user, Action.VIEW_PROGRESS, certificate.person.village):
        raise Http404
    return certificate


def get_verified_certificate(code: str) -> Certificate | None:
    """The certificate with `code`, for the public verification page, or None: a forged code."""
    return Certificate.objects.select_related("certificate_set").filter(code=code).first()
